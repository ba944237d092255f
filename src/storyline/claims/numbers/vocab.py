"""The words and patterns numbers are found by: number words, qualifiers ("more than", "about"),
units, currencies, the verbs that say what a count is about, and the expressions that are not numbers
(dates, times, phone numbers, addresses, ordinals).
"""

from __future__ import annotations

import re

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
