"""The stream base-rate shift of the same-event model (storyline.stories.prior)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from storyline.stories.cluster import StoryClusterer, StoryConfig, StoryDoc
from storyline.stories.model import StoryModel
from storyline.stories.prior import PriorTracker, em_prior


def _posteriors(true_prior: float, train_prior: float, n: int, seed: int = 3) -> np.ndarray:
    """Calibrated posteriors (under ``train_prior``) of pairs whose real base rate is ``true_prior``:
    scores ~ N(+1.5, 1) for positives and N(-1.5, 1) for negatives, exact likelihood ratio."""
    rng = np.random.default_rng(seed)
    y = rng.random(n) < true_prior
    s = np.where(y, rng.normal(1.5, 1.0, n), rng.normal(-1.5, 1.0, n))
    log_lr = 3.0 * s  # log N(s;1.5,1)/N(s;-1.5,1)
    z = log_lr + math.log(train_prior / (1 - train_prior))
    return 1.0 / (1.0 + np.exp(-z))


@pytest.mark.parametrize("true_prior", [0.05, 0.3, 0.7])
def test_em_recovers_the_base_rate_of_a_shifted_stream(true_prior: float) -> None:
    p = _posteriors(true_prior, 0.5, 4000)
    assert abs(em_prior(p, 0.5) - true_prior) < 0.03
    # The naive mean of the posteriors is pulled towards the training prior; EM is not.
    assert abs(em_prior(p, 0.5) - true_prior) <= abs(float(p.mean()) - true_prior) + 1e-9


def test_tracker_only_tightens_by_default_and_can_be_turned_off() -> None:
    low = PriorTracker(0.5, window=2000, pseudo=10, every=1, max_shift=0.0)
    for v in _posteriors(0.05, 0.5, 500):
        low.observe([float(v)])
    assert low.shift < -2.0  # logit(0.05) - logit(0.5) = -2.94, damped by 10 pseudo-pairs
    high = PriorTracker(0.5, window=2000, pseudo=10, every=1, max_shift=0.0)
    for v in _posteriors(0.9, 0.5, 500):
        high.observe([float(v)])
    assert high.shift == 0.0  # a denser-than-training stream never loosens the bar
    for off in (PriorTracker(None, 2000, 10, every=1), PriorTracker(0.5, 0, 10, every=1)):
        for v in _posteriors(0.05, 0.5, 100):
            off.observe([float(v)])
        assert off.shift == 0.0


def test_gain_moves_the_bar_only_for_a_sparser_stream() -> None:
    def tracker(true_prior: float, gain: float) -> PriorTracker:
        t = PriorTracker(0.5, window=2000, pseudo=10, every=1, max_shift=99.0, gain=gain)
        for v in _posteriors(true_prior, 0.5, 500):
            t.observe([float(v)])
        return t

    sparse1, sparse2 = tracker(0.05, 1.0), tracker(0.05, 2.0)
    assert sparse1.shift < -2.0 and sparse2.shift == pytest.approx(sparse1.shift)  # the probability: Bayes only
    assert sparse1.bar_shift == 0.0 and sparse1.bar(0.2) == 0.2
    assert sparse2.bar_shift == pytest.approx(-sparse1.shift)  # the bar rises by as much as p fell
    # deciding with the moved bar is deciding with the probability shifted twice
    for z in (-1.0, 0.5, 2.0, 3.5):
        p = 1.0 / (1.0 + math.exp(-(z + sparse2.shift)))
        twice = 1.0 / (1.0 + math.exp(-(z + 2.0 * sparse2.shift)))
        assert (p >= sparse2.bar(0.2)) == (twice >= 0.2)
    dense = tracker(0.9, 2.0)
    assert dense.shift > 1.0 and dense.bar_shift == 0.0  # a denser stream never moves the bar
    restored = PriorTracker(0.5, window=2000, pseudo=10, gain=2.0)
    restored.restore(sparse2.state())
    assert restored.bar_shift == sparse2.bar_shift and restored.shift == sparse2.shift


def test_default_config_moves_the_threshold_with_the_prior() -> None:
    assert StoryConfig().prior_gain == 2.0
    c = StoryClusterer(StoryConfig(), _cos_model(0.2, 0.5))
    assert c._prior.gain == 2.0


def test_young_stream_keeps_the_training_prior() -> None:
    t = PriorTracker(0.5, window=2000, pseudo=1000, every=1)
    t.observe([0.01, 0.02, 0.01])
    assert -0.05 < t.shift <= 0.0


def _cos_model(theta: float, prior: float | None) -> StoryModel:
    # p(same event) >= 0.5 exactly when the mean cosine to the core is >= theta (before any shift)
    return StoryModel(["cos"], [100.0], -100.0 * theta, 0.5, prior=prior)


def _random_stream(words: int, n: int = 200, seed: int = 1) -> list[StoryDoc]:
    """Articles of ``words`` words drawn at random from one 300-word vocabulary: many candidate pairs,
    none of them the same event (a stream whose base rate is far below the training one)."""
    import random

    rng = random.Random(seed)
    vocab = [f"w{k}x" for k in range(300)]
    return [StoryDoc(f"d{i}", "", " ".join(rng.sample(vocab, words)), None) for i in range(n)]


@pytest.mark.parametrize("min_length", [0.0, 1.0])
def test_headline_streams_do_not_feed_the_estimate(min_length: float) -> None:
    cfg = StoryConfig(prior_min_length=min_length)
    short = StoryClusterer(cfg, _cos_model(0.3, prior=0.5))
    short.add(_random_stream(8))
    long = StoryClusterer(cfg, _cos_model(0.3, prior=0.5))
    long.add(_random_stream(80))
    assert long._prior.shift < -2.0  # full texts: the low base rate is seen and the bar goes up
    if min_length >= 1.0:
        assert short._prior.shift == 0.0  # headlines are not trusted to tell the base rate
    else:
        assert short._prior.shift < -2.0


def _long(i: int, topic: str) -> StoryDoc:
    return StoryDoc(f"d{i}", "", " ".join(f"{topic}{k}word" for k in range(70)), None)


def test_state_round_trip_keeps_the_estimate() -> None:
    docs = [_long(i, f"t{i % 7}x") for i in range(80)]
    c = StoryClusterer(model=_cos_model(0.3, prior=0.5))
    c.add(docs[:50])
    restored = StoryClusterer.from_bytes(c.to_bytes())
    assert restored._prior.shift == c._prior.shift
    assert restored.add(docs[50:]) == c.add(docs[50:])
