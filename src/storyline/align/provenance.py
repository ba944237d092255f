"""Provenance: which article derives from which, the likely original, and independence groups.

A reuse alignment says two articles share text; provenance says which way it flowed. Evidence, each
a vote with a weight (positive = ``a`` is the source):

* **explicit credit** (strongest): the derived article names the other's outlet — "according to
  People", "(Coastline Wire)", "— Reuters", "LONDON (Reuters) -" — where the name matches the other
  article's outlet, or the name that outlet uses for itself ("told PEOPLE"). Image credits such as
  "(IMAGE: AP)" are not text credits.
* **earlier publication**, weighted by both dates' ``published_confidence`` (a date read from the page
  metadata is trusted more than one guessed from the text); same-day dates do not vote.
* **containment**: the original has the extra material; the copy is the more covered side.
* **spin**: a spun text is derived from its unspun counterpart.

:func:`derive` turns a story's alignments into :class:`Derivation` edges with reasons and a
confidence, picks the likely original, and groups articles joined by derivation (or duplicates) into
*independence groups* — for corroboration, a group counts as one source.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from ..model import Article

if TYPE_CHECKING:
    from .passages import Alignment

__all__ = ["Credit", "Derivation", "Provenance", "credits", "derive", "pair_direction", "self_names"]

_NAME = r"((?:[A-Z][\w&'’.-]*|of|and|the|de)(?:\s+(?:[A-Z][\w&'’.-]*|of|and|de))*)"
_CREDIT_PATTERNS = [
    re.compile(r"\b(?:[Aa]ccording to|[Aa]s reported by|[Rr]eported by|[Ff]irst reported by|[Vv]ia|"
               r"[Aa] report (?:by|in|from))\s+(?:the\s+|a\s+report\s+(?:by|in)\s+(?:the\s+)?)?" + _NAME),
    re.compile(r"(?m)^\s*\(([A-Z][\w .&'’-]{1,40})\)\s*$"),            # "(Coastline Wire)" on its own line
    re.compile(r"(?m)^\s*[-–—]\s*([A-Z][\w .&'’-]{1,40}?)\s*$"),        # "— Reuters" closing line
    re.compile(r"\(([A-Z][\w .&'’-]{1,30})\)\s*[-–—]"),                 # "LONDON (Reuters) -" dateline
]
_IMAGE_CREDIT = re.compile(r"^(?:image|photo|picture|pic|photograph|video|credit|file|getty)\b", re.I)
_SELF = re.compile(r"\b(?:told|tells|spoke to|speaking to|confirmed to|said to)\s+([A-Z]{3,}(?:\s+[A-Z]{2,})*)\b")
_GENERIC = frozenset({"news", "online", "post", "times", "daily", "wire", "the", "press", "media", "magazine",
                      "journal", "herald", "network", "radio", "tv", "newspaper", "paper"})
_ALIASES = {"ap": "associated press", "afp": "agence france-presse", "pa": "press association",
            "upi": "united press international"}


def _norm_name(name: str) -> str:
    n = re.sub(r"[^\w\s-]", "", name.casefold()).strip()
    n = re.sub(r"^the\s+", "", n)
    n = re.sub(r"\s+", " ", n)
    return _ALIASES.get(n, n)


@dataclass(frozen=True, slots=True)
class Credit:
    """A credit line or attribution to another outlet found in an article."""

    name: str
    span: tuple[int, int]
    text: str


def credits(article: Article) -> list[Credit]:
    """Outlet credits in an article's text ("according to X", "(X)", "— X", "CITY (X) -")."""
    return list(_credits(article.text))


@lru_cache(maxsize=4096)
def _credits(text: str) -> tuple[Credit, ...]:
    out: list[Credit] = []
    for pat in _CREDIT_PATTERNS:
        for m in pat.finditer(text):
            name = m.group(1).strip(" .")
            if not name or _IMAGE_CREDIT.match(name) or ":" in m.group(0):
                continue
            out.append(Credit(name, (m.start(), m.end()), m.group(0).strip()))
    return tuple(out)


