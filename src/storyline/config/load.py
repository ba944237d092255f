"""The one :class:`Config` and how it is layered: defaults < TOML file < environment < command line.

Every table is a stage config dataclass, and every field of every table is reachable the same three ways,
found by introspecting the dataclass (no per-field code):

* TOML: ``[summary]`` / ``words = 120`` in the file given with ``--config``;
* environment: ``STORYLINE_SUMMARY_WORDS=120`` (``STORYLINE_<TABLE>_<FIELD>``, upper case);
* command line: ``--set summary.words=120``, or a command's specific flag (``--words 120``).

Values are converted to the field's type (``int``, ``float``, ``bool``, ``str``, or one of them or
``None``); a value that does not convert, an unknown table and an unknown key raise :class:`ConfigError`
naming the key. :func:`describe_config` shows the effective configuration with where each value came from.
"""

from __future__ import annotations

import json
import math
import os
import tomllib
import types
import typing
from collections.abc import Mapping
from dataclasses import Field, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from .analysis import AnalysisConfig, LLMConfig, SummaryConfig
from .stages import AlignConfig, DedupConfig, IngestConfig, StoryConfig

__all__ = ["ALIASES", "Config", "Setting", "TABLES", "describe_config", "load_config", "parse_assignment"]

ENV_PREFIX = "STORYLINE_"

#: Where each value came from, lowest precedence first.
ORIGINS = ("default", "file", "env", "flag")

#: Keys of the old ``[analysis]`` table, still accepted everywhere (file, environment, flags) and
#: stored under their new home.
ALIASES: dict[tuple[str, str], tuple[str, str]] = {
    ("analysis", "words"): ("summary", "words"),
    ("analysis", "llm_url"): ("llm", "base_url"),
    ("analysis", "llm_model"): ("llm", "model"),
    ("analysis", "llm_api_key"): ("llm", "api_key"),
    ("analysis", "llm_timeout"): ("llm", "timeout"),
}

#: Fields whose values ``storyline config`` does not print.
SECRETS = frozenset({("llm", "api_key")})


@dataclass(slots=True, frozen=True)
class Config:
    """All stage configs together, one TOML table each.

    ``analysis`` also carries the ``summary``, ``align`` and ``llm`` tables it passes on to each story's
    analysis (``llm`` only when ``llm.base_url`` is set), so :meth:`analysis_config` is all a runner needs.
    """

    ingest: IngestConfig = field(default_factory=IngestConfig)
    dedup: DedupConfig = field(default_factory=DedupConfig)
    stories: StoryConfig = field(default_factory=StoryConfig)
    align: AlignConfig = field(default_factory=AlignConfig)
    summary: SummaryConfig = field(default_factory=SummaryConfig)
    analysis: AnalysisConfig = field(default_factory=AnalysisConfig)
    llm: LLMConfig = field(default_factory=LLMConfig)

    def __post_init__(self) -> None:
        # The analysis must see the very tables the user set, whatever it was built with (frozen: setattr).
        composed = replace(self.analysis, summary=self.summary, align=self.align,
                           llm=self.llm if self.llm.base_url else None, words=self.summary.words)
        object.__setattr__(self, "analysis", composed)

    def analysis_config(self) -> AnalysisConfig:
        """The configuration of one story's analysis (what :func:`storyline.pipeline.analyze_story` takes).

        ``workers`` says how stories are spread over processes, not how each is analysed; it is left at
        its default here so that the analysis cache key (made from this object) does not change with it.
        Read the number of processes from ``config.analysis.workers``.
        """
        return replace(self.analysis, workers=AnalysisConfig().workers)


#: Table name -> config class, in the order ``storyline config`` prints them.
TABLES: dict[str, type] = {f.name: typing.get_type_hints(Config)[f.name] for f in fields(Config)}


@dataclass(slots=True, frozen=True)
class Setting:
    """One effective value and where it came from.

    Attributes:
        table: the TOML table (``summary``).
        key: the field (``words``).
        value: the effective value.
        origin: ``default``, ``file``, ``env`` or ``flag``.
    """

    table: str
    key: str
    value: Any
    origin: str


