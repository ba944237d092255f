"""Re-running redoes nothing that is unchanged; adding one article re-analyses only the story it touches."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from storyline.config import load_config
from storyline.engine import Workspace

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "examples" / "corpus"

EXTRA = """Bridge reopening pushed back again
Published: 2025-10-16

Engineers inspecting the collapsed footbridge said on Thursday that the crossing will stay shut for at
least another month while divers survey the damaged pier. The county's highways chief said the temporary
ferry would keep running every half hour and that more than 20 people had now been treated.
"""


def _report(out: Path) -> dict:
    report = json.loads((out / "report.json").read_text())
    report.pop("run")
    return report


def test_rerun_reuses_everything_and_gives_the_same_report(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("STORYLINE_ANALYSIS_WORKERS", "1")
    with Workspace(tmp_path / "s.db", load_config()) as ws:
        first = ws.run([CORPUS], tmp_path / "a")
        second = ws.run([CORPUS], tmp_path / "b")
        rebuilt = ws.run([CORPUS], tmp_path / "c", rebuild=True)
    assert first.analysed == len(first.stories) and first.reused == 0
    assert second.analysed == 0 and second.reused == len(first.stories)
    assert second.ingest.unchanged_files == len(list(CORPUS.iterdir())) and second.ingest.ingested == 0
    assert rebuilt.analysed == len(first.stories) and rebuilt.ingest.unchanged_files == 0
    assert _report(tmp_path / "a") == _report(tmp_path / "b") == _report(tmp_path / "c")


def test_adding_one_article_reanalyses_one_story(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("STORYLINE_ANALYSIS_WORKERS", "1")
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    with Workspace(tmp_path / "s.db", load_config()) as ws:
        first = ws.run([corpus], tmp_path / "a")
        (corpus / "zz-late-bridge.txt").write_text(EXTRA)
        second = ws.run([corpus], tmp_path / "b")
    assert second.ingest.ingested == 1 and second.ingest.unchanged_files == len(list(CORPUS.iterdir()))
    assert second.analysed == 1 and second.reused == len(second.stories) - 1 == len(first.stories) - 1
    before = {s["id"]: s for s in _report(tmp_path / "a")["stories"]}
    after = {s["id"]: s for s in _report(tmp_path / "b")["stories"]}
    changed = [sid for sid in after if after[sid] != before.get(sid)]
    assert len(changed) == 1 and len(after[changed[0]]["articles"]) == len(before[changed[0]]["articles"]) + 1


def test_a_touched_but_unchanged_file_is_not_parsed_again(tmp_path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    with Workspace(tmp_path / "s.db") as ws:
        ws.ingest([corpus])
        for f in corpus.iterdir():
            f.touch()  # new mtime, same bytes: the content hash decides
        again = ws.ingest([corpus])
        edited = sorted(corpus.glob("*.txt"))[0]
        edited.write_text(edited.read_text() + "\nA late correction was added to this report on Friday.\n")
        third = ws.ingest([corpus])
    assert again.unchanged_files == len(list(corpus.iterdir())) and again.ingested == 0
    assert third.unchanged_files == len(list(corpus.iterdir())) - 1 and third.ingested == 1


def test_streaming_report_is_the_report_dumped_whole(tmp_path, monkeypatch) -> None:
    """run writes report.json one story at a time: byte for byte what dumping the whole report gives."""
    from storyline.report.build import build_report, write_report

    monkeypatch.setenv("STORYLINE_ANALYSIS_WORKERS", "1")
    with Workspace(tmp_path / "s.db", load_config()) as ws:
        ws.run([CORPUS], tmp_path / "streamed")
        articles, stories = ws.articles(), ws.stories()
        analysis = ws.analyze(stories, articles)
        membership = {s.id: ws.membership(s.id) for s in stories}
    whole = build_report(articles, stories, analysis.fields)
    for entry in whole["stories"]:
        entry["membership"] = membership[entry["id"]]
        assert {m["article"] for m in entry["membership"]} == set(entry["articles"])
    whole["run"] = json.loads((tmp_path / "streamed" / "report.json").read_text())["run"]
    write_report(whole, tmp_path / "whole", {a.id: a.text for a in articles})
    assert (tmp_path / "streamed" / "report.json").read_bytes() == (tmp_path / "whole" / "report.json").read_bytes()
    for page in (tmp_path / "whole" / "stories").iterdir():
        assert (tmp_path / "streamed" / "stories" / page.name).read_bytes() == page.read_bytes(), page.name
    assert (tmp_path / "streamed" / "index.html").read_bytes() == (tmp_path / "whole" / "index.html").read_bytes()
