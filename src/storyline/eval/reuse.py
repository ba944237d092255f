"""Evaluation (and training) of the reuse classifier and the sentence paraphrase model.

* :func:`evaluate_reuse` — graded text reuse in the Clough & Stevenson format (``source_text``,
  ``answer_text`` or ``text``, ``label`` in cut/light/heavy/non). The pair is run through
  :func:`storyline.align.align_pair`; its kind maps to a label (copy/duplicate → cut, rewrite/spin →
  light, paraphrase → heavy, anything else → non).
* :func:`evaluate_paraphrase` — sentence pairs in the MRPC format (``sentence1``, ``sentence2``,
  ``label``), scored with :func:`storyline.paraphrase.paraphrase_probability`.

Both models are small logistic regressions trained on the *development* files. Evaluating the shipped
model on the file it was trained on would be train-on-test, so when a file overlaps the training data
(recognised by the pair ids stored with the model) the functions report **cross-validation** instead:
grouped by participant (leave-one-participant-out) for Clough — the held-out split is by participant —
and stratified 10-fold for MRPC. Everything that is learnt is learnt inside each training fold: for
Clough the regularisation of each stage is itself picked by an inner leave-one-participant-out CV
(lowest log-loss) on the training participants only, the same procedure :func:`train_models` uses on
the whole file; for MRPC the word tables are rebuilt per fold. :func:`train_models` refits both and
rewrites ``storyline/align/weights.json`` (reproducibly: no result depends on string hashing).

With the ``[embed]`` extra the paraphrase evaluation uses (and reports, as ``encoder``) the
lexical+embedding model: the same features plus :func:`storyline.paraphrase.embedding_features`, fit the
same way inside the same folds. :func:`train_paraphrase_embed` refits that model alone
(``python -m storyline.eval.reuse --embed-only MRPC_DEV.jsonl``); ``encoder=False`` (or
``STORYLINE_EMBED=0``) evaluates the lexical model.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import StorylineError
from .progress import progress

__all__ = ["evaluate_paraphrase", "evaluate_reuse", "reuse_pair_features", "train_models", "train_paraphrase_embed"]

LABELS = ("non", "heavy", "light", "cut")
_KIND_TO_LABEL = {"duplicate": "cut", "copy": "cut", "rewrite": "light", "spin": "light", "paraphrase": "heavy"}
_LABEL_TO_LEVEL = {"non": "none", "heavy": "paraphrase", "light": "rewrite", "cut": "copy"}


def _rows(path: str | Path) -> Iterator[dict[str, Any]]:
    p = Path(path)
    if not p.exists():
        raise StorylineError(f"eval: no such file: {p}")
    with p.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as exc:
                    raise StorylineError(f"eval: {p}:{n} is not JSON ({exc.msg})") from exc


def _field(row: dict[str, Any], *names: str) -> Any:
    for n in names:
        if n in row and row[n] is not None:
            return row[n]
    raise StorylineError(f"eval: a record lacks field {' / '.join(names)!r}")


def _fingerprint(ids: Sequence[str], keep: int | None = None) -> list[str]:
    """Short hashes of pair ids, sorted; ``keep`` retains the smallest (a bottom-k sketch of the set)."""
    hashes = sorted(hashlib.sha256(i.encode()).hexdigest()[:10] for i in ids)
    return hashes[:keep] if keep else hashes


def _pair_id(row: dict[str, Any], k: int) -> str:
    return str(row.get("pair_id") or row.get("id") or k)


def _clough_config() -> Any:
    from ..align.passages import AlignConfig

    # Clough answers are single-source exercises on one topic, with no outlets, credits or shared
    # event facts: the news link rules (minimum reused words, credit for paraphrase) are switched
    # off, so the evaluation measures the aligner and the reuse-level model themselves.
    return AlignConfig(link_min_words=0, link_min_share=0.0, uncredited_paraphrase_share=0.0)


def reuse_pair_features(source_text: str, answer_text: str) -> tuple[list[float], str, Any]:
    """Align ``answer_text`` against ``source_text``: level features, predicted kind and the evidence."""
    from ..align.kinds import classify_pair, prepare
    from ..align.passages import _passages  # local: keeps eval imports light
    from ..model import Article

    cfg = _clough_config()
    src = Article(id="source", source="source", text=source_text)
    ans = Article(id="answer", source="answer", text=answer_text)
    pa, pb = prepare(src, cfg.seed_n), prepare(ans, cfg.seed_n)
    reuse, quotes = _passages(pa, pb, cfg)
    ev = classify_pair(pa, pb, reuse, quotes, cfg, None, False)
    return ev.features, ev.kind, ev


def _confusion(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]) -> dict[str, dict[str, int]]:
    m = {g: dict.fromkeys(labels, 0) for g in labels}
    for g, p in zip(gold, pred, strict=True):
        m[g][p] += 1
    return m


def _clough_data(path: str | Path) -> tuple[list[list[float]], list[str], list[Any], list[str], list[str]]:
    feats: list[list[float]] = []
    gold: list[str] = []
    kinds: list[Any] = []
    groups: list[str] = []
    ids: list[str] = []
    for k, row in enumerate(progress(list(_rows(path)), "eval reuse: pairs")):
        label = str(_field(row, "label")).strip().lower()
        if label not in LABELS:
            raise StorylineError(f"eval reuse: label {label!r} is not one of {', '.join(LABELS)}")
        f, _, ev = reuse_pair_features(str(_field(row, "source_text")), str(_field(row, "answer_text", "text")))
        feats.append(f)
        gold.append(label)
        kinds.append(ev)
        groups.append(str(row.get("participant") or k))
        ids.append(_pair_id(row, k))
    return feats, gold, kinds, groups, ids


#: Feature columns (of ``reuse_classes.pair_features``) of the two stages of the level model.
#: Reuse-or-not reads the sentence-level means and the ordered content overlap, not raw word
#: containment: independent answers on one topic share its vocabulary, but not in the source's order.
#: The level stage adds the share of words in verbatim 8-word runs (copy-paste against light revision).
BINARY_FEATURES = [0, 3, 12]
LEVEL_FEATURES = [0, 1, 2, 6, 7, 8, 9, 13]


#: Regularisation strengths tried for each stage; the one with the lowest inner-CV log-loss is kept.
C_GRID = (0.3, 1.0, 3.0, 10.0)


def _lr(c: float) -> Any:
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    return make_pipeline(StandardScaler(), LogisticRegression(C=c, max_iter=1000, solver="newton-cholesky"))


def _choose_c(x: list[list[float]], y: list[Any], groups: Sequence[str]) -> float:
    """``C`` from :data:`C_GRID` with the lowest leave-one-group-out log-loss on ``x`` (nested CV).

    Only the training rows are seen, so the choice is part of the fit and the outer CV stays honest.
    A group whose held-out rows hold a class the other groups lack is skipped.
    """
    from sklearn.metrics import log_loss

    names = sorted(set(groups))
    if len(names) < 3:
        return 3.0
    best: tuple[float, float] | None = None
    for c in C_GRID:
        losses: list[float] = []
        for g in names:
            tr = [k for k, gr in enumerate(groups) if gr != g]
            te = [k for k, gr in enumerate(groups) if gr == g]
            if not te or not {y[k] for k in te} <= {y[k] for k in tr} or len({y[k] for k in tr}) < 2:
                continue
            m = _lr(c).fit([x[k] for k in tr], [y[k] for k in tr])
            proba = m.predict_proba([x[k] for k in te])
            losses.append(log_loss([y[k] for k in te], proba, labels=list(m.classes_)) * len(te))
        score = sum(losses)
        if best is None or score < best[0] - 1e-9:
            best = (score, c)
    return best[1] if best else 3.0


class _Hierarchical:
    """Reuse-or-not, then paraphrase/rewrite/copy among reuse: two small logistic regressions."""

    def __init__(self, c: float | None = None) -> None:
        self.c = c
        self.c_binary = self.c_level = c or 3.0
        self.binary: Any = None
        self.level: Any = None

    def fit(self, x: list[list[float]], y: list[str], groups: Sequence[str] | None = None) -> _Hierarchical:
        """Fit both stages; with ``groups`` and no fixed ``c``, each stage's ``C`` comes from nested CV."""
        xb = [[r[i] for i in BINARY_FEATURES] for r in x]
        yb = [int(lab != "non") for lab in y]
        reuse = [k for k, lab in enumerate(y) if lab != "non"]
        xl = [[x[k][i] for i in LEVEL_FEATURES] for k in reuse]
        yl = [y[k] for k in reuse]
        if self.c is None and groups is not None:
            self.c_binary = _choose_c(xb, yb, groups)
            self.c_level = _choose_c(xl, yl, [groups[k] for k in reuse])
        self.binary = _lr(self.c_binary).fit(xb, yb)
        self.level = _lr(self.c_level).fit(xl, yl)
        return self

    def predict(self, x: list[list[float]]) -> list[str]:
        is_reuse = self.binary.predict([[r[i] for i in BINARY_FEATURES] for r in x])
        level = self.level.predict([[r[i] for i in LEVEL_FEATURES] for r in x])
        return [str(lv) if r else "non" for r, lv in zip(is_reuse, level, strict=True)]


