"""WARC / WARC.gz web archives through warcio: HTML responses go to the HTML reader.

:func:`read_warc` reads a local file; :func:`read_warc_stream` reads any binary stream (a remote file opened
with :mod:`pyarrow.fs` in a Spark executor) one record at a time, never holding more than one record.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from ..model import Article, Skip
from .decode import DecodeError, declared_charset, decode
from .guard import GzipCheck, gzip_damage
from .html import read_html

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc(path: Path, source: str, max_bytes: int) -> Iterator[Article | Skip]:
    """Read every HTML ``response`` (or ``resource``) record of a WARC file.

    Records that are not HTML are passed over (archives hold CSS, images, robots.txt …), but an archive
    with no HTML page at all yields a ``no_articles`` skip, one with no records a ``bad_warc`` skip; a
    damaged archive yields a ``bad_warc`` skip after the records read before the damage.
    """
    try:
        fh = path.open("rb")
    except OSError as exc:
        yield Skip(source, "bad_warc", f"archive could not be read to the end: {type(exc).__name__}: {exc}"[:400])
        return
    with fh:
        yield from _records(fh, path.name, source, max_bytes,
                            lambda: gzip_damage(path) if path.name.lower().endswith(".gz") else None)


def read_warc_stream(stream: BinaryIO, name: str, source: str, max_bytes: int) -> Iterator[Article | Skip]:
    """:func:`read_warc` over a binary stream read once, front to back (no seek, no local copy).

    Args:
        stream: the archive's raw bytes (not inflated: warcio inflates record by record).
        name: the file name (article ids are keyed on it, as for a local file of that name).
        source: where the archive is (the URI), for the articles' and skips' ``source``.
        max_bytes: per-record size limit.

    A ``.gz`` archive's bytes are inflated a second time as they stream by (and whatever warcio leaves
    unread after it stops), to report a truncated or corrupt archive as :func:`read_warc` does.
    """
    if not name.lower().endswith(".gz"):
        yield from _records(stream, name, source, max_bytes, lambda: None)
        return
    watched = _Watched(stream)
    yield from _records(watched, name, source, max_bytes, watched.damage)


class _Watched:
    """A read-only stream that feeds every byte read through it to a :class:`GzipCheck` (warcio needs only
    ``read`` and ``tell``)."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream, self.check, self.offset = stream, GzipCheck(), 0

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.offset += len(data)
        self.check.feed(data)
        return data

    def tell(self) -> int:
        return self.offset

    def damage(self) -> str | None:
        while not self.check.settled and self.read(1 << 20):  # what warcio left unread (after a cut member)
            pass
        return self.check.verdict()


def _records(fh: object, name: str, source: str, max_bytes: int,
             damage_of: Callable[[], str | None]) -> Iterator[Article | Skip]:
    from warcio.archiveiterator import ArchiveIterator

    records = html_records = 0
    try:
        for n, record in enumerate(ArchiveIterator(fh), start=1):
            if not _valid(record):
                continue
            records += 1
            if record.rec_type not in ("response", "resource"):
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            where = f"{source}#{url or n}"
            if record.rec_type == "response" and record.http_headers is not None:
                status = record.http_headers.get_statuscode()
                ctype = record.http_headers.get_header("Content-Type") or ""
                if status and not status.startswith("2"):
                    continue
            else:
                ctype = record.rec_headers.get_header("Content-Type") or ""
            if not any(t in ctype.lower() for t in _HTML_TYPES):
                continue
            html_records += 1
            body = record.content_stream().read(max_bytes + 1)
            if len(body) > max_bytes:
                yield Skip(where, "too_large", f"record is over the {max_bytes}-byte limit")
                continue
            if not body.strip():
                yield Skip(where, "empty", "HTML response has an empty body")
                continue
            try:
                html, _ = decode(body, declared_charset(body, ctype))
            except DecodeError as exc:
                yield Skip(where, "undecodable", str(exc))
                continue
            yield from read_html(html, where, f"{name}#{url or n}", url=url)
    except Exception as exc:  # warcio raises several error types on truncated/corrupt archives
        yield Skip(source, "bad_warc", f"archive could not be read to the end: {type(exc).__name__}: {exc}"[:400])
        return
    damage = damage_of()
    if damage:
        # warcio stops quietly at a truncated gzip stream: the records after the cut would be lost unseen.
        yield Skip(source, "bad_warc", f"archive could not be read to the end: {damage}")
        return
    # An archive that yields nothing must still leave a trace.
    if records == 0:
        yield Skip(source, "bad_warc", "no WARC records found (not a WARC file, or empty)")
    elif html_records == 0:
        yield Skip(source, "no_articles", f"none of its {records} records is an HTML page")


def _valid(record: object) -> bool:
    """Whether warcio read a real record: a WARC record has a ``WARC-Record-ID``; an ARC record a URL
    (warcio reads any text as ARC records, "this is not a warc" included)."""
    headers = getattr(record, "rec_headers", None)
    if headers is None:
        return False
    if getattr(record, "format", "warc") == "warc":
        return bool(headers.get_header("WARC-Record-ID"))
    return "://" in (headers.get_header("uri") or "")
