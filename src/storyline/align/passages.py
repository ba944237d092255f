"""Passage alignment between the articles of a story: who reuses whose text, and how.

Pipeline for one pair (:func:`align_pair`):

1. **Word-level local alignment** (:mod:`storyline.wordalign`): shared word 3-grams seed exact runs,
   runs are chained across small edits, gaps are aligned exactly — passages with character spans
   in both texts and counts of matched, synonym, substituted, inserted and deleted words.
2. **Quotations apart** (:mod:`storyline.quotespans`): aligned words inside quotation marks (in either
   article) are a *shared quotation* — both quote the same letter or speaker — and never count as
   reuse. A pair sharing only quotations is ``quotation_only`` and is not a reuse edge.
3. **Paraphrase**: sentences not explained by word-level passages are matched by the sentence
   paraphrase model (:mod:`storyline.paraphrase`), which catches rewrites with little word overlap.
4. **Classes** (:mod:`storyline.reuse_classes`): each passage and the pair get a kind (duplicate,
   copy, rewrite, paraphrase, spin) with the evidence, and the pair is oriented source → target
   (:func:`storyline.provenance.pair_direction`).

:func:`align_story` never compares all pairs: an inverted index over n-gram hashes that are rare in
the story picks the candidate pairs. :func:`reuse_records` gives the report contract's ``reuse[]``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import chain, combinations

from ..config import AlignConfig
from ..contract import Reuse, ReusePassage
from ..model import Article, Span
from . import provenance
from .kinds import (
    PairEvidence,
    Passage,
    Prepared,
    classify_pair,
    may_link,
    paraphrase_plan,
    prepare,
    sentence_passages,
    split_by_quotes,
)
from .wordalign import RawPassage, align_tokens

__all__ = ["AlignConfig", "Alignment", "Passage", "align_pair", "align_story", "prepare", "reuse_records"]

#: Pair kinds that are reuse edges (``quotation_only`` and ``none`` are not).
REUSE_KINDS = frozenset({"duplicate", "copy", "rewrite", "paraphrase", "spin"})


@dataclass(slots=True)
class Alignment:
    """How two articles relate: the kind of reuse, oriented from the likely original to the copy."""

    source: str
    target: str
    kind: str
    score: float
    passages: list[Passage] = field(default_factory=list)
    shared_quotations: list[Passage] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    direction_confidence: float = 0.5
    direction_reasons: list[str] = field(default_factory=list)
    spun: str | None = None

    @property
    def is_reuse(self) -> bool:
        """True for a reuse edge (not ``none`` or ``quotation_only``)."""
        return self.kind in REUSE_KINDS


def _passages(pa: Prepared, pb: Prepared, cfg: AlignConfig, credited: bool = False
              ) -> tuple[list[Passage], list[Passage]]:
    """Reuse passages and shared quotations of ``a`` (source side) against ``b``."""
    found = _search(pa, pb, cfg, credited, prune=False)
    assert found is not None
    return found


def _search(pa: Prepared, pb: Prepared, cfg: AlignConfig, credited: bool, prune: bool
            ) -> tuple[list[Passage], list[Passage]] | None:
    """:func:`_passages`; with ``prune``, ``None`` when the pair is certain to be of kind ``none``: no
    shared quotation, and even if the paraphrase model accepted every candidate sentence pair, the link
    rules or the reuse-or-not model would say no (:func:`~.kinds.may_link`). The paraphrase model is
    then never run.
    """
    raw = align_tokens(pa.tokens, pb.tokens, cfg.max_gap, cfg.min_match)
    # One word belongs to one passage: longer passages first; a later one loses the columns already
    # taken (repeated headlines and boilerplate make passages overlap at their ends).
    raw.sort(key=lambda p: -len(p.columns))
    taken_a: set[int] = set()
    taken_b: set[int] = set()
    kept = []
    for p in raw:
        cols = [c for c in p.columns if c[0] not in taken_a and c[1] not in taken_b]
        if len(cols) < len(p.columns):
            p = RawPassage(p.a_start, p.a_end, p.b_start, p.b_end, cols)
        taken_a.update(c[0] for c in cols if c[0] >= 0)
        taken_b.update(c[1] for c in cols if c[1] >= 0)
        kept.append(p)
    reuse, quotes = split_by_quotes(kept, pa.tokens, pb.tokens, cfg.min_match)
    plan = paraphrase_plan(pa, pb, reuse, quotes) if cfg.paraphrase else None
    if prune and not quotes:
        # First with every sentence left as reachable (cheap), then with the candidate sentences only.
        if not may_link(pa, pb, reuse, plan.reach(scored=False) if plan else ([], []), cfg, credited):
            return None
        if plan and not may_link(pa, pb, reuse, plan.reach(), cfg, credited):
            return None
    if plan is not None:
        reuse += sentence_passages(pa, pb, reuse, quotes, cfg.paraphrase_threshold, loose=credited, plan=plan)
    reuse.sort(key=lambda p: p.source_span)
    quotes.sort(key=lambda p: p.source_span)
    return reuse, quotes


def _flip(p: Passage) -> Passage:
    edits = dict(p.edits)
    edits["insert"], edits["delete"] = p.edits.get("delete", 0), p.edits.get("insert", 0)
    return Passage(p.target_span, p.source_span, p.similarity, p.kind, edits)


def align_pair(a: Article, b: Article, config: AlignConfig | None = None, *,
               prepared: tuple[Prepared, Prepared] | None = None,
               story_counts: Counter[str] | None = None, prune: bool = False) -> Alignment:
    """Align two articles and classify their relation.

    Args:
        a: one article.
        b: the other; the result is oriented from the likely original to the derived one.
        config: aligner settings.
        prepared: :func:`prepare` results for ``a`` and ``b`` when the caller has them.
        story_counts: per-word-bigram article counts of the story (helps tell which side of a
            spun pair holds the broken phrases); optional.
        prune: return a bare kind ``none`` alignment (no passages, direction or evidence) as soon as the
            pair is certain to be of kind ``none`` (see :func:`_search`): what :func:`align_story`
            drops anyway.

    Returns:
        The :class:`Alignment` (kind ``none`` when nothing but chance words is shared).
    """
    cfg = config or AlignConfig()
    pa, pb = prepared or (prepare(a, cfg.seed_n), prepare(b, cfg.seed_n))
    if pa.exact_form() == pb.exact_form():
        src, tgt, conf, why = provenance.pair_direction(a, b, 0.0, 0.0, None)
        n = len(pa.tokens)
        full = Passage((0, len(src.text)), (0, len(tgt.text)), 1.0, "copy", {"match": n})
        return Alignment(src.id, tgt.id, "duplicate", 1.0, [full], [], ["identical words (exact duplicate)"],
                         conf, why)
    credited = provenance.credit_of(b, a) is not None or provenance.credit_of(a, b) is not None
    found = _search(pa, pb, cfg, credited, prune)
    if found is None:
        return Alignment(a.id, b.id, "none", 0.0)
    reuse, quotes = found
    ev: PairEvidence = classify_pair(pa, pb, reuse, quotes, cfg, story_counts, credited)
    src, tgt, conf, why = provenance.pair_direction(a, b, ev.coverage_a, ev.coverage_b, ev.spun_side)
    flipped = src.id != a.id
    passages = [_flip(p) for p in reuse] if flipped else reuse
    shared = [_flip(p) for p in quotes] if flipped else quotes
    score = ev.coverage_a if flipped else ev.coverage_b
    spun = {"a": a.id, "b": b.id}.get(ev.spun_side or "", None)
    return Alignment(src.id, tgt.id, ev.kind, round(score, 4), passages, shared, ev.evidence, conf, why, spun)


def _story_index(prepared: Sequence[Prepared], cfg: AlignConfig) -> dict[int, list[int]]:
    """n-gram hash → articles holding it (in order), for the n-grams shared by two or more articles and
    rare in the story (held by at most ``max_story_df`` of its articles, in stories of 4+)."""
    held = Counter(chain.from_iterable(p.tokens.grams for p in prepared))  # each article's keys are distinct
    n = len(prepared)
    limit = max(2, int(cfg.max_story_df * n)) if n >= 4 else n
    shared = {h for h, c in held.items() if 2 <= c <= limit}
    index: dict[int, list[int]] = {}
    for k, p in enumerate(prepared):
        for h in shared.intersection(p.tokens.grams):
            index.setdefault(h, []).append(k)
    return index


def _bigram_counts(prepared: Sequence[Prepared]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for p in prepared:
        norm = p.tokens.norm
        counts.update({f"{x} {y}" for x, y in zip(norm, norm[1:], strict=False)})
    return counts


def align_story(articles: Sequence[Article], config: AlignConfig | None = None) -> list[Alignment]:
    """Align the candidate pairs of one story.

    Candidate pairs share at least ``min_shared_seeds`` n-grams that are rare in the story (found
    through an inverted index, never by comparing all pairs); each is aligned with
    :func:`align_pair`. Pairs with nothing in common beyond chance are left out.

    Args:
        articles: the articles of one story.
        config: aligner settings.

    Returns:
        Alignments of kind duplicate/copy/rewrite/paraphrase/spin/quotation_only, best score first.
    """
    cfg = config or AlignConfig()
    prepared = [prepare(a, cfg.seed_n) for a in articles]
    index = _story_index(prepared, cfg)
    shared: Counter[tuple[int, int]] = Counter()
    for holders in index.values():
        if len(holders) > 1:
            shared.update(combinations(holders, 2))
    counts = _bigram_counts(prepared) if len(prepared) >= 3 else None
    out: list[Alignment] = []
    for i, j in _closest_pairs(shared, cfg.min_shared_seeds, cfg.max_partners):
        al = align_pair(articles[i], articles[j], cfg, prepared=(prepared[i], prepared[j]), story_counts=counts,
                        prune=True)
        if al.kind != "none":
            out.append(al)
    out.sort(key=lambda al: (-al.score, al.source, al.target))
    return out


def _closest_pairs(shared: Counter[tuple[int, int]], least: int, partners: int) -> list[tuple[int, int]]:
    """The pairs worth aligning: each article's ``partners`` best by shared seeds, in a fixed order."""
    ranked: dict[int, list[tuple[int, int]]] = {}
    for (i, j), n in shared.items():
        if n >= least:
            ranked.setdefault(i, []).append((n, j))
            ranked.setdefault(j, []).append((n, i))
    keep: set[tuple[int, int]] = set()
    for i, options in ranked.items():
        options.sort(key=lambda x: (-x[0], x[1]))  # most shared first; ties by position, not hash order
        keep.update((min(i, j), max(i, j)) for _, j in options[:partners])
    return sorted(keep)


def reuse_records(alignments: Sequence[Alignment]) -> list[Reuse]:
    """The story's reuse edges among ``alignments`` (the report's ``reuse[]``).

    ``source`` is the likely original of the pair; ``quotation_only`` and ``none`` pairs are left out.
    """
    def passage(p: Passage, al: Alignment) -> ReusePassage:
        return ReusePassage(Span(al.source, *p.source_span), Span(al.target, *p.target_span), p.kind,
                            round(p.similarity, 3), dict(p.edits))

    return [Reuse(al.source, al.target, al.kind, round(al.score, 4), [passage(p, al) for p in al.passages],
                  [passage(p, al) for p in al.shared_quotations], list(al.evidence),
                  round(al.direction_confidence, 3), list(al.direction_reasons))
            for al in alignments if al.is_reuse]
