"""Store-aware stage runners: the "reduce" side of dedup and story clustering.

The algorithms (:mod:`storyline.dedup`, :mod:`storyline.stories`) are pure and know nothing of the
store; these functions feed them the articles not yet processed, in batches, and write the results
back in one transaction per batch — so a killed run resumes where it stopped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .dedup import DedupConfig, NearDupIndex, group_duplicates
from .store import SQLiteStore
from .store.dedup_tables import (
    SQLiteBandStore,
    all_pairs,
    check_fingerprint,
    save_pairs,
    set_representatives,
    unindexed_articles,
)

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
