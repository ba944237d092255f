"""Quote variants: the renderings of one statement across a story's articles, and how faithful each is.

Quotes meet when the shorter one's word bigrams are mostly found in the longer one (containment, so a
partial quote meets the full one) or, for reworded quotes, when a fair share of bigrams is shared and the
longest common word subsequence covers most of the shorter quote (rapidfuzz ``LCSseq``). Words are compared
casefolded, with contractions expanded and numbers as digits ("ten thousand" = "10,000"). Linked quotes are
grouped with union-find (at most :data:`MAX_GROUP` wordings, so loose chains stop growing).

In a group, the canonical wording is the fullest one (never a part of another wording) backed by the most
independent sources (articles that copy one another count once), then the earliest, then one not found
only in copies. Every other wording gets a fidelity class against it (or, when it shares little with it,
against the closest better-ranked wording — two parts of one long quote):

* ``exact``: the same words and punctuation;
* ``punctuation``: only case, punctuation, contractions or number format differ ("didn't" / "did not");
* ``truncation``: one wording is a contiguous part of the other;
* ``substitution``: words changed, inserted or dropped (listed as ``[old, new]`` pairs), at most 40 %;
* ``paraphrase_in_quotes``: more changed than that, but still the same statement.

A changed wording is a **misquote** when (a) it appears in a copy of an article that carries the reference
wording (the copy garbled the quote), or (b) it is a light edit (at most two changes, 20 % of the words)
and more independent sources — at least two, paraphrases not counted — print the original words at the
changed place. Heavier rewordings from independent outlets are variants, not misquotes: they are usually
the outlet’s own rendering of the remark. The same words (eight or more) given to differently named people
are a **misattribution**.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq

from ..text.lexsim import STOPWORDS
from .numbers import words_to_number
from .quotes import Quote, speaker_kind

__all__ = ["QuoteGroup", "QuoteVariant", "confirm_misattributions", "group_quotes", "quote_conflicts"]

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
#: Fewest words for a quote to be grouped (shorter ones are terms and scare quotes).
MIN_WORDS = 4
#: Bigrams found in more distinct wordings than this are too common to suggest a link.
MAX_POSTING = 60
#: Wordings a bigram's other wordings are compared with when it is in more than MAX_POSTING of them.
POSTING_REPS = 4
#: Most distinct wordings in one group: chains of loosely linked quotes stop growing there.
MAX_GROUP = 200
#: Fewest words for differently named speakers of the same words to count as a misattribution (shorter
#: phrases are often echoed by several people: "the very definition of fake news").
MIN_MISATTRIBUTION_WORDS = 8


@dataclass(slots=True)
class QuoteVariant:
    """One wording of a statement and the articles that print it."""

    text: str
    articles: list[str]
    fidelity: str = "exact"
    changes: list[tuple[str, str]] = field(default_factory=list)
    speakers: list[str] = field(default_factory=list)
    canonical: bool = False
    misquote: bool = False
    independent_support: int = 0


@dataclass(slots=True)
class QuoteGroup:
    """The renderings of one statement across articles; ``variants[0]`` is the canonical wording."""

    speaker: str | None
    variants: list[QuoteVariant]
    misattribution: bool = False
    speakers: list[str] = field(default_factory=list)
    attributions: dict[str, list[str]] = field(default_factory=dict)
    #: speaker → (article id, quote start, quote end) of each quote giving the words to that speaker.
    attribution_spans: dict[str, list[tuple[str, int, int]]] = field(default_factory=dict)

    @property
    def articles(self) -> list[str]:
        """Every article quoting the statement, in first-seen order."""
        return list(dict.fromkeys(a for v in self.variants for a in v.articles))

    @property
    def misquoted(self) -> bool:
        """True when some wording is flagged as a misquote."""
        return any(v.misquote for v in self.variants)

    def to_dict(self) -> dict[str, Any]:
        """The report-contract record (``speaker``, ``variants`` with text/articles/fidelity/changes) plus flags."""
        return {
            "speaker": self.speaker,
            "variants": [{"text": v.text, "articles": v.articles, "fidelity": v.fidelity,
                          "changes": [list(c) for c in v.changes], "canonical": v.canonical,
                          "misquote": v.misquote, "speakers": v.speakers,
                          "independent_support": v.independent_support} for v in self.variants],
            "misattribution": self.misattribution,
            "speakers": self.speakers,
            "attributions": self.attributions,
        }


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


def _is_name(speaker: str | None) -> bool:
    return speaker_kind(speaker) == "person"


def _same_person(a: str, b: str) -> bool:
    if a.split()[-1] == b.split()[-1]:
        return True
    return fuzz.ratio(a, b) >= 85 or fuzz.ratio(a.split()[-1], b.split()[-1]) >= 85


def _name_clusters(names: Counter[str]) -> list[list[str]]:
    clusters: list[list[str]] = []
    for name, _n in names.most_common():
        for cl in clusters:
            if _same_person(cl[0], name):
                cl.append(name)
                break
        else:
            clusters.append([name])
    return clusters


def group_quotes(quotes_by_article: Mapping[str, Sequence[Quote]],
                 independence: Mapping[str, str] | None = None,
                 published: Mapping[str, dt.date | None] | None = None,
                 *, copied_from: Mapping[str, str] | None = None,
                 spun: Collection[str] = (),
                 min_words: int = MIN_WORDS) -> list[QuoteGroup]:
    """Group the renderings of each statement across articles and grade their fidelity.

    Args:
        quotes_by_article: the quotes of each article of one story.
        independence: article id → independence group id (articles that copy one another share one);
            ``None`` treats every article as independent.
        published: article id → publication date, for the earliest-wording tie-break.
        copied_from: optional article id → id of the article it copies; a wording found only in a copy
            loses ties against its source's wording.
        min_words: shortest quote (in words) that is grouped; scare quotes never are.
        spun: articles found to be machine-spun (provenance): a wording printed only by them loses ties, and
            a light edit of another article's wording found only in them is a misquote (spinners alter
            quotations word by word), even when no second source outvotes it.

    Returns:
        Groups, most quoted first; each group's first variant is the canonical wording.
    """
    indep = independence or {}
    dates = published or {}
    copies = copied_from or {}
    wordings: dict[str, _Wording] = {}
    # Scare quotes and short quotes are not grouped, but they still show which words an article printed.
    shorts: list[tuple[str, str]] = []
    for quotes in quotes_by_article.values():
        for q in quotes:
            key = _key(q.text)
            w = wordings.get(key)
            if w is None:
                surface, norm, back = _tokenize(q.text)
                if q.scare or len(norm) < min_words:
                    if len(norm) > 1:
                        shorts.append((_joined(tuple(norm)), q.article_id))
                    continue
                gaps = _gaps(q.text, back) if _ELLIPSIS.search(q.text) else frozenset()
                w = wordings[key] = _Wording(key, key, surface, norm, back, gaps=gaps)
            w.quotes.append(q)
    items = list(wordings.values())
    grams = [_bigrams(w.norm) for w in items]
    index: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, g in enumerate(grams):
        for bg in g:
            index[bg].append(i)
    parent = list(range(len(items)))
    size = [1] * len(items)

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    shared: Counter[tuple[int, int]] = Counter()
    for members in index.values():
        # Postings count distinct wordings, not articles. A bigram in dozens of different wordings is either
        # common ("of the") or one much-varied statement: its wordings are then compared with a few of them
        # only (enough to connect a varied statement), which keeps the pair count near linear.
        reps = len(members) if len(members) <= MAX_POSTING else POSTING_REPS
        for x in range(reps):
            for y in range(x + 1, len(members)):
                shared[(members[x], members[y])] += 1
    # A quote whose closing mark is missing may run on over words that are not quoted, and a quote carried
    # over paragraphs may be two quotes, so either may touch several statements: it never links two groups,
    # it joins the one it shares most with (after the others are formed).
    loose = [all(q.unclosed or q.continued for q in w.quotes) for w in items]
    pending: dict[int, tuple[int, int]] = {}
    for (i, j), n in shared.items():
        # _linked needs a quarter of the shorter quote's bigrams at least: skip hopeless pairs cheaply.
        if n < 0.25 * min(len(grams[i]), len(grams[j])):
            continue
        if loose[i] or loose[j]:
            if loose[i] != loose[j]:
                u, other = (i, j) if loose[i] else (j, i)
                if n > pending.get(u, (0, -1))[0] and _linked(items[u].norm, items[other].norm, grams[u],
                                                              grams[other]):
                    pending[u] = (n, other)
            continue
        ri, rj = find(i), find(j)
        if ri != rj and size[ri] + size[rj] <= MAX_GROUP and _linked(items[i].norm, items[j].norm, grams[i], grams[j]):
            parent[ri] = rj
            size[rj] += size[ri]
    for u, (_n, other) in pending.items():
        ru, ro = find(u), find(other)
        if ru != ro and size[ru] + size[ro] <= MAX_GROUP:
            parent[ru] = ro
            size[ro] += size[ru]
    clusters: dict[int, list[_Wording]] = defaultdict(list)
    for i, w in enumerate(items):
        clusters[find(i)].append(w)
    spun_set = frozenset(spun)
    groups = [_build(ws, indep, dates, copies, shorts, spun_set) for ws in clusters.values()]
    groups.sort(key=lambda g: (-len(g.articles), g.variants[0].text))
    return groups


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


#: A part of a fuller wording is canonical when it is printed by more than this many times as many sources.
FULLER_RATIO = 3
#: Words whose loss or gain alone does not make a misquote (negations are not among them).
_TRIVIAL = frozenset("that the a an and so then just well now oh um uh".split())
#: Above this many wordings in a group the (quadratic) check that the top wording is itself garbled is skipped.
MAX_REVERSE_CHECK = 40


def _build(ws: list[_Wording], indep: Mapping[str, str], dates: Mapping[str, dt.date | None],
           copies: Mapping[str, str], shorts: Sequence[tuple[str, str]] = (),
           spun: frozenset[str] = frozenset()) -> QuoteGroup:
    arts = {w.key: list(dict.fromkeys(q.article_id for q in w.quotes)) for w in ws}
    groups_of = {w.key: {indep.get(a, a) for a in arts[w.key]} for w in ws}
    support: dict[str, set[str]] = {}
    maximal: dict[str, bool] = {}
    for w in ws:
        support[w.key] = set().union(*(groups_of[o.key] for o in ws if o.norm == w.norm or _contiguous(o.norm, w.norm)
                                       or _contiguous(w.norm, o.norm)))
        # A fuller wording outranks the part it contains, unless the part is printed by more than
        # FULLER_RATIO times as many sources (the extra words of one article are then the suspect ones:
        # a quotation run on over another, or over unquoted words).
        maximal[w.key] = not any(len(o.norm) > len(w.norm) and _contiguous(w.norm, o.norm)
                                 and FULLER_RATIO * len(groups_of[o.key]) >= len(groups_of[w.key]) for o in ws)
    # Sources printing every word of the wording (it, or a fuller wording containing it): a long wording is
    # not backed by the sources that print only its parts.
    attest = {w.key: set().union(*(groups_of[o.key] for o in ws if o.norm == w.norm or _contiguous(w.norm, o.norm)))
              for w in ws}
    # Articles printing the wording or a part of it: breaks ties between equally independent wordings.
    printed = {w.key: len({a for o in ws if o.norm == w.norm or _contiguous(o.norm, w.norm) for a in arts[o.key]})
               for w in ws}
    garbled: set[str] = set()

    def rank(w: _Wording) -> tuple[int, int, int, int, int, int, int, int, int, int, int, str]:
        days = [d.toordinal() for a in arts[w.key] if (d := dates.get(a)) is not None]
        only_copies = all(a in copies for a in arts[w.key])
        # A partial quote is never the canonical wording while a fuller one contains it; a wording outvoted
        # at a changed word by other sources is not either; a wording found only in copies loses to its source.
        # An unclosed or paragraph-carried wording may have run on over other words: it comes last.
        return (int(all(q.unclosed or q.continued for q in w.quotes)), int(not maximal[w.key]), int(w.key in garbled),
                int(bool(spun) and all(a in spun for a in arts[w.key])),
                -len(attest[w.key]), -len(support[w.key]), -printed[w.key],
                int(only_copies), min(days) if days else 10**7, -len(arts[w.key]), -len(w.norm), w.key)

    def backing(seqs: list[list[str]], witnesses: Sequence[_Wording]) -> int:
        """Independence groups printing one of ``seqs`` inside a witness wording or a short quote."""
        found: set[str] = set()
        for seq in seqs:
            if len(seq) < 2:
                continue  # one word is found everywhere: no evidence of what was printed at that place
            needle = _joined(tuple(seq))
            for o in witnesses:
                if needle in _joined(tuple(o.norm)):
                    found |= groups_of[o.key]
            for joined, aid in shorts:
                if needle in joined:
                    found.add(indep.get(aid, aid))
        return len(found)

    def outvoted(ref: _Wording, w: _Wording, ops: Sequence[tuple[int, int, int, int]],
                 ref_witnesses: Sequence[_Wording], w_witnesses: Sequence[_Wording]) -> bool:
        """More sources print ``ref``'s words than ``w``'s at some changed place of a light edit."""
        if not _light(ops, max(len(w.norm), len(ref.norm) if ref.norm else 0)):
            return False
        for i1, i2, j1, j2 in ops:
            if j1 == 0 or (i1 == i2 == len(ref.norm)):
                continue  # a partial quote's first word adapted ("[he] looks forward"), or words added at the end
            if _TRIVIAL.issuperset(ref.norm[i1:i2]) and _TRIVIAL.issuperset(w.norm[j1:j2]):
                continue  # "a chance that we could lose" / "a chance we could lose": no word of substance
            og = backing(_local(ref.norm, i1, i2), ref_witnesses)
            ng = backing(_local(w.norm, j1, j2), w_witnesses)
            # Two independent sources against fewer (copies of one article count once: with one source on
            # each side the words are two renderings, not a misquote).
            if og >= 2 and og > ng:
                return True
        return False

    ws.sort(key=rank)
    for _attempt in range(3):
        canon = ws[0]
        refs: list[_Wording] = []
        graded: list[tuple[str, list[tuple[str, str]], list[tuple[int, int, int, int]]]] = []
        for k, w in enumerate(ws):
            ref = canon
            if w is not canon and LCSseq.similarity(w.norm, canon.norm) < 0.5 * len(w.norm):
                # Linked through a third wording (two parts of one longer quote): compare with the closest
                # better-ranked wording rather than with words it never shared.
                ref = max(ws[:k], key=lambda o: LCSseq.similarity(w.norm, o.norm))
            refs.append(ref)
            graded.append(("exact", [], []) if w is canon else _classify(ref, w))
        # A paraphrased rendering is no witness to the exact words.
        witnesses = [w for w, g in zip(ws, graded, strict=True) if g[0] != "paraphrase_in_quotes"]
        if len(ws) > MAX_REVERSE_CHECK or canon.key in garbled:
            break
        # Is the top wording itself the garbled one? A light edit of it whose changed words more sources print
        # (counting only wordings close to that edit) says so: rank it lower and grade again.
        bad = False
        for w in ws[1:]:
            ops = _overlap_ops(canon, w)
            if not ops or not _light(ops, max(len(w.norm), len(canon.norm))):
                continue
            close = [o for o in ws if o is w or _contiguous(o.norm, w.norm) or _contiguous(w.norm, o.norm)
                     or (o is not canon and _light(_overlap_ops(w, o), len(o.norm)))]
            near_canon = [o for o in ws if o is canon or _contiguous(o.norm, canon.norm)
                          or _contiguous(canon.norm, o.norm)]
            back = [(j1, j2, i1, i2) for i1, i2, j1, j2 in ops]
            if outvoted(w, canon, back, close, near_canon):
                bad = True
                break
        if not bad:
            break
        garbled.add(canon.key)
        ws.sort(key=rank)

    faithful = {a for w, g in zip(ws, graded, strict=True) if g[0] in ("exact", "punctuation", "truncation")
                for a in arts[w.key]}
    variants: list[QuoteVariant] = []
    for w, ref, (fidelity, changes, ops) in zip(ws, refs, graded, strict=True):
        mis = False
        if w is not canon and fidelity != "exact":
            # A copy of an article with the reference wording that changed the words garbled the quote (the
            # copy, not its source: ``copies`` says which way the copying went).
            copied = fidelity in ("substitution", "paraphrase_in_quotes") and any(
                copies.get(x) == y or (x != y and x in copies and y not in copies
                                       and indep.get(x, x) == indep.get(y, y))
                for x in arts[w.key] for y in arts[ref.key])
            # A light edit where more independent sources print the original words is a misquote; a heavy
            # rewording from an independent source is more likely its own rendering of the remark.
            # A spun article's light edit of a wording printed by an unspun one: the spinner altered the quote.
            spun_edit = (fidelity == "substitution" and bool(spun) and all(a in spun for a in arts[w.key])
                         and not any(a in spun for a in arts[ref.key]) and _light(ops, len(w.norm)))
            mis = copied or spun_edit or (fidelity in ("substitution", "paraphrase_in_quotes")
                                          and outvoted(ref, w, ops, witnesses, witnesses))
            if not mis and fidelity not in ("punctuation", "truncation"):
                # Compared with the canonical wording on the words both print (the canonical may be a part).
                over = _overlap_ops(canon, w)
                if over and outvoted(canon, w, over, witnesses, witnesses):
                    mis, fidelity, changes = True, "substitution", _changes(canon, w, over)
        if mis and set(arts[w.key]) <= faithful:
            mis = False  # the article prints a faithful wording too: two sayings, not a misquote
        speakers = list(dict.fromkeys(q.speaker for q in w.quotes if q.speaker))
        variants.append(QuoteVariant(w.text, arts[w.key], fidelity, changes, speakers, w is canon, mis,
                                     len(support[w.key])))
    return _with_speakers(QuoteGroup(None, variants), ws)


def _with_speakers(group: QuoteGroup, ws: list[_Wording]) -> QuoteGroup:
    names: Counter[str] = Counter()
    descs: Counter[str] = Counter()
    long_names: Counter[str] = Counter()
    for w in ws:
        for q in w.quotes:
            if q.speaker and _is_name(q.speaker):
                names[q.speaker] += 1
                # Only an explicit attribution (a verb: "X said") is evidence of who said it; a speaker
                # inherited from the paragraph before is a guess.
                if len(w.norm) >= MIN_MISATTRIBUTION_WORDS and q.verb:
                    long_names[q.speaker] += 1
                    group.attributions.setdefault(q.speaker, [])
                    if q.article_id not in group.attributions[q.speaker]:
                        group.attributions[q.speaker].append(q.article_id)
                    group.attribution_spans.setdefault(q.speaker, []).append((q.article_id, q.start, q.end))
            elif q.speaker:
                descs[q.speaker] += 1
    clusters = _name_clusters(names)
    if clusters:
        top = max(clusters, key=lambda cl: sum(names[n] for n in cl))
        group.speaker = max(top, key=lambda n: names[n])
    elif descs:  # an organisation's name says more than "a spokesman"
        group.speaker = max(descs, key=lambda d: (speaker_kind(d) == "org", descs[d]))
    group.speakers = [cl[0] for cl in clusters]
    group.misattribution = len(_name_clusters(long_names)) > 1
    return group


def _knows_other(spans: Mapping[str, list[tuple[str, int, int]]], cluster: list[str], others: list[list[str]],
                 mentions: Callable[[str, int, int, str], bool]) -> bool:
    """Every quote giving the words to ``cluster`` names one of the ``others`` in its paragraph."""
    where = [x for n in cluster for x in spans.get(n, [])]
    return bool(where) and all(any(mentions(a, s, e, n) for o in others for n in o) for a, s, e in where)


def confirm_misattributions(groups: Sequence[QuoteGroup], is_person: Callable[[str], bool],
                            mentions: Callable[[str, int, int, str], bool] | None = None) -> None:
    """Keep a misattribution only when at least two of the differing speakers are people who exclude each other.

    Attribution rules sometimes take a place or a phrase for a speaker ("South Florida said" from a
    dateline, "Inaugural Address"); the story's name entities (:mod:`.names`) know better which are people.
    And when every quote giving the words to one person names the other in the same paragraph, the two
    are usually a principal and the spokesman or lawyer who read the statement ("…," said Jim Manley, a
    spokesman for Reid), or the attribution there is ambiguous: not a disagreement between sources.

    Args:
        groups: quote groups from :func:`group_quotes`.
        is_person: whether a speaker name is a person's.
        mentions: ``(article id, quote start, quote end, name) -> bool``: the quote's paragraph names that person.
    """
    for g in groups:
        if not g.misattribution:
            continue
        people = [cl for cl in _name_clusters(Counter(g.attributions)) if any(is_person(n) for n in cl)]
        if mentions is not None and len(people) >= 2:
            people = [cl for cl in people
                      if not _knows_other(g.attribution_spans, cl, [o for o in people if o is not cl], mentions)]
        if len(people) < 2:
            g.misattribution = False


def quote_conflicts(groups: Sequence[QuoteGroup], spun: Collection[str] = ()) -> list[dict[str, Any]]:
    """Conflict records (report contract, ``kind: "quote"``) for misquoted or misattributed statements.

    Only wordings that cannot both be verbatim make a conflict: a word swapped, added or dropped that carries
    meaning. A transcription variant ("the interview he gave" / "the interview that he gave", "duty" /
    "duties", a leading "I") is listed under the quote's variants, not here.
    """
    out: list[dict[str, Any]] = []
    for g in groups:
        # (``spun`` is accepted for callers; the spin flag alone does not make a transcription variant a dispute)
        mis = [v for v in g.variants if v.misquote and _meaningful(v.changes)]
        if mis:
            out.append({"kind": "quote", "about": f"words quoted from {g.speaker or 'an unnamed speaker'}",
                        "values": [{"value": v.text, "articles": v.articles, "fidelity": v.fidelity}
                                   for v in g.variants if v.canonical or v in mis]})
        elif len(g.variants) > 1:
            canon = g.variants[0]
            faithful = [v for v in g.variants if v.fidelity in ("exact", "punctuation", "truncation")]

            def excused(v: QuoteVariant, faithful: list[QuoteVariant] = faithful) -> bool:
                # the article also prints the original word in a faithful wording: two sayings, not a dispute
                olds = {str(o).lower() for o, _ in v.changes if o}
                return all(any(a in f.articles and olds & set(f.text.lower().split()) for f in faithful)
                           for a in v.articles)

            changed = [v for v in g.variants[1:] if v.fidelity in ("substitution", "paraphrase_in_quotes")
                       and _word_swap(v.changes) and not excused(v)]
            if changed:
                # Two wordings of one quotation that differ by a swapped word, from different articles: they
                # cannot both be verbatim, though neither is outvoted (which one is right is left open).
                out.append({"kind": "quote", "about": f"words quoted from {g.speaker or 'an unnamed speaker'}",
                            "values": [{"value": v.text, "articles": v.articles, "fidelity": v.fidelity}
                                       for v in [canon, *changed]], "likely_correct": None})
        if g.misattribution and (who := _attributions(g.attributions)) and _same_words(g, who):
            out.append({"kind": "quote", "about": f"speaker of \u201c{g.variants[0].text}\u201d",
                        "values": [{"value": name, "articles": arts} for name, arts in who.items()]})
    return out


_NOT_PEOPLE = frozenset("""address speech protection department committee agency office administration council
    house senate court party campaign association union network news times post journal police""".split())


def _attributions(raw: Mapping[str, list[str]]) -> dict[str, list[str]]:
    """Speakers that different articles give one quotation: "Trump" and "Donald Trump" are one person, an
    article naming two speakers (quoting one quoting the other) takes no side, and "Inaugural Address" or
    "Border Protection" is nobody. Empty unless two speakers remain, each from its own articles."""
    merged: dict[str, set[str]] = {}
    for name in sorted(raw, key=lambda n: -len(n.split())):
        words = name.split()
        if not words or words[-1].lower() in _NOT_PEOPLE:
            continue
        same = next((k for k in merged if k.split()[-1] == words[-1]), None)
        merged.setdefault(same or name, set()).update(raw[name])
    counts = Counter(a for arts in merged.values() for a in arts)
    kept = {n: sorted(a for a in arts if counts[a] == 1) for n, arts in merged.items()}
    kept = {n: arts for n, arts in kept.items() if arts}
    return kept if len(kept) >= 2 else {}


def _inflection(x: str, y: str) -> bool:
    """One word in two grammatical forms (plural, past, participle), not two words ("brilliance" /
    "brilliant")."""
    short, long_ = sorted((x, y), key=len)
    stem = short[:-1] if short.endswith(("y", "e")) else short
    return long_.startswith(stem) and long_[len(stem):] in ("s", "es", "ies", "ied", "ed", "d", "ing", "y", "e")


def _same_words(g: QuoteGroup, who: Mapping[str, list[str]]) -> bool:
    """Two of the speakers are given the very same words (up to case and punctuation): a misattribution is
    one quotation credited to two people, not two people's similar remarks ("a power grab on behalf of the
    people" / "a power grab for the American people")."""
    words: dict[str, set[str]] = defaultdict(set)
    for v in g.variants:
        key = " ".join(re.findall(r"[a-z0-9]+", v.text.lower()))
        for a in v.articles:
            words[a].add(key)
    said = [set().union(*(words[a] for a in arts)) for arts in who.values()]
    return any(said[i] & said[j] for i in range(len(said)) for j in range(i + 1, len(said)))


