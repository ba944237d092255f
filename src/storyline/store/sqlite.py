"""The default embedded store: one SQLite file in WAL mode.

Writes are batched: one transaction per batch of articles, which also resolves exact duplicates of
the content hashes it touched — so a process killed at any point leaves either the whole batch or
none of it, and never an article whose duplicate marking is stale.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import fcntl
import json
import logging
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..errors import StoreError
from ..model import Article, InputFile, Skip, StoryFailure
from .dedup_tables import DedupTables
from .encoding import clean_text, strict_json
from .migrations import latest_version, migrate
from .records import HIT_END, HIT_START, RunRecord, SearchHit
from .search import fts_query
from .story_tables import StoryTables

log = logging.getLogger("storyline")

_COLUMNS = (
    "id, source, url, outlet, title, authors, published, published_source, published_confidence, "
    "language, text, content_hash, duplicate_of, metadata"
)
_READ_COLUMNS = _COLUMNS + ", near_duplicate_of"


def _row_to_article(row: sqlite3.Row) -> Article:
    return Article(
        id=row["id"],
        source=row["source"],
        url=row["url"],
        outlet=row["outlet"],
        title=row["title"],
        authors=json.loads(row["authors"]),
        published=dt.date.fromisoformat(row["published"]) if row["published"] else None,
        published_source=row["published_source"],
        published_confidence=row["published_confidence"],
        language=row["language"],
        text=row["text"],
        content_hash=row["content_hash"],
        duplicate_of=row["duplicate_of"],
        near_duplicate_of=row["near_duplicate_of"],
        metadata=json.loads(row["metadata"]),
    )


class SQLiteStore(DedupTables, StoryTables):
    """Articles, skips, runs, the near-duplicate index and stories in one SQLite database.

    Implements :class:`~storyline.store.base.Store`; the near-duplicate and story tables are in the
    :class:`~storyline.store.dedup_tables.DedupTables` and :class:`~storyline.store.story_tables.StoryTables`
    mixins. ``conn`` is the open connection (autocommit; :meth:`transaction` groups writes).

    Args:
        path: database file (created with its folder if missing); ``":memory:"`` for a throwaway store.

    Raises:
        StoreError: the file is not a storyline store, or one written by a newer storyline.
    """

    def __init__(self, path: str | Path = "storyline.db") -> None:
        self.path = str(path)
        self._depth = 0  # open transaction levels: the outermost is BEGIN … COMMIT, inner ones savepoints
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=30.0)
            self.conn.row_factory = sqlite3.Row
            self._setup()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open store {self.path}: {exc}") from exc
        version = self.schema_version()
        if version > latest_version():
            raise StoreError(f"store {self.path} has schema {version}, newer than this storyline ({latest_version()})")

    def _setup(self, patience: float = 60.0) -> None:
        """WAL mode, pragmas and migrations, retried while another process is creating the same store.

        Switching a new database to WAL needs an exclusive lock and SQLite may answer "database is locked"
        at once, without waiting for the busy timeout, when another opener holds it: so wait and try again.
        """
        deadline = time.monotonic() + patience
        delay = 0.02
        while True:
            try:
                self.conn.execute("PRAGMA journal_mode=WAL")
                # NORMAL is crash-safe for process kills in WAL mode (only an OS crash can lose the last commit).
                self.conn.execute("PRAGMA synchronous=NORMAL")
                self.conn.execute("PRAGMA foreign_keys=ON")
                migrate(self.conn)
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                time.sleep(delay)
                delay = min(delay * 2, 0.5)

    # -- housekeeping -----------------------------------------------------------------------------
    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def schema_version(self) -> int:
        """The newest applied migration number."""
        row = self.conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()
        return int(row[0] or 0)

    def migrations(self) -> list[tuple[int, str]]:
        """Applied migrations, oldest first."""
        return [(r[0], r[1]) for r in self.conn.execute("SELECT version, name FROM schema_migrations ORDER BY version")]

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` … ``COMMIT``, rolled back on any exception; yields the connection.

        Re-entrant: a block inside another is a savepoint, so when it raises only its own writes are undone.
        """
        name = f"level{self._depth}"
        self.conn.execute(f"SAVEPOINT {name}" if self._depth else "BEGIN IMMEDIATE")
        self._depth += 1
        try:
            yield self.conn
        except BaseException:
            self._depth -= 1
            if self._depth:
                self.conn.execute(f"ROLLBACK TO {name}")
                self.conn.execute(f"RELEASE {name}")
            else:
                self.conn.execute("ROLLBACK")
            raise
        self._depth -= 1
        self.conn.execute(f"RELEASE {name}" if self._depth else "COMMIT")

    @contextmanager
    def writer_lock(self) -> Iterator[None]:
        """Hold ``<db>.lock`` (``flock``) while the block runs; another process waits, and says so in the log."""
        if self.path == ":memory:":  # no other process can open it
            yield
            return
        with open(self.path + ".lock", "a+") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                log.warning("another storyline process holds %s.lock; waiting for it", self.path)
                fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def own_files(self) -> list[str]:
        """The database file, its WAL, shared-memory, journal and lock files."""
        if self.path == ":memory:":
            return []
        return [self.path + suffix for suffix in ("", "-wal", "-shm", "-journal", ".lock")]

    # -- runs and skips ---------------------------------------------------------------------------
    def start_run(self, command: str) -> int:
        """Record the start of a run; returns its id."""
        cur = self.conn.execute("INSERT INTO runs (command, started_at) VALUES (?, ?)", (command, time.time()))
        return int(cur.lastrowid or 0)

    def finish_run(self, run_id: int, stats: dict[str, Any]) -> None:
        """Record the end of a run with its statistics."""
        self.conn.execute(
            "UPDATE runs SET finished_at = ?, stats = ? WHERE id = ?", (time.time(), strict_json(stats), run_id)
        )

    def runs(self) -> list[RunRecord]:
        """Every recorded run, oldest first."""
        rows = self.conn.execute("SELECT id, command, started_at, finished_at, stats FROM runs ORDER BY id")
        return [RunRecord(r[0], r[1], r[2], r[3], json.loads(r[4]) if r[4] else {}) for r in rows]

    def skips(self, run_id: int | None = None) -> list[Skip]:
        """Recorded skips, of one run or all, oldest first."""
        sql = "SELECT source, reason, message, line FROM skips"
        rows = self.conn.execute(sql + (" WHERE run_id = ?" if run_id else "") + " ORDER BY id",
                                 (run_id,) if run_id else ())
        return [Skip(r[0], r[1], r[2], r[3]) for r in rows]

    # -- articles ---------------------------------------------------------------------------------
    def put_batch(self, articles: Sequence[Article], skips: Sequence[Skip] = (), run_id: int | None = None,
                  files: Sequence[InputFile] = ()) -> tuple[list[str], list[str]]:
        """Store a batch of articles, skips and finished input files in one transaction; resolve exact
        duplicates.

        An id that is already stored with *different* text (two inputs that reuse one JSONL ``id``) is not
        "already stored": the newcomer is kept under ``<id>~<first 8 hex of its content hash>`` and says so
        in ``metadata["id_conflict"]``, so no article is silently lost.

        Returns:
            ``(added_ids, already_stored_ids)``.
        """
        added: list[str] = []
        existing: list[str] = []
        new_hashes: set[str] = set()
        now = time.time()
        with self.transaction() as conn:
            for a in articles:
                if self._insert(conn, a, now):
                    added.append(a.id)
                    new_hashes.add(a.content_hash)
                    continue
                stored = conn.execute("SELECT content_hash FROM articles WHERE id = ?", (a.id,)).fetchone()
                if stored is None or stored[0] == a.content_hash:
                    existing.append(a.id)
                    continue
                other = dataclasses.replace(a, id=f"{a.id}~{a.content_hash[:8]}",
                                            metadata={**a.metadata, "id_conflict": a.id})
                if self._insert(conn, other, now):
                    added.append(other.id)
                    new_hashes.add(a.content_hash)
                else:
                    existing.append(other.id)
            for s in skips:
                conn.execute(
                    "INSERT INTO skips (run_id, source, line, reason, message) VALUES (?, ?, ?, ?, ?)",
                    (run_id, clean_text(s.source), s.line, s.reason, clean_text(s.message)),
                )
            for f in files:
                conn.execute(
                    "INSERT INTO input_files (path, size, mtime_ns, sha256, articles, run_id, seen_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(path) DO UPDATE SET size = excluded.size, "
                    "mtime_ns = excluded.mtime_ns, sha256 = excluded.sha256, articles = excluded.articles, "
                    "run_id = excluded.run_id, seen_at = excluded.seen_at",
                    (clean_text(f.path), f.size, f.mtime_ns, f.sha256, f.articles, run_id, now),
                )
            self._resolve_exact(conn, new_hashes)
        return added, existing

    @staticmethod
    def _insert(conn: sqlite3.Connection, a: Article, now: float) -> bool:
        cur = conn.execute(
            f"INSERT INTO articles ({_COLUMNS}, ingested_at) VALUES "
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?) ON CONFLICT(id) DO NOTHING",
            (
                clean_text(a.id), clean_text(a.source), clean_text(a.url), clean_text(a.outlet),
                clean_text(a.title), strict_json(a.authors),
                a.published.isoformat() if a.published else None, a.published_source,
                a.published_confidence, clean_text(a.language), clean_text(a.text), a.content_hash,
                strict_json(a.metadata), now,
            ),
        )
        if cur.rowcount:  # the full-text index (external content: title, text and outlet are not stored twice)
            conn.execute("INSERT INTO articles_fts (rowid, title, text, outlet) VALUES (?, ?, ?, ?)",
                         (cur.lastrowid, clean_text(a.title), clean_text(a.text), clean_text(a.outlet) or ""))
        return bool(cur.rowcount)

    # -- input files (incremental ingest) -----------------------------------------------------------
    def input_file(self, path: str) -> InputFile | None:
        """What was recorded when ``path`` was last read completely, or ``None``."""
        row = self.conn.execute("SELECT path, size, mtime_ns, sha256, articles FROM input_files WHERE path = ?",
                                (clean_text(path),)).fetchone()
        return InputFile(row[0], row[1], row[2], row[3], row[4]) if row else None

    def forget_input_files(self) -> None:
        """Forget which files were read (``--rebuild``: every input is parsed again)."""
        with self.transaction() as conn:
            conn.execute("DELETE FROM input_files")

    # -- per-story analysis cache and failures --------------------------------------------------------
    def cached_analysis(self, key: str) -> bytes | None:
        """The stored analysis for a cache key (see :func:`storyline.engine.analysis_key`)."""
        row = self.conn.execute("SELECT data FROM analysis_cache WHERE key = ?", (key,)).fetchone()
        return bytes(row[0]) if row else None

    def put_analysis(self, key: str, story_id: str, data: bytes) -> None:
        """Keep a story's analysis under ``key``; older entries of the same story are dropped."""
        with self.transaction() as conn:
            conn.execute("DELETE FROM analysis_cache WHERE story_id = ? AND key != ?", (story_id, key))
            conn.execute("INSERT OR REPLACE INTO analysis_cache (key, story_id, data, created_at) VALUES (?, ?, ?, ?)",
                         (key, story_id, data, time.time()))

    def record_failure(self, run_id: int | None, failure: StoryFailure) -> None:
        """Record that one story's analysis failed (the run went on without it)."""
        self.conn.execute("INSERT INTO story_failures (run_id, story_id, stage, kind, message) VALUES (?, ?, ?, ?, ?)",
                          (run_id, failure.story_id, failure.stage, failure.kind, clean_text(failure.message)))

    def failures(self, run_id: int | None = None) -> list[StoryFailure]:
        """Recorded story failures, of one run or all, oldest first."""
        sql = "SELECT story_id, stage, kind, message FROM story_failures"
        rows = self.conn.execute(sql + (" WHERE run_id = ?" if run_id else "") + " ORDER BY id",
                                 (run_id,) if run_id else ())
        return [StoryFailure(r[0], r[1], r[2], r[3]) for r in rows]

    @staticmethod
    def _resolve_exact(conn: sqlite3.Connection, hashes: Iterable[str]) -> None:
        # The earliest copy is the original: earliest known publication date, then first ingested.
        for h in hashes:
            rows = conn.execute(
                "SELECT id FROM articles WHERE content_hash = ? ORDER BY published IS NULL, published, seq", (h,)
            ).fetchall()
            if len(rows) < 2:
                continue
            first = rows[0][0]
            conn.execute(
                "UPDATE articles SET duplicate_of = CASE WHEN id = ? THEN NULL ELSE ? END WHERE content_hash = ?",
                (first, first, h),
            )

    def duplicates_among(self, ids: Sequence[str]) -> list[str]:
        """Those of ``ids`` that are marked as a duplicate of another article."""
        out: list[str] = []
        for i in range(0, len(ids), 500):
            chunk = list(ids[i:i + 500])
            marks = ",".join("?" * len(chunk))
            out.extend(r[0] for r in self.conn.execute(
                f"SELECT id FROM articles WHERE duplicate_of IS NOT NULL AND id IN ({marks}) ORDER BY seq", chunk))
        return out

    def get(self, article_id: str) -> Article | None:
        """One article by id."""
        row = self.conn.execute(f"SELECT {_READ_COLUMNS} FROM articles WHERE id = ?", (article_id,)).fetchone()
        return _row_to_article(row) if row else None

    def articles(self, *, include_duplicates: bool = True) -> list[Article]:
        """All articles in ingestion order."""
        where = "" if include_duplicates else " WHERE duplicate_of IS NULL"
        rows = self.conn.execute(f"SELECT {_READ_COLUMNS} FROM articles{where} ORDER BY seq")
        return [_row_to_article(r) for r in rows]

    def count(self) -> int:
        """Number of stored articles."""
        return int(self.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Articles matching every word of ``query`` (titles weigh most), best first (FTS5 bm25)."""
        match = fts_query(query)
        if not match:
            return []
        rows = self.conn.execute(
            "SELECT a.id, a.title, snippet(articles_fts, 1, ?, ?, '…', 16), bm25(articles_fts, 5.0, 1.0, 2.0) "
            "FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid WHERE articles_fts MATCH ? "
            "ORDER BY bm25(articles_fts, 5.0, 1.0, 2.0), a.seq LIMIT ?",
            (HIT_START, HIT_END, match, int(limit))).fetchall()
        return [SearchHit(r[0], r[1], r[2], float(f"{-float(r[3]):.6g}")) for r in rows]
