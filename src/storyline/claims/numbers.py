"""Numbers in news text: value, qualifier interval, unit, what is counted, and a slot to compare them by.

Extraction is rule-based and fast (regular expressions over the article; no parser model). Numbers that
belong to dates, times, phone numbers, addresses, scores, ordinals, decades and names ("Route 66") are
skipped; years, ages, money, percentages and measures are typed so that they never pass for counts.

Qualifiers become intervals: "more than 20" is ``(20, ∞)``, "at least 20" ``[20, ∞)``, "about 20"
``[18, 22]`` (±10 %, at least ±1), "nearly 20" ``[18, 20)``, "up to 20" ``[0, 20]``; round figures of a
thousand or more and amounts with "million"/"bn" carry half a unit of their last digit.

The **slot** says what a number is about so that articles can be compared: the lemma of the counted noun
and the normalised verb that governs it — "signed by 20 cast and crew members" and "co-signed by 25 crew
members" both give ``member|sign``; "14 injured", "injuring fourteen people" and "41 people were hurt" give
``person|injure``. :func:`number_conflicts` reports a slot whose values cannot all be true together.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..model import Article

__all__ = ["NumberFact", "comparable_slot", "compatible", "extract_numbers", "number_conflicts", "number_stances",
           "torn_articles", "words_to_number"]

INF = math.inf


@dataclass(slots=True)
class NumberFact:
    """One number in an article, with the interval it stands for and what it is about.

    Attributes:
        article_id: the article.
        start: start of the number expression (qualifier included) in ``article.text``.
        end: end of the expression.
        text: the expression as written ("more than 20", "$1.2 million", "Fourteen").
        value: the number itself (20 for "more than 20"; the lower end for "dozens").
        low: lower end of the interval the expression allows.
        high: upper end (``math.inf`` when open-ended).
        low_open: the lower end is excluded ("more than").
        high_open: the upper end is excluded ("fewer than", "nearly", or infinite).
        unit: currency code, unit of measure ("minute", "metre"), "percent", "year" or ``None`` for counts.
        kind: count | money | age | percent | measure | year.
        counted: lemma of the counted noun ("member", "person"), if any.
        slot: comparison key ("member|sign", "percent|turnout"); ``None`` when the context is too thin.
        sentence: span of the sentence holding the number.
    """

    article_id: str
    start: int
    end: int
    text: str
    value: float
    low: float
    high: float
    low_open: bool
    high_open: bool
    unit: str | None
    kind: str
    counted: str | None
    slot: str | None
    sentence: tuple[int, int]
    qualifier: str = ""


# --- lexicon ----------------------------------------------------------------------------------------

_SMALL = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen".split())}
_TENS = {w: 10 * (i + 2) for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())}
_SCALE = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_VAGUE = {"dozens": (24, 144), "scores": (40, 200), "hundreds": (200, 1_000), "thousands": (2_000, 1_000_000),
          "millions": (2_000_000, 1e9)}
_NW = "|".join([*_SMALL, *_TENS, *_SCALE, "dozen", *_VAGUE])
_WORDNUM = re.compile(rf"\b(?:an?\s+(?=(?:dozen|hundred|thousand|million|billion)\b))?(?:{_NW})"
                      rf"(?:(?:\s+and\s+|[\s-])(?:{_NW})\b)*\b", re.I)
_DIGITS = re.compile(r"(?<![\w.,/:#-])(?P<cur>US\$|[$£€¥])?\s?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
                     r"(?:\s?(?P<mag>million|billion|trillion|thousand|bn|m|k)\b)?"
                     r"(?P<pct>\s?(?:%|per\s?cent\b|percent\b|percentage\s+points?\b))?", re.I)
_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|"
          r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_ALPHA = re.compile(r"[A-Za-z]+")
_NUMBER_WORDS = frozenset(_NW.split("|"))
_A_SCALE = re.compile(r"\s+(?:dozen|hundred|thousand|million|billion)\b", re.I)
_MONEY_CTX = re.compile(
    r"\b(cost|costs|fine[sd]?|settlement|damages|budget\w*|salary|price|fund(?:s|ing)?|raised?|invest\w*|paid|pay|"
    r"donat\w+|compensation|bail|bid|deal|revenue|profit|loss|sales|bill|award\w*|grant|bonus|seek\w*|sought|worth|"
    r"spend\w*|spent)\b", re.I)
_UNIT_SUFFIX = re.compile(r"(km|kg|cm|mm|ft|mph|kph|m)\b")  # "4.7m", "30km"
_RATIO_BEFORE = re.compile(r"\b(?:[Oo]ne|\d+)\s+in\s+(?:every\s+)?$")  # "one in five"
_OCLOCK = re.compile(r"\s+o['’]clock\b")
_SMALLW = "two|three|four|five|six|seven|eight|nine|ten|twenty|fifty|hundred|thousand"
_EXCLUDE = re.compile("|".join([
    rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}})?",          # Oct. 21, October 14, 2025
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+\d{{4}})?",  # 16 Oct 2025
    rf"\b{_MONTH}\s+\d{{4}}\b",                                             # May 2026
    rf"\b\d{{1,2}}\s*(?:-|–|and|to)\s*\d{{1,2}}\s+{_MONTH}",                  # 3 and 14 June
    r"\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b",               # ISO and slashed dates
    r"\b\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?\s?m\b\.?)?",                   # 5:40, 5:40 p.m.
    r"\b\d{1,2}(?:\.\d{2})?\s?[ap]\.?m\b\.?",                               # 5.40pm, 9 p.m., 7am
    r"\b\d{1,2}\s+o['’]clock\b",                                             # 9 o'clock
    r"(?<![\w,.])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,5}\)\s?)?\d{3,5}[\s.-]\d{3,4}(?:[\s.-]\d{2,4})?(?![\w,])",  # phones
    r"\b\d+(?:st|nd|rd|th)\b",                                               # ordinals
    rf"\b(?:[Oo]ne|\d+)\s+in\s+(?:every\s+)?(?:\d+|{_SMALLW})\b",               # one in five (a ratio)
    r"(?:\b\d{2}|['’])\d0s\b",                                               # 1990s, ’90s
    r"(?:\b(?:No|Nos|no|Number|number)\.?|#)\s?\d+\b",                       # No. 10, number 14 bus
    r"\b\d{1,5}[A-Za-z]?\s+(?:[A-Z][a-z]+\s+){1,3}(?:Street|St|Road|Rd|Avenue|Ave|Lane|Boulevard|Blvd|Drive|Way|"
    r"Place|Row|Terrace|Close|Court|Square|Crescent|Gardens|Parade|Highway)\b",  # street addresses
]))
_DIGIT_RUN = re.compile(r"\d+")
_TOKEN_AROUND = re.compile(r"\S*(?:@|://|www\.)\S*")  # e-mail addresses and URLs
_SCORE = re.compile(r"\b(\d{1,2})\s?[-–]\s?(\d{1,2})\b")
_SCORE_CTX = re.compile(r"\b(?:won|win|wins|lost|lose|beat|beaten|defeated|drew|draw|victory|defeat|score|scored|"
                        r"scoreline|lead|led|trail|trailing|vote|ruling|decision|margin|split|match|game|final)\b",
                        re.I)
_QUALIFIERS: list[tuple[str, str]] = [
    (r"in excess of|more than|upwards of|greater than|well over|just over|a little over|a little more than|"
     r"north of|over|above", "more than"),
    (r"at least|no fewer than|no less than|not less than|a minimum of", "at least"),
    (r"fewer than|less than|just under|under|below|short of", "fewer than"),
    (r"up to|at most|no more than|not more than|a maximum of|as many as|within|inside", "up to"),
    (r"nearly|almost|just shy of|close to", "nearly"),
    (r"about|around|roughly|approximately|some|an estimated|estimated|circa|approx\.|more or less|an average of",
     "about"),
]
_QUAL_BEFORE = re.compile(r"(?:\b(?P<q>" + "|".join(p for p, _ in _QUALIFIERS) + r"))\s+$", re.I)
_QUAL_AFTER = re.compile(r"^\s*(?:(?P<plus>or more|and more|and over|\+|-plus|plus)|(?P<orso>or so)|"
                         r"(?P<less>or fewer|or less))\b", re.I)
_RANGE_AFTER = re.compile(r"^\s*(?:-|–|to|and)\s*(?P<n>\d[\d,]*(?:\.\d+)?)\b")
_UNITS = {
    "second": ("second", 1), "sec": ("second", 1), "minute": ("minute", 60), "min": ("minute", 60),
    "hour": ("hour", 3600), "hr": ("hour", 3600), "day": ("day", 86400), "week": ("week", 604800),
    "month": ("month", 2.63e6), "year": ("year", 3.156e7), "decade": ("decade", 3.156e8),
    "century": ("century", 3.156e9), "centurie": ("century", 3.156e9),
    "millimetre": ("metre", 0.001), "mm": ("metre", 0.001), "centimetre": ("metre", 0.01), "cm": ("metre", 0.01),
    "metre": ("metre", 1), "meter": ("metre", 1), "m": ("metre", 1), "kilometre": ("metre", 1000),
    "kilometer": ("metre", 1000), "km": ("metre", 1000), "foot": ("metre", 0.3048), "feet": ("metre", 0.3048),
    "ft": ("metre", 0.3048), "yard": ("metre", 0.9144), "mile": ("metre", 1609.34), "inch": ("metre", 0.0254),
    "kilogram": ("kilogram", 1), "kg": ("kilogram", 1), "tonne": ("kilogram", 1000), "ton": ("kilogram", 1000),
    "gram": ("kilogram", 0.001), "mph": ("mph", 1), "kph": ("km/h", 1), "knot": ("knot", 1),
    "acre": ("acre", 1), "hectare": ("hectare", 1), "litre": ("litre", 1), "liter": ("litre", 1),
    "gallon": ("gallon", 1), "degree": ("degree", 1), "storey": ("storey", 1), "story": ("storey", 1),
}
_CURRENCY = {"$": "USD", "US$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY", "dollar": "USD", "pound": "GBP",
             "euro": "EUR", "yen": "JPY"}
_MAG = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12}
#: Verb forms → the event they report; nouns counted with them meet in one slot.
_EVENTS = {
    **dict.fromkeys("injure injured injures injuring hurt hurting harm harmed harming wound wounded wounding "
                    "wounds".split(), "injure"),
    **dict.fromkeys("kill killed kills killing dead die died dying".split(), "kill"),
    **dict.fromkeys("sign signed signs signing co-signed co-signing cosigned countersigned undersigned".split(),
                    "sign"),
    **dict.fromkeys("arrest arrested arresting detained".split(), "arrest"),
    **dict.fromkeys("evacuate evacuated evacuating".split(), "evacuate"),
    **dict.fromkeys("rescue rescued rescuing".split(), "rescue"),
    **dict.fromkeys("missing".split(), "miss"),
    **dict.fromkeys("hospitalised hospitalized".split(), "hospitalise"),
    **dict.fromkeys("displaced".split(), "displace"),
    **dict.fromkeys("cut cuts cutting shed sheds shedding axe axed axes axing slash slashed slashing scrap scrapped "
                    "scrapping".split(), "cut"),
}
_EVENT_DESC = {"injure": "injured", "kill": "killed", "sign": "who signed", "arrest": "arrested",
               "evacuate": "evacuated", "rescue": "rescued", "miss": "missing", "hospitalise": "in hospital",
               "displace": "displaced", "cut": "cut"}
#: Verbs that say nothing about what a number is: "a bus carrying 23 passengers" is about passengers.
_NEUTRAL = frozenset("carry carrying carried carries with have has had having include includes included including "
                     "contain contains containing hold holds held holding convey conveying conveyed transport "
                     "transporting board on-board totalling totaling numbering".split())
_NOUN_LEMMA = {"people": "person", "persons": "person", "individuals": "person", "individual": "person",
               "men": "man", "women": "woman", "children": "child", "feet": "foot", "staff": "staff",
               "police": "police", "crewmembers": "member", "crewmember": "member", "travelers": "passenger",
               "travellers": "passenger", "commuters": "passenger", "deaths": "person", "fatalities": "person",
               "injured": "person", "dead": "person", "wounded": "person", "signatories": "member",
               "signatory": "member", "lives": "life", "arrests": "person", "arrest": "person"}
#: Nouns that name the event itself: "two arrests" counts people arrested, "three deaths" people killed.
_EVENT_NOUNS = {"arrests": "arrest", "arrest": "arrest", "deaths": "kill", "death": "kill", "fatalities": "kill",
                "fatality": "kill"}
#: Nouns counted once per event: a noun-only slot ("23 passengers") may conflict only for these.
_REFERENT = frozenset("passenger victim casualty death hostage survivor protester signatory evacuee refugee migrant "
                      "attendee spectator delegate juror member".split())
_GENERIC = frozenset("person man woman child".split())
_STOP = frozenset(
    "the a an of in on at to for from by with were was are is be been being have has had who which that than as "
    "per each their his her its our and or but after before during since while when this these those into onto "
    "over under about between among more less than also all only just still more some any no not it they them he "
    "she we you i there here what where how why whose whom if then so such very too up down out off away back "
    "will would could should may might must can do does did said says told a.m p.m am pm".split())
_AUX = frozenset("were was are is been being be have has had reportedly also all later now still then being "
                 "officially initially to will would could must may might should can".split())
_ONE_NOUNS = frozenset("person man woman child boy girl driver passenger officer firefighter worker member patient "
                       "victim death student resident soldier car vehicle bus".split())
_WORD = re.compile(r"[A-Za-z][\w’'\-]*|[^\w\s]")
_SENT_END = re.compile(r"[.!?][\"”’')]*\s+(?=[\"“‘'(]?[A-Z0-9])|\n+")
_ABBR = re.compile(r"\b(?:Dr|Mr|Mrs|Ms|St|Jr|Sr|Prof|No|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|vs|etc|"
                   r"Inc|Ltd|Co|Mt|[A-Z])\.$|\b[ap]\.m\.$")
_NAME_BEFORE = re.compile(r"\b([A-Z][a-z]+\.?)\s+$")
_AGE_APPOS = re.compile(r"([A-Z][\w’'\-]+(?:\s+[A-Z][\w’'\-]+)*|\b[a-z/]+)\s*,\s*$")


def _sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans by punctuation and line breaks; abbreviations do not end a sentence."""
    spans, start = [], 0
    for m in _SENT_END.finditer(text):
        if m.group()[0] == "." and _ABBR.search(text[max(0, m.start() - 6):m.start() + 1]):
            continue
        if m.start() + 1 > start:
            spans.append((start, m.start() + (0 if m.group()[0] == "\n" else 1)))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def words_to_number(phrase: str) -> float | None:
    """The value of a number written in words ("two dozen" → 24, "ten thousand" → 10000), or ``None``."""
    parsed = _words_value(phrase)
    return parsed[0] if parsed else None


