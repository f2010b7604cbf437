"""``score_stream``: :func:`framing.score` over a collection larger than memory.

The driver reads the input lazily, one chunk of articles at a time, gives each
article its final ``doc_id`` (unique across the whole input), fingerprints the
chunk and hands it to :func:`_score_chunk`, which calls :func:`framing.score`
(the one pipeline) and writes the chunk's five tables as Parquet parts and,
last, its manifest. The chunk function runs in the driver (``engine="local"``),
in a spawned process pool (``"process"``) or on Dask workers (``"dask"``).
"""

from __future__ import annotations

import datetime as _dt
import inspect
import logging
import os
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any, Iterator

import pandas as pd

from ..labels import TABLES
from ._sources import RawChunk, iter_chunks
from ._store import (
    InputChangedError,
    MANIFEST_DIR,
    RUN_FILE,
    chunk_done,
    chunk_indices,
    clean_temp_files,
    fingerprint,
    manifest_path,
    wipe,
    write_json_atomic,
    write_parts,
)

logger = logging.getLogger("framing")

ENGINES = ("local", "process", "dask")
_HASH_ID = re.compile(r"^(doc_[0-9a-f]{12})(?:-\d+)?$")
# score() options that are not read_articles options; everything else goes to read_articles
_SCORE_ONLY = ("catalog", "spacy_model", "ner", "targets", "model")


