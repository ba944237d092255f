"""Response schemas of the JSON API, for the OpenAPI document (``/api/openapi.json``).

They document the report's JSON edge (``storyline.report/1``); routes return the report dicts as they are
(declared with ``responses=``, not ``response_model=``, so a large story is not re-validated on every
request). ``tests/test_web.py`` validates every JSON twin against these schemas. Records allow extra keys:
the report may add fields without breaking clients.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class ErrorDetail(BaseModel):
    status: int
    message: str


class ErrorBody(BaseModel):
    """Every 4xx/5xx answer."""

    error: ErrorDetail


class StoryRow(_Open):
    """A story in a listing."""

    id: str
    title: str
    articles: list[str]
    first_published: str | None
    last_published: str | None
    conflict_count: int
    provenance: dict[str, Any]


class StoryList(BaseModel):
    """One page of the story listing."""

    stories: list[StoryRow]
    total: int
    page: int
    pages: int


class StoryEntry(_Open):
    """A story's analysis: the report's ``stories[]`` entry."""

    id: str
    title: str
    articles: list[str]
    first_published: str | None
    last_published: str | None
    summary: list[dict[str, Any]]
    timeline: list[dict[str, Any]]
    quotes: list[dict[str, Any]]
    conflicts: list[dict[str, Any]]
    reuse: list[dict[str, Any]]
    claims: list[dict[str, Any]]


class ArticleRecord(_Open):
    """An article's record (the report's ``articles[]`` entry) and its canonical text."""

    id: str
    source: str
    url: str | None
    outlet: str | None
    title: str
    published: str | None
    duplicate_of: str | None
    story: str | None
    words: int
    text: str


class SearchHit(BaseModel):
    article_id: str
    title: str
    score: float
    story: str | None
    snippet: str


class ClaimHit(BaseModel):
    """A story's claim stating every searched word."""

    story: str
    story_title: str
    kind: str
    about: str
    value: str
    text: str
    independent_support: int
    contradicted_by: int


class SearchResult(BaseModel):
    q: str
    hits: list[SearchHit]
    claims: list[ClaimHit]


class ConflictRow(_Open):
    """A conflict of the report, with the story it belongs to."""

    story: str
    story_title: str
    kind: str
    about: str
    values: list[dict[str, Any]]


class ConflictList(BaseModel):
    conflicts: list[ConflictRow]


class OutletRecord(BaseModel):
    """What one outlet published, whom it copied or was copied by (article counts per outlet), and which
    outlets fell in one independence group with it (not independent sources there; stories counted)."""

    articles: list[str]
    stories: list[str]
    copied_from: dict[str, int]
    copied_by: dict[str, int]
    same_source_as: dict[str, int]  # outlets in one independence group with it (stories counted)


class OutletList(BaseModel):
    outlets: dict[str, OutletRecord]


class PostResult(BaseModel):
    """What a POST of articles changed."""

    added: int
    already_stored: int
    duplicates: int
    skipped: list[dict[str, Any]]
    new_stories: list[str]
    grown_stories: list[str]
    conflicts_in_changed_stories: int


#: The error answers every route may give, for the OpenAPI document.
ERRORS: dict[int | str, dict[str, Any]] = {code: {"model": ErrorBody} for code in (404, 422)}


def ok(model: type[BaseModel]) -> dict[int | str, dict[str, Any]]:
    """The ``responses=`` of a route answering ``model`` (plus the shared errors)."""
    return {200: {"model": model}, **ERRORS}
