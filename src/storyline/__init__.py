"""storyline: turn a pile of news coverage into verified, cited stories.

Notebook use::

    import storyline
    ws = storyline.Workspace("news.db")
    result = ws.ingest(["articles/"])
    for article in ws.articles():
        print(article.outlet, article.published, article.title)
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from . import ingest as _readers  # noqa: F401  (bind the subpackage before the function of the same name)
from .config import Config, IngestConfig, load_config
from .engine import RunResult, Workspace
from .errors import StorylineError
from .model import Article, IngestResult, Skip, Span, Story

__version__ = "0.1.0"


def ingest(paths: Iterable[str | Path], db: str | Path = "storyline.db", config: Config | None = None
           ) -> IngestResult:  # noqa: F811  (deliberately shadows the subpackage attribute)
    """Ingest ``paths`` into the store at ``db`` and return what happened.

    The readers themselves live in the ``storyline.ingest`` subpackage (``import storyline.ingest``
    still works: it is registered in ``sys.modules``).
    """
    with Workspace(db, config) as ws:
        return ws.ingest(paths)


def read(paths: Iterable[str | Path], config: IngestConfig | None = None) -> list[Article]:
    """Read articles from ``paths`` without storing them (skips are dropped; use ingest to see them)."""
    return [a for a in _readers.read_paths(paths, config) if isinstance(a, Article)]


__all__ = [
    "Article", "Config", "IngestConfig", "IngestResult", "RunResult", "Skip", "Span", "Story",
    "StorylineError", "Workspace", "__version__", "ingest", "load_config", "read",
]
