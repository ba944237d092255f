"""Quality gates for the reuse classes (Clough & Stevenson) and sentence paraphrase (MRPC), and the
issue's "done means" on the seed articles, read from a real ``storyline run`` report.

The shipped models were trained on these development files, so the evaluation functions switch to
cross-validation on them (leave-one-participant-out for Clough, with each stage's C chosen by an inner
leave-one-participant-out CV; stratified 10-fold for MRPC): the floors below are CV numbers, pinned a
little under what was measured (Clough 0.8545 4-class / 0.9818 binary, MRPC accuracy 0.7892 / F1
0.8497) and above the measured baselines (containment threshold 0.76 4-class / 0.98 binary; TF-IDF
cosine 0.717 / 0.808, MiniLM cosine 0.733 / 0.819). The lexical+embedding paraphrase model (used when
the [embed] extra is installed) has its own floor in test_embed.py. The one Clough binary miss left is a "cut" answer
copied from a part of the Wikipedia article that is not in its source text (it shares no passage
with the source at all).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import DATASETS, REPO, SEEDS, need, write_paraphrase_pairs

from storyline.align import weights as reuse_model
from storyline.errors import StorylineError
from storyline.eval.reuse import evaluate_paraphrase, evaluate_reuse

CLOUGH = DATASETS / "clough_text_reuse" / "pairs.jsonl"
MRPC = DATASETS / "mrpc_news_paraphrase" / "pairs.jsonl"


@pytest.mark.slow
def test_clough_reuse_levels_floor() -> None:
    result = evaluate_reuse(need(CLOUGH))
    assert result["mode"] == "cross-validation" and result["file_in_training_data"]
    assert result["accuracy_4class"] >= 0.85, result
    assert result["accuracy_binary"] >= 0.98, result
    assert sum(sum(row.values()) for row in result["confusion"].values()) == result["n"] == 55


@pytest.mark.slow
def test_mrpc_paraphrase_floor() -> None:
    result = evaluate_paraphrase(need(MRPC), encoder=False)  # the lexical model (no [embed] extra needed)
    assert result["mode"] == "cross-validation" and result["encoder"] is None
    assert result["accuracy"] >= 0.785, result
    assert result["f1"] >= 0.845, result


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

    g = write_paraphrase_pairs(tmp_path)
    result = evaluate_paraphrase(g)
    assert result["mode"] == "shipped-model" and result["accuracy"] == 1.0


def test_bad_eval_input(tmp_path: Path) -> None:
    f = tmp_path / "bad.jsonl"
    f.write_text('{"source_text": "a", "answer_text": "b", "label": "maybe"}\n', encoding="utf-8")
    with pytest.raises(StorylineError):
        evaluate_reuse(f)
    with pytest.raises(StorylineError):
        evaluate_paraphrase(tmp_path / "missing.jsonl")


def test_models_are_small_data_files() -> None:
    path = REPO / "src" / "storyline" / "align" / "weights.json"
    assert path.stat().st_size <= 50_000
    assert reuse_model.REUSE["binary"]["features"] and reuse_model.PARAPHRASE["coef"]


# --- the seeds through `storyline run` (report.json is what users and tools read) -------------------

@pytest.fixture(scope="module")
def seed_report(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], dict[str, str], dict[str, str]]:
    from typer.testing import CliRunner

    from storyline.cli import app

    need(SEEDS)
    tmp = tmp_path_factory.mktemp("seeds")
    out = tmp / "out"
    result = CliRunner().invoke(app, ["run", str(SEEDS), "--out", str(out), "--db", str(tmp / "s.db"), "-q"])
    assert result.exit_code == 0, result.output
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    ids = {Path(a["source"]).name[:3]: a["id"] for a in report["articles"]}
    texts = {ids[p.name[:3]]: p.read_text(encoding="utf-8") for p in SEEDS.iterdir() if p.name[:3] in ids}
    assert len(report["stories"]) == 1
    return report["stories"][0], ids, texts


def test_seed_report_004_derives_from_002_with_passages(seed_report) -> None:
    story, ids, _ = seed_report
    edges = [(r["source"], r["target"]) for r in story["reuse"]]
    assert edges == [(ids["002"], ids["004"])], edges
    rec = story["reuse"][0]
    assert rec["kind"] in {"rewrite", "paraphrase"}
    assert any("credits People" in r for r in rec["direction"]["reasons"]), rec["direction"]
    # Rewritten sentences are passages (outside quotation marks), with spans in both articles.
    assert rec["passages"] and any(p["kind"] in {"rewrite", "paraphrase"} for p in rec["passages"])
    for p in rec["passages"]:
        assert p["source_span"][1] > p["source_span"][0] and p["target_span"][1] > p["target_span"][0]
    assert story["provenance"]["original"] == ids["002"]
    assert story["provenance"]["groups"][ids["004"]] == ids["002"]


def test_seed_report_letter_quotes_are_shared_quotations_not_copying(seed_report) -> None:
    story, ids, texts = seed_report
    # The crew letter is quoted by every outlet: one quotation, many articles ...
    widely = [q for q in story["quotes"] if len({a for v in q["variants"] for a in v["articles"]}) >= 4]
    assert any("chaotic, dangerous" in v["text"] for q in widely for v in q["variants"]), story["quotes"]
    # ... which links no pair of them (only the credited rewrite 002 → 004 is a reuse edge) ...
    linked = {frozenset((r["source"], r["target"])) for r in story["reuse"]}
    assert linked == {frozenset((ids["002"], ids["004"]))}
    # ... and inside that edge, the quoted letter is a shared quotation, kept apart from the passages.
    rec = story["reuse"][0]
    quoted = [texts[ids["004"]][slice(*q["target_span"])] for q in rec["shared_quotations"]]
    assert any("Losing her hurt every single one of us" in q for q in quoted), quoted
    reused = [texts[ids["004"]][slice(*p["target_span"])] for p in rec["passages"]]
    assert not any("Losing her hurt" in t for t in reused)


def test_seed_report_001_is_spun(seed_report) -> None:
    story, ids, _ = seed_report
    spun = story["provenance"]["spun"]
    assert list(spun) == [ids["001"]], spun
    assert any("brilliant" in e or "exploitative and exploitative" in e for e in spun[ids["001"]])