def table_fields(table: str) -> dict[str, Field[Any]]:
    """The settable fields of a table (nested configs are filled from their own tables)."""
    return {f.name: f for f in fields(TABLES[table]) if not f.metadata.get("nested")}


def _field_type(table: str, key: str) -> tuple[type, bool]:
    """``(base type, accepts None)`` of a field, from its annotation."""
    hint = typing.get_type_hints(TABLES[table])[key]
    args = typing.get_args(hint)
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        base = [a for a in args if a is not type(None)]
        return base[0], type(None) in args
    return hint, False


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}
_NONE = {"none", "null"}


def convert(table: str, key: str, raw: Any, where: str) -> Any:
    """Convert ``raw`` (a TOML value, or text from the environment or a flag) to the field's type.

    Raises:
        ConfigError: the value does not fit, naming the key and the expected type.
    """
    base, optional = _field_type(table, key)
    expected = base.__name__ + (" or none" if optional else "")

    def bad() -> ConfigError:
        return ConfigError(f"{where}: option '{table}.{key}' expects {expected}, got {raw!r}")

    if isinstance(raw, str) and base is not str:
        text = raw.strip().lower()
        if optional and text in _NONE | {""}:
            return None
        if base is bool:
            if text in _TRUE | _FALSE:
                return text in _TRUE
            raise bad()
        try:
            return base(text)
        except ValueError:
            raise bad() from None
    if raw is None and optional:
        return None
    if base is str and isinstance(raw, str):
        return raw
    if base is float and isinstance(raw, int | float) and not isinstance(raw, bool):
        return float(raw)
    if base is int and isinstance(raw, int) and not isinstance(raw, bool):
        return raw
    if base is bool and isinstance(raw, bool):
        return raw
    raise bad()


def _resolve(table: str, key: str, where: str) -> tuple[str, str]:
    """The ``(table, key)`` a user-given key stands for (old ``[analysis]`` names included)."""
    if table not in TABLES:
        raise ConfigError(f"{where}: unknown table [{table}] (known: {', '.join(TABLES)})")
    if (table, key) in ALIASES:
        return ALIASES[(table, key)]
    if key not in table_fields(table):
        raise ConfigError(f"{where}: unknown option '{table}.{key}' "
                          f"(known in [{table}]: {', '.join(sorted(table_fields(table)))})")
    return table, key


def parse_assignment(text: str) -> tuple[str, str, str]:
    """Split a ``--set`` value ``table.field=value`` into its parts.

    Raises:
        ConfigError: not of that shape.
    """
    name, sep, value = text.partition("=")
    table, dot, key = name.strip().partition(".")
    if not sep or not dot or not table or not key:
        raise ConfigError(f"--set {text!r}: expected TABLE.FIELD=VALUE, e.g. summary.words=120")
    return table, key.strip(), value


def _layers(path: str | Path | None, overrides: Mapping[str, Mapping[str, Any]] | None,
            sets: list[str] | None, env: Mapping[str, str]) -> dict[tuple[str, str], tuple[Any, str]]:
    """``(table, key) -> (value, origin)`` for every value given anywhere, later layers winning."""
    given: dict[tuple[str, str], tuple[Any, str]] = {}

    def put(table: str, key: str, raw: Any, where: str, origin: str) -> None:
        t, k = _resolve(table, key, where)
        given[(t, k)] = (convert(t, k, raw, where), origin)

    if path is not None:
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"cannot read config {path}: {exc}") from exc
        for table, values in data.items():
            if table not in TABLES or not isinstance(values, dict):
                raise ConfigError(f"{path}: unknown table [{table}] (known: {', '.join(TABLES)})")
            for key, raw in values.items():
                put(table, key, raw, str(path), "file")
    for table in TABLES:
        prefix = f"{ENV_PREFIX}{table.upper()}_"
        for name in sorted(env):
            if name.startswith(prefix):
                put(table, name[len(prefix):].lower(), env[name], f"environment {name}", "env")
    for text in sets or []:
        table, key, raw = parse_assignment(text)
        put(table, key, raw, f"--set {text}", "flag")
    for table, values in (overrides or {}).items():
        for key, raw in values.items():
            if raw is not None:  # a flag the user did not give
                put(table, key, raw, "command line", "flag")
    return given


