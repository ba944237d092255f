"""Shared fixtures. Third-party text is read from ../shared at test time, never copied here."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
DATASETS = SHARED / "datasets"


def need(path: Path) -> Path:
    """Skip the test when a file from ../shared is not present."""
    if not path.exists():
        pytest.skip(f"{path} not available")
    return path


@pytest.fixture
def seeds_dir() -> Path:
    return need(SEEDS)


@pytest.fixture
def write(tmp_path: Path):
    """write(name, content) → path; bytes or str."""

    def _write(name: str, content: str | bytes) -> Path:
        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            p.write_bytes(content)
        else:
            p.write_text(content, encoding="utf-8")
        return p

    return _write


BODY = (
    "The council of Larkspur Bay voted on Tuesday to close the old ferry pier after inspectors found "
    "rot in three of its pilings. Harbour master Ines Valcourt said the closure would last at least "
    "six weeks. \"We cannot take chances with people's safety,\" she told reporters.\n\n"
    "Ferry services will run from the temporary landing at North Quay until repairs are complete."
)
