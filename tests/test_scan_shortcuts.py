"""Speed shortcuts that must not change results: the quotation scanner's regex jumps and the names stage's
ratio prefilter give what the plain loops give (random inputs against reference implementations)."""

from __future__ import annotations

import random

from storyline.align import quotespans
from storyline.claims.names import entities, typo_close


def _reference_paragraph_spans(text: str, base: int, out: list[tuple[int, int]]) -> None:
    """The per-character scanner :func:`storyline.align.quotespans._paragraph_spans` replaced."""
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in quotespans._DOUBLE_OPEN or ch == '"':
            closers = quotespans._DOUBLE_CLOSE + quotespans._DOUBLE_OPEN + '"'
            j = i + 1
            while j < n and text[j] not in closers:
                j += 1
            out.append((base + i + 1, base + j))
            i = j + 1
            continue
        if ch in "‘'" and quotespans._single_opens(text, i):
            j = i + 1
            while j < n and not ((text[j] in "’'") and quotespans._single_closes(text, j)):
                if text[j] in quotespans._DOUBLE_OPEN:
                    break
                j += 1
            if j < n and text[j] in "’'":
                out.append((base + i + 1, base + j))
                i = j + 1
                continue
            if ch == "‘":
                out.append((base + i + 1, base + j))
                i = j
                continue
        i += 1


def test_quote_scanner_matches_the_character_loop() -> None:
    rng = random.Random(7)
    alphabet = list("ab sS.\n“”„«»\"‘’'x1 ,")
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        got: list[tuple[int, int]] = []
        want: list[tuple[int, int]] = []
        quotespans._paragraph_spans(text, 3, got)
        _reference_paragraph_spans(text, 3, want)
        assert got == want, repr(text)


def test_typo_prefilter_keeps_every_typo_pair() -> None:
    rng = random.Random(11)
    words = set()
    for _ in range(120):
        w = "".join(rng.choice("abcdeklmnorst") for _ in range(rng.randint(4, 10)))
        words.add(w)
        for _ in range(3):  # near spellings: one or two edits, swaps included
            v = list(w)
            for _ in range(rng.randint(1, 2)):
                k = rng.randrange(len(v))
                op = rng.choice("sdit")
                if op == "s":
                    v[k] = rng.choice("abcdeklmnorst")
                elif op == "d" and len(v) > 4:
                    del v[k]
                elif op == "i":
                    v.insert(k, rng.choice("abcdeklmnorst"))
                elif k + 1 < len(v):
                    v[k], v[k + 1] = v[k + 1], v[k]
            words.add("".join(v))
    ordered = sorted(words)
    close = entities._maybe_typos(ordered)
    pairs = 0
    for a in ordered:
        for b in ordered:
            if typo_close(a, b):
                pairs += 1
                assert b in close.get(a, set()), (a, b)
    assert pairs > 50
