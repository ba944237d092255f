"""Per-story analysis: align → provenance → cross-check → summarise, into the report's story fields.

Every step is a pure function of the story's articles, so the local runner, a process pool or Spark can
call :func:`analyze_story` unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .model import Article

if TYPE_CHECKING:
    from .summarize.llm import LLMConfig

#: Above this many articles a story is analysed on its originals only (duplicates add nothing to
#: alignment or claims but cost quadratic alignment time); they still count through their group.
MAX_ANALYSED = 250


@dataclass(slots=True, frozen=True)
class AnalysisConfig:
    """Options of the per-story analysis.

    Attributes:
        words: summary word budget.
        max_articles: cap on the articles aligned per story (originals first, then by date).
        llm: an OpenAI-compatible chat endpoint for the abstractive summary; ``None`` (the default)
            keeps the extractive one. Generated sentences are verified like extracted ones or dropped.
    """

    words: int = 150
    max_articles: int = MAX_ANALYSED
    llm: LLMConfig | None = None


def analyze_story(articles: Sequence[Article], config: AnalysisConfig | None = None) -> dict[str, Any]:
    """The report fields of one story: summary, timeline, quotes, conflicts, reuse, claims, provenance."""
    from .align.passages import align_story, reuse_records
    from .align.provenance import derive
    from .crosscheck import crosscheck
    from .summarize.extractive import summarize

    cfg = config or AnalysisConfig()
    chosen = _choose(articles, cfg.max_articles)
    alignments = align_story(chosen) if len(chosen) > 1 else []
    prov = derive(chosen, alignments)
    groups = dict(prov.groups)
    for a in articles:  # duplicates left out of the analysis join their representative's group
        rep = a.duplicate_of or a.near_duplicate_of
        groups.setdefault(a.id, groups.get(rep, rep) if rep else a.id)
    copied_from = {e.target: e.source for e in prov.edges}
    check = crosscheck(chosen, groups, copied_from, spun=set(prov.spun), alignments=alignments)
    # Only counts and dates are worth an inline "[n sources; m say …]": a misspelt name or a garbled
    # quote is shown in the conflicts table instead of cluttering a summary sentence.
    inline = [c for c in check.conflicts if c["kind"] in ("number", "date")]
    # Spun copies (their garbled quotes and odd phrases) are not leaned on when a clean source says the same.
    summary = correct_misspellings(summarize(chosen, cfg.words, disputed=inline, groups=groups,
                                             avoid=set(prov.spun) & spun_with_garbled_quotes(check.conflicts)),
                                   check.conflicts)
    mode: dict[str, Any] = {"mode": "extractive"}
    if cfg.llm is not None:
        summary, mode = _abstractive(chosen, cfg, check.claims, inline, summary)
    return {
        "summary": summary,
        "summary_mode": mode,
        "timeline": check.timeline,
        "quotes": check.quotes,
        "conflicts": check.conflicts,
        "reuse": reuse_records(alignments),
        "claims": check.claims,
        "provenance": {
            "original": prov.original,
            "edges": [{"source": e.source, "target": e.target, "confidence": round(e.confidence, 3),
                       "kind": e.kind, "reasons": e.reasons} for e in prov.edges],
            "groups": groups,
            "independent_sources": len(set(groups.values())),
            "spun": prov.spun,
        },
        "entities": check.entities,
    }


def spun_with_garbled_quotes(conflicts: Sequence[dict[str, Any]]) -> set[str]:
    """Articles printing a quotation in words no other article gives (the garbled side of a quote conflict).

    The spin flag alone also falls on real outlets that render a quote their own way; a spun article whose
    quotations are also garbled is the machine-spun copy the summary should not lean on.
    """
    out: set[str] = set()
    for c in conflicts:
        if c.get("kind") == "quote" and not str(c.get("about", "")).startswith("speaker of"):
            for v in c.get("values", [])[1:]:
                out.update(v.get("articles", []))
    return out


def _choose(articles: Sequence[Article], limit: int) -> list[Article]:
    if len(articles) <= limit:
        return list(articles)
    originals = [a for a in articles if not (a.duplicate_of or a.near_duplicate_of)]
    rest = [a for a in articles if a.duplicate_of or a.near_duplicate_of]
    ordered = sorted(originals, key=lambda a: (a.published is None, a.published or 0)) + rest
    return ordered[:limit]


def _abstractive(articles: Sequence[Article], cfg: AnalysisConfig, claims: Sequence[dict[str, Any]],
                 disputed: Sequence[dict[str, Any]], extractive: list[dict[str, Any]],
                 ) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The verified LLM summary, or the extractive one (with the reason) when the endpoint fails.

    One unreachable or confused endpoint must not cost the user the whole report: the story keeps its
    extractive summary and the report says why.
    """
    from .summarize.llm import LLMError, abstractive_summary

    assert cfg.llm is not None
    try:
        out = abstractive_summary(articles, cfg.llm, cfg.words, facts=list(claims)[:20], disputed=disputed)
    except LLMError as exc:
        return extractive, {"mode": "extractive", "llm_error": str(exc)}
    if not out["summary"]:  # nothing the model wrote could be verified
        return extractive, {"mode": "extractive", "model": out["model"], "dropped": out["dropped"],
                            "llm_error": "no generated sentence was supported by the articles"}
    return out["summary"], {"mode": "abstractive", "model": out["model"], "dropped": out["dropped"]}


def correct_misspellings(summary: list[dict[str, Any]], conflicts: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Write a name the way most independent sources spell it, saying so, in summary sentences that
    were taken from an article using a minority spelling ("Ingrid Falconer [spelt “Falconner” by 1 source]").

    The sentence's citations were verified on its original wording; only the name changes, and the
    sentence records the change under ``corrected``.
    """
    from rapidfuzz import fuzz

    fixes: dict[str, tuple[re.Pattern[str], str, int]] = {}  # wrong token -> (pattern, right token, sources)
    for c in conflicts:
        right = str(c.get("likely_correct") or "")
        if c.get("kind") != "name" or not right:
            continue
        for v in c.get("values", []):
            if v.get("value") == right:
                continue
            for form in sorted({str(v.get("value", "")), *map(str, v.get("forms", []))}):
                for bad in form.split():
                    # the token of the right spelling this one is a typo of ("Falconner" -> "Falconer");
                    # titles and first names in other forms ("Mayor", "Ms") match none and stay
                    good = max(right.split(), key=lambda t: fuzz.ratio(bad, t))
                    if bad != good and bad not in fixes and fuzz.ratio(bad, good) >= 75:
                        pattern = re.compile(rf"(?<![\w-]){re.escape(bad)}(?![\w-])")
                        fixes[bad] = (pattern, good, len(v.get("articles", [])))
    for sentence in summary:
        text = sentence["text"]
        for bad, (pattern, good, n) in fixes.items():
            first = pattern.search(text)
            if first is None:
                continue
            note = f" [spelt “{bad}” by {n} source{'s' if n != 1 else ''}]"
            text = text[:first.start()] + good + note + pattern.sub(good, text[first.end():])
            sentence.setdefault("corrected", []).append({"from": bad, "to": good})
        sentence["text"] = text
    return summary
