"""Two wordings of a quotation compared word by word: tokens (casefolded, contractions expanded, numbers
as digits), whether two wordings are linked, and the fidelity class and word changes of one against the other.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz.distance import LCSseq

from ...text.lexsim import STOPWORDS
from ..numbers import words_to_number
from ..quotes import Quote

_TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
_APOS = str.maketrans({"’": "'", "‘": "'", "`": "'", "“": '"', "”": '"'})
_IRREGULAR = {"can't": ["can", "not"], "cannot": ["can", "not"], "won't": ["will", "not"], "shan't": ["shall", "not"],
              "ain't": ["is", "not"], "let's": ["let", "us"]}
_SUFFIX = {"n't": "not", "'re": "are", "'ve": "have", "'ll": "will", "'d": "would", "'m": "am"}
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")
_NUMBER_WORDS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
    "eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand million billion "
    "dozen".split())
_SCALE_WORDS = frozenset("hundred thousand million billion dozen".split())
_S_IS = frozenset("it that he she there what who here where how everything nothing".split())
#: Most changed share of a wording's words that is still a substitution rather than a paraphrase.
MAX_SUBSTITUTION = 0.4


@dataclass(slots=True)
class _Wording:
    key: str
    text: str
    surface: list[str]
    norm: list[str]
    norm_to_surface: list[int]
    quotes: list[Quote] = field(default_factory=list)
    #: Positions (in ``norm``) where the quote marks an omission ("…", "..."): words missing there are elided.
    gaps: frozenset[int] = frozenset()


_ELLIPSIS = re.compile(r"…|\.\.\.|\[\.\.\.\]")


def _gaps(text: str, back: list[int]) -> frozenset[int]:
    """Norm indices at which ``text`` marks an omission with an ellipsis."""
    out = set()
    flat = _flat(text)
    for m in _ELLIPSIS.finditer(flat):
        before = len(_TOKEN.findall(flat, 0, m.start()))  # surface words before the mark
        out.add(next((k for k, b in enumerate(back) if b >= before), len(back)))
    return frozenset(out)


def _elided(tag: str, i1: int, j1: int, c: _Wording, v: _Wording) -> bool:
    """Words present in one wording and missing at an ellipsis of the other: an omission, not a change."""
    return (tag == "delete" and j1 in v.gaps) or (tag == "insert" and i1 in c.gaps)


def _key(text: str) -> str:
    t = " ".join(text.translate(_APOS).split())
    return t.strip(" .,;:!?…\"'-—–")


def _numbers_as_digits(norm: list[str], back: list[int]) -> tuple[list[str], list[int]]:
    """Number words become digits so that "ten thousand" and "10,000" compare equal."""
    out: list[str] = []
    out_back: list[int] = []
    i = 0
    while i < len(norm):
        j = i + 1 if norm[i] == "a" and i + 1 < len(norm) and norm[i + 1] in _SCALE_WORDS else i  # "a hundred"
        while j < len(norm) and (norm[j] in _NUMBER_WORDS or (norm[j] == "and" and j > i and j + 1 < len(norm)
                                                               and norm[j + 1] in _NUMBER_WORDS)):
            j += 1
        value = words_to_number(" ".join(norm[i:j])) if j > i and norm[j - 1] != "a" else None
        if value is not None:
            out.append(f"{value:g}" if value < 1e15 else norm[i])
            out_back.append(back[i])
            i = j
        else:
            out.append(norm[i])
            out_back.append(back[i])
            i += 1
    return out, out_back


_ACRONYM = re.compile(r"\b(?:[A-Za-z]\.){2,}")


def _flat(text: str) -> str:
    """Apostrophes straightened, thousands separators and acronym dots dropped ("F.B.I." = "FBI")."""
    return _ACRONYM.sub(lambda m: m.group().replace(".", "") + " ", _THOUSANDS.sub("", text.translate(_APOS)))


def _tokenize(text: str) -> tuple[list[str], list[str], list[int]]:
    """Surface words (original case), normalised words (casefolded, contractions expanded) and the map."""
    surface = _TOKEN.findall(_flat(text))
    norm: list[str] = []
    back: list[int] = []
    for i, w in enumerate(surface):
        low = w.casefold()
        parts = _IRREGULAR.get(low)
        if parts is None:
            parts = [low]
            for suf, full in _SUFFIX.items():
                if low.endswith(suf) and len(low) > len(suf):
                    parts = [low[: -len(suf)], full]
                    break
            else:
                if low.endswith("'s") and low[:-2] in _S_IS:
                    parts = [low[:-2], "is"]
        norm.extend(parts)
        back.extend([i] * len(parts))
    norm, back = _numbers_as_digits(norm, back)
    return surface, norm, back


def _bigrams(tokens: list[str]) -> set[tuple[str, str]]:
    return set(zip(tokens, tokens[1:], strict=False))


def _linked(a: list[str], b: list[str], ba: set[tuple[str, str]], bb: set[tuple[str, str]]) -> bool:
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    bs = ba if short is a else bb
    if not bs:
        return False
    cont = len(ba & bb) / len(bs)
    if len(short) < 6:
        return cont >= 0.75
    if cont >= 0.5:
        return True
    return cont >= 0.25 and LCSseq.similarity(short, long_) / len(short) >= 0.6


def _contiguous(small: list[str], big: list[str]) -> bool:
    """``small`` occurs as a run of consecutive words in ``big`` (string search: fast in C)."""
    return len(small) <= len(big) and _joined(tuple(small)) in _joined(tuple(big))


@lru_cache(maxsize=8192)
def _joined(tokens: tuple[str, ...]) -> str:
    return "\x1f" + "\x1f".join(tokens) + "\x1f"


def _classify(c: _Wording, v: _Wording) -> tuple[str, list[tuple[str, str]], list[tuple[int, int, int, int]]]:
    """Fidelity class of ``v`` against the canonical ``c``, the changed words and the changed index ranges."""
    if v.key == c.key:
        return "exact", [], []
    if v.norm == c.norm:
        return "punctuation", [], []
    if _contiguous(v.norm, c.norm) or _contiguous(c.norm, v.norm):
        return "truncation", [], []
    ops = difflib.SequenceMatcher(None, c.norm, v.norm, autojunk=False).get_opcodes()
    while ops and ops[0][0] == "delete":  # canonical words before the variant starts: a partial quote
        ops.pop(0)
    while ops and ops[-1][0] == "delete":
        ops.pop()
    if all(t == "equal" or _elided(t, i1, j1, c, v) for t, i1, _i2, j1, _j2 in ops):
        return "truncation", [], []  # "We would be remiss … if we did not": words left out at the ellipsis
    changes: list[tuple[str, str]] = []
    spans: list[tuple[int, int, int, int]] = []
    changed = 0
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal" or _elided(tag, i1, j1, c, v):
            continue
        changed += max(i2 - i1, j2 - j1)
        old = " ".join(c.surface[k] for k in dict.fromkeys(c.norm_to_surface[i1:i2]))
        new = " ".join(v.surface[k] for k in dict.fromkeys(v.norm_to_surface[j1:j2]))
        if old.casefold() != new.casefold():
            changes.append((old, new))
            spans.append((i1, i2, j1, j2))
    if not changes:
        return "punctuation", [], []
    kind = "substitution" if changed / max(1, len(v.norm)) <= MAX_SUBSTITUTION else "paraphrase_in_quotes"
    return kind, changes, spans


def _local(tokens: list[str], i1: int, i2: int) -> list[list[str]]:
    """The changed words with one word of context on the left or on the right (either shows the words were
    printed at that place); a dropped word's two neighbours when nothing is left in between."""
    window = tokens[max(0, i1 - 1):i2 + 1]
    if i2 == i1 or all(t in STOPWORDS for t in tokens[i1:i2]):
        return [window]  # "it" → "that": one neighbour is too common a witness ("it is" is everywhere)
    seqs = [tokens[max(0, i1 - 1):i2], tokens[i1:i2 + 1]]
    return [q for q in seqs if len(q) > 1] or [window]


