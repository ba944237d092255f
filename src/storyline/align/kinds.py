"""Reuse classes: passages apart from quotations, sentence paraphrases, pair kinds and spin (pure).

Kinds of a passage: ``copy`` (verbatim but for a few words), ``rewrite`` (light edits: synonyms,
inserted or dropped words), ``paraphrase`` (a sentence saying the same with few shared words, found
by the paraphrase model), ``spin`` (word-for-word synonym swaps in the same order, the trace of
article spinners) and ``quotation`` (aligned words inside quotation marks: a shared source).

Kinds of a pair add ``duplicate``, ``quotation_only`` and ``none``. The level (none, paraphrase,
rewrite, copy) comes from the reuse-level model trained on graded human reuse
(:mod:`storyline.reuse_level`), then link rules decide whether there is enough reused text for a
reuse edge (:func:`final_kind`), and ``spin`` is decided by its own evidence (:mod:`storyline.spin`).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from itertools import compress
from operator import not_
from typing import Any, TypeVar

import numpy as np

from ..config import AlignConfig
from ..model import Article
from ..text.lexsim import STOPWORDS, concept
from ..text.normalize import exact_form, sentences
from .bags import Bag, bag
from .level import coverage, known_level, pair_features, reuse_level
from .paraphrase import match_sentences, sentence_candidates
from .spin import SpinReport, spin_report
from .wordalign import RawPassage, TokenSeq, passage_stats, token_seq, word_edits

_G = TypeVar("_G", bound=Hashable)

#: Defaults of the function arguments below, written once in :class:`AlignConfig`.
_DEFAULTS = AlignConfig()


__all__ = ["PairEvidence", "ParaphrasePlan", "Passage", "Prepared", "classify_pair", "final_kind", "may_link",
           "paraphrase_plan", "prepare", "sentence_passages", "split_by_quotes"]


@dataclass(slots=True)
class Passage:
    """An aligned passage pair (character spans ``[start, end)`` in the two canonical texts)."""

    source_span: tuple[int, int]
    target_span: tuple[int, int]
    similarity: float
    kind: str
    edits: dict[str, int] = field(default_factory=dict)
    substitutions: list[tuple[int, int]] = field(default_factory=list, repr=False)

    def to_dict(self) -> dict[str, object]:
        """Report form (spans as lists)."""
        return {"source_span": list(self.source_span), "target_span": list(self.target_span), "kind": self.kind,
                "similarity": round(self.similarity, 3), "edits": dict(self.edits)}


@dataclass(slots=True)
class Prepared:
    """Per-article work done once per story: tokens with seeds, sentence spans, and lazy caches."""

    article: Article
    tokens: TokenSeq
    sentences: list[tuple[int, int]]
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)

    def sentence_tokens(self) -> list[tuple[int, int]]:
        """Token index range ``[i, j)`` of each sentence."""
        if "sent_tok" not in self._cache:
            starts = self.tokens.starts
            self._cache["sent_tok"] = [(bisect_left(starts, s), bisect_left(starts, e)) for s, e in self.sentences]
        return self._cache["sent_tok"]  # type: ignore[no-any-return]

    def sentence_concepts(self) -> list[tuple[list[str], list[str], Counter[str]]]:
        """Per sentence: concepts of all words, of unquoted words, and the bag of content concepts."""
        if "sent_con" not in self._cache:
            tok, out = self.tokens, []
            for i, j in self.sentence_tokens():
                con = [concept(t) for t in tok.norm[i:j]]
                unq = [c for c, q in zip(con, tok.quoted[i:j], strict=True) if not q]
                out.append((con, unq, Counter(c for c, t in zip(con, tok.norm[i:j], strict=True)
                                              if t not in STOPWORDS)))
            self._cache["sent_con"] = out
        return self._cache["sent_con"]  # type: ignore[no-any-return]

    def exact_form(self) -> str:
        """The article's :func:`~storyline.text.normalize.exact_form` (computed once, compared per pair)."""
        if "exact" not in self._cache:
            self._cache["exact"] = exact_form(self.article.text)
        return self._cache["exact"]  # type: ignore[no-any-return]

    def judgeable_sentences(self) -> list[tuple[int, int, str]]:
        """Sentences (span, unquoted words) with at least 5 unquoted content words: a sentence stripped of
        its quotation is often a frame ("she said that"), too little to judge (computed once per article)."""
        if "judgeable" not in self._cache:
            self._cache["judgeable"] = [
                (s, e, words) for (s, e), words in zip(self.sentences, self.unquoted_sentences(), strict=True)
                if sum(1 for w in words.lower().split() if w not in STOPWORDS) >= 5]
        return self._cache["judgeable"]  # type: ignore[no-any-return]

    def unquoted_bags(self) -> list[tuple[list[str], Counter[str], int]]:
        """Per sentence with at least 4 unquoted words: their concepts, the bag of the content concepts
        among them and its size (what the reuse-level features compare; computed once per article)."""
        if "unq_bags" not in self._cache:
            out = []
            for _, con, _ in self.sentence_concepts():
                if len(con) >= 4:
                    bag = Counter(c for c in con if c not in STOPWORDS)
                    out.append((con, bag, max(1, sum(bag.values()))))
            self._cache["unq_bags"] = out
        return self._cache["unq_bags"]  # type: ignore[no-any-return]

    def concept_index(self) -> dict[str, list[int]]:
        """Content concept → sentences holding it."""
        if "con_index" not in self._cache:
            index: dict[str, list[int]] = {}
            for k, (_, _, bag) in enumerate(self.sentence_concepts()):
                for c in bag:
                    index.setdefault(c, []).append(k)
            self._cache["con_index"] = index
        return self._cache["con_index"]  # type: ignore[no-any-return]

    def grams(self, n: int, unquoted: bool) -> Counter[tuple[str, ...]]:
        """Word n-grams (only those free of quoted words when ``unquoted``)."""
        key = f"grams{n}{unquoted}"
        if key not in self._cache:
            self._cache[key] = _grams(self.tokens.norm, self.tokens.quoted if unquoted else None, n)
        return self._cache[key]  # type: ignore[no-any-return]

    def gram_bag(self, n: int, unquoted: bool) -> Bag:
        """:meth:`grams` as a :class:`~.bags.Bag` (for fast intersections with many partners).

        Its keys are the n-grams' words joined by ``"\\x00"`` (never inside a word), not tuples: the same
        counts and intersection sizes, but a string keeps its hash, so intersecting with every partner does
        not hash each n-gram again."""
        key = f"grambag{n}{unquoted}"
        if key not in self._cache:
            norm = self.tokens.norm
            joined = norm if n == 1 else map("\x00".join, zip(*(norm[k:] for k in range(n)), strict=False))
            self._cache[key] = bag(_grams_of(joined, self.tokens.quoted if unquoted else None, n))
        return self._cache[key]  # type: ignore[no-any-return]

    def content_sequence(self, unquoted: bool) -> list[str]:
        """Concepts of the content (non-stopword) words in text order, only unquoted ones if asked."""
        key = f"content{unquoted}"
        if key not in self._cache:
            tok = self.tokens
            self._cache[key] = [concept(t) for t, q in zip(tok.norm, tok.quoted, strict=True)
                                if t not in STOPWORDS and not (unquoted and q)]
        return self._cache[key]  # type: ignore[no-any-return]

    def gram_set(self, n: int) -> set[tuple[str, ...]]:
        """All word ``n``-grams of the text (quoted or not)."""
        key = f"gramset{n}"
        if key not in self._cache:
            norm = self.tokens.norm
            self._cache[key] = set(zip(*(norm[k:] for k in range(n)), strict=False))  # built in C
        return self._cache[key]  # type: ignore[no-any-return]

    def unquoted_sentences(self) -> list[str]:
        """Each sentence's words outside quotation marks, space-joined."""
        if "unq_sent" not in self._cache:
            tok, text = self.tokens, self.article.text
            self._cache["unq_sent"] = [" ".join(text[tok.starts[k]:tok.ends[k]] for k in range(i, j)
                                                if not tok.quoted[k]) for i, j in self.sentence_tokens()]
        return self._cache["unq_sent"]  # type: ignore[no-any-return]


