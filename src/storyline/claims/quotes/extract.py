"""Find the quotations of one article and their speakers (:func:`extract_quotes`).
"""

from __future__ import annotations

import re

from ...model import Article
from .marks import _ABBREV, _MARKS, _TERMINAL, Quote, _cap, _scan, _Seg, _trim
from .speakers import _VERB_RE, _Speakers


def _mask(text: str, segs: list[_Seg]) -> str:
    """The text with quoted words blanked: attribution rules then never read inside quotes.

    A mark ending a quoted sentence is kept as a full stop so that sentence boundaries still show.
    """
    chars = list(text)
    for seg in segs:
        for s, e in seg.parts:
            for j in range(s, e):
                if chars[j] != "\n":
                    chars[j] = " "
            if e > s and text[e - 1] in ".!?":
                chars[e - 1] = "."
    return "".join(chars)


def _sentence_start(masked: str, pos: int, floor: int) -> int:
    start = floor
    for m in _TERMINAL.finditer(masked, floor, pos):
        if not _ABBREV.search(masked[max(floor, m.start() - 6):m.start() + 1]):
            start = m.end()
    return start


def _split_gap(masked: str, text: str, a: _Seg, b: _Seg) -> tuple[int, int] | None:
    """``"…," he said, "…"``: the gap between a and b when it holds only an attribution."""
    if a.close_pos < 0 or a.unclosed:
        return None
    inner = text[a.parts[-1][0]:a.parts[-1][1]].rstrip()
    gap = masked[a.close_pos + 1:b.open_pos]
    if not inner or inner[-1] in ".!?" or "\n" in gap or len(gap) > 90:
        return None
    g = gap.strip()
    if g and g[-1] in ",:—" and not re.search(r"[.!?;]", g) and _VERB_RE.search(g):
        return a.close_pos + 1, b.open_pos
    return None


def extract_quotes(article: Article) -> list[Quote]:
    """Find the direct quotations in an article and attribute each to a speaker.

    Args:
        article: the article; spans index ``article.text``.

    Returns:
        Quotes in text order, with speaker, verb, scare and unclosed flags.
    """
    text = article.text
    if not _MARKS.search(text):
        return []
    segs = sorted(_scan(text), key=lambda s: s.open_pos)
    for seg in segs:
        if seg.unclosed:
            s, e = seg.parts[-1]
            seg.parts[-1] = (s, _cap(text, s, e))
    masked = _mask(text, segs)
    merged: list[tuple[_Seg, tuple[int, int] | None]] = []
    for seg in segs:
        gap = _split_gap(masked, text, merged[-1][0], seg) if merged else None
        if gap is not None:
            prev, old_gap = merged[-1]
            prev.parts.extend(seg.parts)
            prev.close_pos, prev.unclosed = seg.close_pos, seg.unclosed
            prev.continued = prev.continued or seg.continued
            merged[-1] = (prev, old_gap or gap)
        else:
            merged.append((seg, None))
    speakers = _Speakers(text, masked)
    paras = speakers.paras
    quotes: list[Quote] = []
    for seg, gap in merged:
        parts = [p for p in (_trim(text, s, e) for s, e in seg.parts) if p[1] > p[0]]
        if not parts:
            continue
        quote = Quote(article.id, parts[0][0], parts[-1][1], parts, " ".join(text[s:e] for s, e in parts),
                      unclosed=seg.unclosed, continued=seg.continued)
        floor = next((ps for ps, pe in paras if ps <= seg.open_pos < pe), 0)
        close = seg.close_pos if seg.close_pos >= 0 else parts[-1][1]
        att = speakers.attribute(_sentence_start(masked, seg.open_pos, floor), seg.open_pos, close + 1, gap)
        quote.speaker, quote.speaker_span, quote.verb = att.speaker, att.span, att.verb
        statement = text[seg.parts[-1][1] - 1: seg.parts[-1][1]] in (".", "!", "?", ",")
        quote.scare = quote.word_count <= 3 and not (att.strong and statement)
        if not quote.scare:
            speakers.note_quote(quote.start, att)
        quotes.append(quote)
    return quotes
