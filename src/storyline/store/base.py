"""The store protocol: everything the engine and the stage runners need from a backend.

Two backends implement it: :class:`~storyline.store.sqlite.SQLiteStore` (the default, one file in WAL
mode) and :class:`~storyline.store.memory.MemoryStore` (dicts, for tests and notebooks). Both pass the
same contract tests (``tests/test_store_contract.py``); nothing outside ``store/`` writes SQL.

Writes that belong together are grouped with :meth:`Store.transaction`: either all of them are kept or,
if the block raises, none. Methods that write several rows (``put_batch``, ``add_memberships`` …) are
atomic on their own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol

from ..dedup import BandStore
from ..model import Article, InputFile, Skip, StoryFailure
from .records import DuplicatePair, Membership, RunRecord, SearchHit, StoryCandidate, StoryMember


class Store(Protocol):
    """A place where articles, skips, runs and the stages' state live."""

    # -- housekeeping -------------------------------------------------------------------------------
    def close(self) -> None:
        """Release the backend; the store is not used afterwards."""
        ...

    def transaction(self) -> AbstractContextManager[object]:
        """Group writes: all are kept when the block ends, none when it raises. Re-entrant."""
        ...

    def writer_lock(self) -> AbstractContextManager[None]:
        """Hold the store's writer lock across processes (blocks while another process holds it).

        The stages that give out ids (near-duplicate groups, story ids) run under it: two processes
        clustering one store at once would race on story ids. Not re-entrant.
        """
        ...

    def own_files(self) -> list[str]:
        """Paths of the files the store writes (never to be read as input); empty for a memory store."""
        ...

    # -- runs ---------------------------------------------------------------------------------------
    def start_run(self, command: str) -> int:
        """Record that ``command`` started; return the run's id (increasing, starting at 1)."""
        ...

    def finish_run(self, run_id: int, stats: dict[str, Any]) -> None:
        """Record the end of run ``run_id`` with its statistics (JSON values)."""
        ...

    def runs(self) -> list[RunRecord]:
        """Every recorded run, oldest first."""
        ...

    # -- articles, skips, input files -----------------------------------------------------------------
    def put_batch(self, articles: Sequence[Article], skips: Sequence[Skip] = (), run_id: int | None = None,
                  files: Sequence[InputFile] = ()) -> tuple[list[str], list[str]]:
        """Store a batch of articles, skips and completely read input files atomically.

        Exact duplicates (same content hash) are marked ``duplicate_of`` the earliest copy (earliest known
        publication date, then first stored). An id already stored with the same content is "already
        stored"; with different content the newcomer is kept as ``<id>~<first 8 hex of its hash>`` with
        ``metadata["id_conflict"]`` naming the original id. A file path recorded before is replaced.

        Returns:
            ``(added_ids, already_stored_ids)`` in batch order.
        """
        ...

    def get(self, article_id: str) -> Article | None:
        """One article by id, or ``None``."""
        ...

    def articles(self, *, include_duplicates: bool = True) -> list[Article]:
        """All articles in ingestion order (without exact duplicates when ``include_duplicates`` is off)."""
        ...

    def count(self) -> int:
        """The number of stored articles."""
        ...

    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Articles matching every word of ``query`` (case and accents folded), best first, with snippets."""
        ...

    def duplicates_among(self, ids: Sequence[str]) -> list[str]:
        """Those of ``ids`` marked as an exact duplicate of another article, in ingestion order."""
        ...

    def skips(self, run_id: int | None = None) -> list[Skip]:
        """Recorded skips, of one run or all, oldest first."""
        ...

    def input_file(self, path: str) -> InputFile | None:
        """What was recorded when ``path`` was last read completely, or ``None``."""
        ...

    def forget_input_files(self) -> None:
        """Forget which files were read (``--rebuild``: every input is parsed again)."""
        ...

    # -- near-duplicate index -------------------------------------------------------------------------
    def check_dedup_settings(self, fingerprint: str) -> None:
        """Record the near-duplicate settings on first use.

        Raises:
            StoreError: the index was built with other settings (its band keys would not match).
        """
        ...

    def band_store(self) -> BandStore:
        """The near-duplicate index's band keys and shingle sets (writes join the current transaction)."""
        ...

    def unindexed_count(self) -> int:
        """How many articles are not yet in the near-duplicate index."""
        ...

    def unindexed_articles(self, limit: int) -> list[tuple[str, str]]:
        """Up to ``limit`` ``(id, text)`` of articles not yet indexed, in ingestion order."""
        ...

    def add_duplicate_pairs(self, pairs: Iterable[DuplicatePair]) -> None:
        """Store verified pairs; a pair stored before (same two ids) is replaced."""
        ...

    def duplicate_pairs(self) -> list[DuplicatePair]:
        """Every stored pair, ordered by ``(article_id, other_id)``."""
        ...

    def publication_dates(self) -> list[tuple[str, dt.date | None]]:
        """``(id, published)`` of every article, in ingestion order (what decides a group's original)."""
        ...

    def set_representatives(self, representatives: Mapping[str, str | None]) -> None:
        """Set ``near_duplicate_of`` per article id (``None`` for a group's representative); atomic."""
        ...

    def representatives(self, ids: Iterable[str]) -> dict[str, str]:
        """Stored ids of ``ids`` → their near-duplicate representative (themselves when they are one)."""
        ...

    # -- stories --------------------------------------------------------------------------------------
    def story_state(self) -> bytes | None:
        """The story clusterer's saved state, or ``None`` before the first assignment."""
        ...

    def unassigned_articles(self) -> list[StoryCandidate]:
        """Articles not yet in a story: by publication date (undated last), then ingestion order."""
        ...

    def stories_of(self, ids: Iterable[str]) -> dict[str, str]:
        """Story id of each of ``ids`` that is assigned."""
        ...

    def add_memberships(self, memberships: Sequence[Membership], merges: Sequence[tuple[str, str]],
                        state: bytes) -> None:
        """Store one batch of the story stage atomically.

        ``merges`` are ``(kept, absorbed)`` story pairs, applied in order to the stored members (the
        absorbed story is remembered as merged into the kept one); then ``memberships`` are added (their
        story ids already final) and ``state`` replaces the clusterer's saved state.

        Raises:
            StoreError: an article of ``memberships`` is already in a story (the batch is not stored).
        """
        ...

    def story_members(self, story_id: str | None = None) -> list[StoryMember]:
        """Members of one story (or of all), with their articles' headline fields, in ingestion order."""
        ...

    def merged_stories(self) -> dict[str, str]:
        """Absorbed story id → the story it was merged into."""
        ...

    # -- per-story analysis ---------------------------------------------------------------------------
    def cached_analysis(self, key: str) -> bytes | None:
        """The stored analysis for a cache key, or ``None``."""
        ...

    def put_analysis(self, key: str, story_id: str, data: bytes) -> None:
        """Keep a story's analysis under ``key``; earlier entries of the same story are dropped."""
        ...

    def record_failure(self, run_id: int | None, failure: StoryFailure) -> None:
        """Record that one story's analysis failed in run ``run_id`` (the run went on without it)."""
        ...

    def failures(self, run_id: int | None = None) -> list[StoryFailure]:
        """Recorded story failures, of one run or all, oldest first."""
        ...