def _words_value(phrase: str) -> tuple[float, float, float] | None:
    """Value (and vague interval) of a number-word phrase: "two dozen" → 24, "hundreds" → (200, 1000)."""
    toks = [t for t in re.split(r"[\s-]+", phrase.lower()) if t not in ("and", "a", "an")]
    if len(toks) == 1 and toks[0] in _VAGUE:
        lo, hi = _VAGUE[toks[0]]
        return lo, lo, hi
    total, cur = 0.0, 0.0
    for t in toks:
        if t in _SMALL:
            cur += _SMALL[t]
        elif t in _TENS:
            cur += _TENS[t]
        elif t == "dozen":
            cur = (cur or 1) * 12
        elif t == "hundred":
            cur = (cur or 1) * 100
        elif t in _SCALE:
            total += (cur or 1) * _SCALE[t]
            cur = 0
        else:
            return None
    v = total + cur
    return v, v, v


def _lemma(word: str) -> str:
    w = word.lower().strip("’'")
    if w in _NOUN_LEMMA:
        return _NOUN_LEMMA[w]
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("ses", "xes", "ches", "shes")):
        return w[:-2]
    if w.endswith("s") and not w.endswith(("ss", "us", "is")) and len(w) > 3:
        return w[:-1]
    return w


def _stem(verb: str) -> str:
    """A crude verb key: "received", "receives", "receiving" → "receiv"."""
    v = verb.lower()
    for suf in ("ing", "ed", "es", "s", "e"):
        if v.endswith(suf) and len(v) - len(suf) >= 3:
            v = v[: -len(suf)]
            break
    if len(v) > 3 and v[-1] == v[-2] and v[-1] not in "aeiouls":
        v = v[:-1]
    return v[:-1] + "i" if v.endswith("y") else v


