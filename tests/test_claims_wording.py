"""Issue 12 leftovers, on project-written text: one fact worded differently by another outlet is still compared,
and what a fact-checker would call a false alarm is not raised.

* counts: a compound's head noun named otherwise ("12-city tour" / "12-city trek"), a count filed under
  another slot but told in the same sentence content, a starting price against a dearer configuration, a
  spec-sheet phrase shared by two products;
* dates: a year-less day an article gives twice has one year;
* names: transliteration variants ("Zelenskiy" / "Zelenskyy") against a real misspelling;
* timeline labels: a weekday is never the subject of an event;
* summaries: page furniture ("Related: …", embedded-post signatures, calls to action) stays out.
"""

from __future__ import annotations

import datetime as dt

from storyline.claims.dates import extract_dates
from storyline.claims.dates.labels import event_label
from storyline.claims.names.conflicts import transliterations
from storyline.claims.numbers import extract_numbers
from storyline.contract import Conflict
from storyline.crosscheck import crosscheck
from storyline.model import Article
from storyline.summarize.extractive import SummaryConfig
from storyline.summarize.units import _trim, story_units

DAY = dt.date(2024, 3, 5)


def _art(aid: str, text: str, outlet: str | None = None) -> Article:
    return Article(id=aid, source=f"{aid}.txt", outlet=outlet or aid, title="", text=text, published=DAY,
                   published_source="user", published_confidence=1.0)


def _conflicts(*arts: Article, kind: str) -> list[Conflict]:
    return [c for c in crosscheck(list(arts)).conflicts if c.kind == kind]


def _values(c: Conflict) -> set[str]:
    return {v.value for v in c.values}


def test_compound_head_named_otherwise_is_one_count() -> None:
    a = _art("a", "The band announced a 12-city tour on Monday. Tickets go on sale next week.")
    b = _art("b", "Fans cheered as the singers said the 15-city trek would open in the spring.")
    found = _conflicts(a, b, kind="number")
    assert [_values(c) for c in found] == [{"12", "15"}]
    assert all(f.compound for f in extract_numbers(a) if f.counted == "city")


def test_same_compound_count_in_other_words_is_no_conflict() -> None:
    a = _art("a", "The band announced a 12-city tour on Monday.")
    b = _art("b", "The singers said the 12-city trek would open in the spring.")
    assert _conflicts(a, b, kind="number") == []


def test_count_in_another_slot_told_in_the_same_sentence_content() -> None:
    a = _art("a", "The mayor said the parking rule drafted by the county council in May was adopted by about 12 "
                  "other towns.")
    b = _art("b", "Critics noted the county council drafted the parking rule in May, and 15 other towns have "
                  "similar rules.")
    found = _conflicts(a, b, kind="number")
    assert len(found) == 1 and _values(found[0]) == {"about 12", "15"}
    same = _art("c", "Critics noted the county council drafted the parking rule in May, and 12 other towns have "
                     "similar rules.")
    assert _conflicts(a, same, kind="number") == []


def test_two_counts_in_one_sentence_pair_with_no_single_figure() -> None:
    a = _art("a", "The agency said the five firms join nine others picked for the lunar delivery program.")
    b = _art("b", "The agency announced nine firms eligible for the lunar delivery program a year ago.")
    assert _conflicts(a, b, kind="number") == []


def test_starting_price_fits_a_dearer_configuration() -> None:
    a = _art("a", "The new laptop looks great, as it should for a starting price of $999.")
    b = _art("b", "The retail price of the configuration we reviewed is $1,299.")
    assert _conflicts(a, b, kind="number") == []
    price = next(f for f in extract_numbers(a) if f.kind == "money")
    assert price.low == 999 and price.high == float("inf") and price.qualifier == "from"


def test_spec_sheet_phrase_of_two_products_is_no_conflict() -> None:
    a = _art("a", "With a second motor, the Alpha concept would offer 300 horsepower and 400 lb-ft of torque.")
    b = _art("b", "The Beta model promises 320 horsepower and 250 lb-ft of torque.")
    assert not [c for c in _conflicts(a, b, kind="number") if "horsepower" in (c.slot or "")]


