"""The one coordinator: :class:`Workspace` runs the stages against a store. The notebook-facing API."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..config import Config, load_config
from ..gctune import fewer_collections
from ..model import Article, IngestResult, Skip, Story, StoryFailure
from ..store import SQLiteStore, Store
from . import analysis, runners
from .analysis import AnalysisResult
from .ingest import ingest_paths
from .runners import DuplicateGroup, ProgressFn

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


class Workspace:
    """A storyline workspace: one store plus configuration.

    Example:
        >>> ws = Workspace("storyline.db")            # doctest: +SKIP
        >>> ws.ingest(["examples/corpus"]).ingested  # doctest: +SKIP
        9
        >>> Workspace(store=MemoryStore()).run(["examples/corpus"], "out")  # doctest: +SKIP

    Args:
        db_path: SQLite file (created if missing), or ``":memory:"``; ignored when ``store`` is given.
        config: stage configuration; defaults when omitted.
        store: any :class:`~storyline.store.Store` (e.g. :class:`~storyline.store.MemoryStore`).
    """

    def __init__(self, db_path: str | Path = "storyline.db", config: Config | None = None,
                 store: Store | None = None) -> None:
        self.config = config or load_config()
        self.store: Store = store if store is not None else SQLiteStore(db_path)
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
        return ingest_paths(self.store, paths, self.config.ingest, progress=progress, command=command,
                            exclude=exclude, rebuild=rebuild)

    def skips(self, run_id: int | None = None) -> list[Skip]:
        """Skip records kept in the store (of one run, or all), oldest first."""
        return self.store.skips(run_id)

    # -- reading ----------------------------------------------------------------------------------
    def articles(self, include_duplicates: bool = True) -> list[Article]:
        """Stored articles in ingestion order."""
        return self.store.articles(include_duplicates=include_duplicates)

    # -- duplicates and stories -------------------------------------------------------------------
    def find_duplicates(self, progress: ProgressFn | None = None) -> int:
        """Index new articles for near-duplicates (MinHash-LSH, verified) and refresh the groups."""
        with self.lock():
            return runners.find_duplicates(self.store, self.config.dedup, progress=progress)

    def duplicate_groups(self) -> list[DuplicateGroup]:
        """Near/exact duplicate groups with members, pair scores and reasons."""
        return runners.duplicate_groups(self.store)

    def assign_stories(self, progress: ProgressFn | None = None) -> int:
        """Put every article not yet in a story into one (incremental; earlier assignments stay)."""
        with self.lock():
            return runners.assign_stories(self.store, self.config.stories, progress=progress)

    def stories(self) -> list[Story]:
        """Stories over the stored articles (largest first); articles not yet assigned are left out."""
        return sorted(runners.load_stories(self.store), key=lambda s: (-len(s.articles), s.id))

    def story(self, story_id: str) -> tuple[Story, list[dict[str, object]]] | None:
        """One story and, per article, why it is there (score, best match, shared terms) as JSON fields."""
        found = next((s for s in self.stories() if s.id == story_id), None)
        return (found, runners.story_reasons(self.store, story_id)) if found else None

    def membership(self, story_id: str) -> list[dict[str, Any]]:
        """Why each article is in the story, compact, for the report: the same-event probability it joined
        with, the closest core member, the strongest shared terms and whether it was a close call."""
        keep = ("article", "score", "best_match", "evidence", "low_confidence", "opened_story", "duplicate_of",
                "non_article")
        out = []
        for r in runners.story_reasons(self.store, story_id):
            row = {k: r.get(k) for k in keep}
            row["evidence"] = list(r.get("evidence") or [])[:8]  # type: ignore[call-overload]
            out.append(row)
        return out

    # -- analysis ---------------------------------------------------------------------------------
    def analyze(self, stories: list[Story], articles: list[Article] | None = None,
                progress: ProgressFn | None = None, rebuild: bool = False,
                run_id: int | None = None) -> AnalysisResult:
        """Align, cross-check and summarise each story, reusing stored analyses of unchanged stories.

        A story whose members (every field), configuration and code are unchanged gets its stored
        analysis back (``rebuild=True`` analyses everything). A story whose analysis raises is recorded
        as a :class:`StoryFailure` (stage, exception, message) and the others go on.
        """
        return analysis.analyze_stories(
            self.store, stories, articles if articles is not None else self.articles(), self.config.analysis_config(),
            analysis.default_workers(self.config.analysis.workers), progress=progress, rebuild=rebuild, run_id=run_id)

    # -- whole job --------------------------------------------------------------------------------
    def run(self, paths: Iterable[str | Path], out_dir: str | Path, progress: ProgressFn | None = None,
            rebuild: bool = False, tables: bool = True) -> RunResult:
        """Ingest ``paths`` and write ``report.json`` and HTML/Markdown pages to ``out_dir``, and (unless
        ``tables`` is false) the run's Parquet tables to ``out_dir/tables/`` (:mod:`storyline.tables`).

        One ``run`` at a time per store (the store's writer lock; a second run waits). Unchanged input files
        are not parsed again and unchanged stories are not analysed again unless ``rebuild``. A story whose
        analysis fails is reported with its failure and the run completes (``RunResult.status``).
        """
        from ..report.build import write_report_streaming
        from ..tables import write_tables

        t0 = time.perf_counter()
        with self.lock(), fewer_collections():
            ingested = self.ingest(paths, progress=progress, command="run", exclude=[out_dir], rebuild=rebuild)
            self.find_duplicates(progress=progress)
            self.assign_stories(progress=progress)
            articles = self.articles()
            stories = self.stories()
            result = self.analyze(stories, articles, progress=progress, rebuild=rebuild, run_id=ingested.run_id)
            run_info = {"analysed": result.analysed, "reused": result.reused,
                        "failures": [{"story": f.story_id, **f.to_dict()} for f in result.failures],
                        "skipped": ingested.skipped_by_reason(), "unchanged_files": ingested.unchanged_files}
            path = write_report_streaming(articles, stories, result.fields, out_dir,
                                          {a.id: a.text for a in articles}, run_info,
                                          membership={s.id: self.membership(s.id) for s in stories})
            if tables:
                write_tables(out_dir, articles, stories, result.fields,
                             (m.membership for m in self.store.story_members()), self.store.duplicate_pairs())
        return RunResult(ingest=ingested, stories=stories, report_path=path, seconds=time.perf_counter() - t0,
                         failures=result.failures, analysed=result.analysed, reused=result.reused)

    @contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the store's writer lock for the stages that give out ids: two processes clustering one store
        at once would race on story ids. Re-entrant within this workspace; another process waits."""
        if self._lock_depth:
            self._lock_depth += 1
            try:
                yield
            finally:
                self._lock_depth -= 1
            return
        with self.store.writer_lock():
            self._lock_depth = 1
            try:
                yield
            finally:
                self._lock_depth = 0
