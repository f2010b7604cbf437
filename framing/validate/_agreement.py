"""Agreement between coders and the model: Krippendorff's alpha, P/R/F1, confusion tables."""

from __future__ import annotations

import logging
from typing import Any, Sequence

import numpy as np
import pandas as pd

from ._sample import _tables, unit_ids
from ._tasks import TASKS, CodeTask, get_task, model_value

logger = logging.getLogger("framing")

AGREEMENT_COLUMNS = ("label", "comparison", "alpha", "precision", "recall", "f1", "accuracy", "average",
                     "n_units", "n_ties")


def _unit_of(coded: pd.DataFrame) -> str:
    return "stance" if "target" in coded.columns or any(c in coded.columns for c in ("stance", "voice")) else "sentence"


def _units(sample: Any, unit: str) -> pd.DataFrame:
    """unit_id -> text, outlet and the model's labels, from a sample frame or a whole result."""
    if isinstance(sample, pd.DataFrame):
        if "unit_id" not in sample.columns:
            raise ValueError("The sample must be the DataFrame of sample_for_coding (with 'unit_id') or a framing.Result.")
        return sample.drop_duplicates("unit_id").set_index("unit_id")
    tables = _tables(sample)
    if unit == "sentence":
        frame = tables["sentences"].copy()
    else:
        sents = tables["sentences"][["doc_id", "sent_id", "text"]]
        frame = tables["stances"].merge(sents, on=["doc_id", "sent_id"], how="left")
    frame["unit_id"] = unit_ids(frame, unit)
    return frame.drop_duplicates("unit_id").set_index("unit_id")


def _expand(labels: Sequence[str] | None, coded: pd.DataFrame) -> list[str]:
    """Label specs: task names, with ``frames`` split into ``frames:<frame>`` (binary, one per frame)."""
    if labels is None:
        labels = [t for t in TASKS if t in coded.columns and coded[t].notna().any()]
        if not labels:
            raise ValueError(f"The coded table has no coded label; expected some of {sorted(TASKS)} with values.")
    elif isinstance(labels, str):
        labels = [labels]
    out = []
    for spec in labels:
        task = get_task(spec)
        if task.name not in coded.columns:
            raise ValueError(f"No coder coded {task.name!r}; the coded labels are {[t for t in TASKS if t in coded.columns]}.")
        if task.kind == "multilabel" and ":" not in spec:
            seen = {f for v in coded[task.name].dropna() for f in v}
            out += [f"{task.name}:{f}" for f in task.labels if f in seen]
        else:
            if ":" in spec and spec.split(":", 1)[1] not in task.labels:
                raise ValueError(f"{spec!r}: {spec.split(':', 1)[1]!r} is not one of {list(task.labels)}.")
            out.append(spec)
    return out


def _value_fn(spec: str):
    task = get_task(spec)
    if task.kind == "multilabel":
        frame = spec.split(":", 1)[1]
        return lambda v: None if v is None else (frame in v)
    return lambda v: v


def _human_matrix(coded: pd.DataFrame, spec: str) -> pd.DataFrame:
    """units x coders of label values (None where not coded)."""
    task = get_task(spec)
    fn = _value_fn(spec)
    col = coded[task.name].map(lambda v: fn(_as_label(task, v)))
    wide = pd.DataFrame({"unit_id": coded["unit_id"], "coder": coded["coder"], "v": col}).pivot(
        index="unit_id", columns="coder", values="v")
    wide = wide.astype(object).where(wide.notna(), None)
    return wide[wide.notna().any(axis=1)]


def _as_label(task: CodeTask, v: Any) -> Any:
    if v is None or (not isinstance(v, (list, tuple, set, frozenset)) and pd.isna(v)):
        return None
    if task.kind == "multilabel":
        return frozenset(v)
    if task.kind == "binary":
        return bool(v)
    return v


def _model_series(units: pd.DataFrame, index: pd.Index, spec: str) -> pd.Series:
    task = get_task(spec)
    fn = _value_fn(spec)
    if task.name not in units.columns:
        return pd.Series([None] * len(index), index=index, dtype=object)
    col = units[task.name].reindex(index)
    return pd.Series([fn(model_value(task, v)) if uid in units.index else None for uid, v in zip(index, col)],
                     index=index, dtype=object)


def _majority(wide: pd.DataFrame) -> tuple[pd.Series, int]:
    """Most frequent human value per unit; None on a tie (counted)."""
    out, ties = [], 0
    for _, row in wide.iterrows():
        vals = [v for v in row if v is not None]
        counts = pd.Series(vals, dtype=object).value_counts()
        if len(counts) > 1 and counts.iloc[0] == counts.iloc[1]:
            out.append(None)
            ties += 1
        else:
            out.append(counts.index[0] if len(counts) else None)
    return pd.Series(out, index=wide.index, dtype=object), ties


def _domain(spec: str) -> list:
    task = get_task(spec)
    if task.kind in ("binary", "multilabel"):
        return [True, False]
    return list(task.labels)


