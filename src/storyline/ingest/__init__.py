"""Readers: files, folders and globs of text, HTML, JSON/JSONL, RSS/Atom, WARC and Parquet → :class:`Article`.

:func:`read_paths` is the single entry point. It never raises on bad input: every problem becomes a
:class:`~storyline.model.Skip` with a reason key (see :data:`storyline.errors.SKIP_REASONS`) and the
file (and line) it concerns, and reading goes on with the next input.
"""

from __future__ import annotations

import glob
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from ..config import IngestConfig
from ..model import Article, Skip
from .decode import DecodeError, declared_charset, decode, looks_binary
from .guard import clean_str, read_capped

__all__ = ["FORMATS", "detect_format", "expand_paths", "read_file", "read_paths", "read_warc_from"]

#: Extension → reader name. Compound extensions (``.warc.gz``) are matched first.
FORMATS: dict[str, str] = {
    ".warc.gz": "warc", ".warc": "warc", ".arc.gz": "warc",
    ".jsonl.gz": "jsonl", ".ndjson.gz": "jsonl", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
    ".rss": "feed", ".atom": "feed", ".xml": "feed", ".feed": "feed",
    ".txt": "text", ".text": "text", ".md": "text",
    ".parquet": "parquet",
}


def detect_format(path: Path) -> str | None:
    """Reader name for a path from its extension(s), or ``None`` when unknown."""
    name = path.name.lower()
    for ext in sorted(FORMATS, key=len, reverse=True):
        if name.endswith(ext):
            return FORMATS[ext]
    if name.endswith(".gz"):
        return detect_format(Path(name[:-3]))
    return None


def expand_paths(paths: Iterable[str | Path], follow_symlinks: bool = False,
                 exclude: Iterable[str | Path] = ()) -> Iterator[Path | Skip]:
    """Files named by ``paths`` (files, folders walked recursively, or glob patterns), sorted per argument.

    Hidden files and folders (``.name``) inside folders are ignored, and so are the files and folders in
    ``exclude`` (the run's own store and report folder: a report written into the input folder must not
    come back as input next time). A path that matches nothing, and a folder that cannot be listed, are
    yielded as ``unreadable`` skips. Symbolic links (looping or dangling ones too), devices and pipes are
    yielded as paths: :func:`read_file` turns them into skips without reading them. Never raises.
    """
    skip_files, skip_dirs = _exclusions(exclude)
    for item in _expand(paths, follow_symlinks):
        if isinstance(item, Path) and _excluded(item, skip_files, skip_dirs):
            continue
        yield item


def _exclusions(exclude: Iterable[str | Path]) -> tuple[set[Path], list[Path]]:
    files: set[Path] = set()
    dirs: list[Path] = []
    for raw in exclude:
        p = _real(raw)
        if p.is_dir():
            dirs.append(p)
        else:
            files.add(p)
    return files, dirs


def _excluded(path: Path, files: set[Path], dirs: list[Path]) -> bool:
    if not files and not dirs:
        return False
    p = _real(path)
    return p in files or any(p.is_relative_to(d) for d in dirs)


def _real(path: str | Path) -> Path:
    """The real path of ``path``; unlike ``Path.resolve`` it never raises (a symlink loop stays as is)."""
    return Path(os.path.realpath(path))


def _expand(paths: Iterable[str | Path], follow_symlinks: bool) -> Iterator[Path | Skip]:
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found: list[Path] = []
            errors: list[OSError] = []  # a folder that cannot be listed is reported, never left out
            for root, dirs, files in os.walk(p, onerror=errors.append, followlinks=follow_symlinks):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found.extend(Path(root) / f for f in files if not f.startswith("."))
            for exc in errors:
                yield Skip(clean_str(str(exc.filename or p)), "unreadable",
                           clean_str(f"folder could not be read: {exc.strerror or exc}"))
            yield from sorted(found)
        elif p.is_file() or p.is_symlink() or p.exists():
            yield p  # read_file turns loops, devices and pipes into skips
        elif any(ch in str(raw) for ch in "*?["):
            matches = sorted(Path(name) for name in glob.glob(str(raw), recursive=True))
            if not matches:
                yield Skip(clean_str(str(raw)), "unreadable", "glob pattern matched no files")
            # Files as they are, folders walked; links, devices and pipes go to read_file, which says why
            # it does not read them. ("**" also lists the files of the folders it matches: read once.)
            picked: list[Path | Skip] = [m for m in matches if not m.is_dir()]
            listed = {m for m in picked if isinstance(m, Path)}
            for folder in (m for m in matches if m.is_dir()):
                for item in _expand([folder], follow_symlinks):
                    if isinstance(item, Skip) or item not in listed:
                        if isinstance(item, Path):
                            listed.add(item)
                        picked.append(item)
            yield from picked
        else:
            yield Skip(clean_str(str(raw)), "unreadable", "no such file or directory")


