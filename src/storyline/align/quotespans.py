"""Where quotations are in a text: spans inside quotation marks (pure).

Shared quotations are a common *source* (two outlets quoting the same letter), not copying between
the outlets, so alignment needs to know which words sit inside quotation marks. Handled marks:

* curly double quotes ``“ … ”`` and straight double quotes ``" … "``;
* single quotes ``‘ … ’`` and ``' … '`` — but only where they are quotes: an apostrophe inside a word
  ("Baldwin’s", "don't") never opens or closes one, and a closing mark right after an ``s`` followed
  by a space ("the workers’ union") is read as a plural possessive;
* news style across paragraphs: a quote left open at the end of a paragraph ends there (a new
  paragraph that continues the quote re-opens it with its own mark).
"""

from __future__ import annotations

import re

__all__ = ["quoted_mask", "quoted_spans"]

_PARA = re.compile(r"\n\s*\n")
_DOUBLE_OPEN = "“„«"
_DOUBLE_CLOSE = "”»"


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def _single_opens(text: str, i: int) -> bool:
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    return not _is_word(prev) and (_is_word(nxt) or nxt in "“\"…")


def _single_closes(text: str, i: int) -> bool:
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if _is_word(nxt) or prev.isspace():
        return False  # "Baldwin’s", "don't", or an opening mark
    if prev in "sS" and nxt == " ":
        # "Hutchins’ memory": a plural possessive unless punctuation makes it a clear close.
        return False
    return True


#: The characters :func:`_paragraph_spans` acts on: every other character is skipped by a regex search (in C)
#: instead of being looked at one by one.
_OPENERS = re.compile("[" + _DOUBLE_OPEN + "\"‘']")
_DOUBLE_ENDS = re.compile("[" + _DOUBLE_CLOSE + _DOUBLE_OPEN + "\"]")  # any double mark closes
_SINGLE_STOPS = re.compile("[’'" + _DOUBLE_OPEN + "]")


def _paragraph_spans(text: str, base: int, out: list[tuple[int, int]]) -> None:
    i, n = 0, len(text)
    while (m := _OPENERS.search(text, i)) is not None:
        i = m.start()
        ch = text[i]
        if ch in _DOUBLE_OPEN or ch == '"':
            # Any double mark closes: CMSs and hurried typing mix “ ” and " freely ("… experience“.).
            end = _DOUBLE_ENDS.search(text, i + 1)
            j = end.start() if end is not None else n
            out.append((base + i + 1, base + j))
            i = j + 1
            continue
        if _single_opens(text, i):
            # the first closing single mark, or a double opening mark, after it (else the paragraph end)
            j = i + 1
            while (stop := _SINGLE_STOPS.search(text, j)) is not None:
                j = stop.start()
                if text[j] in _DOUBLE_OPEN or _single_closes(text, j):
                    break
                j += 1
            else:
                j = n
            if j < n and text[j] in "’'":
                out.append((base + i + 1, base + j))
                i = j + 1
                continue
            if ch == "‘":
                # An unclosed curly opening quote runs to the paragraph end (multi-paragraph quote).
                out.append((base + i + 1, base + j))
                i = j
                continue
        i += 1


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Return ``[start, end)`` spans of quoted material (without the marks), in text order.

    Args:
        text: a canonical article text.

    Returns:
        Non-overlapping spans; empty quotes are dropped.
    """
    out: list[tuple[int, int]] = []
    start = 0
    for m in _PARA.finditer(text + "\n\n"):
        _paragraph_spans(text[start:m.start()], start, out)
        start = m.end()
    return [(s, e) for s, e in out if e > s and text[s:e].strip()]


def quoted_mask(spans: list[tuple[int, int]], starts: list[int]) -> list[bool]:
    """For each token start offset (sorted), whether it falls inside one of ``spans`` (sorted)."""
    mask: list[bool] = []
    k = 0
    for s in starts:
        while k < len(spans) and spans[k][1] <= s:
            k += 1
        mask.append(k < len(spans) and spans[k][0] <= s)
    return mask
