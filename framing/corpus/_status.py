"""Article statuses: why an article is, or is not, scored downstream.

Every status is defined here once; the rest of :mod:`framing.corpus` and the
later stages import the constants rather than retyping the strings.
"""

from __future__ import annotations

import pandas as pd

from framing.labels import STATUS_OK

STATUS_EMPTY = "empty"
STATUS_NOT_TEXT = "not_text"
STATUS_BINARY = "binary"
STATUS_TOO_LONG = "too_long"
STATUS_NON_ENGLISH = "non_english"
STATUS_NO_TEXT_EXTRACTED = "no_text_extracted"

#: Every value the ``status`` column of :func:`read_articles` can take, in the
#: order :func:`article_status_counts` reports them.
ARTICLE_STATUSES = (
    STATUS_OK,
    STATUS_EMPTY,
    STATUS_NOT_TEXT,
    STATUS_BINARY,
    STATUS_TOO_LONG,
    STATUS_NON_ENGLISH,
    STATUS_NO_TEXT_EXTRACTED,
)

#: One line per status, used in log messages and in ``errors="raise"``.
STATUS_REASONS = {
    STATUS_OK: "the article is read and will be scored",
    STATUS_EMPTY: "the text is missing, empty or only whitespace",
    STATUS_NOT_TEXT: "the text field holds a non-string value (a number, a list, ...)",
    STATUS_BINARY: "the file is binary, not text",
    STATUS_TOO_LONG: "the text is longer than max_chars",
    STATUS_NON_ENGLISH: "the text does not look like English",
    STATUS_NO_TEXT_EXTRACTED: "no article text could be extracted from the HTML",
}


def article_status_counts(df: pd.DataFrame) -> pd.Series:
    """Count articles per status.

    Parameters
    ----------
    df : pandas.DataFrame
        A table with a ``status`` column, as returned by
        :func:`framing.corpus.read_articles`.

    Returns
    -------
    pandas.Series
        Integer counts indexed by status, every value of
        :data:`ARTICLE_STATUSES` present (zeros included) in that order,
        followed by any other status found in ``df``. Named ``n_articles``.

    Raises
    ------
    ValueError
        When ``df`` has no ``status`` column.

    Examples
    --------
    >>> from framing.corpus import read_articles, article_status_counts
    >>> df = read_articles(["", "Short note."], language_check=False)
    >>> article_status_counts(df)[["ok", "empty"]].tolist()
    [1, 1]
    """
    if not isinstance(df, pd.DataFrame) or "status" not in df.columns:
        got = list(df.columns) if isinstance(df, pd.DataFrame) else type(df).__name__
        raise ValueError(
            "article_status_counts needs a DataFrame with a 'status' column, as "
            f"returned by framing.read_articles. Got {got!r}."
        )
    counts = df["status"].astype(object).value_counts(sort=False)
    extra = [s for s in counts.index if s not in ARTICLE_STATUSES]
    index = list(ARTICLE_STATUSES) + sorted(extra, key=str)
    out = counts.reindex(index, fill_value=0).astype("int64")
    out.index = pd.Index(index, name="status", dtype=object)
    out.name = "n_articles"
    return out
