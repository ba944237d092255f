"""Streaming, incremental story clustering: group articles that report the same real-world event.

Each article becomes a TF-IDF vector (stemmed words, capitalised names, word pairs, numbers; the title
counts extra) weighted by *running* document frequencies kept in a hashed table, so nothing has to be
fitted up front. A story is the sum of its members' unit vectors (a centroid, pruned to its strongest
terms) plus a running estimate of how similar its members are to one another (its cohesion).

An article joins the story whose centroid it is most similar to when that similarity clears two bars:
an absolute one and one relative to what a typical member of *that* story would score. Both bars are
scaled by how much evidence the article can carry (a headline shares only a few words with any story)
and by time (same-day coverage needs less textual evidence; a gap of weeks needs more). When an article
matches several stories whose centroids are as close as two halves of one story would be, they merge
(the older id is kept and the merge is recorded). Candidate stories come from an inverted index over the
strongest terms of the *active* stories only; stories idle for too long (by date, or by article count in
undated streams) leave it, so the cost per article stays flat as the corpus grows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import heapq
import json
import math
import re
import zlib
from array import array
from collections import deque
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

__all__ = ["Assignment", "StoryClusterer", "StoryConfig", "StoryDoc"]

_MAGIC = b"SLSTORY1"
_DAY = 86400.0
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’.&-]*[A-Za-z]|[A-Za-z]|\d[\d,.:]*\d|\d")
_BREAK = re.compile(r"[.!?:;\"“”()\n|]")
_STOP = frozenset(
    """a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had has
    have having he her here hers herself him himself his how i if in into is it its itself just last
    like may me might more most my myself new no nor not now of off on once one only or other our ours
    ourselves out over own same say says said she should so some such than that the their theirs them
    themselves then there these they this those through to too two under until up us very was we were
    what when where which while who whom why will with would year years you your yours yourself
    yourselves told time get got week mr mrs ms monday tuesday wednesday thursday friday saturday
    sunday today yesterday first""".split()
)


@dataclass(slots=True)
class StoryDoc:
    """One article as the story clusterer sees it."""

    id: str
    title: str
    text: str
    published: dt.datetime | None = None


@dataclass(slots=True)
class StoryConfig:
    """Every weight and threshold of the story clusterer (one default for headlines and full articles).

    Similarities are cosines between an article and a story centroid. ``join_threshold`` is the bar for
    a full article with no date information; it is multiplied by the length factor (down to
    ``short_text_factor`` for texts with at most ``short_terms`` distinct words, reaching 1 at
    ``long_terms``) and by the time factor (``same_time_factor`` within ``time_grace_days``, growing by
    ``time_penalty`` per doubling of the gap, capped at ``max_time_factor``).

    The same-time discount assumes a quiet news window. When more than ``crowd_reference`` stories
    opened within ``time_grace_days``, being published at the same time says less about being the same
    story, so the discount shrinks by ``(opened / crowd_reference) ** crowd_power`` (never past no
    discount at all). Measured on a dense synthetic stream this lifted B-cubed F1 from 0.47 to 0.80
    while the dev sets, whose windows are quiet, kept their scores (``0`` turns it off).
    """

    title_weight: float = 3.0
    name_weight: float = 1.0
    bigram_weight: float = 0.25
    number_weight: float = 2.0
    tf_power: float = 0.5
    hash_bits: int = 20
    idf_prior_docs: float = 100.0
    join_threshold: float = 0.25
    cohesion_ratio: float = 0.5
    cohesion_prior: float = 0.3
    cohesion_prior_pairs: float = 30.0
    short_text_factor: float = 0.3
    short_terms: int = 8
    long_terms: int = 64
    same_time_factor: float = 0.3
    crowd_reference: float = 25.0
    crowd_power: float = 0.5
    time_grace_days: float = 2.0
    time_penalty: float = 0.2
    max_time_factor: float = 1.5
    merge_ratio: float = 0.6
    merge_floor: float = 0.2
    centroid_terms: int = 200
    index_terms: int = 24
    query_terms: int = 24
    max_postings: int = 2000
    max_candidates: int = 12
    representatives: int = 6
    shared_terms: int = 6
    max_idle_days: float = 90.0
    max_idle_docs: int = 50_000
    sweep_every: int = 1000


@dataclass(slots=True)
class Assignment:
    """Where one article went and why (``best_match`` is the most similar earlier article)."""

    doc_id: str
    story_id: str
    new_story: bool
    score: float
    best_match: str | None
    shared_terms: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Story:
    """Mutable state of one story; ``centroid`` is empty once the story has left the active set."""

    id: str
    order: int
    members: list[str]
    centroid: dict[str, float]
    norm2: float
    pair_sum: float
    first: float | None
    last: float | None
    last_seq: int
    stamp: float | None  # stream time ("now") of the last update: idleness is measured on it
    length_factor: float
    reps: list[tuple[str, dict[str, float]]]
    top: list[str] = field(default_factory=list)


def _stem(word: str) -> str:
    # Plural folding only: aggressive stemming merges names and hurts precision more than it helps.
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _segment_features(text: str, weight: float, cfg: StoryConfig, out: dict[str, float]) -> set[str]:
    """Add the weighted term counts of one text segment to ``out``; return its distinct words."""
    matches = list(_TOKEN.finditer(text))
    words = [m.group() for m in matches if m.group()[0].isalpha() and m.group().lower() not in _STOP]
    # In Title Case Headlines capitals say nothing about names.
    title_case = bool(words) and sum(w[0].isupper() for w in words) > 0.6 * len(words)
    prev_end, prev_term, run, distinct = 0, None, [], set()
    for m in [*matches, None]:
        term, cap = None, False
        if m is not None:
            raw = m.group().replace("’", "'")
            if raw.lower().endswith("'s"):
                raw = raw[:-2]
            low = raw.strip(".-'&").lower().replace(".", "")
            sentence_start = prev_end == 0 or bool(_BREAK.search(text, prev_end, m.start()))
            prev_end = m.end()
            if low and low not in _STOP:
                term = _stem(low)
                cap = raw[0].isupper() and not sentence_start and not title_case
        if cap and term:
            run.append(term)
        elif run:
            # dict.fromkeys, not a set: term order must not depend on the per-process str hash seed.
            for name in dict.fromkeys([*run, " ".join(run)]):
                out["N:" + name] = out.get("N:" + name, 0.0) + weight * cfg.name_weight
            run = []
        if term:
            distinct.add(term)
            w = weight * (cfg.number_weight if term[0].isdigit() else 1.0)
            out[term] = out.get(term, 0.0) + w
            if prev_term:
                pair = prev_term + " " + term
                out[pair] = out.get(pair, 0.0) + weight * cfg.bigram_weight
        prev_term = term
    return distinct


def featurize(doc: StoryDoc, cfg: StoryConfig) -> tuple[dict[str, float], int]:
    """Return raw (un-IDF-ed) term weights of an article and its number of distinct words."""
    out: dict[str, float] = {}
    title, text = (doc.title or "").strip(), doc.text or ""
    words: set[str] = set()
    if title:
        # A body that already opens with its title only needs the title's extra weight.
        extra = 1.0 if text.lstrip().startswith(title[:60]) else 0.0
        words |= _segment_features(title, cfg.title_weight - extra, cfg, out)
    words |= _segment_features(text, 1.0, cfg, out)
    return out, len(words)


def _dot(a: dict[str, float], b: dict[str, float]) -> float:
    # Key-view intersection runs in C; fsum makes the result independent of the (hash-seeded) order.
    return math.fsum(a[t] * b[t] for t in a.keys() & b.keys())


def _bucket(term: str, mask: int) -> int:
    # crc32 rather than hash(): str hashes are salted per process, the DF table must survive to_bytes.
    return zlib.crc32(term.encode("utf-8")) & mask


def _timestamp(value: dt.datetime | dt.date | None) -> float | None:
    if value is None:
        return None
    if not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day)
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.timestamp()


class StoryClusterer:
    """Assigns a stream of articles to stories, one article at a time, never revisiting the past.

    Attributes:
        config: the thresholds and weights in use.
        merges: ``(kept_id, absorbed_id)`` for every pair of stories merged so far (the older id is kept).
    """

    def __init__(self, config: StoryConfig | None = None) -> None:
        """Create an empty clusterer.

        Args:
            config: thresholds and weights; ``StoryConfig()`` when omitted.
        """
        self.config = config or StoryConfig()
        self.merges: list[tuple[str, str]] = []
        self._mask = (1 << self.config.hash_bits) - 1
        self._df = array("i", bytes(4 << self.config.hash_bits))
        self._n_docs = 0
        self._seq = 0
        self._order = 0
        self._now: float | None = None
        self._stories: dict[str, _Story] = {}
        self._active: dict[str, None] = {}  # insertion-ordered set: iteration must not depend on str hashing
        self._index: dict[str, set[str]] = {}
        self._births: deque[float] = deque()  # dates of the stories opened within time_grace_days
        self._crowd = 1.0

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
        return len(self._active)

    def to_bytes(self) -> bytes:
        """Serialise the full state (config, document frequencies, stories, merges) to a compact blob."""
        state = {
            "config": asdict(self.config),
            "n_docs": self._n_docs,
            "seq": self._seq,
            "order": self._order,
            "now": self._now,
            "merges": self.merges,
            "births": list(self._births),
            "active": list(self._active),
            "stories": [
                [s.id, s.order, s.members, s.centroid, s.norm2, s.pair_sum, s.first, s.last, s.last_seq,
                 s.stamp, s.length_factor, s.reps, s.top]
                for s in self._stories.values()
            ],
        }
        body = json.dumps(state, separators=(",", ":")).encode("utf-8")
        return _MAGIC + zlib.compress(len(body).to_bytes(8, "big") + body + self._df.tobytes(), 6)

    @classmethod
    def from_bytes(cls, blob: bytes) -> StoryClusterer:
        """Rebuild a clusterer from :meth:`to_bytes` output; it continues exactly where it stopped.

        Raises:
            ValueError: if ``blob`` is not a story-clusterer state.
        """
        if not blob.startswith(_MAGIC):
            raise ValueError("not a storyline story-clusterer state")
        raw = zlib.decompress(blob[len(_MAGIC):])
        size = int.from_bytes(raw[:8], "big")
        state = json.loads(raw[8 : 8 + size])
        self = cls(StoryConfig(**state["config"]))
        self._df = array("i", raw[8 + size :])
        self._n_docs, self._seq, self._order = state["n_docs"], state["seq"], state["order"]
        self._now = state["now"]
        self.merges = [tuple(m) for m in state["merges"]]
        self._births = deque(state.get("births", []))
        for row in state["stories"]:
            sid, order, members, centroid, norm2, pair_sum, first, last, last_seq, stamp, lf = row[:11]
            reps = [(d, v) for d, v in row[11]]
            s = _Story(sid, order, members, centroid, norm2, pair_sum, first, last, last_seq, stamp, lf,
                       reps, row[12])
            self._stories[s.id] = s
        for sid in state["active"]:
            self._active[sid] = None
            for t in self._stories[sid].top:
                self._index.setdefault(t, set()).add(sid)
        return self

    # -- one article ------------------------------------------------------------------------------
    def _add_one(self, doc: StoryDoc) -> Assignment:
        cfg = self.config
        self._seq += 1
        ts = _timestamp(doc.published)
        if ts is not None and (self._now is None or ts > self._now):
            self._now = ts
        self._crowd = self._crowding()
        vec, words = self._vectorize(doc)
        frac = min(1.0, max(0.0, math.log(max(words, 1) / cfg.short_terms)
                            / math.log(cfg.long_terms / cfg.short_terms)))
        lf = cfg.short_text_factor + (1.0 - cfg.short_text_factor) * frac
        scored = []  # (cos, -order, story, bar)
        for s in self._candidates(vec):
            cos = _dot(vec, s.centroid) / math.sqrt(s.norm2)
            tf = self._time_factor(ts, ts, s.first, s.last)
            bar = lf * max(cfg.join_threshold * tf, cfg.cohesion_ratio * self._expected(s) * min(tf, 1.0))
            scored.append((cos, -s.order, s, bar))
        scored.sort(key=lambda x: (x[0], x[1]), reverse=True)
        accepted = [x for x in scored if x[0] >= x[3]]
        if not accepted:
            story = self._new_story(doc.id, vec, ts, lf)
            near = scored[0] if scored else None
            return Assignment(doc.id, story.id, True, round(near[0], 4) if near else 0.0,
                              self._best_member(vec, near[2]) if near else None,
                              self._shared(vec, near[2].centroid) if near else [])
        cos, _, story, _ = accepted[0]
        best_match = self._best_member(vec, story)
        shared = self._shared(vec, story.centroid)
        self._join(story, doc.id, vec, ts, lf)
        # An article that clears the bar of several stories may show they are one: compare them
        # centroid to centroid, where the evidence is stronger than for one article.
        for other in accepted[1:]:
            if other[2].id in self._active and len(other[2].members) >= 2:
                story = self._maybe_merge(story, other[2])
        return Assignment(doc.id, story.id, False, round(cos, 4), best_match, shared)

    def _vectorize(self, doc: StoryDoc) -> tuple[dict[str, float], int]:
        raw, words = featurize(doc, self.config)
        self._n_docs += 1
        # Pretend idf_prior_docs earlier articles lacked every term: at the start of a stream (or of a
        # burst) the few articles seen so far would otherwise give the story's own words an IDF near 0.
        n1, df, mask = self._n_docs + 1 + self.config.idf_prior_docs, self._df, self._mask
        power = self.config.tf_power
        vec = {}
        for t, x in raw.items():
            b = _bucket(t, mask)
            df[b] += 1
            vec[t] = x**power * math.log(n1 / (df[b] + 0.5))
        norm = math.sqrt(sum(w * w for w in vec.values())) or 1.0
        return {t: w / norm for t, w in vec.items()}, words

    def _candidates(self, vec: dict[str, float]) -> list[_Story]:
        cfg = self.config
        acc: dict[str, float] = {}
        for t in heapq.nlargest(cfg.query_terms, vec, key=vec.__getitem__):
            posting = self._index.get(t)
            # Terms in very many stories say little about which story and would make cost grow.
            if not posting or len(posting) > cfg.max_postings:
                continue
            w = vec[t]
            for sid in posting:
                acc[sid] = acc.get(sid, 0.0) + w
        stories = self._stories
        best = heapq.nlargest(cfg.max_candidates, acc, key=lambda sid: (acc[sid], -stories[sid].order))
        out = []
        for sid in best:
            # Expiry must not depend on when the last sweep ran: check the candidates now.
            if self._stale(stories[sid]):
                self._retire(stories[sid])
            else:
                out.append(stories[sid])
        return out

    def _time_factor(self, a0: float | None, a1: float | None, b0: float | None, b1: float | None) -> float:
        """Multiplier of the similarity bar: < 1 for coverage close in time, 1 when time is unknown."""
        if a0 is None or b0 is None or a1 is None or b1 is None:
            return 1.0
        cfg = self.config
        gap = max(0.0, b0 - a1, a0 - b1) / _DAY
        if gap <= cfg.time_grace_days:
            tf = cfg.same_time_factor
        else:
            grow = cfg.time_penalty * (1.0 + math.log2(gap / cfg.time_grace_days))
            tf = min(cfg.max_time_factor, cfg.same_time_factor + grow)
        return min(1.0, tf * self._crowd) if tf < 1.0 else tf

    def _crowding(self) -> float:
        """How much a crowded window shrinks the same-time discount (1: a quiet window, no change)."""
        cfg = self.config
        births = self._births
        if self._now is not None:
            while births and births[0] < self._now - cfg.time_grace_days * _DAY:
                births.popleft()
        if cfg.crowd_reference <= 0:
            return 1.0
        return min(1.0 / cfg.same_time_factor, max(1.0, len(births) / cfg.crowd_reference) ** cfg.crowd_power)

    def _cohesion(self, s: _Story) -> float:
        """Mean pairwise similarity of the members, shrunk towards the prior for small stories."""
        cfg = self.config
        n = len(s.members)
        pairs = n * (n - 1) / 2
        p = (s.pair_sum + cfg.cohesion_prior * cfg.cohesion_prior_pairs) / (pairs + cfg.cohesion_prior_pairs)
        return min(1.0, max(1e-3, p))

    def _expected(self, s: _Story) -> float:
        """Cosine a typical new member would have with the centroid, given cohesion and size."""
        p, n = self._cohesion(s), len(s.members)
        return p / math.sqrt(p + (1.0 - p) / n)

    # -- story bookkeeping ------------------------------------------------------------------------
    def _new_story(self, doc_id: str, vec: dict[str, float], ts: float | None, lf: float) -> _Story:
        sid = "s" + hashlib.blake2b(doc_id.encode("utf-8"), digest_size=6).hexdigest()
        while sid in self._stories:  # same first-doc id seen twice: stay unique, stay deterministic
            sid = "s" + hashlib.blake2b(sid.encode("utf-8"), digest_size=6).hexdigest()
        self._order += 1
        s = _Story(sid, self._order, [doc_id], dict(vec), sum(w * w for w in vec.values()), 0.0,
                   ts, ts, self._seq, self._now, lf, [])
        self._stories[sid] = s
        self._active[sid] = None
        if ts is not None:
            self._births.append(ts)
        self._remember(s, doc_id, vec)
        self._reindex(s)
        return s

    def _join(self, s: _Story, doc_id: str, vec: dict[str, float], ts: float | None, lf: float) -> None:
        s.pair_sum += _dot(vec, s.centroid)
        c = s.centroid
        for t, w in vec.items():
            c[t] = c.get(t, 0.0) + w
        s.members.append(doc_id)
        s.length_factor += (lf - s.length_factor) / len(s.members)
        if ts is not None:
            s.first = ts if s.first is None else min(s.first, ts)
            s.last = ts if s.last is None else max(s.last, ts)
        s.last_seq, s.stamp = self._seq, self._now
        self._prune(s)
        self._remember(s, doc_id, vec)
        self._reindex(s)

    def _maybe_merge(self, s: _Story, t: _Story) -> _Story:
        """Merge ``t`` and ``s`` when their centroids are as close as two halves of one story would be."""
        cfg = self.config
        cc = _dot(s.centroid, t.centroid) / math.sqrt(s.norm2 * t.norm2)
        p = math.sqrt(self._cohesion(s) * self._cohesion(t))
        expected = p / math.sqrt((p + (1 - p) / len(s.members)) * (p + (1 - p) / len(t.members)))
        tf = self._time_factor(s.first, s.last, t.first, t.last)
        if cc < cfg.merge_ratio * expected * tf or cc < cfg.merge_floor * (s.length_factor + t.length_factor) / 2:
            return s
        keep, gone = (s, t) if s.order < t.order else (t, s)
        keep.pair_sum += gone.pair_sum + _dot(keep.centroid, gone.centroid)
        for term, w in gone.centroid.items():
            keep.centroid[term] = keep.centroid.get(term, 0.0) + w
        n_keep, n_gone = len(keep.members), len(gone.members)
        keep.length_factor = (keep.length_factor * n_keep + gone.length_factor * n_gone) / (n_keep + n_gone)
        keep.members.extend(gone.members)
        keep.first = min((x for x in (keep.first, gone.first) if x is not None), default=None)
        keep.last = max((x for x in (keep.last, gone.last) if x is not None), default=None)
        keep.last_seq, keep.stamp = self._seq, self._now
        keep.reps = (keep.reps + gone.reps)[-cfg.representatives :]
        self._retire(gone)
        del self._stories[gone.id]
        self._prune(keep)
        self._reindex(keep)
        self.merges.append((keep.id, gone.id))
        return keep

    def _prune(self, s: _Story) -> None:
        # Keep the centroid small (memory, dot-product cost); slack so that new terms can build up.
        limit = self.config.centroid_terms
        if len(s.centroid) > 2 * limit:
            s.centroid = dict(heapq.nlargest(limit, s.centroid.items(), key=lambda kv: (kv[1], kv[0])))
        s.norm2 = sum(w * w for w in s.centroid.values())

    def _remember(self, s: _Story, doc_id: str, vec: dict[str, float]) -> None:
        sketch = dict(heapq.nlargest(32, vec.items(), key=lambda kv: (kv[1], kv[0])))
        s.reps = [*s.reps, (doc_id, sketch)][-self.config.representatives :]

    def _reindex(self, s: _Story) -> None:
        c = s.centroid
        top = [t for t, _ in heapq.nlargest(self.config.index_terms, c.items(), key=lambda kv: (kv[1], kv[0]))]
        new = set(top)
        for t in s.top:
            if t not in new:
                self._index[t].discard(s.id)
        for t in top:
            self._index.setdefault(t, set()).add(s.id)
        s.top = top

    def _retire(self, s: _Story) -> None:
        """Take a story out of the active set and free its vectors (its members stay listed)."""
        for t in s.top:
            posting = self._index.get(t)
            if posting is not None:
                posting.discard(s.id)
                if not posting:
                    del self._index[t]
        self._active.pop(s.id, None)
        s.centroid, s.reps, s.top, s.norm2 = {}, [], [], 0.0

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
        for sid in list(self._active):
            if self._stale(self._stories[sid]):
                self._retire(self._stories[sid])

    def _best_member(self, vec: dict[str, float], s: _Story) -> str | None:
        if not s.reps:
            return s.members[-1] if s.members else None
        return max(s.reps, key=lambda r: _dot(vec, r[1]))[0]

    def _shared(self, vec: dict[str, float], centroid: dict[str, float]) -> list[str]:
        contrib = [(w * centroid[t], t) for t, w in vec.items() if t in centroid]
        out: list[str] = []
        for _, t in sorted(contrib, reverse=True):
            term = t[2:] if t.startswith("N:") else t
            if term not in out:
                out.append(term)
            if len(out) == self.config.shared_terms:
                break
        return out
