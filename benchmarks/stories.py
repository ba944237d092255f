"""Story clustering benchmark: storyline vs TF-IDF baselines on the dev sets, and scaling to 1M articles.

Three parts, all measured in one run (``python benchmarks/stories.py``):

1. ``dev``: storyline's default :class:`StoryClusterer` and two scikit-learn TF-IDF baselines on the
   ECB+, BASIL and UCI dev sets: B-cubed F1 and articles/s. The baselines are *single pass* (each
   article, in the same date order storyline sees, joins the most similar centroid if the cosine
   clears a threshold, else opens a new cluster) and *average link* (``AgglomerativeClustering`` on
   cosine distances, cut at a threshold). Both TF-IDF models are fitted on the whole set up front
   (storyline only sees running document frequencies). Each baseline threshold is chosen on the very
   set it is scored on ("oracle", an optimistic upper bound) and, like storyline's single default, one
   threshold for all three sets ("global").
2. ``robust``: the same systems on random halves of the gold events of each set (whole events are
   resampled, without replacement: a bootstrap with replacement would plant exact copies of a whole
   event as a "different" event; for ECB+ whole topics, so that each event keeps its same-topic hard
   negative, as in ECB+'s held-out split). Baselines keep their full-set oracle thresholds.
3. ``mixed``: a dense mixed stream: dev UCI headlines plus the ECB+ and BASIL headlines re-dated at random
   into UCI's window (see :func:`mixed_stream`), storyline vs the TF-IDF baselines at their best threshold.
4. ``scale``: a synthetic stream built from the dev texts (``../shared/datasets``, read at run time):
   each story takes a window of consecutive sentences of one dev text, gives it invented names and
   numbers of its own, and is covered by near-copies, rewrites and trimmed copies over a few days
   (about 1,500 articles a day, so 1M articles span about two years). Each size runs in a fresh
   process so that its peak RSS is its own; only :meth:`StoryClusterer.add` is timed (generation is
   not). Reported: articles/s, peak RSS, time per article relative to the 10k run, and within the run
   the last 10k articles relative to the first 10k.

``--write`` replaces (or appends) the ``## Stories`` section of ``benchmarks/RESULTS.md`` only.

    python benchmarks/stories.py --write                 # everything (1M: ~10 min CPU, 18 min wall on a busy box)
    python benchmarks/stories.py --parts dev,robust,mixed   # quality only
    python benchmarks/stories.py --scale-run 100000      # one scaling run, JSON on stdout
"""

from __future__ import annotations

import argparse
import datetime as dt
import heapq
import json
import os
import platform
import random
import re
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from storyline.eval.metrics import bcubed
from storyline.eval.stories import load_labelled, score_stories
from storyline.stories.cluster import StoryClusterer, StoryDoc

HERE = Path(__file__).resolve().parent
DATASETS = HERE.parent.parent / "shared" / "datasets"
DEV: dict[str, tuple[str, dict[str, str]]] = {
    "ECB+": ("ecbplus_event_clusters/documents.jsonl",
             {"text_field": "text", "label_field": "event_cluster", "title_field": "title",
              "date_field": "date", "id_field": "doc_id"}),
    "BASIL": ("basil_event_triplets/documents.jsonl",
              {"text_field": "text", "label_field": "event_id", "title_field": "title",
               "date_field": "date", "id_field": "doc_id"}),
    "UCI": ("uci_news_aggregator_sample/articles.jsonl",
            {"text_field": "title", "label_field": "story", "date_field": "timestamp", "id_field": "id"}),
}
THETAS = [0.01, 0.02, 0.03, 0.04] + [round(x, 3) for x in np.arange(0.05, 0.801, 0.025)]


