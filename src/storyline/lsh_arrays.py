"""Compact in-memory building blocks of the near-duplicate index: numpy arrays, not Python objects per key.

A dict of band key -> list of ids costs ~170 bytes per stored key (a bytes object, a list, a slot) and a
frozenset of Python ints ~70 bytes per shingle: at 100k articles that was 3.6 GB. Here a band key is one
uint64 and a shingle is one uint64 in a shared buffer, so 100k articles of ~220 words take ~50 MB of keys
and ~180 MB of shingles.

* :class:`SortedKeyIndex` maps uint64 keys to int32 document numbers as a few sorted runs merged like a
  binary counter (a log-structured merge): adding a batch sorts only the batch, and a lookup is one
  ``np.searchsorted`` per run for a whole batch of keys. A hash table would need a C extension; sorted
  runs give the same answers with numpy alone.
* :class:`ShingleArena` keeps every document's sorted shingle array in a few large buffers, and beside it
  a 256-byte bitmap of which of 2,048 bins (the top 11 bits) its shingles fall in. Two bitmaps give an
  exact upper bound on how many shingles two documents share (:func:`intersection_bound`), so the many
  LSH candidates that cannot pass verification are dropped a whole batch at a time.

Nothing here knows about articles or thresholds; :mod:`storyline.dedup` builds the index on these.
"""

from __future__ import annotations

import hashlib

import numpy as np

__all__ = [
    "ShingleArena", "SortedKeyIndex", "band_digests", "band_salt", "expand_ranges", "intersection_bound",
    "shingle_bitmaps",
]

_BIN_BITS = 11  # 2,048 bins: ~250 shingles of a news article set ~12 % of them
BITMAP_WORDS = (1 << _BIN_BITS) // 64


