"""Tests for storyline.dedup: exact hashes, planted near-copies, incremental index, union-find."""

from __future__ import annotations

import json
import random
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

import pytest

from storyline.dedup import (
    DedupConfig,
    MemoryBandStore,
    NearDupIndex,
    band_keys,
    content_hash,
    exact_key,
    group_duplicates,
    match_pairs,
    overlap,
    pack_shingles,
    shingles,
    signature,
    sketch,
    unpack_shingles,
)
from storyline.errors import ConfigError

# Fictional reports written for these tests. FERRY_A and FERRY_B cover the same kind of event (a
# ferry accident) in the same words a desk would use, but they are different events: never duplicates.
FERRY_A = """
The passenger ferry Northern Wren ran aground on a sandbank off Kessel Point early on Tuesday,
leaving 212 people stranded for almost six hours before the tide lifted the vessel free. The
harbour authority said nobody was seriously hurt, although four passengers were treated for mild
hypothermia after standing on the open deck in freezing rain. Captain Ilse Varga told reporters
that a navigation buoy marking the channel had drifted about forty metres during Sunday's storm
and that her crew had followed the charted route exactly. "We did everything by the book, and the
book was wrong," she said. The regional transport minister, Oskar Lindqvist, promised an inquiry
into how often the buoys are inspected and said the ferry company would refund every ticket.
Local fishermen said they had warned the harbour office about the drifting buoy on Monday
afternoon but received no reply. The Northern Wren returned to service on Wednesday morning after
divers found only minor scratches on its hull, and the authority moved the buoy back the same day.
Ticket sales on the Kessel route fell by a third during the rest of the week.
"""

FERRY_B = """
A ferry carrying 87 passengers struck a submerged rock near the island of Dunmarrow on Friday
evening and began taking on water, forcing the crew to beach it on a gravel shore. The coast guard
said all passengers were taken off by lifeboat within an hour and that two crew members suffered
cuts to their hands. The operator, Bay Line Shipping, blamed an engine failure that left the vessel
drifting in a strong current. "The engines stopped and the current did the rest," a company
spokesman said. Islanders opened the village hall overnight and served soup to the stranded
travellers, many of them tourists bound for the summer music festival. The transport ministry said
it would examine the maintenance records of the twenty year old vessel, which had failed an
inspection last spring. Salvage teams expect to refloat the ferry next week once the weather
improves, and replacement sailings will run from the mainland port until then.
"""

COUNCIL = """
The town council of Ashby Vale voted seven to two on Thursday to close the old library on Mill
Street and move its collection into the renovated school building next door. Supporters said the
move would save about ninety thousand a year in heating and repairs, while opponents warned that
older residents would lose a quiet place to read. The mayor, Dorrit Feld, said the reading room
would be kept open on weekday evenings and that no staff would lose their jobs.
"""


def _edit(text: str, rate: float, seed: int) -> str:
    """Substitute, delete or double a share ``rate`` of the words (fixed seed)."""
    rng = random.Random(seed)
    vocab = "harbour river council evening storm crew tide vessel minister island report".split()
    out: list[str] = []
    for word in text.split():
        if rng.random() >= rate:
            out.append(word)
        elif (op := rng.randrange(3)) == 0:
            out.append(rng.choice(vocab))
        elif op == 2:
            out += [word, rng.choice(vocab)]
    return " ".join(out)


def _trim(text: str, keep: float) -> str:
    words = text.split()
    return " ".join(words[: int(len(words) * keep)])


# --- pure functions ----------------------------------------------------------------------------


def test_content_hash_ignores_case_space_and_punctuation_only() -> None:
    base = content_hash("The mayor said: \u201cWe will rebuild.\u201d")
    assert content_hash('the  MAYOR said "we will rebuild"') == base
    assert content_hash("The mayor said: \u201cWe will rebuild it.\u201d") != base
    assert len(base) == 64


