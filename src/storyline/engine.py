"""Thin coordinator: runs the stages against a store. The notebook-facing API is :class:`Workspace`."""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .config import Config, load_config
from .guard import analysis_key, guarded_analysis
from .ingest import expand_paths, read_file
from .model import Article, IngestResult, InputFile, Skip, Story, StoryFailure
from .store import SQLiteStore

if TYPE_CHECKING:
    from .pipeline import AnalysisConfig
    from .stages import DuplicateGroup

#: Below this many articles in all a process pool costs more than it saves.
PARALLEL_MIN_ARTICLES = 60

#: A worker is replaced after this many stories: the analysis keeps per-process caches (sentence spans,
#: token profiles) and the allocator keeps freed arenas, so a long-lived worker grows with the corpus.
TASKS_PER_WORKER = 10

#: ``progress(done_files, total_files, current_path)``; called after every file.
ProgressFn = Callable[[int, int, str], None]

log = logging.getLogger("storyline")


@dataclass(slots=True)
class RunResult:
    """What :meth:`Workspace.run` did."""

    ingest: IngestResult
    stories: list[Story] = field(default_factory=list)
    report_path: Path | None = None
    seconds: float = 0.0
    failures: list[StoryFailure] = field(default_factory=list)
    analysed: int = 0
    reused: int = 0

    @property
    def status(self) -> str:
        """``"ok"``, ``"failures"`` (the report is written, some stories failed) or ``"nothing"`` (no input)."""
        if self.ingest.ingested == 0 and not self.ingest.already_stored and not self.ingest.unchanged_files:
            return "nothing"
        return "failures" if self.failures else "ok"


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
    """A read-only mapping of story id → analysis fields over compressed JSON (decoded on each access)."""

    def __init__(self, packed: dict[str, bytes]) -> None:
        self._packed = packed

    def __getitem__(self, story_id: str) -> dict[str, Any]:
        return json.loads(zlib.decompress(self._packed[story_id]))  # type: ignore[no-any-return]

    def __iter__(self) -> Iterator[str]:
        return iter(self._packed)

    def __len__(self) -> int:
        return len(self._packed)


