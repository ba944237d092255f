"""Write a run's Parquet tables (:mod:`.schema`) with pyarrow, streaming in row groups.

Both engines call :func:`write_tables` at the end of a run (from :meth:`storyline.engine.Workspace.run`),
so the files have one schema whichever engine produced them. Stories are decoded one at a time from the
packed analyses, as the report writer does, so memory stays bounded by the largest story plus one row group.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from ..model import Article, Story
from ..store import DuplicatePair, Membership
from .schema import schema

__all__ = ["ROW_GROUP", "write_tables"]

#: Rows per Parquet row group (and per in-memory batch while writing).
ROW_GROUP = 5000

Row = dict[str, Any]


def write_tables(out_dir: str | Path, articles: Sequence[Article], stories: Sequence[Story],
                 analyses: Mapping[str, Mapping[str, Any]], members: Iterable[Membership],
                 pairs: Iterable[DuplicatePair]) -> Path:
    """Write ``articles``, ``duplicates``, ``stories``, ``claims``, ``conflicts`` and ``reuse`` Parquet files.

    Args:
        out_dir: the run's output folder; the tables go to ``out_dir/tables/`` (replaced as a whole).
        articles: every stored article, in ingestion order.
        stories: the stories, in report order.
        analyses: story id → the story's report fields (decoded on access).
        members: why each article is in its story.
        pairs: the verified duplicate pairs.

    Returns:
        The ``tables`` folder.
    """
    target = Path(out_dir) / "tables"
    tmp = Path(out_dir) / "tables.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    membership = {m.article_id: m for m in members}
    story_of = {m.article_id: m.story_id for m in membership.values()}
    rep = {a.id: a.near_duplicate_of or a.duplicate_of or a.id for a in articles}
    _write(tmp, "articles", (_article_row(n, a, story_of.get(a.id), membership.get(a.id))
                             for n, a in enumerate(articles, start=1)))
    _write(tmp, "duplicates", ({"article_id": p.article_id, "other_id": p.other_id, "kind": p.kind,
                                "jaccard": p.jaccard, "containment": p.containment, "reason": p.reason,
                                "representative": rep.get(p.article_id, p.article_id)}
                               for p in sorted(pairs, key=lambda p: (p.article_id, p.other_id))))
    writers = {name: _Writer(tmp, name) for name in ("stories", "claims", "conflicts", "reuse")}
    for story in stories:
        fields = dict(analyses.get(story.id, {}))
        failure = fields.get("failure")
        writers["stories"].add({
            "id": story.id, "title": story.title, "articles": list(story.articles),
            "first_published": story.first_published, "last_published": story.last_published,
            "merged_from": list(story.merged_from), "failure": json.dumps(failure) if failure else None,
            "analysis": json.dumps(fields, ensure_ascii=False)})
        for c in fields.get("claims") or []:
            writers["claims"].add({"story": story.id, "kind": c.get("kind"), "about": c.get("about"),
                                   "text": c.get("text"), "support": list(c.get("support") or []),
                                   "independent_support": c.get("independent_support"),
                                   "contradicted_by": list(c.get("contradicted_by") or [])})
        for c in fields.get("conflicts") or []:
            values = [{"value": str(v.get("value")), "articles": list(v.get("articles") or [])}
                      for v in c.get("values") or []]
            writers["conflicts"].add({"story": story.id, "kind": c.get("kind"), "about": c.get("about"),
                                      "values": values})
        for r in fields.get("reuse") or []:
            writers["reuse"].add({"story": story.id, "source": r.get("source"), "target": r.get("target"),
                                  "kind": r.get("kind"), "score": r.get("score"),
                                  "passages": [_passage(p) for p in r.get("passages") or []]})
    for w in writers.values():
        w.close()
    shutil.rmtree(target, ignore_errors=True)
    tmp.replace(target)  # readers never see half the tables
    return target


def _article_row(seq: int, a: Article, story: str | None, m: Membership | None) -> Row:
    return {"id": a.id, "seq": seq, "source": a.source, "url": a.url, "outlet": a.outlet, "title": a.title,
            "authors": list(a.authors), "published": a.published, "published_source": a.published_source,
            "published_confidence": a.published_confidence, "language": a.language, "duplicate_of": a.duplicate_of,
            "near_duplicate_of": a.near_duplicate_of, "content_hash": a.content_hash, "story": story,
            "text": a.text, "metadata": json.dumps(a.metadata, ensure_ascii=False, sort_keys=True),
            "membership": json.dumps(asdict(m), ensure_ascii=False) if m is not None else None}


def _passage(p: Mapping[str, Any]) -> Row:
    (s0, s1), (t0, t1) = p.get("source_span") or (0, 0), p.get("target_span") or (0, 0)
    return {"source_start": s0, "source_end": s1, "target_start": t0, "target_end": t1}


class _Writer:
    """One table's Parquet file, written a row group at a time (an empty table still gets its schema)."""

    def __init__(self, folder: Path, name: str) -> None:
        import pyarrow.parquet as pq

        self.schema = schema(name)
        self.rows: list[Row] = []
        self.writer = pq.ParquetWriter(folder / f"{name}.parquet", self.schema, compression="zstd")

    def add(self, row: Row) -> None:
        self.rows.append(row)
        if len(self.rows) >= ROW_GROUP:
            self.flush()

    def flush(self) -> None:
        import pyarrow as pa

        if self.rows:
            self.writer.write_table(pa.Table.from_pylist(self.rows, schema=self.schema))
            self.rows = []

    def close(self) -> None:
        self.flush()
        self.writer.close()


def _write(folder: Path, name: str, rows: Iterator[Row]) -> None:
    w = _Writer(folder, name)
    for row in rows:
        w.add(row)
    w.close()

