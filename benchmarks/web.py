"""Load check of ``storyline serve`` beside datasette serving the same SQLite file.

Builds a store of N articles (the dev-dataset mix of ``benchmarks/run.py``) with ``storyline run``, then,
on loopback only, runs C concurrent clients for S seconds against:

* storyline: story pages ``/stories/{id}`` (the full analysis page), their JSON twins, and article pages;
* datasette (the reference: a mature read-only SQLite web app) on the same file: article row pages
  ``/s/articles/{seq}`` and their JSON.

and prints requests/s and p50/p95 latency per system. Issue #13's goal: p95 of story pages under 100 ms
at 10,000 articles. The first request after start builds the served snapshot (the analysis cache is
read, not recomputed); it is timed apart as ``warm-up``.

    .venv/bin/pip install datasette   # the reference; skipped when missing
    .venv/bin/python benchmarks/web.py --n 10000 --clients 20 --seconds 30
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import _pool  # noqa: E402  (the same article mix as the whole-run benchmark)

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(url: str, timeout: float = 1800.0) -> float:
    """Seconds until ``url`` answers 200 (the first request may build the served snapshot)."""
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < timeout:
        try:
            if httpx.get(url, timeout=timeout).status_code == 200:
                return time.perf_counter() - t0
        except httpx.TransportError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up")


def load(base: str, pick: Callable[[random.Random], str], clients: int, seconds: float) -> dict[str, float]:
    """``clients`` threads requesting ``pick()`` paths for ``seconds``: requests/s and latency percentiles."""
    lat: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def worker(seed: int) -> None:
        rng = random.Random(seed)
        with httpx.Client(base_url=base, timeout=60) as http:
            while time.perf_counter() < stop:
                t0 = time.perf_counter()
                r = http.get(pick(rng))
                dt = time.perf_counter() - t0
                with lock:
                    lat.append(dt)
                    errors[0] += r.status_code != 200

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    q = statistics.quantiles(lat, n=100) if len(lat) >= 2 else [0.0] * 99
    return {"requests": len(lat), "rps": len(lat) / wall, "p50_ms": q[49] * 1000, "p95_ms": q[94] * 1000,
            "errors": errors[0]}


def build_store(work: Path, n: int) -> tuple[Path, float]:
    pool = _pool()
    mix = work / "mix.jsonl"
    with mix.open("w", encoding="utf-8") as fh:
        for i in range(n):
            d = dict(pool[i % len(pool)])
            if i >= len(pool):
                d["text"] = d["text"] + f" (Updated edition {i // len(pool)}.)"
            d["id"] = f"mix{i}"
            fh.write(json.dumps(d, ensure_ascii=False) + "\n")
    db = work / "s.db"
    t0 = time.perf_counter()
    subprocess.run([str(BIN / "storyline"), "run", str(mix), "--db", str(db), "--out", str(work / "out"), "-q"],
                   check=True)
    return db, time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=30)
    args = ap.parse_args()
    print(f"load average: {os.getloadavg()}; cores: {os.cpu_count()}")
    work = Path(tempfile.mkdtemp(prefix="storyline-bench-web-"))
    procs: list[subprocess.Popen[bytes]] = []
    try:
        db, run_s = build_store(work, args.n)
        print(f"store: {args.n:,} articles, storyline run {run_s:.0f} s")
        port = _port()
        procs.append(subprocess.Popen([str(BIN / "storyline"), "serve", "--db", str(db), "--port", str(port)],
                                      stdout=subprocess.DEVNULL))
        base = f"http://127.0.0.1:{port}"
        warm = _wait(base + "/api/stories")
        stories = []
        page = 1
        while True:
            got = httpx.get(f"{base}/api/stories", params={"page": page}, timeout=120).json()
            stories += [s["id"] for s in got["stories"]]
            if page >= got["pages"]:
                break
            page += 1
        articles = [f"mix{i}" for i in range(args.n)]
        rows = [("storyline story pages", load(base, lambda r: f"/stories/{r.choice(stories)}", args.clients,
                                              args.seconds)),
                ("storyline story JSON twins", load(base, lambda r: f"/stories/{r.choice(stories)}.json",
                                                    args.clients, args.seconds)),
                ("storyline article pages", load(base, lambda r: f"/articles/{r.choice(articles)}", args.clients,
                                                 args.seconds))]
        if shutil.which("datasette", path=str(BIN)) or (BIN / "datasette").exists():
            dport = _port()
            procs.append(subprocess.Popen([str(BIN / "datasette"), "serve", "-i", str(db), "-p", str(dport)],
                                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
            dbase = f"http://127.0.0.1:{dport}"
            _wait(dbase + "/s/articles/1")
            rows += [("datasette article row pages (reference)",
                      load(dbase, lambda r: f"/s/articles/{r.randint(1, args.n)}", args.clients, args.seconds)),
                     ("datasette article row JSON (reference)",
                      load(dbase, lambda r: f"/s/articles/{r.randint(1, args.n)}.json", args.clients,
                           args.seconds))]
        print(f"\n{len(stories):,} stories; snapshot warm-up {warm:.1f} s; {args.clients} clients × "
              f"{args.seconds:.0f} s each, loopback\n")
        print("| system | requests | req/s | p50 ms | p95 ms | errors |\n|---|---|---|---|---|---|")
        for name, r in rows:
            print(f"| {name} | {r['requests']:,} | {r['rps']:.0f} | {r['p50_ms']:.0f} | {r['p95_ms']:.0f} | "
                  f"{r['errors']} |")
    finally:
        for p in procs:
            p.terminate()
            p.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