# -- TF-IDF baselines (scikit-learn) ----------------------------------------------------------------
def tfidf(docs: list[StoryDoc]) -> Any:
    """L2-normalised TF-IDF rows (sublinear TF, English stop words) of title + text, fitted on ``docs``."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [f"{d.title}. {d.text}" if d.title and not d.text.startswith(d.title[:60]) else d.text
             for d in docs]
    return TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts).tocsr()


def single_pass(x: Any, theta: float) -> list[int]:
    """Classic single-pass clustering: join the nearest centroid (cosine >= theta) or start a cluster."""
    n, v = x.shape
    sums = np.zeros((min(n, 64), v), dtype=np.float64)
    norms: list[float] = []
    labels: list[int] = []
    for i in range(n):
        row = x.getrow(i)
        k = len(norms)
        if k:
            sims = sums[:k, row.indices] @ row.data / np.sqrt(norms)
            best = int(np.argmax(sims))
            if sims[best] >= theta:
                sums[best, row.indices] += row.data
                norms[best] = float(sums[best] @ sums[best])
                labels.append(best)
                continue
        if k == sums.shape[0]:
            sums = np.vstack([sums, np.zeros_like(sums)])
        sums[k, row.indices] = row.data
        norms.append(max(float(row.data @ row.data), 1e-12))  # an all-stop-word text has no terms
        labels.append(k)
    return labels


def average_link(x: Any, theta: float) -> list[int]:
    """Average-link agglomerative clustering on cosine distance, cut where similarity drops below theta."""
    from sklearn.cluster import AgglomerativeClustering

    if x.shape[0] < 2:
        return [0] * x.shape[0]
    dist = np.clip(1.0 - (x @ x.T).toarray(), 0.0, 2.0)
    model = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="average",
                                    distance_threshold=1.0 - theta)
    return model.fit_predict(dist).tolist()


BASELINES = {"TF-IDF single pass": single_pass, "TF-IDF average link": average_link}


def _f1(pred: list[int], gold: list[str]) -> float:
    return bcubed(pred, gold)[2]


def tune(x: Any, gold: list[str]) -> dict[str, dict[float, float]]:
    """B-cubed F1 of each baseline at every threshold of the grid."""
    return {name: {t: _f1(fn(x, t), gold) for t in THETAS} for name, fn in BASELINES.items()}


def load_dev() -> dict[str, tuple[list[StoryDoc], list[str]]]:
    """The three dev sets as (articles in stream order, gold labels); absent files are left out."""
    out = {}
    for name, (rel, fields) in DEV.items():
        if (DATASETS / rel).is_file():
            docs, gold, _ = load_labelled(DATASETS / rel, **fields)
            out[name] = (docs, gold)
    if not out:
        raise SystemExit(f"no dev datasets under {DATASETS}")
    return out


Data = dict[str, tuple[list[StoryDoc], list[str]]]


def dev_part(data: Data) -> tuple[list[dict[str, Any]], dict[str, dict[str, float]]]:
    """Side-by-side rows for the dev sets, and the oracle baseline thresholds per set."""
    rows: list[dict[str, Any]] = []
    grids: dict[str, dict[str, dict[float, float]]] = {}
    for name, (docs, gold) in data.items():
        r = score_stories(docs, gold)
        rows.append({"set": name, "system": "storyline (default config)", "f1": r["bcubed_f1"],
                     "threshold": "", "docs_per_s": round(len(docs) / r["seconds"])})
        t0 = time.perf_counter()
        x = tfidf(docs)
        fit_s = time.perf_counter() - t0
        grids[name] = tune(x, gold)
        for bname, fn in BASELINES.items():
            best = max(grids[name][bname], key=lambda t: (grids[name][bname][t], -t))
            t0 = time.perf_counter()
            fn(x, best)
            secs = time.perf_counter() - t0 + fit_s
            rows.append({"set": name, "system": f"{bname}, oracle threshold",
                         "f1": round(grids[name][bname][best], 4), "threshold": best,
                         "docs_per_s": round(len(docs) / secs)})
    oracle: dict[str, dict[str, float]] = {}
    for bname in BASELINES:
        glob = max(THETAS, key=lambda t: (statistics.fmean(grids[s][bname][t] for s in grids), -t))
        for name in grids:
            rows.append({"set": name, "system": f"{bname}, one global threshold",
                         "f1": round(grids[name][bname][glob], 4), "threshold": glob, "docs_per_s": ""})
        for name in grids:
            oracle.setdefault(name, {})[bname] = max(grids[name][bname], key=lambda t: (grids[name][bname][t], -t))
    order = {n: i for i, n in enumerate(data)}
    rows.sort(key=lambda r: order[r["set"]])
    return rows, oracle


# ECB+ is split by topic (each topic holds two events of one kind, hard negatives of each other; the
# held-out split is topics 36-45), so its halves keep both events of a topic together.
UNIT = {"ECB+": lambda label: label.split("_")[0]}


def half_events(docs: list[StoryDoc], gold: list[str], rng: random.Random,
                unit: Any = None) -> tuple[list[StoryDoc], list[str]]:
    """Keep the articles of a random half of the gold events, or of the ``unit`` groups of events."""
    unit = unit or (lambda label: label)
    groups = sorted({unit(g) for g in gold})
    keep = set(rng.sample(groups, max(1, len(groups) // 2)))
    idx = [i for i, g in enumerate(gold) if unit(g) in keep]
    return [docs[i] for i in idx], [gold[i] for i in idx]


def robust_part(data: Data, oracle: dict[str, dict[str, float]],
                repeats: int, seed: int = 11) -> list[dict[str, Any]]:
    """Storyline and the baselines on ``repeats`` random halves of the events of each dev set."""
    rows = []
    for name, (docs, gold) in data.items():
        rng = random.Random(f"{seed}-{name}")
        scores: dict[str, list[float]] = {"storyline": [], **{b: [] for b in BASELINES}}
        for _ in range(repeats):
            sd, sg = half_events(docs, gold, rng, UNIT.get(name))
            scores["storyline"].append(score_stories(sd, sg)["bcubed_f1"])
            x = tfidf(sd)
            for bname, fn in BASELINES.items():
                scores[bname].append(_f1(fn(x, oracle[name][bname]), sg))
        best_base = [max(scores[b][i] for b in BASELINES) for i in range(repeats)]
        diffs = [s - b for s, b in zip(scores["storyline"], best_base, strict=True)]
        for system, vals in scores.items():
            row = {"set": name, "system": system if system == "storyline" else f"{system} (oracle thr.)",
                   "mean": round(statistics.fmean(vals), 4), "sd": round(statistics.stdev(vals), 4),
                   "min": round(min(vals), 4), "max": round(max(vals), 4)}
            if system == "storyline":
                row["wins vs best baseline"] = f"{sum(d > 0 for d in diffs)}/{repeats}"
                row["mean diff"] = round(statistics.fmean(diffs), 4)
                row["min diff"] = round(min(diffs), 4)
            rows.append(row)
    return rows


# -- synthetic stream from the dev texts --------------------------------------------------------------
_SOURCES = [
    ("ecbplus_event_clusters/documents.jsonl", "text"),
    ("basil_event_triplets/documents.jsonl", "text"),
    ("fnc1_stance/bodies.jsonl", "text"),
]
_SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")
_CAP = re.compile(r"(?<=[a-z,;] )[A-Z][a-z]{2,}")
_NUM = re.compile(r"\d+")
_SYLLABLES = ["ka", "ro", "vel", "min", "tor", "sa", "lei", "dun", "bra", "qui", "ost", "mar", "ne", "zil",
              "pha", "gor", "ith", "lan", "um", "ser", "ta", "bek", "ov", "ari"]


def load_pool() -> list[list[str]]:
    """Dev texts split into sentences (texts with at least six sentences of five words or more)."""
    pool: list[list[str]] = []
    for rel, fld in _SOURCES:
        path = DATASETS / rel
        if not path.exists():
            continue
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                text = json.loads(line).get(fld) or ""
                sents = [s.strip() for s in _SENT.split(text.replace("\n", " ")) if len(s.split()) >= 5]
                if len(sents) >= 6:
                    pool.append(sents)
    if not pool:
        raise SystemExit(f"no dev datasets under {DATASETS}")
    return pool


def _name(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def _edit_words(text: str, share: float, rng: random.Random, vocab: list[str]) -> str:
    # Substitutes are running words of the dev texts (so drawn by corpus frequency), not a fixed list
    # of fillers that would become glue terms shared by unrelated rewrites.
    words = text.split()
    for i in range(len(words)):
        if rng.random() < share:
            words[i] = rng.choice(vocab)
    return " ".join(words)


def synthetic_stream(n: int, sentences: int = 4, seed: int = 7,
                     per_day: int = 1500) -> Iterator[tuple[StoryDoc, int, int]]:
    """Yield ``n`` (article, gold story, source dev text) triples in publication order.

    A story is a window of ``sentences`` consecutive sentences of one dev text in which every
    capitalised mid-sentence word is replaced by an invented name and every number by a random one,
    both fixed per story (so stories drawn from the same dev text are different events with the same
    wording, as in follow-ups of a template story). Its 1-12 articles (mean ~4) are the original,
    near-copies (6 % of words replaced by random corpus words), rewrites (sentences dropped and
    reordered, 20 % of words replaced) and trimmed copies, published over about three days.
    """
    rng = random.Random(seed)
    pool = load_pool()
    vocab = [w for sents in pool[::7] for s in sents for w in s.lower().split()]
    start = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    made = story = 0
    clock = 0.0
    heap: list[tuple[dt.datetime, int, StoryDoc, int, int]] = []
    while made < n:
        src = rng.randrange(len(pool))
        sents = pool[src]
        k0 = rng.randrange(0, len(sents) - sentences + 1) if len(sents) > sentences else 0
        names: dict[str, str] = {}

        def rename(m: re.Match[str], names: dict[str, str] = names) -> str:
            return names.setdefault(m.group(), _name(rng))

        base = [_NUM.sub(lambda _m: str(rng.randint(2, 999)), _CAP.sub(rename, s))
                for s in sents[k0:k0 + sentences]]
        size = min(12, max(1, int(rng.expovariate(1 / 3.5)) + 1))
        clock += size / per_day
        t0 = start + dt.timedelta(days=clock)
        for k in range(size):
            kind = "orig" if k == 0 else rng.choice(["copy", "rewrite", "rewrite", "trim"])
            if kind == "orig":
                body = list(base)
            elif kind == "copy":
                body = [_edit_words(s, 0.06, rng, vocab) for s in base]
            elif kind == "trim":
                body = base[: max(2, len(base) // 2)]
            else:
                body = [s for s in base if rng.random() > 0.3] or base[:2]
                rng.shuffle(body)
                body = [_edit_words(s, 0.2, rng, vocab) for s in body]
            when = t0 + dt.timedelta(hours=rng.expovariate(1 / 30)) if k else t0
            doc = StoryDoc(f"a{made}", body[0][:90], " ".join(body), when)
            heapq.heappush(heap, (when, made, doc, story, src))
            made += 1
            if made >= n:
                break
        story += 1
        while heap and heap[0][0] <= t0:  # nothing later can be published before t0
            yield heapq.heappop(heap)[2:]
    while heap:
        yield heapq.heappop(heap)[2:]


def _rss_mb() -> float:
    # VmHWM, not ru_maxrss: a child's ru_maxrss starts from its parent's peak at fork time.
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def scale_run(n: int, sentences: int, batch: int = 10_000, config: dict[str, Any] | None = None) -> dict[str, Any]:
    """Stream ``n`` synthetic articles through one clusterer (``config``: StoryConfig overrides); time ``add``."""
    from storyline.stories.cluster import StoryConfig

    stream = synthetic_stream(n, sentences)
    clusterer = StoryClusterer(StoryConfig(**(config or {})))
    gold: list[int] = []
    ids: list[str] = []
    words = 0
    times: list[tuple[int, float, float]] = []  # (articles, wall s, CPU s) per batch
    rss_before = None
    while len(gold) < n:
        docs = []
        for doc, sid, _ in stream:
            docs.append(doc)
            gold.append(sid)
            ids.append(doc.id)
            words += len(doc.text.split())
            if len(docs) == batch:
                break
        if not docs:
            break
        if rss_before is None:
            rss_before = _rss_mb()
        t0, c0 = time.perf_counter(), time.process_time()
        clusterer.add(docs)
        times.append((len(docs), time.perf_counter() - t0, time.process_time() - c0))
    seconds = sum(t[1] for t in times)
    cpu = sum(t[2] for t in times)
    story_of = {d: s for s, members in clusterer.stories().items() for d in members}
    f1 = bcubed([story_of[d] for d in ids], gold)[2]
    return {
        "n": len(gold), "sentences": sentences, "mean_words": round(words / len(gold), 1),
        "seconds": round(seconds, 1), "docs_per_s": round(len(gold) / seconds),
        "cpu_seconds": round(cpu, 1), "us_per_doc": round(cpu / len(gold) * 1e6, 1),
        "first_batch_us": round(times[0][2] / times[0][0] * 1e6, 1),
        "last_batch_us": round(times[-1][2] / times[-1][0] * 1e6, 1),
        "peak_rss_mb": round(_rss_mb()), "rss_before_mb": round(rss_before or 0),
        "active": clusterer.active_count(), "stories": len(clusterer.stories()),
        "gold_stories": len(set(gold)), "bcubed_f1": round(f1, 4),
    }


def synthetic_quality(n: int, sentences: int) -> list[dict[str, Any]]:
    """B-cubed F1 and articles/s on the first ``n`` synthetic articles: storyline and the TF-IDF baselines."""
    trip = list(synthetic_stream(n, sentences))
    docs, gold = [t[0] for t in trip], [str(t[1]) for t in trip]
    rows = []
    # Speed in articles per CPU-second of this process (the machine is shared; wall time swings with
    # its load), the baselines including their TF-IDF fit.
    c0 = time.process_time()
    r = score_stories(docs, gold)
    cpu = time.process_time() - c0
    rows.append({"system": "storyline (default config)", "f1": r["bcubed_f1"], "precision": r["bcubed_precision"],
                 "recall": r["bcubed_recall"], "clusters": r["n_pred_clusters"], "threshold": "",
                 "articles/s": round(len(docs) / r["seconds"]), "articles/CPU-s": round(len(docs) / cpu)})
    t0, c0 = time.perf_counter(), time.process_time()
    x = tfidf(docs)
    fit_s, fit_cpu = time.perf_counter() - t0, time.process_time() - c0
    for name, fn, thetas in (("TF-IDF single pass", single_pass, (0.3, 0.4)),
                             ("TF-IDF average link", average_link, (0.2, 0.3, 0.4, 0.5))):
        for theta in thetas:
            t0, c0 = time.perf_counter(), time.process_time()
            pred = fn(x, theta)
            secs, cpu = time.perf_counter() - t0 + fit_s, time.process_time() - c0 + fit_cpu
            p, r_, f = bcubed(pred, gold)
            rows.append({"system": name, "f1": round(f, 4), "precision": round(p, 4), "recall": round(r_, 4),
                         "clusters": len(set(pred)), "threshold": theta, "articles/s": round(len(docs) / secs),
                         "articles/CPU-s": round(len(docs) / cpu)})
    rows.append({"system": "(gold)", "clusters": len(set(gold))})
    return rows


def mixed_stream(data: Data, seed: int = 5) -> tuple[list[StoryDoc], list[str]]:
    """Dev UCI headlines mixed with the ECB+ and BASIL headlines re-dated into UCI's window (a dense day).

    Every ECB+/BASIL article becomes a headline-only article at a random time within the first and last
    UCI timestamp; gold labels stay per set (prefixed, so sets never share a label).
    """
    rng = random.Random(seed)
    udocs, ugold = data["UCI"]
    times = [d.published for d in udocs if d.published]
    lo, hi = min(times).timestamp(), max(times).timestamp()
    docs = list(udocs)
    gold = [f"uci:{g}" for g in ugold]
    for name in ("ECB+", "BASIL"):
        if name not in data:
            continue
        for d, g in zip(*data[name], strict=True):
            if not d.title.strip():
                continue
            when = dt.datetime.fromtimestamp(rng.uniform(lo, hi), dt.UTC)
            docs.append(StoryDoc(f"{name}:{d.id}", "", d.title, when))
            gold.append(f"{name}:{g}")
    order = sorted(range(len(docs)), key=lambda i: (docs[i].published, i))
    return [docs[i] for i in order], [gold[i] for i in order]


def mixed_part(data: Data) -> list[dict[str, Any]]:
    """storyline vs TF-IDF single pass / average link (every threshold of the grid; best shown) on the mix."""
    docs, gold = mixed_stream(data)
    r = score_stories(docs, gold)
    rows = [{"system": "storyline (default config)", "f1": r["bcubed_f1"], "precision": r["bcubed_precision"],
             "recall": r["bcubed_recall"], "threshold": "", "articles": len(docs)}]
    x = tfidf(docs)
    for name, fn in BASELINES.items():
        grid = {t: bcubed(fn(x, t), gold) for t in THETAS}
        best = max(grid, key=lambda t: grid[t][2])
        p, r_, f = grid[best]
        rows.append({"system": f"{name}, best threshold on this stream", "f1": round(f, 4),
                     "precision": round(p, 4), "recall": round(r_, 4), "threshold": best, "articles": len(docs)})
    return rows


def scale_part(sizes: list[int], sentences: int, config: str = "{}") -> list[dict[str, Any]]:
    """Run :func:`scale_run` for each size in a fresh interpreter (own peak RSS)."""
    out = []
    for n in sizes:
        proc = subprocess.run([sys.executable, __file__, "--scale-run", str(n), "--sentences", str(sentences),
                               "--config", config], capture_output=True, text=True, check=True)
        out.append(json.loads(proc.stdout.strip().splitlines()[-1]))
        print(f"  scale {n}: {out[-1]}", file=sys.stderr, flush=True)
    return out


# -- output -----------------------------------------------------------------------------------------------
def table(rows: list[dict[str, Any]], cols: list[str] | None = None) -> str:
    """Markdown table of ``rows`` (columns: the keys of the first row unless given)."""
    cols = cols or list(rows[0])
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for r in rows:
        lines.append("| " + " | ".join(str(r.get(c, "")) for c in cols) + " |")
    return "\n".join(lines)


def scale_table(runs: list[dict[str, Any]]) -> str:
    """Scaling rows with the time per article relative to the smallest run."""
    base = runs[0]["us_per_doc"]
    rows = [{"articles": f"{r['n']:,}", "mean words": r["mean_words"], "wall s (add only)": r["seconds"],
             "articles/s (wall)": f"{r['docs_per_s']:,}", "CPU s": r["cpu_seconds"],
             "CPU µs/article": r["us_per_doc"], f"x {runs[0]['n']:,} run (CPU)": round(r["us_per_doc"] / base, 2),
             "last/first 10k batch (CPU)": round(r["last_batch_us"] / r["first_batch_us"], 2),
             "peak RSS MB": r["peak_rss_mb"], "RSS before MB": r["rss_before_mb"],
             "active stories": f"{r['active']:,}", "stories": f"{r['stories']:,}",
             "gold stories": f"{r['gold_stories']:,}", "B-cubed F1": r["bcubed_f1"]} for r in runs]
    return table(rows)


def write_results(section: str) -> None:
    """Replace (or append) the ``## Stories`` section of RESULTS.md, keeping the other sections."""
    from benchlib import write_section

    write_section("Stories", section)


