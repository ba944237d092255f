"""The default embedded store: one SQLite file in WAL mode.

Writes are batched: one transaction per batch of articles, which also resolves exact duplicates of
the content hashes it touched — so a process killed at any point leaves either the whole batch or
none of it, and never an article whose duplicate marking is stale.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..errors import StoreError
from ..model import Article, Skip
from .migrations import latest_version, migrate

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


class SQLiteStore:
    """Articles, skips, runs, the near-duplicate index and stories in one SQLite database.

    Args:
        path: database file (created with its folder if missing); ``":memory:"`` for a throwaway store.
    """

    def __init__(self, path: str | Path = "storyline.db") -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=30.0)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA journal_mode=WAL")
            # NORMAL is crash-safe for process kills in WAL mode (only an OS crash can lose the last commit).
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            migrate(self.conn)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open store {self.path}: {exc}") from exc
        version = self.schema_version()
        if version > latest_version():
            raise StoreError(f"store {self.path} has schema {version}, newer than this storyline ({latest_version()})")

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
        """``BEGIN IMMEDIATE`` … ``COMMIT`` (rolled back on any exception)."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    # -- runs and skips ---------------------------------------------------------------------------
    def start_run(self, command: str) -> int:
        """Record the start of a run; returns its id."""
        cur = self.conn.execute("INSERT INTO runs (command, started_at) VALUES (?, ?)", (command, time.time()))
        return int(cur.lastrowid or 0)

    def finish_run(self, run_id: int, stats: dict[str, Any]) -> None:
        """Record the end of a run with its statistics."""
        self.conn.execute(
            "UPDATE runs SET finished_at = ?, stats = ? WHERE id = ?", (time.time(), json.dumps(stats), run_id)
        )

    def skips(self, run_id: int | None = None) -> list[Skip]:
        """Recorded skips, of one run or all."""
        sql = "SELECT source, reason, message, line FROM skips"
        rows = self.conn.execute(sql + (" WHERE run_id = ?" if run_id else "") + " ORDER BY id",
                                 (run_id,) if run_id else ())
        return [Skip(r[0], r[1], r[2], r[3]) for r in rows]

    # -- articles ---------------------------------------------------------------------------------
    def put_batch(self, articles: Sequence[Article], skips: Sequence[Skip] = (), run_id: int | None = None
                  ) -> tuple[list[str], list[str]]:
        """Store a batch of articles and skips in one transaction and resolve exact duplicates.

        Returns:
            ``(added_ids, already_stored_ids)``.
        """
        added: list[str] = []
        existing: list[str] = []
        now = time.time()
        with self.transaction() as conn:
            for a in articles:
                cur = conn.execute(
                    f"INSERT INTO articles ({_COLUMNS}, ingested_at) VALUES "
                    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?) ON CONFLICT(id) DO NOTHING",
                    (
                        a.id, a.source, a.url, a.outlet, a.title, json.dumps(a.authors),
                        a.published.isoformat() if a.published else None, a.published_source,
                        a.published_confidence, a.language, a.text, a.content_hash,
                        json.dumps(a.metadata, default=str), now,
                    ),
                )
                (added if cur.rowcount else existing).append(a.id)
            for s in skips:
                conn.execute(
                    "INSERT INTO skips (run_id, source, line, reason, message) VALUES (?, ?, ?, ?, ?)",
                    (run_id, s.source, s.line, s.reason, s.message),
                )
            new = set(added)
            self._resolve_exact(conn, {a.content_hash for a in articles if a.id in new})
        return added, existing

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

    def has(self, article_id: str) -> bool:
        """Whether an article id is stored."""
        return self.conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None

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

    # -- blobs ------------------------------------------------------------------------------------
    def get_blob(self, key: str) -> bytes | None:
        """A stored binary value (e.g. the story clusterer's state)."""
        row = self.conn.execute("SELECT value FROM blobs WHERE key = ?", (key,)).fetchone()
        return bytes(row[0]) if row else None

    def put_blob(self, key: str, value: bytes, conn: sqlite3.Connection | None = None) -> None:
        """Store a binary value (inside the caller's transaction when ``conn`` is given)."""
        (conn or self.conn).execute(
            "INSERT INTO blobs (key, value, updated_at) VALUES (?, ?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
            (key, value, time.time()),
        )
