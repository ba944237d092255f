"""Cited, verified extractive summary of one story.

Sentences are picked by greedy *budgeted coverage* of weighted concepts (stemmed words and bigrams), the
objective of concept-based multi-document summarisation (Gillick & Favre 2009; Lin & Bilmes 2011), which
handles redundancy better than MMR: a concept the summary already covers adds nothing again.

* *corroboration* — a concept weighs the number of other independence groups (an article with its
  copies) that also report it: content several sources carry is the story, one source's aside is not;
* *headlines* — each group whose headline has the concept adds to its weight (editors' choice of gist);
* *lead prior* — news puts the gist first, so earlier sentences of an article are preferred;
* quoted material (one side's words) and sentences that repeat a disputed value are preferred less.

By default the summary ends once no corroborated content is left (``fill=True`` uses the whole budget).
Leading datelines, "Why it matters:"-style labels and "However,"-style openers are cut from a sentence;
one that opens with he/she is repaired with the speaker named in the sentence before it, and one that
opens with another pronoun ("It", "They", "This") is avoided. Each summary sentence then cites every
article that carries its content and every citation is verified (:meth:`SupportIndex.verify`): an article
that does not support a sentence is not cited, and a sentence left without a citation is not emitted.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

import numpy as np
from scipy import sparse

from .lexsim import STOPWORDS, concept, is_number, stem, tokenize
from .model import Article
from .text import sentences as split_sentences

__all__ = ["SentenceSpans", "SummaryConfig", "SupportHints", "SupportIndex", "content_terms", "summarize"]

#: ``(article_id, sentence_start) -> [article ids]`` known (from alignment or claims) to carry that sentence.
SupportHints = dict[tuple[str, int], list[str]]
#: ``article_id -> [(start, end)]`` sentence spans already computed by an earlier stage (skips re-splitting).
SentenceSpans = Mapping[str, Sequence[tuple[int, int]]]


@dataclass(slots=True)
class SummaryConfig:
    """Knobs of the extractive summariser.

    Attributes:
        words: word budget of the summary.
        truncate: cut the last picked sentence at the budget (what the ROUGE baselines do) instead of
            stopping before the budget would be exceeded.
        near_copy: a sentence this similar (TF-IDF cosine) to a picked one is not picked.
        title_weight: weight of a concept per headline that has it (a group reporting it counts 1).
        lead_weight: prior bonus of an article's first sentence (the n-th gets ``lead_weight / n``).
        fill: use the whole budget even when only uncorroborated content is left (the default stops).
        support_threshold: lowest support score at which an article counts as carrying a sentence.
        lead_sentences: only the first this many sentences of an article are candidates (the rest still
            count as support); bounds the work on long stories.
        min_words: shorter sentences are not candidates (captions, bylines, fragments).
        max_words: longer sentences are not candidates (run-ons, lists).
        min_tail: with ``truncate``, a sentence is cut at the budget only when this many words fit.
        length_ratio: the summary is at most this many times as long as the story's mean article (in
            words), whatever the budget: sources that are themselves one-paragraph briefs get a summary of
            about one paragraph rather than one padded with asides (``None``: the budget alone).
    """

    words: int = 150
    truncate: bool = False
    near_copy: float = 0.4
    title_weight: float = 2.0
    lead_weight: float = 0.5
    fill: bool = False
    support_threshold: float = 0.5
    lead_sentences: int = 12
    min_words: int = 6
    max_words: int = 60
    length_ratio: float | None = 1.0
    min_tail: int = 4


# --- sentence units ---------------------------------------------------------------------------------------

# "SEOUL, South Korea — ", "WASHINGTON (Reuters) - ", "(CNN) — ": a place in capitals or an agency in brackets.
_DATELINE = re.compile(r"^(?:[A-Z][A-Z.'’-]+(?:[ ,]+[A-Z][A-Za-z.]*){0,3}\s*(?:\([A-Za-z .]+\)\s*)?[-—–]+\s+"
                       r"|\([A-Z][A-Za-z ]{1,20}\)\s*(?:[-—–]+\s+)?)")
_LABEL = re.compile(r"^(?:[A-Z][\w’']*(?:\s[\w’']+){0,3})\s?:\s+(?=[A-Z\"“‘])")
_OPENER = re.compile(r"^(?:However|Also|But|And|Meanwhile|Still|Moreover|Additionally|Furthermore|Yet|"
                     r"In addition|At the same time|Instead|Nonetheless|Nevertheless)\b,?\s+")
# "This week …" and "That night …" point at a time, not at a missing antecedent.
_PRONOUN = re.compile(r"^(He|She|His|Her|They|Their|It|Its|This|That|These|Those|Them|We|Our|Us|I|My)\b"
                      r"(?!\s+(?:week|month|year|morning|afternoon|evening|night|weekend|time|season|spring|summer|"
                      r"autumn|fall|winter|decade|century)\b)")
_NAME = re.compile(r"\b(?:(?:Sen|Rep|Gov|Dr|Mr|Mrs|Ms|Gen|Lt|Col|Sgt|Det|Prof)\.\s+)?"
                   r"[A-Z][a-z]+(?:[-’'][A-Z]?[a-z]+)?(?:\s+[A-Z]\.)*(?:\s+[A-Z][a-z]+(?:[-’'][A-Z]?[a-z]+)?){1,4}\b")
_SAID_BY = re.compile(r"\b(?:said|says|told|added|wrote|according to)\s+((?:[A-Z][\w.’'-]*\s?){1,3})")
# The rest of a quotation opened in the sentence before: '… lost a cherished colleague,” said Roberts.'
_QUOTE_TAIL = re.compile(r'^[^“”"]*”|^[^"“”]*"[^"]*$')
_TITLES = frozenset("""President Vice Sen Senator Sens Rep Reps Representative Gov Governor Secretary Treasury State
Defense Homeland Speaker House Chief Justice Judge Mayor Attorney General Gen Lt Col Sgt Dr Mr Mrs Ms Prof Rev Prime
Minister Democratic Republican Democrat Congressman Congresswoman Former Ambassador Director Adviser Advisor Leader
Majority Minority Pope King Queen Prince Princess Sheriff Officer Detective Professor Commissioner Chairman
Chairwoman Chair President-elect Senator-elect First Lady Deputy Assistant Special Counsel Press Supreme Associate
Retired Sir Dame Lord Lady Coach Captain Capt Adm Admiral Commander Cmdr Maj Major Cpl Pvt Agent Union union
secretary""".split())
_NOT_PERSON = frozenset("""Court States State Security Department House Senate Party Hospital Gardens Partnership News
City Guard Guards Post Times Street University College Committee Council Administration Agency Office Bureau Service
Union Association Organization Ministry Church County Island Islands Republic Kingdom Nations Caucus Congress
Commission Force Army Navy Police Corps Board Group Company Inc Network Center Centre Institute Foundation Fund Bank
Reserve Airlines Airport Station Hall Square Park River Valley Mountain Sea Ocean Bay Coast Border Patrol Capitol
Pentagon Kremlin Assembly Parliament Cabinet Campaign Affairs Democratic Republican Democrats Republicans Pacific
Atlantic America American Americans North South East West Northern Southern Eastern Western Monday Tuesday
Wednesday Thursday Friday Saturday Sunday January February March April May June July August September October
November December Grande Memorial Revolutionary Trade Act Bill Agreement Treaty Plan Care Health Energy Media
Twitter Facebook Google Apple Amazon Microsoft Reuters Associated Press Fox CNN NBC ABC CBS MSNBC Politico Axios
Journal Tribune Herald Daily Weekly Magazine Club League Conference Summit Games Olympics Cup Festival""".split())
_STARTERS = frozenset("The A An In On At After Before When While As But And So Yet Last This That Then Now".split())
_QUOTED = re.compile(r"[\"“][^\"“”]*[\"”]|‘[^‘’]*’")
_TERMINAL = re.compile(r"[.!?][\"”’')\]]*$")
_ALNUM = re.compile(r"[^0-9a-z]+")
# A span ending in a title abbreviation ("… said Lt." + "Gov. Kathy Hochul …") or inside an open bracket
# ("(D-Md." + "On Wednesday …") is a splitter error, not a sentence: it is joined to the next span.
_FRAGMENT = re.compile(r"(?:^|[\s(“\"])(?:Gov|Govs|Rep|Reps|Sen|Sens|Lt|Sgt|Gen|Gens|Col|Adm|Capt|Cmdr|Maj|Cpl|Pvt|"
                       r"Dr|Drs|Mr|Mrs|Ms|Messrs|Prof|Rev|Atty|Supt|Insp|Det|Amb|Pres|Gen|Brig|Rear|Vice|St)\.$"
                       r"|\([^()]*$")
_DASH = re.compile(r"^[-—–]+\s+")


@dataclass(slots=True)
class Unit:
    """One sentence of one article: its (trimmed) span, text and content terms."""

    article: int
    index: int
    sent_start: int  # where the untrimmed sentence starts (the key of support hints)
    start: int
    end: int
    text: str
    stems: list[str]  # every token, stemmed (bigrams)
    terms: list[str]  # content terms (see content_terms)
    candidate: bool = False
    quote_share: float = 0.0
    speaker: str | None = None  # the name a leading he/she stands for, when the previous sentence tells
    dangling: bool = False  # opens with a pronoun that cannot be repaired: never a candidate
    cut: bool = False  # the article's text stops inside this sentence (a crawled excerpt): shown with " …"
    parts: tuple[int, ...] = ()  # starts of the further splitter spans joined into this sentence
    _grams: frozenset[str] | None = None

    @property
    def n_words(self) -> int:
        """Number of whitespace-separated words."""
        return len(self.text.split())

    def grams(self) -> frozenset[str]:
        """Character 4-grams of the casefolded alphanumeric text (cached)."""
        if self._grams is None:
            self._grams = char_grams(self.text)
        return self._grams


def char_grams(text: str, n: int = 4) -> frozenset[str]:
    """Character ``n``-grams of ``text`` with case, punctuation and spacing folded away."""
    s = " " + _ALNUM.sub(" ", text.casefold()).strip() + " "
    return frozenset(s[i:i + n] for i in range(len(s) - n + 1))


def _analyse(text: str) -> tuple[list[str], list[str]]:
    """Stems of all tokens (for bigrams) and the content terms (see :func:`content_terms`), in one pass."""
    stems: list[str] = []
    terms: list[str] = []
    for t in tokenize(text):
        st = stem(t)
        stems.append(st)
        if t not in STOPWORDS and (len(t) > 1 or t.isdigit()):
            terms.append(concept(t) if is_number(t) else st)
    return stems, terms


def content_terms(text: str) -> list[str]:
    """Stems of the non-stopword tokens, in order; number words become digits ("three" → "3")."""
    return _analyse(text)[1]


def _trim(text: str, s: int, e: int) -> int:
    """New start of sentence ``[s, e)`` after cutting a dateline, a section label and a discourse opener."""
    for rx in (_DASH, _DATELINE, _DASH, _LABEL, _OPENER):
        m = rx.match(text[s:e])  # (on the slice: with a start position, "^" would only match after "\n")
        # A label cut must leave a real sentence; "Paul said: …" style quotes keep their speaker.
        if m and e - s - m.end() > 20 and not re.search(r"\b(?:said|says|told|wrote)\b", m.group()):
            s += m.end()
    return s


def _merge_fragments(text: str, spans: Sequence[tuple[int, int]]) -> list[list[int]]:
    """Sentence spans with splitter fragments ("… Lt." / "Gov. …", "(D-Md." / "…") joined to the next span.

    Each item is ``[start, end, start of every joined span …]`` (the starts key support hints).
    """
    out: list[list[int]] = []
    join = False
    for s, e in spans:
        if join and out and "\n\n" not in text[out[-1][1]:s]:
            out[-1][1] = e
            out[-1].append(s)
        else:
            out.append([s, e, s])
        join = bool(_FRAGMENT.search(text[out[-1][0]:out[-1][1]]))
    return out


def _person(words: list[str]) -> str | None:
    """``words`` (a capitalised run) as a person's name, or ``None`` for an institution, place or time.

    Leading titles are dropped ("Treasury Secretary Steven Mnuchin" → "Steven Mnuchin"); a lone surname
    keeps its title ("Mr Jackson", "President Biden"). Without a gazetteer this is a word-list check, so
    it errs towards ``None``: a sentence whose "He" cannot be resolved is avoided, never misattributed.
    """
    i = 0
    while i < len(words) and words[i].rstrip(".") in _TITLES:
        i += 1
    rest = [w[:-2] if w.endswith(("’s", "'s")) else w if re.fullmatch(r"[A-Z]\.", w) else w.rstrip(".,;:")
            for w in words[i:]]
    names = [w for w in rest if len(w.rstrip(".")) > 1]  # (initials aside)
    if not names or len(names) > 3 or any(w in _NOT_PERSON or w in _TITLES or w.isupper() for w in names):
        return None
    if len(names) == 1:
        return " ".join(words[i - 1:i] + rest) if i else None
    return " ".join(rest)


def _speaker(prev: str, article_text: str = "") -> str | None:
    """The person a following "He said …" most likely refers to, else ``None``.

    Only two readings are trusted: the speaker of ``prev`` ("…, said Dana Whitlock") and the person it is
    about as its subject (a name among its first words). A name further in ("… alongside Biden and
    Bernie Sanders, the Hawaii congresswoman …") is too often not the "she" that follows.
    """
    full = {p.split()[-1] for n in _NAME.finditer(article_text) if (p := _person(n.group().split()))}
    m = _SAID_BY.search(prev)
    if m and m.group(1).strip()[:1].isupper() and m.group(1).split()[0] not in _STARTERS:
        said_by = m.group(1).split()
        cand = _person(said_by)
        if cand is None and len(said_by) == 1 and said_by[0].rstrip(".,") in full:
            cand = said_by[0].rstrip(".,")  # "…, said Ackison." after the article named her in full
        if cand:
            return cand
    head = len(" ".join(prev.split()[:8]))
    for n in _NAME.finditer(prev):
        if n.start() > head:
            break
        words = n.group().split()
        if n.start() == 0 and words[0] in _STARTERS:  # sentence-initial capitals say nothing
            words = words[1:]
        name = _person(words) if len(words) >= 2 else None
        if name:
            return name
    # A lone surname as the subject ("Baldwin held the gun.") when the article names that person in full.
    first = re.match(r"(?:[A-Z][a-z]+\s+){0,2}?([A-Z][a-z]+(?:[-’'][A-Z]?[a-z]+)?)\b(?!\s+[A-Z])", prev)
    lone = first.group(1) if first else None
    return lone if lone in full and lone not in _STARTERS else None


def _is_headline(u: Unit, title: frozenset[str]) -> bool:
    """True for the article's headline repeated as a body sentence: it would vouch for itself."""
    if not title or not 0.6 * len(title) <= len(u.text) <= 1.6 * len(title):  # (4-grams ≈ characters)
        return False
    grams = u.grams()
    return len(grams & title) >= 0.8 * max(len(grams), len(title))


def _units(articles: Sequence[Article], cfg: SummaryConfig, spans_of: SentenceSpans | None = None) -> list[Unit]:
    units: list[Unit] = []
    for ai, art in enumerate(articles):
        text, title = art.text, char_grams(art.title) if art.title else frozenset()
        spans = list(spans_of[art.id]) if spans_of and art.id in spans_of else split_sentences(text)
        merged = _merge_fragments(text, spans)
        spans = [(m[0], m[1]) for m in merged]
        for idx, (s0, e) in enumerate(spans):
            s = _trim(text, s0, e)
            body = text[s:e]
            u = Unit(ai, idx, s0, s, e, body, *_analyse(body))
            u.parts = tuple(merged[idx][3:])
            n = u.n_words
            quoted = sum(len(q) for q in _QUOTED.findall(body))
            u.quote_share = quoted / max(1, len(body))
            # (capitalised: a cut opener leaves "he said …"; first person is the outlet's or a speaker's voice)
            m = _PRONOUN.match(body[:1].upper() + body[1:])
            if m:
                word = m.group(1)
                prev = text[spans[idx - 1][0]:spans[idx - 1][1]] if idx else ""
                u.speaker = _speaker(prev, text) if word in {"He", "She", "His", "Her"} else None
                u.dangling = u.speaker is None
            u.dangling = u.dangling or bool(_QUOTE_TAIL.match(body))
            # An excerpt that stops mid-sentence still has a usable sentence when enough of it is there.
            u.cut = idx == len(spans) - 1 and not _TERMINAL.search(body) and n >= 2 * cfg.min_words
            u.candidate = (idx < cfg.lead_sentences and cfg.min_words <= n <= cfg.max_words and len(u.terms) >= 3
                           and (u.cut or bool(_TERMINAL.search(body))) and not body.rstrip("”\"’' ").endswith("?")
                           and not u.dangling and not _is_headline(u, title))
            units.append(u)
    return units


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
        self.units = _units(self.articles, self.config, sentence_spans)
        vocab: dict[str, int] = {}
        rows, cols = [], []
        for i, u in enumerate(self.units):
            for t in set(u.terms):
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

    def vector(self, text: str) -> sparse.csr_matrix:
        """L2-normalised TF-IDF row of an arbitrary text in this story's vocabulary."""
        idx = sorted({self.vocab[t] for t in content_terms(text) if t in self.vocab})
        data = self.idf[idx] if idx else np.zeros(0, dtype=np.float32)
        norm = float(np.sqrt((data * data).sum())) or 1.0
        return sparse.csr_matrix((data / norm, (np.zeros(len(idx), dtype=int), idx)), shape=(1, len(self.vocab)))

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
               threshold: float | None = None) -> tuple[list[str], dict[str, dict[str, Any]]]:
        """Citations of ``text`` and how each was verified.

        Args:
            text: the sentence as it will be shown.
            source: ``(article index, start, end)`` it was extracted from, if any (verified as "source").
            hinted: article ids that alignment or claim matching say carry it (verified as "hint").
            threshold: support score needed for a lexical verification (default: the config's).

        Returns:
            The cited article ids (source first, then story order) and ``{id: {"method", "score",
            "evidence": [start, end]}}``; an article that does not support the sentence is left out.
        """
        thr = self.config.support_threshold if threshold is None else threshold
        ver: dict[str, dict[str, Any]] = {}
        if source is not None:
            ver[self.articles[source[0]].id] = {"method": "source", "score": 1.0, "evidence": [source[1], source[2]]}
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
                ver[aid] = {"method": "lexical", "score": round(score, 3), "evidence": [s, e]}
            elif aid in hints:
                ver[aid] = {"method": "hint", "score": round(score, 3), "evidence": [s, e]}
        order = {a.id: i for i, a in enumerate(self.articles)}
        cites = sorted(ver, key=lambda i: (ver[i]["method"] != "source", order[i]))
        return cites, {c: ver[c] for c in cites}


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
        ids = [[vocab.setdefault(c, len(vocab)) for c in cs] for cs in concepts]
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
        return float(sum(self.weight[j] * uncovered[j] for j in (self.vocab.get(c) for c in concepts) if j is not None))


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