def prepare(article: Article, seed_n: int = _DEFAULTS.seed_n) -> Prepared:
    """Tokenise and index one article (pure; reused for all its pairs)."""
    return Prepared(article, token_seq(article.text, seed_n), sentences(article.text))


def _similarity(stats: dict[str, int]) -> float:
    la = stats["match"] + stats["synonym"] + stats["substitute"] + stats["delete"]
    lb = stats["match"] + stats["synonym"] + stats["substitute"] + stats["insert"]
    return (stats["match"] + 0.8 * stats["synonym"]) / max(1, la, lb)


def passage_kind(stats: dict[str, int]) -> str:
    """``copy`` when at most 5 % of the aligned words changed, else ``rewrite``."""
    cols = sum(stats.values())
    changed = cols - stats["match"]
    return "copy" if changed <= 0.05 * cols else "rewrite"


def _segment(cols: list[tuple[int, int, str]], a: TokenSeq, b: TokenSeq, kind: str | None) -> Passage | None:
    while cols and cols[0][2] != "match":
        cols = cols[1:]
    while cols and cols[-1][2] != "match":
        cols = cols[:-1]
    ia = [i for i, _, _ in cols if i >= 0]
    jb = [j for _, j, _ in cols if j >= 0]
    if not ia or not jb:
        return None
    stats = passage_stats(cols)
    subs = [(i, j) for i, j, op in cols if op in ("substitute", "synonym")]
    return Passage((a.starts[ia[0]], a.ends[ia[-1]]), (b.starts[jb[0]], b.ends[jb[-1]]), _similarity(stats),
                   kind or passage_kind(stats), stats, subs)