def alpha_nominal(rows: Sequence[Sequence[Any]], domain: Sequence[Any]) -> float:
    """Krippendorff's alpha (nominal) of coders (rows) x units (columns); None is missing.

    NaN when alpha is undefined (fewer than two pairable units or a single
    value observed).
    """
    import importlib

    try:
        krippendorff = importlib.import_module("krippendorff")
    except ImportError as exc:  # pragma: no cover - exercised where the package is absent
        raise ImportError("Agreement needs the 'krippendorff' package: pip install krippendorff") from exc
    code = {v: i for i, v in enumerate(domain)}
    data = np.array([[np.nan if v is None else code[v] for v in r] for r in rows], dtype=float)
    pairable = (~np.isnan(data)).sum(axis=0) >= 2
    data = data[:, pairable]
    if data.shape[1] == 0 or len(np.unique(data[~np.isnan(data)])) < 2:
        return float("nan")
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))


def _prf(truth: pd.Series, pred: pd.Series, spec: str) -> tuple[float, float, float, float, str, int]:
    from sklearn.metrics import accuracy_score, precision_recall_fscore_support

    ok = truth.notna() & pred.notna()
    t, p = list(truth[ok]), list(pred[ok])
    if not t:
        return (np.nan, np.nan, np.nan, np.nan, "", 0)
    if get_task(spec).kind in ("binary", "multilabel"):
        pr, rc, f1, _ = precision_recall_fscore_support(t, p, average="binary", pos_label=True, zero_division=0)
        avg = "binary"
    else:
        pr, rc, f1, _ = precision_recall_fscore_support(t, p, average="macro", zero_division=0)
        avg = "macro"
    return float(pr), float(rc), float(f1), float(accuracy_score(t, p)), avg, len(t)


def agreement(sample: Any, coded: pd.DataFrame, *, labels: Sequence[str] | None = None) -> pd.DataFrame:
    """Agreement per label among human coders and between the model and the coders.

    Parameters
    ----------
    sample : DataFrame or Result
        The sample of :func:`sample_for_coding` (holding the model's labels),
        or the whole :class:`framing.Result` (the model's labels are then
        looked up by ``unit_id``).
    coded : DataFrame
        The output of :func:`read_coded`.
    labels : sequence of str, optional
        Labels to assess (default: every label the coders filled in).
        ``"frames"`` is split into one binary label per frame that occurs
        in the codes (``"frames:economic"``, ...); name one as
        ``"frames:economic"``.

    Returns
    -------
    pandas.DataFrame
        One row per (label, comparison): ``comparison`` is ``"coders"``
        (alpha among all human coders), ``"model ~ <coder>"`` (the model as
        one more coder against each coder) or ``"model ~ majority"`` (against
        the human majority label); ``alpha`` (Krippendorff's alpha, nominal),
        ``precision``, ``recall``, ``f1`` and ``accuracy`` of the model
        (NaN for ``"coders"``), ``average`` (``"binary"``: positive class
        True; ``"macro"``: unweighted mean over the labels seen), ``n_units``
        (units in the comparison) and ``n_ties`` (units left out of the
        majority comparison).

    Notes
    -----
    The human majority of a unit is its most frequent label among the
    coders who coded it. **Ties** (e.g. two coders who disagree) have no
    majority: they are left out of ``"model ~ majority"`` and counted in
    ``n_ties``; the per-coder rows still use them. Alpha is NaN where it is
    undefined (a single value observed, or fewer than two units coded
    twice). The model's rows are NaN where the model gave no label (a task
    that was not run).

    References
    ----------
    Krippendorff, K. (2019). *Content Analysis: An Introduction to Its
    Methodology* (4th ed.). SAGE. Chapter 12.

    Hayes, A. F., & Krippendorff, K. (2007). Answering the call for a
    standard reliability measure for coding data. *Communication Methods and
    Measures*, 1(1), 77-89.
    """
    unit = _unit_of(coded)
    units = _units(sample, unit)
    specs = _expand(labels, coded)
    missing = sorted(set(coded["unit_id"]) - set(units.index))
    if missing:
        logger.warning("%d coded units are not in the sample (e.g. %s); the model has no label for them",
                       len(missing), missing[0])
    rows = []
    for spec in specs:
        wide = _human_matrix(coded, spec)
        domain = _domain(spec)
        coders = list(wide.columns)
        model = _model_series(units, wide.index, spec)
        if len(coders) >= 2:
            both = (wide.notna().sum(axis=1) >= 2).sum()
            rows.append((spec, "coders", alpha_nominal([wide[c].tolist() for c in coders], domain),
                         np.nan, np.nan, np.nan, np.nan, "", int(both), 0))
        for c in coders:
            pr, rc, f1, acc, avg, n = _prf(wide[c], model, spec)
            a = alpha_nominal([wide[c].tolist(), model.tolist()], domain)
            rows.append((spec, f"model ~ {c}", a, pr, rc, f1, acc, avg, n, 0))
        maj, ties = _majority(wide)
        pr, rc, f1, acc, avg, n = _prf(maj, model, spec)
        a = alpha_nominal([maj.tolist(), model.tolist()], domain)
        rows.append((spec, "model ~ majority", a, pr, rc, f1, acc, avg, n, ties))
    return pd.DataFrame(rows, columns=list(AGREEMENT_COLUMNS))


