"""Ingest against a store: read input files in batches, skip unchanged files, record skips and runs.

Incremental: a file read completely before (no skip) whose size and modification time, or else whose
content hash, are unchanged is not parsed again. A reader that raises on one file costs that file only.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from ..config import IngestConfig
from ..ingest import expand_paths, read_file
from ..model import Article, IngestResult, InputFile, Skip
from ..store import Store

log = logging.getLogger("storyline")


def ingest_paths(store: Store, paths: Iterable[str | Path], cfg: IngestConfig,
                 progress: Callable[[int, int, str], None] | None = None, command: str = "ingest",
                 exclude: Iterable[str | Path] = (), rebuild: bool = False) -> IngestResult:
    """Read articles from ``paths`` into ``store`` in batches of ``cfg.batch_size``.

    Args:
        store: where articles, skips, input files and the run record go.
        paths: files and folders to read.
        cfg: reader options.
        progress: ``progress(done_files, total_files, current_path)`` after every file.
        command: the command recorded for this run.
        exclude: paths never read as input (besides the store's own files).
        rebuild: parse every file again, changed or not.

    Returns:
        What was added, already stored, duplicated or skipped (with reasons), and the run's id.
    """
    run_id = store.start_run(command)
    result = IngestResult(run_id=run_id)
    files: list[Path] = []
    for item in expand_paths(paths, cfg.follow_symlinks, exclude=[*store.own_files(), *exclude]):
        if isinstance(item, Skip):
            result.skipped.append(item)
        else:
            files.append(item)
    if rebuild:
        store.forget_input_files()
    batch: list[Article] = []
    pending_skips: list[Skip] = list(result.skipped)
    pending_files: list[InputFile] = []

    def flush() -> None:
        added, existing = store.put_batch(batch, pending_skips, run_id, pending_files)
        result.added.extend(added)
        result.already_stored.extend(existing)
        batch.clear()
        pending_skips.clear()
        pending_files.clear()

    for n, path in enumerate(files, start=1):
        key = _file_key(path)
        known = store.input_file(key)
        seen = _fingerprint(path, key, known)
        if seen is not None and known is not None and (seen.size, seen.sha256) == (known.size, known.sha256):
            result.unchanged_files += 1
            if seen.mtime_ns != known.mtime_ns:  # same bytes, touched: remember the new mtime
                pending_files.append(InputFile(known.path, seen.size, seen.mtime_ns, seen.sha256, known.articles))
        else:
            count, skipped = 0, 0
            for read in _guarded_read(path, cfg):
                if isinstance(read, Skip):
                    result.skipped.append(read)
                    pending_skips.append(read)
                    skipped += 1
                else:
                    batch.append(read)
                    count += 1
                    if len(batch) >= cfg.batch_size:
                        flush()
            if seen is not None and not skipped:  # a file with any skip is read again next time
                pending_files.append(InputFile(seen.path, seen.size, seen.mtime_ns, seen.sha256, count))
        if progress is not None:
            progress(n, len(files), str(path))
    flush()
    finish_ingest(store, run_id, result, len(files))
    log.info("ingest: %d files (%d unchanged), %d new articles, %d already stored, %d skipped",
             len(files), result.unchanged_files, result.ingested, len(result.already_stored),
             len(result.skipped))
    return result


def finish_ingest(store: Store, run_id: int, result: IngestResult, n_files: int) -> None:
    """Record the run's exact duplicates on ``result`` and close the run in the store with its counts
    (shared by the local and the Spark ingest)."""
    result.duplicates = store.duplicates_among(result.added)
    store.finish_run(run_id, {
        "files": n_files, "unchanged_files": result.unchanged_files, "ingested": result.ingested,
        "already_stored": len(result.already_stored), "duplicates": len(result.duplicates),
        "skipped": result.skipped_by_reason(),
    })


def _file_key(path: Path) -> str:
    try:
        return str(path.resolve())
    except (OSError, RuntimeError):
        return str(path.absolute())


def _fingerprint(path: Path, key: str, known: InputFile | None) -> InputFile | None:
    """Size, mtime and (when size or mtime changed, or nothing is known) the content hash of ``path``.

    ``None`` when the file cannot be read (the reader then records why).
    """
    try:
        st = path.stat()
        if known is not None and known.size == st.st_size and known.mtime_ns == st.st_mtime_ns:
            return known
        if not path.is_file():
            return None
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        return InputFile(key, st.st_size, st.st_mtime_ns, digest.hexdigest(), -1)
    except OSError:
        return None


def _guarded_read(path: Path, cfg: IngestConfig) -> Iterator[Article | Skip]:
    """The file's articles and skips; a reader that raises costs this file only (``reader_error``)."""
    try:
        yield from read_file(path, cfg)
    except Exception as exc:  # noqa: BLE001 - one odd file must not stop the run
        log.warning("reading %s failed: %s: %s", path, type(exc).__name__, exc)
        yield Skip(str(path), "reader_error", f"reader failed: {type(exc).__name__}: {str(exc)[:300]}")
