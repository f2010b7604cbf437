"""One self-contained HTML report of a corpus comparison (no external resources)."""

from __future__ import annotations

import base64
import html
import io
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from framing.compare import compare_outlets, log_odds, syndication_share
from framing.compare._tables import as_tables
from framing.viz import _plots

logger = logging.getLogger("framing")

SECTIONS = ("summary", "stance", "attribution", "sources", "frames", "timeline", "words", "syndication")

_CSS = """
body{font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:2em auto;max-width:1200px;color:#222}
h1{border-bottom:2px solid #0072B2;padding-bottom:.2em}
h2{margin-top:2em;color:#0072B2}
table{border-collapse:collapse;font-size:85%;margin:.5em 0}
th,td{border:1px solid #ddd;padding:3px 8px;text-align:right}
th{background:#f4f4f4}
td:first-child,th:first-child{text-align:left}
img{max-width:100%}
.note{color:#666;font-size:85%}
.grid{display:flex;flex-wrap:wrap;gap:1.5em}
"""


def _figure_html(draw: Callable[[Any], Any], *, size=(7.5, 4.0), alt: str = "") -> str:
    from matplotlib.figure import Figure

    fig = Figure(figsize=size)
    ax = fig.subplots()
    try:
        draw(ax)
        fig.tight_layout()
    except Exception as exc:  # one failing panel never kills the report
        logger.warning("Report figure %r failed: %s", alt, exc)
        return f'<p class="note">Figure not drawn: {html.escape(str(exc))}</p>'
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110)
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return f'<img alt="{html.escape(alt, quote=True)}" src="data:image/png;base64,{data}">'


def _table_html(frame: pd.DataFrame) -> str:
    if frame.empty:
        return '<p class="note">no data</p>'
    return frame.to_html(index=False, escape=True, na_rep="", float_format=lambda v: f"{v:.3f}", border=0)


def _with_ci(table: pd.DataFrame, index: str, columns: str, fmt: str = ".2f") -> pd.DataFrame:
    """value [low, high] strings in a wide table."""
    if table.empty:
        return table
    t = table.copy()
    t["cell"] = [f"{v:{fmt}} [{lo:{fmt}}, {hi:{fmt}}]" if pd.notna(lo) else f"{v:{fmt}}"
                 for v, lo, hi in zip(t["value"], t["ci_low"], t["ci_high"])]
    wide = t.pivot_table(index=index, columns=columns, values="cell", aggfunc="first").fillna("")
    wide.columns = [str(c) for c in wide.columns]
    return wide.reset_index()


def _safe(fn: Callable[[], pd.DataFrame], what: str) -> pd.DataFrame:
    try:
        return fn()
    except Exception as exc:
        logger.warning("Report table %r failed: %s", what, exc)
        return pd.DataFrame()


