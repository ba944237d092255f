"""Hostile and odd input: nothing crashes, nothing is silently lost, everything stored is valid.

The corpus (``tests/hostile/make_corpus.py``) holds over 90 kinds of bad or odd input and a few good
articles. Inputs that look like URLs point at a local listener, which must see no request.
"""

from __future__ import annotations

import gzip
import json
import os
import socket
import sqlite3
import sys
import threading
from pathlib import Path

import pytest

from storyline import Workspace
from storyline.config import IngestConfig
from storyline.errors import SKIP_REASONS
from storyline.ingest import expand_paths, read_file
from storyline.ingest.guard import clean_str
from storyline.model import Article, Skip

sys.path.insert(0, str(Path(__file__).parent / "hostile"))
from make_corpus import body, make_corpus  # noqa: E402


class Listener:
    """A TCP listener on 127.0.0.1 that counts every connection (and answers nothing useful)."""

    def __init__(self) -> None:
        self.hits: list[bytes] = []
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(1)
                try:
                    self.hits.append(conn.recv(1024) or b"(connected)")
                except OSError:
                    self.hits.append(b"(connected)")
                conn.sendall(b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body><p>"
                             + body("fetched").encode() + b"</p></body></html>")

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self.sock.close()


@pytest.fixture
def listener():
    server = Listener()
    yield server
    server.close()


def _strict(text: str) -> object:
    def refuse(name: str) -> object:
        raise ValueError(f"non-strict JSON constant {name}")

    return json.loads(text, parse_constant=refuse)


def test_hostile_corpus(tmp_path, listener):
    root = tmp_path / "corpus"
    cases = make_corpus(root, listener.url)
    assert len(cases) >= 72
    db = tmp_path / "s.db"
    try:
        with Workspace(db) as ws:
            result = ws.ingest([root])
            articles = ws.articles()
            skips = ws.skips()
    finally:
        os.chmod(root / "locked_dir", 0o755)
    assert listener.hits == [], "an input made a reader fetch a URL"
    assert result.skipped, "the corpus must produce skips"
    for s in skips:
        assert s.reason in SKIP_REASONS, s

    def of(case_name: str) -> tuple[list[Article], list[Skip]]:
        path = clean_str(str(root / case_name))

        def mine(source: str) -> bool:  # the file itself, a record of it (:line #entry [i]) or inside it
            source = clean_str(source)
            return source == path or (source.startswith(path) and source[len(path)] in ":#[/")

        return [a for a in articles if mine(a.source)], [s for s in skips if mine(s.source)]

    problems = []
    for case in cases:
        arts, sks = of(case.name)
        if not arts and not sks:
            problems.append(f"{case.name}: silently lost")
        elif case.expect == "article":
            texts = " ".join(a.text for a in arts)
            missing = [m for m in case.markers if m not in texts]
            if not arts or missing:
                problems.append(f"{case.name}: no article with {missing or case.markers}; skips "
                                f"{[(s.reason, s.line, s.message[:80]) for s in sks]}")
        elif case.expect == "partial" and not any(s.reason in case.reasons for s in sks):
            problems.append(f"{case.name}: want a skip {sorted(case.reasons)} after what could be read, got "
                            f"{[(s.reason, s.message[:80]) for s in sks]}")
        elif case.expect == "either" and case.reasons and any(s.reason not in case.reasons for s in sks):
            problems.append(f"{case.name}: skip reasons {[(s.reason, s.message[:80]) for s in sks]} not in "
                            f"{sorted(case.reasons)}")
        elif case.expect == "skip" and (arts or not sks or any(s.reason not in case.reasons for s in sks)):
            problems.append(f"{case.name}: want skip {sorted(case.reasons)}, got {len(arts)} articles, "
                            f"skips {[(s.reason, s.message[:80]) for s in sks]}")
    assert not problems, "\n".join(problems)

    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT id, metadata, authors, title, source FROM articles").fetchall()
    conn.close()
    assert rows
    for art_id, metadata, authors, title, source in rows:
        assert isinstance(_strict(metadata), dict), art_id
        assert isinstance(_strict(authors), list), art_id
        title.encode("utf-8")
        source.encode("utf-8")


