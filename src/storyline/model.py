"""Core data types shared by every stage.

Every derived thing points back into an article's canonical text with a :class:`Span`, so that
claims, quotes, conflicts and summary sentences can be cited and highlighted later.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

PublishedSource = Literal["feed", "html-meta", "dateline", "text", "user", "none"]

#: How much each way of knowing a publication date is trusted (0–1). Later stages weigh dates by it.
DATE_CONFIDENCE: dict[str, float] = {
    "user": 1.0,
    "feed": 0.9,
    "html-meta": 0.85,
    "dateline": 0.8,
    "text": 0.5,
    "none": 0.0,
}


@dataclass(slots=True, frozen=True)
class Span:
    """A half-open character range ``[start, end)`` in an article's canonical text."""

    article_id: str
    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"bad span [{self.start}, {self.end})")


@dataclass(slots=True)
class Article:
    """One news article in canonical (normalised) form.

    Attributes:
        id: stable id — given by the input, or a hash of source and normalised text.
        source: where it was read from (path, ``path#line``, URL or WARC record).
        text: the canonical body text; every :class:`Span` indexes into it.
        published: publication date, if known.
        published_source: how the date was learnt (feed, html-meta, dateline, text, user, none).
        published_confidence: trust in the date, 0–1 (see :data:`DATE_CONFIDENCE`).
        duplicate_of: id of the earliest article with identical text (exact duplicate).
        near_duplicate_of: representative (earliest copy) of the article's near-duplicate group.
        content_hash: hash of the normalised text, used for exact duplicates.
        metadata: rarely used keys (author fields, feed ids, reader details …).
    """

    id: str
    source: str
    text: str
    title: str = ""
    url: str | None = None
    outlet: str | None = None
    authors: list[str] = field(default_factory=list)
    published: dt.date | None = None
    published_source: str = "none"
    published_confidence: float = 0.0
    language: str | None = None
    duplicate_of: str | None = None
    near_duplicate_of: str | None = None
    content_hash: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict (dates as ISO strings)."""
        d = asdict(self)
        d["published"] = self.published.isoformat() if self.published else None
        return d


@dataclass(slots=True)
class Skip:
    """An input that was not ingested, with the reason (a short key) and a human message."""

    source: str
    reason: str
    message: str
    line: int | None = None

    def where(self) -> str:
        """``path`` or ``path:line`` for messages."""
        return f"{self.source}:{self.line}" if self.line is not None else self.source


@dataclass(slots=True)
class Story:
    """A group of articles reporting the same event."""

    id: str
    title: str
    articles: list[str] = field(default_factory=list)
    first_published: dt.date | None = None
    last_published: dt.date | None = None
    merged_from: list[str] = field(default_factory=list)


@dataclass(slots=True, frozen=True)
class InputFile:
    """An input file read completely: what identifies its content, so an unchanged file is not parsed again.

    Attributes:
        path: the file's path as given (resolved to an absolute path).
        size: bytes.
        mtime_ns: modification time.
        sha256: hex digest of the bytes.
        articles: how many articles it gave.
    """

    path: str
    size: int
    mtime_ns: int
    sha256: str
    articles: int = 0


@dataclass(slots=True)
class StoryFailure:
    """A story whose analysis failed: the run went on, the story is reported without its analysis.

    Attributes:
        story_id: the story.
        stage: the analysis stage that raised (``align``, ``claims``, ``crosscheck``, ``summary``, …).
        kind: the exception's type name.
        message: the exception's message.
    """

    story_id: str
    stage: str
    kind: str
    message: str

    def to_dict(self) -> dict[str, str]:
        """The report's ``failure`` object."""
        return {"stage": self.stage, "kind": self.kind, "message": self.message}


@dataclass(slots=True)
class IngestResult:
    """What one ingest call did: counts per outcome and the skipped inputs with reasons.

    ``unchanged_files`` counts input files not parsed again because the store has read them before and
    their size, modification time (or content hash) are unchanged; ``run_id`` is the store's record of
    this call (story failures of the same run are stored under it).
    """

    added: list[str] = field(default_factory=list)
    already_stored: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
    unchanged_files: int = 0
    run_id: int | None = None

    @property
    def ingested(self) -> int:
        """Articles newly stored in this call."""
        return len(self.added)

    def skipped_by_reason(self) -> dict[str, int]:
        """Count of skipped inputs per reason key."""
        out: dict[str, int] = {}
        for s in self.skipped:
            out[s.reason] = out.get(s.reason, 0) + 1
        return out
