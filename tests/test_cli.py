"""The CLI: help with an example for every command, run/ingest/articles behaviour, error shape."""

import json
import subprocess
import sys

import pytest
from conftest import BODY
from typer.testing import CliRunner

from storyline.cli import app

runner = CliRunner()


def _commands(group, prefix=()):
    import typer.main

    click_group = typer.main.get_command(group)
    for name, cmd in click_group.commands.items():
        if hasattr(cmd, "commands"):
            for sub in cmd.commands:
                yield (*prefix, name, sub)
        else:
            yield (*prefix, name)


@pytest.mark.parametrize("cmd", list(_commands(app)))
def test_every_command_has_help_with_example(cmd):
    result = runner.invoke(app, [*cmd, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output and "storyline " in result.output


def test_run_writes_report(write, tmp_path):
    write("in/a.txt", "Pier closed\nPublished: 2024-03-05\n\n" + BODY)
    write("in/b.txt", "Pier closed (copy)\nPublished: 2024-03-06\n\n" + BODY)
    write("in/c.txt", "Market day\n\nThe spring market in Larkspur Bay drew a record crowd of stallholders "
                      "on Saturday.")
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(tmp_path / "in"), "--out", str(out), "--db", str(tmp_path / "s.db"),
                                 "--quiet"])
    assert result.exit_code == 0, result.output
    report = json.loads((out / "report.json").read_text())
    assert report["schema"] == "storyline.report/1"
    assert len(report["articles"]) == 3
    for a in report["articles"]:
        assert {"id", "source", "outlet", "title", "published", "published_source", "duplicate_of", "story"} <= set(a)
    by_title = {a["title"]: a for a in report["articles"]}
    orig, copy = by_title["Pier closed"], by_title["Pier closed (copy)"]
    assert copy["duplicate_of"] == orig["id"] and copy["story"] == orig["story"]
    for s in report["stories"]:
        assert {"id", "title", "articles", "first_published", "last_published", "summary", "timeline", "quotes",
                "conflicts", "reuse", "claims"} <= set(s)
    assert (out / "index.html").read_text().count("<tr>") == len(report["stories"]) + 1
    for s in report["stories"]:
        assert (out / "stories" / f"{s['id']}.html").exists() and (out / "stories" / f"{s['id']}.md").exists()


def test_store_and_report_inside_the_input_folder_are_not_read_back(write, tmp_path):
    write("in/a.txt", "Pier closed\nPublished: 2024-03-05\n\n" + BODY)
    args = ["run", str(tmp_path / "in"), "--out", str(tmp_path / "in" / "out"), "--db",
            str(tmp_path / "in" / "s.db"), "--quiet"]
    for _ in range(2):  # the second run finds the first run's report.json and store next to the input
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "in" / "out" / "report.json").read_text())
    assert [a["title"] for a in report["articles"]] == ["Pier closed"]
    assert "skipped" not in result.output


def test_ingest_then_articles_json(write, tmp_path):
    write("in/a.txt", "Pier closed\n\n" + BODY)
    db = str(tmp_path / "s.db")
    assert runner.invoke(app, ["ingest", str(tmp_path / "in"), "--db", db]).exit_code == 0
    result = runner.invoke(app, ["articles", "--db", db, "--json"])
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert len(rows) == 1 and rows[0]["title"] == "Pier closed" and "text" not in rows[0]
    table = runner.invoke(app, ["articles", "--db", db])
    assert "Pier closed" in table.output


def test_nothing_ingested_exits_nonzero_with_file_named(write, tmp_path):
    write("in/empty.txt", "")
    result = subprocess.run([sys.executable, "-m", "storyline.cli", "ingest", str(tmp_path / "in"),
                             "--db", str(tmp_path / "s.db")], capture_output=True, text=True)
    assert result.returncode == 1
    assert "empty.txt" in result.stderr and "nothing could be ingested" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_config_is_an_error_not_a_traceback(write, tmp_path):
    cfg = write("bad.toml", "[ingest]\nno_such_option = 1\n")
    write("in/a.txt", "Pier closed\n\n" + BODY)
    result = subprocess.run([sys.executable, "-m", "storyline.cli", "ingest", str(tmp_path / "in"), "--config",
                             str(cfg), "--db", str(tmp_path / "s.db")], capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr.startswith("Error: ") and "no_such_option" in result.stderr
    assert "Traceback" not in result.stderr


def test_seeds_run(seeds_dir, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(seeds_dir), "--out", str(out), "--db", str(tmp_path / "s.db"), "-q"])
    assert result.exit_code == 0, result.output
    report = json.loads((out / "report.json").read_text())
    assert len(report["articles"]) == 5
    dates = {a["source"].rsplit("/", 1)[-1][:3]: a["published"] for a in report["articles"]}
    assert dates["003"] == "2021-12-09" and dates["004"] == "2021-12-10"
    assert all(a["title"] for a in report["articles"])


def test_set_reaches_the_stage_and_flags_beat_it(write, tmp_path):
    write("in/a.txt", "Pier closed\n\n" + BODY)
    db = str(tmp_path / "s.db")
    # Every article is shorter than this: nothing is ingested, so the [ingest] table reached the readers.
    result = runner.invoke(app, ["ingest", str(tmp_path / "in"), "--db", db, "--set", "ingest.min_chars=100000"])
    assert result.exit_code == 1 and "nothing could be ingested" in result.output
    shown = runner.invoke(app, ["config", "--set", "summary.words=50", "--words", "60", "--max-bytes", "9"])
    assert "words = 60  # flag" in shown.output and "max_bytes = 9  # flag" in shown.output


def test_bad_set_names_the_key(tmp_path):
    result = runner.invoke(app, ["config", "--set", "summary.words=many"])
    assert result.exit_code != 0
    assert "summary.words" in str(result.exception) and "expects int" in str(result.exception)
