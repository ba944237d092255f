"""Cited, verified extractive summary of one story.

Sentences are picked by greedy *budgeted coverage* of weighted concepts (stemmed words and bigrams), the
objective of concept-based multi-document summarisation (Gillick & Favre 2009; Lin & Bilmes 2011), which
handles redundancy better than MMR: a concept the summary already covers adds nothing again.

* *corroboration* — a concept weighs the number of other independence groups (an article with its
  copies) that also report it: content several sources carry is the story, one source's aside is not;
* *headlines* — each group whose headline has the concept adds to its weight (editors' choice of gist);
* *lead prior* — news puts the gist first, so earlier sentences of an article are preferred;
* quoted material (one side's words) and sentences that repeat a disputed value are preferred less.

By default the summary ends once no corroborated content is left (``fill=True`` uses the whole budget),
and it is never longer than the story's mean article (``length_ratio``): one-paragraph briefs get about a
paragraph, not a budget padded with asides. Sentences come from :mod:`storyline.summary_units`: splitter
fragments joined, leading datelines, "Why it matters:"-style labels and "However,"-style openers cut; one
that opens with he/she is repaired with the person the sentence before it names as speaker or subject,
and one that leans on context it cannot carry (another pronoun, first person, the tail of a quotation) is
avoided. The summary opens with its most important article lead; a sentence cut at the budget ends at a
clause boundary and is shown with " …". Each summary sentence then cites every article that carries its
content and every citation is verified (:meth:`SupportIndex.verify`; a cut sentence is verified whole): an
article that does not support a sentence is not cited, and a sentence left without a citation is not emitted.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Collection, Sequence
from dataclasses import replace
from functools import lru_cache

import numpy as np
from scipy import sparse

from ..config import SummaryConfig
from ..contract import Conflict, ConflictValue, SummarySentence, Verification
from ..model import Article, Span
from ..text.lexsim import STOPWORDS
from .units import _PRONOUN, SentenceSpans, Unit, _analyse, char_grams, content_terms, story_units

__all__ = ["SentenceSpans", "SummaryConfig", "SupportHints", "SupportIndex", "content_terms", "summarize"]

#: ``(article_id, sentence_start) -> [article ids]`` known (from alignment or claims) to carry that sentence.
SupportHints = dict[tuple[str, int], list[str]]


# --- support and verification -----------------------------------------------------------------------------


class SupportIndex:
    """Sentence vectors of a story's articles, to find and verify which articles carry a given sentence.

    Support of an article for a sentence is the best, over its sentences and pairs of adjacent sentences,
    of the mean of two containments of the sentence in that passage: IDF-weighted content terms (catches
    reordering and inflection) and character 4-grams (catches spelling variants and compounds). A number
    in the sentence that the passage lacks halves the score, so "25 members" is not verified by "20".
    """

    def __init__(self, articles: Sequence[Article], config: SummaryConfig | None = None,
                 sentence_spans: SentenceSpans | None = None) -> None:
        self.articles = list(articles)
        self.config = config or SummaryConfig()
        self.units = story_units(self.articles, self.config, sentence_spans)
        vocab: dict[str, int] = {}
        rows, cols = [], []
        for i, u in enumerate(self.units):
            # Sorted, not set order: column order decides the order of float sums (norms, scores), and set
            # order changes with the process's hash seed, so near-ties would fall differently per process.
            for t in sorted(set(u.terms)):
                rows.append(i)
                cols.append(vocab.setdefault(t, len(vocab)))
        self.vocab = vocab
        n = max(1, len(self.units))
        self.binary = sparse.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)),
                                        shape=(len(self.units), len(vocab)))
        df = np.asarray(self.binary.sum(axis=0)).ravel()
        self.idf = (np.log((1 + n) / (1 + df)) + 1.0).astype(np.float32)
        x = self.binary.multiply(self.idf).tocsr()
        norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
        self.x = sparse.diags(1.0 / np.maximum(norms, 1e-9)).dot(x).tocsr()
        self.bounds = np.searchsorted([u.article for u in self.units], np.arange(len(self.articles) + 1))

    def support(self, text: str, skip: int | None = None, top: int = 2) -> dict[int, tuple[float, int, int]]:
        """Best support of every article for ``text``: ``{article index: (score, start, end)}``.

        Args:
            text: the sentence to look up.
            skip: an article index not to look in (the sentence's own source).
            top: sentences per article (by term containment) scored in full; the best of them is also
                tried together with each neighbour, for content split over two sentences.
        """
        terms = set(content_terms(text))
        known = sorted({self.vocab[t] for t in terms if t in self.vocab})
        # Terms no sentence of the story has count fully against every passage.
        total = float(self.idf[known].sum()) + (len(terms) - len(known)) * float(self.idf.max(initial=1.0))
        if not known or total <= 0:
            return {}
        lexical = self.binary[:, known].dot(self.idf[known]) / total
        nums = {self.vocab[t] for t in terms if t[:1].isdigit() and t in self.vocab}
        n_nums = sum(1 for t in terms if t[:1].isdigit())
        grams = char_grams(text)

        def score(ids: list[int]) -> float:
            lex = float(lexical[ids[0]]) if len(ids) == 1 else self._union_lexical(ids, known, total)
            pgrams = frozenset().union(*(self.units[i].grams() for i in ids))
            sc = (lex + len(grams & pgrams) / max(1, len(grams))) / 2
            have = {j for i in ids for j in self.binary.indices[self.binary.indptr[i]:self.binary.indptr[i + 1]]}
            return sc * 0.5 if n_nums and (len(nums & have) < n_nums) else sc  # a number the passage lacks

        out: dict[int, tuple[float, int, int]] = {}
        for a in range(len(self.articles)):
            lo, hi = int(self.bounds[a]), int(self.bounds[a + 1])
            if a == skip or hi <= lo or lexical[lo:hi].max() < 0.15:
                continue
            singles = [(score([i]), i) for i in (lo + np.argsort(-lexical[lo:hi])[:top]).tolist()]
            sc, i = max(singles)
            best = (sc, self.units[i].start, self.units[i].end)
            if sc < self.config.support_threshold:
                for ids in ([i - 1, i], [i, i + 1]):
                    if ids[0] >= lo and ids[-1] < hi:
                        # Two sentences match by accident more easily than one: a pair needs more evidence.
                        pair = 0.9 * score(ids)
                        if pair > best[0]:
                            best = (pair, self.units[ids[0]].start, self.units[ids[-1]].end)
            out[a] = best
        return out

    def _union_lexical(self, ids: list[int], known: list[int], total: float) -> float:
        have = {j for i in ids for j in self.binary.indices[self.binary.indptr[i]:self.binary.indptr[i + 1]]}
        return float(sum(self.idf[j] for j in known if j in have)) / total

    def verify(self, text: str, source: tuple[int, int, int] | None = None, hinted: Sequence[str] = (),
               threshold: float | None = None) -> tuple[list[str], list[Verification]]:
        """Citations of ``text`` and how each was verified.

        Args:
            text: the sentence as it will be shown.
            source: ``(article index, start, end)`` it was extracted from, if any (verified as "source").
            hinted: article ids that alignment or claim matching say carry it (verified as "hint").
            threshold: support score needed for a lexical verification (default: the config's).

        Returns:
            The cited article ids (source first, then story order) and, in the same order, how each was
            verified (method, score, evidence span); an article that does not support the sentence is left out.
        """
        thr = self.config.support_threshold if threshold is None else threshold
        ver: dict[str, Verification] = {}
        if source is not None:
            aid = self.articles[source[0]].id
            ver[aid] = Verification(Span(aid, source[1], source[2]), "source", 1.0)
        hints = set(hinted)
        found = self.support(text, skip=source[0] if source else None)
        for a in range(len(self.articles)):
            if a in found:
                score, s, e = found[a]
            elif self.articles[a].id in hints:
                score, s, e = 0.0, 0, 0  # alignment saw what the lexical check cannot (paraphrase)
            else:
                continue
            aid = self.articles[a].id
            if aid in ver:
                continue
            if score >= thr:
                ver[aid] = Verification(Span(aid, s, e), "lexical", round(score, 3))
            elif aid in hints:
                ver[aid] = Verification(Span(aid, s, e), "hint", round(score, 3))
        order = {a.id: i for i, a in enumerate(self.articles)}
        cites = sorted(ver, key=lambda i: (ver[i].method != "source", order[i]))
        return cites, [ver[c] for c in cites]


# --- selection --------------------------------------------------------------------------------------------


def _groups(articles: Sequence[Article], groups: dict[str, str] | None) -> np.ndarray:
    """Independence group per article: copies of one source count once."""
    labels: dict[str, int] = {}
    out = []
    for a in articles:
        key = (groups or {}).get(a.id) or a.duplicate_of or a.near_duplicate_of or a.id
        out.append(labels.setdefault(key, len(labels)))
    return np.asarray(out, dtype=int)


def _concepts(text: str) -> set[str]:
    """Content terms and word bigrams of a text (see :func:`_concepts_of`)."""
    return _concepts_of(*_analyse(text))


def _concepts_of(stems: list[str], terms: list[str]) -> set[str]:
    """Content terms and stemmed word bigrams (not both stopwords): the units of coverage."""
    out = set(terms)
    out.update(f"{a} {b}" for a, b in zip(stems, stems[1:], strict=False) if a not in STOPWORDS or b not in STOPWORDS)
    return out


class _Coverage:
    """Concept weights of a story and the concept sets of its candidate sentences, as a sparse matrix.

    A concept weighs the number of *other* independence groups that also report it, plus ``title_weight``
    per group whose headline has it. A concept only one source uses is uncorroborated and weighs nothing,
    so the summary ends once the corroborated content is told; with ``fill`` (or when the story has a
    single source) it weighs a little, so that the budget is used.
    """

    def __init__(self, units: list[Unit], cand: list[int], group: np.ndarray, titles: dict[int, str],
                 cfg: SummaryConfig) -> None:
        concepts = [_concepts_of(u.stems, u.terms) for u in units]
        vocab: dict[str, int] = {}
        # Concepts in sorted order, not set order (which follows the process's hash seed): the column order
        # is the order in which a sentence's gain is summed, and equal-looking gains (a near copy and its
        # original) must not tie-break differently in another process (local pool vs Spark executor).
        ids = [[vocab.setdefault(c, len(vocab)) for c in sorted(cs)] for cs in concepts]
        # Groups per concept, vectorised: unique (concept, group) pairs counted per concept.
        n_groups = int(group.max(initial=0)) + 1
        flat = np.fromiter((j for row in ids for j in row), dtype=np.int64, count=sum(map(len, ids)))
        unit_group = np.repeat(group[[u.article for u in units]], [len(row) for row in ids])
        pairs = np.unique(flat * n_groups + unit_group)
        reporters = np.bincount(pairs // n_groups, minlength=len(vocab))
        only = np.full(len(vocab), -1)
        only[pairs // n_groups] = pairs % n_groups  # the group, for concepts a single group reports
        headline = np.zeros(len(vocab))
        for c, gs in self._headlines(titles, group).items():
            j = vocab.get(c)
            if j is not None:
                # Reported by one source only: its own headline vouches for it at half weight.
                headline[j] = len(gs) - 0.5 * (reporters[j] == 1 and int(only[j]) in gs)
        base = 0.01 if cfg.fill or n_groups == 1 else 0.0
        self.weight = reporters - 1 + base + cfg.title_weight * headline
        self.vocab = vocab
        rows = [k for k, i in enumerate(cand) for _ in ids[i]]
        cols = [j for i in cand for j in ids[i]]
        self.cand_ids = {i: ids[i] for i in cand}
        self.matrix = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(cand), len(vocab)))

    @staticmethod
    def _headlines(titles: dict[int, str], group: np.ndarray) -> dict[str, set[int]]:
        out: dict[str, set[int]] = {}
        for a, title in titles.items():
            for c in _concepts(title):
                out.setdefault(c, set()).add(int(group[a]))
        return out

    def value(self, concepts: set[str], uncovered: np.ndarray) -> float:
        """Weight of the uncovered concepts of an arbitrary concept set."""
        # fsum: exactly rounded, so the value does not depend on the set's (hash-seeded) iteration order.
        return math.fsum(float(self.weight[j] * uncovered[j]) for j in (self.vocab.get(c) for c in concepts)
                         if j is not None)


def _pick(index: SupportIndex, cand: list[int], prior: np.ndarray, cov: _Coverage,
          cfg: SummaryConfig) -> list[tuple[int, int]]:
    """Greedy budgeted coverage of weighted concepts: ``[(unit index, words kept)]`` in the order picked.

    A sentence's value is the weight of the concepts it adds that the summary lacks, per square root of
    its length, times its prior (lead position, quotes, disputes). Covered concepts add
    nothing, which keeps the summary from repeating itself; near-copies of a picked sentence are barred
    outright. When truncating, a sentence that does not fit is valued by the words that will be kept, so
    the budget's last words go to the sentence that starts best.
    """
    units = index.units
    sub = index.x[cand]
    lengths = np.asarray([units[i].n_words for i in cand])
    uncovered = np.ones(len(cov.weight))
    open_ = np.ones(len(cand), dtype=bool)
    picked: list[tuple[int, int]] = []
    used = 0
    while used < cfg.words and open_.any():
        room = cfg.words - used
        gain = cov.matrix.dot(cov.weight * uncovered)
        value = np.where(open_, gain / np.sqrt(np.maximum(lengths, 1)) * prior, 0.0)
        kept = np.minimum(lengths, room)
        if cfg.truncate and room >= cfg.min_tail:  # a shorter tail ("Now …") says nothing
            for j in np.flatnonzero(open_ & (lengths > room)):
                head = " ".join(units[cand[j]].text.split()[:room])
                value[j] = cov.value(_concepts(head), uncovered) / room ** 0.5 * prior[j]
        else:
            value[open_ & (lengths > room)] = 0.0
        best = int(np.argmax(value))
        if value[best] <= 0:
            if picked or not cfg.truncate and lengths[int(np.argmax(prior))] > room:
                break
            best = int(np.argmax(prior))  # nothing weighs (no overlap, no headline): the best lead will do
        picked.append((cand[best], int(kept[best])))
        used += int(kept[best])
        uncovered[cov.cand_ids[cand[best]]] = 0.0
        sim = np.asarray(sub.dot(sub[best].T).todense()).ravel()
        open_ &= sim <= cfg.near_copy
        open_[best] = False
    return picked


# --- disputes, repair, output -----------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _value_re(value: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w.])" + re.escape(value) + r"(?![\w])", re.IGNORECASE)


def _backers(value: ConflictValue) -> int:
    """How many independent sources back a disputed value (copies of one report count once)."""
    n, k = len(value.articles), value.independent_support
    return min(k, n) if k > 0 else n


def _support_note(value: ConflictValue) -> str:
    """"8 articles from 4 independent sources" when copies inflate the count, else "4 sources"."""
    n, k = len(value.articles), _backers(value)
    if k < n:
        return f"{n} articles from {k} independent source{'s' if k != 1 else ''}"
    return f"{n} source{'s' if n != 1 else ''}"


def _dispute_note(text: str, disputed: Sequence[Conflict]) -> tuple[str, bool]:
    """Put the other sources' values next to a disputed value: "25 crew members [2 sources; 1 says 20]".

    Counts are of independent sources when the conflict knows them: eight wire copies of one report are
    "8 articles from 1 independent source", not eight voices against one.
    """
    hit = False
    for conflict in disputed:
        values = [v for v in conflict.values if v.value.strip()]
        for v in values:
            m = _value_re(v.value).search(text)
            if not m:
                continue
            hit = True
            others = ", ".join(f"{_backers(o)} say{'s' if _backers(o) == 1 else ''} {o.value}"
                               for o in values if o is not v)
            # Attach the note to the value's phrase ("25 crew members"), not to a lone number.
            tail = re.match(r"(?:\s+(?!(?:and|or|of|to|in|on|at|for|by)\b)[a-z][\w-]*){0,2}", text[m.end():])
            at = m.end() + (tail.end() if tail else 0)
            text = f"{text[:at]} [{_support_note(v)}; {others}]{text[at:]}"
            break
    return text, hit


def _clause_cut(words: list[str], keep: float) -> str:
    """A sentence cut at the budget (``words`` fit), ended at its last clause boundary if that keeps ``keep``."""
    ends = [k + 1 for k, w in enumerate(words[:-1]) if w.endswith((",", ";", ":")) or words[k + 1] in {"—", "–", "--"}]
    if ends and ends[-1] >= keep * len(words):
        words = words[:ends[-1]]
    return " ".join(words).rstrip(",;:—–- ") + " …"


def _repair(u: Unit, text: str, prev: Unit | None, earlier: list[str]) -> str:
    """Replace a leading he/she/his/her by the speaker unless the sentence before it precedes it here too."""
    if u.speaker is None or (prev is not None and prev.article == u.article and prev.index == u.index - 1):
        return text
    name = u.speaker
    if any(name in t for t in earlier) and " " in name:
        name = name.split()[-1]  # named in full already: the surname reads naturally
    m = _PRONOUN.match(text[:1].upper() + text[1:])
    if not m:
        return text
    word = m.group(1)
    repl = f"{name}’s" if word in {"His", "Her"} else name
    return repl + text[m.end(1):]


def summarize(articles: Sequence[Article], words: int | None = None, *, support_hints: SupportHints | None = None,
              disputed: Sequence[Conflict] | None = None, groups: dict[str, str] | None = None,
              sentence_spans: SentenceSpans | None = None, config: SummaryConfig | None = None,
              avoid: Collection[str] = ()) -> list[SummarySentence]:
    """Cited, verified extractive summary of one story.

    Args:
        articles: the story's articles (canonical text; titles and dates are used when present).
        words: word budget (``None``: ``config.words``).
        support_hints: ``(article_id, sentence_start) -> [article ids]`` that alignment or claim matching
            say carry the sentence starting there; they are cited with method "hint".
        disputed: conflicts whose values, when a sentence carries one, make it less preferred than a
            comparable sentence, else show the dispute inline.
        groups: article id -> independence group (copies of one source share a group); by default an
            article's ``duplicate_of``/``near_duplicate_of`` representative.
        sentence_spans: article id -> sentence spans from :func:`storyline.text.sentences`, when an earlier
            stage has them (splitting is about half the time of a summary).
        config: further knobs (see :class:`SummaryConfig`).
        avoid: ids of articles not to lean on (machine-spun or garbled copies): their sentences are picked
            only when no clean article says as much, and a sentence only they carry is left out.

    Returns:
        The sentences in reading order, each with its citations, how each was verified, and the span it
        was taken from. Every citation is verified; a sentence without one is not emitted.
    """
    cfg = config or SummaryConfig()
    if words is not None:
        cfg = replace(cfg, words=words)
    arts = [a for a in articles if a.text.strip()]
    if cfg.length_ratio is not None and arts:
        mean_words = sum(len(a.text.split()) for a in arts) / len(arts)
        cfg = replace(cfg, words=min(cfg.words, max(cfg.min_words, round(cfg.length_ratio * mean_words))))
    if not arts or cfg.words <= 0:
        return []
    index = SupportIndex(arts, cfg, sentence_spans)
    units = index.units
    cand = [i for i, u in enumerate(units) if u.candidate]
    if not cand:  # very short or odd texts: fall back to any sentence with content
        cand = [i for i, u in enumerate(units) if len(u.terms) >= 2]
    if not cand:
        return []
    cov = _Coverage(units, cand, _groups(arts, groups), {a: art.title for a, art in enumerate(arts) if art.title}, cfg)
    prior = np.ones(len(cand))
    # One pattern for every disputed value (the same boundaries as _dispute_note): a single search per sentence.
    values = sorted({v.value.strip() for c in disputed or () for v in c.values} - {""},
                    key=len, reverse=True)
    any_disputed = (re.compile(r"(?<![\w.])(?:" + "|".join(map(re.escape, values)) + r")(?![\w])", re.IGNORECASE)
                    if values else None)
    for j, i in enumerate(cand):
        u = units[i]
        # Lead sentences carry the gist; quotes are one side's words.
        prior[j] = (1 + cfg.lead_weight / (1 + u.index)) * (1 - 0.5 * u.quote_share)
        if any_disputed is not None and any_disputed.search(u.text):
            prior[j] *= 0.8  # a comparable undisputed sentence is the better pick
        if cfg.long_words and u.n_words > cfg.long_words:
            prior[j] *= cfg.long_words / u.n_words  # a long lead spends the budget on one fact
        if arts[u.article].id in avoid:
            prior[j] *= 0.2  # a clean source's wording of the same fact is the better pick
    picked = _pick(index, cand, prior, cov, cfg)
    if not picked:  # nothing fits the budget (e.g. every candidate is longer than it): no summary, not a crash
        return []
    rank = {i: r for r, (i, _) in enumerate(picked)}
    kept = dict(picked)
    truncated = [i for i, n in picked if n < units[i].n_words or units[i].cut]  # they end in " …": last

    # The most important lead (an article's first sentence, written to open a story) opens the summary, else
    # the most important sentence; then leads and the rest, each by article date and position.
    leads = [i for i in kept if units[i].index == 0 and i not in truncated]
    opener = min(leads or list(kept), key=rank.__getitem__)

    def when(i: int) -> tuple[bool, bool, dt.date, int, int]:
        u = units[i]
        return i != opener, u.index > 0, arts[u.article].published or dt.date.max, u.index, rank[i]

    order = sorted((i for i in kept if i not in truncated), key=when) + truncated
    hints = support_hints or {}
    out: list[SummarySentence] = []
    prev: Unit | None = None
    for i in order:
        u = units[i]
        earlier = [o.text for o in out]
        whole = _repair(u, u.text, prev, earlier)
        whole = whole[:1].upper() + whole[1:]
        text = whole if kept[i] == u.n_words and not u.cut else _clause_cut(whole.split()[:kept[i]], cfg.clause_keep)
        art = arts[u.article]
        hinted = hints.get((art.id, u.sent_start)) or hints.get((art.id, u.start)) or ()
        for part in u.parts:  # a joined sentence: an article carries it when it carries every part
            hinted = [h for h in hinted if h in hints.get((art.id, part), ())]
        # A sentence cut at the budget is verified whole: an article is cited for the sentence the cut shows,
        # not for sharing its first few words ("“Every part of the …").
        cites, ver = index.verify(whole, (u.article, u.start, u.end), hinted)
        if not cites or (avoid and set(cites) <= set(avoid)):
            continue  # unverified, or carried only by a spun copy
        if disputed:
            text = _dispute_note(text, disputed)[0]
        out.append(SummarySentence(text, cites, ver, Span(art.id, u.start, u.end)))
        prev = u
    return out
