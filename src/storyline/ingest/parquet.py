"""Parquet files of articles (one row per article, columns named as in JSON Lines: ``text``, ``title``,
``url``, ``published``, ``outlet``, ``authors``, ``id`` …, e.g. a news-please or CC-NEWS export, or a
storyline run's own ``articles`` table), read a record batch at a time through pyarrow."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..model import Article, Skip
from .jsonl import record_to_article

#: Rows converted per batch (a batch of a wide text table stays a few MB).
BATCH_ROWS = 512


def read_parquet(path: Path, source: str) -> Iterator[Article | Skip]:
    """Read every row of a Parquet file as an article; a row without text is skipped with its row number.

    A file pyarrow cannot open (not Parquet, truncated) is one ``unreadable`` skip naming the file.
    """
    try:
        import pyarrow.parquet as pq
    except ImportError:
        yield Skip(source, "unreadable", "reading Parquet needs pyarrow: pip install pyarrow")
        return
    try:
        handle = pq.ParquetFile(path)
    except Exception as exc:  # noqa: BLE001 - pyarrow raises several types for a file that is not Parquet
        yield Skip(source, "unreadable", f"not a readable Parquet file: {str(exc)[:300]}")
        return
    name = path.name
    row = 0
    try:
        for batch in handle.iter_batches(batch_size=BATCH_ROWS):
            for record in batch.to_pylist():
                row += 1
                for item in record_to_article(_plain(record), f"{source}:{row}", f"{name}#{row}"):
                    if isinstance(item, Skip):
                        item.source, item.line = source, row
                    yield item
    except Exception as exc:  # noqa: BLE001 - a damaged row group ends the file; the rows read are kept
        yield Skip(source, "unreadable", f"could not read to the end: {str(exc)[:300]}", line=row + 1)


def _plain(record: dict[str, Any]) -> dict[str, Any]:
    """Values as JSON Lines would give them (dates and timestamps as ISO text)."""
    return {k: v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else v for k, v in record.items()}
