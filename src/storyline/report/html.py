"""The story page people read: self-contained HTML (inline CSS, inline SVG, one tiny inline script).

Sections: headline, cited summary (hover a marker to see the source sentence), timeline (SVG), conflicts,
quote variants with word-level diffs, claim × source matrix, reuse and provenance graph (SVG) with a
side-by-side view of aligned passages, and the sources with outlet, date and independence group.
"""

from __future__ import annotations

import difflib
import html
import math
from collections.abc import Mapping, Sequence
from typing import Any

CSS = """
body{font:15px/1.55 system-ui,-apple-system,Segoe UI,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;
color:#222}h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:2.2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;width:100%;font-size:.92rem}th,td{text-align:left;padding:.3rem .5rem;
border-bottom:1px solid #eee;vertical-align:top}th{background:#f6f6f6}.muted{color:#777}a{color:#0645ad}
sup.cite{cursor:help;color:#0645ad;font-size:.72rem;margin-left:1px}sup.cite:hover{background:#ffe9a8}
.dispute{color:#a33}.summary li{margin:.35rem 0}del{background:#fdd;text-decoration:line-through}
ins{background:#dfd;text-decoration:none}mark.copy{background:#ffd27f}mark.rewrite{background:#b9e4ff}
mark.paraphrase{background:#d9ccff}mark.spin{background:#ffb3b3}mark.quotation{background:#c8f0c8}
.cols{display:grid;grid-template-columns:1fr 1fr;gap:1rem}.cols div{white-space:pre-wrap;font-size:.85rem;
max-height:28rem;overflow:auto;border:1px solid #eee;padding:.5rem}.yes{color:#070}.no{color:#b00;font-weight:bold}
.silent{color:#bbb}td.why{font-size:.85rem;color:#555}.path{word-break:break-all;font-size:.8rem}
.badge{font-size:.75rem;background:#fde2b8;border-radius:3px;padding:0 .3rem;white-space:nowrap}
.failure{background:#fdecea;border:1px solid #e7a3a0;padding:.5rem .8rem}
.legend span{padding:0 .4rem;margin-right:.4rem}#tip{position:fixed;display:none;max-width:30rem;
background:#fffbe6;border:1px solid #e0c97a;padding:.4rem .6rem;font-size:.85rem;box-shadow:0 2px 6px #0002}
"""

SCRIPT = """
(function(){var tip=document.getElementById('tip');document.querySelectorAll('sup.cite').forEach(function(el){
el.addEventListener('mouseenter',function(e){tip.textContent=el.getAttribute('data-source');tip.style.display='block';
tip.style.left=(e.clientX+12)+'px';tip.style.top=(e.clientY+12)+'px';});
el.addEventListener('mouseleave',function(){tip.style.display='none';});});})();
"""


def e(value: Any) -> str:
    """HTML-escape any value (``None`` → empty)."""
    return html.escape("" if value is None else str(value))


_SAFE_SCHEMES = ("http://", "https://")


def safe_url(url: Any) -> str | None:
    """``url`` when it is an http(s) address, else ``None``: links in a report never run code.

    Article URLs come from the input (JSONL fields, feeds, WARC headers); ``javascript:``, ``data:`` or
    ``vbscript:`` there must not become a clickable link. Browsers ignore tabs, newlines and leading
    control characters in a scheme, so they are removed before the check.
    """
    if not isinstance(url, str):
        return None
    cleaned = "".join(ch for ch in url if ch >= " " and ch != "\x7f").strip()
    return cleaned if cleaned.lower().startswith(_SAFE_SCHEMES) else None


def failure_note(story: Mapping[str, Any]) -> str:
    """A warning box for a story whose analysis failed (empty when it did not)."""
    failure = story.get("failure")
    if not failure:
        return ""
    return (f"<p class=failure role=alert><strong>This story could not be analysed</strong> "
            f"(stage {e(failure.get('stage'))}: {e(failure.get('kind'))}: {e(failure.get('message'))}). "
            "Its articles are listed below; summary, claims and conflicts are missing.</p>")


def page(title: str, body: str, script: str = "") -> str:
    """A complete, self-contained HTML document."""
    js = f"<script>{script}</script>" if script else ""
    return (f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{e(title)}</title>"
            f"<meta name=viewport content='width=device-width,initial-scale=1'><style>{CSS}</style></head>"
            f"<body>{body}<div id=tip></div>{js}</body></html>\n")


