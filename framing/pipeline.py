"""``score()``: the one way through.

read -> segment -> mentions -> parse (once) -> attribution, roles -> tables.

Each stage adds to the batch (:mod:`framing.batch`) and nothing goes back
upstream; a task that is not asked for costs nothing (no parse when no task
needs one). One bad article never stops a batch: it is recorded with its
reason in ``articles.status`` and the run goes on (``errors="raise"`` for those
who want it).
"""

from __future__ import annotations

import datetime as _dt
import logging
import platform
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Sequence

import pandas as pd

from . import __version__
from .actors import ActorCatalog, default_catalog, find_mentions
from .batch import Document
from .labels import CODEBOOK_VERSION
from .result import Result, build_tables

logger = logging.getLogger("framing")


@dataclass(frozen=True)
class _Task:
    name: str
    needs_parse: bool
    run: Callable[..., None]
    doc: str
    needs_model: bool = False


def _run_attribution(doc: Document, parses, ctx) -> None:
    from .attribution import attribute

    attribute(doc, parses)


def _run_roles(doc: Document, parses, ctx) -> None:
    from .syntax import cast_roles

    cast_roles(doc, parses)


def _available_tasks(has_model: bool = False) -> dict[str, _Task]:
    tasks = {
        "mentions": _Task("mentions", False, lambda doc, parses, ctx: None,
                          "actor mentions from the catalog (always on: other tasks need them)"),
    }
    try:
        from .attribution import attribute  # noqa: F401

        tasks["attribution"] = _Task("attribution", True, _run_attribution,
                                     "reporting events, attr_form, hedged (CODEBOOK §1)")
    except ImportError:
        pass
    try:
        from .syntax import cast_roles  # noqa: F401

        tasks["roles"] = _Task("roles", True, _run_roles,
                               "mention roles, epithets, agentless passives (CODEBOOK §3)")
    except ImportError:
        pass
    from .models import default_model_path

    if has_model or (default_model_path() / "card.json").exists():
        for name, what in (("stance", "stance toward each actor and topic, voice, holder (CODEBOOK §2)"),
                           ("frames", "policy frames per sentence (CODEBOOK §3)"),
                           ("loaded", "loaded wording and loaded_terms (CODEBOOK §4)")):
            tasks[name] = _Task(name, False, lambda doc, parses, ctx: None, what, needs_model=True)
    return tasks


def available_tasks() -> dict[str, str]:
    """The tasks :func:`score` can run here, with what each one fills."""
    return {name: t.doc for name, t in _available_tasks().items()}


def _resolve_tasks(tasks: str | Iterable[str] | None, has_model: bool = False) -> list[_Task]:
    registry = _available_tasks(has_model)
    if tasks is None or tasks == "all":
        return list(registry.values())
    if isinstance(tasks, str):
        tasks = [t.strip() for t in tasks.split(",") if t.strip()]
    tasks = list(tasks)
    unknown = [t for t in tasks if t not in registry]
    if unknown:
        raise ValueError(
            f"The 'tasks' parameter of framing.score must be a subset of {sorted(registry)}. "
            f"Got {unknown[0]!r} instead."
        )
    return [registry[t] for t in registry if t in tasks or t == "mentions"]


def _to_documents(articles: pd.DataFrame) -> list[Document]:
    meta_cols = [c for c in articles.columns if c not in ("doc_id", "text", "status")]
    docs = []
    for rec in articles.to_dict("records"):
        if rec.get("status", "ok") != "ok":
            continue
        title = rec.get("title")
        title = title.strip() if isinstance(title, str) and title.strip() else None
        date = rec.get("date")
        docs.append(
            Document(
                doc_id=str(rec["doc_id"]),
                text=rec["text"],
                title=title,
                date=None if date is None or pd.isna(date) else date,
                meta={c: rec.get(c) for c in meta_cols},
            )
        )
    return docs


def prepare(text: str, *, title: str | None = None, date=None, catalog: ActorCatalog | None = None,
            parse: bool = True, nlp=None) -> tuple[Document, list]:
    """Segment one text, find its mentions and parse its sentences.

    A convenience for tests, notebooks and stage developers: the same stages
    :func:`score` runs, for one article.

    Returns
    -------
    (Document, list of spacy.tokens.Doc)
        The parses are aligned with ``doc.sentences`` (empty when ``parse=False``).
    """
    from .segment import segment_document

    doc = Document(doc_id="doc", text=text, title=title, date=date)
    segment_document(doc)
    find_mentions(doc, catalog or default_catalog())
    parses: list = []
    if parse:
        from .nlp import load_spacy

        nlp = nlp or load_spacy()
        parses = list(nlp.pipe([s.text for s in doc.sentences]))
    return doc, parses


