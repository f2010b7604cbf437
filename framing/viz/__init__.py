"""Plots, article highlighting and the HTML report, from result and comparison tables.

Matplotlib is imported inside the functions; importing :mod:`framing.viz`
changes no global setting (use :func:`theme` for a paper style).
"""

from __future__ import annotations

from framing.viz._highlight import HighlightedArticle, highlight
from framing.viz._palette import label_colors, outlet_palette
from framing.viz._plots import (
    attribution_mix,
    frame_profile,
    log_odds_plot,
    overview,
    source_mix,
    stance_heatmap,
    stance_timeline,
)
from framing.viz._report import report
from framing.viz._theme import theme

__all__ = [
    "HighlightedArticle",
    "attribution_mix",
    "frame_profile",
    "highlight",
    "label_colors",
    "log_odds_plot",
    "outlet_palette",
    "overview",
    "report",
    "source_mix",
    "stance_heatmap",
    "stance_timeline",
    "theme",
]
