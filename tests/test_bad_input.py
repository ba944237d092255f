"""Bad input never stops a run: each case is skipped with a reason naming the file (and line)."""

import json

from conftest import BODY

from storyline.config import IngestConfig
from storyline.engine import Workspace
from storyline.ingest import read_file
from storyline.model import Skip


def reasons(path, **cfg):
    return [(i.reason, i.line) for i in read_file(path, IngestConfig(**cfg)) if isinstance(i, Skip)]


def test_empty_file(write):
    assert reasons(write("e.txt", "")) == [("empty", None)]
    assert reasons(write("w.txt", "  \n\n ")) == [("empty", None)]


def test_binary_file(write):
    assert reasons(write("b.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))) == [("binary", None)]


def test_undecodable_bytes(write):
    assert reasons(write("u.txt", bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D]) * 40 + b"\xff\xfe\xfa" * 40)) in (
        [("undecodable", None)], [("binary", None)])


def test_cp1252_without_declaration_is_decoded(write):
    text = ("Caf\u00e9 owners \u201cwelcome\u201d the pier decision \u2014 " + BODY).encode("cp1252")
    (a,) = [i for i in read_file(write("c.txt", text)) if not isinstance(i, Skip)]
    assert "Caf\u00e9" in a.text and "\u201cwelcome\u201d" in a.text


def test_too_large(write):
    assert reasons(write("big.txt", "Title\n\n" + BODY * 50), max_bytes=1000) == [("too_large", None)]


def test_unknown_extension(write):
    assert reasons(write("x.pdf", b"%PDF-1.4")) == [("unknown_format", None)]


def test_too_short(write):
    assert reasons(write("s.txt", "Hi\n\nok")) == [("too_short", None)]


def test_malformed_jsonl_lines_reported_with_line_numbers(write):
    good = json.dumps({"text": BODY, "title": "t"})
    path = write("m.jsonl", "\n".join([good, "{oops", "[1,2]", good.replace("Tuesday", "Friday")]))
    assert reasons(path) == [("malformed_json", 2), ("malformed_json", 3)]


def test_run_goes_on_and_summarises(write, tmp_path):
    write("in/good.txt", "Pier closed\n\n" + BODY)
    write("in/empty.txt", "")
    write("in/bin.txt", b"\x00\x01\x02" * 100)
    write("in/notes.pdf", b"%PDF")
    write("in/lines.jsonl", json.dumps({"text": BODY + " Again."}) + "\n{bad\n")
    with Workspace(tmp_path / "s.db") as ws:
        result = ws.ingest([tmp_path / "in", tmp_path / "missing-folder"])
        assert result.ingested == 2
        assert result.skipped_by_reason() == {
            "empty": 1, "binary": 1, "unknown_format": 1, "malformed_json": 1, "unreadable": 1}
        stored = ws.store.skips()
        assert len(stored) == 5 and any(s.line == 2 and s.source.endswith("lines.jsonl") for s in stored)
