"""Streaming, incremental story clustering: group articles that report the same real-world event.

Each article becomes a TF-IDF vector (stemmed Unicode words, capitalised names, word pairs; the title
counts extra; numbers, dates, site names and page boilerplate are not terms, see
:mod:`storyline.story_features`) weighted by *running* document frequencies kept in a hashed table, so
nothing has to be fitted up front.

A story keeps a **core**: up to ``core_size`` of its most central members (each member's mean
similarity to the rest of the core; a new member replaces the least central one when it is more
central), so the story cannot drift away through a chain of loosely related articles. An article joins
a story by a calibrated judgement, the probability that it reports the same happening as the core
(:mod:`storyline.story_model`: a logistic model over mean TF-IDF cosine to the core, title similarity,
shared rare names, length, time gap and how many stories opened in the same days), fitted on pairs
from several datasets and validated leave-one-dataset-out. The probability is moved to the stream's own
base rate of same-event pairs (:mod:`storyline.stories.prior`): a dense week of mostly one-article events
asks for more evidence than a labelled set of multi-article events. It joins the most probable story when
that probability clears the model's threshold (which rises with the base-rate shift in a sparse stream,
see ``StoryConfig.prior_gain``); articles whose language differs from the story's never join.
When an article clears the bar of several stories, the stories are compared core to core with the same
model and merged when it says they are one (the older id is kept and the merge is recorded).

Candidate stories come from an inverted index over the strongest core terms of the *active* stories
only; stories idle for too long (by date, or by article count in undated streams) leave it, so the cost
per article stays flat as the corpus grows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import heapq
import json
import math
import operator
import zlib
from array import array
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field

from ..config import StoryConfig
from .features import article_features
from .model import StoryModel, load_model
from .prior import PriorTracker
from .vectors import add_to as _add_to
from .vectors import bucket as _bucket
from .vectors import dot as _dot

__all__ = ["Assignment", "StoryClusterer", "StoryConfig", "StoryDoc", "new_story_id"]

_MAGIC = b"SLSTORY2"
_DAY = 86400.0


@dataclass(slots=True)
class StoryDoc:
    """One article as the story clusterer sees it (``outlet``: site name, whose words are not evidence)."""

    id: str
    title: str
    text: str
    published: dt.datetime | None = None
    outlet: str = ""


@dataclass(slots=True)
class Assignment:
    """Where one article went and why.

    ``score`` is the same-event probability against the story's core (for a new story: against the
    nearest story, which it did not clear); ``best_match`` the most similar core member; ``shared_terms``
    the evidence terms (strongest shared terms with the core; names without their ``N:`` tag);
    ``core`` the core members it was compared with; ``low_confidence`` marks a close call.
    """

    doc_id: str
    story_id: str
    new_story: bool
    score: float
    best_match: str | None
    shared_terms: list[str] = field(default_factory=list)
    low_confidence: bool = False
    core: list[str] = field(default_factory=list)
    cosine: float = 0.0


@dataclass(slots=True)
class _Core:
    """One core member: id, sketch (strongest TF-IDF terms), title vector, rare names, summed similarity."""

    id: str
    vec: dict[str, float]
    title: dict[str, float]
    names: list[str]
    central: float


@dataclass(slots=True)
class _Story:
    """Mutable state of one story; ``core`` is empty once the story has left the active set."""

    id: str
    order: int
    members: list[str]
    core: list[_Core]
    core_sum: dict[str, float]
    title_sum: dict[str, float]
    names: dict[str, int]
    lang: str | None
    length: float
    first: float | None
    last: float | None
    last_seq: int
    stamp: float | None
    top: list[str] = field(default_factory=list)


def new_story_id(doc_id: str) -> str:
    """The id of a story opened by article ``doc_id`` (stable: a hash of the article id)."""
    return "s" + hashlib.blake2b(doc_id.encode("utf-8"), digest_size=6).hexdigest()


def _timestamp(value: dt.datetime | dt.date | None) -> float | None:
    if value is None:
        return None
    if not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day)
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.timestamp()


def _gap_days(a0: float | None, a1: float | None, b0: float | None, b1: float | None) -> float | None:
    if a0 is None or a1 is None or b0 is None or b1 is None:
        return None
    return max(0.0, b0 - a1, a0 - b1) / _DAY


class StoryClusterer:
    """Assigns a stream of articles to stories, one article at a time, never revisiting the past.

    Attributes:
        config: the weights and limits in use.
        model: the same-event model (weights and threshold).
        merges: ``(kept_id, absorbed_id)`` for every pair of stories merged so far (the older id is kept).
    """

    def __init__(self, config: StoryConfig | None = None, model: StoryModel | None = None) -> None:
        """Create an empty clusterer.

        Args:
            config: weights and limits; ``StoryConfig()`` when omitted.
            model: the same-event model; the one named by ``config.model`` (default: packaged) when omitted.
        """
        self.config = config or StoryConfig()
        self.model = model or load_model(self.config.model or None)
        self.threshold = (self.config.join_probability if self.config.join_probability is not None
                          else self.model.threshold)
        self.merges: list[tuple[str, str]] = []
        self._uses_title = "title" in self.model.features_used
        self._uses_names = "names" in self.model.features_used
        self._mask = (1 << self.config.hash_bits) - 1
        self._df = array("i", bytes(4 << self.config.hash_bits))
        self._n_docs = 0
        self._seq = 0
        self._order = 0
        self._now: float | None = None
        self._stories: dict[str, _Story] = {}
        # The stories that can still receive articles, by their order (what the index holds), oldest first:
        # iteration must not depend on str hashing; ``_stories`` also keeps every retired one.
        self._live: dict[int, _Story] = {}
        # term -> orders of the active stories with the term among their strongest core terms. Orders
        # (ints), not ids: the candidate ranking then needs no lookup per accumulated story.
        self._index: dict[str, set[int]] = {}
        self._buckets: dict[str, int] = {}  # term -> DF slot, a cache (crc32 per term is the hot spot)
        self._births: deque[float] = deque()  # dates of the stories opened within crowd_days
        self._prior = PriorTracker(self.model.prior, self.config.prior_window, self.config.prior_pseudo,
                                   max_shift=self.config.prior_max_shift, gain=self.config.prior_gain)
        # Fitting hooks (see storyline.story_fit): gold label -> story id, and the examples seen.
        self._observer: Callable[[list[float], bool], None] | None = None

    # -- public API -------------------------------------------------------------------------------
    def add(self, docs: Iterable[StoryDoc]) -> list[Assignment]:
        """Assign each article, in the order given, to an existing story or to a new one.

        Args:
            docs: articles in publication order; undated ones are processed where they come.

        Returns:
            One :class:`Assignment` per article. A later merge may absorb the story named here; see
            :attr:`merges` and :meth:`stories` for the current grouping.
        """
        out = []
        for doc in docs:
            out.append(self._add_one(doc))
            if self._seq % self.config.sweep_every == 0:
                self._expire()
        return out

    def stories(self) -> dict[str, list[str]]:
        """Return every story (active or expired) as story id -> member article ids, oldest first."""
        return {sid: list(s.members) for sid, s in self._stories.items()}

    def active_count(self) -> int:
        """Return how many stories can still receive articles (the candidate index size)."""
        return len(self._live)

    def to_bytes(self) -> bytes:
        """Serialise the full state (config, model, document frequencies, stories, merges) to a blob."""
        state = {
            "config": asdict(self.config),
            "model": self.model.to_dict(),
            "n_docs": self._n_docs,
            "seq": self._seq,
            "order": self._order,
            "now": self._now,
            "merges": self.merges,
            "births": list(self._births),
            "prior": self._prior.state(),
            "active": [s.id for s in self._live.values()],
            "stories": [
                [s.id, s.order, s.members, [[c.id, c.vec, c.title, c.names, c.central] for c in s.core],
                 s.lang, s.length, s.first, s.last, s.last_seq, s.stamp, s.top]
                for s in self._stories.values()
            ],
        }
        body = json.dumps(state, separators=(",", ":")).encode("utf-8")
        return _MAGIC + zlib.compress(len(body).to_bytes(8, "big") + body + self._df.tobytes(), 6)

    @classmethod
    def from_bytes(cls, blob: bytes) -> StoryClusterer:
        """Rebuild a clusterer from :meth:`to_bytes` output; it continues exactly where it stopped.

        Raises:
            ValueError: if ``blob`` is not a story-clusterer state of this version.
        """
        if not blob.startswith(_MAGIC):
            raise ValueError("not a storyline story-clusterer state (or one written by an older version)")
        raw = zlib.decompress(blob[len(_MAGIC):])
        size = int.from_bytes(raw[:8], "big")
        state = json.loads(raw[8 : 8 + size])
        self = cls(StoryConfig(**state["config"]), StoryModel.from_dict(state["model"]))
        self._df = array("i", raw[8 + size :])
        self._n_docs, self._seq, self._order = state["n_docs"], state["seq"], state["order"]
        self._now = state["now"]
        self.merges = [tuple(m) for m in state["merges"]]
        self._births = deque(state["births"])
        if "prior" in state:
            self._prior.restore(state["prior"])
        for sid, order, members, core, lang, length, first, last, last_seq, stamp, top in state["stories"]:
            s = _Story(sid, order, members, [_Core(*c) for c in core], {}, {}, {}, lang, length, first, last,
                       last_seq, stamp, top)
            self._rebuild_sums(s)
            self._stories[sid] = s
        for sid in state["active"]:
            s = self._live[self._stories[sid].order] = self._stories[sid]
            for t in s.top:
                self._index.setdefault(t, set()).add(s.order)
        return self

    # -- one article ------------------------------------------------------------------------------
    def _add_one(self, doc: StoryDoc, gold: str | None = None) -> Assignment:
        cfg = self.config
        self._seq += 1
        ts = _timestamp(doc.published)
        if ts is not None and (self._now is None or ts > self._now):
            self._now = ts
        crowd = self._crowding()
        vec, title, names, words, lang = self._vectorize(doc)
        length = min(1.0, max(0.0, math.log(max(words, 1) / 8.0) / math.log(8.0)))
        scored: list[tuple[float, int, _Story, float, list[float]]] = []  # (p, -order, story, cos, x)
        # The article's terms by weight, strongest first (ties by term), for the index query and its sketch.
        ranked = sorted([(w, t) for t, w in vec.items()], reverse=True)
        cands = self._candidates(vec, ranked)
        coss = [_dot(vec, s.core_sum) / len(s.core) for s in cands]
        top2 = heapq.nlargest(2, range(len(coss)), key=lambda j: (coss[j], -j))
        shift, raw, bar = self._prior.shift, [], self._prior.bar(self.threshold)
        for i, s in enumerate(cands):
            # The best cosine to any *other* candidate (0 when there is none).
            rival = 0.0 if len(top2) < 2 else coss[top2[1]] if i == top2[0] else coss[top2[0]]
            x = self._pair(vec, title, names, length, ts, ts, s, crowd, coss[i], rival)
            if lang and s.lang and lang != s.lang:
                p = 0.0
            else:
                p = self.model.probability(x, shift)
                raw.append(self.model.probability(x))
            scored.append((p, -s.order, s, coss[i], x))
        scored.sort(key=lambda r: (r[0], r[1]), reverse=True)
        if gold is not None:  # fitting: report every candidate with its label, then follow the gold
            return self._follow_gold(doc.id, gold, scored, vec, title, names, length, lang, ts)
        if length >= cfg.prior_min_length:  # headline posteriors say little about the base rate
            self._prior.observe(raw)
        # A story never grows through one shared word, however rare: at least two distinct words.
        accepted = [r for r in scored if r[0] >= bar and self._enough(vec, r[2])]
        core_vec = self._sketch(vec, ranked)
        if not accepted:
            story = self._new_story(doc.id, core_vec, title, names, length, lang, ts)
            if not scored:
                return Assignment(doc.id, story.id, True, 0.0, None)
            p, _, near, cos, _ = scored[0]
            close = p >= self._prior.bar(self.threshold - cfg.low_confidence_margin)
            return Assignment(doc.id, story.id, True, round(p, 4), self._best_member(vec, near),
                              self._evidence(vec, near), close, [c.id for c in near.core], round(cos, 4))
        p, _, story, cos, _ = accepted[0]
        best, evidence, core_ids = self._best_member(vec, story), self._evidence(vec, story), [c.id for c in story.core]
        low = p < self._prior.bar(self.threshold + cfg.low_confidence_margin) or len(accepted) > 1
        self._join(story, doc.id, core_vec, title, names, length, ts)
        # An article that clears the bar of several stories may show they are one: compare them
        # core to core, where the evidence is stronger than for one article.
        for other in accepted[1:]:
            if other[2].order in self._live:
                story = self._maybe_merge(story, other[2], crowd)
        return Assignment(doc.id, story.id, False, round(p, 4), best, evidence, low, core_ids, round(cos, 4))

    def _follow_gold(self, doc_id: str, gold: str, scored: list[tuple[float, int, _Story, float, list[float]]],
                     vec: dict[str, float], title: dict[str, float], names: list[str], length: float,
                     lang: str | None, ts: float | None) -> Assignment:
        target = self._gold.get(gold)
        if self._observer is not None:
            for _, _, s, _, x in scored:
                self._observer(x, s.id == target)
        core_vec = self._sketch(vec)
        if target is None or target not in self._stories or self._stories[target].order not in self._live:
            s = self._new_story(doc_id, core_vec, title, names, length, lang, ts)
            self._gold[gold] = s.id
            return Assignment(doc_id, s.id, True, 0.0, None)
        self._join(self._stories[target], doc_id, core_vec, title, names, length, ts)
        return Assignment(doc_id, target, False, 1.0, None)

    def _pair(self, vec: dict[str, float], title: dict[str, float], names: list[str], length: float,
              a0: float | None, a1: float | None, s: _Story, crowd: float, cos: float, rival: float) -> list[float]:
        """Model features of an article (or a story's core) against story ``s``'s core.

        ``cos`` is its mean cosine to the core, ``rival`` its best mean cosine to another candidate.
        """
        k = len(s.core)
        # Only what the model uses is computed (a fitting probe uses every feature).
        tcos = _dot(title, s.title_sum) / k if title and self._uses_title else 0.0
        # A name counts when at least half of the core carries it (not one stray member).
        need = (k + 1) // 2
        shared = sum(1 for n in names if s.names.get(n, 0) >= need) if self._uses_names else 0
        gap = _gap_days(a0, a1, s.first, s.last)
        return self.model.features(cos=cos, title=tcos, names=shared, length=min(length, s.length),
                                   gap=gap, crowd=crowd, rival=rival)

    def _vectorize(self, doc: StoryDoc) -> tuple[dict[str, float], dict[str, float], list[str], int, str | None]:
        cfg = self.config
        f = article_features(doc.title, doc.text, doc.outlet, cfg.title_weight, cfg.name_weight, cfg.bigram_weight)
        self._n_docs += 1
        # Pretend idf_prior_docs earlier articles lacked every term: at the start of a stream (or of a
        # burst) the few articles seen so far would otherwise give the story's own words an IDF near 0.
        n1, df, mask = self._n_docs + 1 + cfg.idf_prior_docs, self._df, self._mask
        power = cfg.tf_power
        idf: dict[str, float] = {}
        vec = {}
        rare = max(2.0, cfg.rare_name_share * (self._n_docs + cfg.idf_prior_docs))
        names = []
        buckets = self._buckets
        if len(buckets) > 1_000_000:
            buckets.clear()
        for t, x in f.terms.items():
            b = buckets.get(t)
            if b is None:
                b = buckets[t] = _bucket(t, mask)
            df[b] += 1
            idf[t] = math.log(n1 / (df[b] + 0.5))
            vec[t] = x**power * idf[t]
            if t.startswith("N:") and df[b] <= rare:
                names.append(t)
        norm = math.sqrt(math.fsum(w * w for w in vec.values())) or 1.0
        vec = {t: w / norm for t, w in vec.items()}
        title = {}
        for t, x in f.title.items():
            w = idf.get(t)
            if w is None:
                w = math.log(n1 / (df[_bucket(t, mask)] + 0.5))
            title[t] = x**power * w
        tnorm = math.sqrt(math.fsum(w * w for w in title.values())) or 1.0
        return vec, {t: w / tnorm for t, w in title.items()}, names, f.words, f.language

    def _sketch(self, vec: dict[str, float], ranked: list[tuple[float, str]] | None = None) -> dict[str, float]:
        n = self.config.sketch_terms
        if len(vec) <= n:
            return dict(vec)
        if ranked is None:
            ranked = sorted([(w, t) for t, w in vec.items()], reverse=True)
        return {t: w for w, t in ranked[:n]}

    def _candidates(self, vec: dict[str, float], ranked: list[tuple[float, str]]) -> list[_Story]:
        cfg, index, limit = self.config, self._index, self.config.max_postings
        acc: dict[int, float] = {}  # story order -> summed weight of the shared query terms
        get = acc.get
        for _, t in ranked[: cfg.query_terms]:
            posting = index.get(t)
            # Terms in very many stories say little about which story and would make cost grow.
            if not posting or len(posting) > limit:
                continue
            w = vec[t]
            for o in posting:
                acc[o] = get(o, 0.0) + w
        # The ranking is the part of the cost that grows with the active stories: (weight, -order)
        # pairs are built by zip/map in C (ties go to the older story; orders are unique).
        best = heapq.nlargest(cfg.max_candidates, zip(acc.values(), map(operator.neg, acc.keys()), strict=True))
        live, out = self._live, []
        for _, neg_order in best:
            s = live[-neg_order]  # postings hold active stories only (see _retire)
            # Expiry must not depend on when the last sweep ran: check the candidates now.
            if self._stale(s):
                self._retire(s)
            else:
                out.append(s)
        return out

    def _crowding(self) -> float:
        """How many stories opened within ``crowd_days`` of now (a dense news window)."""
        births = self._births
        if self._now is not None:
            while births and births[0] < self._now - self.config.crowd_days * _DAY:
                births.popleft()
        return float(len(births))

    # -- story bookkeeping ------------------------------------------------------------------------
    def _new_story(self, doc_id: str, vec: dict[str, float], title: dict[str, float], names: list[str],
                   length: float, lang: str | None, ts: float | None) -> _Story:
        sid = new_story_id(doc_id)
        while sid in self._stories:  # same first-doc id seen twice: stay unique, stay deterministic
            sid = "s" + hashlib.blake2b(sid.encode("utf-8"), digest_size=6).hexdigest()
        self._order += 1
        s = _Story(sid, self._order, [doc_id], [_Core(doc_id, vec, title, names, 0.0)], dict(vec), dict(title),
                   dict.fromkeys(names, 1), lang, length, ts, ts, self._seq, self._now)
        self._stories[sid] = s
        self._live[s.order] = s
        if ts is not None:
            self._births.append(ts)
        self._reindex(s)
        return s

    def _join(self, s: _Story, doc_id: str, vec: dict[str, float], title: dict[str, float], names: list[str],
              length: float, ts: float | None) -> None:
        s.members.append(doc_id)
        s.length += (length - s.length) / len(s.members)
        if ts is not None:
            s.first = ts if s.first is None else min(s.first, ts)
            s.last = ts if s.last is None else max(s.last, ts)
        s.last_seq, s.stamp = self._seq, self._now
        if self._offer_core(s, _Core(doc_id, vec, title, names, 0.0)):
            self._reindex(s)  # the index terms come from the core: unchanged core, unchanged terms

    def _offer_core(self, s: _Story, new: _Core) -> bool:
        """Add ``new`` to the core, or swap it for the least central one if more central; True if it changed."""
        sims = [_dot(new.vec, c.vec) for c in s.core]
        if len(s.core) < self.config.core_size:
            for c, x in zip(s.core, sims, strict=True):
                c.central += x
            new.central = math.fsum(sims)
            s.core.append(new)
            _add_to(s.core_sum, new.vec)
            _add_to(s.title_sum, new.title)
            for n in new.names:
                s.names[n] = s.names.get(n, 0) + 1
            return True
        k = len(s.core)
        weakest = min(range(k), key=lambda i: (s.core[i].central, -i))
        gone = s.core[weakest]
        mine = math.fsum(sims) - sims[weakest]
        if mine <= gone.central + 1e-12:
            return False
        for i, c in enumerate(s.core):
            if i != weakest:
                c.central += sims[i] - _dot(c.vec, gone.vec)
        new.central = mine
        s.core[weakest] = new
        self._rebuild_sums(s)
        return True

    def _rebuild_sums(self, s: _Story) -> None:
        s.core_sum, s.title_sum, s.names = {}, {}, {}
        for c in s.core:
            _add_to(s.core_sum, c.vec)
            _add_to(s.title_sum, c.title)
            for n in c.names:
                s.names[n] = s.names.get(n, 0) + 1

    def _maybe_merge(self, s: _Story, t: _Story, crowd: float) -> _Story:
        """Merge ``t`` and ``s`` when the model, comparing core to core, says they are one story."""
        if s.lang and t.lang and s.lang != t.lang:
            return s
        k = len(t.core)
        vec = {w: v / k for w, v in t.core_sum.items()}
        title = {w: v / k for w, v in t.title_sum.items()}
        names = [n for n, c in t.names.items() if c >= (k + 1) // 2]
        cos = _dot(vec, s.core_sum) / len(s.core)
        # No rival story here: the margin counts as zero (the conservative end).
        x = self._pair(vec, title, names, t.length, t.first, t.last, s, crowd, cos, cos)
        if self.model.probability(x, self._prior.shift) < self._prior.bar(self.threshold):
            return s
        keep, gone = (s, t) if s.order < t.order else (t, s)
        keep.length = (keep.length * len(keep.members) + gone.length * len(gone.members)) / (
            len(keep.members) + len(gone.members))
        keep.members.extend(gone.members)
        keep.first = min((x for x in (keep.first, gone.first) if x is not None), default=None)
        keep.last = max((x for x in (keep.last, gone.last) if x is not None), default=None)
        keep.last_seq, keep.stamp = self._seq, self._now
        for c in sorted(gone.core, key=lambda c: -c.central):
            self._offer_core(keep, _Core(c.id, c.vec, c.title, c.names, 0.0))
        self._retire(gone)
        del self._stories[gone.id]
        self._reindex(keep)
        self.merges.append((keep.id, gone.id))
        return keep

    def _reindex(self, s: _Story) -> None:
        c = s.core_sum
        top = [t for _, t in heapq.nlargest(self.config.index_terms, [(w, t) for t, w in c.items()])]
        new = set(top)
        for t in s.top:
            if t not in new:
                self._index[t].discard(s.order)
        for t in top:
            self._index.setdefault(t, set()).add(s.order)
        s.top = top

    def _retire(self, s: _Story) -> None:
        """Take a story out of the active set and free its vectors (its members stay listed)."""
        for t in s.top:
            posting = self._index.get(t)
            if posting is not None:
                posting.discard(s.order)
                if not posting:
                    del self._index[t]
        self._live.pop(s.order, None)
        s.core, s.core_sum, s.title_sum, s.names, s.top = [], {}, {}, {}, []

    def _stale(self, s: _Story) -> bool:
        """Whether a story went idle (``max_idle_days`` of stream time or ``max_idle_docs`` articles)."""
        cfg = self.config
        if self._seq - s.last_seq > cfg.max_idle_docs:
            return True
        if s.last is None or s.stamp is None or self._now is None:
            return False  # no dated member: only the article count can tell that it went quiet
        # Measured on stream time, not member dates: one misdated member must not expire a live story.
        return self._now - s.stamp > cfg.max_idle_days * _DAY

    def _expire(self) -> None:
        for s in list(self._live.values()):
            if self._stale(s):
                self._retire(s)

    def _enough(self, vec: dict[str, float], s: _Story) -> bool:
        """Whether the article shares at least ``min_shared_words`` distinct words with the core."""
        need, core, n = self.config.min_shared_words, s.core_sum, 0
        for t in vec:
            if t in core and " " not in t and not t.startswith("N:"):
                n += 1
                if n >= need:
                    return True
        return False

    def _best_member(self, vec: dict[str, float], s: _Story) -> str | None:
        if not s.core:
            return s.members[-1] if s.members else None
        return max(s.core, key=lambda c: _dot(vec, c.vec)).id

    def _evidence(self, vec: dict[str, float], s: _Story) -> list[str]:
        core = s.core_sum
        contrib = [(w * core[t], t) for t, w in vec.items() if t in core]
        out: list[str] = []
        for _, t in sorted(contrib, reverse=True):
            term = t[2:] if t.startswith("N:") else t
            if term not in out:
                out.append(term)
            if len(out) == self.config.shared_terms:
                break
        return out

    # -- fitting support (storyline.story_fit) ----------------------------------------------------
    _gold: dict[str, str]

    def observe(self, docs: Iterable[tuple[StoryDoc, str]], observer: Callable[[list[float], bool], None]) -> None:
        """Follow the gold grouping and report, for every article, each candidate story's model features
        and whether it is the article's gold story (the examples the same-event model is fitted on)."""
        self._gold = getattr(self, "_gold", {})
        self._observer = observer
        try:
            for doc, label in docs:
                self._add_one(doc, gold=label)
                if self._seq % self.config.sweep_every == 0:
                    self._expire()
        finally:
            self._observer = None
