"""Drawing a coding sample: stratified by outlet and the model's label, reproducible."""

from __future__ import annotations

import hashlib
import logging
from typing import Any, Sequence

import numpy as np
import pandas as pd

from ._tasks import DEFAULT_TASKS, UNITS, TASKS

logger = logging.getLogger("framing")

_DEFAULT_LABEL = {"sentence": "attr_form", "stance": "stance"}
_MODEL_COLUMNS = {
    "sentence": ("attr_form", "hedged", "loaded", "agentless_passive", "frames", "loaded_terms"),
    "stance": ("stance", "voice", "holder"),
}


def _tables(result: Any) -> dict[str, pd.DataFrame]:
    if isinstance(result, dict):
        return result
    out = {}
    for name in ("articles", "sentences", "stances"):
        if not hasattr(result, name):
            raise TypeError(
                f"sample_for_coding needs a framing.Result (or an object or dict with the tables "
                f"'sentences' and 'stances'); got {type(result).__name__}."
            )
        out[name] = getattr(result, name)
    return out


def unit_ids(frame: pd.DataFrame, unit: str) -> pd.Series:
    """The id of each row: ``"<doc_id>#<sent_id>"``, plus ``"#<target>"`` for stance rows."""
    ids = frame["doc_id"].astype(str) + "#" + frame["sent_id"].astype(int).astype(str)
    if unit == "stance":
        ids = ids + "#" + frame["target"].astype(str)
    return ids


def _key(seed: int, uid: str) -> float:
    """A stable pseudo-random number in [0, 1) for a unit: the same for the same (seed, id)."""
    h = hashlib.sha256(f"{seed}\x1f{uid}".encode("utf-8")).digest()
    return int.from_bytes(h[:8], "big") / 2**64


def _stratum_value(v: Any) -> str:
    if isinstance(v, (list, tuple, set, frozenset, np.ndarray)):
        vals = sorted(str(x) for x in v)
        return "+".join(vals) if vals else "(none)"
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return "(missing)"
    return str(v)


def allocate(sizes: dict[str, int], n: int, minimum: int) -> dict[str, int]:
    """Proportional allocation of ``n`` over strata, at least ``minimum`` each (or all of a small stratum).

    Largest-remainder rounding; no stratum gets more than it holds. When the
    minimums alone exceed ``n`` every stratum gets its minimum (the sample is
    then larger than ``n``).
    """
    total = sum(sizes.values())
    if n >= total:
        return dict(sizes)
    alloc = {s: min(minimum, k) for s, k in sizes.items()}
    rest = n - sum(alloc.values())
    if rest < 0:
        logger.warning("the minimum of %d per stratum over %d strata exceeds n=%d; the sample has %d units",
                       minimum, len(sizes), n, sum(alloc.values()))
        return alloc
    open_ = {s for s in sizes if sizes[s] > alloc[s]}
    while rest > 0 and open_:
        weight = sum(sizes[s] for s in open_)
        quota = {s: rest * sizes[s] / weight for s in open_}
        extra = {s: min(int(np.floor(q)), sizes[s] - alloc[s]) for s, q in quota.items()}
        given = sum(extra.values())
        if given == 0:  # hand out the remainder by largest fractional part, then by size and name
            order = sorted(open_, key=lambda s: (-(quota[s] - np.floor(quota[s])), -sizes[s], s))
            for s in order[:rest]:
                extra[s] += 1
            given = sum(extra.values())
        for s, e in extra.items():
            alloc[s] += e
        rest -= given
        open_ = {s for s in open_ if sizes[s] > alloc[s]}
    return alloc


