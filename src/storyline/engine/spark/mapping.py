"""The per-article map of a Spark run: read, extract, normalise, shingle and sign, in executors.

:func:`read_partition` is what ``mapPartitions`` runs over a slice of input files. It calls the very
functions the local engine calls (:func:`storyline.ingest.read_file` through :func:`~.sources.read_location`,
and the public MinHash functions of :mod:`storyline.dedup`), and tags every result with its position
``(file index, record index)`` so that the driver can put them in the local engine's order whatever the
partitioning was.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ...config import DedupConfig, IngestConfig
from ...dedup import Sketch, band_keys, content_hash, shingles, signatures
from ...model import Article, Skip
from ...store.encoding import clean_text
from .sources import read_location

__all__ = ["Read", "read_partition", "sketch_many"]

#: Articles signed per rensa call inside a partition (one call per batch is ~5x faster than one per text).
SIGN_BATCH = 256


@dataclass(slots=True)
class Read:
    """One result of the per-article map.

    Attributes:
        position: ``(file index, record index)``: the local engine's reading order.
        item: the article or the skip, as :func:`storyline.ingest.read_file` gave it.
        sketch: the article's content hash, shingles and LSH band keys (``None`` for a skip).
    """

    position: tuple[int, int]
    item: Article | Skip
    sketch: Sketch | None


def sketch_many(texts: list[str], cfg: DedupConfig) -> list[Sketch]:
    """:func:`storyline.dedup.sketch` of many texts with one signature call (the same values, faster)."""
    sets = [shingles(t, cfg.shingle_size) for t in texts]
    sigs = signatures(sets, cfg.num_perm, cfg.seed)
    return [Sketch(content_hash(t), s, band_keys(sig, cfg.num_bands) if s else [])
            for t, s, sig in zip(texts, sets, sigs, strict=True)]


def read_partition(files: Iterable[tuple[int, str]], ingest: IngestConfig, dedup: DedupConfig) -> Iterator[Read]:
    """Read the files of one partition and sign their articles.

    Args:
        files: ``(file index, location)`` pairs.
        ingest: reader options.
        dedup: MinHash settings.

    Yields:
        One :class:`Read` per article or skip, in reading order within the partition.
    """
    pending: list[Read] = []
    for file_index, location in files:
        for record, item in enumerate(read_location(location, ingest)):
            pending.append(Read((file_index, record), item, None))
            if len(pending) >= SIGN_BATCH:
                yield from _signed(pending, dedup)
                pending = []
    yield from _signed(pending, dedup)


def _signed(reads: list[Read], cfg: DedupConfig) -> list[Read]:
    arts = [r for r in reads if isinstance(r.item, Article)]
    # The text the store keeps (cleaned) is the text the local engine signs.
    for r, sk in zip(arts, sketch_many([clean_text(r.item.text) or "" for r in arts], cfg), strict=True):
        r.sketch = sk
    return reads