def _label(a: Mapping[str, Any]) -> str:
    return str(a.get("outlet") or a.get("source", "").rsplit("/", 1)[-1] or a["id"])


def render_story(story: dict[str, Any], arts: Mapping[str, dict[str, Any]], texts: Mapping[str, str]) -> str:
    """The full story page."""
    ids = [a for a in story["articles"] if a in arts]
    number = {aid: i for i, aid in enumerate(ids, start=1)}
    prov = story.get("provenance") or {}
    parts = [
        "<p><a href='../index.html'>← all stories</a></p>",
        f"<h1 id=headline>{e(story['title'] or story['id'])}</h1>",
        f"<p class=muted>{len(ids)} articles from {len({_label(arts[a]) for a in ids})} outlets, "
        f"{prov.get('independent_sources', len(ids))} independent sources; "
        f"{e(story.get('first_published') or '?')} – {e(story.get('last_published') or '?')}. "
        f"<a href='{e(story['id'])}.json'>JSON</a> · <a href='{e(story['id'])}.md'>Markdown</a></p>",
        failure_note(story),
        _summary(story.get("summary", []), arts, texts, number) + _summary_mode(story.get("summary_mode") or {})
        + _disputes(story.get("conflicts", []), number),
        _timeline(story.get("timeline", []), number),
        _conflicts(story.get("conflicts", []), arts, number, texts),
        _quotes(story.get("quotes", []), number),
        _matrix(story.get("claims", []), ids, number),
        _reuse(story.get("reuse", []), prov, ids, arts, texts, number),
        _sources(ids, arts, prov, number, story.get("membership")),
    ]
    return page(story["title"] or story["id"], "".join(parts), SCRIPT)


def _refs(ids: Sequence[str], number: Mapping[str, int]) -> str:
    return " ".join(f"[{n}]" for n in sorted({number[a] for a in ids if a in number}))


def _summary(summary: Sequence[dict[str, Any]], arts: Mapping[str, dict[str, Any]], texts: Mapping[str, str],
             number: Mapping[str, int]) -> str:
    if not summary:
        return "<h2>Summary</h2><p class=muted>No summary sentence could be verified.</p>"
    items = []
    for s in summary:
        marks = []
        for cid in sorted(s.get("citations", []), key=lambda c: number.get(c, 1 << 30)):
            ver = (s.get("verification") or {}).get(cid, {})
            span = ver.get("evidence") or []
            evidence = texts.get(cid, "")[span[0]:span[1]] if len(span) == 2 else ""
            tip = f"{_label(arts.get(cid, {'id': cid}))} — {ver.get('method', '?')} {ver.get('score', '')}: {evidence}"
            marks.append(f"<sup class=cite data-source='{e(tip)}' title='{e(tip)}'>[{number.get(cid, '?')}]</sup>")
        items.append(f"<li>{e(s['text'])}{''.join(marks)}</li>")
    return f"<h2>Summary</h2><ul id=summary class=summary>{''.join(items)}</ul>"


#: Conflict kinds worth a line under the summary: facts the sources disagree on. Misquotes and
#: misspellings are errors of one source and stay in the conflicts table.
DISPUTE_KINDS = ("number", "date", "entity")


def main_disputes(conflicts: Sequence[Mapping[str, Any]], limit: int = 4) -> list[Mapping[str, Any]]:
    """The story's most widely carried factual disputes (numbers, dates, role holders), biggest first."""
    found = [c for c in conflicts if c.get("kind") in DISPUTE_KINDS]
    found.sort(key=lambda c: -len({a for v in c["values"] for a in v.get("articles", [])}))
    return found[:limit]


def _disputes(conflicts: Sequence[dict[str, Any]], number: Mapping[str, int]) -> str:
    """The main disputes right under the summary, so a reader sees them before any detail."""
    rows = []
    for c in main_disputes(conflicts):
        values = " · ".join(f"<b>{e(str(v['value']))}</b> {e(_refs(v.get('articles', []), number))}"
                            for v in c["values"])
        rows.append(f"<li>{e(str(c['about']))}: {values}</li>")
    if not rows:
        return ""
    return f"<div id=disputes><p><b>Sources disagree</b> on:</p><ul>{''.join(rows)}</ul></div>"


