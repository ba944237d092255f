"""The Spark engine gives what the local engine gives: same article ids, duplicate groups, stories (members
and ids), conflicts and summaries — the same report.json to the byte and the same Parquet tables — on the
demo corpus, the seeds and a 2,000-article mix of dev texts, whatever the number of partitions.

One SparkSession (``local[2]``, UI off) serves the whole module. Skipped, saying why, only when pyspark is
not installed or no Java runtime can be found (``make test`` installs both).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import DATASETS, REPO, SEEDS

from storyline.config import load_config
from storyline.engine import Workspace
from storyline.tables import TABLES

pytestmark = pytest.mark.spark

DEMO = REPO / "examples" / "corpus"


@pytest.fixture(scope="module")
def spark() -> Any:
    pytest.importorskip("pyspark", reason="the [spark] extra is not installed: pip install -e '.[spark]'")
    from storyline.engine.spark import SparkSettings, java_available, spark_session

    if not java_available():
        pytest.skip("no Java runtime: `make test` installs default-jre-headless; without it Spark cannot start")
    session = spark_session(SparkSettings(master="local[2]", partitions=2,
                                          conf={"spark.ui.enabled": "false", "spark.sql.shuffle.partitions": "4",
                                                "spark.default.parallelism": "2"}))
    yield session
    session.stop()


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("spark-parity")


@pytest.fixture(scope="module")
def devmix(workdir: Path) -> Path:
    from storyline.eval.devmix import write_dev_mix

    if not (DATASETS / "ecbplus_event_clusters" / "documents.jsonl").is_file():
        pytest.skip(f"{DATASETS} not available")
    folder = workdir / "devmix-input"
    write_dev_mix(DATASETS, folder, 2000)
    return folder


_LOCAL: dict[str, Path] = {}


def _local(name: str, inputs: list[str], workdir: Path) -> Path:
    """The local engine's output folder for ``inputs`` (run once per module)."""
    if name not in _LOCAL:
        out = workdir / f"{name}-local"
        with Workspace(workdir / f"{name}-local.db", load_config()) as ws:
            ws.run(inputs, out)
        _LOCAL[name] = out
    return _LOCAL[name]


def _spark_run(spark: Any, inputs: list[str], out: Path, partitions: int) -> Path:
    from storyline.engine.spark import SparkSettings, SparkWorkspace

    with SparkWorkspace(out.with_suffix(".db"), load_config(), settings=SparkSettings(partitions=partitions),
                        spark=spark) as ws:
        result = ws.run(inputs, out)
    assert result.status == "ok"
    return out


def _assert_same(local: Path, remote: Path) -> None:
    """Equal part by part first (a readable failure), then byte for byte."""
    a = json.loads((local / "report.json").read_text(encoding="utf-8"))
    b = json.loads((remote / "report.json").read_text(encoding="utf-8"))
    assert [x["id"] for x in b["articles"]] == [x["id"] for x in a["articles"]], "article ids"
    assert {x["id"]: (x["duplicate_of"], x["duplicate_kind"]) for x in b["articles"]} == \
        {x["id"]: (x["duplicate_of"], x["duplicate_kind"]) for x in a["articles"]}, "duplicate groups"
    assert {s["id"]: s["articles"] for s in b["stories"]} == {s["id"]: s["articles"] for s in a["stories"]}, \
        "story ids and membership"
    for key in ("conflicts", "summary", "claims", "reuse", "timeline", "quotes"):
        assert {s["id"]: s[key] for s in b["stories"]} == {s["id"]: s[key] for s in a["stories"]}, key
    assert (remote / "report.json").read_bytes() == (local / "report.json").read_bytes()
    pq = pytest.importorskip("pyarrow.parquet")
    for name in TABLES:
        left = pq.read_table(local / "tables" / f"{name}.parquet")
        right = pq.read_table(remote / "tables" / f"{name}.parquet")
        assert right.schema.equals(left.schema, check_metadata=True), name
        assert right.equals(left), f"table {name}"


