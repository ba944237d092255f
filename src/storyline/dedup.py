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
In memory (:class:`MemoryBandStore`) keys and shingles are numpy arrays, not Python objects per key, and
:meth:`NearDupIndex.add_many` matches a whole batch at once, dropping candidates whose shingle bitmaps
bound them below the thresholds: ~4 KB of peak memory per article of ~220 words instead of ~36 KB, and
~4.3-4.5x datasketch's throughput at 20k-100k articles (``benchmarks/dedup.py``, RESULTS.md).
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
from .lsh_arrays import ShingleArena, SortedKeyIndex, band_digests, band_salt, intersection_bound, shingle_bitmaps
from .text.normalize import content_hash, exact_form, exact_words

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


_WORD_HASHES: dict[str, int] = {}  # word -> _word_hash, read by _shingle_array; cleared past 2**18 words


def shingles(text: str, n: int = 3) -> frozenset[int]:
    """Return the set of hashed word n-grams of a text as stable unsigned 64-bit ints.

    Words are those of :func:`exact_form`. A text of fewer than ``n`` words is one shingle, so short
    texts still match their copies; a text without words gives an empty set.
    """
    return frozenset(_shingle_array(exact_words(text), n).tolist())


def _shingle_array(words: list[str], n: int) -> np.ndarray:
    """The :func:`shingles` of a text's words as a sorted array of distinct uint64."""
    if not words:
        return np.empty(0, dtype=_U64)
    try:  # a dict read per word: lru_cache's call costs ~4x as much, and nearly every word is known
        wh = np.fromiter(map(_WORD_HASHES.__getitem__, words), dtype=_U64, count=len(words))
    except KeyError:
        if len(_WORD_HASHES) > 1 << 18:
            _WORD_HASHES.clear()
        _WORD_HASHES.update(zip(words, map(_word_hash, words), strict=True))
        wh = np.fromiter(map(_WORD_HASHES.__getitem__, words), dtype=_U64, count=len(words))
    m = max(len(words) - n + 1, 1)
    h = wh[:m].copy()
    for k in range(1, min(n, len(words))):  # uint64 arrays wrap around silently, as they should here
        h *= _MIX1
        h ^= wh[k : m + k]
        h ^= h >> _U64(31)
        h *= _MIX2
    h.sort()  # then drop repeats: np.unique costs ~10x as much on arrays this short
    repeat = h[1:] == h[:-1]
    return h[np.concatenate(([True], ~repeat))] if repeat.any() else h


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
    p = _pack(texts, cfg)
    raw = band_digests(p.sigs, cfg.num_bands)
    out: list[Sketch] = []
    for i, h in enumerate(p.hashes):
        sh = p.shingles(i)
        keys = [] if not len(sh) else [
            struct.pack(">H", b) + raw[i, b].tobytes() for b in range(cfg.num_bands)]
        out.append(Sketch(h, frozenset(sh.tolist()), keys))
    return out


@dataclass(frozen=True, slots=True)
class _Packed:
    """A batch of sketches as arrays: row ``i``'s sorted shingles are ``flat[offsets[i]:offsets[i + 1]]``."""

    hashes: list[str]
    flat: np.ndarray
    offsets: np.ndarray
    sigs: np.ndarray

    def shingles(self, i: int) -> np.ndarray:
        return self.flat[self.offsets[i]:self.offsets[i + 1]]