def _meaningful(changes: Sequence[Sequence[str]]) -> bool:
    """Some change carries meaning: not only function words added or dropped, case, or an inflection."""
    for old, new in changes:
        a = re.sub(r"[^a-z0-9 ]", "", str(old).lower()).split()
        b = re.sub(r"[^a-z0-9 ]", "", str(new).lower()).split()
        if set(a) | set(b) <= _FUNCTION_WORDS or a == b:
            continue
        if len(a) == 1 and len(b) == 1 and _inflection(a[0], b[0]):
            continue  # "duty" / "duties", "say" / "said"
        return True
    return False


#: Words whose swap or loss alone leaves a quotation's meaning (modal verbs and negations are not among them).
_FUNCTION_WORDS = frozenset("""a an the and or but if so of in on at to for from by with as it its they them their he
    she his her him we us our you your i me my this that these those is are was were be been being do does did have
    has had""".split())


def _word_swap(changes: Sequence[Sequence[str]]) -> bool:
    """One or two swapped words (other changes only words added or left out), one of them a content word
    swapped for a different word (not a spelling, an inflection, an editor's bracket or a function word)."""
    swaps = [(o, n) for o, n in changes if o and n]
    if not swaps or len(swaps) > 2 or len(changes) > 3:
        return False  # besides one or two swapped words only words added or left out at the edges
    for old, new in swaps:
        a, b = re.sub(r"[^a-z0-9 ]", "", str(old).lower()).split(), re.sub(r"[^a-z0-9 ]", "", str(new).lower()).split()
        if len(a) != 1 or len(b) != 1 or "[" in f"{old}{new}":
            continue
        x, y = a[0], b[0]
        if x in _FUNCTION_WORDS or y in _FUNCTION_WORDS or x[:3] == y[:3]:
            continue
        from rapidfuzz import fuzz

        if fuzz.ratio(x, y) >= 75:
            continue
        return True
    return False
