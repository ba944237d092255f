"""SQLite store: migrations, idempotent re-ingest, exact duplicates, kill-and-resume."""

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from conftest import BODY

from storyline.engine import Workspace
from storyline.model import Article
from storyline.store import SQLiteStore
from storyline.store.migrations import MIGRATIONS


def test_migrations_recorded_and_wal(tmp_path):
    with SQLiteStore(tmp_path / "s.db") as st:
        assert [v for v, _ in st.migrations()] == [m[0] for m in MIGRATIONS]
        assert st.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with SQLiteStore(tmp_path / "s.db") as st:  # reopening applies nothing twice
        assert len(st.migrations()) == len(MIGRATIONS)


def test_reingest_adds_nothing(write, tmp_path):
    write("in/a.txt", "Pier closed\n\n" + BODY)
    write("in/b.txt", "Pier shut\n\n" + BODY.replace("six", "eight"))
    with Workspace(tmp_path / "s.db") as ws:
        first = ws.ingest([tmp_path / "in"])
        second = ws.ingest([tmp_path / "in"])  # unchanged files are not parsed again
        assert first.ingested == 2 and second.ingested == 0 and second.unchanged_files == 2
        assert not second.already_stored
        third = ws.ingest([tmp_path / "in"], rebuild=True)  # parsed again: the same ids, nothing added
        assert third.ingested == 0 and len(third.already_stored) == 2 and third.unchanged_files == 0
        assert ws.store.count() == 2


def test_exact_duplicate_marks_earliest(write, tmp_path):
    write("in/late.txt", "Pier closed\nPublished: 2024-03-07\n\n" + BODY)
    write("in/early.txt", "Pier closed\nPublished: 2024-03-05\n\n" + BODY)
    write("in/undated.txt", "Pier closed again\n\n" + BODY.upper())  # case folded: same content
    with Workspace(tmp_path / "s.db") as ws:
        result = ws.ingest([tmp_path / "in"])
        arts = {Path(a.source).name: a for a in ws.articles()}
        early = arts["early.txt"]
        assert early.duplicate_of is None
        assert arts["late.txt"].duplicate_of == early.id
        assert arts["undated.txt"].duplicate_of == early.id
        assert sorted(result.duplicates) == sorted([arts["late.txt"].id, arts["undated.txt"].id])


def test_duplicate_resolution_across_batches(write, tmp_path):
    write("a/late.txt", "Pier\nPublished: 2024-03-07\n\n" + BODY)
    write("b/early.txt", "Pier\nPublished: 2024-03-05\n\n" + BODY)
    with Workspace(tmp_path / "s.db") as ws:
        ws.ingest([tmp_path / "a"])
        ws.ingest([tmp_path / "b"])
        arts = {Path(a.source).name: a for a in ws.articles()}
        assert arts["late.txt"].duplicate_of == arts["early.txt"].id and arts["early.txt"].duplicate_of is None


def test_batch_is_atomic(tmp_path):
    st = SQLiteStore(tmp_path / "s.db")
    a = Article(id="x1", source="s", text="text " * 20, content_hash="h")
    bad = Article(id="x2", source="s", text="t", content_hash="h2")
    bad.text = None  # type: ignore[assignment]  # NOT NULL violation in the middle of the batch
    try:
        st.put_batch([a, bad])
    except sqlite3.IntegrityError:
        pass
    assert st.count() == 0  # nothing of the failed batch stayed
    st.put_batch([a])
    assert st.get("x1") is not None and st.get("x1").published is None


def _make_corpus(folder: Path, n: int) -> None:
    folder.mkdir(parents=True)
    for i in range(n):
        day = dt.date(2024, 1, 1) + dt.timedelta(days=i % 60)
        body = f"Report number {i} from the harbour. " + BODY + f" Closing note {i % 97}."
        if i % 10 == 9:  # every tenth file repeats an earlier one: exact duplicates across batches
            body = f"Report number {i - 9} from the harbour. " + BODY + f" Closing note {(i - 9) % 97}."
        (folder / f"f{i:05d}.txt").write_text(f"Harbour report {i}\nPublished: {day.isoformat()}\n\n{body}")


def _snapshot(db: Path) -> list[tuple]:
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT id, source, title, published, text, content_hash, duplicate_of FROM articles "
                        "ORDER BY id").fetchall()
    conn.close()
    return rows


def _ingest_cmd(corpus: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "storyline.cli", "ingest", str(corpus), "--db", str(db), "--quiet"]


def test_kill_and_resume(tmp_path):
    corpus = tmp_path / "corpus"
    _make_corpus(corpus, 1500)
    env = {**os.environ, "STORYLINE_INGEST_BATCH_SIZE": "25"}
    clean = tmp_path / "clean.db"
    subprocess.run(_ingest_cmd(corpus, clean), check=True, env=env, capture_output=True)
    reference = _snapshot(clean)
    assert len(reference) == 1500

    killed = tmp_path / "killed.db"
    proc = subprocess.Popen(_ingest_cmd(corpus, killed), env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    count = 0
    while time.time() < deadline:
        time.sleep(0.05)
        if killed.exists():
            try:
                conn = sqlite3.connect(killed, timeout=1)
                count = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
                conn.close()
            except sqlite3.OperationalError:
                continue
            if count >= 200:
                break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    conn = sqlite3.connect(killed)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    partial = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    # batches are atomic: only whole batches are stored, and duplicates point at stored originals
    assert 0 < partial < 1500 and partial % 25 == 0
    dangling = conn.execute("SELECT COUNT(*) FROM articles a WHERE duplicate_of IS NOT NULL AND NOT EXISTS "
                            "(SELECT 1 FROM articles b WHERE b.id = a.duplicate_of)").fetchone()[0]
    assert dangling == 0
    conn.close()

    subprocess.run(_ingest_cmd(corpus, killed), check=True, env=env, capture_output=True)
    assert _snapshot(killed) == reference
