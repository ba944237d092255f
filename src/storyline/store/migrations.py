"""Ordered, recorded schema migrations for the SQLite store.

Each migration runs once, inside a transaction, and is recorded in ``schema_migrations`` with its
number and name (the sqlite-utils idea). Never edit a released migration: append a new one.
"""

from __future__ import annotations

import sqlite3
import time

MIGRATIONS: list[tuple[int, str, str]] = [
    (
        1,
        "articles, skips, runs, blobs",
        """
        CREATE TABLE articles (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            id TEXT NOT NULL UNIQUE,
            source TEXT NOT NULL,
            url TEXT,
            outlet TEXT,
            title TEXT NOT NULL DEFAULT '',
            authors TEXT NOT NULL DEFAULT '[]',
            published TEXT,
            published_source TEXT NOT NULL DEFAULT 'none',
            published_confidence REAL NOT NULL DEFAULT 0,
            language TEXT,
            text TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            duplicate_of TEXT,
            metadata TEXT NOT NULL DEFAULT '{}',
            ingested_at REAL NOT NULL
        );
        CREATE INDEX articles_hash ON articles(content_hash);
        CREATE INDEX articles_published ON articles(published);
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            command TEXT NOT NULL,
            started_at REAL NOT NULL,
            finished_at REAL,
            stats TEXT
        );
        CREATE TABLE skips (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            run_id INTEGER REFERENCES runs(id),
            source TEXT NOT NULL,
            line INTEGER,
            reason TEXT NOT NULL,
            message TEXT NOT NULL
        );
        CREATE TABLE blobs (
            key TEXT PRIMARY KEY,
            value BLOB NOT NULL,
            updated_at REAL NOT NULL
        );
        """,
    ),
    (
        2,
        "near-duplicate index and stories",
        """
        CREATE TABLE minhash_bands (
            key BLOB NOT NULL,
            article_id TEXT NOT NULL
        );
        CREATE INDEX minhash_bands_key ON minhash_bands(key);
        CREATE TABLE shingles (
            article_id TEXT PRIMARY KEY,
            data BLOB NOT NULL
        );
        CREATE TABLE near_duplicates (
            article_id TEXT NOT NULL,
            other_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            jaccard REAL NOT NULL,
            containment REAL NOT NULL,
            reason TEXT NOT NULL,
            PRIMARY KEY (article_id, other_id)
        );
        CREATE TABLE stories (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL DEFAULT '',
            merged_into TEXT,
            created_seq INTEGER NOT NULL
        );
        CREATE TABLE story_members (
            article_id TEXT PRIMARY KEY,
            story_id TEXT NOT NULL,
            score REAL NOT NULL DEFAULT 0,
            best_match TEXT,
            shared_terms TEXT NOT NULL DEFAULT '[]',
            new_story INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX story_members_story ON story_members(story_id);
        """,
    ),
    (
        3,
        "near-duplicate representative per article",
        """
        ALTER TABLE articles ADD COLUMN near_duplicate_of TEXT;
        CREATE INDEX near_duplicates_other ON near_duplicates(other_id);
        """,
    ),
    (
        4,
        "input files seen and per-story analysis cache",
        """
        CREATE TABLE input_files (
            path TEXT PRIMARY KEY,
            size INTEGER NOT NULL,
            mtime_ns INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            articles INTEGER NOT NULL DEFAULT 0,
            run_id INTEGER,
            seen_at REAL NOT NULL
        );
        CREATE TABLE analysis_cache (
            key TEXT PRIMARY KEY,
            story_id TEXT NOT NULL,
            data BLOB NOT NULL,
            created_at REAL NOT NULL
        );
        CREATE INDEX analysis_cache_story ON analysis_cache(story_id);
        CREATE TABLE story_failures (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            run_id INTEGER,
            story_id TEXT NOT NULL,
            stage TEXT NOT NULL,
            kind TEXT NOT NULL,
            message TEXT NOT NULL
        )
        """,
    ),
    (
        5,
        "full-text index of articles (FTS5, external content: the text is stored once)",
        """
        CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, outlet, content='articles', content_rowid='seq',
                                                     tokenize='unicode61 remove_diacritics 2');
        INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')
        """,
    ),
]


def migrate(conn: sqlite3.Connection) -> list[int]:
    """Apply the migrations not yet recorded; return the numbers applied now."""
    conn.execute(  # IF NOT EXISTS: a concurrent opener may create it between our check and our statement
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
        "applied_at REAL NOT NULL)"
    )
    done = {row[0] for row in conn.execute("SELECT version FROM schema_migrations")}
    applied: list[int] = []
    for version, name, sql in MIGRATIONS:
        if version in done:
            continue
        # executescript() commits first, so each statement runs in an explicit transaction instead.
        conn.execute("BEGIN IMMEDIATE")
        # Another process opening the same new store may have applied it while we waited for the write
        # lock: look again under the lock, so two openers never run one migration twice.
        if conn.execute("SELECT 1 FROM schema_migrations WHERE version = ?", (version,)).fetchone():
            conn.execute("ROLLBACK")
            continue
        try:
            for statement in (s.strip() for s in sql.split(";")):
                if statement:
                    conn.execute(statement)
            conn.execute(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                (version, name, time.time()),
            )
            conn.execute("COMMIT")
        except Exception:
            conn.execute("ROLLBACK")
            raise
        applied.append(version)
    return applied


def latest_version() -> int:
    """The newest migration number this code knows."""
    return MIGRATIONS[-1][0]
