"""Usage mistakes give one `Error: …` line and exit 1, never a traceback or a silently created store."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "storyline.cli", *args], capture_output=True, text=True, timeout=300)


def test_out_that_is_a_file_is_a_usage_error(tmp_path) -> None:
    target = tmp_path / "afile"
    target.write_text("not a folder")
    res = _cli("run", str(REPO / "examples" / "corpus"), "--out", str(target), "--db", str(tmp_path / "s.db"), "-q")
    assert res.returncode == 1 and "Traceback" not in res.stderr
    assert "is a file, not a folder" in res.stderr


def test_reading_commands_never_create_a_store(tmp_path) -> None:
    missing = tmp_path / "typo.db"
    for command in ("stories", "articles", "duplicates", "skips"):
        res = _cli(command, "--db", str(missing))
        assert res.returncode == 1 and "no store at" in res.stderr and "Traceback" not in res.stderr, command
    res = _cli("story", "s123", "--db", str(missing))
    assert res.returncode == 1 and "no store at" in res.stderr
    assert not missing.exists()


def test_bad_configuration_is_one_error_line(tmp_path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[summary]\nwords = 'many'\n")
    for args in (["config", "--config", str(bad)], ["config", "--set", "stories.nope=1"],
                 ["ingest", str(REPO / "examples" / "corpus"), "--db", str(tmp_path / "s.db"), "--set", "x=1"]):
        res = _cli(*args)
        assert res.returncode == 1 and res.stderr.startswith("Error: ") and "Traceback" not in res.stderr, args
    assert "'summary.words' expects int" in _cli("config", "--config", str(bad)).stderr
    assert not (tmp_path / "s.db").exists()