@pytest.mark.parametrize("partitions", [1, 4])
def test_demo_corpus_same_as_local(spark: Any, workdir: Path, partitions: int) -> None:
    local = _local("demo", [str(DEMO)], workdir)
    # a file:// URI names the same files as the plain path
    remote = _spark_run(spark, [DEMO.as_uri()] if partitions == 4 else [str(DEMO)],
                        workdir / f"demo-spark-{partitions}", partitions)
    _assert_same(local, remote)


@pytest.mark.parametrize("partitions", [1, 4])
def test_seeds_same_as_local(spark: Any, workdir: Path, partitions: int) -> None:
    if not SEEDS.is_dir():
        pytest.skip(f"{SEEDS} not available")
    local = _local("seeds", [str(SEEDS)], workdir)
    _assert_same(local, _spark_run(spark, [str(SEEDS)], workdir / f"seeds-spark-{partitions}", partitions))


def test_dev_mix_of_2000_articles_same_as_local(spark: Any, workdir: Path, devmix: Path) -> None:
    local = _local("devmix", [str(devmix)], workdir)
    report = json.loads((local / "report.json").read_text(encoding="utf-8"))
    assert len(report["articles"]) == 2000
    assert sum(1 for a in report["articles"] if a["duplicate_of"]) > 100  # the mix exercises the dedup stage
    _assert_same(local, _spark_run(spark, [str(devmix)], workdir / "devmix-spark", 2))


def test_serve_reads_a_spark_runs_tables(spark: Any, workdir: Path) -> None:
    pytest.importorskip("fastapi", reason="the [web] extra is not installed")
    from storyline.tables.load import store_from_tables
    from storyline.web.state import SnapshotSource

    out = workdir / "demo-spark-1"
    if not (out / "tables").is_dir():
        out = _spark_run(spark, [str(DEMO)], out, 1)
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    snap = SnapshotSource(str(store_from_tables(out, workdir / "served.db"))).current()
    assert snap.analyses.analysed == 0  # every story's analysis came from the tables
    assert snap.articles == report["articles"]
    assert [snap.story(s["id"]) for s in report["stories"]] == report["stories"]


def test_bad_input_is_skipped_with_its_file_named(spark: Any, workdir: Path) -> None:
    folder = workdir / "bad-input"
    folder.mkdir()
    (folder / "good.txt").write_text("Velmouth council approved the new bridge budget on Monday after a long "
                                     "debate about safety and cost.\n", encoding="utf-8")
    (folder / "broken.jsonl").write_text('{"text": "unterminated\n', encoding="utf-8")
    (folder / "blob.html").write_bytes(b"\x00\x01\x02" * 100)
    from storyline.engine.spark import SparkSettings, SparkWorkspace

    with SparkWorkspace(":memory:", load_config(), settings=SparkSettings(partitions=2), spark=spark) as ws:
        got = ws.ingest([str(folder), "hdfs-less/missing/path"])
    assert got.ingested == 1
    sources = {s.source for s in got.skipped}
    assert any(s.endswith("broken.jsonl") for s in sources)
    assert any(s.endswith("blob.html") for s in sources)
    assert any("missing" in s for s in sources)


def test_hadoop_listing_and_remote_fetch_match_local_reading(spark: Any) -> None:
    """The Hadoop-URI path (listing through the JVM's FileSystem, reading through pyarrow) on file:// URIs
    gives the files and articles that the local path gives (WARC streaming: tests/test_remote_inputs.py)."""
    from storyline.engine.spark import sources
    from storyline.ingest import expand_paths, read_file

    listed, skip = sources._list_hadoop(spark, DEMO.as_uri())
    assert skip is None
    assert [Path(u.removeprefix("file:")).name for u in listed] == [p.name for p in expand_paths([DEMO])]
    html = next(p for p in DEMO.iterdir() if p.suffix == ".html")
    fetched = list(sources.read_remote(html.as_uri(), load_config().ingest))
    assert [a.id for a in fetched] == [a.id for a in read_file(html)]
    assert all(a.source.startswith(html.as_uri()) for a in fetched)
    missing = list(sources.read_location("hdfs://nowhere.invalid:1/news/x.warc.gz",
                                         load_config().ingest))
    assert len(missing) == 1 and missing[0].reason == "unreadable" and "x.warc.gz" in missing[0].source
