"""Numbers: values, intervals, kinds and slots on small cases; extraction and conflict floors on the labelled
fixtures (tests/fixtures/claims); the count conflicts and compatible counts of the demo corpus and the seeds."""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.claims import numbers
from storyline.claims.numbers import NumberFact, compatible, extract_numbers, words_to_number
from storyline.ingest import read_paths
from storyline.model import Article
from storyline.text.normalize import canonical_text


def number_conflicts(*args: Any, **kw: Any) -> list[dict[str, Any]]:
    """The number conflicts in their report form (what the assertions read)."""
    return [c.to_json() for c in numbers.number_conflicts(*args, **kw)]

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures" / "claims"
STORIES = ("ferry", "roof", "factory", "messy", "protest", "flood")
SEEDS = REPO.parent / "shared" / "seeds"
DEMO = REPO / "examples"


def facts(text: str, aid: str = "t") -> list[NumberFact]:
    return extract_numbers(Article(id=aid, source=f"{aid}.txt", text=canonical_text(text)))


def one(text: str) -> NumberFact:
    found = facts(text)
    assert len(found) == 1, [f.text for f in found]
    return found[0]


def load_story(name: str) -> tuple[dict, dict[str, Article]]:
    labels = json.loads((FIXTURES / name / "labels.json").read_text(encoding="utf-8"))
    arts = {aid: Article(id=aid, source=f"{name}/{aid}.txt", outlet=meta["outlet"],
                         text=canonical_text((FIXTURES / name / f"{aid}.txt").read_text(encoding="utf-8")),
                         published=dt.date.fromisoformat(meta["published"]))
            for aid, meta in labels["articles"].items()}
    return labels, arts


# --- values and intervals ----------------------------------------------------------------------------

@pytest.mark.parametrize("text, value, low, high, low_open, high_open", [
    ("The letter was signed by more than 20 crew members.", 20, 20, math.inf, True, True),
    ("At least 20 crew members signed the letter.", 20, 20, math.inf, False, True),
    ("About 20 crew members signed the letter.", 20, 18, 22, False, False),
    ("Nearly 20 crew members signed the letter.", 20, 18, 20, False, True),
    ("Up to 20 crew members signed the letter.", 20, 0, 20, False, False),
    ("Fewer than 20 crew members signed the letter.", 20, 0, 20, False, True),
    ("Between 20 and 25 crew members signed the letter.", 20, 20, 25, False, False),
    ("Twenty-five crew members signed the letter.", 25, 25, 25, False, False),
    ("Two dozen crew members signed the letter.", 24, 24, 24, False, False),
    ("A dozen crew members signed the letter.", 12, 12, 12, False, False),
    ("Hundreds of crew members signed the letter.", 200, 200, 1000, False, True),
    ("The bridge carries 11,000 vehicles a day.", 11000, 10500, 11500, False, False),
])
def test_values_and_qualifier_intervals(text, value, low, high, low_open, high_open):
    f = one(text)
    assert f.kind == "count"
    assert (f.value, f.low, f.high, f.low_open, f.high_open) == pytest.approx((value, low, high, low_open, high_open))


@pytest.mark.parametrize("text, kind, value, unit", [
    ("The refit cost $1.2 million.", "money", 1_200_000, "USD"),
    ("The firm will spend £4.5m on the site.", "money", 4_500_000, "GBP"),
    ("Turnout was 31.4 per cent.", "percent", 31.4, "percent"),
    ("A 42-year-old woman was hurt.", "age", 42, "year"),
    ("A woman aged 71 was hurt.", "age", 71, "year"),
    ("The bridge opened in 1962.", "year", 1962, "year"),
    ("A 30-metre section gave way.", "measure", 30, "metre"),
    ("The river peaked at 4.7m on Thursday.", "measure", 4.7, "metre"),
    ("The diversion adds about 20 minutes.", "measure", 20, "minute"),
])
def test_kinds(text, kind, value, unit):
    f = one(text)
    assert (f.kind, f.unit) == (kind, unit) and f.value == pytest.approx(value)


def test_age_appositive_is_not_a_count():
    (f,) = [f for f in facts("The driver, Owen Marsh, 54, said he was moving slowly.") if f.value == 54]
    assert f.kind == "age" and f.slot == "age|marsh"
    assert facts("Cinematographer Lena Hoyt was shot. She was 42.")[0].kind == "age"


