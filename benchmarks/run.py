"""Whole-run benchmark: `storyline run` end to end as a user runs it (a subprocess), with
wall time, CPU time (this process's waited-for children: analysis workers are not counted), and peak
memory of the run's process tree (main process + analysis workers, sampled with psutil): RSS summed (counts
pages shared between processes once per process) and PSS summed (shared pages split between the processes).

Two parts:

* ``incremental``: the real pages of ``../shared/datasets/realworld_pages`` plus the seeds, run once
  from an empty store, run again with nothing new, and run again with one new article. Issue #9's goal:
  the second run takes at most a quarter of the first, and the third re-analyses one story.
* ``memory``: an N-article mix of the dev datasets (ECB+, BASIL, NeuS, FNC-1 bodies, UCI headlines,
  cycled with a variant tag when N is larger than the pool), run from an empty store. Goal: peak RSS
  summed over processes under 600 MB at 5,000 articles.

* ``throughput`` (issue 15): the same mix at ``--sizes`` (default 2,000), this code and ``--baseline`` (a
  git revision, exported and run in the same session), each best of ``--runs``: articles per CPU-second,
  CPU per article and peak RSS. CPU is exact with ``workers = 1`` (the run is one process, so
  ``getrusage(RUSAGE_CHILDREN)`` holds all of it); with 2 workers it also sums the workers' CPU times,
  sampled every 0.1 s with psutil (forkserver workers are not this process's children).

* ``scaling`` (issue 15, "cost per article flat 2k -> 10k"): ``storyline run`` at ``--sizes`` on the dev mix
  with news-sized stories (:func:`storyline.eval.devmix.write_dev_mix` with ``lap_days=365``; the
  throughput mix above cycles the pool, so its copies turn into near-duplicates past its size), default
  workers: CPU of the whole process tree per article and peak RSS.

    .venv/bin/python benchmarks/run.py --parts incremental,memory --n 5000
    .venv/bin/python benchmarks/run.py --parts scaling --sizes 2000,10000
    .venv/bin/python benchmarks/run.py --parts throughput --sizes 2000,10000 --baseline 7a43823 --runs 3
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
DATASETS = SHARED / "datasets"


def measure(cmd: list[str], env: dict[str, str] | None = None) -> dict[str, float]:
    """Run ``cmd``; wall seconds, CPU seconds of the run and its children, peak summed RSS (MB)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = main_peak = pss_peak = 0.0
    cpu_seen: dict[int, float] = {}  # pid -> last CPU seconds seen (user + system)
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak, main_peak, pss_peak
        try:
            root = psutil.Process(proc.pid)
        except psutil.NoSuchProcess:
            return
        while not stop.is_set():
            total = pss = 0
            try:
                for p in [root, *root.children(recursive=True)]:
                    try:
                        info = p.memory_full_info()  # PSS shares pages between the processes that map them
                        total += info.rss
                        t = p.cpu_times()
                        cpu_seen[p.pid] = t.user + t.system
                        pss += info.pss
                    except (psutil.NoSuchProcess, psutil.AccessDenied):
                        pass
            except psutil.NoSuchProcess:
                break
            peak = max(peak, total / 1e6)
            pss_peak = max(pss_peak, pss / 1e6)
            try:
                main_peak = max(main_peak, root.memory_info().rss / 1e6)
            except psutil.NoSuchProcess:
                break
            time.sleep(0.1)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    out, err = proc.communicate()
    stop.set()
    thread.join()
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 3):
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err[-3000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    sampled = sum(v for pid, v in cpu_seen.items() if pid != proc.pid)  # workers and the fork server
    return {"wall": wall, "cpu": cpu, "tree_cpu": cpu + sampled, "peak_mb": peak, "pss_peak_mb": pss_peak,
            "main_peak_mb": main_peak,
            "exit": proc.returncode,
            "stderr": err}


def storyline(*args: str) -> list[str]:
    return [sys.executable, "-m", "storyline.cli", *args]


def incremental(work: Path) -> list[str]:
    pages = DATASETS / "realworld_pages" / "pages"
    seeds = SHARED / "seeds"
    db, out = work / "inc.db", work / "inc-out"
    first = measure(storyline("run", str(pages), str(seeds), "--db", str(db), "--out", str(out), "--quiet"))
    again = measure(storyline("run", str(pages), str(seeds), "--db", str(db), "--out", str(out), "--quiet"))
    extra = work / "extra"
    extra.mkdir()
    src = sorted(seeds.iterdir())[0].read_text(encoding="utf-8")
    (extra / "one-more.txt").write_text(src.replace("Thursday", "Friday") + "\nThe letter was updated on Friday.\n",
                                        encoding="utf-8")
    plus = measure(storyline("run", str(pages), str(seeds), str(extra), "--db", str(db), "--out", str(out), "--quiet"))
    report = json.loads((out / "report.json").read_text())
    ratio = again["wall"] / first["wall"]
    return [
        "| run | wall s | CPU s | peak RSS (MB, all processes) | stories analysed / reused |",
        "|---|---|---|---|---|",
        f"| first run, empty store ({len(report['articles'])} articles) | {first['wall']:.1f} | {first['cpu']:.1f} | "
        f"{first['peak_mb']:.0f} | all |",
        f"| same command again, nothing new | {again['wall']:.1f} | {again['cpu']:.1f} | {again['peak_mb']:.0f} | "
        f"0 / all |",
        f"| again with one new article | {plus['wall']:.1f} | {plus['cpu']:.1f} | {plus['peak_mb']:.0f} | "
        f"{report['run']['analysed']} / {report['run']['reused']} |",
        "",
        f"rerun / first run (wall): **{ratio:.3f}** (goal ≤ 0.25)",
    ]


def _pool() -> list[dict[str, str]]:
    docs: list[dict[str, str]] = []

    def rows(path: Path):
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    yield json.loads(line)

    for r in rows(DATASETS / "ecbplus_event_clusters" / "documents.jsonl"):
        docs.append({"title": r.get("title") or "", "text": r["text"]})
    for r in rows(DATASETS / "basil_event_triplets" / "documents.jsonl"):
        docs.append({"title": r.get("title") or "", "text": r["text"], "published": r.get("date") or ""})
    for r in rows(DATASETS / "neus_allsides_mds" / "clusters.jsonl"):
        docs.extend({"title": d.get("title") or "", "text": d["text"]} for d in r.get("documents", []))
    for r in rows(DATASETS / "fnc1_stance" / "bodies.jsonl"):
        docs.append({"title": "", "text": r["text"]})
    for r in rows(DATASETS / "uci_news_aggregator_sample" / "articles.jsonl"):
        docs.append({"title": r["title"], "text": r["title"]})
    return [d for d in docs if len(d["text"]) >= 40]


def write_mix(work: Path, n: int, pool: list[dict[str, str]]) -> Path:
    """An ``n``-article JSONL mix of the dev pool (cycled with a variant tag past its size)."""
    mix = work / f"mix{n}.jsonl"
    with mix.open("w", encoding="utf-8") as fh:
        for i in range(n):
            d = dict(pool[i % len(pool)])
            if i >= len(pool):  # a second pass: a variant, so it is a near-copy, not the same article
                d["text"] = d["text"] + f" (Updated edition {i // len(pool)}.)"
            d["id"] = f"mix{i}"
            fh.write(json.dumps(d, ensure_ascii=False) + "\n")
    return mix


def throughput(work: Path, sizes: list[int], runs: int, baseline: str) -> list[str]:
    """Articles per CPU-second of ``storyline run`` on the dev mix, this code vs ``baseline``, 1 and 2 workers."""
    pool = _pool()
    codes: list[tuple[str, dict[str, str]]] = [("this code", {**os.environ, "PYTHONPATH": str(REPO / "src")})]
    if baseline:
        base = work / "baseline"
        base.mkdir()
        archive = subprocess.run(["git", "-C", str(REPO), "archive", baseline, "src"], check=True,
                                 capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(base)], input=archive, check=True)
        codes.append((f"baseline {baseline}", {**os.environ, "PYTHONPATH": str(base / "src")}))
    lines = ["| articles | code | workers | articles per CPU-s | CPU ms per article | CPU s (all runs) | "
             "wall s | peak RSS summed MB | main RSS MB |", "|---|---|---|---|---|---|---|---|---|"]
    for n in sizes:
        mix = write_mix(work, n, pool)
        for workers in ("1", "2"):
            for name, env in codes:
                results = []
                for k in range(runs):
                    db, out = work / f"t{n}-{workers}-{k}.db", work / f"t{n}-{workers}-{k}-out"
                    env_w = {**env, "STORYLINE_ANALYSIS_WORKERS": workers}
                    results.append(measure(storyline("run", str(mix), "--db", str(db), "--out", str(out),
                                                     "--quiet"), env=env_w))
                    shutil.rmtree(out, ignore_errors=True)
                    db.unlink(missing_ok=True)
                best = min(results, key=lambda r: r["tree_cpu"])
                cpu = best["tree_cpu"]
                every = ", ".join(f"{r['tree_cpu']:.1f}" for r in results)
                lines.append(f"| {n:,} | {name} | {workers} | **{n / cpu:.1f}** | {1000 * cpu / n:.1f} | "
                             f"{every} | {best['wall']:.1f} | "
                             f"{best['peak_mb']:.0f} | {best['main_peak_mb']:.0f} |")
                print(lines[-1], flush=True)
    return lines