def _dispute_note(text: str, disputed: Sequence[dict[str, Any]]) -> tuple[str, bool]:
    """Put the other sources' values next to a disputed value: "25 crew members [2 sources; 1 says 20]"."""
    hit = False
    for conflict in disputed:
        values = [v for v in conflict.get("values", []) if str(v.get("value", "")).strip()]
        for v in values:
            m = _value_re(str(v["value"])).search(text)
            if not m:
                continue
            hit = True
            n = len(v.get("articles", []))
            others = ", ".join(f"{len(o.get('articles', []))} say{'s' if len(o.get('articles', [])) == 1 else ''} "
                               f"{o['value']}" for o in values if o is not v)
            # Attach the note to the value's phrase ("25 crew members"), not to a lone number.
            tail = re.match(r"(?:\s+(?!(?:and|or|of|to|in|on|at|for|by)\b)[a-z][\w-]*){0,2}", text[m.end():])
            at = m.end() + (tail.end() if tail else 0)
            text = f"{text[:at]} [{n} source{'s' if n != 1 else ''}; {others}]{text[at:]}"
            break
    return text, hit


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


def summarize(articles: Sequence[Article], words: int = 150, *, support_hints: SupportHints | None = None,
              disputed: Sequence[dict[str, Any]] | None = None, groups: dict[str, str] | None = None,
              sentence_spans: SentenceSpans | None = None, config: SummaryConfig | None = None
              ) -> list[dict[str, Any]]:
    """Cited, verified extractive summary of one story.

    Args:
        articles: the story's articles (canonical text; titles and dates are used when present).
        words: word budget (overrides ``config.words``).
        support_hints: ``(article_id, sentence_start) -> [article ids]`` that alignment or claim matching
            say carry the sentence starting there; they are cited with method "hint".
        disputed: conflicts in report-contract form (``{"kind", "about", "values": [{"value",
            "articles"}]}``). A sentence carrying a disputed value is avoided when a comparable one
            exists, else shows the dispute inline.
        groups: article id -> independence group (copies of one source share a group); by default an
            article's ``duplicate_of``/``near_duplicate_of`` representative.
        sentence_spans: article id -> sentence spans from :func:`storyline.text.sentences`, when an earlier
            stage has them (splitting is about half the time of a summary).
        config: further knobs (see :class:`SummaryConfig`).

    Returns:
        One dict per sentence, in reading order: ``{"text", "citations": [ids], "verification": {id:
        {"method": "source"|"lexical"|"hint", "score", "evidence": [s, e]}}, "source": {"article": id,
        "span": [s, e]}}``. Every citation is verified; a sentence without one is not emitted.
    """
    cfg = replace(config or SummaryConfig(), words=words)
    arts = [a for a in articles if a.text.strip()]
    if cfg.length_ratio is not None and arts:
        mean_words = sum(len(a.text.split()) for a in arts) / len(arts)
        cfg.words = min(cfg.words, max(cfg.min_words, round(cfg.length_ratio * mean_words)))
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
    for j, i in enumerate(cand):
        u = units[i]
        # Lead sentences carry the gist; quotes are one side's words.
        prior[j] = (1 + cfg.lead_weight / (1 + u.index)) * (1 - 0.5 * u.quote_share)
        if disputed and _dispute_note(u.text, disputed)[1]:
            prior[j] *= 0.8  # a comparable undisputed sentence is the better pick
    picked = _pick(index, cand, prior, cov, cfg)
    rank = {i: r for r, (i, _) in enumerate(picked)}
    kept = dict(picked)
    truncated = [i for i, n in picked if n < units[i].n_words or units[i].cut]  # they end in " …": last

    def when(i: int) -> tuple[bool, bool, dt.date, int, int]:
        # The most important sentence opens the summary; then leads (they state the news) and the rest,
        # each by article date and position; ties by importance.
        u = units[i]
        return rank[i] > 0, u.index > 0, arts[u.article].published or dt.date.max, u.index, rank[i]

    order = sorted((i for i in kept if i not in truncated), key=when) + truncated
    hints = support_hints or {}
    out: list[dict[str, Any]] = []
    prev: Unit | None = None
    for i in order:
        u = units[i]
        text = (u.text if kept[i] == u.n_words and not u.cut
                else " ".join(u.text.split()[:kept[i]]).rstrip(",;:—–- ") + " …")
        text = _repair(u, text, prev, [o["text"] for o in out])
        text = text[:1].upper() + text[1:]
        art = arts[u.article]
        hinted = hints.get((art.id, u.sent_start)) or hints.get((art.id, u.start)) or ()
        for part in u.parts:  # a joined sentence: an article carries it when it carries every part
            hinted = [h for h in hinted if h in hints.get((art.id, part), ())]
        cites, ver = index.verify(text, (u.article, u.start, u.end), hinted)
        if not cites:
            continue
        if disputed:
            text = _dispute_note(text, disputed)[0]
        out.append({"text": text, "citations": cites, "verification": ver,
                    "source": {"article": art.id, "span": [u.start, u.end]}})
        prev = u
    return out
