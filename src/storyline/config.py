"""Per-stage configuration: defaults < user TOML < environment < CLI flags."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from .errors import ConfigError


@dataclass(slots=True, frozen=True)
class IngestConfig:
    """Options of the readers.

    Attributes:
        max_bytes: files larger than this are skipped with reason ``too_large``.
        min_chars: texts shorter than this after normalisation are skipped (``too_short``).
        batch_size: articles written per store transaction.
        follow_symlinks: whether directory walks follow symbolic links.
    """

    max_bytes: int = 20_000_000
    min_chars: int = 40
    batch_size: int = 200
    follow_symlinks: bool = False


@dataclass(slots=True, frozen=True)
class Config:
    """All stage configs together."""

    ingest: IngestConfig = field(default_factory=IngestConfig)


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
        path: optional TOML file with ``[ingest]`` (and later stage) tables.
        overrides: ``{"ingest": {"max_bytes": 10}}`` from CLI flags; applied last.

    Returns:
        The merged :class:`Config`.

    Raises:
        ConfigError: unknown keys, wrong types or an unreadable file.
    """
    cfg = Config()
    if path is not None:
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"cannot read config {path}: {exc}") from exc
        if "ingest" in data:
            cfg = replace(cfg, ingest=_apply(cfg.ingest, data["ingest"], str(path)))
    env = {
        k[len(_ENV_PREFIX + "INGEST_"):].lower(): v
        for k, v in os.environ.items()
        if k.startswith(_ENV_PREFIX + "INGEST_")
    }
    if env:
        cfg = replace(cfg, ingest=_apply(cfg.ingest, env, "environment"))
    for section, values in (overrides or {}).items():
        clean = {k: v for k, v in values.items() if v is not None}
        if section == "ingest" and clean:
            cfg = replace(cfg, ingest=_apply(cfg.ingest, clean, "command line"))
    return cfg
