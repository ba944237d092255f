"""The reuse-level model: features of an aligned pair and its prediction (pure).

Features are seen from the pair's more-covered (likely derived) side, with its quoted words left out:
per sentence, the best LCS share and content-word containment against the other text's sentences
(mean, and shares above 0.8 and 0.5); over the text, the exact share of word-aligned passages, word
1/3/5-gram containment, the *ordered* content overlap (longest common subsequence of content concepts:
a rewrite follows its source's order of ideas, an independent text on the same subject uses the same
vocabulary in its own order) and the share of words inside shared 8-word runs (copy-paste leaves long
verbatim runs, a light revision breaks them every few words). Two small logistic regressions
(``storyline.reuse_model.REUSE``, trained on the Clough & Stevenson development split by
``storyline.eval.reuse``) read them: reuse or not, then paraphrase / rewrite / copy.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import Counter
from itertools import chain, compress, count
from operator import itemgetter, not_
from typing import TYPE_CHECKING, Any

from rapidfuzz.distance import LCSseq

from . import weights as reuse_model
from .bags import Bag, bag, inter
from .wordalign import TokenSeq

if TYPE_CHECKING:
    from .kinds import Passage, Prepared

__all__ = ["coverage", "known_level", "pair_features", "reuse_level"]


def coverage(tok: TokenSeq, spans: list[tuple[int, int]]) -> tuple[int, int]:
    """(unquoted words inside ``spans``, all unquoted words)."""
    starts = tok.unquoted_starts()
    inside = 0
    end = -1
    # Each unquoted word start inside the union of the spans counts once: merge the spans, then count
    # the starts in each merged span by binary search (the same count as walking every word).
    for s, e in sorted(spans):
        if s < end:
            if e > end:
                inside += bisect_left(starts, e) - bisect_left(starts, end)
                end = e
            continue
        inside += bisect_left(starts, e) - bisect_left(starts, s)
        end = e
    return inside, len(starts)


def _containment(d: Prepared, o: Prepared, n: int) -> float:
    mine = d.gram_bag(n, True)
    return inter(mine, o.gram_bag(n, False)) / max(1, mine.total)


_COUNT = itemgetter(1)


def _sentence_bags(p: Prepared, unquoted: bool) -> list[Bag]:
    """The content-concept bags of ``p``'s sentences (of :meth:`~.kinds.Prepared.unquoted_bags` when
    ``unquoted``) as :class:`~.bags.Bag` for fast intersections (built once per article)."""
    key = f"bags:{unquoted}"
    if key not in p._cache:
        p._cache[key] = ([bag(b) for _, b, _ in p.unquoted_bags()] if unquoted
                         else [bag(b) for _, _, b in p.sentence_concepts()])
    return p._cache[key]  # type: ignore[no-any-return]


def _sentence_scores(d: Prepared, o: Prepared, top: int = 3) -> list[tuple[float, float]]:
    """For each sentence of ``d`` (unquoted words): best LCS share and content containment in ``o``.

    Only the ``top`` sentences of ``o`` sharing the most content concepts are compared.
    """
    other, index = o.sentence_concepts(), o.concept_index()
    other_bags = _sentence_bags(o, False)
    out: list[tuple[float, float]] = []
    for (con, bag_, size), mine in zip(d.unquoted_bags(), _sentence_bags(d, True), strict=True):
        # one Counter over the chained postings: the same counts, in the same first-seen order
        shared: Counter[int] = Counter(chain.from_iterable(index.get(c, ()) for c in bag_))
        best_l = best_c = 0.0
        # ``shared.most_common(top)``: a stable sort keeps its first-seen order among equal counts (in C)
        for x, _ in sorted(shared.items(), key=_COUNT, reverse=True)[:top]:
            best_l = max(best_l, LCSseq.similarity(con, other[x][0]) / len(con))
            best_c = max(best_c, inter(mine, other_bags[x]) / size)
        out.append((best_l, best_c))
    return out


def _ordered_content(d: Prepared, o: Prepared) -> float:
    """Longest common subsequence of content concepts, as a share of ``d``'s unquoted content words."""
    mine = d.content_sequence(True)
    return LCSseq.similarity(mine, o.content_sequence(False)) / len(mine) if mine else 0.0


def _run_coverage(d: Prepared, o: Prepared, n: int = 8) -> float:
    """Share of ``d``'s unquoted words inside an ``n``-word run found verbatim in ``o``."""
    a = d.tokens.norm
    theirs = o.gram_set(n)
    if len(a) < n or not theirs:
        return 0.0
    # the n-grams of ``a`` in text order, tested against ``theirs`` in C; a word is covered when one of
    # the n runs holding it is shared
    hits = map(theirs.__contains__, zip(*(a[k:] for k in range(n)), strict=False))
    covered = [False] * len(a)
    run = [True] * n
    for i in compress(count(), hits):
        covered[i:i + n] = run
    unq = list(compress(covered, map(not_, d.tokens.quoted)))
    return sum(unq) / max(1, len(unq))


#: Features of :func:`pair_features` that depend on the two texts and the choice of derived side only, not
#: on the passages: the sentence scores (0-5), n-gram containment (7-9), ordered content (12), 8-word runs (13).
_FROM_SIDES = (0, 1, 2, 3, 4, 5, 7, 8, 9, 12, 13)


