"""Changes inside aligned passages: the numbers, names, dates and quoted words a copy or rewrite altered.

The reuse stage (:mod:`storyline.align`) already pairs a passage of one article with the passage of another
it was copied, rewritten, spun or paraphrased from. Inside such a pair the two texts say the same thing, so a
number, a name, a date or a quoted word that differs between them is one fact told two ways: a
high-confidence conflict, whatever the counted noun, with both spans to cite. Words are compared after a
word-level diff of the two passages; a change counts only when it is a short substitution held in place
by identical words on both sides (not a reordered or rewritten stretch).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any, Protocol

from ..align.quotespans import quoted_spans
from ..contract import Conflict, ConflictPassage, ConflictValue
from ..model import Article, Span
from ..text.lexicon import FUNCTION_WORDS_WITH_MODALS as _FUNCTION
from ..text.lexicon import MONTH_WORDS as _MONTHS
from ..text.lexicon import WEEKDAY_WORDS as _WEEKDAYS
from .numbers import words_to_number

__all__ = ["AlignedChange", "aligned_changes"]

_TOK = re.compile(r"(?:US\$|[$£€])?\d(?:[\d,.]*\d)?%?|[A-Za-z][\w'’-]*")
_NUMWORDS = frozenset("""one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
    sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand
    million billion dozen""".split())
#: Capitalised words that are not names: a change between them is rewording, not a misspelt name.
_NOT_NAMES = frozenset("""the a an he she it they we i you his her their its this that these those mr mrs ms dr
    president sen senator rep gov governor prime minister secretary mayor chief judge justice officer police
    republican republicans democrat democrats democratic house senate white state states united congress
    but and or so yet if when while after before as at in on by for with from to of""".split()) | _MONTHS | _WEEKDAYS


@dataclass(slots=True)
class AlignedChange:
    """One fact told two ways inside aligned passages: a high-confidence conflict and where each side says it.

    ``conflict`` has exactly two values, the source's (``values[0]``) and the changed one, ``pairs`` ``[[0, 1]]``,
    ``confidence`` ``"high"`` and the aligned passage pairs that show the change.
    """

    conflict: Conflict
    changed: tuple[str, str]  # the words as printed on each side, in the first pair seen
    spans: tuple[dict[str, Span], dict[str, Span]]  # per side: article id → the changed words (or quotation)

    def side(self, i: int) -> ConflictValue:
        """Value ``i`` (0: the source's, 1: the changed one)."""
        return self.conflict.values[i]


class _AlignmentLike(Protocol):
    source: str
    target: str
    kind: str
    passages: list[Any]
    shared_quotations: list[Any]


def _tokens(text: str, span: tuple[int, int]) -> list[tuple[int, int, str]]:
    out = []
    for m in _TOK.finditer(text, span[0], span[1]):
        w = m.group()
        low = w.lower().replace("’", "'")
        if low in _NUMWORDS:
            v = words_to_number(low)
            low = f"{v:g}" if v is not None else low
        elif low[0].isdigit() or low[0] in "$£€u":
            low = low.replace(",", "")
        out.append((m.start(), m.end(), low))
    return out


def _value(tok: str) -> float | None:
    digits = re.sub(r"[^\d.]", "", tok)
    try:
        return float(digits) if digits and digits != "." else None
    except ValueError:
        return None


def _in_quote(spans: Sequence[tuple[int, int]], pos: int) -> tuple[int, int] | None:
    for s, e in spans:
        if s <= pos < e:
            return s, e
        if s > pos:
            break
    return None


def _similar(a: str, b: str) -> float:
    from rapidfuzz import fuzz

    return fuzz.ratio(a, b) / 100.0



def _variant_spelling(a: str, b: str) -> bool:
    """"Momma"/"Mama", "theatre"/"theater": same ends, at most two edits apart."""
    from rapidfuzz.distance import Levenshtein

    return bool(a and b) and a[0] == b[0] and a[-1] == b[-1] and Levenshtein.distance(a, b) <= 2 and min(
        len(a), len(b)) >= 3


_SAY = frozenset("say says said saying".split())


def _quote_change(qa: str, qb: str, wa: list[str], wb: list[str]) -> bool:
    """A changed word inside one quotation both passages carry (not two different quotations, not a
    transcription variant such as "F.B.I."/"FBI", "Momma"/"Mama", "[and]" or a function word)."""
    ta = [w.lower() for w in _TOK.findall(qa)]
    tb = [w.lower() for w in _TOK.findall(qb)]
    if min(len(ta), len(tb)) < 5 or "[" in qa + qb:
        return False
    if SequenceMatcher(None, ta, tb, autojunk=False).ratio() < 0.75:
        return False  # two different quotations that happen to sit in aligned passages
    ja, jb = re.sub(r"[^a-z0-9]", "", "".join(wa)), re.sub(r"[^a-z0-9]", "", "".join(wb))
    if ja == jb or _similar(ja, jb) >= 0.8 or ja[:3] == jb[:3] or {ja, jb} <= _SAY or _variant_spelling(ja, jb) \
            or {ja, jb} in ({"goingto", "gonna"}, {"wantto", "wanna"}, {"gotto", "gotta"}):
        return False  # a spelling, an inflection ("duty"/"duties"), punctuation: a transcription variant
    return not (set(wa) <= _FUNCTION and set(wb) <= _FUNCTION)


_POSSESSIVE_END = re.compile(r"['’]s?$")


def _classify(ta: list[tuple[int, int, str]], tb: list[tuple[int, int, str]], text_a: str, text_b: str,
              qa: tuple[int, int] | None, qb: tuple[int, int] | None, before: str, after: str
              ) -> tuple[str, str, str] | None:
    """(kind, value in A, value in B) for a short substitution, or ``None`` when it is mere rewording."""
    wa = [t[2] for t in ta]
    wb = [t[2] for t in tb]
    raw_a = text_a[ta[0][0]:ta[-1][1]]
    raw_b = text_b[tb[0][0]:tb[-1][1]]
    nums_a = [w for w in wa if w[:1].isdigit() or w[:1] in "$£€"]
    nums_b = [w for w in wb if w[:1].isdigit() or w[:1] in "$£€"]
    if nums_a and nums_b and len(nums_a) == len(nums_b) == 1:
        va, vb = _value(nums_a[0]), _value(nums_b[0])
        if va is None or vb is None or va == vb:
            return None
        datey = before in _MONTHS or after in _MONTHS or (
            va == int(va) and vb == int(vb) and 1900 <= va <= 2100 and 1900 <= vb <= 2100 and "," not in raw_a)
        return ("date" if datey else "number"), raw_a, raw_b
    if nums_a or nums_b:
        return None
    if len(wa) == 1 and len(wb) == 1:
        a, b = wa[0], wb[0]
        if a in _WEEKDAYS and b in _WEEKDAYS or a in _MONTHS and b in _MONTHS:
            return "date", raw_a, raw_b
    if qa and qb and _quote_change(text_a[qa[0]:qa[1]], text_b[qb[0]:qb[1]], wa, wb):
        return "quote", raw_a, raw_b
    if len(ta) == 1 and len(tb) == 1:
        a, b = (_POSSESSIVE_END.sub("", x) for x in (raw_a, raw_b))
        if (a[:1].isupper() and b[:1].isupper() and a.lower() not in _NOT_NAMES and b.lower() not in _NOT_NAMES
                and len(a) >= 4 and len(b) >= 4 and a != b and _similar(a.lower(), b.lower()) >= 0.75):
            return "name", raw_a, raw_b
    return None


def _changes(a: Article, b: Article, span_a: tuple[int, int], span_b: tuple[int, int],
             quotes_a: Sequence[tuple[int, int]], quotes_b: Sequence[tuple[int, int]]) -> list[dict[str, Any]]:
    toks_a, toks_b = _tokens(a.text, span_a), _tokens(b.text, span_b)
    if not toks_a or not toks_b:
        return []
    ops = SequenceMatcher(None, [t[2] for t in toks_a], [t[2] for t in toks_b], autojunk=False).get_opcodes()
    out = []
    for k, (op, i1, i2, j1, j2) in enumerate(ops):
        if op != "replace" or i2 - i1 > 3 or j2 - j1 > 3:
            continue
        left = ops[k - 1][2] - ops[k - 1][1] if k and ops[k - 1][0] == "equal" else 0
        right = ops[k + 1][2] - ops[k + 1][1] if k + 1 < len(ops) and ops[k + 1][0] == "equal" else 0
        if min(left, right) < 1 or left + right < 3:
            continue  # not held in place by identical words on both sides: a rewritten stretch
        ta, tb = toks_a[i1:i2], toks_b[j1:j2]
        qa, qb = _in_quote(quotes_a, ta[0][0]), _in_quote(quotes_b, tb[0][0])
        before = toks_a[i1 - 1][2] if i1 else ""
        after = toks_a[i2][2] if i2 < len(toks_a) else ""
        got = _classify(ta, tb, a.text, b.text, qa, qb, before, after)
        if got is None:
            continue
        kind, va, vb = got
        ctx_l = " ".join(t[2] for t in toks_a[max(0, i1 - 3):i1])
        ctx_r = " ".join(t[2] for t in toks_a[i2:i2 + 3])
        where_a, where_b = (ta[0][0], ta[-1][1]), (tb[0][0], tb[-1][1])
        if kind == "quote":
            assert qa and qb
            va, vb = a.text[qa[0]:qa[1]].strip("“”\"‘’' .,;:"), b.text[qb[0]:qb[1]].strip("“”\"‘’' .,;:")
            where_a, where_b = qa, qb
        out.append({"kind": kind, "context": f"{ctx_l} … {ctx_r}".strip(), "old": va, "new": vb,
                    "change": [a.text[ta[0][0]:ta[-1][1]], b.text[tb[0][0]:tb[-1][1]]],
                    "source_span": list(where_a), "target_span": list(where_b),
                    "passage": {"source_span": list(span_a), "target_span": list(span_b)}})
    return out


def aligned_changes(articles: Mapping[str, Article], alignments: Sequence[_AlignmentLike],
                    skip_kinds: Collection[str] = ("none", "quotation_only")) -> list[AlignedChange]:
    """Conflicts found by comparing the aligned passages of every aligned article pair.

    Args:
        articles: the story's articles by id.
        alignments: :class:`storyline.align.Alignment` records (source = likely original).
        skip_kinds: alignment kinds whose reuse passages are not compared (their shared quotations are).

    Returns:
        One :class:`AlignedChange` per change (kind ``number``, ``name``, ``date`` or ``quote``); the same
        change seen in several pairs is one record, and a change with an article on both sides is dropped.
    """
    merged: dict[tuple[str, str, str, str], AlignedChange] = {}
    quotes: dict[str, list[tuple[int, int]]] = {}

    def qspans(aid: str) -> list[tuple[int, int]]:
        if aid not in quotes:
            quotes[aid] = quoted_spans(articles[aid].text)
        return quotes[aid]

    for al in alignments:
        a, b = articles.get(al.source), articles.get(al.target)
        if a is None or b is None or a.id == b.id:
            continue
        passages = list(al.shared_quotations) + ([] if al.kind in skip_kinds else list(al.passages))
        for p in passages:
            for ch in _changes(a, b, tuple(p.source_span), tuple(p.target_span), qspans(a.id), qspans(b.id)):
                key = (ch["kind"], ch["context"] if ch["kind"] != "quote" else "", ch["old"], ch["new"])
                rec = merged.get(key)
                if rec is None:
                    about = ("quoted words changed" if ch["kind"] == "quote"
                             else f"{ch['kind']} in “… {ch['context']} …”")
                    rec = merged[key] = AlignedChange(
                        Conflict(ch["kind"], about, [ConflictValue(ch["old"], []), ConflictValue(ch["new"], [])],
                                 pairs=[[0, 1]], confidence="high", passages=[]),
                        (ch["change"][0], ch["change"][1]), ({}, {}))
                for i, aid, sp in ((0, a.id, ch["source_span"]), (1, b.id, ch["target_span"])):
                    if aid not in rec.side(i).articles:
                        rec.side(i).articles.append(aid)
                        rec.spans[i][aid] = Span(aid, sp[0], sp[1])
                pa, pb = ch["passage"]["source_span"], ch["passage"]["target_span"]
                assert rec.conflict.passages is not None
                rec.conflict.passages.append(ConflictPassage(Span(a.id, pa[0], pa[1]), Span(b.id, pb[0], pb[1]),
                                                             al.kind))
    # An article on both sides (A→B and B→C chains) is ambiguous about the change.
    return [rec for rec in merged.values() if not set(rec.side(0).articles) & set(rec.side(1).articles)]
