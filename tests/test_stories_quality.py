"""Story clustering: quality gates on the dev datasets, incrementality, state round trips, metrics.

The dataset gates read third-party data from ``../shared/datasets`` at run time (never copied here) and
skip when it is absent. The unit tests use small fictional articles written for this project.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

from storyline.eval.metrics import ari, bcubed, prf
from storyline.eval.stories import evaluate_pages, evaluate_stories, parse_date
from storyline.stories.cluster import StoryClusterer, StoryConfig, StoryDoc
from storyline.stories.model import StoryModel

# measured 2026-12-06 (stream base-rate shift with prior_gain 2, stories/prior.py): ECB+ 0.8832, BASIL
# 0.9805, UCI 0.8573, realworld_pages 0.9617 (precision 0.954; 0.9447 / 0.8996 at gain 1, 0.9224 / 0.86
# without the shift). The goal for realworld_pages is F1 >= 0.96 with precision >= 0.95.
FLOOR_ECB, FLOOR_BASIL, FLOOR_UCI, FLOOR_REAL_F1, FLOOR_REAL_P = 0.875, 0.975, 0.85, 0.955, 0.945
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DATASETS = SHARED / "datasets"

# (file, fields, pinned B-cubed F1 floor). In-sample floors of the default model (fitted on all four dev
# sets, see benchmarks/stories_fit.py), a little under the measured score; the leave-one-dataset-out
# numbers that judge the model are in benchmarks/RESULTS.md.
GATES = {
    "ecbplus": (
        "ecbplus_event_clusters/documents.jsonl",
        {"text_field": "text", "label_field": "event_cluster", "title_field": "title",
         "date_field": "date", "id_field": "doc_id"},
        FLOOR_ECB,
    ),
    "basil": (
        "basil_event_triplets/documents.jsonl",
        {"text_field": "text", "label_field": "event_id", "title_field": "title",
         "date_field": "date", "id_field": "doc_id"},
        FLOOR_BASIL,
    ),
    "uci": (
        "uci_news_aggregator_sample/articles.jsonl",
        {"text_field": "title", "label_field": "story", "date_field": "timestamp", "id_field": "id"},
        FLOOR_UCI,
    ),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(GATES))
def test_quality_gate(name: str) -> None:
    rel, fields, floor = GATES[name]
    path = DATASETS / rel
    if not path.is_file():
        pytest.skip(f"dataset not available: {path}")
    result = evaluate_stories(path, **fields)
    assert result["bcubed_f1"] >= floor, result
    for key in ("bcubed_precision", "bcubed_recall", "ari", "n_docs", "n_pred_clusters",
                "n_gold_clusters", "seconds", "docs_per_s"):
        assert key in result


@pytest.mark.slow
def test_quality_gate_realworld_pages_through_the_pipeline() -> None:
    # ingest of the saved pages -> duplicates -> assign_stories, scored by file name against events.jsonl
    folder = DATASETS / "realworld_pages"
    if not (folder / "events.jsonl").is_file():
        pytest.skip(f"dataset not available: {folder}")
    result = evaluate_pages(folder / "pages", folder / "events.jsonl", "event", "file", progress=None)
    assert result["n_docs"] == 181
    assert result["bcubed_f1"] >= FLOOR_REAL_F1 and result["bcubed_precision"] >= FLOOR_REAL_P, result


# -- fictional fixtures ---------------------------------------------------------------------------
DAY = dt.datetime(2031, 5, 4, 9, 0, tzinfo=dt.UTC)

BRIDGE = [
    "The Velmora harbour bridge was closed on Monday after inspectors found a long crack in its "
    "northern span. Mayor Ilse Varga said ferries would carry commuters until engineers finish repairs.",
    "Inspectors closed the Velmora harbour bridge after discovering a crack in the northern span, "
    "Mayor Ilse Varga told reporters. Extra ferries will run while engineers assess the damage.",
    "Commuters queued for ferries in Velmora as the harbour bridge stayed shut; engineers said the crack "
    "in the northern span could take weeks to repair, according to Mayor Ilse Varga.",
    "Engineers began repairs on the cracked northern span of the Velmora harbour bridge, which Mayor "
    "Ilse Varga closed after inspectors found the crack. Ferries carry commuters meanwhile.",
]
ORCHID = [
    "Botanists at the Quellmar Gardens announced a new orchid species, Dendrobium aurelis, found on the "
    "slopes of Mount Tessaly. Curator Otto Brandis said the golden petals were unlike any known orchid.",
    "A golden orchid from Mount Tessaly, named Dendrobium aurelis, is a new species, the Quellmar Gardens "
    "said. Curator Otto Brandis described petals unlike any other orchid in the collection.",
    "Dendrobium aurelis, the golden orchid discovered on Mount Tessaly, goes on show at the Quellmar "
    "Gardens next month, curator Otto Brandis said after botanists confirmed the new species.",
]
CHESS = [
    "Grandmaster Nadia Koval won the Ostrava chess open with a queen sacrifice in the final round against "
    "Pieter Lund, taking the title and a prize of 40,000 crowns.",
    "Nadia Koval sacrificed her queen against Pieter Lund in the last round to win the Ostrava chess "
    "open and its 40,000-crown prize, organisers said.",
]


def _docs(texts: list[str], prefix: str, start_day: int) -> list[StoryDoc]:
    return [StoryDoc(f"{prefix}{i}", "", t, DAY + dt.timedelta(days=start_day, hours=i))
            for i, t in enumerate(texts)]


def _stream() -> list[StoryDoc]:
    bridge, orchid, chess = _docs(BRIDGE, "b", 0), _docs(ORCHID, "o", 0), _docs(CHESS, "c", 1)
    # Interleaved like a real feed; sorted by date.
    return sorted([*bridge, *orchid, *chess], key=lambda d: (d.published, d.id))


def _grouping(c: StoryClusterer) -> dict[str, list[str]]:
    return {sid: sorted(m) for sid, m in c.stories().items()}


def test_fictional_stories_are_found_with_reasons() -> None:
    c = StoryClusterer()
    assignments = c.add(_stream())
    groups = sorted(sorted(m) for m in c.stories().values())
    assert groups == [["b0", "b1", "b2", "b3"], ["c0", "c1"], ["o0", "o1", "o2"]]
    joined = [a for a in assignments if not a.new_story]
    assert len(joined) == 9 - 3
    for a in joined:
        assert a.score > 0 and a.best_match is not None and a.shared_terms
        assert a.best_match != a.doc_id
    assert sum(a.new_story for a in assignments) == 3


def test_second_batch_keeps_first_batch_ids() -> None:
    stream = _stream()
    c = StoryClusterer()
    first = c.add(stream[:5])
    before = _grouping(c)
    c.add(stream[5:])
    after = _grouping(c)
    assert not c.merges
    for a in first:
        assert a.story_id in after
    for sid, members in before.items():
        assert set(members) <= set(after[sid])
    one_pass = StoryClusterer()
    one_pass.add(stream)
    assert _grouping(one_pass) == after


def test_state_round_trip_continues_identically() -> None:
    stream = _stream()
    straight = StoryClusterer()
    expected = straight.add(stream)
    c = StoryClusterer()
    head = c.add(stream[:4])
    restored = StoryClusterer.from_bytes(c.to_bytes())
    tail = restored.add(stream[4:])
    assert [*head, *tail] == expected
    assert _grouping(restored) == _grouping(straight)
    assert restored.to_bytes() == straight.to_bytes()
    with pytest.raises(ValueError):
        StoryClusterer.from_bytes(b"not a state")


def _cos_model(theta: float) -> StoryModel:
    # p(same event) >= 0.5 exactly when the mean cosine to the core is >= theta
    return StoryModel(["cos"], [100.0], -100.0 * theta, 0.5)


def test_merge_keeps_the_older_id() -> None:
    # With a bar of zero, an article matching two stories shows they are one: they merge.
    c = StoryClusterer(model=_cos_model(0.0))
    a, b, a2, b2 = c.add([StoryDoc("x1", "", "Volcano Hekru erupts near Tarsin village", None),
                          StoryDoc("y1", "", "Parliament Orvala passes budget", None),
                          StoryDoc("x2", "", "Volcano Hekru erupts again near Tarsin village", None),
                          StoryDoc("y2", "", "Parliament Orvala passes budget after long debate", None)])
    assert a.story_id != b.story_id
    assert (a2.story_id, b2.story_id) == (a.story_id, b.story_id)
    (bridge,) = c.add([StoryDoc("z1", "", "Volcano Hekru erupts near Tarsin village as parliament Orvala "
                                          "passes budget", None)])
    assert c.merges == [(a.story_id, b.story_id)]
    assert bridge.story_id == a.story_id
    assert sorted(c.stories()[a.story_id]) == ["x1", "x2", "y1", "y2", "z1"]


def test_idle_stories_leave_the_index() -> None:
    c = StoryClusterer(StoryConfig(max_idle_docs=2, sweep_every=1))
    c.add(_docs(BRIDGE[:1], "b", 0))
    c.add(_docs(ORCHID, "o", 0))
    assert c.active_count() == 1  # the bridge story went idle after three orchid articles
    (late,) = c.add([StoryDoc("b9", "", BRIDGE[1], DAY)])
    assert late.new_story


def test_decisions_do_not_depend_on_hash_seed() -> None:
    # Candidate sets are Python sets of str, whose order follows the per-process hash seed.
    script = (
        "import json, sys\n"
        "from storyline.stories import StoryClusterer, StoryDoc\n"
        "texts = json.loads(sys.argv[1])\n"
        "c = StoryClusterer()\n"
        "c.add([StoryDoc(str(i), '', t, None) for i, t in enumerate(texts)])\n"
        "print(json.dumps(sorted(sorted(m) for m in c.stories().values())))\n"
    )
    texts = json.dumps([*BRIDGE, *ORCHID, *CHESS, BRIDGE[0] + " " + ORCHID[0]])
    src = str(Path(__file__).resolve().parents[1] / "src")
    outs = set()
    for seed in ("1", "2", "3"):
        env = {"PYTHONHASHSEED": seed, "PYTHONPATH": src, "PATH": "/usr/bin:/bin"}
        run = subprocess.run([sys.executable, "-c", script, texts], capture_output=True, text=True,
                             env=env, check=True)
        outs.add(run.stdout)
    assert len(outs) == 1


# -- metrics --------------------------------------------------------------------------------------
def test_bcubed_hand_examples() -> None:
    gold = ["a", "a", "b", "b"]
    assert bcubed(["x", "x", "y", "y"], gold) == (1.0, 1.0, 1.0)
    assert bcubed([2, 2, 1, 1], gold) == (1.0, 1.0, 1.0)  # label names do not matter
    p, r, f = bcubed(["x"] * 4, gold)
    assert (p, r) == (0.5, 1.0) and f == pytest.approx(2 / 3)
    p, r, f = bcubed(["1", "2", "3", "4"], gold)
    assert (p, r) == (1.0, 0.5) and f == pytest.approx(2 / 3)
    # Item-weighted: {a,a,b} | {b}: precision (2/3+2/3+1/3+1)/4, recall (1+1+1/2+1/2)/4.
    p, r, _ = bcubed(["x", "x", "x", "y"], gold)
    assert p == pytest.approx(2.666666 / 4, rel=1e-5) and r == pytest.approx(0.75)
    assert bcubed([], []) == (0.0, 0.0, 0.0)
    with pytest.raises(ValueError):
        bcubed(["x"], ["a", "b"])


def test_ari_and_prf() -> None:
    assert ari(["x", "x", "y", "y"], ["a", "a", "b", "b"]) == pytest.approx(1.0)
    assert ari([("t", 1), ("t", 1), 3, 3], ["a", "a", "b", "b"]) == pytest.approx(1.0)
    assert ari(["x", "y", "x", "y"], ["a", "a", "b", "b"]) < 0.0
    assert prf(3, 1, 2) == pytest.approx((0.75, 0.6, 2 * 0.75 * 0.6 / 1.35))
    assert prf(0, 0, 0) == (0.0, 0.0, 0.0)


# -- evaluate_stories on a tiny file ----------------------------------------------------------------
def test_parse_date_formats() -> None:
    utc = dt.UTC
    assert parse_date("2031-05-04") == dt.datetime(2031, 5, 4, tzinfo=utc)
    assert parse_date("2031-05-04T10:20:30.5Z") == dt.datetime(2031, 5, 4, 10, 20, 30, 500000, tzinfo=utc)
    assert parse_date(1_950_000_000_000) == dt.datetime.fromtimestamp(1_950_000_000, utc)
    assert parse_date(None) is None and parse_date("soon") is None and parse_date("") is None


@pytest.mark.parametrize("gz", [False, True])
def test_evaluate_stories_on_a_small_file(tmp_path: Path, gz: bool) -> None:
    rows = []
    dates = ["2031-05-04", "2031-05-04T12:00:00Z", 1_935_705_600_000, None]  # epoch ms = 2031-05-05
    for label, texts in (("bridge", BRIDGE), ("orchid", ORCHID), ("chess", CHESS)):
        for i, text in enumerate(texts):
            rows.append({"id": f"{label}{i}", "body": text, "story": label, "when": dates[i % len(dates)]})
    rows.append({"id": "broken", "story": "bridge"})  # no text: skipped and counted
    lines = "\n".join(json.dumps(r) for r in rows) + "\n"
    path = tmp_path / ("a.jsonl.gz" if gz else "a.jsonl")
    if gz:
        with gzip.open(path, "wt", encoding="utf-8") as fh:
            fh.write(lines)
    else:
        path.write_text(lines, encoding="utf-8")
    result = evaluate_stories(path, text_field="body", label_field="story", date_field="when", id_field="id")
    assert result["n_docs"] == 9 and result["n_skipped"] == 1 and result["n_gold_clusters"] == 3
    assert result["bcubed_f1"] == 1.0 and result["ari"] == pytest.approx(1.0)
    assert result["docs_per_s"] > 0
