"""What every trainable estimator shares: the fitted check, dev metrics, thresholds and the model card."""

from __future__ import annotations

import datetime as _dt
import json
import logging
from pathlib import Path
from typing import Any, Sequence

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin

from ._data import Coded, to_inputs, y_from

logger = logging.getLogger("framing")

CARD = "card.json"
CONFIG = "config.json"


def _not_fitted(est) -> None:
    from sklearn.exceptions import NotFittedError

    raise NotFittedError(
        f"This {type(est).__name__} is not fitted yet. Call fit(X, y) first, or train one with "
        "framing.train(task, data, ...) / load a trained one with framing.load_model(path)."
    )


def indicator(y: Sequence[Sequence[str]], classes: Sequence[str]) -> np.ndarray:
    """Multi-label lists -> (n, k) 0/1 matrix."""
    pos = {c: j for j, c in enumerate(classes)}
    out = np.zeros((len(y), len(classes)), dtype=np.float32)
    for i, row in enumerate(y):
        for lab in row:
            if lab in pos:
                out[i, pos[lab]] = 1.0
    return out


def tune_thresholds(proba: np.ndarray, Y: np.ndarray) -> list[float]:
    """Per-label thresholds maximising the label's F1 on dev (0.5 for a label absent from dev)."""
    from sklearn.metrics import f1_score

    out = []
    for j in range(Y.shape[1]):
        if Y[:, j].sum() == 0:
            out.append(0.5)
            continue
        grid = np.linspace(0.05, 0.95, 19)
        scores = [f1_score(Y[:, j], proba[:, j] >= t, zero_division=0) for t in grid]
        out.append(float(grid[int(np.argmax(scores))]))
    return out


def class_weights(y_idx: np.ndarray, k: int, mode: Any) -> np.ndarray | None:
    """Balanced weights ``n / (k * count)`` (unseen labels weigh 1), a dict/list as given, or None."""
    if mode is None:
        return None
    if mode == "balanced":
        counts = np.bincount(y_idx, minlength=k).astype(np.float64)
        w = np.where(counts > 0, len(y_idx) / (k * np.maximum(counts, 1)), 1.0)
        return w.astype(np.float32)
    if isinstance(mode, dict):
        return None  # resolved by the caller with its classes
    return np.asarray(mode, dtype=np.float32)


def pos_weights(Y: np.ndarray, mode: Any) -> np.ndarray | None:
    """Multi-label ``neg / pos`` per label, clipped to [1, 10] (balanced) or None."""
    if mode != "balanced":
        return None
    pos = Y.sum(0)
    neg = len(Y) - pos
    return np.clip(np.where(pos > 0, neg / np.maximum(pos, 1), 1.0), 1.0, 10.0).astype(np.float32)


def dev_metrics(y_true: list, y_pred: list, classes: Sequence[str], multi_label: bool) -> dict:
    """Macro-F1 and accuracy (subset accuracy for multi-label) on dev."""
    from sklearn.metrics import accuracy_score, f1_score

    if not len(y_true):
        return {}
    if multi_label:
        T, P = indicator(y_true, classes), indicator(y_pred, classes)
        return {"n": len(y_true), "macro_f1": float(f1_score(T, P, average="macro", zero_division=0)),
                "micro_f1": float(f1_score(T, P, average="micro", zero_division=0)),
                "subset_accuracy": float(accuracy_score(T, P))}
    return {"n": len(y_true),
            "macro_f1": float(f1_score(y_true, y_pred, labels=list(classes), average="macro", zero_division=0)),
            "accuracy": float(accuracy_score(y_true, y_pred))}