def _summary_mode(mode: Mapping[str, Any]) -> str:
    """One line saying how the summary was written (and why the model's was not used, if it failed)."""
    if mode.get("mode") == "abstractive":
        dropped = len(mode.get("dropped") or [])
        return (f"<p class=muted id=summary-mode>Written by {e(str(mode.get('model')))}; every sentence verified "
                f"against the articles ({dropped} unsupported generated sentence(s) dropped).</p>")
    if mode.get("llm_error"):
        return (f"<p class=muted id=summary-mode>Extractive summary: the language model's could not be used "
                f"({e(str(mode['llm_error']))}).</p>")
    return ""


def shown_date(event: Mapping[str, Any]) -> str:
    """An event's date as precise as it is known: ``1962`` for a year, ``2025-03`` for a month.

    The report keeps ``date`` as a full ISO day (the contract) plus ``granularity``; showing "1962-01-01"
    would claim a day that no source gave.
    """
    date = str(event.get("date") or "")
    cut = {"year": 4, "month": 7}.get(str(event.get("granularity") or ""))
    return date[:cut] if cut else date


def _timeline(events: Sequence[dict[str, Any]], number: Mapping[str, int]) -> str:
    dated = [ev for ev in events if ev.get("date")]
    if not dated:
        return "<h2>Timeline</h2><p class=muted>No dated events.</p>"
    # The drawing shows the best-attested events; the table below lists every one.
    top = sorted(sorted(dated, key=lambda ev: -len(set(ev.get("citations", []))))[:14], key=lambda ev: str(ev["date"]))
    dates = sorted({str(ev["date"]) for ev in top})
    # Positions by rank, not by elapsed time: one event decades back would squash the rest into a dot.
    xpos = {d: 30 + 560 * i / max(len(dates) - 1, 1) for i, d in enumerate(dates)}
    row = 20
    height = 50 + row * len(top)
    svg = [f"<svg id=timeline-svg width='100%' viewBox='0 0 1000 {height}' role=img aria-label='timeline' "
           "xmlns='http://www.w3.org/2000/svg'><line x1=30 y1=20 x2=590 y2=20 stroke='#999'/>"]
    for i, ev in enumerate(top):
        x = xpos[str(ev["date"])]
        y = 44 + row * i
        label = f"{shown_date(ev)} — {ev.get('label') or ev['text']} {_refs(ev.get('citations', []), number)}"
        room = int((1000 - x - 10) / 6.6)  # characters of 12 px text that fit before the right edge
        shown = label if len(label) <= room else label[:max(room - 1, 10)].rstrip() + "…"
        svg.append(f"<circle cx={x:.1f} cy=20 r=5 fill='#0645ad'/><line x1={x:.1f} y1=20 x2={x:.1f} y2={y - 4} "
                   f"stroke='#ccd' stroke-dasharray='2,2'/><text x={x + 6:.1f} y={y} font-size=12>"
                   f"<title>{e(shown_date(ev))} — {e(ev['text'])}</title>{e(shown)}</text>")
    svg.append("</svg>")
    rows = "".join(f"<tr><td>{e(shown_date(ev))}</td><td>{e(ev['text'])}</td>"
                   f"<td>{e(_refs(ev.get('citations', []), number))}"
                   f"</td><td class=muted>{e('; '.join(map(str, ev.get('resolutions', [])))[:300])}</td></tr>"
                   for ev in dated)
    return ("<h2>Timeline</h2>" + "".join(svg) +
            f"<details><summary>All {len(dated)} dated events and how each date was read</summary>"
            f"<table id=timeline><tr><th>Date</th><th>Event</th><th>Sources</th><th>How the date was read</th></tr>"
            f"{rows}</table></details>")


def _conflicts(conflicts: Sequence[dict[str, Any]], arts: Mapping[str, dict[str, Any]],
               number: Mapping[str, int], texts: Mapping[str, str] | None = None) -> str:
    if not conflicts:
        return "<h2>Conflicts</h2><p class=muted id=conflicts>No conflicts between sources.</p>"
    rows = []
    for c in conflicts:
        values = "<br>".join(f"<b>{e(v['value'])}</b> — "
                             f"{e(', '.join(_label(arts.get(a, {'id': a})) for a in v['articles']))}"
                             f" {e(_refs(v['articles'], number))}" for v in c["values"])
        rows.append(f"<tr><td>{e(c['kind'])}{_conflict_badges(c)}</td><td>{e(c['about'])}</td><td>{values}"
                    f"{_passages(c, number, texts or {})}</td><td class=muted>{_conflict_note(c)}</td></tr>")
    return ("<h2>Conflicts</h2><table id=conflicts><tr><th>Kind</th><th>About</th><th>Values and sources</th>"
            f"<th>Note</th></tr>{''.join(rows)}</table>")


