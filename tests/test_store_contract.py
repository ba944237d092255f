"""The Store protocol's contract, checked on every backend: SQLite (file) and the in-memory store.

Each test runs once per backend and asserts what any store must do: round trips, idempotence, ordering
and what happens on conflicts. A whole ``Workspace.run`` on the memory store gives SQLite's report.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from storyline.errors import StoreError
from storyline.model import Article, InputFile, Skip, StoryFailure
from storyline.store import DuplicatePair, Membership, MemoryStore, SQLiteStore, Store

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(params=["sqlite", "memory"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    st: Store = SQLiteStore(tmp_path / "s.db") if request.param == "sqlite" else MemoryStore()
    yield st
    st.close()


def art(aid: str, text: str | None = None, published: dt.date | None = None, **kw: object) -> Article:
    body = text if text is not None else f"Body of {aid}. " * 5
    return Article(id=aid, source=f"{aid}.txt", text=body, content_hash=kw.pop("content_hash", f"h-{body}"),  # type: ignore[arg-type]
                   published=published, **kw)  # type: ignore[arg-type]


# -- runs -------------------------------------------------------------------------------------------
def test_runs_are_numbered_from_one_and_keep_their_stats(store: Store) -> None:
    first, second = store.start_run("ingest"), store.start_run("run")
    assert (first, second) == (1, 2)
    store.finish_run(first, {"files": 3, "skipped": {"binary": 1}, "ratio": float("nan")})
    store.finish_run(99, {"ignored": True})  # an unknown run changes nothing
    runs = store.runs()
    assert [(r.run_id, r.command) for r in runs] == [(1, "ingest"), (2, "run")]
    assert runs[0].stats == {"files": 3, "skipped": {"binary": 1}, "ratio": "nan"}  # strict JSON
    assert runs[0].finished_at is not None and runs[0].finished_at >= runs[0].started_at
    assert runs[1].finished_at is None and runs[1].stats == {}


# -- articles ----------------------------------------------------------------------------------------
def test_search_finds_every_word_ranks_titles_first_and_never_fails_on_syntax(store: Store) -> None:
    from storyline.store.records import HIT_END, HIT_START

    store.put_batch([
        art("a1", "The ferry timetable changed on Monday. Nothing about bridges here at all.", title="Ferry news"),
        art("a2", "Engineers found a crack in the Ostler bridge; the bridge stays closed, said the council.",
            title="Ostler Bridge closed"),
        art("a3", "A crack in the pavement was repaired. The bridge club met as usual.", title="Club notes"),
        art("a4", "Der Brückenbau in Zürich geht weiter.", title="Zürich"),
    ])
    hits = store.search("bridge crack")
    assert [h.article_id for h in hits] == ["a2", "a3"]  # both words needed; the title match ranks first
    assert hits[0].title == "Ostler Bridge closed" and hits[0].score >= hits[1].score
    assert f"{HIT_START}crack{HIT_END}" in hits[0].snippet
    assert [h.article_id for h in store.search("ZURICH")] == ["a4"]  # case and accents folded
    for hostile in ('"', "bridge AND", "NEAR(", "*", "title:x", "a OR", ")"):
        store.search(hostile)  # operators are words to find, never a syntax error
    assert store.search("") == [] and store.search("   ") == []
    assert len(store.search("the", limit=1)) == 1


def test_article_round_trip_keeps_every_field(store: Store) -> None:
    a = art("a1", published=dt.date(2024, 3, 5), title="Pier closed", url="https://x.test/a", outlet="Gazette",
            authors=["Ann Lee"], published_source="html-meta", published_confidence=0.85, language="en",
            metadata={"feed": {"id": 7}, "tags": ["a", "b"]})
    assert store.put_batch([a]) == (["a1"], [])
    got = store.get("a1")
    assert got == a
    assert store.get("missing") is None
    got.metadata["feed"]["id"] = 8  # a returned article is the caller's copy
    assert store.get("a1").metadata == {"feed": {"id": 7}, "tags": ["a", "b"]}
    assert store.count() == 1


def test_values_are_cleaned_to_strict_json_and_utf8(store: Store) -> None:
    a = art("a1", title="broken \ud800 title", metadata={"score": float("nan"), "n": [float("-inf")]})
    store.put_batch([a])
    got = store.get("a1")
    assert got.title == "broken \ufffd title"
    assert got.metadata == {"score": "nan", "n": ["-inf"]}


def test_put_batch_is_idempotent_and_keeps_ingestion_order(store: Store) -> None:
    batch = [art("b"), art("a"), art("c")]
    assert store.put_batch(batch) == (["b", "a", "c"], [])
    assert store.put_batch([art("a"), art("d")]) == (["d"], ["a"])
    assert [a.id for a in store.articles()] == ["b", "a", "c", "d"]
    assert store.count() == 4


def test_same_id_with_other_content_is_kept_under_a_new_id(store: Store) -> None:
    first = art("s1", text="First report of the fire. " * 5, content_hash="aaaa1111")
    other = art("s1", text="A different article. " * 5, content_hash="bbbb2222")
    assert store.put_batch([first]) == (["s1"], [])
    assert store.put_batch([other]) == (["s1~bbbb2222"], [])
    assert store.get("s1~bbbb2222").metadata == {"id_conflict": "s1"}
    assert store.get("s1").text == first.text
    assert store.put_batch([other]) == ([], ["s1~bbbb2222"])  # the renamed copy is then "already stored"


def test_exact_duplicates_point_at_the_earliest_copy(store: Store) -> None:
    late = art("late", text="same words " * 10, published=dt.date(2024, 3, 7))
    undated = art("undated", text="same words " * 10)
    store.put_batch([late, undated])
    assert store.get("undated").duplicate_of == "late" and store.get("late").duplicate_of is None
    early = art("early", text="same words " * 10, published=dt.date(2024, 3, 5))
    store.put_batch([early, art("other")])  # a later batch holds the earliest copy: every mark moves to it
    assert {a.id: a.duplicate_of for a in store.articles()} == {
        "late": "early", "undated": "early", "early": None, "other": None}
    assert [a.id for a in store.articles(include_duplicates=False)] == ["early", "other"]
    assert store.duplicates_among(["other", "undated", "late", "early", "nope"]) == ["late", "undated"]


def test_a_failing_batch_leaves_nothing(store: Store) -> None:
    good = art("x1")
    bad = art("x2")
    bad.text = None  # type: ignore[assignment]
    run = store.start_run("ingest")
    with pytest.raises(Exception):  # noqa: B017,PT011 - each backend names the bad field its own way
        store.put_batch([good, bad], [Skip("f.jsonl", "malformed_json", "broken", 2)], run,
                        [InputFile("/in/f.jsonl", 10, 1, "ab", 1)])
    assert store.count() == 0 and store.skips() == [] and store.input_file("/in/f.jsonl") is None
    assert store.put_batch([good]) == (["x1"], [])


# -- skips and input files ----------------------------------------------------------------------------
def test_skips_by_run_oldest_first(store: Store) -> None:
    r1, r2 = store.start_run("ingest"), store.start_run("ingest")
    store.put_batch([], [Skip("a.bin", "binary", "binary file"), Skip("b.jsonl", "malformed_json", "bad", 3)], r1)
    store.put_batch([], [Skip("c\udcff.txt", "too_short", "short")], r2)
    assert store.skips(r1) == [Skip("a.bin", "binary", "binary file"), Skip("b.jsonl", "malformed_json", "bad", 3)]
    assert [s.source for s in store.skips()] == ["a.bin", "b.jsonl", "c\ufffd.txt"]
    assert [s.reason for s in store.skips(r2)] == ["too_short"]


def test_input_files_are_replaced_and_forgotten(store: Store) -> None:
    store.put_batch([], files=[InputFile("/in/a.txt", 10, 1, "aa", 1)])
    store.put_batch([], files=[InputFile("/in/a.txt", 12, 2, "bb", 2), InputFile("/in/b.txt", 5, 3, "cc", 0)])
    assert store.input_file("/in/a.txt") == InputFile("/in/a.txt", 12, 2, "bb", 2)
    assert store.input_file("/in/b.txt") == InputFile("/in/b.txt", 5, 3, "cc", 0)
    assert store.input_file("/in/c.txt") is None
    store.forget_input_files()
    assert store.input_file("/in/a.txt") is None and store.input_file("/in/b.txt") is None


# -- transactions, lock, files --------------------------------------------------------------------------
def test_transactions_nest_and_roll_back_only_what_raised(store: Store) -> None:
    with store.transaction():
        store.put_batch([art("kept")])
        with pytest.raises(RuntimeError), store.transaction():
            store.put_batch([art("undone")])
            raise RuntimeError("inner block fails")
    assert [a.id for a in store.articles()] == ["kept"]
    with pytest.raises(RuntimeError), store.transaction():
        store.put_batch([art("gone")])
        store.add_duplicate_pairs([DuplicatePair("gone", "kept", "near", 0.9, 0.95, "r")])
        raise RuntimeError("outer block fails")
    assert [a.id for a in store.articles()] == ["kept"] and store.duplicate_pairs() == []
    assert store.put_batch([art("gone")]) == (["gone"], [])


def test_writer_lock_and_own_files(store: Store) -> None:
    with store.writer_lock():
        store.put_batch([art("a")])
    with store.writer_lock():  # released: it can be taken again
        pass
    own = store.own_files()
    if isinstance(store, SQLiteStore):
        assert store.path in own and store.path + "-wal" in own and store.path + ".lock" in own
    else:
        assert own == []


# -- near-duplicate index ---------------------------------------------------------------------------
def test_dedup_settings_are_fixed_on_first_use(store: Store) -> None:
    store.check_dedup_settings("perm=120 bands=40")
    store.check_dedup_settings("perm=120 bands=40")
    with pytest.raises(StoreError, match="perm=120 bands=40"):
        store.check_dedup_settings("perm=64 bands=16")


def test_band_store_and_unindexed_articles(store: Store) -> None:
    store.put_batch([art("a"), art("b"), art("c")])
    assert store.unindexed_count() == 3
    assert store.unindexed_articles(2) == [("a", store.get("a").text), ("b", store.get("b").text)]
    bands = store.band_store()
    with store.transaction():
        bands.put_shingles("a", frozenset({1, 2, 3}))
        bands.add("a", [b"k1", b"k2"])
        bands.put_shingles("b", frozenset({2, 3}))
        bands.add("b", [b"k2"])
    assert bands.shingles("a") == frozenset({1, 2, 3}) and bands.shingles("c") is None
    assert bands.candidates([b"k2"]) == {"a", "b"} and bands.candidates([b"k1", b"zz"]) == {"a"}
    assert bands.candidates([]) == set()
    assert store.unindexed_count() == 1 and store.unindexed_articles(10) == [("c", store.get("c").text)]


def test_duplicate_pairs_are_replaced_and_sorted(store: Store) -> None:
    store.add_duplicate_pairs([DuplicatePair("c", "a", "near", 0.8, 0.9, "first"),
                               DuplicatePair("b", "a", "contained", 0.5, 1.0, "trimmed")])
    store.add_duplicate_pairs([DuplicatePair("c", "a", "exact", 1.0, 1.0, "again")])
    assert store.duplicate_pairs() == [DuplicatePair("b", "a", "contained", 0.5, 1.0, "trimmed"),
                                       DuplicatePair("c", "a", "exact", 1.0, 1.0, "again")]


def test_representatives_and_publication_dates(store: Store) -> None:
    store.put_batch([art("a", published=dt.date(2024, 1, 2)), art("b"), art("c", published=dt.date(2024, 1, 1))])
    assert store.publication_dates() == [("a", dt.date(2024, 1, 2)), ("b", None), ("c", dt.date(2024, 1, 1))]
    store.set_representatives({"a": "c", "b": "c", "c": None, "ghost": "c"})
    assert store.get("a").near_duplicate_of == "c" and store.get("c").near_duplicate_of is None
    assert store.representatives(["a", "b", "c", "ghost"]) == {"a": "c", "b": "c", "c": "c"}
    store.set_representatives({"b": None})
    assert store.representatives(["b"]) == {"b": "b"}


# -- stories -------------------------------------------------------------------------------------------
def test_unassigned_articles_in_publication_order(store: Store) -> None:
    store.put_batch([
        art("late", published=dt.date(2024, 5, 2), title="Late", outlet="Gazette"),
        art("undated", metadata={"non_article": "paywall"}),
        art("early", published=dt.date(2024, 5, 1)),
        art("copy", text=f"Body of late. {'x' * 3}", metadata={"non_article": True}),
        art("same", text="Body of late. " * 5, published=dt.date(2024, 5, 3)),
    ])
    rows = store.unassigned_articles()
    assert [r.article_id for r in rows] == ["early", "late", "same", "undated", "copy"]
    by_id = {r.article_id: r for r in rows}
    assert (by_id["late"].title, by_id["late"].outlet, by_id["late"].published) == ("Late", "Gazette",
                                                                                     dt.date(2024, 5, 2))
    assert by_id["early"].title == "" and by_id["early"].outlet == "" and by_id["early"].non_article is None
    assert by_id["same"].representative == "late" and by_id["late"].representative is None
    assert by_id["undated"].non_article == "paywall" and by_id["copy"].non_article == "1"
    store.set_representatives({"early": "late"})
    assert {r.article_id: r.representative for r in store.unassigned_articles()}["early"] == "late"


def _members() -> list[Membership]:
    return [
        Membership("a", "s1", 0.2, "z", True, ("pier",), ("z",), 0.1, False),
        Membership("b", "s1", 0.9, "a", False, ("pier", "council"), ("a",), 0.6, True),
        Membership("c", "s1", 1.0, "a", terms=(), duplicate_of="a"),
        Membership("d", "s2", 0.0, None, True, non_article="paywall"),
    ]


def test_memberships_round_trip_with_headline_fields(store: Store) -> None:
    store.put_batch([art("a", title="Pier closed", published=dt.date(2024, 1, 3), outlet="Gazette"),
                     art("b", metadata={"title_derived": True}), art("c", text="Body of a. " * 5), art("d")])
    assert store.story_state() is None
    store.add_memberships(_members(), [], b"state-1")
    assert store.story_state() == b"state-1"
    rows = store.story_members()
    assert [r.membership for r in rows] == _members()
    assert store.stories_of(["a", "d", "zz"]) == {"a": "s1", "d": "s2"}
    head = rows[0]
    assert (head.title, head.outlet, head.published, head.is_duplicate, head.title_derived) == (
        "Pier closed", "Gazette", dt.date(2024, 1, 3), False, False)
    assert rows[1].title_derived and rows[2].is_duplicate
    assert [r.membership.article_id for r in store.story_members("s2")] == ["d"]
    assert store.story_members("nope") == []
    assert store.unassigned_articles() == []


def test_merges_move_stored_members_and_are_remembered(store: Store) -> None:
    store.put_batch([art(x) for x in "abcde"])
    store.add_memberships(_members(), [], b"1")
    store.add_memberships([Membership("e", "s1", 0.7, "a")], [("s1", "s2")], b"2")
    assert store.stories_of("abcde") == dict.fromkeys("abcde", "s1")
    assert store.merged_stories() == {"s2": "s1"}
    assert store.story_state() == b"2"


def test_assigning_an_article_twice_is_refused_whole(store: Store) -> None:
    store.put_batch([art("a"), art("b")])
    store.add_memberships([Membership("a", "s1", 0.5, None, True)], [], b"1")
    with pytest.raises(StoreError):
        store.add_memberships([Membership("b", "s1", 0.5, "a"), Membership("a", "s9", 0.5, None, True)], [], b"2")
    assert store.stories_of(["a", "b"]) == {"a": "s1"} and store.story_state() == b"1"


# -- per-story analysis ---------------------------------------------------------------------------------
def test_analysis_cache_keeps_one_entry_per_story(store: Store) -> None:
    assert store.cached_analysis("k1") is None
    store.put_analysis("k1", "s1", b"one")
    store.put_analysis("k9", "s9", b"nine")
    store.put_analysis("k1", "s1", b"one again")  # same key: replaced
    assert store.cached_analysis("k1") == b"one again"
    store.put_analysis("k2", "s1", b"two")  # a new key of the same story drops the old one
    assert store.cached_analysis("k1") is None and store.cached_analysis("k2") == b"two"
    assert store.cached_analysis("k9") == b"nine"


def test_failures_by_run_oldest_first(store: Store) -> None:
    r1, r2 = store.start_run("run"), store.start_run("run")
    store.record_failure(r1, StoryFailure("s1", "align", "ValueError", "bad span"))
    store.record_failure(r2, StoryFailure("s2", "claims", "KeyError", "'x' \ud800"))
    store.record_failure(None, StoryFailure("s3", "summary", "RuntimeError", "boom"))
    assert store.failures(r1) == [StoryFailure("s1", "align", "ValueError", "bad span")]
    assert [f.story_id for f in store.failures()] == ["s1", "s2", "s3"]
    assert store.failures(r2)[0].message == "'x' \ufffd"


# -- the whole pipeline ---------------------------------------------------------------------------------
def test_a_whole_run_on_the_memory_store_matches_sqlite(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from storyline.config import load_config
    from storyline.engine import Workspace

    monkeypatch.setenv("STORYLINE_ANALYSIS_WORKERS", "1")
    corpus = REPO / "examples" / "corpus"
    reports = []
    for name, ws in (("sqlite", Workspace(tmp_path / "s.db", load_config())),
                     ("memory", Workspace(config=load_config(), store=MemoryStore()))):
        with ws:
            result = ws.run([corpus], tmp_path / name)
            again = ws.run([corpus], tmp_path / f"{name}-again")  # incremental: nothing parsed or analysed again
        assert result.status == "ok" and result.analysed == len(result.stories) > 1
        assert again.ingest.unchanged_files > 0 and again.analysed == 0 and again.reused == len(result.stories)
        report = json.loads((tmp_path / name / "report.json").read_text())
        report.pop("run")
        reports.append(report)
    assert reports[0] == reports[1]
