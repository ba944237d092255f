"""Exact and near-duplicate detection for news articles.

Exact duplicates share :func:`content_hash`: sha256 of the casefolded NFKC words, one space apart.
Case, spacing, punctuation and quote or dash style differ between CMSs rendering the same copy, so
they are ignored; any changed word is not. Near duplicates are found with MinHash-LSH (``rensa``
signatures) over hashed word 3-grams, and every LSH candidate is verified with the exact Jaccard and
containment of the stored shingle sets before it counts: the LSH only picks pairs worth checking.

Why these settings (dev texts of ECB+, BASIL and NeuS; ``benchmarks/dedup.py``, RESULTS.md):

* **Word 3-grams.** Editing a share p of the words breaks ~``1-(1-p)**n`` of the n-grams. Copies of
  1,376 articles with 5 / 10 / 20 % of the words substituted, deleted or doubled kept a 3-gram Jaccard
  of 0.68 / 0.50 / 0.30 (5th percentile; medians 0.80 / 0.61 / 0.39); 5-grams put 10 % copies at
  0.32-0.44, among partial reuse. Over 4,566 ECB+ pairs on one topic but different events (hard
  negatives) the highest Jaccard was 0.07 and the highest containment 0.21.
* **Jaccard >= 0.4 is "near"**: 100 % of 5 %, 99.6 % of 10 % and 46 % of 20 % edited copies pass.
  Real pairs near 0.3 are one wire story rewritten by another desk: reuse for ``align.py``, not copies.
* **Containment >= 0.8 is "contained"** (the shorter set's share inside the longer, trusted only when
  the shorter has >= 20 shingles: a one-liner is inside anything quoting it). Trimmed wire copies
  score ~1.0, trimmed copies with 5 % edits pass 94 % of the time; at 0.7 a blog quoting half a
  report got in.
* **120 permutations in 40 bands of 3 rows.** A pair collides with probability ``1-(1-J**3)**40``:
  0.93 at J=0.4, 0.995 at 0.5, 0.04 at 0.1. Of pairs that pass verification the bands found 100 % of
  5 and 10 % edits, 97 % of 20 % edits and 90 % of trims keeping under half the text (J 0.3-0.5);
  the usual 32 bands of 4 found 98 %, 69 % and 50 %. 64 bands of 2 find ~all but double candidates
  and stored rows. An excerpt much shorter than half its source is still found only by chance.

The index is incremental over pluggable storage (:class:`BandStore`, bytes and ints only): new articles
are checked against everything stored, old signatures are never recomputed. :func:`sketch` is pure.
"""

from __future__ import annotations

import hashlib
import re
import struct
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal, Protocol

import numpy as np
from rensa import RMinHash

from .config import DedupConfig
from .text.normalize import content_hash, exact_form

__all__ = [
    "BandStore", "DedupConfig", "DupKind", "DupMatch", "MemoryBandStore", "NearDupIndex", "Sketch",
    "band_keys", "content_hash", "exact_form", "exact_key", "group_duplicates", "match_pairs", "overlap",
    "pack_shingles", "shingles", "signature", "signatures", "sketch", "unpack_shingles",
]

DupKind = Literal["exact", "near", "contained"]

_WORD = re.compile(r"\w+")
_U64 = np.uint64
# 64-bit odd constants (golden ratio, splitmix64) to mix word hashes into an order-sensitive n-gram hash.
_MIX1 = _U64(0x9E3779B97F4A7C15)
_MIX2 = _U64(0xBF58476D1CE4E5B9)
_EXACT_BAND = 0xFFFF  # band index reserved for the exact-duplicate key
#: Defaults of the function arguments below, written once in :class:`DedupConfig`.
_DEFAULTS = DedupConfig()


@lru_cache(maxsize=1 << 18)
def _word_hash(word: str) -> int:
    # A process-independent hash: Python's hash() is salted per process, and the hashes
    # are persisted. Words repeat across articles, so the cache does most of the work.
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")