def memory(work: Path, n: int) -> list[str]:
    pool = _pool()
    mix = write_mix(work, n, pool)
    lines = ["| articles | workers | wall s | peak RSS summed (MB) | peak PSS summed (MB) | main process RSS (MB) |",
             "|---|---|---|---|---|---|"]
    for workers in ("1", "2"):
        env = {**os.environ, "STORYLINE_ANALYSIS_WORKERS": workers}
        db, out = work / f"mem{workers}.db", work / f"mem{workers}-out"
        r = measure(storyline("run", str(mix), "--db", str(db), "--out", str(out), "--quiet"), env=env)
        lines.append(f"| {n:,} | {workers} | {r['wall']:.1f} | {r['peak_mb']:.0f} | {r['pss_peak_mb']:.0f} | "
                     f"{r['main_peak_mb']:.0f} |")
    lines.append("")
    lines.append(f"mix: {len(pool):,} distinct dev articles, cycled with a variant tag past that")
    return lines


def scaling(work: Path, sizes: list[int]) -> list[str]:
    """CPU per article (process tree) and peak RSS of ``storyline run`` on the news-sized dev mix at each size."""
    from storyline.eval.devmix import write_dev_mix

    lines = ["| articles | tree CPU s | ms CPU per article | x first size | peak RSS MB (summed) | wall s |",
             "|---|---|---|---|---|---|"]
    first = 0.0
    for n in sizes:
        folder = work / f"devmix{n}"
        write_dev_mix(DATASETS, folder, n, files=4, lap_days=365)
        r = measure(storyline("run", str(folder), "--db", str(work / f"scale{n}.db"), "--out",
                              str(work / f"scale{n}"), "--quiet"))
        per = r["tree_cpu"] / n * 1000
        first = first or per
        lines.append(f"| {n:,} | {r['tree_cpu']:.1f} | {per:.1f} | {per / first:.2f} | {r['peak_mb']:.0f} | "
                     f"{r['wall']:.1f} |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--parts", default="incremental,memory")
    parser.add_argument("--n", type=int, default=5000, help="articles in the memory run")
    parser.add_argument("--sizes", default="2000", help="comma list of mix sizes for the throughput part")
    parser.add_argument("--runs", type=int, default=3, help="runs per throughput row (least CPU kept)")
    parser.add_argument("--baseline", default="", help="git revision to compare with in the throughput part")
    args = parser.parse_args()
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    print(f"load average: {os.getloadavg()}; cores: {os.cpu_count()}; {when}")
    work = Path(tempfile.mkdtemp(prefix="storyline-bench-run-"))
    try:
        for part in args.parts.split(","):
            print(f"\n## {part}\n")
            if part == "scaling":
                lines = scaling(work, [int(x) for x in args.sizes.split(",")])
            elif part == "throughput":
                lines = throughput(work, [int(x) for x in args.sizes.split(",")], args.runs, args.baseline)
            else:
                lines = incremental(work) if part == "incremental" else memory(work, args.n)
            print("\n".join(lines))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
