"""The HTML and Markdown views rendered from the Jinja templates: every section, escaping, links."""

from __future__ import annotations

import re
import tomllib
from importlib import resources

import pytest
from conftest import REPO

from storyline.report.html import render_index, render_story
from storyline.report.markdown import md, render_story_markdown
from storyline.report.views import REPORT_LINKS, STORY_PAGE_LINKS, Links

EVIL = "<script>alert('x')</script> *bold* _u_ [l](j) | & #"
TEXT = {"a1": "The council closed the pier on Tuesday after inspectors found rot in 20 piles.",
        "a2": "The council shut the pier on Tuesday after inspectors found rot in 25 piles."}


def _articles() -> dict[str, dict]:
    return {
        "a1": {"id": "a1", "source": "in/a1.html", "url": "javascript:alert(1)", "outlet": EVIL, "title": EVIL,
               "published": "2024-03-05", "published_source": "html-meta", "duplicate_of": None,
               "duplicate_kind": None, "story": "s1", "non_article": None},
        "a2": {"id": "a2", "source": "in/a2.html", "url": "https://example.org/a2?x=1&y=2", "outlet": "Harbour Post",
               "title": "Pier shut", "published": "2024-03-06", "published_source": "dateline",
               "duplicate_of": "a1", "duplicate_kind": "near", "story": "s1", "non_article": None},
    }


def _story() -> dict:
    span = {"source": "a1", "target": "a2", "source_span": [0, len(TEXT["a1"])], "target_span": [0, len(TEXT["a2"])]}
    return {
        "id": "s1", "title": EVIL, "articles": ["a1", "a2"], "first_published": "2024-03-05",
        "last_published": "2024-03-06",
        "summary": [{"text": EVIL, "citations": ["a1", "a2"],
                     "verification": {"a1": {"method": "overlap", "score": 0.9, "evidence": [0, 20]}}}],
        "timeline": [{"date": "2024-03-05", "granularity": "day", "citations": ["a1"], "resolutions": [EVIL],
                      "text": "The council closed the pier " + "and said a great many further things " * 8 + EVIL}],
        "quotes": [{"speaker": EVIL, "misattribution": True, "variants": [
            {"text": "We will rebuild the pier properly", "articles": ["a1"], "fidelity": "exact"},
            {"text": "We will rebuild the pier <quickly>", "articles": ["a2"], "fidelity": "altered",
             "misquote": True}]}],
        "conflicts": [{"kind": "number", "about": EVIL, "via": "alignment", "confidence": "high",
                       "likely_correct": EVIL, "changes": [EVIL], "reason": EVIL, "passages": [span],
                       "values": [{"value": "20 <b>", "articles": ["a1"]}, {"value": "25", "articles": ["a2"]}]}],
        "reuse": [{"source": "a1", "target": "a2", "kind": "rewrite", "score": 0.8,
                   "passages": [{"source_span": [0, 16], "target_span": [0, 14]}],
                   "shared_quotations": [{"source_span": [20, 30], "target_span": [20, 30]}]}],
        "claims": [{"text": EVIL, "support": ["a1"], "independent_support": 1, "contradicted_by": ["a2"]}],
        "provenance": {"independent_sources": 1, "original": "a1", "groups": {"a1": "a1", "a2": "a1"},
                       "edges": [{"source": "a1", "target": "a2", "kind": "rewrite", "confidence": 0.7,
                                  "reasons": [EVIL]}]},
        "membership": [{"article": "a1", "opened_story": True},
                       {"article": "a2", "score": 0.61, "best_match": "a1", "evidence": [EVIL],
                        "low_confidence": True}],
    }


@pytest.fixture(scope="module")
def page() -> str:
    return render_story(_story(), _articles(), TEXT)


def test_every_section_of_the_story_page(page: str) -> None:
    for element in ('id="headline"', 'id="summary"', 'id="disputes"', 'id="timeline-svg"', 'id="timeline"',
                    'id="conflicts"', 'id="quotes"', 'id="matrix"', 'id="provenance-graph"', 'id="derivations"',
                    'id="sources"', 'class="cite"', 'class="side-by-side"', "<del>", "<ins>", 'class="cols"',
                    "changed in a copied passage", "high confidence", "misquote", "misattributed",
                    "Why in this story", "opened the story", "low confidence", 'mark class="rewrite"',
                    'mark class="quotation"', "the passages compared", "(near duplicate of [1])", "G1"):
        assert element in page, element
    assert page.count('class="yes"') == 1 and page.count('class="no">✗') == 1
    assert "1 independent sources" in page


