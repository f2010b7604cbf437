"""Turn any supported source into a raw table, one row per article.

Nothing here renames, validates or flags; :mod:`framing.corpus._read` does that
once for every kind of source.
"""

from __future__ import annotations

import glob as _glob
import gzip
import json
import logging
import os
import sys
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from framing.corpus._decode import bom_encoding, decode_bytes, is_binary, normalise_text
from framing.corpus._status import STATUS_BINARY, STATUS_NO_TEXT_EXTRACTED

logger = logging.getLogger("framing")

#: Suffixes read as one article per file.
DOCUMENT_SUFFIXES = (".txt", ".html", ".htm")
#: Suffixes read as tables of articles (optionally gzip-compressed: ``.gz``).
TABLE_SUFFIXES = (".csv", ".tsv", ".tab", ".jsonl", ".ndjson", ".json", ".parquet", ".pq")
#: Folders with more files than this get a progress bar when ``progress=None``.
PROGRESS_MIN_FILES = 200

_GLOB_CHARS = frozenset("*?[")


@dataclass
class Loaded:
    """A source read into a raw table.

    Attributes
    ----------
    frame : pandas.DataFrame
        One row per article; the caller's own object is never returned.
    name : str
        How error messages name the source.
    pre_status : list of str or None
        Per-row status decided while reading files (``binary``,
        ``no_text_extracted``), None where reading went fine.
    canonical : bool
        The columns already carry the canonical names (folders of files):
        no renaming and ``doc_id`` holds path ids, made unique rather than
        rejected when two files share one.
    """

    frame: pd.DataFrame
    name: str
    pre_status: list[str | None] | None = None
    canonical: bool = False


# --- entry point ---------------------------------------------------------------


def load_source(
    source: Any,
    *,
    encoding: str | None,
    progress: bool | None,
    str_cols: Iterable[str],
    text_col: str = "text",
) -> Loaded:
    """Read ``source`` into a :class:`Loaded` raw table (see ``read_articles``).

    A list of strings (or a Series) becomes a one-column table named
    ``text_col``.
    """
    str_cols = [c for c in str_cols if c is not None]
    if isinstance(source, pd.DataFrame):
        return Loaded(source.copy().reset_index(drop=True), "the DataFrame")
    if isinstance(source, pd.Series):
        return Loaded(_texts_frame(source.tolist(), text_col), "the Series")
    if isinstance(source, (str, os.PathLike)):
        return _load_path_like(source, encoding=encoding, progress=progress, str_cols=str_cols)
    datasets = sys.modules.get("datasets")  # lazy: never import Hugging Face ourselves
    if datasets is not None and isinstance(source, getattr(datasets, "DatasetDict", ())):
        raise ValueError(
            f"Got a DatasetDict with splits {list(source.keys())}; read_articles needs "
            "one split. Pass e.g. ds['train']."
        )
    if hasattr(source, "to_pandas") and callable(source.to_pandas):
        # datasets.Dataset, pyarrow.Table, polars.DataFrame
        frame = source.to_pandas()
        if not isinstance(frame, pd.DataFrame):  # pragma: no cover - exotic to_pandas
            frame = pd.DataFrame(frame)
        return Loaded(frame.reset_index(drop=True), f"the {type(source).__name__}")
    if isinstance(source, (bytes, bytearray, Mapping)):
        raise TypeError(_unsupported(source))
    if isinstance(source, Iterable):
        items = list(source)
        n_dict = sum(isinstance(x, Mapping) for x in items)
        if items and n_dict == len(items):
            return Loaded(pd.DataFrame.from_records([dict(x) for x in items]), "the list of records")
        if n_dict == 0:
            return Loaded(_texts_frame(items, text_col), "the list of texts")
        raise TypeError(
            f"The list mixes {n_dict} dicts with {len(items) - n_dict} other items. Pass "
            "either a list of dicts (one record per article) or a list of strings "
            "(one text per article)."
        )
    raise TypeError(_unsupported(source))


