"""The store protocol: what the engine needs from any backend."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from ..model import Article, Skip


class Store(Protocol):
    """A place where articles, skips, runs and stage state live."""

    def put_batch(self, articles: Sequence[Article], skips: Sequence[Skip] = (), run_id: int | None = None
                  ) -> tuple[list[str], list[str]]:
        """Store a batch atomically; return ``(added_ids, already_stored_ids)``."""
        ...

    def get(self, article_id: str) -> Article | None:
        """One article by id."""
        ...

    def articles(self, *, include_duplicates: bool = True) -> list[Article]:
        """All articles in ingestion order."""
        ...

    def start_run(self, command: str) -> int:
        """Record a run's start."""
        ...

    def finish_run(self, run_id: int, stats: dict[str, Any]) -> None:
        """Record a run's end."""
        ...

    def get_blob(self, key: str) -> bytes | None:
        """A stored binary value."""
        ...

    def put_blob(self, key: str, value: bytes) -> None:
        """Store a binary value."""
        ...

    def close(self) -> None:
        """Release the backend."""
        ...
