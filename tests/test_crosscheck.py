"""Cross-checking whole stories: conflicts of every kind, from :func:`storyline.crosscheck.crosscheck`.

Precision and recall per conflict kind over the project-written labelled stories (``tests/fixtures/claims``
label numbers and quotes; ``tests/fixtures/names_dates`` label names and dates; ``tests/fixtures/claims/crosscheck``
labels every kind in five mini-stories, so anything else reported there is a false positive), with floors pinned, plus
the shape of claims (support, independent support, contradicting articles) on small cases.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from storyline.claims.names import fold
from storyline.contract import Claim
from storyline.crosscheck import claim_matrix, crosscheck, outlet_label
from storyline.model import Article
from storyline.text.normalize import canonical_text


def _rows(*args: Any, **kwargs: Any) -> SimpleNamespace:
    """The cross-check's findings in report-row form (what these checks were written against)."""
    return SimpleNamespace(**crosscheck(*args, **kwargs).to_json())

REPO = Path(__file__).resolve().parents[1]
CLAIMS = REPO / "tests" / "fixtures" / "claims"
NAMES_DATES = REPO / "tests" / "fixtures" / "names_dates"
CLAIM_STORIES = ("ferry", "roof", "factory", "messy", "protest", "flood")
MINI = CLAIMS / "crosscheck" / "stories.json"


def _claims_story(name: str) -> tuple[dict[str, Any], list[Article], dict[str, str], dict[str, str]]:
    labels = json.loads((CLAIMS / name / "labels.json").read_text(encoding="utf-8"))
    arts = [Article(id=aid, source=f"{name}/{aid}.txt", outlet=meta["outlet"],
                    text=canonical_text((CLAIMS / name / f"{aid}.txt").read_text(encoding="utf-8")),
                    published=dt.date.fromisoformat(meta["published"]))
            for aid, meta in labels["articles"].items()]
    groups = {aid: m["group"] for aid, m in labels["articles"].items()}
    copied = {aid: m["copied_from"] for aid, m in labels["articles"].items() if m["copied_from"]}
    return labels, arts, groups, copied


def _names_dates_story(path: Path) -> tuple[dict[str, Any], list[Article], dict[str, str]]:
    story = json.loads(path.read_text(encoding="utf-8"))
    arts = [Article(id=a["id"], source=a["id"], outlet=a.get("outlet"), text=a["text"],
                    published=dt.date.fromisoformat(a["published"]) if a["published"] else None)
            for a in story["articles"]]
    return story["expected"], arts, {a["id"]: a["group"] for a in story["articles"]}


def _values(c: dict[str, Any]) -> frozenset[str]:
    return frozenset(v["value"] for v in c["values"])


def conflict_scores() -> dict[str, list[int]]:
    """[true positives, predicted, expected] per conflict kind, plus compatible pairs wrongly in conflict."""
    score = {k: [0, 0, 0] for k in ("number", "quote", "name", "date", "entity")}
    score["compatible_in_conflict"] = [0, 0, 0]
    for name in CLAIM_STORIES:
        labels, arts, groups, copied = _claims_story(name)
        check = _rows(arts, groups, copied)
        score["entity"][1] += sum(c["kind"] == "entity" for c in check.conflicts)
        got = {_values(c) for c in check.conflicts if c["kind"] == "number"}
        want = {frozenset(c["values"]) for c in labels["conflicts"]}
        # A conflict is found when its labelled values are among the values the report lists.
        hits = {w for w in want if any(w <= g for g in got)}
        score["number"][0] += len(hits)
        score["number"][1] += len(got)
        score["number"][2] += len(want)
        for a, b in labels["compatible"]:
            score["compatible_in_conflict"][2] += 1
            score["compatible_in_conflict"][0] += any(_paired(c, a, b) for c in check.conflicts)
        mis = {(fold(x["value"]), tuple(sorted(x["articles"]))) for c in check.conflicts if c["kind"] == "quote"
               and not c["about"].startswith("speaker of") for x in c["values"] if x.get("fidelity") != "exact"
               and any(v["misquote"] and v["text"] == x["value"] for q in check.quotes for v in q["variants"])}
        gold = {(fold(m["text"]), tuple(sorted(m["articles"]))) for m in labels["misquotes"]}
        score["quote"][0] += len({(t, a) for t, a in mis if any(t.rstrip(" .") == g.rstrip(" .") and a == ga
                                                               for g, ga in gold)})
        score["quote"][1] += len(mis)
        score["quote"][2] += len(gold)
    for path in sorted(NAMES_DATES.glob("*.json")):
        exp, arts, groups = _names_dates_story(path)
        check = _rows(arts, groups)
        names = {(fold(v["value"]), fold(c["likely_correct"])) for c in check.conflicts if c["kind"] == "name"
                 for v in c["values"] if v["value"] != c["likely_correct"]}
        want_n = {(fold(m["wrong"]), fold(m["correct"])) for m in exp["misspellings"]}
        score["name"][0] += len(names & want_n)
        score["name"][1] += len(names)
        score["name"][2] += len(want_n)
        # The cross-check gives an undated article's year-less dates the story's year, so a labelled
        # conflict is found when the same dates are opposed and each is given by at least its labelled articles.
        # No story of these sets gives a role to two different people: any entity conflict is a false positive.
        score["entity"][1] += sum(c["kind"] == "entity" for c in check.conflicts)
        dates = [{v["value"]: set(v["articles"]) for v in c["values"]} for c in check.conflicts if c["kind"] == "date"]
        want_d = [{v: set(a) for v, a in c["values"].items()} for c in exp["date_conflicts"]]
        score["date"][0] += sum(any(set(g) == set(w) and all(w[v] <= g[v] for v in w) for g in dates)
                                for w in want_d)
        score["date"][1] += len(dates)
        score["date"][2] += len(want_d)
    for st in json.loads(MINI.read_text(encoding="utf-8"))["stories"]:
        arts = [Article(id=a["id"], source=a["id"], outlet=a["outlet"], text=canonical_text(a["text"]),
                        published=dt.date.fromisoformat(a["published"])) for a in st["articles"]]
        check = _rows(arts, {a["id"]: a["group"] for a in st["articles"]})
        exp = st["expected"]
        # Every kind is labelled in these stories: any other conflict is a false positive.
        for c in check.conflicts:
            score[c["kind"]][1] += 1
            values = {v["value"]: set(v["articles"]) for v in c["values"]}
            score[c["kind"]][0] += any(w["kind"] == c["kind"] and _mini_match(w, values, c["kind"])
                                       for w in exp["conflicts"])
        for w in exp["conflicts"]:
            score[w["kind"]][2] += 1
        for a, b in exp["compatible"]:
            score["compatible_in_conflict"][2] += 1
            score["compatible_in_conflict"][0] += any(_paired(c, a, b) for c in check.conflicts)
    return score


