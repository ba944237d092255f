"""WARC / WARC.gz web archives through warcio: HTML responses go to the HTML reader."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..model import Article, Skip
from .decode import DecodeError, declared_charset, decode
from .html import read_html

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc(path: Path, source: str, max_bytes: int) -> Iterator[Article | Skip]:
    """Read every HTML ``response`` (or ``resource``) record of a WARC file.

    Records that are not HTML are passed over silently (archives hold CSS, images, robots.txt …);
    a damaged archive yields a ``bad_warc`` skip after the records read before the damage.
    """
    from warcio.archiveiterator import ArchiveIterator

    name = path.name
    try:
        with path.open("rb") as fh:
            for n, record in enumerate(ArchiveIterator(fh), start=1):
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
        yield Skip(source, "bad_warc", f"archive could not be read to the end: {exc}")
