"""The HTML views: ``index.html`` and the story page people read, rendered from ``templates/*.html``.

Pages are self-contained (one inline stylesheet, inline SVG, one tiny inline script) so a report folder
can be mailed or opened offline. Autoescaping is on: every value from the input is written as text.
This module prepares what the templates cannot compute comfortably (SVG geometry, word diffs, marked
passages, citation tips); the markup itself lives in the templates.

Story page sections: headline, cited summary (hover a marker to see the source sentence), timeline (SVG),
conflicts, quote variants with word-level diffs, claim × source matrix, reuse and provenance graph (SVG)
with a side-by-side view of aligned passages, and the sources with outlet, date and independence group.
"""

from __future__ import annotations

import difflib
import functools
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from jinja2 import Environment, select_autoescape
from markupsafe import Markup

from .views import (
    REPORT_LINKS,
    STORY_PAGE_LINKS,
    VERDICT_KINDS,
    Links,
    asset,
    environment,
    group_numbers,
    label,
    main_disputes,
    numbering,
    refs_of,
    safe_url,
    shown_date,
)

__all__ = ["render_article", "render_index", "render_story", "safe_url", "word_diff"]

#: Edge colours of the provenance graph, by reuse kind (also its legend).
EDGE_COLOURS = {"duplicate": "#888", "copy": "#e08a00", "rewrite": "#1f78b4", "paraphrase": "#6a3d9a",
                "spin": "#d62728"}


def _finalize(value: Any) -> Any:
    return "" if value is None else value  # None shows as nothing, not as "None"


@functools.cache
def html_environment() -> Environment:
    """The Jinja environment of the HTML pages: autoescaping on; stylesheet, script and helpers as globals."""
    env = environment(autoescape=select_autoescape(["html"]), finalize=_finalize)
    env.globals.update(stylesheet=Markup(asset("storyline.css")), story_script=Markup(asset("story.js")),
                       label=label, shown_date=shown_date, edge_colours=EDGE_COLOURS)
    return env


def render_article(article: Mapping[str, Any], text: str, links: Links, json_url: str,
                   highlight: tuple[int, int] | None = None,
                   marks: Sequence[tuple[int, int, str, str | None, str | None]] = ()) -> str:
    """An article page: its metadata and text, with ``highlight`` (a character span, e.g. a cited
    sentence) marked and scrolled to, and ``marks`` (quotations, numbers, names, reused passages) shown.

    Args:
        article: the report's article record.
        text: its canonical text.
        links: where the page links to.
        json_url: the page's JSON twin.
        highlight: ``(start, end)`` in ``text`` to mark; ignored when out of range.
        marks: ``(start, end, kind, href, label)`` spans; a mark with ``href`` (a reused passage) gets a link
            to where it comes from at its start.
    """
    spans = list(marks)
    if highlight and 0 <= highlight[0] < highlight[1] <= len(text):
        spans.append((highlight[0], highlight[1], "hl", None, None))
    cuts = sorted({0, len(text)} | {m[0] for m in spans} | {m[1] for m in spans})
    starts: dict[int, list[tuple[str, str]]] = {}
    for s, _e, _kind, href, tip in spans:
        if href:
            starts.setdefault(s, []).append((href, tip or "source"))
    pieces = []
    for lo, hi in zip(cuts, cuts[1:], strict=False):
        kinds = sorted({k for s, e, k, _, _ in spans if s <= lo and hi <= e})
        tips = sorted({lbl for s, e, k, _, lbl in spans if s <= lo and hi <= e and lbl})
        pieces.append({"text": text[lo:hi], "classes": " ".join(f"m-{k}" for k in kinds),
                       "tip": "; ".join(tips), "links": starts.pop(lo, []),
                       "anchor": "hl" if highlight and lo == highlight[0] else None})
    return html_environment().get_template("article.html").render(
        article=article, pieces=pieces, links=links, json_url=json_url, source_url=safe_url(article.get("url")),
        marked=bool(marks))


