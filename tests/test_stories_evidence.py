"""Story evidence: what counts as evidence, languages, reasons per member, non-article pages.

Fictional articles written for this project.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from test_stories_quality import BRIDGE as QUALITY_BRIDGE
from test_stories_quality import DAY

from storyline.engine import Workspace
from storyline.engine.runners import assign_stories, story_reasons
from storyline.stories.cluster import StoryClusterer, StoryDoc
from storyline.stories.features import article_features, detect_language
from storyline.stories.model import load_model

# The fictional bridge story of the quality gate's fixtures (its first three reports).
BRIDGE = QUALITY_BRIDGE[:3]


def test_numbers_dates_and_site_names_are_not_terms() -> None:
    f = article_features("Quarterly report 2018", "In 2018 the Orbis Daily counted 4,500 visitors on 12 March, "
                         "up 12% from 2017, the Orbis Daily said.", outlet="Orbis Daily")
    assert not any(t[0].isdigit() for t in f.terms)
    assert not any("orbi" in t or "daily" in t for t in f.terms)
    assert "march" not in f.terms and "visitor" in f.terms


def test_unrelated_articles_sharing_only_a_year_and_numbers_stay_apart() -> None:
    c = StoryClusterer()
    a, b = c.add([
        StoryDoc("k", "Palace dance review 2018", "The 2018 staging of the palace dance drew 1,200 people and "
                 "its lead dancer earned praise for 45 minutes of solo work.", DAY),
        StoryDoc("r", "Grain harvest 2018", "Farmers reported the 2018 grain harvest at 1,200 tonnes across 45 "
                 "districts, the agriculture office said.", DAY),
    ])
    assert b.new_story and a.story_id != b.story_id


def test_one_weak_shared_word_does_not_grow_a_story() -> None:
    c = StoryClusterer()
    out = c.add([StoryDoc("a", "", "Storm floods coastal towns in Delvaro province", DAY),
                 StoryDoc("b", "", "Delvaro football club signs young striker", DAY)])
    assert out[1].new_story


def test_different_languages_never_merge_on_names() -> None:
    english = ("Chancellor Ilse Varga opened the Velmora harbour bridge on Monday, and the city said the new "
               "bridge would carry trams from the harbour to the old town of Velmora.")
    german = ("Kanzlerin Ilse Varga hat am Montag die Hafenbrücke von Velmora eröffnet, und die Stadt sagte, "
              "die neue Brücke werde Straßenbahnen vom Hafen in die Altstadt von Velmora bringen.")
    assert detect_language(english) == "en" and detect_language(german) == "de"
    c = StoryClusterer()
    a, b = c.add([StoryDoc("en", "Varga opens Velmora bridge", english, DAY),
                  StoryDoc("de", "Varga eröffnet Brücke in Velmora", german, DAY)])
    assert b.new_story and a.story_id != b.story_id


def test_each_member_keeps_its_reasons() -> None:
    c = StoryClusterer()
    out = c.add([StoryDoc(f"b{i}", "", t, DAY + dt.timedelta(hours=i)) for i, t in enumerate(BRIDGE)])
    assert out[0].new_story and not out[1].new_story and not out[2].new_story
    for a in out[1:]:
        assert 0.0 < a.score <= 1.0 and a.best_match in a.core and a.cosine > 0
        assert "velmora" in a.shared_terms or "ilse varga" in a.shared_terms
        assert isinstance(a.low_confidence, bool)
    assert out[2].core == ["b0", "b1"]


def test_packaged_model_loads_and_round_trips() -> None:
    m = load_model()
    assert m.features_used and len(m.coef) == len(m.features_used) and 0.0 < m.threshold < 1.0
    c = StoryClusterer(model=m)
    c.add([StoryDoc("b0", "", BRIDGE[0], DAY)])
    restored = StoryClusterer.from_bytes(c.to_bytes())
    assert restored.model == m and restored.to_bytes() == c.to_bytes()


def test_assign_stories_keeps_non_articles_alone_and_explains_members(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for i, text in enumerate(BRIDGE):
        (folder / f"bridge{i}.txt").write_text(f"Velmora bridge closed\n\n{text}\n", encoding="utf-8")
    (folder / "stub.txt").write_text("Velmora bridge closed\n\nSubscribe to read about the Velmora harbour "
                                     "bridge crack, Mayor Ilse Varga and the ferries.\n", encoding="utf-8")
    with Workspace(tmp_path / "s.db") as ws:
        ws.ingest([folder])
        with ws.store.transaction():  # what the reader's non-article check writes for a paywall stub
            ws.store.conn.execute("UPDATE articles SET metadata = json_set(COALESCE(metadata, '{}'), '$.non_article', "
                         "'paywall') WHERE source LIKE '%stub.txt'")
        assert assign_stories(ws.store) == 4
        stub = next(a.id for a in ws.store.articles() if a.source.endswith("stub.txt"))
        rows = {m.membership.article_id: m.membership.story_id for m in ws.store.story_members()}
        others = {sid for aid, sid in rows.items() if aid != stub}
        assert len(others) == 1 and rows[stub] not in others
        reasons = story_reasons(ws.store, others.pop())
        assert len(reasons) == 3
        joined = [r for r in reasons if not r["opened_story"]]
        assert len(joined) == 2
        for r in joined:
            assert {"score", "best_match", "core", "evidence", "low_confidence", "cosine"} <= set(r)
            assert r["evidence"] and r["best_match"] in r["core"]
        (alone,) = story_reasons(ws.store, rows[stub])
        assert alone["non_article"] == "paywall" and alone["opened_story"]
        json.dumps(reasons)  # plain fields only
