"""The story report people read, on the five seed articles: summary, dispute, timeline, pages.

The seeds are real reports of one event, read from ``../shared/seeds`` at test time (never copied here).
Nothing in the code knows them; these are the summary stage's done-means checked on a full `storyline run`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from storyline.cli import app

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], Path]:
    if not SEEDS.is_dir():
        pytest.skip("seed articles not available (../shared/seeds)")
    out = tmp_path_factory.mktemp("seeds")
    result = CliRunner().invoke(app, ["run", str(SEEDS), "--out", str(out), "--db", str(out / "s.db"), "-q"])
    assert result.exit_code == 0, result.output
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert len(report["stories"]) == 1
    return report["stories"][0], out


def test_summary_is_short_cited_and_verified(run) -> None:
    story, _ = run
    words = sum(len(s["text"].split()) for s in story["summary"])
    assert 60 <= words <= 150
    for sentence in story["summary"]:
        assert sentence["citations"] and set(sentence["citations"]) <= set(story["articles"])
        assert set(sentence["verification"]) == set(sentence["citations"])
        assert all(v["score"] > 0 for v in sentence["verification"].values())


def test_count_dispute_is_visible_under_the_summary(run) -> None:
    story, out = run
    md = (out / "stories" / f"{story['id']}.md").read_text(encoding="utf-8")
    block = md[md.index("**Sources disagree** on:"):md.index("## Timeline")]
    assert re.search(r"\*\*25\*\*", block) and re.search(r"\*\*20\*\*", block)
    page = (out / "stories" / f"{story['id']}.html").read_text(encoding="utf-8")
    assert '<div id="disputes">' in page and "<b>25</b>" in page


def test_timeline_has_the_shooting_the_lawsuit_and_the_letter(run) -> None:
    story, _ = run
    events = {(t["date"], t["text"]) for t in story["timeline"]}
    dates = {d for d, _ in events}
    assert {"2021-10-21", "2021-11-17", "2021-12-09"} <= dates
    text_on = {d: " ".join(t for dd, t in events if dd == d) for d in dates}
    assert re.search(r"shoot|kill|accident|death", text_on["2021-10-21"])
    assert "lawsuit" in text_on["2021-11-17"]
    assert "letter" in text_on["2021-12-09"]
    assert all(t["citations"] for t in story["timeline"])
