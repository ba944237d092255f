"""What counts as evidence that two articles report the same event: terms, names, language.

Pure functions of one article (no corpus state): the story clusterer turns their output into TF-IDF
vectors with its running document frequencies.

Not evidence, so never a term: numbers and years (``2018`` joins a Korean column to a Russian report),
month and weekday names, the article's own site name (``CNN`` in two unrelated CNN pages), and page
boilerplate (newsletter, subscribe, cookies, photo credits). Words are Unicode words, so German and
French text is read as words rather than split at every accent; the language is guessed from stopword
counts (or the script) so that articles in different languages are never grouped on shared names alone.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from ..config import StoryConfig
from ..text.lexicon import TOPIC_STOPWORDS as _STOP

#: Defaults of the term weights below, written once in :class:`StoryConfig`.
_DEFAULTS = StoryConfig()

__all__ = ["Features", "article_features", "detect_language"]

_TOKEN = re.compile(r"[^\W\d_](?:[\w'’&.-]*[^\W_])?|\d[\d,.:]*\d|\d")
_BREAK = re.compile(r"[.!?:;\"“”«»()\n|]")
# Page furniture that survives extraction: the same on every page of a site, never about the event.
_BOILERPLATE = frozenset(
    """newsletter newsletters subscribe subscriber subscribers subscription subscriptions signup login
    cookie cookies privacy advertisement advertising sponsored copyright reserved reprint reprints
    tweet twitter facebook instagram linkedin whatsapp pinterest youtube email e-mail click getty afp
    reuters podcast inbox caption""".split()
)
_FUNCTION = {
    "en": "the and of to in is that for it with was on as be by at this are from have not but".split(),
    "de": "der die und den das ist nicht mit von sich des auf für ein eine dem im auch zu es werden".split(),
    "fr": "le la les et des est une dans pour que qui sur pas par au du avec plus sont ce il".split(),
    "es": "el la los las de que y en un una por con para es del se lo como su al".split(),
    "it": "il di che la è per un una non con sono del della le gli nel alla si da".split(),
    "pt": "o de que e do da em um uma para com não os no na por se mais as dos".split(),
    "nl": "de het een en van is dat op te in niet zijn voor met die aan er ook".split(),
}
_FUNCTION_OF: dict[str, list[str]] = {}
for _lang, _words in _FUNCTION.items():
    for _w in _words:
        _FUNCTION_OF.setdefault(_w, []).append(_lang)
# Function words of the other languages are stopwords too (they carry no event).
_ALL_STOP = _STOP | frozenset(_FUNCTION_OF)


class Features:
    """The raw (not yet IDF-weighted) evidence of one article.

    Attributes:
        terms: term -> weight: stemmed words, ``N:`` capitalised names (and name runs), word pairs; the
            title counts ``title_weight`` times.
        title: the same for the title alone (the opening sentence when there is no title).
        words: number of distinct words (how much evidence the article can carry).
        language: ISO 639-1 code guessed from the text, or ``None`` when too short to tell.
    """

    __slots__ = ("language", "terms", "title", "words")

    def __init__(self, terms: dict[str, float], title: dict[str, float], words: int, language: str | None) -> None:
        self.terms, self.title, self.words, self.language = terms, title, words, language


def _stem(word: str) -> str:
    # Plural folding only: aggressive stemming merges names and hurts precision more than it helps.
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def detect_language(text: str) -> str | None:
    """Guess the language of ``text``: script for Cyrillic/Greek/Arabic/Hebrew/CJK/Korean, else the
    European language whose function words are most frequent. ``None`` when there is too little text."""
    sample = text[:3000]
    letters = "".join(filter(str.isalpha, sample))
    if len(letters) < 20:
        return None
    scripts: dict[str, int] = {}
    head = letters[:1500]
    if not head.isascii():
        for c in head:
            if c.isascii():
                continue
            name = unicodedata.name(c, "")
            key = name.split(" ", 1)[0]
            scripts[key] = scripts.get(key, 0) + 1
    top = max(scripts.items(), key=lambda kv: kv[1], default=("", 0))
    if top[1] > 0.3 * min(len(letters), 1500):
        return {"CYRILLIC": "ru", "GREEK": "el", "ARABIC": "ar", "HEBREW": "he", "HANGUL": "ko",
                "CJK": "zh", "HIRAGANA": "ja", "KATAKANA": "ja", "THAI": "th", "DEVANAGARI": "hi"}.get(top[0], "xx")
    tokens = _TOKEN.findall(sample.lower())
    total = len(tokens)
    if total < 8:
        return None
    seen = Counter(tokens)
    counts = {lang: sum(seen[w] for w in words) for lang, words in _FUNCTION.items()}
    lang, n = max(counts.items(), key=lambda kv: (kv[1], kv[0] == "en"))
    return lang if n >= max(2, 0.05 * total) else None


def _outlet_words(outlet: str) -> set[str]:
    """Words of the site name (``The Washington Post`` -> washington, post; ``cnn.com`` -> cnn)."""
    words = set()
    for w in re.split(r"[^\w]+", outlet.lower()):
        if w and w not in {"www", "com", "org", "net", "co", "uk", "de", "fr", "the", "news"}:
            words.add(_stem(w))
    return words


_SCAN = re.compile(r"(?P<brk>[.!?:;\"“”«»()\n|])|" + _TOKEN.pattern)
#: raw token -> (stemmed term or "" when it is no term, first letter upper-case). Tokens repeat across
#: articles, so the string work is done once per distinct token (bounded: cleared when it grows large).
_TERM_CACHE: dict[str, tuple[str, bool]] = {}


def _term_of(raw: str) -> tuple[str, bool]:
    hit = _TERM_CACHE.get(raw)
    if hit is not None:
        return hit
    r = raw.replace("’", "'")
    if r.lower().endswith("'s"):
        r = r[:-2]
    low = r.strip(".-'&").lower().replace(".", "")
    term = ""
    if low and low[0].isalpha() and low not in _ALL_STOP and low not in _BOILERPLATE:
        term = _stem(low)
        if len(term) < 2:
            term = ""
    out = (term, bool(r) and r[0].isupper())
    if len(_TERM_CACHE) > 500_000:
        _TERM_CACHE.clear()
    _TERM_CACHE[raw] = out
    return out


def _segment(text: str, weight: float, skip: set[str], name_weight: float, bigram_weight: float,
             out: dict[str, float]) -> set[str]:
    """Add the weighted terms of one text segment to ``out``; return its distinct words."""
    # One scan gives the tokens and whether a sentence break precedes each (a break character between
    # it and the previous token, or none before it at all).
    toks: list[tuple[str, bool]] = []
    start = True
    for m in _SCAN.finditer(text):
        if m.lastgroup == "brk":
            start = True
        else:
            toks.append((m.group(), start))
            start = False
    words = [raw for raw, _ in toks if raw[0].isalpha() and raw.lower() not in _ALL_STOP]
    # In Title Case Headlines capitals say nothing about names.
    title_case = bool(words) and sum(w[0].isupper() for w in words) > 0.6 * len(words)
    prev_term: str | None = None
    run: list[str] = []
    distinct: set[str] = set()
    for raw, sentence_start in [*toks, ("", False)]:
        term: str | None = None
        cap = False
        if raw:
            # Numbers (years, counts, dates) are not evidence of the same event: they break word pairs
            # but never become terms.
            found, upper = _term_of(raw)
            if found and found not in skip:
                term = found
                cap = upper and not sentence_start and not title_case
        if cap and term:
            run.append(term)
        elif run:
            # dict.fromkeys, not a set: term order must not depend on the per-process str hash seed.
            for name in dict.fromkeys([*run, " ".join(run)]):
                out["N:" + name] = out.get("N:" + name, 0.0) + weight * name_weight
            run = []
        if term:
            distinct.add(term)
            out[term] = out.get(term, 0.0) + weight
            if prev_term and bigram_weight:
                pair = prev_term + " " + term
                out[pair] = out.get(pair, 0.0) + weight * bigram_weight
        prev_term = term
    return distinct


def article_features(title: str, text: str, outlet: str = "", title_weight: float = _DEFAULTS.title_weight,
                     name_weight: float = _DEFAULTS.name_weight, bigram_weight: float = _DEFAULTS.bigram_weight,
                     max_chars: int = 20000) -> Features:
    """Return the evidence of one article (see :class:`Features`).

    Args:
        title: headline ("" when unknown).
        text: body (a headline alone is fine).
        outlet: site name or host; its words are not evidence.
        title_weight: how many times the title counts.
        name_weight: weight of a capitalised name term on top of its word.
        bigram_weight: weight of a word pair.
        max_chars: only the first ``max_chars`` characters of the body are read (the lede carries the event).
    """
    title, text = (title or "").strip(), (text or "")[:max_chars]
    skip = _outlet_words(outlet) if outlet else set()
    terms: dict[str, float] = {}
    words: set[str] = set()
    head = title or _BREAK.split(text.lstrip(), 1)[0][:300]
    title_terms: dict[str, float] = {}
    if title:
        # A body that already opens with its title only needs the title's extra weight.
        extra = 1.0 if text.lstrip().startswith(title[:60]) else 0.0
        # The title is read once: its terms at weight 1 are the title vector (no word pairs), and
        # scaled by the title weight they join the article's terms.
        once: dict[str, float] = {}
        words |= _segment(title, 1.0, skip, name_weight, bigram_weight, once)
        scale = title_weight - extra
        for t, x in once.items():
            terms[t] = x * scale
            if " " not in t or t.startswith("N:"):  # word pairs are not part of the title vector
                title_terms[t] = x
    words |= _segment(text, 1.0, skip, name_weight, bigram_weight, terms)
    if not title:
        _segment(head, 1.0, skip, name_weight, 0.0, title_terms)
    return Features(terms, title_terms, len(words), detect_language(f"{title}\n{text}"))