def split_by_quotes(raw: list[RawPassage], a: TokenSeq, b: TokenSeq, min_match: int = _DEFAULTS.min_match
                    ) -> tuple[list[Passage], list[Passage]]:
    """Cut aligned passages where they enter or leave quotation marks.

    A column is quoted when its word is inside quotation marks in either article: words one outlet
    quotes belong to the quoted speaker even where another outlet dropped the marks.

    Returns:
        ``(reuse, quotations)``: unquoted segments with at least ``min_match`` matching words, and
        quoted segments with at least 4.
    """
    reuse: list[Passage] = []
    quotes: list[Passage] = []
    for p in raw:
        seg: list[tuple[int, int, str]] = []
        flag: bool | None = None
        for col in p.columns + [(-2, -2, "end")]:
            i, j, _ = col
            q = (i >= 0 and a.quoted[i]) or (j >= 0 and b.quoted[j])
            if col[2] == "end" or (flag is not None and q != flag):
                matches = sum(1 for c in seg if c[2] == "match")
                if flag and matches >= 4:
                    s = _segment(seg, a, b, "quotation")
                    if s:
                        quotes.append(s)
                elif not flag and matches >= min_match:
                    s = _segment(seg, a, b, None)
                    if s:
                        reuse.append(s)
                seg = []
            seg.append(col)
            flag = q
    return reuse, quotes