def shingles(text: str, n: int = 3) -> frozenset[int]:
    """Return the set of hashed word n-grams of a text as stable unsigned 64-bit ints.

    Words are those of :func:`exact_form`. A text of fewer than ``n`` words is one shingle, so short
    texts still match their copies; a text without words gives an empty set.
    """
    words = exact_form(text).split()
    if not words:
        return frozenset()
    wh = np.fromiter(map(_word_hash, words), dtype=_U64, count=len(words))
    m = max(len(words) - n + 1, 1)
    h = wh[:m].copy()
    with np.errstate(over="ignore"):  # wrap-around multiplication is the point
        for k in range(1, min(n, len(words))):
            h = (h * _MIX1) ^ wh[k : m + k]
            h ^= h >> _U64(31)
            h *= _MIX2
    return frozenset(h.tolist())


def signatures(sets: Sequence[frozenset[int]], num_perm: int = _DEFAULTS.num_perm,
               seed: int = _DEFAULTS.seed) -> np.ndarray:
    """Return rensa MinHash signatures of many shingle sets as a ``(len(sets), num_perm)`` uint32 array.

    One rensa call per batch is about 5x faster than one per set. An empty set gives all ``0xFFFFFFFF``.
    """
    if not sets:
        return np.empty((0, num_perm), dtype=np.uint32)
    mx = RMinHash.digest_matrix_from_token_hash_sets([list(s) for s in sets], num_perm, seed)
    return np.asarray(mx.to_rows(), dtype=np.uint32)


def signature(shingle_set: frozenset[int], num_perm: int = _DEFAULTS.num_perm,
              seed: int = _DEFAULTS.seed) -> np.ndarray:
    """Return the MinHash signature of one shingle set (uint32 array of length ``num_perm``)."""
    return signatures([shingle_set], num_perm, seed)[0]


def band_keys(sig: np.ndarray, num_bands: int = _DEFAULTS.num_bands) -> list[bytes]:
    """Return one 10-byte LSH key per band: 2-byte band index + 8-byte blake2b of the band's values.

    Args:
        sig: a signature from :func:`signature`.
        num_bands: bands; must divide ``len(sig)``.
    """
    rows = np.ascontiguousarray(sig, dtype="<u4").reshape(num_bands, -1)
    b2 = hashlib.blake2b
    return [struct.pack(">H", i) + b2(r.tobytes(), digest_size=8).digest() for i, r in enumerate(rows)]


def exact_key(digest: str) -> bytes:
    """Return the 18-byte store key of a :func:`content_hash` (reserved band index + 16 hash bytes)."""
    return struct.pack(">H", _EXACT_BAND) + bytes.fromhex(digest)[:16]


def pack_shingles(sh: frozenset[int]) -> bytes:
    """Serialise a shingle set as sorted little-endian uint64 (8 bytes per shingle)."""
    return np.fromiter(sorted(sh), dtype="<u8", count=len(sh)).tobytes()


def unpack_shingles(blob: bytes) -> frozenset[int]:
    """Inverse of :func:`pack_shingles`."""
    return frozenset(np.frombuffer(blob, dtype="<u8").tolist())


def overlap(a: frozenset[int], b: frozenset[int]) -> tuple[float, float]:
    """Return ``(jaccard, containment of the smaller set in the other)``; both 0.0 if a set is empty."""
    if not a or not b:
        return 0.0, 0.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter), inter / min(len(a), len(b))


@dataclass(frozen=True, slots=True)
class Sketch:
    """Everything the index needs about one article; a pure function of its text and the config."""

    content_hash: str
    shingles: frozenset[int]
    keys: list[bytes]


def sketch(text: str, config: DedupConfig | None = None) -> Sketch:
    """Compute hash, shingles and band keys of one article (the "map" step, safe in any process).

    An article without words gets no band keys and matches nothing.
    """
    return _sketches([text], config or DedupConfig())[0]