@pytest.mark.parametrize("text", [
    "The shooting happened on Oct. 21 at the ranch.",
    "It happened on October 14, 2025, in the evening.",
    "Reports were sent on 8 October and on 16 Oct 2025.",
    "The span fell at 5.40pm, or 5:40 p.m. by the station clock, and at 9 p.m. it was over.",
    "The shop at 221 Baker Street called 01632 960 411 for help.",
    "Rovers won 3-1 on Saturday.",
    "Drivers took Route 66 and Flight 370 landed late.",
    "It was their 3rd win and the 21st of the season.",
    "The club was founded in the 1890s and rebuilt in the ’90s.",
    "One in five residents uses the ferry.",
    "The letters were printed between 3 and 14 June.",
    "The number 14 bus runs at nine o'clock.",
])
def test_numbers_that_are_not_counts(text):
    assert [f for f in facts(text) if f.kind in ("count", "measure", "money", "percent")] == []


def test_one_is_a_count_only_before_a_countable_person_or_thing():
    assert facts("One of them is critical and every one of us knows it.") == []
    assert one("One passenger was hurt.").value == 1


def test_words_to_number():
    assert words_to_number("ten thousand") == 10_000
    assert words_to_number("one hundred and twenty") == 120
    assert words_to_number("two dozen") == 24
    assert words_to_number("blue") is None


# --- slots ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, slot", [
    ("The letter was signed by 20 cast and crew members.", "member|sign"),
    ("It was co-signed by 25 crew members.", "member|sign"),
    ("The collapse left 14 injured.", "person|injure"),
    ("The collapse happened at night, injuring fourteen people.", "person|injure"),
    ("Officials said 41 people were hurt.", "person|injure"),
    ("Three people were killed.", "person|kill"),
    ("Two arrests were made.", "person|arrest"),
    ("A bus carrying 23 passengers was left hanging.", "passenger"),
    ("The firm will cut 240 jobs.", "job|cut"),
    ("Turnout was 31.4 per cent.", "percent|turnout"),
])
def test_slots(text, slot):
    (f,) = [f for f in facts(text) if f.kind != "year"]
    assert f.slot == slot


def test_partitive_has_no_slot():
    found = facts("Fourteen people were injured, three of them seriously.")
    assert [(f.value, f.slot) for f in found] == [(14, "person|injure"), (3, None)]


# --- compatibility and conflicts ------------------------------------------------------------------------

def test_compatible_respects_open_ends():
    (more,) = facts("signed by more than 20 members.")
    (twenty,) = facts("signed by 20 members.")
    (twenty_five,) = facts("signed by 25 members.")
    (about,) = facts("signed by about 22 members.")
    assert compatible(more, twenty_five) and compatible(about, twenty) and compatible(about, more)
    assert not compatible(more, twenty) and not compatible(twenty, twenty_five)


def test_number_conflicts_shape_and_compatible_values():
    by_article = {
        "a": facts("The letter was signed by 20 cast and crew members.", "a"),
        "b": facts("It was co-signed by 25 crew members.", "b"),
        "c": facts("The letter was signed by more than 20 people.", "c"),
        "d": facts("A bus with 23 passengers tilted over the river.", "d"),
        "e": facts("A bus carrying more than 20 passengers was left hanging.", "e"),
    }
    (conflict,) = number_conflicts(by_article)
    assert conflict["kind"] == "number" and conflict["slot"] == "member|sign"
    assert conflict["about"] == "members who signed"
    values = {v["value"]: v["articles"] for v in conflict["values"]}
    assert values == {"20": ["a"], "25": ["b"], "more than 20": ["c"]}
    keys = [v["value"] for v in conflict["values"]]
    pairs = {frozenset((keys[i], keys[j])) for i, j in conflict["pairs"]}
    assert pairs == {frozenset(("20", "25")), frozenset(("20", "more than 20"))}


# --- quality floors on the labelled fixtures --------------------------------------------------------------

def _number_metrics(stories: tuple[str, ...]) -> dict[str, float]:
    pred_n = gold_n = hit_n = slot_n = slot_ok = wrong_spans = 0
    c_pred = c_gold = c_hit = 0
    compatible_flagged = 0
    for name in stories:
        labels, arts = load_story(name)
        by_article: dict[str, list[NumberFact]] = {}
        for aid, article in arts.items():
            gold = labels["articles"][aid]
            pred = by_article[aid] = extract_numbers(article)
            pred_n += len(pred)
            used: set[int] = set()
            for g in gold["numbers"]:
                gold_n += 1
                hit = next((i for i, f in enumerate(pred) if i not in used and f.kind == g["kind"]
                            and f.value == pytest.approx(g["value"])), None)
                if hit is None:
                    continue
                used.add(hit)
                hit_n += 1
                if "slot" in g:
                    slot_n += 1
                    slot_ok += pred[hit].slot == g["slot"]
            for snippet in gold["not_numbers"]:
                at = article.text.index(snippet)
                wrong_spans += any(f.start < at + len(snippet) and f.end > at for f in pred)
        conflicts = number_conflicts(by_article)
        c_pred += len(conflicts)
        c_gold += len(labels["conflicts"])
        for c in conflicts:
            values = [v["value"] for v in c["values"]]
            gold_c = next((g for g in labels["conflicts"] if g["slot"] == c["slot"]), None)
            c_hit += gold_c is not None and set(gold_c["values"]) <= set(values)
            for a, b in labels["compatible"]:
                if a in values and b in values:
                    compatible_flagged += sorted([values.index(a), values.index(b)]) in c["pairs"]
    return {"precision": hit_n / pred_n, "recall": hit_n / gold_n, "slots": slot_ok / slot_n,
            "not_numbers_extracted": wrong_spans, "conflict_precision": c_hit / c_pred if c_pred else 1.0,
            "conflict_recall": c_hit / c_gold, "compatible_flagged": compatible_flagged}


