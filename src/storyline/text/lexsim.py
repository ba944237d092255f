"""Lexical similarity building blocks shared by alignment, reuse classes and paraphrase scoring (pure).

Word forms are compared at three levels, each looser than the last: the casefolded token, a light
suffix-stripped *stem* (no dictionary, so "injured" and "injuries" meet but "ran" and "run" do not) and
a *concept*: the stem mapped through a small built-in synonym table (news wording: hurt/injured,
said/told, start/begin …) and number words mapped to digits. WordNet would be better but cannot be
shipped; the table is deliberately small and conservative, since a loose synonym makes unrelated
sentences look alike.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .lexicon import STOPWORDS

__all__ = [
    "STOPWORDS", "concept", "content_concepts", "is_number", "norm_token", "stem", "synonyms_of", "tokenize",
]

_TOKEN = re.compile(r"\d+(?:[.,:]\d+)*\w*(?:[’'\-]\w+)*|\w+(?:[’'\-]\w+)*", re.UNICODE)

# Groups of interchangeable news words (first member is the concept name). Stems are looked up, so
# list base forms only. Kept small on purpose: every entry was checked to be a real substitution in
# news copy (wire rewrites, spun copies) rather than a thesaurus dump.
_SYNONYM_GROUPS = """
say says said stated tell tells told add added noted remark remarked comment commented claim claimed assert asserted
injure injured hurt harm harmed wound wounded
injury injuries wounds wound
people persons individuals folks
begin began start started commence commenced
end ended finish finished conclude concluded
quick quickly fast rapid rapidly swift swiftly
big large huge major
small little tiny minor
buy bought purchase purchased acquire acquired
sell sold
get got obtain obtained receive received
show showed shown reveal revealed indicate indicated demonstrate demonstrated
help helped assist assisted aid support supported
need needed require required
use used utilize utilized employ employed
try tried attempt attempted
fall fell drop dropped decline declined slip slipped sink sank plunge plunged tumble tumbled
rise rose climb climbed increase increased gain gained jump jumped
close closed shut
answer reply replied respond responded
ask asked request requested
find found discover discovered
examine examined inspect inspected review reviewed investigate investigated check checked
inspection review examination check
car vehicle automobile
bus coach
child children kid kids
man men
woman women lady
boss chief head leader
company firm business corporation
government administration
official officials
question query
statement announcement
talk talked speak spoke discuss discussed
happen happened occur occurred
kill killed slay slain
die died perish perished
shoot shot fire fired
gun firearm weapon revolver
set site
movie film
actor star
letter missive
accident incident crash
tragedy disaster catastrophe
area region zone
town city
main primary principal key
important significant crucial vital
serious severe grave critical
around about approximately roughly nearly almost
enough sufficient adequate
accurate correct precise exact
percent per_cent pct
mr mister
also too additionally
currently now presently
before prior previously
after following
because since
however but although though
many numerous several
often frequently
every each
whole entire
hard difficult challenging
kind type sort
job work employment
near close
""".strip().splitlines()

_NUMBER_WORDS = {
    "zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
    "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "thirteen": "13",
    "fourteen": "14", "fifteen": "15", "sixteen": "16", "seventeen": "17", "eighteen": "18", "nineteen": "19",
    "twenty": "20", "thirty": "30", "forty": "40", "fifty": "50", "sixty": "60", "seventy": "70",
    "eighty": "80", "ninety": "90", "hundred": "100", "thousand": "1000", "million": "1000000",
    "billion": "1000000000", "first": "1st", "second": "2nd", "third": "3rd",
}

# Suffixes stripped longest first; each needs a stem of at least 3 letters left, which stops
# "news" → "new" style damage on short words.
_SUFFIXES = ("ational", "ization", "fulness", "iveness", "ations", "ation", "ments", "ment", "ness", "ings",
             "ing", "ies", "ied", "edly", "ers", "ed", "er", "ly", "es", "s")


@lru_cache(maxsize=1 << 16)
def norm_token(token: str) -> str:
    """Casefold, fold compatibility characters and unify apostrophes; drop a possessive ``'s``."""
    t = unicodedata.normalize("NFKC", token).casefold().replace("’", "'").replace("‘", "'")
    if t.endswith("'s"):
        t = t[:-2]
    return t.replace(",", "") if t[:1].isdigit() else t


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A light, dictionary-free suffix stripper (on a normalised token).

    Only regular inflection and a few derivational endings are removed; good enough to match
    "injuries"/"injured"/"injure" and "inspections"/"inspection", cheap enough for every token.
    """
    w = norm_token(word)
    if len(w) <= 4 or not w.isalpha():
        return w[:-1] if len(w) == 4 and w.endswith("s") and not w.endswith("ss") else w
    for suf in _SUFFIXES:
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            base = w[: -len(suf)]
            if suf in ("ies", "ied"):
                return base + "y"
            if suf == "s" and (base.endswith("s") or base.endswith("u")):
                return w  # "class", "bus", "status"
            if len(base) > 3 and base[-1] == base[-2] and base[-1] not in "lsz":
                base = base[:-1]  # "stopped" → "stop"
            if base.endswith("e") and suf in ("es",):
                return base
            return base.rstrip("e") if len(base) > 4 else base
    return w.rstrip("e") if len(w) > 4 else w


def _build_synonyms() -> tuple[dict[str, str], dict[str, str]]:
    by_token: dict[str, str] = {}
    by_stem: dict[str, str] = {}
    for line in _SYNONYM_GROUPS:
        members = line.split()
        head = members[0]
        for m in members:
            by_token.setdefault(m.replace("_", " "), head)
            # Short stems are ambiguous ("stated" and "statement" both strip to "stat"), so only
            # long ones extend a group to unlisted inflections.
            if len(stem(m)) >= 5:
                by_stem.setdefault(stem(m), head)
    for word, digit in _NUMBER_WORDS.items():
        by_token[word] = digit
    return by_token, by_stem


_SYN_TOKEN, _SYN_STEM = _build_synonyms()


@lru_cache(maxsize=1 << 16)
def concept(word: str) -> str:
    """The synonym-group name of a word (else of its stem; else the stem itself)."""
    t = norm_token(word)
    if t in _SYN_TOKEN:
        return _SYN_TOKEN[t]
    s = stem(t)
    return _SYN_STEM.get(s, s)


def synonyms_of(a: str, b: str) -> bool:
    """True when two different words share a concept (synonyms or inflections) but not a token."""
    return norm_token(a) != norm_token(b) and concept(a) == concept(b)


def is_number(token: str) -> bool:
    """True for digit tokens ("14", "5.40", "11,000") and number words ("fourteen")."""
    t = norm_token(token)
    return t[:1].isdigit() or t in _NUMBER_WORDS


def tokenize(text: str) -> list[str]:
    """Normalised word tokens (numbers keep inner ``.``/``,``: "5.40", "11,000" → "11000")."""
    return list(map(norm_token, _TOKEN.findall(text)))  # (the pattern has no groups: findall gives the tokens)


def content_concepts(tokens: list[str]) -> list[str]:
    """Concepts of the non-stopword tokens, in order."""
    return [concept(t) for t in tokens if t not in STOPWORDS]
