"""HTML pages: main text and metadata through trafilatura; htmldate and page metadata as fallbacks.

trafilatura gets title, author and date right on most pages but often leaves the site name empty, so
the outlet is read from ``og:site_name``, then JSON-LD ``publisher.name``, then the URL host.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from ..model import Article, Skip
from ..text import repair
from .common import make_article, outlet_from_url, parse_date


def _page_meta(html: str) -> dict[str, str]:
    """``og:site_name``, canonical URL, JSON-LD publisher/date and ``<title>`` read with selectolax."""
    from selectolax.lexbor import LexborHTMLParser

    out: dict[str, str] = {}
    tree = LexborHTMLParser(html)
    for node in tree.css("meta"):
        attrs = node.attributes
        name = (attrs.get("property") or attrs.get("name") or "").lower()
        content = attrs.get("content")
        if not content:
            continue
        if name == "og:site_name" and "site_name" not in out:
            out["site_name"] = content.strip()
        elif name == "og:url" and "url" not in out:
            out["url"] = content.strip()
        elif name in {"application-name", "twitter:site"} and "app_name" not in out:
            out["app_name"] = content.strip().lstrip("@")
    link = tree.css_first('link[rel="canonical"]')
    if link is not None and link.attributes.get("href") and "url" not in out:
        out["url"] = str(link.attributes["href"])
    for script in tree.css('script[type="application/ld+json"]'):
        try:
            data: Any = json.loads(script.text() or "")
        except ValueError:
            continue
        for item in data if isinstance(data, list) else [data]:
            if not isinstance(item, dict):
                continue
            pub = item.get("publisher")
            if isinstance(pub, dict) and pub.get("name") and "ld_publisher" not in out:
                out["ld_publisher"] = str(pub["name"])
            if item.get("datePublished") and "ld_date" not in out:
                out["ld_date"] = str(item["datePublished"])
    title = tree.css_first("title")
    if title is not None:
        out["html_title"] = title.text(strip=True)
    return out


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
        doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    except Exception as exc:  # trafilatura raises assorted lxml errors on broken markup
        yield Skip(source, "no_main_text", f"HTML could not be parsed: {exc}")
        return
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if len(text.split()) < 8:  # a menu label or a copyright line is not an article
        yield Skip(source, "no_main_text", "no main text found in the HTML page")
        return
    meta = _page_meta(html)
    title = (getattr(doc, "title", None) or meta.get("html_title") or "").strip()
    text = repair(text)
    first, _, rest = text.partition("\n")
    if title and first.strip() == title and rest.strip():
        text = rest  # trafilatura repeats the <h1> headline as the first line
    published = parse_date(getattr(doc, "date", None)) if getattr(doc, "date", None) else None
    date_source = "html-meta" if published else "none"
    if published is None and meta.get("ld_date"):
        published, date_source = parse_date(meta["ld_date"]), "html-meta"
    if published is None:
        published, date_source = _htmldate_fallback(html, url), "text"
    page_url = url or meta.get("url") or getattr(doc, "url", None)
    outlet = (
        (getattr(doc, "sitename", None) or "").strip()
        or meta.get("site_name")
        or meta.get("ld_publisher")
        or outlet_from_url(page_url)
    )
    author = getattr(doc, "author", None)
    authors = [a.strip() for a in author.split(";") if a.strip()] if author else []
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
        metadata={"format": "html"},
        repaired=True,
    )


def _htmldate_fallback(html: str, url: str | None) -> Any:
    try:
        from htmldate import find_date

        found = find_date(html, url=url, extensive_search=True, original_date=True)
    except Exception:  # htmldate is a best-effort fallback; never let it stop a run
        return None
    return parse_date(found) if found else None
