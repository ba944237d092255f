"""Word-level local alignment of two texts, seeded by shared n-grams (pure functions).

The idea is passim's (Smith & Cordell): never compare every word with every word. Shared word
n-grams are *seeds*; seeds on one diagonal merge into exact *runs*; runs are *chained* across small
edits (at most ``max_gap`` words apart in both texts) by a dynamic programme over the runs only; and
the gaps between chained runs — a few words each — are filled with an exact edit alignment
(rapidfuzz opcodes). The cost is linear in the number of seeds, not quadratic in the text length.

The result is a list of :class:`RawPassage` with aligned columns ``(i, j, op)`` (``-1`` for a gap),
so callers can split a passage where it enters or leaves a quotation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz.distance import Levenshtein

from ..config import AlignConfig
from ..text.lexsim import STOPWORDS, concept, norm_token
from ..text.normalize import word_matches
from .quotespans import quoted_mask, quoted_spans

#: Defaults of the function arguments below, written once in :class:`AlignConfig`.
_DEFAULTS = AlignConfig()

__all__ = ["OPS", "RawPassage", "TokenSeq", "align_tokens", "passage_stats", "token_seq", "word_edits"]

#: Column operations: exact match, synonym/inflection, substitution, insertion (target only), deletion.
OPS = ("match", "synonym", "substitute", "insert", "delete")


@dataclass(slots=True)
class TokenSeq:
    """A text cut into normalised words with character spans, quotation flags and seed n-grams."""

    text: str
    norm: list[str]
    starts: list[int]
    ends: list[int]
    quoted: list[bool]
    seed_n: int
    grams: dict[int, list[int]] = field(default_factory=dict)
    #: Results of pure functions of this sequence (e.g. ``unquoted_starts``), kept because the sequence is
    #: aligned with many partners.
    memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def __len__(self) -> int:
        return len(self.norm)

    def unquoted_starts(self) -> list[int]:
        """Character starts of the words outside quotation marks, ascending (computed once)."""
        if "unquoted" not in self.memo:
            self.memo["unquoted"] = [s for s, q in zip(self.starts, self.quoted, strict=True) if not q]
        return self.memo["unquoted"]  # type: ignore[no-any-return]

    def concepts(self) -> list[str]:
        """Synonym-group names of the tokens (computed on demand; cached per word)."""
        return [concept(t) for t in self.norm]


def token_seq(text: str, seed_n: int = _DEFAULTS.seed_n, max_occurrences: int = 3) -> TokenSeq:
    """Tokenise ``text`` and index its informative word n-grams.

    Args:
        text: canonical article text.
        seed_n: n-gram size of the seeds.
        max_occurrences: n-grams repeated more often inside this text are not seeds (boilerplate).

    Returns:
        The token sequence; ``grams`` maps an n-gram hash to its start positions.
    """
    words = list(word_matches(text))  # (starts, ends and words read off the matches in C)
    starts = list(map(re.Match.start, words))
    ends = list(map(re.Match.end, words))
    norm = list(map(norm_token, map(re.Match.group, words)))
    quoted = quoted_mask(quoted_spans(text), starts)
    grams: dict[int, list[int]] = {}
    stop = [t in STOPWORDS for t in norm]
    all_stop = (True,) * seed_n
    # the n-grams and their stopword flags in text order, built in C
    windows = zip(zip(*(norm[k:] for k in range(seed_n)), strict=False),
                  zip(*(stop[k:] for k in range(seed_n)), strict=False), strict=False)
    for i, (gram, flags) in enumerate(windows):
        if flags == all_stop:
            continue  # "of the said" seeds everything with everything
        grams.setdefault(hash(gram), []).append(i)
    if max_occurrences:
        grams = {k: v for k, v in grams.items() if len(v) <= max_occurrences}
    return TokenSeq(text, norm, starts, ends, quoted, seed_n, grams)


@dataclass(slots=True)
class RawPassage:
    """One aligned passage: token ranges in both texts and the aligned columns."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    columns: list[tuple[int, int, str]]


def _runs(a: TokenSeq, b: TokenSeq) -> list[tuple[int, int, int]]:
    """Maximal exact runs ``(i, j, length)`` grown from shared seeds."""
    small, large, swapped = (a.grams, b.grams, False) if len(a.grams) <= len(b.grams) else (b.grams, a.grams, True)
    matches: list[tuple[int, int]] = []
    for key, pos in small.items():
        other = large.get(key)
        if other is None:
            continue
        for p in pos:
            for q in other:
                matches.append((q - p, p) if not swapped else (p - q, q))
    if not matches:
        return []
    matches.sort()
    n = a.seed_n
    runs: list[tuple[int, int, int]] = []
    diag, i0 = matches[0]
    i_end = i0 + n
    for d, i in matches[1:]:
        if d == diag and i <= i_end:
            i_end = max(i_end, i + n)
            continue
        runs.append((i0, i0 + diag, i_end - i0))
        diag, i0, i_end = d, i, i + n
    runs.append((i0, i0 + diag, i_end - i0))
    # Grow each run over words the seeds skipped (stopword-only n-grams at the edges).
    grown: list[tuple[int, int, int]] = []
    an, bn = a.norm, b.norm
    for i, j, length in runs:
        while i > 0 and j > 0 and an[i - 1] == bn[j - 1]:
            i, j, length = i - 1, j - 1, length + 1
        while i + length < len(an) and j + length < len(bn) and an[i + length] == bn[j + length]:
            length += 1
        grown.append((i, j, length))
    return sorted(set(grown))


