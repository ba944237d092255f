"""Fewer cyclic garbage-collector passes during allocation-heavy work (timing only: results are unchanged).

A story analysis allocates millions of small, short-lived, acyclic objects (tuples, lists, counters):
CPython's collector runs a young-generation pass every 700 container allocations and, on a 100-article
story, finds nothing to free in any of them while costing 6-10 % of the CPU. Inside
:func:`fewer_collections` a pass runs every ``threshold`` allocations instead; reference counting still
frees everything acyclic at once, so memory hardly moves.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["YOUNG_THRESHOLD", "fewer_collections"]

#: Container allocations between two young-generation passes inside :func:`fewer_collections`.
YOUNG_THRESHOLD = 50_000


@contextmanager
def fewer_collections(threshold: int = YOUNG_THRESHOLD) -> Iterator[None]:
    """Raise the collector's young-generation threshold to at least ``threshold`` for the block, then
    restore the previous thresholds (nested blocks keep the highest)."""
    old = gc.get_threshold()
    gc.set_threshold(max(threshold, old[0]), *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)
