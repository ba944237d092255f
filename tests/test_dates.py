"""Dates: resolution rules, event labels, timeline and conflicts — unit cases, fixtures, seeds, demo, speed."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest

from storyline.claims import dates
from storyline.claims.dates import DateMention, extract_dates, sentence_spans
from storyline.ingest import read_paths
from storyline.model import Article


def date_conflicts(*args: Any, **kw: Any) -> list[dict[str, Any]]:
    """The date conflicts in their report form (what the assertions read)."""
    return [c.to_json() for c in dates.date_conflicts(*args, **kw)]


def timeline(*args: Any, **kw: Any) -> list[dict[str, Any]]:
    """The timeline in its report form (what the assertions read)."""
    return [e.to_json() for e in dates.timeline(*args, **kw)]

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures" / "names_dates"
SEEDS = REPO.parent / "shared" / "seeds"
DEMO = REPO / "examples"
STORIES = sorted(FIXTURES.glob("*.json"))
D = dt.date.fromisoformat


def art(aid: str, text: str, published: str | None = None) -> Article:
    return Article(id=aid, source=aid, text=text, published=D(published) if published else None)


def load_story(path: Path) -> tuple[list[Article], dict, dict[str, str]]:
    story = json.loads(path.read_text(encoding="utf-8"))
    arts = [art(a["id"], a["text"], a["published"]) for a in story["articles"]]
    return arts, story["expected"], {a["id"]: a["group"] for a in story["articles"]}


def one(text: str, published: str | None = "2021-12-10", **kw: object) -> list[DateMention]:
    return extract_dates(art("x", text, published), **kw)  # type: ignore[arg-type]


def find(ms: list[DateMention], text: str, expr: str) -> DateMention | None:
    """The mention that best covers the first occurrence of ``expr`` (largest overlap, then tightest)."""
    i = text.find(expr)
    assert i >= 0, expr
    j = i + len(expr)
    best = [m for m in ms if m.start < j and i < m.end]
    return max(best, key=lambda m: (min(j, m.end) - max(i, m.start), -(m.end - m.start)), default=None)


# --- resolution rules -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expr", "want"), [
    ("The actor posted the letter on Thursday.", "on Thursday", "2021-12-09"),  # 2021-12-10 is a Friday
    ("The fire broke out on Friday morning.", "on Friday morning", "2021-12-10"),  # same day counts
    ("The vote will be held on Monday.", "on Monday", "2021-12-13"),  # future tense: the next one
    ("The talks are due to start on Friday.", "on Friday", "2021-12-10"),
    ("He resigned last Friday.", "last Friday", "2021-12-03"),
    ("Cranes arrived yesterday morning.", "yesterday morning", "2021-12-09"),
    ("She left the town a week ago.", "a week ago", "2021-12-03"),
    ("The shooting happened on Oct. 21, police said.", "Oct. 21", "2021-10-21"),
    ("The ceremony will take place on Jan. 15.", "Jan. 15", "2022-01-15"),
    ("The lawsuit was filed on 2021-11-17.", "2021-11-17", "2021-11-17"),
    ("The contract was signed on the 3rd.", "on the 3rd", "2021-12-03"),
    ("The crash on Tuesday's evening commute.", "Tuesday", "2021-12-07"),
])
def test_resolution(text: str, expr: str, want: str) -> None:
    m = find(one(text), text, expr)
    assert m is not None and m.date == D(want), (m and m.resolution)
    assert m.resolution.startswith(m.text.strip()) and want in m.resolution


def test_year_less_date_crosses_the_new_year() -> None:
    ms = one("The trial began on Dec. 28 and the judge said it will resume on Jan. 15.", "2024-01-05")
    assert [m.date for m in ms] == [D("2023-12-28"), D("2024-01-15")]
    assert "nearest on/before publication 2024-01-05" in ms[0].resolution


def test_weeks_months_and_ranges() -> None:
    text = "Warnings were issued last week. Turnout fell last month. A vote is due next week. Payments start in May."
    ms = {m.text: m for m in one(text, "2025-10-15")}
    assert ms["last week"].granularity == "week" and ms["last week"].range == (D("2025-10-06"), D("2025-10-12"))
    assert ms["last month"].range == (D("2025-09-01"), D("2025-09-30"))
    assert ms["next week"].date == D("2025-10-20")
    assert ms["in May"].granularity == "month" and ms["in May"].date == D("2025-05-01")


def test_thursday_resolution_is_shown() -> None:
    (m,) = one("Baldwin shared the letter on Thursday.")
    assert m.resolution == "on Thursday → 2021-12-09 (the Thursday on/before publication 2021-12-10)"
    assert m.relative and m.granularity == "day" and m.range is None


def test_undated_articles_relative_dates_need_a_story_date() -> None:
    text = "The letter came last week, on Thursday. The shooting was on Oct. 21. He was born on March 3, 1958."
    ms = {m.text: m for m in one(text, None)}
    assert ms["last week"].date is None and "no publication date" in ms["last week"].resolution
    assert ms["on Thursday"].date is None
    assert ms["on Oct. 21"].date is None and "no year" in ms["on Oct. 21"].resolution
    assert ms["on March 3, 1958"].date == D("1958-03-03")
    hinted = {m.text: m for m in one(text, None, year_hint=D("2021-12-09"))}
    assert hinted["on Oct. 21"].date == D("2021-10-21") and "undated" in hinted["on Oct. 21"].resolution
    # Relative dates of an undated article count from the story date, flagged approximate (never a conflict).
    assert hinted["on Thursday"].date == D("2021-12-09") and hinted["on Thursday"].approximate
    why = hinted["on Thursday"].resolution
    assert "story date 2021-12-09" in why and "approximate" in why
    assert hinted["last week"].approximate and hinted["last week"].range == (D("2021-11-29"), D("2021-12-05"))
    assert not hinted["on Oct. 21"].approximate


def test_quoted_relative_dates_count_from_when_they_were_said() -> None:
    text = "“Our first thought tonight is with the injured,” the mayor said. The bridge fell last night."
    ms = {m.text: m for m in one(text, "2025-10-15")}
    assert ms["tonight"].date is None and "quotation" in ms["tonight"].resolution
    assert ms["last night"].date == D("2025-10-14")


def test_weekday_and_date_checked_against_each_other() -> None:
    (m,) = one("The span fell on Monday, Oct. 14.", "2025-10-15")
    assert m.date == D("2025-10-14") and "is a Tuesday, not a Monday" in m.resolution


def test_anchored_expressions_give_the_moment_and_the_anchor_event() -> None:
    text = "Two days after the collapse of the bridge, the town is learning to cope."
    a, x = one(text, "2025-10-16")
    assert a.date == D("2025-10-16") and x.date == D("2025-10-14") and x.event == "collapse"
    text = "An inspector was booked for October 16, two days after it fell."
    ms = one(text, "2025-10-17")
    assert [m.date for m in ms] == [D("2025-10-16"), D("2025-10-16"), D("2025-10-14")]
    vague = one("Days after the tragedy, a crew member spoke out.", "2021-12-10")
    assert all(m.date is None or m.text.startswith("Days") for m in vague) and len(vague) == 1


def test_recurring_days_and_plain_numbers_are_not_dates() -> None:
    assert one("The engine runs on the first Sunday of every month. The 2000 people cheered.") == []


@pytest.mark.parametrize(("text", "expr", "label"), [
    ("Pell described the deadly Oct. 21 shooting in detail.", "Oct. 21", "shooting"),
    ("On Nov. 17, Pell and two studio bosses were named in a lawsuit filed by an editor.", "Nov. 17",
     "lawsuit filed"),
    ("Writing online yesterday, the singer posted a short letter to fans.", "yesterday", "letter posted"),
    ("Fourteen people were hurt in Tuesday's collapse.", "Tuesday", "collapse"),
    ("On October 21, Marlow was killed during filming.", "October 21", "Marlow killed"),
    ("The Ostler Bridge, the 1962 crossing that links the town, fell.", "1962", "bridge opened"),
    ("The bridge, which opened in 1964, carries 11,000 vehicles.", "1964", "bridge opened"),
    ("A section of the bridge in the town of Velmouth gave way on Tuesday.", "on Tuesday", "section gave way"),
])
def test_event_labels(text: str, expr: str, label: str) -> None:
    m = find(one(text), text, expr)
    assert m is not None and m.event == label


def test_sentence_spans_respect_abbreviations() -> None:
    text = "Dr. Ada Finch met Mr. Oakes on Oct. 14 at 5 p.m. in St. Ives. They talked. “Fine,” she said."
    spans = [text[s:e] for s, e in sentence_spans(text)]
    assert spans == ["Dr. Ada Finch met Mr. Oakes on Oct. 14 at 5 p.m. in St. Ives.", "They talked.",
                     "“Fine,” she said."]


# --- timeline and conflicts --------------------------------------------------------------------------------

def test_timeline_merges_one_event_across_articles() -> None:
    a = art("a", "The bridge collapsed on Tuesday evening.", "2025-10-15")
    b = art("b", "Fourteen people were hurt in Tuesday's collapse.", "2025-10-16")
    c = art("c", "Its central span fell last night.", "2025-10-15")
    line = timeline({x.id: extract_dates(x) for x in (a, b, c)})
    assert len(line) == 1 and line[0]["date"] == "2025-10-14" and line[0]["citations"] == ["a", "b", "c"]
    assert line[0]["text"] in ("bridge collapsed", "collapse") and len(line[0]["resolutions"]) == 3


def test_date_conflicts_only_for_one_off_events_given_disjointly() -> None:
    arts = [
        art("a", "The fire broke out on Sunday. The minister spoke at a press conference on Monday.", "2024-03-12"),
        art("b", "The fire broke out on Saturday. At a press conference yesterday, the minister spoke.", "2024-03-12"),
        art("c", "The reports were sent on Oct. 8 and a second report was sent on Oct. 9.", "2024-10-17"),
        art("d", "The fire broke out on Sunday evening.", "2024-03-12"),
    ]
    got = date_conflicts({x.id: extract_dates(x) for x in arts})
    assert len(got) == 1
    (c,) = got
    assert [v["value"] for v in c["values"]] == ["2024-03-10", "2024-03-09"]
    assert c["values"][0]["articles"] == ["a", "d"] and c["likely_correct"] == "2024-03-10"
    torn = art("e", "The fire broke out on Saturday, or perhaps the fire broke out on Sunday.", "2024-03-12")
    got = date_conflicts({x.id: extract_dates(x) for x in (arts[1], torn)})
    assert got == []  # e gives the fire two dates: it is ambiguous, not in conflict


# --- the labelled fixture set ----------------------------------------------------------------------------

#: Relative expressions (weekdays, "yesterday", "last week", "two days after …"), told from absolute ones.
_RELATIVE_EXPR = re.compile(r"(?i)\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|"
                            r"tonight|tomorrow|this|last|next|previous|ago|after|before|earlier|later|following)\b")
_ABSOLUTE_EXPR = re.compile(r"\b\d{4}\b|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d")


def _date_scores() -> dict[str, tuple[int, int, int]]:
    res = [0, 0, 0]
    rel = [0, 0, 0]
    conf = [0, 0, 0]
    for path in STORIES:
        arts, exp, groups = load_story(path)
        db = {a.id: extract_dates(a) for a in arts}
        texts = {a.id: a.text for a in arts}
        for e in exp["dates"]:
            m = find(db[e["article"]], texts[e["article"]], e["expression"])
            resolved = m is not None and m.date is not None
            ok = resolved and e["date"] is not None and m.date == D(e["date"])  # type: ignore[union-attr]
            if ok and "granularity" in e:
                ok = m.granularity == e["granularity"]  # type: ignore[union-attr]
            if ok and "range" in e:
                ok = m.range == tuple(D(x) for x in e["range"])  # type: ignore[union-attr]
            res[0] += ok
            res[1] += resolved
            res[2] += e["date"] is not None
            if _RELATIVE_EXPR.search(e["expression"]) and not _ABSOLUTE_EXPR.search(e["expression"]):
                rel[0] += ok
                rel[1] += resolved
                rel[2] += e["date"] is not None
        got = {frozenset((v["value"], frozenset(v["articles"])) for v in c["values"])
               for c in date_conflicts(db, groups)}
        want = {frozenset((v, frozenset(a)) for v, a in c["values"].items()) for c in exp["date_conflicts"]}
        conf[0] += len(got & want)
        conf[1] += len(got)
        conf[2] += len(want)
    return {"date resolution": tuple(res), "relative dates": tuple(rel),  # type: ignore[dict-item]
            "date conflicts": tuple(conf)}


def test_fixture_precision_recall_floors() -> None:
    scores = _date_scores()
    for name, (tp, pred, exp) in scores.items():
        print(f"{name}: precision {tp / max(pred, 1):.2f} recall {tp / max(exp, 1):.2f} "
              f"({tp}/{pred} predicted, {tp}/{exp} expected)")
    tp, pred, exp = scores["date resolution"]
    assert tp / pred >= 0.95 and tp / exp >= 0.9
    tp, pred, exp = scores["relative dates"]
    assert exp >= 30 and tp / pred >= 0.95 and tp / exp >= 0.9
    tp, pred, exp = scores["date conflicts"]
    assert tp / pred >= 0.9 and tp / exp >= 0.75


# --- seeds -----------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seeds() -> dict[str, Article]:
    if not SEEDS.exists():
        pytest.skip("seed articles not available")
    return {Path(a.source).name[:3]: a for a in read_paths([SEEDS]) if isinstance(a, Article)}


def test_seeds_oct_21_thursday_and_the_lawsuit(seeds: dict[str, Article]) -> None:
    assert seeds["003"].published == D("2021-12-09") and seeds["004"].published == D("2021-12-10")
    for k in ("003", "004"):
        (m,) = [m for m in extract_dates(seeds[k]) if "21" in m.text]
        assert m.date == D("2021-10-21") and m.event in ("Hutchins killed", "accident")
    for k in ("000", "002"):  # undated, and "Oct. 21" has no year
        (m,) = [m for m in extract_dates(seeds[k]) if "Oct. 21" in m.text]
        assert m.date is None and "no publication date" in m.resolution
        hinted = [m for m in extract_dates(seeds[k], year_hint=D("2021-12-09")) if "Oct. 21" in m.text]
        assert hinted[0].date == D("2021-10-21")
    thursday = [m for m in extract_dates(seeds["003"]) if m.text == "on Thursday"]
    assert thursday[0].date == D("2021-12-09") and thursday[0].resolution == (
        "on Thursday → 2021-12-09 (the Thursday on/before publication 2021-12-09)")
    (nov,) = [m for m in extract_dates(seeds["002"]) if "Nov. 17" in m.text]
    assert nov.date is None and "lawsuit" in (nov.event or "")
    assert all(m.date is None for m in extract_dates(seeds["001"]))


def test_seed_timeline_and_no_conflicts(seeds: dict[str, Article]) -> None:
    db = {a.id: extract_dates(a, year_hint=None if a.published else D("2021-12-09")) for a in seeds.values()}
    line = timeline(db)
    shooting = [e for e in line if e["date"] == "2021-10-21" and len(e["citations"]) >= 3]
    assert shooting, line
    assert any(e["date"] == "2021-11-17" and "lawsuit" in e["text"] for e in line)
    assert date_conflicts(db) == []


# --- demo corpus ----------------------------------------------------------------------------------------

#: Key entries whose listed date is the anchor event rather than the moment the expression describes:
#: "…has promised …, a day after its central span collapsed" lists the collapse (2025-10-14), while
#: "Two days after the collapse" lists the moment (2025-10-16). Both dates are extracted (moment + anchor).
ANCHOR_ENTRIES = {("radio-wend_news.jsonl#1", "a day after its central span collapsed")}


def test_demo_answer_key_dates_resolve() -> None:
    key = json.loads((DEMO / "answer_key.json").read_text(encoding="utf-8"))
    arts = {Path(a.source).name.replace(".jsonl:", ".jsonl#"): a for a in read_paths([DEMO / "corpus"])
            if isinstance(a, Article)}
    db = {f: extract_dates(a) for f, a in arts.items()}
    wrong = []
    for e in key["relative_dates"] + key["absolute_dates"]:
        text = arts[e["file"]].text
        best = find(db[e["file"]], text, e["expression"])
        i = text.find(e["expression"])
        overlapping = [m for m in db[e["file"]] if m.start < i + len(e["expression"]) and i < m.end]
        want = e["resolves_to"]

        def ok(m: DateMention | None, want: str = want, gran: str | None = e.get("granularity")) -> bool:
            if m is None or m.date is None:
                return False
            if len(want) == 7:  # "2026-05": a month
                return m.granularity == "month" and m.date.isoformat()[:7] == want
            return m.date.isoformat() == want and m.granularity == (gran or m.granularity)

        if (e["file"], e["expression"]) in ANCHOR_ENTRIES:
            assert any(ok(m) for m in overlapping), e
        elif not ok(best):
            wrong.append((e["file"], e["expression"], want, best and best.resolution))
        if "range" in e:
            assert best is not None and best.range == tuple(D(x) for x in e["range"]), e
    assert wrong == []
    assert len(key["relative_dates"]) + len(key["absolute_dates"]) == 54


def test_demo_year_conflict_and_nothing_else() -> None:
    key = json.loads((DEMO / "answer_key.json").read_text(encoding="utf-8"))
    arts = {Path(a.source).name.replace(".jsonl:", ".jsonl#"): a for a in read_paths([DEMO / "corpus"])
            if isinstance(a, Article)}
    name = {a.id: f for f, a in arts.items()}
    got = date_conflicts({a.id: extract_dates(a) for a in arts.values()})
    assert len(got) == 1
    (c,) = got
    (planted,) = key["date_conflicts"]
    assert {v["value"]: sorted(name[a] for a in v["articles"]) for v in c["values"]} == {
        y: sorted(files) for y, files in planted["values"].items()}
    assert c["about"] == "bridge opened" and c["likely_correct"] == "1962"


def test_demo_timeline_has_the_collapse_once() -> None:
    arts = [a for a in read_paths([DEMO / "corpus"]) if isinstance(a, Article)]
    line = timeline({a.id: extract_dates(a) for a in arts})
    collapse = [e for e in line if e["date"] == "2025-10-14" and "collaps" in e["text"]]
    assert len(collapse) == 1 and len(collapse[0]["citations"]) >= 8


# --- issue 9: dates at the ends of the calendar ---------------------------------------------------------

@pytest.mark.parametrize("published, words", [
    ("0001-01-01", "yesterday"), ("0001-01-01", "last week"), ("0001-01-01", "two years ago"),
    ("0001-01-01", "on Monday"), ("0001-01-01", "last month"), ("0001-01-01", "three days after the fire"),
    ("9999-12-31", "tomorrow"), ("9999-12-31", "next week"), ("9999-12-31", "next year"),
    ("9999-12-31", "on Dec. 31 it will open"), ("9999-12-31", "next month"), ("9999-12-31", "on Friday it will open"),
])
def test_publication_dates_at_the_calendar_ends_never_overflow(published: str, words: str) -> None:
    a = Article(id="x", source="x", text=f"The council met {words} and the fire broke out. The mayor spoke.",
                published=D(published))
    got = extract_dates(a)  # used to raise OverflowError
    assert all(m.date is None or dt.date.min <= m.date <= dt.date.max for m in got)
    timeline({"x": got})