def _side_features(d: Prepared, o: Prepared, which: tuple[int, ...]) -> dict[int, float]:
    """The :data:`_FROM_SIDES` features in ``which`` of ``d`` as the derived side against ``o`` (kept on
    ``d`` per partner: :func:`known_level` and :func:`pair_features` both need them)."""
    memo: dict[int, float] = d._cache.setdefault(f"vs:{o.article.id}", {})
    if any(i < 6 and i not in memo for i in which):
        sc = _sentence_scores(d, o)
        n = max(1, len(sc))
        memo.update({0: sum(x for x, _ in sc) / n, 1: sum(1 for x, _ in sc if x >= 0.8) / n,
                     2: sum(1 for x, _ in sc if x >= 0.5) / n, 3: sum(y for _, y in sc) / n,
                     4: sum(1 for _, y in sc if y >= 0.8) / n, 5: sum(1 for _, y in sc if y >= 0.5) / n})
    for i in which:
        if i not in memo:
            memo[i] = (_containment(d, o, {7: 1, 8: 3, 9: 5}[i]) if i in (7, 8, 9)
                       else _ordered_content(d, o) if i == 12 else _run_coverage(d, o))
    return memo


def known_level(d: Prepared, o: Prepared, word_reuse: list[Passage]) -> str | None:
    """What :func:`reuse_level` will say for a pair whose derived side is ``d``, before its paraphrase
    passages are searched for (``word_reuse``: its word-level reuse passages); ``None`` if that depends on them.

    The models read the sentence, containment, ordered-content and verbatim-run features of the derived side
    and the exact share of the word-level passages: none of them changes with paraphrase passages, which
    move only the coverage (features 10 and 11).
    """
    model = reuse_model.REUSE  # the model reuse_level reads
    if "binary" not in model:
        return "none"
    binary = model["binary"]
    first = tuple(binary["features"])
    read = set(first) | set(model["level"]["features"])
    if not read <= {*_FROM_SIDES, 6}:
        return None
    if 6 not in first:  # the reuse-or-not model first, on its few features: most pairs stop here
        own = _side_features(d, o, first)
        if _logistic_multi([own[i] for i in first], binary)[-1] < 0.5:
            return "none"
    own = _side_features(d, o, tuple(sorted(read - {6})))
    feats = [own.get(i, 0.0) for i in range(14)]
    feats[6] = _exact_share(word_reuse)
    return reuse_level(feats)[0]


def _exact_share(reuse: list[Passage]) -> float:
    """Feature 6: exactly matching words among the aligned words of the word-level passages."""
    edits: Counter[str] = Counter()
    for p in reuse:
        if p.kind != "paraphrase":
            edits.update(p.edits)
    aligned = edits["match"] + edits["synonym"] + edits["substitute"]
    return edits["match"] / aligned if aligned else 0.0


def pair_features(pa: Prepared, pb: Prepared, reuse: list[Passage]) -> tuple[list[float], float, float, int]:
    """Features of a pair seen from its more-covered (likely derived) side.

    Sentence level: for each derived sentence, its best LCS share and content containment against
    the other text's sentences (mean, and shares above 0.8 and 0.5); word level: the exact share of
    word-aligned passages, word 1/3/5-gram containment, ordered content overlap and the share of words
    in shared 8-word runs (features 12 and 13). Quoted words of the derived side are left
    out throughout (a shared quotation is not reuse).

    Returns:
        ``(features, coverage_a, coverage_b, reused_words_of_derived_side)``.
    """
    a, b = pa.tokens, pb.tokens
    in_a, tot_a = coverage(a, [p.source_span for p in reuse])
    in_b, tot_b = coverage(b, [p.target_span for p in reuse])
    cov_a, cov_b = in_a / max(1, tot_a), in_b / max(1, tot_b)
    d, o = (pb, pa) if cov_b >= cov_a else (pa, pb)
    own = _side_features(d, o, _FROM_SIDES)
    edits: Counter[str] = Counter()
    for p in reuse:
        if p.kind != "paraphrase":
            edits.update(p.edits)
    aligned = edits["match"] + edits["synonym"] + edits["substitute"]
    feats = [own[i] for i in range(6)] + [edits["match"] / aligned if aligned else 0.0] + [own[i] for i in (7, 8, 9)]
    feats += [edits["match"] / max(1, tot_b if d is pb else tot_a), max(cov_a, cov_b), own[12], own[13]]
    return feats, cov_a, cov_b, in_b if d is pb else in_a


def _logistic_multi(features: list[float], model: dict[str, object]) -> list[float]:
    mean, scale = model["mean"], model["scale"]
    coef, icpt = model["coef"], model["intercept"]
    assert isinstance(mean, list) and isinstance(scale, list) and isinstance(coef, list) and isinstance(icpt, list)
    z = [float(b) + sum(c * (x - m) / s for c, x, m, s in zip(row, features, mean, scale, strict=True))
         for row, b in zip(coef, icpt, strict=True)]
    top = max(z)
    ex = [math.exp(v - top) for v in z]
    total = sum(ex)
    return [v / total for v in ex]


def reuse_level(features: list[float], model: dict[str, Any] | None = None) -> tuple[str, dict[str, float]]:
    """Reuse level of a pair from :func:`pair_features`: none, paraphrase, rewrite or copy.

    Two small logistic regressions: reuse or not (on the sentence means and the ordered content
    overlap), then, for reuse, paraphrase / rewrite / copy (on the sentence, containment and verbatim-run
    features).
    """
    model = model if model is not None else reuse_model.REUSE
    if "binary" not in model:  # no trained model yet (only while training)
        return "none", {}
    binary, level = model["binary"], model["level"]
    p_reuse = _logistic_multi([features[i] for i in binary["features"]], binary)[-1]
    probs = _logistic_multi([features[i] for i in level["features"]], level)
    labels = ["none", *level["labels"]]
    full = [1.0 - p_reuse, *(p_reuse * p for p in probs)]
    best = 0 if p_reuse < 0.5 else 1 + max(range(len(probs)), key=probs.__getitem__)
    return labels[best], {k: round(p, 3) for k, p in zip(labels, full, strict=True)}
