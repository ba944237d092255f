"""A run never stops for one story: failures are recorded on the story, the report is written, exit 3."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

import storyline.pipeline
from storyline.cli import EXIT_FAILURES, app
from storyline.config import load_config
from storyline.engine import Workspace
from storyline.guard import failure_stage, guarded_analysis
from storyline.model import Article

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "examples" / "corpus"


def _fail_on(story_words: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the analysis raise (inside the summary stage) for stories whose text has ``story_words``."""
    real = storyline.pipeline.analyze_story

    def boom(articles, config=None):
        if any(story_words in a.text for a in articles):
            raise ValueError("min() arg is an empty sequence")
        return real(articles, config)

    monkeypatch.setattr(storyline.pipeline, "analyze_story", boom)


def test_one_failing_story_is_recorded_and_the_rest_is_reported(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("STORYLINE_ANALYSIS_WORKERS", "1")
    _fail_on("by-election", monkeypatch)
    with Workspace(tmp_path / "s.db", load_config()) as ws:
        result = ws.run([CORPUS], tmp_path / "out")
        assert result.status == "failures" and len(result.failures) == 1
        failure = result.failures[0]
        assert failure.kind == "ValueError" and "empty sequence" in failure.message
        assert ws.store.failures()[0].story_id == failure.story_id
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    failed = [s for s in report["stories"] if s.get("failure")]
    assert [s["id"] for s in failed] == [failure.story_id]
    assert failed[0]["summary"] == [] and failed[0]["articles"]  # listed without its analysis
    others = [s for s in report["stories"] if not s.get("failure") and len(s["articles"]) > 1]
    assert others and all(s["summary"] for s in others)
    assert report["run"]["failures"][0]["story"] == failure.story_id
    page = (tmp_path / "out" / "stories" / f"{failure.story_id}.html").read_text()
    assert "could not be analysed" in page and "ValueError" in page
    assert "analysis failed" in (tmp_path / "out" / "index.html").read_text()


def test_cli_exit_status_says_completed_with_failures(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("STORYLINE_ANALYSIS_WORKERS", "1")
    _fail_on("by-election", monkeypatch)
    res = CliRunner().invoke(app, ["run", str(CORPUS), "--out", str(tmp_path / "out"), "--db", str(tmp_path / "s.db"),
                                   "--quiet"])
    assert res.exit_code == EXIT_FAILURES, res.output
    assert "completed with 1 failure" in res.output
    assert (tmp_path / "out" / "report.json").exists()


def test_a_failed_story_is_analysed_again_next_run(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("STORYLINE_ANALYSIS_WORKERS", "1")
    with Workspace(tmp_path / "s.db", load_config()) as ws:
        with monkeypatch.context() as m:
            _fail_on("by-election", m)
            first = ws.run([CORPUS], tmp_path / "out")
        second = ws.run([CORPUS], tmp_path / "out")  # failures are not cached
    assert len(first.failures) == 1 and second.status == "ok"
    assert second.analysed == 1 and second.reused == len(second.stories) - 1


@pytest.mark.parametrize(("module", "stage"), [("summarize/extractive.py", "summary"), ("claims/dates.py", "claims"),
                                               ("align/wordalign.py", "align"),
                                               ("align/provenance.py", "provenance"), ("crosscheck.py", "crosscheck")])
def test_failure_stage_names_the_module_that_raised(module: str, stage: str) -> None:
    package = Path(storyline.pipeline.__file__).parent
    code = compile("raise ValueError('x')", str(package / module), "exec")  # a frame "inside" that module
    with pytest.raises(ValueError) as info:
        exec(code)
    assert failure_stage(info.value) == stage


def test_an_empty_story_is_analysed_without_raising() -> None:
    sid, fields, failure = guarded_analysis("s1", [Article(id="a", source="a.txt", text="")], None)
    assert sid == "s1" and failure is None and fields is not None


def test_guard_turns_an_exception_into_a_failure(monkeypatch) -> None:
    def boom(articles, config=None):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(storyline.pipeline, "analyze_story", boom)
    sid, fields, failure = guarded_analysis("s9", [], None)
    assert fields is None and failure is not None
    assert (failure.story_id, failure.kind) == ("s9", "RecursionError")


def test_realworld_page_that_used_to_stop_the_run(tmp_path) -> None:
    pages = REPO.parent / "shared" / "datasets" / "realworld_pages" / "pages"
    found = sorted(pages.glob("cc03ddb5*.html*")) if pages.exists() else []
    if not found:
        pytest.skip("realworld_pages not available")
    with Workspace(tmp_path / "s.db") as ws:
        result = ws.run(found, tmp_path / "out")
    assert result.status == "ok" and result.report_path and result.report_path.exists()
    conn = sqlite3.connect(tmp_path / "s.db")
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