class Workspace:
    """A storyline workspace: one store plus configuration.

    Example:
        >>> ws = Workspace("storyline.db")            # doctest: +SKIP
        >>> ws.ingest(["examples/corpus"]).ingested  # doctest: +SKIP
        9

    Args:
        db_path: SQLite file (created if missing), or ``":memory:"``.
        config: stage configuration; defaults when omitted.
    """

    def __init__(self, db_path: str | Path = "storyline.db", config: Config | None = None) -> None:
        self.config = config or load_config()
        self.store = SQLiteStore(db_path)
        self._lock_depth = 0

    def close(self) -> None:
        """Close the store."""
        self.store.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- ingest -----------------------------------------------------------------------------------
    def ingest(self, paths: Iterable[str | Path], progress: ProgressFn | None = None,
               command: str = "ingest", exclude: Iterable[str | Path] = (), rebuild: bool = False) -> IngestResult:
        """Read articles from ``paths`` and store them in batches.

        Bad inputs are skipped with a reason (returned and stored); articles already stored are
        counted, not re-added; exact duplicates are marked ``duplicate_of`` the earliest copy. The
        store's own files, and anything under ``exclude``, are never read as input.

        Incremental: a file read completely before (no skip) whose size and modification time, or else
        whose content hash, are unchanged is not parsed again (``rebuild=True`` parses everything). A
        reader that raises on one file costs that file only: it is skipped as ``reader_error`` with the
        exception named, and the next file is read.
        """
        cfg = self.config.ingest
        run_id = self.store.start_run(command)
        result = IngestResult(run_id=run_id)
        files: list[Path] = []
        own = [self.store.path + suffix for suffix in ("", "-wal", "-shm", "-journal", ".lock")]
        for item in expand_paths(paths, cfg.follow_symlinks, exclude=[*own, *exclude]):
            if isinstance(item, Skip):
                result.skipped.append(item)
            else:
                files.append(item)
        if rebuild:
            self.store.forget_input_files()
        batch: list[Article] = []
        pending_skips: list[Skip] = list(result.skipped)
        pending_files: list[InputFile] = []

        def flush() -> None:
            added, existing = self.store.put_batch(batch, pending_skips, run_id, pending_files)
            result.added.extend(added)
            result.already_stored.extend(existing)
            batch.clear()
            pending_skips.clear()
            pending_files.clear()

        for n, path in enumerate(files, start=1):
            key = _file_key(path)
            known = self.store.input_file(key)
            seen = _fingerprint(path, key, known)
            if seen is not None and known is not None and (seen.size, seen.sha256) == (known.size, known.sha256):
                result.unchanged_files += 1
                if seen.mtime_ns != known.mtime_ns:  # same bytes, touched: remember the new mtime
                    pending_files.append(InputFile(known.path, seen.size, seen.mtime_ns, seen.sha256, known.articles))
            else:
                count, skipped = 0, 0
                for item in _guarded_read(path, cfg):
                    if isinstance(item, Skip):
                        result.skipped.append(item)
                        pending_skips.append(item)
                        skipped += 1
                    else:
                        batch.append(item)
                        count += 1
                        if len(batch) >= cfg.batch_size:
                            flush()
                if seen is not None and not skipped:  # a file with any skip is read again next time
                    pending_files.append(InputFile(seen.path, seen.size, seen.mtime_ns, seen.sha256, count))
            if progress is not None:
                progress(n, len(files), str(path))
        flush()
        result.duplicates = self.store.duplicates_among(result.added)
        self.store.finish_run(run_id, {
            "files": len(files), "unchanged_files": result.unchanged_files, "ingested": result.ingested,
            "already_stored": len(result.already_stored), "duplicates": len(result.duplicates),
            "skipped": result.skipped_by_reason(),
        })
        log.info("ingest: %d files (%d unchanged), %d new articles, %d already stored, %d skipped",
                 len(files), result.unchanged_files, result.ingested, len(result.already_stored),
                 len(result.skipped))
        return result

    def skips(self, run_id: int | None = None) -> list[Skip]:
        """Skip records kept in the store (of one run, or all), oldest first."""
        return self.store.skips(run_id)

    # -- reading ----------------------------------------------------------------------------------
    def articles(self, include_duplicates: bool = True) -> list[Article]:
        """Stored articles in ingestion order."""
        return self.store.articles(include_duplicates=include_duplicates)

    def article(self, article_id: str) -> Article | None:
        """One stored article."""
        return self.store.get(article_id)

    def find_duplicates(self, progress: ProgressFn | None = None) -> int:
        """Index new articles for near-duplicates (MinHash-LSH, verified) and refresh the groups."""
        from .stages import find_duplicates

        with self.lock():
            return find_duplicates(self.store, progress=progress)

    def duplicate_groups(self) -> list[DuplicateGroup]:
        """Near/exact duplicate groups with members, pair scores and reasons."""
        from .stages import duplicate_groups

        return duplicate_groups(self.store)

    def assign_stories(self, progress: ProgressFn | None = None) -> int:
        """Put every article not yet in a story into one (incremental; earlier assignments stay)."""
        from .stages import assign_stories

        with self.lock():
            return assign_stories(self.store, progress=progress)

    def stories(self) -> list[Story]:
        """Stories over the stored articles (largest first); articles not yet assigned are left out."""
        from .stages import load_stories

        return sorted(load_stories(self.store), key=lambda s: (-len(s.articles), s.id))

    def story(self, story_id: str) -> tuple[Story, list[dict[str, object]]] | None:
        """One story and, per article, why it is there (score, best match, shared terms)."""
        from .stages import story_reasons

        found = next((s for s in self.stories() if s.id == story_id), None)
        return (found, story_reasons(self.store, story_id)) if found else None

    def membership(self, story_id: str) -> list[dict[str, Any]]:
        """Why each article is in the story, compact, for the report: the same-event probability it joined
        with, the closest core member, the strongest shared terms and whether it was a close call."""
        from .stages import story_reasons

        keep = ("article", "score", "best_match", "evidence", "low_confidence", "opened_story", "duplicate_of",
                "non_article")
        out = []
        for r in story_reasons(self.store, story_id):
            row = {k: r.get(k) for k in keep}
            row["evidence"] = list(r.get("evidence") or [])[:8]
            out.append(row)
        return out

    def analyze(self, stories: list[Story], articles: list[Article] | None = None,
                progress: ProgressFn | None = None, rebuild: bool = False,
                run_id: int | None = None) -> AnalysisResult:
        """Align, cross-check and summarise each story, reusing stored analyses of unchanged stories.

        A story whose members (every field), configuration and code are unchanged gets its stored
        analysis back (``rebuild=True`` analyses everything). A story whose analysis raises is recorded
        as a :class:`StoryFailure` (stage, exception, message) and the others go on.
        """
        from .pipeline import AnalysisConfig

        opts = self.config.analysis
        llm = None
        if opts.llm_url:
            from .summarize.llm import LLMConfig

            llm = LLMConfig(opts.llm_url, opts.llm_model, api_key=opts.llm_api_key or None, timeout=opts.llm_timeout)
        acfg = AnalysisConfig(words=opts.words, llm=llm)
        by_id = {a.id: a for a in (articles if articles is not None else self.articles())}
        result = AnalysisResult()
        jobs: list[tuple[str, list[Article]]] = []
        keys: dict[str, str] = {}
        for story in stories:
            arts = [by_id[a] for a in story.articles if a in by_id]
            keys[story.id] = analysis_key(arts, acfg)
            cached = None if rebuild else self.store.cached_analysis(keys[story.id])
            if cached is not None:
                result.packed[story.id] = cached
                result.reused += 1
            else:
                jobs.append((story.id, arts))
        workers = min(opts.workers or os.cpu_count() or 1, len(jobs))
        if workers <= 1 or sum(len(arts) for _, arts in jobs) < PARALLEL_MIN_ARTICLES:
            outcomes: Iterable[tuple[str, dict[str, Any] | None, StoryFailure | None]] = (
                guarded_analysis(sid, arts, acfg) for sid, arts in jobs)
        else:
            outcomes = _analyze_in_pool(jobs, acfg, workers)
        for n, (sid, fields, failure) in enumerate(outcomes, start=1):
            if failure is not None:
                result.failures.append(failure)
                self.store.record_failure(run_id, sid, failure.stage, failure.kind, failure.message)
                log.warning("story %s: analysis failed in %s: %s: %s", sid, failure.stage, failure.kind,
                            failure.message)
            else:
                assert fields is not None
                # The cached form is what is reported, so a rerun reports the very same.
                packed = zlib.compress(json.dumps(fields, ensure_ascii=False, default=str).encode(), 6)
                result.packed[sid] = packed
                self.store.put_analysis(keys[sid], sid, packed)
                result.analysed += 1
            if progress is not None:
                progress(n, len(jobs), "analysis")
        order = [s.id for s in stories]
        for failure in result.failures:
            result.packed[failure.story_id] = zlib.compress(json.dumps({"failure": failure.to_dict()}).encode())
        result.packed = {sid: result.packed[sid] for sid in order if sid in result.packed}
        log.info("analysis: %d stories analysed, %d reused unchanged, %d failed", result.analysed, result.reused,
                 len(result.failures))
        return result

    # -- whole job --------------------------------------------------------------------------------
    def run(self, paths: Iterable[str | Path], out_dir: str | Path, progress: ProgressFn | None = None,
            rebuild: bool = False) -> RunResult:
        """Ingest ``paths`` and write ``report.json`` and HTML/Markdown pages to ``out_dir``.

        One ``run`` at a time per store (a lock file beside it; a second run waits). Unchanged input files
        are not parsed again and unchanged stories are not analysed again unless ``rebuild``. A story whose
        analysis fails is reported with its failure and the run completes (``RunResult.status``).
        """
        from .report.build import write_report_streaming

        t0 = time.perf_counter()
        with self.lock():
            ingested = self.ingest(paths, progress=progress, command="run", exclude=[out_dir], rebuild=rebuild)
            self.find_duplicates(progress=progress)
            self.assign_stories(progress=progress)
            articles = self.articles()
            stories = self.stories()
            analysis = self.analyze(stories, articles, progress=progress, rebuild=rebuild, run_id=ingested.run_id)
            run_info = {"analysed": analysis.analysed, "reused": analysis.reused,
                        "failures": [{"story": f.story_id, **f.to_dict()} for f in analysis.failures],
                        "skipped": ingested.skipped_by_reason(), "unchanged_files": ingested.unchanged_files}
            path = write_report_streaming(articles, stories, analysis.fields, out_dir,
                                          {a.id: a.text for a in articles}, run_info,
                                          membership={s.id: self.membership(s.id) for s in stories})
        return RunResult(ingest=ingested, stories=stories, report_path=path, seconds=time.perf_counter() - t0,
                         failures=analysis.failures, analysed=analysis.analysed, reused=analysis.reused)

    @contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the store's writer lock (``<db>.lock``) for the stages that give out ids: two processes
        clustering one store at once would race on story ids. Re-entrant within this workspace; another
        process waits (and is told so in the log)."""
        if self.store.path == ":memory:" or self._lock_depth:
            self._lock_depth += 1
            try:
                yield
            finally:
                self._lock_depth -= 1
            return
        with open(self.store.path + ".lock", "a+") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                log.warning("another storyline process holds %s.lock; waiting for it", self.store.path)
                fcntl.flock(handle, fcntl.LOCK_EX)
            self._lock_depth = 1
            try:
                yield
            finally:
                self._lock_depth = 0
                fcntl.flock(handle, fcntl.LOCK_UN)


def _analyze_in_pool(jobs: list[tuple[str, list[Article]]], config: AnalysisConfig, workers: int
                     ) -> Iterator[tuple[str, dict[str, Any] | None, StoryFailure | None]]:
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
    # Workers fork from a server that has already imported the analysis: they share those pages.
    context.set_forkserver_preload(["storyline.guard", "storyline.pipeline", "storyline.align.passages",
                                    "storyline.crosscheck", "storyline.summarize.extractive",
                                    "storyline.align.provenance"])
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


def _file_key(path: Path) -> str:
    try:
        return str(path.resolve())
    except (OSError, RuntimeError):
        return str(path.absolute())


def _fingerprint(path: Path, key: str, known: InputFile | None) -> InputFile | None:
    """Size, mtime and (when size or mtime changed, or nothing is known) the content hash of ``path``.

    ``None`` when the file cannot be read (the reader then records why).
    """
    try:
        st = path.stat()
        if known is not None and known.size == st.st_size and known.mtime_ns == st.st_mtime_ns:
            return known
        if not path.is_file():
            return None
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        return InputFile(key, st.st_size, st.st_mtime_ns, digest.hexdigest(), -1)
    except OSError:
        return None


def _guarded_read(path: Path, cfg: Any) -> Iterator[Article | Skip]:
    """The file's articles and skips; a reader that raises costs this file only (``unreadable``)."""
    try:
        yield from read_file(path, cfg)
    except Exception as exc:  # noqa: BLE001 - one odd file must not stop the run
        log.warning("reading %s failed: %s: %s", path, type(exc).__name__, exc)
        yield Skip(str(path), "reader_error", f"reader failed: {type(exc).__name__}: {str(exc)[:300]}")
