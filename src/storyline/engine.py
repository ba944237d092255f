"""Thin coordinator: runs the stages against a store. The notebook-facing API is :class:`Workspace`."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .config import Config, load_config
from .ingest import expand_paths, read_file
from .model import Article, IngestResult, Skip, Story
from .store import SQLiteStore

if TYPE_CHECKING:
    from .analysis import AnalysisConfig
    from .stages import DuplicateGroup

#: Below this many articles in all a process pool costs more than it saves.
PARALLEL_MIN_ARTICLES = 60

#: ``progress(done_files, total_files, current_path)``; called after every file.
ProgressFn = Callable[[int, int, str], None]


@dataclass(slots=True)
class RunResult:
    """What :meth:`Workspace.run` did."""

    ingest: IngestResult
    stories: list[Story] = field(default_factory=list)
    report_path: Path | None = None
    seconds: float = 0.0


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

    def close(self) -> None:
        """Close the store."""
        self.store.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- ingest -----------------------------------------------------------------------------------
    def ingest(self, paths: Iterable[str | Path], progress: ProgressFn | None = None,
               command: str = "ingest", exclude: Iterable[str | Path] = ()) -> IngestResult:
        """Read articles from ``paths`` and store them in batches.

        Bad inputs are skipped with a reason (returned and stored); articles already stored are
        counted, not re-added; exact duplicates are marked ``duplicate_of`` the earliest copy. The
        store's own files, and anything under ``exclude``, are never read as input.
        """
        cfg = self.config.ingest
        result = IngestResult()
        run_id = self.store.start_run(command)
        files: list[Path] = []
        own = [self.store.path + suffix for suffix in ("", "-wal", "-shm", "-journal")]
        for item in expand_paths(paths, cfg.follow_symlinks, exclude=[*own, *exclude]):
            if isinstance(item, Skip):
                result.skipped.append(item)
            else:
                files.append(item)
        batch: list[Article] = []
        pending_skips: list[Skip] = list(result.skipped)

        def flush() -> None:
            added, existing = self.store.put_batch(batch, pending_skips, run_id)
            result.added.extend(added)
            result.already_stored.extend(existing)
            batch.clear()
            pending_skips.clear()

        for n, path in enumerate(files, start=1):
            for item in read_file(path, cfg):
                if isinstance(item, Skip):
                    result.skipped.append(item)
                    pending_skips.append(item)
                else:
                    batch.append(item)
                    if len(batch) >= cfg.batch_size:
                        flush()
            if progress is not None:
                progress(n, len(files), str(path))
        flush()
        result.duplicates = self.store.duplicates_among(result.added)
        self.store.finish_run(run_id, {
            "files": len(files), "ingested": result.ingested, "already_stored": len(result.already_stored),
            "duplicates": len(result.duplicates), "skipped": result.skipped_by_reason(),
        })
        return result

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

        return find_duplicates(self.store, progress=progress)

    def duplicate_groups(self) -> list[DuplicateGroup]:
        """Near/exact duplicate groups with members, pair scores and reasons."""
        from .stages import duplicate_groups

        return duplicate_groups(self.store)

    def assign_stories(self, progress: ProgressFn | None = None) -> int:
        """Put every article not yet in a story into one (incremental; earlier assignments stay)."""
        from .stages import assign_stories

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

    def analyze(self, stories: list[Story], articles: list[Article] | None = None,
                progress: ProgressFn | None = None) -> dict[str, dict[str, object]]:
        """Align, cross-check and summarise each story; returns the report fields per story id."""
        from .analysis import AnalysisConfig, analyze_story

        opts = self.config.analysis
        llm = None
        if opts.llm_url:
            from .llm import LLMConfig

            llm = LLMConfig(opts.llm_url, opts.llm_model, api_key=opts.llm_api_key or None, timeout=opts.llm_timeout)
        acfg = AnalysisConfig(words=opts.words, llm=llm)
        by_id = {a.id: a for a in (articles if articles is not None else self.articles())}
        jobs = [(story.id, [by_id[a] for a in story.articles if a in by_id]) for story in stories]
        workers = min(opts.workers or os.cpu_count() or 1, len(jobs))
        if workers <= 1 or sum(len(arts) for _, arts in jobs) < PARALLEL_MIN_ARTICLES:
            results = ((sid, analyze_story(arts, acfg)) for sid, arts in jobs)
        else:
            results = _analyze_in_pool(jobs, acfg, workers)
        found: dict[str, dict[str, object]] = {}
        for n, (sid, fields) in enumerate(results, start=1):
            found[sid] = fields
            if progress is not None:
                progress(n, len(jobs), "analysis")
        return {sid: found[sid] for sid, _ in jobs}  # the stories' order, whatever order they finished in

    # -- whole job --------------------------------------------------------------------------------
    def run(self, paths: Iterable[str | Path], out_dir: str | Path, progress: ProgressFn | None = None) -> RunResult:
        """Ingest ``paths`` and write ``report.json`` and HTML/Markdown pages to ``out_dir``."""
        from .report import build_report, write_report

        t0 = time.perf_counter()
        ingested = self.ingest(paths, progress=progress, command="run", exclude=[out_dir])
        self.find_duplicates(progress=progress)
        self.assign_stories(progress=progress)
        articles = self.articles()
        stories = self.stories()
        details = self.analyze(stories, articles, progress=progress)
        report = build_report(articles, stories, details)
        path = write_report(report, out_dir, {a.id: a.text for a in articles})
        return RunResult(ingest=ingested, stories=stories, report_path=path, seconds=time.perf_counter() - t0)


def _analyze_in_pool(jobs: list[tuple[str, list[Article]]], config: AnalysisConfig,
                     workers: int) -> Iterator[tuple[str, dict[str, object]]]:
    """Analyse stories in ``workers`` processes (the same pure function), yielding them as they finish.

    Stories are submitted largest first: alignment cost grows with the square of a story's size, so a big
    story started last would leave the other workers idle at the end.
    """
    from concurrent.futures import ProcessPoolExecutor, as_completed

    from .analysis import analyze_story

    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(analyze_story, arts, config): sid
                   for sid, arts in sorted(jobs, key=lambda job: -len(job[1]))}
        for future in as_completed(futures):
            yield futures[future], future.result()
