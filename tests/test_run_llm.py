"""`storyline run --llm-url`: the abstractive summary end to end against a local fake chat endpoint.

The endpoint is a tiny HTTP server on 127.0.0.1 started by the test; nothing leaves the machine.
"""

from __future__ import annotations

import json
from typing import Any

from conftest import BODY
from typer.testing import CliRunner

from storyline.cli import app

runner = CliRunner()

ANSWER = ("The council of Larkspur Bay voted on Tuesday to close the old ferry pier after inspectors found rot "
          "in three of its pilings. The pier will be turned into a floating casino, the mayor said.")


def _corpus(write) -> None:
    write("in/a.txt", "Pier closed\nPublished: 2024-03-05\n\n" + BODY)
    write("in/b.txt", "Larkspur Bay pier shut\nPublished: 2024-03-05\n\n" + BODY.replace("Tuesday", "Tuesday evening"))


def _story(tmp_path, *extra: str) -> dict[str, Any]:
    args = ["run", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--db", str(tmp_path / "s.db"), "-q", *extra]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    (story,) = json.loads((tmp_path / "out" / "report.json").read_text())["stories"]
    return story


def test_run_with_llm_keeps_only_verified_sentences(write, tmp_path, fake_chat) -> None:
    _corpus(write)
    chat = fake_chat(ANSWER)
    story = _story(tmp_path, "--llm-url", chat.url, "--llm-model", "fake-model", "--words", "60")
    assert story["summary_mode"]["mode"] == "abstractive" and story["summary_mode"]["model"] == "fake-model"
    texts = [s["text"] for s in story["summary"]]
    assert texts == [ANSWER.split(". ")[0] + "."]  # the invented casino sentence is not supported
    assert story["summary_mode"]["dropped"] == ["The pier will be turned into a floating casino, the mayor said."]
    assert len(story["summary"][0]["citations"]) == 2
    assert chat.paths == ["/v1/chat/completions"] and chat.requests[-1]["model"] == "fake-model"
    assert "at most 60 words" in chat.requests[-1]["messages"][-1]["content"]
    page = next((tmp_path / "out" / "stories").glob("*.html")).read_text()
    assert "Written by fake-model" in page


def test_run_with_unreachable_llm_falls_back_to_extractive(write, tmp_path) -> None:
    _corpus(write)
    story = _story(tmp_path, "--llm-url", "http://127.0.0.1:9", "--llm-model", "x")
    assert story["summary_mode"]["mode"] == "extractive" and "chat endpoint" in story["summary_mode"]["llm_error"]
    assert story["summary"] and all(s["citations"] for s in story["summary"])


def test_words_option_sets_the_budget(write, tmp_path) -> None:
    _corpus(write)
    story = _story(tmp_path, "--words", "20")
    assert story["summary_mode"] == {"mode": "extractive"}
    assert 0 < sum(len(s["text"].split()) for s in story["summary"]) <= 20