def _verbish(word: str) -> bool:
    w = word.lower()
    return w in _EVENTS or w in _NEUTRAL or (w.endswith(("ed", "ing")) and len(w) > 4) or w in ("hurt", "left")


def _interval(v: float, qual: str, tol: float) -> tuple[float, float, bool, bool]:
    if qual == "more than":
        return v, INF, True, True
    if qual == "at least":
        return v, INF, False, True
    if qual == "fewer than":
        return 0.0, v, False, True
    if qual == "up to":
        return 0.0, v, False, False
    if qual == "nearly":
        return v - max(0.1 * v, 1.0), v, False, True
    if qual == "about":
        d = max(0.1 * v, 1.0, tol)
        return v - d, v + d, False, False
    return v - tol, v + tol, False, False


def _tolerance(num: str, mag: float) -> float:
    """Half a unit of the last significant digit of a round figure (11,000 → 500; 1.2 million → 50,000)."""
    digits = num.replace(",", "")
    if "." in digits:
        return 0.5 * 10 ** -len(digits.split(".")[1]) * mag if mag > 1 else 0.0
    value = int(digits or 0) * mag
    if value < 1000:
        return 0.0
    zeros = len(digits) - len(digits.rstrip("0"))
    return 0.5 * 10 ** zeros * mag if zeros else 0.0


