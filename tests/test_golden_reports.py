"""The report.json of the demo, the seeds and the real pages matches the pinned fingerprints.

This is the guard of behaviour-preserving refactors; an intended change regenerates the fingerprints
with ``tests/golden/fingerprint.py --write`` in the same commit.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "golden"))
import fingerprint as golden  # noqa: E402


@pytest.mark.parametrize("name", ["demo", "seeds", pytest.param("realworld", marks=pytest.mark.slow)])
def test_report_matches_the_pinned_fingerprint(name: str) -> None:
    path = golden.CORPORA[name]
    if not path.exists():
        pytest.skip(f"{path} not available")
    expected = json.loads(golden.STORE.read_text())[name]
    got = golden.fingerprint(golden.run_corpus(path))
    assert golden.diff(expected, got) == []


@pytest.mark.parametrize("seed", ["0", "5"])
def test_report_does_not_depend_on_the_hash_seed(seed: str) -> None:
    """The seeds' report is the pinned one under fixed, different ``PYTHONHASHSEED`` values.

    Every process salts str hashes with its own seed, so set iteration order differs between the local
    engine's analysis workers and Spark's executors; output that follows it (two such bugs were found,
    in the summary and in quote grouping) makes the engines disagree. The in-process golden test above
    sees one random seed per run; this one pins two.
    """
    import os
    import subprocess

    if not golden.CORPORA["seeds"].exists():
        pytest.skip("seeds not available")
    src = str(Path(__file__).resolve().parents[1] / "src")
    env = os.environ | {"PYTHONHASHSEED": seed, "PYTHONPATH": src}
    run = subprocess.run([sys.executable, str(Path(golden.__file__)), "seeds"], capture_output=True, text=True,
                         env=env, check=False)
    assert run.returncode == 0 and "seeds: unchanged" in run.stdout, run.stdout + run.stderr[-2000:]
