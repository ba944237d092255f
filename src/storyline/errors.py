"""The StorylineError hierarchy and its message catalogue.

Usage and configuration errors raise a typed :class:`StorylineError`; the CLI prints ``Error: …`` and
exits with status 1. Per-article problems never raise: readers turn them into a recorded
:class:`~storyline.model.Skip` with one of the reason keys in :data:`SKIP_REASONS`.
"""

from __future__ import annotations


class StorylineError(Exception):
    """Base class of every error storyline raises on purpose."""


class ConfigError(StorylineError):
    """A bad option, flag or configuration value."""


class InputError(StorylineError):
    """An input path that does not exist or cannot be read at all."""


class StoreError(StorylineError):
    """The store cannot be opened or is of an unknown schema."""


class MissingExtraError(StorylineError):
    """An optional feature needs an extra that is not installed."""

    def __init__(self, feature: str, extra: str) -> None:
        super().__init__(f"{feature} needs the [{extra}] extra: pip install 'storyline[{extra}]'")


#: Skip reason key → what it means (shown in the run summary).
SKIP_REASONS: dict[str, str] = {
    "empty": "file or record has no text",
    "binary": "file looks binary, not text",
    "undecodable": "bytes could not be decoded as text",
    "too_large": "file is over the size limit",
    "unknown_format": "file extension is not a known input format",
    "malformed_json": "line is not valid JSON",
    "missing_text": "record has no text field",
    "no_main_text": "HTML page has no main text",
    "bad_feed": "feed could not be parsed",
    "bad_warc": "WARC archive is damaged",
    "unreadable": "file could not be read",
    "too_short": "text is too short to be an article",
    "not_a_file": "not a regular file (device, pipe, socket or folder)",
    "no_articles": "file holds no article (a feed with no entries, an archive with no HTML page)",
    "reader_error": "an unexpected error while reading the file (the error is named)",
}