def test_input_text_is_escaped_everywhere(page: str) -> None:
    assert page.count("<script") == 1  # the page's own tooltip script, nothing from the input
    assert "<script>alert" not in page and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert "20 &lt;b&gt;" in page and "&lt;quickly&gt;" in page
    assert "javascript:" not in page  # the hostile URL is no link; the http one is, with its & escaped
    assert 'href="https://example.org/a2?x=1&amp;y=2"' in page


def test_long_timeline_labels_are_cut_to_fit(page: str) -> None:
    label = re.search(r"<text x=\"[\d.]+\" y=\"\d+\" font-size=\"12\"><title>.*?</title>(.*?)</text>", page)
    assert label and label.group(1).endswith("…") and len(label.group(1)) < 200


def test_failed_story_has_a_failure_box() -> None:
    story = {"id": "s2", "title": "T", "articles": ["a1"], "first_published": None, "last_published": None,
             "failure": {"stage": "claims", "kind": "ValueError", "message": "<boom>"}}
    page = render_story(story, _articles(), {})
    assert 'class="failure" role="alert"' in page and "ValueError: &lt;boom&gt;" in page
    assert "No summary sentence could be verified." in page and "No dated events." in page


def test_markdown_escapes_every_value_but_not_the_citations() -> None:
    text = render_story_markdown(_story(), _articles())
    assert text.startswith(f"# {md(EVIL)}\n\n## Summary\n\n- {md(EVIL)} [1][2]\n")
    assert "<script>" not in text and "\\<script\\>" in text
    assert "**Sources disagree** on:" in text and "**20 \\<b\\>** [1] · **25** [2]" in text
    assert f"- number (changed in a copied passage) — {md(EVIL)}: 20 \\<b\\> [1]; 25 [2] — likely correct:" in text
    rows = [line for line in text.splitlines() if line.startswith(("| 1 |", "| 2 |"))]
    assert len(rows) == 2 and all(row.count(" | ") == 4 for row in rows)  # "|" in the outlet is escaped
    assert rows[1].endswith("| Pier shut (near duplicate of [1]) |")
    assert text.endswith(" |\n")


def test_links_are_the_only_difference_for_the_web_app() -> None:
    web = Links(index="/", report_json=None, story_pattern="/stories/{id}", story_json_pattern="/stories/{id}.json",
                story_markdown_pattern=None, article_pattern="/articles/{id}")
    page = render_story(_story(), _articles(), TEXT, web)
    assert 'href="/"' in page and 'href="/stories/s1.json"' in page and 'href="/articles/a1"' in page
    assert "Markdown</a>" not in page and "example.org" not in page
    static = render_story(_story(), _articles(), TEXT)
    assert 'href="../index.html"' in static and 'href="s1.md"' in static and 'href="s1.json"' in static
    assert STORY_PAGE_LINKS.story("a b/c") == "a%20b%2Fc.html" and REPORT_LINKS.story("s1") == "stories/s1.html"
    index = render_index({"articles": list(_articles().values()), "stories": [_story()]}, web)
    assert 'href="/stories/s1"' in index and "report.json" not in index
    assert 'href="stories/s1.html"' in render_index({"articles": list(_articles().values()), "stories": [_story()]},
                                                    REPORT_LINKS)


def test_index_escapes_and_counts() -> None:
    story = _story() | {"failure": {"stage": "x", "kind": "y", "message": "z"}}
    page = render_index({"articles": list(_articles().values()), "stories": [story]})
    assert "<script>alert" not in page and page.count("<script") == 0
    assert "1 of 1 stories could not be analysed" in page and "analysis failed" in page
    assert "2024-03-05 – 2024-03-06" in page and "2 articles (1 duplicates) in 1 stories" in page


def test_index_counts_pages_kept_apart_as_not_articles() -> None:
    stub = {"id": "a3", "source": "in/a3.html", "url": "https://example.org/a3", "outlet": "Paper",
            "title": "Subscribe", "published": None, "published_source": None, "duplicate_of": None,
            "duplicate_kind": None, "story": "s2", "non_article": "paywall_stub"}
    lone = {"id": "s2", "title": "Subscribe", "articles": ["a3"], "first_published": None, "last_published": None,
            "conflicts": []}
    page = render_index({"articles": [*_articles().values(), stub], "stories": [_story(), lone]})
    assert "3 articles (1 duplicates) in 1 stories, and 1 page kept apart as not articles" in page
    assert "paywall_stub" in page  # listed apart, with its kind


def test_templates_ship_as_package_data() -> None:
    folder = resources.files("storyline.report") / "templates"
    for name in ("base.html", "index.html", "story.html", "story.md", "storyline.css", "story.js"):
        assert (folder / name).is_file(), name
    data = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["storyline"]
    assert "report/templates/*" in data
