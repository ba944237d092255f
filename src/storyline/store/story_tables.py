"""SQLite side of the story stage: which article is in which story and why, merges, the clusterer's state.

:class:`StoryTables` is the part of :class:`~storyline.store.sqlite.SQLiteStore` over the ``stories`` and
``story_members`` tables. Why an article joined its story is kept as one JSON object per member (the
``shared_terms`` column: ``terms``, ``core``, ``cosine``, ``low_confidence``, ``duplicate_of``,
``non_article``); rows written before that object existed hold a bare list of terms.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import time
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager

from ..errors import StoreError
from .encoding import membership_from, reasons_json
from .records import Membership, StoryCandidate, StoryMember

_STATE_KEY = "stories.state"


class StoryTables:
    """The story part of :class:`~storyline.store.sqlite.SQLiteStore` (see :class:`~.base.Store`)."""

    conn: sqlite3.Connection
    transaction: Callable[[], AbstractContextManager[sqlite3.Connection]]

    def story_state(self) -> bytes | None:
        """The story clusterer's saved state, or ``None``."""
        row = self.conn.execute("SELECT value FROM blobs WHERE key = ?", (_STATE_KEY,)).fetchone()
        return bytes(row[0]) if row else None

    def unassigned_articles(self) -> list[StoryCandidate]:
        """Articles not yet in a story: by publication date (undated last), then ingestion order."""
        rows = self.conn.execute(
            "SELECT a.id, a.title, a.text, a.published, a.outlet, COALESCE(a.duplicate_of, a.near_duplicate_of), "
            "json_extract(a.metadata, '$.non_article') "
            "FROM articles a LEFT JOIN story_members m ON m.article_id = a.id WHERE m.article_id IS NULL "
            "ORDER BY a.published IS NULL, a.published, a.seq")
        return [StoryCandidate(aid, title or "", text, dt.date.fromisoformat(published) if published else None,
                               outlet or "", rep, None if non_article is None else str(non_article))
                for aid, title, text, published, outlet, rep, non_article in rows]

    def stories_of(self, ids: Iterable[str]) -> dict[str, str]:
        """Story id of each of ``ids`` that is assigned."""
        wanted = list(ids)
        out: dict[str, str] = {}
        for i in range(0, len(wanted), 500):
            chunk = wanted[i:i + 500]
            marks = ",".join("?" * len(chunk))
            out.update(self.conn.execute(
                f"SELECT article_id, story_id FROM story_members WHERE article_id IN ({marks})", chunk).fetchall())
        return out

    def add_memberships(self, memberships: Sequence[Membership], merges: Sequence[tuple[str, str]],
                        state: bytes) -> None:
        """Apply ``merges`` (kept, absorbed), add ``memberships`` and save ``state``, in one transaction.

        Raises:
            StoreError: an article is already in a story (nothing of the batch is stored).
        """
        try:
            with self.transaction() as conn:
                for kept, absorbed in merges:
                    conn.execute("UPDATE story_members SET story_id = ? WHERE story_id = ?", (kept, absorbed))
                    conn.execute("UPDATE stories SET merged_into = ? WHERE id = ?", (kept, absorbed))
                first = int(conn.execute("SELECT COUNT(*) FROM story_members").fetchone()[0])
                conn.executemany("INSERT OR IGNORE INTO stories (id, created_seq) VALUES (?, ?)",
                                 [(m.story_id, i) for i, m in enumerate(memberships, start=first)])
                conn.executemany(
                    "INSERT INTO story_members (article_id, story_id, score, best_match, shared_terms, new_story) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    [(m.article_id, m.story_id, m.score, m.best_match, reasons_json(m), int(m.opened_story))
                     for m in memberships])
                conn.execute("INSERT INTO blobs (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO "
                             "UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                             (_STATE_KEY, state, time.time()))
        except sqlite3.IntegrityError as exc:
            raise StoreError(f"an article of this batch is already in a story: {exc}") from exc

    def story_members(self, story_id: str | None = None) -> list[StoryMember]:
        """Members of one story (or all), with their articles' headline fields, in ingestion order."""
        rows = self.conn.execute(
            "SELECT m.article_id, m.story_id, m.score, m.best_match, m.shared_terms, m.new_story, a.title, "
            "a.outlet, a.published, a.duplicate_of IS NOT NULL OR a.near_duplicate_of IS NOT NULL, "
            "COALESCE(json_extract(a.metadata, '$.title_derived'), 0) "
            "FROM story_members m JOIN articles a ON a.id = m.article_id"
            + (" WHERE m.story_id = ?" if story_id is not None else "") + " ORDER BY a.seq",
            (story_id,) if story_id is not None else ())
        return [StoryMember(membership_from(*r[:6]), r[6], r[7], dt.date.fromisoformat(r[8]) if r[8] else None,
                            bool(r[9]), bool(r[10])) for r in rows]

    def merged_stories(self) -> dict[str, str]:
        """Absorbed story id → the story it was merged into."""
        return dict(self.conn.execute("SELECT id, merged_into FROM stories WHERE merged_into IS NOT NULL").fetchall())
