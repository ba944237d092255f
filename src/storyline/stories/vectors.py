"""Sparse term vectors (``dict`` term -> weight) as the story clusterer uses them.

Plain dicts rather than SciPy sparse rows: each article is compared with a dozen story cores, one at a
time, as it arrives; at that grain the dict operations below are faster than building matrices.
"""

from __future__ import annotations

import math
import zlib

__all__ = ["add_to", "bucket", "dot"]


def dot(a: dict[str, float], b: dict[str, float]) -> float:
    """The dot product of two sparse vectors.

    The shared terms come from a C-level key intersection; ``fsum`` is exactly rounded, so the result
    does not depend on the (hash-seeded) order of that set.
    """
    return math.fsum([a[t] * b[t] for t in a.keys() & b.keys()])


def add_to(acc: dict[str, float], vec: dict[str, float], sign: float = 1.0) -> None:
    """Add ``sign * vec`` to ``acc`` in place, dropping terms whose weight cancels to zero."""
    for t, w in vec.items():
        v = acc.get(t, 0.0) + sign * w
        if abs(v) < 1e-12:
            acc.pop(t, None)
        else:
            acc[t] = v


def bucket(term: str, mask: int) -> int:
    """The document-frequency slot of ``term`` in a table of ``mask + 1`` slots.

    crc32 rather than ``hash()``: str hashes are salted per process, and the table must survive
    ``StoryClusterer.to_bytes``.
    """
    return zlib.crc32(term.encode("utf-8")) & mask
