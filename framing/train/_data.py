"""Training data in: reading, checking, hashing and splitting a scholar's coded sample.

A coded sample is a table with ``text`` and ``label`` (single-label) or
``labels`` (multi-label: a list of strings per row), and, for target-dependent
tasks, the target's character offsets ``target_start`` / ``target_end`` (end
exclusive), as in :func:`framing.stance.score_pairs`.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

import numpy as np
import pandas as pd

TEXT, LABEL, LABELS, START, END = "text", "label", "labels", "target_start", "target_end"


def read_table(data: Any) -> pd.DataFrame:
    """A DataFrame from a DataFrame, a CSV/TSV/JSONL/JSON/Parquet path, a ``datasets.Dataset`` or records.

    The caller's DataFrame is copied, never changed.
    """
    if isinstance(data, pd.DataFrame):
        return data.copy()
    if isinstance(data, (str, Path)):
        path = Path(data)
        if not path.exists():
            raise FileNotFoundError(f"No training data at {path}. Pass a DataFrame or a CSV, JSONL or Parquet file.")
        suffix = path.suffix.lower()
        if suffix in (".jsonl", ".ndjson"):
            return pd.read_json(path, lines=True)
        if suffix == ".json":
            return pd.read_json(path)
        if suffix in (".parquet", ".pq"):
            return pd.read_parquet(path)
        if suffix == ".tsv":
            return pd.read_csv(path, sep="\t")
        if suffix == ".csv":
            df = pd.read_csv(path)
            if LABELS in df.columns:  # lists in a CSV: JSON arrays or "a;b" strings
                df[LABELS] = df[LABELS].map(_parse_label_list)
            return df
        raise ValueError(f"Cannot read training data from {path.name!r}: use .csv, .tsv, .jsonl, .json or .parquet.")
    if hasattr(data, "to_pandas") and hasattr(data, "column_names"):  # datasets.Dataset
        return data.to_pandas()
    if isinstance(data, (list, tuple)) and data and isinstance(data[0], dict):
        return pd.DataFrame(list(data))
    raise TypeError(
        f"Training data must be a DataFrame, a file path or a datasets.Dataset; got {type(data).__name__}."
    )


def _parse_label_list(v: Any) -> list[str]:
    if isinstance(v, (list, tuple, np.ndarray)):
        return [str(x) for x in v]
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return []
    s = str(v).strip()
    if s.startswith("["):
        return [str(x) for x in json.loads(s)]
    return [p.strip() for p in s.replace("|", ";").split(";") if p.strip()]


@dataclass
class Coded:
    """A checked coded sample.

    Attributes
    ----------
    texts : list of str
    spans : list of (start, end) or None
        The target span per row (target-dependent tasks), else None.
    y : list of str (single-label) or list of list of str (multi-label)
    multi_label : bool
    """

    texts: list[str]
    spans: list[tuple[int, int]] | None
    y: list
    multi_label: bool

    def __len__(self) -> int:
        return len(self.texts)

    @property
    def target_dependent(self) -> bool:
        return self.spans is not None

    def subset(self, idx: Sequence[int]) -> "Coded":
        return Coded([self.texts[i] for i in idx], None if self.spans is None else [self.spans[i] for i in idx],
                     [self.y[i] for i in idx], self.multi_label)

    def frame(self) -> pd.DataFrame:
        df = pd.DataFrame({TEXT: self.texts})
        if self.spans is not None:
            df[START] = [s for s, _ in self.spans]
            df[END] = [e for _, e in self.spans]
        df[LABELS if self.multi_label else LABEL] = self.y
        return df


def infer_multi_label(df: pd.DataFrame, multi_label: bool | None) -> bool:
    if multi_label is not None:
        return bool(multi_label)
    if LABELS in df.columns:
        return True
    if LABEL in df.columns:
        return False
    raise ValueError(
        f"The training data needs a {LABEL!r} column (one label per row) or a {LABELS!r} column "
        f"(a list of labels per row, multi-label). Available columns: {list(df.columns)}."
    )


def infer_target_dependent(df: pd.DataFrame, target_dependent: bool | None) -> bool:
    has = START in df.columns and END in df.columns
    if target_dependent is None:
        return has
    if target_dependent and not has:
        raise ValueError(
            f"A target-dependent task needs the columns {START!r} and {END!r} (character offsets of the "
            f"target in `text`, end exclusive). Available columns: {list(df.columns)}."
        )
    return bool(target_dependent)


def check_texts_spans(texts: list[str], spans: list[tuple[int, int]] | None) -> None:
    """Raise a ValueError naming the rows whose offsets fall outside their text."""
    if spans is None:
        return
    bad = [i for i, (t, (s, e)) in enumerate(zip(texts, spans)) if not (0 <= s < e <= len(t))]
    if bad:
        raise ValueError(
            f"Target offsets outside their text in rows {bad[:10]}"
            f"{' (and more)' if len(bad) > 10 else ''}; offsets are 0-based character positions, "
            f"end exclusive, with 0 <= {START} < {END} <= len(text)."
        )


def coded_from(data: Any, *, multi_label: bool | None = None, target_dependent: bool | None = None,
               labels: Sequence[str] | None = None, require_labels: bool = True) -> Coded:
    """Read and check a coded sample (see the module docstring for the columns).

    Raises
    ------
    ValueError
        Empty data, a missing column, offsets out of range, labels outside
        ``labels``, or fewer than two labels (single-label).
    """
    df = read_table(data)
    if len(df) == 0:
        raise ValueError("The training data is empty: give at least a few coded rows per label.")
    if TEXT not in df.columns:
        raise ValueError(f"The training data needs a {TEXT!r} column. Available columns: {list(df.columns)}; "
                         "rename yours, e.g. df.rename(columns={'sentence': 'text'}).")
    ml = infer_multi_label(df, multi_label) if require_labels or LABEL in df or LABELS in df else bool(multi_label)
    td = infer_target_dependent(df, target_dependent)
    texts = df[TEXT].astype(str).tolist()
    spans = None
    if td:
        spans = list(zip(df[START].astype(int).tolist(), df[END].astype(int).tolist()))
        check_texts_spans(texts, spans)
    col = LABELS if ml else LABEL
    if col not in df.columns:
        if require_labels:
            raise ValueError(
                f"{'Multi-label' if ml else 'Single-label'} training needs a {col!r} column. "
                f"Available columns: {list(df.columns)}."
            )
        return Coded(texts, spans, [], ml)
    if ml:
        y = [_parse_label_list(v) for v in df[col]]
    else:
        if df[col].isna().any():
            rows = np.flatnonzero(df[col].isna().to_numpy())[:10].tolist()
            raise ValueError(f"Rows {rows} have no label; code them or drop them.")
        y = df[col].astype(str).tolist()
    if labels is not None:
        allowed = set(map(str, labels))
        seen = {lab for row in y for lab in row} if ml else set(y)
        extra = sorted(seen - allowed)
        if extra:
            raise ValueError(f"Labels {extra} are not in labels={list(labels)}; add them or fix the codes.")
    return Coded(texts, spans, y, ml)


def label_set(coded: Coded, labels: Sequence[str] | None = None) -> list[str]:
    """The label list: ``labels`` as given, else the sorted codes seen; at least two for single-label."""
    if labels is not None:
        out = [str(x) for x in labels]
    elif coded.multi_label:
        out = sorted({lab for row in coded.y for lab in row})
    else:
        out = sorted(set(coded.y))
    if len(out) < (1 if coded.multi_label else 2):
        raise ValueError(
            f"Training needs at least two different labels; the data has {out}. "
            "Code more rows, or pass labels=[...] with the full label set."
        )
    return out


def data_sha256(coded: Coded) -> str:
    """sha256 of the training rows: text, target offsets and labels, in order."""
    h = hashlib.sha256()
    for i, t in enumerate(coded.texts):
        lab = coded.y[i] if coded.y else None
        row = [t, list(coded.spans[i]) if coded.spans is not None else None,
               sorted(lab) if isinstance(lab, list) else lab]
        h.update(json.dumps(row, ensure_ascii=False).encode("utf-8"))
        h.update(b"\n")
    return h.hexdigest()


def split_dev(coded: Coded, dev_size: float, seed: int = 0) -> tuple[Coded, Coded]:
    """A stratified (single-label) or random (multi-label) dev split; at least one dev row per label when possible."""
    n = len(coded)
    if not 0 < dev_size < 1:
        raise ValueError(f"dev_size must be between 0 and 1; got {dev_size}.")
    n_dev = max(1, int(round(n * dev_size)))
    if n - n_dev < 2:
        raise ValueError(f"{n} rows are too few to hold out a dev split; code more rows or pass dev= explicitly.")
    rng = np.random.default_rng(seed)
    if coded.multi_label:
        idx = rng.permutation(n)
        return coded.subset(sorted(idx[n_dev:])), coded.subset(sorted(idx[:n_dev]))
    y = np.asarray(coded.y)
    dev: list[int] = []
    for lab in sorted(set(coded.y)):
        members = rng.permutation(np.flatnonzero(y == lab))
        k = int(round(len(members) * dev_size))
        if len(members) >= 3:
            k = max(1, k)
        dev.extend(members[:k].tolist())
    dev_set = set(dev)
    train = [i for i in range(n) if i not in dev_set]
    return coded.subset(train), coded.subset(sorted(dev))


def to_inputs(X: Any, *, target_dependent: bool) -> tuple[list[str], list[tuple[int, int]] | None]:
    """Texts and target spans from what ``predict`` accepts.

    ``X`` is a list of strings (sentence tasks), a DataFrame with ``text`` (and
    ``target_start``/``target_end`` for target-dependent tasks), or a list of
    ``(text, start, end)`` tuples.
    """
    if isinstance(X, str):
        raise TypeError("Pass a list of texts (or a DataFrame), not a single string: e.g. predict([text]).")
    if isinstance(X, pd.DataFrame) or (hasattr(X, "to_pandas") and hasattr(X, "column_names")):
        df = read_table(X)
        if TEXT not in df.columns:
            raise ValueError(f"X needs a {TEXT!r} column. Available columns: {list(df.columns)}.")
        texts = df[TEXT].astype(str).tolist()
        spans = None
        if target_dependent:
            if START not in df.columns or END not in df.columns:
                raise ValueError(
                    f"This model is target-dependent: X needs {START!r} and {END!r} columns "
                    f"(character offsets of the target). Available columns: {list(df.columns)}."
                )
            spans = list(zip(df[START].astype(int).tolist(), df[END].astype(int).tolist()))
    else:
        rows = list(X)
        if target_dependent:
            if rows and not all(isinstance(r, (tuple, list)) and len(r) == 3 for r in rows):
                raise ValueError("This model is target-dependent: pass a DataFrame with text, target_start, "
                                 "target_end, or a list of (text, start, end) tuples.")
            texts = [str(r[0]) for r in rows]
            spans = [(int(r[1]), int(r[2])) for r in rows]
        else:
            texts = [str(r) for r in rows]
            spans = None
    check_texts_spans(texts, spans)
    return texts, spans


def y_from(X: Any, y: Any, multi_label: bool) -> list | None:
    """Labels given as ``y``, or taken from X's ``label``/``labels`` column."""
    if y is not None:
        vals = list(y)
    elif isinstance(X, pd.DataFrame) and (LABELS if multi_label else LABEL) in X.columns:
        vals = X[LABELS if multi_label else LABEL].tolist()
    else:
        return None
    if multi_label:
        if len(vals) and isinstance(vals[0], str):
            raise ValueError("Multi-label y must be a list of label lists, e.g. [['economic'], ['economic', 'legality']].")
        return [_parse_label_list(v) for v in vals]
    return [str(v) for v in vals]
