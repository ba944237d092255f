"""Text from the input never turns into code in a report: links are http(s) only, Markdown is escaped."""

from __future__ import annotations

import datetime as dt

import pytest

from storyline.align.provenance import derive
from storyline.model import Article, Story
from storyline.report.build import build_report, write_report
from storyline.report.markdown import md, render_story_markdown
from storyline.report.views import safe_url

HOSTILE_URLS = ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
                "\x01javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)",
                "file:///etc/passwd"]


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_only_http_urls_become_links(url: str) -> None:
    assert safe_url(url) is None


def test_http_urls_stay_links() -> None:
    assert safe_url("https://example.org/a?b=1") == "https://example.org/a?b=1"
    assert safe_url("HTTP://example.org") == "HTTP://example.org"
    assert safe_url(None) is None


def test_markdown_escapes_html_and_table_breakers() -> None:
    assert "<script>" not in md("<script>alert(1)</script>")
    assert md("A | B") == "A \\| B"
    assert md("two\nlines") == "two lines"


def _story(tmp_path, url: str, title: str) -> str:
    arts = [Article(id=f"a{i}", source=f"a{i}.jsonl", url=url, outlet="Evil | Outlet", title=title,
                    text="The council closed the pier on Tuesday after inspectors found rot. " * 3,
                    published=dt.date(2024, 3, 5)) for i in range(2)]
    story = Story(id="s1", title=title, articles=[a.id for a in arts])
    report = build_report(arts, [story], {"s1": {"summary": [{"text": title, "citations": ["a0"]}]}})
    write_report(report, tmp_path, {a.id: a.text for a in arts})
    return (tmp_path / "stories" / "s1.html").read_text()


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_story_page_has_no_script_link(tmp_path, url: str) -> None:
    page = _story(tmp_path, url, "<script>alert('x')</script> [/] title")
    assert "javascript:" not in page.lower() and "vbscript:" not in page.lower() and "data:text" not in page
    assert "<script>alert" not in page
    markdown = (tmp_path / "stories" / "s1.md").read_text()
    assert "<script>" not in markdown
    sources = [line for line in markdown.splitlines() if line.startswith("| 1 |")]
    assert sources and sources[0].count(" | ") == 4  # the outlet's "|" does not add a column


def test_markdown_of_a_failed_story_says_so() -> None:
    story = {"id": "s1", "title": "T", "articles": ["a"], "failure": {"stage": "summary", "kind": "ValueError",
                                                                     "message": "boom"}}
    text = render_story_markdown(story, {"a": {"id": "a", "title": "A"}})
    assert "could not be analysed" in text and "ValueError" in text


def test_same_day_near_copies_in_a_ring_still_get_an_original() -> None:
    """Near-copies dated the same day can derive from each other in a ring (A→B→C→A): no article without
    a parent. That used to crash the whole run (``min() arg is an empty sequence``)."""
    from types import SimpleNamespace

    arts = [Article(id=f"w{i}", source=f"w{i}.txt", text="Wire copy. " * 20, published=dt.date(2024, 3, 5),
                    published_confidence=0.8) for i in range(8)]
    ring = [SimpleNamespace(source=f"w{i}", target=f"w{(i + 1) % 8}", direction_confidence=0.5, kind="copy",
                            score=0.95, direction_reasons=["containment"], is_reuse=True, spun=None, evidence=[])
            for i in range(8)]
    prov = derive(arts, ring)  # type: ignore[arg-type]
    assert prov.original == "w0"  # the earliest, then the smallest id
    assert set(prov.groups) == {a.id for a in arts} and len(set(prov.groups.values())) == 1


def test_index_lists_non_article_pages_apart() -> None:
    from storyline.report.html import render_index

    stub = Article(id="p1", source="stub.html", title="Subscribe to read", text="Subscribe now. " * 5,
                   metadata={"non_article": "paywall_stub"})
    news = Article(id="n1", source="n.html", title="Pier closes", text="The council closed the pier. " * 5)
    report = build_report([stub, news], [Story(id="s1", title=stub.title, articles=["p1"]),
                                         Story(id="s2", title=news.title, articles=["n1"])])
    page = render_index(report)
    table, apart = page.split("Pages kept but not treated as articles (1)")
    assert "Pier closes" in table and "Subscribe to read" not in table
    assert "Subscribe to read" in apart and "paywall_stub" in apart
    assert report["articles"][0]["non_article"] == "paywall_stub"
