"""Progress for long evaluations, on stderr so the JSON result on stdout stays clean.

A bar on a terminal (rich); on a pipe or in a log, one line every 10 % so CI logs show the eval is alive.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


def progress(items: Iterable[T], label: str, total: int | None = None) -> Iterator[T]:
    """Yield ``items`` while showing how many are done (``total`` defaults to ``len(items)`` when known)."""
    if total is None:
        try:
            total = len(items)  # type: ignore[arg-type]
        except TypeError:
            total = None
    if sys.stderr.isatty():
        from rich.console import Console
        from rich.progress import track

        yield from track(items, description=label, total=total, console=Console(stderr=True), transient=True)
        return
    step = max(1, (total or 0) // 10) if total else 500
    done = 0
    for item in items:
        yield item
        done += 1
        if done % step == 0:
            sys.stderr.write(f"{label}: {done}{f'/{total}' if total else ''}\n")
            sys.stderr.flush()