def test_a_day_given_twice_in_one_article_has_one_year() -> None:
    text = ("The governor named an interim senator to serve until voters choose a successor in a special election "
            "set for June 25.\n\nThe June 25 special election would be the third statewide race in three years.")
    art = Article(id="a", source="a.txt", outlet="a", title="", text=text, published=dt.date(2013, 1, 30),
                  published_source="user", published_confidence=1.0)
    days = [m.date for m in extract_dates(art) if m.text == "June 25"]
    assert days == [dt.date(2013, 6, 25), dt.date(2013, 6, 25)]


def test_transliterations_are_not_misspellings() -> None:
    assert transliterations("zelenskiy", "zelenskyy") and transliterations("zelensky", "zelenskiy")
    assert transliterations("sergei", "sergey") and transliterations("yanukovych", "yanukovich")
    assert not transliterations("hutchins", "houtchins") and not transliterations("bayer", "bayyer")
    a = _art("a", "Ukraine President Volodymyr Zelenskiy spoke on Monday. Zelenskiy said the talks went well.")
    b = _art("b", "President Volodymyr Zelenskyy met the envoy. Zelenskyy thanked him.")
    assert _conflicts(a, b, kind="name") == []
    c = _art("c", "Mayor Dana Hutchins opened the bridge. Hutchins thanked the crews.")
    d = _art("d", "Mayor Dana Houtchins opened the bridge. Houtchins thanked the crews.")
    e = _art("e", "Mayor Dana Hutchins cut the ribbon. Hutchins spoke briefly.")
    assert [_values(x) for x in _conflicts(c, d, e, kind="name")] == [{"Dana Hutchins", "Dana Houtchins"}]


def test_a_weekday_is_never_the_subject_of_an_event() -> None:
    text = "Lee was the second clerk working Tuesday who listened in on Mayor Dana Cole's July 25 call."
    i = text.index("July 25")
    label = event_label(text, (0, len(text)), i, i + 7, (0, len(text)))
    assert label == "clerk listened"


def test_page_furniture_stays_out_of_summary_units() -> None:
    text = ("Related: Ten Signs Your Cat Is Bored\nThe clinic ordered a scan, which came back normal.\n\n"
            "The Town Council (@TownCouncil) May 2, 2020\nCouncillors voted to repair the old bridge this summer.\n\n"
            "Get 12 issues for £10. Click here for more information.")
    s = text.index("The Town Council")
    assert text[_trim(text, 0, len(text)):].startswith("The clinic ordered")
    assert text[_trim(text, s, len(text)):].startswith("Councillors voted")
    units = story_units([_art("a", text)], SummaryConfig())
    assert not any(u.candidate and "Click here" in u.text for u in units)
    assert not any("Related:" in u.text or "@TownCouncil" in u.text for u in units)


def test_compounds_of_several_things_stay_apart() -> None:
    from storyline.claims.numbers.compare import _merge_slots

    a = _art("a", "Lee has scored four times during a three-game streak. A week ago Lee had one goal in a 10-game "
                  "stretch.")
    b = _art("b", "The Hawks wanted a third straight win, a three-game winning run, after a five-game point skid.")
    slots = _merge_slots([f for x in (a, b) for f in extract_numbers(x) if f.slot])
    assert len([s for s in slots if s.startswith("game|")]) > 1
    assert not [c for c in _conflicts(a, b, kind="number") if (c.slot or "").startswith("game|")]


def test_a_call_to_action_is_no_timeline_event() -> None:
    from storyline.claims.dates import timeline

    text = ("The council approved the budget on Monday.\n\n"
            "Sign up for The Town Crier today to get the free daily newsletter delivered to your inbox.")
    art = _art("a", text)
    entries = timeline({"a": extract_dates(art)}, {"a": text})
    assert [e.date for e in entries] == ["2024-03-04"]