def test_shingles_are_stable_across_processes() -> None:
    # Stored shingle hashes must never depend on the process (Python's hash() is salted).
    assert shingles("one two three") == frozenset({13094902326765297474})
    assert shingles("One, two.  THREE!") == shingles("one two three")
    assert len(shingles("one two three four five", n=3)) == 3
    assert len(shingles("just two", n=3)) == 1  # short texts still get one shingle
    assert shingles("  ...  ") == frozenset()


def test_pack_unpack_round_trip() -> None:
    sh = shingles(FERRY_A) | {0, 2**64 - 1}
    blob = pack_shingles(sh)
    assert isinstance(blob, bytes) and len(blob) == 8 * len(sh)
    assert unpack_shingles(blob) == sh
    assert unpack_shingles(pack_shingles(frozenset())) == frozenset()


def test_signature_and_band_keys() -> None:
    sig = signature(shingles(FERRY_A), num_perm=120)
    assert sig.shape == (120,)
    keys = band_keys(sig, num_bands=40)
    assert len(keys) == 40 and len(set(keys)) == 40 and all(len(k) == 10 for k in keys)
    assert keys[3][:2] == b"\x00\x03"  # band index prefix keeps bands from colliding with each other
    assert band_keys(signature(shingles(FERRY_A), num_perm=120), 40) == keys
    assert exact_key(content_hash(FERRY_A))[:2] == b"\xff\xff"


def test_config_validation() -> None:
    with pytest.raises(ConfigError):
        DedupConfig(num_perm=100, num_bands=40)
    assert DedupConfig().fingerprint().startswith("w3-p120-b40-s1-rensa")


# --- planted copies ----------------------------------------------------------------------------


def test_planted_copies_are_found_with_the_right_kind() -> None:
    index = NearDupIndex()
    assert index.add("a", FERRY_A) == []
    assert index.add("b", FERRY_B) == []  # same kind of event, different event
    assert index.add("c", COUNCIL) == []

    exact = index.add("a-exact", FERRY_A.upper().replace(",", " ,"))
    assert [(m.other_id, m.kind, m.jaccard) for m in exact] == [("a", "exact", 1.0)]

    for rate, seed in ((0.05, 1), (0.10, 2)):
        got = index.add(f"a-edit{rate}", _edit(FERRY_A, rate, seed))
        assert [m.other_id for m in got][:2] == ["a", "a-exact"]
        assert {m.kind for m in got} == {"near"}
        assert got[0].jaccard >= 0.4 and "Jaccard" in got[0].reason

    trimmed = index.add("a-trim", _trim(FERRY_A, 0.35))
    hit = next(m for m in trimmed if m.other_id == "a")
    assert hit.kind == "contained" and hit.containment == 1.0 and hit.jaccard < 0.4
    assert "shorter (new)" in hit.reason

    # The unrelated same-topic report never joins the group.
    assert all(m.other_id not in {"b", "c"} for m in index.query(FERRY_A))
    assert index.query(_edit(FERRY_B, 0.05, 3))[0].other_id == "b"


def test_hard_negative_overlap_is_low() -> None:
    jac, con = overlap(shingles(FERRY_A), shingles(FERRY_B))
    assert jac < 0.05 and con < 0.1


def test_longer_article_containing_an_indexed_excerpt() -> None:
    index = NearDupIndex()
    index.add("excerpt", _trim(FERRY_A, 0.5))
    (m,) = index.add("full", FERRY_A)
    assert m.other_id == "excerpt" and m.kind in {"near", "contained"} and m.containment == 1.0


def test_short_texts_are_not_contained_in_everything() -> None:
    index = NearDupIndex()
    index.add("long", FERRY_A)
    assert index.add("line", "The harbour authority said nobody was seriously hurt") == []


def test_empty_text_matches_nothing() -> None:
    index = NearDupIndex()
    assert index.add("e1", "") == [] and index.add("e2", " -- ") == []
    assert sketch("").keys == []


# --- incremental store -------------------------------------------------------------------------


