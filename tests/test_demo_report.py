"""The whole pipeline on the fictional demo corpus, checked against its answer key (examples/answer_key.json).

One `storyline run` over examples/corpus; every assertion compares the report with what the answer key says
was planted: stories, the exact duplicate, the near copy, the credited rewrite and the spun rewrite, the
count, date and name conflicts (and the compatible counts that must not be flagged), the misquotes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from storyline.cli import app

REPO = Path(__file__).resolve().parents[1]
KEY = json.loads((REPO / "examples" / "answer_key.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("demo")
    result = CliRunner().invoke(app, ["run", str(REPO / "examples" / "corpus"), "--out", str(out / "out"),
                                      "--db", str(out / "s.db"), "-q"])
    assert result.exit_code == 0, result.output
    report = json.loads((out / "out" / "report.json").read_text(encoding="utf-8"))
    # answer-key names: "file.txt", or "file.jsonl#N" for the N-th record of a JSONL file
    name = {a["id"]: Path(a["source"]).name.replace(".jsonl:", ".jsonl#") for a in report["articles"]}
    return {"report": report, "name": name, "id": {v: k for k, v in name.items()}}


def _story_of(demo: dict[str, Any], file: str) -> dict[str, Any]:
    sid = next(a["story"] for a in demo["report"]["articles"] if demo["name"][a["id"]] == file)
    return next(s for s in demo["report"]["stories"] if s["id"] == sid)


def _names(demo: dict[str, Any], ids: list[str]) -> set[str]:
    return {demo["name"][i] for i in ids}


def test_stories_match_the_key(demo) -> None:
    got = sorted(sorted(_names(demo, s["articles"])) for s in demo["report"]["stories"])
    assert got == sorted(sorted(files) for files in KEY["stories"].values())


def test_duplicates_and_reuse(demo) -> None:
    by_name = {demo["name"][a["id"]]: a for a in demo["report"]["articles"]}
    for copy, original in KEY["exact_duplicates"]:
        assert by_name[copy]["duplicate_of"] == demo["id"][original] and by_name[copy]["duplicate_kind"] == "exact"
    for copy, original in KEY["near_copies"]:
        assert by_name[copy]["duplicate_of"] == demo["id"][original] and by_name[copy]["duplicate_kind"] == "near"
    story = _story_of(demo, "coastline-wire_ostler-bridge-collapse.txt")
    kinds = {(demo["name"][r["source"]], demo["name"][r["target"]]): r["kind"] for r in story["reuse"]}
    for target, source in KEY["rewrites"]:
        assert kinds.get((source, target)) in {"rewrite", "paraphrase"}, kinds
    for target, source in KEY["spun_rewrites"]:
        assert kinds.get((source, target)) == "spin", kinds
        assert demo["id"][target] in story["provenance"]["spun"]
    assert all(r["passages"] for r in story["reuse"])
    # wire copy + near copy count once, as do the Gazette and the two rewrites of it
    assert story["provenance"]["independent_sources"] == len(story["articles"]) - 4


def _conflict_values(demo: dict[str, Any], story: dict[str, Any], kind: str) -> list[dict[str, set[str]]]:
    return [{v["value"]: _names(demo, v["articles"]) for v in c["values"]}
            for c in story["conflicts"] if c["kind"] == kind]


def test_count_and_date_conflicts(demo) -> None:
    story = _story_of(demo, "coastline-wire_ostler-bridge-collapse.txt")
    numbers = _conflict_values(demo, story, "number")
    for planted in KEY["count_conflicts"]:
        want = {value: set(files) for value, files in planted["values"].items()}
        assert want in numbers, numbers
    for compatible in KEY["compatible_counts"]:  # "23" and "more than 20" can both hold: no conflict
        assert not any(set(compatible["values"]) & set(c) for c in numbers), numbers
    dates = _conflict_values(demo, story, "date")
    for planted in KEY["date_conflicts"]:
        assert {value: set(files) for value, files in planted["values"].items()} in dates, dates
    assert len(numbers) == len(KEY["count_conflicts"])


def test_misspelling_flagged(demo) -> None:
    story = _story_of(demo, "coastline-wire_ostler-bridge-collapse.txt")
    names = _conflict_values(demo, story, "name")
    for planted in KEY["misspellings"]:
        match = [c for c in names if planted["wrong"] in c and planted["correct"] in c]
        assert match and match[0][planted["wrong"]] == set(planted["files"]), names


def test_misquotes_flagged_against_the_faithful_wording(demo) -> None:
    story = _story_of(demo, "coastline-wire_ostler-bridge-collapse.txt")
    quotes = [{v["value"].rstrip(".,"): _names(demo, v["articles"]) for v in c["values"]}
              for c in story["conflicts"] if c["kind"] == "quote"]
    for planted in KEY["misquotes"]:
        hit = [q for q in quotes if any(planted["original"] in w for w in q)
               and any(planted["misquoted"] in w for w in q)]
        assert hit, planted["misquoted"]
        wrong = next(files for w, files in hit[0].items() if planted["misquoted"] in w)
        assert set(planted["misquoted_in"]) <= wrong


def test_every_summary_sentence_and_timeline_event_is_cited(demo) -> None:
    for story in demo["report"]["stories"]:
        assert story["summary"] and all(s["citations"] for s in story["summary"])
        assert all(set(s["citations"]) <= set(story["articles"]) for s in story["summary"])
        assert story["timeline"] and all(t["citations"] for t in story["timeline"])


def test_summary_writes_names_the_way_most_sources_do(demo) -> None:
    story = _story_of(demo, "coastline-wire_ostler-bridge-collapse.txt")
    text = " ".join(s["text"] for s in story["summary"])
    for planted in KEY["misspellings"]:
        wrong = planted["wrong"].split()[-1]
        # the minority spelling appears only inside the note that says it was corrected
        assert text.count(wrong) == text.count(f"spelt “{wrong}”"), text
