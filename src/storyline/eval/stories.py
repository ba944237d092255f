"""``storyline eval stories``: run the story clusterer over a labelled JSONL file and score it."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from storyline.errors import ConfigError, InputError
from storyline.eval.metrics import ari, bcubed
from storyline.stories.cluster import StoryClusterer, StoryConfig, StoryDoc

__all__ = ["evaluate_pages", "evaluate_stories", "load_labelled", "load_pages", "parse_date", "score_stories"]


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


def _labels_by_file(labels: str | Path, label_field: str, file_field: str) -> dict[str, str]:
    """File name (without a ``.gz`` suffix) -> gold label, from a JSONL labels file."""
    path = Path(labels)
    if not path.is_file():
        raise InputError(f"no such labels file: {path}")
    out: dict[str, str] = {}
    for _, row in _rows(path):
        if row and row.get(file_field) is not None and row.get(label_field) is not None:
            out[Path(str(row[file_field])).name.removesuffix(".gz")] = str(row[label_field])
    if not out:
        raise ConfigError(f"no row of {path} has both a {file_field!r} and a {label_field!r} field")
    return out


def _stderr_progress(done: int, total: int, what: str) -> None:
    sys.stderr.write(f"\r{what}: {done}/{total}")
    if done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()


@contextmanager
def _page_store(folder: str | Path, labels: str | Path, label_field: str, file_field: str,
                progress: Callable[[int, int, str], None] | None) -> Iterator[tuple[Any, dict[str, str]]]:
    """A throw-away store holding the ingested pages of ``folder``, and the gold label per file name."""
    from storyline.engine import Workspace

    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(f"no such folder: {folder}")
    gold_of = _labels_by_file(labels, label_field, file_field)
    with tempfile.TemporaryDirectory() as tmp, Workspace(Path(tmp) / "eval.db") as ws:
        ws.ingest([folder], progress=progress)
        yield ws, gold_of


def _label_of(gold_of: dict[str, str], source: str) -> str | None:
    """The gold label of a stored page, by its file name (``.gz`` and any ``#record`` suffix ignored)."""
    return gold_of.get(Path(source.split("#", 1)[0]).name.removesuffix(".gz"))


def load_pages(folder: str | Path, labels: str | Path, label_field: str = "event", file_field: str = "file",
               progress: Callable[[int, int, str], None] | None = None) -> tuple[list[StoryDoc], list[str], int]:
    """Ingest a folder of pages (any format storyline reads) and pair each article with its gold label.

    Articles are matched to labels by file name (``x.html.gz`` matches a label row for ``x.html``).
    Pages that were not ingested or have no label are counted as skipped.

    Returns:
        ``(docs, gold, skipped)`` in stream order (publication date, then ingestion order).
    """
    with _page_store(folder, labels, label_field, file_field, progress) as (ws, gold_of):
        arts = ws.articles()
    docs, gold = [], []
    for a in arts:
        label = _label_of(gold_of, a.source)
        if label is None:
            continue
        when = dt.datetime(a.published.year, a.published.month, a.published.day, tzinfo=dt.UTC) if a.published else None
        docs.append(StoryDoc(a.id, a.title or "", a.text, when, a.outlet or ""))
        gold.append(label)
    skipped = len(gold_of) - len(docs)
    order = _stream_order([d.published for d in docs])
    return [docs[i] for i in order], [gold[i] for i in order], skipped


def evaluate_pages(folder: str | Path, labels: str | Path, label_field: str = "event", file_field: str = "file",
                   progress: Callable[[int, int, str], None] | None = _stderr_progress) -> dict[str, Any]:
    """Score the whole pipeline on a folder of labelled pages: ingest, duplicates, ``assign_stories``.

    The pages go into a throw-away store exactly as ``storyline run`` would put them, so extraction,
    duplicate handling and non-article pages count; the stories are then read from the store and
    compared with the labels (matched by file name, see :func:`load_pages`).

    Returns:
        The fields of :func:`score_stories`, plus ``n_low_confidence`` (members marked low-confidence).
    """
    with _page_store(folder, labels, label_field, file_field, progress) as (ws, gold_of):
        ws.find_duplicates(progress=progress)
        start = time.perf_counter()
        ws.assign_stories(progress=progress)
        seconds = time.perf_counter() - start
        source_of = {a.id: a.source for a in ws.store.articles()}
        members = [m.membership for m in ws.store.story_members()]
    pred, gold, low = [], [], 0
    for m in members:
        label = _label_of(gold_of, source_of.get(m.article_id, ""))
        if label is None:
            continue
        pred.append(m.story_id)
        gold.append(label)
        low += m.low_confidence
    p, r, f = bcubed(pred, gold)
    return {
        "bcubed_precision": round(p, 4), "bcubed_recall": round(r, 4), "bcubed_f1": round(f, 4),
        "ari": round(ari(pred, gold), 4), "n_docs": len(pred), "n_skipped": len(gold_of) - len(pred),
        "n_pred_clusters": len(set(pred)), "n_gold_clusters": len(set(gold)), "n_low_confidence": low,
        "seconds": round(seconds, 3), "docs_per_s": round(len(pred) / seconds, 1) if seconds > 0 else None,
    }
