"""A paper style for plots, as a context manager (never applied on import)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

PAPER_RC: dict[str, Any] = {
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.labelsize": 9,
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
    "legend.fontsize": 8,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": False,
    "figure.dpi": 100,
    "savefig.dpi": 200,
    "savefig.bbox": "tight",
}


@contextmanager
def theme(**rc: Any) -> Iterator[None]:
    """Plot in the paper style inside a ``with`` block.

    Parameters
    ----------
    **rc
        Matplotlib rc settings that override the paper style.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> with theme():
    ...     import matplotlib.pyplot as plt
    ...     fig, ax = plt.subplots()
    """
    import matplotlib as mpl

    with mpl.rc_context({**PAPER_RC, **rc}):
        yield
