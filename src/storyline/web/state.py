"""What the web app serves: a snapshot of the store's report, rebuilt when the store changes.

The app renders the same report dicts (``storyline.report/1``) as ``storyline run`` writes to disk, from
the same store: stories as clustered, each story's analysis from the store's analysis cache (a story not
analysed yet is analysed once, as a run would). Analyses stay packed (zlib'd JSON) and are decoded per
request, so a large store costs little memory while served.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..config import Config
from ..engine import Workspace
from ..engine.analysis import AnalysisResult
from ..report.build import build_report, filled_story, index_row

__all__ = ["Snapshot", "SnapshotSource"]


@dataclass(slots=True)
class Snapshot:
    """One consistent view of the store: articles, stories and their analyses."""

    version: tuple[int, int]  # (runs, articles): changes when anything is ingested
    articles: list[dict[str, Any]]
    texts: dict[str, str]
    stories: list[dict[str, Any]]  # the report's story skeletons (id, title, articles, dates)
    analyses: AnalysisResult
    membership: dict[str, list[dict[str, Any]]]
    by_id: dict[str, dict[str, Any]] = field(default_factory=dict)
    story_by_id: dict[str, dict[str, Any]] = field(default_factory=dict)
    index_rows: list[dict[str, Any]] = field(default_factory=list)
    _across: dict[str, Any] | None = None
    #: rendered pages and JSON bodies of this snapshot, by key ("html:<id>", "json:<id>"): a snapshot never
    #: changes, so a page is rendered once; bounded, least recently used first out.
    _pages: OrderedDict[str, bytes] = field(default_factory=OrderedDict)
    _pages_lock: threading.Lock = field(default_factory=threading.Lock)

    def page(self, key: str, make: Callable[[], bytes], keep: int = 512) -> bytes:
        """The cached body under ``key``, made by ``make()`` on first use."""
        with self._pages_lock:
            body = self._pages.get(key)
            if body is not None:
                self._pages.move_to_end(key)
                return body
        body = make()  # outside the lock: two threads may render one page at once, never block each other
        with self._pages_lock:
            self._pages[key] = body
            while len(self._pages) > keep:
                self._pages.popitem(last=False)
        return body

    def across(self) -> dict[str, Any]:
        """What spans stories, collected once per snapshot: every conflict (with its story) and, per outlet,
        what it published and whom it copied or was copied by (provenance edges)."""
        if self._across is None:
            conflicts: list[dict[str, Any]] = []
            claims: list[dict[str, Any]] = []
            outlets: dict[str, dict[str, Any]] = {}

            def outlet_of(aid: str) -> str:
                art = self.by_id.get(aid, {})
                return str(art.get("outlet") or "unknown outlet")

            for a in self.articles:
                row = outlets.setdefault(outlet_of(a["id"]), {"articles": [], "stories": set(), "copied_from": {},
                                                               "copied_by": {}, "same_source_as": {}})
                row["articles"].append(a["id"])
                if a.get("story"):
                    row["stories"].add(a["story"])
            for bare in self.stories:
                entry = self.story(bare["id"]) or {}
                for c in entry.get("conflicts") or []:
                    conflicts.append({"story": bare["id"], "story_title": bare["title"], **c})
                for c in entry.get("claims") or []:
                    claims.append({"story": bare["id"], "story_title": bare["title"], "kind": c["kind"],
                                   "about": c["about"], "value": c["value"], "text": c["text"],
                                   "independent_support": c["independent_support"],
                                   "contradicted_by": len(c.get("contradicted_by") or [])})
                # independence: outlets whose articles fall in one independence group count as one source
                members: dict[str, set[str]] = {}
                for aid, group in ((entry.get("provenance") or {}).get("groups") or {}).items():
                    members.setdefault(group, set()).add(outlet_of(aid))
                for names in members.values():
                    for name in names:
                        for other in names - {name}:
                            same = outlets[name]["same_source_as"]
                            same[other] = same.get(other, 0) + 1
                for e in (entry.get("provenance") or {}).get("edges") or []:
                    src, dst = outlet_of(e["source"]), outlet_of(e["target"])
                    if src != dst:
                        outlets[dst]["copied_from"][src] = outlets[dst]["copied_from"].get(src, 0) + 1
                        outlets[src]["copied_by"][dst] = outlets[src]["copied_by"].get(dst, 0) + 1
            for row in outlets.values():
                row["stories"] = sorted(row["stories"])
            self._across = {"conflicts": conflicts, "claims": claims, "outlets": dict(sorted(outlets.items()))}
        return self._across

    def story(self, story_id: str) -> dict[str, Any] | None:
        """The full report entry of one story (its analysis decoded), or ``None``."""
        bare = self.story_by_id.get(story_id)
        if bare is None:
            return None
        entry = filled_story(dict(bare), self.analyses.fields.get(story_id, {}))
        if story_id in self.membership:
            entry["membership"] = self.membership[story_id]
        return entry


def _version(ws: Workspace) -> tuple[int, int]:
    return len(ws.store.runs()), ws.store.count()


def build_snapshot(ws: Workspace) -> Snapshot:
    """Assign new articles, analyse stories not in the cache, and collect the report of the store."""
    with ws.lock():
        ws.find_duplicates()
        ws.assign_stories()
        articles = ws.articles()
        stories = ws.stories()
        result = ws.analyze(stories, articles)
        membership = {s.id: ws.membership(s.id) for s in stories}
    skeleton = build_report(articles, stories)
    snap = Snapshot(_version(ws), skeleton["articles"], {a.id: a.text for a in articles}, skeleton["stories"],
                    result, membership)
    snap.by_id = {a["id"]: a for a in snap.articles}
    snap.story_by_id = {s["id"]: s for s in snap.stories}
    arrival = {a["id"]: n for n, a in enumerate(snap.articles)}  # ingestion order
    for bare in snap.stories:
        entry = snap.story(bare["id"])
        assert entry is not None
        # how many articles the store held when this story last grew: "updated since your visit" marks
        newest = max((arrival.get(a, 0) for a in bare["articles"]), default=0) + 1
        snap.index_rows.append(index_row(entry) | {"grew_at_article": newest})
    return snap


class SnapshotSource:
    """The current snapshot of a store, rebuilt on the first request after the store changed.

    Each check opens the store in the calling thread (SQLite connections belong to one thread, and the
    server answers from a thread pool); the snapshot itself is plain data shared by every request.
    """

    #: Seconds between two looks at whether the store changed (a look opens the store and counts rows).
    RECHECK_SECONDS = 1.0

    def __init__(self, db_path: str, config: Config | None = None) -> None:
        self.db_path = db_path
        self.config = config
        self._lock = threading.Lock()
        self._snap: Snapshot | None = None
        self._checked = 0.0

    def workspace(self) -> Workspace:
        """A workspace on the store, for the calling thread (close it after use)."""
        return Workspace(self.db_path, self.config)

    def current(self) -> Snapshot:
        """The snapshot for the store as it is now."""
        with self._lock:
            if self._snap is not None and time.monotonic() - self._checked < self.RECHECK_SECONDS:
                return self._snap
            with self.workspace() as ws:
                if self._snap is None or self._snap.version != _version(ws):
                    self._snap = build_snapshot(ws)
            self._checked = time.monotonic()
            return self._snap

    def recheck(self) -> None:
        """Look at the store on the next request (after a write through the app)."""
        with self._lock:
            self._checked = 0.0