def sample_for_coding(
    result: Any,
    n: int = 100,
    *,
    unit: str = "sentence",
    by: Sequence[str] | None = None,
    seed: int = 0,
    min_per_stratum: int = 2,
    part: str = "all",
) -> pd.DataFrame:
    """Draw a sample of units for hand coding, stratified by outlet and by the model's label.

    Parameters
    ----------
    result : Result, object or dict
        A :class:`framing.Result` (or an object or dict with its tables).
    n : int, default 100
        Sample size. Strata get shares proportional to their size, with at
        least ``min_per_stratum`` units each (all of a smaller stratum), so
        rare labels are coded too; the sample can exceed ``n`` when the
        minimums alone do.
    unit : {"sentence", "stance"}, default "sentence"
        Code sentences (``attr_form``, ``hedged``, ``loaded``, ``frames``) or
        (sentence, target) pairs of the ``stances`` table (``stance``, ``voice``).
    by : sequence of str, optional
        Columns of the unit's table that define the strata; default
        ``("outlet", "attr_form")`` for sentences and ``("outlet", "stance")``
        for stance rows. List-valued columns (``frames``) use the sorted
        labels joined by ``+``; missing values are a stratum of their own.
    seed : int, default 0
        The same seed and result give the same sample.
    min_per_stratum : int, default 2
    part : {"all", "body", "title"}, default "all"
        Which sentences to draw from.

    Returns
    -------
    pandas.DataFrame
        One row per sampled unit, in a random (seeded) order so that coders
        meet the strata mixed: ``unit_id`` (``"<doc_id>#<sent_id>"``, plus
        ``"#<target>"`` for stance), ``doc_id``, ``sent_id``, (``target``),
        ``text``, ``context_before``, ``context_after``, the ``by`` columns,
        ``stratum``, and the model's labels (``attr_form``, ``hedged``,
        ``loaded``, ``frames``, ... or ``stance``, ``voice``, ``holder``).
        Keep this frame: :func:`coding_sheet` hides the model's labels from
        coders and :func:`agreement` joins the codes back on ``unit_id``.

    Raises
    ------
    ValueError
        For an unknown ``unit`` or ``part``, a ``by`` column the table lacks,
        or an empty table.

    Notes
    -----
    Within a stratum the units with the smallest keys ``sha256(seed, unit_id)``
    are taken. The draw of a unit thus depends on its id, not on the order of
    the table, and a small change of the model's labels moves only the units
    concerned: a sample redrawn after a model update mostly keeps its units.

    Examples
    --------
    >>> from framing.compare import synthetic_result
    >>> sample = sample_for_coding(synthetic_result(n_articles=30, seed=1), n=40, seed=7)
    >>> len(sample) >= 40, sample["unit_id"].is_unique
    (True, True)
    """
    if unit not in UNITS:
        raise ValueError(f"The 'unit' parameter of sample_for_coding must be one of {list(UNITS)}. Got {unit!r} instead.")
    if part not in ("all", "body", "title"):
        raise ValueError(f"The 'part' parameter must be 'all', 'body' or 'title'. Got {part!r} instead.")
    if n < 1:
        raise ValueError(f"n must be a positive number of units; got {n!r}.")
    tables = _tables(result)
    sents = tables["sentences"].copy()
    if part != "all" and "part" in sents.columns:
        sents = sents[sents["part"] == part]
    frame = sents if unit == "sentence" else tables["stances"].copy()
    if unit == "stance" and part != "all" and "part" in frame.columns:
        frame = frame[frame["part"] == part]
    if frame.empty:
        what = "sentences" if unit == "sentence" else "stance rows (run framing.score with the 'stance' task)"
        raise ValueError(f"The result has no {what} to sample from.")
    by = tuple(by) if by is not None else ("outlet", _DEFAULT_LABEL[unit])
    missing = [c for c in by if c not in frame.columns]
    if missing:
        raise ValueError(
            f"Could not stratify by {missing[0]!r}: the {unit} table has no such column. "
            f"Its columns: {list(frame.columns)}."
        )

    frame = frame.reset_index(drop=True)
    frame["unit_id"] = unit_ids(frame, unit)
    if frame["unit_id"].duplicated().any():
        dup = frame.loc[frame["unit_id"].duplicated(), "unit_id"].iloc[0]
        raise ValueError(f"Unit ids are not unique (e.g. {dup!r}); the table has duplicate rows.")
    frame["stratum"] = [" | ".join(_stratum_value(v) for v in row) for row in frame[list(by)].itertuples(index=False)]
    frame["_key"] = [_key(seed, u) for u in frame["unit_id"]]
    sizes = frame.groupby("stratum").size().to_dict()
    alloc = allocate(sizes, n, min_per_stratum)
    frame = frame.sort_values(["stratum", "_key"])
    rank = frame.groupby("stratum").cumcount()
    picked = frame[rank.to_numpy() < frame["stratum"].map(alloc).to_numpy()]
    picked = picked.sort_values("_key").reset_index(drop=True)

    # the sentence text and its neighbours, for coders
    sents = tables["sentences"].sort_values(["doc_id", "sent_id"])
    ctx = sents[["doc_id", "sent_id", "text"]].copy()
    ctx["context_before"] = ctx.groupby("doc_id")["text"].shift(1)
    ctx["context_after"] = ctx.groupby("doc_id")["text"].shift(-1)
    if unit == "stance":
        picked = picked.merge(ctx, on=["doc_id", "sent_id"], how="left", validate="many_to_one")
    else:
        picked = picked.merge(ctx[["doc_id", "sent_id", "context_before", "context_after"]],
                              on=["doc_id", "sent_id"], how="left", validate="one_to_one")
    picked[["context_before", "context_after"]] = picked[["context_before", "context_after"]].fillna("")

    ids = ["unit_id", "doc_id", "sent_id"] + (["target"] if unit == "stance" else [])
    model = [c for c in _MODEL_COLUMNS[unit] if c in picked.columns]
    cols = ids + ["text", "context_before", "context_after"] + [c for c in by if c not in ids + model] + ["stratum"] + model
    out = picked[cols].copy()
    out.attrs.update({"unit": unit, "seed": seed, "by": list(by), "n": n})
    logger.info("coding sample: %d %s units from %d strata (seed %d)", len(out), unit, len(alloc), seed)
    return out


def infer_unit(frame: pd.DataFrame) -> str:
    """'stance' when the frame has a ``target`` column, else 'sentence'."""
    if frame.attrs.get("unit") in UNITS:
        return frame.attrs["unit"]
    return "stance" if "target" in frame.columns else "sentence"


__all__ = ["sample_for_coding", "allocate", "unit_ids", "infer_unit", "DEFAULT_TASKS", "TASKS"]