def score_stream(
    source: Any,
    out_dir: str | os.PathLike,
    *,
    chunk_size: int = 500,
    tasks: str | list[str] | None = None,
    workers: int = 1,
    engine: str = "local",
    scheduler: Any = None,
    resume: bool = True,
    progress: bool | None = None,
    **score_kwargs: Any,
) -> Path:
    """Score a collection larger than memory, chunk by chunk, into Parquet parts.

    The input is read lazily in chunks of ``chunk_size`` articles; each chunk
    goes through :func:`framing.score` (the same pipeline) and its five tables
    are written as ``out_dir/<table>/part-<chunk>.parquet``, followed by a
    manifest ``out_dir/_manifest/part-<chunk>.json`` holding the chunk's input
    fingerprint and the sha256 of each part. A chunk is done when its manifest
    exists and verifies, so the same call after an interruption (a kill, a
    preempted cluster job) continues where it stopped. Memory stays flat in
    corpus size; read the result with :func:`framing.read_result`.

    Parameters
    ----------
    source : path, glob, folder, DataFrame, list or datasets.Dataset
        What :func:`framing.read_articles` reads. JSONL is read line by line,
        CSV/TSV in pandas chunks, Parquet by record batches, folders of
        ``.txt``/``.html`` files in batches of files, a ``datasets.Dataset``
        with ``.iter(batch_size)``.
    out_dir : path
        Output folder (created). With ``resume=True`` a folder from an earlier
        run of the same command is continued.
    chunk_size : int, default 500
        Articles per chunk (and per Parquet part).
    tasks : str or list of str, optional
        As in :func:`framing.score`; default all available.
    workers : int, default 1
        Worker processes for ``engine="process"`` and the local Dask cluster.
    engine : {"local", "process", "dask"}, default "local"
        ``"local"``: chunks one after the other in this process.
        ``"process"``: a pool of ``workers`` spawned processes, each with
        ``max(1, cpu_count // workers)`` torch/BLAS threads.
        ``"dask"``: ``dask.distributed``: ``Client(scheduler)`` when a
        scheduler address (or a ``Client``) is given, else a ``LocalCluster``
        with ``workers`` single-threaded workers. Workers write the parts to
        ``out_dir``, which must be on a filesystem they all share.
    scheduler : str or distributed.Client, optional
        Dask scheduler address such as ``"tcp://10.0.0.5:8786"``.
    resume : bool, default True
        Skip chunks already done in ``out_dir``; redo those with a missing,
        partial or corrupted part. ``False`` removes the earlier output (the
        tables, manifests and ``meta.json``; nothing else) and starts over.
    progress : bool, optional
        Progress bar over chunks; default on.
    **score_kwargs
        Further options of :func:`framing.score` (``errors``, ``catalog``,
        ``spacy_model``, ``ner``, ``targets``, ``model``) and of
        :func:`framing.read_articles` (``text_col``, ``id_col``,
        ``title_col``, ``max_chars``, ...).

    Returns
    -------
    Path
        ``out_dir``, holding the parts and ``meta.json`` (``complete: true``).

    Raises
    ------
    ValueError
        A bad parameter; or the input (or ``chunk_size``, ``tasks``) differs
        from the run recorded in ``out_dir`` and ``resume=True``: pass
        ``resume=False`` to start over.

    Notes
    -----
    The result equals one :func:`framing.score` call on the whole input:
    content-hash ids of identical articles are suffixed ``-2``, ``-3``, ...
    in order across chunks, as :func:`framing.read_articles` does in one go.
    Explicit ids that repeat across chunks raise, as they do there. Dates are
    parsed per chunk, so a column mixing time zones only in some chunks is
    converted to UTC in those chunks only.

    Examples
    --------
    >>> import framing
    >>> from framing.stream import score_stream
    >>> out = score_stream("big.jsonl", "out", tasks="mentions,attribution",
    ...                    engine="process", workers=4)          # doctest: +SKIP
    >>> res = framing.read_result(out)                             # doctest: +SKIP
    """
    from ..pipeline import _resolve_tasks

    if isinstance(chunk_size, bool) or not isinstance(chunk_size, int) or chunk_size < 1:
        raise ValueError(f"The 'chunk_size' parameter of score_stream must be a positive int. Got {chunk_size!r} instead.")
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ValueError(f"The 'workers' parameter of score_stream must be a positive int. Got {workers!r} instead.")
    if engine not in ENGINES:
        raise ValueError(f"The 'engine' parameter of score_stream must be one of {ENGINES}. Got {engine!r} instead.")
    if scheduler is not None and engine != "dask":
        raise ValueError("scheduler= is a Dask scheduler address; pass engine='dask' with it.")
    read_kw, score_kw = _split_kwargs(score_kwargs)
    task_names = [t.name for t in _resolve_tasks(tasks, has_model=score_kw.get("model") is not None)]
    score_kw["tasks"] = task_names

    out = Path(out_dir)
    if not resume:
        wipe(out)
    out.mkdir(parents=True, exist_ok=True)
    clean_temp_files(out)
    _check_run(out, {"chunk_size": chunk_size, "tasks": task_names,
                     "read": {k: repr(v) for k, v in sorted(read_kw.items())}})
    (out / "meta.json").unlink(missing_ok=True)  # not complete until the end of this run

    threads = max(1, (os.cpu_count() or 1) // workers)
    jobs = _jobs(source, out, chunk_size, read_kw)
    bar = None
    if progress is None or progress:
        from tqdm.auto import tqdm

        bar = tqdm(desc="framing.score_stream", unit="chunk")
    totals = _Totals()
    try:
        if engine == "local":
            for index, articles, fp, done in jobs:
                manifest = done or _score_chunk(index, articles, str(out), score_kw, fp, None)
                totals.add(manifest, skipped=done is not None)
                if bar is not None:
                    bar.update(1)
        else:
            _run_pool(engine, jobs, out, score_kw, workers, threads, scheduler, totals, bar)
    finally:
        if bar is not None:
            bar.close()

    extra = [i for i in chunk_indices(out) if i >= totals.n_chunks]
    if extra:
        raise InputChangedError(
            f"{out} holds {len(extra)} chunk(s) beyond the end of the input (from chunk {extra[0]}): "
            "the input is shorter than in the earlier run. Pass resume=False (CLI: --no-resume) to start over."
        )
    meta = dict(totals.meta or _empty_meta(task_names))
    meta.pop("created_utc", None)
    meta.update(
        created_utc=_dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        tasks=task_names,
        streamed=True,
        complete=True,
        n_chunks=totals.n_chunks,
        chunk_size=chunk_size,
        n_articles=totals.n_articles,
        rows={t: totals.rows[t] for t in TABLES},
        status=dict(totals.status),
        engine=engine,
        workers=workers,
    )
    write_json_atomic(out / "meta.json", meta)
    logger.info("score_stream: %d chunk(s), %d article(s) (%d chunk(s) already done) in %s",
                totals.n_chunks, totals.n_articles, totals.skipped, out)
    return out


# --- the chunk function (driver, process pool or Dask worker) -----------------------


def _init_worker(threads: int | None) -> None:
    """Limit BLAS/torch threads in a worker; env first, so that a later torch import obeys it."""
    if not threads:
        return
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ[var] = str(threads)
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    torch = sys.modules.get("torch")
    if torch is not None:
        torch.set_num_threads(threads)


def _score_chunk(index: int, articles: pd.DataFrame, out_dir: str, score_kw: dict[str, Any], fp: str,
                 threads: int | None) -> dict[str, Any]:
    """Score one chunk with :func:`framing.score`; write its parts, then its manifest."""
    from ..pipeline import score

    if threads:
        _init_worker(threads)
    out = Path(out_dir)
    manifest_path(out, index).unlink(missing_ok=True)  # not done while its parts are rewritten
    result = score(articles, progress=False, **score_kw)
    if threads and "torch" in sys.modules:
        sys.modules["torch"].set_num_threads(threads)
    files = write_parts(out, index, result.tables)
    status = result.articles["status"].value_counts()
    manifest = {
        "chunk": index,
        "fingerprint": fp,
        "n_articles": int(len(articles)),
        "first_doc_id": str(articles["doc_id"].iloc[0]) if len(articles) else None,
        "files": files,
        "status": {str(k): int(v) for k, v in status.items()},
        "meta": result.meta,
    }
    write_json_atomic(manifest_path(out, index), manifest)
    return manifest


# --- the driver ----------------------------------------------------------------------


class _Totals:
    def __init__(self) -> None:
        self.n_chunks = 0
        self.n_articles = 0
        self.skipped = 0
        self.rows: Counter[str] = Counter()
        self.status: Counter[str] = Counter()
        self.meta: dict[str, Any] | None = None

    def add(self, manifest: dict[str, Any], skipped: bool) -> None:
        self.n_chunks = max(self.n_chunks, int(manifest["chunk"]) + 1)
        self.n_articles += int(manifest["n_articles"])
        self.skipped += int(skipped)
        for t, rec in manifest["files"].items():
            self.rows[t] += int(rec["rows"])
        self.status.update(manifest.get("status", {}))
        if manifest["chunk"] == 0 or self.meta is None:
            self.meta = manifest.get("meta") or self.meta


def _split_kwargs(kwargs: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    from ..corpus import read_articles

    read_params = set(inspect.signature(read_articles).parameters) - {"source", "progress"}
    score_params = set(_SCORE_ONLY) | {"errors"}
    unknown = [k for k in kwargs if k not in read_params | score_params]
    if unknown:
        raise TypeError(
            f"score_stream got an unexpected option {unknown[0]!r}. It takes the options of framing.score "
            f"{sorted(score_params)} and of framing.read_articles {sorted(read_params)}."
        )
    read_kw = {k: v for k, v in kwargs.items() if k in read_params}
    score_kw = {k: v for k, v in kwargs.items() if k in score_params}
    return read_kw, score_kw


def _check_run(out: Path, settings: dict[str, Any]) -> None:
    import json

    path = out / MANIFEST_DIR / RUN_FILE
    if path.exists():
        try:
            old = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            old = None
        if isinstance(old, dict):
            diff = [k for k in settings if old.get(k) != settings[k]]
            if diff:
                raise InputChangedError(
                    f"{out} holds a run with other settings ({', '.join(f'{k}={old.get(k)!r}' for k in diff)}; "
                    f"now {', '.join(f'{k}={settings[k]!r}' for k in diff)}). Pass resume=False "
                    "(CLI: --no-resume) to start over, or write to another output folder."
                )
            return
    write_json_atomic(path, settings)


class _Ids:
    """Give every article of the stream its final id, as one read_articles call would."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.seen: set[str] = set()

    def _suffixed(self, base: str) -> str:
        self.counts[base] += 1
        k = self.counts[base]
        if k == 1:
            self.seen.add(base)
            return base
        while f"{base}-{k}" in self.seen:
            k += 1
        self.counts[base] = k
        new = f"{base}-{k}"
        self.seen.add(new)
        return new

    def hashed(self, ids: list[str]) -> list[str]:
        # within a chunk read_articles suffixed repeats from 1; count across chunks instead
        return [self._suffixed(m.group(1) if (m := _HASH_ID.match(i)) else i) for i in ids]

    def paths(self, ids: list[str]) -> list[str]:
        return [self._suffixed(i) for i in ids]

    def explicit(self, ids: list[str], index: int) -> list[str]:
        dups = [i for i in ids if i in self.seen]
        if dups:
            raise ValueError(
                f"Article id(s) {dups[:10]} in chunk {index} already occur in an earlier chunk. Ids must be "
                "unique: pass id_col=None to generate ids, or de-duplicate the input."
            )
        self.seen.update(ids)
        return ids


def _articles(raw: RawChunk, read_kw: dict[str, Any], ids: _Ids, index: int) -> pd.DataFrame:
    from ..corpus import read_articles

    frame = raw.frame
    if raw.canonical:  # a folder: path ids, repeats suffixed rather than refused
        frame = frame.copy()
        frame["doc_id"] = ids.paths([str(i) for i in frame["doc_id"]])
        kw = {k: v for k, v in read_kw.items() if k not in ("text_col", "id_col")}
        articles = read_articles(frame, id_col="doc_id", **kw)
        pre = pd.Series(raw.pre_status, dtype=object)
        if len(pre) == len(articles) and pre.notna().any():
            articles["status"] = articles["status"].astype(object).where(pre.isna(), pre)
        return articles
    articles = read_articles(frame, **read_kw)
    text_col = read_kw.get("text_col", "text")
    explicit = read_kw.get("id_col") is not None or any(c in frame.columns and c != text_col for c in ("doc_id", "id"))
    got = [str(i) for i in articles["doc_id"]]
    articles["doc_id"] = ids.explicit(got, index) if explicit else ids.hashed(got)
    return articles


def _jobs(source: Any, out: Path, chunk_size: int, read_kw: dict[str, Any]
          ) -> Iterator[tuple[int, pd.DataFrame, str, dict[str, Any] | None]]:
    """(index, articles, fingerprint, manifest if already done) for every chunk, lazily."""
    ids = _Ids()
    str_cols = (read_kw.get("text_col", "text"), read_kw.get("id_col"), read_kw.get("title_col", "title"), "doc_id", "id")
    for index, raw in enumerate(iter_chunks(source, chunk_size, encoding=read_kw.get("encoding"), str_cols=str_cols)):
        articles = _articles(raw, read_kw, ids, index)
        fp = fingerprint(articles["doc_id"].tolist(), articles["text"].tolist())
        done = chunk_done(out, index, fp)
        if done is not None:
            logger.debug("chunk %d already done; skipped", index)
        yield index, articles, fp, done


def _empty_meta(task_names: list[str]) -> dict[str, Any]:
    import platform

    from .. import __version__
    from ..labels import CODEBOOK_VERSION

    return {"framing_version": __version__, "codebook_version": CODEBOOK_VERSION, "tasks": task_names,
            "python": platform.python_version()}


def _run_pool(engine: str, jobs, out: Path, score_kw: dict[str, Any], workers: int, threads: int,
              scheduler: Any, totals: _Totals, bar) -> None:
    """Map :func:`_score_chunk` over a process pool or Dask, at most 2 chunks per worker in flight."""
    cleanup = []
    if engine == "process":
        import concurrent.futures as cf
        import multiprocessing

        pool = cf.ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                                      initializer=_init_worker, initargs=(threads,))
        cleanup.append(lambda: pool.shutdown(wait=True, cancel_futures=True))

        def submit(*args):
            return pool.submit(_score_chunk, *args, threads)

        def wait_first(futs):
            done, _ = cf.wait(futs, return_when=cf.FIRST_COMPLETED)
            return done

        def slots() -> int:
            return workers
    else:
        try:
            from distributed import Client, LocalCluster, wait
        except ImportError as exc:
            raise ImportError(
                "engine='dask' needs dask.distributed: pip install 'framing[scale]' "
                "(or pip install 'dask[distributed]')."
            ) from exc
        if scheduler is None:
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                   dashboard_address=None)
            client = Client(cluster)
            cleanup += [cluster.close, client.close]
        elif isinstance(scheduler, Client):
            client = scheduler
        else:
            client = Client(scheduler)
            cleanup.append(client.close)
        def slots() -> int:  # workers may join later (cluster.adapt, queued SLURM jobs)
            return max(1, workers, sum(client.nthreads().values()))

        client_threads = threads if scheduler is None else None
        if client_threads:
            client.run(_init_worker, client_threads)

        def submit(*args):
            return client.submit(_score_chunk, *args, client_threads, pure=False)

        def wait_first(futs):
            return wait(list(futs), return_when="FIRST_COMPLETED").done

    pending: dict[Any, int] = {}

    def collect(futs) -> None:
        for fut in futs:
            pending.pop(fut)
            totals.add(fut.result(), skipped=False)
            if bar is not None:
                bar.update(1)

    try:
        for index, articles, fp, done in jobs:
            if done is not None:
                totals.add(done, skipped=True)
                if bar is not None:
                    bar.update(1)
                continue
            while len(pending) >= 2 * slots():
                collect(wait_first(list(pending)))
            pending[submit(index, articles, str(out), score_kw, fp)] = index
        while pending:
            collect(wait_first(list(pending)))
    except BaseException:
        for fut in pending:
            fut.cancel()
        raise
    finally:
        for fn in reversed(cleanup):
            try:
                fn()
            except Exception as exc:  # closing must not hide the real error
                logger.debug("closing %s engine: %s", engine, exc)
