"""Fingerprints of report.json that pin the pipeline's output through refactors.

A fingerprint maps ``articles`` and ``story:<id>:<field>`` to a short sha256 of that part of the
report (the ``run`` section, which holds counters of the run itself, is left out). Third-party text
never enters the repo this way: only digests are stored, in ``fingerprints.json``.

Regenerate after an intended change of behaviour (and say so in the commit)::

    .venv/bin/python tests/golden/fingerprint.py --write
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
STORE = Path(__file__).with_name("fingerprints.json")

#: name -> corpus path; the golden test skips a corpus whose files are not present.
CORPORA = {
    "demo": REPO / "examples" / "corpus",
    "seeds": SHARED / "seeds",
    "realworld": SHARED / "datasets" / "realworld_pages" / "pages",
}


def _digest(value: Any) -> str:
    blob = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def fingerprint(report: dict[str, Any]) -> dict[str, str]:
    """Per-part digests of a report.json (its ``run`` section left out)."""
    out = {"articles": _digest([{k: v for k, v in a.items() if k != "source"} for a in report["articles"]]),
           "stories": _digest([s["id"] for s in report["stories"]])}
    for story in report["stories"]:
        for field, value in story.items():
            out[f"story:{story['id']}:{field}"] = _digest(value)
    return out


def run_corpus(path: Path) -> dict[str, Any]:
    """report.json of a fresh one-process run over ``path``."""
    from storyline.config import load_config
    from storyline.engine import Workspace

    os.environ["STORYLINE_ANALYSIS_WORKERS"] = "1"
    with tempfile.TemporaryDirectory() as tmp, Workspace(Path(tmp) / "s.db", load_config()) as ws:
        ws.run([path], Path(tmp) / "out")
        return json.loads((Path(tmp) / "out" / "report.json").read_text())


def diff(expected: dict[str, str], got: dict[str, str]) -> list[str]:
    """The keys whose digests differ, are missing or are new."""
    return sorted(k for k in expected.keys() | got.keys() if expected.get(k) != got.get(k))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", action="store_true", help="store the fingerprints of the current code")
    parser.add_argument("corpora", nargs="*", default=list(CORPORA))
    args = parser.parse_args()
    stored = json.loads(STORE.read_text()) if STORE.exists() else {}
    bad = 0
    for name in args.corpora:
        if not CORPORA[name].exists():
            print(f"{name}: not available, skipped")
            continue
        got = fingerprint(run_corpus(CORPORA[name]))
        if args.write:
            stored[name] = got
            print(f"{name}: {len(got)} digests written")
        else:
            changed = diff(stored.get(name, {}), got)
            bad += bool(changed)
            print(f"{name}: {'unchanged' if not changed else f'{len(changed)} changed: ' + ', '.join(changed[:10])}")
    if args.write:
        STORE.write_text(json.dumps(stored, indent=1, sort_keys=True) + "\n")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
