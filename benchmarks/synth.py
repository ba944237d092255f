"""A synthetic news stream built from the dev datasets' texts, for scaling benchmarks.

Each synthetic story splices sentences of two dev texts (so that stories are distinct even when the
stream is far longer than the pool of dev texts) and names invented people and places; its articles are
near-copies (a few words edited), rewrites (sentences dropped and reordered, a fifth of the words
replaced) and trimmed copies, published over a few days. About 1,500 articles a day arrive, so a
1M-article stream spans roughly two years. Texts are read from ``../shared/datasets`` at run time.
"""

from __future__ import annotations

import datetime as dt
import heapq
import json
import random
import re
from collections.abc import Iterator
from pathlib import Path

DATASETS = Path(__file__).resolve().parent.parent.parent / "shared" / "datasets"
_SOURCES = [
    ("ecbplus_event_clusters/documents.jsonl", "text"),
    ("basil_event_triplets/documents.jsonl", "text"),
    ("fnc1_stance/bodies.jsonl", "text"),
]
_SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")
_SYLLABLES = ["ka", "ro", "vel", "min", "tor", "sa", "lei", "dun", "bra", "qui", "ost", "mar", "ne", "zil", "pha"]
_FILLER = ["local", "officials", "reported", "later", "statement", "residents", "area", "week", "said", "new"]


def load_pool() -> list[list[str]]:
    """Dev texts split into sentences (texts with at least six sentences)."""
    pool: list[list[str]] = []
    for rel, field in _SOURCES:
        path = DATASETS / rel
        if not path.exists():
            continue
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                text = json.loads(line).get(field) or ""
                sents = [s.strip() for s in _SENT.split(text.replace("\n", " ")) if len(s.split()) >= 5]
                if len(sents) >= 6:
                    pool.append(sents)
    if not pool:
        raise SystemExit(f"no dev datasets under {DATASETS}")
    return pool


def _name(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def _edit_words(text: str, share: float, rng: random.Random) -> str:
    words = text.split()
    for i in range(len(words)):
        if rng.random() < share:
            words[i] = rng.choice(_FILLER)
    return " ".join(words)


def stream(n: int, seed: int = 7, per_day: int = 1500) -> Iterator[dict]:
    """Yield ``n`` articles in publication order: ``{"id", "title", "text", "published", "story"}``."""
    rng = random.Random(seed)
    pool = load_pool()
    start = dt.datetime(2020, 1, 1)
    made = 0
    story = 0
    clock = 0.0
    heap: list[tuple[dt.datetime, int, dict]] = []
    while made < n:
        # a new story: spliced base text, invented names, 1–12 articles over ~3 days
        a, b = rng.sample(range(len(pool)), 2)
        sa, sb = pool[a], pool[b]
        who, where = f"{_name(rng)} {_name(rng)}", _name(rng)
        base = sa[: len(sa) // 2] + sb[len(sb) // 2:]
        base = [s if rng.random() > 0.3 else f"{s[:-1]}, {who} said in {where}." for s in base]
        size = min(12, max(1, int(rng.expovariate(1 / 3.5)) + 1))
        clock += size / per_day
        t0 = start + dt.timedelta(days=clock)
        for k in range(size):
            kind = "orig" if k == 0 else rng.choice(["copy", "rewrite", "rewrite", "trim"])
            if kind == "orig":
                sents = list(base)
            elif kind == "copy":
                sents = [_edit_words(s, 0.06, rng) for s in base]
            elif kind == "trim":
                sents = base[: max(3, len(base) // 2)]
            else:
                sents = [s for s in base if rng.random() > 0.3] or base[:3]
                rng.shuffle(sents)
                sents = [_edit_words(s, 0.2, rng) for s in sents]
            when = t0 + dt.timedelta(hours=rng.expovariate(1 / 30)) if k else t0
            art = {"id": f"a{made}", "title": sents[0][:90], "text": " ".join(sents), "published": when,
                   "story": f"S{story}"}
            heapq.heappush(heap, (when, made, art))
            made += 1
            if made >= n:
                break
        story += 1
        # release articles whose time has certainly passed (no later story starts before them)
        while heap and heap[0][0] <= t0:
            yield heapq.heappop(heap)[2]
    while heap:
        yield heapq.heappop(heap)[2]
