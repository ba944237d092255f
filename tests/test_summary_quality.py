"""Quality gate of the cited summary on the NeuS/AllSides dev split (read from ../shared at test time).

Floors are pinned a little below what the summariser reaches (see benchmarks/RESULTS.md, ``## Summary``):
the default summary (stops when no corroborated content is left) and ``fill=True`` (always uses the
budget, the like-for-like comparison with the baselines: TF-IDF centroid + MMR reaches 0.392 / 0.176).
"""

from __future__ import annotations

import pytest
from conftest import DATASETS, need

from storyline.eval.summary import evaluate_summary
from storyline.summarize import SummaryConfig

pytestmark = pytest.mark.slow

NEUS = DATASETS / "neus_allsides_mds" / "clusters.jsonl"


def test_neus_dev_quality_floor() -> None:
    pytest.importorskip("rouge_score")
    result = evaluate_summary(need(NEUS), words=66)
    assert result["n_clusters"] == 307
    assert result["rouge1"] >= 0.400 and result["rouge2"] >= 0.183 and result["rougeL"] >= 0.27
    assert result["cited_share"] == 1.0  # every sentence has at least one verified citation
    assert result["seconds"] < 30


def test_neus_dev_quality_floor_full_budget() -> None:
    pytest.importorskip("rouge_score")
    result = evaluate_summary(need(NEUS), words=66, config=SummaryConfig(fill=True))
    assert result["rouge1"] >= 0.395 and result["rouge2"] >= 0.178
    assert result["cited_share"] == 1.0
