"""An in-memory store (tests, notebooks, one-off runs): plain dicts behind the same protocol as SQLite.

It keeps what SQLite would give back (values pass through :mod:`storyline.store.encoding` first) and
passes the same contract tests. Transactions keep a shallow copy of every table when they open and put
it back when the block raises; records are never changed in place (``dataclasses.replace``), so a
shallow copy is a snapshot.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import json
import threading
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from ..dedup import BandStore
from ..errors import StoreError
from ..model import Article, InputFile, Skip, StoryFailure
from .encoding import clean_text, membership_from, reasons_json, stored_form, strict_json
from .records import DuplicatePair, Membership, RunRecord, SearchHit, StoryCandidate, StoryMember
from .search import search_articles

#: The tables a transaction snapshots (attribute names).
_TABLES = ("_articles", "_by_hash", "_runs", "_skips", "_files", "_blobs", "_bands", "_shingles", "_pairs",
           "_members", "_stories", "_merged", "_cache", "_failures")


def _json_value(value: Any) -> Any:
    """A metadata value as SQLite's ``json_extract`` returns it (booleans as 0/1, containers as JSON text)."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (dict, list)):
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return value


def _copy(article: Article) -> Article:
    """A copy the caller may change without changing the store."""
    return dataclasses.replace(article, authors=list(article.authors), metadata=copy.deepcopy(article.metadata))


class _Bands:
    """:class:`~storyline.dedup.BandStore` over a :class:`MemoryStore`'s tables (so transactions cover it)."""

    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    def candidates(self, keys: Sequence[bytes]) -> set[str]:
        """Article ids stored under any of ``keys``."""
        out: set[str] = set()
        for k in keys:
            out.update(self._store._bands.get(k, ()))
        return out

    def add(self, article_id: str, keys: Sequence[bytes]) -> None:
        """Index ``article_id`` under ``keys``."""
        bands = self._store._bands
        for k in keys:
            bands[k] = (*bands.get(k, ()), article_id)

    def shingles(self, article_id: str) -> frozenset[int] | None:
        """The stored shingle set of an article, or ``None``."""
        return self._store._shingles.get(article_id)

    def put_shingles(self, article_id: str, sh: frozenset[int]) -> None:
        """Store an article's shingle set."""
        self._store._shingles[article_id] = sh


