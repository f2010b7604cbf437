"""``read_articles``: any source in, one tidy row per article out."""

from __future__ import annotations

import datetime
import hashlib
import logging
import warnings
from collections import Counter
from typing import Any

import pandas as pd

from framing.corpus._decode import normalise_text
from framing.corpus._language import looks_non_english
from framing.corpus._sources import Loaded, load_source
from framing.corpus._status import (
    ARTICLE_STATUSES,
    STATUS_EMPTY,
    STATUS_NON_ENGLISH,
    STATUS_NOT_TEXT,
    STATUS_OK,
    STATUS_REASONS,
    STATUS_TOO_LONG,
)

logger = logging.getLogger("framing")

#: Columns of the output, in order, before the input's other metadata.
CANONICAL_COLUMNS = ("doc_id", "text", "title", "date", "outlet")
_ERRORS = ("flag", "raise")
_MAX_LISTED = 10


def read_articles(
    source: Any,
    *,
    text_col: str = "text",
    id_col: str | None = None,
    title_col: str | None = "title",
    date_col: str | None = "date",
    outlet_col: str | None = "outlet",
    encoding: str | None = None,
    max_chars: int | None = 2_000_000,
    language_check: bool = True,
    errors: str = "flag",
    progress: bool | None = None,
) -> pd.DataFrame:
    """Read news articles from files, folders or in-memory data into one table.

    Every input article gives exactly one output row. Articles that cannot be
    scored are kept and flagged in ``status``, never dropped.

    Parameters
    ----------
    source : str, path-like, pandas.DataFrame, datasets.Dataset, list of dict or list of str
        Where the articles are:

        - a path to a table file: ``.csv``, ``.tsv``, ``.jsonl`` (also
          ``.jsonl.gz``), ``.json`` (an array of records, or an object with a
          ``"records"`` or ``"data"`` array), ``.parquet``;
        - a folder of ``.txt`` / ``.html`` / ``.htm`` files, read recursively
          in sorted order, one article per file (other files are skipped with
          a warning); a single ``.txt`` / ``.html`` file works too;
        - a glob string such as ``"data/*.jsonl"`` (the matched tables are
          concatenated) or ``"pages/**/*.html"``;
        - a pandas DataFrame (copied; the caller's frame is never changed), a
          Hugging Face ``datasets.Dataset`` (or anything with ``to_pandas``),
          a list of dicts (one record per article) or a list of strings (one
          text per article).
    text_col : str, default "text"
        Column holding the article text; renamed to ``text``.
    id_col : str, optional
        Column holding article ids; renamed to ``doc_id`` and cast to str.
        Ids must be unique. When None, a ``doc_id`` or else an ``id`` column
        is used if there is one; otherwise ids are made from the content:
        ``"doc_"`` + the first 12 hex digits of the SHA-1 of
        ``title + "\\n" + text``, identical across runs and machines; identical
        articles get ``-2``, ``-3``, ... appended in order of appearance. In a
        folder the id is the file's relative path without suffix.
    title_col, date_col, outlet_col : str or None, default "title", "date", "outlet"
        Columns renamed to ``title``, ``date`` and ``outlet``. A default name
        that is absent is simply skipped; a name you pass that is absent is
        an error. None: no such column.
    encoding : str, optional
        Force this text encoding for files. By default a byte-order mark
        (UTF-8, UTF-16, UTF-32) decides, then UTF-8, then (HTML) the page's
        ``<meta charset>``, then cp1252 and latin-1; a fallback is logged.
    max_chars : int or None, default 2_000_000
        Longer texts are kept intact but flagged ``too_long`` (not scored
        downstream). None disables the limit.
    language_check : bool, default True
        Flag texts that do not look like English ``non_english``: a fast
        heuristic on the first 2,000 characters (the share of common English
        function words). Texts under 20 words are never flagged.
    errors : {"flag", "raise"}, default "flag"
        ``"flag"`` keeps bad articles with a ``status`` saying why;
        ``"raise"`` raises ``ValueError`` on the first one, naming its
        ``doc_id`` and the reason.
    progress : bool, optional
        Progress bar (``tqdm.auto``) while reading a folder. None: only for
        folders of more than 200 files.

    Returns
    -------
    pandas.DataFrame
        One row per article, columns in this order: ``doc_id`` (str),
        ``text`` (str; ``""`` where there is none), then where present
        ``title``, ``date`` (datetime64; unparseable dates become NaT with a
        logged warning), ``outlet``, then every other input column as is
        (``url``, ``author``, ...; a folder adds ``path``, the file's relative
        path), then ``status`` (one of :data:`ARTICLE_STATUSES`):

        - ``"ok"``: read, will be scored;
        - ``"empty"``: missing, empty or whitespace-only text;
        - ``"not_text"``: the text field holds a number, list, ... (text
          set to ``""``);
        - ``"binary"``: a binary file (text ``""``);
        - ``"too_long"``: longer than ``max_chars``;
        - ``"non_english"``: failed the language check;
        - ``"no_text_extracted"``: HTML from which no article text came out.

        The text is never altered except that ``\\r\\n`` and ``\\r`` become
        ``\\n`` and a leading byte-order mark is dropped, so character offsets
        computed downstream point into this text. A column of the input named
        like an output column it does not feed (e.g. ``status``, or ``text``
        when ``text_col="body"``) is kept with the suffix ``_input``.

    Raises
    ------
    ValueError
        The text column (or an id / title / date / outlet column you named)
        is missing, explicit ids are duplicated or missing, or
        ``errors="raise"`` met a bad article. Messages say what to pass.
    FileNotFoundError
        ``source`` is a path or glob that matches nothing.
    TypeError
        ``source`` is of an unsupported type.

    See Also
    --------
    article_status_counts : how many articles per status.

    Examples
    --------
    >>> from framing.corpus import read_articles
    >>> df = read_articles([
    ...     {"text": "The minister said talks would resume.", "outlet": "Daily Planet",
    ...      "date": "2024-05-02"},
    ... ])
    >>> list(df.columns)
    ['doc_id', 'text', 'date', 'outlet', 'status']
    >>> df.loc[0, "status"], str(df.loc[0, "date"].date())
    ('ok', '2024-05-02')
    """
    _check_params(errors=errors, max_chars=max_chars, text_col=text_col)
    loaded = load_source(
        source,
        encoding=encoding,
        progress=progress,
        str_cols=(text_col, id_col, title_col, "doc_id", "id"),
        text_col=text_col,
    )
    frame, id_source = _rename(loaded, text_col, id_col, title_col, date_col, outlet_col)
    n = len(frame)
    pre = loaded.pre_status or [None] * n

    texts: list[str] = []
    statuses: list[str] = []
    for raw, pre_status in zip(frame["text"].tolist(), pre):
        text, status = _clean_text(raw, pre_status, max_chars, language_check)
        texts.append(text)
        statuses.append(status)

    titles = None
    if "title" in frame.columns:
        titles = [normalise_text(t) if isinstance(t, str) else t for t in frame["title"].tolist()]

    if id_source is None:
        ids = _hash_ids(texts, titles)
    else:
        ids = _explicit_ids(frame["doc_id"].tolist(), loaded, id_source)

    out: dict[str, Any] = {"doc_id": pd.Series(ids), "text": pd.Series(texts, dtype=_str_dtype(texts))}
    if titles is not None:
        out["title"] = pd.Series(titles)
    if "date" in frame.columns:
        out["date"] = _parse_dates(frame["date"], loaded.name)
    if "outlet" in frame.columns:
        out["outlet"] = frame["outlet"].reset_index(drop=True)
    for col in frame.columns:
        if col not in CANONICAL_COLUMNS:
            out[col] = frame[col].reset_index(drop=True)
    out["status"] = pd.Series(statuses, dtype=_str_dtype(statuses))
    result = pd.DataFrame(out, index=pd.RangeIndex(n))

    _report(result, loaded.name, errors)
    return result