def score(
    data: Any,
    *,
    tasks: str | Sequence[str] | None = None,
    catalog: ActorCatalog | None = None,
    text_col: str = "text",
    id_col: str | None = None,
    errors: str = "flag",
    progress: bool | None = None,
    chunk_size: int = 64,
    spacy_model: str | None = None,
    ner: bool = False,
    targets: Sequence[Any] | None = None,
    model: Any = None,
    models: dict[str, Any] | None = None,
    **read_kwargs: Any,
) -> Result:
    """Score news articles: sentences, actor mentions, attribution, roles.

    Parameters
    ----------
    data : path, glob, DataFrame, datasets.Dataset, list
        Anything :func:`framing.read_articles` reads (CSV, TSV, JSONL, JSON,
        Parquet, a folder of .txt/.html files, ...).
    tasks : str or list of str, optional
        Which tasks to run; default all available (see
        :func:`framing.available_tasks`). ``"mentions"`` always runs.
    catalog : ActorCatalog, optional
        The actors to find; default :meth:`ActorCatalog.default`.
    text_col, id_col : str
        Passed to :func:`framing.read_articles`.
    errors : {"flag", "raise"}, default "flag"
        ``"flag"`` records a failing article's reason in ``articles.status``
        and goes on; ``"raise"`` stops at the first failure.
    progress : bool, optional
        Show a progress bar; default: when there are 100 articles or more.
    chunk_size : int, default 64
        Articles parsed together (memory stays flat in corpus size).
    spacy_model : str, optional
        spaCy pipeline name or path (see :func:`framing.nlp.load_spacy`).
    ner : bool, default False
        Run spaCy's named-entity recogniser too (source typing falls back on
        it for names the catalog and lexicons do not know). Off by default: it
        costs about a third of parse time and changed no label on the seed
        article and the demo corpus tests.
    targets : list, optional
        Topic targets and extra persons for stance beyond the catalog's
        actors: strings (``"the peace plan"``) or ``{name: [phrases]}``.
    model : str, Path or DefaultModel, optional
        The model for stance, frames and loaded; default the shipped model.
    models : dict, optional
        Your own models from :func:`framing.train`: ``{task: folder or
        estimator}``. A sentence-level model adds a ``<task>`` column to
        ``sentences``; a target-dependent model under ``"stance"`` replaces
        the default stance labels (same rows and columns).
    **read_kwargs
        Further options of :func:`framing.read_articles`.

    Returns
    -------
    Result
        The tables ``articles``, ``sentences``, ``attributions``,
        ``stances``, ``mentions`` (CODEBOOK §5) and ``meta``.

    Examples
    --------
    >>> import framing
    >>> res = framing.score([{"text": "Beijing lauded its ties with Minsk.", "outlet": "A"}],
    ...                     tasks=["mentions"])
    >>> res.mentions[["actor", "mention"]].values.tolist()
    [['China', 'Beijing'], ['Belarus', 'Minsk']]
    """
    from .corpus import read_articles
    from .segment import segment_document

    if errors not in ("flag", "raise"):
        raise ValueError(f"The 'errors' parameter of framing.score must be 'flag' or 'raise'. Got {errors!r}.")
    # --- framing.train: custom trained models (models=) ---
    custom: dict[str, Any] = {}
    if models:
        from .train._apply import load_models

        custom = load_models(models)
        if tasks is not None and tasks != "all":  # a custom model's task needs no default model
            tl = [t.strip() for t in tasks.split(",")] if isinstance(tasks, str) else list(tasks)
            tasks = [t for t in tl if t not in custom]
    # --- end framing.train ---
    task_list = _resolve_tasks(tasks, has_model=model is not None)
    catalog = catalog or default_catalog()
    if isinstance(data, pd.DataFrame) and {"doc_id", "text", "status"} <= set(data.columns) and not read_kwargs:
        articles = data.copy()  # already the output of read_articles / load_corpus
    else:
        articles = read_articles(data, text_col=text_col, id_col=id_col, errors=errors, **read_kwargs)
    docs = _to_documents(articles)
    needs_parse = any(t.needs_parse for t in task_list)
    model_tasks = {t.name for t in task_list if t.needs_model}
    if custom and model is None and tasks is None:  # custom models only: no shipped model needed
        from .models import default_model_path

        if not (default_model_path() / "card.json").exists():
            model_tasks = set()
    topics = []
    lexicon = None
    if model_tasks:
        from .bias import load_loaded_lexicon
        from .models import load_default_model
        from .models._apply import parse_targets

        model = load_default_model(model)
        topics = parse_targets(targets)
        lexicon = load_loaded_lexicon()
    elif targets and "stance" in custom:
        from .models._apply import parse_targets

        topics = parse_targets(targets)
    elif targets:
        raise ValueError("targets= needs the 'stance' task; add it to tasks=.")
    nlp = None
    if needs_parse:
        from .nlp import load_spacy

        nlp = load_spacy(spacy_model, ner=ner)

    custom_cols: dict[str, dict] = {}
    show = progress if progress is not None else len(docs) >= 100
    bar = None
    if show:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(docs), desc="framing.score", unit="article")

    def fail(doc: Document, stage: str, exc: Exception) -> None:
        if errors == "raise":
            raise RuntimeError(f"Scoring article {doc.doc_id!r} failed in {stage}: {exc}") from exc
        logger.warning("article %s failed in %s: %s: %s", doc.doc_id, stage, type(exc).__name__, exc)
        doc.status = f"error: {stage}: {type(exc).__name__}: {exc}"[:300]
        doc.sentences, doc.mentions, doc.attributions, doc.stances, doc.quotations = [], [], [], [], []

    for i in range(0, len(docs), chunk_size):
        chunk = docs[i : i + chunk_size]
        for doc in chunk:
            try:
                segment_document(doc)
                find_mentions(doc, catalog)
            except Exception as exc:  # one bad article never stops a batch
                fail(doc, "segment", exc)
        if needs_parse:
            live = [d for d in chunk if d.status == "ok"]
            parses = _parse_chunk(nlp, live, fail)
            for doc in live:
                if doc.status != "ok":
                    continue
                for task in task_list:
                    if not task.needs_parse:
                        continue
                    try:
                        task.run(doc, parses[doc.doc_id], None)
                    except Exception as exc:
                        fail(doc, task.name, exc)
                        break
        if model_tasks:
            from .models._apply import apply_model

            try:
                apply_model(chunk, model, tasks=model_tasks, topics=topics, loaded_lexicon=lexicon)
            except Exception:
                if errors == "raise":
                    raise
                for doc in chunk:  # isolate the failing article
                    if doc.status != "ok":
                        continue
                    try:
                        apply_model([doc], model, tasks=model_tasks, topics=topics, loaded_lexicon=lexicon)
                    except Exception as exc1:
                        fail(doc, "model", exc1)
        if custom:  # framing.train models, after the default model (a custom stance replaces its labels)
            from .train._apply import apply_trained_models

            for task, vals in apply_trained_models(chunk, custom, topics=topics).items():
                custom_cols.setdefault(task, {}).update(vals)
        if bar is not None:
            bar.update(len(chunk))
    if bar is not None:
        bar.close()

    tables = build_tables(articles, docs)
    if custom:
        from .train._apply import add_sentence_columns

        tables["sentences"] = add_sentence_columns(tables["sentences"], custom_cols)
    meta = {
        "framing_version": __version__,
        "codebook_version": CODEBOOK_VERSION,
        "tasks": [t.name for t in task_list],
        "catalog_version": catalog.version,
        "catalog_sha256": catalog.fingerprint(),
        "spacy_model": None,
        "created_utc": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "python": platform.python_version(),
    }
    if nlp is not None:
        from .nlp import spacy_model_id

        meta["spacy_model"] = spacy_model_id(nlp)
    if model_tasks:
        meta["model"] = model.model_id
        meta["model_card"] = {k: model.card.get(k) for k in ("name", "version", "codebook_version", "encoder")}
        meta["targets"] = [t.name for t in topics]
    if custom:
        meta["custom_models"] = {k: {c: getattr(v, "card_", {}).get(c) for c in ("task", "method", "data_sha256")}
                                 for k, v in custom.items()}
        meta["tasks"] = meta["tasks"] + [k for k in custom if k not in meta["tasks"]]
        meta.setdefault("targets", [t.name for t in topics])
    return Result(tables, meta)


def _parse_chunk(nlp, docs: list[Document], fail) -> dict[str, list]:
    """Parse every sentence of ``docs`` in one ``nlp.pipe`` call; isolate failures."""
    texts = [s.text for d in docs for s in d.sentences]
    try:
        parsed = list(nlp.pipe(texts, batch_size=256))
    except Exception:
        parsed = None
    out: dict[str, list] = {}
    k = 0
    for d in docs:
        n = len(d.sentences)
        if parsed is not None:
            out[d.doc_id] = parsed[k : k + n]
        else:
            try:
                out[d.doc_id] = list(nlp.pipe([s.text for s in d.sentences]))
            except Exception as exc:
                fail(d, "parse", exc)
                out[d.doc_id] = []
        k += n
    return out
