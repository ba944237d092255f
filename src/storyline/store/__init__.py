"""Stores: SQLite (default, WAL, migrations) and an in-memory variant."""

from .base import Store
from .memory import memory_store
from .sqlite import SQLiteStore

__all__ = ["SQLiteStore", "Store", "memory_store"]
