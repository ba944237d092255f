"""Stores: the :class:`Store` protocol, SQLite (default: WAL, migrations) and an in-memory variant.

All SQL of storyline lives in this package; the engine and the stage runners use the protocol only.
"""

from .base import Store
from .memory import MemoryStore
from .records import DuplicatePair, Membership, RunRecord, StoryCandidate, StoryMember
from .sqlite import SQLiteStore

__all__ = ["DuplicatePair", "Membership", "MemoryStore", "RunRecord", "SQLiteStore", "Store", "StoryCandidate",
           "StoryMember"]