def report(
    result: Any,
    path: str | Path,
    *,
    title: str = "framing report",
    n_boot: int = 1000,
    seed: int | None = 0,
    n_actors: int = 5,
) -> Path:
    """Write one self-contained HTML report of a scored corpus.

    Parameters
    ----------
    result : Result, object or dict
        A scoring result.
    path : str or Path
        Where to write the HTML file (folders are created).
    title : str, default "framing report"
        The report's heading.
    n_boot : int, default 1000
        Bootstrap resamples for the intervals.
    seed : int, optional
        Seed of the resampling.
    n_actors : int, default 5
        How many of the most frequent actors get their own lexical tables.

    Returns
    -------
    pathlib.Path
        The file written.

    Notes
    -----
    Figures are embedded as base64 PNG and tables as HTML; the file loads no
    external resource, so it can be mailed or archived as it is. All text is
    HTML-escaped. Sections: corpus summary, net stance, attribution forms,
    source types, frames, stance over time, distinctive words and epithets
    per actor, syndicated copy.
    """
    tables = as_tables(result)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    kw = dict(n_boot=n_boot, seed=seed)
    parts: list[str] = []

    def section(key: str, heading: str, *body: str) -> None:
        parts.append(f'<section id="{key}"><h2>{html.escape(heading)}</h2>{"".join(body)}</section>')

    arts = tables.articles
    if "outlet" in arts.columns and "status" in arts.columns:
        summary = arts.pivot_table(index="outlet", columns="status", values="doc_id", aggfunc="count", fill_value=0)
        summary.columns = [str(c) for c in summary.columns]
        summary = summary.reset_index()
        summary.insert(1, "articles", summary.drop(columns="outlet").sum(axis=1))
    else:
        summary = pd.DataFrame({"articles": [len(arts)]})
    n_sent = len(tables.sentences)
    meta = "".join(f"<li>{html.escape(str(k))}: {html.escape(str(v))}</li>" for k, v in tables.meta.items())
    section("summary", "Corpus",
            f"<p>{len(arts)} articles, {n_sent} sentences, {len(tables.attributions)} attributions, "
            f"{len(tables.stances)} (sentence, target) stance rows, {len(tables.mentions)} actor mentions.</p>",
            _table_html(summary), f"<ul class='note'>{meta}</ul>" if meta else "")

    net = _safe(lambda: compare_outlets(tables, measure="net_stance", **kw), "net_stance")
    section("stance", "Net stance toward actors (favor − against, 95% cluster-bootstrap CI)",
            _figure_html(lambda ax: _plots.stance_heatmap(net, ax=ax), size=(8, 0.6 * max(net["actor"].nunique() if not net.empty else 1, 4) + 1), alt="net stance heatmap"),
            _table_html(_with_ci(net, "actor", "group", "+.2f")))

    forms = _safe(lambda: compare_outlets(tables, measure="attr_form", **kw), "attr_form")
    section("attribution", "Attribution forms (share of sentences)",
            _figure_html(lambda ax: _plots.attribution_mix(forms, ax=ax), alt="attribution mix"),
            _table_html(_with_ci(forms, "label", "group")))

    sources = _safe(lambda: compare_outlets(tables, measure="source_type", **kw), "source_type")
    section("sources", "Source types (share of attributions)",
            _figure_html(lambda ax: _plots.source_mix(sources, ax=ax), alt="source mix"),
            _table_html(_with_ci(sources, "label", "group")))

    frames = _safe(lambda: compare_outlets(tables, measure="frames", **kw), "frames")
    section("frames", "Frames (share of sentences)",
            _figure_html(lambda ax: _plots.frame_profile(frames, ax=ax), size=(8, 5), alt="frame profile"))

    actors: list[str] = []
    if not tables.stances.empty:
        actors = list(tables.stances["target"].value_counts().index[:n_actors])
    timeline = []
    for actor in actors[:3]:
        timeline.append(_figure_html(lambda ax, a=actor: _plots.stance_timeline(tables, actor=a, ax=ax, **kw),
                                     alt=f"stance timeline {actor}"))
    section("timeline", "Net stance over time", *(timeline or ['<p class="note">no data</p>']))

    words = []
    for actor in actors:
        for unit in ("words", "epithets"):
            lo = _safe(lambda a=actor, u=unit: log_odds(tables, actor=a, unit=u, min_count=2), f"log_odds {actor}")
            if lo.empty:
                continue
            top = lo[lo["z"] > 0].groupby("group", sort=True).head(8)
            top = top.assign(rank=top.groupby("group").cumcount() + 1)
            wide = top.pivot_table(index="rank", columns="group", values="term", aggfunc="first").fillna("")
            wide.columns = [str(c) for c in wide.columns]
            words.append(f"<h3>{html.escape(actor)}: {unit}</h3>" + _table_html(wide.reset_index()))
    section("words", "Distinctive words and epithets per actor (log-odds, Monroe et al. 2008)",
            *(words or ['<p class="note">no data</p>']))

    synd = _safe(lambda: syndication_share(tables), "syndication")
    section("syndication", "Syndicated copy (sentences shared across outlets)", _table_html(synd))

    doc = (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{_CSS}</style></head><body>"
        f"<h1>{html.escape(title)}</h1>"
        f'<p class="note">Made with framing. Intervals: cluster bootstrap over articles ({n_boot} resamples).</p>'
        + "".join(parts)
        + "</body></html>\n"
    )
    path.write_text(doc, encoding="utf-8")
    logger.info("Wrote the report to %s", path)
    return path