def _truth_and_model(sample: Any, coded: pd.DataFrame, label: str, truth: str) -> tuple[pd.Series, pd.Series, pd.DataFrame]:
    task = get_task(label)
    if task.kind == "multilabel" and ":" not in label:
        raise ValueError(f"{label!r} is multi-label; name one frame, e.g. 'frames:economic'.")
    unit = _unit_of(coded)
    units = _units(sample, unit)
    wide = _human_matrix(coded, label)
    if truth == "majority":
        human, _ = _majority(wide)
    elif truth in wide.columns:
        human = wide[truth]
    else:
        raise ValueError(f"truth must be 'majority' or a coder ({list(wide.columns)}); got {truth!r}.")
    model = _model_series(units, wide.index, label)
    return human, model, units


def confusion(sample: Any, coded: pd.DataFrame, label: str, *, truth: str = "majority") -> pd.DataFrame:
    """Counts of human label (rows) by model label (columns) for one label.

    Parameters
    ----------
    sample : DataFrame or Result
        As in :func:`agreement`.
    coded : DataFrame
        The output of :func:`read_coded`.
    label : str
        A categorical or binary label (``"attr_form"``, ``"stance"``,
        ``"hedged"``) or one frame (``"frames:economic"``).
    truth : str, default "majority"
        The rows: the human majority (ties left out) or one coder's name.

    Returns
    -------
    pandas.DataFrame
        Index ``human``, columns ``model``, every option of the label in
        codebook order (True before False for binary labels); units that the
        model did not label are left out.
    """
    human, model, _ = _truth_and_model(sample, coded, label, truth)
    ok = human.notna() & model.notna()
    domain = _domain(label)
    table = pd.crosstab(pd.Categorical(human[ok], categories=domain), pd.Categorical(model[ok], categories=domain),
                        dropna=False)
    table = table.reindex(index=domain, columns=domain, fill_value=0).astype(int)
    table.index.name, table.columns.name = "human", "model"
    return table


def disagreements(sample: Any, coded: pd.DataFrame, label: str, *, truth: str = "majority") -> pd.DataFrame:
    """The units where the model's label differs from the human one, for close reading.

    Returns
    -------
    pandas.DataFrame
        ``unit_id``, ``text`` (and ``target``, ``outlet`` where known),
        ``human``, ``model`` and each coder's label.
    """
    human, model, units = _truth_and_model(sample, coded, label, truth)
    wide = _human_matrix(coded, label)
    ok = human.notna() & model.notna() & (human.astype(str) != model.astype(str))
    idx = human.index[ok]
    info = [c for c in ("target", "outlet", "text") if c in units.columns]
    out = units.reindex(idx)[info].copy()
    out["human"], out["model"] = human[idx], model[idx]
    for c in wide.columns:
        out[f"coder:{c}"] = wide.loc[idx, c]
    return out.reset_index(names="unit_id")


def plot_confusion(table: pd.DataFrame, ax=None, *, normalize: str | None = None, cmap: str = "Blues",
                   annot: bool = True):
    """Draw a confusion table (from :func:`confusion`) as an annotated heatmap.

    Parameters
    ----------
    table : DataFrame
        Human labels as rows, model labels as columns.
    ax : matplotlib Axes, optional
        Where to draw (default: the current Axes).
    normalize : {None, "true", "pred"}, optional
        Show shares of each row ("true": recall per human label) or of each
        column ("pred": precision per model label) instead of counts.
    cmap : str, default "Blues"
    annot : bool, default True
        Write the number in each cell.

    Returns
    -------
    matplotlib.axes.Axes
    """
    import matplotlib.pyplot as plt

    if normalize not in (None, "true", "pred"):
        raise ValueError(f"normalize must be None, 'true' or 'pred'; got {normalize!r}.")
    if ax is None:
        ax = plt.gca()
    if table.empty:
        ax.set_title("Confusion (no data)")
        return ax
    counts = table.to_numpy(float)
    values = counts
    if normalize == "true":
        values = counts / np.where(counts.sum(1, keepdims=True) == 0, 1, counts.sum(1, keepdims=True))
    elif normalize == "pred":
        values = counts / np.where(counts.sum(0, keepdims=True) == 0, 1, counts.sum(0, keepdims=True))
    ax.imshow(values, cmap=cmap, vmin=0, vmax=max(values.max(), 1e-9), aspect="auto")
    if annot:
        top = values.max() or 1
        for i in range(values.shape[0]):
            for j in range(values.shape[1]):
                text = f"{values[i, j]:.2f}" if normalize else f"{int(counts[i, j])}"
                ax.text(j, i, text, ha="center", va="center", fontsize=8,
                        color="white" if values[i, j] > 0.6 * top else "black")
    ax.set_xticks(range(table.shape[1]), [str(c) for c in table.columns], rotation=30, ha="right")
    ax.set_yticks(range(table.shape[0]), [str(r) for r in table.index])
    ax.set_xlabel(table.columns.name or "model")
    ax.set_ylabel(table.index.name or "human")
    return ax
