"""Read a large source lazily, as raw tables of ``chunk_size`` articles.

Each chunk is a raw table (the input's own column names) that
:func:`framing.read_articles` then turns into the tidy articles table, exactly
as it would for the whole input: the same reader, one chunk at a time.
"""

from __future__ import annotations

import codecs
import glob as _glob
import gzip
import io
import logging
import os
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

logger = logging.getLogger("framing")

_BLOCK = 1 << 20


@dataclass
class RawChunk:
    """One chunk of raw input.

    Attributes
    ----------
    frame : DataFrame
        The raw rows, the input's own columns.
    canonical : bool
        Rows from a folder of article files: ``doc_id`` holds path ids.
    pre_status : list
        Per-row status decided while reading files (folders only).
    """

    frame: pd.DataFrame
    canonical: bool = False
    pre_status: list[str | None] = field(default_factory=list)


def iter_chunks(source: Any, chunk_size: int, *, encoding: str | None = None,
                str_cols: tuple[str | None, ...] = ()) -> Iterator[RawChunk]:
    """Yield the source as raw chunks of ``chunk_size`` rows (the last may be shorter).

    Parameters
    ----------
    source : path, glob, folder, DataFrame, list, datasets.Dataset
        What :func:`framing.read_articles` reads. Files are read lazily:
        JSONL line by line, CSV/TSV with ``pandas`` ``chunksize``, Parquet by
        record batches, folders of ``.txt``/``.html`` files in batches of
        files, a ``datasets.Dataset`` with ``.iter(batch_size)``. A ``.json``
        array cannot be streamed and is read whole.
    chunk_size : int
        Rows per chunk.
    encoding : str, optional
        Force a text encoding for files (see :func:`framing.read_articles`).
    str_cols : tuple of str
        CSV/TSV columns read as strings (text, id, title).
    """
    from framing.corpus._sources import DOCUMENT_SUFFIXES, TABLE_SUFFIXES, _glob_root, _suffix

    str_cols = tuple(c for c in str_cols if c is not None)
    if isinstance(source, pd.DataFrame):
        for i in range(0, len(source), chunk_size):
            yield RawChunk(source.iloc[i : i + chunk_size].reset_index(drop=True))
        return
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        if path.is_dir():
            files = sorted((p for p in path.rglob("*") if p.is_file()), key=lambda p: p.relative_to(path).as_posix())
            yield from _document_chunks(files, path, str(source), chunk_size, encoding)
            return
        if path.is_file():
            if _suffix(path) in DOCUMENT_SUFFIXES:
                yield from _document_chunks([path], path.parent, str(source), chunk_size, encoding)
                return
            yield from _rebuffer(_table_frames(path, chunk_size, encoding, str_cols), chunk_size)
            return
        text = os.fspath(source)
        if isinstance(source, str) and set("*?[") & set(text):
            matches = sorted(Path(p) for p in _glob.glob(text, recursive=True) if Path(p).is_file())
            if not matches:
                raise FileNotFoundError(
                    f"The glob {text!r} matches no files (working directory: {os.getcwd()}). "
                    "Check the pattern; use '**' with a folder for recursive matches."
                )
            docs = [p for p in matches if _suffix(p) in DOCUMENT_SUFFIXES]
            tables = [p for p in matches if _suffix(p) in TABLE_SUFFIXES]
            if docs and tables:
                raise ValueError(
                    f"The glob {text!r} matches both table files and article files. "
                    "Narrow the pattern to one kind, e.g. '*.jsonl' or '*.txt'."
                )
            if docs:
                yield from _document_chunks(matches, _glob_root(text), text, chunk_size, encoding)
                return
            frames = (f for p in tables for f in _table_frames(p, chunk_size, encoding, str_cols))
            yield from _rebuffer(frames, chunk_size)
            return
        raise FileNotFoundError(
            f"No file or folder at {text!r} (working directory: {os.getcwd()}). Pass an existing "
            "path, a glob such as 'data/*.jsonl', a DataFrame or a datasets.Dataset."
        )
    datasets = sys.modules.get("datasets")
    if datasets is not None and isinstance(source, getattr(datasets, "DatasetDict", ())):
        raise ValueError(
            f"Got a DatasetDict with splits {list(source.keys())}; score_stream needs one split. Pass e.g. ds['train']."
        )
    if hasattr(source, "iter") and hasattr(source, "column_names"):  # datasets.Dataset / IterableDataset
        frames = (pd.DataFrame(dict(batch)) for batch in source.iter(batch_size=chunk_size))
        yield from _rebuffer(frames, chunk_size)
        return
    if hasattr(source, "to_pandas") and callable(source.to_pandas):  # pyarrow.Table, polars
        yield from iter_chunks(source.to_pandas(), chunk_size)
        return
    if isinstance(source, (list, tuple)):
        for i in range(0, len(source), chunk_size):
            part = list(source[i : i + chunk_size])
            if part and all(isinstance(x, Mapping) for x in part):
                frame = pd.DataFrame.from_records([dict(x) for x in part])
            else:
                frame = pd.DataFrame({"text": pd.Series(part, dtype=object)})
            yield RawChunk(frame)
        return
    raise TypeError(
        f"score_stream cannot read a {type(source).__name__}. Pass a path to a JSONL/CSV/TSV/Parquet "
        "file, a folder of .txt/.html files, a glob, a DataFrame, a list or a datasets.Dataset."
    )