class TrainedClassifier(ClassifierMixin, BaseEstimator):
    """Shared behaviour: predict from probabilities, the card, save/verify.

    Subclasses implement ``_fit(train, dev)``, ``_proba(texts, spans)``,
    ``_save_weights(path) -> list[str]`` and ``_load_weights(path, config)``.
    """

    method = "?"

    # ----------------------------------------------------------------- helpers
    def _check_fitted(self) -> None:
        if not hasattr(self, "classes_"):
            _not_fitted(self)

    def _coded(self, X, y) -> Coded:
        texts, spans = to_inputs(X, target_dependent=self.target_dependent)
        labels = y_from(X, y, self.multi_label)
        if labels is None:
            raise ValueError("fit needs labels: pass y, or a DataFrame with a 'label' (or 'labels') column.")
        if len(labels) != len(texts):
            raise ValueError(f"X has {len(texts)} rows but y has {len(labels)}; give one label per row.")
        return Coded(texts, spans, labels, self.multi_label)

    def _train_dev(self, X, y, X_dev, y_dev, *, wants_dev: bool) -> tuple[Coded, Coded | None]:
        """The training rows and the dev rows: given, or split off when the method needs them."""
        from ._data import split_dev

        train = self._coded(X, y)
        if X_dev is not None:
            dev = Coded(*to_inputs(X_dev, target_dependent=self.target_dependent),
                        y_from(X_dev, y_dev, self.multi_label) or [], self.multi_label)
            return train, dev
        if wants_dev or self.multi_label:
            return split_dev(train, self.validation_fraction, self.seed)
        return train, None

    def _classes_for(self, coded: Coded, classes=None) -> list[str]:
        from ._data import label_set

        return label_set(coded, classes)

    # ---------------------------------------------------------------- predict
    def predict_proba(self, X) -> np.ndarray:
        """Probabilities, shape (n, n_classes), columns in ``classes_`` order.

        Single-label rows sum to 1; multi-label columns are independent
        (sigmoid) probabilities.
        """
        self._check_fitted()
        texts, spans = to_inputs(X, target_dependent=self.target_dependent)
        if not texts:
            return np.zeros((0, len(self.classes_)), dtype=np.float32)
        return self._proba(texts, spans)

    def decide(self, proba: np.ndarray) -> np.ndarray:
        """Labels from probabilities: argmax, or per-label thresholds (multi-label; at least the top label)."""
        classes = np.asarray(self.classes_, dtype=object)
        if not self.multi_label:
            return classes[proba.argmax(1)] if len(proba) else np.array([], dtype=object)
        th = np.asarray(getattr(self, "thresholds_", [0.5] * len(classes)))
        out = np.empty(len(proba), dtype=object)
        for i, p in enumerate(proba):
            chosen = [str(c) for c in classes[p >= th]]
            out[i] = chosen or [str(classes[int(p.argmax())])]
        return out

    def predict(self, X) -> np.ndarray:
        """Labels: a string per row, or a list of labels per row (multi-label)."""
        return self.decide(self.predict_proba(X))

    def score(self, X, y=None, sample_weight=None) -> float:
        """Macro-F1 on (X, y) (labels may come from X's label/labels column)."""
        labels = y_from(X, y, self.multi_label)
        pred = list(self.predict(X))
        return float(dev_metrics(labels, pred, self.classes_, self.multi_label).get("macro_f1", float("nan")))

    def _after_fit_dev(self, dev: Coded | None) -> None:
        self.dev_metrics_ = {}
        if dev is not None and len(dev):
            pred = list(self.decide(self._proba(dev.texts, dev.spans)))
            self.dev_metrics_ = dev_metrics(dev.y, pred, self.classes_, self.multi_label)

    # ------------------------------------------------------------ persistence
    def save(self, output_dir: str | Path, *, task: str | None = None) -> Path:
        """Write the model folder: weights (safetensors), ``config.json``, ``card.json``.

        Parameters
        ----------
        output_dir : str or Path
            Created if needed; existing model files are overwritten.
        task : str, optional
            The task name for the card (default: the one given to
            :func:`framing.train`, else ``"custom"``).

        Returns
        -------
        Path
            The folder.
        """
        from .. import __version__
        from ..labels import CODEBOOK_VERSION
        from ..models import sha256_file

        self._check_fitted()
        path = Path(output_dir)
        path.mkdir(parents=True, exist_ok=True)
        files = self._save_weights(path)
        config = {"method": self.method, "params": _jsonable(self.get_params()), "classes": list(map(str, self.classes_)),
                  "multi_label": bool(self.multi_label), "target_dependent": bool(self.target_dependent),
                  "thresholds": list(map(float, getattr(self, "thresholds_", []))), **self._extra_config()}
        (path / CONFIG).write_text(json.dumps(config, indent=2), encoding="utf-8")
        info = dict(getattr(self, "train_info_", {}))
        card = {
            "task": task or info.get("task", "custom"),
            "method": self.method,
            "labels": list(map(str, self.classes_)),
            "multi_label": bool(self.multi_label),
            "target_dependent": bool(self.target_dependent),
            "data_sha256": info.get("data_sha256"),
            "n_rows": info.get("n_rows"),
            "n_train": info.get("n_train"),
            "n_dev": info.get("n_dev"),
            "metrics": {"dev": getattr(self, "dev_metrics_", {})},
            "base_model": self._base_info(),
            "framing_version": __version__,
            "codebook_version": CODEBOOK_VERSION,
            "seed": getattr(self, "seed", None),
            "date": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
            "files": {rel: sha256_file(path / rel) for rel in sorted(set(files) | {CONFIG})},
        }
        (path / CARD).write_text(json.dumps(card, indent=2), encoding="utf-8")
        logger.info("saved %s model (%s) to %s", self.method, card["task"], path)
        return path

    def _extra_config(self) -> dict:
        return {}

    def _base_info(self) -> dict:
        return {}


def _jsonable(params: dict) -> dict:
    out = {}
    for k, v in params.items():
        try:
            json.dumps(v)
            out[k] = v
        except TypeError:
            out[k] = str(v)
    return out


def read_card(path: str | Path, *, verify: bool = True) -> dict:
    """The card of a model folder, with every listed file's sha256 checked.

    Raises
    ------
    FileNotFoundError
        No card, or a listed file is missing.
    ValueError
        A file's sha256 differs from the card's.
    """
    from ..models import sha256_file

    path = Path(path)
    card_file = path / CARD
    if not card_file.exists():
        raise FileNotFoundError(
            f"No model card at {card_file}. Pass the folder written by estimator.save(...) or framing.train(..., output_dir=...)."
        )
    card = json.loads(card_file.read_text(encoding="utf-8"))
    if verify:
        for rel, digest in card.get("files", {}).items():
            f = path / rel
            if not f.exists():
                raise FileNotFoundError(f"Model file {f} listed in the card is missing; copy the whole model folder.")
            got = sha256_file(f)
            if got != digest:
                raise ValueError(
                    f"Model file {f} has sha256 {got}, but the card says {digest}: the model was changed or "
                    "corrupted. Refusing to load it; copy the folder again or retrain."
                )
    return card


def restore_common(est: TrainedClassifier, config: dict, card: dict) -> None:
    est.classes_ = np.asarray(config["classes"], dtype=object)
    if config.get("thresholds"):
        est.thresholds_ = np.asarray(config["thresholds"], dtype=np.float32)
    est.dev_metrics_ = card.get("metrics", {}).get("dev", {})
    est.train_info_ = {k: card.get(k) for k in ("task", "data_sha256", "n_rows", "n_train", "n_dev")}
    est.card_ = card