def _mini_match(want: dict[str, Any], got: dict[str, set[str]], kind: str) -> bool:
    if kind == "quote":  # the misquoted wording is among the values, printed by the labelled articles
        return all(v in got and set(a) <= got[v] for v, a in want["values"].items())
    return set(want["values"]) <= set(got) and (kind == "number" or all(
        set(a) <= got[v] for v, a in want["values"].items()))


def _paired(c: dict[str, Any], a: str, b: str) -> bool:
    keys = [v["value"] for v in c["values"]]
    if c["kind"] != "number" or a not in keys or b not in keys:
        return False
    i, j = keys.index(a), keys.index(b)
    return [i, j] in c["pairs"] or [j, i] in c["pairs"]


def test_conflict_precision_recall_floors() -> None:
    scores = conflict_scores()
    for kind, (tp, pred, exp) in scores.items():
        if kind != "compatible_in_conflict":
            print(f"{kind} conflicts: precision {tp / max(pred, 1):.2f} recall {tp / max(exp, 1):.2f} "
                  f"({tp}/{pred} predicted, {tp}/{exp} expected)")
    print(f"compatible pairs raised as a conflict: {scores['compatible_in_conflict'][0]}"
          f"/{scores['compatible_in_conflict'][2]}")
    total = [sum(scores[k][i] for k in ("number", "quote", "name", "date", "entity")) for i in range(3)]
    assert total[0] / total[1] >= 0.9 and total[0] / total[2] >= 0.85
    for kind in ("number", "quote", "name", "date", "entity"):
        tp, pred, exp = scores[kind]
        assert exp > 0 and tp / max(pred, 1) >= 0.9, kind
        assert tp / exp >= 0.75, kind
    assert scores["compatible_in_conflict"][2] >= 15 and scores["compatible_in_conflict"][0] == 0


# --- small cases: the claim records -------------------------------------------------------------------

def _art(aid: str, text: str, outlet: str | None = None, url: str | None = None) -> Article:
    return Article(id=aid, source=f"/tmp/{aid}.txt", outlet=outlet, url=url, text=text,
                   published=dt.date(2024, 5, 14))


