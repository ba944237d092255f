"""Sentence units of a story for the summariser: trimmed, repaired-or-avoided sentences with their terms.

A unit is one sentence of one article as the summary would show it: splitter fragments ("… Lt." /
"Gov. Kathy Hochul …") joined, a leading dateline, "Why it matters:"-style label and "However,"-style
opener cut, and flags for what it leans on: a he/she whose person the sentence before names (``speaker``,
for the repair), a pronoun, first person or the tail of a quotation that cannot be repaired
(``dangling``: never a candidate), an excerpt cut off mid-sentence (``cut``: shown with " …").
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..model import Article
from ..text.lexicon import NAME_TITLE_WORDS as _TITLES
from ..text.lexicon import PROMO_PATTERN
from ..text.lexsim import STOPWORDS, concept, is_number, stem, tokenize
from ..text.normalize import sentences as split_sentences

if TYPE_CHECKING:
    from .extractive import SummaryConfig

__all__ = ["Unit", "char_grams", "content_terms", "story_units"]

#: ``article_id -> [(start, end)]`` sentence spans already computed by an earlier stage (skips re-splitting).
SentenceSpans = Mapping[str, Sequence[tuple[int, int]]]

# "SEOUL, South Korea — ", "WASHINGTON (Reuters) - ", "(CNN) — ": a place in capitals or an agency in brackets.
_DATELINE = re.compile(r"^(?:[A-Z][A-Z.'’-]+(?:[ ,]+[A-Z][A-Za-z.]*){0,3}\s*(?:\([A-Za-z .]+\)\s*)?[-—–]+\s+"
                       r"|\([A-Z][A-Za-z ]{1,20}\)\s*(?:[-—–]+\s+)?)")
_LABEL = re.compile(r"^(?:[A-Z][\w’']*(?:\s[\w’']+){0,3})\s?:\s+(?=[A-Z\"“‘])")
_OPENER = re.compile(r"^(?:However|Also|But|And|Meanwhile|Still|Moreover|Additionally|Furthermore|Yet|"
                     r"In addition|At the same time|Instead|Nonetheless|Nevertheless)\b,?\s+")
# "This week …" and "That night …" point at a time, not at a missing antecedent.
_PRONOUN = re.compile(r"^(He|She|His|Her|They|Their|It|Its|This|That|These|Those|Them|We|Our|Us|I|My)\b"
                      r"(?!\s+(?:week|month|year|morning|afternoon|evening|night|weekend|time|season|spring|summer|"
                      r"autumn|fall|winter|decade|century)\b)")
_NAME = re.compile(r"\b(?:(?:Sen|Rep|Gov|Dr|Mr|Mrs|Ms|Gen|Lt|Col|Sgt|Det|Prof)\.\s+)?"
                   r"[A-Z][a-z]+(?:[-’'][A-Z]?[a-z]+)?(?:\s+[A-Z]\.)*(?:\s+[A-Z][a-z]+(?:[-’'][A-Z]?[a-z]+)?){1,4}\b")
_SAID_BY = re.compile(r"\b(?:said|says|told|added|wrote|according to)\s+((?:[A-Z][\w.’'-]*\s?){1,3})")
# The rest of a quotation opened in the sentence before: '… lost a cherished colleague,” said Roberts.'
_QUOTE_TAIL = re.compile(r'^[^“”"]*”|^[^"“”]*"[^"]*$')
_NOT_PERSON = frozenset("""Court States State Security Department House Senate Party Hospital Gardens Partnership News
City Guard Guards Post Times Street University College Committee Council Administration Agency Office Bureau Service
Union Association Organization Ministry Church County Island Islands Republic Kingdom Nations Caucus Congress
Commission Force Army Navy Police Corps Board Group Company Inc Network Center Centre Institute Foundation Fund Bank
Reserve Airlines Airport Station Hall Square Park River Valley Mountain Sea Ocean Bay Coast Border Patrol Capitol
Pentagon Kremlin Assembly Parliament Cabinet Campaign Affairs Democratic Republican Democrats Republicans Pacific
Atlantic America American Americans North South East West Northern Southern Eastern Western Monday Tuesday
Wednesday Thursday Friday Saturday Sunday January February March April May June July August September October
November December Grande Memorial Revolutionary Trade Act Bill Agreement Treaty Plan Care Health Energy Media
Twitter Facebook Google Apple Amazon Microsoft Reuters Associated Press Fox CNN NBC ABC CBS MSNBC Politico Axios
Journal Tribune Herald Daily Weekly Magazine Club League Conference Summit Games Olympics Cup Festival""".split())
_STARTERS = frozenset("The A An In On At After Before When While As But And So Yet Last This That Then Now".split())
_QUOTED = re.compile(r"[\"“][^\"“”]*[\"”]|‘[^‘’]*’")
_TERMINAL = re.compile(r"[.!?][\"”’')\]]*$")
_ALNUM = re.compile(r"[^0-9a-z]+")
# A span ending in a title abbreviation ("… said Lt." + "Gov. Kathy Hochul …") or inside an open bracket
# ("(D-Md." + "On Wednesday …") is a splitter error, not a sentence: it is joined to the next span.
_FRAGMENT = re.compile(r"(?:^|[\s(“\"])(?:Gov|Govs|Rep|Reps|Sen|Sens|Lt|Sgt|Gen|Gens|Col|Adm|Capt|Cmdr|Maj|Cpl|Pvt|"
                       r"Dr|Drs|Mr|Mrs|Ms|Messrs|Prof|Rev|Atty|Supt|Insp|Det|Amb|Pres|Gen|Brig|Rear|Vice|St)\.$"
                       r"|\([^()]*$")
_DASH = re.compile(r"^[-—–]+\s+")
# Page furniture the text extraction left on a line of its own before a sentence ("Related: Ten Tips for …",
# "Advertisement", an embedded post's "— Name (@handle) May 2, 2020"): cut from the unit it was joined to.
_JUNK_LINE = re.compile(r"^(?:(?:(?:Related|Read more|Read also|Also read|See also|More|Recommended|Watch|Listen|"
                        r"Trending|Popular|Sponsored)\s*:|Advertisement\b|Sponsored\b|Click here\b)[^\n]*"
                        r"|[^\n]*\(@\w{1,15}\)\s+[A-Z][a-z]+\s+\d{1,2},\s+\d{4}[^\n]*)\n+", re.I)
# A call to action of the page, not of the story: never a summary sentence.
_PROMO = re.compile(PROMO_PATTERN, re.I)


@dataclass(slots=True)
class Unit:
    """One sentence of one article: its (trimmed) span, text and content terms."""

    article: int
    index: int
    sent_start: int  # where the untrimmed sentence starts (the key of support hints)
    start: int
    end: int
    text: str
    stems: list[str]  # every token, stemmed (bigrams)
    terms: list[str]  # content terms (see content_terms)
    candidate: bool = False
    quote_share: float = 0.0
    speaker: str | None = None  # the name a leading he/she stands for, when the previous sentence tells
    dangling: bool = False  # opens with a pronoun that cannot be repaired: never a candidate
    cut: bool = False  # the article's text stops inside this sentence (a crawled excerpt): shown with " …"
    parts: tuple[int, ...] = ()  # starts of the further splitter spans joined into this sentence
    _grams: frozenset[str] | None = None

    @property
    def n_words(self) -> int:
        """Number of whitespace-separated words."""
        return len(self.text.split())

    def grams(self) -> frozenset[str]:
        """Character 4-grams of the casefolded alphanumeric text (cached)."""
        if self._grams is None:
            self._grams = char_grams(self.text)
        return self._grams


def char_grams(text: str, n: int = 4) -> frozenset[str]:
    """Character ``n``-grams of ``text`` with case, punctuation and spacing folded away."""
    s = " " + _ALNUM.sub(" ", text.casefold()).strip() + " "
    return frozenset(s[i:i + n] for i in range(len(s) - n + 1))


def _analyse(text: str) -> tuple[list[str], list[str]]:
    """Stems of all tokens (for bigrams) and the content terms (see :func:`content_terms`), in one pass."""
    stems: list[str] = []
    terms: list[str] = []
    for t in tokenize(text):
        st = stem(t)
        stems.append(st)
        if t not in STOPWORDS and (len(t) > 1 or t.isdigit()):
            terms.append(concept(t) if is_number(t) else st)
    return stems, terms


def content_terms(text: str) -> list[str]:
    """Stems of the non-stopword tokens, in order; number words become digits ("three" → "3")."""
    return _analyse(text)[1]


def _trim(text: str, s: int, e: int) -> int:
    """New start of sentence ``[s, e)`` after cutting a dateline, a section label and a discourse opener."""
    for rx in (_JUNK_LINE, _DASH, _DATELINE, _DASH, _LABEL, _OPENER):
        m = rx.match(text[s:e])  # (on the slice: with a start position, "^" would only match after "\n")
        # A label cut must leave a real sentence; "Paul said: …" style quotes keep their speaker.
        if m and e - s - m.end() > 20 and not re.search(r"\b(?:said|says|told|wrote)\b", m.group()):
            s += m.end()
    return s


def _merge_fragments(text: str, spans: Sequence[tuple[int, int]]) -> list[list[int]]:
    """Sentence spans with splitter fragments ("… Lt." / "Gov. …", "(D-Md." / "…") joined to the next span.

    Each item is ``[start, end, start of every joined span …]`` (the starts key support hints).
    """
    out: list[list[int]] = []
    join = False
    for s, e in spans:
        if join and out and "\n\n" not in text[out[-1][1]:s]:
            out[-1][1] = e
            out[-1].append(s)
        else:
            out.append([s, e, s])
        join = bool(_FRAGMENT.search(text[out[-1][0]:out[-1][1]]))
    return out


def _person(words: list[str]) -> str | None:
    """``words`` (a capitalised run) as a person's name, or ``None`` for an institution, place or time.

    Leading titles are dropped ("Treasury Secretary Steven Mnuchin" → "Steven Mnuchin"); a lone surname
    keeps its title ("Mr Jackson", "President Biden"). Without a gazetteer this is a word-list check, so
    it errs towards ``None``: a sentence whose "He" cannot be resolved is avoided, never misattributed.
    """
    i = 0
    while i < len(words) and words[i].rstrip(".") in _TITLES:
        i += 1
    rest = [w[:-2] if w.endswith(("’s", "'s")) else w if re.fullmatch(r"[A-Z]\.", w) else w.rstrip(".,;:")
            for w in words[i:]]
    names = [w for w in rest if len(w.rstrip(".")) > 1]  # (initials aside)
    if not names or len(names) > 3 or any(w in _NOT_PERSON or w in _TITLES or w.isupper() for w in names):
        return None
    if len(names) == 1:
        return " ".join(words[i - 1:i] + rest) if i else None
    return " ".join(rest)


def _speaker(prev: str, article_text: str = "") -> str | None:
    """The person a following "He said …" most likely refers to, else ``None``.

    Only two readings are trusted: the speaker of ``prev`` ("…, said Dana Whitlock") and the person it is
    about as its subject (a name among its first words). A name further in ("… alongside Biden and
    Bernie Sanders, the Hawaii congresswoman …") is too often not the "she" that follows.
    """
    full = {p.split()[-1] for n in _NAME.finditer(article_text) if (p := _person(n.group().split()))}
    m = _SAID_BY.search(prev)
    if m and m.group(1).strip()[:1].isupper() and m.group(1).split()[0] not in _STARTERS:
        said_by = m.group(1).split()
        cand = _person(said_by)
        if cand is None and len(said_by) == 1 and said_by[0].rstrip(".,") in full:
            cand = said_by[0].rstrip(".,")  # "…, said Ackison." after the article named her in full
        if cand:
            return cand
    head = len(" ".join(prev.split()[:8]))
    for n in _NAME.finditer(prev):
        if n.start() > head:
            break
        words = n.group().split()
        if n.start() == 0 and words[0] in _STARTERS:  # sentence-initial capitals say nothing
            words = words[1:]
        name = _person(words) if len(words) >= 2 else None
        if name:
            return name
    # A lone surname as the subject ("Baldwin held the gun.") when the article names that person in full.
    first = re.match(r"(?:[A-Z][a-z]+\s+){0,2}?([A-Z][a-z]+(?:[-’'][A-Z]?[a-z]+)?)\b(?!\s+[A-Z])", prev)
    lone = first.group(1) if first else None
    return lone if lone in full and lone not in _STARTERS else None


def _is_headline(u: Unit, title: frozenset[str]) -> bool:
    """True for the article's headline repeated as a body sentence: it would vouch for itself."""
    if not title or not 0.6 * len(title) <= len(u.text) <= 1.6 * len(title):  # (4-grams ≈ characters)
        return False
    grams = u.grams()
    return len(grams & title) >= 0.8 * max(len(grams), len(title))


def story_units(articles: Sequence[Article], cfg: SummaryConfig, spans_of: SentenceSpans | None = None) -> list[Unit]:
    """The sentence units of a story's articles, in article and sentence order (see the module docstring)."""
    units: list[Unit] = []
    for ai, art in enumerate(articles):
        text, title = art.text, char_grams(art.title) if art.title else frozenset()
        spans = list(spans_of[art.id]) if spans_of and art.id in spans_of else split_sentences(text)
        merged = _merge_fragments(text, spans)
        spans = [(m[0], m[1]) for m in merged]
        for idx, (s0, e) in enumerate(spans):
            s = _trim(text, s0, e)
            body = text[s:e]
            u = Unit(ai, idx, s0, s, e, body, *_analyse(body))
            u.parts = tuple(merged[idx][3:])
            n = u.n_words
            quoted = sum(len(q) for q in _QUOTED.findall(body))
            u.quote_share = quoted / max(1, len(body))
            # (capitalised: a cut opener leaves "he said …"; first person is the outlet's or a speaker's voice)
            m = _PRONOUN.match(body[:1].upper() + body[1:])
            if m:
                word = m.group(1)
                prev = text[spans[idx - 1][0]:spans[idx - 1][1]] if idx else ""
                u.speaker = _speaker(prev, text) if word in {"He", "She", "His", "Her"} else None
                u.dangling = u.speaker is None
            u.dangling = u.dangling or bool(_QUOTE_TAIL.match(body))
            # An excerpt that stops mid-sentence still has a usable sentence when enough of it is there.
            u.cut = idx == len(spans) - 1 and not _TERMINAL.search(body) and n >= 2 * cfg.min_words
            u.candidate = (idx < cfg.lead_sentences and cfg.min_words <= n <= cfg.max_words and len(u.terms) >= 3
                           and (u.cut or bool(_TERMINAL.search(body))) and not body.rstrip("”\"’' ").endswith("?")
                           and not u.dangling and not _is_headline(u, title) and not _PROMO.search(body))
            units.append(u)
    return units
