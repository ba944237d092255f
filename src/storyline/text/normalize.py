"""Text normalisation with offset maps, sentences, tokens and shingles (pure functions).

Normalisation happens in two steps:

1. *Repair* (``repair``): broken encodings (mojibake) are fixed with ftfy and the text is put in Unicode
   NFC. This is treated as decoding — the repaired text is the article's source text.
2. *Canonicalise* (``normalize``): whitespace is made regular (runs of spaces/tabs → one space, trailing
   spaces dropped, at most one blank line between paragraphs, no leading/trailing blank lines). This
   step keeps an offset map from every canonical character back to the repaired text, so spans found on
   the canonical text can be shown in the source.

The canonical text is a pure function of the input, so offsets into it are stable across re-ingests.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import ftfy

_WORD = re.compile(r"\w+(?:[’'\-]\w+)*", re.UNICODE)
_SPACE = frozenset(" \t\f\v\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000")
_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")


@dataclass(slots=True, frozen=True)
class Normalized:
    """Canonical text and, for each of its characters, the index in the repaired source text."""

    text: str
    offsets: tuple[int, ...]

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a canonical ``[start, end)`` span back to the repaired source text."""
        if start >= end or not self.offsets:
            pos = self.offsets[start] if start < len(self.offsets) else (self.offsets[-1] + 1 if self.offsets else 0)
            return pos, pos
        return self.offsets[start], self.offsets[end - 1] + 1


def repair(raw: str) -> str:
    """Fix mojibake and normalise to NFC. Line breaks are unified to ``\\n``."""
    # Curly quotes are kept: quotation and apostrophe handling downstream needs the original marks.
    fixed = ftfy.fix_text(raw, normalization="NFC", unescape_html=False, fix_line_breaks=True, uncurl_quotes=False)
    return unicodedata.normalize("NFC", fixed)


_RUN = re.compile(r"[^\s\u200b\u200c\u200d\u2060\ufeff\u00ad]+")
_BREAKS = re.compile(r"\r\n|[\n\r\u2028\x0b\x0c\x1c\x1d\x1e\x85]|(\u2029)")


def _canon(src: str, with_offsets: bool) -> tuple[str, list[int]]:
    # Walks runs of visible characters (a few hundred per article) rather than characters: ~10× faster.
    out: list[str] = []
    offs: list[int] = []
    prev_end = 0
    for m in _RUN.finditer(src):
        start = m.start()
        if out:
            gap = src[prev_end:start]
            breaks = 0
            first_break = -1
            for b in _BREAKS.finditer(gap):
                breaks += 2 if b.group(1) else 1
                if first_break < 0:
                    first_break = prev_end + b.start()
            if breaks:
                sep = "\n\n" if breaks >= 2 else "\n"
                out.append(sep)
                if with_offsets:
                    offs.extend([first_break] * len(sep))
            elif gap and not all(ch in _ZERO_WIDTH for ch in gap):
                out.append(" ")
                if with_offsets:
                    offs.append(prev_end + next(i for i, ch in enumerate(gap) if ch not in _ZERO_WIDTH))
        out.append(m.group())
        if with_offsets:
            offs.extend(range(start, m.end()))
        prev_end = m.end()
    return "".join(out), offs


def normalize(raw: str, *, repaired: bool = False) -> Normalized:
    """Return the canonical form of ``raw`` with an offset map into the repaired text.

    Args:
        raw: decoded text.
        repaired: set when ``raw`` already went through :func:`repair`.
    """
    src = raw if repaired else repair(raw)
    text, offs = _canon(src, True)
    return Normalized(text, tuple(offs))


def canonical_text(raw: str, *, repaired: bool = False) -> str:
    """``normalize(raw).text`` without building the offset map."""
    src = raw if repaired else repair(raw)
    if _ODD_SPACE.search(src) is None:  # only "\n" breaks, no invisible characters: one regex pass in C
        return _GAP.sub(_gap, src.strip())
    return _canon(src, False)[0]