def _str_dtype(values: list[str]) -> Any:
    """pandas' default string dtype (``str`` in pandas 3, ``object`` before)."""
    return pd.Series(["x"]).dtype if values else object


# --- parameters and columns ---------------------------------------------------


def _check_params(*, errors: str, max_chars: int | None, text_col: str) -> None:
    if errors not in _ERRORS:
        raise ValueError(f"The 'errors' parameter of read_articles must be one of {_ERRORS}. Got {errors!r} instead.")
    if max_chars is not None and (isinstance(max_chars, bool) or not isinstance(max_chars, int) or max_chars < 1):
        raise ValueError(
            f"The 'max_chars' parameter of read_articles must be a positive int or None "
            f"(no limit). Got {max_chars!r} instead."
        )
    if not isinstance(text_col, str):
        raise ValueError(
            f"The 'text_col' parameter of read_articles must be a column name (str). Got {text_col!r} instead."
        )


def _rename(
    loaded: Loaded,
    text_col: str,
    id_col: str | None,
    title_col: str | None,
    date_col: str | None,
    outlet_col: str | None,
) -> tuple[pd.DataFrame, str | None]:
    """Rename the user's columns to the canonical names.

    Returns the renamed frame and the input column the ids came from (None:
    make ids from content).
    """
    frame = loaded.frame
    columns = list(frame.columns)
    if loaded.canonical:  # a folder: the reader already used the canonical names
        return frame, "doc_id" if "doc_id" in columns else None

    def missing(col: str, param: str, role: str) -> ValueError:
        return ValueError(
            f"Column {col!r} not found in {loaded.name}. Available columns: {columns}. "
            f"Pass {param}= the column that holds the {role}."
        )

    if text_col not in columns:
        raise missing(text_col, "text_col", "article text")
    mapping: dict[Any, str] = {text_col: "text"}
    id_source: str | None
    if id_col is not None:
        if id_col not in columns:
            raise ValueError(
                f"Column {id_col!r} not found in {loaded.name}. Available columns: {columns}. "
                "Pass id_col= the column that holds unique article ids, or id_col=None "
                "to generate ids from the content."
            )
        id_source = id_col
    else:
        id_source = next((c for c in ("doc_id", "id") if c in columns and c != text_col), None)
    if id_source is not None:
        if id_source in mapping:
            raise ValueError(f"id_col={id_source!r} is also the text column; pass a different id_col.")
        mapping[id_source] = "doc_id"
    for col, param, default, canon in (
        (title_col, "title_col", "title", "title"),
        (date_col, "date_col", "date", "date"),
        (outlet_col, "outlet_col", "outlet", "outlet"),
    ):
        if col is None:
            continue
        explicit = col != default
        if col not in columns:
            if explicit:
                raise missing(col, param, canon)
            continue
        if col in mapping:
            if explicit:
                raise ValueError(
                    f"{param}={col!r} is already used as the {mapping[col]} column; pass a "
                    f"different {param}, or {param}=None."
                )
            continue  # e.g. text_col="title" for headline-only data
        mapping[col] = canon

    reserved = set(CANONICAL_COLUMNS) | {"status"}
    renames = dict(mapping)
    clashes = []
    for col in columns:
        if col not in mapping and col in reserved:
            renames[col] = f"{col}_input"
            clashes.append(col)
    if clashes:
        logger.warning(
            "Input column(s) %s clash with output columns of read_articles and were kept as %s.",
            clashes,
            [f"{c}_input" for c in clashes],
        )
    frame = frame.rename(columns=renames)
    if frame.columns.duplicated().any():
        dups = sorted(set(frame.columns[frame.columns.duplicated()].map(str)))
        raise ValueError(f"{loaded.name} has duplicated column names {dups}; give each column a unique name.")
    return frame.reset_index(drop=True), id_source


