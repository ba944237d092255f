"""What a page says about itself: every title, site name, publisher, author, date and URL it states.

:func:`page_meta` collects them from a parsed page into a :class:`PageMeta`; :mod:`.sitenames` picks the
headline and the outlet from them, :mod:`.bylines` the authors, and :func:`non_article_reason` flags
pages that are not articles (paywall stubs, calendars, listings). All are pure functions of the page.
"""

from __future__ import annotations

import html as html_lib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

__all__ = ["PageMeta", "non_article_reason", "page_meta", "registered_domain"]

_CALENDAR = re.compile(r"\b(?:calend[aá]ri[oa]|calendar|calendrier|kalender|schedule|fixtures|agenda|"
                       r"programa[cç][aã]o)\b", re.I)
_PAYWALL = re.compile(r"\b(?:subscribe|subscribers? only|sign in to|log in to|continue reading|read the full|"
                      r"already a subscriber|register to read)\b", re.I)
_LISTING = re.compile(r"\b(?:classifica[cç][aã]o|standings|results|resultados|tabela|leaderboard|archives?|"
                      r"index|category|categoria|tag)\b", re.I)


@dataclass(slots=True)
class PageMeta:
    """Every name, title and date a page states about itself (see :func:`page_meta`)."""

    og_title: str = ""
    twitter_title: str = ""
    html_title: str = ""
    ld_headline: str = ""
    site_name: str = ""
    ld_publishers: list[str] = field(default_factory=list)
    ld_site_names: list[str] = field(default_factory=list)
    app_name: str = ""
    twitter_site: str = ""
    copyright: str = ""
    meta_author: str = ""
    url: str = ""
    ld_date: str = ""
    ld_authors: list[str] = field(default_factory=list)
    og_type: str = ""
    ld_types: list[str] = field(default_factory=list)
    paywalled: bool = False
    site_headings: list[str] = field(default_factory=list)
    h1: list[str] = field(default_factory=list)
    #: Host most links of the page point to (stands in for the URL of a page saved without one).
    link_host: str = ""
    #: The end of the page's visible text (footers name the publisher: "© 2019 Hawaii News Now").
    footer: str = ""


def _text(value: Any) -> str:
    return " ".join(html_lib.unescape(str(value)).split()) if value else ""


def _ld_items(data: Any, depth: int = 0) -> list[dict[str, Any]]:
    """Flatten JSON-LD (lists, ``@graph``) into its objects, with a depth bound against odd nesting."""
    if depth > 4:
        return []
    if isinstance(data, list):
        return [x for item in data[:50] for x in _ld_items(item, depth + 1)]
    if not isinstance(data, dict):
        return []
    out = [data]
    if isinstance(data.get("@graph"), list):
        out.extend(_ld_items(data["@graph"], depth + 1))
    return out


def _names(value: Any, depth: int = 0) -> list[tuple[str, str]]:
    """``(name, @type)`` pairs of a JSON-LD person/organisation value (string, object or list)."""
    if depth > 3:
        return []
    if isinstance(value, str):
        return [(_text(value), "")]
    if isinstance(value, dict):
        name = value.get("name")
        kind = value.get("@type")
        return [(_text(name), str(kind or ""))] if isinstance(name, str) and name.strip() else []
    if isinstance(value, list):
        return [n for item in value[:20] for n in _names(item, depth + 1)]
    return []


def _is_home_link(href: str | None, host: str) -> bool:
    if href is None:
        return False
    href = href.strip()
    if href in {"/", "./", "#", ""}:
        return True
    parts = urlsplit(href)
    return bool(parts.netloc) and parts.path in {"", "/"} and (not host or parts.netloc.endswith(host))


