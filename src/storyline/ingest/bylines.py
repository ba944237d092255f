"""Bylines: authors split only at real separators, without credentials, job titles and publishers."""

from __future__ import annotations

import re

from ..text.lexicon import DAY_AND_MONTH_NAMES as _DAYS_MONTHS
from .pagemeta import PageMeta, _squash, _text, registered_domain
from .sitenames import matches_domain

__all__ = ["clean_authors"]

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
        parts = re.split(r"\s*;\s*|\s*,\s*|\s+and\s+|\s*&\s*|\s*\|\s*", _text(entry))
        for k, part in enumerate(parts):
            name = _LEAD.sub("", part.strip()).strip(" .,-")
            name = re.split(r"\s+is\s+an?\s+", name, maxsplit=1)[0]
            name = _DATE_WORDS.sub("", name).strip(" .,-")
            name = _cut_tail(name, org_names)
            # "MS", "RDN" after a name are credentials; "PTI" or "AFP" alone is a wire credit.
            if not name or (k > 0 and _CREDENTIAL.match(name)) or len(name) > 60:
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
            if matches_domain(name, label, fld) and (len(words) == 1 or _ORG_WORD.search(name)):
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


