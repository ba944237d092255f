"""Shared word lists: stopwords, honorifics and titles, month and weekday names (one copy each).

Lists that differ on purpose (each tuned to the stage that uses it) are kept as named variants derived
from one base, so that the differences can be read here rather than found by comparing modules.
"""

from __future__ import annotations


def word_set(words: str) -> frozenset[str]:
    """The whitespace-separated words of ``words`` as a frozenset (lists are written as one string)."""
    return frozenset(words.split())