def _conflict_badges(c: Mapping[str, Any]) -> str:
    badges = []
    if c.get("via") == "alignment":
        badges.append("<span class=badge title='the value differs inside a passage one article took from the "
                      "other'>changed in a copied passage</span>")
    if c.get("confidence") == "high":
        badges.append("<span class=badge>high confidence</span>")
    return "".join(f"<br>{b}" for b in badges)


def _conflict_note(c: Mapping[str, Any]) -> str:
    """Which value most independent sources back (or that none is outvoted), the swapped words, the reason."""
    parts = []
    if c.get("kind") in ("number", "name", "date", "entity"):
        right = c.get("likely_correct")
        parts.append(f"Likely correct: <b>{e(right)}</b>." if right
                     else "Sources disagree; neither is outvoted.")
    changes = c.get("changes") or []
    if changes:
        parts.append(f"Changed words: {e('; '.join(map(str, changes[:6])))}.")
    if c.get("reason"):
        parts.append(e(c["reason"]))
    return " ".join(parts)


def _passages(c: Mapping[str, Any], number: Mapping[str, int], texts: Mapping[str, str]) -> str:
    """The aligned passages a conflict was found in, side by side (so the change can be read in context)."""
    shown = []
    for p in (c.get("passages") or [])[:2]:
        src, tgt = p.get("source"), p.get("target")
        ss, ts = p.get("source_span") or [], p.get("target_span") or []
        if len(ss) != 2 or len(ts) != 2 or src not in texts or tgt not in texts:
            continue
        left, right = texts[src][ss[0]:ss[1]], texts[tgt][ts[0]:ts[1]]
        shown.append(f"<div class=cols><div>[{number.get(src, '?')}] {e(left[:600])}</div>"
                     f"<div>[{number.get(tgt, '?')}] {word_diff(left[:600], right[:600])}</div></div>")
    if not shown:
        return ""
    return f"<details><summary>the passages compared</summary>{''.join(shown)}</details>"


def word_diff(a: str, b: str) -> str:
    """``b`` against ``a`` word by word: removed words in <del>, added ones in <ins>."""
    wa, wb = a.split(), b.split()
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=wa, b=wb, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(e(" ".join(wa[i1:i2])))
        if op in ("delete", "replace"):
            out.append(f"<del>{e(' '.join(wa[i1:i2]))}</del>")
        if op in ("insert", "replace"):
            out.append(f"<ins>{e(' '.join(wb[j1:j2]))}</ins>")
    return " ".join(out)


def _quotes(groups: Sequence[dict[str, Any]], number: Mapping[str, int]) -> str:
    if not groups:
        return "<h2>Quote variants</h2><p class=muted id=quotes>No quotation is carried by more than one source.</p>"
    blocks = []
    for g in groups:
        canon = g["variants"][0]["text"]
        rows = []
        for v in g["variants"]:
            shown = e(v["text"]) if v is g["variants"][0] else word_diff(canon, v["text"])
            flag = " <b class=no>misquote</b>" if v.get("misquote") else ""
            rows.append(f"<tr><td>{e(v['fidelity'])}{flag}</td><td>“{shown}”</td>"
                        f"<td>{e(_refs(v['articles'], number))}</td></tr>")
        who = e(g.get("speaker") or "unattributed")
        if g.get("misattribution"):
            who += " <b class=no>misattributed</b>"
        blocks.append(f"<h3>{who}</h3><table class=quote-variants>{''.join(rows)}</table>")
    return "<h2>Quote variants</h2><div id=quotes>" + "".join(blocks) + "</div>"


