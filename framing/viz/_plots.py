"""Plots of comparison tables (seaborn's signature: long-form data in, Axes out).

Every function takes either a result (and computes its table with
:func:`framing.compare.compare_outlets` or :func:`framing.compare.log_odds`)
or the precomputed long table; ``ax=None`` draws on ``plt.gca()``; empty
data gives an empty Axes with a "no data" note; the input is never changed.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from framing.compare import compare_outlets, log_odds
from framing.compare._outlets import _COLUMNS
from framing.compare._tables import as_tables
from framing.labels import FRAMES, SENTENCE_ATTR_FORMS, SOURCE_TYPES
from framing.viz._palette import NET_CMAP, label_colors, outlet_palette

_DATA_DOC = """data : Result, object, dict or DataFrame
        A scoring result (the table is computed), or the long table that
        :func:`framing.compare.compare_outlets` returns."""


def _get_ax(ax):
    import matplotlib.pyplot as plt

    return plt.gca() if ax is None else ax


def _no_data(ax, title: str | None = None):
    ax.text(0.5, 0.5, "no data", ha="center", va="center", transform=ax.transAxes, color="#666666")
    ax.set_xticks([])
    ax.set_yticks([])
    if title:
        ax.set_title(title)
    return ax


def _long(data: Any, measure: str, **kwargs) -> pd.DataFrame:
    """The long table of ``measure`` for ``data`` (a result or a long table)."""
    if isinstance(data, pd.DataFrame):
        if "measure" not in data.columns or "value" not in data.columns:
            raise ValueError(
                "Expected the long table of framing.compare.compare_outlets (with columns "
                f"'measure' and 'value'); got columns {list(data.columns)}. Pass the result "
                "itself, or compare_outlets(result, measure=...)."
            )
        return data[data["measure"] == measure]
    tables = as_tables(data)
    if tables.articles.empty and tables.sentences.empty:
        return pd.DataFrame(columns=_COLUMNS)
    return compare_outlets(tables, measure=measure, **kwargs)


def _ci_text(v: float, lo: float, hi: float) -> str:
    if np.isnan(lo) or np.isnan(hi):
        return f"{v:+.2f}"
    return f"{v:+.2f}\n[{lo:+.2f}, {hi:+.2f}]"


def stance_heatmap(
    data: Any,
    *,
    actors: list[str] | None = None,
    groups: list[str] | None = None,
    annot: bool = True,
    cmap: str = NET_CMAP,
    max_actors: int | None = 10,
    ax=None,
    **compare_kws,
):
    """Net stance per actor (rows) and outlet (columns), intervals annotated.

    Parameters
    ----------
    {data}
    actors, groups : list of str, optional
        Which rows and columns, in this order (default: all groups; the
        ``max_actors`` actors with the most stance sentences, sorted).
    max_actors : int or None, default 10
        Cap on the rows when ``actors`` is not given (None: all actors).
    annot : bool, default True
        Write the value and its interval in each cell.
    cmap : str, default "RdBu"
        A diverging colour map; -1 (against) to +1 (favor).
    ax : matplotlib Axes, optional
        Where to draw (default: the current Axes).
    **compare_kws
        Passed to :func:`framing.compare.compare_outlets` when ``data`` is a result.

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = _get_ax(ax)
    table = _long(data, "net_stance", **compare_kws)
    if table.empty:
        return _no_data(ax, "Net stance")
    mat = table.pivot_table(index="actor", columns="group", values="value", aggfunc="first")
    low = table.pivot_table(index="actor", columns="group", values="ci_low", aggfunc="first")
    high = table.pivot_table(index="actor", columns="group", values="ci_high", aggfunc="first")
    if actors:
        rows = list(actors)
    else:
        volume = table.groupby("actor")["n_sentences"].sum().sort_values(ascending=False, kind="stable")
        rows = sorted(volume.index[:max_actors] if max_actors else volume.index)
    cols = groups or sorted(mat.columns)
    mat, low, high = (m.reindex(index=rows, columns=cols) for m in (mat, low, high))
    ax.imshow(mat.to_numpy(float), cmap=cmap, vmin=-1, vmax=1, aspect="auto")
    if annot:
        # intervals only where the cells are wide enough to hold them
        with_ci = len(cols) <= 4
        for i in range(len(rows)):
            for j in range(len(cols)):
                v = mat.iat[i, j]
                if pd.notna(v):
                    text = _ci_text(v, low.iat[i, j], high.iat[i, j]) if with_ci else f"{v:+.2f}"
                    ax.text(j, i, text, ha="center", va="center",
                            fontsize=8, color="white" if abs(v) > 0.6 else "black")
    ax.set_xticks(range(len(cols)), [str(c) for c in cols], rotation=30, ha="right")
    ax.set_yticks(range(len(rows)), [str(r) for r in rows])
    ax.set_title("Net stance (favor − against)")
    return ax


