"""Group the quotations of a story into statements (:func:`group_quotes`): link wordings, pick the
canonical one, classify every other wording against it and mark misquotes.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq

from ... import contract
from ..quotes import Quote, speaker_kind
from .wording import (
    _ELLIPSIS,
    _bigrams,
    _changes,
    _classify,
    _contiguous,
    _gaps,
    _joined,
    _key,
    _light,
    _linked,
    _local,
    _overlap_ops,
    _tokenize,
    _Wording,
)

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

    def record(self) -> contract.QuoteGroup:
        """The story contract's record of this statement: its speaker, variants and attribution flags."""
        return contract.QuoteGroup(
            self.speaker,
            [contract.QuoteVariant(v.text, list(v.articles), v.fidelity, [list(c) for c in v.changes], v.canonical,
                                   v.misquote, list(v.speakers), v.independent_support) for v in self.variants],
            self.misattribution, list(self.speakers), {k: list(v) for k, v in self.attributions.items()})


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
    # Pairs in index order, not in the order they were counted: that follows the iteration of the bigram
    # sets, i.e. the process's hash seed, and the group-size cap and the ties of ``pending`` made the groups
    # differ between processes (a local pool worker and a Spark executor).
    for (i, j), n in sorted(shared.items()):
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
