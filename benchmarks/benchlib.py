"""Shared measuring for the benchmarks: every system in its own child process, CPU time and peak RSS beside
wall time, best of several runs, the load average printed, and a helper to replace a RESULTS.md section.

The machine the benchmarks run on is shared, so wall time alone says little: CPU seconds (user + system of
the child, from ``resource.getrusage``) and ratios against a reference system measured in the same run are
what the tables compare. Peak RSS is the child's own ``ru_maxrss``, so each system is charged only for
what it holds.

A child is this same script started with ``--child NAME`` (and its arguments); it prints one JSON line
(``emit``) with whatever it measured, and :func:`run_child` adds the process's CPU seconds and peak RSS.
"""

from __future__ import annotations

import json
import os
import platform
import re
import resource
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "RESULTS.md"


def machine_note() -> str:
    """One line: date, cores, Python, the 1/5/15-minute load average now."""
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} cores ({platform.machine()}), "
            f"Python {platform.python_version()}, load average {load}")


def emit(payload: dict[str, Any]) -> None:
    """In a child: print the measured payload as the last line of stdout."""
    print("@@RESULT " + json.dumps(payload), flush=True)


def run_child(script: Path, args: Sequence[str], env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run ``python script --child …args``; its payload plus ``cpu`` (s), ``wall`` (s) and ``peak_mb``."""
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, str(script), "--child", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    out = proc.stdout.read() if proc.stdout else ""
    err = proc.stderr.read() if proc.stderr else ""
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"child {script.name} {' '.join(args)} failed ({proc.returncode}):\n{err[-3000:]}")
    lines = [ln for ln in out.splitlines() if ln.startswith("@@RESULT ")]
    payload: dict[str, Any] = json.loads(lines[-1][len("@@RESULT "):]) if lines else {}
    payload.setdefault("cpu", usage.ru_utime + usage.ru_stime)
    payload["process_cpu"] = usage.ru_utime + usage.ru_stime
    payload["wall"] = payload.get("wall", wall)
    payload["peak_mb"] = usage.ru_maxrss / 1024  # Linux reports KiB
    return payload


def best_of(runs: int, script: Path, args: Sequence[str], env: dict[str, str] | None = None) -> dict[str, Any]:
    """The run with the least CPU time of ``runs`` children (its payload), with ``runs`` and all CPU times."""
    results = [run_child(script, args, env) for _ in range(max(1, runs))]
    best = min(results, key=lambda r: r["cpu"])
    best["runs"] = len(results)
    best["cpu_all"] = [round(r["cpu"], 2) for r in results]
    best["peak_mb"] = max(r["peak_mb"] for r in results)
    return best


def self_usage() -> tuple[float, float]:
    """This process's CPU seconds so far and its peak RSS in MB."""
    u = resource.getrusage(resource.RUSAGE_SELF)
    return u.ru_utime + u.ru_stime, u.ru_maxrss / 1024


def to_markdown(rows: list[dict[str, Any]]) -> str:
    """Rows as a Markdown table (columns in first-seen order, missing cells blank)."""
    cols = list(dict.fromkeys(k for r in rows for k in r))
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for r in rows:
        lines.append("| " + " | ".join("" if r.get(c) is None else str(r[c]) for c in cols) + " |")
    return "\n".join(lines)


def write_section(title: str, body: str, path: Path = RESULTS) -> None:
    """Replace (or append) the ``## {title}`` section of RESULTS.md, keeping every other section."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    block = f"## {title}\n\n{body.strip()}\n"
    pattern = re.compile(rf"^## {re.escape(title)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(lambda _: block + "\n", text, count=1).rstrip() + "\n"
    else:
        text = text.rstrip() + "\n\n" + block
    path.write_text(text, encoding="utf-8")
