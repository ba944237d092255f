"""Configuration: one table per stage, layered defaults < TOML < environment < flags, with clear errors."""

from __future__ import annotations

import ast
import json
import tomllib
from collections import Counter
from dataclasses import MISSING, fields
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyline.cli import app
from storyline.config import AnalysisConfig, Config, LLMConfig, SummaryConfig, describe_config, load_config
from storyline.config.load import TABLES, table_fields
from storyline.errors import ConfigError

SRC = Path(__file__).resolve().parents[1] / "src" / "storyline"

#: One field of every table with a file, an environment and a flag value (all different from the default).
LAYERS = [
    ("ingest", "min_chars", 10, "20", "30"),
    ("dedup", "seed", 2, "3", "4"),
    ("stories", "core_size", 5, "6", "7"),
    ("align", "max_gap", 8, "9", "10"),
    ("summary", "words", 90, "80", "70"),
    ("analysis", "max_articles", 40, "50", "60"),
    ("llm", "model", "from-file", "from-env", "from-flag"),
]


def _toml(tmp_path: Path, text: str, name: str = "storyline.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _value(table: str, key: str, raw: str) -> object:
    return raw if table == "llm" else int(raw)


@pytest.mark.parametrize("table, key, in_file, in_env, in_flag", LAYERS)
def test_every_table_layers_defaults_file_env_flags(tmp_path, table, key, in_file, in_env, in_flag) -> None:
    default = getattr(getattr(Config(), table), key)
    toml = _toml(tmp_path, f"[{table}]\n{key} = {json.dumps(in_file)}\n")
    env = {f"STORYLINE_{table.upper()}_{key.upper()}": in_env}
    assert getattr(getattr(load_config(env={}), table), key) == default
    assert getattr(getattr(load_config(toml, env={}), table), key) == in_file
    assert getattr(getattr(load_config(toml, env=env), table), key) == _value(table, key, in_env)
    by_set = load_config(toml, sets=[f"{table}.{key}={in_flag}"], env=env)
    assert getattr(getattr(by_set, table), key) == _value(table, key, in_flag)
    by_override = load_config(toml, {table: {key: _value(table, key, in_flag)}}, env=env)
    assert getattr(getattr(by_override, table), key) == _value(table, key, in_flag)


def test_process_environment_is_read(monkeypatch) -> None:
    monkeypatch.setenv("STORYLINE_INGEST_MAX_BYTES", "2000")
    monkeypatch.setenv("STORYLINE_ALIGN_PARAPHRASE", "off")
    cfg = load_config()
    assert (cfg.ingest.max_bytes, cfg.align.paraphrase) == (2000, False)


def test_old_analysis_keys_still_work(tmp_path) -> None:
    """``[analysis] words/llm_*`` (file, env, flags) land in ``[summary]`` and ``[llm]``."""
    toml = _toml(tmp_path, '[ingest]\nmax_bytes = 1000\n[analysis]\nwords = 90\nllm_model = "from-file"\n')
    cfg = load_config(toml, env={})
    assert (cfg.ingest.max_bytes, cfg.summary.words, cfg.llm.model) == (1000, 90, "from-file")
    cfg = load_config(toml, env={"STORYLINE_ANALYSIS_WORDS": "80", "STORYLINE_ANALYSIS_LLM_API_KEY": "k"})
    assert (cfg.summary.words, cfg.analysis.words, cfg.llm.api_key) == (80, 80, "k")
    cfg = load_config(toml, {"analysis": {"words": 70, "llm_url": None}, "ingest": {"max_bytes": None}}, env={})
    assert (cfg.ingest.max_bytes, cfg.analysis.words, cfg.analysis.llm_url) == (1000, 70, "")
    cfg = load_config(overrides={"analysis": {"llm_url": "http://h", "llm_timeout": 5}}, env={})
    assert (cfg.analysis.llm_url, cfg.analysis.llm_model, cfg.analysis.llm_timeout) == ("http://h", "", 5.0)


def test_analysis_config_carries_the_stage_tables() -> None:
    cfg = load_config(sets=["summary.words=60", "align.max_partners=3", "analysis.workers=4",
                            "llm.base_url=http://127.0.0.1:9", "llm.max_tokens=99"], env={})
    acfg = cfg.analysis_config()
    assert (acfg.words, acfg.summary.words, acfg.align.max_partners) == (60, 60, 3)
    assert acfg.llm == LLMConfig(base_url="http://127.0.0.1:9", max_tokens=99)
    # workers spreads stories over processes; it must not change what (or how) a story is analysed.
    assert cfg.analysis.workers == 4 and acfg.workers == AnalysisConfig().workers
    assert load_config(env={}).analysis_config().llm is None  # no endpoint: the extractive summary
    assert AnalysisConfig(words=40).summary.words == 40
    assert AnalysisConfig(summary=SummaryConfig(words=33)).words == 33


@pytest.mark.parametrize("text, message", [
    ("[analysis]\nwords = 'many'\n", r"option 'summary\.words' expects int, got 'many'"),
    ("[summary]\nfill = 1\n", r"option 'summary\.fill' expects bool"),
    ("[stories]\ncore_size = 2.5\n", r"option 'stories\.core_size' expects int"),
    ("[llm]\nmodel = 3\n", r"option 'llm\.model' expects str"),
    ("[analysis]\ncolour = 'red'\n", r"unknown option 'analysis\.colour'"),
    ("[sumary]\nwords = 3\n", r"unknown table \[sumary\]"),
    ("words = 3\n", r"unknown table \[words\]"),
    ("[analysis\n", "cannot read config"),
    ("[dedup]\nnum_perm = 100\n", "multiple of num_bands"),
])
def test_bad_files_name_the_problem(tmp_path, text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_config(_toml(tmp_path, text), env={})


@pytest.mark.parametrize("env, sets, message", [
    ({"STORYLINE_ALIGN_PARAPHRASE": "maybe"}, [], r"STORYLINE_ALIGN_PARAPHRASE: option 'align\.paraphrase' "
                                                    r"expects bool"),
    ({"STORYLINE_SUMMARY_WORD": "3"}, [], r"unknown option 'summary\.word'"),
    ({}, ["summary.words"], "expected TABLE.FIELD=VALUE"),
    ({}, ["words=3"], "expected TABLE.FIELD=VALUE"),
    ({}, ["summary.length_ratio=half"], r"option 'summary\.length_ratio' expects float or none"),
    ({}, ["web.port=80"], r"unknown table \[web\]"),
])
def test_bad_env_and_flags_name_the_key(env, sets, message) -> None:
    with pytest.raises(ConfigError, match=message):
        load_config(sets=sets, env=env)


def test_text_values_convert_to_the_field_type() -> None:
    cfg = load_config(sets=["stories.join_probability=0.3", "summary.length_ratio=none", "summary.truncate=yes",
                            "dedup.jaccard_threshold=1", "llm.model= spaced "], env={})
    assert cfg.stories.join_probability == 0.3 and cfg.summary.length_ratio is None
    assert cfg.summary.truncate is True and cfg.dedup.jaccard_threshold == 1.0
    assert cfg.llm.model == " spaced "  # strings are taken as given


def _changed_everywhere(tmp_path: Path) -> tuple[Path, dict[str, str], list[str]]:
    toml = _toml(tmp_path, '[summary]\nwords = 90\n[llm]\nmodel = "a \\"quoted\\" ñame"\n')
    env = {"STORYLINE_DEDUP_SEED": "7", "STORYLINE_LLM_API_KEY": "secret"}
    return toml, env, ["stories.join_probability=0.25", "align.paraphrase=false", "summary.long_words=40"]


def test_describe_config_reads_back_to_the_same_values(tmp_path) -> None:
    toml, env, sets = _changed_everywhere(tmp_path)
    cfg = load_config(toml, sets=sets, env=env)
    text = describe_config(toml, sets=sets, env=env)
    parsed = tomllib.loads(text)
    assert list(parsed) == list(TABLES)
    assert "secret" not in text  # the API key is never printed
    again = load_config(_toml(tmp_path, text, "described.toml"), env={"STORYLINE_LLM_API_KEY": "secret"})
    assert again == cfg
    assert "words = 90  # file" in text and "seed = 7  # env" in text
    assert "join_probability = 0.25  # flag" in text and "min_chars = 40  # default" in text
    assert "# api_key = (hidden)  # env" in text and "# paraphrase_threshold = (unset)  # default" in text


def test_describe_config_json_has_values_and_origins(tmp_path) -> None:
    toml, env, sets = _changed_everywhere(tmp_path)
    doc = json.loads(describe_config(toml, sets=sets, env=env, as_json=True))
    cfg = load_config(toml, sets=sets, env=env)
    for table in TABLES:
        for key in table_fields(table):
            if (table, key) != ("llm", "api_key"):
                assert doc["config"][table][key] == getattr(getattr(cfg, table), key), (table, key)
    assert doc["config"]["llm"]["api_key"] == "(hidden)"
    assert doc["origin"]["summary"] == {**{k: "default" for k in table_fields("summary")}, "words": "file",
                                        "long_words": "flag"}
    assert doc["origin"]["dedup"]["seed"] == "env"


def test_config_command_prints_parseable_toml(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("STORYLINE_STORIES_CORE_SIZE", "5")
    toml = _toml(tmp_path, "[ingest]\nmin_chars = 12\n")
    result = CliRunner().invoke(app, ["config", "--config", str(toml), "--set", "align.max_gap=4", "--words", "77"])
    assert result.exit_code == 0, result.output
    parsed = tomllib.loads(result.output)
    assert (parsed["ingest"]["min_chars"], parsed["stories"]["core_size"], parsed["align"]["max_gap"],
            parsed["summary"]["words"]) == (12, 5, 4, 77)
    assert "max_gap = 4  # flag" in result.output and "core_size = 5  # env" in result.output
    result = CliRunner().invoke(app, ["config", "--json"])
    assert json.loads(result.output)["origin"]["stories"]["core_size"] == "env"


def _literal_defaults(tree: ast.AST) -> list[tuple[str, object]]:
    """``(name, value)`` of every literal default in a module: class fields and function arguments."""
    found: list[tuple[str, object]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            for stmt in node.body:
                if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.value is not None:
                    found += [(stmt.target.id, v) for v in _constants(stmt.value)]
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            args = node.args
            positional = [*args.posonlyargs, *args.args]
            pairs = list(zip(positional[len(positional) - len(args.defaults):], args.defaults, strict=True))
            pairs += [(a, d) for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True) if d is not None]
            found += [(a.arg, v) for a, d in pairs for v in _constants(d)]
    return found


def _constants(node: ast.expr) -> list[object]:
    if isinstance(node, ast.Constant):
        return [node.value]
    if isinstance(node, ast.Call):  # field(default=…)
        return [kw.value.value for kw in node.keywords if kw.arg == "default" and isinstance(kw.value, ast.Constant)]
    return []


def test_every_config_default_is_written_once() -> None:
    """No module repeats a config default as a field or argument of the same name (``words: int = 150``)."""
    expected: Counter[tuple[str, object]] = Counter()
    for cls in TABLES.values():
        for f in fields(cls):
            if f.default is not MISSING and f.default is not None and not isinstance(f.default, bool):
                expected[(f.name, f.default)] += 1  # e.g. ``model = ""`` is both a stories and an llm field
    assert expected[("words", 150)] == 1  # the summary budget that used to be written six times
    in_config: Counter[tuple[str, object]] = Counter()
    elsewhere: dict[tuple[str, object], list[str]] = {}
    for path in sorted(SRC.rglob("*.py")):
        where = str(path.relative_to(SRC))
        for name, value in _literal_defaults(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(value, bool) or (name, value) not in expected:
                continue
            if where.startswith("config"):
                in_config[(name, value)] += 1
            else:
                elsewhere.setdefault((name, value), []).append(where)
    assert not elsewhere, f"config defaults repeated outside storyline.config: {elsewhere}"
    assert in_config == expected
