"""What an article page marks in the text: the cited passage, quotations, checked numbers, names, and the
passages reused from another article (with a link to that article's passage).

Spans come from the article's story analysis (report JSON): reuse passages and number claims carry their
spans; quotations and name forms are found in the text (the first few occurrences of each).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..report.views import Links

__all__ = ["Mark", "article_marks"]

#: (start, end, kind, href, label): kind is ``hl``, ``reused``, ``quote``, ``number`` or ``name``.
Mark = tuple[int, int, str, str | None, str | None]
_MAX_PER_FORM = 5


def _find_all(text: str, needle: str, limit: int = _MAX_PER_FORM) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    start = 0
    while needle and len(out) < limit:
        at = text.find(needle, start)
        if at < 0:
            break
        out.append((at, at + len(needle)))
        start = at + len(needle)
    return out


def article_marks(text: str, article_id: str, story: Mapping[str, Any] | None, links: Links,
                  label_of: Mapping[str, str]) -> list[Mark]:
    """The marks of one article's text from its story's analysis (``story``: the report entry, or ``None``)."""
    if not story:
        return []
    marks: list[Mark] = []
    for rec in story.get("reuse") or []:
        if rec.get("target") != article_id or rec.get("kind") == "none":
            continue
        for p in rec.get("passages") or []:
            s, e = p["target_span"]
            src = rec["source"]
            marks.append((s, e, "reused", links.evidence(src, p["source_span"]),
                          f"{p.get('kind') or rec.get('kind')} of {label_of.get(src, src)}"))
    for c in story.get("claims") or []:
        span = (c.get("evidence") or {}).get(article_id)
        if c.get("kind") == "number" and span:
            marks.append((span[0], span[1], "number", None, f"{c['about']}: {c['value']}"))
    for g in story.get("quotes") or []:
        for v in g.get("variants") or []:
            if article_id in v.get("articles", []):
                for s, e in _find_all(text, v["text"], 2):
                    marks.append((s, e, "quote", None, f"quote of {g.get('speaker') or 'an unnamed speaker'}"
                                                       f" ({v.get('fidelity')})"))
    for ent in story.get("entities") or []:
        for form, arts in (ent.get("forms") or {}).items():
            if article_id in arts:
                for s, e in _find_all(text, form):
                    marks.append((s, e, "name", None, f"{ent.get('kind')}: {ent.get('canonical')}"))
    return [m for m in marks if 0 <= m[0] < m[1] <= len(text)]
