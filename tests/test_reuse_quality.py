"""Quality gates for the reuse classes (Clough & Stevenson) and sentence paraphrase (MRPC).

The shipped models were trained on these development files, so the evaluation functions switch to
cross-validation on them (leave-one-participant-out for Clough, stratified 10-fold for MRPC): the
floors below are CV numbers, pinned a little under what was measured (Clough 0.836 4-class / 0.964
binary, MRPC accuracy 0.789 / F1 0.850) and above the measured baselines (containment threshold 0.76
4-class; TF-IDF cosine 0.717 / 0.808, MiniLM cosine 0.733 / 0.819). The Clough binary floor is below
the containment baseline's 0.98: two of 55 answers are missed (one "cut" answer shares no text with
its source at all), one answer more than that baseline.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import DATASETS, REPO, need

from storyline import reuse_model
from storyline.errors import StorylineError
from storyline.eval.reuse import evaluate_paraphrase, evaluate_reuse

CLOUGH = DATASETS / "clough_text_reuse" / "pairs.jsonl"
MRPC = DATASETS / "mrpc_news_paraphrase" / "pairs.jsonl"


@pytest.mark.slow
def test_clough_reuse_levels_floor() -> None:
    result = evaluate_reuse(need(CLOUGH))
    assert result["mode"] == "cross-validation" and result["file_in_training_data"]
    assert result["accuracy_4class"] >= 0.80, result
    assert result["accuracy_binary"] >= 0.94, result
    assert sum(sum(row.values()) for row in result["confusion"].values()) == result["n"] == 55


@pytest.mark.slow
def test_mrpc_paraphrase_floor() -> None:
    result = evaluate_paraphrase(need(MRPC))
    assert result["mode"] == "cross-validation"
    assert result["accuracy"] >= 0.78, result
    assert result["f1"] >= 0.84, result


def test_shipped_model_on_new_files(tmp_path: Path) -> None:
    """Files outside the training data are scored with the shipped models (the held-out path)."""
    src = ("The harbour board of Port Ellery voted on Thursday to dredge the inner basin before the summer, after "
           "two fishing boats ran aground at low tide last month. The work will cost about 400,000 pounds and "
           "take six weeks, during which the fish market will move to the outer pier.")
    rows = [
        {"pair_id": "t1", "participant": "x", "label": "cut", "source_text": src, "answer_text": src},
        {"pair_id": "t2", "participant": "x", "label": "non", "source_text": src,
         "text": "Rowing crews from six towns raced for the coastal cup on Saturday in choppy water."},
    ]
    f = tmp_path / "reuse.jsonl"
    f.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    result = evaluate_reuse(f)
    assert result["mode"] == "shipped-model" and result["accuracy_4class"] == 1.0

    pairs = [{"pair_id": "p1", "label": 1, "sentence1": "The board voted to dredge the basin before summer.",
              "sentence2": "Before the summer, the basin will be dredged, the board decided."},
             {"pair_id": "p2", "label": 0, "sentence1": "The board voted to dredge the basin before summer.",
              "sentence2": "Six rowing crews raced in choppy water on Saturday."}]
    g = tmp_path / "para.jsonl"
    g.write_text("\n".join(json.dumps(r) for r in pairs), encoding="utf-8")
    result = evaluate_paraphrase(g)
    assert result["mode"] == "shipped-model" and result["accuracy"] == 1.0


def test_bad_eval_input(tmp_path: Path) -> None:
    f = tmp_path / "bad.jsonl"
    f.write_text('{"source_text": "a", "answer_text": "b", "label": "maybe"}\n', encoding="utf-8")
    with pytest.raises(StorylineError):
        evaluate_reuse(f)
    with pytest.raises(StorylineError):
        evaluate_paraphrase(tmp_path / "missing.jsonl")


def test_models_are_small_literals() -> None:
    path = REPO / "src" / "storyline" / "reuse_model.py"
    assert path.stat().st_size <= 50_000
    assert reuse_model.REUSE["binary"]["features"] and reuse_model.PARAPHRASE["coef"]
