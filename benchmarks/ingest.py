"""Ingest speed over the dev datasets' texts: articles/s and peak memory, per input format.

Each format is measured against the bare library call it wraps, in the same run, so the table shows
what storyline's own work (normalisation, dateline parsing, ids, duplicate resolution, SQLite writes)
costs on top:

* txt   — storyline ingest of one .txt file per article  vs  reading the files;
* jsonl — storyline ingest of one JSONL file             vs  ``json.loads`` of every line;
* html  — storyline ingest of one .html page per article vs  ``trafilatura.bare_extraction`` alone.

Usage: ``python benchmarks/ingest.py [--limit N]`` — prints a Markdown table and updates the
``## Ingest`` section of ``benchmarks/RESULTS.md``. Texts are read from ``../shared/datasets`` at run
time and written only to a temporary folder.
"""

from __future__ import annotations

import argparse
import html
import json
import multiprocessing as mp
import resource
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATASETS = HERE.parent.parent / "shared" / "datasets"
SOURCES = [
    ("ecbplus_event_clusters/documents.jsonl", "text", "title"),
    ("basil_event_triplets/documents.jsonl", "text", "title"),
    ("fnc1_stance/bodies.jsonl", "text", None),
]


def load_texts(limit: int) -> list[tuple[str, str]]:
    """(title, text) pairs from the dev datasets, at most ``limit``."""
    out: list[tuple[str, str]] = []
    for rel, text_field, title_field in SOURCES:
        path = DATASETS / rel
        if not path.exists():
            continue
        for line in path.open(encoding="utf-8"):
            row = json.loads(line)
            text = row.get(text_field) or ""
            if len(text) < 200:
                continue
            out.append((str(row.get(title_field) or "") if title_field else "", text))
            if len(out) >= limit:
                return out
    return out


def write_inputs(texts: list[tuple[str, str]], root: Path) -> dict[str, Path]:
    """Write the texts as .txt files, one JSONL file and .html pages under ``root``."""
    txt, htm = root / "txt", root / "html"
    txt.mkdir()
    htm.mkdir()
    with (root / "all.jsonl").open("w", encoding="utf-8") as fh:
        for i, (title, text) in enumerate(texts):
            head = title or f"Article {i}"
            (txt / f"a{i:05d}.txt").write_text(f"{head}\nPublished: 2020-01-{1 + i % 28:02d}\n\n{text}",
                                              encoding="utf-8")
            fh.write(json.dumps({"id": f"j{i}", "title": head, "text": text, "published": "2020-01-01"}) + "\n")
            paras = "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n") if p.strip())
            (htm / f"a{i:05d}.html").write_text(
                f"<html><head><title>{html.escape(head)}</title><meta property='og:site_name' content='Bench'>"
                f"<meta property='article:published_time' content='2020-01-02'></head><body><nav>Home | News</nav>"
                f"<article><h1>{html.escape(head)}</h1>{paras}</article><footer>(c) Bench</footer></body></html>",
                encoding="utf-8")
    return {"txt": txt, "jsonl": root / "all.jsonl", "html": htm}


def _storyline(path: str, db: str, queue: mp.Queue) -> None:
    from storyline.engine import Workspace

    Path(db).unlink(missing_ok=True)
    t0, c0 = time.perf_counter(), time.process_time()
    with Workspace(db) as ws:
        n = ws.ingest([path]).ingested
    queue.put((n, time.perf_counter() - t0, time.process_time() - c0,
               resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))


def _baseline(kind: str, path: str, queue: mp.Queue) -> None:
    t0, c0 = time.perf_counter(), time.process_time()
    n = 0
    if kind == "txt":
        for p in sorted(Path(path).iterdir()):
            n += bool(p.read_text(encoding="utf-8"))
    elif kind == "jsonl":
        for line in open(path, encoding="utf-8"):
            n += bool(json.loads(line))
    else:
        import trafilatura

        for p in sorted(Path(path).iterdir()):
            n += trafilatura.bare_extraction(p.read_text(encoding="utf-8"), with_metadata=True) is not None
    queue.put((n, time.perf_counter() - t0, time.process_time() - c0,
               resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))


def _measure(target, *args, runs: int = 3) -> tuple[int, float, float, float]:  # type: ignore[no-untyped-def]
    """``(articles, wall s, CPU s, peak RSS MB)`` of the run with the least CPU among ``runs``.

    A fresh process per measurement so that peak RSS is that measurement's own.
    """
    results = []
    for _ in range(max(1, runs)):
        queue: mp.Queue = mp.Queue()
        proc = mp.get_context("fork").Process(target=target, args=(*args, queue))
        proc.start()
        results.append(queue.get())
        proc.join()
    return min(results, key=lambda r: r[2])


def run(limit: int, runs: int = 3) -> str:
    """Run the benchmark and return the Markdown table."""
    texts = load_texts(limit)
    if not texts:
        sys.exit(f"no dev datasets found under {DATASETS}")
    rows = ["| format | articles | storyline art/CPU-s | CPU s | wall s | peak MB | baseline | baseline art/CPU-s | "
            "CPU s | wall s | peak MB | CPU ratio |", "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    names = {"txt": "read files", "jsonl": "json.loads", "html": "trafilatura only"}
    with tempfile.TemporaryDirectory() as tmp:
        inputs = write_inputs(texts, Path(tmp))
        for kind, path in inputs.items():
            n, secs, cpu, mem = _measure(_storyline, str(path), str(Path(tmp) / f"{kind}.db"), runs=runs)
            bn, bsecs, bcpu, bmem = _measure(_baseline, kind, str(path), runs=runs)
            rows.append(f"| {kind} | {n} | {n / cpu:,.0f} | {cpu:.2f} | {secs:.2f} | {mem:.0f} | {names[kind]} | "
                        f"{bn / max(bcpu, 1e-6):,.0f} | {bcpu:.3f} | {bsecs:.3f} | {bmem:.0f} | "
                        f"{cpu / max(bcpu, 1e-6):.2f}× |")
            print(rows[-1], flush=True)
    return "\n".join(rows)


def update_results(section: str, body: str) -> None:
    """Replace (or add) ``## section`` in benchmarks/RESULTS.md, keeping the other sections."""
    path = HERE / "RESULTS.md"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    parts = text.split("\n## ")
    head, sections = parts[0], {p.split("\n", 1)[0]: p for p in parts[1:]}
    sections[section] = f"{section}\n\n{body.strip()}\n"
    path.write_text(head.rstrip() + "\n\n" + "\n## ".join([""] + list(sections.values())).lstrip("\n") + "\n",
                    encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=1400, help="number of dev texts to use")
    parser.add_argument("--runs", type=int, default=3, help="runs per row (least CPU kept)")
    parser.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md alone")
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    from benchlib import machine_note

    note = machine_note()
    print(f"# ingest ({note})", flush=True)
    table = run(args.limit, args.runs)
    cmd = "python benchmarks/ingest.py " + " ".join(sys.argv[1:])
    note = (f"`{cmd.strip()}` ({note}): one process per measurement, best (least CPU) of {args.runs} runs, "
            f"{args.limit} dev texts (ECB+, BASIL, FNC-1 bodies). art/CPU-s is articles over the process's CPU "
            "seconds for the ingest call alone; `CPU ratio` is storyline's CPU over the baseline's, both measured "
            "in the same run; peak MB is the process's `ru_maxrss`.")
    if not args.no_write:
        update_results("Ingest", note + "\n\n" + table)


if __name__ == "__main__":
    main()
