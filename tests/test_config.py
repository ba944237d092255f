"""Configuration layering: defaults < TOML < environment < command line, with clear errors."""

from __future__ import annotations

import pytest

from storyline.config import load_config
from storyline.errors import ConfigError


def test_layers_in_order(tmp_path, monkeypatch) -> None:
    toml = tmp_path / "s.toml"
    toml.write_text('[ingest]\nmax_bytes = 1000\n[analysis]\nwords = 90\nllm_model = "from-file"\n')
    assert load_config().analysis.words == 150
    cfg = load_config(toml)
    assert (cfg.ingest.max_bytes, cfg.analysis.words, cfg.analysis.llm_model) == (1000, 90, "from-file")
    monkeypatch.setenv("STORYLINE_ANALYSIS_WORDS", "80")
    monkeypatch.setenv("STORYLINE_INGEST_MAX_BYTES", "2000")
    cfg = load_config(toml)
    assert (cfg.ingest.max_bytes, cfg.analysis.words) == (2000, 80)
    cfg = load_config(toml, {"analysis": {"words": 70, "llm_url": None}, "ingest": {"max_bytes": None}})
    assert (cfg.ingest.max_bytes, cfg.analysis.words, cfg.analysis.llm_url) == (2000, 70, "")


@pytest.mark.parametrize("text, message", [
    ("[analysis]\nwords = 'many'\n", "expects int"),
    ("[analysis]\ncolour = 'red'\n", "unknown option 'colour'"),
    ("[sumary]\nwords = 3\n", r"unknown table \[sumary\]"),
    ("[analysis\n", "cannot read config"),
])
def test_bad_files_name_the_problem(tmp_path, text: str, message: str) -> None:
    toml = tmp_path / "bad.toml"
    toml.write_text(text)
    with pytest.raises(ConfigError, match=message):
        load_config(toml)
