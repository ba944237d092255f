"""``storyline eval stories``: run the story clusterer over a labelled JSONL file and score it."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from storyline.errors import ConfigError, InputError
from storyline.eval.metrics import ari, bcubed
from storyline.stories import StoryClusterer, StoryConfig, StoryDoc

__all__ = ["evaluate_stories", "load_labelled", "parse_date", "score_stories"]


def parse_date(value: Any) -> dt.datetime | None:
    """Parse a dataset date: ``YYYY-MM-DD``, ISO 8601 (``Z`` allowed) or epoch milliseconds.

    Numbers of at least 1e11 are read as epoch milliseconds, smaller ones as epoch seconds. Naive
    values are taken as UTC. Anything unparseable gives ``None`` (the article counts as undated).
    """
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        if isinstance(value, int | float):
            seconds = value / 1000.0 if abs(value) >= 1e11 else float(value)
            return dt.datetime.fromtimestamp(seconds, dt.UTC)
        parsed = dt.datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
    except (ValueError, OverflowError, OSError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def _rows(path: Path) -> Iterator[tuple[int, dict[str, Any] | None]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except ValueError:
                row = None
            yield n, row if isinstance(row, dict) else None


def _stream_order(dates: list[dt.datetime | None]) -> list[int]:
    """Chronological order in which an undated article stays right after its predecessor in the file.

    Dated articles are sorted by date; each undated one borrows the date of the nearest dated article
    before it (the first dated one if there is none), and ties keep file order (the sort is stable).
    """
    first = next((d for d in dates if d is not None), None)
    if first is None:
        return list(range(len(dates)))
    keys, last = [], first
    for d in dates:
        last = d if d is not None else last
        keys.append(last)
    return sorted(range(len(dates)), key=keys.__getitem__)


def load_labelled(
    path: str | Path,
    text_field: str,
    label_field: str,
    title_field: str | None = None,
    date_field: str | None = None,
    id_field: str | None = None,
) -> tuple[list[StoryDoc], list[str], int]:
    """Read a labelled JSONL file (optionally gzipped) into articles in stream order.

    Rows without text or label are skipped and counted. The articles come back in the order the
    clusterer should see them (see :func:`_stream_order`), each with its gold label.

    Args:
        path: JSONL file, one article per line.
        text_field: field holding the article text (a headline is fine).
        label_field: field holding the gold story label.
        title_field: optional field with the title.
        date_field: optional field with the publication date (see :func:`parse_date`).
        id_field: optional field with the article id (line number otherwise).

    Returns:
        ``(docs, gold, skipped)``: articles in stream order, their gold labels, rows skipped.

    Raises:
        InputError: the file does not exist.
        ConfigError: no row has the text and label fields.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"no such file: {path}")
    docs: list[StoryDoc] = []
    gold: list[str] = []
    skipped = 0
    for line_no, row in _rows(path):
        text = row.get(text_field) if row else None
        label = row.get(label_field) if row else None
        if row is None or not isinstance(text, str) or not text.strip() or label is None:
            skipped += 1
            continue
        title = row.get(title_field) if title_field else None
        date = parse_date(row.get(date_field)) if date_field else None
        doc_id = str(row[id_field]) if id_field and row.get(id_field) is not None else f"line{line_no}"
        docs.append(StoryDoc(doc_id, title if isinstance(title, str) else "", text, date))
        gold.append(str(label))
    if not docs:
        raise ConfigError(f"no row of {path} has both a {text_field!r} text and a {label_field!r} label")
    order = _stream_order([d.published for d in docs])
    return [docs[i] for i in order], [gold[i] for i in order], skipped


def evaluate_stories(
    path: str | Path,
    text_field: str,
    label_field: str,
    title_field: str | None = None,
    date_field: str | None = None,
    id_field: str | None = None,
    config: StoryConfig | None = None,
) -> dict[str, Any]:
    """Cluster a labelled JSONL file (optionally gzipped) into stories and score against the labels.

    Rows without text or label are skipped and counted; the rest are fed to one
    :class:`~storyline.stories.StoryClusterer` in publication order (see :func:`load_labelled`).

    Args:
        path: JSONL file, one article per line.
        text_field: field holding the article text (a headline is fine).
        label_field: field holding the gold story label.
        title_field: optional field with the title.
        date_field: optional field with the publication date (see :func:`parse_date`).
        id_field: optional field with the article id (line number otherwise).
        config: clusterer configuration; the default when omitted.

    Returns:
        B-cubed precision/recall/F1, ARI, counts, wall time and throughput.

    Raises:
        InputError: the file does not exist.
        ConfigError: no row has the text and label fields.
    """
    docs, gold, skipped = load_labelled(path, text_field, label_field, title_field, date_field, id_field)
    return score_stories(docs, gold, config, skipped)


def score_stories(
    docs: list[StoryDoc], gold: list[str], config: StoryConfig | None = None, skipped: int = 0
) -> dict[str, Any]:
    """Feed ``docs`` (in the order given) to a fresh clusterer and score the result against ``gold``.

    Args:
        docs: articles in stream order.
        gold: gold story label of each article.
        config: clusterer configuration; the default when omitted.
        skipped: rows skipped while loading (only reported).

    Returns:
        The same fields as :func:`evaluate_stories`.
    """
    clusterer = StoryClusterer(config)
    start = time.perf_counter()
    clusterer.add(docs)
    seconds = time.perf_counter() - start
    story_of = {doc_id: sid for sid, members in clusterer.stories().items() for doc_id in members}
    pred = [story_of[d.id] for d in docs]
    p, r, f = bcubed(pred, gold)
    return {
        "bcubed_precision": round(p, 4),
        "bcubed_recall": round(r, 4),
        "bcubed_f1": round(f, 4),
        "ari": round(ari(pred, gold), 4),
        "n_docs": len(docs),
        "n_dated": sum(d.published is not None for d in docs),
        "n_skipped": skipped,
        "n_pred_clusters": len(set(pred)),
        "n_gold_clusters": len(set(gold)),
        "n_merges": len(clusterer.merges),
        "seconds": round(seconds, 3),
        "docs_per_s": round(len(docs) / seconds, 1) if seconds > 0 else None,
    }