def _stacked(table: pd.DataFrame, measure: str, labels: tuple[str, ...], ax, title: str):
    if table.empty:
        return _no_data(ax, title)
    table = table[table["actor"].isna()] if table["actor"].notna().any() and table["actor"].isna().any() else table
    wide = table.pivot_table(index="group", columns="label", values="value", aggfunc="first").fillna(0.0)
    present = [label for label in labels if label in wide.columns and wide[label].gt(0).any()]
    groups = sorted(wide.index, reverse=True)
    colors = label_colors(measure)
    left = np.zeros(len(groups))
    for label in present:
        width = wide.loc[groups, label].to_numpy(float)
        ax.barh(groups, width, left=left, color=colors[label], label=label, edgecolor="white", linewidth=0.5)
        left += width
    ax.set_xlim(0, 1)
    ax.set_xlabel("share")
    ax.set_title(title)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    return ax


def attribution_mix(data: Any, *, ax=None, **compare_kws):
    """Stacked bars: the mix of sentence attribution forms per outlet.

    Parameters
    ----------
    {data}
    ax : matplotlib Axes, optional
        Where to draw (default: the current Axes).
    **compare_kws
        Passed to :func:`framing.compare.compare_outlets` when ``data`` is a result.

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = _get_ax(ax)
    return _stacked(_long(data, "attr_form", **compare_kws), "attr_form", SENTENCE_ATTR_FORMS, ax,
                    "Attribution form of sentences")


def source_mix(data: Any, *, ax=None, **compare_kws):
    """Stacked bars: the mix of source types among attributions per outlet.

    Parameters
    ----------
    {data}
    ax : matplotlib Axes, optional
        Where to draw (default: the current Axes).
    **compare_kws
        Passed to :func:`framing.compare.compare_outlets` when ``data`` is a result.

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = _get_ax(ax)
    return _stacked(_long(data, "source_type", **compare_kws), "source_type", SOURCE_TYPES, ax,
                    "Source types of attributions")


