"""Fitted weights of the reuse-level and paraphrase models, loaded from ``weights.json``.

``weights.json`` is written by :func:`storyline.eval.reuse.train_models` (do not edit it by hand):

* ``REUSE``: multinomial logistic regression over :func:`storyline.align.kinds.pair_features`
  (standardised), trained on the Clough & Stevenson dev split.
* ``PARAPHRASE``: logistic regression over :func:`storyline.align.paraphrase.sentence_features`,
  trained on the MRPC dev split (official train), with its word and pair tables.
* ``PARAPHRASE_EMBED``: the same features followed by the all-MiniLM-L6-v2 embedding features; used
  when the ``[embed]`` extra is installed. It shares the lexical model's tables and training ids.

``trained_on`` holds short hashes of the training pair ids so evaluation can refuse to test on
training data.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

WEIGHTS_FILE = "weights.json"


def load(path: str | Path | None = None) -> dict[str, dict[str, Any]]:
    """The three models from ``path`` (default: the packaged ``weights.json``)."""
    if path is None:
        text = resources.files(__package__).joinpath(WEIGHTS_FILE).read_text(encoding="utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    data: dict[str, dict[str, Any]] = json.loads(text)
    para = data["PARAPHRASE"]
    data["PARAPHRASE_EMBED"] = data["PARAPHRASE_EMBED"] | {k: para[k] for k in ("words", "pairs", "trained_on")}
    return data


def save(models: dict[str, dict[str, Any]], path: str | Path | None = None) -> Path:
    """Write ``models`` (``REUSE``, ``PARAPHRASE``, ``PARAPHRASE_EMBED``) as JSON; the shared tables once."""
    target = Path(path) if path else Path(__file__).with_name(WEIGHTS_FILE)
    shared = ("words", "pairs", "trained_on")
    out = dict(models)
    if "PARAPHRASE_EMBED" in out:
        out["PARAPHRASE_EMBED"] = {k: v for k, v in out["PARAPHRASE_EMBED"].items() if k not in shared}
    target.write_text(json.dumps(out, separators=(",", ":")) + "\n", encoding="utf-8")
    return target


_MODELS = load()
REUSE: dict[str, Any] = _MODELS["REUSE"]
PARAPHRASE: dict[str, Any] = _MODELS["PARAPHRASE"]
PARAPHRASE_EMBED: dict[str, Any] = _MODELS["PARAPHRASE_EMBED"]
