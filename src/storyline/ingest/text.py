"""Plain-text articles: headline, datelines and by-lines are read and removed from the body.

Recognised at the top of a file (within the first few non-empty lines):

* a leading `` date 2021-12-09 `` marker (the body may continue on the same line);
* ``Published: …`` / ``Updated: …`` / ``Posted on …`` / ``Date: …`` lines;
* ``By Jane Doe | Dec 9, 2021`` (author and date) and ``By Jane Doe`` lines;
* a line that is nothing but a date (``October 16, 2025``);
* ``Source: …`` / ``Outlet: …`` / ``Publisher: …`` lines naming the outlet.

The title is the first line when it looks like a headline (short, no closing full stop, more text
follows); otherwise it is derived from the opening sentence.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Article, Skip
from ..text.normalize import repair
from .common import DATE_LINE, make_article, parse_date

_LEADING_DATE = re.compile(r"^\s*date\s*[:=]?\s*(\d{4}-\d{2}-\d{2}(?:[T ][0-9:]+Z?)?)\s+", re.I)
_LABELLED = re.compile(
    r"^\s*(published|updated|posted|date|dated|first published)(?:\s+on)?\s*[:\-–—]?\s*(.{4,80}?)\s*$", re.I
)
_OUTLET = re.compile(r"^\s*(?:source|outlet|publisher|publication)\s*:\s*(.{2,80}?)\s*$", re.I)
_BYLINE_DATE = re.compile(r"^\s*by\s+(.{2,80}?)\s*[|•·—–]\s*(.{4,60}?)\s*$", re.I)
_BYLINE = re.compile(r"^\s*[Bb][Yy]\s+((?:[A-Z][\w.'’\-]*\s*){1,4}(?:(?:,|and|&)\s*(?:[A-Z][\w.'’\-]*\s*){1,4})*)$")
_SPLIT_AUTHORS = re.compile(r"\s*(?:,|\band\b|&)\s*")
_MAX_HEADER_LINES = 6
_TITLE_WORDS = 20


@dataclass(slots=True)
class PlainParts:
    """What :func:`parse_plain` found."""

    title: str
    body: str
    published: dt.date | None = None
    published_source: str = "none"
    authors: list[str] = field(default_factory=list)
    title_derived: bool = False
    outlet: str | None = None


def _looks_like_headline(line: str, rest: str) -> bool:
    stripped = line.strip()
    if not stripped or not rest.strip():
        return False
    n_words = len(stripped.split())
    if n_words > 25 or len(stripped) > 250:
        return False
    # A lede sentence ends in a full stop, possibly inside closing quotes or brackets; a headline does not.
    core = stripped.rstrip("\"'”’»)]")
    return not core.endswith((".", ",", ";", ":"))


def derive_title(body: str, max_words: int = _TITLE_WORDS) -> str:
    """A title from the opening sentence, cut to ``max_words`` words."""
    from ..text.normalize import sentences

    first = body.strip()
    spans = sentences(first[:2000])
    if spans:
        first = first[spans[0][0]:spans[0][1]]
    words = first.split()
    title = " ".join(words[:max_words])
    if len(words) > max_words:
        return title.rstrip(",;:") + "…"
    return title.rstrip(".")


def parse_plain(text: str) -> PlainParts:
    """Split a repaired plain-text article into title, body, date and authors (pure)."""
    lines = text.split("\n")
    published: dt.date | None = None
    authors: list[str] = []
    outlet: str | None = None
    consumed: set[int] = set()
    seen = 0
    first_content = None
    lede_inline = -1
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        seen += 1
        if seen > _MAX_HEADER_LINES:
            break
        m = _LEADING_DATE.match(line)
        if m and published is None:
            published = parse_date(m.group(1))
            lines[i] = line[m.end():]
            if not lines[i].strip():
                consumed.add(i)
            else:
                # The body runs on after the dateline: that line is the lede, never a headline.
                first_content = first_content if first_content is not None else i
                lede_inline = i
            continue
        m = _LABELLED.match(line)
        if m:
            d = parse_date(m.group(2))
            if d is not None:
                # "Published" beats "Updated": publication is what later stages compare.
                if published is None or m.group(1).lower() in {"published", "first published"}:
                    published = d
                consumed.add(i)
                continue
        m = _OUTLET.match(line)
        if m and outlet is None:
            outlet = m.group(1)
            consumed.add(i)
            continue
        m = _BYLINE_DATE.match(line)
        if m:
            d = parse_date(m.group(2))
            if d is not None:
                published = published or d
                authors = [a for a in _SPLIT_AUTHORS.split(m.group(1)) if a]
                consumed.add(i)
                continue
        m = _BYLINE.match(line.strip())
        if m and not authors:
            authors = [a for a in _SPLIT_AUTHORS.split(m.group(1).strip()) if a]
            consumed.add(i)
            continue
        if len(line.strip()) <= 40 and DATE_LINE.match(line):
            d = parse_date(line.strip())
            if d is not None:
                published = published or d
                consumed.add(i)
                continue
        if first_content is None:
            first_content = i
    kept = [(i, ln) for i, ln in enumerate(lines) if i not in consumed]
    title = ""
    derived = False
    body_lines = [ln for _, ln in kept]
    first_idx = next((k for k, (_, ln) in enumerate(kept) if ln.strip()), None)
    if first_idx is not None:
        head = kept[first_idx][1]
        rest = "\n".join(ln for _, ln in kept[first_idx + 1:])
        if kept[first_idx][0] != lede_inline and _looks_like_headline(head, rest):
            title = head.strip()
            body_lines = [ln for _, ln in kept[first_idx + 1:]]
    body = "\n".join(body_lines).strip()
    if not title and body:
        title = derive_title(body)
        derived = True
    return PlainParts(
        title=title,
        body=body,
        published=published,
        published_source="dateline" if published else "none",
        authors=authors,
        title_derived=derived,
        outlet=outlet,
    )


def read_text(path: Path, text: str, source: str, key: str) -> Iterator[Article | Skip]:
    """Read one decoded plain-text file as one article."""
    parts = parse_plain(repair(text))
    if not parts.body.strip():
        yield Skip(source, "empty", "no body text after the headline and dateline")
        return
    yield make_article(
        source=source,
        key=key,
        text=parts.body,
        title=parts.title,
        authors=parts.authors,
        outlet=parts.outlet,
        published=parts.published,
        published_source=parts.published_source,
        metadata={"format": "text", "title_derived": parts.title_derived},
        repaired=True,
    )
