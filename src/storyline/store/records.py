"""Typed records the store hands out and takes in, besides :mod:`storyline.model`'s articles and skips.

They are the store's side of the stage runners: what the near-duplicate and story runners read from a
store and write back. Every backend returns the same records, so the runners never see a row or a table.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True, frozen=True)
class DuplicatePair:
    """A verified near/exact duplicate pair: ``article_id`` was indexed after ``other_id`` and matched it.

    Attributes:
        article_id: the article that matched.
        other_id: the earlier-indexed article it matched.
        kind: ``exact``, ``near`` or ``contained``.
        jaccard: shingle-set Jaccard similarity.
        containment: share of the smaller shingle set inside the larger.
        reason: why the pair counts (human readable).
    """

    article_id: str
    other_id: str
    kind: str
    jaccard: float
    containment: float
    reason: str


@dataclass(slots=True, frozen=True)
class StoryCandidate:
    """An article not yet in a story, with just what the story stage reads.

    Attributes:
        article_id: the article.
        title: its headline (``""`` when none).
        text: its canonical text.
        published: publication date, if known.
        outlet: its outlet, if known.
        representative: the exact or near duplicate it copies (``None`` for an original).
        non_article: the article's ``metadata["non_article"]`` as the store reads it (a paywall stub, a
            listing …), ``None`` for a real article.
    """

    article_id: str
    title: str
    text: str
    published: dt.date | None
    outlet: str
    representative: str | None
    non_article: str | None


@dataclass(slots=True, frozen=True)
class Membership:
    """Why one article is in its story, as the story stage decided when the article arrived.

    Attributes:
        article_id: the article.
        story_id: its story.
        score: same-event probability when it joined (1.0 for a duplicate, 0.0 for a non-article page).
        best_match: the closest core member, or the duplicate's representative.
        opened_story: it started the story.
        terms: the strongest terms it shares with the story's core.
        core: the core members it was compared with.
        cosine: its mean TF-IDF cosine to the core (``None`` when not compared).
        low_confidence: a close call.
        duplicate_of: set when it joined as a duplicate of this article.
        non_article: set when it was kept out of clustering as a non-article page.
    """

    article_id: str
    story_id: str
    score: float
    best_match: str | None = None
    opened_story: bool = False
    terms: tuple[str, ...] = ()
    core: tuple[str, ...] = ()
    cosine: float | None = None
    low_confidence: bool = False
    duplicate_of: str | None = None
    non_article: str | None = None


@dataclass(slots=True, frozen=True)
class StoryMember:
    """A stored :class:`Membership` with the member article's headline fields (for titles and listings).

    Attributes:
        membership: why the article is in its story.
        title: the article's headline.
        outlet: its outlet, if known.
        published: its publication date, if known.
        is_duplicate: it is an exact or near duplicate of another article.
        title_derived: its title was made up from an opening sentence by the reader.
    """

    membership: Membership
    title: str
    outlet: str | None
    published: dt.date | None
    is_duplicate: bool
    title_derived: bool


@dataclass(slots=True, frozen=True)
class RunRecord:
    """One recorded command run.

    Attributes:
        run_id: the store's id of the run.
        command: the command that ran (``ingest``, ``run`` …).
        started_at: start time (seconds since the epoch).
        finished_at: end time, ``None`` while running (or when the process died).
        stats: the statistics recorded at its end, as JSON values.
    """

    run_id: int
    command: str
    started_at: float
    finished_at: float | None = None
    stats: dict[str, Any] = field(default_factory=dict)


#: Markers around the matched words in :attr:`SearchHit.snippet` (private-use characters: never in text).
HIT_START, HIT_END = "\ue000", "\ue001"


@dataclass(slots=True, frozen=True)
class SearchHit:
    """An article matching a full-text search.

    Attributes:
        article_id: the article.
        title: its headline.
        snippet: a few words around the match, matched words between :data:`HIT_START` and :data:`HIT_END`.
        score: relevance, higher is better (SQLite: negated bm25).
    """

    article_id: str
    title: str
    snippet: str
    score: float