def _fit_reuse(x: list[list[float]], y: list[str], groups: Sequence[str] | None = None) -> _Hierarchical:
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1):  # BLAS threads only slow a fit this small down (tenfold here)
        return _Hierarchical().fit(x, y, groups)


def _accuracy_block(gold: list[str], pred: list[str]) -> dict[str, Any]:
    n = max(1, len(gold))
    acc4 = sum(g == p for g, p in zip(gold, pred, strict=True)) / n
    acc2 = sum((g == "non") == (p == "non") for g, p in zip(gold, pred, strict=True)) / n
    return {"accuracy_4class": round(acc4, 4), "accuracy_binary": round(acc2, 4),
            "confusion": _confusion(gold, pred, LABELS), "labels": list(LABELS)}


def evaluate_reuse(path: str | Path, cv: bool | None = None) -> dict[str, Any]:
    """Accuracy of the reuse classes on a Clough-format JSONL file.

    Args:
        path: JSONL with ``source_text``, ``answer_text`` (or ``text``) and ``label``.
        cv: ``True`` forces leave-one-participant-out cross-validation (a model is refit on the other
            participants for each fold), ``False`` forces the shipped model; by default CV is used
            exactly when the file overlaps the model's training data.

    Returns:
        ``accuracy_4class``, ``accuracy_binary`` (reuse vs non), ``confusion`` (gold → predicted),
        ``n``, ``mode`` and a short ``method`` note.
    """
    from ..align import weights as reuse_model
    from ..align.kinds import final_kind

    feats, gold, evs, groups, ids = _clough_data(path)
    trained_on = set(reuse_model.REUSE.get("trained_on", []))
    overlap = bool(trained_on & set(_fingerprint(ids)))
    use_cv = overlap if cv is None else cv
    if use_cv:
        pred = [""] * len(gold)
        for g in sorted(set(groups)):
            train = [k for k, gr in enumerate(groups) if gr != g]
            test = [k for k, gr in enumerate(groups) if gr == g]
            model = _fit_reuse([feats[k] for k in train], [gold[k] for k in train], [groups[k] for k in train])
            for k, p in zip(test, model.predict([feats[k] for k in test]), strict=True):
                # The same path as align_pair: model level, then the link rules and the spin override.
                ev = evs[k]
                kind = final_kind(_LABEL_TO_LEVEL[str(p)], ev.reused, ev.share, ev.n_quotes,
                                  bool(ev.spin and ev.spin.is_spin), False, _clough_config())
                pred[k] = _KIND_TO_LABEL.get(kind, "non")
        method = ("leave-one-participant-out CV: the level model is refit without the held-out participant "
                  "(each stage's C chosen by an inner leave-one-participant-out CV on the training participants); "
                  "predictions then go through the same link rules as align_pair")
    else:
        pred = [_KIND_TO_LABEL.get(ev.kind, "non") for ev in evs]
        method = "shipped model through align_pair (kind → label)"
    out = _accuracy_block(gold, pred)
    out.update({"n": len(gold), "mode": "cross-validation" if use_cv else "shipped-model", "method": method,
                "file_in_training_data": overlap})
    return out


