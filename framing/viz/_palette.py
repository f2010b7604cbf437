"""Fixed, colour-blind-safe colours: one per outlet, one per label, in every plot.

Outlets get the Okabe-Ito palette (then Paul Tol's muted palette) in sorted
order of their names, so an outlet keeps its colour across plots and papers.
Label colours are defined here once.
"""

from __future__ import annotations

from collections.abc import Iterable

from framing.labels import CUE_CLASSES, FRAMES, ROLES, SENTENCE_ATTR_FORMS, SOURCE_TYPES, STANCES

#: Okabe & Ito (2008), without black (kept for text).
OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#999999")
#: Paul Tol's "muted" qualitative scheme.
TOL_MUTED = ("#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255", "#AA4499", "#DDDDDD")
_CYCLE = OKABE_ITO + TOL_MUTED


def outlet_palette(outlets: Iterable[str]) -> dict[str, str]:
    """One fixed colour per outlet: sorted names take Okabe-Ito, then Tol muted.

    Parameters
    ----------
    outlets : iterable of str
        Outlet (or group) names; duplicates and order do not matter.

    Returns
    -------
    dict
        Name -> hex colour. The same set of names always gives the same colours.

    Examples
    --------
    >>> outlet_palette(["B", "A"])
    {'A': '#E69F00', 'B': '#56B4E9'}
    """
    names = sorted({str(o) for o in outlets})
    return {name: _CYCLE[i % len(_CYCLE)] for i, name in enumerate(names)}


STANCE_COLORS = dict(zip(STANCES, ("#0072B2", "#D55E00", "#BBBBBB")))
ATTR_FORM_COLORS = dict(zip(SENTENCE_ATTR_FORMS, ("#0072B2", "#56B4E9", "#009E73", "#E69F00", "#DDDDDD")))
SOURCE_TYPE_COLORS = dict(zip(SOURCE_TYPES, ("#332288", "#CC6677", "#88CCEE", "#DDCC77", "#117733", "#44AA99", "#AA4499", "#BBBBBB")))
CUE_CLASS_COLORS = dict(zip(CUE_CLASSES, ("#BBBBBB", "#E69F00", "#009E73", "#D55E00")))
ROLE_COLORS = dict(zip(ROLES, ("#0072B2", "#D55E00", "#BBBBBB")))
FRAME_COLORS = dict(zip(FRAMES, ("#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677",
                                 "#882255", "#AA4499", "#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#BBBBBB")))

LABEL_COLORS = {
    "stance": STANCE_COLORS,
    "attr_form": ATTR_FORM_COLORS,
    "source_type": SOURCE_TYPE_COLORS,
    "cue_class": CUE_CLASS_COLORS,
    "role": ROLE_COLORS,
    "frames": FRAME_COLORS,
}
#: Diverging colour map for net stance (against -> favor), colour-blind safe.
NET_CMAP = "RdBu"


def label_colors(measure: str) -> dict[str, str]:
    """The fixed colours of a measure's labels (e.g. ``"attr_form"``)."""
    try:
        return dict(LABEL_COLORS[measure])
    except KeyError:
        raise ValueError(f"No label colours for measure {measure!r}; known: {sorted(LABEL_COLORS)}.") from None
