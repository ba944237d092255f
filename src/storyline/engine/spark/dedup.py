"""Near-duplicates on Spark: group by LSH band key, verify candidate pairs, then connected components.

The local engine indexes articles one by one in ingestion order and checks each against the articles
indexed before it; a pair is found when the two share a band key (or the exact-text key) and passes
verification. The same pairs are found here in bulk:

1. every signed article emits ``(band key, (seq, id))`` for its band keys and its exact-text key;
2. ``groupByKey`` on the key gives the buckets; each bucket emits every pair (later, earlier) by ``seq``,
   the ingestion order; pairs found in several buckets are kept once (``distinct``);
3. both shingle sets are joined to each pair and :class:`storyline.dedup.NearDupIndex` verifies it —
   the very classification code (exact / near / contained, with its reason) the local engine runs;
4. the verified pairs (compact: two ids and three numbers) go to the driver, where the store and the
   local engine's union-find (:func:`storyline.dedup.group_duplicates`) name each group's representative.

Nothing depends on the partitioning: a pair's direction and its verification depend only on ``seq``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from ...config import DedupConfig
from ...dedup import MemoryBandStore, NearDupIndex, Sketch, exact_key
from ...store import DuplicatePair

if TYPE_CHECKING:
    from pyspark import RDD

__all__ = ["band_rows", "bucket_pairs", "near_duplicate_pairs", "verify_pair"]

#: ``(seq, article id)``: an article's place in ingestion order.
Ref = tuple[int, str]


def band_rows(seq: int, article_id: str, sk: Sketch) -> list[tuple[bytes, Ref]]:
    """The ``(key, (seq, id))`` rows of one article: its band keys and its exact-text key (none if it has
    no words, as in the local index)."""
    if not sk.shingles:
        return []
    return [(k, (seq, article_id)) for k in (*sk.keys, exact_key(sk.content_hash))]


def bucket_pairs(members: Iterable[Ref]) -> Iterator[tuple[Ref, Ref]]:
    """Every ``(later, earlier)`` pair of one bucket, by ingestion order."""
    ordered = sorted(set(members))
    for j in range(1, len(ordered)):
        for i in range(j):
            yield ordered[j], ordered[i]


def verify_pair(later: str, later_sk: Sketch, earlier: str, earlier_sk: Sketch,
                cfg: DedupConfig) -> DuplicatePair | None:
    """The stored pair the local index records when ``later`` meets ``earlier``, or ``None`` if it fails.

    A two-article :class:`~storyline.dedup.NearDupIndex` runs the local engine's own verification, so kind,
    scores and reason are the same to the byte.
    """
    index = NearDupIndex(MemoryBandStore(), cfg)
    index.add_sketch(earlier, earlier_sk)
    for m in index.add_sketch(later, later_sk):
        if m.other_id == earlier:
            return DuplicatePair(later, earlier, m.kind, m.jaccard, m.containment, m.reason)
    return None


def near_duplicate_pairs(signed: RDD[tuple[int, str, Sketch]], cfg: DedupConfig,
                         partitions: int) -> list[DuplicatePair]:
    """Verified duplicate pairs among ``(seq, id, sketch)`` rows, sorted by (later seq, earlier seq).

    Args:
        signed: every article to index, with its ingestion order and sketch.
        cfg: the detector settings (thresholds and MinHash parameters).
        partitions: partitions of the band shuffle.
    """
    candidates = (signed.flatMap(lambda r: band_rows(r[0], r[1], r[2]))
                  .groupByKey(partitions)
                  .flatMap(lambda kv: bucket_pairs(kv[1]))
                  .distinct(partitions))
    by_id = signed.map(lambda r: (r[1], r[2]))
    verified = (candidates.map(lambda p: (p[0][1], (p[0][0], p[1])))  # later id -> (later seq, earlier ref)
                .join(by_id, partitions)
                .map(lambda kv: (kv[1][0][1][1], (kv[1][0][0], kv[0], kv[1][1], kv[1][0][1][0])))
                .join(by_id, partitions)  # earlier id -> ((later seq, later id, later sketch, earlier seq), sketch)
                .map(lambda kv: ((kv[1][0][0], kv[1][0][3]),
                                 verify_pair(kv[1][0][1], kv[1][0][2], kv[0], kv[1][1], cfg)))
                .filter(lambda kv: kv[1] is not None))
    return [pair for _, pair in sorted(verified.collect(), key=lambda kv: kv[0])]  # type: ignore[misc]
