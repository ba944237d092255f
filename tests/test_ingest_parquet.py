"""Parquet inputs: one article per row, columns named as in JSON Lines; bad rows and bad files are skips."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from storyline.ingest import read_file
from storyline.model import Article, Skip

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

BODY = ("The Velmouth council approved the budget for the new Ostler Bridge on Monday, after a debate "
        "about safety inspections that lasted most of the afternoon.")


def test_rows_become_articles_and_a_row_without_text_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "news.parquet"
    pq.write_table(pa.table({"id": ["a1", "a2", "a3"], "title": ["Bridge", "Bridge again", "Empty"],
                             "text": [BODY, BODY + " Work starts in May.", None],
                             "published": [dt.date(2025, 3, 1), dt.date(2025, 3, 2), None],
                             "url": ["https://ledger.example/a", None, None]}), path)
    items = list(read_file(path))
    arts = [i for i in items if isinstance(i, Article)]
    skips = [i for i in items if isinstance(i, Skip)]
    assert [a.id for a in arts] == ["a1", "a2"]
    assert arts[0].published == dt.date(2025, 3, 1) and arts[0].title == "Bridge"
    assert arts[0].source.endswith("news.parquet:1")
    assert len(skips) == 1 and skips[0].line == 3 and skips[0].source.endswith("news.parquet")


def test_a_file_that_is_not_parquet_is_one_skip_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "broken.parquet"
    path.write_bytes(b"PAR1 this is not really parquet")
    items = list(read_file(path))
    assert len(items) == 1 and isinstance(items[0], Skip)
    assert items[0].reason == "unreadable" and items[0].source.endswith("broken.parquet")
