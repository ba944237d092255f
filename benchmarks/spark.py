"""The local engine against the Spark engine (``local[2]``) on N articles made from the dev texts, in the
same run: wall time, CPU time and peak memory of each engine's whole process tree (driver, Spark's JVM,
Python workers, analysis processes; sampled with psutil), the load average around each run, per-stage
seconds and throughput, and a projection of a 10M-article month on a cluster from those stage rates.

    .venv/bin/python benchmarks/spark.py --n 100000 --lap-days 365   # RESULTS.md's 100k row (news-sized stories)
    .venv/bin/python benchmarks/spark.py --n 20000          # RESULTS.md's 20k rows (the original mix)
    .venv/bin/python benchmarks/spark.py --quick            # 5,000 articles (`make bench`)

The corpus is :func:`storyline.eval.devmix.write_dev_mix` (ECB+, BASIL, NeuS, FNC-1 dev texts plus derived
copies and rewrites), written to a temporary folder, never into the repository. Each engine runs in its
own subprocess from an empty store; both reports are compared byte for byte.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import psutil

REPO = Path(__file__).resolve().parents[1]
DATASETS = REPO.parent / "shared" / "datasets"
STAGES = ("ingest", "find_duplicates", "assign_stories", "analyze")


def child(engine: str, inputs: str, out: str, master: str, partitions: int) -> None:
    """Run one engine with every stage timed; print the timings as JSON on the last line."""
    from storyline.config import load_config
    from storyline.engine import Workspace

    times: dict[str, float] = {}
    if engine == "spark":
        from storyline.engine.spark import SparkSettings, SparkWorkspace

        ws: Workspace = SparkWorkspace(Path(out) / "store.db", load_config(),
                                       settings=SparkSettings(master=master, partitions=partitions))
        t0 = time.perf_counter()
        ws.spark  # noqa: B018 - start the session outside the stage timings
        times["session"] = time.perf_counter() - t0
    else:
        ws = Workspace(Path(out) / "store.db", load_config())
    for name in STAGES:
        method = getattr(ws, name)

        def timed(*args: Any, _m: Any = method, _n: str = name, **kw: Any) -> Any:
            t = time.perf_counter()
            try:
                return _m(*args, **kw)
            finally:
                times[_n] = times.get(_n, 0.0) + time.perf_counter() - t

        setattr(ws, name, timed)
    t0 = time.perf_counter()
    result = ws.run([inputs], Path(out) / "report")
    times["run"] = time.perf_counter() - t0
    times["report_and_tables"] = times["run"] - sum(times.get(s, 0.0) for s in STAGES)
    state = ws.store.story_state() or b""
    info = {"times": times, "articles": len(ws.articles()), "stories": len(result.stories),
            "story_state_bytes": len(state), "status": result.status}
    ws.close()
    print(json.dumps(info))


def measure(cmd: list[str]) -> dict[str, Any]:
    """Run ``cmd``: wall seconds, CPU seconds and peak RSS (MB, summed) of its whole process tree."""
    load0 = os.getloadavg()[0]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(REPO / "src")})
    peak = 0.0
    cpu: dict[int, float] = {}
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        root = psutil.Process(proc.pid)
        while not stop.is_set():
            total = 0
            try:
                procs = [root, *root.children(recursive=True)]
            except psutil.NoSuchProcess:
                break
            for p in procs:
                try:
                    total += p.memory_info().rss
                    t = p.cpu_times()
                    cpu[p.pid] = t.user + t.system + t.children_user + t.children_system
                except psutil.NoSuchProcess:
                    pass
            peak = max(peak, total / 2**20)
            stop.wait(0.25)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    stdout, stderr = proc.communicate()
    stop.set()
    thread.join()
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"{cmd[:4]} failed ({proc.returncode}):\n{stderr[-3000:]}")
    info = json.loads(stdout.strip().splitlines()[-1])
    return {**info, "wall": wall, "cpu": sum(cpu.values()), "peak_mb": peak, "load_before": load0,
            "load_after": os.getloadavg()[0]}


def projection(spark: dict[str, Any], n: int, cores: int, target: int = 10_000_000) -> list[str]:
    """Lines projecting ``target`` articles on clusters of 8, 32 and 128 four-core executors."""
    t = spark["times"]
    # Executor stages: measured on `cores` cores here, assumed to scale with cores (no shuffle-bound limit
    # is modelled: band keys are ~40 x 10 bytes per article). Driver stages stay serial.
    map_rate = n / t["ingest"]  # includes the driver storing the articles: an upper bound on driver cost
    dup_rate = n / t["find_duplicates"]
    ana_rate = n / t["analyze"]
    story_rate = n / t["assign_stories"]
    rep_rate = n / max(t["report_and_tables"], 1e-9)
    lines = [f"Measured at {n:,} articles on local[{cores}]: ingest (read+sign in executors, store on the "
             f"driver) {map_rate:,.0f} art/s, near-duplicates {dup_rate:,.0f} art/s, story assignment (driver, "
             f"serial) {story_rate:,.0f} art/s, analysis {ana_rate:,.0f} art/s, report+tables (driver) "
             f"{rep_rate:,.0f} art/s.", "",
             "| executors (4 cores) | executor stages | driver stages (serial) | total |", "|---|---|---|---|"]
    driver = target / story_rate + target / rep_rate
    for execs in (8, 32, 128):
        scale = execs * 4 / cores
        par = target / (map_rate * scale) + target / (dup_rate * scale) + target / (ana_rate * scale)
        lines.append(f"| {execs} | {par / 3600:.1f} h | {driver / 3600:.1f} h | {(par + driver) / 3600:.1f} h |")
    return lines


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=100_000, help="articles (default 100,000)")
    ap.add_argument("--quick", action="store_true", help="5,000 articles")
    ap.add_argument("--master", default="local[2]")
    ap.add_argument("--partitions", type=int, default=0)
    ap.add_argument("--engines", default="local,spark")
    ap.add_argument("--lap-days", type=int, default=0,
                    help="date each round of rewrites this many days earlier (365: news-sized stories at 100k; "
                         "see storyline.eval.devmix.write_dev_mix); 0 = the original mix")
    ap.add_argument("--child", nargs=3, metavar=("ENGINE", "INPUT", "OUT"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(*args.child, args.master, args.partitions)
        return
    n = 5000 if args.quick else args.n
    from storyline.eval.devmix import write_dev_mix

    with tempfile.TemporaryDirectory(prefix="storyline-bench-") as tmp:
        inputs = Path(tmp) / "input"
        write_dev_mix(DATASETS, inputs, n, files=16, lap_days=args.lap_days)
        results: dict[str, dict[str, Any]] = {}
        for engine in args.engines.split(","):
            out = Path(tmp) / engine
            out.mkdir()
            results[engine] = measure([sys.executable, __file__, "--master", args.master, "--partitions",
                                       str(args.partitions), "--child", engine, str(inputs), str(out)])
            print(f"{engine}: {json.dumps(results[engine])}", file=sys.stderr, flush=True)
        same = None
        if len(results) == 2:
            left, right = (Path(tmp) / e / "report" / "report.json" for e in ("local", "spark"))
            same = left.read_bytes() == right.read_bytes()
            if not same:  # keep both for a look, and say which parts differ
                keep = Path(tempfile.mkdtemp(prefix="storyline-bench-mismatch-"))
                shutil.copy(left, keep / "local.json")
                shutil.copy(right, keep / "spark.json")
                a, b = json.loads(left.read_text()), json.loads(right.read_text())
                parts = [k for k in a if a[k] != b.get(k)]
                stories = {s["id"]: s for s in b.get("stories", [])}
                keys = sorted({k for s in a.get("stories", []) for k, v in s.items()
                               if stories.get(s["id"], {}).get(k) != v})
                print(f"reports differ in {parts}, story fields {keys}; kept in {keep}", file=sys.stderr)
    print(f"{n:,} articles (lap days {args.lap_days}); reports identical: {same}\n")
    print("| engine | wall s | CPU s (tree) | peak RSS MB (tree, summed) | load avg before → after | "
          "ingest | dedup | stories | analysis | report+tables |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for engine, r in results.items():
        t = r["times"]
        label = engine if engine == "local" else f"spark {args.master}"
        print(f"| {label} | {r['wall']:.0f} | {r['cpu']:.0f} | {r['peak_mb']:.0f} | {r['load_before']:.1f} → "
              f"{r['load_after']:.1f} | {t['ingest']:.1f} | {t['find_duplicates']:.1f} | {t['assign_stories']:.1f} | "
              f"{t['analyze']:.1f} | {t['report_and_tables']:.1f} |")
    if "spark" in results:
        s = results["spark"]
        print(f"\nspark session start {s['times'].get('session', 0):.1f} s (in wall, not in the stages); story "
              f"clusterer state {s['story_state_bytes'] / n:,.0f} bytes/article "
              f"({s['story_state_bytes'] / n * 1e6 / 2**20:,.0f} MB per million articles)\n")
        inside = args.master.removeprefix("local").strip("[]")
        cores = int(inside) if inside.isdigit() else (os.cpu_count() or 1)
        print("\n".join(projection(s, n, cores)))


if __name__ == "__main__":
    main()
