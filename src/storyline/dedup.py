"""Exact and near-duplicate detection for news articles.

Exact duplicates share :func:`content_hash`: sha256 of the text after NFKC, casefolding and keeping
only the word characters, one space apart. Differences in case, whitespace, punctuation and quote
or dash style are encoding and markup noise in syndicated copy, not editorial changes, so they are
ignored; any change to a word is not.

Near duplicates are found with MinHash-LSH (signatures from ``rensa``) over hashed word 3-grams,
and every LSH candidate is verified with the exact Jaccard and containment of the stored shingle
sets before it counts, so the LSH only decides which pairs are worth checking.

Why these settings (measured on ECB+ and BASIL dev texts, see ``benchmarks/dedup.py``):

* **Word 3-grams.** Random edits to a fraction *p* of the words destroy about ``1-(1-p)**n`` of the
  n-grams. Word 5-grams put copies with 10 % of the words edited at Jaccard 0.3-0.5, too close to
  partial reuse; 3-grams keep them at 0.5-0.7 (5 % edits: 0.67-0.85) while articles on the same
  topic but a different event never reached 0.1 (worst same-topic pair of 4,566: 0.08).
* **Jaccard >= 0.4 means "near".** This catches all 5 % and 10 % edited copies; copies with 20 %
  of the words edited (median Jaccard 0.38) are caught about half the time: they count as rewrites,
  which passage alignment (``align.py``) handles, not as duplicates.
* **Containment >= 0.7 means "contained".** A trimmed wire copy has a low Jaccard with the full
  text but almost all of its shingles inside it. Containment is of the shorter set in the longer
  and is only trusted when the shorter has at least 20 shingles (a one-line text is "contained"
  in anything that quotes it). Same-topic, different-event pairs peaked at 0.25.
* **120 permutations, 40 bands of 3 rows.** The LSH collision probability
  ``1-(1-J**3)**40`` is 0.93 at J=0.4, 0.995 at 0.5 and 0.04 at 0.1, so nearly every pair at the
  "near" threshold is a candidate while unrelated pairs rarely cost a verification. 32 bands of 4
  (the usual choice for a 0.5 threshold) found only 56 % of pairs at J=0.4. Candidates for
  "contained" come from the same bands, so an excerpt shorter than about 35 % of its source is
  found only by chance (the ``benchmarks/dedup.py`` table shows recall by trim length).

The index is incremental and its storage pluggable (:class:`BandStore`): band keys and shingle
sets are plain bytes and ints, so a SQLite table holds them as well as the in-memory store here.
New articles are checked against everything stored without recomputing old signatures. Per-article
work (:func:`sketch` and the functions it calls) is pure, for multiprocessing or Spark runners.
"""

from __future__ import annotations

import hashlib
import re
import struct
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal, Protocol

import numpy as np
from rensa import RMinHash

__all__ = [
    "BandStore",
    "DedupConfig",
    "DupKind",
    "DupMatch",
    "MemoryBandStore",
    "NearDupIndex",
    "Sketch",
    "band_keys",
    "canonical_text",
    "content_hash",
    "exact_key",
    "group_duplicates",
    "match_pairs",
    "overlap",
    "pack_shingles",
    "shingles",
    "signature",
    "signatures",
    "sketch",
    "unpack_shingles",
]

DupKind = Literal["exact", "near", "contained"]

_WORD = re.compile(r"\w+")
_U64 = np.uint64
# 64-bit odd constants (golden ratio, splitmix64) to mix word hashes into an order-sensitive n-gram hash.
_MIX1 = _U64(0x9E3779B97F4A7C15)
_MIX2 = _U64(0xBF58476D1CE4E5B9)
_EXACT_BAND = 0xFFFF  # band index reserved for the exact-duplicate key


