"""Read a run's Parquet tables back into a store, so ``storyline serve --tables DIR`` browses any run's output
(a Spark run on a cluster included) without the store it was made with.

The ``articles`` table holds every article field and why it is in its story, ``duplicates`` the verified
pairs, and ``stories`` each story's whole analysis: loading them gives a store in which every story's
analysis is cached under the key the web app computes, so nothing is analysed again.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..config import AnalysisConfig
from ..errors import InputError
from ..guard import analysis_key
from ..model import Article
from ..store import DuplicatePair, Membership, Store
from .schema import TABLES, VERSION

__all__ = ["load_tables", "read_table", "store_from_tables"]

log = logging.getLogger("storyline")


def read_table(tables_dir: str | Path, name: str, batch_size: int = 2000) -> Iterator[dict[str, Any]]:
    """The rows of one table as dicts, file order, a record batch at a time.

    Raises:
        InputError: the file is missing, not Parquet, or of another tables version (the message names it).
    """
    import pyarrow.parquet as pq

    path = Path(tables_dir) / f"{name}.parquet"
    if not path.is_file():
        raise InputError(f"{path}: missing (a tables folder holds {', '.join(t + '.parquet' for t in TABLES)})")
    try:
        handle = pq.ParquetFile(path)
    except Exception as exc:  # noqa: BLE001 - pyarrow raises several types for a file that is not Parquet
        raise InputError(f"{path}: not a readable Parquet file: {exc}") from exc
    meta = handle.schema_arrow.metadata or {}
    version = meta.get(b"storyline.tables", b"").decode()
    if version.split(".")[0] != VERSION:
        raise InputError(f"{path}: tables version {version or 'unknown'}, this storyline reads version {VERSION}")
    for batch in handle.iter_batches(batch_size=batch_size):
        yield from batch.to_pylist()


def load_tables(tables_dir: str | Path, store: Store, config: AnalysisConfig) -> int:
    """Fill an empty ``store`` from the tables in ``tables_dir``; returns the number of articles loaded.

    Args:
        tables_dir: a run's ``tables`` folder (or the run folder that holds it).
        store: an empty store (e.g. a fresh SQLite file for ``storyline serve``).
        config: the analysis configuration the web app will use (the cache keys depend on it).
    """
    folder = Path(tables_dir)
    if not (folder / "articles.parquet").is_file() and (folder / "tables" / "articles.parquet").is_file():
        folder = folder / "tables"
    if store.count():
        raise InputError("tables can only be loaded into an empty store")
    run_id = store.start_run("load-tables")
    members: list[Membership] = []
    near: dict[str, str | None] = {}
    batch: list[Article] = []
    loaded = 0
    for row in read_table(folder, "articles"):
        batch.append(_article(row))
        near[row["id"]] = row["near_duplicate_of"]
        if row["membership"]:
            m = json.loads(row["membership"])
            members.append(Membership(**{**m, "terms": tuple(m["terms"]), "core": tuple(m["core"])}))
        if len(batch) >= 500:
            loaded += len(store.put_batch(batch, (), run_id)[0])
            batch = []
    loaded += len(store.put_batch(batch, (), run_id)[0])
    with store.transaction():
        pairs = [DuplicatePair(r["article_id"], r["other_id"], r["kind"], r["jaccard"], r["containment"], r["reason"])
                 for r in read_table(folder, "duplicates")]
        store.add_duplicate_pairs(pairs)
        in_pairs = {i for p in pairs for i in (p.article_id, p.other_id)}
        store.set_representatives({aid: near.get(aid) for aid in in_pairs})
    store.add_memberships(members, [], b"")
    by_id = {a.id: a for a in store.articles()}
    cached = 0
    for row in read_table(folder, "stories", batch_size=64):
        fields = json.loads(row["analysis"])
        if "failure" in fields:  # a failed story is analysed again when served, as after a local run
            continue
        arts = [by_id[a] for a in row["articles"] if a in by_id]
        packed = zlib.compress(json.dumps(fields, ensure_ascii=False, default=str).encode(), 6)
        store.put_analysis(analysis_key(arts, config), row["id"], packed)
        cached += 1
    store.finish_run(run_id, {"ingested": loaded, "stories_cached": cached, "tables": str(folder)})
    log.info("tables: loaded %d articles and %d story analyses from %s", loaded, cached, folder)
    return loaded


def _article(row: dict[str, Any]) -> Article:
    published = row["published"]
    return Article(
        id=row["id"], source=row["source"], text=row["text"], title=row["title"] or "", url=row["url"],
        outlet=row["outlet"], authors=list(row["authors"] or []),
        published=published if isinstance(published, dt.date) or published is None else None,
        published_source=row["published_source"], published_confidence=row["published_confidence"],
        language=row["language"], content_hash=row["content_hash"], metadata=json.loads(row["metadata"] or "{}"),
    )


def store_from_tables(tables_dir: str | Path, db_path: str | Path | None = None,
                      config_file: str | Path | None = None) -> Path:
    """A new SQLite store filled from a run's tables (for ``storyline serve --tables``); returns its path.

    Args:
        tables_dir: the run folder or its ``tables`` folder.
        db_path: where to create the store (must not exist); a temporary file when ``None``.
        config_file: the TOML configuration the server will use (analysis cache keys depend on it).

    Raises:
        InputError: ``db_path`` exists, or a table is missing or unreadable.
    """
    import tempfile

    from ..config import load_config
    from ..store import SQLiteStore

    if db_path is None:
        db_path = Path(tempfile.mkdtemp(prefix="storyline-tables-")) / "tables.db"
    db_path = Path(db_path)
    if db_path.exists():
        raise InputError(f"--db {db_path} exists: tables are loaded into a new store only")
    cfg = load_config(config_file)
    store = SQLiteStore(db_path)
    try:
        load_tables(tables_dir, store, cfg.analysis_config())
    except BaseException:
        store.close()
        db_path.unlink(missing_ok=True)
        raise
    store.close()
    return db_path