def test_bad_tail_of_jsonl_gz_keeps_the_good_records(tmp_path):
    good = "\n".join(json.dumps({"text": body(f"rec{i}"), "id": f"r{i}"}) for i in range(49))
    path = tmp_path / "batch.jsonl.gz"
    path.write_bytes(gzip.compress(good.encode() + b'\n{"text": "\xff\xfe broken'))
    items = list(read_file(path))
    assert sum(isinstance(i, Article) for i in items) == 49
    assert [(s.reason, s.line) for s in items if isinstance(s, Skip)] == [("malformed_json", 50)]
    whole = gzip.compress(good.encode() + b"\n")
    path.write_bytes(whole[: len(whole) - 40])  # a truncated download
    items = list(read_file(path))
    kept = sum(isinstance(i, Article) for i in items)
    assert 0 < kept < 49
    assert any(isinstance(s, Skip) and s.reason == "unreadable" and "truncated" in s.message for s in items)


def test_gzip_bomb_is_capped(tmp_path):
    member = gzip.compress(b"\x00" * (1 << 20), compresslevel=9)
    path = tmp_path / "bomb.jsonl.gz"
    path.write_bytes(member * 2048)  # 2 MB on disk, 2 GiB inflated
    assert [(s.reason) for s in read_file(path, IngestConfig(max_bytes=5_000_000))] == ["too_large"]


@pytest.mark.parametrize("charset", ["rot13", "zlib", "base64", "hex", "bz2"])
def test_transform_charset_is_not_a_text_encoding(tmp_path, charset):
    path = tmp_path / "p.html"
    path.write_text(f"<html><head><meta charset={charset}></head><body><article><p>{body('cs')}</p>"
                    "</article></body></html>", encoding="utf-8")
    (art,) = list(read_file(path))
    assert isinstance(art, Article) and "zqcs" in art.text