#: Sizes of the learnt paraphrase tables (unmatched words, unmatched word pairs): ~20 KB together.
WORD_TABLE, PAIR_TABLE = 300, 500


def _mrpc_data(path: str | Path) -> tuple[list[list[float]], list[int], list[str], list[tuple[str, str]]]:
    from ..align.paraphrase import sentence_features

    x, y, ids, texts = [], [], [], []
    for k, row in enumerate(progress(list(_rows(path)), "eval paraphrase: pairs")):
        s1, s2 = str(_field(row, "sentence1")), str(_field(row, "sentence2"))
        x.append(sentence_features(s1, s2))
        y.append(int(_field(row, "label")))
        ids.append(_pair_id(row, k))
        texts.append((s1, s2))
    return x, y, ids, texts


def _log_odds(sets: Sequence[Iterable[str]], y: Sequence[int], idx: Sequence[int], top: int) -> dict[str, float]:
    """Smoothed log-odds shift of "paraphrase" for the ``top`` most frequent items (seen 3+ times)."""
    count: Counter[str] = Counter()
    pos: Counter[str] = Counter()
    for i in idx:
        # Sorted: equal counts keep first-seen order, which must not depend on string hashing.
        for w in sorted(sets[i]):
            count[w] += 1
            pos[w] += y[i]
    base = sum(y[i] for i in idx) / max(1, len(idx))
    out: dict[str, float] = {}
    for w, c in count.most_common(top):
        if c < 3:
            break
        p = (pos[w] + 2 * base) / (c + 2)
        out[w] = round(math.log(p / (1 - p)) - math.log(base / (1 - base)), 3)
    return out


