"""Headline and outlet: site names told apart from headlines, judged against the registered domain.

A page's ``<title>`` carries the site name ("Headline - IGN"), ``og:site_name`` may be a URL or a
tagline, a single ``<h1>`` may be the site's logo heading. :func:`clean_title` and :func:`outlet_name`
choose among the candidates :func:`~storyline.ingest.pagemeta.page_meta` collected, by general rules
(a name is the site's own when it spells the registered domain: WSJ ↔ wsj.com, "Connecticut Post" ↔
ctpost.com); a few hosts whose domain does not name the publisher are listed in :data:`KNOWN_HOSTS`.
"""

from __future__ import annotations

import os
import re
import unicodedata

from .pagemeta import PageMeta, _squash, _text, registered_domain

__all__ = ["KNOWN_HOSTS", "clean_title", "matches_domain", "outlet_name", "strip_site_affix"]

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


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def matches_domain(name: str, label: str, fld: str) -> bool:
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
    return matches_domain(part, label, fld) and len(part.split()) <= 6


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
            if matches_domain(p, label, fld):
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
        if matches_domain(c, label, fld):
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