def _unsupported(source: Any) -> str:
    return (
        f"read_articles cannot read a {type(source).__name__}. Pass a path to a "
        f"CSV/TSV/JSONL/JSON/Parquet file, a folder of .txt/.html files, a glob "
        f"such as 'data/*.jsonl', a pandas DataFrame, a datasets.Dataset, a list of "
        f"dicts or a list of strings."
    )


def _texts_frame(items: list[Any], text_col: str) -> pd.DataFrame:
    return pd.DataFrame({text_col: pd.Series(items, dtype=object)})


# --- paths, folders and globs -------------------------------------------------


def _suffix(path: Path) -> str:
    """The format suffix, looking through a trailing ``.gz``."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz" and len(suffixes) > 1:
        return suffixes[-2]
    return suffixes[-1] if suffixes else ""


def _load_path_like(source, *, encoding, progress, str_cols) -> Loaded:
    path = Path(source)
    if path.is_dir():
        files = sorted((p for p in path.rglob("*") if p.is_file()), key=lambda p: p.relative_to(path).as_posix())
        return _load_documents(files, root=path, name=str(source), encoding=encoding, progress=progress)
    if path.is_file():
        suffix = _suffix(path)
        if suffix in DOCUMENT_SUFFIXES:
            return _load_documents([path], root=path.parent, name=str(source), encoding=encoding, progress=False)
        if suffix in TABLE_SUFFIXES:
            return Loaded(read_table(path, encoding=encoding, str_cols=str_cols), str(source))
        raise ValueError(
            f"Cannot read {str(source)!r}: unknown file type {suffix or '(no suffix)'!r}. "
            f"Supported: {', '.join(TABLE_SUFFIXES)} (optionally .gz) for tables, "
            f"{', '.join(DOCUMENT_SUFFIXES)} for single articles, or a folder of them."
        )
    text = os.fspath(source)
    if isinstance(source, str) and _GLOB_CHARS & set(text):
        return _load_glob(text, encoding=encoding, progress=progress, str_cols=str_cols)
    raise FileNotFoundError(
        f"No file or folder at {text!r} (working directory: {os.getcwd()}). Pass an "
        "existing path, a glob such as 'data/*.jsonl', or the texts themselves as a "
        "list of strings."
    )


def _glob_root(pattern: str) -> Path:
    """The deepest folder of ``pattern`` that has no glob characters."""
    parts = Path(pattern).parts
    root: list[str] = []
    for part in parts:
        if _GLOB_CHARS & set(part):
            break
        root.append(part)
    return Path(*root) if root else Path(".")


def _load_glob(pattern: str, *, encoding, progress, str_cols) -> Loaded:
    matches = sorted(Path(p) for p in _glob.glob(pattern, recursive=True) if Path(p).is_file())
    if not matches:
        raise FileNotFoundError(
            f"The glob {pattern!r} matches no files (working directory: {os.getcwd()}). "
            "Check the pattern; use '**' with a folder for recursive matches, e.g. "
            "'data/**/*.jsonl'."
        )
    tables = [p for p in matches if _suffix(p) in TABLE_SUFFIXES]
    docs = [p for p in matches if _suffix(p) in DOCUMENT_SUFFIXES]
    if tables and docs:
        raise ValueError(
            f"The glob {pattern!r} matches both table files ({len(tables)}, e.g. "
            f"{tables[0].name!r}) and article files ({len(docs)}, e.g. {docs[0].name!r}). "
            "Narrow the pattern to one kind, e.g. '*.jsonl' or '*.txt'."
        )
    if docs:
        return _load_documents(matches, root=_glob_root(pattern), name=pattern, encoding=encoding, progress=progress)
    _warn_ignored([p for p in matches if _suffix(p) not in TABLE_SUFFIXES], pattern)
    if not tables:
        raise ValueError(f"The glob {pattern!r} matches no readable files; see the warning above.")
    frames = [read_table(p, encoding=encoding, str_cols=str_cols) for p in tables]
    frames = [f for f in frames if len(f.columns)]
    frame = pd.concat(frames, ignore_index=True, sort=False) if frames else pd.DataFrame()
    return Loaded(frame, pattern)


def _warn_ignored(paths: list[Path], where: str) -> None:
    if not paths:
        return
    counts = Counter(_suffix(p) or "(no suffix)" for p in paths)
    logger.warning(
        "Ignored %d file(s) in %s that are not articles: %s. read_articles reads %s "
        "from a folder.",
        len(paths),
        where,
        ", ".join(f"{n} {s}" for s, n in counts.most_common()),
        "/".join(DOCUMENT_SUFFIXES),
    )


# --- tables ---------------------------------------------------------------------


def _open_bytes(path: Path) -> bytes:
    if path.suffix.lower() == ".gz":
        with gzip.open(path, "rb") as fh:
            return fh.read()
    return path.read_bytes()


def _decode_file(path: Path, encoding: str | None) -> str:
    text, used = decode_bytes(_open_bytes(path), encoding)
    if encoding is None and used not in ("utf-8", "utf-8-sig"):
        logger.warning("%s is not UTF-8; read it as %s.", path, used)
    return text


def read_table(path: Path, *, encoding: str | None, str_cols: Iterable[str]) -> pd.DataFrame:
    """Read one table file (CSV, TSV, JSONL, JSON, Parquet) into a DataFrame.

    JSON and JSONL values are kept exactly as parsed (no type inference); CSV
    and TSV cells of ``str_cols`` (text, title, id) are read as strings so
    that "00123" stays "00123" and "42" is text, not a number.
    """
    suffix = _suffix(path)
    if suffix in (".parquet", ".pq"):
        return pd.read_parquet(path)
    if suffix in (".jsonl", ".ndjson"):
        records = []
        for lineno, line in enumerate(_decode_file(path, encoding).split("\n"), start=1):
            if not line.strip():
                continue
            rec = parse_jsonl_line(line, path, lineno)
            records.append(rec)
        return pd.DataFrame.from_records(records)
    if suffix == ".json":
        try:
            data = json.loads(_decode_file(path, encoding))
        except json.JSONDecodeError as exc:
            raise ValueError(
                f"{path} is not valid JSON ({exc.msg}, line {exc.lineno}). If it holds one "
                "object per line, rename it to .jsonl."
            ) from exc
        if isinstance(data, dict):
            key = next((k for k in ("records", "data") if isinstance(data.get(k), list)), None)
            if key is None:
                raise ValueError(
                    f"{path} holds a JSON object with keys {list(data)[:10]}; read_articles "
                    "expects an array of records or an object with a 'records' or 'data' "
                    "array."
                )
            data = data[key]
        if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
            raise ValueError(
                f"{path} must hold an array of JSON objects (one per article), or an "
                "object with a 'records' or 'data' array of them."
            )
        return pd.DataFrame.from_records(data)
    sep = "," if suffix == ".csv" else "\t"
    dtype = {c: str for c in str_cols}
    if encoding is not None:
        return pd.read_csv(path, sep=sep, dtype=dtype, encoding=encoding)
    head = _open_bytes(path)[:4] if path.suffix.lower() != ".gz" else b""
    bom = bom_encoding(head)
    for enc in ([bom] if bom else []) + ["utf-8", "cp1252", "latin-1"]:
        try:
            frame = pd.read_csv(path, sep=sep, dtype=dtype, encoding=enc)
        except UnicodeDecodeError:
            continue
        if enc not in ("utf-8", "utf-8-sig"):
            logger.warning("%s is not UTF-8; read it as %s.", path, enc)
        return frame
    raise AssertionError("unreachable: latin-1 decodes every byte string")  # pragma: no cover


# --- folders of articles ------------------------------------------------------


def _progress(iterable, total: int, progress: bool | None, desc: str):
    show = total > PROGRESS_MIN_FILES if progress is None else bool(progress)
    if not show:
        return iterable
    from tqdm.auto import tqdm

    return tqdm(iterable, total=total, desc=desc, unit="file")


def _load_documents(files: list[Path], *, root: Path, name: str, encoding, progress) -> Loaded:
    docs = [p for p in files if _suffix(p) in DOCUMENT_SUFFIXES and p.suffix.lower() != ".gz"]
    _warn_ignored([p for p in files if p not in set(docs)], name)
    rows: list[dict[str, Any]] = []
    pre_status: list[str | None] = []
    fallbacks: Counter[str] = Counter()
    for path in _progress(docs, len(docs), progress, "Reading articles"):
        rel = path.relative_to(root) if path.is_relative_to(root) else Path(path.name)
        row: dict[str, Any] = {"doc_id": rel.with_suffix("").as_posix()}
        data = path.read_bytes()
        status: str | None = None
        if is_binary(data):
            row["text"] = ""
            status = STATUS_BINARY
        else:
            is_html = path.suffix.lower() in (".html", ".htm")
            text, used = decode_bytes(data, encoding, html=is_html)
            if encoding is None and used not in ("utf-8", "utf-8-sig", "utf-16", "utf-32"):
                fallbacks[used] += 1
                logger.debug("%s is not UTF-8; read it as %s.", path, used)
            if is_html:
                meta = extract_html(text)
                if not meta.get("text"):
                    status = STATUS_NO_TEXT_EXTRACTED
                    meta["text"] = ""
                row.update(meta)
            else:
                row["text"] = text
        row["path"] = rel.as_posix()
        rows.append(row)
        pre_status.append(status)
    if fallbacks:
        logger.warning(
            "%d file(s) in %s are not UTF-8 and were read as %s.",
            sum(fallbacks.values()),
            name,
            ", ".join(f"{enc} ({n})" for enc, n in fallbacks.most_common()),
        )
    columns = ["doc_id", "text", "title", "date", "outlet", "author", "url", "path"]
    frame = pd.DataFrame.from_records(rows)
    frame = frame[[c for c in columns if c in frame.columns]] if rows else pd.DataFrame(columns=["doc_id", "text"])
    return Loaded(frame, name, pre_status=pre_status, canonical=True)


def extract_html(html: str) -> dict[str, Any]:
    """Article text and metadata of one HTML page, via trafilatura.

    Returns
    -------
    dict
        ``text`` (None when nothing was extracted) and, where found, ``title``,
        ``date``, ``outlet`` (site name, else host name), ``author``, ``url``.
        A first line of the text identical to the title (the page's headline)
        is dropped, so that the title is not counted twice downstream.
    """
    import trafilatura

    out: dict[str, Any] = {"text": None}
    raw = trafilatura.extract(html, output_format="json", with_metadata=True, include_comments=False)
    if raw:
        data = json.loads(raw)
    else:
        meta = trafilatura.extract_metadata(html)
        data = meta.as_dict() if meta is not None else {}
        data = {
            "title": data.get("title"),
            "date": data.get("date"),
            "author": data.get("author"),
            "hostname": data.get("hostname"),
            "source": data.get("url"),
            "source-hostname": data.get("sitename"),
        }
    text = data.get("text")
    title = data.get("title")
    if isinstance(text, str) and text.strip():
        text = normalise_text(text)
        first, sep, rest = text.partition("\n")
        if title and sep and first.strip() == str(title).strip():
            text = rest
        out["text"] = text
    for key, value in (
        ("title", title),
        ("date", data.get("date")),
        ("outlet", data.get("source-hostname") or data.get("hostname")),
        ("author", data.get("author")),
        ("url", data.get("source")),
    ):
        if value:
            out[key] = value
    return out


def parse_jsonl_line(line: str, path, lineno: int) -> dict:
    """One article from one JSONL line; the error names the file, the line and the fix."""
    try:
        rec = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(
            f"{path}, line {lineno}: not valid JSON ({exc.msg}). Each line of a "
            "JSONL file must hold one JSON object; fix or remove that line."
        ) from exc
    if not isinstance(rec, dict):
        raise ValueError(
            f"{path}, line {lineno}: expected a JSON object (one article), got a {type(rec).__name__}."
        )
    return rec