class MemoryStore:
    """The :class:`~storyline.store.base.Store` protocol on dicts; lives as long as the object."""

    def __init__(self) -> None:
        self._articles: dict[str, tuple[int, Article]] = {}  # id -> (ingestion seq, article)
        self._by_hash: dict[str, tuple[str, ...]] = {}
        self._runs: dict[int, RunRecord] = {}
        self._skips: list[tuple[int | None, Skip]] = []
        self._files: dict[str, InputFile] = {}
        self._blobs: dict[str, bytes] = {}
        self._bands: dict[bytes, tuple[str, ...]] = {}
        self._shingles: dict[str, frozenset[int]] = {}
        self._pairs: dict[tuple[str, str], DuplicatePair] = {}
        self._members: dict[str, Membership] = {}
        self._stories: dict[str, int] = {}  # story id -> creation order
        self._merged: dict[str, str] = {}
        self._cache: dict[str, tuple[str, bytes]] = {}
        self._failures: list[tuple[int | None, StoryFailure]] = []
        self._next_seq = 1
        self._next_run = 1
        self._lock = threading.Lock()

    # -- housekeeping -------------------------------------------------------------------------------
    def close(self) -> None:
        """Nothing to release: the tables go with the object."""

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Keep the block's writes, or put every table back as it was when the block raises (re-entrant)."""
        saved = {name: copy.copy(getattr(self, name)) for name in _TABLES}
        counters = (self._next_seq, self._next_run)
        try:
            yield
        except BaseException:
            for name, table in saved.items():
                setattr(self, name, table)
            self._next_seq, self._next_run = counters
            raise

    @contextmanager
    def writer_lock(self) -> Iterator[None]:
        """Hold this store's writer lock (other threads wait); only this process can see the store."""
        with self._lock:
            yield

    def own_files(self) -> list[str]:
        """None: the store writes no files."""
        return []

    # -- runs ---------------------------------------------------------------------------------------
    def start_run(self, command: str) -> int:
        """Record the start of a run; returns its id."""
        run_id = self._next_run
        self._next_run += 1
        self._runs[run_id] = RunRecord(run_id, command, time.time())
        return run_id

    def finish_run(self, run_id: int, stats: dict[str, Any]) -> None:
        """Record the end of a run with its statistics (an unknown run id is ignored)."""
        if run_id in self._runs:
            self._runs[run_id] = dataclasses.replace(self._runs[run_id], finished_at=time.time(),
                                                     stats=json.loads(strict_json(stats)))

    def runs(self) -> list[RunRecord]:
        """Every recorded run, oldest first."""
        return list(self._runs.values())

    # -- articles, skips, input files -----------------------------------------------------------------
    def put_batch(self, articles: Sequence[Article], skips: Sequence[Skip] = (), run_id: int | None = None,
                  files: Sequence[InputFile] = ()) -> tuple[list[str], list[str]]:
        """Store a batch atomically and mark exact duplicates (see :meth:`Store.put_batch`)."""
        added: list[str] = []
        existing: list[str] = []
        new_hashes: set[str] = set()
        with self.transaction():
            for a in articles:
                if self._insert(a):
                    added.append(a.id)
                    new_hashes.add(a.content_hash)
                    continue
                if self._articles[a.id][1].content_hash == a.content_hash:
                    existing.append(a.id)
                    continue
                other = dataclasses.replace(a, id=f"{a.id}~{a.content_hash[:8]}",
                                            metadata={**a.metadata, "id_conflict": a.id})
                if self._insert(other):
                    added.append(other.id)
                    new_hashes.add(a.content_hash)
                else:
                    existing.append(other.id)
            for s in skips:
                self._skips.append((run_id, Skip(clean_text(s.source) or "", s.reason, clean_text(s.message) or "",
                                                 s.line)))
            for f in files:
                self._files[clean_text(f.path) or ""] = dataclasses.replace(f, path=clean_text(f.path) or "")
            for h in new_hashes:
                self._resolve_exact(h)
        return added, existing

    def _insert(self, article: Article) -> bool:
        if article.id in self._articles:
            return False
        kept = stored_form(article)
        self._articles[article.id] = (self._next_seq, kept)
        self._next_seq += 1
        self._by_hash[kept.content_hash] = (*self._by_hash.get(kept.content_hash, ()), article.id)
        return True

    def _resolve_exact(self, content_hash: str) -> None:
        # The earliest copy is the original: earliest known publication date, then first ingested.
        rows = sorted((self._articles[i] for i in self._by_hash.get(content_hash, ())),
                      key=lambda r: (r[1].published is None, r[1].published or dt.date.min, r[0]))
        if len(rows) < 2:
            return
        first = rows[0][1].id
        for seq, a in rows:
            self._articles[a.id] = (seq, dataclasses.replace(a, duplicate_of=None if a.id == first else first))

    def get(self, article_id: str) -> Article | None:
        """One article by id."""
        row = self._articles.get(article_id)
        return _copy(row[1]) if row else None

    def articles(self, *, include_duplicates: bool = True) -> list[Article]:
        """All articles in ingestion order."""
        return [_copy(a) for _, a in self._articles.values() if include_duplicates or a.duplicate_of is None]

    def count(self) -> int:
        """Number of stored articles."""
        return len(self._articles)

    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Articles matching every word of ``query``, best first (titles weigh most)."""
        return search_articles((a for _, a in self._articles.values()), query, limit)

    def duplicates_among(self, ids: Sequence[str]) -> list[str]:
        """Those of ``ids`` marked as an exact duplicate of another article, in ingestion order."""
        rows = [self._articles[i] for i in set(ids) if i in self._articles]
        return [a.id for _, a in sorted(rows, key=lambda r: r[0]) if a.duplicate_of is not None]

    def skips(self, run_id: int | None = None) -> list[Skip]:
        """Recorded skips, of one run or all, oldest first."""
        return [dataclasses.replace(s) for r, s in self._skips if not run_id or r == run_id]

    def input_file(self, path: str) -> InputFile | None:
        """What was recorded when ``path`` was last read completely, or ``None``."""
        return self._files.get(clean_text(path) or "")

    def forget_input_files(self) -> None:
        """Forget which files were read."""
        self._files.clear()

    # -- near-duplicate index -------------------------------------------------------------------------
    def check_dedup_settings(self, fingerprint: str) -> None:
        """Record the dedup settings on first use; refuse settings that do not match.

        Raises:
            StoreError: the index was built with other settings.
        """
        known = self._blobs.setdefault("dedup.fingerprint", fingerprint.encode()).decode()
        if known != fingerprint:
            raise StoreError(f"the store's near-duplicate index was built with {known}, not {fingerprint}: "
                             "use a new --db or the same dedup settings")

    def band_store(self) -> BandStore:
        """The index's band keys and shingle sets (inside this store, so transactions cover them)."""
        return _Bands(self)

    def unindexed_count(self) -> int:
        """How many articles are not yet in the near-duplicate index."""
        return sum(1 for i in self._articles if i not in self._shingles)

    def unindexed_articles(self, limit: int) -> list[tuple[str, str]]:
        """Up to ``limit`` ``(id, text)`` of articles not yet indexed, in ingestion order."""
        out: list[tuple[str, str]] = []
        for aid, (_, a) in self._articles.items():
            if len(out) >= limit:
                break
            if aid not in self._shingles:
                out.append((aid, a.text))
        return out

    def add_duplicate_pairs(self, pairs: Iterable[DuplicatePair]) -> None:
        """Store verified pairs; a stored pair is replaced."""
        for p in pairs:
            self._pairs[(p.article_id, p.other_id)] = p

    def duplicate_pairs(self) -> list[DuplicatePair]:
        """Every stored pair, ordered by ``(article_id, other_id)``."""
        return [self._pairs[k] for k in sorted(self._pairs)]

    def publication_dates(self) -> list[tuple[str, dt.date | None]]:
        """``(id, published)`` of every article, in ingestion order."""
        return [(aid, a.published) for aid, (_, a) in self._articles.items()]

    def set_representatives(self, representatives: Mapping[str, str | None]) -> None:
        """Set ``near_duplicate_of`` per article id (unknown ids are ignored)."""
        for aid, rep in representatives.items():
            if aid in self._articles:
                seq, a = self._articles[aid]
                self._articles[aid] = (seq, dataclasses.replace(a, near_duplicate_of=rep))

    def representatives(self, ids: Iterable[str]) -> dict[str, str]:
        """Stored ids of ``ids`` → their near-duplicate representative (themselves when they are one)."""
        return {i: self._articles[i][1].near_duplicate_of or i for i in ids if i in self._articles}

    # -- stories --------------------------------------------------------------------------------------
    def story_state(self) -> bytes | None:
        """The story clusterer's saved state, or ``None``."""
        return self._blobs.get("stories.state")

    def unassigned_articles(self) -> list[StoryCandidate]:
        """Articles not yet in a story: by publication date (undated last), then ingestion order."""
        rows = sorted((r for aid, r in self._articles.items() if aid not in self._members),
                      key=lambda r: (r[1].published is None, r[1].published or dt.date.min, r[0]))
        out = []
        for _, a in rows:
            flag = _json_value(a.metadata.get("non_article"))
            out.append(StoryCandidate(a.id, a.title or "", a.text, a.published, a.outlet or "",
                                      a.duplicate_of or a.near_duplicate_of, None if flag is None else str(flag)))
        return out

    def stories_of(self, ids: Iterable[str]) -> dict[str, str]:
        """Story id of each of ``ids`` that is assigned."""
        return {i: self._members[i].story_id for i in ids if i in self._members}

    def add_memberships(self, memberships: Sequence[Membership], merges: Sequence[tuple[str, str]],
                        state: bytes) -> None:
        """Apply ``merges``, add ``memberships`` and save ``state``, atomically.

        Raises:
            StoreError: an article is already in a story (nothing of the batch is stored).
        """
        with self.transaction():
            for kept, absorbed in merges:
                for aid, m in list(self._members.items()):
                    if m.story_id == absorbed:
                        self._members[aid] = dataclasses.replace(m, story_id=kept)
                if absorbed in self._stories:
                    self._merged[absorbed] = kept
            first = len(self._members)
            for i, m in enumerate(memberships, start=first):
                if m.article_id in self._members:
                    raise StoreError(f"an article of this batch is already in a story: {m.article_id}")
                self._stories.setdefault(m.story_id, i)
                # stored as SQLite stores it: only the reason fields its kind of membership keeps
                self._members[m.article_id] = membership_from(m.article_id, m.story_id, m.score, m.best_match,
                                                              reasons_json(m), m.opened_story)
            self._blobs["stories.state"] = bytes(state)

    def story_members(self, story_id: str | None = None) -> list[StoryMember]:
        """Members of one story (or all), with their articles' headline fields, in ingestion order."""
        out = []
        for aid, (_, a) in self._articles.items():
            m = self._members.get(aid)
            if m is None or (story_id is not None and m.story_id != story_id):
                continue
            derived = _json_value(a.metadata.get("title_derived"))
            out.append(StoryMember(m, a.title, a.outlet, a.published,
                                   a.duplicate_of is not None or a.near_duplicate_of is not None, bool(derived)))
        return out

    def merged_stories(self) -> dict[str, str]:
        """Absorbed story id → the story it was merged into."""
        return dict(self._merged)

    # -- per-story analysis ---------------------------------------------------------------------------
    def cached_analysis(self, key: str) -> bytes | None:
        """The stored analysis for a cache key, or ``None``."""
        entry = self._cache.get(key)
        return entry[1] if entry else None

    def put_analysis(self, key: str, story_id: str, data: bytes) -> None:
        """Keep a story's analysis under ``key``; older entries of the same story are dropped."""
        self._cache = {k: v for k, v in self._cache.items() if v[0] != story_id or k == key}
        self._cache[key] = (story_id, bytes(data))

    def record_failure(self, run_id: int | None, failure: StoryFailure) -> None:
        """Record that one story's analysis failed (the run went on without it)."""
        self._failures.append((run_id, dataclasses.replace(failure, message=clean_text(failure.message) or "")))

    def failures(self, run_id: int | None = None) -> list[StoryFailure]:
        """Recorded story failures, of one run or all, oldest first."""
        return [dataclasses.replace(f) for r, f in self._failures if not run_id or r == run_id]
