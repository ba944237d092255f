"""Store-aware stage runners: the "reduce" side of dedup and story clustering.

The algorithms (:mod:`storyline.dedup`, :mod:`storyline.stories`) are pure and know nothing of the
store; these functions feed them the articles not yet processed, in batches, and write the results
back in one transaction per batch — so a killed run resumes where it stopped.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .dedup import DedupConfig, NearDupIndex, group_duplicates
from .model import Story
from .store import SQLiteStore
from .store.dedup_tables import (
    SQLiteBandStore,
    all_pairs,
    check_fingerprint,
    save_pairs,
    set_representatives,
    unindexed_articles,
)

if TYPE_CHECKING:
    from .stories.cluster import StoryConfig

ProgressFn = Callable[[int, int, str], None]


@dataclass(slots=True)
class DuplicateGroup:
    """A near-duplicate group: its representative (earliest copy), members and the verified pairs."""

    representative: str
    members: list[str]
    pairs: list[dict[str, object]]


def find_duplicates(store: SQLiteStore, config: DedupConfig | None = None, batch_size: int = 500,
                    progress: ProgressFn | None = None) -> int:
    """Index every article not yet indexed, store verified pairs and refresh group representatives.

    Returns:
        The number of articles indexed in this call.
    """
    cfg = config or DedupConfig()
    conn = store.conn
    with store.transaction():
        check_fingerprint(conn, cfg.fingerprint())
    index = NearDupIndex(SQLiteBandStore(conn), cfg)
    total = int(conn.execute("SELECT COUNT(*) FROM articles a LEFT JOIN shingles s ON s.article_id = a.id "
                             "WHERE s.article_id IS NULL").fetchone()[0])
    done = 0
    while True:
        items = unindexed_articles(conn, batch_size)
        if not items:
            break
        with store.transaction():
            save_pairs(conn, index.add_many(items))
        done += len(items)
        if progress is not None:
            progress(done, total, "near-duplicates")
    if done:
        _refresh_representatives(store)
    return done


def _refresh_representatives(store: SQLiteStore) -> None:
    conn = store.conn
    pairs = [(a, b) for a, b, *_ in all_pairs(conn)]
    if not pairs:
        return
    order = {r[0]: (r[1] is None, r[1] or "", r[2])
             for r in conn.execute("SELECT id, published, seq FROM articles")}
    reps = group_duplicates(pairs, key=lambda i: order.get(i, (True, "", 1 << 62)))
    with store.transaction():
        set_representatives(conn, [(aid, None if rep == aid else rep) for aid, rep in reps.items()])


def duplicate_groups(store: SQLiteStore) -> list[DuplicateGroup]:
    """Every near/exact duplicate group with its pairs, largest first."""
    pairs = all_pairs(store.conn)
    reps = dict(store.conn.execute(
        "SELECT id, COALESCE(near_duplicate_of, id) FROM articles WHERE id IN "
        "(SELECT article_id FROM near_duplicates UNION SELECT other_id FROM near_duplicates)"))
    groups: dict[str, DuplicateGroup] = {}
    for aid, rep in reps.items():
        groups.setdefault(rep, DuplicateGroup(rep, [], [])).members.append(aid)
    for a, b, kind, jac, con, reason in pairs:
        rep = reps.get(a, a)
        if rep in groups:
            groups[rep].pairs.append({"article": a, "other": b, "kind": kind, "jaccard": round(jac, 3),
                                      "containment": round(con, 3), "reason": reason})
    out = [g for g in groups.values() if len(g.members) > 1]
    for g in out:
        g.members.sort(key=lambda m: (m != g.representative, m))
    return sorted(out, key=lambda g: (-len(g.members), g.representative))


_STATE_KEY = "stories.state"


def assign_stories(store: SQLiteStore, config: StoryConfig | None = None, batch_size: int = 2000,
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
    from .stories.cluster import StoryClusterer, StoryDoc, new_story_id

    conn = store.conn
    blob = store.get_blob(_STATE_KEY)
    try:
        clusterer = StoryClusterer.from_bytes(blob) if blob else StoryClusterer(config)
    except ValueError:  # a state written by an older clusterer: earlier stories stay, new ones start afresh
        clusterer = StoryClusterer(config)
    rows = conn.execute(
        "SELECT a.id, a.title, a.text, a.published, a.seq, COALESCE(a.duplicate_of, a.near_duplicate_of), "
        "a.outlet, json_extract(a.metadata, '$.non_article') "
        "FROM articles a LEFT JOIN story_members m ON m.article_id = a.id WHERE m.article_id IS NULL "
        "ORDER BY a.published IS NULL, a.published, a.seq").fetchall()
    done = 0
    for start in range(0, len(rows), batch_size):
        batch = rows[start:start + batch_size]
        merges_before = len(clusterer.merges)
        members: list[tuple[str, str, float, str | None, str, int]] = []
        story_of = _stories_of(conn, [r[5] for r in batch if r[5]])
        for aid, title, text, published, _seq, rep, outlet, non_article in batch:
            if rep and rep in story_of:
                why = {"terms": [], "duplicate_of": rep, "low_confidence": False}
                members.append((aid, story_of[rep], 1.0, rep, json.dumps(why), 0))
                continue
            if non_article is not None:
                why = {"terms": [], "non_article": str(non_article), "low_confidence": False}
                members.append((aid, new_story_id(aid), 0.0, None, json.dumps(why), 1))
                story_of[aid] = members[-1][1]
                continue
            for a in clusterer.add([StoryDoc(aid, title or "", text, _datetime(published), outlet or "")]):
                why = {"terms": a.shared_terms, "core": a.core, "cosine": a.cosine,
                       "low_confidence": a.low_confidence}
                members.append((a.doc_id, a.story_id, a.score, a.best_match, json.dumps(why), int(a.new_story)))
                story_of[a.doc_id] = a.story_id
        with store.transaction():
            for kept, absorbed in clusterer.merges[merges_before:]:
                conn.execute("UPDATE story_members SET story_id = ? WHERE story_id = ?", (kept, absorbed))
                conn.execute("UPDATE stories SET merged_into = ? WHERE id = ?", (kept, absorbed))
                members = [(m[0], kept if m[1] == absorbed else m[1], *m[2:]) for m in members]  # type: ignore[misc]
            conn.executemany("INSERT OR IGNORE INTO stories (id, created_seq) VALUES (?, ?)",
                             [(m[1], i) for i, m in enumerate(members, start=done)])
            conn.executemany("INSERT INTO story_members (article_id, story_id, score, best_match, shared_terms, "
                             "new_story) VALUES (?, ?, ?, ?, ?, ?)", members)
            store.put_blob(_STATE_KEY, clusterer.to_bytes(), conn)
        done += len(batch)
        if progress is not None:
            progress(done, len(rows), "stories")
    return done


def _stories_of(conn: sqlite3.Connection, ids: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        marks = ",".join("?" * len(chunk))
        out.update(conn.execute(f"SELECT article_id, story_id FROM story_members WHERE article_id IN ({marks})",
                                chunk).fetchall())
    return out


def _datetime(value: str | None) -> dt.datetime | None:
    return dt.datetime.combine(dt.date.fromisoformat(value), dt.time()) if value else None


def load_stories(store: SQLiteStore) -> list[Story]:
    """Stories with their members (ingestion order).

    The title is the headline of the earliest original article that has one; a title that the text reader
    made up from an opening sentence is used only when no member has a real headline.
    """
    rows = store.conn.execute(
        "SELECT m.story_id, a.id, a.title, a.published, a.duplicate_of IS NOT NULL OR a.near_duplicate_of IS NOT NULL, "
        "COALESCE(json_extract(a.metadata, '$.title_derived'), 0) "
        "FROM story_members m JOIN articles a ON a.id = m.article_id ORDER BY a.seq").fetchall()
    merged = dict(store.conn.execute("SELECT id, merged_into FROM stories WHERE merged_into IS NOT NULL").fetchall())
    grouped: dict[str, list[tuple[str, str, str | None, int, int]]] = {}
    for sid, aid, title, published, is_dup, derived in rows:
        grouped.setdefault(sid, []).append((aid, title, published, is_dup, derived))
    stories: list[Story] = []
    for sid, members in grouped.items():
        dates = sorted(m[2] for m in members if m[2])
        head = min(members, key=lambda m: (bool(m[4]) or not m[1], bool(m[3]), m[2] is None, m[2] or ""))
        stories.append(Story(
            id=sid, title=head[1], articles=[m[0] for m in members],
            first_published=dt.date.fromisoformat(dates[0]) if dates else None,
            last_published=dt.date.fromisoformat(dates[-1]) if dates else None,
            merged_from=sorted(k for k, v in merged.items() if v == sid),
        ))
    return stories


def story_reasons(store: SQLiteStore, story_id: str) -> list[dict[str, object]]:
    """Why each article is in a story, as plain fields per member (ingestion order).

    ``score``: probability (0-1) that the article reports the same event as the story's core when it
    joined (1.0 for a duplicate, 0.0 for a non-article page); ``best_match``: the most similar core
    member (or the duplicate's representative); ``core``: the core members it was compared with;
    ``evidence``: the strongest terms it shares with that core (names without a tag);
    ``cosine``: its mean TF-IDF cosine to the core; ``low_confidence``: a close call (probability near
    the threshold, or it also cleared the bar of another story); ``opened_story``: it started the story
    (then ``score``/``evidence`` describe the nearest story it did *not* join); ``duplicate_of`` and
    ``non_article`` say when the article skipped the judgement. ``shared_terms`` repeats ``evidence``.
    """
    rows = store.conn.execute(
        "SELECT m.article_id, m.score, m.best_match, m.shared_terms, m.new_story, a.title, a.outlet, a.published "
        "FROM story_members m JOIN articles a ON a.id = m.article_id WHERE m.story_id = ? ORDER BY a.seq",
        (story_id,)).fetchall()
    out: list[dict[str, object]] = []
    for aid, score, best, why_json, opened, title, outlet, published in rows:
        why = json.loads(why_json) if why_json else []
        if isinstance(why, list):  # written before reasons became an object
            why = {"terms": why}
        terms = list(why.get("terms", []))
        out.append({"article": aid, "score": round(score, 3), "best_match": best, "evidence": terms,
                    "shared_terms": terms, "core": list(why.get("core", [])), "cosine": why.get("cosine"),
                    "low_confidence": bool(why.get("low_confidence", False)), "opened_story": bool(opened),
                    "duplicate_of": why.get("duplicate_of"), "non_article": why.get("non_article"),
                    "title": title, "outlet": outlet, "published": published})
    return out
