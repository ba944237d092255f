"""Store-aware stage runners: the "reduce" side of dedup and story clustering.

The algorithms (:mod:`storyline.dedup`, :mod:`storyline.stories`) are pure and know nothing of the
store; these functions feed them the articles not yet processed, in batches, and write the results
back through the :class:`~storyline.store.Store` protocol in one transaction per batch — so a killed
run resumes where it stopped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..dedup import DedupConfig, NearDupIndex, group_duplicates
from ..model import Story
from ..store import DuplicatePair, Membership, Store, StoryMember

if TYPE_CHECKING:
    from ..stories.cluster import StoryConfig

#: ``progress(done, total, what)``: files, articles or stories done so far, their total, and what is counted.
ProgressFn = Callable[[int, int, str], None]


@dataclass(slots=True)
class DuplicateGroup:
    """A near-duplicate group: its representative (earliest copy), members and the verified pairs."""

    representative: str
    members: list[str]
    pairs: list[dict[str, object]]


def find_duplicates(store: Store, config: DedupConfig | None = None, batch_size: int = 500,
                    progress: ProgressFn | None = None) -> int:
    """Index every article not yet indexed, store verified pairs and refresh group representatives.

    Returns:
        The number of articles indexed in this call.
    """
    cfg = config or DedupConfig()
    with store.transaction():
        store.check_dedup_settings(cfg.fingerprint())
    index = NearDupIndex(store.band_store(), cfg)
    total = store.unindexed_count()
    done = 0
    while True:
        items = store.unindexed_articles(batch_size)
        if not items:
            break
        with store.transaction():  # the index's bands and the pairs they found: both or neither
            matches = index.add_many(items)
            store.add_duplicate_pairs(DuplicatePair(aid, m.other_id, m.kind, m.jaccard, m.containment, m.reason)
                                      for aid, ms in matches.items() for m in ms)
        done += len(items)
        if progress is not None:
            progress(done, total, "near-duplicates")
    if done:
        _refresh_representatives(store)
    return done


def _refresh_representatives(store: Store) -> None:
    pairs = [(p.article_id, p.other_id) for p in store.duplicate_pairs()]
    if not pairs:
        return
    # The earliest copy represents its group: earliest known date, then first ingested.
    order = {aid: (published is None, published or dt.date.min, seq)
             for seq, (aid, published) in enumerate(store.publication_dates())}
    reps = group_duplicates(pairs, key=lambda i: order.get(i, (True, dt.date.min, 1 << 62)))
    store.set_representatives({aid: None if rep == aid else rep for aid, rep in reps.items()})


def duplicate_groups(store: Store) -> list[DuplicateGroup]:
    """Every near/exact duplicate group with its pairs, largest first."""
    pairs = store.duplicate_pairs()
    reps = store.representatives({i for p in pairs for i in (p.article_id, p.other_id)})
    groups: dict[str, DuplicateGroup] = {}
    for aid, rep in reps.items():
        groups.setdefault(rep, DuplicateGroup(rep, [], [])).members.append(aid)
    for p in pairs:
        rep = reps.get(p.article_id, p.article_id)
        if rep in groups:
            groups[rep].pairs.append({"article": p.article_id, "other": p.other_id, "kind": p.kind,
                                      "jaccard": round(p.jaccard, 3), "containment": round(p.containment, 3),
                                      "reason": p.reason})
    out = [g for g in groups.values() if len(g.members) > 1]
    for g in out:
        g.members.sort(key=lambda m: (m != g.representative, m))
    return sorted(out, key=lambda g: (-len(g.members), g.representative))


def assign_stories(store: Store, config: StoryConfig | None = None, batch_size: int = 2000,
                   progress: ProgressFn | None = None) -> int:
    """Assign every article not yet in a story, in publication order, without touching earlier ones.

    Duplicates (exact or near) join their representative's story directly, with that as the reason.
    Articles whose metadata has a ``non_article`` key (paywall stubs, index pages) are never clustered:
    each gets a story of its own, with the flag as the reason, and does not touch the clusterer's state.
    The rest go through the incremental :class:`~storyline.stories.StoryClusterer`, whose state is
    saved in the same transaction as the assignments.

    Returns:
        The number of articles assigned in this call.
    """
    from ..stories.cluster import StoryClusterer, StoryDoc, new_story_id

    blob = store.story_state()
    try:
        clusterer = StoryClusterer.from_bytes(blob) if blob else StoryClusterer(config)
    except ValueError:  # a state written by an older clusterer: earlier stories stay, new ones start afresh
        clusterer = StoryClusterer(config)
    rows = store.unassigned_articles()
    done = 0
    for start in range(0, len(rows), batch_size):
        batch = rows[start:start + batch_size]
        merges_before = len(clusterer.merges)
        members: list[Membership] = []
        story_of = store.stories_of([r.representative for r in batch if r.representative])
        for r in batch:
            if r.representative and r.representative in story_of:
                members.append(Membership(r.article_id, story_of[r.representative], 1.0, r.representative,
                                          duplicate_of=r.representative))
                continue
            if r.non_article is not None:
                members.append(Membership(r.article_id, new_story_id(r.article_id), 0.0, None, opened_story=True,
                                          non_article=r.non_article))
                story_of[r.article_id] = members[-1].story_id
                continue
            when = dt.datetime.combine(r.published, dt.time()) if r.published else None
            for a in clusterer.add([StoryDoc(r.article_id, r.title, r.text, when, r.outlet)]):
                members.append(Membership(a.doc_id, a.story_id, a.score, a.best_match, bool(a.new_story),
                                          tuple(a.shared_terms), tuple(a.core), a.cosine, a.low_confidence))
                story_of[a.doc_id] = a.story_id
        merges = clusterer.merges[merges_before:]
        for kept, absorbed in merges:  # members of this batch follow their story into the one that kept it
            members = [m if m.story_id != absorbed else _moved(m, kept) for m in members]
        store.add_memberships(members, merges, clusterer.to_bytes())
        done += len(batch)
        if progress is not None:
            progress(done, len(rows), "stories")
    return done


def _moved(m: Membership, story_id: str) -> Membership:
    return replace(m, story_id=story_id)


def load_stories(store: Store) -> list[Story]:
    """Stories with their members (ingestion order).

    The title is the headline of the earliest original article that has one; a title that the text reader
    made up from an opening sentence is used only when no member has a real headline.
    """
    merged = store.merged_stories()
    grouped: dict[str, list[StoryMember]] = {}
    for m in store.story_members():
        grouped.setdefault(m.membership.story_id, []).append(m)
    stories: list[Story] = []
    for sid, members in grouped.items():
        dates = sorted(m.published for m in members if m.published)
        head = min(members, key=lambda m: (m.title_derived or not m.title, m.is_duplicate, m.published is None,
                                           m.published or dt.date.min))
        stories.append(Story(
            id=sid, title=head.title, articles=[m.membership.article_id for m in members],
            first_published=dates[0] if dates else None, last_published=dates[-1] if dates else None,
            merged_from=sorted(k for k, v in merged.items() if v == sid),
        ))
    return stories


def story_reasons(store: Store, story_id: str) -> list[dict[str, object]]:
    """Why each article is in a story, as plain JSON fields per member (ingestion order).

    ``score``: probability (0-1) that the article reports the same event as the story's core when it
    joined (1.0 for a duplicate, 0.0 for a non-article page); ``best_match``: the most similar core
    member (or the duplicate's representative); ``core``: the core members it was compared with;
    ``evidence``: the strongest terms it shares with that core (names without a tag);
    ``cosine``: its mean TF-IDF cosine to the core; ``low_confidence``: a close call (probability near
    the threshold, or it also cleared the bar of another story); ``opened_story``: it started the story
    (then ``score``/``evidence`` describe the nearest story it did *not* join); ``duplicate_of`` and
    ``non_article`` say when the article skipped the judgement. ``shared_terms`` repeats ``evidence``.
    """
    out: list[dict[str, object]] = []
    for row in store.story_members(story_id):
        m = row.membership
        terms = list(m.terms)
        out.append({"article": m.article_id, "score": round(m.score, 3), "best_match": m.best_match,
                    "evidence": terms, "shared_terms": terms, "core": list(m.core), "cosine": m.cosine,
                    "low_confidence": m.low_confidence, "opened_story": m.opened_story,
                    "duplicate_of": m.duplicate_of, "non_article": m.non_article, "title": row.title,
                    "outlet": row.outlet, "published": row.published.isoformat() if row.published else None})
    return out
