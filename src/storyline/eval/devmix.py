"""A mixed corpus built at run time from the development texts in ``../shared/datasets`` (never copied into
the repository): real articles of ECB+, BASIL, NeuS and FNC-1, plus derived copies that exercise the
duplicate stage (exact copies re-cased, near copies with a few words changed, trimmed wire copies).

Used by the Spark parity test (2,000 articles) and ``benchmarks/spark.py`` (5k-100k). Deterministic: the
same ``n`` and ``seed`` give the same files byte for byte. Beyond the ~2,300 distinct dev texts the
articles are rewrites of them (a fifth of the words replaced, sentences reordered, another outlet and
date), so a large mix has the duplicate and story structure of a news stream, not thousands of copies.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

__all__ = ["DevText", "dev_texts", "write_dev_mix"]

_OUTLETS = ("Harbor Times", "Metro Ledger", "Valley Wire", "Coast Herald", "Capital Post", "Lakeside Daily",
            "River Gazette", "Northern Star")
_FILLER = ("reportedly", "officials", "statement", "later", "local", "sources", "earlier", "meanwhile",
           "week", "said", "according")


@dataclass(slots=True, frozen=True)
class DevText:
    """One development text: title, body, date (if the dataset has one) and where it came from."""

    title: str
    text: str
    published: str | None
    origin: str


def dev_texts(datasets: Path) -> list[DevText]:
    """The distinct development texts of ECB+, BASIL, NeuS and FNC-1 under ``datasets`` (fixed order).

    Raises:
        FileNotFoundError: none of the datasets is there.
    """
    out: list[DevText] = []
    seen: set[str] = set()

    def add(title: str | None, text: str | None, published: str | None, origin: str) -> None:
        text = (text or "").strip()
        if len(text) < 200 or text in seen:
            return
        seen.add(text)
        out.append(DevText((title or "").strip(), text, published, origin))

    for row in _jsonl(datasets / "ecbplus_event_clusters" / "documents.jsonl"):
        add(row.get("title"), row.get("text"), row.get("date"), f"ecbplus:{row.get('doc_id')}")
    for row in _jsonl(datasets / "basil_event_triplets" / "documents.jsonl"):
        add(row.get("title"), row.get("text"), row.get("date"), f"basil:{row.get('doc_id')}")
    for row in _jsonl(datasets / "neus_allsides_mds" / "clusters.jsonl"):
        for n, doc in enumerate(row.get("documents") or []):
            add(doc.get("title"), doc.get("text"), None, f"neus:{row.get('cluster_id')}:{n}")
    for row in _jsonl(datasets / "fnc1_stance" / "bodies.jsonl"):
        add(None, row.get("text"), None, f"fnc1:{row.get('body_id')}")
    if not out:
        raise FileNotFoundError(f"no development texts under {datasets}")
    return out


def _jsonl(path: Path) -> Iterator[dict[str, object]]:
    if not path.is_file():
        return
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def write_dev_mix(datasets: Path, out_dir: Path, n: int, files: int = 8, seed: int = 7,
                  lap_days: int = 0) -> list[Path]:
    """Write ``n`` articles as ``files`` JSONL files under ``out_dir``; returns the files.

    ``lap_days`` > 0 dates the k-th round of rewrites of the dev texts ``k * lap_days`` days earlier, so
    the rewrites of one text fall in separate news cycles (more than the clusterer's idle window apart,
    at 365) and form news-sized stories, instead of one story per dev event that grows with ``n`` (at
    100k the undated mix makes stories of up to ~1,000 articles). 0 keeps the original mix.

    About 8 % of the articles are derived copies of an earlier one (exact re-cased copies, near copies
    with ~5 % of the words changed, trimmed copies keeping the first 70 %); past the distinct texts, the
    rest are rewrites (see the module docstring).
    """
    texts = dev_texts(datasets)
    rng = random.Random(seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    rows: list[dict[str, object]] = []
    base = dt.date(2024, 3, 1)
    for i in range(n):
        outlet = _OUTLETS[rng.randrange(len(_OUTLETS))]
        if rows and rng.random() < 0.08:
            src = rows[rng.randrange(len(rows))]
            kind = rng.choice(("exact", "near", "trim"))
            body = str(src["text"])
            if kind == "exact":
                body = body.upper() if rng.random() < 0.5 else "  ".join(body.split(" "))
            elif kind == "near":
                body = _edit(body, 0.05, rng)
            else:
                words = body.split(" ")
                body = " ".join(words[: max(40, int(len(words) * 0.7))])
            rows.append({"id": f"dev{i:06d}", "title": src["title"], "text": body, "outlet": outlet,
                         "published": src["published"], "derived": f"{kind}:{src['id']}"})
            continue
        t = texts[i % len(texts)]
        lap = i // len(texts)
        body = t.text if lap == 0 else _rewrite(t.text, rng)
        day = t.published or (base + dt.timedelta(days=(i * 7919) % 120)).isoformat()
        if lap_days and lap:
            day = (dt.date.fromisoformat(day[:10]) - dt.timedelta(days=lap * lap_days)).isoformat()
        rows.append({"id": f"dev{i:06d}", "title": t.title, "text": body, "outlet": outlet, "published": day,
                     "origin": t.origin})
    paths = []
    per = -(-len(rows) // files)
    for f in range(files):
        path = out_dir / f"devmix-{f:02d}.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for row in rows[f * per:(f + 1) * per]:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        paths.append(path)
    return paths


def _edit(text: str, share: float, rng: random.Random) -> str:
    words = text.split(" ")
    for _ in range(max(1, int(len(words) * share))):
        words[rng.randrange(len(words))] = rng.choice(_FILLER)
    return " ".join(words)


def _rewrite(text: str, rng: random.Random) -> str:
    sentences = [s for s in text.replace("\n", " ").split(". ") if s]
    rng.shuffle(sentences)
    return _edit(". ".join(sentences), 0.2, rng)
