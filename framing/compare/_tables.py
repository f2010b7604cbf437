"""Coercing results to tables, grouping articles, and filtering by part.

Everything in :mod:`framing.compare` and :mod:`framing.viz` works on the
tables of CODEBOOK §5 only; this module turns whatever the caller passes (a
:class:`framing.result.Result`, any object with the table attributes, or a dict
of DataFrames) into one small private structure.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from framing.labels import PARTS, TABLE_COLUMNS

logger = logging.getLogger("framing")

TABLE_NAMES = ("articles",) + tuple(t for t in TABLE_COLUMNS if t != "articles")
KEY = ["doc_id", "sent_id"]
PART_CHOICES = ("body", "all", "title")


@dataclass
class Tables:
    """The five result tables (never the caller's objects: filtered copies)."""

    articles: pd.DataFrame
    sentences: pd.DataFrame
    attributions: pd.DataFrame
    stances: pd.DataFrame
    mentions: pd.DataFrame
    meta: dict[str, Any] = field(default_factory=dict)
    texts: Mapping[str, str] | None = None

    def get(self, name: str) -> pd.DataFrame:
        return getattr(self, name)


def _empty(name: str) -> pd.DataFrame:
    return pd.DataFrame(columns=list(TABLE_COLUMNS[name]))


def as_tables(result: Any) -> Tables:
    """Coerce ``result`` to :class:`Tables`.

    Parameters
    ----------
    result : Result, object or dict
        A :class:`framing.result.Result`, any object with the attributes
        ``articles``, ``sentences``, ``attributions``, ``stances`` and
        ``mentions`` (pandas DataFrames), or a dict with those keys. Missing
        tables are treated as empty.

    Raises
    ------
    TypeError
        When ``result`` is none of the above.
    """
    if isinstance(result, Tables):
        return result
    if isinstance(result, Mapping):
        getter = result.get
    elif any(hasattr(result, name) for name in TABLE_NAMES):

        def getter(name, default=None):
            return getattr(result, name, default)

    else:
        raise TypeError(
            "Expected a framing Result, an object with the tables "
            f"{', '.join(TABLE_NAMES)} as attributes, or a dict of DataFrames; "
            f"got {type(result).__name__}. Pass the output of framing.score(...) "
            "or framing.result.Result.load(path)."
        )
    tables = {}
    for name in TABLE_NAMES:
        table = getter(name, None)
        if table is None:
            table = _empty(name) if name != "articles" else pd.DataFrame(columns=["doc_id"])
        if not isinstance(table, pd.DataFrame):
            raise TypeError(
                f"The {name!r} table must be a pandas DataFrame; got {type(table).__name__}."
            )
        tables[name] = table
    meta = getter("meta", None) or {}
    texts = getter("texts", None)
    return Tables(**tables, meta=dict(meta), texts=texts)


# --- parts ------------------------------------------------------------------


def with_part(table: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Return ``table`` with a ``part`` column (joined from ``sentences`` if absent)."""
    if "part" in table.columns or "part" not in sentences.columns or table.empty:
        return table
    parts = sentences[KEY + ["part"]].drop_duplicates(KEY)
    return table.merge(parts, on=KEY, how="left")


def filter_part(table: pd.DataFrame, sentences: pd.DataFrame, part: str) -> pd.DataFrame:
    """Keep the rows of ``part`` ("body", "title" or "all")."""
    if part not in PART_CHOICES:
        raise ValueError(
            f"The 'part' parameter must be one of {PART_CHOICES}; got {part!r} instead."
        )
    if part == "all":
        return table
    table = with_part(table, sentences)
    if "part" not in table.columns:
        return table  # nothing says which part a row is from: keep everything
    assert part in PARTS
    return table[table["part"].eq(part) | table["part"].isna() & (part == "body")]


# --- grouping ---------------------------------------------------------------

ByArg = str | Callable[[pd.DataFrame], Any] | pd.Series | Sequence[Any]


def article_metadata(tables: Tables) -> pd.DataFrame:
    """One row per doc_id with every metadata column the tables know of."""
    frames = [tables.articles.drop_duplicates("doc_id").set_index("doc_id")]
    for name in ("sentences", "mentions", "stances", "attributions"):
        table = tables.get(name)
        if "doc_id" not in table.columns or table.empty:
            continue
        extra = [c for c in table.columns if c not in frames[0].columns and c != "doc_id"]
        extra = [c for c in extra if c not in TABLE_COLUMNS[name] and c not in ("part", "kind")]
        if extra:
            more = table[["doc_id"] + extra].drop_duplicates("doc_id").set_index("doc_id")
            frames[0] = frames[0].join(more, how="outer")
    return frames[0]


def _one_key(meta: pd.DataFrame, by: Any) -> tuple[str, pd.Series, pd.Series]:
    """Return (name, label per doc as str, value per doc for a key column)."""
    if isinstance(by, pd.Series):
        values = by.reindex(meta.index)
        name = by.name if isinstance(by.name, str) else "group"
        return name, values.astype("string"), values
    if callable(by):
        values = by(meta.reset_index())
        values = pd.Series(np.asarray(values), index=meta.index)
        name = getattr(by, "__name__", "group")
        return name, values.astype("string"), values
    if not isinstance(by, str):
        raise TypeError(
            "The 'by' parameter must be a metadata column name, 'date:<freq>', a "
            f"callable, a Series indexed by doc_id, or a list of those; got {type(by).__name__}."
        )
    if by.startswith("date:"):
        freq = by.split(":", 1)[1] or "M"
        if "date" not in meta.columns:
            raise ValueError(
                f"Could not group by {by!r}: the tables have no 'date' column. "
                "Pass dates in the article metadata, or group by another column."
            )
        dates = pd.to_datetime(meta["date"], errors="coerce")
        periods = dates.dt.to_period(freq)
        return "date", periods.astype("string"), periods.dt.start_time
    if by not in meta.columns:
        known = ", ".join(str(c) for c in meta.columns)
        raise ValueError(
            f"Could not interpret value {by!r} for 'by'. A metadata column with this name "
            f"does not appear in the result (known: {known}); use 'date:M' or 'date:Y' "
            "for date bins, or pass a callable or a Series indexed by doc_id."
        )
    return by, meta[by].astype("string"), meta[by]


def article_groups(tables: Tables, by: ByArg) -> pd.DataFrame:
    """The group of each article: a DataFrame indexed by doc_id.

    Columns: ``group`` (str) and, when ``by`` is a list, one column per key
    (``date`` for date bins, holding the bin's start). Articles whose group is
    missing are left out (with a log message).
    """
    meta = article_metadata(tables)
    keys = list(by) if isinstance(by, (list, tuple)) else [by]
    out = pd.DataFrame(index=meta.index)
    labels = []
    for key in keys:
        name, label, value = _one_key(meta, key)
        labels.append(label)
        if len(keys) > 1:
            out[name] = value
    group = labels[0]
    for label in labels[1:]:
        group = group + " | " + label
    out.insert(0, "group", group)
    missing = out["group"].isna()
    if missing.any():
        logger.info("%d article(s) have no value for by=%r and are left out.", missing.sum(), by)
        out = out[~missing]
    out["group"] = out["group"].astype(str)
    out.index.name = "doc_id"
    return out