def _pack(texts: Sequence[str], cfg: DedupConfig) -> _Packed:
    # Each text is normalised once: its words give both the content hash (of their exact form) and the shingles.
    words = [exact_words(t) for t in texts]
    hashes = [hashlib.sha256(" ".join(w).encode("utf-8")).hexdigest() for w in words]
    arrays = [_shingle_array(w, cfg.shingle_size) for w in words]
    offsets = np.zeros(len(arrays) + 1, dtype=np.int64)
    np.cumsum([len(a) for a in arrays], out=offsets[1:])
    flat = np.concatenate(arrays) if arrays else np.empty(0, dtype=_U64)
    if not texts:
        sigs = np.empty((0, cfg.num_perm), dtype=np.uint32)
    else:  # one flat buffer: no Python int per shingle (the same digests as per-set input)
        mx = RMinHash.digest_matrix_from_flat_token_hashes(flat, offsets.astype(_U64), cfg.num_perm, cfg.seed)
        sigs = np.asarray(mx.to_rows(), dtype=np.uint32)
    return _Packed(hashes, flat, offsets, sigs)


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
    """In-memory :class:`BandStore` in compact arrays; for tests, one-off runs, benchmarks and Spark reducers.

    A band key is kept as one uint64 (its 8-byte digest XOR a per-band constant) and a shingle set as a
    sorted uint64 array, so 100k articles take ~250 MB rather than the 3.6 GB of dicts of bytes and
    frozensets (see :mod:`storyline.lsh_arrays`). :class:`NearDupIndex` matches whole batches against it
    with numpy (:meth:`NearDupIndex.add_many`); the :class:`BandStore` methods serve single articles.
    """

    def __init__(self) -> None:
        self.bands = SortedKeyIndex()
        self.exact = SortedKeyIndex()
        self.arena = ShingleArena()
        self.ids: list[str] = []
        self._doc: dict[str, int] = {}
        self._salt: dict[int, int] = {}

    @property
    def nbytes(self) -> int:
        """Bytes held by the key and shingle arrays (ids not counted)."""
        return self.bands.nbytes + self.exact.nbytes + self.arena.nbytes

    def doc_of(self, article_id: str) -> int | None:
        """The document number of an indexed article, or None."""
        return self._doc.get(article_id)

    def new_doc(self, article_id: str) -> int:
        """Number a new article (its shingles must follow in :meth:`add_docs` or :meth:`put_shingles`)."""
        self._doc[article_id] = len(self.ids)
        self.ids.append(article_id)
        return len(self.ids) - 1

    def add_docs(self, first: int, flat: np.ndarray, offsets: np.ndarray, band_keys: np.ndarray,
                 exact_keys: np.ndarray, bits: np.ndarray | None = None) -> None:
        """Store documents ``first, first + 1, …`` (numbered by :meth:`new_doc`): shingles and keys.

        ``band_keys`` is ``(n, bands)`` and ``exact_keys`` ``(n,)`` uint64; a document without shingles
        (``offsets`` gives it none) is stored under no key, so it matches nothing. ``bits``: their
        :func:`~storyline.lsh_arrays.shingle_bitmaps`, if already computed.
        """
        start = self.arena.extend(flat, offsets, bits)
        assert start == first, "documents must be stored in the order they were numbered"
        n = len(offsets) - 1
        docs = np.arange(first, first + n, dtype=np.int32)
        keep = np.diff(offsets) > 0
        self.bands.add(band_keys[keep].ravel(), np.repeat(docs[keep], band_keys.shape[1]))
        self.exact.add(exact_keys[keep], docs[keep])

    def _key(self, key: bytes) -> tuple[bool, int]:
        band = int.from_bytes(key[:2], "big")
        value = int.from_bytes(key[2:10], "little")
        if band == _EXACT_BAND:
            return True, value
        if band not in self._salt:
            self._salt[band] = int(band_salt(band + 1)[band])
        return False, value ^ self._salt[band]

    def candidates(self, keys: Sequence[bytes]) -> set[str]:
        """Return the ids of articles stored under any of ``keys``."""
        out: set[str] = set()
        for key in keys:
            is_exact, value = self._key(key)
            _, docs = (self.exact if is_exact else self.bands).lookup(np.array([value], dtype=_U64))
            out.update(self.ids[d] for d in docs.tolist())
        return out

    def add(self, article_id: str, keys: Sequence[bytes]) -> None:
        """Store ``article_id`` under each key."""
        doc = self._doc.get(article_id)
        if doc is None:
            doc = self.new_doc(article_id)
            self.arena.extend(np.empty(0, dtype=_U64), np.zeros(2, dtype=np.int64))
        for key in keys:
            is_exact, value = self._key(key)
            (self.exact if is_exact else self.bands).add(np.array([value], dtype=_U64), np.array([doc]))

    def shingles(self, article_id: str) -> frozenset[int] | None:
        """Return the stored shingle set, or None if the article is not indexed."""
        doc = self._doc.get(article_id)
        return None if doc is None else frozenset(self.arena.get(doc).tolist())

    def put_shingles(self, article_id: str, sh: frozenset[int]) -> None:
        """Store the shingle set used to verify candidates."""
        arr = np.array(sorted(sh), dtype=_U64)
        doc = self._doc.get(article_id)
        if doc is None:
            self.new_doc(article_id)
            self.arena.extend(arr, np.array([0, len(arr)], dtype=np.int64))
        else:
            self.arena.replace(doc, arr)


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
        if isinstance(self.store, MemoryBandStore):
            return self.add_many([(article_id, text)])[article_id]
        return self.add_sketch(article_id, sketch(text, self.config))

    def add_many(self, items: Iterable[tuple[str, str]]) -> dict[str, list[DupMatch]]:
        """Index a batch in order; each article is checked against the store and earlier batch items.

        Args:
            items: ``(article_id, text)`` pairs.

        Returns:
            Matches per article id (empty lists included).
        """
        pairs = list(items)
        texts = [t for _, t in pairs]
        if isinstance(self.store, MemoryBandStore):
            return self._add_batch(self.store, [aid for aid, _ in pairs], _pack(texts, self.config))
        sketches = _sketches(texts, self.config)
        return {aid: self.add_sketch(aid, sk) for (aid, _), sk in zip(pairs, sketches, strict=True)}

    def _add_batch(self, store: MemoryBandStore, ids: list[str], p: _Packed) -> dict[str, list[DupMatch]]:
        """:meth:`add_many` over a :class:`MemoryBandStore`: the same matches, with the batch's key lookups
        and verification done on arrays instead of one Python object per key or shingle."""
        nb = self.config.num_bands
        sizes = np.diff(p.offsets)
        keys = band_digests(p.sigs, nb) ^ band_salt(nb)
        exact = np.frombuffer(b"".join(bytes.fromhex(h[:16]) for h in p.hashes), dtype="<u8")
        live = np.flatnonzero(sizes > 0)  # an article without words matches nothing and is under no key
        # Candidates among the articles stored before this batch, by band key and by exact key.
        rb, db = store.bands.lookup(keys[live].ravel())
        re_, de = store.exact.lookup(exact[live])
        found = [(live[rb // nb], db, np.zeros(len(db), np.int8)), (live[re_], de, np.ones(len(de), np.int8))]
        first = len(store.ids)
        doc = np.array([d if (d := store.doc_of(a)) is not None else store.new_doc(a) for a in ids], np.int64)
        new_rows = np.flatnonzero(doc >= first)
        # Candidates among the earlier articles of this batch that are stored by it.
        is_new = np.zeros(len(ids), dtype=bool)
        is_new[new_rows] = True
        for kind, kmat in ((0, keys[live]), (1, exact[live][:, None])):
            found.append(self._batch_pairs(kmat, live, doc, is_new, kind))
        rows = np.concatenate([f[0] for f in found]).astype(np.int64)
        docs = np.concatenate([f[1] for f in found]).astype(np.int64)
        flags = np.concatenate([f[2] for f in found])
        other = docs != doc[rows]  # an article never matches itself
        rows, docs, flags = rows[other], docs[other], flags[other]
        code, where = np.unique(rows * (len(store.ids) + 1) + docs, return_inverse=True)
        is_exact = np.zeros(len(code), dtype=np.int8)
        np.maximum.at(is_exact, where, flags)
        rows, docs = np.divmod(code, len(store.ids) + 1)
        bits = shingle_bitmaps(p.flat, p.offsets)
        may = _may_pass(self.config, store, bits, sizes, rows, docs, is_exact, first, new_rows)
        out: dict[int, list[DupMatch]] = {}
        for r, d, e in zip(rows[may].tolist(), docs[may].tolist(), is_exact[may].tolist(), strict=True):
            a = p.shingles(r)
            b = p.shingles(int(new_rows[d - first])) if d >= first else store.arena.get(d)
            m = self._judge(store.ids[d], _common(a, b), len(a), len(b), bool(e))
            if m is not None:
                out.setdefault(r, []).append(m)
        if len(new_rows):
            if len(new_rows) == len(ids):
                flat, offs = p.flat, p.offsets
            else:
                flat = np.concatenate([p.shingles(int(r)) for r in new_rows])
                offs = np.zeros(len(new_rows) + 1, dtype=np.int64)
                np.cumsum(sizes[new_rows], out=offs[1:])
            store.add_docs(first, flat, offs, keys[new_rows], exact[new_rows], bits[new_rows])
        return {aid: sorted(out.get(i, []), key=_match_rank) for i, aid in enumerate(ids)}

    @staticmethod
    def _batch_pairs(kmat: np.ndarray, live: np.ndarray, doc: np.ndarray, is_new: np.ndarray, kind: int
                     ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(row, doc, kind)`` for each batch row and each earlier row stored by the batch under a common key."""
        k = kmat.ravel()
        r = np.repeat(live, kmat.shape[1])
        order = np.lexsort((r, k))
        k, r = k[order], r[order]
        same = np.flatnonzero(k[1:] == k[:-1])
        pairs: list[tuple[int, int]] = []
        if len(same):
            starts = np.flatnonzero(np.r_[True, k[1:] != k[:-1]])
            counts = np.diff(np.r_[starts, len(k)])
            for s0, cnt in zip(starts[counts > 1].tolist(), counts[counts > 1].tolist(), strict=True):
                members = r[s0:s0 + cnt].tolist()  # ascending rows: each meets the earlier ones
                pairs += [(i, int(doc[j])) for n, i in enumerate(members) for j in members[:n]
                          if is_new[j] and j != i]
        arr = np.array(pairs, dtype=np.int64).reshape(-1, 2)
        return arr[:, 0], arr[:, 1], np.full(len(arr), kind, dtype=np.int8)

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
        out.sort(key=_match_rank)
        return out

    def _classify(self, other_id: str, a: frozenset[int], b: frozenset[int], exact: bool) -> DupMatch | None:
        return self._judge(other_id, len(a & b), len(a), len(b), exact)

    def _judge(self, other_id: str, inter: int, len_a: int, len_b: int, exact: bool) -> DupMatch | None:
        """The match of a new article (``len_a`` shingles) and an indexed one, sharing ``inter`` shingles."""
        cfg = self.config
        if len_a and len_b:  # the arithmetic of :func:`overlap`, so the numbers are the same
            jac, con = inter / (len_a + len_b - inter), inter / min(len_a, len_b)
        else:
            jac, con = 0.0, 0.0
        if exact:
            return DupMatch(other_id, jac, con, "exact", "identical text after normalisation")
        if jac >= cfg.jaccard_threshold:
            why = f"word {cfg.shingle_size}-gram Jaccard {jac:.2f} >= {cfg.jaccard_threshold:.2f}"
            return DupMatch(other_id, jac, con, "near", why)
        small = min(len_a, len_b)
        if con >= cfg.containment_threshold and small >= cfg.min_contained_shingles:
            which = "new" if len_a <= len_b else "indexed"
            why = (
                f"{con:.0%} of the shorter ({which}) article's {small} word {cfg.shingle_size}-grams "
                f"occur in the other (>= {cfg.containment_threshold:.0%}; Jaccard {jac:.2f})"
            )
            return DupMatch(other_id, jac, con, "contained", why)
        return None


_RANK = {"exact": 0, "near": 1, "contained": 2}


def _match_rank(m: DupMatch) -> tuple[int, float, float, str]:
    """Best first: exact, near, contained, then by Jaccard, containment and id."""
    return _RANK[m.kind], -m.jaccard, -m.containment, m.other_id


def _may_pass(cfg: DedupConfig, store: MemoryBandStore, bits: np.ndarray, sizes: np.ndarray, rows: np.ndarray,
              docs: np.ndarray, is_exact: np.ndarray, first: int, new_rows: np.ndarray) -> np.ndarray:
    """Which candidate pairs (batch row, doc) can pass :meth:`NearDupIndex._judge`: the exact ones and those
    whose :func:`~storyline.lsh_arrays.intersection_bound` passes (Jaccard and containment only grow with
    the intersection), so dropping the rest changes no match. ``bits``: the batch's shingle bitmaps."""
    inb = docs >= first  # stored by this batch, as row new_rows[doc - first]
    bits_b = np.empty((len(docs), bits.shape[1]), dtype=bits.dtype)
    len_b = np.empty(len(docs), dtype=np.int64)
    bits_b[~inb], len_b[~inb] = store.arena.bitmaps(docs[~inb]), store.arena.sizes(docs[~inb])
    br = new_rows[docs[inb] - first]
    bits_b[inb], len_b[inb] = bits[br], sizes[br]
    len_a = sizes[rows]
    inter = intersection_bound(bits[rows], bits_b, len_a, len_b)
    small = np.minimum(len_a, len_b)
    with np.errstate(divide="ignore", invalid="ignore"):  # the arithmetic of _judge, on the bound
        jac, con = inter / (len_a + len_b - inter), inter / small
    return (is_exact > 0) | (jac >= cfg.jaccard_threshold) | (
        (con >= cfg.containment_threshold) & (small >= cfg.min_contained_shingles))


def _common(a: np.ndarray, b: np.ndarray) -> int:
    """How many values two sorted arrays of distinct values share (binary search of the shorter's)."""
    if len(a) > len(b):
        a, b = b, a
    pos = np.minimum(np.searchsorted(b, a), len(b) - 1)
    return int(np.count_nonzero(b[pos] == a))


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
