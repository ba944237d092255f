"""Story analysis benchmark: the whole report of one synthetic 100-article story, this code against a
baseline revision of storyline measured in the same run.

The story is ``benchmarks/summary.py``'s ``synthetic_story`` (NeuS dev texts: a shared core of sentences
with word swaps plus filler, 100 articles, ~47k words). Each measurement is a child process that builds
the story, clears the sentence caches (a fresh run has none) and times, in CPU seconds, one
:func:`storyline.pipeline.analyze_story` call plus the report pages (HTML, Markdown, JSON); then each
stage alone (alignment, provenance, cross-check, summary). ``--baseline REV`` exports that git revision
to a temporary folder and runs the very same child against its ``src/``, so the speed-up is a ratio
measured under the same load. The child also checks the analysis of both codes is the same JSON.

    python benchmarks/analysis.py [--baseline 7a43823] [--runs 3] [--articles 100] [--no-write]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchlib import best_of, emit, machine_note, to_markdown, write_section

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
STAGES = ("total", "align", "provenance", "crosscheck", "summary", "render")


def child(n: int) -> None:
    """In a child: time the whole story report and its stages (CPU seconds), emit them and a digest."""
    sys.path.insert(0, str(HERE))
    from summary import _cold, synthetic_story

    from storyline.align.passages import align_story
    from storyline.align.provenance import derive
    from storyline.crosscheck import crosscheck
    from storyline.model import Story
    from storyline.pipeline import analyze_story
    from storyline.report.build import build_report
    from storyline.report.html import render_story
    from storyline.report.markdown import render_story_markdown
    from storyline.summarize.extractive import summarize

    arts = synthetic_story(n)
    texts = {a.id: a.text for a in arts}
    story = Story(id="synthetic", title=arts[0].title, articles=[a.id for a in arts],
                  first_published=min(a.published for a in arts if a.published),
                  last_published=max(a.published for a in arts if a.published))
    out: dict[str, float] = {}
    _cold()
    t0 = time.process_time()
    fields = analyze_story(arts).to_json()
    t1 = time.process_time()
    report = build_report(arts, [story], {story.id: fields})
    by_id = {a["id"]: a for a in report["articles"]}
    entry = report["stories"][0]
    render_story(entry, by_id, texts)
    render_story_markdown(entry, by_id)
    json.dumps(entry, ensure_ascii=False)
    out["render"] = time.process_time() - t1
    out["total"] = time.process_time() - t0
    _cold()
    t0 = time.process_time()
    alignments = align_story(arts)
    out["align"] = time.process_time() - t0
    t0 = time.process_time()
    prov = derive(arts, alignments)
    out["provenance"] = time.process_time() - t0
    groups = dict(prov.groups)
    t0 = time.process_time()
    check = crosscheck(arts, groups, {e.target: e.source for e in prov.edges})
    out["crosscheck"] = time.process_time() - t0
    inline = [c for c in check.conflicts if c.kind in ("number", "date")]
    t0 = time.process_time()
    summarize(arts, 150, disputed=inline, groups=groups)
    out["summary"] = time.process_time() - t0
    digest = hashlib.sha256(json.dumps(fields, sort_keys=True, default=str).encode()).hexdigest()[:16]
    emit({**out, "cpu": out["total"], "digest": digest, "alignments": len(alignments),
          "words": sum(len(a.text.split()) for a in arts)})


def export(rev: str) -> Path:
    """The ``src/`` of git revision ``rev``, exported to a temporary folder."""
    root = Path(tempfile.mkdtemp(prefix="storyline-baseline-"))
    archive = subprocess.run(["git", "-C", str(REPO), "archive", rev, "src"], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(root)], input=archive, check=True)
    return root


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=100)
    ap.add_argument("--runs", type=int, default=3, help="child runs per code (least total CPU kept)")
    ap.add_argument("--baseline", default="7a43823", help="git revision to compare with ('' for none)")
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child)
        return
    note = machine_note()
    print(f"# story analysis ({note})\n", flush=True)
    codes: list[tuple[str, dict[str, str] | None, Path | None]] = [("this code", None, None)]
    if args.baseline:
        base = export(args.baseline)
        env = {**os.environ, "PYTHONPATH": str(base / "src")}
        codes.append((f"baseline {args.baseline}", env, base))
    results: dict[str, dict[str, Any]] = {}
    try:
        for name, env, _ in codes:
            results[name] = best_of(args.runs, Path(__file__), [str(args.articles)], env)
    finally:
        for _, _, base in codes:
            if base is not None:
                shutil.rmtree(base, ignore_errors=True)
    rows: list[dict[str, Any]] = []
    ref = results.get(f"baseline {args.baseline}") if args.baseline else None
    for stage in STAGES:
        row: dict[str, Any] = {"stage (CPU s)": stage}
        for name in results:
            row[name] = round(results[name][stage], 3)
        if ref is not None:
            row["speed-up"] = round(ref[stage] / max(1e-9, results["this code"][stage]), 2)
        rows.append(row)
    mine = results["this code"]
    rows.append({"stage (CPU s)": "peak RSS MB", **{k: round(v["peak_mb"]) for k, v in results.items()}})
    table = to_markdown(rows)
    same = ref is None or ref["digest"] == mine["digest"]
    print(table)
    print(f"\nanalysis JSON identical to the baseline's: {same}; CPU of every run: "
          + "; ".join(f"{k}: {v['cpu_all']}" for k, v in results.items()))
    if not args.no_write:
        cmd = "python benchmarks/analysis.py " + " ".join(sys.argv[1:])
        write_section("Story analysis (one 100-article story, issue 15)", (
            f"`{cmd.strip()}` ({note}). One synthetic story of {args.articles} articles "
            f"({mine['words']:,} words, {mine['alignments']} alignments kept) from the NeuS dev texts; CPU "
            f"seconds in a child process, best of {args.runs} runs, from cold sentence caches; `total` is one "
            "`analyze_story` call plus the report pages, the stages are timed one by one after it. The "
            "baseline is the code before issue 15, exported from git and run in the same session, so the "
            f"speed-up is a ratio under the same load. Analysis output identical to the baseline's: **{same}**."
            "\n\n" + table))


if __name__ == "__main__":
    main()
