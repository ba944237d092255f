"""Failure isolation and the per-story analysis cache key.

A run over real pages meets inputs no test foresaw. One story whose analysis raises must not cost the
user the other stories: :func:`guarded_analysis` runs the per-story map and turns an exception into a
:class:`~storyline.model.StoryFailure` naming the stage that raised, which the report shows on that story.

:func:`analysis_key` says when a stored analysis can be reused: same member articles (every field the
analysis reads), same configuration and same code. Any change to any of them gives a new key.
"""

from __future__ import annotations

import functools
import hashlib
import json
import traceback
from collections.abc import Sequence
from dataclasses import asdict, is_dataclass
from pathlib import Path
from typing import Any

from .model import Article, StoryFailure

#: Package or module (relative to storyline) → the analysis stage it belongs to, for failure records.
_STAGE_OF = {
    "claims": "claims", "crosscheck": "crosscheck", "summarize": "summary", "provenance": "provenance",
    "align": "align", "text": "text", "pipeline": "analysis",
}

_PACKAGE = Path(__file__).resolve().parent


def failure_stage(exc: BaseException) -> str:
    """The analysis stage in which ``exc`` was raised: the innermost frame inside this package decides."""
    stage = "analysis"
    for frame in traceback.extract_tb(exc.__traceback__):
        path = Path(frame.filename).resolve()
        if _PACKAGE not in path.parents or path == Path(__file__).resolve():
            continue
        parts = path.relative_to(_PACKAGE).with_suffix("").parts
        stage = _STAGE_OF.get(parts[-1]) or _STAGE_OF.get(parts[0], parts[0])
    return stage


def guarded_analysis(story_id: str, articles: Sequence[Article], config: Any
                     ) -> tuple[str, dict[str, Any] | None, StoryFailure | None]:
    """Analyse one story; an exception becomes a failure record instead of stopping the run.

    Top-level (picklable) so a process pool runs the very same function as the serial path.

    Returns:
        ``(story_id, fields, None)`` on success, ``(story_id, None, failure)`` when the analysis raised.
    """
    from .pipeline import analyze_story

    try:
        return story_id, analyze_story(articles, config).to_json(), None  # JSON at the pool's edge
    except Exception as exc:  # noqa: BLE001 - isolation is the point: any failure stays on its story
        message = str(exc) or repr(exc)
        return story_id, None, StoryFailure(story_id, failure_stage(exc), type(exc).__name__, message[:500])


#: Parts of the package that never shape a story's analysis (views, the web app, evaluation, the command
#: line): editing them must not throw away every cached analysis.
_NOT_ANALYSIS = ("report", "web", "eval", "cli.py")


@functools.cache
def code_version() -> str:
    """A digest of the source and data files that make a story's analysis: a changed line there invalidates
    cached analyses (a change to the views, the web app, evaluation or the CLI does not)."""
    digest = hashlib.sha256()
    for path in sorted(_PACKAGE.rglob("*")):
        wanted = (path.suffix in {".py", ".json", ".npz", ".txt", ".toml"} and "__pycache__" not in path.parts
                  and path.relative_to(_PACKAGE).parts[0] not in _NOT_ANALYSIS)
        if wanted and path.is_file():
            digest.update(str(path.relative_to(_PACKAGE)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def analysis_key(articles: Sequence[Article], config: Any) -> str:
    """Cache key of one story's analysis: its members (all their fields), the config and the code version."""
    digest = hashlib.sha256(code_version().encode())
    settings = asdict(config) if is_dataclass(config) and not isinstance(config, type) else config
    digest.update(_canonical(settings).encode())
    for a in sorted(articles, key=lambda x: x.id):
        fields = a.to_dict()
        fields.pop("text")
        digest.update(_canonical(fields).encode())
        digest.update(hashlib.sha256(a.text.encode("utf-8", "replace")).digest())
    return digest.hexdigest()


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str, ensure_ascii=True)
