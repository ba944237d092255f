"""The Markdown view of a story (``stories/<id>.md``), rendered from ``templates/story.md``.

Every value in the template is escaped with :func:`md` (the environment's ``finalize``): a template
cannot forget to escape text that came from the input. Markers the view builds itself (citations like
``[1][3]``) are passed as ``Markup`` and written as they are.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from .views import VERDICT_KINDS, environment, group_numbers, main_disputes, numbering, refs_of, shown_date

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&#!])")


def md(value: Any) -> str:
    """Markdown-escape a value from the input, so that it renders as the text it is.

    Titles, quotes and outlets come from arbitrary pages: raw ``<script>`` would run where Markdown is
    rendered to HTML, and a ``|`` would break a table. CommonMark lets every ASCII punctuation character
    be backslash-escaped; line breaks become spaces so a value never starts a new block.
    """
    text = " ".join(("" if value is None else str(value)).split())
    return _MD_SPECIAL.sub(r"\\\1", text)


def _finalize(value: Any) -> str:
    return str(value) if isinstance(value, Markup) else md(value)


@functools.cache
def markdown_environment() -> Environment:
    """The Jinja environment of the Markdown pages: no HTML autoescaping, every value through :func:`md`."""
    return environment(autoescape=False, keep_trailing_newline=True, finalize=_finalize)


def render_story_markdown(story: dict[str, Any], by_id: Mapping[str, Mapping[str, Any]]) -> str:
    """One story as Markdown: summary with numbered citations, timeline, conflicts, quotes, claims, sources.

    Args:
        story: a story of the report (``report["stories"][i]``).
        by_id: the report's articles by id (for outlets, dates and titles of the sources).
    """
    ids = list(story["articles"])
    number = numbering(ids)
    plain_refs = refs_of(number, "")

    def refs(articles: Any) -> Markup:
        return Markup(plain_refs(articles))  # noqa: S704 - digits and brackets only

    groups = (story.get("provenance") or {}).get("groups", {})
    gnum = group_numbers(ids, groups)  # the same G1, G2 … as the HTML page
    sources = []
    for aid in ids:
        a = by_id.get(aid, {})
        rep = a.get("duplicate_of")
        sources.append({"n": number[aid], "article": a, "group": gnum[aid], "duplicate_of": rep,
                        "duplicate_ref": refs([rep]) if rep in number else rep})
    return markdown_environment().get_template("story.md").render(
        story=story, failure=story.get("failure"), disputes=main_disputes(story.get("conflicts", [])),
        sources=sources, refs=refs, shown_date=shown_date, verdict_kinds=VERDICT_KINDS)