def main() -> None:
    """Parse arguments, run the requested parts, print (and optionally write) the tables."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--parts", default="dev,robust,mixed,scale", help="comma list of dev, robust, mixed, scale")
    ap.add_argument("--repeats", type=int, default=30, help="random event halves per dev set")
    ap.add_argument("--sizes", default="10000,100000,1000000", help="synthetic stream sizes")
    ap.add_argument("--sentences", type=int, default=4, help="sentences per synthetic story text")
    ap.add_argument("--scale-run", type=int, help="internal: one scaling run of N articles, JSON out")
    ap.add_argument("--config", default="{}", help="JSON StoryConfig overrides for the scaling runs")
    ap.add_argument("--write", action="store_true", help="update the ## Stories section of RESULTS.md")
    ap.add_argument("--quick", action="store_true",
                    help="the quick version for make bench: mixed stream and scaling at 5,000 / 20,000 articles")
    args = ap.parse_args()
    if args.scale_run:
        print(json.dumps(scale_run(args.scale_run, args.sentences, config=json.loads(args.config))))
        return
    if args.quick:
        args.parts, args.sizes = "mixed,scale", "5000,20000"
    parts = set(args.parts.split(","))
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    machine = (f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
               "one process (single core)")
    extra = (f" --config '{args.config}'" if args.config != "{}" else "") + (" --write" if args.write else "")
    out = [f"Measured {when} on {machine}. Reproduce: `.venv/bin/python benchmarks/stories.py "
           f"--parts {args.parts} --repeats {args.repeats} --sizes {args.sizes} --sentences {args.sentences}"
           f"{extra}`. Near-duplicate detection vs datasketch: see [Near-duplicates](#near-duplicates)."]
    oracle = None
    if parts & {"dev", "robust", "mixed"}:
        data = load_dev()
    if "mixed" in parts:
        out.append("**Dense mixed stream**: dev UCI headlines with the ECB+ and BASIL headlines re-dated at random "
                   "into UCI's 1.5-day window (B-cubed F1; baselines at the best threshold of the grid on this "
                   "very stream, an optimistic bound):\n\n"
                   + table(mixed_part(data), ["system", "f1", "precision", "recall", "threshold", "articles"]))
        print(out[-1], flush=True)
    if parts & {"dev", "robust"}:
        rows, oracle = dev_part(data)
        if "dev" in parts:
            out.append("**Dev sets** (B-cubed F1; articles/s on one core, baselines include the TF-IDF fit; "
                       "oracle = threshold picked on the scored set itself, global = one threshold "
                       "for all three sets, as storyline has one default config):\n\n"
                       + table(rows, ["set", "system", "f1", "threshold", "docs_per_s"]))
            print(out[-1], flush=True)
        if "robust" in parts:
            rrows = robust_part(data, oracle, args.repeats)
            out.append(f"**Robustness**: {args.repeats} random halves of the gold events of each dev set "
                       "(whole events resampled without replacement, for ECB+ whole topics, i.e. both events of a "
                       "topic, as in its held-out split; B-cubed F1 over the subsets; "
                       "baselines keep their full-set oracle thresholds; wins/diff are per subset against "
                       "the better of the two baselines on that subset):\n\n"
                       + table(rrows, ["set", "system", "mean", "sd", "min", "max", "wins vs best baseline",
                                       "mean diff", "min diff"]))
            print(out[-1], flush=True)
    if "scale" in parts:
        runs = scale_part([int(s) for s in args.sizes.split(",")], args.sentences, args.config)
        big, small = runs[-1], runs[0]
        qrows = synthetic_quality(runs[0]["n"], args.sentences)
        out.append(f"**Scaling**: synthetic stream from the dev texts ({args.sentences} sentences per story "
                   "text, so short articles; ~1,500 articles a day; see the module docstring"
                   + (f"; StoryConfig overrides `{args.config}`" if args.config != "{}" else "; default config")
                   + "). Each size in "
                   "a fresh process; only `StoryClusterer.add` is timed, in wall time and in CPU time of the process "
                   "(the ratios use CPU time: the machine is shared). CPU time per article at "
                   f"{big['n']:,} vs {small['n']:,}: **{big['us_per_doc'] / small['us_per_doc']:.2f}x** "
                   "(goal <= 1.5).\n\n" + scale_table(runs)
                   + f"\n\nQuality on the first {runs[0]['n']:,} synthetic articles (B-cubed F1 against the "
                   "synthetic stories; the stream is dense, about 385 new stories a day, and stories "
                   "drawn from the same dev text share their wording):\n\n"
                   + table(qrows, ["system", "f1", "precision", "recall", "clusters", "threshold", "articles/s",
                                   "articles/CPU-s"]))
        print(out[-1], flush=True)
    section = "\n\n".join(out)
    if args.write:
        write_results(section)


if __name__ == "__main__":
    main()