def render_index(report: Mapping[str, Any], links: Links = REPORT_LINKS,
                 filters: Mapping[str, Any] | None = None) -> str:
    """``index.html``: every story with size, independent sources, outlets, dates and number of conflicts.

    Pages the reader marked as not articles (paywall stubs, listings, calendars) are listed apart, after
    the stories, so they do not pass for one-article stories.

    Args:
        report: ``articles`` and ``stories`` of the report (a story needs ``id``, ``title``, ``articles``,
            dates, and ``conflicts`` or ``conflict_count``; ``provenance`` and ``failure`` are shown if there).
        links: where the page links to.
        filters: the web app's filter form values (``None``: no form, as in the static report).
    """
    by_id = {a["id"]: a for a in report["articles"]}
    rows, pages = [], []
    for s in report["stories"]:
        outlets = ", ".join(sorted({by_id[a]["outlet"] for a in s["articles"] if by_id.get(a, {}).get("outlet")}))
        kinds = {by_id.get(a, {}).get("non_article") for a in s["articles"]}
        row = {"story": s, "url": links.story(s["id"]), "outlets": outlets or "—"}
        if s["articles"] and None not in kinds:
            pages.append(row | {"kinds": ", ".join(sorted(map(str, kinds)))})
            continue
        first, last = s["first_published"], s["last_published"]
        rows.append(row | {"dates": "—" if not first else first if first == last else f"{first} – {last}",
                           "independent": (s.get("provenance") or {}).get("independent_sources", "—"),
                           "conflicts": s.get("conflict_count", len(s.get("conflicts", [])))})
    return html_environment().get_template("index.html").render(
        links=links, rows=rows, pages=pages, articles=len(report["articles"]), filters=filters,
        duplicates=sum(1 for a in report["articles"] if a["duplicate_of"]),
        stories=len(report["stories"]), failed=sum(1 for s in report["stories"] if s.get("failure")))


def render_story(story: Mapping[str, Any], arts: Mapping[str, Mapping[str, Any]], texts: Mapping[str, str],
                 links: Links = STORY_PAGE_LINKS) -> str:
    """The full story page.

    Args:
        story: a story of the report (``report["stories"][i]``).
        arts: the report's articles by id; articles of the story missing here are left out.
        texts: article id → canonical text, for citation evidence and the side-by-side passages.
        links: where the page links to (default: the static report's ``stories/`` folder).
    """
    ids = [a for a in story["articles"] if a in arts]
    number = numbering(ids)
    prov = story.get("provenance") or {}
    records = story.get("reuse", [])
    return html_environment().get_template("story.html").render(
        story=story, ids=ids, arts=arts, number=number, prov=prov, links=links, refs=refs_of(number, " "),
        name=lambda aid: label(arts.get(aid, {"id": aid})),
        outlets=len({label(arts[a]) for a in ids}), verdict_kinds=VERDICT_KINDS,
        summary=_summary(story.get("summary", []), arts, texts, number, links),
        disputes=main_disputes(story.get("conflicts", [])),
        timeline=_timeline(story.get("timeline", []), number),
        conflicts=[{"conflict": c, "passages": _passages(c, number, texts)} for c in story.get("conflicts", [])],
        quotes=[{"group": g, "variants": [(v, _variant(v, g["variants"][0])) for v in g["variants"]]}
                for g in story.get("quotes", [])],
        matrix=_matrix(story.get("claims", []), ids),
        graph=_graph(records, ids, prov.get("original")) if len(ids) > 1 else None,
        side_by_side=[_side_by_side(rec, texts) for rec in records[:12]],
        groups=group_numbers(ids, prov.get("groups") or {}),
        why={m["article"]: _why(m, number) for m in story.get("membership") or []})


