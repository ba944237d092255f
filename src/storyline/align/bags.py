"""Multisets prepared once for many comparisons: the sentence paraphrase features compare every candidate
sentence pair's n-gram, stem and character bags, tens of thousands of pairs in a day's news.

The size of a multiset intersection is ``sum(min(a[k], b[k]))`` over the shared keys. Most keys occur
once, so :class:`Bag` keeps its key set and the keys occurring more than once apart: the intersection is
the size of the key-set intersection (computed in C) plus a Python loop over the few keys repeated on
both sides. Same integers as the plain loop, several times faster. :class:`PairTable` finds the entries
of a table of word pairs that two word sets produce without listing every pair of the two sets.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from itertools import compress

__all__ = ["Bag", "PairTable", "bag", "inter", "overlaps"]

_ABOVE_ONE = (1).__lt__


@dataclass(frozen=True, slots=True)
class Bag:
    """A multiset with what intersections need: counts, total and the keys counted twice or more."""

    counts: Counter[Hashable]
    total: int
    repeated: frozenset[Hashable]


def bag(items: Iterable[Hashable] | Counter[Hashable]) -> Bag:
    """A :class:`Bag` of ``items`` (or of an existing Counter's counts)."""
    counts = items if isinstance(items, Counter) else Counter(items)
    total = sum(counts.values())
    # the keys counted more than once, picked in C
    repeated = frozenset(compress(counts, map(_ABOVE_ONE, counts.values()))) if total > len(counts) else frozenset()
    return Bag(counts, total, repeated)


def inter(a: Bag, b: Bag) -> int:
    """Size of the multiset intersection of ``a`` and ``b``."""
    both = a.repeated & b.repeated
    n = len(a.counts.keys() & b.counts.keys())  # a set operation on the dicts' keys, in C
    if both:
        ca, cb = a.counts, b.counts
        n += sum(min(ca[k], cb[k]) - 1 for k in both)
    return n


def overlaps(a: Bag, b: Bag) -> list[float]:
    """min, max and harmonic mean of the two directed overlaps (``[0, 0, 0]`` if a bag is empty)."""
    if not a.total or not b.total:
        return [0.0, 0.0, 0.0]
    n = inter(a, b)
    p, r = n / a.total, n / b.total
    return [min(p, r), max(p, r), 2 * p * r / (p + r) if p + r else 0.0]


class PairTable:
    """A table of unordered word pairs keyed ``"x y"`` (``x <= y``), indexed by either word.

    :meth:`weights` returns the weights of the pairs ``(x, y)``, ``x`` in one set and ``y`` in the other,
    that are in the table, and how many such pairs there are in all: listing every pair costs
    ``|xs| * |ys|`` (millions over a story), the index only the table entries that touch ``xs``.
    """

    def __init__(self, table: Mapping[str, float]) -> None:
        self.by_word: dict[str, list[tuple[str, float]]] | None = {}
        for key, w in table.items():
            parts = key.split(" ")
            if len(parts) != 2:  # not a pair of single words: fall back to listing the pairs
                self.by_word = None
                break
            x, y = parts
            if x < y:  # a pair is looked up as "min max": other keys can never match
                self.by_word.setdefault(x, []).append((y, w))
                self.by_word.setdefault(y, []).append((x, w))
        self.table = table

    def weights(self, xs: frozenset[str], ys: frozenset[str]) -> tuple[list[float], int]:
        """Weights of the table's pairs with one word in ``xs`` and one in ``ys`` (disjoint sets), and
        the number of such pairs in all (found in the table or not)."""
        if self.by_word is None:
            keys = {(min(x, y), max(x, y)) for x in xs for y in ys}
            return [self.table[f"{x} {y}"] for x, y in keys if f"{x} {y}" in self.table], len(keys)
        found = [w for x in xs for y, w in self.by_word.get(x, ()) if y in ys]
        return found, len(xs) * len(ys)