def _np_after(text: str, pos: int) -> tuple[list[str], int]:
    """The words of the noun phrase starting at ``pos`` ("cast and crew members") and where it ends."""
    words: list[str] = []
    end = pos
    for m in _WORD.finditer(text, pos, min(len(text), pos + 80)):
        w = m.group()
        gap = text[end:m.start()]
        if (words and gap not in (" ", "")) or (not words and gap.strip()) or not w[0].isalpha():
            break
        low = w.lower()
        if low in ("and", "or") and words and not _plural(words[-1]):
            words.append(low)
            end = m.end()
            continue
        if low in _STOP or low in _EVENTS or (words and low.endswith("ing")) or len(words) >= 4:
            break
        words.append(w)
        end = m.end()
        if _plural(w) and low not in _NEUTRAL:
            break
    while words and words[-1] in ("and", "or"):
        words.pop()
    return words, end


def _plural(word: str) -> bool:
    w = word.lower()
    return w in _NOUN_LEMMA or (w.endswith("s") and not w.endswith(("ss", "us", "is")) and len(w) > 2)


def _context_verbs(text: str, before: str, np_end: int) -> tuple[str | None, str | None, str | None]:
    """The verb before the number (passive agent aware), the verb after the noun phrase, and a holder name."""
    toks = re.findall(r"[A-Za-z][\w’'\-]*", before[-60:])
    bverb = holder = None
    k = len(toks) - 1
    while k >= 0 and toks[k].lower() in ("the", "a", "an", "all", "only", "just", "another", "some", "those"):
        k -= 1
    if k >= 0 and toks[k].lower() == "by":  # "signed by 20 …"
        k -= 1
    if k >= 0 and _verbish(toks[k]) and not before.rstrip().endswith(","):
        bverb = toks[k].lower()
        if k > 0 and toks[k - 1][0].isupper() and bverb not in _EVENTS and bverb not in _NEUTRAL:
            holder = toks[k - 1].lower()  # "Marwick received 4,812 votes": a count of hers, not of the story
    aft = re.findall(r"[A-Za-z][\w’'\-]*|[,.;:]", text[np_end:np_end + 60])
    averb = None
    for t in aft:
        low = t.lower()
        if low in _AUX or (low.endswith("ly") and len(low) > 4):
            continue
        if _verbish(t) or low in _EVENTS:
            averb = low
        break
    return bverb, averb, holder


def _slot_for_count(counted: str | None, bverb: str | None, averb: str | None, holder: str | None) -> str | None:
    event = next((_EVENTS[v] for v in (bverb, averb) if v and v in _EVENTS), None)
    if counted is None:
        return None
    if event:
        return f"{counted}|{event}" + (f"|{holder}" if holder else "")
    # Only the governing verb before the number counts; a verb after the noun is often a modifier
    # ("23 passengers tilted over the river") and would split one quantity into several slots.
    if bverb and bverb not in _NEUTRAL:
        return f"{counted}|{_stem(bverb)}" + (f"|{holder}" if holder else "")
    return counted


