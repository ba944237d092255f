"""``storyline serve --watch DIR``: ingest files dropped into a folder while the app runs."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from .state import SnapshotSource

__all__ = ["FolderWatcher"]

log = logging.getLogger("storyline")


class FolderWatcher:
    """A background thread that ingests ``folder`` every ``seconds`` (the next page view shows the result).

    Polling rather than file-system events: the ingest is incremental (an unchanged file is not parsed
    again), so a pass over an unchanged folder costs a directory listing and a ``stat`` per file, and it works
    the same on every platform and network drive.
    """

    def __init__(self, source: SnapshotSource, folder: Path, seconds: float = 5.0) -> None:
        self.source = source
        self.folder = folder
        self.seconds = seconds
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="storyline-watch", daemon=True)

    def start(self) -> None:
        """Start watching."""
        self.folder.mkdir(parents=True, exist_ok=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop after the current pass."""
        self._stop.set()
        self._thread.join(timeout=60)

    def scan(self) -> int:
        """One pass: ingest what is new or changed; returns the number of articles added."""
        with self.source.workspace() as ws:
            result = ws.ingest([self.folder], command="serve --watch")
        for skip in result.skipped:
            log.warning("watch: skipped %s: %s", skip.where(), skip.message)
        if result.added:
            self.source.recheck()
        return len(result.added)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                added = self.scan()
                if added:
                    log.info("watch: %d new article(s) from %s", added, self.folder)
            except Exception:  # a bad pass must not stop the watcher (or the server)
                log.exception("watch: a pass over %s failed", self.folder)
            self._stop.wait(self.seconds)
