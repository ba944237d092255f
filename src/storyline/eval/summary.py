"""``storyline eval summary``: ROUGE of the cited extractive summary on NeuS/AllSides-style clusters.

Input is JSONL, one story per line: ``{"cluster_id", "documents": [{"doc_id", "title", "text"}],
"reference": {"title", "text"}}``. Each story is summarised within a word budget and scored against the
reference text with ROUGE-1/2/L F1 (Google's ``rouge-score``, Porter stemming), averaged over stories.

Budget handling follows the published baselines: the last picked sentence is *truncated* at the budget
(``SummaryConfig.truncate``), so every system is compared at the same number of words.
"""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from storyline.errors import InputError, StorylineError
from storyline.model import Article
from storyline.summarize import SummaryConfig, summarize
from storyline.text import canonical_text

__all__ = ["cluster_articles", "evaluate_summary", "load_clusters"]


def load_clusters(path: str | Path, limit: int | None = None) -> list[dict[str, Any]]:
    """Read the clusters of a NeuS-format JSONL file (at most ``limit``)."""
    p = Path(path)
    if not p.is_file():
        raise InputError(f"no such file: {p}")
    rows: list[dict[str, Any]] = []
    with p.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                rows.append(json.loads(line))
            if limit is not None and len(rows) >= limit:
                break
    return rows


def cluster_articles(cluster: dict[str, Any]) -> list[Article]:
    """The documents of one cluster as canonical :class:`Article` objects (undated, outlet unknown)."""
    arts = []
    for i, doc in enumerate(cluster.get("documents", [])):
        text = canonical_text(str(doc.get("text") or ""))
        aid = str(doc.get("doc_id") or f"{cluster.get('cluster_id', 'c')}-d{i}")
        arts.append(Article(id=aid, source=aid, text=text, title=canonical_text(str(doc.get("title") or ""))))
    return arts


def _scorer() -> Any:
    try:
        from rouge_score import rouge_scorer
    except ImportError as exc:  # not a runtime dependency: evaluation only
        raise StorylineError("summary evaluation needs rouge-score: pip install rouge-score") from exc
    return rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)


def evaluate_summary(path: str | Path, words: int = 66, *, limit: int | None = None,
                     config: SummaryConfig | None = None) -> dict[str, Any]:
    """Summarise every cluster of ``path`` and score the summaries against the references.

    Args:
        path: NeuS-format JSONL file.
        words: word budget per summary (66 = the mean reference length of the NeuS dev split).
        limit: score only the first ``limit`` clusters.
        config: summariser knobs; ``truncate`` is forced on to match the baselines' budget handling.

    Returns:
        ``{"rouge1", "rouge2", "rougeL"`` (mean F1), ``"cited_share"`` (summary sentences with at least
        one verified citation), ``"multi_source_share"`` (sentences verified in two or more articles),
        ``"n_clusters", "n_sentences", "seconds", "words", "budget"}``.
    """
    cfg = replace(config or SummaryConfig(), truncate=True)
    scorer = _scorer()
    totals = {"rouge1": 0.0, "rouge2": 0.0, "rougeL": 0.0}
    n_sent = cited = multi = 0
    clusters = load_clusters(path, limit)
    t0 = time.perf_counter()
    for cluster in clusters:
        summary = summarize(cluster_articles(cluster), words, config=cfg)
        n_sent += len(summary)
        cited += sum(1 for s in summary if s["citations"] and all(c in s["verification"] for c in s["citations"]))
        multi += sum(1 for s in summary if len(s["citations"]) >= 2)
        text = " ".join(s["text"].replace(" …", "") for s in summary)
        scores = scorer.score(str(cluster["reference"]["text"]), text)
        for k in totals:
            totals[k] += scores[k].fmeasure
    n = max(1, len(clusters))
    return {**{k: round(v / n, 4) for k, v in totals.items()},
            "cited_share": round(cited / max(1, n_sent), 4), "multi_source_share": round(multi / max(1, n_sent), 4),
            "n_clusters": len(clusters), "n_sentences": n_sent, "seconds": round(time.perf_counter() - t0, 2),
            "words": words, "budget": "truncate last sentence"}


def main(argv: list[str] | None = None) -> None:
    """``python -m storyline.eval.summary PATH [--words N] [--limit N]``: print the scores as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path")
    parser.add_argument("--words", type=int, default=66)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args(argv)
    print(json.dumps(evaluate_summary(args.path, args.words, limit=args.limit), indent=2))


if __name__ == "__main__":
    main()