def _matrix(claims: Sequence[dict[str, Any]], ids: Sequence[str], number: Mapping[str, int]) -> str:
    if not claims:
        return "<h2>Claims × sources</h2><p class=muted id=matrix>No claim is carried by two sources.</p>"
    head = "".join(f"<th title='{e(a)}'>[{number[a]}]</th>" for a in ids)
    rows = []
    for c in claims[:60]:
        sup, con = set(c["support"]), set(c["contradicted_by"])
        cells = "".join("<td class=yes>✓</td>" if a in sup else "<td class=no>✗</td>" if a in con
                        else "<td class=silent>·</td>" for a in ids)
        rows.append(f"<tr><td>{e(c['text'])}</td><td>{c['independent_support']}</td>{cells}</tr>")
    return ("<h2>Claims × sources</h2><p class=muted>✓ supports · ✗ contradicts · silent. "
            "Independent = number of independence groups behind the claim.</p>"
            f"<table id=matrix><tr><th>Claim</th><th>Independent</th>{head}</tr>{''.join(rows)}</table>")


_EDGE_COLOURS = {"duplicate": "#888", "copy": "#e08a00", "rewrite": "#1f78b4", "paraphrase": "#6a3d9a",
                 "spin": "#d62728"}


def _graph(records: Sequence[dict[str, Any]], ids: Sequence[str], number: Mapping[str, int],
           original: str | None) -> str:
    n = len(ids)
    size, r = 360, 140
    pos = {a: (size / 2 + r * math.cos(2 * math.pi * i / n - math.pi / 2),
               size / 2 + r * math.sin(2 * math.pi * i / n - math.pi / 2)) for i, a in enumerate(ids)}
    svg = [f"<svg id=provenance-graph width={size} height={size} viewBox='0 0 {size} {size}' "
           "xmlns='http://www.w3.org/2000/svg' role=img aria-label='provenance graph'><defs><marker id=arrow "
           "viewBox='0 0 10 10' refX=16 refY=5 markerWidth=6 markerHeight=6 orient=auto-start-reverse>"
           "<path d='M 0 0 L 10 5 L 0 10 z' fill='#555'/></marker></defs>"]
    for rec in records:
        if rec["source"] in pos and rec["target"] in pos:
            (x1, y1), (x2, y2) = pos[rec["source"]], pos[rec["target"]]
            colour = _EDGE_COLOURS.get(rec["kind"], "#555")
            svg.append(f"<line x1={x1:.0f} y1={y1:.0f} x2={x2:.0f} y2={y2:.0f} stroke='{colour}' stroke-width=2 "
                       f"marker-end='url(#arrow)'><title>{e(rec['kind'])} {rec['score']}</title></line>")
    for a, (x, y) in pos.items():
        fill = "#ffd27f" if a == original else "#fff"
        svg.append(f"<circle cx={x:.0f} cy={y:.0f} r=11 fill='{fill}' stroke='#333'/><text x={x:.0f} y={y + 4:.0f} "
                   f"font-size=11 text-anchor=middle>{number[a]}</text>")
    svg.append("</svg>")
    legend = " ".join(f"<span style='color:{c}'>━ {k}</span>" for k, c in _EDGE_COLOURS.items())
    return "".join(svg) + f"<p class='legend muted'>{legend} · filled node: likely original</p>"


def _marked(text: str, spans: Sequence[tuple[int, int, str]]) -> str:
    out, pos = [], 0
    for s, t, kind in sorted(spans):
        if s < pos or t <= s:
            continue
        out.append(e(text[pos:s]))
        out.append(f"<mark class={e(kind)}>{e(text[s:t])}</mark>")
        pos = t
    out.append(e(text[pos:]))
    return "".join(out)