@dataclass(frozen=True, slots=True)
class DedupConfig:
    """Settings of the duplicate detector (defaults explained in the module docstring).

    Attributes:
        shingle_size: words per shingle.
        num_perm: MinHash permutations; must be divisible by ``num_bands``.
        num_bands: LSH bands; each band holds ``num_perm // num_bands`` signature values.
        seed: MinHash seed. Changing it (or the sizes) invalidates stored band keys.
        jaccard_threshold: verified Jaccard at or above which a pair is "near".
        containment_threshold: share of the shorter article's shingles found in the longer one at or
            above which a pair is "contained".
        min_contained_shingles: the shorter article needs this many shingles for "contained".
    """

    shingle_size: int = 3
    num_perm: int = 120
    num_bands: int = 40
    seed: int = 1
    jaccard_threshold: float = 0.4
    containment_threshold: float = 0.7
    min_contained_shingles: int = 20

    def __post_init__(self) -> None:
        if self.shingle_size < 1 or self.num_bands < 1 or self.num_perm % self.num_bands:
            raise ValueError(
                f"bad dedup settings: shingle_size={self.shingle_size}, num_perm={self.num_perm} "
                f"must be a positive multiple of num_bands={self.num_bands}"
            )

    def fingerprint(self) -> str:
        """Identify everything stored band keys depend on; a store should refuse a different one."""
        return (
            f"w{self.shingle_size}-p{self.num_perm}-b{self.num_bands}-s{self.seed}"
            f"-rensa{RMinHash.ALGORITHM_VERSION}"
        )


def _words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def canonical_text(text: str) -> str:
    """Return the text reduced to casefolded words joined by single spaces (what exact dup compares).

    Args:
        text: article text.

    Returns:
        The canonical form; empty if the text has no word characters.
    """
    return " ".join(_words(text))


def content_hash(text: str) -> str:
    """Return the sha256 hex digest of :func:`canonical_text`: equal digests mean exact duplicates.

    Args:
        text: article text.

    Returns:
        64 hex characters.
    """
    return hashlib.sha256(canonical_text(text).encode("utf-8")).hexdigest()


@lru_cache(maxsize=1 << 18)
def _word_hash(word: str) -> int:
    # A keyed-free, process-independent hash: Python's hash() is salted per process, and the hashes
    # are persisted. Words repeat across articles, so the cache does most of the work.
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")


def shingles(text: str, n: int = 3) -> frozenset[int]:
    """Return the set of hashed word n-grams of a text (stable 64-bit ints).

    Texts with fewer than ``n`` words get one shingle for the whole word sequence, so short texts
    can still match their exact copies.

    Args:
        text: article text.
        n: words per shingle.

    Returns:
        Unsigned 64-bit shingle hashes; empty if the text has no words.
    """
    words = _words(text)
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


def signatures(sets: Sequence[frozenset[int]], num_perm: int = 120, seed: int = 1) -> np.ndarray:
    """Return MinHash signatures of many shingle sets as one ``(len(sets), num_perm)`` uint32 array.

    One rensa call for the whole batch is several times faster than one call per set.

    Args:
        sets: shingle sets from :func:`shingles`.
        num_perm: permutations.
        seed: MinHash seed.

    Returns:
        uint32 array, one row per set (an empty set gives all ``0xFFFFFFFF``).
    """
    if not sets:
        return np.empty((0, num_perm), dtype=np.uint32)
    mx = RMinHash.digest_matrix_from_token_hash_sets([list(s) for s in sets], num_perm, seed)
    return np.asarray(mx.to_rows(), dtype=np.uint32)


def signature(shingle_set: frozenset[int], num_perm: int = 120, seed: int = 1) -> np.ndarray:
    """Return the MinHash signature of one shingle set (uint32 array of length ``num_perm``).

    Args:
        shingle_set: shingle hashes from :func:`shingles`.
        num_perm: permutations.
        seed: MinHash seed.

    Returns:
        The signature.
    """
    return signatures([shingle_set], num_perm, seed)[0]


def band_keys(sig: np.ndarray, num_bands: int = 40) -> list[bytes]:
    """Return one LSH key per band: 2-byte band index + 8-byte hash of the band's values.

    Args:
        sig: a signature from :func:`signature`.
        num_bands: bands; must divide ``len(sig)``.

    Returns:
        ``num_bands`` keys of 10 bytes each; equal keys mean equal band values.
    """
    rows = np.ascontiguousarray(sig, dtype="<u4").reshape(num_bands, -1)
    return [
        struct.pack(">H", i) + hashlib.blake2b(row.tobytes(), digest_size=8).digest()
        for i, row in enumerate(rows)
    ]


def exact_key(digest: str) -> bytes:
    """Return the store key shared by exact duplicates (reserved band index + 16 bytes of the hash).

    Args:
        digest: a :func:`content_hash`.

    Returns:
        18-byte key.
    """
    return struct.pack(">H", _EXACT_BAND) + bytes.fromhex(digest)[:16]


