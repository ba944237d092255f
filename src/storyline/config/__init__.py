"""All stage configs in one place, and the one :class:`Config` that layers them.

Defaults < a TOML file < environment (``STORYLINE_<TABLE>_<FIELD>``) < command-line flags. Each stage's
config is a slotted, frozen dataclass whose defaults are written once, here; the stage modules re-export
them under their old names. Nothing in this package imports a stage module.
"""

from __future__ import annotations

from .analysis import AnalysisConfig, LLMConfig, SummaryConfig
from .load import Config, Setting, describe_config, effective_settings, load_config
from .stages import AlignConfig, DedupConfig, IngestConfig, StoryConfig

__all__ = [
    "AlignConfig", "AnalysisConfig", "Config", "DedupConfig", "IngestConfig", "LLMConfig", "Setting", "StoryConfig",
    "SummaryConfig", "describe_config", "effective_settings", "load_config",
]
