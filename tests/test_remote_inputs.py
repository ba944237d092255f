"""Remote inputs of the Spark engine, read the way an executor reads them (pyarrow filesystems by URI).

``file://`` URIs go through :func:`storyline.engine.spark.sources.read_remote` exactly as ``hdfs://`` and
``s3a://`` ones do on a cluster (no HDFS or S3 can be run in the test environment). A WARC(.gz) archive is
streamed record by record — no scratch copy, the first article before the archive has been read to its end
— and gives what the local reader gives for the same file. No Spark session is needed. The pages are
written for these tests.
"""

from __future__ import annotations

import gzip
import json
import random
import sys
from pathlib import Path
from typing import Any

import pytest

from storyline.config import IngestConfig
from storyline.ingest import read_file
from storyline.model import Article, Skip

pytest.importorskip("pyarrow")
pytest.importorskip("warcio")

from storyline.engine.spark import sources  # noqa: E402 - needs pyarrow (the [spark] extra)

sys.path.insert(0, str(Path(__file__).parent / "hostile"))
from make_corpus import warc_bytes  # noqa: E402

_WORDS = ("harbour", "council", "ferry", "budget", "bridge", "strike", "rosters", "commuters", "estuary",
          "timetable", "deckhands", "union", "inspectors", "weekend", "crossing", "tide", "quay", "pier")


def _page(n: int, words: int) -> bytes:
    rng = random.Random(n)
    paras = []
    for _ in range(max(1, words // 60)):
        paras.append("<p>" + " ".join(rng.choice(_WORDS) for _ in range(60)).capitalize() + ".</p>")
    return (f"<html><head><title>Vellan ferry report {n}</title><meta charset='utf-8'></head><body><article>"
            f"<h1>Vellan ferry report {n}</h1>{''.join(paras)}</article></body></html>").encode()


def _crawl(pages: int = 12, words: int = 3000) -> list[tuple[str, str, bytes]]:
    out = [(f"https://estuary.example/{n}", "text/html; charset=utf-8", _page(n, words)) for n in range(pages)]
    out.insert(3, ("https://estuary.example/style.css", "text/css", b"body{}"))
    return out


def _same(remote: list[Article | Skip], local: list[Article | Skip], path: Path, uri: str) -> None:
    assert [type(i) for i in remote] == [type(i) for i in local]
    for r, lo in zip(remote, local, strict=True):
        assert r.source == lo.source.replace(str(path), uri)
        if isinstance(r, Article):
            assert isinstance(lo, Article)
            assert (r.id, r.text, r.title, r.url) == (lo.id, lo.text, lo.title, lo.url)
        else:
            assert isinstance(lo, Skip) and r.reason == lo.reason


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_remote_warc_gives_what_the_local_reader_gives(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(warc_bytes(_crawl(), gz=name.endswith(".gz")))
    remote = list(sources.read_remote(path.as_uri(), IngestConfig()))
    assert sum(isinstance(i, Article) for i in remote) == 12
    _same(remote, list(read_file(path)), path, path.as_uri())


class _Counting:
    """A pyarrow input stream that counts the bytes handed out."""

    def __init__(self, stream: Any, seen: list[int]) -> None:
        self.stream, self.seen = stream, seen

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.seen[0] += len(data)
        return data

    def __enter__(self) -> _Counting:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stream.close()


def test_remote_warc_is_streamed_not_copied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.warc.gz"
    path.write_bytes(warc_bytes(_crawl(pages=40, words=6000), gz=True))
    size = path.stat().st_size
    real = sources._filesystem
    seen = [0]

    def counting(uri: str) -> tuple[Any, str]:
        fs, p = real(uri)

        class _FS:
            def get_file_info(self, q: str) -> Any:
                return fs.get_file_info(q)

            def open_input_stream(self, q: str, compression: str | None = "detect") -> _Counting:
                assert compression is None  # raw bytes: warcio inflates record by record
                return _Counting(fs.open_input_stream(q, compression=compression), seen)

        return _FS(), p

    monkeypatch.setattr(sources, "_filesystem", counting)

    def no_scratch(*a: object, **k: object) -> str:
        raise AssertionError("a WARC archive must not be copied to local scratch")

    monkeypatch.setattr(sources.tempfile, "mkdtemp", no_scratch)
    items = sources.read_remote(path.as_uri(), IngestConfig())
    first = next(items)
    assert isinstance(first, Article)
    assert seen[0] < size / 4  # the first article arrived long before the archive was read through
    rest = list(items)
    assert sum(isinstance(i, Article) for i in [first, *rest]) == 40
    assert seen[0] == size  # and the whole archive was read once (the gzip check sees every byte)


def test_truncated_remote_warc_is_reported_like_a_local_one(tmp_path: Path) -> None:
    data = warc_bytes(_crawl(pages=6, words=2000), gz=True)
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[: len(data) * 2 // 3])
    remote = list(sources.read_remote(path.as_uri(), IngestConfig()))
    local = list(read_file(path))
    assert any(isinstance(i, Skip) and i.reason == "bad_warc" for i in remote)
    _same(remote, local, path, path.as_uri())
    garbage = tmp_path / "junk.warc.gz"
    garbage.write_bytes(data + b"\x1f\x8b\x08garbage" * 20)
    _same(list(sources.read_remote(garbage.as_uri(), IngestConfig())), list(read_file(garbage)), garbage,
          garbage.as_uri())


def test_remote_limits_and_missing_files(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(warc_bytes(_crawl(pages=2, words=500), gz=True))
    (too_big,) = sources.read_remote(path.as_uri(), IngestConfig(max_bytes=100))
    assert isinstance(too_big, Skip) and too_big.reason == "too_large"
    empty = tmp_path / "empty.warc.gz"
    empty.write_bytes(b"")
    assert [s.reason for s in sources.read_remote(empty.as_uri(), IngestConfig())] == ["empty"]
    (missing,) = sources.read_remote((tmp_path / "gone.warc.gz").as_uri(), IngestConfig())
    assert isinstance(missing, Skip) and missing.reason == "unreadable" and "gone.warc.gz" in missing.source


def test_remote_jsonl_gz_is_read_raw_not_inflated_twice(tmp_path: Path) -> None:
    rows = [{"id": f"r{n}", "title": f"Report {n}", "text": _page(n, 200).decode()} for n in range(3)]
    path = tmp_path / "feed.jsonl.gz"
    path.write_bytes(gzip.compress("\n".join(json.dumps(r) for r in rows).encode()))
    remote = list(sources.read_remote(path.as_uri(), IngestConfig()))
    assert [a.id for a in remote if isinstance(a, Article)] == ["r0", "r1", "r2"]
    _same(remote, list(read_file(path)), path, path.as_uri())