class BytesStore:
    """A BandStore that keeps only bytes, as the SQLite store will, and counts writes."""

    def __init__(self) -> None:
        self.band: dict[bytes, set[str]] = defaultdict(set)
        self.blobs: dict[str, bytes] = {}
        self.writes: list[str] = []

    def candidates(self, keys: Sequence[bytes]) -> set[str]:
        return set().union(*(self.band.get(k, set()) for k in keys))

    def add(self, article_id: str, keys: Sequence[bytes]) -> None:
        self.writes.append(article_id)
        for k in keys:
            self.band[k].add(article_id)

    def shingles(self, article_id: str) -> frozenset[int] | None:
        blob = self.blobs.get(article_id)
        return None if blob is None else unpack_shingles(blob)

    def put_shingles(self, article_id: str, sh: frozenset[int]) -> None:
        self.blobs[article_id] = pack_shingles(sh)


def test_later_batch_matches_earlier_batch_without_re_adding() -> None:
    store = BytesStore()
    first = NearDupIndex(store).add_many([("a", FERRY_A), ("b", FERRY_B), ("a2", _edit(FERRY_A, 0.05, 9))])
    assert [m.other_id for m in first["a2"]] == ["a"] and first["a"] == first["b"] == []
    assert store.writes == ["a", "b", "a2"]

    # A new index object over the same store, as after a restart: old articles are not re-signed.
    later = NearDupIndex(store).add_many([("c", COUNCIL), ("b2", _edit(FERRY_B, 0.1, 4))])
    assert later["c"] == [] and [m.other_id for m in later["b2"]] == ["b"]
    assert store.writes == ["a", "b", "a2", "c", "b2"]

    # Re-adding an indexed id reports its matches but stores nothing and never matches itself.
    again = NearDupIndex(store).add("a2", _edit(FERRY_A, 0.05, 9))
    assert [m.other_id for m in again] == ["a"] and store.writes[-1] == "b2"


def test_query_does_not_store() -> None:
    store = MemoryBandStore()
    index = NearDupIndex(store)
    index.add("a", FERRY_A)
    assert index.query(FERRY_A, exclude="a") == []
    assert [m.kind for m in index.query(FERRY_A)] == ["exact"]
    assert store.shingles("a") is not None and index.add("b", FERRY_A)[0].other_id == "a"


# --- union-find --------------------------------------------------------------------------------


def test_group_duplicates_chains_and_representative() -> None:
    pairs = [("b", "a"), ("c", "b"), ("x", "y"), ("d", "c")]
    groups = group_duplicates(pairs)
    assert groups == {"a": "a", "b": "a", "c": "a", "d": "a", "x": "x", "y": "x"}
    published = {"a": 5, "b": 2, "c": 9, "d": 1, "x": 3, "y": 3}
    by_date = group_duplicates(pairs, key=lambda i: (published[i], i))
    assert by_date["a"] == "d" and by_date["x"] == "x"
    assert group_duplicates([]) == {}


def test_match_pairs_feed_group_duplicates() -> None:
    results = NearDupIndex().add_many([("a", FERRY_A), ("b", _edit(FERRY_A, 0.05, 5)), ("c", FERRY_A)])
    assert sorted(match_pairs(results)) == [("b", "a"), ("c", "a"), ("c", "b")]
    assert set(group_duplicates(match_pairs(results)).values()) == {"a"}


# --- quality gate on real dev texts (read at test time, never copied) -----------------------------

DATASETS = Path(__file__).resolve().parents[2] / "shared" / "datasets"
ECB = DATASETS / "ecbplus_event_clusters" / "documents.jsonl"


