"""The Parquet schema of a run's tables, defined once for both engines (``DIR/tables/<name>.parquet``).

=============  ======================================================================================
table          one row per
=============  ======================================================================================
articles       stored article: every :class:`~storyline.model.Article` field (``metadata`` as JSON
               text), its ingestion order ``seq``, its story and why it is there (``membership`` JSON)
duplicates     verified duplicate pair (article → an earlier article), with the group representative
stories        story: title, members, dates, merged ids, and its whole analysis (``analysis``: the
               story's ``report.json`` fields as JSON text, which ``storyline serve --tables`` reads)
claims         claim of a story: text, supporting articles, independent support, contradicting articles
conflicts      conflict of a story: kind, what about, and the competing values with their articles
reuse          reuse edge of a story: source → target article, kind, score and aligned passages
=============  ======================================================================================

Lists are Parquet lists, dates are ``date32``; JSON-valued columns hold text that ``json.loads`` reads.
Rows are sorted by stable keys (ingestion order, story order) so two runs give the same files.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["TABLES", "VERSION", "schema"]

#: Written into every file's metadata (``storyline.tables``); a reader refuses another major version.
VERSION = "1"

#: The table names, in writing order.
TABLES = ("articles", "duplicates", "stories", "claims", "conflicts", "reuse")


def schema(name: str) -> pa.Schema:
    """The pyarrow schema of table ``name`` (one of :data:`TABLES`)."""
    import pyarrow as pa

    s, ids, f64, i64 = pa.string(), pa.list_(pa.string()), pa.float64(), pa.int64()
    fields: dict[str, list[tuple[str, pa.DataType]]] = {
        "articles": [
            ("id", s), ("seq", i64), ("source", s), ("url", s), ("outlet", s), ("title", s), ("authors", ids),
            ("published", pa.date32()), ("published_source", s), ("published_confidence", f64),
            ("language", s), ("duplicate_of", s), ("near_duplicate_of", s), ("content_hash", s),
            ("story", s), ("text", s), ("metadata", s), ("membership", s),
        ],
        "duplicates": [
            ("article_id", s), ("other_id", s), ("kind", s), ("jaccard", f64), ("containment", f64),
            ("reason", s), ("representative", s),
        ],
        "stories": [
            ("id", s), ("title", s), ("articles", ids), ("first_published", pa.date32()),
            ("last_published", pa.date32()), ("merged_from", ids), ("failure", s), ("analysis", s),
        ],
        "claims": [
            ("story", s), ("kind", s), ("about", s), ("text", s), ("support", ids), ("independent_support", i64),
            ("contradicted_by", ids),
        ],
        "conflicts": [
            ("story", s), ("kind", s), ("about", s),
            ("values", pa.list_(pa.struct([("value", s), ("articles", ids)]))),
        ],
        "reuse": [
            ("story", s), ("source", s), ("target", s), ("kind", s), ("score", f64),
            ("passages", pa.list_(pa.struct([("source_start", i64), ("source_end", i64),
                                             ("target_start", i64), ("target_end", i64)]))),
        ],
    }
    if name not in fields:
        raise KeyError(f"unknown table {name!r}; tables are {', '.join(TABLES)}")
    return pa.schema(fields[name], metadata={"storyline.tables": VERSION, "storyline.table": name})
