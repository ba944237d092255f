"""The same-event judgement: a small logistic model, fitted weights shipped as a data file.

``P(same event) = sigmoid(b + sum_i w_i x_i)`` over a handful of features of an article against a
story's core (see :meth:`StoryModel.features`). The weights, the feature list and the joining
threshold live in ``model.json`` next to this module (loaded with :mod:`importlib.resources`),
written by ``benchmarks/stories_fit.py``, which fits them on examples from several datasets and picks
the threshold leave-one-dataset-out.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

__all__ = ["FEATURES", "StoryModel", "load_model"]

#: Every feature the model may use, by name (the weights file lists the ones it uses, in order).
FEATURES = ("cos", "cos_long", "title", "names", "length", "gap", "undated", "crowd", "cos_crowd", "margin",
            "margin_long")


@dataclass(slots=True)
class StoryModel:
    """Logistic same-event model: feature names, weights, intercept and the joining threshold."""

    features_used: list[str]
    coef: list[float]
    intercept: float
    threshold: float = 0.5
    info: dict[str, Any] = field(default_factory=dict)
    #: Base rate of same-event pairs among the fitting examples (each dataset weighing the same), the
    #: prior the probabilities are calibrated to; ``None`` for a model without one (no prior shift).
    prior: float | None = None

    def features(self, cos: float, title: float, names: int, length: float, gap: float | None,
                 crowd: float, rival: float = 0.0) -> list[float]:
        """The model's feature vector.

        Args:
            cos: mean TF-IDF cosine to the core members.
            title: mean title cosine to the core members.
            names: rare names shared with at least half the core.
            length: how much text the shorter side has (0: a headline, 1: 64+ distinct words).
            gap: days between the article and the story's date range (``None``: unknown).
            crowd: stories opened in the last ``crowd_days`` (a dense news window needs more evidence).
            rival: the best cosine of the same article to any *other* candidate story (the local
                background: in a dense stream of one topic unrelated stories score high too).
        """
        crowd_x = math.log1p(crowd / 25.0)
        every = {
            "cos": cos,
            "cos_long": cos * length,
            "title": title,
            "names": min(names, 3) / 3.0,
            "length": length,
            "gap": math.log2(1.0 + gap) if gap is not None else 0.0,
            "undated": 1.0 if gap is None else 0.0,
            "crowd": crowd_x,
            "cos_crowd": cos * crowd_x,
            "margin": cos - rival,
            "margin_long": (cos - rival) * length,
        }
        return [every[n] for n in self.features_used]

    def logit(self, x: list[float]) -> float:
        """The linear score ``b + w . x``."""
        return self.intercept + math.fsum(w * v for w, v in zip(self.coef, x, strict=True))

    def probability(self, x: list[float], shift: float = 0.0) -> float:
        """``P(same event)`` for a feature vector from :meth:`features`; ``shift`` moves the logit to
        another base rate (:mod:`storyline.stories.prior`)."""
        z = self.logit(x) + shift
        return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0

    def to_dict(self) -> dict[str, Any]:
        """The weights file's content."""
        out: dict[str, Any] = {"features": self.features_used, "coef": self.coef, "intercept": self.intercept,
                               "threshold": self.threshold}
        if self.prior is not None:
            out["prior"] = self.prior
        out["info"] = self.info
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> StoryModel:
        """Rebuild from :meth:`to_dict` output."""
        unknown = [n for n in data["features"] if n not in FEATURES]
        if unknown or len(data["features"]) != len(data["coef"]):
            raise ValueError(f"bad story model: unknown features {unknown} or weight count mismatch")
        return cls(list(data["features"]), [float(c) for c in data["coef"]], float(data["intercept"]),
                   float(data.get("threshold", 0.5)), dict(data.get("info", {})),
                   float(data["prior"]) if data.get("prior") is not None else None)


def load_model(path: str | Path | None = None) -> StoryModel:
    """The model in ``path``, or the packaged ``model.json`` when ``path`` is ``None``."""
    if path is None:
        text = resources.files(__package__).joinpath("model.json").read_text(encoding="utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    return StoryModel.from_dict(json.loads(text))