def test_number_floors_on_fixtures():
    m = _number_metrics(STORIES)
    print("numbers", m)
    assert m["precision"] >= 0.95 and m["recall"] >= 0.95 and m["slots"] >= 0.9
    assert m["not_numbers_extracted"] == 0
    assert m["conflict_precision"] >= 0.9 and m["conflict_recall"] >= 0.9
    assert m["compatible_flagged"] == 0


# --- demo corpus ----------------------------------------------------------------------------------------

def test_demo_corpus_count_conflict_and_compatible_counts():
    key = json.loads((DEMO / "answer_key.json").read_text(encoding="utf-8"))
    arts = {Path(a.source).name.replace(".jsonl:", ".jsonl#"): a
            for a in read_paths([DEMO / "corpus"]) if isinstance(a, Article)}
    names = {a.id: n for n, a in arts.items()}
    story = {arts[n].id: extract_numbers(arts[n]) for n in key["stories"]["event_a"]}
    conflicts = number_conflicts(story)
    (injured,) = [c for c in conflicts if c["slot"] == "person|injure"]
    got = {v["value"]: {names[a] for a in v["articles"]} for v in injured["values"]}
    want = {value: set(files) for value, files in key["count_conflicts"][0]["values"].items()}
    assert got == want
    assert len(conflicts) == 1  # nothing else is flagged, the compatible passenger counts included
    passengers = [f for fs in story.values() for f in fs if f.slot == "passenger"]
    by_value = {f.text: f for f in passengers}
    assert {"23", "more than 20", "in excess of 20"} <= set(by_value)
    assert compatible(by_value["23"], by_value["more than 20"])
    assert compatible(by_value["23"], by_value["in excess of 20"])
    other = {arts[n].id: extract_numbers(arts[n]) for n in key["stories"]["event_b"]}
    assert number_conflicts(other) == []


# --- seed articles (read from ../shared at test time) ----------------------------------------------------

def test_seeds_signatory_count_conflict():
    if not SEEDS.exists():
        pytest.skip("seed articles not available")
    seeds = {Path(a.source).name[:3]: a for a in read_paths([SEEDS]) if isinstance(a, Article)}
    names = {a.id: n for n, a in seeds.items()}
    by_article = {a.id: extract_numbers(a) for a in seeds.values()}
    (conflict,) = [c for c in number_conflicts(by_article) if c["slot"] == "member|sign"]
    values = {v["value"]: {names[a] for a in v["articles"]} for v in conflict["values"]}
    assert values["25"] >= {"002"} and values["20"] == {"001"} and "003" in values["more than 20"]
    keys = [v["value"] for v in conflict["values"]]
    pairs = {frozenset((keys[i], keys[j])) for i, j in conflict["pairs"]}
    assert frozenset(("20", "25")) in pairs
    assert frozenset(("more than 20", "25")) not in pairs  # "more than 20" fits 25; "20" does not


# --- robustness -----------------------------------------------------------------------------------------

_PIECES = ["20", "1,200", "$3m", "£4.5 million", "5.40pm", "Oct. 21", "-year-old", "per cent", "%", "people",
           "were injured", "signed by", "more than", "about", "two dozen", "one in five", "3-1", "Route 66", "1962",
           "aged", ",", ".", "\n", "between", "and", "Hundreds of", "injuring", "km", "m", "-", "No."]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=60))
def test_messy_text_gives_consistent_facts(pieces: list[str]):
    text = " ".join(pieces)
    found = extract_numbers(Article(id="x", source="x", text=text))
    for f in found:
        assert text[f.start:f.end] == f.text and f.low <= f.high
        assert f.sentence[0] <= f.start
    number_conflicts({"x": found, "y": found})