def _sketches(texts: Sequence[str], cfg: DedupConfig) -> list[Sketch]:
    sets = [shingles(t, cfg.shingle_size) for t in texts]
    sigs = signatures(sets, cfg.num_perm, cfg.seed)
    return [
        Sketch(content_hash(t), s, band_keys(sig, cfg.num_bands) if s else [])
        for t, s, sig in zip(texts, sets, sigs, strict=True)
    ]


@dataclass(frozen=True, slots=True)
class DupMatch:
    """A verified duplicate relation of a new article to the indexed ``other_id``.

    ``jaccard`` and ``containment`` (of the shorter article's shingles in the longer's) are exact, not
    estimated; ``kind`` is ``exact`` (same :func:`exact_form`), ``near`` or ``contained``; ``reason``
    says why in words, with the numbers and thresholds.
    """

    other_id: str
    jaccard: float
    containment: float
    kind: DupKind
    reason: str


class BandStore(Protocol):
    """Storage for the index: band keys -> article ids, and article id -> shingle set."""

    def candidates(self, keys: Sequence[bytes]) -> set[str]:
        """Return the ids of articles stored under any of ``keys``."""

    def add(self, article_id: str, keys: Sequence[bytes]) -> None:
        """Store ``article_id`` under each key."""

    def shingles(self, article_id: str) -> frozenset[int] | None:
        """Return the stored shingle set, or None if the article is not indexed."""

    def put_shingles(self, article_id: str, sh: frozenset[int]) -> None:
        """Store the shingle set used to verify candidates."""


class MemoryBandStore:
    """In-memory :class:`BandStore` (dicts); for tests, one-off runs and benchmarks."""

    def __init__(self) -> None:
        self._bands: dict[bytes, list[str]] = {}
        self._shingles: dict[str, frozenset[int]] = {}

    def candidates(self, keys: Sequence[bytes]) -> set[str]:
        """Return the ids of articles stored under any of ``keys``."""
        out: set[str] = set()
        for k in keys:
            out.update(self._bands.get(k, ()))
        return out

    def add(self, article_id: str, keys: Sequence[bytes]) -> None:
        """Store ``article_id`` under each key."""
        for k in keys:
            self._bands.setdefault(k, []).append(article_id)

    def shingles(self, article_id: str) -> frozenset[int] | None:
        """Return the stored shingle set, or None if the article is not indexed."""
        return self._shingles.get(article_id)

    def put_shingles(self, article_id: str, sh: frozenset[int]) -> None:
        """Store the shingle set used to verify candidates."""
        self._shingles[article_id] = sh