def _fact(article: Article, s: int, e: int, value: float, vague: tuple[float, float] | None, num: str,
          cur: str | None, mag: float, pct: bool, sent: tuple[int, int]) -> NumberFact | None:
    text = article.text
    before = text[sent[0]:s]
    q = _QUAL_BEFORE.search(before[-30:])
    qual = ""
    if q:
        qual = next(c for p, c in _QUALIFIERS if re.fullmatch(p, q.group("q"), re.I))
        s -= len(before[-30:]) - q.start("q")
        before = text[sent[0]:s]
    after = text[e:e + 80]
    a = _QUAL_AFTER.match(after)
    if a and not qual:
        qual = "at least" if a.group("plus") else "about" if a.group("orso") else "up to"
        e += a.end()
        after = text[e:e + 80]
    high_override = None
    r = _RANGE_AFTER.match(after)
    if r and not cur and not pct and (after.lstrip()[:1] in "-–" or re.search(r"\bbetween\s+$", before, re.I)):
        high_override = float(r.group("n").replace(",", ""))
        e += r.end()
        after = text[e:e + 80]
    tol = _tolerance(num, mag) if num else 0.0
    low, high, lo_open, hi_open = _interval(value, qual, tol)
    if vague:
        low, high, lo_open, hi_open = vague[0], vague[1], False, True
    if high_override is not None and high_override > value:
        low, high, lo_open, hi_open = value, high_override, False, False
    kind, unit, counted, slot = "count", None, None, None
    comp = re.match(r"-(?P<w>[a-z]+)(?:-(?P<w2>[a-z]+))?(?:-(?P<w3>[a-z]+))?", after)
    words_after = re.match(r"\s+([A-Za-z][\w’'\-]*)", after)
    next_word = words_after.group(1) if words_after else ""
    integral = value == int(value) and value < 130
    if (comp and comp.group("w") in ("year", "years") and comp.group("w2") == "old") or \
            re.match(r"\s+years?\s+old\b", after) or re.search(r"\b(?:aged|age|ages)\s+$", before, re.I):
        kind, unit = "age", "year"
        noun = re.match(r"[\w-]*\s+([a-z]+)", after)
        counted = noun.group(1) if noun and noun.group(1) not in _STOP else None
    elif integral and not qual and (
            (re.match(r"\s*[,)]", after) and _AGE_APPOS.search(before) and re.search(r"[,(]\s*$", before))
            or (re.search(r"\b(?:he|she|who)\s+(?:was|is)\s+$", before, re.I)
                and re.match(r"\s*(?:[.,;]|and\b|when\b)", after))):
        kind, unit = "age", "year"
        holder = _AGE_APPOS.search(before)
        if holder and holder.group(1)[0].isupper():
            counted = holder.group(1)
            slot = f"age|{holder.group(1).split()[-1].lower()}"
    elif cur or re.match(r"\s+(?:dollars|pounds|euros|yen)\b", after):
        kind = "money"
        word_cur = re.match(r"\s+(\w+?)s?\b", after)
        unit = _CURRENCY.get(cur or "") or (_CURRENCY.get(word_cur.group(1).lower()) if word_cur else None)
        money_ctx = _MONEY_CTX.findall(text, sent[0], sent[1])
        slot = f"money|{_stem(money_ctx[0])}" if money_ctx else None
    elif pct:
        kind, unit = "percent", "percent"
        subj = re.search(r"\b([a-z]+)\s+(?:of|at)\s+$", before) or re.search(
            r"(?:^|[,;:]\s*)([A-Za-z]+)[^,;:]*?\b(?:was|is|stood at|rose to|fell to|reached|hit)\s+$", before)
        noun = re.match(r"\s*(?:%|per\s?cent|percent)?\s*([a-z]+)", after)
        word = subj.group(1) if subj and subj.group(1).lower() not in _STOP else (
            noun.group(1) if noun and noun.group(1) not in _STOP else None)
        slot = f"percent|{_lemma(word)}" if word else None
    elif num and len(num) == 4 and num.isdigit() and 1000 <= value <= 2100 and not qual and not (
            _plural(next_word) and next_word.lower() not in _STOP
            and not re.search(r"\b(?:in|since|by|from|until|of|before|after|the|year|circa)\s+$", before, re.I)):
        kind, unit = "year", "year"
        v = re.search(r"\b([a-z]+ed)\s+in\s+$", before)
        slot = f"year|{_stem(v.group(1))}" if v else None
    elif (comp and _lemma(comp.group("w")) in _UNITS) or _lemma(next_word) in _UNITS or (
            attached := _UNIT_SUFFIX.match(after)):
        kind = "measure"
        word = comp.group("w") if comp and _lemma(comp.group("w")) in _UNITS else (
            next_word if _lemma(next_word) in _UNITS else attached.group(1) if attached else next_word)
        unit = _UNITS[_lemma(word)][0]
        after_comp = re.match(r"-[a-z]+\s+([a-z]+)", after) if comp else None
        of = re.search(r"\b([a-z]+)\s+of\s+$", before)
        context = after_comp.group(1) if after_comp and after_comp.group(1) not in _STOP else (
            of.group(1) if of and of.group(1) not in _STOP else None)
        slot = f"{unit}|{_lemma(context)}" if context else None
    else:
        part = re.match(r"\s+of\s+(?:the|them|those|these|whom|which|us|our|their)\b", after)
        if comp:  # "two-page letter": an attribute of the noun after it
            head = re.match(r"-[a-z]+\s+([a-z]+)", after)
            counted = _lemma(comp.group("w"))
            slot = f"{counted}|{_lemma(head.group(1))}" if head and head.group(1) not in _STOP else None
        elif not part:
            words, np_end = _np_after(text, e)
            first = next_word.lower()
            if first in _EVENTS and _EVENTS[first] in ("injure", "kill", "miss", "arrest", "evacuate", "rescue"):
                counted, words, np_end = "person", [], e  # "14 injured", "three dead"
            elif words:
                counted = _lemma(words[-1])
            elif re.match(r"\s+(?:were|have been|had been|are|was)\s+(?:\w+ly\s+)?(?:\w+)", after):
                counted = "person" if _context_verbs(text, before, e)[1] in _EVENTS else None  # "17 were injured"
            if value == 1 and not num and (counted is None or counted not in _ONE_NOUNS):
                return None  # "one of them", "one day": not a count
            bverb, averb, owner = _context_verbs(text, before, np_end)
            if counted == "person" and not words and first in _EVENTS:
                averb = first
            if words and words[-1].lower() in _EVENT_NOUNS and not any(v in _EVENTS for v in (bverb, averb) if v):
                averb = {"arrest": "arrested", "kill": "killed"}[_EVENT_NOUNS[words[-1].lower()]]
            slot = _slot_for_count(counted, bverb, averb, owner)
            of = re.match(r"\s+of\s+([a-z][\w-]*)", text[np_end:np_end + 40])
            if slot and slot == counted and counted not in _REFERENT and of and of.group(1) not in _STOP:
                # "100 pages of emails": what the counted things are of tells this count from "25,000 pages
                # of documents" and makes it comparable across articles
                slot = f"{counted}|of-{_lemma(of.group(1).replace('-', ''))}"
        elif value == 1 and not num:
            return None
    return NumberFact(article.id, s, e, text[s:e], value, low, high, lo_open, hi_open, unit, kind, counted, slot,
                      sent, qual)


