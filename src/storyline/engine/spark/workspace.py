"""The driver of a Spark run: :class:`SparkWorkspace`, a :class:`~storyline.engine.Workspace` whose heavy
stages run on a Spark cluster.

:meth:`Workspace.run` is inherited unchanged — the same stage order, the same store, the same report
writer — and three stages are replaced by their Spark form:

* :meth:`SparkWorkspace.ingest`: files are read, extracted, normalised, shingled and signed in executors
  (``mapPartitions`` over the input files, :mod:`.mapping`); the driver receives the articles in the local
  engine's reading order and stores them in the same batches (exact duplicates, id conflicts and "already
  stored" are decided by the store, as in a local run).
* :meth:`SparkWorkspace.find_duplicates`: LSH band ``groupByKey`` → verified pairs (:mod:`.dedup`); groups and
  their representatives by the local engine's union-find on the driver.
* :meth:`SparkWorkspace.analyze`: one executor task per story (:mod:`.analysis`).

Story assignment stays the local engine's sequential pass on the driver (:func:`storyline.engine.runners.
assign_stories`): the clusterer is a streaming, order-dependent model (a story's core changes with every
member), so a partitioned version would not give the same stories. Its cost is measured in
``benchmarks/spark.py``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...config import Config
from ...dedup import exact_key
from ...guard import analysis_key
from ...model import Article, IngestResult, Skip, Story
from ...store import Store
from .. import analysis, runners
from ..analysis import AnalysisResult
from ..ingest import finish_ingest
from ..runners import ProgressFn
from ..workspace import Workspace
from .analysis import StoryJob, analyse_on_spark
from .dedup import near_duplicate_pairs
from .mapping import Read, read_partition
from .session import SparkSettings, spark_session
from .sources import list_inputs

if TYPE_CHECKING:
    from pyspark import RDD
    from pyspark.sql import SparkSession

__all__ = ["SparkWorkspace"]

log = logging.getLogger("storyline")


class SparkWorkspace(Workspace):
    """A workspace whose ingest, near-duplicate and analysis stages run on Spark; same results as local.

    Example:
        >>> ws = SparkWorkspace("out/spark.db", settings=SparkSettings(master="local[2]"))  # doctest: +SKIP
        >>> ws.run(["examples/corpus"], "out/spark")                                        # doctest: +SKIP

    Args:
        db_path: the driver's store (SQLite file, or ``":memory:"``); ignored when ``store`` is given.
        config: stage configuration.
        store: any :class:`~storyline.store.Store`.
        settings: master, partitions and extra Spark settings.
        spark: an existing session to use (it is then not stopped by :meth:`close`).
    """

    def __init__(self, db_path: str | Path = "storyline.db", config: Config | None = None,
                 store: Store | None = None, settings: SparkSettings | None = None,
                 spark: SparkSession | None = None) -> None:
        super().__init__(db_path, config, store)
        self.settings = settings or SparkSettings()
        self._spark = spark
        self._owns_session = spark is None
        self._reads: RDD[Read] | None = None
        self._ids: dict[tuple[int, int], tuple[int, str]] = {}  # position -> (ingestion seq, stored id)

    @property
    def spark(self) -> SparkSession:
        """The session (started on first use)."""
        if self._spark is None:
            self._spark = spark_session(self.settings)
        return self._spark

    @property
    def partitions(self) -> int:
        """Partitions used by the map, the band shuffle and the analysis."""
        return self.settings.partitions or self.spark.sparkContext.defaultParallelism

    def close(self) -> None:
        """Release the cached reads, stop the session if this workspace started it, and close the store."""
        if self._reads is not None:
            self._reads.unpersist()
            self._reads = None
        if self._owns_session and self._spark is not None:
            self._spark.stop()
            self._spark = None
        super().close()

    # -- ingest ---------------------------------------------------------------------------------------
    def ingest(self, paths: Iterable[str | Path], progress: ProgressFn | None = None,
               command: str = "ingest", exclude: Iterable[str | Path] = (), rebuild: bool = False) -> IngestResult:
        """Read ``paths`` (local or Hadoop URIs) in executors and store the articles in local reading order.

        Unlike the local engine every input file is read (Spark has no cheap per-file "unchanged" check over
        a remote filesystem); articles already stored are counted as such, not added again.
        """
        store, cfg = self.store, self.config.ingest
        run_id = store.start_run(command)
        result = IngestResult(run_id=run_id)
        files, listing_skips = list_inputs(self.spark, paths, cfg.follow_symlinks,
                                           exclude=[*store.own_files(), *exclude])
        result.skipped.extend(listing_skips)
        if rebuild:
            store.forget_input_files()
        dedup_cfg = self.config.dedup
        sc = self.spark.sparkContext
        slices = max(1, min(len(files), self.partitions * 2))
        reads = (sc.parallelize(list(enumerate(files)), slices)
                 .mapPartitions(lambda part: read_partition(part, cfg, dedup_cfg))
                 .persist(_storage_level()))
        self._reads = reads
        batch: list[Article] = []
        positions: list[tuple[int, int]] = []
        pending_skips: list[Skip] = list(result.skipped)
        seq = store.count()

        def flush() -> None:
            nonlocal seq
            added, existing = store.put_batch(batch, pending_skips, run_id)
            result.added.extend(added)
            result.already_stored.extend(existing)
            fresh = set(added)
            for pos, art in zip(positions, batch, strict=True):
                for stored_id in (art.id, f"{art.id}~{art.content_hash[:8]}"):
                    if stored_id in fresh:  # the first position to claim an id is the one stored
                        fresh.discard(stored_id)
                        self._ids[pos] = (seq, stored_id)
                        seq += 1
                        break
            batch.clear()
            positions.clear()
            pending_skips.clear()

        # parallelize() slices the file list into contiguous runs and the map keeps each slice's order, so
        # reading the partitions one after another gives the local engine's order with no sort (checked).
        done = 0
        last = (-1, -1)
        for position, item in reads.map(lambda r: (r.position, r.item)).toLocalIterator(prefetchPartitions=True):
            if position <= last:
                raise RuntimeError(f"Spark returned the inputs out of order ({position} after {last})")
            last = position
            if isinstance(item, Skip):
                result.skipped.append(item)
                pending_skips.append(item)
            else:
                batch.append(item)
                positions.append(position)
                if len(batch) >= cfg.batch_size:
                    flush()
            done += 1
            if progress is not None and done % 500 == 0:
                progress(done, 0, "spark: articles read")
        flush()
        finish_ingest(store, run_id, result, len(files))
        log.info("ingest (spark): %d files, %d new articles, %d already stored, %d skipped", len(files),
                 result.ingested, len(result.already_stored), len(result.skipped))
        return result

    # -- near-duplicates ----------------------------------------------------------------------------------
    def find_duplicates(self, progress: ProgressFn | None = None) -> int:
        """Near-duplicates by band ``groupByKey`` on the cluster when the store holds only the articles this
        workspace's ingest signed; otherwise (a store with articles of an earlier run) the local runner,
        which checks the new articles against the stored index."""
        store = self.store
        fresh = store.unindexed_count() == store.count() == len(self._ids)  # nothing indexed by an earlier run
        if self._reads is None or not self._ids or not fresh:
            return super().find_duplicates(progress)
        cfg = self.config.dedup
        ids = self.spark.sparkContext.broadcast(self._ids)
        signed = (self._reads.filter(lambda r: r.sketch is not None and r.position in ids.value)
                  .map(lambda r: (ids.value[r.position][0], ids.value[r.position][1], r.sketch)))
        with self.lock():
            with store.transaction():
                store.check_dedup_settings(cfg.fingerprint())
            pairs = near_duplicate_pairs(signed, cfg, self.partitions)
            bands = store.band_store()
            with store.transaction():  # the index (so later local runs check against it) and the pairs
                for _, article_id, sk in signed.toLocalIterator(prefetchPartitions=True):  # ingestion order
                    bands.put_shingles(article_id, sk.shingles)
                    bands.add(article_id, [*sk.keys, exact_key(sk.content_hash)] if sk.shingles else [])
                store.add_duplicate_pairs(pairs)
            runners._refresh_representatives(store)  # the local union-find, same representatives
        ids.unpersist()
        if progress is not None:
            progress(len(self._ids), len(self._ids), "near-duplicates")
        log.info("near-duplicates (spark): %d articles, %d verified pairs", len(self._ids), len(pairs))
        return len(self._ids)

    # -- analysis ------------------------------------------------------------------------------------------
    def analyze(self, stories: list[Story], articles: list[Article] | None = None,
                progress: ProgressFn | None = None, rebuild: bool = False,
                run_id: int | None = None) -> AnalysisResult:
        """Analyse the stories not cached (all with ``rebuild``) on executors, one task per story, then
        assemble the result from the store's analysis cache as the local engine does."""
        arts = articles if articles is not None else self.articles()
        cfg = self.config.analysis_config()
        by_id = {a.id: a for a in arts}
        jobs: list[StoryJob] = []
        for story in stories:
            members = [by_id[a] for a in story.articles if a in by_id]
            key = analysis_key(members, cfg)
            if rebuild or self.store.cached_analysis(key) is None:
                jobs.append((story.id, key, members))
        analysed = 0
        for sid, key, packed, _failure in analyse_on_spark(self.spark.sparkContext, jobs, cfg, self.partitions):
            if packed is not None:  # a failed story is analysed (and recorded) again by the assembler below
                self.store.put_analysis(key, sid, packed)
                analysed += 1
        if progress is not None:
            progress(len(jobs), len(jobs), "analysis")
        result = analysis.analyze_stories(self.store, stories, arts, cfg, 1, progress=progress, rebuild=False,
                                          run_id=run_id)
        result.analysed += analysed
        result.reused -= analysed
        return result


def _storage_level() -> Any:
    from pyspark import StorageLevel

    return StorageLevel.MEMORY_AND_DISK