def read_file(path: Path, config: IngestConfig | None = None) -> Iterator[Article | Skip]:
    """Read one file with the reader its extension names; problems become skips.

    Never raises: an unexpected error while reading the file ends it with a ``reader_error`` skip
    naming the exception (the articles read before it are kept), and the caller goes on with the
    next file. Every skip's source and message are safe to store (no lone surrogates).
    """
    cfg = config or IngestConfig()
    try:
        for item in _read_file(path, cfg):
            if isinstance(item, Skip):
                item.source, item.message = clean_str(item.source), clean_str(item.message)
            yield item
    except Exception as exc:  # noqa: BLE001 - one odd file must not stop the run
        yield Skip(clean_str(str(path)), "reader_error", clean_str(f"{type(exc).__name__}: {str(exc)[:300]}"))


def read_warc_from(stream: BinaryIO, name: str, source: str, size: int | None,
                   config: IngestConfig | None = None) -> Iterator[Article | Skip]:
    """A WARC(.gz) archive read from a binary stream, record by record, with :func:`read_file`'s rules.

    For archives on a remote filesystem, opened in the Spark executor that reads them: nothing is copied
    to local disk and at most one record is held at a time. The same size limits, skips and short-text
    filter as a local file of that ``name`` (article ids are keyed on the name, so they match too).

    Args:
        stream: the archive's raw bytes (not inflated), read once front to back.
        name: the archive's file name (``….warc`` or ``….warc.gz``).
        source: where it is (a URI), recorded as the articles' and skips' source.
        size: its size in bytes when the filesystem knows it (checked against ``max_bytes`` before reading).
        config: reader options.

    Never raises: an unexpected error ends the archive with a ``reader_error`` skip.
    """
    from .warc import read_warc_stream

    cfg = config or IngestConfig()
    source = clean_str(source)
    if size is not None and size > cfg.max_bytes:
        yield Skip(source, "too_large", f"{size} bytes is over the {cfg.max_bytes}-byte limit")
        return
    if size == 0:
        yield Skip(source, "empty", "file is empty")
        return
    try:
        for item in _filter_short(read_warc_stream(stream, name, source, cfg.max_bytes), cfg):
            if isinstance(item, Skip):
                item.source, item.message = clean_str(item.source), clean_str(item.message)
            yield item
    except Exception as exc:  # noqa: BLE001 - one odd archive must not stop the run
        yield Skip(source, "reader_error", clean_str(f"{type(exc).__name__}: {str(exc)[:300]}"))


