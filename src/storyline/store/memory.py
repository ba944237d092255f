"""A throwaway in-memory store (tests, notebooks): SQLite's ``:memory:`` database, same code path."""

from __future__ import annotations

from .sqlite import SQLiteStore


def memory_store() -> SQLiteStore:
    """A store that lives only as long as the returned object."""
    return SQLiteStore(":memory:")