def _excluded(text: str) -> bytearray:
    """A mask of characters inside dates, times, phone numbers, addresses, scores and the like."""
    mask = bytearray(len(text))
    # Only the surroundings of digit runs are searched: the patterns are costly to try everywhere.
    for d in _DIGIT_RUN.finditer(text):
        if mask[d.start()]:
            continue
        token = _TOKEN_AROUND.search(text, max(0, d.start() - 40), d.end() + 40)
        for m in _EXCLUDE.finditer(text, max(0, d.start() - 16), min(len(text), d.end() + 40)):
            if m.start() <= d.start() < m.end():
                mask[m.start():m.end()] = b"\x01" * (m.end() - m.start())
        if token and token.start() <= d.start() < token.end():
            mask[token.start():token.end()] = b"\x01" * (token.end() - token.start())
    for m in _SCORE.finditer(text):
        a, b = int(m.group(1)), int(m.group(2))
        ctx = text[max(0, m.start() - 40):m.end() + 30]
        follow = re.match(r"\s+([a-z]+)", text[m.end():m.end() + 20])
        if _SCORE_CTX.search(ctx) or (a <= 10 and b <= 10 and not (follow and _plural(follow.group(1)))) or a > b:
            mask[m.start():m.end()] = b"\x01" * (m.end() - m.start())
    return mask


def _word_numbers(text: str) -> list[re.Match[str]]:
    """Number-word phrases; a word loop finds where to try the pattern (faster than a case-blind regex scan)."""
    out: list[re.Match[str]] = []
    end = 0
    for w in _ALPHA.finditer(text):
        if w.start() < end:
            continue
        low = w.group().lower()
        if low in _NUMBER_WORDS or (low in ("a", "an") and _A_SCALE.match(text, w.end())):
            m = _WORDNUM.match(text, w.start())
            if m:
                out.append(m)
                end = m.end()
    return out


def extract_numbers(article: Article) -> list[NumberFact]:
    """Find the numbers in an article with their intervals, kinds, counted nouns and slots.

    Args:
        article: the article; spans index ``article.text``.

    Returns:
        Facts in text order. Dates, times, phone numbers, addresses, scores, ordinals and name-numbers
        are left out; years, ages, money, percentages and measures are typed as such.
    """
    text = article.text
    mask = _excluded(text)
    sents = _sentences(text)
    starts = [s for s, _ in sents]
    found: list[NumberFact] = []
    taken = bytearray(len(text))

    def sentence_of(pos: int) -> tuple[int, int]:
        from bisect import bisect_right
        k = max(0, bisect_right(starts, pos) - 1)
        return sents[k] if sents else (0, len(text))

    for m in _DIGITS.finditer(text):
        s, e = m.start("num"), m.end()
        if mask[s] or taken[s] or (m.group("cur") and mask[m.start()]):
            continue
        num = m.group("num")
        nxt = text[m.end("num"):m.end("num") + 4]
        mag_word = (m.group("mag") or "").lower()
        cur = m.group("cur")
        if mag_word == "m" and not cur:  # "30m" is thirty metres unless it is money
            e, mag_word = m.end("num"), ""
        elif not m.group("mag") and not m.group("pct") and nxt[:1].isalpha() and not re.match(
                r"(?:km|kg|mm|cm|ft|mph|kph|m)\b", nxt):
            continue  # 3D, A380, 4x4, "5G"
        before = text[max(0, s - 20):s]
        name = _NAME_BEFORE.search(before)
        if name and not cur and "," not in num and "." not in num and not _QUAL_BEFORE.search(before) and \
                not re.search(r"(?:^|[.!?]\s+|\n)\S+\s+$", text[max(0, s - 40):s]) and \
                not re.fullmatch(_MONTH, name.group(1)):
            continue  # Route 66, Flight 370, Windows 11
        mag = _MAG.get(mag_word, 1.0)
        value = float(num.replace(",", "")) * mag
        start = m.start() if cur else s
        fact = _fact(article, start, e, value, None, num, cur, mag, bool(m.group("pct")), sentence_of(s))
        if fact:
            found.append(fact)
            taken[fact.start:fact.end] = b"\x01" * (fact.end - fact.start)
    for m in _word_numbers(text):
        if mask[m.start()] or taken[m.start()] or _OCLOCK.match(text, m.end()) or \
                _RATIO_BEFORE.search(text, max(0, m.start() - 20), m.start()):
            continue
        parsed = _words_value(m.group())
        if parsed is None:
            continue
        value, lo, hi = parsed
        vague = (lo, hi) if hi > lo else None
        fact = _fact(article, m.start(), m.end(), value, vague, "", None, 1.0, False, sentence_of(m.start()))
        if fact:
            found.append(fact)
    found.sort(key=lambda f: f.start)
    return found