def test_number_claims_support_contradiction_and_independence() -> None:
    arts = [
        _art("a", "The letter was signed by 20 nurses, the union said.", "Ward Weekly"),
        _art("b", "The letter was signed by 25 nurses on Monday.", url="https://www.tidings.example/n/1"),
        _art("c", "The letter was signed by 25 nurses on Monday."),
        _art("d", "More than 20 nurses signed the letter."),
    ]
    check = _rows(arts, {"a": "a", "b": "b", "c": "b", "d": "d"})
    (conflict,) = [c for c in check.conflicts if c["kind"] == "number"]
    values = {v["value"]: v for v in conflict["values"]}
    assert values["25"]["articles"] == ["b", "c"] and values["25"]["independent_support"] == 1
    assert values["20"]["outlets"] == ["Ward Weekly"]
    assert values["25"]["outlets"] == ["tidings.example", "c.txt"]
    # 25 (one source) with the compatible "more than 20" (another) outweighs 20 (one source)
    assert conflict["likely_correct"] == "25"
    assert "cannot both be true" in conflict["reason"] and "25 (1 source(s))" in conflict["reason"]
    claims = {c["value"]: c for c in check.claims if c["kind"] == "number"}
    assert claims["25"]["support"] == ["b", "c", "d"] and claims["25"]["independent_support"] == 2
    assert claims["25"]["contradicted_by"] == ["a"]
    assert claims["more than 20"]["contradicted_by"] == ["a"]  # 20 is not more than 20
    rows = claim_matrix([Claim.from_json(claims["25"])], ["a", "b", "c", "d"])
    assert rows == [{"a": "contradicts", "b": "supports", "c": "supports", "d": "supports"}]


def test_a_value_only_a_torn_article_states_is_not_contradicted() -> None:
    # b gives two death tolls (recent cases and the Black Death): to the conflicts list these are two facts,
    # so neither is a rival of a's figure, and the claims table must not show a contradiction either.
    arts = [_art("a", "The Black Death killed an estimated 25 million people in Europe."),
            _art("b", "From 2010 to 2015 the plague killed 584 people. The Black Death killed more than 50 million "
                      "people in Europe.")]
    check = _rows(arts)
    assert not [c for c in check.conflicts if c["kind"] == "number"]
    claims = [c for c in check.claims if c["kind"] == "number"]
    assert claims and all(not c["contradicted_by"] for c in claims)


def test_compatible_values_alone_make_no_conflict() -> None:
    arts = [_art("a", "About 20 people were hurt in the crash."), _art("b", "Nineteen people were hurt in the crash."),
            _art("c", "At least 18 people were hurt in the crash.")]
    check = _rows(arts)
    assert not [c for c in check.conflicts if c["kind"] == "number"]


def test_outlet_label() -> None:
    assert outlet_label(_art("x", "t", "The Courier")) == "The Courier"
    assert outlet_label(_art("x", "t", url="https://www.example.org/a")) == "example.org"
    assert outlet_label(_art("x", "t")) == "x.txt"


def test_crosscheck_of_a_large_fixture_story_completes() -> None:
    _labels, arts, groups, copied = _claims_story("ferry")
    many = [Article(id=f"{a.id}-{k}", source=a.source, outlet=a.outlet, text=a.text, published=a.published)
            for k in range(25) for a in arts]
    check = _rows(many, {a.id: groups[a.id.split("-")[0]] for a in many},
               {a.id: f"{copied[a.id.split('-')[0]]}-{a.id.split('-')[1]}" for a in many
                if a.id.split("-")[0] in copied})
    assert check.claims and all(set(c["support"]) <= {a.id for a in many} for c in check.claims)


# Real text (BASIL dev triplets and realworld_pages, judged by hand): tests/test_claims_realtext.py.


def test_misattribution_between_sources_but_not_principal_and_spokesman() -> None:
    words = "We will reopen the harbour road before the end of the week, whatever the cost"
    arts = [_art("a", f"The council met on Monday. \u201c{words},\u201d said Ada Linnell, the council leader."),
            _art("b", f"\u201c{words},\u201d Ada Linnell said on Monday."),
            _art("c", f"Repairs began on Monday. \u201c{words},\u201d said Tomas Vey, the harbour master.")]
    (c,) = [c for c in _rows(arts).conflicts if c["about"].startswith("speaker of")]
    assert {v["value"] for v in c["values"]} == {"Ada Linnell", "Tomas Vey"}
    spokesman = [arts[0], arts[1], _art("c", f"\u201c{words},\u201d said Tomas Vey, a spokesman for Ada Linnell.")]
    assert not [c for c in _rows(spokesman).conflicts if c["about"].startswith("speaker of")]


def test_seeds_spun_article_quote_flagged_when_provenance_says_spun() -> None:
    seeds = REPO.parent / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip("seed articles not available")
    from storyline.ingest import read_paths

    arts = [a for a in read_paths([seeds]) if isinstance(a, Article)]
    ids = {Path(a.source).name[:3]: a.id for a in arts}
    groups = {a.id: a.id for a in arts} | {ids["004"]: ids["002"]}  # 004 rewrites 002 (as provenance finds)
    check = _rows(arts, groups, {ids["004"]: ids["002"]}, spun={ids["001"]})
    flagged = [v for q in check.quotes for v in q["variants"] if v["misquote"] and v["articles"] == [ids["001"]]]
    assert any(["accurate", "adequate"] in v["changes"] for v in flagged)
    assert any(["brilliance", "brilliant"] in v["changes"] for v in flagged)
