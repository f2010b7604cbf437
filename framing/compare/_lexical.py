"""Lexical contrast: which words or epithets mark a group ("Fightin' Words")."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from framing.compare._tables import ByArg, article_groups, as_tables, filter_part

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", re.UNICODE)

# A short English stop list (function words only; content words are the point).
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each few
    for from further had has have having he her here hers herself him himself his how i if in
    into is it its itself just me more most my myself no nor not now of off on once only or
    other our ours ourselves out over own same she should so some such than that the their
    theirs them themselves then there these they this those through to too under until up
    very was we were what when where which while who whom why will with would you your yours
    yourself yourselves said says say told according mr ms mrs s t""".split()
)


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens of ``text`` without stop words."""
    return [w for w in _WORD.findall(str(text).lower()) if w not in STOPWORDS and len(w) > 1]


def _is_list(value: Any) -> bool:
    return isinstance(value, (list, tuple, np.ndarray))


def log_odds(
    result: Any,
    *,
    by: ByArg = "outlet",
    actor: str | None = None,
    unit: str = "words",
    prior: float | Mapping[str, float] = 100.0,
    min_count: int = 3,
    part: str = "body",
) -> pd.DataFrame:
    """Terms that mark each group against all others: log-odds with a Dirichlet prior.

    Parameters
    ----------
    result : Result, object or dict
        A scoring result (see :func:`compare_outlets`).
    by : str, callable, Series or list, default "outlet"
        How articles are grouped (as in :func:`compare_outlets`).
    actor : str, optional
        Restrict to one actor: with ``unit="words"`` the words of the sentences
        that mention the actor (its own mention words left out); with
        ``unit="epithets"`` the actor's epithets.
    unit : {"words", "epithets"}, default "words"
        Count word tokens of sentences (lower-cased, stop words removed) or
        the epithets of ``mentions.epithets`` (lower-cased phrases).
    prior : float or mapping, default 100.0
        The informative Dirichlet prior. A float is the prior's total mass
        ``alpha_0``, spread over terms in proportion to their frequency in the
        whole corpus (all groups); a mapping gives ``alpha_w`` per term.
    min_count : int, default 3
        Leave out terms seen fewer times in the whole corpus.
    part : {"body", "all", "title"}, default "body"
        Which sentences (or mentions) to count.

    Returns
    -------
    pandas.DataFrame
        One row per (group, term): ``group``, ``term``, ``count`` (in the
        group), ``log_odds`` (the log-odds ratio of the term in the group
        against all other groups, shrunk by the prior) and ``z`` (its
        z-score), sorted by group and descending ``z``. Terms with a large
        positive ``z`` mark the group.

    Notes
    -----
    For group i against the rest j, with counts ``y``, totals ``n`` and prior
    ``alpha`` (total ``alpha_0``)::

        delta_w = log((y_wi + a_w) / (n_i + a_0 - y_wi - a_w))
                - log((y_wj + a_w) / (n_j + a_0 - y_wj - a_w))
        var_w   = 1 / (y_wi + a_w) + 1 / (y_wj + a_w)
        z_w     = delta_w / sqrt(var_w)

    References
    ----------
    Monroe, B. L., Colaresi, M. P., & Quinn, K. M. (2008). Fightin' words:
    Lexical feature selection and evaluation for identifying the content of
    political conflict. *Political Analysis*, 16(4), 372-403.

    Examples
    --------
    >>> from framing.compare import log_odds, synthetic_result
    >>> res = synthetic_result(n_articles=60, seed=1)
    >>> top = log_odds(res, actor="China", unit="epithets", min_count=1)
    >>> list(top.columns)
    ['group', 'term', 'count', 'log_odds', 'z']
    """
    units = ("words", "epithets")
    if unit not in units:
        raise ValueError(f"The 'unit' parameter must be one of {units}; got {unit!r} instead.")
    tables = as_tables(result)
    groups = article_groups(tables, by)["group"]
    mentions = filter_part(tables.mentions, tables.sentences, part)
    if actor is not None and not mentions.empty:
        mentions = mentions[mentions["actor"] == actor]
    per_group: dict[str, Counter] = {}
    if unit == "epithets":
        if "epithets" not in mentions.columns:
            raise ValueError("The mentions table has no 'epithets' column; score with the actors task.")
        for doc_id, eps in zip(mentions["doc_id"], mentions["epithets"]):
            g = groups.get(doc_id)
            if g is None or not _is_list(eps):
                continue
            per_group.setdefault(g, Counter()).update(
                " ".join(str(e).lower().split()) for e in eps if str(e).strip()
            )
    else:
        sents = filter_part(tables.sentences, tables.sentences, part)
        exclude: dict[tuple, set] = {}
        if actor is not None:
            for key, mention in zip(zip(mentions["doc_id"], mentions["sent_id"]), mentions["mention"]):
                exclude.setdefault(key, set()).update(tokens(mention))
            keys = pd.MultiIndex.from_frame(sents[["doc_id", "sent_id"]])
            sents = sents[keys.isin(list(exclude))]
        for doc_id, sent_id, text in zip(sents["doc_id"], sents["sent_id"], sents["text"]):
            g = groups.get(doc_id)
            if g is None:
                continue
            drop = exclude.get((doc_id, sent_id), ())
            per_group.setdefault(g, Counter()).update(w for w in tokens(text) if w not in drop)
    columns = ["group", "term", "count", "log_odds", "z"]
    if len(per_group) < 2:
        return pd.DataFrame(columns=columns)
    names = sorted(per_group)
    vocab = sorted(set().union(*per_group.values()))
    counts = np.array([[per_group[g][t] for t in vocab] for g in names], dtype=float)
    keep = counts.sum(0) >= min_count
    vocab = [t for t, k in zip(vocab, keep) if k]
    counts = counts[:, keep]
    if len(vocab) < 2:  # a contrast needs at least two terms (one term has no odds against the rest)
        return pd.DataFrame(columns=columns)
    total = counts.sum(0)
    if isinstance(prior, Mapping):
        alpha = np.array([float(prior.get(t, 0.0)) for t in vocab])
        if (alpha <= 0).any():
            raise ValueError("A prior mapping must give every kept term a positive pseudo-count.")
    else:
        if prior <= 0:
            raise ValueError(f"The 'prior' parameter must be positive; got {prior!r}.")
        alpha = prior * total / total.sum()
    a0 = alpha.sum()
    frames = []
    for i, g in enumerate(names):
        yi = counts[i]
        yj = total - yi
        ni, nj = yi.sum(), yj.sum()
        delta = np.log((yi + alpha) / (ni + a0 - yi - alpha)) - np.log((yj + alpha) / (nj + a0 - yj - alpha))
        z = delta / np.sqrt(1 / (yi + alpha) + 1 / (yj + alpha))
        frames.append(pd.DataFrame({"group": g, "term": vocab, "count": yi.astype(int), "log_odds": delta, "z": z}))
    out = pd.concat(frames, ignore_index=True)
    return out.sort_values(["group", "z"], ascending=[True, False], kind="stable").reset_index(drop=True)