def test_nan_infinity_and_surrogates_are_stored_as_strict_json(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_text('{"text": ' + json.dumps(body("nan")) + ', "score": Infinity, "ratio": NaN, '
                    '"title": "bad \\ud800 title", "published": NaN}\n', encoding="utf-8")
    (art,) = list(read_file(path))
    assert art.metadata["score"] is None and art.metadata["ratio"] is None
    assert "\ufffd" in art.title and art.published is None
    json.dumps(art.metadata, allow_nan=False)


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_calendar_end_dates_are_stored_without_a_crash(tmp_path, day):
    path = tmp_path / "d.jsonl"
    path.write_text(json.dumps({"text": body(day), "published": day}), encoding="utf-8")
    with Workspace(tmp_path / "s.db") as ws:
        assert ws.ingest([path]).ingested == 1
        (art,) = ws.articles()
    assert art.published is None and art.metadata["published_rejected"] == day


def test_deeply_nested_json_line_is_a_named_skip(tmp_path):
    path = tmp_path / "deep.jsonl"
    path.write_text("[" * 100_000 + "]" * 100_000 + "\n" + json.dumps({"text": body("deep")}), encoding="utf-8")
    items = list(read_file(path))
    assert [(s.reason, s.line) for s in items if isinstance(s, Skip)] == [("malformed_json", 1)]
    assert sum(isinstance(i, Article) for i in items) == 1


def test_looping_symlink_and_exclusions_do_not_raise(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    os.symlink("loop.txt", folder / "loop.txt")
    (folder / "good.txt").write_text("Council\n\n" + body("good"), encoding="utf-8")
    found = list(expand_paths([folder], exclude=[tmp_path / "s.db", folder / "loop.txt"]))
    assert folder / "good.txt" in found
    with Workspace(tmp_path / "s.db") as ws:
        result = ws.ingest([folder])
    assert result.ingested == 1 and result.skipped_by_reason() == {"unreadable": 1}


def test_unlistable_folder_leaves_a_skip(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    (folder / "locked").mkdir(parents=True)
    (folder / "good.txt").write_text("Council\n\n" + body("good"), encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path=".", *args, **kwargs):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path, *args, **kwargs)

    monkeypatch.setattr(os, "scandir", scandir)
    found = list(expand_paths([folder]))
    assert folder / "good.txt" in found
    (skip,) = [s for s in found if isinstance(s, Skip)]
    assert skip.reason == "unreadable" and skip.source.endswith("locked")


def test_special_files_are_not_read(tmp_path):
    os.symlink("/dev/zero", tmp_path / "zero.txt")
    os.mkfifo(tmp_path / "pipe.jsonl")
    assert [s.reason for s in read_file(tmp_path / "zero.txt")] == ["not_a_file"]
    assert [s.reason for s in read_file(tmp_path / "pipe.jsonl")] == ["not_a_file"]


def test_non_utf8_file_name_is_stored(tmp_path):
    name = os.fsdecode(b"caf\xe9.txt")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / name).write_text("Council\n\n" + body("latin"), encoding="utf-8")
    with Workspace(tmp_path / "s.db") as ws:
        assert ws.ingest([tmp_path / "in"]).ingested == 1
        (art,) = ws.articles()
    assert "\ufffd" in art.source


@pytest.mark.parametrize("name, content, reason", [
    ("garbage.warc", b"not a warc\n" * 20, "bad_warc"),
    ("empty.rss", b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>',
     "no_articles"),
])
def test_inputs_that_used_to_vanish_leave_a_skip(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    assert [s.reason for s in read_file(path)] == [reason]


def test_reader_error_guard_names_the_exception_and_goes_on(tmp_path, monkeypatch):
    import importlib

    text_reader = importlib.import_module("storyline.ingest.text")
    def boom(*args, **kwargs):
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(text_reader, "read_text", boom)
    path = tmp_path / "a.txt"
    path.write_text("Council\n\n" + body("boom"), encoding="utf-8")
    (skip,) = list(read_file(path))
    assert skip.reason == "reader_error" and "ZeroDivisionError" in skip.message


def test_no_reader_fetches_a_url(tmp_path, listener):
    """htmldate and trafilatura download a string that looks like a URL: they only ever get trees."""
    # No space anywhere and a URL first: the text htmldate's find_date used to download (issue 9).
    nospace = (f"{listener.url}/page\n<html><body><article><p>"
               + "\n".join(body("nospace").replace("\n", " ").split()) + "</p></article></body></html>")
    for name, content in [
        ("nospace.html", nospace),
        ("nospace.jsonl", json.dumps({"html": nospace})),
        ("u.html", f"{listener.url}/page"),
        ("u.jsonl", json.dumps({"html": f"{listener.url}/page", "url": f"{listener.url}/x"})),
        ("u2.jsonl", json.dumps({"html": f"<p>{listener.url}/p</p>", "url": f"{listener.url}/y"})),
        ("u.txt", f"{listener.url}/text\n\n{listener.url}/again"),
    ]:
        (tmp_path / name).write_text(content, encoding="utf-8")
        list(read_file(tmp_path / name))
    from storyline.ingest.html import _htmldate_fallback

    assert _htmldate_fallback(f"{listener.url}/direct", f"{listener.url}/direct") is None
    assert listener.hits == []


def test_feed_content_naming_a_local_file_is_not_opened(tmp_path):
    """feedparser.parse(bytes) opens the bytes as a file name: a feed that names another file must not
    be read as that file."""
    other = tmp_path / "private.rss"
    other.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>Private</title><item>'
                     f"<title>Secret</title><description>{body('secret')}</description></item></channel></rss>",
                     encoding="utf-8")
    feed = tmp_path / "pointer.rss"
    feed.write_text(str(other), encoding="utf-8")
    items = list(read_file(feed))
    assert not any(isinstance(i, Article) for i in items)
    assert [i.reason for i in items if isinstance(i, Skip)] in (["no_articles"], ["bad_feed"])


def test_glob_hands_pipes_to_read_file(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    found = list(expand_paths([str(tmp_path / "*")]))
    assert found == [tmp_path / "pipe.txt"]
    assert [s.reason for s in read_file(found[0])] == ["not_a_file"]
