"""The summary must not depend on set iteration order (which follows the process's hash seed).

Regression for the one-story mismatch between the local engine and Spark at 5,000 articles: a near copy
and its original offer second sentences of equal weight; the concepts' column order came from set
iteration, so the gains were summed in a hash-seed-dependent order and the near-tie fell one way in a
local pool worker and the other way in a Spark executor. The story below is invented for this test.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from storyline.model import Article
from storyline.summarize import extractive

ORIGINAL = (
    "Crews on the Vellan river ferry walked out on Tuesday over new night rosters, stranding commuters on "
    "both banks of the estuary as the morning rush began. "
    "The harbour authority, which runs the four boats that cross between Oldquay and Marrow Point, said it "
    "would keep talking to the union and hoped to restore a reduced timetable by the weekend.\n\n"
    "The union said 64 deckhands had backed the stoppage."
)
# A near copy: a few words swapped for fillers, as a careless rewrite would.
COPY = (
    "Crews on the Vellan river ferry walked out on Tuesday over new night rosters, stranding commuters on "
    "both banks of the estuary as the morning rush began. "
    "The harbour statement, which runs the four boats that reportedly cross between Oldquay and week Point, "
    "said it would keep talking to officials union and hoped to restore a reduced timetable by the weekend.\n\n"
    "The union said 64 deckhands had backed the stoppage."
)


def _story() -> list[Article]:
    day = dt.date(2025, 3, 4)
    return [Article(id="a-orig", source="t", outlet="Estuary Post", title="Vellan ferry crews walk out over rosters",
                    published=day, text=ORIGINAL),
            Article(id="b-copy", source="t", outlet="Marrow Wire", title="Vellan ferry crews walk out over rosters",
                    published=day, text=COPY, near_duplicate_of="a-orig")]


class _Backwards(set):  # type: ignore[type-arg]
    """A set that iterates in reverse sorted order: another process's hash seed, made reproducible."""

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(sorted(set.__iter__(self), reverse=True))


class _Forwards(set):  # type: ignore[type-arg]
    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(sorted(set.__iter__(self)))


def _summary_with(monkeypatch: pytest.MonkeyPatch, kind: type) -> tuple[list[dict], np.ndarray]:
    real = extractive._concepts_of
    monkeypatch.setattr(extractive, "_concepts_of", lambda stems, terms: kind(real(stems, terms)))
    arts = _story()
    out = [s.to_json() for s in extractive.summarize(arts, 80)]
    index = extractive.SupportIndex(arts)
    cand = [i for i, u in enumerate(index.units) if u.candidate]
    cov = extractive._Coverage(index.units, cand, extractive._groups(arts, None), {0: arts[0].title}, index.config)
    return out, cov.matrix.dot(cov.weight)


def test_coverage_gains_do_not_depend_on_set_order(monkeypatch: pytest.MonkeyPatch) -> None:
    fwd, gain_fwd = _summary_with(monkeypatch, _Forwards)
    back, gain_back = _summary_with(monkeypatch, _Backwards)
    assert fwd == back
    assert gain_fwd.tobytes() == gain_back.tobytes()  # bit for bit: ties must fall the same way


def test_coverage_value_does_not_depend_on_set_order() -> None:
    arts = _story()
    index = extractive.SupportIndex(arts)
    cand = [i for i, u in enumerate(index.units) if u.candidate]
    cov = extractive._Coverage(index.units, cand, extractive._groups(arts, None), {0: arts[0].title}, index.config)
    concepts = set(cov.vocab)
    uncovered = np.ones(len(cov.weight))
    assert cov.value(_Forwards(concepts), uncovered) == cov.value(_Backwards(concepts), uncovered)


_SCRIPT = """
import datetime as dt, json, sys
sys.path[:0] = [sys.argv[1], sys.argv[2]]
from test_summary_order import _story
from storyline.summarize.extractive import summarize
print(json.dumps([s.to_json() for s in summarize(_story(), 80)], sort_keys=True, default=str))
"""


def test_summary_is_the_same_under_other_hash_seeds() -> None:
    here = Path(__file__).resolve().parent
    src = here.parent / "src"
    outs = set()
    for seed in ("0", "3", "13"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run([sys.executable, "-c", _SCRIPT, str(src), str(here)], env=env, capture_output=True,
                             text=True, check=True)
        outs.add(run.stdout)
    assert len(outs) == 1
    assert json.loads(outs.pop())  # a summary was made