def frame_profile(data: Any, *, kind: str = "dot", ax=None, **compare_kws):
    """Share of sentences carrying each frame, per outlet.

    Parameters
    ----------
    {data}
    kind : {"dot", "heatmap"}, default "dot"
        Dots with interval bars (one colour per outlet), or a frames x
        outlets heatmap.
    ax : matplotlib Axes, optional
        Where to draw (default: the current Axes).
    **compare_kws
        Passed to :func:`framing.compare.compare_outlets` when ``data`` is a result.

    Returns
    -------
    matplotlib.axes.Axes
    """
    if kind not in ("dot", "heatmap"):
        raise ValueError(f"The 'kind' parameter must be 'dot' or 'heatmap'; got {kind!r} instead.")
    ax = _get_ax(ax)
    table = _long(data, "frames", **compare_kws)
    title = "Frames (share of sentences)"
    if table.empty:
        return _no_data(ax, title)
    frames = [f for f in FRAMES if f in set(table["label"]) and table.loc[table["label"] == f, "value"].gt(0).any()]
    groups = sorted(table["group"].unique())
    if kind == "heatmap":
        mat = table.pivot_table(index="label", columns="group", values="value", aggfunc="first")
        mat = mat.reindex(index=frames, columns=groups)
        ax.imshow(mat.to_numpy(float), cmap="Blues", vmin=0, aspect="auto")
        for i in range(len(frames)):
            for j in range(len(groups)):
                if pd.notna(mat.iat[i, j]):
                    ax.text(j, i, f"{mat.iat[i, j]:.2f}", ha="center", va="center", fontsize=7)
        ax.set_xticks(range(len(groups)), groups)
        ax.set_yticks(range(len(frames)), frames)
        ax.set_title(title)
        return ax
    palette = outlet_palette(groups)
    ypos = {f: i for i, f in enumerate(reversed(frames))}
    offsets = np.linspace(-0.25, 0.25, len(groups)) if len(groups) > 1 else [0.0]
    for off, g in zip(offsets, groups):
        sub = table[(table["group"] == g) & table["label"].isin(frames)]
        y = sub["label"].map(ypos).to_numpy(float) + off
        x = sub["value"].to_numpy(float)
        err = np.vstack([x - sub["ci_low"].to_numpy(float), sub["ci_high"].to_numpy(float) - x])
        err = np.where(np.isnan(err), 0.0, np.clip(err, 0, None))
        ax.errorbar(x, y, xerr=err, fmt="o", color=palette[g], label=g, markersize=4, capsize=0, linewidth=1)
    ax.set_yticks(range(len(frames)), list(reversed(frames)))
    ax.set_xlabel("share of sentences")
    ax.set_title(title)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, fontsize=8)
    return ax


