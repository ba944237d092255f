"""The stream's own base rate of same-event pairs, and the shift it makes to the same-event model.

The model (:mod:`storyline.stories.model`) gives ``P(same event | features)`` under the base rate of
the pairs it was fitted on. Streams differ most in that base rate, not in how a true pair looks: a
week of real news is mostly single-article events (few candidate stories are the right one), a
labelled event set is mostly multi-article stories. The ranking of pairs is good on every dev set
(cosine AUC 0.94–0.99); what moves from set to set is where the cut lies.

This is label shift, and the textbook fix needs no new parameter fitted on the dev sets: estimate
the stream's base rate with the EM of Saerens, Latinne & Decaestecker (2002, "Adjusting the outputs
of a classifier to new a priori probabilities") over the model's posteriors of the recent candidate
pairs, and move every logit by ``logit(stream prior) - logit(training prior)`` (Bayes' rule). The
estimate uses posteriors only, never the clusterer's own join decisions.

Written here rather than taken from a library: it is twenty lines of NumPy, and the libraries that
offer it (e.g. ``quapy``) are batch tools with heavy dependencies for one fixed-point iteration.
"""

from __future__ import annotations

import math
from collections import deque

import numpy as np

__all__ = ["PriorTracker", "em_prior"]

_EPS = 1e-6


def em_prior(posteriors: np.ndarray, train_prior: float, iterations: int = 100, tol: float = 1e-6) -> float:
    """The base rate of positives among pairs whose model posteriors (under ``train_prior``) are given.

    The fixed point of ``pi = mean(adjusted posteriors under pi)`` (Saerens et al. 2002).
    """
    if posteriors.size == 0:
        return train_prior
    p = np.clip(posteriors, _EPS, 1.0 - _EPS)
    t = min(max(train_prior, _EPS), 1.0 - _EPS)
    pi = t
    for _ in range(iterations):
        a = (pi / t) * p
        b = ((1.0 - pi) / (1.0 - t)) * (1.0 - p)
        new = float(np.mean(a / (a + b)))
        if abs(new - pi) < tol:
            pi = new
            break
        pi = new
    return min(max(pi, _EPS), 1.0 - _EPS)


class PriorTracker:
    """A running estimate of a stream's same-event base rate and the logit shift it implies.

    Attributes:
        shift: added to every model logit (Bayes' rule: the probability under the stream's base rate);
            0 until the stream has told something.
        bar_shift: added to the logit of the joining threshold: ``(gain - 1)`` times a stricter
            ``shift``'s size, 0 otherwise (see ``StoryConfig.prior_gain``).
    """

    def __init__(self, train_prior: float | None, window: int, pseudo: float, every: int = 25,
                 max_shift: float = 99.0, gain: float = 1.0) -> None:
        """Track the last ``window`` posteriors; ``pseudo`` pairs at ``train_prior`` damp a young estimate.

        ``train_prior`` ``None`` (a model fitted before this existed) or ``window`` 0 turns it off.
        ``gain``: for a stream sparser than the training pairs, the joining threshold moves by
        ``gain - 1`` times the probability's shift, the other way (see ``StoryConfig.prior_gain`` for
        why and how it was chosen); 1 moves the probability alone.
        """
        self.gain = gain
        self.bar_shift = 0.0
        self.train_prior = train_prior
        self.pseudo = pseudo
        self.every = every
        self.max_shift = max_shift
        self.shift = 0.0
        self._recent: deque[float] = deque(maxlen=max(window, 1))
        self._on = train_prior is not None and window > 0
        self._since = 0

    def observe(self, posteriors: list[float]) -> None:
        """Record the unshifted posteriors of one article's candidate pairs; refresh now and then."""
        if not self._on or not posteriors:
            return
        self._recent.extend(posteriors)
        self._since += 1
        if self._since >= self.every:
            self.refresh()

    def refresh(self) -> None:
        """Re-estimate the stream prior from the recent posteriors and update :attr:`shift`."""
        self._since = 0
        if not self._on or self.train_prior is None:
            return
        n = len(self._recent)
        pi = em_prior(np.fromiter(self._recent, dtype=float, count=n), self.train_prior)
        pi = (pi * n + self.train_prior * self.pseudo) / (n + self.pseudo)
        shift = _logit(pi) - _logit(self.train_prior)
        self.shift = min(self.max_shift, shift)
        self.bar_shift = (self.gain - 1.0) * -shift if shift < 0 else 0.0

    def state(self) -> list[object]:
        """Serialisable state (for ``StoryClusterer.to_bytes``)."""
        return [list(self._recent), self._since, self.shift, self.bar_shift]

    def restore(self, state: list[object]) -> None:
        """Load :meth:`state` output."""
        recent, since, shift, *bar = state
        self._recent.extend(recent)  # type: ignore[arg-type]
        self._since = int(since)  # type: ignore[arg-type]
        self.shift = float(shift)  # type: ignore[arg-type]
        self.bar_shift = float(bar[0]) if bar else 0.0  # type: ignore[arg-type]

    def bar(self, threshold: float) -> float:
        """The joining threshold (a probability) moved by :attr:`bar_shift`."""
        if self.bar_shift == 0.0 or not 0.0 < threshold < 1.0:
            return threshold
        return 1.0 / (1.0 + math.exp(-(_logit(threshold) + self.bar_shift)))


def _logit(p: float) -> float:
    return math.log(p / (1.0 - p))
