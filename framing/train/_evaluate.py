"""``evaluate``: a trained model against human codes, with Krippendorff's alpha."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np
import pandas as pd

from ._base import indicator
from ._data import coded_from


def nominal_alpha(a: Sequence[Any], b: Sequence[Any]) -> float:
    """Krippendorff's alpha (nominal) between two coders' codes of the same units.

    References
    ----------
    Krippendorff, K. (2004). *Content Analysis: An Introduction to Its
    Methodology*, 2nd ed., ch. 11.
    """
    import krippendorff

    values = sorted({str(x) for x in a} | {str(x) for x in b})
    if len(values) < 2:
        return 1.0 if list(map(str, a)) == list(map(str, b)) else float("nan")
    pos = {v: i for i, v in enumerate(values)}
    data = np.array([[pos[str(x)] for x in a], [pos[str(x)] for x in b]], dtype=float)
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))


@dataclass
class EvalReport:
    """A model's agreement with human codes.

    Attributes
    ----------
    per_label : DataFrame
        ``label``, ``precision``, ``recall``, ``f1``, ``support`` (and ``alpha``
        per label for multi-label).
    confusion : DataFrame
        Single-label: rows human codes, columns model labels. Multi-label:
        one row per label with ``tp``, ``fp``, ``fn``, ``tn``.
    macro_f1, accuracy, alpha : float
        Accuracy is subset accuracy for multi-label; alpha is Krippendorff's
        nominal alpha between model and human (multi-label: mean over labels
        of the per-label binary alphas).
    n : int
    multi_label : bool
    predictions : list
    """

    per_label: pd.DataFrame
    confusion: pd.DataFrame
    macro_f1: float
    accuracy: float
    alpha: float
    n: int
    multi_label: bool = False
    task: str | None = None
    predictions: list = field(default_factory=list, repr=False)

    def to_frame(self) -> pd.DataFrame:
        """Long form: one row per (metric, label); overall figures have label ``"all"``."""
        rows = [{"metric": m, "label": "all", "value": float(v)}
                for m, v in (("macro_f1", self.macro_f1), ("accuracy", self.accuracy), ("alpha", self.alpha),
                             ("n", self.n))]
        for rec in self.per_label.to_dict("records"):
            for m in ("precision", "recall", "f1", "support", "alpha"):
                if m in rec:
                    rows.append({"metric": m, "label": rec["label"], "value": float(rec[m])})
        return pd.DataFrame(rows, columns=["metric", "label", "value"])

    def plot_confusion(self, ax=None, *, normalize: bool = False, cmap: str = "Blues"):
        """Heatmap of the confusion matrix; returns the Axes.

        Parameters
        ----------
        ax : matplotlib Axes, optional
            Default the current Axes.
        normalize : bool, default False
            Show row shares (recall per human code) instead of counts.
        """
        import matplotlib.pyplot as plt

        if ax is None:
            ax = plt.gca()
        cm = self.confusion
        if cm.empty:
            return ax
        if self.multi_label:
            cm = cm[["tp", "fp", "fn", "tn"]]
        vals = cm.to_numpy(dtype=float)
        if normalize:
            vals = vals / np.maximum(vals.sum(1, keepdims=True), 1)
        ax.imshow(vals, cmap=cmap, aspect="auto")
        ax.set_xticks(range(cm.shape[1]), [str(c) for c in cm.columns], rotation=45, ha="right")
        ax.set_yticks(range(cm.shape[0]), [str(i) for i in cm.index])
        top = vals.max() if vals.size else 0
        for i in range(vals.shape[0]):
            for j in range(vals.shape[1]):
                txt = f"{vals[i, j]:.2f}" if normalize else f"{int(vals[i, j])}"
                ax.text(j, i, txt, ha="center", va="center",
                        color="white" if top and vals[i, j] > 0.6 * top else "black", fontsize=8)
        ax.set_xlabel("label" if self.multi_label else "model")
        ax.set_ylabel("label" if self.multi_label else "human")
        ax.set_title(f"{self.task or 'model'}: macro-F1 {self.macro_f1:.3f}, alpha {self.alpha:.3f}")
        return ax

    def __repr__(self) -> str:
        return (f"EvalReport(task={self.task!r}, n={self.n}, macro_f1={self.macro_f1:.3f}, "
                f"accuracy={self.accuracy:.3f}, alpha={self.alpha:.3f})")


def report_from(y_true: list, y_pred: list, classes: Sequence[str], *, multi_label: bool = False,
                task: str | None = None) -> EvalReport:
    """An :class:`EvalReport` from human and model codes."""
    from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, precision_recall_fscore_support

    classes = [str(c) for c in classes]
    if multi_label:
        T, P = indicator(y_true, classes).astype(int), indicator(y_pred, classes).astype(int)
        p, r, f, s = precision_recall_fscore_support(T, P, labels=list(range(len(classes))), zero_division=0)
        alphas = [nominal_alpha(T[:, j], P[:, j]) for j in range(len(classes))]
        per = pd.DataFrame({"label": classes, "precision": p, "recall": r, "f1": f, "support": s, "alpha": alphas})
        conf = pd.DataFrame({"tp": (T & P).sum(0), "fp": ((1 - T) & P).sum(0), "fn": (T & (1 - P)).sum(0),
                             "tn": ((1 - T) & (1 - P)).sum(0)}, index=pd.Index(classes, name="label"))
        macro = float(f1_score(T, P, average="macro", zero_division=0))
        acc = float(accuracy_score(T, P))
        alpha = float(np.nanmean(alphas)) if len(alphas) else float("nan")
    else:
        yt, yp = [str(v) for v in y_true], [str(v) for v in y_pred]
        labs = classes + sorted(set(yt) - set(classes))
        p, r, f, s = precision_recall_fscore_support(yt, yp, labels=labs, zero_division=0)
        per = pd.DataFrame({"label": labs, "precision": p, "recall": r, "f1": f, "support": s})
        conf = pd.DataFrame(confusion_matrix(yt, yp, labels=labs), index=pd.Index(labs, name="human"),
                            columns=pd.Index(labs, name="model"))
        macro = float(f1_score(yt, yp, labels=labs, average="macro", zero_division=0))
        acc = float(accuracy_score(yt, yp))
        alpha = nominal_alpha(yt, yp)
    return EvalReport(per, conf, macro, acc, alpha, len(y_true), multi_label, task, list(y_pred))


def evaluate(model: Any, data: Any) -> EvalReport:
    """Score a trained model against human codes.

    Parameters
    ----------
    model : estimator or str or Path
        A fitted :mod:`framing.train` estimator or a model folder.
    data : DataFrame, path or datasets.Dataset
        The same columns as for :func:`framing.train.train` (``text``,
        ``label``/``labels``, and target offsets for target-dependent models).

    Returns
    -------
    EvalReport
        Per-label precision/recall/F1, confusion matrix, macro-F1, accuracy and
        Krippendorff's alpha (nominal) between model and human codes.

    Examples
    --------
    >>> rep = framing.train.evaluate("models/my_frames", "coded_test.csv")  # doctest: +SKIP
    >>> rep.per_label                                                       # doctest: +SKIP
    """
    from ._api import as_estimator

    est = as_estimator(model)
    coded = coded_from(data, multi_label=est.multi_label, target_dependent=est.target_dependent)
    X = coded.frame()
    pred = list(est.predict(X))
    task = getattr(est, "train_info_", {}).get("task")
    return report_from(coded.y, pred, list(est.classes_), multi_label=est.multi_label, task=task)
