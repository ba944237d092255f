"""Cross-checking a story: who says what, who agrees, who contradicts, and how independently.

Runs the claim extractors (:mod:`storyline.claims`) over every article of one story and turns their
outputs into the report's ``quotes[]``, ``conflicts[]``, ``claims[]`` and ``timeline[]``. A claim's
``independent_support`` counts independence groups (articles that derive from one another count once),
so ten copies of one wire story are one source.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any
from urllib.parse import urlsplit

from .claims.aligned import AlignedChange, aligned_changes
from .claims.dates import date_conflicts, extract_dates, timeline
from .claims.names import extract_names, fold, group_entities, name_conflicts, role_conflicts
from .claims.numbers import (
    NumberFact,
    _describe,
    _display,
    _merge_slots,
    comparable_slot,
    extract_numbers,
    number_conflicts,
    number_stances,
    torn_articles,
)
from .claims.quote_variants import confirm_misattributions, group_quotes, quote_conflicts
from .claims.quotes import extract_quotes
from .contract import UNSET, Claim, Conflict, ConflictValue, Entity, QuoteGroup, TimelineEntry
from .model import Article, Span

_MAX_CLAIM_WORDS = 40


@dataclass(slots=True)
class StoryCheck:
    """Everything the cross-check found in one story."""

    quotes: list[QuoteGroup] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)

    def to_json(self) -> dict[str, list[dict[str, Any]]]:
        """The report rows of every field (for tools and tests that read the contract form)."""
        return {"quotes": [q.to_json() for q in self.quotes], "conflicts": [c.to_json() for c in self.conflicts],
                "claims": [c.to_json() for c in self.claims], "timeline": [t.to_json() for t in self.timeline],
                "entities": [e.to_json() for e in self.entities]}


def crosscheck(articles: Sequence[Article], independence: Mapping[str, str] | None = None,
               copied_from: Mapping[str, str] | None = None, spun: Collection[str] = (),
               alignments: Sequence[Any] = ()) -> StoryCheck:
    """Extract and cross-check the claims of one story.

    Args:
        articles: the story's articles (duplicates may be included; they count with their group).
        independence: article id → independence group (from provenance); every article is its own
            group when omitted.
        copied_from: article id → the article it copies, for quote tie-breaks.
        spun: ids of articles found to be machine-spun (``Provenance.spun``): their altered quotations are
            misquotes even against a single other source.
        alignments: the story's passage alignments (:func:`storyline.align.align_story`): a number, name,
            date or quoted word changed inside an aligned passage is a high-confidence conflict.
    """
    groups = dict(independence or {})
    for a in articles:
        groups.setdefault(a.id, a.id)
    dates = sorted(a.published for a in articles if a.published)
    year_hint = dates[0] if dates else None
    quotes = {a.id: extract_quotes(a) for a in articles}
    numbers = {a.id: extract_numbers(a) for a in articles}
    names = {a.id: extract_names(a) for a in articles}
    when = {a.id: extract_dates(a, year_hint=year_hint) for a in articles}
    published = {a.id: a.published for a in articles}

    qgroups = group_quotes(quotes, groups, published, copied_from=copied_from, spun=spun)
    entities = group_entities(names)
    texts = {a.id: a.text for a in articles}
    kinds: dict[str, str] = {}
    for e in entities:
        for m in e.mentions:
            kinds.setdefault(fold(m.normalized), e.kind)
    # A speaker the names stage calls a place or an organisation is no person ("South Florida said" …).
    confirm_misattributions(qgroups, lambda name: kinds.get(fold(name), "person") in ("person", "unknown"),
                            lambda aid, s, e, name: _in_paragraph(texts.get(aid, ""), s, e, name.split()[-1]))
    conflicts = (number_conflicts(numbers, texts=texts) + name_conflicts(entities, groups)
                 + role_conflicts(entities, texts, groups) + date_conflicts(when, groups)
                 + quote_conflicts(qgroups, spun))
    aligned = _merge_aligned(conflicts, aligned_changes({a.id: a for a in articles}, alignments))
    conflicts += [rec.conflict for rec in aligned]
    _credit_values(conflicts, articles, groups)
    for c in conflicts:
        if c.kind == "number":
            _explain_number(c)
    events = timeline(when, texts)
    claims = (_number_claims(numbers, texts, groups) + _quote_claims(qgroups, groups)
              + _timeline_claims(events, conflicts, groups) + _name_claims(conflicts, groups))
    _aligned_claims(claims, aligned, texts, groups)
    claims = _one_row_per_claim(claims)
    claims.sort(key=lambda c: (-c.independent_support, -len(c.support), c.text))
    return StoryCheck(
        quotes=[g.record() for g in qgroups if len(g.articles) > 1 or g.misattribution],
        conflicts=conflicts, claims=claims, timeline=events,
        entities=[Entity(e.canonical, e.kind, {k: list(v) for k, v in e.forms.items()}) for e in entities
                  if len({a for arts in e.forms.values() for a in arts}) > 1])


def _overlap(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def _merge_aligned(conflicts: list[Conflict], aligned: list[AlignedChange]) -> list[AlignedChange]:
    """Aligned-passage changes not already in ``conflicts``; those already there are marked high-confidence
    and get the passages that show them."""
    from rapidfuzz import fuzz

    new = []
    for rec in aligned:
        old, changed = rec.side(0), rec.side(1)
        same = None
        if rec.conflict.kind == "quote":  # the same quotation: a conflict listing its words
            for c in conflicts:
                if c.kind != "quote" or c.about.startswith("speaker of"):
                    continue
                if any(fuzz.token_set_ratio(v.value, old.value) >= 85 for v in c.values):
                    if not any(fuzz.ratio(v.value, changed.value) >= 95 for v in c.values):
                        c.values.append(ConflictValue(changed.value, list(changed.articles), fidelity="substitution"))
                    same = c
                    break
        else:
            for c in conflicts:
                if c.kind != rec.conflict.kind:
                    continue
                holders = [set(v.articles) for v in c.values]
                a_at = {i for i, h in enumerate(holders) if h & set(old.articles)}
                b_at = {i for i, h in enumerate(holders) if h & set(changed.articles)}
                if a_at and b_at and a_at != b_at:
                    same = c
                    break
        if same is None:
            _reason(rec)
            new.append(rec)
        else:
            same.confidence = "high"
            same.passages = (same.passages or []) + list(rec.conflict.passages or [])
    return new


def _reason(rec: AlignedChange) -> None:
    old, changed = rec.side(0), rec.side(1)
    rec.conflict.reason = (f"a passage of {', '.join(changed.articles)} aligned to {', '.join(old.articles)} "
                           f"says ‘{rec.changed[1]}’ where the other says ‘{rec.changed[0]}’")
    if rec.conflict.likely_correct is UNSET:
        rec.conflict.likely_correct = None


def _aligned_claims(claims: list[Claim], aligned: Sequence[AlignedChange], texts: Mapping[str, str],
                    groups: Mapping[str, str]) -> None:
    """Give the claims the contradictions found through alignment (a new row when no claim covers one)."""
    for rec in aligned:
        old, changed = rec.side(0), rec.side(1)
        old_at, changed_at = rec.spans
        covered = False
        for c in claims:
            ev = {span.article_id: span for span in c.evidence or []}
            if c.kind == rec.conflict.kind and any(a in ev and _overlap(ev[a], old_at[a]) for a in old.articles):
                covered = True
                against = [a for a in changed.articles if not (a in ev and _overlap(ev[a], changed_at[a]))]
                c.support = [a for a in c.support if a not in against]
                c.contradicted_by = sorted(set(c.contradicted_by) | set(against))
                c.independent_support = _independent(c.support, groups)
        if not covered:
            support = sorted(old.articles)
            first = old_at[support[0]]
            claims.append(Claim(rec.conflict.kind, rec.conflict.about, old.value,
                                _around(texts[first.article_id], (first.start, first.end)), support,
                                _independent(support, groups), sorted(changed.articles),
                                [old_at[a] for a in support]))


def _around(text: str, span: Sequence[int]) -> str:
    """The sentence around a span (for a claim row's text)."""
    lo = max(text.rfind(". ", 0, span[0]) + 2, text.rfind("\n", 0, span[0]) + 1, 0)
    hi = min(x for x in (text.find(". ", span[1]), text.find("\n", span[1]), len(text)) if x >= 0)
    return _sentence(text, (lo, hi + (1 if hi < len(text) and text[hi] == "." else 0)))


def _one_row_per_claim(claims: list[Claim]) -> list[Claim]:
    """Merge rows that state the same claim (same kind, subject and value): one row, the union of articles."""
    rows: dict[tuple[str, str, str], Claim] = {}
    for c in claims:
        key = (c.kind, c.about.casefold(), c.value.casefold())
        row = rows.get(key)
        if row is None:
            rows[key] = c
            continue
        row.support = sorted(set(row.support) | set(c.support))
        row.contradicted_by = sorted((set(row.contradicted_by) | set(c.contradicted_by)) - set(row.support))
        row.independent_support = max(row.independent_support, c.independent_support)
    return list(rows.values())


def _in_paragraph(text: str, start: int, end: int, word: str) -> bool:
    """``word`` occurs in the paragraph holding ``text[start:end]``."""
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", end)
    return word.casefold() in text[lo:hi if hi >= 0 else len(text)].casefold()


def outlet_label(article: Article) -> str:
    """Who published an article: its outlet, else its URL's host, else its file name."""
    if article.outlet:
        return article.outlet
    if article.url:
        host = urlsplit(article.url).netloc
        if host:
            return host.removeprefix("www.")
    return PurePath(article.source).name if article.source else article.id


def _credit_values(conflicts: Sequence[Conflict], articles: Sequence[Article], groups: Mapping[str, str]) -> None:
    """Give every conflict value the outlets behind it and how many independent sources give it."""
    label = {a.id: outlet_label(a) for a in articles}
    for c in conflicts:
        for v in c.values:
            v.outlets = list(dict.fromkeys(label.get(a, a) for a in v.articles))
            v.independent_support = _independent(v.articles, groups)


_PRECISE = re.compile(r"^(?:[A-Z]{3} )?[\d.,]+(?: [a-z]+)?$")  # "25", "USD 5 billion"; not "more than 20"


def _explain_number(c: Conflict) -> None:
    """``likely_correct`` (the value more independent sources back than any rival, counting compatible values
    as backing) and a one-line ``reason`` for a number conflict."""
    vals = c.values
    pairs = c.pairs or []
    rivals = {i: {j for pair in pairs if i in pair for j in pair if j != i} for i in range(len(vals))}
    backing = {i: sum(v.independent_support for j, v in enumerate(vals) if j not in rivals[i])
               for i in range(len(vals))}
    # Among equally backed values the precise one ("25" over the compatible "more than 20").
    best = max(range(len(vals)), key=lambda i: (backing[i], bool(_PRECISE.match(vals[i].value)),
                                                vals[i].independent_support))
    sure = all(backing[best] > backing[j] for j in rivals[best])
    c.likely_correct = vals[best].value if sure and rivals[best] else None
    listed = ", ".join(f"{v.value} ({v.independent_support} source(s))" for v in vals)
    clash = "; ".join(f"{vals[i].value} and {vals[j].value} cannot both be true" for i, j in pairs[:3])
    c.reason = f"{c.about}: {listed}; {clash}"


def _independent(ids: Sequence[str], groups: Mapping[str, str]) -> int:
    return len({groups.get(a, a) for a in ids})


def _sentence(text: str, span: tuple[int, int]) -> str:
    words = text[span[0]:span[1]].split()
    return " ".join(words[:_MAX_CLAIM_WORDS]) + ("…" if len(words) > _MAX_CLAIM_WORDS else "")


def _number_claims(numbers: Mapping[str, list[NumberFact]], texts: Mapping[str, str],
                   groups: Mapping[str, str]) -> list[Claim]:
    """One claim per value of a slot two or more articles give, with the articles backing and contradicting it
    (:func:`~storyline.claims.numbers.number_stances`: the same rule as the conflicts list)."""
    facts = [f for fs in numbers.values() for f in fs if f.slot and f.kind != "year"]
    claims: list[Claim] = []
    for slot, members in _merge_slots(facts).items():
        if len({f.article_id for f in members}) < 2:
            continue  # a number only one article gives is not cross-checked
        torn = torn_articles(members)
        seen: dict[str, NumberFact] = {}
        for f in members:
            seen.setdefault(_display(f), f)
        for shown, fact in seen.items():
            support, against = number_stances(fact, members, torn)
            # Contradicted only where the conflicts list can show it: in a comparable slot, and for a value
            # that some article states without giving other numbers for the slot (a torn article's values
            # are different facts to number_conflicts, so a contradiction of one would be shown here only).
            stated = any(_display(f) == shown and f.article_id not in torn for f in members)
            if not comparable_slot(slot) or not stated:
                against = []
            # one evidence span per article: the last of its facts in the slot
            where = {f.article_id: (f.start, f.end) for f in members if f.article_id in support}
            claims.append(Claim("number", _describe(slot), shown, _sentence(texts[fact.article_id], fact.sentence),
                                support, _independent(support, groups), against,
                                [Span(a, s, e) for a, (s, e) in where.items()]))
    return claims


def _quote_claims(qgroups: Sequence[Any], groups: Mapping[str, str]) -> list[Claim]:
    claims = []
    for g in qgroups:
        if len(g.articles) < 2:
            continue
        canonical = g.variants[0]
        faithful = sorted({a for v in g.variants if not v.misquote for a in v.articles})
        garbled = sorted({a for v in g.variants if v.misquote for a in v.articles} - set(faithful))
        who = g.speaker or "unattributed"
        claims.append(Claim("quote", who, canonical.text, f"{who}: \u201c{canonical.text}\u201d", faithful,
                            _independent(faithful, groups), garbled))
    return claims


def _timeline_claims(events: Sequence[TimelineEntry], conflicts: Sequence[Conflict],
                     groups: Mapping[str, str]) -> list[Claim]:
    disputed: dict[str, dict[str, list[str]]] = {}
    for c in conflicts:
        if c.kind == "date":
            disputed[c.about] = {v.value: v.articles for v in c.values}
    claims = []
    for e in events:
        support = sorted(set(e.citations))
        against: set[str] = set()
        for value, arts in disputed.get(e.label, {}).items():
            if not e.date.startswith(value) and not value.startswith(e.date):
                against.update(arts)
        if len(support) < 2 and not against:
            continue
        claims.append(Claim("date", e.label, e.date, f"{e.text} ({e.date})", support, _independent(support, groups),
                            sorted(against - set(support))))
    return claims


def _name_claims(conflicts: Sequence[Conflict], groups: Mapping[str, str]) -> list[Claim]:
    """A disputed spelling or role holder as a claim: the leading value, backed and contradicted."""
    claims = []
    for c in conflicts:
        if c.kind not in ("name", "entity"):
            continue
        top, rest = c.values[0], c.values[1:]
        support = sorted(top.articles)
        against = sorted({a for v in rest for a in v.articles} - set(support))  # "Tump" once, "Trump" too
        text = f"the name is spelt ‘{top.value}’" if c.kind == "name" else f"{c.about} is {top.value}"
        claims.append(Claim(c.kind, c.about, top.value, text, support, _independent(support, groups), against))
    return claims


def claim_matrix(claims: Sequence[Claim], article_ids: Sequence[str]) -> list[dict[str, str]]:
    """Per claim, each article's stance: ``supports``, ``contradicts`` or ``silent``."""
    rows = []
    for c in claims:
        sup, con = set(c.support), set(c.contradicted_by)
        rows.append({a: "supports" if a in sup else "contradicts" if a in con else "silent" for a in article_ids})
    return rows