# --- text, ids, dates ---------------------------------------------------------


def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.api.types.is_scalar(value) and pd.isna(value))
    except (TypeError, ValueError):  # pragma: no cover - exotic scalars
        return False


def _clean_text(raw: Any, pre_status: str | None, max_chars: int | None, language_check: bool) -> tuple[str, str]:
    """The text to return and its status."""
    if pre_status is not None:
        return (normalise_text(raw) if isinstance(raw, str) else ""), pre_status
    if _is_missing(raw):
        return "", STATUS_EMPTY
    if not isinstance(raw, str):
        return "", STATUS_NOT_TEXT
    text = normalise_text(raw)
    if not text.strip():
        return text, STATUS_EMPTY
    if max_chars is not None and len(text) > max_chars:
        return text, STATUS_TOO_LONG
    if language_check and looks_non_english(text):
        return text, STATUS_NON_ENGLISH
    return text, STATUS_OK


def _hash_ids(texts: list[str], titles: list[Any] | None) -> list[str]:
    """Content-hash ids, made unique with -2, -3, ... in order of appearance."""
    ids = []
    for i, text in enumerate(texts):
        title = titles[i] if titles is not None else None
        title = "" if _is_missing(title) else str(title)
        digest = hashlib.sha1((title + "\n" + text).encode("utf-8", "surrogatepass")).hexdigest()
        ids.append("doc_" + digest[:12])
    return _suffix_duplicates(ids)


def _suffix_duplicates(ids: list[str]) -> list[str]:
    seen: Counter[str] = Counter()
    taken = set(ids)
    out = []
    for id_ in ids:
        seen[id_] += 1
        if seen[id_] == 1:
            out.append(id_)
            continue
        k = seen[id_]
        while f"{id_}-{k}" in taken:
            k += 1
        seen[id_] = k
        new = f"{id_}-{k}"
        taken.add(new)
        out.append(new)
    return out