def _free_sentences(p: Prepared, covered: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """Sentences not already explained by word-level passages, with their unquoted words."""
    judgeable = p.judgeable_sentences()
    if not covered or not judgeable:
        return list(judgeable)
    if "judgeable_np" not in p._cache:
        p._cache["judgeable_np"] = np.array([(s, e) for s, e, _ in judgeable], dtype=np.int64).T
    s, e = p._cache["judgeable_np"]
    cs, ce = np.array(covered, dtype=np.int64).T
    # characters of each sentence inside each passage, summed over the passages (integers, as the loop did)
    cov = np.clip(np.minimum(e[:, None], ce[None, :]) - np.maximum(s[:, None], cs[None, :]), 0, None).sum(axis=1)
    return [judgeable[k] for k in np.flatnonzero(2 * cov <= e - s).tolist()]


@dataclass(slots=True)
class ParaphrasePlan:
    """The sentences of a pair left to the paraphrase model and the candidate pairs it will score."""

    a_sents: list[tuple[int, int, str]]
    b_sents: list[tuple[int, int, str]]
    _candidates: list[tuple[int, list[int]]] | None = None

    @property
    def candidates(self) -> list[tuple[int, list[int]]]:
        """:func:`~.paraphrase.sentence_candidates` of the two sides (found on first use)."""
        if self._candidates is None:
            a, b = self.a_sents, self.b_sents
            self._candidates = sentence_candidates(a, b) if a and b else []
        return self._candidates

    def reach(self, scored: bool = True) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        """Spans of the sentences of each side that some candidate pair holds: whatever the model
        decides, paraphrase passages can cover no other text. ``scored=False``: of all the sentences
        left (a wider reach, known without finding the candidates)."""
        if not scored:
            return [s[:2] for s in self.a_sents], [s[:2] for s in self.b_sents]  # type: ignore[misc]
        a = [self.a_sents[i][:2] for i, ks in self.candidates if ks]
        b_idx = sorted({k for _, ks in self.candidates for k in ks})
        return a, [self.b_sents[k][:2] for k in b_idx]  # type: ignore[misc]


def paraphrase_plan(pa: Prepared, pb: Prepared, reuse: list[Passage], quotes: list[Passage]) -> ParaphrasePlan:
    """The free sentences of both sides (not explained by word-level passages); the sentence pairs
    :func:`sentence_passages` would score are found on first use (:attr:`ParaphrasePlan.candidates`)."""
    cov_a = [p.source_span for p in reuse + quotes]
    cov_b = [p.target_span for p in reuse + quotes]
    return ParaphrasePlan(_free_sentences(pa, cov_a), _free_sentences(pb, cov_b))


def sentence_passages(pa: Prepared, pb: Prepared, reuse: list[Passage], quotes: list[Passage],
                      threshold: float | None = None, loose: bool = False,
                      plan: ParaphrasePlan | None = None) -> list[Passage]:
    """Paraphrase passages: sentence pairs the paraphrase model matches, outside word-level passages.

    Quoted words are removed from both sentences before scoring, so two sentences framing the same
    quotation differently are not taken for a paraphrase. ``loose`` also accepts rewritten sentences
    (see :func:`storyline.paraphrase.match_sentences`). ``plan``: :func:`paraphrase_plan` of the same
    arguments, when the caller has it.
    """
    plan = plan or paraphrase_plan(pa, pb, reuse, quotes)
    a_s, b_s = plan.a_sents, plan.b_sents
    if not a_s or not b_s:
        return []
    out: list[Passage] = []
    ta, tb = pa.tokens, pb.tokens
    for m in match_sentences(a_s, b_s, threshold, loose=loose, candidates=plan.candidates):
        # the words starting inside each span (starts ascend: two binary searches, not a scan of the text)
        wa = ta.norm[bisect_left(ta.starts, m.a_span[0]):bisect_left(ta.starts, m.a_span[1])]
        wb = tb.norm[bisect_left(tb.starts, m.b_span[0]):bisect_left(tb.starts, m.b_span[1])]
        out.append(Passage(m.a_span, m.b_span, m.probability, "paraphrase", word_edits(wa, wb)))
    return out


def may_link(pa: Prepared, pb: Prepared, word_reuse: list[Passage],
             reach: tuple[list[tuple[int, int]], list[tuple[int, int]]], config: AlignConfig, credited: bool) -> bool:
    """Whether a pair could still be a reuse edge (:func:`classify_pair`) once paraphrase passages are added.

    ``word_reuse`` holds the pair's word-level reuse passages, ``reach`` the spans of each side's sentences
    paraphrase passages could add (:meth:`ParaphrasePlan.reach`). Coverage only grows with the spans, so
    the two give each side's least and greatest coverage, hence which side can be the derived one; for
    each, the level the model will give is known (:func:`~.level.known_level`) and :func:`final_kind`'s
    rules are checked with the greatest coverage. When no side can pass, the pair is no reuse edge
    whatever the paraphrase model says and (without shared quotations) of kind ``none``.
    """
    def share(tok: TokenSeq, spans: list[tuple[int, int]]) -> tuple[int, float]:
        inside, total = coverage(tok, spans)
        return inside, inside / max(1, total)

    found_a, found_b = [p.source_span for p in word_reuse], [p.target_span for p in word_reuse]
    lo_a, lo_b = share(pa.tokens, found_a)[1], share(pb.tokens, found_b)[1]
    (in_a, hi_a), (in_b, hi_b) = share(pa.tokens, found_a + reach[0]), share(pb.tokens, found_b + reach[1])
    relax = 0.5 if credited else 1.0
    top = max(hi_a, hi_b)
    if top < relax * config.link_min_share:
        return False
    # classify_pair takes b as the derived side when cov_b >= cov_a, else a.
    for possible, reused, d, o in ((hi_b >= lo_a, in_b, pb, pa), (hi_a > lo_b, in_a, pa, pb)):
        if not possible or reused < relax * config.link_min_words:
            continue
        level = known_level(d, o, word_reuse)
        if level is None or not (level == "none" or (level == "paraphrase" and not credited
                                                     and top < config.uncredited_paraphrase_share)):
            return True
    return False


@dataclass(slots=True)
class PairEvidence:
    """What classification found for a pair (sides ``a``/``b`` as given to :func:`classify_pair`)."""

    kind: str
    coverage_a: float
    coverage_b: float
    evidence: list[str]
    spun_side: str | None
    features: list[float]
    spin: SpinReport | None = None
    reused: int = 0
    share: float = 0.0
    n_quotes: int = 0


def _grams(tokens: list[str], quoted: list[bool] | None, n: int) -> Counter[tuple[str, ...]]:
    """Word n-grams, leaving out any that touch a quoted word when ``quoted`` is given."""
    return _grams_of(zip(*(tokens[k:] for k in range(n)), strict=False), quoted, n)  # (n-grams built in C)


def _grams_of(grams: Iterable[_G], quoted: list[bool] | None, n: int) -> Counter[_G]:
    """Counts of ``grams`` (the text's n-grams in order, in any form), leaving out those that touch a quoted
    word when ``quoted`` is given."""
    if quoted is None or not any(quoted):
        return Counter(grams)
    free = map(not_, map(any, zip(*(quoted[k:] for k in range(n)), strict=False)))  # no quoted word, in C
    return Counter(compress(grams, free))


def _spun_passage(edits: dict[str, int]) -> bool:
    """The spinner pattern inside one passage: dense one-for-one swaps, few words added or dropped."""
    subs = edits.get("substitute", 0) + edits.get("synonym", 0)
    indel = edits.get("insert", 0) + edits.get("delete", 0)
    return subs >= 2 and subs >= 0.12 * max(1, sum(edits.values())) and indel <= 0.6 * subs


def final_kind(level: str, reused: int, share: float, n_quotes: int, is_spin: bool, credited: bool,
               config: AlignConfig) -> str:
    """Pair kind from the model's level and the link rules of ``config``.

    A reuse edge needs the model's "reuse" *and* enough reused words (``link_min_words`` unquoted
    words making ``link_min_share`` of the derived side): two reports of one event share names and
    figures; when one article credits the other, half as much is enough. A pair that is paraphrase
    only, without a credit, needs ``uncredited_paraphrase_share``: independent reports of one event
    restate the same facts sentence by sentence.
    """
    # A credit is itself evidence of reuse: half the reused text is enough to draw the edge.
    relax = 0.5 if credited else 1.0
    if level == "none" or reused < relax * config.link_min_words or share < relax * config.link_min_share:
        return "quotation_only" if n_quotes else "none"
    if level == "paraphrase" and not credited and share < config.uncredited_paraphrase_share:
        return "quotation_only" if n_quotes else "none"
    return "spin" if is_spin else level


def classify_pair(pa: Prepared, pb: Prepared, reuse: list[Passage], quotes: list[Passage], config: AlignConfig,
                  story_counts: Counter[str] | None = None, credited: bool = False) -> PairEvidence:
    """Decide the kind of a pair and collect the evidence in words.

    Args:
        pa: one side.
        pb: the other side.
        reuse: unquoted reuse passages (word-level and paraphrase).
        quotes: shared quotations.
        config: the aligner settings (link rules).
        story_counts: word-bigram article counts of the story (spin side), if known.
        credited: one article credits the other's outlet.
    """
    feats, cov_a, cov_b, reused = pair_features(pa, pb, reuse)
    share = max(cov_a, cov_b)
    spin = spin_report(pa.tokens, pb.tokens, reuse, quotes, story_counts, (pa.article.id, pb.article.id))
    level, probs = reuse_level(feats)
    kind = final_kind(level, reused, share, len(quotes), spin.is_spin, credited, config)
    evidence = [f"reused: {share:.0%} of the derived side's unquoted words ({reused} words); "
                f"level model {probs}"]
    if quotes:
        evidence.append(f"{len(quotes)} shared quotation(s), not counted as reuse")
    if kind in ("none", "quotation_only") and level == "paraphrase" and not credited \
            and share >= config.link_min_share and reused >= config.link_min_words:
        evidence.append("paraphrase only, no credit: read as independent reports of the same facts")
    elif kind in ("none", "quotation_only") and level != "none":
        evidence.append(f"too little reused text for a reuse edge (need {config.link_min_words} words, "
                        f"{config.link_min_share:.0%})")
    elif kind in ("none", "quotation_only") and reused:
        evidence.append("reuse model: independent writing on the same subject")
    if spin.is_spin or spin.garbled_quotes:
        evidence += spin.evidence
    if kind == "spin":
        for p in reuse:
            if p.kind != "paraphrase" and _spun_passage(p.edits):
                p.kind = "spin"
    spun_side = spin.spun_side if (spin.is_spin or spin.garbled_quotes) else None
    return PairEvidence(kind, cov_a, cov_b, evidence, spun_side, feats, spin, reused, share, len(quotes))