@pytest.mark.skipif(not ECB.exists(), reason="ECB+ dev set not available")
def test_ecbplus_planted_copies_gate() -> None:
    docs = [json.loads(line) for line in ECB.open(encoding="utf-8")]
    long_docs = [d for d in docs if len(d["text"].split()) >= 150][::4]
    index = NearDupIndex()
    index.add_many((d["doc_id"], d["text"]) for d in docs)
    found: dict[str, int] = defaultdict(int)
    for i, d in enumerate(long_docs):
        for kind, text in (
            ("edit5", _edit(d["text"], 0.05, i)),
            ("edit10", _edit(d["text"], 0.10, i)),
            ("trim", _trim(d["text"], 0.6)),
        ):
            found[kind] += any(m.other_id == d["doc_id"] for m in index.query(text))
    floors = {"edit5": 1.0, "edit10": 0.95, "trim": 0.95}
    for kind, floor in floors.items():
        assert found[kind] / len(long_docs) >= floor, (kind, found[kind], len(long_docs))

    # Hard negatives: no article may match one about a different event of the same topic.
    event = {d["doc_id"]: d["event_cluster"] for d in docs}
    topic = {d["doc_id"]: d["topic"] for d in docs}
    wrong = [
        (d["doc_id"], m.other_id)
        for d in docs
        for m in index.query(d["text"], exclude=d["doc_id"])
        if topic[m.other_id] == topic[d["doc_id"]] and event[m.other_id] != event[d["doc_id"]]
    ]
    assert wrong == []


# --- compact in-memory store -------------------------------------------------------------------


def test_compact_memory_store_matches_the_plain_bytes_store() -> None:
    """The numpy batch path of MemoryBandStore finds the same matches as the generic per-article path,
    with re-added ids, empty texts, copies inside one batch and single adds mixed in."""
    texts = [FERRY_A, FERRY_B, COUNCIL]
    items = [(f"o{i}", t) for i, t in enumerate(texts)]
    items += [(f"c{i}-{r}", _edit(t, r, i + 7)) for i, t in enumerate(texts) for r in (0.05, 0.1, 0.2)]
    items += [("t", _trim(FERRY_A, 0.4)), ("x", FERRY_A.upper()), ("e", ""), ("o1", FERRY_B), ("o2", FERRY_A)]
    plain, compact = NearDupIndex(BytesStore()), NearDupIndex(MemoryBandStore())
    for start in range(0, len(items), 5):
        batch = items[start:start + 5]
        assert compact.add_many(batch) == plain.add_many(batch)
    assert compact.add("late", _edit(COUNCIL, 0.05, 3)) == plain.add("late", _edit(COUNCIL, 0.05, 3))
    assert compact.query(FERRY_A) == plain.query(FERRY_A)
    assert any(m.kind == "exact" for m in compact.query(FERRY_A))
    assert compact.store.shingles("o0") == shingles(FERRY_A) and compact.store.shingles("nope") is None


def test_compact_store_serves_sketches_computed_elsewhere() -> None:
    """add_sketch (a Spark task's sketch) and add_many (arrays) agree on one MemoryBandStore."""
    index = NearDupIndex(MemoryBandStore())
    assert index.add_sketch("a", sketch(FERRY_A)) == []
    (m,) = index.add_many([("b", _edit(FERRY_A, 0.05, 1))])["b"]
    assert m.other_id == "a" and m.kind == "near"
    (m,) = index.add_sketch("c", sketch(FERRY_A.upper()))[:1]
    assert m.other_id == "a" and m.kind == "exact"


def test_bitmap_bound_never_undercounts_shared_shingles() -> None:
    """The bound that lets the compact store skip candidates is >= the true intersection, down to 0."""
    import numpy as np

    from storyline.lsh_arrays import intersection_bound, shingle_bitmaps

    rng = np.random.default_rng(5)
    pool = np.unique(rng.integers(0, 2**64, size=5000, dtype=np.uint64))
    sets = [np.unique(rng.choice(pool, size=int(rng.integers(0, 1500)))) for _ in range(60)]
    sets += [sets[3][:10], sets[3], np.empty(0, np.uint64)]
    offsets = np.cumsum([0] + [len(s) for s in sets])
    bits = shingle_bitmaps(np.concatenate(sets), offsets)
    a, b = np.divmod(np.arange(len(sets) ** 2), len(sets))
    bound = intersection_bound(bits[a], bits[b], offsets[a + 1] - offsets[a], offsets[b + 1] - offsets[b])
    true = np.array([len(np.intersect1d(sets[i], sets[j])) for i, j in zip(a, b, strict=True)])
    assert (bound >= true).all()
    assert (bound[a == b] == true[a == b]).all()  # a set against itself: exact