def self_names(article: Article) -> set[str]:
    """Names an article's outlet goes by: the outlet field and house-style self-references ("told PEOPLE")."""
    return set(_self_names(article.outlet, article.text))


@lru_cache(maxsize=4096)
def _self_names(outlet: str | None, text: str) -> frozenset[str]:
    names = {_norm_name(outlet)} if outlet else set()
    names |= {_norm_name(m.group(1)) for m in _SELF.finditer(text)}
    return frozenset(n for n in names if n)


def _matches(credit: str, names: set[str]) -> bool:
    c = _norm_name(credit)
    for n in names:
        if c == n:
            return True
        cw, nw = c.split(), n.split()
        # "the Gazette" credits "Velmouth Gazette": a distinctive last word of the outlet name.
        if len(cw) < len(nw) and nw[-len(cw):] == cw and any(w not in _GENERIC for w in cw):
            return True
    return False


def credit_of(derived: Article, source: Article) -> Credit | None:
    """The credit in ``derived`` naming ``source``'s outlet, if there is one."""
    names = self_names(source)
    if not names:
        return None
    for c in credits(derived):
        if _matches(c.name, names):
            return c
    return None


_WIRE = re.compile(r"\b(?:wire|associated press|reuters|agence france|afp|press association|ap|upi|dpa|"
                   r"bloomberg news|newswire)\b", re.I)


def _is_wire(article: Article) -> bool:
    return bool(article.outlet and _WIRE.search(article.outlet))


def pair_direction(a: Article, b: Article, coverage_a: float, coverage_b: float, spun_side: str | None
                   ) -> tuple[Article, Article, float, list[str]]:
    """Orient a reuse pair: ``(source, target, confidence, reasons)``.

    Args:
        a: one article.
        b: the other.
        coverage_a: share of ``a``'s unquoted words found in ``b`` (the more covered side is the copy).
        coverage_b: the same for ``b``.
        spun_side: ``"a"`` or ``"b"`` when one side is spun text.
    """
    votes: list[tuple[float, str]] = []
    if a.id in (b.duplicate_of, b.near_duplicate_of) or b.id in (a.duplicate_of, a.near_duplicate_of):
        first = a if a.id in (b.duplicate_of, b.near_duplicate_of) else b
        votes.append((3.0 if first is a else -3.0, f"the duplicate stage keeps {first.id} as the earliest copy"))
    cb, ca = credit_of(b, a), credit_of(a, b)
    if cb and not ca:
        votes.append((3.0, f"{b.id} credits {a.outlet or cb.name} ({cb.text!r})"))
    elif ca and not cb:
        votes.append((-3.0, f"{a.id} credits {b.outlet or ca.name} ({ca.text!r})"))
    if a.published and b.published and a.published != b.published:
        w = 1.5 * min(a.published_confidence, b.published_confidence)
        if w > 0:
            first, later = (a, b) if a.published < b.published else (b, a)
            votes.append((w if first is a else -w, f"{first.id} published earlier ({first.published} vs "
                                                  f"{later.published}, date trust {w / 1.5:.2f})"))
    diff = coverage_b - coverage_a
    if abs(diff) >= 0.1:
        derived = b if diff > 0 else a
        hi, lo = max(coverage_a, coverage_b), min(coverage_a, coverage_b)
        votes.append((2.0 * diff, f"{derived.id} is the more covered side ({hi:.0%} vs {lo:.0%} of unquoted "
                                  "words): the other has extra material"))
    wa, wb = _is_wire(a), _is_wire(b)
    if wa != wb:
        # Agencies syndicate their copy: between a wire story and a paper's copy, the wire came first.
        votes.append((0.5 if wa else -0.5, f"{(a if wa else b).id} is a wire agency story"))
    if spun_side in ("a", "b"):
        votes.append((2.0 if spun_side == "b" else -2.0, f"{b.id if spun_side == 'b' else a.id} is spun text"))
    s = sum(v for v, _ in votes)
    if s == 0:
        # No evidence either way: the longer text is more likely the fuller original.
        la, lb = len(a.text), len(b.text)
        s = 0.01 if (la, b.id) >= (lb, a.id) else -0.01
        votes.append((s, "no direction evidence; the longer article is taken as the source"))
    src, tgt = (a, b) if s > 0 else (b, a)
    reasons = [r for v, r in votes if (v > 0) == (s > 0)] + [f"against: {r}" for v, r in votes if (v > 0) != (s > 0)]
    return src, tgt, 1.0 / (1.0 + math.exp(-abs(s))), reasons