def log_odds_plot(
    data: Any,
    *,
    group: str | None = None,
    n: int = 10,
    actor: str | None = None,
    unit: str = "words",
    ax=None,
    **log_odds_kws,
):
    """The terms that most mark one outlet (highest z of the log-odds ratio).

    Parameters
    ----------
    data : Result, object, dict or DataFrame
        A scoring result, or the table of :func:`framing.compare.log_odds`.
    group : str, optional
        The outlet (default: the first in sorted order).
    n : int, default 10
        How many terms.
    actor, unit
        Passed to :func:`framing.compare.log_odds` when ``data`` is a result.
    ax : matplotlib Axes, optional
        Where to draw (default: the current Axes).
    **log_odds_kws
        Passed to :func:`framing.compare.log_odds`.

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = _get_ax(ax)
    if isinstance(data, pd.DataFrame):
        if not {"group", "term", "z"} <= set(data.columns):
            raise ValueError(
                "Expected the table of framing.compare.log_odds (columns group, term, z); got "
                f"columns {list(data.columns)}."
            )
        table = data
    else:
        tables = as_tables(data)
        table = (pd.DataFrame(columns=["group", "term", "z"]) if tables.sentences.empty
                 else log_odds(tables, actor=actor, unit=unit, **log_odds_kws))
    label = f" ({actor})" if actor else ""
    if table.empty:
        return _no_data(ax, f"Distinctive {unit}{label}")
    groups = sorted(table["group"].unique())
    group = groups[0] if group is None else group
    if group not in groups:
        raise ValueError(f"Group {group!r} is not in the table; known: {groups}.")
    top = table[table["group"] == group].nlargest(n, "z").iloc[::-1]
    ax.barh(top["term"].astype(str), top["z"].to_numpy(float), color=outlet_palette(groups)[group])
    ax.axvline(1.96, color="#666666", linewidth=0.8, linestyle=":")
    ax.set_xlabel("z (log-odds, informative Dirichlet prior)")
    ax.set_title(f"Distinctive {unit}{label}: {group}")
    return ax


def stance_timeline(
    data: Any,
    *,
    actor: str | None = None,
    freq: str = "M",
    ax=None,
    **compare_kws,
):
    """Net stance toward one actor over time, one line per outlet, interval bands.

    Parameters
    ----------
    data : Result, object, dict or DataFrame
        A scoring result, or the table of
        ``compare_outlets(result, by=["outlet", "date:M"], measure="net_stance")``
        (with ``outlet`` and ``date`` columns).
    actor : str, optional
        The actor (default: the one with the most units).
    freq : str, default "M"
        Date bins (pandas period alias) when the table is computed.
    ax : matplotlib Axes, optional
        Where to draw (default: the current Axes).
    **compare_kws
        Passed to :func:`framing.compare.compare_outlets` when ``data`` is a result.

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = _get_ax(ax)
    if not isinstance(data, pd.DataFrame):
        compare_kws.setdefault("by", ["outlet", f"date:{freq}"])
    table = _long(data, "net_stance", **compare_kws)
    if not table.empty and not {"outlet", "date"} <= set(table.columns):
        raise ValueError(
            "stance_timeline needs a table with 'outlet' and 'date' columns: compute it with "
            "compare_outlets(result, by=['outlet', 'date:M'], measure='net_stance')."
        )
    if actor is not None and not table.empty:
        table = table[table["actor"] == actor]
    elif not table.empty:
        actor = table.groupby("actor")["n_units"].sum().idxmax()
        table = table[table["actor"] == actor]
    title = f"Net stance over time: {actor}" if actor else "Net stance over time"
    if table.empty:
        return _no_data(ax, title)
    palette = outlet_palette(table["outlet"].unique())
    for outlet, sub in table.sort_values("date").groupby("outlet", sort=True):
        dates = pd.to_datetime(sub["date"])
        ax.plot(dates, sub["value"].to_numpy(float), marker="o", markersize=3, color=palette[outlet], label=str(outlet))
        ax.fill_between(dates, sub["ci_low"].to_numpy(float), sub["ci_high"].to_numpy(float),
                        color=palette[outlet], alpha=0.2, linewidth=0)
    ax.axhline(0, color="#666666", linewidth=0.8)
    ax.set_ylim(-1, 1)
    ax.set_ylabel("favor − against")
    ax.set_title(title)
    ax.legend(frameon=False)
    for tick in ax.get_xticklabels():
        tick.set_rotation(30)
        tick.set_horizontalalignment("right")
    return ax


for _f in (stance_heatmap, attribution_mix, source_mix, frame_profile):
    _f.__doc__ = _f.__doc__.replace("{data}", _DATA_DOC)


def overview(result: Any, *, figsize: tuple[float, float] | None = None, actor: str | None = None):
    """One figure with the main comparisons of a corpus.

    Parameters
    ----------
    result : Result, object or dict
        A scoring result.
    figsize : tuple of float, optional
        Figure size in inches (default: 14 x 13).
    actor : str, optional
        The actor of the timeline and the lexical panel (default: the most
        frequent stance target).

    Returns
    -------
    matplotlib.figure.Figure
        Net stance heatmap, attribution mix, source mix, frame profile,
        distinctive words and the stance timeline.
    """
    import matplotlib.pyplot as plt

    tables = as_tables(result)
    if actor is None and not tables.stances.empty:
        actor = tables.stances["target"].value_counts().idxmax()
    fig, axes = plt.subplots(3, 2, figsize=figsize or (14, 13))
    stance_heatmap(tables, ax=axes[0, 0])
    attribution_mix(tables, ax=axes[0, 1])
    source_mix(tables, ax=axes[1, 0])
    frame_profile(tables, ax=axes[1, 1])
    log_odds_plot(tables, actor=actor, ax=axes[2, 0])
    stance_timeline(tables, actor=actor, ax=axes[2, 1])
    fig.tight_layout()
    return fig
