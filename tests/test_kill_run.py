"""SIGKILL at random points of `ingest` and `run` never corrupts the store, never loses or duplicates an
article, and running the same command again finishes the job with the report a clean run writes."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "examples" / "corpus"


def _corpus(folder: Path, copies: int = 6) -> None:
    """The demo corpus several times over, each copy a distinct article (a different closing line)."""
    folder.mkdir()
    for k in range(copies):
        for f in sorted(CORPUS.iterdir()):
            if f.suffix == ".txt":
                text = f.read_text(encoding="utf-8") + f"\nDesk note {k}: filed by correspondent number {k + 11}.\n"
                (folder / f"{f.stem}-{k}{f.suffix}").write_text(text, encoding="utf-8")
            elif k == 0:
                (folder / f.name).write_bytes(f.read_bytes())


def _cmd(command: str, corpus: Path, db: Path, out: Path) -> list[str]:
    extra = ["--out", str(out)] if command == "run" else []
    return [sys.executable, "-m", "storyline.cli", command, str(corpus), "--db", str(db), *extra, "--quiet"]


def _state(db: Path) -> tuple[list[str], dict[str, list[str]]]:
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    ids = [r[0] for r in conn.execute("SELECT id FROM articles ORDER BY id")]
    conn.close()
    return ids, {}


def _stories(out: Path) -> list[list[str]]:
    report = json.loads((out / "report.json").read_text())
    return sorted(sorted(s["articles"]) for s in report["stories"])


@pytest.mark.parametrize("command", ["ingest", "run"])
def test_sigkill_then_rerun_finishes_the_job(tmp_path, command) -> None:
    corpus = tmp_path / "corpus"
    _corpus(corpus)
    env = {**os.environ, "STORYLINE_INGEST_BATCH_SIZE": "5", "STORYLINE_ANALYSIS_WORKERS": "1"}
    clean_db, clean_out = tmp_path / "clean.db", tmp_path / "clean-out"
    subprocess.run(_cmd("run", corpus, clean_db, clean_out), check=True, env=env, capture_output=True)
    reference_ids, _ = _state(clean_db)
    reference_stories = _stories(clean_out)
    rng = random.Random(7 if command == "ingest" else 11)
    db, out = tmp_path / "killed.db", tmp_path / "killed-out"
    for _kill in range(5):
        proc = subprocess.Popen(_cmd(command, corpus, db, out), env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3, 2.5))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        if db.exists():
            ids, _ = _state(db)
            assert len(ids) == len(set(ids)) and set(ids) <= set(reference_ids)  # nothing half-written
    subprocess.run(_cmd("run", corpus, db, out), check=True, env=env, capture_output=True)
    ids, _ = _state(db)
    assert ids == reference_ids
    assert _stories(out) == reference_stories
