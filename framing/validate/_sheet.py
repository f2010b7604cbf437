"""Coding sheets: blind CSV sheets for human coders, and reading the coded sheets back."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Iterable, Sequence

import pandas as pd

from framing.labels import CODEBOOK_VERSION

from ._sample import infer_unit
from ._tasks import DEFAULT_TASKS, TASKS, CodeTask, LabelError, _blank, parse_value

logger = logging.getLogger("framing")

#: ``unit_id`` of the sheet's first row, which lists each label's options.
OPTIONS_ID = "#options"
_ID_COLUMNS = {"sentence": ("unit_id", "doc_id", "sent_id"), "stance": ("unit_id", "doc_id", "sent_id", "target")}
_TEXT_COLUMNS = ("context_before", "text", "context_after")


def _check_tasks(tasks: Sequence[str] | None, unit: str) -> tuple[str, ...]:
    tasks = tuple(DEFAULT_TASKS[unit] if tasks is None else ([tasks] if isinstance(tasks, str) else tasks))
    for t in tasks:
        if t not in TASKS:
            raise ValueError(f"The 'tasks' of coding_sheet must be codable labels {sorted(TASKS)}. Got {t!r} instead.")
        if TASKS[t].unit != unit:
            raise ValueError(
                f"{t!r} is coded per {TASKS[t].unit} but this sample's units are {unit}s; "
                f"for {unit}s use tasks from {list(DEFAULT_TASKS[unit])}."
            )
    return tasks


def coding_sheet(
    sample: pd.DataFrame,
    path: str | Path | None = None,
    *,
    tasks: Sequence[str] | None = None,
    coder: str | None = None,
) -> pd.DataFrame:
    """A blind coding sheet for a sample: ids, text, empty label columns, label options.

    Parameters
    ----------
    sample : DataFrame
        The output of :func:`sample_for_coding`.
    path : str or Path, optional
        Also write the sheet as CSV (UTF-8 with a byte-order mark, so that
        Excel shows accents and quotes right).
    tasks : sequence of str, optional
        The labels to code; default ``("attr_form", "hedged", "loaded",
        "frames")`` for sentences and ``("stance", "voice")`` for stance rows.
    coder : str, optional
        Fill the ``coder`` column (one sheet per coder).

    Returns
    -------
    pandas.DataFrame
        First row: ``unit_id == "#options"``, each label column listing the
        codebook's options for that label (from :mod:`framing.labels`). Then
        one row per unit: ``unit_id``, ``doc_id``, ``sent_id``, (``target``),
        ``context_before``, ``text``, ``context_after``, ``coder``, one empty
        column per label, ``notes``. The model's labels and the outlet are
        left out (blind coding); they stay in ``sample``.

    Notes
    -----
    How to fill a sheet: categorical labels take one option as written;
    ``hedged`` and ``loaded`` take ``yes`` or ``no``; ``frames`` takes one or
    more frames separated by ``;`` or ``none``. Code the sentence in
    ``text``; the context columns are there to be read, not coded. A blank
    cell means "not coded" and is left out of the agreement.

    Examples
    --------
    >>> from framing.compare import synthetic_result
    >>> from framing.validate import sample_for_coding
    >>> sample = sample_for_coding(synthetic_result(n_articles=20, seed=1), n=10, min_per_stratum=0)
    >>> sheet = coding_sheet(sample, coder="ana")
    >>> bool(sheet["attr_form"].iloc[1:].eq("").all()), sheet["unit_id"].iloc[0]
    (True, '#options')
    """
    if not isinstance(sample, pd.DataFrame) or "unit_id" not in sample.columns:
        raise ValueError("coding_sheet needs the DataFrame returned by sample_for_coding (with a 'unit_id' column).")
    unit = infer_unit(sample)
    tasks = _check_tasks(tasks, unit)
    ids = [c for c in _ID_COLUMNS[unit] if c in sample.columns]
    text = [c for c in _TEXT_COLUMNS if c in sample.columns]
    body = sample[ids + text].copy().reset_index(drop=True)
    for c in text:
        body[c] = body[c].fillna("").astype(str)
    body["coder"] = coder or ""
    for t in tasks:
        body[t] = ""
    body["notes"] = ""
    options = {c: "" for c in body.columns}
    options["unit_id"] = OPTIONS_ID
    options["text"] = (
        f"Label options (codebook {CODEBOOK_VERSION}, CODEBOOK.md): code the sentence in 'text'"
        + (" for the target in 'target'" if unit == "stance" else "")
        + "; leave a cell blank when unsure; this row is ignored when the sheet is read back."
    )
    for t in tasks:
        options[t] = TASKS[t].options()
    sheet = pd.concat([pd.DataFrame([options]), body.astype({"sent_id": object})], ignore_index=True)
    sheet.attrs.update({"unit": unit, "tasks": list(tasks)})
    if path is not None:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        sheet.to_csv(path, index=False, encoding="utf-8-sig")
        logger.info("coding sheet with %d units written to %s", len(body), path)
    return sheet


def _read_one(src: Any) -> tuple[str, pd.DataFrame, bool]:
    if isinstance(src, pd.DataFrame):
        return "frame", src.copy(), False
    path = Path(src)
    if not path.exists():
        raise FileNotFoundError(f"No coded sheet at {path}.")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    return str(path), frame, True


def read_coded(
    paths_or_frames: str | Path | pd.DataFrame | Iterable[str | Path | pd.DataFrame],
    *,
    coder_col: str | None = None,
) -> pd.DataFrame:
    """Read coded sheets back into one long table, checking every label against the codebook.

    Parameters
    ----------
    paths_or_frames : path, DataFrame or list of them
        One sheet per coder (CSV files written by :func:`coding_sheet` and
        filled in, or DataFrames), or one long frame with a coder column.
    coder_col : str, optional
        The column naming the coder in a long frame. Default: the sheet's
        ``coder`` column where filled in, else the file's name without its
        extension (``coder1`` ... for frames).

    Returns
    -------
    pandas.DataFrame
        One row per (unit, coder): ``unit_id``, ``doc_id``, ``sent_id``,
        (``target``), ``coder``, then one column per coded label:
        strings for categorical labels, booleans (nullable) for ``hedged``,
        ``loaded``, ``agentless_passive``, lists of frames (in codebook
        order) for ``frames``; None where a cell was left blank. The options
        row and rows without a ``unit_id`` are dropped.

    Raises
    ------
    ValueError
        For a value that is not a label of the codebook (the message names
        the sheet, the line, the unit, the bad value and the allowed
        values), a sheet without ``unit_id`` or label columns, or the same
        unit coded twice by one coder.
    """
    if isinstance(paths_or_frames, (str, Path, pd.DataFrame)):
        sources = [paths_or_frames]
    else:
        sources = list(paths_or_frames)
    if not sources:
        raise ValueError("read_coded needs at least one coded sheet (a path or a DataFrame).")
    frames = []
    for i, src in enumerate(sources):
        name, raw, is_file = _read_one(src)
        if "unit_id" not in raw.columns:
            raise ValueError(f"Coded sheet {name} has no 'unit_id' column; code the sheet made by coding_sheet(...).")
        raw = raw.reset_index(drop=True)
        where = [f"line {k + 2}" if is_file else f"row {k}" for k in range(len(raw))]
        raw["_where"] = where
        raw = raw[~raw["unit_id"].map(_blank) & ~raw["unit_id"].astype(str).str.startswith("#")]
        tasks = [c for c in raw.columns if c in TASKS]
        if not tasks:
            raise ValueError(f"Coded sheet {name} has no label column; expected some of {sorted(TASKS)}.")
        out = pd.DataFrame({"unit_id": raw["unit_id"].astype(str).str.strip()})
        for c in ("doc_id", "sent_id", "target"):
            if c in raw.columns:
                out[c] = raw[c]
        if coder_col is not None:
            if coder_col not in raw.columns:
                raise ValueError(f"Coded sheet {name} has no column {coder_col!r} (coder_col); columns: {list(raw.columns)}.")
            out["coder"] = raw[coder_col].astype(str).str.strip()
        else:
            default = Path(name).stem if is_file else f"coder{i + 1}"
            col = raw["coder"] if "coder" in raw.columns else pd.Series("", index=raw.index)
            out["coder"] = [default if _blank(c) else str(c).strip() for c in col]
        for t in tasks:
            task: CodeTask = TASKS[t]
            values = []
            for uid, w, v in zip(out["unit_id"], raw["_where"], raw[t]):
                try:
                    values.append(parse_value(task, v))
                except LabelError as exc:
                    raise ValueError(f"Coded sheet {name}, {w} (unit {uid}), column {t!r}: {exc}.") from None
            if task.kind == "multilabel":
                values = [None if v is None else [f for f in task.labels if f in v] for v in values]
                out[t] = pd.Series(values, index=out.index, dtype=object)
            elif task.kind == "binary":
                out[t] = pd.array(values, dtype="boolean")
            else:
                out[t] = pd.Series(values, index=out.index, dtype=object)
        frames.append(out)
    coded = pd.concat(frames, ignore_index=True)
    if "sent_id" in coded.columns:
        coded["sent_id"] = pd.to_numeric(coded["sent_id"], errors="coerce").astype("Int64")
    dup = coded.duplicated(["unit_id", "coder"])
    if dup.any():
        row = coded[dup].iloc[0]
        raise ValueError(f"Coder {row['coder']!r} coded unit {row['unit_id']!r} twice; keep one row per unit and coder.")
    logger.info("read %d coded rows from %d coders", len(coded), coded["coder"].nunique())
    return coded
