"""``train`` and ``load_model``: one interface over heads, fine-tuning and zero-shot."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any, Sequence

from ._base import CONFIG, read_card
from ._data import Coded, coded_from, data_sha256, label_set, split_dev
from ._finetune import FineTunedClassifier
from ._heads import HeadsClassifier
from ._zeroshot import PREFIX, ZeroShotClassifier

logger = logging.getLogger("framing")

METHODS = ("heads", "finetune", "zeroshot")
_CLASSES = {"heads": HeadsClassifier, "finetune": FineTunedClassifier, "zeroshot": ZeroShotClassifier}


def train(task: str, data: Any = None, *, method: str = "heads", base: str | None = None,
          labels: Sequence[str] | None = None, multi_label: bool | None = None,
          target_dependent: bool | None = None, output_dir: str | Path | None = None, dev: Any = None,
          dev_size: float = 0.15, epochs: int | None = None, seed: int = 0, class_weight: Any = "balanced",
          progress: bool | None = None, **kwargs: Any):
    """Train a classifier for your own codebook on your hand-coded sample.

    Three paths behind one interface:

    - ``"heads"``: a small MLP on the frozen default encoder (minutes on a laptop CPU);
    - ``"finetune"``: full fine-tuning of any Hugging Face encoder (GPU if present);
    - ``"zeroshot"``: an NLI model with one hypothesis per label (no training).

    Parameters
    ----------
    task : str
        A free name ("stance", "my_frames", ...); recorded in the card and used
        as the column name by ``framing.score(..., models={task: path})``.
    data : DataFrame, path or datasets.Dataset
        Columns ``text`` and ``label`` (or ``labels``: a list per row, for
        multi-label), and ``target_start``/``target_end`` for target-dependent
        tasks. Optional for ``"zeroshot"`` (then used as dev data).
    method : {"heads", "finetune", "zeroshot"}, default "heads"
    base : str, optional
        The encoder (heads, finetune) or the NLI model (zeroshot, also as
        ``"zeroshot:<id or path>"``, which implies ``method="zeroshot"``).
    labels : list of str, optional
        The full label set (default: the labels seen in ``data``; required for zero-shot).
    multi_label, target_dependent : bool, optional
        Inferred from the columns (``labels``; ``target_start``/``target_end``) unless given.
    output_dir : str or Path, optional
        Save the model (weights, config, card) there.
    dev : DataFrame or path, optional
        Dev data for early stopping, thresholds and the card's metrics;
        default a ``dev_size`` split of ``data`` (stratified by label).
    dev_size : float, default 0.15
    epochs : int, optional
        Default 40 (heads) or 3 (finetune).
    seed : int, default 0
    class_weight : "balanced" or None, default "balanced"
    progress : bool, optional
    **kwargs
        Further estimator parameters (``lr``, ``batch_size``, ``hidden``,
        ``templates``, ``hypothesis_template``, ...).

    Returns
    -------
    HeadsClassifier, FineTunedClassifier or ZeroShotClassifier
        Fitted, with ``classes_``, ``dev_metrics_`` and a ``save`` method.

    Raises
    ------
    ValueError
        Unknown method, empty data, missing columns, offsets out of range,
        fewer than two labels.

    See Also
    --------
    framing.train.evaluate, framing.train.load_model

    Examples
    --------
    >>> clf = framing.train("my_frames", "coded.csv", output_dir="models/my_frames")  # doctest: +SKIP
    >>> framing.score("articles.jsonl", models={"my_frames": "models/my_frames"})     # doctest: +SKIP
    """
    if base is not None and str(base).startswith(PREFIX):
        method = "zeroshot"
    if method not in METHODS:
        raise ValueError(f"The 'method' parameter of framing.train must be one of {list(METHODS)}. Got {method!r} instead.")
    if not task or not isinstance(task, str):
        raise ValueError(f"task must be a non-empty name like 'my_frames'; got {task!r}.")

    if method == "zeroshot":
        if base is None:
            raise ValueError("Zero-shot needs an NLI model: base='zeroshot:<hub id or folder>'.")
        coded = coded_from(data, multi_label=multi_label, target_dependent=target_dependent, labels=labels,
                           require_labels=False) if data is not None else None
        if labels is None:
            if coded is None or not coded.y:
                raise ValueError("Zero-shot needs labels=[...] (or data with a label column to take them from).")
            labels = label_set(coded)
        ml = bool(multi_label) if coded is None else coded.multi_label
        td = bool(target_dependent) if coded is None else coded.target_dependent
        est = ZeroShotClassifier(model=str(base), labels=list(labels), multi_label=ml, target_dependent=td, **kwargs)
        evald = None
        if coded is not None and coded.y:
            evald = coded.frame()
        est.fit(evald)
        est.train_info_.update({"task": task, "data_sha256": data_sha256(coded) if coded is not None else None,
                                "n_rows": len(coded) if coded is not None else 0})
        if output_dir is not None:
            est.save(output_dir, task=task)
        return est

    coded = coded_from(data, multi_label=multi_label, target_dependent=target_dependent, labels=labels)
    classes = label_set(coded, labels)
    if dev is not None:
        dev_coded = coded_from(dev, multi_label=coded.multi_label, target_dependent=coded.target_dependent,
                               labels=classes)
        train_coded = coded
    else:
        train_coded, dev_coded = split_dev(coded, dev_size, seed)
    common = dict(multi_label=coded.multi_label, target_dependent=coded.target_dependent, seed=seed,
                  class_weight=class_weight)
    if epochs is not None:
        common["epochs"] = int(epochs)
    if method == "heads":
        est = HeadsClassifier(encoder=base, **common, **kwargs)
    else:
        est = FineTunedClassifier(base=base, **common, **kwargs)
    logger.info("training %s (%s): %d train rows, %d dev rows, labels %s", task, method, len(train_coded),
                len(dev_coded), classes)
    est._fit(train_coded, dev_coded, classes=classes, progress=progress)
    est.train_info_.update({"task": task, "data_sha256": data_sha256(coded), "n_rows": len(coded)})
    if output_dir is not None:
        est.save(output_dir, task=task)
    return est


def load_model(path: str | Path, *, verify: bool = True):
    """Load a model folder written by :func:`train` or ``estimator.save``.

    Every file's sha256 is checked against the card before anything is loaded.

    Parameters
    ----------
    path : str or Path
        A model folder (``card.json``, ``config.json``, weights).
    verify : bool, default True

    Returns
    -------
    HeadsClassifier, FineTunedClassifier or ZeroShotClassifier

    Raises
    ------
    FileNotFoundError
        No card or a missing file.
    ValueError
        A file whose hash differs from the card's, or an unknown method.
    """
    path = Path(path)
    card = read_card(path, verify=verify)
    method = card.get("method")
    if method not in _CLASSES:
        raise ValueError(
            f"The model at {path} has method {method!r}; framing.train.load_model reads {list(METHODS)}. "
            "For the shipped default model use framing.models.DefaultModel."
        )
    config = json.loads((path / CONFIG).read_text(encoding="utf-8"))
    est = _CLASSES[method]._load(path, config, card)
    logger.info("loaded %s model %r from %s", method, card.get("task"), path)
    return est


def is_trained_model(path: Any) -> bool:
    """True when ``path`` is a folder whose card names a :mod:`framing.train` method."""
    if not isinstance(path, (str, Path)):
        return False
    card = Path(path) / "card.json"
    if not card.is_file():
        return False
    try:
        return json.loads(card.read_text(encoding="utf-8")).get("method") in METHODS
    except (OSError, ValueError):
        return False


def as_estimator(model: Any):
    """An estimator from a fitted estimator or a model folder."""
    if hasattr(model, "predict_proba") and hasattr(model, "classes_"):
        return model
    if is_trained_model(model):
        return load_model(model)
    raise ValueError(
        f"{model!r} is neither a fitted framing.train estimator nor a model folder with a card.json "
        "written by framing.train / estimator.save."
    )


__all__ = ["train", "load_model", "Coded"]