# What :func:`_canon` treats apart from plain whitespace: other line and paragraph breaks, invisible characters.
_ODD_SPACE = re.compile(r"[\r\u2028\x0b\x0c\x1c\x1d\x1e\x85\u2029\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_GAP = re.compile(r"\s+")


def _gap(m: re.Match[str]) -> str:
    """:func:`_canon`'s separator for a gap of plain whitespace between two visible runs."""
    breaks = m.group().count("\n")
    return "\n\n" if breaks >= 2 else "\n" if breaks else " "


_HASH_WORD = re.compile(r"\w+")


def exact_form(text: str) -> str:
    """The casefolded NFKC words of ``text``, one space apart: what exact duplicates share.

    Case, spacing, punctuation and quote or dash style differ between CMSs rendering the same copy,
    so they are ignored; any changed word is not.
    """
    return " ".join(exact_words(text))


def exact_words(text: str) -> list[str]:
    """The words of :func:`exact_form` as a list (``exact_form(text).split()`` without the round trip)."""
    return _HASH_WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def content_hash(text: str) -> str:
    """sha256 hex of :func:`exact_form`; equal hashes mean exact duplicates."""
    return hashlib.sha256(exact_form(text).encode("utf-8")).hexdigest()


def stable_id(*parts: str, length: int = 16) -> str:
    """A short, deterministic id from the given parts."""
    h = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return h[:length]


def words(text: str) -> list[str]:
    """Word tokens (letters/digits with inner apostrophes and hyphens kept)."""
    return _WORD.findall(text)


def word_matches(text: str) -> Iterator[re.Match[str]]:
    """The :func:`words` tokens as regex matches (their ``start()``, ``end()`` and ``group()``)."""
    return _WORD.finditer(text)


def word_spans(text: str) -> Iterator[tuple[int, int]]:
    """Character spans of :func:`words` tokens."""
    for m in _WORD.finditer(text):
        yield m.start(), m.end()


_BLANK_LINE = re.compile(r"\n\n")
_LINE_BREAKS = re.compile(r"\n+")


def paragraphs(text: str, *, line_breaks: bool = False) -> list[tuple[int, int]]:
    """Spans of paragraphs in a canonical text.

    Args:
        text: canonical text (paragraphs separated by a blank line).
        line_breaks: split at every run of line breaks, not only at blank lines. The quote scanner wants
            this: HTML extraction often gives one line per paragraph, and a quotation left open must stop
            at the end of its line. The default, blank lines, is what a canonical text marks as a paragraph
            break (sentence splitting reads paragraphs so).

    Returns:
        ``(start, end)`` spans, without the separators.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for m in (_LINE_BREAKS if line_breaks else _BLANK_LINE).finditer(text):
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of a canonical text, found with syntok (paragraph-aware)."""
    return list(_sentence_spans(text))


@lru_cache(maxsize=4096)
def _sentence_spans(text: str) -> tuple[tuple[int, int], ...]:
    # Cached: alignment, claims and the summary all split the same story's texts, and syntok is the
    # slowest part of the summary (a quarter of it on a 100-article story).
    from syntok import segmenter  # local import: keeps `import storyline` light

    spans: list[tuple[int, int]] = []
    for p_start, p_end in paragraphs(text):
        chunk = text[p_start:p_end]
        if _one_sentence(chunk):
            spans.append((p_start, p_end))
            continue
        for para in segmenter.analyze(chunk):
            for sent in para:
                toks = list(sent)
                if not toks:
                    continue
                s = toks[0].offset
                e = toks[-1].offset + len(toks[-1].value)
                spans.append((p_start + s, p_start + e))
    return tuple(spans)


# Where syntok can end a sentence: its terminal marks and opening brackets (a bracketed sentence), plus what
# makes its paragraph and token offsets subtle (line breaks, zero-width spaces).
_SPLIT_MARKS = re.compile("[.!?;\u203c\u203d\u2047\u2048\u2049\u3002\ufe52\ufe57\uff01\uff0e\uff1f\uff61"
                          "([{\uff5f\uff5b\uff3b\uff08\ufe5d\ufe5b\ufe59\ufd3e\u301a\u3018\u2985\u2983\u2329"
                          "\n\r\u200b]")
# A sentence end syntok keeps whole: terminal marks, then at most one closing quotation mark.
_END = re.compile("(?:[.!?]+|[\"”’][.!?])[\"”’]?\\Z")


def _one_sentence(chunk: str) -> bool:
    """True when syntok is certain to read ``chunk`` (one paragraph) as one sentence spanning all of it.

    syntok ends a sentence only at a terminal mark (``.!?;`` …) or an opening bracket. A paragraph with
    none of them except its closing marks, and no spaces at its ends (syntok's first token starts at the
    first character, its last ends at the last one), is one sentence: a third of news paragraphs, split
    here without running syntok. ``tests/test_text.py`` checks the shortcut against syntok.
    """
    if not chunk or chunk[0].isspace() or chunk[-1].isspace():
        return False
    m = _END.search(chunk)
    return _SPLIT_MARKS.search(chunk, 0, m.start() if m else len(chunk)) is None