def _summary(summary: Sequence[Mapping[str, Any]], arts: Mapping[str, Mapping[str, Any]], texts: Mapping[str, str],
             number: Mapping[str, int], links: Links) -> list[dict[str, Any]]:
    """Summary sentences with their citation markers, each marker's tip (the evidence it was verified on)
    and, where the links have one, the address of that evidence in the article."""
    items = []
    for s in summary:
        marks = []
        for cid in sorted(s.get("citations", []), key=lambda c: number.get(c, 1 << 30)):
            ver = (s.get("verification") or {}).get(cid, {})
            span = ver.get("evidence") or []
            evidence = texts.get(cid, "")[span[0]:span[1]] if len(span) == 2 else ""
            tip = f"{label(arts.get(cid, {'id': cid}))} — {ver.get('method', '?')} {ver.get('score', '')}: {evidence}"
            marks.append({"n": number.get(cid, "?"), "tip": tip, "href": links.evidence(cid, span)})
        items.append({"text": s["text"], "marks": marks})
    return items


def _timeline(events: Sequence[Mapping[str, Any]], number: Mapping[str, int]) -> dict[str, Any]:
    """The dated events (all, for the table, with how each date was read) and the drawing of the
    best-attested ones (SVG geometry)."""
    dated = [ev for ev in events if ev.get("date")]
    top = sorted(sorted(dated, key=lambda ev: -len(set(ev.get("citations", []))))[:14], key=lambda ev: str(ev["date"]))
    dates = sorted({str(ev["date"]) for ev in top})
    # Positions by rank, not by elapsed time: one event decades back would squash the rest into a dot.
    xpos = {d: 30 + 560 * i / max(len(dates) - 1, 1) for i, d in enumerate(dates)}
    row = 20
    marks = []
    for i, ev in enumerate(top):
        x = xpos[str(ev["date"])]
        y = 44 + row * i
        text = f"{shown_date(ev)} — {ev.get('label') or ev['text']} {refs_of(number, ' ')(ev.get('citations', []))}"
        room = int((1000 - x - 10) / 6.6)  # characters of 12 px text that fit before the right edge
        shown = text if len(text) <= room else text[:max(room - 1, 10)].rstrip() + "…"
        marks.append({"x": f"{x:.1f}", "y": y, "stem": y - 4, "text_x": f"{x + 6:.1f}", "shown": shown,
                      "title": f"{shown_date(ev)} — {ev['text']}"})
    rows = [{"event": ev, "how": "; ".join(map(str, ev.get("resolutions", [])))[:300]} for ev in dated]
    return {"rows": rows, "marks": marks, "height": 50 + row * len(top)}


def _passages(c: Mapping[str, Any], number: Mapping[str, int], texts: Mapping[str, str]) -> list[dict[str, Any]]:
    """The aligned passages a conflict was found in, side by side (so the change can be read in context)."""
    shown = []
    for p in (c.get("passages") or [])[:2]:
        src, tgt = p.get("source"), p.get("target")
        ss, ts = p.get("source_span") or [], p.get("target_span") or []
        if len(ss) != 2 or len(ts) != 2 or src not in texts or tgt not in texts:
            continue
        left, right = texts[src][ss[0]:ss[1]], texts[tgt][ts[0]:ts[1]]
        shown.append({"left_n": number.get(src, "?"), "left": left[:600], "right_n": number.get(tgt, "?"),
                      "right": word_diff(left[:600], right[:600])})
    return shown


def word_diff(a: str, b: str) -> list[tuple[str, str]]:
    """``b`` against ``a`` word by word: ``(op, words)`` pieces, ``op`` one of ``equal``, ``del``, ``ins``.

    The template writes removed words in ``<del>`` and added ones in ``<ins>``, pieces joined by a space.
    """
    wa, wb = a.split(), b.split()
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=wa, b=wb, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("equal", " ".join(wa[i1:i2])))
        if op in ("delete", "replace"):
            out.append(("del", " ".join(wa[i1:i2])))
        if op in ("insert", "replace"):
            out.append(("ins", " ".join(wb[j1:j2])))
    return out


def _variant(v: Mapping[str, Any], canonical: Mapping[str, Any]) -> list[tuple[str, str]]:
    """A quote variant as diff pieces against the group's first (canonical) wording."""
    return [("equal", v["text"])] if v is canonical else word_diff(canonical["text"], v["text"])


