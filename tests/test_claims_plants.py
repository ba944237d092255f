"""Recall of planted changes on dev stories (issue 12): a count, a date, a surname and a quoted word, changed
in a light rewrite of a real article (published a day later) and in an independent report of the same fact.

Stories are the BASIL dev triplets and the multi-page events of ``realworld_pages`` (read from
``../shared/datasets`` at test time). :func:`storyline.claims.evalsets.plant_cases` builds one planted story
per dev story that offers a site:

* rewrite: the first article with a site gets a rewrite (common words reworded outside quotations, every
  fifth paragraph dropped) carrying the change — a count changed by a quarter, a day date moved two days, a
  surname misspelt throughout, one quoted word swapped — and joins the story;
* independent: the change is planted in another outlet's article at a fact the first article states too
  (the same number and counted noun, the same named subject doing the same thing on the same day, the same
  surname, the same quotation), replacing it in the story.

A plant is found when a conflict of its kind sets the planted article against another article.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.claims.evalsets import basil_dev_stories, detected, plant_cases, realworld_stories
from storyline.model import Article
from storyline.pipeline import analyze_story

DATASETS = Path(__file__).resolve().parents[1].parent / "shared" / "datasets"


@pytest.fixture(scope="module")
def stories() -> list[tuple[str, list[Article]]]:
    basil = DATASETS / "basil_event_triplets" / "documents.jsonl"
    pages = DATASETS / "realworld_pages"
    if not basil.exists() or not (pages / "events.jsonl").exists():
        pytest.skip("dev datasets not available (../shared/datasets)")
    return list(basil_dev_stories(basil)) + list(realworld_stories(pages, 2))


#: Recall floors: 0.9 for each kind as the issue asks, pinned where they stand when higher on these few dev
#: sites (independent reports: 10 count sites, 4 date sites). An independent report's count is compared even
#: when its outlet words it otherwise (another slot, the same sentence content; a compound's other head noun:
#: "12-city tour" / "12-city trek"); a year-less day an article gives twice has one year.
FLOORS = {("count", "rewrite"): 0.9, ("date", "rewrite"): 0.9, ("name", "rewrite"): 0.9, ("quote", "rewrite"): 0.9,
          ("count", "independent"): 0.9, ("date", "independent"): 1.0, ("name", "independent"): 0.9,
          ("quote", "independent"): 0.9}


@pytest.mark.parametrize("kind", ["count", "date", "name", "quote"])
@pytest.mark.parametrize("mode", ["rewrite", "independent"])
def test_planted_change_recall(stories: list[tuple[str, list[Article]]], kind: str, mode: str) -> None:
    cases = list(plant_cases(stories, kind, mode))
    missed = [sid for sid, arts, pid in cases if not detected(analyze_story(arts).to_json(), kind, pid)]
    found = len(cases) - len(missed)
    print(f"{kind} in a {mode}: {found}/{len(cases)} found; missed in {missed}")
    assert len(cases) >= 4
    assert found / len(cases) >= FLOORS[(kind, mode)]
