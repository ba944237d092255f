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
