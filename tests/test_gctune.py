"""The collector tuning restores the thresholds it found and leaves the analysis unchanged."""

from __future__ import annotations

import gc

from storyline.gctune import YOUNG_THRESHOLD, fewer_collections


def test_fewer_collections_raises_and_restores() -> None:
    before = gc.get_threshold()
    with fewer_collections():
        inside = gc.get_threshold()
        assert inside[0] == max(YOUNG_THRESHOLD, before[0]) and inside[1:] == before[1:]
        with fewer_collections(10):  # a nested block never lowers it
            assert gc.get_threshold() == inside
        assert gc.get_threshold() == inside
    assert gc.get_threshold() == before


def test_fewer_collections_restores_after_an_error() -> None:
    before = gc.get_threshold()
    try:
        with fewer_collections(123_456):
            assert gc.get_threshold()[0] == max(123_456, before[0])
            raise ValueError("boom")
    except ValueError:
        pass
    assert gc.get_threshold() == before
