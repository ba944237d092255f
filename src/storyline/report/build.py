"""Report renderers: one data model (the ``storyline.report/1`` dict), three views (JSON, HTML, Markdown).

HTML pages are self-contained (inline CSS, no scripts from the network) so a report folder can be
mailed or opened offline.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..model import Article, Story
from .html import main_disputes, shown_date

SCHEMA = "storyline.report/1"
_STORY_KEYS = ("summary", "timeline", "quotes", "conflicts", "reuse", "claims")

_CSS = """
body{font:15px/1.5 system-ui,-apple-system,Segoe UI,sans-serif;margin:2rem auto;max-width:64rem;
padding:0 1rem;color:#222}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem}table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #ddd;vertical-align:top}
th{background:#f4f4f4}.muted{color:#777}.failed{color:#b00;font-weight:bold}
td.dates{white-space:nowrap}.dup{color:#a60}a{color:#0645ad}code{font-size:.85em}
"""


def build_report(articles: Sequence[Article], stories: Sequence[Story],
                 details: Mapping[str, dict[str, Any]] | None = None) -> dict[str, Any]:
    """The report dict of the contract in DESIGN.md.

    Args:
        articles: every stored article.
        stories: the stories over them.
        details: per story id, the stage outputs to merge in (``summary``, ``reuse`` …); missing keys
            are written as empty lists so readers can rely on them.
    """
    story_of = {aid: s.id for s in stories for aid in s.articles}
    out_articles = [
        {
            "id": a.id,
            "source": a.source,
            "url": a.url,
            "outlet": a.outlet,
            "title": a.title,
            "authors": a.authors,
            "published": a.published.isoformat() if a.published else None,
            "published_source": a.published_source,
            "duplicate_of": a.duplicate_of or a.near_duplicate_of,
            "duplicate_kind": "exact" if a.duplicate_of else ("near" if a.near_duplicate_of else None),
            "story": story_of.get(a.id),
            "words": len(a.text.split()),
            "non_article": a.metadata.get("non_article"),
        }
        for a in articles
    ]
    out_stories = []
    for s in stories:
        entry: dict[str, Any] = {
            "id": s.id,
            "title": s.title,
            "articles": list(s.articles),
            "first_published": s.first_published.isoformat() if s.first_published else None,
            "last_published": s.last_published.isoformat() if s.last_published else None,
        }
        out_stories.append(_filled(entry, (details or {}).get(s.id, {})))
    out_stories.sort(key=lambda e: (-len(e["articles"]), e["first_published"] or "9999", e["id"]))
    return {"schema": SCHEMA, "articles": out_articles, "stories": out_stories}


def write_report(report: dict[str, Any], out_dir: str | Path, texts: dict[str, str] | None = None) -> Path:
    """Write ``report.json``, ``index.html`` and per story an HTML, Markdown and JSON page; returns the JSON path.

    Args:
        report: the dict from :func:`build_report`.
        out_dir: folder (created).
        texts: article id → canonical text, for the side-by-side reuse view and citation evidence.
    """
    out = Path(out_dir)
    (out / "stories").mkdir(parents=True, exist_ok=True)
    path = out / "report.json"
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)  # readers never see a half-written report
    by_id = {a["id"]: a for a in report["articles"]}
    (out / "index.html").write_text(render_index(report), encoding="utf-8")
    for story in report["stories"]:
        _write_pages(out, story, json.dumps(story, indent=2, ensure_ascii=False), by_id, texts or {})
    return path


def _filled(entry: dict[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    """A story entry with its analysis merged in; the contract's list keys are always present."""
    for key in _STORY_KEYS:
        entry[key] = extra.get(key, [])
    entry.update({k: v for k, v in extra.items() if k not in _STORY_KEYS})
    return entry


def _write_pages(out: Path, story: dict[str, Any], story_json: str, by_id: dict[str, dict[str, Any]],
                 texts: Mapping[str, str]) -> None:
    """A story's HTML, Markdown and JSON pages under ``out/stories/``."""
    from .html import render_story

    base = out / "stories" / story["id"]
    base.with_suffix(".html").write_text(render_story(story, by_id, texts), encoding="utf-8")
    base.with_suffix(".md").write_text(render_story_markdown(story, by_id), encoding="utf-8")
    base.with_suffix(".json").write_text(story_json, encoding="utf-8")


def write_report_streaming(articles: Sequence[Article], stories: Sequence[Story],
                           details: Mapping[str, dict[str, Any]], out_dir: str | Path,
                           texts: dict[str, str] | None = None, run: dict[str, Any] | None = None,
                           membership: Mapping[str, list[dict[str, Any]]] | None = None) -> Path:
    """Write the same files as :func:`write_report`, holding one story's analysis in memory at a time.

    ``details`` may decode each story on access (the engine's packed analyses): every story is filled in,
    written to ``report.json`` and to its pages, and dropped before the next. ``report.json`` has the same
    content as ``json.dumps(build_report(...) | {"run": run}, indent=2)``. ``membership`` adds, per story,
    why each article is in it (``stories[].membership``: score, best match, evidence, low confidence).
    """
    out = Path(out_dir)
    (out / "stories").mkdir(parents=True, exist_ok=True)
    skeleton = build_report(articles, stories)
    by_id = {a["id"]: a for a in skeleton["articles"]}
    index_rows: list[dict[str, Any]] = []
    path = out / "report.json"
    tmp = path.with_suffix(".json.tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        fh.write('{\n  "schema": ' + json.dumps(SCHEMA) + ',\n  "articles": ')
        fh.write(_indented(json.dumps(skeleton["articles"], indent=2, ensure_ascii=False), 2))
        fh.write(',\n  "stories": [')
        for n, bare in enumerate(skeleton["stories"]):
            story = _filled(dict(bare), details.get(bare["id"], {}))
            if membership is not None and story["id"] in membership:
                story["membership"] = membership[story["id"]]
            text = json.dumps(story, indent=2, ensure_ascii=False)
            fh.write(("," if n else "") + "\n    " + _indented(text, 4))
            _write_pages(out, story, text, by_id, texts or {})
            index_rows.append(_index_row(story))
        fh.write("\n  ]" if skeleton["stories"] else "]")
        if run is not None:
            fh.write(',\n  "run": ' + _indented(json.dumps(run, indent=2, ensure_ascii=False), 2))
        fh.write("\n}")
    tmp.replace(path)  # readers never see a half-written report
    index = {"articles": skeleton["articles"], "stories": index_rows}
    (out / "index.html").write_text(render_index(index), encoding="utf-8")
    return path


def _indented(text: str, spaces: int) -> str:
    """``text`` with every line after the first indented (it continues a line already started)."""
    return text.replace("\n", "\n" + " " * spaces)


def _index_row(story: dict[str, Any]) -> dict[str, Any]:
    """What the index page needs of a story (not its whole analysis)."""
    row = {k: story.get(k) for k in ("id", "title", "articles", "first_published", "last_published", "failure")}
    row["provenance"] = {"independent_sources": (story.get("provenance") or {}).get("independent_sources")}
    row["conflict_count"] = len(story.get("conflicts") or [])
    return row


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value))


def _page(title: str, body: str) -> str:
    return (f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{_e(title)}</title>"
            f"<meta name=viewport content='width=device-width,initial-scale=1'><style>{_CSS}</style></head>"
            f"<body>{body}</body></html>\n")


def _outlets(story: dict[str, Any], by_id: dict[str, dict[str, Any]]) -> list[str]:
    return sorted({by_id[a]["outlet"] for a in story["articles"] if by_id.get(a, {}).get("outlet")})


def _failed_note(report: dict[str, Any]) -> str:
    failed = sum(1 for s in report["stories"] if s.get("failure"))
    if not failed:
        return ""
    return (f"<p class=failed role=alert>{failed} of {len(report['stories'])} stories could not be analysed; "
            "they are listed with their articles and the reason.</p>")


def render_index(report: dict[str, Any]) -> str:
    """``index.html``: every story with size, independent sources, outlets, dates and number of conflicts.

    Pages the reader marked as not articles (paywall stubs, listings, calendars) are listed apart, after
    the stories, so they do not pass for one-article stories.
    """
    by_id = {a["id"]: a for a in report["articles"]}
    rows, pages = [], []
    for s in report["stories"]:
        link = f"<a href='stories/{_e(s['id'])}.html'>{_e(s['title'] or s['id'])}</a>"
        kinds = {by_id.get(a, {}).get("non_article") for a in s["articles"]}
        if s["articles"] and None not in kinds:
            pages.append(f"<li>{link} <span class=muted>({_e(', '.join(sorted(map(str, kinds))))}; "
                         f"{_e(', '.join(_outlets(s, by_id)) or '—')})</span></li>")
            continue
        first, last = s["first_published"], s["last_published"]
        dates = "—" if not first else first if first == last else f"{first} – {last}"
        rows.append(
            f"<tr><td>{link}</td>"
            f"<td>{len(s['articles'])}</td>"
            f"<td>{_e((s.get('provenance') or {}).get('independent_sources', '—'))}</td>"
            f"<td>{_e(', '.join(_outlets(s, by_id)) or '—')}</td>"
            f"<td class=dates>{_e(dates)}</td><td>{s.get('conflict_count', len(s.get('conflicts', [])))}"
            f"{' <span class=failed>analysis failed</span>' if s.get('failure') else ''}</td></tr>"
        )
    dups = sum(1 for a in report["articles"] if a["duplicate_of"])
    apart = (f"<h2>Pages kept but not treated as articles ({len(pages)})</h2><p class=muted>Paywall stubs, very "
             f"short stubs, listings and calendars: stored, never grouped with other pages.</p><ul>{''.join(pages)}"
             "</ul>" if pages else "")
    body = (
        "<h1>storyline report</h1>"
        f"<p class=muted>{len(report['articles'])} articles ({dups} duplicates) in {len(rows)} stories."
        " Machine-readable: <a href='report.json'>report.json</a></p>" + _failed_note(report) +
        "<table id=stories><thead><tr><th>Story</th><th>Articles</th><th title='independence groups: articles that "
        "copy one another count once'>Independent sources</th><th>Outlets</th><th>Dates</th>"
        "<th>Conflicts</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>" + apart
    )
    return _page("storyline report", body)


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&#!])")


def md(value: Any) -> str:
    """Markdown-escape a value from the input, so that it renders as the text it is.

    Titles, quotes and outlets come from arbitrary pages: raw ``<script>`` would run where Markdown is
    rendered to HTML, and a ``|`` would break a table. CommonMark lets every ASCII punctuation character
    be backslash-escaped; line breaks become spaces so a value never starts a new block.
    """
    text = " ".join(("" if value is None else str(value)).split())
    return _MD_SPECIAL.sub(r"\\\1", text)


def render_story_markdown(story: dict[str, Any], by_id: dict[str, dict[str, Any]]) -> str:
    """One story as Markdown: summary with numbered citations, timeline, conflicts, quotes, claims, sources.

    Every value that comes from the articles is escaped with :func:`md`.
    """
    number = {aid: i for i, aid in enumerate(story["articles"], start=1)}

    def refs(ids: list[str]) -> str:
        return "".join(f"[{n}]" for n in sorted({number[a] for a in ids if a in number}))

    lines = [f"# {md(story['title'] or story['id'])}", ""]
    failure = story.get("failure")
    if failure:
        lines += [f"> **This story could not be analysed** (stage {md(failure.get('stage'))}: "
                  f"{md(failure.get('kind'))}: {md(failure.get('message'))}).", ""]
    if story.get("summary"):
        lines += ["## Summary", ""] + [f"- {md(s['text'])} {refs(s.get('citations', []))}"
                                       for s in story["summary"]] + [""]
    disputes = main_disputes(story.get("conflicts", []))
    if disputes:
        lines += ["**Sources disagree** on:", ""] + [
            f"- {md(c['about'])}: " + " · ".join(f"**{md(v['value'])}** {refs(v['articles'])}" for v in c["values"])
            for c in disputes] + [""]
    if story.get("timeline"):
        lines += ["## Timeline", ""] + [f"- **{md(shown_date(t))}** {md(t['text'])} {refs(t.get('citations', []))}"
                                        for t in story["timeline"]] + [""]
    if story.get("conflicts"):
        lines += ["## Conflicts", ""]
        for c in story["conflicts"]:
            vals = "; ".join(f"{md(v['value'])} {refs(v['articles'])}" for v in c["values"])
            badge = " (changed in a copied passage)" if c.get("via") == "alignment" else ""
            right = ""
            if c.get("kind") in ("number", "name", "date", "entity"):
                right = (f" — likely correct: **{md(c['likely_correct'])}**" if c.get("likely_correct")
                         else " — neither value is outvoted")
            lines.append(f"- {md(c['kind'])}{badge} — {md(c['about'])}: {vals}{right}")
        lines.append("")
    if story.get("quotes"):
        lines += ["## Quote variants", ""]
        for g in story["quotes"]:
            lines.append(f"- **{md(g.get('speaker') or 'unattributed')}**")
            lines += [f"  - {md(v['fidelity'])}{' (misquote)' if v.get('misquote') else ''}: “{md(v['text'])}” "
                      f"{refs(v['articles'])}" for v in g["variants"]]
        lines.append("")
    if story.get("claims"):
        lines += ["## Claims", "", "| claim | independent sources | support | contradicted by |", "|---|---|---|---|"]
        lines += [f"| {md(c['text'])} | {c['independent_support']} | {refs(c['support'])} | "
                  f"{refs(c['contradicted_by'])} |" for c in story["claims"][:40]]
        lines.append("")
    groups = (story.get("provenance") or {}).get("groups", {})
    lines += ["## Sources", "", "| # | outlet | published | independence group | title |", "|---|---|---|---|---|"]
    gnum: dict[str, int] = {}  # the same G1, G2 … as the HTML page
    for aid in story["articles"]:
        a = by_id.get(aid, {})
        g = gnum.setdefault(groups.get(aid, aid), len(gnum) + 1)
        rep = a.get("duplicate_of")
        kind = f"{md(a['duplicate_kind'])} " if a.get("duplicate_kind") else ""
        dup = f" ({kind}duplicate of {refs([rep]) if rep in number else md(rep)})" if rep else ""
        lines.append(f"| {number[aid]} | {md(a.get('outlet') or '—')} | {md(a.get('published') or '—')} | "
                     f"G{g} | {md(a.get('title'))}{dup} |")
    return "\n".join(lines) + "\n"
