"""What the HTML and Markdown views share: the links object, the template environments, small helpers.

The views render the report's JSON edge (the ``storyline.report/1`` dicts), never the pipeline's
objects, so the static report and the web app (``storyline serve``) render the same templates and differ
only in their :class:`Links`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, Undefined

PACKAGE = __name__.rpartition(".")[0]  # storyline.report
TEMPLATES = "templates"


@dataclass(frozen=True, slots=True)
class Links:
    """Where a page's links point: the only thing the static report and the web app render differently.

    Each ``*_pattern`` holds ``{id}`` for the (URL-quoted) story or article id. The defaults are the static
    report as seen from its top folder (``index.html``); :data:`STORY_PAGE_LINKS` are the same links as seen
    from the story pages in ``stories/``.

    Attributes:
        index: the index page.
        report_json: the whole machine-readable report (``None``: no such link).
        story_pattern: a story's HTML page.
        story_json_pattern: a story's JSON.
        story_markdown_pattern: a story's Markdown page (``None``: no such link).
        article_pattern: an article's page; ``None`` links an article to its own http(s) URL (:func:`safe_url`).
        evidence_pattern: a passage of an article (``{id}``, ``{start}``, ``{end}``): where a summary citation
            links (``None``: citations are not links, as in the static report).
    """

    index: str = "index.html"
    report_json: str | None = "report.json"
    story_pattern: str = "stories/{id}.html"
    story_json_pattern: str = "stories/{id}.json"
    story_markdown_pattern: str | None = "stories/{id}.md"
    article_pattern: str | None = None
    evidence_pattern: str | None = None

    def story(self, story_id: str) -> str:
        """The URL of a story's page."""
        return self.story_pattern.format(id=quote(str(story_id), safe=""))

    def story_json(self, story_id: str) -> str:
        """The URL of a story's JSON."""
        return self.story_json_pattern.format(id=quote(str(story_id), safe=""))

    def story_markdown(self, story_id: str) -> str | None:
        """The URL of a story's Markdown page, if there is one."""
        pattern = self.story_markdown_pattern
        return pattern.format(id=quote(str(story_id), safe="")) if pattern else None

    def article(self, article: Mapping[str, Any]) -> str | None:
        """Where an article's title links to: its page in the app, or its own URL when that is http(s)."""
        if self.article_pattern:
            return self.article_pattern.format(id=quote(str(article.get("id")), safe=""))
        return safe_url(article.get("url"))


    def evidence(self, article_id: str, span: Sequence[int]) -> str | None:
        """Where a citation of ``span`` in an article links (``None``: nowhere)."""
        if not self.evidence_pattern or len(span) != 2:
            return None
        return self.evidence_pattern.format(id=quote(str(article_id), safe=""), start=int(span[0]), end=int(span[1]))


#: The static report's links from its top folder (``index.html``).
REPORT_LINKS = Links()
#: The static report's links from a story page (``stories/<id>.html``): siblings, and the index one folder up.
STORY_PAGE_LINKS = Links(index="../index.html", report_json="../report.json", story_pattern="{id}.html",
                         story_json_pattern="{id}.json", story_markdown_pattern="{id}.md")

_SAFE_SCHEMES = ("http://", "https://")


def safe_url(url: Any) -> str | None:
    """``url`` when it is an http(s) address, else ``None``: links in a report never run code.

    Article URLs come from the input (JSONL fields, feeds, WARC headers); ``javascript:``, ``data:`` or
    ``vbscript:`` there must not become a clickable link. Browsers ignore tabs, newlines and leading
    control characters in a scheme, so they are removed before the check.
    """
    if not isinstance(url, str):
        return None
    cleaned = "".join(ch for ch in url if ch >= " " and ch != "\x7f").strip()
    return cleaned if cleaned.lower().startswith(_SAFE_SCHEMES) else None


def label(article: Mapping[str, Any]) -> str:
    """How an article is named in tables and tips: its outlet, else its file name, else its id."""
    return str(article.get("outlet") or str(article.get("source") or "").rsplit("/", 1)[-1] or article["id"])


def shown_date(event: Mapping[str, Any]) -> str:
    """An event's date as precise as it is known: ``1962`` for a year, ``2025-03`` for a month.

    The report keeps ``date`` as a full ISO day (the contract) plus ``granularity``; showing "1962-01-01"
    would claim a day that no source gave.
    """
    date = str(event.get("date") or "")
    cut = {"year": 4, "month": 7}.get(str(event.get("granularity") or ""))
    return date[:cut] if cut else date


#: Conflict kinds worth a line under the summary: facts the sources disagree on. Misquotes and
#: misspellings are errors of one source and stay in the conflicts table.
DISPUTE_KINDS = ("number", "date", "entity")
#: Conflict kinds for which the report says which value most independent sources back.
VERDICT_KINDS = ("number", "name", "date", "entity")


def main_disputes(conflicts: Sequence[Mapping[str, Any]], limit: int = 4) -> list[Mapping[str, Any]]:
    """The story's most widely carried factual disputes (numbers, dates, role holders), biggest first."""
    found = [c for c in conflicts if c.get("kind") in DISPUTE_KINDS]
    found.sort(key=lambda c: -len({a for v in c["values"] for a in v.get("articles", [])}))
    return found[:limit]


def numbering(ids: Sequence[str]) -> dict[str, int]:
    """Article id → its citation number on the page (1, 2 …, in the story's order)."""
    return {aid: i for i, aid in enumerate(ids, start=1)}


def refs_of(number: Mapping[str, int], sep: str) -> Callable[[Any], str]:
    """A function giving the citation markers (``[1] [3]``) of some article ids, joined with ``sep``.

    Ids not on the page are left out; ``None`` or an undefined template value count as no ids.
    """

    def refs(ids: Any) -> str:
        if ids is None or isinstance(ids, Undefined):
            return ""
        return sep.join(f"[{n}]" for n in sorted({number[a] for a in ids if a in number}))

    return refs


def group_numbers(ids: Sequence[str], groups: Mapping[str, str]) -> dict[str, int]:
    """Article id → its independence group's number (G1, G2 … in the order the groups first appear)."""
    gnum: dict[str, int] = {}
    return {aid: gnum.setdefault(groups.get(aid, aid), len(gnum) + 1) for aid in ids}


@functools.cache
def asset(name: str) -> str:
    """A file from the templates folder (the stylesheet, the page script), read once."""
    return resources.files(PACKAGE).joinpath(TEMPLATES, name).read_text(encoding="utf-8")


def environment(**options: Any) -> Environment:
    """A Jinja environment over the templates folder (block tags take their own line; see Jinja's docs)."""
    return Environment(loader=PackageLoader(PACKAGE, TEMPLATES), trim_blocks=True, lstrip_blocks=True, **options)
