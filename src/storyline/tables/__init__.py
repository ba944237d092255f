"""A run's results as Parquet tables for the next tool: ``articles``, ``duplicates``, ``stories``, ``claims``,
``conflicts`` and ``reuse`` under ``DIR/tables/``, one schema (:mod:`.schema`) written by both engines
(:func:`write_tables`) and read back into a store by :func:`load_tables` (``storyline serve --tables DIR``).
pyarrow is imported only when a table is written or read.
"""

from .load import load_tables, read_table
from .schema import TABLES, VERSION, schema
from .write import write_tables

__all__ = ["TABLES", "VERSION", "load_tables", "read_table", "schema", "write_tables"]
