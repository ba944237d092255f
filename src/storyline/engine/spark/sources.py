"""Inputs of a Spark run: local paths or Hadoop filesystem URIs, listed on the driver, read in executors.

Local paths (and ``file://`` URIs) are listed with :func:`storyline.ingest.expand_paths`, exactly as the
local engine lists them, so both engines see the same files in the same order. Other URIs (``hdfs://``,
``s3a://``, ``gs://`` …) are listed through the JVM's Hadoop ``FileSystem`` (recursively, sorted, hidden
files left out) and opened in the executor with :mod:`pyarrow.fs` (``FileSystem.from_uri``, the Hadoop
scheme mapped to pyarrow's: ``s3a`` → ``s3``). A WARC(.gz) archive is streamed: its raw bytes are read front
to back with ``open_input_stream(path, compression=None)`` and warcio parses one record at a time
(:func:`storyline.ingest.read_warc_from`), so an archive of any size costs the executor one record of
memory and no local disk. Other formats (JSONL, HTML, Parquet: read whole by their readers anyway, Parquet
needs random access) are copied to a local scratch file with their own name (so article ids, which hash the
file name, are the same as for a local copy) and read by the ordinary reader.

pyarrow's HDFS client needs ``libhdfs`` and the Hadoop ``CLASSPATH`` on every executor; S3 needs
credentials in pyarrow's usual places (environment, instance profile), not Spark's ``fs.s3a.*`` settings.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlparse

from ...config import IngestConfig
from ...ingest import detect_format, expand_paths, read_file, read_warc_from
from ...model import Article, Skip

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

__all__ = ["is_remote", "list_inputs", "read_location", "read_remote"]

#: URI schemes read through pyarrow in executors (s3a/s3n are Hadoop's names for S3).
_PYARROW_SCHEME = {"s3a": "s3", "s3n": "s3", "s3": "s3", "hdfs": "hdfs", "viewfs": "hdfs", "gs": "gs",
                   "gcs": "gs", "abfs": "abfs", "abfss": "abfs"}


def is_remote(location: str) -> bool:
    """Whether ``location`` is a URI of a non-local filesystem (``file://`` and plain paths are local)."""
    scheme = urlparse(location).scheme
    return len(scheme) > 1 and scheme != "file"  # one letter: a Windows drive, not a scheme


def _local(location: str) -> str:
    return unquote(urlparse(location).path) if location.startswith("file://") else location


def list_inputs(spark: SparkSession | None, paths: Iterable[str | Path], follow_symlinks: bool = False,
                exclude: Iterable[str | Path] = ()) -> tuple[list[str], list[Skip]]:
    """Every input file under ``paths``, in the order the local engine reads them, and skips for paths that
    match nothing.

    Args:
        spark: the session (needed only for remote URIs).
        paths: files, folders, globs or Hadoop URIs.
        follow_symlinks: walk symbolic links in local folders.
        exclude: local paths never read (the run's store and report folder).
    """
    files: list[str] = []
    skips: list[Skip] = []
    local: list[str] = []

    def flush_local() -> None:
        for item in expand_paths(local, follow_symlinks, exclude=exclude):
            if isinstance(item, Skip):
                skips.append(item)
            else:
                files.append(str(item))
        local.clear()

    for raw in paths:
        loc = str(raw)
        if is_remote(loc):
            flush_local()
            if spark is None:
                raise ValueError(f"{loc}: a remote URI needs a Spark session to be listed")
            found, skip = _list_hadoop(spark, loc)
            files.extend(found)
            if skip is not None:
                skips.append(skip)
        else:
            local.append(_local(loc))
    flush_local()
    return files, skips


def _list_hadoop(spark: SparkSession, uri: str) -> tuple[list[str], Skip | None]:
    """Files under a Hadoop URI (a file, a folder walked recursively, or a glob), sorted; hidden ones out."""
    jvm = spark.sparkContext._jvm  # type: ignore[attr-defined]
    conf = spark.sparkContext._jsc.hadoopConfiguration()  # type: ignore[attr-defined]
    try:
        path = jvm.org.apache.hadoop.fs.Path(uri)
        fs = path.getFileSystem(conf)
        statuses = fs.globStatus(path) or []
        out: list[str] = []
        for status in statuses:
            if status.isDirectory():
                it = fs.listFiles(status.getPath(), True)
                found = []
                while it.hasNext():
                    p = it.next().getPath()
                    rel = p.toString()[len(status.getPath().toString()):]
                    if not any(part.startswith((".", "_")) for part in rel.split("/") if part):
                        found.append(p.toString())
                out.extend(sorted(found))
            else:
                out.append(status.getPath().toString())
    except Exception as exc:  # noqa: BLE001 - py4j wraps every Java error; the message names the cause
        return [], Skip(uri, "unreadable", f"could not list: {str(exc).splitlines()[0][:300]}")
    if not out:
        return [], Skip(uri, "unreadable", "matches no file")
    return out, None


def read_location(location: str, cfg: IngestConfig) -> Iterator[Article | Skip]:
    """The articles and skips of one input file (local path or remote URI), as :func:`read_file` gives them.

    Runs in executors. Never raises: a remote file that cannot be opened is one ``unreadable`` skip naming it.
    """
    if not is_remote(location):
        yield from read_file(Path(location), cfg)
        return
    yield from read_remote(location, cfg)


def read_remote(uri: str, cfg: IngestConfig) -> Iterator[Article | Skip]:
    """A file on any filesystem pyarrow opens by URI: WARC streamed record by record, the rest via scratch.

    Public for tests: ``file://`` URIs go through here the way ``hdfs://`` and ``s3a://`` ones do on a cluster.
    """
    name = Path(urlparse(uri).path).name or "input"
    try:
        filesystem, path = _filesystem(uri)
        info = filesystem.get_file_info(path)
    except Exception as exc:  # noqa: BLE001 - one unreachable file costs that file only
        yield Skip(uri, "unreadable", f"could not read: {type(exc).__name__}: {str(exc)[:300]}")
        return
    from pyarrow import fs as pafs

    if info.type != pafs.FileType.File:
        what = "no such file" if info.type == pafs.FileType.NotFound else "not a regular file"
        yield Skip(uri, "unreadable", f"could not read: {what}")
        return
    if detect_format(Path(name)) == "warc":
        try:
            stream = filesystem.open_input_stream(path, compression=None)  # raw: warcio inflates per record
        except Exception as exc:  # noqa: BLE001
            yield Skip(uri, "unreadable", f"could not read: {type(exc).__name__}: {str(exc)[:300]}")
            return
        with stream:
            yield from read_warc_from(stream, name, uri, info.size, cfg)
        return
    scratch = Path(tempfile.mkdtemp(prefix="storyline-"))
    try:
        local = scratch / name
        try:
            _fetch(filesystem, path, local, cfg.max_bytes)
        except Exception as exc:  # noqa: BLE001 - one unreachable file costs that file only
            yield Skip(uri, "unreadable", f"could not read: {type(exc).__name__}: {str(exc)[:300]}")
            return
        prefix = str(local)
        for item in read_file(local, cfg):
            if item.source.startswith(prefix):
                item.source = uri + item.source[len(prefix):]
            yield item
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _filesystem(uri: str) -> tuple[Any, str]:
    """pyarrow's filesystem and path for a URI (Hadoop's scheme names mapped to pyarrow's)."""
    from pyarrow import fs as pafs

    parsed = urlparse(uri)
    scheme = _PYARROW_SCHEME.get(parsed.scheme, parsed.scheme)
    return pafs.FileSystem.from_uri(parsed._replace(scheme=scheme).geturl())


def _fetch(filesystem: Any, path: str, dest: Path, max_bytes: int) -> None:
    """Copy a remote file's raw bytes (not inflated: the reader inflates ``.gz`` itself, capped) into
    ``dest``, at most ``max_bytes + 1`` of them (the reader then reports the file as too large)."""
    left = max_bytes + 1
    with filesystem.open_input_stream(path, compression=None) as src, dest.open("wb") as out:
        while left > 0:
            block = src.read(min(1 << 20, left))
            if not block:
                break
            out.write(block)
            left -= len(block)
