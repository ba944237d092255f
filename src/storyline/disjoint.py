"""Union-find (disjoint sets) over item positions: the grouping that several stages do by linking pairs."""

from __future__ import annotations

__all__ = ["DisjointSet"]


class DisjointSet:
    """Items ``0 … n-1`` grouped by linking pairs (path halving; the later item's root wins a union)."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        """The root of ``i``'s group."""
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        """Put ``i`` and ``j`` in one group."""
        self.parent[self.find(i)] = self.find(j)

    def groups(self) -> list[list[int]]:
        """Every group as its members in ascending order, groups ordered by their first member."""
        out: dict[int, list[int]] = {}
        for i in range(len(self.parent)):
            out.setdefault(self.find(i), []).append(i)
        return list(out.values())
