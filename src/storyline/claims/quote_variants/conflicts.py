"""Quote conflicts across a story (:func:`quote_conflicts`): misquotes whose change means something,
and the same words given to different people (:func:`confirm_misattributions`).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Mapping, Sequence

from ...contract import Conflict, ConflictValue
from ...text.lexicon import FUNCTION_WORDS as _FUNCTION_WORDS
from .group import QuoteGroup, QuoteVariant, _name_clusters


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


def quote_conflicts(groups: Sequence[QuoteGroup], spun: Collection[str] = ()) -> list[Conflict]:
    """Quote conflicts: misquoted or misattributed statements.

    Only wordings that cannot both be verbatim make a conflict: a word swapped, added or dropped that carries
    meaning. A transcription variant ("the interview he gave" / "the interview that he gave", "duty" /
    "duties", a leading "I") is listed under the quote's variants, not here.
    """
    out: list[Conflict] = []
    for g in groups:
        # (``spun`` is accepted for callers; the spin flag alone does not make a transcription variant a dispute)
        mis = [v for v in g.variants if v.misquote and _meaningful(v.changes)]
        if mis:
            out.append(Conflict("quote", f"words quoted from {g.speaker or 'an unnamed speaker'}",
                                [ConflictValue(v.text, list(v.articles), fidelity=v.fidelity)
                                 for v in g.variants if v.canonical or v in mis]))
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
                out.append(Conflict("quote", f"words quoted from {g.speaker or 'an unnamed speaker'}",
                                    [ConflictValue(v.text, list(v.articles), fidelity=v.fidelity)
                                     for v in [canon, *changed]], likely_correct=None))
        if g.misattribution and (who := _attributions(g.attributions)) and _same_words(g, who):
            out.append(Conflict("quote", f"speaker of \u201c{g.variants[0].text}\u201d",
                                [ConflictValue(name, list(arts)) for name, arts in who.items()]))
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
