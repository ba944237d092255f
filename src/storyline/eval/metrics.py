"""Clustering and classification metrics shared by the ``storyline eval`` commands."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence

__all__ = ["ari", "bcubed", "prf"]


def prf(tp: float, fp: float, fn: float) -> tuple[float, float, float]:
    """Precision, recall and F1 from counts; an empty denominator gives 0.0 rather than an error.

    Args:
        tp: true positives.
        fp: false positives.
        fn: false negatives.

    Returns:
        ``(precision, recall, f1)``.
    """
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def _check(pred: Sequence[Hashable], gold: Sequence[Hashable]) -> None:
    if len(pred) != len(gold):
        raise ValueError(f"pred has {len(pred)} labels but gold has {len(gold)}")


def bcubed(pred: Sequence[Hashable], gold: Sequence[Hashable]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of a clustering (Bagga & Baldwin 1998).

    For every item, precision is the share of its predicted cluster that shares its gold label and
    recall the share of its gold cluster that shares its predicted label; both are averaged over items.

    Args:
        pred: predicted cluster label of each item.
        gold: gold cluster label of each item, aligned with ``pred``.

    Returns:
        ``(precision, recall, f1)``; all 0.0 for empty input.
    """
    _check(pred, gold)
    n = len(pred)
    if n == 0:
        return 0.0, 0.0, 0.0
    pred_size, gold_size = Counter(pred), Counter(gold)
    both = Counter(zip(pred, gold, strict=True))
    # Each (pred, gold) cell of size c contributes c items, each with precision c / |pred cluster|.
    p = sum(c * c / pred_size[a] for (a, _), c in both.items()) / n
    r = sum(c * c / gold_size[b] for (_, b), c in both.items()) / n
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def ari(pred: Sequence[Hashable], gold: Sequence[Hashable]) -> float:
    """Adjusted Rand index of a clustering against gold labels (1.0 = identical, ~0.0 = chance).

    Args:
        pred: predicted cluster label of each item.
        gold: gold cluster label of each item, aligned with ``pred``.
    """
    _check(pred, gold)
    if not pred:
        return 0.0
    from sklearn.metrics import adjusted_rand_score  # lazy: sklearn takes seconds to import

    # sklearn wants comparable labels; map arbitrary hashables to integers first.
    pmap: dict[Hashable, int] = {}
    gmap: dict[Hashable, int] = {}
    return float(adjusted_rand_score([gmap.setdefault(g, len(gmap)) for g in gold],
                                     [pmap.setdefault(p, len(pmap)) for p in pred]))