def page_meta(tree: Any, url: str | None = None) -> PageMeta:
    """Read a page's own statements about itself from a parsed selectolax (lexbor) tree."""
    meta = PageMeta()
    for node in tree.css("meta"):
        attrs = node.attributes
        name = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower().strip()
        content = _text(attrs.get("content"))
        if not content:
            continue
        if name == "og:title" and not meta.og_title:
            meta.og_title = content
        elif name == "twitter:title" and not meta.twitter_title:
            meta.twitter_title = content
        elif name == "og:site_name" and not meta.site_name:
            meta.site_name = content
        elif name == "og:url" and not meta.url:
            meta.url = content
        elif name == "og:type" and not meta.og_type:
            meta.og_type = content.lower()
        elif name == "application-name" and not meta.app_name:
            meta.app_name = content
        elif name == "twitter:site" and not meta.twitter_site:
            meta.twitter_site = content.lstrip("@")
        elif name == "copyright" and not meta.copyright:
            meta.copyright = content
        elif name == "author" and not meta.meta_author:
            meta.meta_author = content
    link = tree.css_first('link[rel="canonical"]')
    if link is not None and link.attributes.get("href") and not meta.url:
        meta.url = str(link.attributes["href"]).strip()
    for script in tree.css('script[type="application/ld+json"]'):
        raw = script.text() or ""
        if len(raw) > 1_000_000:
            continue
        try:
            data: Any = json.loads(raw)
        except (ValueError, RecursionError):
            continue
        for item in _ld_items(data):
            kind = item.get("@type")
            kinds = [str(k) for k in kind] if isinstance(kind, list) else [str(kind or "")]
            meta.ld_types.extend(k for k in kinds if k)
            if any(k in {"WebSite", "Organization", "NewsMediaOrganization"} for k in kinds):
                meta.ld_site_names.extend(n for n, _ in _names(item.get("name")) if n)
            for n, _ in _names(item.get("publisher")):
                if n and n not in meta.ld_publishers:
                    meta.ld_publishers.append(n)
            if isinstance(item.get("headline"), str) and not meta.ld_headline:
                meta.ld_headline = _text(item["headline"])
            if item.get("datePublished") and not meta.ld_date:
                meta.ld_date = str(item["datePublished"])
            if "author" in item and not meta.ld_authors:
                meta.ld_authors = [n for n, k in _names(item["author"]) if n and "Organization" not in k]
            if str(item.get("isAccessibleForFree", "")).lower() == "false":
                meta.paywalled = True
    title = tree.css_first("title")
    if title is not None:
        meta.html_title = _text(title.text())
    meta.link_host = _link_host(tree, meta.html_title)
    body = tree.body
    meta.footer = (body.text(separator=" ") if body is not None else "")[-4000:]
    host = _host(url or meta.url) or meta.link_host
    for h in tree.css("h1")[:10]:
        text = _text(h.text())
        if not text:
            continue
        meta.h1.append(text)
        node, steps = h, 0
        while node is not None and steps < 4:
            tag = node.tag or ""
            ident = f"{node.attributes.get('id') or ''} {node.attributes.get('class') or ''}".lower()
            # The site's logo heading sits in the home link or a logo/masthead box; an article's own
            # <header> is not one.
            if (tag == "a" and _is_home_link(node.attributes.get("href"), host)) or \
                    (any(w in ident for w in ("logo", "masthead", "site-title", "site-header", "branding"))
                     and "article" not in ident):
                meta.site_headings.append(text)
                break
            node, steps = node.parent, steps + 1
    return meta


_NOT_SITE = re.compile(r"(?:^|\.)(?:facebook|twitter|google|googleapis|gstatic|googletagmanager|doubleclick|"
                       r"cloudfront|akamaihd|akamaized|fbcdn|youtube|instagram|linkedin|pinterest|wp|wordpress|"
                       r"gravatar|addthis|sharethis|cloudflare|jquery|bootstrapcdn|amazonaws|w3|schema|ogp|x)\.[a-z.]+$")


