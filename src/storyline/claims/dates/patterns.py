"""The date expressions searched for, the :class:`DateMention` record and sentence spans.

Patterns are regular expressions, one per kind of expression (absolute "Oct. 21", relative "last week",
anchored "two days after the collapse"); :data:`PATTERNS` only runs in windows around anchor words
(:data:`_ANCHOR`), which makes extraction about four times faster.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

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


def _future(text: str, span: tuple[int, int], strict: bool = False, at: int | None = None) -> bool:
    """The clause speaks of the future ("will", "next", "scheduled to"). With ``strict`` "would" alone does not
    count: a month or a year-less date with it is more often past ("said on July 10 that he would resign")
    than months ahead (unless the date sits after it, inside the would-phrase), while a weekday with it is the
    days ahead of reported speech ("would start on Tuesday")."""
    # "would stand again at the elections in May": the date inside the would-phrase is ahead of the speech
    # "announced Thursday that he would delay the address": a would-phrase after the date is no cue for it
    return any(m.group().lower() != "would" or (at is not None and m.start() < at) or (at is None and not strict)
               for m in _FUTURE.finditer(text, span[0], span[1]))
