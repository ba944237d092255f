"""Page metadata a reader can be shown: headline, publisher name, authors, and non-article pages.

Pages name things in many places that disagree: ``<title>`` carries the site name ("Headline - IGN"),
``og:site_name`` is sometimes a URL or a tagline, a single ``<h1>`` may be the site's logo heading,
``<meta name="author">`` may be the publishing house. The functions here collect every candidate
(:func:`page_meta`) and pick, with general rules, what a reader would call the headline
(:func:`clean_title`), the outlet (:func:`outlet_name`) and the authors (:func:`clean_authors`), and
flag pages that are not articles (:func:`non_article_reason`). All are pure functions of the page.
"""

from __future__ import annotations

import html as html_lib
import json
import os
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

__all__ = [
    "PageMeta", "clean_authors", "clean_title", "non_article_reason", "outlet_name", "page_meta",
    "registered_domain",
]

#: Hosts whose registered domain does not say who publishes them (a small list; the general rule
#: in :func:`outlet_name` names every other site).
KNOWN_HOSTS: dict[str, str] = {
    "hosted.ap.org": "AP",
    "apnews.com": "AP",
    "ap.org": "AP",
    "reuters.com": "Reuters",
    "bbc.co.uk": "BBC",
    "bbc.com": "BBC",
}
#: Publisher names that are platforms, not publishers.
_GENERIC_PUBLISHERS = {"blogger", "wordpress", "medium", "tumblr", "wix", "squarespace", "ghost"}
#: Site-name separators inside a ``<title>``: a pipe, dash or bullet with spaces around it.
_SEPARATOR = re.compile(r"\s+[|\-–—·•»:/]{1,2}\s+|\s*\|\s*|\s*::\s*|:\s+")
_CREDENTIAL = re.compile(
    r"^(?:[A-Z]{2,6}|[A-Z]\.(?:[A-Z]\.){1,4}|Ph\.?\s?D\.?|M\.?D\.?|Jr\.?|Sr\.?|Esq\.?|"
    r"M\.?S\.?|R\.?D\.?N?|B\.?S\.?c?|M\.?Sc|MBA|CPT|CSCS|NASM-CPT|MPH|RN|LD|CDN|CDE|ACE-CPT)$"
)
_JOB = re.compile(r"\b(?:writer|editors?|editorial|reporter|correspondent|columnist|contributor|staff|editor-at-large|"
                  r"bureau|desk|team|wire services?)\b", re.I)
_DATE_WORDS = re.compile(r"(?:\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|"
                         r"march|april|may|june|july|august|september|october|november|december|published|"
                         r"updated|posted))+\s*$", re.I)
_WIRE_TAIL = re.compile(r"(?<=\S)\s+(?:associated press|the associated press|reuters|afp|ap|cnn|bloomberg|"
                        r"for\s+\S+)$", re.I)
_LEAD = re.compile(r"^(?:(?:analysis|opinion|commentary|review|text|photos?|words|story)\s+)?by\s+|^текст\s+", re.I)
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


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def _matches_domain(name: str, label: str, fld: str) -> bool:
    """Whether a name is the site's own name judged by its registered domain (WSJ ↔ wsj.com,
    "Connecticut Post" ↔ ctpost.com, "The Anti-June Cleaver" ↔ theantijunecleaver.com)."""
    sq = _squash(name)
    if not sq or not label:
        return False
    lab = _squash(label)
    if sq in {lab, _squash(fld)}:
        return True
    if len(lab) >= 3 and sq.startswith(lab) and len(sq) - len(lab) <= 10 and len(name.split()) <= 4:
        return True
    common = len(os.path.commonprefix([sq, lab]))
    if 6 <= common < len(lab) and common >= 0.6 * len(lab) and len(name.split()) <= 3:
        return True
    if sq in {"the" + lab, "my" + lab} or (lab.startswith(("the", "my")) and sq == lab[2 + lab.startswith("the"):]):
        return True
    if len(sq) >= 4 and sq in lab and len(sq) >= len(lab) / 2:
        return True
    words = [w for w in re.split(r"[\W_]+", unicodedata.normalize("NFKD", name)) if w]
    initials = "".join(w[0].casefold() for w in words)
    if len(lab) >= 2 and initials in {lab, lab + "s"}:
        return True
    # An abbreviated domain (ctpost ↔ "Connecticut Post"): its letters in order, from the first letter.
    return (len(lab) >= 3 and lab[0] == sq[0] and not sq.startswith(lab) and len(name.split()) <= 4
            and _subsequence(lab, sq) and len(sq) <= 4 * len(lab))


