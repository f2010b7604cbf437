"""Stance toward actors and topics (CODEBOOK §2): heads over the shared encoding.

:func:`framing.score` fills the ``stances`` table for every actor and topic
target in every sentence. :func:`score_pairs` scores (sentence, target) pairs
you already have, e.g. an evaluation set whose targets are persons.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..labels import STANCES, VOICES

__all__ = ["score_pairs"]


def score_pairs(df: pd.DataFrame, *, model=None, text_col: str = "text", start_col: str = "target_start",
                end_col: str = "target_end", batch_size: int = 64, progress: bool | None = None) -> pd.DataFrame:
    """Score given (sentence, target span) pairs.

    Parameters
    ----------
    df : DataFrame
        One row per pair with the sentence ``text`` and the target's character
        offsets ``target_start``, ``target_end`` (end exclusive). Rows with the
        same text are encoded once.
    model : str, Path, DefaultModel or framing.train estimator, optional
        Default: the shipped model. A folder written by :func:`framing.train`
        (card method heads, finetune or zeroshot) or a fitted estimator must be
        target-dependent; its labels give ``stance`` and one ``p_<label>``
        column each (no ``voice``: trained models do not predict it).

    Returns
    -------
    DataFrame
        A copy of ``df`` with ``stance``, ``voice``, ``p_favor``,
        ``p_against``, ``p_neutral`` added (the caller's frame is unchanged).

    Raises
    ------
    ValueError
        When a column is missing or an offset falls outside its text.

    Examples
    --------
    >>> import pandas as pd, framing
    >>> pairs = pd.DataFrame({"text": ["Critics slammed Smith's reckless plan."],
    ...                       "target_start": [16], "target_end": [21]})
    >>> framing.stance.score_pairs(pairs).columns[-5:].tolist()  # doctest: +SKIP
    ['stance', 'voice', 'p_favor', 'p_against', 'p_neutral']
    """
    from ..models import load_default_model

    missing = [c for c in (text_col, start_col, end_col) if c not in df.columns]
    if missing:
        raise ValueError(
            f"score_pairs needs the columns {[text_col, start_col, end_col]}; missing {missing}. "
            f"Available columns: {list(df.columns)}."
        )
    out = df.copy()
    texts = out[text_col].astype(str).tolist()
    starts = out[start_col].astype(int).tolist()
    ends = out[end_col].astype(int).tolist()
    bad = [i for i, (t, s, e) in enumerate(zip(texts, starts, ends)) if not (0 <= s < e <= len(t))]
    if bad:
        raise ValueError(f"Target offsets outside their text in rows {bad[:10]}; offsets are 0-based, end exclusive.")
    # --- a model trained with framing.train (heads / finetune / zeroshot) ---
    from ..train._api import is_trained_model

    if is_trained_model(model) or (hasattr(model, "predict_proba") and hasattr(model, "classes_")):
        return _score_pairs_trained(out, model, text_col, start_col, end_col)
    # --- end framing.train ---
    model = load_default_model(model)
    uniq: dict[str, int] = {}
    spans: list[list[list[tuple[int, int]]]] = []
    where = []
    for t, s, e in zip(texts, starts, ends):
        if t not in uniq:
            uniq[t] = len(uniq)
            spans.append([])
        i = uniq[t]
        where.append((i, len(spans[i])))
        spans[i].append([(s, e)])
    pred = model.predict(list(uniq), spans, batch_size=batch_size, progress=progress)
    st = np.stack([pred["stance"][i][k] for i, k in where]) if where else np.zeros((0, 3))
    vo = np.stack([pred["voice"][i][k] for i, k in where]) if where else np.zeros((0, 2))
    out["stance"] = [STANCES[j] for j in st.argmax(1)]
    out["voice"] = [VOICES[j] for j in vo.argmax(1)]
    for j, lab in enumerate(STANCES):
        out[f"p_{lab}"] = st[:, j].astype(float)
    return out


def _score_pairs_trained(out: pd.DataFrame, model, text_col: str, start_col: str, end_col: str) -> pd.DataFrame:
    """score_pairs with a :mod:`framing.train` model: ``stance`` and ``p_<label>`` from its predict_proba."""
    from ..train._api import as_estimator

    est = as_estimator(model)
    if not est.target_dependent:
        raise ValueError(
            "score_pairs needs a target-dependent model (trained on text with target_start/target_end); "
            "this one labels whole sentences. Use est.predict(texts) or framing.score(..., models=...)."
        )
    X = pd.DataFrame({"text": out[text_col].astype(str).to_numpy(), "target_start": out[start_col].astype(int).to_numpy(),
                      "target_end": out[end_col].astype(int).to_numpy()})
    proba = est.predict_proba(X)
    out["stance"] = list(est.decide(proba))
    for j, lab in enumerate(est.classes_):
        out[f"p_{lab}"] = proba[:, j].astype(float)
    return out
