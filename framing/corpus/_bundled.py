"""Corpora that ship with the project (``corpora/`` in the source tree)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

BUNDLED = {
    "demo": ("demo", "articles.jsonl"),
}


def corpora_dir() -> Path:
    """The ``corpora/`` folder of the source checkout."""
    return Path(__file__).resolve().parents[2] / "corpora"


def load_corpus(name: str = "demo") -> pd.DataFrame:
    """A bundled corpus as the articles DataFrame of :func:`framing.read_articles`.

    Parameters
    ----------
    name : {"demo"}
        ``"demo"``: the synthetic demo corpus (6 fictional outlets x 6 events;
        see ``corpora/README.md`` for its datasheet and the documented
        differences between its outlets).

    Raises
    ------
    ValueError
        For an unknown name.
    FileNotFoundError
        When the corpus file is not there (framing installed without its
        source tree): clone the repository or pass the file to read_articles.
    """
    from . import read_articles

    if name not in BUNDLED:
        raise ValueError(f"Unknown corpus {name!r}. Bundled corpora: {sorted(BUNDLED)}.")
    path = corpora_dir().joinpath(*BUNDLED[name])
    if not path.exists():
        raise FileNotFoundError(
            f"The {name!r} corpus is not at {path}. It lives in the framing source tree "
            "(corpora/); install framing from a clone (`pip install -e .`) or pass the file "
            "to framing.read_articles."
        )
    return read_articles(path)
