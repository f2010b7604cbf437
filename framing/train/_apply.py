"""Apply trained models inside :func:`framing.score` (``models={"stance": path, "my_frames": path}``).

A sentence-level model labels every sentence: a ``<task>`` column in the
``sentences`` table (a label, or a list of labels for multi-label models). A
target-dependent model under the name ``"stance"`` replaces the default stance
rows: the same targets (catalog actors in the sentence, first mention, plus
the user's topic targets), the same columns; ``p_favor``/``p_against``/
``p_neutral`` are filled where the model's labels have those names. Voice is
``attributed`` when the sentence has an attribution (holder: the source whose
content covers the target, else the first source), else ``authorial``; a
default-model voice for the same target is kept when there is one.
"""

from __future__ import annotations

import logging
from typing import Any, Mapping, Sequence

import pandas as pd

from ..batch import Document, Stance
from ..labels import STANCES

logger = logging.getLogger("framing")


def load_models(models: Mapping[str, Any] | None) -> dict[str, Any]:
    """``{task: estimator}`` from folders or fitted estimators; the stance model must be target-dependent."""
    from ._api import as_estimator

    if not models:
        return {}
    if not isinstance(models, Mapping):
        raise ValueError(
            "The 'models' parameter of framing.score must be a dict {task: model folder}, e.g. "
            f"models={{'my_frames': 'models/my_frames'}}. Got {type(models).__name__}."
        )
    out = {str(k): as_estimator(v) for k, v in models.items()}
    for task, est in out.items():
        if task == "stance" and not est.target_dependent:
            raise ValueError("models['stance'] must be target-dependent (trained with target_start/target_end).")
        if task != "stance" and est.target_dependent:
            raise ValueError(
                f"models[{task!r}] is target-dependent; framing.score applies target-dependent models only "
                "under the name 'stance'. Use framing.stance.score_pairs for other targets."
            )
    return out


def apply_trained_models(docs: Sequence[Document], models: Mapping[str, Any], *, topics: Sequence = ()) -> dict:
    """Run the trained models over ``docs``; fill stances in place, return sentence columns.

    Returns
    -------
    dict
        ``{task: {(doc_id, sent_id): label or list of labels}}`` for sentence-level models.
    """
    from ..models._apply import _holder

    docs = [d for d in docs if d.status == "ok"]
    columns: dict[str, dict] = {}
    sents = [(d, s) for d in docs for s in d.sentences]
    for task, est in models.items():
        if task == "stance" or not sents:
            continue
        labels = est.predict([s.text for _, s in sents])
        columns[task] = {(d.doc_id, s.sent_id): lab for (d, s), lab in zip(sents, labels)}
    est = models.get("stance")
    if est is None:
        return columns
    compiled = [(t, t.compile()) for t in topics]
    rows, where = [], []
    for d in docs:
        first: dict[tuple[int, str], tuple[int, int]] = {}
        for m in d.mentions:
            first.setdefault((m.sent_id, m.actor), (m.start, m.end))
        for s in d.sentences:
            targets = [(actor, (a - s.start, b - s.start)) for (sid, actor), (a, b) in first.items()
                       if sid == s.sent_id]
            for t, rx in compiled:
                m = rx.search(s.text)
                if m:
                    targets.append((t.name, (m.start(), m.end())))
            for name, (a, b) in targets:
                rows.append((s.text, a, b))
                where.append((d, s, name, a + s.start))
    if not rows:
        for d in docs:
            d.stances = []
        return columns
    X = pd.DataFrame(rows, columns=["text", "target_start", "target_end"])
    proba = est.predict_proba(X)
    labels = est.decide(proba)
    cls = [str(c) for c in est.classes_]
    old = {(id(d), st.sent_id, st.target): st for d in docs for st in d.stances}
    for d in docs:
        d.stances = []
    for (d, s, name, start), lab, p in zip(where, labels, proba):
        prev = old.get((id(d), s.sent_id, name))
        has_attr = any(a.sent_id == s.sent_id for a in d.attributions)
        voice = prev.voice if prev is not None else ("attributed" if has_attr else "authorial")
        holder = (prev.holder if prev is not None else _holder(d, s.sent_id, [start])) if voice == "attributed" else None
        pr = {lab_: float(p[cls.index(lab_)]) if lab_ in cls else None for lab_ in STANCES}
        d.stances.append(Stance(sent_id=s.sent_id, target=name, stance=lab if isinstance(lab, str) else ";".join(lab),
                                voice=voice, holder=holder, p_favor=pr["favor"], p_against=pr["against"],
                                p_neutral=pr["neutral"]))
    return columns


def add_sentence_columns(sentences: pd.DataFrame, columns: Mapping[str, Mapping]) -> pd.DataFrame:
    """The sentences table with a ``<task>`` column per sentence-level model."""
    if not columns:
        return sentences
    out = sentences.copy()
    keys = list(zip(out["doc_id"].astype(str), out["sent_id"]))
    for task, values in columns.items():
        out[task] = [values.get(k) for k in keys]
    return out