def compatible(a: NumberFact, b: NumberFact) -> bool:
    """Whether two facts can both be true: their intervals overlap (open ends respected).

    Facts in different units of one dimension are compared after conversion ("90 minutes" fits "1.5 hours").
    """
    fa, fb = _scale(a), _scale(b)
    if fa is None or fb is None:
        return True  # units that cannot be compared do not contradict each other
    lo = max(a.low * fa, b.low * fb)
    hi = min(a.high * fa, b.high * fb)
    if lo < hi:
        return True
    if lo > hi:
        return False
    lo_open = (a.low_open if a.low * fa == lo else False) or (b.low_open if b.low * fb == lo else False)
    hi_open = (a.high_open if a.high * fa == hi else False) or (b.high_open if b.high * fb == hi else False)
    return not (lo_open or hi_open)


def _scale(f: NumberFact) -> float | None:
    if f.kind != "measure" or f.unit is None:
        return 1.0
    for key, (unit, factor) in _UNITS.items():
        if unit == f.unit and key == f.unit:
            return factor
    return None


def _display(f: NumberFact) -> str:
    if f.high - f.low > 0 and f.high == INF and f.qualifier == "" or (f.value == f.low and f.high > 10 * f.value):
        word = next((w for w, (lo, _hi) in _VAGUE.items() if lo == f.low), None)
        if word:
            return word
    v = f.value
    num = f"{v:,.0f}" if v == int(v) else f"{v:,.2f}".rstrip("0").rstrip(".")
    if f.kind == "money":
        for scale, name in ((1e9, "billion"), (1e6, "million")):
            if v >= scale:
                num = f"{v / scale:g} {name}"
                break
        num = f"{f.unit} {num}"
    elif f.kind == "percent":
        num += "%"
    elif f.kind == "measure" and f.unit:
        num += f" {f.unit}{'' if v == 1 else 's'}"
    return f"{f.qualifier} {num}".strip()


def _describe(slot: str) -> str:
    noun, _, rest = slot.partition("|")
    verb, _, holder = rest.partition("|")
    if noun in ("age", "percent", "money"):
        return f"{noun} ({verb})" if verb else noun
    plural = {"person": "people", "man": "men", "woman": "women", "child": "children"}.get(
        noun, noun[:-1] + "ies" if noun.endswith("y") and noun[-2:-1] not in "aeiou" else
        noun + ("es" if noun.endswith(("s", "x", "ch", "sh")) else "s"))
    desc = f"{plural} {_EVENT_DESC.get(verb, verb.replace('of-', 'of '))}".strip()
    return f"{desc} ({holder})" if holder else desc


def _merge_slots(facts: list[NumberFact]) -> dict[str, list[NumberFact]]:
    """Group facts by slot, letting thinly described slots join the one specific slot they must mean.

    "25 cast and crew members" (no verb) joins ``member|sign`` when that is the only event counted in
    members; "more than 20 people" signing joins ``member|sign`` when that is the only signing slot.
    """
    by_slot: dict[str, list[NumberFact]] = defaultdict(list)
    for f in facts:
        if f.slot:
            by_slot[f.slot].append(f)
    events: dict[str, list[str]] = defaultdict(list)
    verbs: dict[str, list[str]] = defaultdict(list)
    for slot in by_slot:
        noun, _, verb = slot.partition("|")
        if verb in _EVENT_DESC:
            events[noun].append(slot)
            if noun not in _GENERIC:
                verbs[verb].append(slot)
    for slot in list(by_slot):
        noun, _, verb = slot.partition("|")
        target = None
        if not verb and noun in _REFERENT and len(events.get(noun, [])) == 1:
            target = events[noun][0]
        elif noun in _GENERIC and verb in _EVENT_DESC and len(verbs.get(verb, [])) == 1:
            target = verbs[verb][0]
        if target and target != slot:
            by_slot[target].extend(by_slot.pop(slot))
    return by_slot


#: Largest ratio between two values that are rival reports of one number, by kind: further apart they are
#: more often two different things (two funds, two events) than a disagreement. Money and measures, whose
#: slots are loose ("money (fund)"), need closer values than counts.
MAX_RIVAL_RATIO = {"count": 4.0, "age": 4.0, "percent": 4.0, "money": 1.5, "measure": 1.5}


def _rival(a: tuple[NumberFact, list[str]], b: tuple[NumberFact, list[str]]) -> bool:
    """Two values that cannot both be true, given by two different articles, and close enough to be rivals."""
    (fa, arts_a), (fb, arts_b) = a, b
    if compatible(fa, fb) or not any(x != y for x in arts_a for y in arts_b):
        return False  # one article giving two values is not a disagreement between sources
    return _close(fa, fb)


def _close(fa: NumberFact, fb: NumberFact) -> bool:
    lo, hi = sorted((abs(fa.value), abs(fb.value)))
    return hi <= MAX_RIVAL_RATIO.get(fa.kind, 4.0) * max(lo, 1e-9)


def comparable_slot(slot: str) -> bool:
    """Whether values of a slot can contradict each other: a slot with an event or governing verb, or a noun
    counted once per event ("passengers"); "two cars" and "three cars" may well be different cars, and
    "905 votes" and "4,812 votes" are a majority and a candidate's count."""
    noun, _, verb = slot.partition("|")
    return bool(verb) or noun in _REFERENT


def torn_articles(group: Sequence[NumberFact]) -> set[str]:
    """Articles that give two different numbers for one slot: to them these are two facts, not one.

    "a 15% tariff … a 25% tariff" in one report, or three candidates' vote counts, are different things the
    slot rules could not tell apart; such an article neither backs nor contradicts a value of the slot. The
    same number with another qualifier ("20 members" and "over 20 members") is one figure told loosely.
    """
    values: dict[str, set[float]] = defaultdict(set)
    for f in group:
        values[f.article_id].add(round(f.value, 6))
    return {a for a, vs in values.items() if len(vs) > 1}