def _id_str(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # 12.0 (a float column) -> "12"
    return str(value)


def _explicit_ids(values: list[Any], loaded: Loaded, id_source: str) -> list[str]:
    missing = [i for i, v in enumerate(values) if _is_missing(v) or (isinstance(v, str) and not v.strip())]
    if missing:
        raise ValueError(
            f"{len(missing)} article(s) in {loaded.name} have no id in column {id_source!r} "
            f"(rows {missing[:_MAX_LISTED]}). Fill the missing ids, or pass id_col=None "
            "to generate ids from the content."
        )
    ids = [_id_str(v) for v in values]
    counts = Counter(ids)
    dups = [i for i, c in counts.items() if c > 1]
    if dups:
        if loaded.canonical:  # files whose paths differ only by suffix
            logger.warning("Files share the ids %s (same path, other suffix); suffixed -2, -3, ...", dups[:_MAX_LISTED])
            return _suffix_duplicates(ids)
        raise ValueError(
            f"{len(dups)} id(s) in column {id_source!r} of {loaded.name} occur more than once: "
            f"{dups[:_MAX_LISTED]}. Ids must be unique: pass id_col=None to generate ids, "
            "or de-duplicate."
        )
    return ids


def _date_input(value: Any) -> Any:
    """Strings and datetimes go to pandas as they are; anything else as str."""
    if value is None or isinstance(value, (str, datetime.date, pd.Timestamp)):
        return value
    return str(value)


def _to_datetime(values: pd.Series) -> pd.Series:
    """``pd.to_datetime`` that never raises: mixed time zones go to UTC."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for utc in (False, True):
            try:
                parsed = pd.to_datetime(values, errors="coerce", format="mixed", utc=utc)
            except (ValueError, TypeError, OverflowError):
                continue
            if pd.api.types.is_datetime64_any_dtype(parsed):
                if utc:
                    logger.info("Dates mix time zones (or zones and none); converted them to UTC.")
                return parsed
        out = []
        for value in values:
            try:
                out.append(pd.to_datetime(value, errors="coerce", utc=True))
            except (ValueError, TypeError, OverflowError):
                out.append(pd.NaT)
        logger.info("Dates mix time zones (or zones and none); converted them to UTC.")
        return pd.Series(pd.DatetimeIndex(out), index=values.index)


def _parse_dates(values: pd.Series, name: str) -> pd.Series:
    """Parse dates; unparseable values become NaT with a warning, never an error."""
    values = values.reset_index(drop=True)
    if pd.api.types.is_datetime64_any_dtype(values):
        return values
    as_obj = values.astype(object)
    present = ~as_obj.map(lambda v: _is_missing(v) or (isinstance(v, str) and not v.strip()))
    strings = as_obj.where(present, None).map(_date_input)
    parsed = _to_datetime(strings)
    bad = present & parsed.isna()
    if bad.any():
        examples = as_obj[bad].head(3).tolist()
        logger.warning(
            "%d date(s) in %s could not be parsed and are NaT, e.g. %s. Pass ISO dates "
            "(2024-03-01) to keep them.",
            int(bad.sum()),
            name,
            examples,
        )
    return parsed


# --- reporting ----------------------------------------------------------------


def _report(result: pd.DataFrame, name: str, errors: str) -> None:
    flagged = result["status"] != STATUS_OK
    if errors == "raise" and flagged.any():
        i = int(flagged.to_numpy().argmax())
        doc_id, status = result.at[i, "doc_id"], result.at[i, "status"]
        raise ValueError(
            f"Article {doc_id!r} in {name} cannot be scored: {status} "
            f"({STATUS_REASONS[status]}). Pass errors='flag' to keep such articles as "
            "flagged rows instead."
        )
    counts = Counter(result["status"])
    summary = ", ".join(f"{counts[s]} {s}" for s in ARTICLE_STATUSES if counts[s])
    logger.info("Read %d article(s) from %s: %s.", len(result), name, summary or "none")
    if flagged.any():
        logger.warning(
            "%d of %d article(s) from %s are flagged and will not be scored (%s); see the "
            "'status' column.",
            int(flagged.sum()),
            len(result),
            name,
            ", ".join(f"{counts[s]} {s}" for s in ARTICLE_STATUSES if s != STATUS_OK and counts[s]),
        )