@dataclass(slots=True)
class Derivation:
    """A directed derivation edge: ``target`` reuses ``source``."""

    source: str
    target: str
    confidence: float
    reasons: list[str] = field(default_factory=list)
    kind: str = ""


@dataclass(slots=True)
class Provenance:
    """Derivation edges of one story, its likely original and independence groups."""

    edges: list[Derivation]
    original: str | None
    groups: dict[str, str]
    spun: dict[str, list[str]] = field(default_factory=dict)

    def independent_sources(self, article_ids: Sequence[str]) -> int:
        """How many independent sources the given articles amount to."""
        return len({self.groups.get(a, a) for a in article_ids})


def derive(articles: Sequence[Article], alignments: Sequence[Alignment]) -> Provenance:
    """Build the provenance of one story from its alignments.

    Args:
        articles: the story's articles.
        alignments: results of :func:`storyline.align.align_story` (any order).

    Returns:
        Edges (reuse alignments, oriented), the likely original (the root with the most
        descendants, earliest first; the earliest trusted date when there are no edges), the
        independence group of every article (group id = its root article), and spun articles.
    """
    ids = [a.id for a in articles]
    by_id = {a.id: a for a in articles}
    edges = [Derivation(al.source, al.target, round(al.direction_confidence, 3),
                        [f"{al.kind} (score {al.score:.2f})", *al.direction_reasons], al.kind)
             for al in alignments if al.is_reuse and al.source in by_id and al.target in by_id]
    parent = {i: i for i in ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    links = [(e.source, e.target) for e in edges]
    for a in articles:
        for other in (a.duplicate_of, a.near_duplicate_of):
            if other and other in parent and other != a.id:
                links.append((other, a.id))
    for s, t in links:
        rs, rt = find(s), find(t)
        if rs != rt:
            parent[rt] = rs
    children: dict[str, set[str]] = {i: set() for i in ids}
    has_parent = set()
    for s, t in links:
        children[s].add(t)
        has_parent.add(t)

    def descendants(x: str) -> int:
        seen, stack = {x}, [x]
        while stack:
            for c in children[stack.pop()]:
                if c not in seen:
                    seen.add(c)
                    stack.append(c)
        return len(seen) - 1

    def date_key(x: str) -> tuple[int, str, str]:
        a = by_id[x]
        trusted = a.published is not None and a.published_confidence > 0
        return (0 if trusted else 1, a.published.isoformat() if trusted and a.published else "", x)

    roots = [i for i in ids if i not in has_parent]
    # Near-copies dated the same day can derive from each other in a ring; such a component has no
    # parent-free member, so its earliest (then smallest-id) article stands in as its root.
    rooted = {find(r) for r in roots}
    for comp in sorted({find(i) for i in ids} - rooted):
        roots.append(min((i for i in ids if find(i) == comp), key=date_key))
    group_root: dict[str, str] = {}
    for r in sorted(roots, key=lambda x: (-descendants(x), date_key(x))):
        group_root.setdefault(find(r), r)
    groups = {i: group_root.get(find(i), find(i)) for i in ids}
    original: str | None = None
    if edges:
        original = min(roots, key=lambda x: (-descendants(x), date_key(x)))
    elif ids:
        dated = [i for i in ids if date_key(i)[0] == 0]
        original = min(dated, key=date_key) if dated else None
    spun: dict[str, list[str]] = {}
    for al in alignments:
        if al.spun and (al.kind == "spin" or any("altered word by word" in e for e in al.evidence)):
            other = al.target if al.spun == al.source else al.source
            skip = ("reused:", "reuse model", "too little", "paraphrase only")
            spun.setdefault(al.spun, []).append(
                f"vs {other}: " + "; ".join(e for e in al.evidence if not e.startswith(skip)))
    return Provenance(edges, original, groups, spun)
