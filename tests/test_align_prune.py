"""Pair pruning in ``align_story``: pairs certain to be of kind ``none`` skip the paraphrase model, and the
story's alignments stay exactly what aligning every candidate pair in full gives.

Articles are the fictional Port Ellery texts of ``test_align.py``; the seeds are read from ../shared.
"""

from __future__ import annotations

from itertools import combinations

import pytest
from conftest import SEEDS, need
from test_align import INDEPENDENT, NEAR_COPY, ORIGINAL, SPUN, UNRELATED, art

from storyline.align.kinds import ParaphrasePlan, may_link, paraphrase_plan, prepare
from storyline.align.level import known_level
from storyline.align.paraphrase import sentence_candidates
from storyline.align.passages import AlignConfig, _passages, align_pair, align_story
from storyline.ingest import read_paths
from storyline.model import Article


def _pairs_in_full(arts: list[Article]) -> dict[frozenset[str], object]:
    prepared = [prepare(a) for a in arts]
    out = {}
    for i, j in combinations(range(len(arts)), 2):
        al = align_pair(arts[i], arts[j], prepared=(prepared[i], prepared[j]))
        out[frozenset((arts[i].id, arts[j].id))] = al
    return out


def _check_pruning_is_exact(arts: list[Article]) -> int:
    """Every pair pruned is ``none`` in full; every pair kept is identical; returns the pairs pruned."""
    prepared = [prepare(a) for a in arts]
    full = _pairs_in_full(arts)
    pruned = 0
    for i, j in combinations(range(len(arts)), 2):
        fast = align_pair(arts[i], arts[j], prepared=(prepared[i], prepared[j]), prune=True)
        slow = full[frozenset((arts[i].id, arts[j].id))]
        if not fast.evidence:  # pruned: a bare "none" (an aligned pair always has evidence)
            pruned += 1
            assert slow.kind == "none", (arts[i].id, arts[j].id, slow.kind)
        else:
            assert fast == slow
    return pruned


def test_pruning_keeps_every_alignment_of_the_fixture_story() -> None:
    arts = [art("orig", ORIGINAL, "Harbor Gazette", 4), art("copy", NEAR_COPY, "Coast Daily", 5),
            art("spun", SPUN, "Daily Clicks", 5), art("indep", INDEPENDENT, "Northport Herald", 5),
            art("other", UNRELATED, "Harbor Gazette", 6)]
    assert _check_pruning_is_exact(arts) >= 1  # the rowing-club article is pruned against the others
    kinds = {frozenset((al.source, al.target)): al.kind for al in align_story(arts)}
    assert kinds[frozenset(("orig", "copy"))] == "copy"
    assert kinds[frozenset(("orig", "spun"))] == "spin"


def test_pruning_is_exact_on_the_seeds() -> None:
    need(SEEDS)
    arts = [a for a in read_paths([SEEDS]) if isinstance(a, Article)]
    _check_pruning_is_exact(arts)


def test_known_level_before_paraphrase_passages(monkeypatch: pytest.MonkeyPatch) -> None:
    from storyline.align.level import pair_features, reuse_level

    orig = prepare(art("orig", ORIGINAL, "Harbor Gazette", 4))
    copy = prepare(art("copy", NEAR_COPY, "Coast Daily", 5))
    other = prepare(art("other", UNRELATED, "Harbor Gazette", 6))
    reuse, _ = _passages(orig, copy, AlignConfig())
    words = [p for p in reuse if p.kind != "paraphrase"]
    # The level known in advance is the level of the full features (copy is the more covered side here).
    feats = pair_features(orig, copy, reuse)[0]
    assert known_level(copy, orig, words) == reuse_level(feats)[0] == "copy"
    assert known_level(other, orig, []) == "none" and known_level(orig, other, []) == "none"
    monkeypatch.setattr("storyline.align.weights.REUSE", {})
    assert known_level(copy, orig, words) == "none"  # no trained model: the level is always none