def _build(given: Mapping[tuple[str, str], tuple[Any, str]]) -> Config:
    tables = {table: cls(**{k: v for (t, k), (v, _) in given.items() if t == table}) for table, cls in TABLES.items()}
    return Config(**tables)


def load_config(path: str | Path | None = None, overrides: Mapping[str, Mapping[str, Any]] | None = None,
                sets: list[str] | None = None, env: Mapping[str, str] | None = None) -> Config:
    """Build the configuration: defaults < TOML file < environment < ``sets`` < ``overrides``.

    Args:
        path: optional TOML file, one table per stage (``[ingest]``, ``[summary]``, …).
        overrides: ``{"ingest": {"max_bytes": 10}}`` from specific CLI flags; ``None`` values are flags the
            user did not give. Old ``[analysis]`` keys (``words``, ``llm_url``…) are accepted.
        sets: ``table.field=value`` texts from ``--set``.
        env: the environment to read ``STORYLINE_<TABLE>_<FIELD>`` from (default: ``os.environ``).

    Returns:
        The merged :class:`Config`.

    Raises:
        ConfigError: unknown tables or keys, values of the wrong type, or an unreadable file.
    """
    return _build(_layers(path, overrides, sets, os.environ if env is None else env))


def effective_settings(path: str | Path | None = None, overrides: Mapping[str, Mapping[str, Any]] | None = None,
                       sets: list[str] | None = None, env: Mapping[str, str] | None = None) -> list[Setting]:
    """Every field of every table with its effective value and origin (arguments as :func:`load_config`)."""
    given = _layers(path, overrides, sets, os.environ if env is None else env)
    cfg = _build(given)
    return [Setting(table, key, getattr(getattr(cfg, table), key), given.get((table, key), (None, "default"))[1])
            for table in TABLES for key in table_fields(table)]


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return ("inf" if value > 0 else "-inf") if math.isinf(value) else "nan" if math.isnan(value) else repr(value)
    if isinstance(value, int):
        return str(value)
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def describe_config(path: str | Path | None = None, overrides: Mapping[str, Mapping[str, Any]] | None = None,
                    sets: list[str] | None = None, env: Mapping[str, str] | None = None,
                    as_json: bool = False) -> str:
    """The effective configuration as TOML (each value's origin as a comment) or as JSON.

    Unset optional values (``None``) have no TOML spelling and are shown as comments; a secret
    (``llm.api_key``) is never printed, only whether it is set. Arguments as :func:`load_config`.

    Returns:
        TOML that :func:`load_config` reads back to the same values, or a JSON object
        ``{"config": {table: {field: value}}, "origin": {table: {field: origin}}}``.
    """
    settings = effective_settings(path, overrides, sets, env)
    if as_json:
        doc: dict[str, dict[str, dict[str, Any]]] = {"config": {}, "origin": {}}
        for s in settings:
            hidden = (s.table, s.key) in SECRETS and s.value
            doc["config"].setdefault(s.table, {})[s.key] = "(hidden)" if hidden else s.value
            doc["origin"].setdefault(s.table, {})[s.key] = s.origin
        return json.dumps(doc, indent=2, ensure_ascii=False)
    lines = ["# storyline configuration: defaults < --config file < STORYLINE_<TABLE>_<FIELD> < flags",
             "# each value's origin is shown after it (default, file, env or flag)"]
    table = ""
    for s in settings:
        if s.table != table:
            table = s.table
            lines += ["", f"[{table}]"]
        if (s.table, s.key) in SECRETS and s.value:
            lines.append(f"# {s.key} = (hidden)  # {s.origin}")
        elif s.value is None:
            lines.append(f"# {s.key} = (unset)  # {s.origin}")
        else:
            lines.append(f"{s.key} = {_toml_value(s.value)}  # {s.origin}")
    return "\n".join(lines) + "\n"
