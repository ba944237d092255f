"""RSS and Atom feeds through feedparser: one article per entry (content, else summary)."""

from __future__ import annotations

import datetime as dt
import html as html_lib
import io
from collections.abc import Iterator
from typing import Any

from ..model import Article, Skip
from .common import make_article

_BLOCKS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section", "article")


def html_fragment_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment, with block elements as paragraph breaks.

    Feed entries carry short fragments for which trafilatura's boilerplate removal is both too slow
    and too eager (it may drop a one-paragraph summary), so a plain tree walk is used.
    """
    if "<" not in fragment:
        return html_lib.unescape(fragment) if "&" in fragment else fragment
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(f"<div>{fragment}</div>")
    for tag in ("script", "style"):
        for node in tree.css(tag):
            node.decompose()
    for tag in _BLOCKS:
        for node in tree.css(tag):
            node.insert_before("\n\n")
    body = tree.body
    return (body.text(separator="") if body is not None else "").strip()


def _entry_text(entry: Any) -> str:
    contents = entry.get("content") or []
    best = max((c.get("value", "") for c in contents), key=len, default="")
    summary = entry.get("summary", "") or ""
    raw = best if len(best) >= len(summary) else summary
    return html_fragment_to_text(raw)


def _entry_date(entry: Any) -> dt.date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            try:
                return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
            except (ValueError, TypeError):
                continue
    return None


def read_feed(data: bytes, source: str) -> Iterator[Article | Skip]:
    """Read an RSS/Atom document; entries without text are skipped with a reason."""
    import feedparser

    # A stream, never the bytes themselves: feedparser.parse opens a bytes/str argument as a file name
    # (or downloads it when it looks like a URL) before it treats it as the feed.
    parsed = feedparser.parse(io.BytesIO(data))
    if parsed.get("bozo") and not parsed.entries:
        yield Skip(source, "bad_feed", f"feed could not be parsed: {parsed.get('bozo_exception')}")
        return
    if not parsed.entries:
        # A feed with no entries (or an XML file that is not a feed) must leave a trace.
        kind = "feed has no entries" if parsed.get("version") else "not an RSS/Atom feed (no entries found)"
        yield Skip(source, "no_articles", kind)
        return
    outlet = (parsed.feed.get("title") or "").strip() or None
    name = source.rsplit("/", 1)[-1]
    for i, entry in enumerate(parsed.entries):
        where = f"{source}#entry{i + 1}"
        text = _entry_text(entry)
        if not text.strip():
            yield Skip(where, "empty", "feed entry has neither content nor summary")
            continue
        published = _entry_date(entry)
        guid = entry.get("id") or entry.get("link")
        authors = [a.get("name", "") for a in entry.get("authors", []) if a.get("name")]
        yield make_article(
            source=where,
            key=f"{name}#{guid or i}",
            id_hint=None,
            text=text,
            title=(entry.get("title") or "").strip(),
            url=entry.get("link"),
            outlet=outlet,
            authors=authors,
            published=published,
            published_source="feed" if published else "none",
            metadata={"format": "feed", "guid": guid} if guid else {"format": "feed"},
        )
