"""The result of :func:`framing.score`: the tables of CODEBOOK §5."""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any, Iterable

import pandas as pd

from ..batch import Document
from ..labels import TABLE_COLUMNS, TABLES

# dtypes of the codebook columns; everything not listed is ``object``
_DTYPES: dict[str, str] = {
    "sent_id": "int64",
    "start_char": "int64",
    "end_char": "int64",
    "n_sentences": "int64",
    "hedged": "boolean",
    "loaded": "boolean",
    "agentless_passive": "boolean",
    "source_start": "Int64",
    "source_end": "Int64",
    "cue_start": "Int64",
    "cue_end": "Int64",
    "content_start": "Int64",
    "content_end": "Int64",
    "p_favor": "float64",
    "p_against": "float64",
    "p_neutral": "float64",
}

# extra columns each table carries after the codebook's, before the metadata
_EXTRA: dict[str, tuple[str, ...]] = {
    "articles": (),
    "sentences": ("part", "paragraph", "quote_ids"),
    "attributions": ("part",),
    "stances": ("part",),
    "mentions": ("kind", "part"),
}

_NOT_META = {"doc_id", "text", "n_sentences", "status"}
_LIST_COLUMNS = {"loaded_terms", "frames", "epithets", "quote_ids"}


def _empty(table: str) -> pd.DataFrame:
    cols = list(TABLE_COLUMNS[table]) + list(_EXTRA[table])
    if table == "articles":
        cols += ["n_sentences", "status"]
    return pd.DataFrame({c: pd.Series(dtype=_DTYPES.get(c, "object")) for c in cols})


def _typed(df: pd.DataFrame) -> pd.DataFrame:
    for col, dtype in _DTYPES.items():
        if col in df.columns:
            try:
                df[col] = df[col].astype(dtype)
            except (TypeError, ValueError):
                pass
    return df


class Result:
    """Scored articles as tidy tables (CODEBOOK §5).

    Attributes
    ----------
    articles : DataFrame
        One row per input article: ``doc_id``, the input's metadata,
        ``n_sentences``, ``status`` (``ok`` or why not) and ``text``.
    sentences : DataFrame
        One row per sentence (the title is sentence 0 with ``part="title"``).
    attributions : DataFrame
        One row per reporting event.
    stances : DataFrame
        One row per (sentence, target).
    mentions : DataFrame
        One row per actor mention.
    meta : dict
        Versions and settings for reproducibility: framing and codebook
        versions, tasks, models and their hashes, catalog fingerprint.

    Every table except ``articles`` carries the article metadata columns
    (``outlet``, ``date``, ...) after its own columns.
    """

    def __init__(self, tables: dict[str, pd.DataFrame], meta: dict[str, Any] | None = None):
        missing = [t for t in TABLES if t not in tables]
        if missing:
            raise ValueError(f"A Result needs the tables {list(TABLES)}; missing {missing}.")
        self.articles = tables["articles"]
        self.sentences = tables["sentences"]
        self.attributions = tables["attributions"]
        self.stances = tables["stances"]
        self.mentions = tables["mentions"]
        self.meta = dict(meta or {})

    # -- tables -------------------------------------------------------------
    @property
    def tables(self) -> dict[str, pd.DataFrame]:
        """The five tables by name."""
        return {t: getattr(self, t) for t in TABLES}

    def __getitem__(self, table: str) -> pd.DataFrame:
        if table not in TABLES:
            raise KeyError(f"No table {table!r}; the tables are {list(TABLES)}.")
        return getattr(self, table)

    @property
    def texts(self) -> dict[str, str]:
        """Article texts by ``doc_id`` (offsets in the tables point into these)."""
        if "text" not in self.articles.columns:
            return {}
        return dict(zip(self.articles["doc_id"], self.articles["text"]))

    def examples(self, **kwargs) -> pd.DataFrame:
        """The sentences behind a cell of a comparison; see :func:`framing.compare.examples`."""
        from ..compare import examples

        return examples(self, **kwargs)

    # -- persistence ----------------------------------------------------------
    def to_parquet(self, path: str | Path) -> Path:
        """Write every table as ``<table>.parquet`` plus ``meta.json`` into a folder.

        Files are written to a temporary name and renamed, so a folder never
        holds a half-written table.
        """
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        for name, df in self.tables.items():
            tmp = path / f".{name}.parquet.tmp"
            df.to_parquet(tmp, index=False)
            tmp.replace(path / f"{name}.parquet")
        tmp = path / ".meta.json.tmp"
        tmp.write_text(json.dumps(self.meta, indent=2, default=str), encoding="utf-8")
        tmp.replace(path / "meta.json")
        return path

    # -- display --------------------------------------------------------------
    def summary(self) -> dict[str, Any]:
        """Counts per table and statuses, as a plain dict."""
        status = self.articles["status"].value_counts().to_dict() if len(self.articles) else {}
        return {
            "articles": int(len(self.articles)),
            "status": {str(k): int(v) for k, v in status.items()},
            **{t: int(len(getattr(self, t))) for t in TABLES if t != "articles"},
        }

    def __repr__(self) -> str:
        s = self.summary()
        ok = s["status"].get("ok", 0)
        return (
            f"<framing.Result: {s['articles']:,} articles ({ok:,} ok), {s['sentences']:,} sentences, "
            f"{s['mentions']:,} mentions, {s['attributions']:,} attributions, {s['stances']:,} stances>"
        )

    def _repr_html_(self) -> str:
        s = self.summary()
        rows = "".join(
            f"<tr><td>{html.escape(t)}</td><td style='text-align:right'>{s[t]:,}</td></tr>"
            for t in TABLES
        )
        status = ", ".join(f"{html.escape(k)}: {v:,}" for k, v in s["status"].items()) or "none"
        tasks = html.escape(", ".join(self.meta.get("tasks", [])))
        return (
            "<div><strong>framing.Result</strong>"
            f"<table><thead><tr><th>table</th><th>rows</th></tr></thead><tbody>{rows}</tbody></table>"
            f"<p>status: {status}<br>tasks: {tasks}</p></div>"
        )


