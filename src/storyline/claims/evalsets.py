"""Real-text development stories for judging the cross-check, and stable keys for what it raises.

Two sources, both read from ``../shared/datasets`` at run time (their text never enters the repository):

* the BASIL dev triplets (``basil_event_triplets/documents.jsonl``): one story per event, three outlets;
* ``realworld_pages``: real saved web pages, grouped into stories by the ``event`` label of
  ``events.jsonl`` and read through :func:`storyline.ingest.read_file` as a user's run would read them.

:func:`raised` turns an analysed story into keyed items (every conflict, every timeline entry): the
labelled sets under ``tests/data/claims/`` store these keys with a verdict, nothing of the text.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from ..model import Article

__all__ = ["basil_dev_stories", "raised", "realworld_stories", "text_key"]


def text_key(text: str) -> str:
    """A short stable hash of a text (the labels keep this, not the text)."""
    return hashlib.sha1(" ".join(text.split()).encode("utf-8")).hexdigest()[:10]


def basil_dev_stories(path: Path) -> Iterator[tuple[str, list[Article]]]:
    """``(story id, articles)`` per BASIL event: ids are the event id's first 8 characters + the outlet."""
    from ..text.normalize import canonical_text

    events: dict[str, list[dict[str, Any]]] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            doc = json.loads(line)
            events.setdefault(doc["event_id"], []).append(doc)
    for event, docs in sorted(events.items()):
        sid = event[:8]
        yield sid, [Article(id=f"{sid}-{d['source']}", source=d["doc_id"], outlet=d["source"], title=d["title"],
                            text=canonical_text(d["text"]), published=dt.date.fromisoformat(d["date"]),
                            published_source="user", published_confidence=1.0)
                    for d in sorted(docs, key=lambda d: d["source"])]