def _read_file(path: Path, cfg: IngestConfig) -> Iterator[Article | Skip]:
    source = clean_str(str(path))
    fmt = detect_format(path)
    if fmt is None:
        kind = "folder" if path.is_dir() else f"extension {path.suffix or '(none)'!r}"
        yield Skip(source, "unknown_format", clean_str(f"unknown {kind}"))
        return
    try:
        st = path.stat()  # follows symlinks: a loop or a dangling link fails here
    except OSError as exc:
        yield Skip(source, "unreadable", f"could not read: {exc.strerror or exc}")
        return
    if not stat.S_ISREG(st.st_mode):
        # Devices (/dev/zero), pipes and sockets never end or block: they are not read at all.
        what = "a folder" if stat.S_ISDIR(st.st_mode) else "a device, pipe or socket"
        yield Skip(source, "not_a_file", f"not a regular file ({what})")
        return
    if st.st_size > cfg.max_bytes:
        yield Skip(source, "too_large", f"{st.st_size} bytes is over the {cfg.max_bytes}-byte limit")
        return
    if st.st_size == 0:
        yield Skip(source, "empty", "file is empty")
        return
    if fmt == "warc":
        from .warc import read_warc

        yield from _filter_short(read_warc(path, source, cfg.max_bytes), cfg)
        return
    if fmt == "parquet":
        from .parquet import read_parquet

        yield from _filter_short(read_parquet(path, source), cfg)
        return
    try:
        got = read_capped(path, cfg.max_bytes)
    except OSError as exc:
        yield Skip(source, "unreadable", f"could not read: {exc.strerror or exc}")
        return
    if got.too_large:
        yield Skip(source, "too_large", f"inflates to more than the {cfg.max_bytes}-byte limit")
        return
    data = got.data
    if got.damaged and fmt != "jsonl":
        yield Skip(source, "unreadable", f"could not read: {got.damaged}")
        return
    if not data.strip() and not got.damaged:
        yield Skip(source, "empty", "file holds only whitespace")
        return
    if fmt == "jsonl":
        from .jsonl import read_jsonl_bytes

        # Line by line from the bytes: one bad line (or a truncated gzip tail) costs that line only.
        yield from _filter_short(read_jsonl_bytes(data, source), cfg)
        if got.damaged:
            yield Skip(source, "unreadable", f"could not read to the end: {got.damaged}",
                       line=data.count(b"\n") + 1)
        return
    utf16 = _utf16_without_bom(data)
    if utf16 is None and looks_binary(data):
        yield Skip(source, "binary", "file looks binary (NUL or control bytes), not text")
        return
    if fmt == "feed":
        from .feeds import read_feed

        yield from _filter_short(read_feed(data, source), cfg)
        return
    try:
        if utf16 is not None:
            text = data.decode(utf16, errors="replace")
        else:
            text, _ = decode(data, declared_charset(data) if fmt == "html" else None)
    except DecodeError as exc:
        yield Skip(source, "undecodable", str(exc))
        return
    yield from _filter_short(_read_decoded(fmt, path, text, source), cfg)


def _utf16_without_bom(data: bytes) -> str | None:
    """``"utf-16-le"``/``"utf-16-be"`` when ``data`` is UTF-16 text without a byte-order mark
    (most of one byte column is NUL and the other is not), else ``None``."""
    head = data[:4096]
    if len(head) < 16 or head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return None
    even, odd = head[0::2], head[1::2]
    zeros_even, zeros_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    if zeros_odd > 0.7 and zeros_even < 0.1:
        enc = "utf-16-le"
    elif zeros_even > 0.7 and zeros_odd < 0.1:
        enc = "utf-16-be"
    else:
        return None
    try:
        text = data[: len(data) - len(data) % 2].decode(enc)
    except UnicodeDecodeError:
        return None
    controls = sum(1 for ch in text[:2000] if ord(ch) < 32 and ch not in "\t\n\r\f")
    return enc if controls / max(1, len(text[:2000])) < 0.05 else None


def _read_decoded(fmt: str, path: Path, text: str, source: str) -> Iterator[Article | Skip]:
    if fmt == "text":
        from .text import read_text

        yield from read_text(path, text, source, key=path.name)
    elif fmt == "html":
        from .html import read_html

        yield from read_html(text, source, key=path.name)
    elif fmt == "json":
        from .jsonl import read_json

        yield from read_json(text, source)


def _filter_short(items: Iterable[Article | Skip], cfg: IngestConfig) -> Iterator[Article | Skip]:
    for item in items:
        if isinstance(item, Article) and len(item.text) < cfg.min_chars:
            yield Skip(item.source, "too_short", f"only {len(item.text)} characters of text (minimum {cfg.min_chars})")
        else:
            yield item


def read_paths(paths: Iterable[str | Path], config: IngestConfig | None = None) -> Iterator[Article | Skip]:
    """Read every article under ``paths`` (files, folders, globs; formats mixed freely)."""
    cfg = config or IngestConfig()
    for item in expand_paths(paths, cfg.follow_symlinks):
        if isinstance(item, Skip):
            yield item
        else:
            yield from read_file(item, cfg)
