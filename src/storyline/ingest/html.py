"""HTML pages: main text through trafilatura; headline, outlet, authors and date from the page's own
metadata (:mod:`.pagemeta`, :mod:`.sitenames`, :mod:`.bylines`); htmldate as the last date fallback.

No code path here fetches anything: trafilatura and htmldate download their input when it is a
string that looks like a URL, so both are given parsed trees, never the raw text.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..model import Article, Skip
from ..text.normalize import repair
from .bylines import clean_authors
from .common import date_from_url, make_article, parse_date
from .pagemeta import PageMeta, non_article_reason, page_meta
from .sitenames import clean_title, outlet_name


def _parse_tree(html: str) -> Any:
    """An lxml tree of the page (never a download: the text is parsed as markup)."""
    from trafilatura.utils import load_html

    if html.lstrip()[:4].lower() == "http" and " " not in html.strip():
        # htmldate/trafilatura helpers treat such a string as a URL; it is text here.
        html = f"<html><body><p>{html}</p></body></html>"
    return load_html(html)


def _page_meta(html: str, url: str | None) -> PageMeta:
    from selectolax.lexbor import LexborHTMLParser

    try:
        return page_meta(LexborHTMLParser(html), url)
    except Exception:  # noqa: BLE001 - odd markup costs the page's metadata, never its text
        return PageMeta()


def read_html(
    html: str,
    source: str,
    key: str,
    url: str | None = None,
) -> Iterator[Article | Skip]:
    """Extract one article from an HTML page.

    Args:
        html: the decoded page.
        source: shown to users (path or WARC record).
        key: identity of the record for the content-hash id.
        url: the page URL when known (WARC target, feed link).
    """
    import trafilatura

    try:
        tree = _parse_tree(html)
        doc = None if tree is None else trafilatura.bare_extraction(
            tree, url=url, with_metadata=True, include_comments=False)
    except (RecursionError, MemoryError) as exc:
        yield Skip(source, "no_main_text", f"HTML could not be parsed: {type(exc).__name__}")
        return
    except Exception as exc:  # trafilatura raises assorted lxml errors on broken markup
        yield Skip(source, "no_main_text", f"HTML could not be parsed: {exc}")
        return
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if len(text.split()) < 8:  # a menu label or a copyright line is not an article
        yield Skip(source, "no_main_text", "no main text found in the HTML page")
        return
    meta = _page_meta(html, url)
    page_url = url or meta.url or getattr(doc, "url", None)
    title = clean_title((getattr(doc, "title", None) or "").strip(), meta, page_url)
    text = repair(text)
    first, _, rest = text.partition("\n")
    if title and first.strip() == title and rest.strip():
        text = rest  # trafilatura repeats the <h1> headline as the first line
    published = parse_date(getattr(doc, "date", None)) if getattr(doc, "date", None) else None
    date_source = "html-meta" if published else "none"
    if published is None and meta.ld_date:
        published, date_source = parse_date(meta.ld_date), "html-meta"
    in_url = date_from_url(page_url)
    if in_url is not None and (published is None or abs((published - in_url).days) > 1):
        # A date in the URL path is set once, at publication; page dates can be "updated" dates or
        # picked from the text.
        published, date_source = in_url, "html-meta"
    if published is None:
        published, date_source = _htmldate_fallback(html, url), "text"
    outlet = outlet_name(meta, getattr(doc, "sitename", None), page_url, text)
    author = getattr(doc, "author", None)
    authors = clean_authors([author] if author else [], meta, outlet, page_url)
    metadata: dict[str, Any] = {"format": "html"}
    reason = non_article_reason(text, title, page_url, meta)
    if reason:
        metadata["non_article"] = reason
    yield make_article(
        source=source,
        key=key,
        text=text,
        title=title,
        url=page_url,
        outlet=outlet or None,
        authors=authors,
        published=published,
        published_source=date_source if published else "none",
        language=getattr(doc, "language", None),
        metadata=metadata,
        repaired=True,
    )


def _htmldate_fallback(html: str, url: str | None) -> Any:
    try:
        from htmldate import find_date

        tree = _parse_tree(html)  # a tree, never the text: htmldate downloads text that looks like a URL
        if tree is None:
            return None
        found = find_date(tree, url=url, extensive_search=True, original_date=True)
    except Exception:  # htmldate is a best-effort fallback; never let it stop a run
        return None
    return parse_date(found) if found else None
