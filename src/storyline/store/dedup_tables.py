"""SQLite side of the near-duplicate index: band keys, shingle sets, verified pairs and representatives.

:class:`SQLiteBandStore` implements :class:`storyline.dedup.BandStore` over the ``minhash_bands`` and
``shingles`` tables, so a new batch is checked against every article already stored without recomputing
old signatures; :class:`DedupTables` is the part of :class:`~storyline.store.sqlite.SQLiteStore` that
reads and writes the rest of the index.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import AbstractContextManager

from ..dedup import pack_shingles, unpack_shingles
from ..errors import StoreError
from .records import DuplicatePair

_FINGERPRINT_KEY = "dedup.fingerprint"


class SQLiteBandStore:
    """:class:`~storyline.dedup.BandStore` on an open SQLite connection (the caller owns transactions)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def candidates(self, keys: Sequence[bytes]) -> set[str]:
        """Article ids sharing any of ``keys``."""
        out: set[str] = set()
        for i in range(0, len(keys), 400):  # stay under SQLite's bound-parameter limit
            chunk = list(keys[i:i + 400])
            marks = ",".join("?" * len(chunk))
            out.update(r[0] for r in self.conn.execute(
                f"SELECT DISTINCT article_id FROM minhash_bands WHERE key IN ({marks})", chunk))
        return out

    def add(self, article_id: str, keys: Sequence[bytes]) -> None:
        """Index ``article_id`` under ``keys``."""
        self.conn.executemany("INSERT INTO minhash_bands (key, article_id) VALUES (?, ?)",
                              [(k, article_id) for k in keys])

    def shingles(self, article_id: str) -> frozenset[int] | None:
        """The stored shingle set of an article, or ``None``."""
        row = self.conn.execute("SELECT data FROM shingles WHERE article_id = ?", (article_id,)).fetchone()
        return unpack_shingles(bytes(row[0])) if row else None

    def put_shingles(self, article_id: str, sh: frozenset[int]) -> None:
        """Store an article's shingle set."""
        self.conn.execute("INSERT OR REPLACE INTO shingles (article_id, data) VALUES (?, ?)",
                          (article_id, pack_shingles(sh)))


def _chunks(ids: Sequence[str], size: int = 500) -> Iterable[list[str]]:
    """``ids`` in pieces small enough for SQLite's bound-parameter limit."""
    for i in range(0, len(ids), size):
        yield list(ids[i:i + size])


class DedupTables:
    """The near-duplicate part of :class:`~storyline.store.sqlite.SQLiteStore` (see :class:`~.base.Store`)."""

    conn: sqlite3.Connection
    transaction: Callable[[], AbstractContextManager[sqlite3.Connection]]

    def check_dedup_settings(self, fingerprint: str) -> None:
        """Record the dedup settings on first use; refuse settings that do not match the stored keys.

        Raises:
            StoreError: the index was built with other settings.
        """
        row = self.conn.execute("SELECT value FROM blobs WHERE key = ?", (_FINGERPRINT_KEY,)).fetchone()
        if row is None:
            self.conn.execute("INSERT INTO blobs (key, value, updated_at) VALUES (?, ?, strftime('%s','now'))",
                              (_FINGERPRINT_KEY, fingerprint.encode()))
        elif bytes(row[0]).decode() != fingerprint:
            raise StoreError(f"the store's near-duplicate index was built with {bytes(row[0]).decode()}, "
                             f"not {fingerprint}: use a new --db or the same dedup settings")

    def band_store(self) -> SQLiteBandStore:
        """The index's band keys and shingle sets on this connection (writes join the open transaction)."""
        return SQLiteBandStore(self.conn)

    def unindexed_count(self) -> int:
        """How many articles are not yet in the near-duplicate index."""
        return int(self.conn.execute("SELECT COUNT(*) FROM articles a LEFT JOIN shingles s ON s.article_id = a.id "
                                     "WHERE s.article_id IS NULL").fetchone()[0])

    def unindexed_articles(self, limit: int) -> list[tuple[str, str]]:
        """Up to ``limit`` ``(id, text)`` of articles not yet in the index, in ingestion order."""
        rows = self.conn.execute(
            "SELECT a.id, a.text FROM articles a LEFT JOIN shingles s ON s.article_id = a.id "
            "WHERE s.article_id IS NULL ORDER BY a.seq LIMIT ?", (limit,))
        return [(r[0], r[1]) for r in rows]

    def add_duplicate_pairs(self, pairs: Iterable[DuplicatePair]) -> None:
        """Store verified pairs (article → an earlier-indexed article); a stored pair is replaced."""
        self.conn.executemany(
            "INSERT OR REPLACE INTO near_duplicates (article_id, other_id, kind, jaccard, containment, reason) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(p.article_id, p.other_id, p.kind, p.jaccard, p.containment, p.reason) for p in pairs])

    def duplicate_pairs(self) -> list[DuplicatePair]:
        """Every stored pair, ordered by ``(article_id, other_id)``."""
        return [DuplicatePair(*r) for r in self.conn.execute(
            "SELECT article_id, other_id, kind, jaccard, containment, reason FROM near_duplicates "
            "ORDER BY article_id, other_id")]

    def publication_dates(self) -> list[tuple[str, dt.date | None]]:
        """``(id, published)`` of every article, in ingestion order."""
        return [(r[0], dt.date.fromisoformat(r[1]) if r[1] else None)
                for r in self.conn.execute("SELECT id, published FROM articles ORDER BY seq")]

    def set_representatives(self, representatives: Mapping[str, str | None]) -> None:
        """Write ``near_duplicate_of`` (``None`` for a group's representative) in one transaction."""
        with self.transaction() as conn:
            conn.executemany("UPDATE articles SET near_duplicate_of = ? WHERE id = ?",
                             [(r, a) for a, r in representatives.items()])

    def representatives(self, ids: Iterable[str]) -> dict[str, str]:
        """Stored ids of ``ids`` → their near-duplicate representative (themselves when they are one)."""
        out: dict[str, str] = {}
        for chunk in _chunks(sorted(set(ids))):
            marks = ",".join("?" * len(chunk))
            out.update(self.conn.execute(
                f"SELECT id, COALESCE(near_duplicate_of, id) FROM articles WHERE id IN ({marks})", chunk).fetchall())
        return out