def test_may_link_needs_enough_reachable_text() -> None:
    cfg = AlignConfig()
    orig = prepare(art("orig", ORIGINAL, "Harbor Gazette", 4))
    copy = prepare(art("copy", NEAR_COPY, "Coast Daily", 5))
    other = prepare(art("other", UNRELATED, "Harbor Gazette", 6))
    reuse, _ = _passages(orig, copy, AlignConfig())
    words = [p for p in reuse if p.kind != "paraphrase"]
    everything = ([(0, len(ORIGINAL))], [(0, len(NEAR_COPY))])
    assert may_link(orig, copy, words, ([], []), cfg, credited=False)
    assert may_link(orig, copy, [], everything, cfg, credited=False)  # reachable by paraphrase alone
    assert not may_link(orig, copy, [], ([], []), cfg, credited=False)  # nothing can be reused
    assert not may_link(orig, copy, [], ([(0, 40)], [(0, 40)]), cfg, credited=True)  # under 12.5 words
    # All of both texts reachable, but the reuse model sees two unrelated texts whichever side is derived.
    assert not may_link(orig, other, [], ([(0, len(ORIGINAL))], [(0, len(UNRELATED))]), cfg, credited=False)


def test_sentence_candidates_and_plan_reach() -> None:
    a = [(0, 50, "The harbour master closed the north quay to boats"),
         (51, 90, "Nobody was hurt in the fire overnight"),
         (91, 120, "Rowing crews trained all winter")]
    b = [(0, 45, "Boats were kept off the north quay by the harbour master"),
         (46, 80, "The council bought the cannery")]
    todo = sentence_candidates(a, b)
    assert todo == [(0, [0]), (1, []), (2, [])]
    plan = ParaphrasePlan(a, b, todo)
    assert plan.reach() == ([(0, 50)], [(0, 45)])
    assert sentence_candidates(a, b, min_shared=10) == [(0, []), (1, []), (2, [])]


def test_paraphrase_plan_matches_passages() -> None:
    orig = prepare(art("orig", ORIGINAL, "Harbor Gazette", 4))
    indep = prepare(art("indep", INDEPENDENT, "Northport Herald", 5))
    reuse, quotes = _passages(orig, indep, AlignConfig())
    plan = paraphrase_plan(orig, indep, [p for p in reuse if p.kind != "paraphrase"], quotes)
    reach_a, reach_b = plan.reach()
    for p in reuse:
        if p.kind == "paraphrase":  # every paraphrase passage lies in the plan's reach
            assert p.source_span in reach_a and p.target_span in reach_b


@pytest.mark.parametrize("n", [1, 2])
def test_align_story_small_stories(n: int) -> None:
    arts = [art("orig", ORIGINAL, "Harbor Gazette", 4), art("copy", NEAR_COPY, "Coast Daily", 5)][:n]
    out = align_story(arts)
    assert [al.kind for al in out] == ([] if n == 1 else ["copy"])


def test_shared_gram_counts_give_the_same_overlaps_and_bleu() -> None:
    """The n-gram intersections computed once give what the bag functions give (sentence features)."""
    from storyline.align.bags import bag, inter, overlaps
    from storyline.align.paraphrase import _bleu, _overlaps_of, _profile

    a = _profile("The harbour master closed the north quay to boats until Tuesday morning.")
    b = _profile("Boats were kept off the north quay by the harbour master until Tuesday.")
    shared = [inter(x, y) for x, y in zip(a.gram_bags, b.gram_bags, strict=True)]
    for x, y, n in zip(a.gram_bags, b.gram_bags, shared, strict=True):
        assert _overlaps_of(n, x.total, y.total) == overlaps(x, y)
    assert _bleu(a, b, shared) == _bleu(a, b) and _bleu(b, a, shared) == _bleu(b, a)
    assert 0.0 < _bleu(a, b) < 1.0
    assert _overlaps_of(0, 0, 5) == overlaps(bag([]), bag(["x"])) == [0.0, 0.0, 0.0]
