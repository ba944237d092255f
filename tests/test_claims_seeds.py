"""Done-means of the claims stage on the five seed articles, read from the full ``storyline run`` report.

The seeds (five real reports of one event, kept in ``../shared/seeds`` and never copied into the repo) plant:
a signatory count that disagrees (20 vs 25, with a compatible "more than 20"), a misspelt surname in a spun
rewrite, quotes garbled word by word, one remark quoted three ways, and relative dates ("on Thursday",
"yesterday", "Oct. 21" without a year). Nothing in the code knows these articles: the assertions below
check what the generic rules make of them.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEEDS = SHARED / "seeds"


def _norm(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.replace("’", "'").casefold()))


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    if not SEEDS.is_dir():
        pytest.skip("seed articles not available (../shared/seeds)")
    out = tmp_path_factory.mktemp("seeds")
    cmd = [sys.executable, "-c", "from storyline.cli import main; main()", "run", str(SEEDS),
           "--out", str(out), "--db", str(out / "s.db"), "--quiet"]
    subprocess.run(cmd, check=True, capture_output=True, timeout=120)
    return json.loads((out / "report.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def story(report: dict[str, Any]) -> dict[str, Any]:
    (s,) = [s for s in report["stories"] if len(s["articles"]) == 5]
    return s


@pytest.fixture(scope="module")
def seed_of(report: dict[str, Any]) -> dict[str, str]:
    """Article id → seed number ("000" … "004")."""
    return {a["id"]: Path(a["source"]).name[:3] for a in report["articles"]}


def _seeds(ids: list[str], seed_of: dict[str, str]) -> set[str]:
    return {seed_of[a] for a in ids}


def test_signatory_count_is_a_number_conflict_20_vs_25(story: dict[str, Any], seed_of: dict[str, str]) -> None:
    (c,) = [c for c in story["conflicts"] if c["kind"] == "number" and "sign" in c["about"]]
    values = {v["value"]: v for v in c["values"]}
    assert {"20", "25"} <= set(values)
    assert _seeds(values["25"]["articles"], seed_of) == {"002", "004"}
    assert _seeds(values["20"]["articles"], seed_of) == {"001"}
    # The outlets (here: the files, the seeds name no outlet) behind each value are in the report.
    assert values["25"]["outlets"] and len(values["25"]["outlets"]) == 2
    keys = [v["value"] for v in c["values"]]
    pairs = {frozenset((keys[i], keys[j])) for i, j in c["pairs"]}
    assert frozenset(("20", "25")) in pairs
    # "more than 20" and "25" can both be true: listed, but never a conflicting pair by themselves.
    assert "more than 20" in values and frozenset(("more than 20", "25")) not in pairs
    assert _seeds(values["more than 20"]["articles"], seed_of) == {"001", "003"}
    assert c["likely_correct"] == "25" and "cannot both be true" in c["reason"]  # 20 is the outlier


def test_signatory_claims_carry_support_and_contradiction(story: dict[str, Any], seed_of: dict[str, str]) -> None:
    claims = {c["value"]: c for c in story["claims"] if c["kind"] == "number" and "sign" in c["about"]}
    assert {"20", "25", "more than 20"} <= set(claims)
    c25 = claims["25"]
    assert {"002", "004"} <= _seeds(c25["support"], seed_of)
    assert "001" in _seeds(c25["contradicted_by"], seed_of)  # it says "20" (and also "over 20")
    assert 1 <= c25["independent_support"] <= len(c25["support"])
    assert "003" not in _seeds(claims["25"]["contradicted_by"], seed_of)  # "more than 20" is compatible


def test_misspelt_surname_is_flagged(story: dict[str, Any], seed_of: dict[str, str]) -> None:
    (c,) = [c for c in story["conflicts"] if c["kind"] == "name"]
    assert c["likely_correct"] == "Halyna Hutchins"
    wrong = [v for v in c["values"] if v["value"] != "Halyna Hutchins"]
    assert [v["value"] for v in wrong] == ["Halyna Houtchins"]
    assert _seeds(wrong[0]["articles"], seed_of) == {"001"}
    right = next(v for v in c["values"] if v["value"] == "Halyna Hutchins")
    assert right["independent_support"] >= 3


def test_garbled_quote_is_flagged_against_the_faithful_wording(story: dict[str, Any],
                                                               seed_of: dict[str, str]) -> None:
    garbled = [(q, v) for q in story["quotes"] for v in q["variants"]
               if v["misquote"] and _seeds(v["articles"], seed_of) == {"001"}]
    assert garbled, "the spun article's altered quote is not flagged"
    q, v = garbled[0]
    canon = q["variants"][0]
    assert canon["canonical"] and not canon["misquote"] and "001" not in _seeds(canon["articles"], seed_of)
    assert ["brilliance", "brilliant"] in v["changes"]
    assert "brilliance" in _norm(canon["text"])
    # The same disagreement is a quote conflict with both wordings and who prints them.
    conflicts = [c for c in story["conflicts"] if c["kind"] == "quote"
                 and any(x["value"] == v["text"] for x in c["values"])]
    assert conflicts and any(x["value"] == canon["text"] for x in conflicts[0]["values"])


def test_one_remark_in_three_wordings_is_one_quote_with_three_variants(story: dict[str, Any],
                                                                      seed_of: dict[str, str]) -> None:
    remark = [q for q in story["quotes"]
              if any("someone is" in _norm(v["text"]) and "responsible" in _norm(v["text"]) for v in q["variants"])]
    assert len(remark) == 1
    (q,) = remark
    assert q["speaker"] == "Alec Baldwin"
    assert len(q["variants"]) == 3
    assert set().union(*(_seeds(v["articles"], seed_of) for v in q["variants"])) == {"000", "002", "003"}
    assert not any(v["misquote"] for v in q["variants"])  # three renderings, no one outvoted


def test_oct_21_and_on_thursday_land_on_real_dates(story: dict[str, Any], seed_of: dict[str, str]) -> None:
    resolutions = [(r, e) for e in story["timeline"] for r in e["resolutions"]]
    oct21 = [(r, e) for r, e in resolutions if r.startswith(("Oct. 21", "on Oct. 21"))]
    assert oct21 and all(e["date"] == "2021-10-21" for _, e in oct21)
    thursday = [(r, e) for r, e in resolutions if r.startswith("on Thursday")]
    assert thursday and all(e["date"] == "2021-12-09" for _, e in thursday)
    assert any("003" in _seeds(e["citations"], seed_of) for _, e in thursday)


def test_timeline_has_shooting_lawsuit_and_letter_posting(story: dict[str, Any]) -> None:
    by_date: dict[str, list[str]] = {}
    for e in story["timeline"]:
        by_date.setdefault(e["date"], []).append(e["text"])
    assert any(re.search(r"shooting|accident|killed|shot", t) for t in by_date.get("2021-10-21", []))
    assert any("lawsuit" in t for t in by_date.get("2021-11-17", []))
    assert any("letter" in t and re.search(r"post|shar", t) for t in by_date.get("2021-12-09", []))
    dates = [e["date"] for e in story["timeline"]]
    assert dates == sorted(dates) and all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", d) for d in dates)


def test_every_claim_has_the_crosscheck_fields(story: dict[str, Any]) -> None:
    kinds = {c["kind"] for c in story["conflicts"]}
    assert {"number", "name", "quote"} <= kinds
    assert kinds <= {"number", "name", "date", "quote", "entity"}
    for c in story["claims"]:
        assert c["support"] and isinstance(c["independent_support"], int)
        assert 1 <= c["independent_support"] <= len(c["support"])
        assert isinstance(c["contradicted_by"], list)
