"""The report data (the ``storyline.report/1`` dict) and the writers of a report folder.

One data model, three views: ``report.json`` is written here; the HTML pages come from :mod:`.html` and
the Markdown pages from :mod:`.markdown`, both rendered from the templates in ``templates/``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..model import Article, Story
from .html import render_index, render_story
from .markdown import render_story_markdown

__all__ = ["SCHEMA", "build_report", "filled_story", "index_row", "render_index", "render_story",
           "render_story_markdown", "write_report",
           "write_report_streaming"]

SCHEMA = "storyline.report/1"
_STORY_KEYS = ("summary", "timeline", "quotes", "conflicts", "reuse", "claims")

def build_report(articles: Sequence[Article], stories: Sequence[Story],
                 details: Mapping[str, dict[str, Any]] | None = None) -> dict[str, Any]:
    """The report dict of the contract in DESIGN.md.

    Args:
        articles: every stored article.
        stories: the stories over them.
        details: per story id, the stage outputs to merge in (``summary``, ``reuse`` …); missing keys
            are written as empty lists so readers can rely on them.
    """
    story_of = {aid: s.id for s in stories for aid in s.articles}
    out_articles = [
        {
            "id": a.id,
            "source": a.source,
            "url": a.url,
            "outlet": a.outlet,
            "title": a.title,
            "authors": a.authors,
            "published": a.published.isoformat() if a.published else None,
            "published_source": a.published_source,
            "duplicate_of": a.duplicate_of or a.near_duplicate_of,
            "duplicate_kind": "exact" if a.duplicate_of else ("near" if a.near_duplicate_of else None),
            "story": story_of.get(a.id),
            "words": len(a.text.split()),
            "non_article": a.metadata.get("non_article"),
        }
        for a in articles
    ]
    out_stories = []
    for s in stories:
        entry: dict[str, Any] = {
            "id": s.id,
            "title": s.title,
            "articles": list(s.articles),
            "first_published": s.first_published.isoformat() if s.first_published else None,
            "last_published": s.last_published.isoformat() if s.last_published else None,
        }
        out_stories.append(filled_story(entry, (details or {}).get(s.id, {})))
    out_stories.sort(key=lambda e: (-len(e["articles"]), e["first_published"] or "9999", e["id"]))
    return {"schema": SCHEMA, "articles": out_articles, "stories": out_stories}


def write_report(report: dict[str, Any], out_dir: str | Path, texts: dict[str, str] | None = None) -> Path:
    """Write ``report.json``, ``index.html`` and per story an HTML, Markdown and JSON page; returns the JSON path.

    Args:
        report: the dict from :func:`build_report`.
        out_dir: folder (created).
        texts: article id → canonical text, for the side-by-side reuse view and citation evidence.
    """
    out = Path(out_dir)
    (out / "stories").mkdir(parents=True, exist_ok=True)
    path = out / "report.json"
    tmp = path.with_suffix(".json.tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        fh.write(_open_report(report["articles"]))
        for n, story in enumerate(report["stories"]):
            fh.write(_story_line(n, _dumps(story)))
        fh.write(_close_report(bool(report["stories"]), {k: v for k, v in report.items()
                                                         if k not in ("schema", "articles", "stories")}))
    tmp.replace(path)  # readers never see a half-written report
    by_id = {a["id"]: a for a in report["articles"]}
    (out / "index.html").write_text(render_index(report), encoding="utf-8")
    for story in report["stories"]:
        _write_pages(out, story, _dumps(story), by_id, texts or {})
    return path


def _dumps(value: Any) -> str:
    """One JSON value on one line. Without ``indent`` :mod:`json` uses its C encoder; with ``indent`` it
    falls back to the pure-Python one, which took most of the report-writing time of a large run."""
    return json.dumps(value, ensure_ascii=False)


# report.json's layout: one article and one story per line (greppable, diffable, and written by the C
# encoder), the same bytes whether the report is dumped whole or streamed story by story.
def _open_report(articles: Sequence[dict[str, Any]]) -> str:
    body = ",\n".join("    " + _dumps(a) for a in articles)
    return ('{\n  "schema": ' + json.dumps(SCHEMA) + ',\n  "articles": ['
            + ("\n" + body + "\n  ]" if articles else "]") + ',\n  "stories": [')


def _story_line(n: int, story_json: str) -> str:
    return ("," if n else "") + "\n    " + story_json


def _close_report(any_story: bool, rest: Mapping[str, Any]) -> str:
    tail = "\n  ]" if any_story else "]"
    for key, value in rest.items():
        tail += ",\n  " + json.dumps(key) + ": " + _dumps(value)
    return tail + "\n}\n"


def filled_story(entry: dict[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    """A story entry with its analysis merged in; the contract's list keys are always present."""
    for key in _STORY_KEYS:
        entry[key] = extra.get(key, [])
    entry.update({k: v for k, v in extra.items() if k not in _STORY_KEYS})
    return entry


