"""The bundled demo corpus under the one meaning of "contradicts" (issue 12).

The by-election reports give three candidates' vote counts (Marwick 4,812, Thorne 3,907, Oduya 1,206) and a
majority: figures every article agrees on, so nothing may contradict them; in the bridge story the article
saying "more than 20 people" never contradicts its own claim.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_claims_realtext import assert_one_meaning

from storyline.engine import Workspace
from storyline.pipeline import analyze_story

DEMO = Path(__file__).resolve().parents[1] / "examples" / "corpus"


@pytest.fixture(scope="module")
def stories(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    with Workspace(db) as ws:
        ws.ingest([DEMO])
        ws.find_duplicates()
        ws.assign_stories()
        arts = {a.id: a for a in ws.articles()}
        return [analyze_story([arts[i] for i in s.articles]).to_json() for s in ws.stories() if len(s.articles) > 1]


def test_demo_stories_keep_one_meaning_of_contradicts(stories: list[dict[str, Any]]) -> None:
    assert stories
    for s in stories:
        assert_one_meaning(s)


def test_vote_counts_of_different_candidates_are_no_dispute(stories: list[dict[str, Any]]) -> None:
    for s in stories:
        for c in s["claims"]:
            if c["kind"] == "number" and "vote" in str(c["about"]):
                assert not c["contradicted_by"], c
        assert not [c for c in s["conflicts"] if c["kind"] == "number" and "vote" in str(c["about"])]


def test_more_than_twenty_is_never_contradicted_by_its_own_article(stories: list[dict[str, Any]]) -> None:
    for s in stories:
        for c in s["claims"]:
            if c["kind"] == "number" and str(c["value"]).startswith("more than"):
                assert not set(c["support"]) & set(c["contradicted_by"])
