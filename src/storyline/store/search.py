"""Full-text search helpers shared by the stores: the user's words as a safe FTS5 query, and the same
search done in memory (for :class:`~storyline.store.memory.MemoryStore`, where there is no SQLite index)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from ..model import Article
from .records import HIT_END, HIT_START, SearchHit

__all__ = ["fts_query", "words_of", "search_articles"]

_WORD = re.compile(r"\w+")


def words_of(query: str) -> list[str]:
    """The words of a search box entry, case- and accent-folded (punctuation and operators dropped)."""
    folded = unicodedata.normalize("NFKD", query.casefold())
    return _WORD.findall("".join(c for c in folded if not unicodedata.combining(c)))


def fts_query(query: str) -> str:
    """An FTS5 query matching every word of ``query`` literally (each word quoted, so a user's ``"``,
    ``AND``, ``NEAR(`` or ``*`` is a word to find, never query syntax that could fail)."""
    return " ".join(f'"{w}"' for w in words_of(query))


def search_articles(articles: Iterable[Article], query: str, limit: int = 50) -> list[SearchHit]:
    """The in-memory search: articles holding every word of ``query``, titles weighing five times the text."""
    want = words_of(query)
    if not want:
        return []
    hits = []
    for seq, a in enumerate(articles):
        title, text = words_of(a.title), words_of(a.text)
        if not all(w in title or w in text or w in words_of(a.outlet or "") for w in want):
            continue
        score = sum(5 * title.count(w) + text.count(w) for w in want) / (1 + len(text) / 500)
        hits.append((-score, seq, SearchHit(a.id, a.title, _snippet(a.text, want), round(score, 4))))
    return [h for *_, h in sorted(hits, key=lambda x: (x[0], x[1]))[:limit]]


def _snippet(text: str, want: list[str], width: int = 16) -> str:
    tokens = text.split()
    marked = [(t, bool(set(words_of(t)) & set(want))) for t in tokens]
    first = next((i for i, (_, hit) in enumerate(marked) if hit), 0)
    lo = max(0, first - width // 2)
    part = marked[lo:lo + width]
    out = " ".join(f"{HIT_START}{t}{HIT_END}" if hit else t for t, hit in part)
    return ("…" if lo else "") + out + ("…" if lo + width < len(tokens) else "")