def expand_ranges(starts: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For ranges ``[starts[i], starts[i] + counts[i])`` return ``(owner i, position)`` of every member.

    Example:
        >>> [a.tolist() for a in expand_ranges(np.array([5, 0]), np.array([2, 1]))]
        [[0, 0, 1], [5, 6, 0]]
    """
    counts = counts.astype(np.int64, copy=False)
    total = int(counts.sum())
    owner = np.repeat(np.arange(len(counts), dtype=np.int64), counts)
    first = np.cumsum(counts) - counts
    pos = np.repeat(starts.astype(np.int64, copy=False) - first, counts) + np.arange(total, dtype=np.int64)
    return owner, pos


def shingle_bitmaps(flat: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """Per document ``flat[offsets[i]:offsets[i + 1]]`` the set of bins its uint64 values fall in, as a
    ``(n, BITMAP_WORDS)`` uint64 bitmap (bin = the top bits of the value)."""
    n = len(offsets) - 1
    bits = np.zeros((max(n, 0), BITMAP_WORDS * 64), dtype=bool)
    if n > 0 and offsets[-1] > offsets[0]:
        rows = np.repeat(np.arange(n, dtype=np.intp), np.diff(offsets))
        bins = (np.asarray(flat[offsets[0]:offsets[-1]], dtype=np.uint64) >> np.uint64(64 - _BIN_BITS)).astype(np.intp)
        bits[rows, bins] = True
    return np.packbits(bits, axis=1, bitorder="little").view(np.uint64)


def intersection_bound(bits_a: np.ndarray, bits_b: np.ndarray, len_a: np.ndarray, len_b: np.ndarray) -> np.ndarray:
    """Per row an upper bound on how many values two documents share, from their :func:`shingle_bitmaps`.

    Every bin set for ``a`` but not for ``b`` holds at least one value of ``a`` that ``b`` lacks, so
    ``|a & b| <= len_a - popcount(bits_a & ~bits_b)``; the same holds the other way round.
    """
    only_a = np.bitwise_count(bits_a & ~bits_b).sum(axis=1, dtype=np.int64)
    only_b = np.bitwise_count(bits_b & ~bits_a).sum(axis=1, dtype=np.int64)
    return np.minimum(np.asarray(len_a, np.int64) - only_a, np.asarray(len_b, np.int64) - only_b)


def band_digests(sigs: np.ndarray, num_bands: int) -> np.ndarray:
    """The 8-byte blake2b digest of every band of every signature, as an ``(n, num_bands)`` ``<u8`` array.

    The same digests as :func:`storyline.dedup.band_keys` (bytes keys the SQLite store persists), in one pass.
    """
    raw = np.ascontiguousarray(sigs, dtype="<u4").tobytes()
    width = (sigs.shape[1] * 4) // num_bands if len(sigs) else 1
    b2 = hashlib.blake2b
    digests = b"".join([b2(raw[i:i + width], digest_size=8).digest() for i in range(0, len(raw), width)])
    return np.frombuffer(digests, dtype="<u8").reshape(len(sigs), num_bands)


def band_salt(num_bands: int) -> np.ndarray:
    """Per band a 64-bit constant XORed into its digests, so equal digests of different bands differ."""
    with np.errstate(over="ignore"):
        return np.arange(1, num_bands + 1, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)  # golden ratio


class SortedKeyIndex:
    """A multimap of uint64 key -> int32 document number, stored as sorted runs.

    Runs are merged whenever the newest is at least half the size of the one before it, so there are at
    most ~log2(n) runs and each key is re-sorted O(log n) times over the life of the index.
    """

    def __init__(self) -> None:
        self._runs: list[tuple[np.ndarray, np.ndarray]] = []

    def __len__(self) -> int:
        return sum(len(k) for k, _ in self._runs)

    @property
    def nbytes(self) -> int:
        """Bytes held by the key and document arrays."""
        return sum(k.nbytes + d.nbytes for k, d in self._runs)

    def add(self, keys: np.ndarray, docs: np.ndarray) -> None:
        """Store each ``keys[i]`` -> ``docs[i]`` (equal-length 1-d arrays)."""
        if len(keys) == 0:
            return
        keys = np.asarray(keys, dtype=np.uint64)
        docs = np.asarray(docs, dtype=np.int32)
        order = np.argsort(keys, kind="stable")
        self._runs.append((keys[order], docs[order]))
        while len(self._runs) > 1 and 2 * len(self._runs[-1][0]) >= len(self._runs[-2][0]):
            (k2, d2), (k1, d1) = self._runs.pop(), self._runs.pop()
            k, d = np.concatenate((k1, k2)), np.concatenate((d1, d2))
            order = np.argsort(k, kind="stable")  # timsort: two sorted runs merge in linear time
            self._runs.append((k[order], d[order]))

    def lookup(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Every stored ``(i, doc)`` with ``doc`` stored under ``keys[i]`` (pairs may repeat across keys)."""
        keys = np.asarray(keys, dtype=np.uint64)
        rows: list[np.ndarray] = []
        docs: list[np.ndarray] = []
        order = np.argsort(keys)
        sorted_keys = keys[order]  # sorted queries walk each run in order: far fewer cache misses
        for rk, rd in self._runs:
            lo = np.searchsorted(rk, sorted_keys, "left")
            hit = np.flatnonzero(rk[np.minimum(lo, len(rk) - 1)] == sorted_keys)
            if len(hit) == 0:
                continue
            lo = lo[hit]
            hi = np.searchsorted(rk, sorted_keys[hit], "right")  # only for the few keys that are there
            owner, pos = expand_ranges(lo, hi - lo)
            rows.append(order[hit[owner]])
            docs.append(rd[pos])
        if not rows:
            return np.empty(0, np.int64), np.empty(0, np.int32)
        return np.concatenate(rows), np.concatenate(docs)


class ShingleArena:
    """Each document's sorted uint64 shingle array, kept in one buffer per added batch (no object per document)."""

    def __init__(self) -> None:
        self._buffers: list[np.ndarray] = []
        self._where = np.empty((0, 3), dtype=np.int64)  # per document: buffer, start, length
        self._bits = np.empty((0, BITMAP_WORDS), dtype=np.uint64)  # per document: its shingle_bitmaps row
        self._count = 0

    def __len__(self) -> int:
        return self._count

    @property
    def nbytes(self) -> int:
        """Bytes held by the shingle buffers and the per-document table."""
        return sum(b.nbytes for b in self._buffers) + self._where.nbytes + self._bits.nbytes

    def extend(self, flat: np.ndarray, offsets: np.ndarray, bits: np.ndarray | None = None) -> int:
        """Append documents ``flat[offsets[i]:offsets[i + 1]]``; return the number of the first one.

        ``bits``, if given, must be their :func:`shingle_bitmaps` (saves computing them again).
        """
        first = self._count
        n = len(offsets) - 1
        if n <= 0:
            return first
        buf = np.array(flat[offsets[0]:offsets[-1]], dtype=np.uint64)  # a copy: the batch may be a view
        rows = np.empty((n, 3), dtype=np.int64)
        rows[:, 0] = len(self._buffers)
        rows[:, 1] = offsets[:-1] - offsets[0]
        rows[:, 2] = np.diff(offsets)
        self._buffers.append(buf)
        if first + n > len(self._where):
            grown = np.empty((max(2 * len(self._where), first + n, 1024), 3), dtype=np.int64)
            grown[:first] = self._where[:first]
            self._where = grown
            grown_bits = np.empty((len(grown), BITMAP_WORDS), dtype=np.uint64)
            grown_bits[:first] = self._bits[:first]
            self._bits = grown_bits
        self._where[first:first + n] = rows
        self._bits[first:first + n] = shingle_bitmaps(flat, offsets) if bits is None else bits
        self._count = first + n
        return first

    def replace(self, doc: int, shingles: np.ndarray) -> None:
        """Give document ``doc`` a new shingle array."""
        self._where[doc] = (len(self._buffers), 0, len(shingles))
        self._buffers.append(np.array(shingles, dtype=np.uint64))
        self._bits[doc] = shingle_bitmaps(self._buffers[-1], np.array([0, len(shingles)]))[0]

    def get(self, doc: int) -> np.ndarray:
        """The shingle array of document ``doc`` (a read-only view)."""
        b, start, length = self._where[doc]
        return self._buffers[b][start:start + length]

    def size(self, doc: int) -> int:
        """How many shingles document ``doc`` has."""
        return int(self._where[doc, 2])

    def sizes(self, docs: np.ndarray) -> np.ndarray:
        """How many shingles each of ``docs`` has."""
        return self._where[docs, 2]

    def bitmaps(self, docs: np.ndarray) -> np.ndarray:
        """The :func:`shingle_bitmaps` rows of ``docs``."""
        return self._bits[docs]