def read_result(path: str | Path) -> Result:
    """Read a folder written by :meth:`Result.to_parquet` or :func:`framing.stream.score_stream`.

    A streamed folder (``<table>/part-*.parquet``) is read by concatenating
    each table's parts in chunk order.

    Raises
    ------
    FileNotFoundError
        When the folder or one of its tables is missing; the message names
        the missing files.
    ValueError
        When a streamed folder is not complete (its run was interrupted):
        rerun the same command to finish it.
    """
    path = Path(path)
    if not path.is_dir():
        raise FileNotFoundError(f"No result folder at {path}. Write one with Result.to_parquet(path).")
    meta_file = path / "meta.json"
    meta = json.loads(meta_file.read_text(encoding="utf-8")) if meta_file.exists() else {}
    if (path / "_manifest").is_dir() and not (path / "articles.parquet").exists():
        if not meta.get("complete"):
            raise ValueError(
                f"The streamed result in {path} is not complete (its run was interrupted). Run the same "
                "score_stream call (or `framing score ... --stream`) again to finish it; done chunks are kept."
            )
        n = int(meta.get("n_chunks", 0))
        tables = {}
        for t in TABLES:
            files = [path / t / f"part-{i:06d}.parquet" for i in range(n)]
            missing = [str(f.relative_to(path)) for f in files if not f.exists()]
            if missing:
                raise FileNotFoundError(f"Streamed result {path} lacks {missing[:5]}; rerun the same command "
                                        "to redo those chunks.")
            parts = [pd.read_parquet(f) for f in files]
            full = [p for p in parts if len(p)]
            df = pd.concat(full, ignore_index=True, sort=False) if full else (parts[0] if parts else _empty(t))
            tables[t] = _typed(df.reset_index(drop=True))
    else:
        missing = [f"{t}.parquet" for t in TABLES if not (path / f"{t}.parquet").exists()]
        if missing:
            raise FileNotFoundError(f"Result folder {path} lacks {missing}; it was not written completely.")
        tables = {t: _typed(pd.read_parquet(path / f"{t}.parquet")) for t in TABLES}
    for df in tables.values():
        for col in _LIST_COLUMNS.intersection(df.columns):
            # Parquet returns list cells as numpy arrays; give lists back
            df[col] = df[col].map(lambda v: v.tolist() if hasattr(v, "tolist") else v)
    return Result(tables, meta)


