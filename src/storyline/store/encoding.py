"""What every store does to values before keeping them, so all backends give back the same thing.

SQLite keeps text and JSON; the in-memory store keeps Python objects. Both pass values through these
functions first, so an article read back from either has the same (cleaned, JSON-safe) fields.
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
from typing import Any, overload

from ..model import Article
from .records import Membership

_SURROGATE = re.compile("[\ud800-\udfff]")


def strict_json(value: Any) -> str:
    """JSON that every reader accepts, whatever ``value`` holds.

    ``json.dumps`` writes ``NaN``/``Infinity`` by default, which SQLite's JSON functions (and strict
    parsers) reject: one such value in one record would poison every later query. Non-finite numbers
    become strings and anything else unserialisable becomes its ``str()``.

    Args:
        value: any JSON-like value.

    Returns:
        Strict JSON text.
    """
    try:
        return json.dumps(value, allow_nan=False, default=str, ensure_ascii=False)
    except ValueError:
        return json.dumps(_finite(value), allow_nan=False, default=str, ensure_ascii=False)


def _finite(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


@overload
def clean_text(value: str) -> str: ...


@overload
def clean_text(value: None) -> None: ...


@overload
def clean_text(value: str | None) -> str | None: ...


def clean_text(value: str | None) -> str | None:
    """``value`` with lone surrogates (from broken JSON escapes or non-UTF-8 file names) replaced.

    Args:
        value: text or ``None``.

    Returns:
        Text that encodes as UTF-8 (``None`` stays ``None``).
    """
    if value is None:
        return None
    try:
        value.encode("utf-8")
        return value
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", value)


def stored_form(article: Article) -> Article:
    """``article`` as a store keeps it: cleaned text fields, JSON round-tripped authors and metadata, and no
    duplicate marks (the store works those out itself).

    Raises:
        TypeError: a required text field (id, source, text, content hash) is not a string.
    """
    for name in ("id", "source", "text", "content_hash"):
        if not isinstance(getattr(article, name), str):
            raise TypeError(f"article {article.id!r}: {name} must be a string")
    return dataclasses.replace(
        article, id=clean_text(article.id), source=clean_text(article.source), url=clean_text(article.url),
        outlet=clean_text(article.outlet), title=clean_text(article.title), language=clean_text(article.language),
        text=clean_text(article.text), authors=json.loads(strict_json(article.authors)),
        metadata=json.loads(strict_json(article.metadata)), duplicate_of=None, near_duplicate_of=None,
    )


def reasons_json(m: Membership) -> str:
    """The stored JSON of why ``m`` joined its story (only the keys its kind of membership uses)."""
    why: dict[str, Any] = {"terms": list(m.terms)}
    if m.duplicate_of is not None:
        why["duplicate_of"] = m.duplicate_of
    elif m.non_article is not None:
        why["non_article"] = m.non_article
    else:
        why.update(core=list(m.core), cosine=m.cosine)
    why["low_confidence"] = m.low_confidence
    return json.dumps(why)


def membership_from(article_id: str, story_id: str, score: float, best_match: str | None, why_json: str | None,
                    opened: bool) -> Membership:
    """A :class:`Membership` from its stored columns (``why_json`` as :func:`reasons_json` writes it)."""
    why = json.loads(why_json) if why_json else []
    if isinstance(why, list):  # written before reasons became an object
        why = {"terms": why}
    return Membership(
        article_id, story_id, float(score), best_match, bool(opened), tuple(why.get("terms", [])),
        tuple(why.get("core", [])), why.get("cosine"), bool(why.get("low_confidence", False)),
        why.get("duplicate_of"), why.get("non_article"))