def _site_like(part: str, names: list[str], label: str, fld: str) -> bool:
    sq = _squash(part)
    if not sq:
        return False
    if any(sq == _squash(n) for n in names if n):
        return True
    return _matches_domain(part, label, fld) and len(part.split()) <= 6


def _affix_names(meta: PageMeta) -> list[str]:
    names = [meta.site_name, meta.app_name, meta.twitter_site, *meta.ld_publishers, *meta.ld_site_names]
    return [n for n in names if n]


def strip_site_affix(title: str, names: list[str], label: str, fld: str) -> tuple[str, str]:
    """Remove a leading or trailing site name from a title; returns ``(title, removed site name)``."""
    title = title.strip()
    seps = list(_SEPARATOR.finditer(title))
    # Trailing: the longest tail that is a site name ("Headline - Remember 80/90 - Memorabilia anni 80/90").
    for m in seps:
        tail = title[m.end():].strip()
        head = title[:m.start()].strip()
        if head and len(_squash(head)) >= 3 and m.group().strip() != ":" and _site_like(tail, names, label, fld):
            return head, tail
    for m in reversed(seps):
        head = title[:m.start()].strip()
        tail = title[m.end():].strip()
        if not tail or len(_squash(tail)) < 3:
            continue
        exact = any(_squash(head) == _squash(n) for n in names if n) or _squash(head) == _squash(label)
        if exact or (m.group().strip() != ":" and _site_like(head, names, label, fld)):
            return tail, head
    return title, ""


def _short_tail(title: str) -> str:
    """``title`` without a short trailing segment ("Headline - Entermedia", "Headline | Editorial")."""
    seps = [m for m in _SEPARATOR.finditer(title) if m.group().strip() in {"|", "-", "–", "—", "·", "::", "»"}]
    if seps:
        m = seps[-1]
        head, tail = title[:m.start()].strip(), title[m.end():].strip()
        if len(tail.split()) <= 3 and len(head.split()) >= 4:
            return head
    return title


def clean_title(extracted: str, meta: PageMeta, url: str | None) -> str:
    """The headline a reader would be shown: no site-name prefix/suffix, never the site's logo heading.

    Candidates in order: the extractor's title, ``og:title``, JSON-LD ``headline``, ``twitter:title``,
    then ``<title>`` (whose short trailing segment is taken for the site name). A candidate that is the
    site's name or a header ``<h1>`` (inside the home link or the page header) is passed over; a
    trailing part is cut when another candidate confirms the shorter headline ("Headline - Auto News"
    when the JSON-LD headline is just "Headline").
    """
    label, fld, _ = registered_domain(url or meta.url or meta.link_host)
    names = _affix_names(meta)
    # A heading the page's own og:title / JSON-LD headline repeats is the article's, not the site's.
    headings = {_squash(h) for h in meta.site_headings} - {_squash(meta.og_title), _squash(meta.ld_headline)}
    for cand in (meta.html_title, meta.og_title):
        _, site = strip_site_affix(cand, names, label, fld)
        if site:
            names.append(site)
    candidates = [(extracted, False), (meta.og_title, False), (meta.ld_headline, False),
                  (meta.twitter_title, False), (meta.html_title, True)]
    chosen = ""
    for cand, is_html_title in candidates:
        cand = _text(cand)
        if not cand:
            continue
        stripped, site = strip_site_affix(cand, names, label, fld)
        if is_html_title and not site:
            stripped = _short_tail(stripped)
        sq = _squash(stripped)
        if not sq or sq in headings or _site_like(stripped, names, label, fld):
            continue
        chosen = stripped
        break
    if not chosen:
        return _text(extracted)
    # Another source confirms a shorter headline: cut the trailing section or tagline.
    others = {_squash(c) for c in (meta.ld_headline, meta.og_title, extracted, *meta.h1[:3]) if c}
    for m in _SEPARATOR.finditer(chosen):
        head = chosen[:m.start()].strip()
        if len(head.split()) >= 3 and _squash(head) in others:
            return head
    return chosen


