"""Real-page metadata benchmark: headline, outlet, date and body text on ``realworld_pages``.

Reads the 181 saved pages of ``../shared/datasets/realworld_pages`` exactly as a user's folder of
``.html.gz`` files (no URL is given to the reader) and scores, per page:

* **title**: exact match after normalising case, whitespace and quote marks, against the
  ``events.jsonl`` headline with the site-name prefix/suffix cut that ``tests/data/realworld_title_cuts.json``
  names (labels judged for this project by reading each page);
* **outlet**: one of the publisher names ``tests/data/realworld_outlets.json`` accepts for the page
  (compared on letters and digits only, case-insensitive);
* **date**: within one day of the ``events.jsonl`` date;
* **body**: bag-of-words token F1 against the benchmark's hand-checked ``articleBody``.

Usage::

    .venv/bin/python benchmarks/metadata.py                      # current code
    .venv/bin/python benchmarks/metadata.py --baseline-rev 566149b  # also the code of that commit, side by side

With ``--baseline-rev`` the baseline's ``src/`` is exported with ``git archive`` to a temporary folder
and run in a subprocess; the working tree is not touched.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "datasets" / "realworld_pages"
LABELS = REPO / "tests" / "data"

_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"',
                         "′": "'", "″": '"', "`": "'"})


def norm_title(text: str) -> str:
    """Case, whitespace and quote marks normalised."""
    return " ".join(unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold().split())


def squash(text: str) -> str:
    """Letters and digits only, case-folded, accents removed."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", text).casefold() if ch.isalnum())


def token_f1(pred: str, gold: str) -> float:
    """Bag-of-words F1 over lower-cased word tokens."""
    p = collections.Counter(re.findall(r"\w+", pred.casefold()))
    g = collections.Counter(re.findall(r"\w+", gold.casefold()))
    common = sum((p & g).values())
    if not common:
        return 0.0
    prec, rec = common / sum(p.values()), common / sum(g.values())
    return 2 * prec * rec / (prec + rec)


def expected_titles(events: list[dict]) -> dict[str, tuple[str, str]]:
    """file → ("text", normalised headline) or ("sha1", hash of it)."""
    cuts = json.loads((LABELS / "realworld_title_cuts.json").read_text(encoding="utf-8"))
    out: dict[str, tuple[str, str]] = {}
    for ev in events:
        f, title = ev["file"], ev["title"].strip()
        if f in cuts["title_sha1"]:
            out[f] = ("sha1", cuts["title_sha1"][f])
            continue
        cut = cuts["cut"].get(f, {})
        if "prefix" in cut and title.startswith(cut["prefix"]):
            title = title[len(cut["prefix"]):]
        if "suffix" in cut and title.endswith(cut["suffix"]):
            title = title[: len(title) - len(cut["suffix"])]
        out[f] = ("text", norm_title(title))
    return out


def title_ok(pred: str, expected: tuple[str, str]) -> bool:
    kind, value = expected
    got = norm_title(pred)
    if kind == "sha1":
        return hashlib.sha1(" ".join(pred.casefold().split()).encode()).hexdigest() == value
    return got == value


def measure() -> dict:
    """Read every page with the storyline importable in this process and score it."""
    from storyline.ingest import read_file
    from storyline.model import Skip

    events = [json.loads(line) for line in (DATA / "events.jsonl").read_text(encoding="utf-8").splitlines() if line]
    truth = {r["file"]: r["articleBody"] for r in
             (json.loads(line) for line in (DATA / "extraction_truth.jsonl").read_text(encoding="utf-8").splitlines()
              if line)}
    outlets = json.loads((LABELS / "realworld_outlets.json").read_text(encoding="utf-8"))["outlets"]
    titles = expected_titles(events)
    n = len(events)
    ok = collections.Counter()
    f1_sum = 0.0
    misses: dict[str, list[str]] = {"title": [], "outlet": [], "date": []}
    non_article: collections.Counter[str] = collections.Counter()
    for ev in events:
        f = ev["file"]
        items = list(read_file(DATA / "pages" / (f + ".gz")))
        art = next((i for i in items if not isinstance(i, Skip)), None)
        if art is None:
            ok["skipped"] += 1
            continue
        if title_ok(art.title, titles[f]):
            ok["title"] += 1
        else:
            misses["title"].append(f"{f[:8]} {art.title[:70]!r}")
        if art.outlet and squash(art.outlet) in {squash(o) for o in outlets[f]}:
            ok["outlet"] += 1
        else:
            misses["outlet"].append(f"{f[:8]} {art.outlet!r} (want {outlets[f][0]!r})")
        gold = dt.date.fromisoformat(ev["date"])
        if art.published is not None and abs((art.published - gold).days) <= 1:
            ok["date"] += 1
        else:
            misses["date"].append(f"{f[:8]} {art.published} (want {gold})")
        f1_sum += token_f1(art.text, truth.get(f, ""))
        if art.metadata.get("non_article"):
            non_article[str(art.metadata["non_article"])] += 1
    return {
        "pages": n,
        "title": round(ok["title"] / n, 3),
        "outlet": round(ok["outlet"] / n, 3),
        "date_within_1d": round(ok["date"] / n, 3),
        "body_token_f1": round(f1_sum / n, 3),
        "skipped": ok["skipped"],
        "non_article": dict(sorted(non_article.items())),
        "misses": misses,
    }


def _baseline(rev: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        archive = subprocess.run(["git", "-C", str(REPO), "archive", rev, "src"], check=True, capture_output=True)
        subprocess.run(["tar", "-x", "-C", tmp], input=archive.stdout, check=True)
        env = {**os.environ, "PYTHONPATH": str(Path(tmp) / "src")}
        out = subprocess.run([sys.executable, __file__, "--json"], env=env, check=True, capture_output=True, text=True)
        return json.loads(out.stdout)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--baseline-rev", help="also measure the code of this git revision")
    ap.add_argument("--json", action="store_true", help="print one JSON object (this code only)")
    ap.add_argument("--misses", action="store_true", help="list the pages each field gets wrong")
    args = ap.parse_args()
    if not DATA.exists():
        sys.exit(f"{DATA} not found")
    now = measure()
    if args.json:
        print(json.dumps(now, ensure_ascii=False))
        return
    rows = [("now", now)]
    if args.baseline_rev:
        rows.insert(0, (f"baseline {args.baseline_rev}", _baseline(args.baseline_rev)))
    print(f"realworld_pages: {now['pages']} pages")
    print("| code | title exact | outlet right | date ±1 day | body token F1 | skipped | marked non-article |")
    print("|---|---|---|---|---|---|---|")
    for name, r in rows:
        na = ", ".join(f"{k} {v}" for k, v in r["non_article"].items()) or "—"
        print(f"| {name} | {r['title']:.3f} | {r['outlet']:.3f} | {r['date_within_1d']:.3f} | "
              f"{r['body_token_f1']:.3f} | {r['skipped']} | {na} |")
    if args.misses:
        for field, items in now["misses"].items():
            print(f"\n{field} misses ({len(items)}):")
            for item in items:
                print("  ", item)


if __name__ == "__main__":
    main()
