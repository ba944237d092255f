"""The store stays valid and loses nothing whatever the input and however many processes open it."""

from __future__ import annotations

import json
import multiprocessing
import sqlite3
import subprocess
import sys
from pathlib import Path

from storyline.engine import Workspace
from storyline.model import Article
from storyline.store import SQLiteStore
from storyline.store.migrations import latest_version

REPO = Path(__file__).resolve().parents[1]


def _strict(text: str) -> object:
    def no_constant(name: str) -> object:
        raise ValueError(f"non-standard JSON constant {name}")

    return json.loads(text, parse_constant=no_constant)


def test_non_finite_numbers_and_surrogates_are_stored_as_valid_json(tmp_path) -> None:
    st = SQLiteStore(tmp_path / "s.db")
    art = Article(id="a1", source="x\udcff.jsonl", title="broken \ud800 title", text="Body text " * 20,
                  content_hash="h1", metadata={"score": float("nan"), "big": float("inf"), "nested": [float("-inf")]})
    added, _ = st.put_batch([art])
    assert added == ["a1"]
    for (meta,) in st.conn.execute("SELECT metadata FROM articles"):
        assert _strict(meta)["score"] == "nan"
    assert st.conn.execute("SELECT json_valid(metadata) FROM articles").fetchone()[0] == 1
    assert "\ufffd" in st.get("a1").title
    st.close()


def test_same_id_different_text_is_kept_not_counted_as_stored(tmp_path) -> None:
    st = SQLiteStore(tmp_path / "s.db")
    a = Article(id="story-1", source="a.jsonl", text="First report of the fire. " * 10, content_hash="aaaa1111")
    b = Article(id="story-1", source="b.jsonl", text="A different article entirely. " * 10, content_hash="bbbb2222")
    same = Article(id="story-1", source="c.jsonl", text=a.text, content_hash="aaaa1111")
    assert st.put_batch([a]) == (["story-1"], [])
    added, existing = st.put_batch([b, same])
    assert added == ["story-1~bbbb2222"] and existing == ["story-1"]
    assert st.get("story-1~bbbb2222").metadata["id_conflict"] == "story-1"
    st.close()


def _open(path: str) -> int:
    with SQLiteStore(path) as st:
        return st.schema_version()


def test_concurrent_openers_of_a_new_store_do_not_race_on_migrations(tmp_path) -> None:
    ctx = multiprocessing.get_context("spawn")
    for trial in range(4):
        path = str(tmp_path / f"new{trial}.db")
        with ctx.Pool(4) as pool:
            versions = pool.map(_open, [path] * 4)
        assert versions == [latest_version()] * 4
        conn = sqlite3.connect(path)
        assert [r[0] for r in conn.execute("SELECT version FROM schema_migrations ORDER BY version")] == \
            list(range(1, latest_version() + 1))
        conn.close()


def test_two_runs_at_once_on_one_store_both_finish(tmp_path) -> None:
    corpus = REPO / "examples" / "corpus"
    cmd = [sys.executable, "-m", "storyline.cli", "run", str(corpus), "--db", str(tmp_path / "s.db"), "--quiet"]
    procs = [subprocess.Popen([*cmd, "--out", str(tmp_path / f"out{i}")], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for i in range(2)]
    results = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], results
    reports = [json.loads((tmp_path / f"out{i}" / "report.json").read_text()) for i in range(2)]
    for r in reports:
        r.pop("run")
    assert reports[0] == reports[1]


def test_skips_command_lists_stored_skips(tmp_path, write) -> None:
    write("in/good.txt", "Pier closed\n\n" + "The council closed the old ferry pier on Tuesday. " * 5)
    write("in/bad.jsonl", '{"text": "ok text that is long enough to be stored as an article, surely"}\n{broken\n')
    write("in/blob.bin.txt", b"\x00\x01\x02" * 100)
    with Workspace(tmp_path / "s.db") as ws:
        ws.ingest([tmp_path / "in"])
        kinds = {s.reason for s in ws.skips()}
    assert {"malformed_json", "binary"} <= kinds
    out = subprocess.run([sys.executable, "-m", "storyline.cli", "skips", "--db", str(tmp_path / "s.db"), "--json"],
                         capture_output=True, text=True, check=True).stdout
    rows = [json.loads(line) for line in out.splitlines()]
    assert {r["reason"] for r in rows} == kinds and any(r["line"] == 2 for r in rows)