def number_stances(fact: NumberFact, group: Sequence[NumberFact], torn: Collection[str] = ()
                   ) -> tuple[list[str], list[str]]:
    """Articles backing a value of a slot, and articles contradicting it, by the one rule of conflicts.

    An article stating the value itself backs it and never contradicts it. Otherwise an article speaks
    through its precise figures when it has any ("20 members" over its own "over 20 members"): it backs
    the value when they are compatible with it and contradicts it when none is, provided it is another
    article, the figures are close enough to be rival reports (:data:`MAX_RIVAL_RATIO`) and it is not torn
    (giving several different numbers for the slot).
    """
    by_article: dict[str, list[NumberFact]] = defaultdict(list)
    for g in group:
        by_article[g.article_id].append(g)
    shown = _display(fact)
    support, against = [], []
    for a, fs in sorted(by_article.items()):
        if any(_display(g) == shown for g in fs):
            support.append(a)
            continue
        precise = [g for g in fs if not g.qualifier] or fs
        if any(compatible(fact, g) for g in precise):
            support.append(a)
        elif a not in torn and a != fact.article_id and all(_close(fact, g) for g in precise):
            against.append(a)
    return support, against


_CTX_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")


def _context(text: str, f: NumberFact, span: int = 7) -> set[str]:
    """Content words around a number in its sentence (the counted noun and number words left out)."""
    before = _CTX_WORD.findall(text, max(f.sentence[0], f.start - 80), f.start)[-span:]
    after = _CTX_WORD.findall(text, f.end, min(f.sentence[1], f.end + 80))[:span]
    return {_lemma(w) for w in before + after
            if w.lower() not in _STOP and w.lower() not in _NUMBER_WORDS and _lemma(w) != f.counted and len(w) > 2}


def _near(text: str, f: NumberFact) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The three words just before a number and the three just after it, lower-cased."""
    before = tuple(w.lower() for w in _CTX_WORD.findall(text, max(f.sentence[0], f.start - 50), f.start)[-3:])
    after = tuple(w.lower() for w in _CTX_WORD.findall(text, f.end, min(f.sentence[1], f.end + 50))[:3])
    return (before if len(before) == 3 else ("",)), (after if len(after) == 3 else ("",))


def _twins(group: Sequence[NumberFact], texts: Mapping[str, str]) -> list[list[NumberFact]]:
    """Facts of a loose slot ("28 people", "14 companies") that two articles tell in the same words around
    them ("28 people in close contact with the hunter"): the same three words just before or just after the
    number, or a count of people, and two more content words nearby."""
    ctx = [_context(texts[f.article_id], f) if f.article_id in texts else set() for f in group]
    parent = list(range(len(group)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    near = [_near(texts.get(f.article_id, ""), f) for f in group]
    for i in range(len(group)):
        for j in range(i + 1, len(group)):
            if group[i].article_id != group[j].article_id and len(ctx[i] & ctx[j]) >= 2 and (
                    near[i][0] == near[j][0] or near[i][1] == near[j][1] or group[i].counted in _GENERIC):
                parent[find(i)] = find(j)
    comps: dict[int, list[NumberFact]] = defaultdict(list)
    for i, f in enumerate(group):
        comps[find(i)].append(f)
    return [c for c in comps.values() if len({f.article_id for f in c}) > 1]


def number_conflicts(facts_by_article: Mapping[str, Sequence[NumberFact]],
                     kinds: Sequence[str] = ("count", "money", "measure", "age", "percent"),
                     texts: Mapping[str, str] | None = None) -> list[dict[str, Any]]:
    """Slots where different articles give values that cannot all be true.

    Args:
        facts_by_article: the number facts of each article of one story.
        kinds: fact kinds to compare (years are left to date checking).

    Returns:
        Conflict records ``{"kind": "number", "about", "slot", "values": [{"value", "articles"}], "pairs"}``;
        ``pairs`` lists the indices of values that exclude each other. Compatible values (23 and "more
        than 20") never make a conflict by themselves, and an article giving several different numbers for
        one slot (:func:`torn_articles`) is left out of it: within one article they are different facts.
        With ``texts``, counts of a loose slot ("28 people") are compared where two articles tell them in
        the same surrounding words (:func:`_twins`).
    """
    facts = [f for fs in facts_by_article.values() for f in fs if f.kind in kinds and f.slot]
    out: list[dict[str, Any]] = []
    slots: list[tuple[str, Sequence[NumberFact]]] = []
    for slot, group in sorted(_merge_slots(facts).items()):
        if comparable_slot(slot):
            slots.append((slot, group))
        elif texts and "|" not in slot:
            slots += [(slot, twins) for twins in _twins(group, texts)]
    for slot, members in slots:
        torn = torn_articles(members)
        values: dict[str, tuple[NumberFact, list[str]]] = {}
        for f in members:
            if f.article_id in torn:
                continue
            key = _display(f)
            arts = values.setdefault(key, (f, []))[1]
            if f.article_id not in arts:
                arts.append(f.article_id)
        keys = sorted(values, key=lambda k: (-len(values[k][1]), values[k][0].value))
        pairs = [[i, j] for i in range(len(keys)) for j in range(i + 1, len(keys))
                 if _rival(values[keys[i]], values[keys[j]])]
        if pairs:
            out.append({"kind": "number", "about": _describe(slot), "slot": slot,
                        "values": [{"value": k, "articles": values[k][1]} for k in keys], "pairs": pairs})
    return out
