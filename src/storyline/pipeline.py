"""Per-story analysis: align → provenance → cross-check → summarise, into a typed StoryAnalysis.

Every step is a pure function of the story's articles, so the local runner, a process pool or Spark can
call :func:`analyze_story` unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence

from .config import AnalysisConfig
from .contract import Claim, Conflict, Provenance, ProvenanceEdge, StoryAnalysis, SummaryMode, SummarySentence
from .gctune import fewer_collections
from .model import Article


def analyze_story(articles: Sequence[Article], config: AnalysisConfig | None = None) -> StoryAnalysis:
    """Everything the analysis finds in one story: summary, timeline, quotes, conflicts, reuse, claims,
    provenance and entities, as typed records (``.to_json()`` gives the report's story fields)."""
    with fewer_collections():
        return _analyze(articles, config or AnalysisConfig())


def _analyze(articles: Sequence[Article], cfg: AnalysisConfig) -> StoryAnalysis:
    from .align.passages import align_story, reuse_records
    from .align.provenance import derive
    from .crosscheck import crosscheck
    from .summarize.corrections import correct_misspellings
    from .summarize.extractive import summarize

    chosen = _choose(articles, cfg.max_articles)
    alignments = align_story(chosen, cfg.align) if len(chosen) > 1 else []
    prov = derive(chosen, alignments)
    groups = dict(prov.groups)
    for a in articles:  # duplicates left out of the analysis join their representative's group
        rep = a.duplicate_of or a.near_duplicate_of
        groups.setdefault(a.id, groups.get(rep, rep) if rep else a.id)
    copied_from = {e.target: e.source for e in prov.edges}
    check = crosscheck(chosen, groups, copied_from, spun=set(prov.spun), alignments=alignments)
    # Only counts and dates are worth an inline "[n sources; m say …]": a misspelt name or a garbled
    # quote is shown in the conflicts table instead of cluttering a summary sentence.
    inline = [c for c in check.conflicts if c.kind in ("number", "date")]
    # Spun copies (their garbled quotes and odd phrases) are not leaned on when a clean source says the same.
    summary = correct_misspellings(summarize(chosen, cfg.words, disputed=inline, groups=groups,
                                             avoid=set(prov.spun) & spun_with_garbled_quotes(check.conflicts),
                                             config=cfg.summary),
                                   check.conflicts)
    mode = SummaryMode()
    if cfg.llm is not None:
        summary, mode = _abstractive(chosen, cfg, check.claims, inline, summary)
    provenance = Provenance(prov.original, [ProvenanceEdge(e.source, e.target, round(e.confidence, 3), e.kind,
                                                           list(e.reasons)) for e in prov.edges],
                            groups, {k: list(v) for k, v in prov.spun.items()})
    return StoryAnalysis(summary=summary, summary_mode=mode, timeline=check.timeline, quotes=check.quotes,
                         conflicts=check.conflicts, reuse=reuse_records(alignments), claims=check.claims,
                         provenance=provenance, entities=check.entities)


def spun_with_garbled_quotes(conflicts: Sequence[Conflict]) -> set[str]:
    """Articles printing a quotation in words no other article gives (the garbled side of a quote conflict).

    The spin flag alone also falls on real outlets that render a quote their own way; a spun article whose
    quotations are also garbled is the machine-spun copy the summary should not lean on.
    """
    out: set[str] = set()
    for c in conflicts:
        if c.kind == "quote" and not c.about.startswith("speaker of"):
            for v in c.values[1:]:
                out.update(v.articles)
    return out


def _choose(articles: Sequence[Article], limit: int) -> list[Article]:
    if len(articles) <= limit:
        return list(articles)
    originals = [a for a in articles if not (a.duplicate_of or a.near_duplicate_of)]
    rest = [a for a in articles if a.duplicate_of or a.near_duplicate_of]
    ordered = sorted(originals, key=lambda a: (a.published is None, a.published or 0)) + rest
    return ordered[:limit]


def _abstractive(articles: Sequence[Article], cfg: AnalysisConfig, claims: Sequence[Claim],
                 disputed: Sequence[Conflict], extractive: list[SummarySentence],
                 ) -> tuple[list[SummarySentence], SummaryMode]:
    """The verified LLM summary, or the extractive one (with the reason) when the endpoint fails.

    One unreachable or confused endpoint must not cost the user the whole report: the story keeps its
    extractive summary and the report says why.
    """
    from .summarize.llm import LLMError, abstractive_summary

    assert cfg.llm is not None
    try:
        out = abstractive_summary(articles, cfg.llm, cfg.words, facts=list(claims)[:20], disputed=disputed,
                                  summary_config=cfg.summary)
    except LLMError as exc:
        return extractive, SummaryMode(llm_error=str(exc))
    if not out.summary:  # nothing the model wrote could be verified
        return extractive, SummaryMode(model=out.model, dropped=out.dropped,
                                       llm_error="no generated sentence was supported by the articles")
    return out.summary, SummaryMode("abstractive", model=out.model, dropped=out.dropped)