def _write_pages(out: Path, story: dict[str, Any], story_json: str, by_id: dict[str, dict[str, Any]],
                 texts: Mapping[str, str]) -> None:
    """A story's HTML, Markdown and JSON pages under ``out/stories/``."""
    base = out / "stories" / story["id"]
    base.with_suffix(".html").write_text(render_story(story, by_id, texts), encoding="utf-8")
    base.with_suffix(".md").write_text(render_story_markdown(story, by_id), encoding="utf-8")
    base.with_suffix(".json").write_text(story_json, encoding="utf-8")


def write_report_streaming(articles: Sequence[Article], stories: Sequence[Story],
                           details: Mapping[str, dict[str, Any]], out_dir: str | Path,
                           texts: dict[str, str] | None = None, run: dict[str, Any] | None = None,
                           membership: Mapping[str, list[dict[str, Any]]] | None = None) -> Path:
    """Write the same files as :func:`write_report`, holding one story's analysis in memory at a time.

    ``details`` may decode each story on access (the engine's packed analyses): every story is filled in,
    written to ``report.json`` and to its pages, and dropped before the next. ``report.json`` has the same
    content as :func:`write_report` of ``build_report(...) | {"run": run}``. ``membership`` adds, per story,
    why each article is in it (``stories[].membership``: score, best match, evidence, low confidence).
    """
    out = Path(out_dir)
    (out / "stories").mkdir(parents=True, exist_ok=True)
    skeleton = build_report(articles, stories)
    by_id = {a["id"]: a for a in skeleton["articles"]}
    index_rows: list[dict[str, Any]] = []
    path = out / "report.json"
    tmp = path.with_suffix(".json.tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        fh.write(_open_report(skeleton["articles"]))
        for n, bare in enumerate(skeleton["stories"]):
            story = filled_story(dict(bare), details.get(bare["id"], {}))
            if membership is not None and story["id"] in membership:
                story["membership"] = membership[story["id"]]
            text = _dumps(story)
            fh.write(_story_line(n, text))
            _write_pages(out, story, text, by_id, texts or {})
            index_rows.append(index_row(story))
        fh.write(_close_report(bool(skeleton["stories"]), {"run": run} if run is not None else {}))
    tmp.replace(path)  # readers never see a half-written report
    index = {"articles": skeleton["articles"], "stories": index_rows}
    (out / "index.html").write_text(render_index(index), encoding="utf-8")
    return path


def index_row(story: dict[str, Any]) -> dict[str, Any]:
    """What the index page needs of a story (not its whole analysis)."""
    row = {k: story.get(k) for k in ("id", "title", "articles", "first_published", "last_published", "failure")}
    row["provenance"] = {"independent_sources": (story.get("provenance") or {}).get("independent_sources")}
    row["conflict_count"] = len(story.get("conflicts") or [])
    return row