def _matrix(claims: Sequence[Mapping[str, Any]], ids: Sequence[str]) -> list[dict[str, Any]]:
    """The first 60 claims with, per source, ``yes`` (supports), ``no`` (contradicts) or ``silent``.

    Two claims taken from one sentence ("$200 off … a $147 saving") would show the same text twice: such rows
    also name what each claims (``detail``: its subject and value).
    """
    shown = claims[:60]
    repeated = Counter(c["text"] for c in shown)
    rows = []
    for c in shown:
        sup, con = set(c["support"]), set(c["contradicted_by"])
        rows.append({"claim": c, "cells": ["yes" if a in sup else "no" if a in con else "silent" for a in ids],
                     "detail": f"{c['about']}: {c['value']}" if repeated[c["text"]] > 1 else None})
    return rows


def _graph(records: Sequence[Mapping[str, Any]], ids: Sequence[str], original: str | None) -> dict[str, Any]:
    """The provenance graph's geometry: articles on a circle, one arrow per reuse record."""
    n = len(ids)
    size, r = 360, 140
    pos = {a: (size / 2 + r * math.cos(2 * math.pi * i / n - math.pi / 2),
               size / 2 + r * math.sin(2 * math.pi * i / n - math.pi / 2)) for i, a in enumerate(ids)}
    edges = []
    for rec in records:
        if rec["source"] in pos and rec["target"] in pos:
            (x1, y1), (x2, y2) = pos[rec["source"]], pos[rec["target"]]
            edges.append({"x1": f"{x1:.0f}", "y1": f"{y1:.0f}", "x2": f"{x2:.0f}", "y2": f"{y2:.0f}",
                          "colour": EDGE_COLOURS.get(rec["kind"], "#555"), "record": rec})
    nodes = [{"id": a, "x": f"{x:.0f}", "y": f"{y:.0f}", "text_y": f"{y + 4:.0f}", "original": a == original}
             for a, (x, y) in pos.items()]
    return {"size": size, "edges": edges, "nodes": nodes}


def _marked(text: str, spans: Sequence[tuple[int, int, str]]) -> list[tuple[str | None, str]]:
    """``text`` cut into ``(kind, piece)``: ``kind`` is the reuse kind of a marked passage, ``None`` between."""
    out: list[tuple[str | None, str]] = []
    pos = 0
    for s, t, kind in sorted(spans):
        if s < pos or t <= s:
            continue
        out += [(None, text[pos:s]), (kind, text[s:t])]
        pos = t
    out.append((None, text[pos:]))
    return out


def _side_by_side(rec: Mapping[str, Any], texts: Mapping[str, str]) -> dict[str, Any]:
    """One reuse record's two articles with the reused passages (and shared quotations) marked."""
    src, tgt = rec["source"], rec["target"]
    left = [(p["source_span"][0], p["source_span"][1], p.get("kind", rec["kind"])) for p in rec["passages"]]
    right = [(p["target_span"][0], p["target_span"][1], p.get("kind", rec["kind"])) for p in rec["passages"]]
    for q in rec.get("shared_quotations", []):
        left.append((q["source_span"][0], q["source_span"][1], "quotation"))
        right.append((q["target_span"][0], q["target_span"][1], "quotation"))
    return {"record": rec, "left": _marked(texts.get(src, ""), left), "right": _marked(texts.get(tgt, ""), right)}


def _why(m: Mapping[str, Any], number: Mapping[str, int]) -> dict[str, Any]:
    """One article's membership reason: opened the story, duplicate of, or probability + shared terms."""
    if m.get("opened_story"):
        text = "opened the story"
    elif m.get("duplicate_of"):
        text = f"duplicate of [{number.get(m['duplicate_of'], '?')}]"
    elif m.get("non_article"):
        text = f"not an article ({m['non_article']})"
    else:
        best = str(m.get("best_match"))
        text = (f"same event p={float(m.get('score') or 0):.2f}"
                + (f", closest to [{number.get(best, '?')}]" if best in number else "")
                + (f"; shares: {', '.join(map(str, m.get('evidence') or []))}" if m.get("evidence") else ""))
    return {"text": text, "low_confidence": bool(m.get("low_confidence") and not m.get("opened_story"))}
