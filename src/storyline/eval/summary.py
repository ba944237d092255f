"""``storyline eval summary``: ROUGE of the cited extractive summary on NeuS/AllSides-style clusters.

Input is JSONL, one story per line: ``{"cluster_id", "documents": [{"doc_id", "title", "text"}],
"reference": {"title", "text"}}``. Each story is summarised within a word budget and scored against the
reference text with ROUGE-1/2/L F1 (Google's ``rouge-score``, Porter stemming), averaged over stories.

Budget handling follows the published baselines: the last picked sentence is *truncated* at the budget
(``SummaryConfig.truncate``), and the scored text is cut at the budget's whitespace words like theirs, so no
system is scored on more words than the others (a repaired "He" → "Roy Moore" cannot add any). A summary
may be shorter: the default one stops when no corroborated content is left and is never longer than the
story's mean article (``SummaryConfig.length_ratio``); ``mean_words`` reports what was used.
"""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from storyline.contract import SummarySentence
from storyline.errors import InputError, StorylineError
from storyline.model import Article
from storyline.summarize.extractive import SummaryConfig, content_terms, summarize
from storyline.text.normalize import canonical_text

from .progress import progress

__all__ = ["cluster_articles", "evaluate_summary", "fact_coverage", "load_clusters"]


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


def _evidence_share(sentence: SummarySentence, texts: dict[str, str]) -> list[float]:
    """Per citation, the share of the sentence's content terms found in the evidence span it points at.

    An independent re-check of the summariser's own verification: the span is re-read from the cited
    article, so a citation whose evidence does not carry the sentence shows up as a low share.
    """
    terms = content_terms(sentence.text.replace(" …", ""))
    evidence = {v.evidence.article_id: v.evidence for v in sentence.verification}
    out = []
    for aid in sentence.citations:
        span = evidence[aid]
        have = set(content_terms(texts.get(aid, "")[span.start:span.end]))
        out.append(sum(1 for t in terms if t in have) / max(1, len(terms)))
    return out


def _verified(sentence: SummarySentence) -> set[str]:
    """The articles whose evidence verifies ``sentence``."""
    return {v.evidence.article_id for v in sentence.verification}


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
        ``"mean_words"`` (words scored per summary), ``"n_citations"``, ``"citation_evidence"`` (mean share
        of a cited sentence's content terms found in the evidence span of the citation, re-read from the
        article), ``"weak_citations"`` (citations whose evidence has under half of them),
        ``"n_clusters", "n_sentences", "seconds", "words", "budget"}``.
    """
    cfg = replace(config or SummaryConfig(), truncate=True)
    scorer = _scorer()
    totals = {"rouge1": 0.0, "rouge2": 0.0, "rougeL": 0.0}
    n_sent = cited = multi = n_words = 0
    shares: list[float] = []
    clusters = load_clusters(path, limit)
    t0 = time.perf_counter()
    for cluster in progress(clusters, "eval summary: stories"):
        arts = cluster_articles(cluster)
        summary = summarize(arts, words, config=cfg)
        texts = {a.id: a.text for a in arts}
        shares += [x for s in summary for x in _evidence_share(s, texts)]
        n_sent += len(summary)
        cited += sum(1 for s in summary if s.citations and set(s.citations) <= _verified(s))
        multi += sum(1 for s in summary if len(s.citations) >= 2)
        text = " ".join(" ".join(s.text.replace(" …", "") for s in summary).split()[:words])
        n_words += len(text.split())
        scores = scorer.score(str(cluster["reference"]["text"]), text)
        for k in totals:
            totals[k] += scores[k].fmeasure
    n = max(1, len(clusters))
    return {**{k: round(v / n, 4) for k, v in totals.items()},
            "cited_share": round(cited / max(1, n_sent), 4), "multi_source_share": round(multi / max(1, n_sent), 4),
            "mean_words": round(n_words / n, 1), "n_citations": len(shares),
            "citation_evidence": round(sum(shares) / max(1, len(shares)), 4),
            "weak_citations": sum(1 for x in shares if x < 0.5),
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


def fact_coverage(stories: Any, nuggets: dict[str, list[list[str]]], words: int | None = None,
                  summarise: Any = None) -> dict[str, Any]:
    """Share of hand-written key facts (nuggets) that story summaries state.

    Args:
        stories: ``(story id, articles)`` pairs (e.g. :func:`storyline.claims.evalsets.basil_dev_stories`).
        nuggets: story id → nuggets, each a list of regular expressions (case-blind) any of which states it.
            A nugget counts only where two or more of the story's articles state it (a corroborated fact).
        words: summary budget (``None``: the summary config's, as in a report).
        summarise: ``articles -> [{"text"}]``; by default the report's summary (:func:`analyze_story`).

    Returns:
        ``{"stories", "nuggets", "covered", "coverage", "mean_words", "per_story"}``.
    """
    import re

    if summarise is None:
        from storyline.pipeline import AnalysisConfig, analyze_story

        def summarise(arts: Any) -> list[dict[str, Any]]:
            return list(analyze_story(arts, AnalysisConfig(words=words)).to_json()["summary"])

    total = covered = n_words = n = 0
    per: dict[str, tuple[int, int]] = {}
    for sid, arts in stories:
        if sid not in nuggets:
            continue
        pats = [re.compile("|".join(alts), re.I) for alts in nuggets[sid]]
        pats = [p for p in pats if sum(bool(p.search(a.text)) for a in arts) >= 2]
        summary = " ".join(s["text"] for s in summarise(arts))
        hit = sum(bool(p.search(summary)) for p in pats)
        per[sid] = (hit, len(pats))
        total, covered, n = total + len(pats), covered + hit, n + 1
        n_words += len(summary.split())
    return {"stories": n, "nuggets": total, "covered": covered, "coverage": round(covered / max(total, 1), 4),
            "mean_words": round(n_words / max(n, 1), 1), "per_story": per}
