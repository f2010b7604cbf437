"""Close reading: the sentences behind any cell of a comparison."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from framing.compare._tables import ByArg, article_groups, as_tables, filter_part

_KEY = ["doc_id", "sent_id"]


def examples(
    result: Any,
    *,
    outlet: str | None = None,
    actor: str | None = None,
    stance: str | None = None,
    frame: str | None = None,
    attr_form: str | None = None,
    n: int | None = 10,
    seed: int | None = 0,
    by: ByArg = "outlet",
    part: str = "all",
) -> pd.DataFrame:
    """Sample the sentences behind a cell, for close reading.

    Parameters
    ----------
    result : Result, object or dict
        A scoring result (see :func:`compare_outlets`).
    outlet : str, optional
        The group (value of ``by``) to draw from; all groups when None.
    actor : str, optional
        Sentences that mention this actor (or have a stance row for it).
    stance : str, optional
        Sentences whose stance toward ``actor`` (toward any target when
        ``actor`` is None) is this label.
    frame : str, optional
        Sentences carrying this frame.
    attr_form : str, optional
        Sentences of this attribution form.
    n : int or None, default 10
        How many to draw at random (None: all, in document order).
    seed : int, optional
        Seed of the draw.
    by : str, callable, Series or list, default "outlet"
        How articles are grouped (as in :func:`compare_outlets`).
    part : {"all", "body", "title"}, default "all"
        Which sentences to draw from.

    Returns
    -------
    pandas.DataFrame
        ``doc_id``, ``sent_id``, ``outlet`` (the group), ``text``,
        ``attr_form``, ``hedged``, ``loaded``, ``frames``; with ``target``,
        ``stance``, ``voice`` and ``holder`` when ``actor`` or ``stance`` is
        given.

    Examples
    --------
    >>> from framing.compare import examples, synthetic_result
    >>> res = synthetic_result(n_articles=30, seed=1)
    >>> ex = examples(res, outlet="A", actor="China", stance="against", n=3)
    >>> set(ex["stance"])
    {'against'}
    """
    tables = as_tables(result)
    groups = article_groups(tables, by)["group"]
    sents = filter_part(tables.sentences, tables.sentences, part)
    cols = [c for c in ("doc_id", "sent_id", "text", "attr_form", "hedged", "loaded", "frames") if c in sents.columns]
    out = sents[cols].copy()
    out.insert(2, "outlet", out["doc_id"].map(groups))
    if outlet is not None:
        out = out[out["outlet"] == outlet]
    if attr_form is not None:
        out = out[out["attr_form"] == attr_form]
    if frame is not None:
        out = out[out["frames"].map(lambda f: isinstance(f, (list, tuple, np.ndarray)) and frame in list(f))]
    if actor is not None or stance is not None:
        st = tables.stances
        if actor is not None:
            st = st[st["target"] == actor]
        if stance is not None:
            st = st[st["stance"] == stance]
        st = st[_KEY + ["target", "stance", "voice", "holder"]]
        if actor is not None and stance is None and not tables.mentions.empty:
            ments = tables.mentions.loc[tables.mentions["actor"] == actor, _KEY].drop_duplicates()
            ments = ments.assign(target=actor)
            st = pd.concat([st, ments.merge(st[_KEY], on=_KEY, how="left", indicator=True)
                            .query("_merge == 'left_only'").drop(columns="_merge")], ignore_index=True)
        out = out.merge(st, on=_KEY, how="inner")
    out = out.sort_values(_KEY, kind="stable")
    if n is not None and len(out) > n:
        out = out.sample(n=n, random_state=np.random.RandomState(seed if seed is not None else None))
        out = out.sort_values(_KEY, kind="stable")
    return out.reset_index(drop=True)