def realworld_stories(root: Path, min_pages: int = 1) -> Iterator[tuple[str, list[Article]]]:
    """``(event label, articles)`` per event of ``realworld_pages`` with at least ``min_pages`` pages.

    Article ids are the page file's first 12 hex characters, so labels survive re-ingestion.
    """
    from ..ingest import read_file

    events: dict[str, list[str]] = {}
    with (root / "events.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            events.setdefault(row["event"], []).append(row["file"])
    for event, files in sorted(events.items()):
        if len(files) < min_pages:
            continue
        arts: list[Article] = []
        for name in sorted(files):
            for item in read_file(root / "pages" / f"{name}.gz"):
                if isinstance(item, Article):
                    item.id = name[:12]
                    arts.append(item)
                    break
        if arts:
            yield event, arts


def raised(story: str, analysis: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Every conflict and timeline entry of one analysed story, keyed for labelling.

    A conflict's key is its kind, what it is about and its sorted values; a timeline entry's key is its
    date, its cited articles and a hash of its label.
    """
    out: list[dict[str, Any]] = []
    for c in analysis.get("conflicts", []):
        values = sorted(str(v["value"]) for v in c["values"])
        out.append({"story": story, "item": "conflict", "kind": c["kind"], "about": text_key(str(c["about"])),
                    "values": [text_key(v) for v in values],
                    "key": f"{story}|conflict|{c['kind']}|{text_key(str(c['about']))}|"
                           + ",".join(text_key(v) for v in values)})
    for e in analysis.get("timeline", []):
        cites = sorted(e.get("citations", []))
        out.append({"story": story, "item": "timeline", "date": str(e["date"]), "citations": cites,
                    "key": f"{story}|timeline|{e['date']}|{','.join(cites)}|"
                           f"{text_key(str(e.get('label', e['text'])))}"})
    return out


# --- planted changes (recall) ----------------------------------------------------------------------------

_SWAP = {"important": "significant", "people": "folks", "country": "nation", "believe": "think", "very": "truly",
         "great": "huge", "never": "not", "want": "wish", "going": "heading", "good": "fine", "time": "moment",
         "should": "must", "right": "correct", "work": "labor", "help": "aid", "support": "backing",
         "American": "national", "clear": "plain", "today": "now", "strong": "firm", "make": "create"}
_REWORD = [(" said ", " stated "), (" also ", " additionally "), (" However, ", " But "), (" about ", " regarding "),
           (" because ", " since "), (" told ", " informed "), (" many ", " numerous "), (" big ", " large ")]


def _rewrite(text: str, keep: tuple[int, int]) -> str:
    """A light rewrite: common words reworded and every fifth paragraph dropped, ``keep`` left verbatim."""
    import re

    paras = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    out = []
    for k, (s, e) in enumerate(paras):
        para = text[s:e]
        if s <= keep[0] < e or s < keep[1] <= e:
            out.append(para)
            continue
        if k % 5 == 4:
            continue
        # reword outside quotations only: a rewrite keeps the quoted words (the plant changes one of them)
        pieces = re.split(r"(“[^”]*”|\"[^\"]*\")", para)
        for i in range(0, len(pieces), 2):
            for a, b in _REWORD:
                pieces[i] = pieces[i].replace(a, b)
        out.append("".join(pieces))
    return "\n\n".join(out)


def _misspell(word: str) -> str:
    """Double an inner consonant or swap two inner letters ("Hutchins" → "Hutchhins")."""
    for i in range(2, len(word) - 1):
        if word[i] not in "aeiou" and word[i].isalpha() and word[i] != word[i - 1]:
            return word[:i] + word[i] + word[i:]
    return word[:1] + word[2] + word[1] + word[3:]


def plant_sites(article: Article, kind: str, other: Article | None = None) -> list[tuple[int, int, str]]:
    """Where a ``kind`` change can be planted in ``article``: ``(start, end, replacement)``.

    count: a counted number (changed by a quarter); date: a day date (moved by two days, weekdays to another
    weekday); name: every mention of a person's surname (misspelt); quote: one content word inside a
    quotation (swapped for another word). With ``other``, only facts ``other`` states too (same number and
    counted word, same date expression, same surname, same quoted words): an independent report of them.
    """
    import re

    from ..text.lexicon import WEEKDAYS
    from .dates import extract_dates
    from .names import extract_names
    from .numbers import extract_numbers
    from .quotes import extract_quotes

    text = article.text
    other_text = other.text if other else None
    sites: list[tuple[int, int, str]] = []
    if kind == "count":
        other_numbers = extract_numbers(other) if other is not None else []
        for f in extract_numbers(article):
            if f.kind != "count" or not f.counted or f.qualifier or not re.fullmatch(r"\d[\d,]*", f.text) \
                    or not 3 <= f.value <= 100000:
                continue
            new = int(round(f.value * 1.25)) if f.value >= 4 else int(f.value) + 2
            if other is not None and not any(g.value == f.value and g.counted == f.counted and g.kind == "count"
                                             for g in other_numbers):
                continue
            sites.append((f.start, f.end, f"{new:,}"))
    elif kind == "date":
        from .dates.timeline import _conflict_key

        other_dates = extract_dates(other) if other is not None else []
        for m in extract_dates(article):
            if m.date is None or m.granularity != "day" or m.approximate:
                continue
            expr = text[m.start:m.end]
            wd = re.search(r"(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)", expr)
            day = re.search(r"(?<!\d)([12]?\d|3[01])(?!\d)", expr)
            if wd and not day:
                i = WEEKDAYS.index(wd.group(1).lower())
                moved = expr.replace(wd.group(1), WEEKDAYS[(i + 2) % 7].title())
            elif day and re.search(r"[A-Z][a-z]+\.?\s+\d", expr):
                d = int(day.group(1))
                moved = expr[:day.start()] + str(d + 2 if d <= 26 else d - 2) + expr[day.end():]
            else:
                continue
            if text.count(expr) > 1:
                continue  # the article gives the date twice: a change in one place is a slip within it
            key = _conflict_key(m)
            if key is None or (other is not None and not any(o.date == m.date and _conflict_key(o) == key
                                                             for o in other_dates)):
                continue  # not an event the conflict check compares, or not one the other article dates too
            sites.append((m.start, m.end, moved))
    elif kind == "name":
        seen: set[str] = set()
        for n in extract_names(article):
            parts = n.normalized.split()
            if n.kind != "person" or len(parts) < 2:
                continue
            sur = parts[-1]
            if sur in seen or len(sur) < 5 or not sur.isalpha():
                continue
            if other_text is not None and not re.search(rf"\b{sur}\b", other_text):
                continue
            seen.add(sur)
            bad = _misspell(sur)
            sites.append((-1, -1, f"{sur}\t{bad}"))  # every mention: applied by plant()
    elif kind == "quote":
        for q in extract_quotes(article):
            words = list(re.finditer(r"[A-Za-z]+", text[q.start:q.end]))
            if len(words) < 8:
                continue
            if other_text is not None and " ".join(w.group() for w in words[:6]) not in " ".join(
                    re.findall(r"[A-Za-z]+", other_text)):
                continue
            def once(w: re.Match[str], words: list[re.Match[str]] = words) -> bool:
                # printed only here, and (for an independent report) printed by the other article too
                k = words.index(w)
                ctx = " ".join(x.group() for x in words[max(0, k - 1):k + 2])
                if other_text is not None and ctx not in " ".join(re.findall(r"[A-Za-z]+", other_text)):
                    return False
                return " ".join(re.findall(r"[A-Za-z]+", text)).count(ctx) == 1

            for w in words[2:-1]:
                if w.group() in _SWAP and once(w):
                    sites.append((q.start + w.start(), q.start + w.end(), _SWAP[w.group()]))
                    break
            else:
                w = max(words[2:-1], key=lambda w: (len(w.group()), -w.start()))
                if len(w.group()) >= 6 and once(w):
                    sites.append((q.start + w.start(), q.start + w.end(), "remarkable"))
    return sites


def plant(article: Article, kind: str, site: tuple[int, int, str], *, rewrite: bool,
          new_id: str | None = None) -> Article:
    """``article`` with the change at ``site`` planted; a light rewrite published a day later when ``rewrite``."""
    import re

    s, e, new = site
    text = article.text
    if s < 0:  # a surname: every mention
        sur, bad = new.split("\t")
        first = re.search(rf"\b{sur}\b", text)
        keep = (first.start(), first.end()) if first else (0, 0)
        text = re.sub(rf"\b{sur}\b", bad, text)
    else:
        text = text[:s] + new + text[e:]
        keep = (s, s + len(new))
    if rewrite:
        text = _rewrite(text, keep)
    published = article.published + dt.timedelta(days=1) if (rewrite and article.published) else article.published
    return Article(id=new_id or f"{article.id}-planted", source=f"{article.source}#planted", outlet=(
        "planted-rewrite" if rewrite else article.outlet), title=article.title, text=text, published=published,
        published_source=article.published_source, published_confidence=article.published_confidence)


KINDS = {"count": "number", "date": "date", "name": "name", "quote": "quote"}


def detected(analysis: Mapping[str, Any], kind: str, planted_id: str) -> bool:
    """Whether a conflict of the planted kind sets the planted article against another article."""
    for c in analysis.get("conflicts", []):
        if c["kind"] != KINDS[kind]:
            continue
        holders = [set(v["articles"]) for v in c["values"]]
        if any(planted_id in h for h in holders) and any(h - {planted_id} for h in holders if planted_id not in h):
            return True
    return False


def plant_cases(stories: list[tuple[str, list[Article]]], kind: str, mode: str
                ) -> Iterator[tuple[str, list[Article], str]]:
    """One planted story per dev story that offers a site: ``(story id, articles, planted article id)``.

    ``mode`` "rewrite": the first article with a site gets a light rewrite (a day later) carrying the change,
    added to the story. "independent": the change is planted in an article of another outlet at a fact the
    first article states too, replacing that article in the story.
    """
    for sid, arts in stories:
        for i, a in enumerate(arts):
            if mode == "rewrite":
                sites = plant_sites(a, kind)
                if sites:
                    site = sites[len(sites) // 2]
                    b = plant(a, kind, site, rewrite=True, new_id=f"{a.id}-rw")
                    yield sid, [*arts, b], b.id
                    break
            else:
                hit = None
                for j, c in enumerate(arts):
                    if j != i and (sites := plant_sites(c, kind, other=a)):
                        hit = (j, sites[len(sites) // 2])
                        break
                if hit:
                    j, site = hit
                    b = plant(arts[j], kind, site, rewrite=False)
                    yield sid, [*arts[:j], b, *arts[j + 1:]], b.id
                    break
