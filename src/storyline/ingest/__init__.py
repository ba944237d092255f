"""Readers: files, folders and globs of text, HTML, JSON/JSONL, RSS/Atom and WARC → :class:`Article`.

:func:`read_paths` is the single entry point. It never raises on bad input: every problem becomes a
:class:`~storyline.model.Skip` with a reason key (see :data:`storyline.errors.SKIP_REASONS`) and the
file (and line) it concerns, and reading goes on with the next input.
"""

from __future__ import annotations

import glob
import gzip
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..config import IngestConfig
from ..model import Article, Skip
from .decode import DecodeError, declared_charset, decode, looks_binary

__all__ = ["FORMATS", "detect_format", "expand_paths", "read_file", "read_paths"]

#: Extension → reader name. Compound extensions (``.warc.gz``) are matched first.
FORMATS: dict[str, str] = {
    ".warc.gz": "warc", ".warc": "warc", ".arc.gz": "warc",
    ".jsonl.gz": "jsonl", ".ndjson.gz": "jsonl", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
    ".rss": "feed", ".atom": "feed", ".xml": "feed", ".feed": "feed",
    ".txt": "text", ".text": "text", ".md": "text",
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
    come back as input next time). A path that matches nothing is yielded as a ``unreadable`` skip.
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
        p = Path(raw).resolve()
        if p.is_dir():
            dirs.append(p)
        else:
            files.add(p)
    return files, dirs


def _excluded(path: Path, files: set[Path], dirs: list[Path]) -> bool:
    if not files and not dirs:
        return False
    p = path.resolve()
    return p in files or any(p.is_relative_to(d) for d in dirs)


def _expand(paths: Iterable[str | Path], follow_symlinks: bool) -> Iterator[Path | Skip]:
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found: list[Path] = []
            for root, dirs, files in os.walk(p, followlinks=follow_symlinks):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found.extend(Path(root) / f for f in files if not f.startswith("."))
            yield from sorted(found)
        elif p.is_file():
            yield p
        elif any(ch in str(raw) for ch in "*?["):
            matches = sorted(Path(name) for name in glob.glob(str(raw), recursive=True))
            hits = [f for f in matches if f.is_file()]
            if not hits:
                yield Skip(str(raw), "unreadable", "glob pattern matched no files")
            yield from hits
        else:
            yield Skip(str(raw), "unreadable", "no such file or directory")


def read_file(path: Path, config: IngestConfig | None = None) -> Iterator[Article | Skip]:
    """Read one file with the reader its extension names; problems become skips."""
    cfg = config or IngestConfig()
    source = str(path)
    fmt = detect_format(path)
    if fmt is None:
        yield Skip(source, "unknown_format", f"unknown extension {path.suffix or '(none)'!r}")
        return
    try:
        size = path.stat().st_size
    except OSError as exc:
        yield Skip(source, "unreadable", str(exc))
        return
    if size > cfg.max_bytes:
        yield Skip(source, "too_large", f"{size} bytes is over the {cfg.max_bytes}-byte limit")
        return
    if size == 0:
        yield Skip(source, "empty", "file is empty")
        return
    if fmt == "warc":
        from .warc import read_warc

        yield from _filter_short(read_warc(path, source, cfg.max_bytes), cfg)
        return
    try:
        data = path.read_bytes()
        if path.name.lower().endswith(".gz"):
            data = gzip.decompress(data)
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        yield Skip(source, "unreadable", f"could not read: {exc}")
        return
    if not data.strip():
        yield Skip(source, "empty", "file holds only whitespace")
        return
    if looks_binary(data):
        yield Skip(source, "binary", "file looks binary (NUL or control bytes), not text")
        return
    if fmt == "feed":
        from .feeds import read_feed

        yield from _filter_short(read_feed(data, source), cfg)
        return
    try:
        text, _ = decode(data, declared_charset(data) if fmt == "html" else None)
    except DecodeError as exc:
        yield Skip(source, "undecodable", str(exc))
        return
    yield from _filter_short(_read_decoded(fmt, path, text, source), cfg)


def _read_decoded(fmt: str, path: Path, text: str, source: str) -> Iterator[Article | Skip]:
    if fmt == "text":
        from .text import read_text

        yield from read_text(path, text, source, key=path.name)
    elif fmt == "html":
        from .html import read_html

        yield from read_html(text, source, key=path.name)
    elif fmt == "jsonl":
        from .jsonl import read_jsonl

        yield from read_jsonl(text.split("\n"), source)
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
