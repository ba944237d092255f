"""Across the articles of a story: the timeline of dated events and dates that conflict.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

from ...contract import Conflict, ConflictValue, TimelineEntry
from ...disjoint import DisjointSet
from ...text.lexicon import PROMO_PATTERN
from ...text.lexicon import word_set as _ws
from .labels import (
    _CLASSES,
    _INCIDENT,
    _PRESENT_VERBS,
    _SAME_THING,
    _WORD,
    AUX,
    EVENT_NOUNS,
    IRREGULAR,
    REPORTING,
    STOP,
    _same_event,
    _stem,
    _stems,
    _verb,
    _words,
)
from .patterns import DateMention

_PROMO = re.compile(PROMO_PATTERN, re.I)  # "Sign up today to get the newsletter delivered": the page's, no event


def _fmt(m: DateMention) -> str:
    assert m.date is not None
    return {"year": f"{m.date:%Y}", "month": f"{m.date:%Y-%m}"}.get(m.granularity, m.date.isoformat())


_PRONOUNS = _ws("he she it they we i you this that these those there who which what")
_PRESENT_VERBS_BASE = _ws("""start begin open close end resume arrive run come leave meet vote hold rule sign file
    launch take win lose fire kill die ban approve reject pass release announce strike""") | _PRESENT_VERBS


def is_event(m: DateMention) -> bool:
    """Whether a dated mention is a timeline event: something that happened (or will) on a day, week or month.

    A bare year is context ("in 2012"), not an event. The label needs a subject with a predicate ("Baldwin
    fired", "lawsuit filed") or names a one-off happening ("shooting", "election"); a lone verb ("had"), a
    statement ("Clarke said": when something was said is not what happened) or a label without a verb is
    left out.
    """
    if m.granularity == "year":
        return False
    words = _words(m.event or "")
    if not words:
        return False
    if any(w in _CLASSES or w in _INCIDENT or w in EVENT_NOUNS or w.rstrip("s") in EVENT_NOUNS for w in words):
        return True  # "the Oct. 21 shooting", "Thursday's interview", "lawsuit filed"
    if len(words) < 2 or words[0] in _PRONOUNS or words[0] in STOP or words[0] in AUX:
        return False
    verb = words[-1]
    if verb in REPORTING or verb in AUX or verb in STOP or verb in _PRONOUNS:
        return False
    toks = (m.event or "").split()
    return any(_verb(toks, k) or toks[k].lower() in _PRESENT_VERBS_BASE for k in range(1, len(toks)))


_STATIVE = _ws("averaged totaled totalled totals stood ranged amounted remained remains hovered")
_BOUND = re.compile(r"(?:\bthrough|\bas of|\buntil|\btill|\bthe past|\bpast|\bBlack|\bCyber|\bGood|\bSuper|\bbefore"
                    r"|\bafter|\bprior to|\bahead of|\bby|\ba|\bevery|\beach)\s+$", re.I)
_SAID_AFTER = re.compile(r"^\s*(?:,\s*)?(?:he|she|they|it|officials?|police)?\s*"
                         r"(?:said|says|told|wrote|added|announced that)\b")


def in_context_event(text: str, m: DateMention) -> bool:
    """What the words around a date say about it: not a bound ("through June 30", "as of March 20"), a name
    ("Black Friday"), an interval up to now ("the past month"), a statement's date ("officials said Monday
    the victim …", "on Monday, she said"), a figure ("averaged 5.7 percent in October"), a moment counted
    from the present ("has avoided extradition for seven years after …"), or a date moved away from
    ("postponed from Tuesday to Friday")."""
    before = text[max(0, m.start - 40):m.start]
    expr = text[m.start:m.end]
    low = expr.lower()
    if _BOUND.search(before) or low.startswith(("the past", "past ", "until", "till", "through", "by ", "before",
                                                 "after")) or "present-tense" in m.resolution:
        return False
    if re.match(r"\s*(?:so far|to date)\b", text[m.end:m.end + 12]) or re.search(
            r"(?i:\bbetween\s+|\bfrom\s+|\bbetween\s+[\w.,]+(?:\s+[\w.,]+)?\s+and\s+)$", before):
        return False  # "between June 2011 and July 2012": a period's ends
    if re.match(r"\s*(?:to|through|until|and)\s", text[m.end:m.end + 10]) and re.search(r"\b(?:from|between)\s+$",
                                                                                         before):
        return False
    if re.search(r"\b[Ss]ince\s+$", before) and re.search(r"\bha(?:s|ve)\b", text[slice(*(m.clause or m.sentence))]):
        return False  # "Since January 2018, it has not talked of …": a state since then
    end = (m.clause or m.sentence)[1]
    if text[end:end + 1] == "?" or text[max(0, end - 1):end] == "?":
        return False  # "what changed on Wednesday?"
    if low in ("today", "now") and not re.search(r"\b(?:later|earlier|on)\s+$", before) and not any(
            w.endswith("ed") or w in IRREGULAR for w in _words(m.event or "")):
        return False  # "the business I have today": the present, not a dated event
    if re.search(r"\b(?:expected|be the case)\s+(?:again\s+)?$", before):
        return False
    if re.match(r"from\b", expr, re.I) and re.match(r"\s+to\b", text[m.end:m.end + 5]):
        return False
    prev = _WORD.findall(text, max(0, m.start - 25), m.start)
    if expr.lower().startswith("on "):
        pass
    elif prev and prev[-1].lower() == "on":
        prev = prev[:-1]
    if prev and prev[-1].lower() in REPORTING or _SAID_AFTER.match(text[m.end:m.end + 30]):
        return False
    return not _STATIVE & set(_words(m.event or ""))


def _clause_text(text: str, m: DateMention, limit: int = 16) -> str:
    """The clause that tells the event, in at most ``limit`` words (the sentence when the clause is a stub)."""
    lo, hi = m.clause or m.sentence
    words = text[lo:hi].split()
    toks = _WORD.findall(" ".join(words))
    if len(words) < 6 or not words[0][:1].isalpha() or not any(_verb(toks, k) for k in range(len(toks))):
        # "45-17, on Tuesday night.", "On Saturday, the mayor of Hoboken": the sentence says more
        lo, hi = m.sentence
        words = text[lo:hi].split()
        if len(words) > limit:  # keep the date in view: the words around it
            at = len(text[lo:m.start].split())
            first = max(0, min(at - limit // 2, len(words) - limit))
            words = words[first:]
    while words and (words[0].lower() in ("and", "but", "or", "while", "as", "when", "because", "although")
                     or not any(ch.isalnum() for ch in words[0])):
        words = words[1:]
    out = " ".join(words[:limit]).strip(" ,;:—–-\"“”")
    return out + ("…" if len(words) > limit else "")


def timeline(dates_by_article: dict[str, list[DateMention]],
             texts: Mapping[str, str] | None = None) -> list[TimelineEntry]:
    """Merge the dated events of a story into a timeline.

    Mentions with the same date and granularity are one event when their labels share a word stem or both
    name an incident ("shooting", "killed"). Unlabelled and unresolved mentions are left out.

    Args:
        dates_by_article: article id → mentions from :func:`extract_dates`.

        texts: article id → text; with it, dates whose surroundings say they are no event are left out
            (:func:`in_context_event`) and ``text`` is the clause that tells the event, ``label`` its short name.

    Returns:
        The timeline entries sorted by date (then label).
    """
    items = [m for ms in dates_by_article.values() for m in ms if m.date and m.event and is_event(m)
             and (texts is None or m.article_id not in texts or in_context_event(texts[m.article_id], m))
             and not (texts and m.article_id in texts and _PROMO.search(texts[m.article_id], *m.sentence))]
    same = DisjointSet(len(items))
    by_day: dict[tuple[dt.date, str], list[int]] = {}
    for i, m in enumerate(items):
        by_day.setdefault((m.date, m.granularity), []).append(i)  # type: ignore[arg-type]
    for group in by_day.values():
        for x, i in enumerate(group):
            a = items[i].event or ""
            for j in group[x + 1:]:
                b = items[j].event or ""
                if _same_event(a, b):
                    same.union(i, j)
    out: list[TimelineEntry] = []
    for ms in ([items[i] for i in members] for members in same.groups()):
        # The label sharing a word with most of the group ("collapse" over "section gave way").
        labels = sorted({m.event or "" for m in ms}, key=lambda e: (
            -sum(bool(_stems(e) & _stems(x.event or "")) for x in ms),
            not any(w in _CLASSES for w in _words(e)), len(e), e))  # then one naming the kind of event
        told = next((m for m in ms if m.event == labels[0]), ms[0])
        shown = _clause_text(texts[told.article_id], told) if texts and told.article_id in texts else labels[0]
        out.append(TimelineEntry(ms[0].date.isoformat(), ms[0].granularity,  # type: ignore[union-attr]
                                 shown or labels[0], labels[0], sorted({m.article_id for m in ms}),
                                 sorted({m.resolution for m in ms}),
                                 # every mention a guess (an undated article's weekday counted from the story date)
                                 all(m.approximate for m in ms)))
    return sorted(out, key=lambda e: (e.date, e.label))


def _conflict_key(m: DateMention) -> tuple[str, ...] | None:
    words = _words(m.event or "")
    if m.granularity == "year" and len(words) > 1 and words[-1] in ("opened", "built", "founded", "established"):
        thing = _SAME_THING.get(words[-2], words[-2])  # "Kelderby Museum founded": the head noun says which thing
        return ("year", words[-1], thing)
    classes = [_CLASSES[w] for w in words if w in _CLASSES]
    if m.granularity != "day" or m.approximate or "date" in words:
        return None
    if classes:
        return ("day", classes[0])  # "explosion killed": the first word names the event
    toks = [w for w in words if w not in STOP]
    raw = (m.event or "").split()
    if len(toks) >= 2 and is_event(m) and toks[-1] not in REPORTING and raw and _verb(raw, len(raw) - 1) \
            and toks[-1] not in EVENT_NOUNS and len(raw) >= 2 and raw[-2][:1].isupper():
        # a named subject ("Flynn pleaded", "House voted"): "statement issued" may be two statements
        return ("event", _stem(toks[-2]), _stem(toks[-1]))  # "Flynn pleaded": one subject doing one thing
    return None


def date_conflicts(dates_by_article: dict[str, list[DateMention]], independence: dict[str, str] | None = None
                   ) -> list[Conflict]:
    """The same event given different dates by different articles.

    Only one-off events are compared (a collapse, a shooting, a death, an election, a lawsuit, a bridge's
    opening year…), so that repeated happenings (statements, meetings) are not mistaken for conflicts. An
    article giving one event two dates is ambiguous about it and is left out of that comparison.

    Args:
        dates_by_article: article id → mentions from :func:`extract_dates`.
        independence: article id → independence group, to say which value most independent sources give.

    Returns:
        Date conflicts; values are ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` by granularity, most supported first.
    """
    groups = independence or {}
    by_key: dict[tuple[str, ...], list[DateMention]] = {}
    for ms in dates_by_article.values():
        for m in ms:
            if m.date and (key := _conflict_key(m)):
                by_key.setdefault(key, []).append(m)
    out: list[Conflict] = []
    for _, ms in sorted(by_key.items()):
        values: dict[str, set[str]] = {}
        for m in ms:
            values.setdefault(_fmt(m), set()).add(m.article_id)
        torn = {a for v, arts in values.items() for a in arts if any(a in o for w, o in values.items() if w != v)}
        values = {v: arts - torn for v, arts in values.items() if arts - torn}
        if len(values) < 2:
            continue
        ranked = sorted(values, key=lambda v: (-len({groups.get(a, a) for a in values[v]}), -len(values[v]), v))
        about = max((m.event or "" for m in ms), key=lambda e: (sum(x.event == e for x in ms), -len(e)))
        top = ranked[0]
        n_top = len({groups.get(a, a) for a in values[top]})
        sure = n_top > max(len({groups.get(a, a) for a in values[v]}) for v in ranked[1:])
        out.append(Conflict("date", about, [ConflictValue(v, sorted(values[v])) for v in ranked],
                            likely_correct=top if sure else None,
                            reason=f"{len(ranked)} different dates for '{about}'; {top} is given by {n_top} "
                                   f"independent source(s)"))
    return out