def _rebuffer(frames: Iterator[pd.DataFrame], chunk_size: int) -> Iterator[RawChunk]:
    """Re-cut a stream of frames of any size into chunks of exactly ``chunk_size`` rows."""
    buf: list[pd.DataFrame] = []
    n = 0
    for frame in frames:
        while len(frame):
            take = frame.iloc[: chunk_size - n]
            frame = frame.iloc[len(take):]
            buf.append(take)
            n += len(take)
            if n == chunk_size:
                yield RawChunk(_concat(buf))
                buf, n = [], 0
    if n:
        yield RawChunk(_concat(buf))


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    if len(frames) == 1:
        return frames[0].reset_index(drop=True)
    return pd.concat(frames, ignore_index=True, sort=False)


# --- files ---------------------------------------------------------------------


def _open_binary(path: Path):
    return gzip.open(path, "rb") if path.suffix.lower() == ".gz" else open(path, "rb")


def sniff_encoding(path: Path, encoding: str | None = None) -> str:
    """The encoding :func:`framing.read_articles` would use for a table file.

    A byte-order mark decides, then UTF-8 if the whole file decodes (checked
    block by block, never holding the file), then cp1252, then latin-1.
    """
    from framing.corpus._decode import bom_encoding

    if encoding is not None:
        return encoding
    with _open_binary(path) as fh:
        head = fh.read(4)
    bom = bom_encoding(head)
    if bom:
        return bom
    for enc in ("utf-8", "cp1252"):
        dec = codecs.getincrementaldecoder(enc)()
        try:
            with _open_binary(path) as fh:
                while block := fh.read(_BLOCK):
                    dec.decode(block)
                dec.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        if enc != "utf-8":
            logger.warning("%s is not UTF-8; read it as %s.", path, enc)
        return enc
    logger.warning("%s is not UTF-8; read it as latin-1.", path)
    return "latin-1"


def _table_frames(path: Path, chunk_size: int, encoding: str | None, str_cols: tuple[str, ...]) -> Iterator[pd.DataFrame]:
    from framing.corpus._sources import _suffix, read_table

    suffix = _suffix(path)
    if suffix in (".parquet", ".pq"):
        import pyarrow.parquet as pq

        pf = pq.ParquetFile(path)
        for batch in pf.iter_batches(batch_size=chunk_size):
            yield batch.to_pandas()
        return
    if suffix in (".jsonl", ".ndjson"):
        yield from _jsonl_frames(path, chunk_size, encoding)
        return
    if suffix in (".csv", ".tsv", ".tab"):
        enc = sniff_encoding(path, encoding)
        sep = "," if suffix == ".csv" else "\t"
        with pd.read_csv(path, sep=sep, dtype={c: str for c in str_cols}, encoding=enc,
                         chunksize=chunk_size) as reader:
            yield from reader
        return
    if suffix == ".json":
        logger.info("%s is a JSON array and is read whole; use JSONL for collections larger than memory.", path)
        yield read_table(path, encoding=encoding, str_cols=str_cols)
        return
    raise ValueError(
        f"Cannot stream {str(path)!r}: unknown file type {suffix or '(no suffix)'!r}. "
        "Use JSONL, CSV, TSV, Parquet or a folder of .txt/.html files."
    )


def _jsonl_frames(path: Path, chunk_size: int, encoding: str | None) -> Iterator[pd.DataFrame]:
    from framing.corpus._sources import parse_jsonl_line

    enc = sniff_encoding(path, encoding)
    records: list[dict] = []
    with _open_binary(path) as raw:
        text = io.TextIOWrapper(raw, encoding=enc, newline="\n")
        for lineno, line in enumerate(text, start=1):
            if lineno == 1 and line.startswith("\ufeff"):
                line = line[1:]
            if not line.strip():
                continue
            rec = parse_jsonl_line(line, path, lineno)
            records.append(rec)
            if len(records) == chunk_size:
                yield pd.DataFrame.from_records(records)
                records = []
    if records:
        yield pd.DataFrame.from_records(records)


def _document_chunks(files: list[Path], root: Path, name: str, chunk_size: int,
                     encoding: str | None) -> Iterator[RawChunk]:
    from framing.corpus._sources import DOCUMENT_SUFFIXES, _load_documents, _suffix, _warn_ignored

    docs = [p for p in files if _suffix(p) in DOCUMENT_SUFFIXES and p.suffix.lower() != ".gz"]
    _warn_ignored([p for p in files if _suffix(p) not in DOCUMENT_SUFFIXES or p.suffix.lower() == ".gz"], name)
    for i in range(0, len(docs), chunk_size):
        loaded = _load_documents(docs[i : i + chunk_size], root=root, name=name, encoding=encoding, progress=False)
        yield RawChunk(loaded.frame, canonical=True, pre_status=list(loaded.pre_status or []))
