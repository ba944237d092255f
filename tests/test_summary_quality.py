"""Quality gate of the cited summary on the NeuS/AllSides dev split (read from ../shared at test time).

Floors are pinned a little below what the summariser reaches (see benchmarks/RESULTS.md, ``## Summary``):
the default summary (stops when no corroborated content is left, never longer than the mean article),
``fill=True`` (uses the budget up to that cap) and ``length_ratio=None`` (the 66-word budget alone, the
like-for-like comparison with the uncapped baselines: TF-IDF centroid + MMR reaches 0.391 / 0.174).
Measured: default 0.4212 / 0.2016 / 0.2969, fill 0.4192 / 0.1995, no cap 0.4109 / 0.1918.
"""

from __future__ import annotations

import pytest
from conftest import DATASETS, REPO, need

from storyline.eval.summary import evaluate_summary
from storyline.summarize.extractive import SummaryConfig

pytestmark = pytest.mark.slow

NEUS = DATASETS / "neus_allsides_mds" / "clusters.jsonl"


def test_neus_dev_quality_floor() -> None:
    pytest.importorskip("rouge_score")
    result = evaluate_summary(need(NEUS), words=66)
    assert result["n_clusters"] == 307
    assert result["rouge1"] >= 0.420 and result["rouge2"] >= 0.200 and result["rougeL"] >= 0.295
    assert result["cited_share"] == 1.0  # every sentence has at least one verified citation
    # Re-checked from the articles: a citation's evidence carries the sentence's words (a paraphrase with
    # under half of them, like "approved" for "passed", is rare).
    assert result["weak_citations"] <= 0.01 * result["n_citations"] and result["citation_evidence"] >= 0.94
    assert result["mean_words"] <= 66


def test_neus_dev_quality_floor_full_budget() -> None:
    pytest.importorskip("rouge_score")
    result = evaluate_summary(need(NEUS), words=66, config=SummaryConfig(fill=True))
    assert result["rouge1"] >= 0.418 and result["rouge2"] >= 0.198
    assert result["cited_share"] == 1.0


def test_neus_dev_quality_floor_without_length_cap() -> None:
    pytest.importorskip("rouge_score")
    result = evaluate_summary(need(NEUS), words=66, config=SummaryConfig(length_ratio=None))
    assert result["rouge1"] >= 0.409 and result["rouge2"] >= 0.190
    assert result["cited_share"] == 1.0


def test_basil_dev_fact_coverage_floor() -> None:
    """Hand-written key facts of 12 BASIL dev events (tests/data/claims/summary_nuggets.json) stated by the
    report's 150-word summary: 37 of 40 measured (0.925; 0.900 before issue 12)."""
    import json

    from storyline.claims.evalsets import basil_dev_stories
    from storyline.eval.summary import fact_coverage

    basil = need(DATASETS / "basil_event_triplets" / "documents.jsonl")
    labels = REPO / "tests" / "data" / "claims" / "summary_nuggets.json"
    nuggets = json.loads(labels.read_text(encoding="utf-8"))["events"]
    result = fact_coverage(basil_dev_stories(basil), nuggets)
    assert result["stories"] == 12 and result["nuggets"] >= 35
    assert result["coverage"] >= 0.9
