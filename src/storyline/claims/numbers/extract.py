"""Find the numbers of one article (:func:`extract_numbers`) as :class:`NumberFact` records.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ...model import Article
from ...text.lexicon import NUMBER_CONTEXT_STOPWORDS as _STOP
from .vocab import (
    _A_SCALE,
    _ABBR,
    _AGE_APPOS,
    _ALPHA,
    _AUX,
    _CURRENCY,
    _DIGIT_RUN,
    _DIGITS,
    _EVENT_NOUNS,
    _EVENTS,
    _EXCLUDE,
    _MAG,
    _MONEY_CTX,
    _MONTH,
    _NAME_BEFORE,
    _NEUTRAL,
    _NOUN_LEMMA,
    _NUMBER_WORDS,
    _OCLOCK,
    _ONE_NOUNS,
    _QUAL_AFTER,
    _QUAL_BEFORE,
    _QUALIFIERS,
    _RANGE_AFTER,
    _RATIO_BEFORE,
    _REFERENT,
    _SCORE,
    _SCORE_CTX,
    _SENT_END,
    _TOKEN_AROUND,
    _UNIT_SUFFIX,
    _UNITS,
    _WORD,
    _WORDNUM,
    _lemma,
    _words_value,
)

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
        compound: the number counts in a hyphenated compound ("a 12-city tour"): the slot's second part is
            the head noun the compound describes, which other outlets name otherwise ("a 12-city trek").
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
    compound: bool = False


#: Words before a price that make it the lowest of a range ("a starting price of", "starts at", "from just").
_FROM_PRICE = re.compile(r"\b(?:starting\s+(?:price\s+)?(?:at|of|from)|starts?\s+(?:at|from)"
                         r"|prices?\s+(?:start|begin)s?\s+(?:at|from)|retails?\s+from)\s+(?:just\s+|only\s+)?$", re.I)


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
    compound = False
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
        if not qual and _FROM_PRICE.search(before[-40:]):
            # "a starting price of $999", "starts at $1,299": the cheapest model, any dearer one fits
            low, high, lo_open, hi_open, qual = value, INF, False, True, "from"
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
            compound = slot is not None
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
                      sent, qual, compound)


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