def build_tables(articles: pd.DataFrame, docs: Iterable[Document]) -> dict[str, pd.DataFrame]:
    """The five tables from the input articles and the scored batch.

    Parameters
    ----------
    articles : DataFrame
        The output of :func:`framing.read_articles` (``doc_id``, ``text``,
        metadata, ``status``); its statuses are updated from the documents.
    docs : iterable of Document
        Scored documents; articles without a document keep their status and
        get ``n_sentences = 0``.
    """
    docs = {d.doc_id: d for d in docs}
    meta_cols = [c for c in articles.columns if c not in _NOT_META]
    meta_frame = articles[["doc_id", *meta_cols]]

    rows: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES if t != "articles"}
    for d in docs.values():
        part_of = {s.sent_id: s.part for s in d.sentences}
        for s in d.sentences:
            rows["sentences"].append(
                {
                    "doc_id": d.doc_id, "sent_id": s.sent_id, "start_char": s.start, "end_char": s.end,
                    "text": s.text, "attr_form": s.attr_form, "hedged": s.hedged, "loaded": s.loaded,
                    "loaded_terms": s.loaded_terms, "agentless_passive": s.agentless_passive,
                    "frames": s.frames, "part": s.part, "paragraph": s.paragraph,
                    "quote_ids": list(s.quote_ids) or None,
                }
            )
        for a in d.attributions:
            rows["attributions"].append(
                {
                    "doc_id": d.doc_id, "sent_id": a.sent_id, "form": a.form, "source": a.source,
                    "source_type": a.source_type, "cue": a.cue, "cue_class": a.cue_class,
                    "source_start": a.source_start, "source_end": a.source_end,
                    "cue_start": a.cue_start, "cue_end": a.cue_end,
                    "content_start": a.content_start, "content_end": a.content_end,
                    "part": part_of.get(a.sent_id),
                }
            )
        for st in d.stances:
            rows["stances"].append(
                {
                    "doc_id": d.doc_id, "sent_id": st.sent_id, "target": st.target, "stance": st.stance,
                    "voice": st.voice, "holder": st.holder, "p_favor": st.p_favor,
                    "p_against": st.p_against, "p_neutral": st.p_neutral, "part": part_of.get(st.sent_id),
                }
            )
        for m in d.mentions:
            rows["mentions"].append(
                {
                    "doc_id": d.doc_id, "sent_id": m.sent_id, "actor": m.actor, "mention": m.mention,
                    "start_char": m.start, "end_char": m.end, "role": m.role,
                    "epithets": list(m.epithets) if m.epithets is not None else None,
                    "kind": m.kind, "part": part_of.get(m.sent_id),
                }
            )

    tables: dict[str, pd.DataFrame] = {}
    for name, recs in rows.items():
        df = pd.DataFrame.from_records(recs) if recs else _empty(name)
        df = _typed(df)
        if meta_cols:
            df = df.merge(meta_frame, on="doc_id", how="left", validate="many_to_one")
        tables[name] = df

    art = articles.copy()
    art["n_sentences"] = [len(docs[i].sentences) if i in docs else 0 for i in art["doc_id"]]
    art["status"] = [docs[i].status if i in docs else s for i, s in zip(art["doc_id"], art["status"])]
    order = ["doc_id", *meta_cols, "n_sentences", "status"] + (["text"] if "text" in art.columns else [])
    tables["articles"] = _typed(art[order].reset_index(drop=True))
    return {t: tables[t] for t in TABLES}