def _chains(runs: list[tuple[int, int, int]], max_gap: int) -> list[list[tuple[int, int, int]]]:
    """Chain runs into passages: best-scoring monotone chains with gaps ≤ ``max_gap``."""
    if not runs:
        return []
    longest = max(r[2] for r in runs)
    score = [0.0] * len(runs)
    prev = [-1] * len(runs)
    for k, (i, j, length) in enumerate(runs):
        best, arg = 0.0, -1
        p = k - 1
        while p >= 0 and runs[p][0] >= i - max_gap - longest:
            pi, pj, pl = runs[p]
            gi, gj = i - (pi + pl), j - (pj + pl)
            if 0 <= gi <= max_gap and 0 <= gj <= max_gap:
                s = score[p] - 0.5 * max(gi, gj)  # a gap costs a little: prefer tight chains
                if s > best:
                    best, arg = s, p
            p -= 1
        score[k] = length + best
        prev[k] = arg
    used = [False] * len(runs)
    chains: list[list[tuple[int, int, int]]] = []
    for k in sorted(range(len(runs)), key=lambda x: -score[x]):
        if used[k]:
            continue
        chain: list[tuple[int, int, int]] = []
        c = k
        while c >= 0 and not used[c]:
            used[c] = True
            chain.append(runs[c])
            c = prev[c]
        chain.reverse()
        chains.append(chain)
    return chains


def _fill(a: TokenSeq, b: TokenSeq, i0: int, i1: int, j0: int, j1: int, cols: list[tuple[int, int, str]]) -> None:
    """Align the gap ``a[i0:i1]`` / ``b[j0:j1]`` exactly and append its columns."""
    sa, sb = a.norm[i0:i1], b.norm[j0:j1]
    for op in Levenshtein.opcodes(sa, sb):
        tag, x0, x1, y0, y1 = op.tag, op.src_start, op.src_end, op.dest_start, op.dest_end
        if tag == "equal":
            cols.extend((i0 + x, j0 + y, "match") for x, y in zip(range(x0, x1), range(y0, y1), strict=True))
            continue
        if tag in ("replace", "delete"):
            pairs = min(x1 - x0, y1 - y0) if tag == "replace" else 0
            for k in range(pairs):
                kind = "synonym" if concept(sa[x0 + k]) == concept(sb[y0 + k]) else "substitute"
                cols.append((i0 + x0 + k, j0 + y0 + k, kind))
            cols.extend((i0 + x, -1, "delete") for x in range(x0 + pairs, x1))
            cols.extend((-1, j0 + y, "insert") for y in range(y0 + pairs, y1))
        else:  # insert
            cols.extend((-1, j0 + y, "insert") for y in range(y0, y1))


def align_tokens(a: TokenSeq, b: TokenSeq, max_gap: int = _DEFAULTS.max_gap,
                 min_match: int = _DEFAULTS.min_match) -> list[RawPassage]:
    """Align two token sequences into local passages.

    Args:
        a: source side.
        b: target side.
        max_gap: most words an edit may span (in each text) before a passage is cut.
        min_match: fewest exactly matching words a passage needs.

    Returns:
        Passages in order of their position in ``a``.
    """
    out: list[RawPassage] = []
    for chain in _chains(_runs(a, b), max_gap):
        if sum(r[2] for r in chain) < min_match:
            continue
        cols: list[tuple[int, int, str]] = []
        for k, (i, j, length) in enumerate(chain):
            if k:
                pi, pj, pl = chain[k - 1]
                _fill(a, b, pi + pl, i, pj + pl, j, cols)
            cols.extend((i + x, j + x, "match") for x in range(length))
        first, last = chain[0], chain[-1]
        out.append(RawPassage(first[0], last[0] + last[2], first[1], last[1] + last[2], cols))
    out.sort(key=lambda p: p.a_start)
    return out


def word_edits(a: list[str], b: list[str]) -> dict[str, int]:
    """Edit summary between two short token lists (e.g. two sentences), counted like passage columns."""
    counts = dict.fromkeys(OPS, 0)
    for op in Levenshtein.opcodes(a, b):
        tag, x0, x1, y0, y1 = op.tag, op.src_start, op.src_end, op.dest_start, op.dest_end
        if tag == "equal":
            counts["match"] += x1 - x0
            continue
        pairs = min(x1 - x0, y1 - y0) if tag == "replace" else 0
        for k in range(pairs):
            counts["synonym" if concept(a[x0 + k]) == concept(b[y0 + k]) else "substitute"] += 1
        counts["delete"] += (x1 - x0) - pairs
        counts["insert"] += (y1 - y0) - pairs
    return counts


def passage_stats(columns: list[tuple[int, int, str]]) -> dict[str, int]:
    """Count of each operation in aligned columns (every key of :data:`OPS` present)."""
    counts = dict.fromkeys(OPS, 0)
    for _, _, op in columns:
        counts[op] += 1
    return counts
