"""The near-duplicate stage against the SQLite store: persisted, incremental, grouped, reported."""

import json
from pathlib import Path

from conftest import BODY, REPO
from typer.testing import CliRunner

from storyline.cli import app
from storyline.engine import Workspace

EXTRA = (" Repairs are expected to cost about four hundred thousand pounds, the council said, and divers "
         "will survey the remaining pilings next week before a contractor is chosen.")


def test_incremental_batches_and_representative(write, tmp_path):
    write("a/orig.txt", "Pier closed\nPublished: 2024-03-05\n\n" + BODY + EXTRA)
    write("a/other.txt", "Market day\n\nThe spring market drew a record crowd of stallholders and buyers to "
          "the square on Saturday, organisers said, with more than two hundred stalls selling local food.")
    edited = (BODY + EXTRA).replace("voted on Tuesday", "agreed on Tuesday").replace("six weeks", "6 weeks")
    write("b/copy.txt", "Pier to close\nPublished: 2024-03-06\n\n" + edited)
    write("b/trimmed.txt", "Pier closes\nPublished: 2024-03-04\n\n" + BODY.split("\n\n")[0])
    with Workspace(tmp_path / "s.db") as ws:
        ws.ingest([tmp_path / "a"])
        assert ws.find_duplicates() == 2
        assert ws.duplicate_groups() == []
        assert ws.store.unindexed_count() == 0
        ws.ingest([tmp_path / "b"])
        assert ws.store.unindexed_count() == 2
        assert ws.find_duplicates() == 2  # only the new batch is signed
        assert ws.find_duplicates() == 0 and ws.store.unindexed_count() == 0
        (group,) = ws.duplicate_groups()
        arts = {Path(a.source).name: a for a in ws.articles()}
        # the trimmed copy is published earliest, so it represents the group
        assert group.representative == arts["trimmed.txt"].id
        assert set(group.members) == {arts[n].id for n in ("orig.txt", "copy.txt", "trimmed.txt")}
        kinds = {p["kind"] for p in group.pairs}
        assert kinds <= {"near", "contained"} and "near" in kinds
        assert all(p["reason"] for p in group.pairs)
        assert arts["copy.txt"].near_duplicate_of == arts["trimmed.txt"].id
        assert arts["other.txt"].near_duplicate_of is None


def test_demo_corpus_duplicates_cli(tmp_path):
    runner = CliRunner()
    db = str(tmp_path / "s.db")
    corpus = REPO / "examples" / "corpus"
    key = json.loads((REPO / "examples" / "answer_key.json").read_text())
    out = tmp_path / "out"
    assert runner.invoke(app, ["run", str(corpus), "--db", db, "--out", str(out), "-q"]).exit_code == 0
    result = runner.invoke(app, ["duplicates", "--db", db, "--json"])
    groups = [json.loads(line) for line in result.output.splitlines()]
    report = json.loads((out / "report.json").read_text())
    name = {a["id"]: Path(a["source"]).name for a in report["articles"]}
    grouped = [{name[m] for m in g["members"]} for g in groups]
    for copy, original in key["exact_duplicates"] + key["near_copies"]:
        assert any({copy, original} <= g for g in grouped), (copy, original)
    for rewrite, original in key["rewrites"]:  # rewrites are reuse, not duplicates
        assert not any({Path(rewrite).name, Path(original).name} <= g for g in grouped)
    marked = {name[a["id"]]: a["duplicate_of"] for a in report["articles"]}
    for copy, _original in key["exact_duplicates"] + key["near_copies"]:
        assert marked[copy] is not None
