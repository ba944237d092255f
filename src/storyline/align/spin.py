"""Spin detection: text run through an "article spinner" (pure).

Spinners replace words one by one with thesaurus entries and keep everything else, so spun text
aligned with its original shows (a) many one-for-one substitutions in the original word order with
almost no inserted or dropped words, (b) fixed phrases broken by the swap ("critical condition" →
"basic condition", "areas of brilliance" → "areas of brilliant"), (c) quotations altered word by
word, which no human editor does to a quote, and (d) garbled repetition ("dangerous exploitative and
exploitative"). Human light rewrites change phrases, add and cut words, and leave quotes alone.

Which side is the spun one: the side whose substituted words break phrases the rest of the story
uses (``story_counts``, word-bigram article counts), then the side with garbled repetition.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..text.lexsim import STOPWORDS, concept, is_number
from .wordalign import TokenSeq

if TYPE_CHECKING:
    from .kinds import Passage

__all__ = ["SpinReport", "garbled_repetitions", "spin_report"]


@dataclass(slots=True)
class SpinReport:
    """Spin evidence of an aligned pair (sides ``a``/``b``)."""

    is_spin: bool = False
    score: float = 0.0
    spun_side: str | None = None
    garbled_quotes: int = 0
    evidence: list[str] = field(default_factory=list)


def garbled_repetitions(tok: TokenSeq) -> list[str]:
    """Spots like "exploitative and exploitative" or "the the" (content word repeated across a joiner)."""
    if "garbled" in tok.memo:  # a pure function of the text, asked once per pair the article is in
        return tok.memo["garbled"]  # type: ignore[no-any-return]
    out: list[str] = []
    n = tok.norm
    for k in range(len(n) - 1):
        if n[k] == n[k + 1] and n[k].isalpha() and len(n[k]) > 2 and n[k] not in {"no", "very", "that", "had"}:
            out.append(f"{n[k]} {n[k]}")
        elif k + 2 < len(n) and n[k] == n[k + 2] and n[k + 1] in ("and", "or") and n[k] not in STOPWORDS \
                and not is_number(n[k]) and len(n[k]) > 3:
            out.append(f"{n[k]} {n[k + 1]} {n[k]}")
    tok.memo["garbled"] = out
    return out


def _morph_swap(x: str, y: str) -> bool:
    """Same root, different word ("brilliance" → "brilliant"): a grammatical slot broken by a swap."""
    return len(x) > 5 and len(y) > 5 and x[:6] == y[:6] and concept(x) != concept(y)


def _contexts(a: TokenSeq, b: TokenSeq, i: int, j: int) -> list[tuple[str, str]]:
    """Word bigrams around a substitution whose other word is the same on both sides."""
    out: list[tuple[str, str]] = []
    if i and j and a.norm[i - 1] == b.norm[j - 1]:
        out.append((f"{a.norm[i - 1]} {a.norm[i]}", f"{b.norm[j - 1]} {b.norm[j]}"))
    if i + 1 < len(a) and j + 1 < len(b) and a.norm[i + 1] == b.norm[j + 1]:
        out.append((f"{a.norm[i]} {a.norm[i + 1]}", f"{b.norm[j]} {b.norm[j + 1]}"))
    return out


def spin_report(a: TokenSeq, b: TokenSeq, reuse: Sequence[Passage], quotes: Sequence[Passage],
                story_counts: Counter[str] | None = None, names: tuple[str, str] = ("a", "b")) -> SpinReport:
    """Collect spin evidence for a pair from its passages.

    Args:
        a: source-side tokens.
        b: target-side tokens.
        reuse: unquoted word-level and paraphrase passages.
        quotes: shared quotation passages.
        story_counts: article counts of word bigrams over the story, if known.
        names: how the evidence names the two sides (article ids).
    """
    rep = SpinReport()
    word = [p for p in reuse if p.kind != "paraphrase"]
    edits: Counter[str] = Counter()
    for p in word:
        edits.update(p.edits)
    subs = edits["substitute"] + edits["synonym"]
    cols = max(1, sum(edits.values()))
    indel = edits["insert"] + edits["delete"]
    pattern = cols >= 40 and subs >= 6 and subs / cols >= 0.12 and indel <= 0.6 * subs
    breaks = {"a": 0, "b": 0}
    examples: list[str] = []
    morph: list[str] = []
    garbled_q = 0
    for p in list(word) + list(quotes):
        in_quote = p.kind == "quotation"
        changed_here = 0
        for i, j in p.substitutions:
            x, y = a.norm[i], b.norm[j]
            if is_number(x) or is_number(y) or x in STOPWORDS and y in STOPWORDS:
                continue
            changed_here += 1
            if _morph_swap(x, y):
                morph.append(f'"{x}" / "{y}"')
            if story_counts is None:
                continue
            for bg_a, bg_b in _contexts(a, b, i, j):
                ca, cb = story_counts.get(bg_a, 0), story_counts.get(bg_b, 0)
                if ca >= 2 and cb <= 1:
                    breaks["b"] += 1
                    if len(examples) < 6:
                        examples.append(f'"{bg_a}" → "{bg_b}"')
                elif cb >= 2 and ca <= 1:
                    breaks["a"] += 1
                    if len(examples) < 6:
                        examples.append(f'"{bg_b}" → "{bg_a}"')
        if in_quote and changed_here:
            garbled_q += 1
    garble = {"a": garbled_repetitions(a), "b": garbled_repetitions(b)}
    side_score = {s: breaks[s] + 2 * len(garble[s]) for s in ("a", "b")}
    if side_score["a"] != side_score["b"]:
        rep.spun_side = "a" if side_score["a"] > side_score["b"] else "b"
    rep.garbled_quotes = garbled_q if (morph or max(breaks.values()) >= 1 or pattern) else 0
    support = (max(breaks.values()) >= 2) + (garbled_q >= 1) + bool(morph) + (subs / cols >= 0.18)
    rep.is_spin = pattern and support >= 1
    rep.score = round(min(1.0, (subs / cols) * 3 + 0.15 * support), 3)
    if pattern:
        rep.evidence.append(f"{subs} one-for-one word substitutions in {cols} aligned words, "
                            f"{indel} inserted/dropped: word order kept (spinner pattern)")
    if examples:
        rep.evidence.append("broken fixed phrases: " + ", ".join(examples))
    if morph:
        rep.evidence.append("same-root word swaps: " + ", ".join(morph[:4]))
    if rep.garbled_quotes:
        rep.evidence.append(f"{rep.garbled_quotes} quotation(s) altered word by word")
    for s, name in zip(("a", "b"), names, strict=True):
        if garble[s]:
            rep.evidence.append(f"garbled repetition in {name}: " + ", ".join(f'"{g}"' for g in garble[s][:3]))
    return rep