def _clean_site_name(name: str, label: str, fld: str) -> str:
    """A site name without its tagline ("LinkNaija | Nigeria's popular news platform" → "LinkNaija"),
    or "" when it is a URL."""
    name = _text(name)
    if not name:
        return ""
    if re.match(r"^(?:https?:)?//|^www\.", name, re.I):
        return ""
    parts = [p.strip() for p in re.split(r"\s+[|\-–—:]\s+|\s*\|\s*", name) if p.strip()]
    if len(parts) > 1:
        for p in parts:
            if _matches_domain(p, label, fld):
                return p
        return parts[0]
    return name


def _phrase_in_page(text: str, label: str) -> str:
    """A capitalised phrase in ``text`` that spells the domain label ("Hawaii News Now" ↔ hawaiinewsnow)."""
    if len(label) < 5 or not text:
        return ""
    folded = "".join(unicodedata.normalize("NFKD", ch)[:1] or ch for ch in text)
    cores = [label] + [label[: -len(suffix)] for suffix in _DOMAIN_SUFFIXES
                       if label.endswith(suffix) and len(label) - len(suffix) >= 5]
    for core in cores:
        pattern = r"(?<![\w])" + r"[\s\-.']?".join(re.escape(ch) for ch in core) + r"(?![\w])"
        found = [text[m.start():m.end()] for m in re.finditer(pattern, folded, re.I)]
        found = [p for p in found if p[:1].isupper() and p.lower() != p]
        if found:
            return max(found, key=lambda p: (p.count(" "), -found.index(p)))
    return ""


#: Endings a domain adds to a publisher's name (practicalhorsemanmag.com is "Practical Horseman").
_DOMAIN_SUFFIXES = ("mag", "magazine", "online", "news", "daily", "web", "blog", "hq", "tv")


def outlet_name(meta: PageMeta, extracted_site: str | None, url: str | None, page_text: str = "") -> str | None:
    """The publisher's name a reader knows.

    Rule: among JSON-LD publisher, ``og:site_name``, the site name in the title, JSON-LD WebSite name,
    ``application-name`` and the extractor's site name, the first that is the site's own name judged by
    its registered domain; else a phrase of the page that spells the domain; else the first readable
    candidate; else the registered domain itself (``nj.com``). A few hosts whose domain does not say
    who publishes them are named from :data:`KNOWN_HOSTS`.
    """
    label, fld, host = registered_domain(url or meta.url or meta.link_host)
    for key in (host, host[4:] if host.startswith("www.") else host, fld):
        if key and key in KNOWN_HOSTS:
            return KNOWN_HOSTS[key]
    title_site = ""
    for cand in (meta.html_title, meta.og_title):
        _, site = strip_site_affix(cand, _affix_names(meta), label, fld)
        if site:
            title_site = site
            break
    raw = [meta.site_name, *meta.ld_publishers, title_site, *meta.ld_site_names, meta.app_name]
    extracted = (extracted_site or "").strip()
    guessed = _squash(extracted) == _squash(label) and extracted == extracted.capitalize()  # "Nj" from nj.com
    if extracted and not guessed and "_" not in extracted and _squash(extracted) != _squash(meta.twitter_site):
        raw.append(extracted)  # trafilatura's guess; last, and only when it is not the Twitter handle
    named = {_squash(r) for r in raw[:-1] if r} if extracted else {_squash(r) for r in raw if r}
    cands: list[str] = []
    for r in raw:
        c = _clean_site_name(r, label, fld)
        if c and _squash(c) not in _GENERIC_PUBLISHERS and len(c) <= 80 and c not in cands:
            cands.append(c)
    bare = False
    for c in cands:
        if _matches_domain(c, label, fld):
            if _squash(c) in {_squash(label), _squash(fld)} and c == c.lower():
                bare = True  # a bare lower-case label ("nj", "cleveland") reads better as the domain
                continue
            return c
    if bare:
        return fld
    if label:
        where = " ".join([meta.html_title, meta.copyright, meta.meta_author, *meta.site_headings, meta.footer,
                          page_text[-3000:]])
        phrase = _phrase_in_page(where, label)
        if phrase:
            return phrase
    cands = [c for c in cands if _squash(c) in named]
    if cands and len(cands[0].split()) <= 6 and not re.search(r"copyright|©|\d{4}", cands[0], re.I):
        return cands[0]
    return fld or None


