"""Date expressions, resolved against the publication date, and the events they date.

Absolute ("Oct. 21", "October 14, 2025", "2021-12-09", "on the 14th") and relative expressions ("on
Thursday", "last week", "yesterday", "two days after the collapse", "a week ago") are found with regular
expressions and resolved by calendar rules, so every resolution can be shown and checked ("Thursday →
2021-12-09 (the Thursday on/before publication 2021-12-10)"). A bare weekday or a year-less date is taken
on/before the publication date unless its clause speaks of the future ("will", "is due to"). Each mention
gets a short event label from its clause (a head noun such as "shooting" or subject + verb such as "span
collapsed"), which :func:`timeline` and :func:`date_conflicts` use to merge and compare mentions across
articles.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..model import Article

__all__ = ["DateMention", "date_conflicts", "event_label", "extract_dates", "sentence_spans", "timeline"]

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m} | {
    m.lower(): i for i, m in enumerate(calendar.month_abbr) if m} | {"sept": 9}
NUMBERS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())} | {"a": 1, "an": 1}

_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MON = (r"(?P<mon>January|February|March|April|May|June|July|August|September|October|November|December"
        r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)(?![a-z])\.?")
_MON_FULL = r"(?P<mon>January|February|March|April|May|June|July|August|September|October|November|December)"
_DAY = r"(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d)"
_YEAR = r"(?P<year>1[89]\d\d|20\d\d)(?!\d)"
_PREP = r"(?:\b(?:on|since|from|until|by)\s+)?"
_NUM = r"(?P<n>(?i:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)|\d{1,2})"
_UNIT = r"(?P<unit>day|week|month|year)s?"

#: (kind, pattern); the longest match wins where patterns overlap.
PATTERNS: list[tuple[str, re.Pattern[str]]] = [(k, re.compile(p)) for k, p in [
    ("mdy", rf"{_PREP}(?:\b(?P<wd>{_WD}),?\s+)?\b{_MON}\s+{_DAY}(?:,?\s+{_YEAR})?"),
    ("dmy", rf"{_PREP}(?:\b(?P<wd>{_WD}),?\s+)?(?:\bthe\s+)?\b{_DAY}(?:\s+of)?\s+{_MON}(?:,?\s+{_YEAR})?"),
    ("iso", rf"\b{_YEAR}-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])\b"),
    ("slash", r"\b\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})\b"),
    ("month_year", rf"\b(?:(?:early|late|mid)[\s-]+)?{_MON}\s+(?:of\s+)?{_YEAR}"),
    ("month", rf"\b(?P<prep>in|since|until|by|from|during|last|next|this|before|after|through)\s+"
              rf"(?:(?:early|late|mid)[\s-]+)?{_MON_FULL}\b(?!\s+\d)"),
    ("year", rf"\b(?P<prep>in|since|until|by|from|during|before|after|around|circa)\s+{_YEAR}"),
    ("year_mod", rf"\b(?:the|a|an|its|his|her|their)\s+{_YEAR}(?=\s+[a-z])"),
    ("ordinal", r"\bon\s+the\s+(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)\b(?!\s+(?:of\s+)?[A-Z])"),
    ("anchored", rf"\b(?:(?:{_NUM}|(?P<few>a few|several|a couple of))\s+{_UNIT}|(?P<vague>[Dd]ays|[Ww]eeks|[Mm]onths)"
                 rf"|the\s+(?P<the>day|night|morning|evening|week))\s+(?P<dir>after|before)\s+"
                 r"(?P<x>[^,.;:!?—()“”\"\n]{2,80})"),
    ("ago", rf"\b(?:{_NUM}|(?P<few>a few|several))\s+{_UNIT}\s+ago\b"),
    ("period", r"\b(?P<which>[Ll]ast|[Tt]his|[Nn]ext|the previous|the following|the past|[Ee]arlier this|[Ll]ater this"
               r"|[Ee]arly this|[Ee]arlier last|[Ll]ate last)\s+(?P<unit>week|month|year)\b"),
    ("vague", r"\b(?:in|over)\s+recent\s+(?:days|weeks|months)\b"),
    ("deictic", r"\b(?P<w>[Tt]oday|[Tt]onight|[Yy]esterday|[Tt]omorrow)"
                r"(?:\s+(?P<part>morning|afternoon|evening|night))?\b"),
    ("deictic", r"\b(?P<w>[Tt]his|[Ll]ast)\s+(?P<part>morning|afternoon|evening|night)\b"),
    ("deictic", r"\bthe\s+(?P<w>previous)\s+(?P<part>day|morning|afternoon|evening|night)\b"),
    ("weekday", rf"(?:\b(?P<mod>[Ee]arly|[Ll]ate|[Ll]ast|[Nn]ext|[Tt]his)\s+(?:on\s+)?)?"
                rf"(?:\b(?P<prep>on|since|from|until|till|by|before|after)\s+)?\b(?P<wd>{_WD})"
                r"(?:(?P<poss>['’]s)|\s+(?P<part>morning|afternoon|evening|night))?\b"),
]]
# Words every expression of a kind contains: the full patterns only run in windows around them (4× faster).
_ANCHOR = re.compile(r"\b(?:(?P<wd>[MTWFS][a-z]+day)|(?P<deictic>[Tt]o(?:day|night|morrow)|[Yy]esterday"
                     r"|mornings?|afternoons?|evenings?|nights?)|(?P<anchored>after|before)|(?P<ago>ago)|(?P<unit>weeks?|months?|years?)"
                     r"|(?P<recent>recent)|(?P<mon>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec))"
                     r"|(?P<year>\b(?:1[89]|20)\d\d\b)|(?P<num>\b\d\d?(?:st|nd|rd|th|/))")
_ANCHORS_OF = {"mdy": "mon", "dmy": "mon", "month_year": "mon", "month": "mon", "iso": "year", "year": "year",
               "year_mod": "year", "slash": "num", "ordinal": "num", "anchored": "anchored", "ago": "ago",
               "period": "unit", "vague": "recent", "deictic": "deictic", "weekday": "wd"}
_FUTURE = re.compile(r"\b(?:will|would(?! have)|shall|won['’]t|going to|(?:is|are|was|were) due|expected to|set to"
                     r"|scheduled to|plans? to|planned to|intends? to|is to|are to|upcoming"
                     r"|(?:slated|set|scheduled|planned|pencilled|penciled) for)\b|['’]ll\b", re.IGNORECASE)
_PRESENT = re.compile(r"\b(?:is|are|has|have|remains?|stays?|comes?|marks?|follows?|today|now)\b")
# Clause breaks: punctuation, conjunctions, a non-restrictive relative (", which"), a coordinated clause
# ("and the judge said …"); "the fire that crippled the ferry broke out" stays one clause.
_CLAUSE = re.compile(r"[,;:—–()“”\"]|\b(?:but|because|although|while|whereas)\b|\b(?:and|or|as|when)\s+(?=(?:the|a|an"
                     r"|he|she|it|they|we|i|you|his|her|its|their)\b)")
_THAT = re.compile(r"\bthat\b")
_BREAK = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+(?=[\"'“‘(\[]*[A-Z0-9])|\n+")
_ABBR = frozenset("mr mrs ms dr st sen rep gov gen lt col capt sgt prof rev jr sr mt no vs inc corp co ltd jan feb "
                  "mar apr jun jul aug sep sept oct nov dec".split())


@dataclass(slots=True)
class DateMention:
    """A date expression in an article and what it resolves to.

    ``date`` is the resolved day (the first day for week/month/year granularity) or ``None`` when it
    cannot be resolved (``resolution`` then says why); ``range`` spans week/month/year expressions.
    ``relative`` says the date depends on the publication date (relative expressions, year-less dates).
    ``event`` labels what the date dates; ``sentence`` is the span of its sentence. ``approximate``
    marks dates counted back over weeks or more ("a week after the interview"), which the conflict
    check ignores.
    """

    article_id: str
    start: int
    end: int
    text: str
    date: dt.date | None
    granularity: str  # day | week | month | year
    range: tuple[dt.date, dt.date] | None
    relative: bool
    resolution: str
    event: str | None
    sentence: tuple[int, int]
    approximate: bool = False
    clause: tuple[int, int] | None = None


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence spans by punctuation and line breaks (a fast stand-in for syntok, abbreviation-aware)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BREAK.finditer(text):
        if "\n" not in m.group() and text[m.start() - 1] == ".":
            w = re.search(r"([A-Za-z.]+)\.$", text[max(0, m.start() - 12):m.start()])
            word = w.group(1).lower() if w else ""
            # "Dr. Finch", "Oct. 14", "U.S." continue the sentence; "by 6 p.m. Fire chief …" ends it.
            if word and (word in _ABBR or len(word) == 1 or "." in word) and word not in ("a.m", "p.m"):
                continue
        end = m.start() + len(m.group()) - len(m.group().lstrip("\"'”’)]"))
        if text[start:end].strip():
            spans.append((start, end))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


def clause(text: str, sent: tuple[int, int], start: int, end: int) -> tuple[int, int]:
    """The clause of ``sent`` holding ``[start, end)``, joined with the next one when it is only the date."""
    cuts = sorted({sent[0], sent[1], *(m.start() for m in _CLAUSE.finditer(text, sent[0], sent[1])
                                        if not start <= m.start() < end)}
                  | {m.start() for m in _THAT.finditer(text, sent[0], sent[1])  # "said on Monday that power would …"
                     if REPORTING & set(_WORD.findall(text, max(sent[0], m.start() - 40), m.start())[-4:])})
    i = max(0, bisect.bisect_right(cuts, start) - 1)
    lo, hi = cuts[i], cuts[min(i + 1, len(cuts) - 1)]
    rest = _WORD.findall(text[lo:start] + " " + text[end:hi])
    if len(rest) < 3 and not any(_verb(rest, k) for k in range(len(rest))):  # "On Monday, the council will vote"
        if i + 2 < len(cuts):
            hi = cuts[i + 2]
        elif i > 0:
            lo = cuts[i - 1]
    return lo, hi


def _future(text: str, span: tuple[int, int], strict: bool = False, at: int | None = None) -> bool:
    """The clause speaks of the future ("will", "next", "scheduled to"). With ``strict`` "would" alone does not
    count: a month or a year-less date with it is more often past ("said on July 10 that he would resign")
    than months ahead (unless the date sits after it, inside the would-phrase), while a weekday with it is the
    days ahead of reported speech ("would start on Tuesday")."""
    # "would stand again at the elections in May": the date inside the would-phrase is ahead of the speech
    # "announced Thursday that he would delay the address": a would-phrase after the date is no cue for it
    return any(m.group().lower() != "would" or (at is not None and m.start() < at) or (at is None and not strict)
               for m in _FUTURE.finditer(text, span[0], span[1]))


def _week(d: dt.date) -> tuple[dt.date, dt.date]:
    mon = d - dt.timedelta(days=d.weekday())
    return mon, mon + dt.timedelta(days=6)


def _month(y: int, m: int) -> tuple[dt.date, dt.date]:
    while m < 1:
        y, m = y - 1, m + 12
    while m > 12:
        y, m = y + 1, m - 12
    return dt.date(y, m, 1), dt.date(y, m, calendar.monthrange(y, m)[1])


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _nearest_year(m: int, d: int, ref: dt.date, future: bool | None) -> dt.date | None:
    cands = [c for y in (ref.year - 1, ref.year, ref.year + 1) if (c := _safe_date(y, m, d))]
    if future is not None:  # None: either side, whichever is nearer ("an increase planned for Oct. 15")
        cands = [c for c in cands if (c >= ref if future else c <= ref)]
    return min(cands, key=lambda c: abs((c - ref).days)) if cands else None


@lru_cache(maxsize=1024)
def _dateparser(s: str) -> dt.date | None:
    # Only ever called on short numeric candidates ("12/09/2021"); dateparser is too slow for whole texts.
    import dateparser

    got = dateparser.parse(s, languages=["en"], settings={"PREFER_DAY_OF_MONTH": "first"})
    return got.date() if got else None


Resolved = tuple[dt.date | None, str, tuple[dt.date, dt.date] | None, bool, str]


def _absolute(kind: str, m: re.Match[str], ref: dt.date | None, future: bool | None, hint: dt.date | None
              ) -> Resolved:
    """Resolve an absolute date; a missing year comes from the publication date (or the story's hint)."""
    expr = m.group().strip()
    if kind == "slash":
        d = _dateparser(m.group())
        return d, "day", None, False, f"{expr} → {d}" if d else f"{expr}: unparseable"
    if kind == "iso":
        d = _safe_date(int(m["year"]), int(m["m"]), int(m["d"]))
        return d, "day", None, False, f"{expr} → {d}"
    mon = _MONTHS[m["mon"].lower()]
    year = m.groupdict().get("year")
    if kind == "month_year":
        a, b = _month(int(m["year"]), mon)
        return a, "month", (a, b), False, f"{expr} → {a:%Y-%m}"
    day = int(m["day"])
    if year:
        d = _safe_date(int(year), mon, day)
        note = ""
    else:
        base = ref or hint
        if base is None:
            return None, "day", None, False, f"{expr}: unresolved (no year, and the article has no publication date)"
        d = _nearest_year(mon, day, base, future)
        side = "on/after" if future else "on/before" if future is not None else "nearest to"
        note = (f" (year {d.year}: nearest {side} publication {ref})" if ref else
                f" (year {d.year} from the story date {hint}; the article is undated)") if d else ""
    if d is None:
        return None, "day", None, False, f"{expr}: no such date"
    wd = m.groupdict().get("wd")
    if wd and WEEKDAYS[d.weekday()] != wd.lower():
        note += f"; note {d} is a {WEEKDAYS[d.weekday()].title()}, not a {wd}"
    return d, "day", None, not year, f"{expr} → {d}{note}"


def _relative(kind: str, m: re.Match[str], ref: dt.date, future: bool) -> Resolved:
    """Resolve a relative expression against the publication date ``ref``."""
    expr = m.group().strip()
    g = m.groupdict()
    if kind == "weekday":
        wd = WEEKDAYS.index(g["wd"].lower())
        mod = (g.get("mod") or "").lower()
        back = (ref.weekday() - wd) % 7
        ahead = (wd - ref.weekday()) % 7
        future = future or g.get("prep") in ("until", "till")  # "shut until Friday": the end of a period ahead
        if mod == "last" or (mod != "next" and not future) or g.get("prep") == "since":
            d = ref - dt.timedelta(days=back or (7 if mod == "last" else 0))
            why = f"the {g['wd']} {'before' if mod == 'last' else 'on/before'} publication {ref}"
        else:
            d = ref + dt.timedelta(days=ahead or (7 if mod == "next" else 0))
            why = f"the {g['wd']} {'after' if mod == 'next' else 'on/after'} publication {ref}, future tense"
        return d, "day", None, True, f"{expr} → {d} ({why})"
    if kind == "deictic":
        w = g["w"].lower()
        shift = {"today": 0, "tonight": 0, "this": 0, "yesterday": -1, "last": -1, "previous": -1, "tomorrow": 1}[w]
        d = ref + dt.timedelta(days=shift)
        return d, "day", None, True, f"{expr} → {d} (publication {ref} {shift:+d} day{'s' if abs(shift) != 1 else ''})"
    if kind == "ago":
        n = NUMBERS.get((g.get("n") or "").lower()) or (int(g["n"]) if (g.get("n") or "").isdigit() else 0)
        unit = g["unit"]
        if not n:
            return None, "day", None, True, f"{expr}: unresolved (vague interval)"
        if unit in ("day", "week"):
            d = ref - dt.timedelta(days=n * (7 if unit == "week" else 1))
            return d, "day", None, True, f"{expr} → {d} (publication {ref} minus {n} {unit}(s))"
        if unit == "month":
            a, b = _month(ref.year, ref.month - n)
            return a, "month", (a, b), True, f"{expr} → {a:%Y-%m} (publication {ref} minus {n} month(s))"
        a, b = dt.date(ref.year - n, 1, 1), dt.date(ref.year - n, 12, 31)
        return a, "year", (a, b), True, f"{expr} → {a.year}"
    if kind == "period":
        which = g["which"].lower()
        step = -1 if which.split()[-1] in ("last", "previous", "past") else int(which in ("next", "the following"))
        unit = g["unit"]
        if which == "the past":
            a, b = ref - dt.timedelta(days={"week": 7, "month": 30, "year": 365}[unit]), ref
        elif unit == "week":
            a, b = _week(ref + dt.timedelta(days=7 * step))
        elif unit == "month":
            a, b = _month(ref.year, ref.month + step)
        else:
            a, b = dt.date(ref.year + step, 1, 1), dt.date(ref.year + step, 12, 31)
        return a, unit, (a, b), True, f"{expr} → {a} to {b} ({unit} of publication {ref} {step:+d})"
    if kind == "month":
        mon = _MONTHS[g["mon"].lower()]
        fut = future or g["prep"] in ("next", "until", "by")
        y = ref.year + (1 if fut and mon < ref.month else 0) - (1 if not fut and mon > ref.month else 0)
        if g["prep"] == "last" and mon >= ref.month:
            y = ref.year - 1
        a, b = _month(y, mon)
        side = "on/after" if fut else "on/before"
        return a, "month", (a, b), True, f"{expr} → {a:%Y-%m} (the {g['mon']} {side} publication {ref})"
    if kind == "ordinal":
        day = int(g["day"])
        cands = [c for k in (-1, 0, 1) if (c := _safe_date(*_month(ref.year, ref.month + k)[0].timetuple()[:2], day))]
        cands = [c for c in cands if (c >= ref if future else c <= ref)]
        if not cands:
            return None, "day", None, True, f"{expr}: no such day near publication {ref}"
        got = min(cands, key=lambda c: abs((c - ref).days))
        return got, "day", None, True, f"{expr} → {got} (nearest {'after' if future else 'before'} publication {ref})"
    return None, "day", None, True, f"{expr}: unresolved (vague)"


# --- event labels -------------------------------------------------------------------------------------

def _ws(s: str) -> frozenset[str]:
    return frozenset(s.split())


PREPS = _ws("""of in on at by for from with to into onto over under after before during since until about as than per
    via between across near through behind beside among around along against without within towards""")
STOP = PREPS | _ws("""a an the this that these those his her its their our my your he she it they we i you him them us
    me
    and or but nor so yet if when while where which who whom whose what there here also then just only still even
    not no very more most some any all each every both such other another same own up out off down away back""")
AUX = _ws("is are was were be been being has have had do does did will would shall could can may might must 's")
_SUBORDINATORS = _ws("after before since until as than about")  # also prepositions, but may open a clause
_MODALS = _ws("will would shall could can may might must to")
_TO_HEADS = _ws("""due expected set going plans plan planned scheduled promised agreed decided voted tried hopes hoped
    wants wanted able began started continue continued needs needed asked""")
_BE = _ws("is are was were be been being")
REPORTING = _ws("said says say told tells added adds wrote writes stated claimed noted explained insisted asked "
                "questioned according")
IRREGULAR = _ws("""went came fell gave took made held left led met ran saw sent set shot spent stood told said won
    wrote began begun broke brought built bought caught chose cut drew drove fought found got grew hit hung hurt
    kept knew laid lost paid put quit rang rose sank sat shut sold spoke struck swore sworn taken thought threw
    woke wore became done gone seen known given fallen written spoken chosen driven risen shown flew flown blew
    torn beat beaten ate eaten hid hidden read""")
_PRESENT_VERBS = _ws("starts begins opens closes ends resumes arrives runs comes leaves meets")
_NOT_VERBS = _ws("hundred speed seed need indeed feed breed greed shed bed red wed")
EVENT_NOUNS = _ws("""collapse shooting lawsuit suit interview letter election by-election poll polls vote referendum
    meeting conference hearing trial arrest attack crash fire explosion blast storm earthquake flood accident
    incident tragedy death funeral memorial vigil protest strike result announcement statement report reports
    inspection ceremony launch release opening closure visit speech debate count rescue resignation ruling verdict
    sentencing deal agreement summit match concert festival wedding birth murder killing raid evacuation outbreak
    shutdown walkout rally briefing broadcast premiere derailment injury appeal complaint complaints charges
    settlement""")
BUILT = _ws("""bridge crossing road building tower station school church hospital stadium dam tunnel line railway canal
    museum library hall theatre theater house factory plant mill pier port airport market mall""")
_WORD = re.compile(r"[A-Za-z][\w'’-]*|\d[\w,.:]*")


def _verb(words: list[str], i: int) -> bool:
    w = words[i]
    if not w[0].islower() or w in STOP or w in AUX:
        return False
    p = words[i - 1].lower() if i else ""
    p2 = words[i - 2].lower() if i > 1 else ""
    if (p in _MODALS and p != "to") or (p == "be" and p2 in _MODALS) or (p == "to" and p2 in _TO_HEADS):
        return True
    if w in IRREGULAR or w in _PRESENT_VERBS or (w.endswith("ing") and p in _BE) or p in ("has", "have", "had"):
        return True
    return w.endswith("ed") and len(w) > 4 and w not in _NOT_VERBS and p not in ("the", "a", "an")


def _np(words: list[str], i: int, stop: int) -> str | None:
    """Head of the first noun phrase in ``words[i:stop]``: a proper name (up to three words) or a noun."""
    while i < stop and (words[i].lower() in STOP | AUX | NUMBERS.keys() or words[i][0].isdigit()
                        or words[i].endswith("ly")):
        i += 1
    j = i
    while j < stop and words[j].lower() not in STOP and words[j].lower() not in AUX and not _verb(words, j):
        if j > i and words[j][0].isupper() != words[i][0].isupper():
            break
        j += 1
    return _head(words[i:j])


def _head(np: list[str]) -> str | None:
    if not np:
        return None
    name = np[0][0].isupper()
    out = " ".join(np) if name and len(np) <= 3 else np[-1]
    return re.sub(r"['’]s$", "", out if name else out.lower())


def _subject(words: list[str], v: int, lead: int) -> str | None:
    """The noun phrase just before the verb at ``v``; "" for a pronoun; ``None`` when the clause has none.

    When that phrase sits in a prepositional phrase ("a section of the bridge in the town of Velmouth gave
    way") the clause's first noun phrase is the subject instead.
    """
    for _ in range(3):  # "the fire that crippled the ferry broke out": skip an object and its relative clause
        k = v - 1
        while k >= lead and (words[k].lower() in AUX | _MODALS | _TO_HEADS | {"not", "also", "still", "then", "that",
                                                                             "which", "who"}
                             or words[k].endswith("ly") or words[k][0].isdigit()):
            k -= 1
        if k < lead or words[k].lower() in STOP:
            return "" if k >= lead and words[k].lower() in ("he", "she", "it", "they", "we", "i", "you") else None
        j = k
        while j > lead and words[j - 1].lower() not in STOP | AUX and not _verb(words, j - 1):
            j -= 1
        d = j
        while j < k and words[j][0].isupper() != words[k][0].isupper() and words[k][0].isupper():
            j += 1  # "the ferry Gull Spirit": the name is the head
        while d > lead and words[d - 1].lower() in ("the", "a", "an", "its", "his", "her", "their", "this", "that"):
            d -= 1
        if d > lead and _verb(words, d - 1) and words[d - 1].lower() not in REPORTING:
            v = d - 1
            continue
        if d > lead and words[d - 1].lower() in PREPS - _SUBORDINATORS | {"and", "or"}:
            return _np(words, lead, v)
        return _head(words[j:k + 1])
    return None


def event_label(text: str, span: tuple[int, int], start: int, end: int, sentence: tuple[int, int] | None = None
                ) -> str | None:
    """A short label for the event a date expression dates, from its clause ``span``.

    Tried in order: a noun the date modifies ("the Oct. 21 shooting", "Tuesday's collapse"); an event noun
    near the date, with a participle or verb next to it ("lawsuit filed", "letter posted"), unless a verb is
    clearly nearer; the verb nearest the date with its subject ("Hutchins killed", "span collapsed"), or its
    object when the subject is a pronoun ("cracks reported"). ``None`` when nothing fits.
    """
    before = _WORD.findall(text, span[0], start)
    words = before + _WORD.findall(text, end, span[1])
    at = len(before)  # the date sits between words[at - 1] and words[at]
    low = [w.lower() for w in words]
    mod = re.match(r"['’]s\s+|\s+", text[end:end + 3])
    if mod and at < len(words) and words[at][0].islower() and low[at] not in STOP and not _verb(words, at):
        det = [w for w in low[max(0, at - 3):at] if w in ("the", "a", "an", "its", "his", "her", "their")]
        if mod.group().startswith(("'", "’")) or det:  # "Tuesday's collapse", "the Oct. 21 shooting"
            nxt = at + 1 < len(words) and words[at + 1][0].islower() and low[at + 1] not in STOP and not _verb(
                words, at + 1)
            return low[at + 1] if nxt else low[at]
    dist = sorted(range(len(words)), key=lambda k: (abs(k - at + 0.5), k))
    nouns = [k for k in dist if (low[k] in EVENT_NOUNS or (low[k][-1] == "s" and low[k][:-1] in EVENT_NOUNS))
             and abs(k - at + 0.5) <= 12 and (words[k][0].islower() or k == 0)]
    verbs = [k for k in dist if _verb(words, k)]
    verbs = [k for k in verbs if low[k] not in REPORTING][:1] or verbs[:1]
    if nouns and not (abs(nouns[0] - at + 0.5) <= 8 and (not verbs or abs(nouns[0] - at + 0.5) <= abs(
            verbs[0] - at + 0.5) + 2)):
        nouns = [k for k in nouns if verbs and 0 < k - verbs[0] <= 5]  # "named in a lawsuit": the noun says more
    if nouns:
        k = nouns[0]
        noun = f"{low[k - 1]} {low[k]}" if k and low[k - 1] in ("press", "news") else low[k]
        if k + 1 < len(words) and low[k + 1].endswith("ed") and _verb(words, k + 1):
            return f"{noun} {low[k + 1]}"
        if k + 1 < len(words) and low[k + 1] in ("date", "dates"):
            # "announced the election date Wednesday": the day the date was set, not the election's
            verb = next((low[v] for v in verbs if low[v] not in REPORTING), None)
            return f"{noun} date {verb}" if verb else f"{noun} date"
        d = k - 1
        while d >= 0 and low[d] not in STOP and not _verb(words, d):
            d -= 1
        while d >= 0 and low[d] in ("the", "a", "an", "its", "his", "her", "their", "this", "that"):
            d -= 1
        prior = [v for v in range(max(0, k - 6), k) if _verb(words, v) and low[v] not in REPORTING]
        in_pp = d >= 0 and low[d] in PREPS  # "in an interview": not the object of the verb before it
        return f"{noun} {low[prior[-1]]}" if prior and not in_pp else noun
    if not verbs:
        return None
    v = verbs[0]
    lead = max([k + 1 for k in range(v) if low[k] in REPORTING or (low[k] == "that" and k and low[k - 1] in REPORTING)],
               default=0)
    subject = _subject(words, v, lead)
    if subject == "":
        subject = _np(words, v + 1, min(len(words), v + 5))
    elif subject is None and sentence and sentence[0] < span[0]:  # "The bridge, which opened in 1964"
        head = _WORD.findall(text, sentence[0], span[0])
        subject = _np(head, 0, len(head))
    particle = v + 1 < len(words) and (low[v + 1] in ("way", "up", "down", "off", "out", "away")
                                       or (low[v] == "sworn" and low[v + 1] == "in"))
    verb = f"{low[v]} {low[v + 1]}" if particle else low[v]
    return f"{subject} {verb}" if subject else verb


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


# --- across articles -----------------------------------------------------------------------------------

_INCIDENT = _ws("""collapse collapsed fell fall gave-way crash crashed shooting shot killed killing death died accident
    incident tragedy explosion exploded blast attack derailment""")
# One-off happenings whose dates are compared across articles: word → event class.
_CLASSES = {w: cls for cls, words in {
    "collapse": "collapse collapsed fell gave-way", "shooting": "shooting shot", "death": "killed death died",
    "crash": "crash crashed", "election": "election by-election poll polls", "lawsuit": "lawsuit",
    "arrest": "arrest arrested", "resignation": "resigned resignation", "explosion": "explosion exploded",
    "opening": "opened opening", "birth": "born birth", "fire": "fire blaze", "verdict": "verdict",
    "funeral": "funeral"}.items() for w in words.split()}


_SAME_THING = {"factory": "plant", "works": "plant", "crossing": "bridge", "span": "bridge"}


def _stem(w: str) -> str:
    for suf in ("ing", "ied", "ies", "ed", "es", "s", "e"):
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            return w[:-len(suf)] + ("y" if suf in ("ied", "ies") else "")
    return w


@lru_cache(maxsize=16384)
def _words(label: str) -> tuple[str, ...]:
    return tuple(label.lower().replace("gave way", "gave-way").split())


@lru_cache(maxsize=16384)
def _stems(label: str) -> frozenset[str]:
    return frozenset(_stem(w) for w in _words(label) if w not in STOP and w not in REPORTING)


@lru_cache(maxsize=16384)
def _incident(label: str) -> bool:
    return not _INCIDENT.isdisjoint(_words(label))


def _same_event(a: str, b: str) -> bool:
    """Labels of one happening: a shared word stem, or both naming an incident ("collapse", "fell")."""
    return not _stems(a).isdisjoint(_stems(b)) or (_incident(a) and _incident(b))


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


def timeline(dates_by_article: dict[str, list[DateMention]], texts: Mapping[str, str] | None = None) -> list[dict]:
    """Merge the dated events of a story into a timeline.

    Mentions with the same date and granularity are one event when their labels share a word stem or both
    name an incident ("shooting", "killed"). Unlabelled and unresolved mentions are left out.

    Args:
        dates_by_article: article id → mentions from :func:`extract_dates`.

        texts: article id → text; with it, dates whose surroundings say they are no event are left out
            (:func:`in_context_event`) and ``text`` is the clause that tells the event, ``label`` its short name.

    Returns:
        ``[{"date", "granularity", "text", "label", "citations", "resolutions", "approximate"}]`` sorted by date.
    """
    items = [m for ms in dates_by_article.values() for m in ms if m.date and m.event and is_event(m)
             and (texts is None or m.article_id not in texts or in_context_event(texts[m.article_id], m))]
    parent = list(range(len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_day: dict[tuple[dt.date, str], list[int]] = {}
    for i, m in enumerate(items):
        by_day.setdefault((m.date, m.granularity), []).append(i)  # type: ignore[arg-type]
    for group in by_day.values():
        for x, i in enumerate(group):
            a = items[i].event or ""
            for j in group[x + 1:]:
                b = items[j].event or ""
                if _same_event(a, b):
                    parent[find(i)] = find(j)
    groups: dict[int, list[DateMention]] = {}
    for i, m in enumerate(items):
        groups.setdefault(find(i), []).append(m)
    out = []
    for ms in groups.values():
        # The label sharing a word with most of the group ("collapse" over "section gave way").
        labels = sorted({m.event or "" for m in ms}, key=lambda e: (
            -sum(bool(_stems(e) & _stems(x.event or "")) for x in ms),
            not any(w in _CLASSES for w in _words(e)), len(e), e))  # then one naming the kind of event
        told = next((m for m in ms if m.event == labels[0]), ms[0])
        shown = _clause_text(texts[told.article_id], told) if texts and told.article_id in texts else labels[0]
        out.append({"date": ms[0].date.isoformat(), "granularity": ms[0].granularity,  # type: ignore[union-attr]
                    "text": shown or labels[0], "label": labels[0], "citations": sorted({m.article_id for m in ms}),
                    "resolutions": sorted({m.resolution for m in ms}),
                    # every mention a guess (an undated article's weekday counted from the story date, …)
                    "approximate": all(m.approximate for m in ms)})
    return sorted(out, key=lambda e: (e["date"], e["label"]))


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
                   ) -> list[dict]:
    """The same event given different dates by different articles.

    Only one-off events are compared (a collapse, a shooting, a death, an election, a lawsuit, a bridge's
    opening year…), so that repeated happenings (statements, meetings) are not mistaken for conflicts. An
    article giving one event two dates is ambiguous about it and is left out of that comparison.

    Args:
        dates_by_article: article id → mentions from :func:`extract_dates`.
        independence: article id → independence group, to say which value most independent sources give.

    Returns:
        ``[{"kind": "date", "about", "values": [{"value", "articles"}], "likely_correct", "reason"}]``; values
        are ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` by granularity, most supported first.
    """
    groups = independence or {}
    by_key: dict[tuple[str, ...], list[DateMention]] = {}
    for ms in dates_by_article.values():
        for m in ms:
            if m.date and (key := _conflict_key(m)):
                by_key.setdefault(key, []).append(m)
    out = []
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
        out.append({"kind": "date", "about": about,
                    "values": [{"value": v, "articles": sorted(values[v])} for v in ranked],
                    "likely_correct": top if sure else None,
                    "reason": f"{len(ranked)} different dates for '{about}'; {top} is given by {n_top} "
                              f"independent source(s)"})
    return out
