"""The per-story analysis of a run: reuse stored analyses of unchanged stories, analyse the rest (in a
process pool when it pays), keep failures on their story.

Each story goes through :func:`storyline.guard.guarded_analysis` — in this process or in a pool worker,
the very same function — and its report fields are kept compressed, in the store's cache and in the
:class:`AnalysisResult`, so a rerun reports the very same bytes.
"""

from __future__ import annotations

import json
import logging
import os
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..guard import analysis_key, guarded_analysis
from ..model import Article, Story, StoryFailure
from ..store import Store

if TYPE_CHECKING:
    from ..config import AnalysisConfig

#: Below this many articles in all a process pool costs more than it saves.
PARALLEL_MIN_ARTICLES = 60

#: A worker is replaced after this many stories: the analysis keeps per-process caches (sentence spans,
#: token profiles) and the allocator keeps freed arenas, so a long-lived worker grows with the corpus.
TASKS_PER_WORKER = 10

#: Modules the pool's fork server imports once, so that workers forked from it share those pages (and a worker,
#: replaced every ``TASKS_PER_WORKER`` stories, does not import them again: syntok alone costs ~30 ms).
PRELOAD = ["storyline.guard", "storyline.pipeline", "storyline.align.passages", "storyline.crosscheck",
           "storyline.summarize.extractive", "storyline.summarize.corrections", "storyline.align.provenance",
           "syntok.segmenter"]

#: ``(story_id, report fields, None)`` or ``(story_id, None, failure)``, as :func:`guarded_analysis` returns.
Outcome = tuple[str, dict[str, Any] | None, StoryFailure | None]

log = logging.getLogger("storyline")


@dataclass(slots=True)
class AnalysisResult:
    """What :meth:`Workspace.analyze` did: report fields per story, failures, and how much was reused.

    The fields are kept compressed (``packed``: zlib'd JSON, as in the store's cache) and decoded one story
    at a time by :attr:`fields`, a read-only mapping: a 5,000-article run would otherwise hold every
    story's analysis as Python objects until the report is written.
    """

    packed: dict[str, bytes] = field(default_factory=dict)
    failures: list[StoryFailure] = field(default_factory=list)
    analysed: int = 0
    reused: int = 0

    @property
    def fields(self) -> PackedAnalyses:
        """Story id → report fields, decoded on access, in the stories' order."""
        return PackedAnalyses(self.packed)


class PackedAnalyses(Mapping[str, dict[str, Any]]):
    """A read-only mapping of story id → analysis fields over compressed JSON (decoded on each access).

    The values are the report's JSON for a story (the edge where typed results become JSON).
    """

    def __init__(self, packed: dict[str, bytes]) -> None:
        self._packed = packed

    def __getitem__(self, story_id: str) -> dict[str, Any]:
        return json.loads(zlib.decompress(self._packed[story_id]))  # type: ignore[no-any-return]

    def __iter__(self) -> Iterator[str]:
        return iter(self._packed)

    def __len__(self) -> int:
        return len(self._packed)


def analyze_stories(store: Store, stories: Sequence[Story], articles: Iterable[Article], config: AnalysisConfig,
                    workers: int, progress: Callable[[int, int, str], None] | None = None, rebuild: bool = False,
                    run_id: int | None = None) -> AnalysisResult:
    """Analyse ``stories``, reusing the store's cached analysis of each unchanged story.

    Args:
        store: where cached analyses and failures are kept.
        stories: the stories, in report order.
        articles: at least every member of ``stories``.
        config: the per-story analysis configuration.
        workers: processes to use (1: this process only).
        progress: called after each analysed story.
        rebuild: analyse every story, cached or not.
        run_id: the run that failures are recorded under.

    Returns:
        Report fields per story (in ``stories`` order; a failed story holds ``{"failure": …}``), failures
        and counts.
    """
    by_id = {a.id: a for a in articles}
    result = AnalysisResult()
    jobs: list[tuple[str, list[Article]]] = []
    keys: dict[str, str] = {}
    for story in stories:
        arts = [by_id[a] for a in story.articles if a in by_id]
        keys[story.id] = analysis_key(arts, config)
        cached = None if rebuild else store.cached_analysis(keys[story.id])
        if cached is not None:
            result.packed[story.id] = cached
            result.reused += 1
        else:
            jobs.append((story.id, arts))
    workers = min(workers, len(jobs))
    if workers <= 1 or sum(len(arts) for _, arts in jobs) < PARALLEL_MIN_ARTICLES:
        outcomes: Iterable[Outcome] = (guarded_analysis(sid, arts, config) for sid, arts in jobs)
    else:
        outcomes = _analyze_in_pool(jobs, config, workers)
    for n, (sid, fields, failure) in enumerate(outcomes, start=1):
        if failure is not None:
            result.failures.append(failure)
            store.record_failure(run_id, failure)
            log.warning("story %s: analysis failed in %s: %s: %s", sid, failure.stage, failure.kind,
                        failure.message)
        else:
            assert fields is not None
            # The cached form is what is reported, so a rerun reports the very same.
            packed = zlib.compress(json.dumps(fields, ensure_ascii=False, default=str).encode(), 6)
            result.packed[sid] = packed
            store.put_analysis(keys[sid], sid, packed)
            result.analysed += 1
        if progress is not None:
            progress(n, len(jobs), "analysis")
    for failure in result.failures:
        result.packed[failure.story_id] = zlib.compress(json.dumps({"failure": failure.to_dict()}).encode())
    result.packed = {s.id: result.packed[s.id] for s in stories if s.id in result.packed}
    log.info("analysis: %d stories analysed, %d reused unchanged, %d failed", result.analysed, result.reused,
             len(result.failures))
    return result


def default_workers(configured: int) -> int:
    """The number of analysis processes: as configured, else one per CPU."""
    return configured or os.cpu_count() or 1


def _analyze_in_pool(jobs: list[tuple[str, list[Article]]], config: AnalysisConfig, workers: int
                     ) -> Iterator[Outcome]:
    """Analyse stories in ``workers`` processes (the same guarded function), yielding them as they finish.

    Stories are submitted largest first: alignment cost grows with the square of a story's size, so a big
    story started last would leave the other workers idle at the end. Workers are started fresh
    (``forkserver``), not forked from this process, so they do not hold a copy of the whole corpus; each
    receives only its story's articles. A pool is replaced after ``workers × TASKS_PER_WORKER`` stories so
    worker memory does not grow with the corpus (``max_tasks_per_child`` would do the same, but it can hang
    the executor on Python 3.11). If a worker dies (killed, out of memory) the stories of its pool not yet
    finished are analysed here, one by one, still guarded.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    ordered = sorted(jobs, key=lambda job: -len(job[1]))
    chunk = workers * TASKS_PER_WORKER
    for start in range(0, len(ordered), chunk):
        pending = dict(ordered[start:start + chunk])
        try:
            with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
                futures = [pool.submit(guarded_analysis, sid, arts, config) for sid, arts in pending.items()]
                for future in as_completed(futures):
                    outcome = future.result()
                    pending.pop(outcome[0], None)
                    yield outcome
        except BrokenProcessPool as exc:
            log.warning("an analysis worker died (%s); analysing the %d remaining stories of its batch here",
                        exc, len(pending))
            for sid, arts in list(pending.items()):
                yield guarded_analysis(sid, arts, config)