def pack_shingles(sh: frozenset[int]) -> bytes:
    """Serialise a shingle set as sorted little-endian uint64 (8 bytes per shingle)."""
    return np.fromiter(sorted(sh), dtype="<u8", count=len(sh)).tobytes()


def unpack_shingles(blob: bytes) -> frozenset[int]:
    """Inverse of :func:`pack_shingles`."""
    return frozenset(np.frombuffer(blob, dtype="<u8").tolist())


def overlap(a: frozenset[int], b: frozenset[int]) -> tuple[float, float]:
    """Return ``(jaccard, containment)`` of two shingle sets; containment is of the smaller one.

    Args:
        a: shingle set.
        b: shingle set.

    Returns:
        Both 0.0 when either set is empty.
    """
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

    Args:
        text: article text.
        config: detector settings.

    Returns:
        The sketch; an article without words gets no band keys and matches nothing.
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
    """A verified duplicate relation between a new article and an indexed one.

    Attributes:
        other_id: the already indexed article.
        jaccard: exact Jaccard of the two shingle sets.
        containment: share of the shorter article's shingles found in the longer one.
        kind: ``exact`` (same canonical text), ``near`` or ``contained``.
        reason: human-readable why, with the numbers and thresholds.
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
        ...

    def add(self, article_id: str, keys: Sequence[bytes]) -> None:
        """Store ``article_id`` under each key."""
        ...

    def shingles(self, article_id: str) -> frozenset[int] | None:
        """Return the stored shingle set, or None if the article is not indexed."""
        ...

    def put_shingles(self, article_id: str, sh: frozenset[int]) -> None:
        """Store the shingle set used to verify candidates."""
        ...


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

    def __len__(self) -> int:
        return len(self._shingles)


class NearDupIndex:
    """Incremental exact + near-duplicate index over a :class:`BandStore`.

    Example:
        >>> index = NearDupIndex()
        >>> index.add("a", "The council approved the new bridge on Monday after a long debate.")
        []
        >>> [m.kind for m in index.add("b", "the council approved the new bridge on monday after a long debate")]
        ['exact']
    """

    def __init__(self, store: BandStore | None = None, config: DedupConfig | None = None) -> None:
        """Create an index.

        Args:
            store: where keys and shingles live; a fresh :class:`MemoryBandStore` by default.
            config: detector settings; must match the ones the store was filled with.
        """
        self.store: BandStore = store if store is not None else MemoryBandStore()
        self.config = config or DedupConfig()

    def add(self, article_id: str, text: str) -> list[DupMatch]:
        """Index one article and return its verified matches among the articles indexed before it.

        Args:
            article_id: stable article id. An id that is already indexed is matched but not stored again.
            text: article text.

        Returns:
            Matches, best first (exact, then by containment and Jaccard).
        """
        return self.add_sketch(article_id, sketch(text, self.config))

    def add_many(self, items: Iterable[tuple[str, str]]) -> dict[str, list[DupMatch]]:
        """Index a batch in order; each article is checked against the store and earlier batch items.

        Args:
            items: ``(article_id, text)`` pairs.

        Returns:
            Matches per article id (an empty list for articles without duplicates).
        """
        pairs = list(items)
        sketches = _sketches([t for _, t in pairs], self.config)
        return {aid: self.add_sketch(aid, sk) for (aid, _), sk in zip(pairs, sketches, strict=True)}

    def query(self, text: str, exclude: str | None = None) -> list[DupMatch]:
        """Return verified matches of a text against the index without storing it.

        Args:
            text: article text.
            exclude: an article id to leave out (the article itself, when re-checking it).

        Returns:
            Matches, best first.
        """
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
        out = []
        for cid in cands:
            other = self.store.shingles(cid)
            if other is None:  # a store that lost the shingles: nothing to verify against
                continue
            match = self._classify(cid, sk.shingles, other, cid in exact)
            if match is not None:
                out.append(match)
        rank = {"exact": 0, "near": 1, "contained": 2}
        out.sort(key=lambda m: (rank[m.kind], -m.jaccard, -m.containment, m.other_id))
        return out

    def _classify(
        self, other_id: str, a: frozenset[int], b: frozenset[int], exact: bool
    ) -> DupMatch | None:
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
        rep = min(group, key=order)
        out.update(dict.fromkeys(group, rep))
    return out