def _reuse(records: Sequence[dict[str, Any]], prov: Mapping[str, Any], ids: Sequence[str],
           arts: Mapping[str, dict[str, Any]], texts: Mapping[str, str], number: Mapping[str, int]) -> str:
    parts = ["<h2>Reuse and provenance</h2>"]
    if len(ids) > 1:
        parts.append(_graph(records, ids, number, prov.get("original")))
    edges = prov.get("edges") or []
    if edges:
        rows = "".join(f"<tr><td>[{number.get(x['source'], '?')}] → [{number.get(x['target'], '?')}]</td>"
                       f"<td>{e(x['kind'])}</td><td>{x['confidence']}</td><td>{e('; '.join(x['reasons']))}</td></tr>"
                       for x in edges)
        parts.append("<table id=derivations><tr><th>Derivation</th><th>Kind</th><th>Confidence</th><th>Why</th></tr>"
                     f"{rows}</table>")
    if not records:
        parts.append("<p class=muted>No article reuses another (shared quotations do not count).</p>")
    parts.append("<p class='legend'><mark class=copy>copy</mark> <mark class=rewrite>rewrite</mark> "
                 "<mark class=paraphrase>paraphrase</mark> <mark class=spin>spin</mark> "
                 "<mark class=quotation>shared quotation</mark></p>")
    for rec in records[:12]:
        src, tgt = rec["source"], rec["target"]
        left = [(p["source_span"][0], p["source_span"][1], p.get("kind", rec["kind"])) for p in rec["passages"]]
        right = [(p["target_span"][0], p["target_span"][1], p.get("kind", rec["kind"])) for p in rec["passages"]]
        for q in rec.get("shared_quotations", []):
            left.append((q["source_span"][0], q["source_span"][1], "quotation"))
            right.append((q["target_span"][0], q["target_span"][1], "quotation"))
        head = (f"[{number.get(src, '?')}] {e(_label(arts.get(src, {'id': src})))} → [{number.get(tgt, '?')}] "
                f"{e(_label(arts.get(tgt, {'id': tgt})))}: {e(rec['kind'])} ({rec['score']})")
        parts.append(
            f"<details class=side-by-side><summary>{head}</summary><div class=cols>"
            f"<div>{_marked(texts.get(src, ''), left)}</div>"
            f"<div>{_marked(texts.get(tgt, ''), right)}</div></div></details>")
    return "".join(parts)


def _sources(ids: Sequence[str], arts: Mapping[str, dict[str, Any]], prov: Mapping[str, Any],
             number: Mapping[str, int], membership: Sequence[Mapping[str, Any]] | None = None) -> str:
    groups = prov.get("groups") or {}
    gnum: dict[str, int] = {}
    rows = []
    why = {m["article"]: m for m in membership or []}
    for aid in ids:
        a = arts[aid]
        g = gnum.setdefault(groups.get(aid, aid), len(gnum) + 1)
        rep = a.get("duplicate_of")
        dup = f" <span class=muted>({e(a.get('duplicate_kind'))} duplicate of " \
            f"{f'[{number[rep]}]' if rep in number else e(rep)})</span>" \
            if a.get("duplicate_of") else ""
        url = safe_url(a.get("url"))
        link = f"<a href='{e(url)}' rel='noopener noreferrer'>{e(a['title'])}</a>" if url else e(a["title"])
        rows.append(f"<tr><td>[{number[aid]}]</td><td>{e(a.get('outlet') or '—')}</td>"
                    f"<td>{e(a.get('published') or '—')} <span class=muted>{e(a.get('published_source'))}</span></td>"
                    f"<td>G{g}</td><td>{link}{dup}<br><span class='muted path'>{e(a.get('source'))}</span></td>"
                    f"{_why(why.get(aid), number) if why else ''}</tr>")
    why_head = ("<th title='how sure the grouping is that this article reports the same event as the story's "
                "core, and the words they share'>Why in this story</th>" if why else "")
    return ("<h2>Sources</h2><table id=sources><tr><th>#</th><th>Outlet</th><th>Published</th>"
            f"<th>Independence group</th><th>Article</th>{why_head}</tr>{''.join(rows)}</table>")


def _why(m: Mapping[str, Any] | None, number: Mapping[str, int]) -> str:
    """One article's membership reason: opened the story, duplicate of, or probability + shared terms."""
    if not m:
        return "<td class=muted>—</td>"
    if m.get("opened_story"):
        text = "opened the story"
    elif m.get("duplicate_of"):
        text = f"duplicate of [{number.get(m['duplicate_of'], '?')}]"
    elif m.get("non_article"):
        text = f"not an article ({e(m['non_article'])})"
    else:
        best = m.get("best_match")
        text = (f"same event p={float(m.get('score') or 0):.2f}"
                + (f", closest to [{number.get(best, '?')}]" if best in number else "")
                + (f"; shares: {e(', '.join(map(str, m.get('evidence') or [])))}" if m.get("evidence") else ""))
    flag = " <span class=badge title='a close call: check this article belongs here'>low confidence</span>" \
        if m.get("low_confidence") and not m.get("opened_story") else ""
    return f"<td class=why>{text}{flag}</td>"
