"""The dev mix used by the Spark parity test and benchmark: deterministic, and ``lap_days`` puts each round of
rewrites of a dev text in its own news cycle (so a 100k mix forms news-sized stories)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from storyline.eval.devmix import dev_texts, write_dev_mix

DATASETS = Path(__file__).resolve().parents[2] / "shared" / "datasets"
pytestmark = pytest.mark.skipif(not (DATASETS / "ecbplus_event_clusters").is_dir(), reason="../shared datasets absent")


def _rows(paths: list[Path]) -> list[dict[str, object]]:
    return [json.loads(line) for p in paths for line in p.read_text(encoding="utf-8").splitlines()]


def test_lap_days_separates_rounds_of_one_text(tmp_path: Path) -> None:
    n_texts = len(dev_texts(DATASETS))
    n = n_texts * 2 + 50
    plain = _rows(write_dev_mix(DATASETS, tmp_path / "plain", n, files=2))
    lapped = _rows(write_dev_mix(DATASETS, tmp_path / "lapped", n, files=2, lap_days=365))
    assert [r["id"] for r in plain] == [r["id"] for r in lapped]
    assert [r["text"] for r in plain] == [r["text"] for r in lapped]  # only dates move
    by_origin: dict[str, list[dt.date]] = {}
    for r in lapped:
        if "origin" in r:
            by_origin.setdefault(str(r["origin"]), []).append(dt.date.fromisoformat(str(r["published"])[:10]))
    spans = [sorted(d) for d in by_origin.values() if len(d) >= 2]
    assert spans, "the mix should hold rewrites of some dev texts"
    # every round of one text is more than the clusterer's 90-day idle window from the next
    assert all((b - a).days > 90 for d in spans for a, b in zip(d, d[1:], strict=False))
    # lap 0 (the distinct texts themselves) keeps its dates: the 2k parity mix is unchanged
    assert [r["published"] for r in plain[:n_texts]] == [r["published"] for r in lapped[:n_texts]]
    assert write_dev_mix(DATASETS, tmp_path / "again", n, files=2, lap_days=365)[0].read_bytes() == \
        (tmp_path / "lapped" / "devmix-00.jsonl").read_bytes()
