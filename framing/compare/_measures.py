"""The measure registry: what is counted, in which table, for whom.

Every measure turns one result table into *units* (rows of that table), each
with an article (``doc_id``), an ``actor`` (or None) and one indicator value
per label. A measure's value in a cell (group, actor, label) is the ratio
``sum(indicator) / number of units`` over the cell's units; this is the share
of units carrying the label (for ``net_stance`` the indicator is +1 for favor,
-1 for against, 0 for neutral, so the ratio is favor share minus against
share).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from framing.labels import (
    CUE_CLASSES,
    FRAMES,
    ROLES,
    SENTENCE_ATTR_FORMS,
    SOURCE_TYPES,
    STANCES,
)

logger = logging.getLogger("framing")


@dataclass(frozen=True)
class Measure:
    """One entry of :data:`MEASURES`."""

    name: str
    table: str
    column: str
    labels: tuple[str, ...] | None  # None: one value per cell (label None)
    per_actor: bool  # the table itself names the actor (stances.target, mentions.actor)
    kind: str  # "categorical", "binary", "multilabel", "net"
    description: str

    @property
    def actor_column(self) -> str | None:
        if not self.per_actor:
            return None
        return "target" if self.table == "stances" else "actor"


MEASURES: dict[str, Measure] = {
    m.name: m
    for m in (
        Measure("stance", "stances", "stance", STANCES, True, "categorical",
                "share of (sentence, actor) rows with each stance, per actor"),
        Measure("net_stance", "stances", "stance", None, True, "net",
                "favor share minus against share, per actor (-1 to 1)"),
        Measure("attr_form", "sentences", "attr_form", SENTENCE_ATTR_FORMS, False, "categorical",
                "mix of sentence attribution forms (none = outlet's own voice)"),
        Measure("source_type", "attributions", "source_type", SOURCE_TYPES, False, "categorical",
                "mix of source types among attributions"),
        Measure("cue_class", "attributions", "cue_class", CUE_CLASSES, False, "categorical",
                "mix of cue classes among attributions"),
        Measure("hedged", "sentences", "hedged", None, False, "binary",
                "share of sentences hedged in the outlet's own voice"),
        Measure("loaded", "sentences", "loaded", None, False, "binary",
                "share of sentences with loaded wording"),
        Measure("agentless_passive", "sentences", "agentless_passive", None, False, "binary",
                "share of sentences with an agentless passive"),
        Measure("frames", "sentences", "frames", FRAMES, False, "multilabel",
                "share of sentences carrying each frame (multi-label)"),
        Measure("role", "mentions", "role", ROLES, True, "categorical",
                "share of an actor's mentions as agent, patient or other"),
    )
}


def get_measure(name: str) -> Measure:
    """Look a measure up by name, with an error that lists the choices."""
    try:
        return MEASURES[name]
    except KeyError:
        raise ValueError(
            f"The 'measure' parameter must be one of {sorted(MEASURES)}; got {name!r} instead."
        ) from None


@dataclass
class Units:
    """Indicator values of a measure's units."""

    frame: pd.DataFrame  # doc_id, sent_id, actor (str; "" when none)
    values: np.ndarray  # (n_units, n_labels) float
    labels: list[str | None]


def _indicators(measure: Measure, table: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray, list]:
    col = measure.column
    if col not in table.columns:
        raise ValueError(
            f"Measure {measure.name!r} needs the column {col!r} of the {measure.table!r} "
            "table, which is missing. Score the corpus with the task that fills it."
        )
    if measure.kind == "multilabel":
        keep = table[col].map(lambda v: v is not None and not (isinstance(v, float) and np.isnan(v)))
        table = table[keep.astype(bool)]
        labels = list(measure.labels)
        index = {label: i for i, label in enumerate(labels)}
        values = np.zeros((len(table), len(labels)))
        for row, items in enumerate(table[col]):
            for item in items:
                j = index.get(item)
                if j is not None:
                    values[row, j] = 1.0
        return table, values, labels
    table = table[table[col].notna()]
    if measure.kind == "binary":
        return table, table[col].astype(bool).to_numpy(float)[:, None], [None]
    raw = table[col].astype(str)
    known = STANCES if measure.kind == "net" else measure.labels
    unknown = ~raw.isin(known)
    if unknown.any():
        logger.warning(
            "%d row(s) of %s.%s carry labels outside the codebook (%s) and are ignored.",
            unknown.sum(), measure.table, col, ", ".join(sorted(raw[unknown].unique())[:5]),
        )
        table, raw = table[~unknown], raw[~unknown]
    if measure.kind == "net":
        values = (raw.eq("favor").to_numpy(float) - raw.eq("against").to_numpy(float))[:, None]
        return table, values, [None]
    labels = list(measure.labels)
    values = (raw.to_numpy()[:, None] == np.asarray(labels, dtype=object)[None, :]).astype(float)
    return table, values, labels


def build_units(
    measure: Measure,
    table: pd.DataFrame,
    mentions: pd.DataFrame,
    actors: Sequence[str] | None,
) -> Units:
    """Units of ``measure`` from its (already filtered) ``table``.

    For measures that name an actor (stance, net_stance, role) ``actors``
    selects them (all when None). For the other measures ``actors`` restricts
    the units to sentences that mention each actor (one set of rows per
    actor); when None, the units are not split by actor.
    """
    table, values, labels = _indicators(measure, table)
    frame = table[["doc_id", "sent_id"]].reset_index(drop=True)
    if measure.per_actor:
        frame["actor"] = table[measure.actor_column].astype(str).to_numpy()
        if actors is not None:
            keep = frame["actor"].isin(list(actors)).to_numpy()
            frame, values = frame[keep].reset_index(drop=True), values[keep]
    elif actors is not None:
        if mentions.empty or "actor" not in mentions.columns:
            frame = frame.iloc[:0].assign(actor="")
            values = values[:0]
        else:
            who = mentions.loc[mentions["actor"].isin(list(actors)), ["doc_id", "sent_id", "actor"]]
            who = who.drop_duplicates()
            frame = frame.reset_index().merge(who, on=["doc_id", "sent_id"], how="inner")
            values = values[frame.pop("index").to_numpy()]
    else:
        frame["actor"] = ""
    return Units(frame=frame, values=np.asarray(values, dtype=float), labels=labels)


FilterFn = Callable[[pd.DataFrame], pd.DataFrame]
