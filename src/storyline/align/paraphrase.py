"""Sentence paraphrase scoring and sentence-level matching between two articles (pure).

Word overlap alone cannot tell "same content, new words" from "same words, new content", so a pair
of sentences is described by ~60 lexical features — word, stem, synonym-concept and character n-gram
overlaps in both directions, LCS, BLEU-like precision, fuzzy ratios, and what is *left over*: unmatched
content words, numbers, capitalised names, negation, antonyms, dates — and a small logistic
regression trained on the MRPC development split turns them into a probability
(``storyline.reuse_model``; training and cross-validation in ``storyline.eval.reuse``). Five more
features come from two small learnt tables: how much an unmatched word, or an unmatched pair of
words, shifts the odds (300 words and 500 pairs, learnt from the development split).

With the ``[embed]`` extra installed (:mod:`storyline.embed`: all-MiniLM-L6-v2, offline) a second
coefficient set, ``reuse_model.PARAPHRASE_EMBED``, is used instead: the same lexical and table
features plus :func:`embedding_features` (cosine of the two sentence embeddings, and of the words each
sentence does not share with the other). :func:`active_model` picks it at run time; without the extra
(or with ``STORYLINE_EMBED=0``) the lexical model is used unchanged. The encoder is never required.
:func:`set_encoder` still blends an arbitrary similarity function in on top.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from typing import Any

from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq

from ..text.lexsim import STOPWORDS, concept, is_number, stem, tokenize
from . import embed
from . import weights as reuse_model
from .bags import Bag, PairTable, bag, inter, overlaps

__all__ = ["SentenceMatch", "active_model", "embedding_features", "embedding_features_many", "encoder_name",
           "match_sentences", "paraphrase_features", "paraphrase_probability", "sentence_candidates",
           "sentence_features", "set_encoder", "table_features", "unmatched"]

_NEG = frozenset({"not", "no", "never", "nor", "none", "nothing", "without", "cannot"})
_CAP = re.compile(r"(?<!^)\b[A-Z][\w'’\-]*")
_TIME = frozenset("monday tuesday wednesday thursday friday saturday sunday yesterday today tomorrow tonight "
                  "january february march april may june july august september october november december".split())
_ANTONYMS = [("rise", "fall"), ("gain", "lose"), ("up", "down"), ("advance", "decline"), ("increase", "decrease"),
             ("higher", "lower"), ("gain", "fall"), ("rise", "drop"), ("win", "lose"), ("buy", "sell"),
             ("before", "after"), ("first", "last"), ("more", "less"), ("above", "below"), ("open", "close"),
             ("accept", "reject"), ("allow", "ban"), ("guilty", "innocent"), ("advancing", "declining"),
             ("advancers", "decliners"), ("gained", "retreated"), ("rose", "fell"), ("up", "off")]
_ANT = {(stem(a), stem(b)) for a, b in _ANTONYMS} | {(stem(b), stem(a)) for a, b in _ANTONYMS}
_ANT_OF: dict[str, frozenset[str]] = {x: frozenset(y for x2, y in _ANT if x2 == x) for x, _ in _ANT}
_NONE: frozenset[str] = frozenset()

_encoder: Callable[[str, str], float] | None = None


def set_encoder(similarity: Callable[[str, str], float] | None) -> None:
    """Blend an embedding similarity (0–1) into :func:`paraphrase_probability`; ``None`` removes it.

    Example (with the ``[embed]`` extra installed)::

        from sentence_transformers import SentenceTransformer, util
        m = SentenceTransformer("all-MiniLM-L6-v2")
        set_encoder(lambda a, b: float(util.cos_sim(m.encode(a), m.encode(b))))
    """
    global _encoder
    _encoder = similarity


def _grams(seq: Sequence[str], n: int) -> Counter[tuple[str, ...]]:
    return Counter(zip(*(seq[k:] for k in range(n)), strict=False))  # the n-grams in order, built in C


def _chars(s: str, n: int, folded: bool = False) -> Counter[str]:
    """Character ``n``-grams of ``s``, lowercased and with its spacing folded (``folded``: ``s`` already is)."""
    if not folded:
        s = " ".join(s.lower().split())
    return Counter(map("".join, zip(*(s[k:] for k in range(n)), strict=False)))  # the n-grams in order, in C


def _run(seq: list[str], other: AbstractSet[str]) -> int:
    best = cur = 0
    for t in seq:
        cur = 0 if t in other else cur + 1
        best = max(best, cur)
    return best


def _bleu(c: _Profile, r: _Profile, shared: Sequence[int] | None = None) -> float:
    """BLEU-like precision of ``c`` against ``r`` (``shared``: their n-gram intersections, when known)."""
    logs = 0.0
    for k, (cn, rn) in enumerate(zip(c.gram_bags, r.gram_bags, strict=True)):
        logs += math.log(((inter(cn, rn) if shared is None else shared[k]) + 1) / (max(1, cn.total) + 1))
    return min(1.0, math.exp(1 - len(r.tokens) / max(1, len(c.tokens)))) * math.exp(logs / 4)


def _overlaps_of(n: int, a: int, b: int) -> list[float]:
    """:func:`~.bags.overlaps` of two bags of ``a`` and ``b`` items sharing ``n``."""
    if not a or not b:
        return [0.0, 0.0, 0.0]
    p, r = n / a, n / b
    return [min(p, r), max(p, r), 2 * p * r / (p + r) if p + r else 0.0]


def _numbers(tokens: list[str]) -> set[str]:
    return {concept(t) for t in tokens if is_number(t)}


@dataclass(frozen=True, slots=True)
class _Profile:
    """Everything :func:`sentence_features` needs from one sentence (cached: a sentence meets many)."""

    text: str
    low: str
    tokens: list[str]
    grams: list[Counter[tuple[str, ...]]]
    stems: Counter[str]
    stem_set: frozenset[str]
    content: list[str]
    content_bag: Counter[str]
    content_set: frozenset[str]
    content_bigrams: Counter[tuple[str, ...]]
    chars: list[Counter[str]]
    numbers: frozenset[str]
    caps: frozenset[str]
    negated: bool
    times: frozenset[str]
    # The same multisets as :class:`~.bags.Bag` (totals and repeated keys kept), for fast intersections.
    gram_bags: tuple[Bag, ...] = ()
    stem_bag: Bag | None = None
    content_bag_b: Bag | None = None
    char_bags: tuple[Bag, ...] = ()
    bigram_bag: Bag | None = None


@lru_cache(maxsize=1 << 15)
def _profile(text: str) -> _Profile:
    a = tokenize(text)
    content = [concept(t) for t in a if t not in STOPWORDS]
    grams = [_grams(a, n) for n in (1, 2, 3, 4)]
    stems, content_bag, bigrams = Counter(map(stem, a)), Counter(content), _grams(content, 2)
    folded = " ".join(text.lower().split())
    chars = [_chars(folded, n, folded=True) for n in (3, 4, 5)]
    return _Profile(
        text, text.lower(), a, grams, stems,
        frozenset(stems), content, content_bag, frozenset(content), bigrams,
        chars, frozenset(_numbers(a)),
        frozenset(m.group().lower() for m in _CAP.finditer(text.strip())),
        any(t in _NEG or t.endswith("n't") for t in a), frozenset(t for t in a if t in _TIME),
        tuple(map(bag, grams)), bag(stems), bag(content_bag), tuple(map(bag, chars)), bag(bigrams))


@lru_cache(maxsize=1 << 15)
def _content_set(text: str) -> frozenset[str]:
    """``_profile(text).content_set`` alone: the candidate index needs only this of every sentence, and
    most sentences never become a candidate, so their full profile is never built."""
    return frozenset(concept(t) for t in tokenize(text) if t not in STOPWORDS)


def sentence_features(s1: str, s2: str) -> list[float]:
    """Symmetric lexical features of a sentence pair (the paraphrase model's inputs, in order)."""
    pa, pb = _profile(s1), _profile(s2)
    a, b = pa.tokens, pb.tokens
    f: list[float] = []
    shared_grams = [inter(ga, gb) for ga, gb in zip(pa.gram_bags, pb.gram_bags, strict=True)]  # (symmetric)
    for ga, gb, n in zip(pa.gram_bags, pb.gram_bags, shared_grams, strict=True):
        f += _overlaps_of(n, ga.total, gb.total)
    f += overlaps(pa.stem_bag, pb.stem_bag)  # type: ignore[arg-type]
    cac, cbc = pa.content_bag_b, pb.content_bag_b
    assert cac is not None and cbc is not None
    f += overlaps(cac, cbc)
    shared = inter(cac, cbc)  # what Counter subtraction leaves on each side: its total minus the shared
    ua, ub = cac.total - shared, cbc.total - shared
    f += [min(ua, ub), max(ua, ub), ua + ub]
    for ca, cb in zip(pa.char_bags, pb.char_bags, strict=True):
        f += overlaps(ca, cb)
    lcs = LCSseq.similarity(a, b)
    la, lb = len(a), len(b)
    f += sorted([lcs / max(1, la), lcs / max(1, lb)])
    f += [fuzz.ratio(pa.low, pb.low) / 100, fuzz.token_set_ratio(pa.low, pb.low) / 100,
          fuzz.token_sort_ratio(pa.low, pb.low) / 100, fuzz.partial_ratio(pa.low, pb.low) / 100]
    f += [min(la, lb), max(la, lb), abs(la - lb), min(la, lb) / max(1, la, lb)]
    na, nb = pa.numbers, pb.numbers
    f += [len(na ^ nb), float(bool(na ^ nb)), float(bool(na) and na == nb)]
    f += sorted([len(pa.caps - pb.caps), len(pb.caps - pa.caps)])
    f += [float(pa.negated != pb.negated)]
    sa, sb = pa.content_set, pb.content_set
    f += sorted([_run(pa.content, sb), _run(pb.content, sa)])
    f += sorted([_bleu(pa, pb, shared_grams), _bleu(pb, pa, shared_grams)])
    f += [len(sa & sb) / max(1, len(sa | sb))]
    f += sorted([len(sa - sb) / max(1, len(sa)), len(sb - sa) / max(1, len(sb))])
    f += [LCSseq.similarity(pa.content, pb.content) / max(1, len(sa & sb))]
    sta, stb = pa.stem_set, pb.stem_set
    only_b = stb - sta
    f += [float(any(_ANT_OF.get(x, _NONE) & only_b for x in sta - stb))]  # (x, y) in _ANT, by x
    f += overlaps(pa.bigram_bag, pb.bigram_bag)  # type: ignore[arg-type]
    f += [float(bool(pa.times) and bool(pb.times) and pa.times != pb.times)]
    return f


def _logistic(features: list[float], model: dict[str, list[float] | float]) -> float:
    mean, scale, coef = model["mean"], model["scale"], model["coef"]
    assert isinstance(mean, list) and isinstance(scale, list) and isinstance(coef, list)
    z = float(model["intercept"])  # type: ignore[arg-type]
    for x, m, s, c in zip(features, mean, scale, coef, strict=True):
        z += c * (x - m) / s
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def unmatched(s1: str, s2: str) -> tuple[frozenset[str], frozenset[tuple[str, str]]]:
    """Stems found in only one sentence, and the (sorted) pairs of one from each side."""
    a, b = _profile(s1).stem_set, _profile(s2).stem_set
    ua, ub = a - b, b - a
    return ua | ub, frozenset((min(x, y), max(x, y)) for x in ua for y in ub)


def table_features(s1: str, s2: str, words: dict[str, float], pairs: dict[str, float]) -> list[float]:
    """Features from learnt word tables (the TF-KLD idea, kept small).

    ``words`` holds, for frequent stems, the log-odds shift of "paraphrase" when the stem is in one
    sentence only ("said" matters little, a number or "not" a lot); ``pairs`` the same for an
    unmatched stem of each side seen together ("rose"/"gained" is a rewording). Features: the sum,
    minimum and negative sum of the word weights, the maximum and positive sum of the pair weights.
    """
    a, b = _profile(s1).stem_set, _profile(s2).stem_set
    ua, ub = a - b, b - a
    v = [words.get(w, 0.0) for w in ua | ub]
    # The pairs of ``unmatched`` that are in the table; every other pair weighs 0.0.
    found, n = _pair_table(pairs).weights(ua, ub)
    q = found + [0.0] if len(found) < n else found
    return [sum(v), min(v, default=0.0), sum(x for x in v if x < 0), max(q, default=0.0), sum(x for x in q if x > 0)]


_PAIR_TABLES: dict[int, tuple[Mapping[str, float], PairTable]] = {}


def _pair_table(pairs: Mapping[str, float]) -> PairTable:
    """The :class:`PairTable` of a model's pair weights, built once per table."""
    hit = _PAIR_TABLES.get(id(pairs))
    if hit is None or hit[0] is not pairs:
        hit = _PAIR_TABLES[id(pairs)] = (pairs, PairTable(pairs))
    return hit[1]


_EDGE_PUNCT = re.compile(r"^\W+|\W+$")


def _residue(s1: str, s2: str) -> str:
    """The words of ``s1`` (as written) whose stem is not in ``s2``: what ``s1`` says on top."""
    other = _profile(s2).stem_set
    return " ".join(w for w in s1.split() if stem(_EDGE_PUNCT.sub("", w).lower()) not in other)


def _embedding_row(e1: Any, e2: Any, r1: Any | None, r2: Any | None) -> list[float]:
    if r1 is None or r2 is None:  # a residue is empty: one sentence adds nothing the other lacks
        return [float(e1 @ e2), float(r1 is None and r2 is None), 1.0]
    return [float(e1 @ e2), float(r1 @ r2), 0.0]


def embedding_features_many(pairs: Sequence[tuple[str, str]]) -> list[list[float]]:
    """:func:`embedding_features` of many pairs, every distinct text encoded in one batch."""
    if not pairs:
        return []
    residues = [(_residue(a, b).strip(), _residue(b, a).strip()) for a, b in pairs]
    texts = list(dict.fromkeys([t for ab in pairs for t in ab] + [t for ab in residues for t in ab if t]))
    vecs = embed.encode(texts)
    at = {t: k for k, t in enumerate(texts)}
    rows = []
    for (a, b), (ra, rb) in zip(pairs, residues, strict=True):
        rows.append(_embedding_row(vecs[at[a]], vecs[at[b]], vecs[at[ra]] if ra else None,
                                   vecs[at[rb]] if rb else None))
    return rows


def embedding_features(s1: str, s2: str) -> list[float]:
    """Encoder features of a pair (needs the ``[embed]`` extra).

    The cosine of the two sentence embeddings; the cosine of their *residues* (each sentence's words
    that are missing from the other: "rose 5 %" against "fell 5 %" leaves "rose" and "fell"); and a
    flag for an empty residue (the residue cosine is then 1 if both are empty, else 0).
    """
    return embedding_features_many([(s1, s2)])[0]


def active_model() -> dict[str, Any]:
    """The paraphrase coefficients in use: lexical+embedding when the encoder is available, else lexical."""
    m = getattr(reuse_model, "PARAPHRASE_EMBED", None)
    return m if m is not None and embed.available() else reuse_model.PARAPHRASE


def encoder_name() -> str | None:
    """Name of the sentence encoder :func:`paraphrase_probability` uses (``None``: lexical only)."""
    return active_model().get("encoder")


def paraphrase_features(s1: str, s2: str, model: dict[str, Any] | None = None) -> list[float]:
    """:func:`sentence_features`, :func:`table_features` with the model's tables, and — for a model
    with an ``encoder`` — :func:`embedding_features`."""
    m = active_model() if model is None else model
    f = sentence_features(s1, s2) + table_features(s1, s2, m.get("words", {}), m.get("pairs", {}))
    return f + embedding_features(s1, s2) if m.get("encoder") else f


def paraphrase_probability(s1: str, s2: str) -> float:
    """Probability (0–1) that two sentences say the same thing (MRPC sense of "paraphrase")."""
    m = active_model()
    p = _logistic(paraphrase_features(s1, s2, m), m)
    if _encoder is not None:
        p = 0.5 * p + 0.5 * max(0.0, min(1.0, _encoder(s1, s2)))
    return p


@dataclass(slots=True)
class SentenceMatch:
    """Two sentences (character spans in their texts) judged to carry the same content."""

    a_span: tuple[int, int]
    b_span: tuple[int, int]
    probability: float


def _ordered_content_share(a: str, b: str) -> tuple[int, float]:
    """Content concepts the two sentences share in the same order, and their share of the shorter."""
    ca = [concept(t) for t in tokenize(a) if t not in STOPWORDS]
    cb = [concept(t) for t in tokenize(b) if t not in STOPWORDS]
    n = LCSseq.similarity(ca, cb)
    return n, n / max(1, min(len(ca), len(cb)))


def sentence_candidates(a_sents: Sequence[tuple[int, int, str]], b_sents: Sequence[tuple[int, int, str]],
                        min_shared: int = 2, top: int = 3) -> list[tuple[int, list[int]]]:
    """The sentence pairs :func:`match_sentences` scores: for each sentence ``i`` of ``a``, the (at most
    ``top``) sentences of ``b`` sharing the most content concepts, at least ``min_shared`` of them making
    30 % of the shorter sentence. An inverted index keeps this far below all pairs.

    Returns:
        ``(i, [k, ...])`` for every sentence of ``a``, best candidates first (the list may be empty).
    """
    index: dict[str, list[int]] = {}
    sizes: list[int] = []
    for k, (_, _, text) in enumerate(b_sents):
        bag = _content_set(text)
        sizes.append(len(bag))
        for c in bag:
            index.setdefault(c, []).append(k)
    todo: list[tuple[int, list[int]]] = []
    for i, (_, _, text) in enumerate(a_sents):
        bag = _content_set(text)
        shared: Counter[int] = Counter(chain.from_iterable(index.get(c, ()) for c in bag))
        # Paraphrases share at least 30 % of the shorter sentence's content words (all MRPC positives
        # but one do); of those, only the few sharing the most are worth the full model.
        cands = [(n, k) for k, n in shared.items() if n >= min_shared and n >= 0.3 * min(len(bag), sizes[k])]
        todo.append((i, [k for _, k in sorted(cands, reverse=True)[:top]]))
    return todo


def match_sentences(a_sents: Sequence[tuple[int, int, str]], b_sents: Sequence[tuple[int, int, str]],
                    threshold: float | None = None, min_shared: int = 2, loose: bool = False,
                    top: int = 3, candidates: list[tuple[int, list[int]]] | None = None) -> list[SentenceMatch]:
    """One-to-one sentence matches between two texts, best first.

    Only the pairs :func:`sentence_candidates` picks are scored, then matches are taken greedily by
    probability.

    Args:
        a_sents: ``(start, end, text)`` of the sentences of the first text still to be explained.
        b_sents: the same for the second text.
        threshold: least probability to keep a pair (default: the model's decision threshold).
        min_shared: shared content concepts a pair needs before it is scored.
        top: at most this many candidates per sentence of ``a`` (those sharing the most) are scored.
        loose: also accept a *rewritten* sentence — at least 4 content words shared in order, making
            40 % of the shorter sentence — though it is not a full paraphrase (merged or trimmed
            sentences). Used when one article credits the other, so reuse is already established.
        candidates: :func:`sentence_candidates` of the two lists when the caller has them.
    """
    model = active_model()
    cut = float(model["threshold"]) if threshold is None else threshold
    todo = sentence_candidates(a_sents, b_sents, min_shared, top) if candidates is None else candidates
    scored: list[tuple[float, int, int]] = []
    if model.get("encoder"):  # encode every sentence and residue to be scored in one batch (cached)
        embedding_features_many([(a_sents[i][2], b_sents[k][2]) for i, ks in todo for k in ks])
    for i, ks in todo:
        text = a_sents[i][2]
        for k in ks:
            p = paraphrase_probability(text, b_sents[k][2])
            if p < cut and loose:
                shared_n, share = _ordered_content_share(text, b_sents[k][2])
                if shared_n >= 4 and share >= 0.4:
                    p = max(p, min(share, cut))
            if p >= cut:
                scored.append((p, i, k))
    scored.sort(reverse=True)
    used_a: set[int] = set()
    used_b: set[int] = set()
    out: list[SentenceMatch] = []
    for p, i, k in scored:
        if i in used_a or k in used_b:
            continue
        used_a.add(i)
        used_b.add(k)
        out.append(SentenceMatch(a_sents[i][:2], b_sents[k][:2], p))  # type: ignore[arg-type]
    return out
