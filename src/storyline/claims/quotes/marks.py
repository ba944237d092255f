"""Quotation marks read into quoted segments: straight and curly quotes, single-quote quotations told
apart from apostrophes, quotes inside quotes, quotes split by their attribution and quotes running over
several paragraphs; the :class:`Quote` record.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...text.normalize import paragraphs

_DOUBLE = frozenset('"“”„«»')
_MARKS = re.compile(r"[\"“”„«»'‘’‹›]")
_ELISION = re.compile(r"(?:(?:\d0s|\d\ds|em|til|cause|tis|twas)\b|n[’'])", re.I)  # ’90s, 'em, rock 'n' roll
_PUNCT = frozenset(".,!?;:…—–-)")
_OPEN_FOLLOW = frozenset("‘'“….-—–$£€([")
_WORD = re.compile(r"[\w’'][\w’'\-]*")
_TERMINAL = re.compile(r"[.!?…][\"”’'»)]*\s+(?=[\"“‘'«(]?[A-Z0-9])")
_ABBREV = re.compile(r"(?:\b(?:Dr|Mr|Mrs|Ms|Mx|St|Sr|Jr|Prof|Rev|Gen|Col|Lt|Sgt|Capt|Gov|Sen|Rep|Det|Supt|No|Nos|"
                     r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|vs|etc|Inc|Ltd|Co|Corp|Mt|Ft)|\b[A-Z])\.$")
#: Longest quote kept when the closing mark is missing (words); cut at a sentence end before it when possible.
MAX_UNCLOSED_WORDS = 80


@dataclass(slots=True)
class Quote:
    """One direct quotation in an article.

    Attributes:
        article_id: the article quoted in.
        start: start of the quoted words (marks excluded) in ``article.text``.
        end: end of the quoted words.
        parts: spans of the quoted words; several when an attribution or a paragraph break splits the quote.
        text: the quoted words, parts joined by a space.
        speaker: canonical speaker (a name, a description such as "the letter", or ``None`` when unknown).
        speaker_span: where the attribution names the speaker (a pronoun's own span when it was resolved).
        verb: the attribution verb as written ("said", "told", "according to"), if any.
        scare: one to three words: scare quotes or a term, not a statement.
        unclosed: the closing mark is missing; the quote was cut at the paragraph end or at ~80 words.
        continued: the quote runs over several paragraphs (no closing mark at a paragraph end, an opening
            mark at the next one): usually one long statement, sometimes two quotes and a missing mark.
    """

    article_id: str
    start: int
    end: int
    parts: list[tuple[int, int]]
    text: str
    speaker: str | None = None
    speaker_span: tuple[int, int] | None = None
    verb: str | None = None
    scare: bool = False
    unclosed: bool = False
    continued: bool = False

    @property
    def word_count(self) -> int:
        """Number of quoted words."""
        return len(_WORD.findall(self.text))


@dataclass(slots=True)
class _Seg:
    kind: str  # "d" double, "s" single
    open_pos: int
    parts: list[tuple[int, int]] = field(default_factory=list)
    close_pos: int = -1
    unclosed: bool = False
    continued: bool = False


def _role(text: str, i: int, ch: str, ps: int, pe: int) -> str:
    """open / close / either / apos for the mark at ``i``, from the characters around it."""
    p = text[i - 1] if i > ps else " "
    n = text[i + 1] if i + 1 < pe else " "
    wb, wa = p.isalnum(), n.isalnum()
    if ch in "'’›":
        if wb and wa:
            return "apos"
        if not wb and wa:
            if _ELISION.match(text, i + 1):
                return "apos"
            return "open" if ch == "'" else "apos"
        return "close" if (wb or p in _PUNCT or p in "\"”") else "apos"
    if ch in "‘‹":
        return "apos" if wb or _ELISION.match(text, i + 1) else "open"
    if ch in "“„«":
        return "open"
    if ch in "”»":
        return "close"
    if not wb and p not in _PUNCT and (wa or n in _OPEN_FOLLOW):
        return "open"
    if (wb or p in _PUNCT) and not wa:
        return "close"
    return "either"


def _scan(text: str) -> list[_Seg]:
    """Outermost quotation segments, found with a stack of open marks per paragraph."""
    segs: list[_Seg] = []
    paras = paragraphs(text, line_breaks=True)  # one line per paragraph in HTML extracts
    carry: _Seg | None = None
    for pi, (ps, pe) in enumerate(paras):
        marks = [(m.start(), m.group()) for m in _MARKS.finditer(text, ps, pe)]
        roles = [_role(text, i, ch, ps, pe) for i, ch in marks]
        later_single_close = [False] * len(marks)
        seen = False
        for k in range(len(marks) - 1, -1, -1):
            later_single_close[k] = seen
            seen = seen or (marks[k][1] not in _DOUBLE and roles[k] == "close")
        stack: list[str] = []
        outer: _Seg | None = None
        content_start = ps
        stray = -1
        first = 0
        if carry is not None and marks and marks[0][0] == ps:
            outer, stack, content_start, first, carry = carry, [carry.kind], ps + 1, 1, None
            outer.continued = True
        for k in range(first, len(marks)):
            i, ch = marks[k]
            role, kind = roles[k], ("d" if ch in _DOUBLE else "s")
            nxt = text[i + 1] if i + 1 < pe else " "
            if role == "apos":
                continue
            if ch in "“„‘" and stack and stack[-1] == kind and not nxt.isalnum():
                role = "close"  # an opening mark used as a closer: `experience“.`
            elif ch in "”»" and kind not in stack and (i == ps or not text[i - 1].isalnum()) and nxt.isalnum():
                role = "open"  # a closing mark used as an opener
            if role == "either":
                role = "close" if kind in stack else "open"
            if role == "open":
                if ch == "“" and stack == ["d"] and outer is not None and outer.kind == "d":
                    # A curly double opener inside an open double quote: nested quotes alternate marks, so
                    # the first quote was never closed. End it at its last sentence end, marked unclosed.
                    ends = [m.start() + 1 for m in _TERMINAL.finditer(text, content_start, i)]
                    outer.parts.append((content_start, ends[-1] if ends else i))
                    outer.unclosed = True
                    segs.append(outer)
                    stack = []
                if not stack:
                    outer, content_start = _Seg(kind, i), i + 1
                stack.append(kind)
                continue
            if kind == "s" and "s" not in stack and stack and stack[-1] == "d" and text[i - 1] in ".,!?":
                kind = "d"  # `“fighting against.’`: mixed marks close the double quote
            if kind not in stack:
                if kind == "d" and not stack:  # stray closer: pair with the next one (`that," The …”`)
                    if stray >= 0:
                        segs.append(_Seg("d", stray, [(stray + 1, i)], i))
                        stray = -1
                    else:
                        stray = i
                continue
            if kind == "s" and text[i - 1] in "sS" and later_single_close[k] and nxt in " ,;":
                continue  # possessive plural inside a single-quoted passage: `Hutchins’ laugh`
            while stack[-1] != kind:
                stack.pop()
            stack.pop()
            if not stack and outer is not None:
                outer.parts.append((content_start, i))
                outer.close_pos = i
                segs.append(outer)
                outer = None
        if outer is not None:
            outer.parts.append((content_start, pe))
            nxt_para = paras[pi + 1] if pi + 1 < len(paras) else None
            opener = "\"“„«" if outer.kind == "d" else "'‘‹"
            if nxt_para is not None and text[nxt_para[0]] in opener:
                carry = outer  # newspaper convention: the quote goes on in the next paragraph
            else:
                outer.unclosed = True
                segs.append(outer)
    if carry is not None:
        carry.unclosed = True
        segs.append(carry)
    return segs


def _cap(text: str, start: int, end: int) -> int:
    """End of an unclosed quote: the last sentence end within ~80 words, else the 80th word."""
    words = list(_WORD.finditer(text, start, end))
    if len(words) <= MAX_UNCLOSED_WORDS:
        return end
    limit = words[MAX_UNCLOSED_WORDS - 1].end()
    ends = [m.start() + 1 for m in _TERMINAL.finditer(text, start, limit + 1)]
    return ends[-1] if ends and ends[-1] > start + (limit - start) // 3 else limit


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and (text[s].isspace() or text[s] in "…."):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",;:—–-"):
        e -= 1
    return s, e