def _overlap_ops(c: _Wording, v: _Wording) -> list[tuple[int, int, int, int]]:
    """Changed index ranges of ``v`` against ``c`` on the words they share: words one has before or after
    the other starts or ends are not changes (a partial quote, or a longer rendering of the same passage)."""
    ops = difflib.SequenceMatcher(None, c.norm, v.norm, autojunk=False).get_opcodes()
    trimmed: set[str] = set()
    while ops and ops[0][0] in ("delete", "insert"):
        trimmed.add(ops.pop(0)[0])
    while ops and ops[-1][0] in ("delete", "insert"):
        trimmed.add(ops.pop()[0])
    # Only when one wording lies inside the other: extra words on both sides are a shifted or reordered
    # passage ("A B" / "B A"), whose changes are not local edits.
    if len(trimmed) > 1 or not any(t == "equal" for t, *_ in ops):
        return []
    return [(i1, i2, j1, j2) for t, i1, i2, j1, j2 in ops if t != "equal" and not _elided(t, i1, j1, c, v)]


def _light(ops: Sequence[tuple[int, int, int, int]], n_words: int) -> bool:
    """At most two changed places and a fifth of the words (two words always count as light)."""
    changed = sum(max(i2 - i1, j2 - j1) for i1, i2, j1, j2 in ops)
    return 0 < len(ops) <= 2 and changed <= max(2, 0.2 * n_words)


def _changes(c: _Wording, v: _Wording, ops: Sequence[tuple[int, int, int, int]]) -> list[tuple[str, str]]:
    out = []
    for i1, i2, j1, j2 in ops:
        old = " ".join(c.surface[k] for k in dict.fromkeys(c.norm_to_surface[i1:i2]))
        new = " ".join(v.surface[k] for k in dict.fromkeys(v.norm_to_surface[j1:j2]))
        if old.casefold() != new.casefold():
            out.append((old, new))
    return out
