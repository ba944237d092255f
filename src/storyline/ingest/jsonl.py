"""JSON Lines / JSON records, including news-please output (``maintext``, ``date_publish`` …)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from ..model import Article, Skip
from .common import make_article, parse_date
from .decode import DecodeError, decode

#: Python's json accepts NaN/Infinity and nests until RecursionError; both are refused here.
_TOO_DEEP = "JSON is nested too deeply"


def _loads(text: str) -> Any:
    """``json.loads`` with a RecursionError (a line nested 100,000 levels) turned into a ValueError.

    ``NaN``/``Infinity`` are accepted here; :func:`~storyline.ingest.common.make_article` makes the
    stored metadata strict JSON.
    """
    try:
        return json.loads(text)
    except RecursionError:
        raise ValueError(_TOO_DEEP) from None

#: Canonical field → accepted keys, in order of preference.
FIELDS: dict[str, tuple[str, ...]] = {
    "text": ("text", "maintext", "content", "body", "article", "article_text", "story_text", "description"),
    "title": ("title", "headline", "name"),
    "url": ("url", "link", "source_url", "canonical_url"),
    "published": (
        "published", "date_publish", "published_at", "publish_date", "date_published", "datePublished",
        "pubdate", "pub_date", "date", "timestamp", "created_at",
    ),
    "outlet": ("outlet", "source_domain", "publisher", "site_name", "sitename", "source", "domain", "hostname"),
    "id": ("id", "doc_id", "article_id", "uuid", "guid"),
    "authors": ("authors", "author", "byline"),
    "html": ("html", "raw_html"),
}


def pick(record: dict[str, Any], name: str) -> Any:
    """The first non-empty value among the accepted keys of canonical field ``name``."""
    for key in FIELDS[name]:
        value = record.get(key)
        if value not in (None, "", []):
            return value
    return None


def _outlet(value: Any) -> str | None:
    if isinstance(value, dict):  # e.g. {"name": "...", "url": "..."}
        value = value.get("name") or value.get("url")
    return str(value).strip() if value else None


def _authors(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(a.get("name") if isinstance(a, dict) else a).strip() for a in value if a]
    if isinstance(value, str):
        return [a.strip() for a in value.replace(" and ", ",").split(",") if a.strip()]
    return []


def record_to_article(record: dict[str, Any], source: str, key: str) -> Iterator[Article | Skip]:
    """Turn one JSON object into an article (or a skip with the reason)."""
    text = pick(record, "text")
    url = pick(record, "url")
    if not isinstance(text, str) or not text.strip():
        html = pick(record, "html")
        if isinstance(html, str) and html.strip():
            from .html import read_html

            yield from read_html(html, source, key, url=url)
            return
        yield Skip(source, "missing_text", f"no text field (looked for: {', '.join(FIELDS['text'])})")
        return
    published = parse_date(pick(record, "published"))
    known = {k for keys in FIELDS.values() for k in keys}
    extra = {k: v for k, v in record.items() if k not in known and isinstance(v, (str, int, float, bool))}
    ident = pick(record, "id")
    yield make_article(
        source=source,
        key=key,
        id_hint=str(ident) if ident is not None else None,
        text=text,
        title=str(pick(record, "title") or ""),
        url=str(url) if url else None,
        outlet=_outlet(pick(record, "outlet")),
        authors=_authors(pick(record, "authors")),
        published=published,
        published_source="user" if published else "none",
        language=record.get("language") if isinstance(record.get("language"), str) else None,
        metadata={"format": "jsonl", **extra},
    )


def read_jsonl(lines: Iterable[str], source: str) -> Iterator[Article | Skip]:
    """Read JSON Lines; a malformed line is skipped with its line number, the good lines are kept."""
    for lineno, line in enumerate(lines, start=1):
        yield from _read_line(line, lineno, source)


def _read_line(line: str, lineno: int, source: str) -> Iterator[Article | Skip]:
    if not line.strip():
        return
    try:
        record = _loads(line)
    except ValueError as exc:
        yield Skip(source, "malformed_json", f"invalid JSON: {str(exc)[:200]}", line=lineno)
        return
    if not isinstance(record, dict):
        yield Skip(source, "malformed_json", "line is not a JSON object", line=lineno)
        return
    for item in record_to_article(record, f"{source}:{lineno}", f"{source.rsplit('/', 1)[-1]}#{lineno}"):
        if isinstance(item, Skip):
            item.source, item.line = source, lineno
        yield item


def read_json(text: str, source: str) -> Iterator[Article | Skip]:
    """Read a ``.json`` file holding one article object or a list of them (else treat it as JSON Lines)."""
    try:
        data = _loads(text)
    except ValueError as exc:
        if str(exc) == _TOO_DEEP:
            yield Skip(source, "malformed_json", _TOO_DEEP)
            return
        yield from read_jsonl(text.split("\n"), source)
        return
    items = data if isinstance(data, list) else [data]
    name = source.rsplit("/", 1)[-1]
    for i, record in enumerate(items):
        if not isinstance(record, dict):
            yield Skip(source, "malformed_json", f"item {i} is not a JSON object")
            continue
        yield from record_to_article(record, f"{source}[{i}]", f"{name}[{i}]")


_WIDE_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")


def read_jsonl_bytes(data: bytes, source: str) -> Iterator[Article | Skip]:
    """Read JSON Lines from bytes, decoding line by line: a line in another encoding (or with broken
    bytes) is decoded on its own or skipped with its line number; the other lines are kept."""
    if data.startswith(_WIDE_BOMS):  # UTF-16/32 cannot be split on b"\n"
        try:
            text, _ = decode(data)
        except DecodeError as exc:
            yield Skip(source, "undecodable", str(exc))
            return
        yield from read_jsonl(text.split("\n"), source)
        return
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]

    for lineno, raw in enumerate(data.split(b"\n"), start=1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            try:
                line = decode(raw)[0]
            except DecodeError:
                yield Skip(source, "undecodable", "line is not text in UTF-8 or a detected charset", line=lineno)
                continue
        yield from _read_line(line, lineno, source)