def _host(url: str | None) -> str:
    if not url:
        return ""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def _link_host(tree: Any, title: str) -> str:
    """The host most absolute links, images and meta URLs of the page point to (CDNs and social sites aside).

    A host whose name the page title spells wins over a host that is merely linked more often; a host
    linked once and not named in the title is not trusted.
    """
    counts: dict[str, int] = {}
    for node in tree.css("a[href], link[href], img[src], meta[content]")[:3000]:
        attrs = node.attributes
        value = attrs.get("href") or attrs.get("src") or attrs.get("content") or ""
        if not value.startswith(("http://", "https://", "//")):
            continue
        host = _host(value if not value.startswith("//") else "http:" + value)
        if host and not _NOT_SITE.search(host):
            counts[host] = counts.get(host, 0) + 1
    title_sq = _squash(title)

    def score(host: str) -> int:
        label = registered_domain("http://" + host)[0]
        named = len(label) >= 4 and _squash(label) in title_sq
        return counts[host] + (100 if named else 0)

    best = max(counts, key=score, default="")
    return best if best and score(best) >= 3 else ""


@lru_cache(maxsize=4096)
def registered_domain(url: str | None) -> tuple[str, str, str]:
    """``(label, registered domain, host)`` of a URL, e.g. ``("telegraph", "telegraph.co.uk", "www.telegraph.co.uk")``.

    Uses the public-suffix list bundled with ``tld`` (no network); hosts under an unknown suffix
    fall back to the last two labels.
    """
    if not url:
        return "", "", ""
    try:
        host = (urlsplit(url if "//" in url else "//" + url).hostname or "").lower()
    except ValueError:
        return "", "", ""
    if not host:
        return "", "", ""
    fld = ""
    try:
        from tld import get_tld

        res = get_tld("http://" + host, as_object=True, fail_silently=True)
        if res is not None:
            fld = res.fld  # type: ignore[union-attr]
    except Exception:  # tld raises on odd hosts; the fallback below is good enough
        fld = ""
    if not fld:
        parts = host.split(".")
        fld = ".".join(parts[-2:]) if len(parts) >= 2 else host
    return fld.split(".")[0], fld, host


def _squash(text: str) -> str:
    """Lower-case letters and digits only, accents removed ("Condé Nast" → "condenast")."""
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def non_article_reason(text: str, title: str, url: str | None, meta: PageMeta) -> str | None:
    """Why a page is not an article, or ``None``: ``paywall_stub``, ``stub``, ``calendar`` or ``listing``
    (an index, section, tag or standings page).

    Such pages are kept (stored and searchable) but marked, so that later stages can leave them out
    of stories.
    """
    words = len(text.split())
    if words < 80 and (meta.paywalled or _PAYWALL.search(text[-600:])):
        return "paywall_stub"
    if meta.paywalled and words < 150:
        return "paywall_stub"
    if words < 50:  # a short brief (50–80 words) is still news; a page this short is a teaser or stub
        return "stub"
    path = urlsplit(url or meta.url or "").path.lower().rstrip("/")
    last = path.rsplit("/", 1)[-1]
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    # Entries of a list or table: short lines, or table rows ("| 1 | Kyle Busch | 5040 |").
    entries = [ln for ln in lines if len(ln.split()) <= 10 or ln.startswith("|")]
    numeric = [ln for ln in entries if re.search(r"\d", ln)]
    tabular = len(lines) >= 10 and len(entries) / len(lines) >= 0.6 and len(numeric) / len(lines) >= 0.5
    if (_CALENDAR.search(title) or _CALENDAR.search(last)) and tabular:
        return "calendar"
    if (_LISTING.search(title) or _LISTING.search(last)) and tabular:
        return "listing"
    if meta.og_type in {"website", "profile"} and (url or meta.url) and not path:
        return "listing"
    # A section or tag page ("/news/", "/category/politics/"): no article markup, a path without an
    # article slug, and a text that is a list of headlines.
    article_markup = meta.og_type == "article" or any(t.endswith(_ARTICLE_TYPES) for t in meta.ld_types)
    section = bool(path) and path.count("/") <= 2 and not re.search(r"\d", path) and last.count("-") <= 1
    listy = len(lines) >= 8 and len(entries) / len(lines) >= 0.7
    if not article_markup and section and listy:
        return "listing"
    return None


_ARTICLE_TYPES = ("Article", "BlogPosting", "Report", "Review", "ClaimReview")