class NearDupIndex:
    """Incremental exact + near-duplicate index over a :class:`BandStore`.

    Args:
        store: where keys and shingles live; a fresh :class:`MemoryBandStore` by default.
        config: detector settings; must be the ones the store was filled with (see
            :meth:`DedupConfig.fingerprint`).

    Example:
        >>> index = NearDupIndex()
        >>> index.add("a", "The council approved the new bridge on Monday.")
        []
        >>> [m.kind for m in index.add("b", "THE COUNCIL approved the new bridge on  Monday")]
        ['exact']
    """

    def __init__(self, store: BandStore | None = None, config: DedupConfig | None = None) -> None:
        self.store: BandStore = store if store is not None else MemoryBandStore()
        self.config = config or DedupConfig()

    def add(self, article_id: str, text: str) -> list[DupMatch]:
        """Index one article and return its verified matches among the articles indexed before it.

        Args:
            article_id: stable article id; an id already indexed is matched but not stored again.
            text: article text.

        Returns:
            Matches, best first: exact, near, contained, then by Jaccard.
        """
        return self.add_sketch(article_id, sketch(text, self.config))

    def add_many(self, items: Iterable[tuple[str, str]]) -> dict[str, list[DupMatch]]:
        """Index a batch in order; each article is checked against the store and earlier batch items.

        Args:
            items: ``(article_id, text)`` pairs.

        Returns:
            Matches per article id (empty lists included).
        """
        pairs = list(items)
        sketches = _sketches([t for _, t in pairs], self.config)
        return {aid: self.add_sketch(aid, sk) for (aid, _), sk in zip(pairs, sketches, strict=True)}

    def query(self, text: str, exclude: str | None = None) -> list[DupMatch]:
        """Return verified matches of ``text`` without storing it, leaving out the id ``exclude``."""
        return self._match(sketch(text, self.config), exclude)

    def add_sketch(self, article_id: str, sk: Sketch) -> list[DupMatch]:
        """Like :meth:`add` for a sketch computed elsewhere (by a worker process or a Spark task)."""
        matches = self._match(sk, article_id)
        if self.store.shingles(article_id) is None:
            keys = [*sk.keys, exact_key(sk.content_hash)] if sk.shingles else []
            self.store.put_shingles(article_id, sk.shingles)
            self.store.add(article_id, keys)
        return matches

    def _match(self, sk: Sketch, self_id: str | None) -> list[DupMatch]:
        if not sk.shingles:
            return []
        exact = self.store.candidates([exact_key(sk.content_hash)])
        cands = (exact | self.store.candidates(sk.keys)) - {self_id}
        out: list[DupMatch] = []
        for cid in cands:
            other = self.store.shingles(cid)  # None if the store lost it: nothing to verify against
            if other is not None and (m := self._classify(cid, sk.shingles, other, cid in exact)):
                out.append(m)
        rank = {"exact": 0, "near": 1, "contained": 2}
        out.sort(key=lambda m: (rank[m.kind], -m.jaccard, -m.containment, m.other_id))
        return out

    def _classify(self, other_id: str, a: frozenset[int], b: frozenset[int], exact: bool) -> DupMatch | None:
        cfg = self.config
        jac, con = overlap(a, b)
        if exact:
            return DupMatch(other_id, jac, con, "exact", "identical text after normalisation")
        if jac >= cfg.jaccard_threshold:
            why = f"word {cfg.shingle_size}-gram Jaccard {jac:.2f} >= {cfg.jaccard_threshold:.2f}"
            return DupMatch(other_id, jac, con, "near", why)
        small = min(len(a), len(b))
        if con >= cfg.containment_threshold and small >= cfg.min_contained_shingles:
            which = "new" if len(a) <= len(b) else "indexed"
            why = (
                f"{con:.0%} of the shorter ({which}) article's {small} word {cfg.shingle_size}-grams "
                f"occur in the other (>= {cfg.containment_threshold:.0%}; Jaccard {jac:.2f})"
            )
            return DupMatch(other_id, jac, con, "contained", why)
        return None


def match_pairs(results: Mapping[str, Sequence[DupMatch]]) -> list[tuple[str, str]]:
    """Flatten :meth:`NearDupIndex.add_many` results into ``(article_id, other_id)`` pairs."""
    return [(aid, m.other_id) for aid, ms in results.items() for m in ms]


def group_duplicates(
    pairs: Iterable[tuple[str, str]], key: Callable[[str], Any] | None = None
) -> dict[str, str]:
    """Group ids connected by duplicate pairs (union-find) and name each group's representative.

    Grouping is transitive: if A~B and B~C, all three share a group even when A and C differ more.

    Args:
        pairs: duplicate pairs, e.g. from :func:`match_pairs`.
        key: orders a group's members; the smallest becomes the representative. Pass e.g.
            ``lambda i: (published[i] or date.max, i)`` for the earliest published. Default: the id.

    Returns:
        Each id that occurs in a pair -> its representative (representatives map to themselves).
    """
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]  # path halving keeps later finds near O(1)
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[ra] = rb
    members: dict[str, list[str]] = {}
    for x in parent:
        members.setdefault(find(x), []).append(x)
    order = key if key is not None else (lambda i: i)
    out: dict[str, str] = {}
    for group in members.values():
        out.update(dict.fromkeys(group, min(group, key=order)))
    return out