@lru_cache(maxsize=1 << 14)
def _unmatched(s1: str, s2: str) -> tuple[frozenset[str], tuple[str, ...]]:
    from ..align.paraphrase import unmatched

    single, cross = unmatched(s1, s2)
    return single, tuple(f"{p} {q}" for p, q in cross)


def _tables(texts: Sequence[tuple[str, str]], y: Sequence[int], idx: Sequence[int]
            ) -> tuple[dict[str, float], dict[str, float]]:
    un = [_unmatched(a, b) for a, b in texts]
    return _log_odds([u[0] for u in un], y, idx, WORD_TABLE), _log_odds([u[1] for u in un], y, idx, PAIR_TABLE)


def _fit_paraphrase(x: Sequence[list[float]], texts: Sequence[tuple[str, str]], y: Sequence[int],
                    idx: Sequence[int], extra: Sequence[list[float]] | None = None
                    ) -> tuple[Any, dict[str, float], dict[str, float]]:
    """Fit tables and the logistic regression on rows ``idx``.

    The regression must see table features as they will be on unseen pairs, so for its training rows
    they come from tables learnt on the other four fifths (inner 5-fold); the returned tables are
    learnt on all of ``idx``. ``extra`` (the encoder features) follows the table features in each row.
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    from threadpoolctl import threadpool_limits

    from ..align.paraphrase import table_features

    idx = list(idx)
    rows: dict[int, list[float]] = {}
    for inner_train, inner_test in StratifiedKFold(5, shuffle=True, random_state=1).split(idx, [y[i] for i in idx]):
        words, pairs = _tables(texts, y, [idx[k] for k in inner_train])
        for k in inner_test:
            s1, s2 = texts[idx[k]]
            rows[idx[k]] = x[idx[k]] + table_features(s1, s2, words, pairs) + (extra[idx[k]] if extra else [])
    with threadpool_limits(1):  # BLAS threads only slow a fit this small down (tenfold here)
        model = make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=1000, solver="newton-cholesky"))
        model.fit([rows[i] for i in idx], [y[i] for i in idx])
    words, pairs = _tables(texts, y, idx)
    return model, words, pairs


def _binary_scores(gold: Sequence[int], pred: Sequence[int]) -> dict[str, float]:
    tp = sum(1 for g, p in zip(gold, pred, strict=True) if g and p)
    fp = sum(1 for g, p in zip(gold, pred, strict=True) if not g and p)
    fn = sum(1 for g, p in zip(gold, pred, strict=True) if g and not p)
    prec, rec = tp / max(1, tp + fp), tp / max(1, tp + fn)
    return {"accuracy": round(sum(g == p for g, p in zip(gold, pred, strict=True)) / max(1, len(gold)), 4),
            "precision": round(prec, 4), "recall": round(rec, 4),
            "f1": round(2 * prec * rec / (prec + rec) if prec + rec else 0.0, 4)}


def evaluate_paraphrase(path: str | Path, cv: bool | None = None, folds: int = 10,
                        encoder: bool | None = None) -> dict[str, Any]:
    """Accuracy and F1 (positive class) of sentence paraphrase detection on an MRPC-format JSONL file.

    Args:
        path: JSONL with ``sentence1``, ``sentence2`` and ``label`` (1 = paraphrase).
        cv: as in :func:`evaluate_reuse` (stratified ``folds``-fold CV when the file is training data).
        folds: number of CV folds.
        encoder: ``True`` evaluates the lexical+embedding model (needs the ``[embed]`` extra),
            ``False`` the lexical model; by default the one :func:`~storyline.paraphrase.active_model`
            picks (the encoder when installed).

    Returns:
        ``accuracy``, ``precision``, ``recall``, ``f1``, ``n``, ``positive_share``, ``mode``,
        ``method``, ``file_in_training_data``, ``encoder`` (the encoder's name, or ``None``) and
        ``encoder_backend`` (``onnxruntime`` or ``torch``; same vectors).
    """
    from ..align import embed
    from ..align import weights as reuse_model
    from ..align.paraphrase import active_model, embedding_features_many, table_features
    from ..errors import MissingExtraError

    use_encoder = active_model().get("encoder") is not None if encoder is None else encoder
    if use_encoder and not embed.available():
        raise MissingExtraError("eval paraphrase with the sentence encoder", "embed")
    shipped: dict[str, Any] | None = (getattr(reuse_model, "PARAPHRASE_EMBED", None) if use_encoder
                                      else reuse_model.PARAPHRASE)
    x, y, ids, texts = _mrpc_data(path)
    extra = embedding_features_many(texts) if use_encoder else None
    overlap = bool(set(reuse_model.PARAPHRASE.get("trained_on", [])) & set(_fingerprint(ids)))
    use_cv = overlap if cv is None else cv
    if not use_cv and shipped is None:
        raise StorylineError("eval paraphrase: no lexical+embedding coefficients are shipped yet "
                             "(run python -m storyline.eval.reuse with the [embed] extra installed)")
    threshold = float(shipped["threshold"]) if shipped else 0.5
    if use_cv:
        from sklearn.model_selection import StratifiedKFold

        probs = [0.0] * len(y)
        for train, test in StratifiedKFold(folds, shuffle=True, random_state=0).split(x, y):
            model, words, pairs = _fit_paraphrase(x, texts, y, train, extra)
            feats = [x[k] + table_features(texts[k][0], texts[k][1], words, pairs) + (extra[k] if extra else [])
                     for k in test]
            for k, p in zip(test, model.predict_proba(feats)[:, 1], strict=True):
                probs[k] = float(p)
        method = (f"stratified {folds}-fold CV (word tables and regression refit per fold, tables for the "
                  f"regression's own rows out-of-fold), threshold {threshold}")
    else:
        from ..align.paraphrase import _logistic

        assert shipped is not None
        words, pairs = shipped.get("words", {}), shipped.get("pairs", {})
        probs = [_logistic(x[k] + table_features(a, b, words, pairs) + (extra[k] if extra else []), shipped)
                 for k, (a, b) in enumerate(texts)]
        method = f"shipped model, threshold {threshold}"
    out: dict[str, Any] = dict(_binary_scores(y, [int(p >= threshold) for p in probs]))
    out.update({"n": len(y), "positive_share": round(sum(y) / max(1, len(y)), 4),
                "mode": "cross-validation" if use_cv else "shipped-model", "method": method,
                "file_in_training_data": overlap, "encoder": embed.MODEL_NAME if use_encoder else None,
                "encoder_backend": embed.backend() if use_encoder else None})
    return out


def _lr_dict(model: Any) -> dict[str, Any]:
    scaler, lr = model.steps[0][1], model.steps[-1][1]
    r = 6
    return {"mean": [round(float(v), r) for v in scaler.mean_], "scale": [round(float(v), r) for v in scaler.scale_],
            "coef": [[round(float(v), r) for v in row] for row in lr.coef_],
            "intercept": [round(float(v), r) for v in lr.intercept_], "classes": [str(c) for c in lr.classes_]}


def train_models(reuse_path: str | Path, paraphrase_path: str | Path, out: str | Path | None = None) -> dict[str, Any]:
    """Fit both models on development files and write them to ``storyline/align/weights.json``.

    Returns:
        The written model dictionaries (small: a few KB of coefficients).
    """
    x, y, pids, texts = _mrpc_data(paraphrase_path)
    model, words, pairs = _fit_paraphrase(x, texts, y, range(len(y)))
    pm = _lr_dict(model)
    para: dict[str, Any] = {"mean": pm["mean"], "scale": pm["scale"], "coef": pm["coef"][0],
                            "intercept": pm["intercept"][0], "threshold": 0.5,
                            "words": dict(sorted(words.items())), "pairs": dict(sorted(pairs.items())),
                            "trained_on": _fingerprint(pids, 256)}
    from ..align import weights as reuse_model

    reuse_model.PARAPHRASE = para  # the reuse features use paraphrase passages: refit them with this model
    vars(reuse_model).pop("PARAPHRASE_EMBED", None)  # ... the lexical one (the default without [embed])
    feats, gold, _, groups, ids = _clough_data(reuse_path)
    model = _fit_reuse(feats, gold, groups)
    binary = _lr_dict(model.binary)
    binary.update({"C": model.c_binary, "features": BINARY_FEATURES,
                   "coef": [[0.0] * len(BINARY_FEATURES), binary["coef"][0]],
                   "intercept": [0.0, binary["intercept"][0]]})
    level = _lr_dict(model.level)
    level.update({"C": model.c_level, "features": LEVEL_FEATURES,
                  "labels": [_LABEL_TO_LEVEL[c] for c in level["classes"]]})
    reuse = {"binary": binary, "level": level, "trained_on": _fingerprint(ids, 256)}
    from ..align import weights

    current = weights.load(out) if out and Path(out).exists() else weights.load()
    target = weights.save({"REUSE": reuse, "PARAPHRASE": para,
                           "PARAPHRASE_EMBED": current["PARAPHRASE_EMBED"]}, out)
    out_models: dict[str, Any] = {"REUSE": reuse, "PARAPHRASE": para}
    from ..align import embed

    if embed.available():
        out_models["PARAPHRASE_EMBED"] = train_paraphrase_embed(paraphrase_path, target)
    return out_models


def train_paraphrase_embed(paraphrase_path: str | Path, out: str | Path | None = None) -> dict[str, Any]:
    """Fit the lexical+embedding paraphrase model and write it as ``PARAPHRASE_EMBED`` (needs ``[embed]``).

    The same fit as the lexical model (same rows, same word tables, C=1, threshold 0.5) with
    :func:`storyline.paraphrase.embedding_features` after the table features. Only the
    ``PARAPHRASE_EMBED`` model in ``align/weights.json`` is replaced; ``REUSE`` and
    ``PARAPHRASE`` stay byte for byte as they are. The tables are not stored twice: they are the
    lexical model's (learnt from the same rows, so identical).
    """
    from ..align import embed
    from ..align.paraphrase import embedding_features_many
    from ..errors import MissingExtraError

    if not embed.available():
        raise MissingExtraError("training the lexical+embedding paraphrase model", "embed")
    x, y, pids, texts = _mrpc_data(paraphrase_path)
    extra = embedding_features_many(texts)
    model, _, _ = _fit_paraphrase(x, texts, y, range(len(y)), extra)
    pm = _lr_dict(model)
    para: dict[str, Any] = {"encoder": embed.MODEL_NAME, "mean": pm["mean"], "scale": pm["scale"],
                            "coef": pm["coef"][0], "intercept": pm["intercept"][0], "threshold": 0.5}
    from ..align import weights

    current = weights.load(out) if out and Path(out).exists() else weights.load()
    weights.save({"REUSE": current["REUSE"], "PARAPHRASE": current["PARAPHRASE"], "PARAPHRASE_EMBED": para}, out)
    from ..align import weights as reuse_model

    reuse_model.PARAPHRASE_EMBED = para | {k: reuse_model.PARAPHRASE[k] for k in ("words", "pairs", "trained_on")}
    return para


if __name__ == "__main__":  # python -m storyline.eval.reuse CLOUGH.jsonl MRPC.jsonl  → rewrites align/weights.json
    import sys

    if len(sys.argv) == 3 and sys.argv[1] == "--embed-only":  # refit PARAPHRASE_EMBED alone
        train_paraphrase_embed(sys.argv[2])
    elif len(sys.argv) == 3:
        train_models(sys.argv[1], sys.argv[2])
    else:
        raise SystemExit("usage: python -m storyline.eval.reuse CLOUGH_DEV.jsonl MRPC_DEV.jsonl\n"
                         "       python -m storyline.eval.reuse --embed-only MRPC_DEV.jsonl")
