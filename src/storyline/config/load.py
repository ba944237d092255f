"""Per-stage configuration: defaults < user TOML < environment < CLI flags."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from .stages import IngestConfig


@dataclass(slots=True, frozen=True)
class AnalysisOptions:
    """Options of the per-story analysis and summary (TOML table ``[analysis]``).

    Attributes:
        words: word budget of each story's summary.
        llm_url: root of an OpenAI-compatible chat endpoint (llama.cpp, vLLM, Ollama…); empty keeps the
            extractive summary. Every generated sentence is verified against the articles or dropped.
        llm_model: model name as that server knows it.
        llm_api_key: bearer token for the endpoint, if it needs one (better set as
            ``STORYLINE_ANALYSIS_LLM_API_KEY`` than written into a file).
        llm_timeout: seconds to wait for one answer.
        workers: processes analysing stories side by side (0: one per CPU core; 1: in this process).
    """

    words: int = 150
    llm_url: str = ""
    llm_model: str = ""
    llm_api_key: str = ""
    llm_timeout: float = 60.0
    workers: int = 0


@dataclass(slots=True, frozen=True)
class Config:
    """All stage configs together."""

    ingest: IngestConfig = field(default_factory=IngestConfig)
    analysis: AnalysisOptions = field(default_factory=AnalysisOptions)


_ENV_PREFIX = "STORYLINE_"


def _apply(section: Any, values: dict[str, Any], where: str) -> Any:
    known = {f.name: f for f in fields(section)}
    updates: dict[str, Any] = {}
    for key, raw in values.items():
        if key not in known:
            raise ConfigError(f"{where}: unknown option {key!r} (known: {', '.join(sorted(known))})")
        current = getattr(section, key)
        try:
            updates[key] = type(current)(raw) if not isinstance(current, bool) else _as_bool(raw)
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"{where}: option {key!r} expects {type(current).__name__}, got {raw!r}") from exc
    return replace(section, **updates)


def _as_bool(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    return str(raw).strip().lower() in {"1", "true", "yes", "on"}


def load_config(path: str | Path | None = None, overrides: dict[str, dict[str, Any]] | None = None) -> Config:
    """Build the configuration.

    Args:
        path: optional TOML file with ``[ingest]`` and ``[analysis]`` tables.
        overrides: ``{"ingest": {"max_bytes": 10}}`` from CLI flags; applied last (``None`` values are
            flags the user did not give).

    Returns:
        The merged :class:`Config`.

    Raises:
        ConfigError: unknown tables or keys, wrong types or an unreadable file.
    """
    cfg = Config()
    sections = [f.name for f in fields(Config)]
    if path is not None:
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"cannot read config {path}: {exc}") from exc
        for name, values in data.items():
            if name not in sections or not isinstance(values, dict):
                raise ConfigError(f"{path}: unknown table [{name}] (known: {', '.join(sections)})")
            cfg = replace(cfg, **{name: _apply(getattr(cfg, name), values, str(path))})
    for name in sections:
        prefix = f"{_ENV_PREFIX}{name.upper()}_"
        env = {k[len(prefix):].lower(): v for k, v in os.environ.items() if k.startswith(prefix)}
        if env:
            cfg = replace(cfg, **{name: _apply(getattr(cfg, name), env, "environment")})
    for name, values in (overrides or {}).items():
        clean = {k: v for k, v in values.items() if v is not None}
        if clean:
            if name not in sections:
                raise ConfigError(f"unknown configuration section {name!r}")
            cfg = replace(cfg, **{name: _apply(getattr(cfg, name), clean, "command line")})
    return cfg