def clean_authors(raw: list[str], meta: PageMeta, outlet: str | None, url: str | None = None) -> list[str]:
    """Authors split only at real separators, without credentials, job titles and publishers.

    JSON-LD ``Person`` authors are preferred when the page gives them. Names equal to the publisher,
    the site or the copyright holder ("Condé Nast" on a Wired page) are not authors, nor are desks
    named after the site ("CNN Business", "Telegraph Sport"); credentials after a comma ("Ilana
    Muhlstein, MS, RDN") stay with nobody; a trailing outlet or wire name is cut ("Eric Tucker
    Associated Press", "Jane Roe Sputnik International").
    """
    people = [a for a in meta.ld_authors if " " in a.strip() and not a.islower()]
    source = people or raw
    org_names = [n for n in (*meta.ld_publishers, meta.site_name, outlet or "", *meta.ld_site_names) if n]
    orgs = {_squash(n) for n in org_names}
    copyright_sq = _squash(meta.copyright)
    label, fld, _ = registered_domain(url or meta.url or meta.link_host)
    out: list[str] = []
    for entry in source:
        for part in re.split(r"\s*;\s*|\s*,\s*|\s+and\s+|\s*&\s*|\s*\|\s*", _text(entry)):
            name = _LEAD.sub("", part.strip()).strip(" .,-")
            name = re.split(r"\s+is\s+an?\s+", name, maxsplit=1)[0]
            name = _DATE_WORDS.sub("", name).strip(" .,-")
            name = _cut_tail(name, org_names)
            if not name or _CREDENTIAL.match(name) or len(name) > 60:
                continue
            sq = _squash(name)
            if not sq or sq in orgs or (len(sq) >= 4 and sq in copyright_sq) or _JOB.search(name):
                continue
            if sq in _DAYS_MONTHS or "admin" in sq:
                continue
            words = name.split()
            lower = [w for w in words if w[:1].islower() and w.lower() not in _NAME_PARTICLES]
            if len(lower) >= 2:  # "Syrian defense ministries": a phrase, not a name
                continue
            if _matches_domain(name, label, fld) and (len(words) == 1 or _ORG_WORD.search(name)):
                continue  # the site itself or one of its desks ("Beachbody", "CNN Business")
            if name.isupper() and len(name) > 3:
                name = name.title()
            if name not in out:
                out.append(name)
    return out


_NAME_PARTICLES = {"van", "von", "de", "da", "del", "der", "di", "du", "dos", "das", "le", "la", "bin", "al", "el",
                   "ten", "ter", "y", "e"}
_ORG_WORD = re.compile(r"\b(?:news|media|press|post|times|magazine|business|sports?|international|weekly|daily|"
                       r"online|network|group|tv|radio|politics|world|entertainment)\b", re.I)


def _cut_tail(name: str, org_names: list[str]) -> str:
    """``name`` without a trailing wire or outlet name, when a name of two or more words remains."""
    cut = _WIRE_TAIL.sub("", name).strip(" .,-")
    for org in org_names:
        if len(org) >= 3 and cut.lower().endswith(" " + org.lower()):
            cut = cut[: len(cut) - len(org)].strip(" .,-")
    words = cut.split()
    if cut == name or (len(words) >= 2 and words[-1].lower() not in _NAME_PARTICLES | {"of", "for", "do", "at"}):
        return cut
    return name


_DAYS_MONTHS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
                "february", "march", "april", "may", "june", "july", "august", "september", "october",
                "november", "december"}


def non_article_reason(text: str, title: str, url: str | None, meta: PageMeta) -> str | None:
    """Why a page is not an article, or ``None``: ``paywall_stub``, ``stub``, ``calendar`` or ``listing``.

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
    return None
