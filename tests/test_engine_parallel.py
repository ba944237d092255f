"""Story analysis in a process pool gives exactly the report the single-process run gives."""

from __future__ import annotations

from pathlib import Path

import storyline.engine as engine
from storyline.config import load_config

REPO = Path(__file__).resolve().parents[1]


def test_pool_and_serial_analysis_agree(tmp_path, monkeypatch) -> None:
    ws = engine.Workspace(tmp_path / "s.db")
    ws.ingest([REPO / "examples" / "corpus"])
    ws.find_duplicates()
    ws.assign_stories()
    stories, articles = ws.stories(), ws.articles()
    assert len(stories) >= 2
    ws.config = load_config(overrides={"analysis": {"workers": 1}})
    serial = ws.analyze(stories, articles, rebuild=True).fields
    monkeypatch.setattr(engine.analysis, "PARALLEL_MIN_ARTICLES", 0)
    ws.config = load_config(overrides={"analysis": {"workers": 2}})
    seen: list[tuple[int, int]] = []
    pooled = ws.analyze(stories, articles, progress=lambda done, total, _: seen.append((done, total)),
                        rebuild=True).fields
    ws.close()
    assert list(pooled) == list(serial) == [s.id for s in stories]
    assert pooled == serial
    assert seen == [(n, len(stories)) for n in range(1, len(stories) + 1)]

