"""Find and resolve the date expressions of one article (:func:`extract_dates`).
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from ...model import Article
from ...text.lexicon import word_set as _ws
from .labels import (
    _NOT_VERBS,
    _WORD,
    BUILT,
    EVENT_NOUNS,
    IRREGULAR,
    NUMBERS,
    STOP,
    _same_event,
    _stems,
    clause,
    event_label,
)
from .patterns import _ANCHOR, _ANCHORS_OF, _PRESENT, PATTERNS, DateMention, _future, sentence_spans
from .resolve import Resolved, _absolute, _month, _relative

# --- extraction ---------------------------------------------------------------------------------------

_ABSOLUTE = ("mdy", "dmy", "iso", "slash", "month_year")
_RELATIVE = ("anchored", "ago", "period", "deictic", "weekday", "ordinal")
_CUT = _ws("into in on at during for from to with by which that when while and as near of")


def _windows(text: str) -> dict[str, list[tuple[int, int]]]:
    """Per anchor kind, the merged stretches of text around its anchor words."""
    out: dict[str, list[tuple[int, int]]] = {}
    for m in _ANCHOR.finditer(text):
        spans = out.setdefault(m.lastgroup or "", [])
        lo, hi = max(0, m.start() - 30), min(len(text), m.end() + 90)
        if spans and lo <= spans[-1][1]:
            spans[-1] = (spans[-1][0], hi)
        else:
            spans.append((lo, hi))
    return out


def _candidates(text: str) -> list[tuple[int, int, str, re.Match[str]]]:
    cands = []
    seen: set[tuple[int, int, str]] = set()
    windows = _windows(text)
    for kind, pat in PATTERNS:
        for ws, we in windows.get(_ANCHORS_OF[kind], ()):
            for m in pat.finditer(text, ws, we):
                if (m.start(), m.end(), kind) in seen:
                    continue
                seen.add((m.start(), m.end(), kind))
                end = m.end()
                if kind == "anchored":  # the anchor event: a few words, up to the first preposition after its head
                    words = list(_WORD.finditer(text, m.start("x"), m.end("x")))
                    keep = min(next((k for k, w in enumerate(words) if k and w.group().lower() in _CUT), len(words)), 6)
                    if not keep:
                        continue
                    end = words[keep - 1].end()
                cands.append((m.start(), end, kind, m))
    cands.sort(key=lambda c: (c[0] - c[1], c[0]))
    chosen: list[tuple[int, int, str, re.Match[str]]] = []
    for c in cands:
        if all(c[1] <= s or e <= c[0] for s, e, _, _ in chosen):
            chosen.append(c)
    return sorted(chosen, key=lambda c: c[0])


def _year_mod(text: str, m: re.Match[str]) -> str | None:
    """Label for "the 1962 road bridge": built things date their opening; event nouns date themselves."""
    nouns = []
    for w in _WORD.findall(text, m.end(), m.end() + 40)[:2]:
        if not w[0].islower() or w in STOP or w.endswith("ed"):
            break
        nouns.append(w)
    if not nouns:
        return None
    head = nouns[-1]
    appos = re.search(r"([A-Z][\w’']*)\s*,\s*$", text[max(0, m.start() - 60):m.start()])
    if appos and appos.group(1).lower() in BUILT:  # "The Ostler Bridge, the 1962 crossing"
        head = appos.group(1).lower()
    if head in BUILT:
        return f"{head} opened"
    return head if head in EVENT_NOUNS else None


def _shift(d: dt.date, n: int, unit: str) -> dt.date:
    if unit == "day":
        return d + dt.timedelta(days=n)
    if unit == "week":
        return d + dt.timedelta(days=7 * n)
    months = n * (12 if unit == "year" else 1)
    a, b = _month(d.year, d.month + months)
    return a.replace(day=min(d.day, b.day))


def _in_quote(text: str, pos: int) -> bool:
    # Parity of all double quotes: some outlets close quotations with an opening mark (“…“).
    para = text[text.rfind("\n", 0, pos) + 1:pos]
    return sum(para.count(q) for q in "“”\"") % 2 == 1


def _anchored(article: Article, m: re.Match[str], end: int, sent: tuple[int, int], prev: DateMention | None,
              known: list[DateMention]) -> list[DateMention]:
    """"two days after the collapse": the moment described, and the anchor event counted back from it.

    The moment is the date just before it (", two days after it fell" after "on October 16"), or the
    publication date when the sentence speaks in the present ("Two days after the collapse, Velmouth is …").
    "The week before the crossing collapsed" is counted from the anchor event instead, when the article
    dates that event elsewhere (``known``).
    """
    text, ref = article.text, article.published
    g = m.groupdict()
    n = NUMBERS.get((g.get("n") or "").lower()) or (int(g["n"]) if (g.get("n") or "").isdigit() else None)
    unit = g.get("unit") or ("week" if g.get("the") == "week" else "day")
    n = 1 if g.get("the") else n
    sign = -1 if g["dir"] == "after" else 1
    xs, expr = m.start("x"), text[m.start():end]
    x_label = event_label(text, (xs, end), xs, xs, sent) or _WORD.findall(text, xs, end)[-1].lower()
    cl = clause(text, sent, m.start(), end)
    a = DateMention(article.id, m.start(), end, expr, None, "day", None, True, "", event_label(
        text, cl, m.start(), end, sent), sent)
    frame, why = None, "unresolved (no date to count from)"
    if ref is None:
        why = "unresolved (the article has no publication date)"
    elif prev and prev.date and prev.granularity == "day" and re.fullmatch(r"\s*,?\s*", text[prev.end:m.start()]):
        frame, why, a.event = prev.date, f"the date just before it, {prev.date}", prev.event
    elif not g.get("the") and _PRESENT.search(text[sent[0]:m.start()] + " " + text[end:sent[1]]):
        frame, why = ref, f"the publication date {ref} (present-tense sentence)"
    elif n and (anchor := max((k for k in known if k.date and k.granularity == "day" and not k.approximate
                               and _same_event(k.event or "", x_label)), default=None,
                              key=lambda k: len(_stems(k.event or "") & _stems(x_label)) / len(
                                  _stems(k.event or "") | _stems(x_label) or {""}))):
        assert anchor.date is not None
        a.date = _shift(anchor.date, -sign * n, unit)
        if g.get("the") == "week":
            a.granularity = "week"
            a.range = (min(a.date, anchor.date - dt.timedelta(days=sign)), max(a.date, anchor.date - dt.timedelta(
                days=sign)))
            a.date = a.range[0]
        a.resolution = f"{expr} → {a.date} ({n} {unit}(s) {g['dir']} '{anchor.event}' on {anchor.date})"
        return [a]
    a.date = frame
    a.resolution = f"{expr} → {frame} ({why})" if frame else f"{expr}: {why}"
    if not (frame and n):
        return [a]
    x_date = _shift(frame, sign * n, unit)
    return [a, DateMention(article.id, xs, end, text[xs:end], x_date, "day", None, True,
                           f"{text[xs:end]} → {x_date} ({n} {unit}(s) {'before' if sign < 0 else 'after'} {frame}, "
                           f"from '{expr}')", x_label, sent, approximate=unit != "day")]


_PLANNED = _ws("scheduled planned slated set due expected pencilled penciled")


def _tense(text: str, cl: tuple[int, int], start: int, label: str | None) -> bool | None:
    """Which side of publication a year-less date lies: ahead on a future cue, unless the event's verb is past
    ("the lander the company unveiled in May"); either side, whichever is nearer, for a planned event ("an
    increase planned for Oct. 15" may have passed)."""
    words = (label or "").lower().split()
    if words and words[-1] in _PLANNED:
        return None
    future = _future(text, cl, strict=True, at=start)
    passive = re.search(r"\b(?:will|would|must|should|shall)\s+(?:\w+\s+)?be\s+(\w+)", text[cl[0]:cl[1]])
    if passive and (passive.group(1).endswith("ed") or passive.group(1) in IRREGULAR):
        return True  # "will be terminated on Dec. 9", "must be returned Feb. 3": a passive future
    return future and not _past(label)


def _past(label: str | None) -> bool:
    """The event's verb is in the past tense ("the lander the company unveiled in May", "an increase planned
    for Oct. 15"): a "will" elsewhere in the sentence does not move its date ahead."""
    words = (label or "").split()
    if not words:
        return False
    last = words[-1].lower()
    if last in _PLANNED:
        return False
    return (last.endswith("ed") and len(last) > 4 and last not in _NOT_VERBS) or last in IRREGULAR


def _same_year(res: Resolved, years: dict[tuple[int, int], dt.date]) -> Resolved:
    """One year for one year-less day within an article: "set for May 4" in the lede and "the May 4
    vote" further down are the same day, whatever tense each sentence is in (the first mention, where
    the writer introduces the date, gives the year; ``years`` remembers it)."""
    d, gran, rng, relative, why = res
    if d is None or gran != "day" or not relative:
        return res
    first = years.setdefault((d.month, d.day), d)
    if first == d:
        return res
    return first, gran, rng, relative, f"{why.split(' → ')[0]} → {first} (the year of its first mention in the article)"


def _guard(expr: str, resolve: Callable[..., Resolved], *args: Any) -> Resolved:
    """A resolution, or an unresolved one when counting leaves the calendar (publication date 0001-01-01 with
    "yesterday", 9999-12-31 with "tomorrow")."""
    try:
        return resolve(*args)
    except (OverflowError, ValueError):
        return None, "day", None, True, f"{expr}: unresolved (out of the calendar)"


def extract_dates(article: Article, *, year_hint: dt.date | None = None) -> list[DateMention]:
    """Find and resolve the date expressions of one article.

    Args:
        article: the article; relative expressions are resolved against ``article.published``.
        year_hint: for an undated article, a date of the story (e.g. its first publication date) that gives
            year-less absolute dates ("Nov. 17") their year; relative expressions ("on Thursday") are then
            counted from it too and marked ``approximate``.

    Returns:
        Mentions in text order. An anchored expression ("two days after the collapse") gives two: the
        moment described and the anchor event. Relative expressions inside quotations are left unresolved,
        since they count from when the words were said.
    """
    text, ref = article.text, article.published
    sents = sentence_spans(text) or [(0, len(text))]
    starts = [a for a, _ in sents]
    out: list[DateMention] = []
    later: list[tuple[int, re.Match[str], int, tuple[int, int]]] = []
    years: dict[tuple[int, int], dt.date] = {}
    for start, end, kind, m in _candidates(text):
        sent = sents[max(0, bisect.bisect_right(starts, start) - 1)]
        cl = clause(text, sent, start, end)
        expr = text[start:end]
        if kind == "weekday" and re.search(r"(?:every|each|first|second|third|fourth|final|the last)\s+$",
                                           text[max(0, start - 12):start]):
            continue  # "the first Sunday of every month": a recurring day, not a date
        if kind in _RELATIVE and _in_quote(text, start):
            out.append(DateMention(article.id, start, end, expr, None, "day", None, True,
                                   f"{expr}: unresolved (inside a quotation: relative to when it was said)",
                                   event_label(text, cl, start, end, sent), sent))
            continue
        if kind == "anchored":
            later.append((len(out), m, end, sent))  # resolved last: it may count from an event dated later on
            continue
        label = _year_mod(text, m) if kind == "year_mod" else (
            event_label(text, cl, start, end, sent) or event_label(text, sent, start, end))
        if kind in ("year", "year_mod"):
            if kind == "year_mod" and label is None:
                continue  # "the 2000 people": a number, not a year
            y = int(m["year"])
            res: Resolved = (dt.date(y, 1, 1), "year", (dt.date(y, 1, 1), dt.date(y, 12, 31)), False, f"{expr} → {y}")
        elif kind in _ABSOLUTE:
            res = _guard(expr, _absolute, kind, m, ref, _tense(text, cl, start, label), year_hint)
            res = _same_year(res, years)
        elif ref is None and year_hint is None:
            res = (None, "day", None, True, f"{expr}: unresolved (the article has no publication date)")
        elif ref is None:
            assert year_hint is not None
            # An undated article in a dated story: count from the story date, and say it is a guess (an
            # approximate date is shown on the timeline but never raises a date conflict).
            d, gran, rng, rel, why = _guard(expr, _relative, kind, m, year_hint,
                                            _future(text, cl, strict=True, at=start))
            why = why.replace(f"publication {year_hint}", f"the story date {year_hint}")
            res = (d, gran, rng, rel, f"{why}; the article is undated, so approximate" if d else why)
            out.append(DateMention(article.id, start, end, expr, res[0], res[1], res[2], res[3], res[4], label,
                                   sent, approximate=True, clause=cl))
            continue
        else:
            res = _guard(expr, _relative, kind, m, ref, _future(text, cl, strict=True, at=start)
                         and not (kind == "month" and _past(label)))
        out.append(DateMention(article.id, start, end, expr, res[0], res[1], res[2], res[3], res[4], label, sent,
                               clause=cl))
    # Two rounds: "the week before the crossing collapsed" may count from "three days after the collapse".
    done: dict[int, list[DateMention]] = {}
    for rnd in (0, 1):
        known = out + [x for ms in done.values() for x in ms]
        for pos, m, end, sent in later:
            if bool(m["the"]) == bool(rnd):
                prev = next((k for k in reversed(out[:pos]) if k.end <= m.start()), None)
                try:
                    done[m.start()] = _anchored(article, m, end, sent, prev, known)
                except (OverflowError, ValueError):  # counted past year 1 or 9999
                    done[m.start()] = [DateMention(article.id, m.start(), end, text[m.start():end], None, "day", None,
                                                   True, f"{text[m.start():end]}: unresolved (out of the calendar)",
                                                   None, sent)]
    for pos, m, _, _ in reversed(later):
        out[pos:pos] = done[m.start()]
    return out
