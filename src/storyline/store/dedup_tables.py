"""SQLite side of the near-duplicate index: band keys, shingle sets and verified pairs.

Implements :class:`storyline.dedup.BandStore` over the ``minhash_bands`` and ``shingles`` tables, so
a new batch is checked against every article already stored without recomputing old signatures.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence

from ..dedup import DupMatch, pack_shingles, unpack_shingles
from ..errors import StoreError

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


def check_fingerprint(conn: sqlite3.Connection, fingerprint: str) -> None:
    """Record the dedup settings on first use; refuse settings that do not match the stored keys."""
    row = conn.execute("SELECT value FROM blobs WHERE key = ?", (_FINGERPRINT_KEY,)).fetchone()
    if row is None:
        conn.execute("INSERT INTO blobs (key, value, updated_at) VALUES (?, ?, strftime('%s','now'))",
                     (_FINGERPRINT_KEY, fingerprint.encode()))
    elif bytes(row[0]).decode() != fingerprint:
        raise StoreError(f"the store's near-duplicate index was built with {bytes(row[0]).decode()}, "
                         f"not {fingerprint}: use a new --db or the same dedup settings")


def unindexed_articles(conn: sqlite3.Connection, limit: int) -> list[tuple[str, str]]:
    """Up to ``limit`` ``(id, text)`` of articles not yet in the index, in ingestion order."""
    rows = conn.execute(
        "SELECT a.id, a.text FROM articles a LEFT JOIN shingles s ON s.article_id = a.id "
        "WHERE s.article_id IS NULL ORDER BY a.seq LIMIT ?", (limit,))
    return [(r[0], r[1]) for r in rows]


def save_pairs(conn: sqlite3.Connection, matches: dict[str, list[DupMatch]]) -> None:
    """Store verified pairs (article → an earlier-indexed article)."""
    conn.executemany(
        "INSERT OR REPLACE INTO near_duplicates (article_id, other_id, kind, jaccard, containment, reason) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [(aid, m.other_id, m.kind, m.jaccard, m.containment, m.reason) for aid, ms in matches.items() for m in ms])


def all_pairs(conn: sqlite3.Connection) -> list[tuple[str, str, str, float, float, str]]:
    """Every stored pair: ``(article_id, other_id, kind, jaccard, containment, reason)``."""
    return [tuple(r) for r in conn.execute(  # type: ignore[misc]
        "SELECT article_id, other_id, kind, jaccard, containment, reason FROM near_duplicates "
        "ORDER BY article_id, other_id")]


def set_representatives(conn: sqlite3.Connection, reps: Iterable[tuple[str, str | None]]) -> None:
    """Write ``near_duplicate_of`` (``None`` for a group's representative)."""
    conn.executemany("UPDATE articles SET near_duplicate_of = ? WHERE id = ?", [(r, a) for a, r in reps])
