"""Render the demo report in headless Chromium: key elements present, no script errors."""

import json
import re
import shutil
import subprocess

import pytest
from conftest import REPO
from typer.testing import CliRunner

from storyline.cli import app

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-sync", "--enable-logging=stderr", "--v=0"]


def _render(path, tmp_path):
    result = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom",
                             path.as_uri()], capture_output=True, text=True, timeout=120)
    errors = [line for line in result.stderr.splitlines() if "CONSOLE" in line and "Uncaught" in line]
    return result.stdout, errors


@pytest.fixture(scope="module")
def demo_report(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    result = CliRunner().invoke(app, ["run", str(REPO / "examples" / "corpus"), "--out", str(out),
                                      "--db", str(out / "s.db"), "-q"])
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (make test installs it)")
def test_story_page_renders_with_all_sections(demo_report, tmp_path):
    report = json.loads((demo_report / "report.json").read_text())
    biggest = max(report["stories"], key=lambda s: len(s["articles"]))
    dom, errors = _render(demo_report / "stories" / f"{biggest['id']}.html", tmp_path)
    assert errors == []
    for element in ("id=\"headline\"", "id=\"summary\"", "id=\"disputes\"", "id=\"timeline-svg\"", "id=\"conflicts\"",
                    "id=\"quotes\"",
                    "id=\"matrix\"", "id=\"provenance-graph\"", "id=\"sources\"", "class=\"cite\"",
                    "class=\"side-by-side\"", "<del>", "<ins>"):
        assert element in dom, element
    assert len(re.findall(r"<sup class=\"cite\"", dom)) >= len(biggest["summary"])


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (make test installs it)")
def test_index_lists_stories(demo_report, tmp_path):
    report = json.loads((demo_report / "report.json").read_text())
    dom, errors = _render(demo_report / "index.html", tmp_path)
    assert errors == []
    assert dom.count("href=\"stories/") == len(report["stories"])
