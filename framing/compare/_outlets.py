"""Comparing groups of articles: shares with cluster-bootstrap intervals, and tests.

Sentences of one article are not independent (one writer, one story, one
line), so every interval here comes from a **cluster bootstrap over
articles**: within each group, articles are resampled with replacement and a
resampled share is the ratio of the resampled sums. Permutation tests permute
group labels at the article level for the same reason.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from framing.compare._measures import MEASURES, Measure, build_units, get_measure
from framing.compare._syndication import dedupe_keys
from framing.compare._tables import ByArg, Tables, article_groups, as_tables, filter_part

logger = logging.getLogger("framing")

_COLUMNS = [
    "group", "actor", "measure", "label", "value", "ci_low", "ci_high",
    "n_sentences", "n_articles", "n_units",
]
_TEST_COLUMNS = [
    "measure", "actor", "label", "comparison", "group_a", "group_b", "value_a", "value_b",
    "diff", "ci_low", "ci_high", "statistic", "p_value", "p_holm", "cramers_v", "method",
    "n_articles_a", "n_articles_b",
]
_BOOT_CELLS = 4_000_000  # resamples x articles per chunk: bounds memory


@dataclass
class _Group:
    name: str
    num: np.ndarray  # (A, n_actor, k) sums of indicators per cluster
    den: np.ndarray  # (A, n_actor) units per cluster
    sq: np.ndarray  # (A, n_actor, k) sums of squared indicators
    n_sentences: np.ndarray  # (n_actor,)
    n_articles: np.ndarray  # (n_actor,)

    def value(self) -> np.ndarray:
        den = self.den.sum(0)
        with np.errstate(invalid="ignore", divide="ignore"):
            return self.num.sum(0) / den[:, None]


@dataclass
class _Cells:
    measure: Measure
    groups: list[_Group]
    actors: list[str]
    labels: list[str | None]
    keys: pd.DataFrame  # group -> extra key columns (when by is a list)


def _table_for(tables: Tables, measure: Measure, part: str, dedupe: str | None, by: Any) -> pd.DataFrame:
    table = filter_part(tables.get(measure.table), tables.sentences, part)
    if dedupe is not None:
        mode, keys = dedupe_keys(tables, dedupe, by=by if isinstance(by, str) else "outlet")
        index = pd.MultiIndex.from_frame(table[["doc_id", "sent_id"]])
        hit = index.isin(keys)
        table = table[hit] if mode == "keep" else table[~hit]
    return table


def _cells(
    tables: Tables,
    measure: Measure,
    *,
    by: ByArg,
    actors: Sequence[str] | None,
    part: str,
    dedupe: str | None,
    cluster: bool = True,
) -> _Cells:
    if isinstance(actors, str):
        actors = [actors]
    table = _table_for(tables, measure, part, dedupe, by)
    mentions = filter_part(tables.mentions, tables.sentences, part)
    units = build_units(measure, table, mentions, actors)
    groups = article_groups(tables, by)
    frame = units.frame
    group = frame["doc_id"].map(groups["group"])
    keep = group.notna().to_numpy()
    frame, values, group = frame[keep], units.values[keep], group[keep].astype(str)
    actor_names = sorted(frame["actor"].unique())
    a_codes = pd.Categorical(frame["actor"], categories=actor_names).codes
    n_actor, k = len(actor_names), values.shape[1]
    clusters = frame["doc_id"].to_numpy() if cluster else np.arange(len(frame))
    out = []
    for name in sorted(group.unique()):
        mask = (group == name).to_numpy()
        local, _ = pd.factorize(clusters[mask])
        n_cl = int(local.max()) + 1
        idx = local * n_actor + a_codes[mask]
        size = n_cl * n_actor
        den = np.bincount(idx, minlength=size).reshape(n_cl, n_actor).astype(float)
        v = values[mask]
        num = np.stack([np.bincount(idx, weights=v[:, j], minlength=size) for j in range(k)], -1)
        sq = np.stack([np.bincount(idx, weights=v[:, j] ** 2, minlength=size) for j in range(k)], -1)
        sub = frame[mask]
        n_sent = sub.drop_duplicates(["doc_id", "sent_id", "actor"]).groupby("actor").size()
        n_art = sub.groupby("actor")["doc_id"].nunique()
        out.append(
            _Group(
                name=name,
                num=num.reshape(n_cl, n_actor, k),
                den=den,
                sq=sq.reshape(n_cl, n_actor, k),
                n_sentences=n_sent.reindex(actor_names, fill_value=0).to_numpy(),
                n_articles=n_art.reindex(actor_names, fill_value=0).to_numpy(),
            )
        )
    keys = groups.drop_duplicates("group").set_index("group").drop(columns=[], errors="ignore")
    return _Cells(measure, out, actor_names, units.labels, keys)


def _resample_weights(rng: np.random.Generator, n_boot: int, n: int):
    """Yield (b, n) matrices of how often each cluster is drawn, in chunks."""
    chunk = max(1, min(n_boot, _BOOT_CELLS // max(n, 1)))
    done = 0
    while done < n_boot:
        b = min(chunk, n_boot - done)
        draws = rng.integers(0, n, size=(b, n)) + (np.arange(b) * n)[:, None]
        yield np.bincount(draws.ravel(), minlength=b * n).reshape(b, n).astype(float)
        done += b


def _bootstrap(g: _Group, n_boot: int, rng: np.random.Generator) -> np.ndarray:
    """Resampled shares, shape (n_boot, n_actor, k)."""
    n_cl, n_actor, k = g.num.shape
    flat = g.num.reshape(n_cl, -1)
    parts = []
    for w in _resample_weights(rng, n_boot, n_cl):
        with np.errstate(invalid="ignore", divide="ignore"):
            parts.append((w @ flat).reshape(-1, n_actor, k) / (w @ g.den)[:, :, None])
    return np.concatenate(parts) if parts else np.zeros((0, n_actor, k))


def _rngs(seed: int | None, n: int) -> list[np.random.Generator]:
    return [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(n)]


def _quantiles(boot: np.ndarray, ci: float) -> tuple[np.ndarray, np.ndarray]:
    if boot.shape[0] == 0:
        nan = np.full(boot.shape[1:], np.nan)
        return nan, nan
    alpha = (1 - ci) / 2
    with np.errstate(invalid="ignore"), _quiet():
        low, high = np.nanquantile(boot, [alpha, 1 - alpha], axis=0)
    return low, high


class _quiet:
    def __enter__(self):
        import warnings

        self._w = warnings.catch_warnings()
        self._w.__enter__()
        warnings.simplefilter("ignore", RuntimeWarning)

    def __exit__(self, *exc):
        return self._w.__exit__(*exc)


def _check_ci(ci: float) -> None:
    if not 0 < ci < 1:
        raise ValueError(f"The 'ci' parameter must be between 0 and 1 (e.g. 0.95); got {ci!r}.")


def compare_outlets(
    result: Any,
    *,
    by: ByArg = "outlet",
    measure: str | Sequence[str] = "stance",
    actors: str | Sequence[str] | None = None,
    ci: float = 0.95,
    n_boot: int = 1000,
    seed: int | None = 0,
    dedupe: str | None = None,
    part: str = "body",
    cluster: bool = True,
) -> pd.DataFrame:
    """Compare groups of articles (outlets by default) on a measure, with intervals.

    Parameters
    ----------
    result : Result, object or dict
        A :class:`framing.result.Result`, any object with the attributes
        ``articles``, ``sentences``, ``attributions``, ``stances`` and
        ``mentions``, or a dict of those DataFrames (CODEBOOK §5).
    by : str, callable, Series or list, default "outlet"
        How articles are grouped. A metadata column (``"outlet"``,
        ``"outlet_kind"``, ``"country"``, ...); ``"date:M"`` / ``"date:Y"``
        (or any pandas period alias after ``date:``) for date bins labelled
        ``"2023-01"`` / ``"2023"``; a callable taking the article metadata
        (one row per article, with ``doc_id``) and returning one group per
        row; a Series indexed by ``doc_id``; or a list of these, whose labels
        are joined by ``" | "`` and which also adds one column per key (e.g.
        ``outlet`` and ``date``, the bin's start) to the output. Groups are
        always sets of whole articles.
    measure : str or list of str, default "stance"
        A name from :data:`framing.compare.MEASURES`: ``"stance"``,
        ``"net_stance"``, ``"attr_form"``, ``"source_type"``,
        ``"cue_class"``, ``"hedged"``, ``"loaded"``, ``"agentless_passive"``,
        ``"frames"``, ``"role"``. A list returns the measures stacked.
    actors : str or list of str, optional
        For the per-actor measures (``stance``, ``net_stance``, ``role``):
        which actors (default: all). For the other measures: compute the
        measure on the sentences that mention each actor (default: all
        sentences, ``actor`` None).
    ci : float, default 0.95
        Coverage of the percentile interval.
    n_boot : int, default 1000
        Bootstrap resamples (0: no intervals).
    seed : int, optional
        Seed of the resampling; the same seed gives the same intervals.
    dedupe : {None, "drop", "first", "only"}, optional
        Syndicated copy (see :func:`find_syndicated`): ``None`` counts shared
        sentences in every outlet that printed them; ``"drop"`` drops them
        everywhere; ``"first"`` keeps only the earliest copy (by date, then
        doc_id); ``"only"`` analyses only the syndicated sentences.
    part : {"body", "all", "title"}, default "body"
        Which sentences to count.
    cluster : bool, default True
        Resample articles (True). False resamples units as if they were
        independent: only to show how much too narrow such intervals are.

    Returns
    -------
    pandas.DataFrame
        A long table, one row per (group, actor, label) cell, with columns
        ``group``, ``actor`` (None unless per actor), ``measure``, ``label``
        (the category for mix measures, e.g. ``"favor"`` for ``stance``;
        None for ``net_stance`` and the boolean shares), ``value`` (share, or
        net stance in [-1, 1]), ``ci_low``, ``ci_high``, ``n_sentences``
        (distinct sentences behind the cell), ``n_articles``, ``n_units``
        (rows counted: sentences, attributions, (sentence, target) pairs or
        mentions); then the key columns when ``by`` is a list.

    Raises
    ------
    ValueError
        For an unknown measure, ``by`` column, ``part`` or ``dedupe`` mode.

    See Also
    --------
    test_differences : p-values and effect sizes for group differences.
    examples : the sentences behind a cell.

    Notes
    -----
    A cell's value is a ratio of sums over its units. Intervals are percentile
    intervals of the cluster bootstrap: within each group, the group's articles
    are drawn with replacement ``n_boot`` times (vectorised as a matrix of draw
    counts times the per-article sums), so that the dependence of sentences in
    one article widens the interval as it should (Cameron, Gelbach & Miller
    2008). Groups are resampled independently with seeds spawned from
    ``seed`` in sorted group order.

    References
    ----------
    Cameron, A. C., Gelbach, J. B., & Miller, D. L. (2008). Bootstrap-based
    improvements for inference with clustered errors. *The Review of Economics
    and Statistics*, 90(3), 414-427.

    Examples
    --------
    >>> from framing.compare import compare_outlets, synthetic_result
    >>> res = synthetic_result(n_articles=60, seed=1)
    >>> table = compare_outlets(res, measure="net_stance", actors="China", n_boot=200)
    >>> list(table["group"])
    ['A', 'B', 'C']
    """
    _check_ci(ci)
    if n_boot < 0:
        raise ValueError(f"The 'n_boot' parameter must be >= 0; got {n_boot!r}.")
    tables = as_tables(result)
    names = [measure] if isinstance(measure, str) else list(measure)
    frames = []
    for name in names:
        m = get_measure(name)
        cells = _cells(tables, m, by=by, actors=actors, part=part, dedupe=dedupe, cluster=cluster)
        rngs = _rngs(seed, len(cells.groups))
        rows = []
        for g, rng in zip(cells.groups, rngs):
            value = g.value()
            boot = _bootstrap(g, n_boot, rng)
            low, high = _quantiles(boot, ci)
            den = g.den.sum(0)
            for ai, actor in enumerate(cells.actors):
                if den[ai] == 0:
                    continue
                for li, label in enumerate(cells.labels):
                    rows.append((
                        g.name, actor or None, name, label, value[ai, li], low[ai, li],
                        high[ai, li], int(g.n_sentences[ai]), int(g.n_articles[ai]), int(den[ai]),
                    ))
        frame = pd.DataFrame(rows, columns=_COLUMNS)
        if len(cells.keys.columns):
            frame = frame.join(cells.keys, on="group")
        frames.append(frame)
    out = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    out["actor"] = out["actor"].astype(object).where(out["actor"].notna(), None)
    out["label"] = out["label"].astype(object).where(out["label"].notna(), None)
    return out


# --- tests --------------------------------------------------------------------


def holm(p: Sequence[float] | np.ndarray) -> np.ndarray:
    """Holm-Bonferroni adjusted p-values (NaN stays NaN and is not counted).

    Parameters
    ----------
    p : array-like of float
        Raw p-values.

    Returns
    -------
    numpy.ndarray
        Adjusted p-values, in the input order.

    References
    ----------
    Holm, S. (1979). A simple sequentially rejective multiple test procedure.
    *Scandinavian Journal of Statistics*, 6(2), 65-70.

    Examples
    --------
    >>> holm([0.01, 0.04, 0.03]).round(2).tolist()
    [0.03, 0.06, 0.06]
    """
    p = np.asarray(p, dtype=float)
    out = np.full(p.shape, np.nan)
    ok = np.flatnonzero(~np.isnan(p))
    m = ok.size
    if m == 0:
        return out
    order = ok[np.argsort(p[ok], kind="stable")]
    adj = np.maximum.accumulate((m - np.arange(m)) * p[order])
    out[order] = np.minimum(adj, 1.0)
    return out


def _chi2(table: np.ndarray) -> tuple[float, float, float]:
    table = table[table.sum(1) > 0][:, table.sum(0) > 0]
    if table.shape[0] < 2 or table.shape[1] < 2:
        return np.nan, np.nan, np.nan
    chi2, p, _, _ = stats.chi2_contingency(table, correction=False)
    n = table.sum()
    v = np.sqrt(chi2 / (n * (min(table.shape) - 1)))
    return float(chi2), float(p), float(v)


def _perm_pairwise(a: _Group, b: _Group, n_perm: int, rng) -> tuple[np.ndarray, np.ndarray]:
    """Observed difference (n_actor, k) and its permutation p-values."""
    num = np.concatenate([a.num, b.num])
    den = np.concatenate([a.den, b.den])
    n, n_a = den.shape[0], a.den.shape[0]
    n_actor, k = num.shape[1:]
    flat = num.reshape(n, -1)
    tot_num, tot_den = flat.sum(0), den.sum(0)
    with np.errstate(invalid="ignore", divide="ignore"):
        obs = a.value() - b.value()
    extreme = np.zeros(obs.shape)
    chunk = max(1, min(n_perm, _BOOT_CELLS // max(n, 1)))
    done = 0
    while done < n_perm:
        p = min(chunk, n_perm - done)
        pick = np.argsort(rng.random((p, n)), axis=1)[:, :n_a]
        m = np.zeros((p, n))
        np.put_along_axis(m, pick, 1.0, axis=1)
        sa, da = m @ flat, m @ den
        with np.errstate(invalid="ignore", divide="ignore"):
            va = sa.reshape(p, n_actor, k) / da[:, :, None]
            vb = (tot_num - sa).reshape(p, n_actor, k) / (tot_den - da)[:, :, None]
            extreme += (np.abs(va - vb) >= np.abs(obs)[None] - 1e-12).sum(0)
        done += p
    return obs, (1 + extreme) / (1 + n_perm)


def _between(nums: list[np.ndarray], dens: list[np.ndarray], sq_total: np.ndarray) -> np.ndarray:
    """Between-group sum of squares over the pooled variance (the chi-square for 0/1)."""
    tot_num = sum(nums)
    tot_den = sum(dens)
    with np.errstate(invalid="ignore", divide="ignore"):
        pbar = tot_num / tot_den[..., None]
        var = sq_total / tot_den[..., None] - pbar**2
        ss = sum(d[..., None] * (nu / d[..., None] - pbar) ** 2 for nu, d in zip(nums, dens))
        return ss / var


def _perm_omnibus(groups: list[_Group], n_perm: int, rng) -> tuple[np.ndarray, np.ndarray]:
    num = np.concatenate([g.num for g in groups])
    den = np.concatenate([g.den for g in groups])
    sq_total = sum(g.sq.sum(0) for g in groups)
    labels = np.concatenate([np.full(g.den.shape[0], i) for i, g in enumerate(groups)])
    n = den.shape[0]
    n_actor, k = num.shape[1:]
    flat = num.reshape(n, -1)
    obs = _between([g.num.sum(0) for g in groups], [g.den.sum(0) for g in groups], sq_total)
    extreme = np.zeros(obs.shape)
    chunk = max(1, min(n_perm, _BOOT_CELLS // max(n, 1)))
    done = 0
    while done < n_perm:
        p = min(chunk, n_perm - done)
        perm = rng.permuted(np.broadcast_to(labels, (p, n)), axis=1)
        nums, dens = [], []
        for i in range(len(groups)):
            m = (perm == i).astype(float)
            nums.append((m @ flat).reshape(p, n_actor, k))
            dens.append(m @ den)
        stat = _between(nums, dens, sq_total)
        with np.errstate(invalid="ignore"):
            extreme += (stat >= obs[None] - 1e-9).sum(0)
        done += p
    return obs, (1 + extreme) / (1 + n_perm)


def test_differences(
    result: Any,
    *,
    by: ByArg = "outlet",
    measure: str = "net_stance",
    actors: str | Sequence[str] | None = None,
    method: str = "permutation",
    n_perm: int = 2000,
    n_boot: int = 1000,
    ci: float = 0.95,
    seed: int | None = 0,
    omnibus: bool | None = None,
    dedupe: str | None = None,
    part: str = "body",
) -> pd.DataFrame:
    """Test differences between groups on a measure, with Holm-corrected p-values.

    Parameters
    ----------
    result : Result, object or dict
        A scoring result (see :func:`compare_outlets`).
    by, measure, actors, dedupe, part
        As in :func:`compare_outlets`.
    method : {"permutation", "chi2"}, default "permutation"
        ``"permutation"``: group labels are permuted at the article level
        (``n_perm`` times) and the statistic is recomputed; valid although
        sentences of one article are correlated. ``"chi2"``: Pearson's
        chi-square on the pooled counts (no continuity correction). It treats
        units as independent, so its p-values are too small when articles
        are internally correlated; use it for a quick look.
    n_perm : int, default 2000
        Permutations (``"permutation"`` only).
    n_boot : int, default 1000
        Cluster-bootstrap resamples for the interval of each difference.
    ci : float, default 0.95
        Coverage of that interval.
    seed : int, optional
        Seed for permutations and resamples.
    omnibus : bool, optional
        Also test all groups at once (default: when there are more than two
        groups).

    Returns
    -------
    pandas.DataFrame
        One row per comparison and cell: ``measure``, ``actor``, ``label``,
        ``comparison`` (``"pairwise"`` or ``"omnibus"``), ``group_a``,
        ``group_b`` (None for omnibus rows, whose ``group_a`` is ``"(all)"``),
        ``value_a``, ``value_b``, ``diff`` (value_a - value_b: the effect size
        of a pairwise row, a difference in shares or in net stance),
        ``ci_low``/``ci_high`` (its cluster-bootstrap interval),
        ``statistic`` (the absolute difference for pairwise permutation rows;
        the between-group sum of squares over the pooled variance, which is
        Pearson's chi-square for 0/1 indicators, for omnibus permutation rows;
        chi-square for ``"chi2"``), ``p_value``, ``p_holm`` (Holm-adjusted
        over all rows of the table), ``cramers_v`` (``"chi2"`` only),
        ``method``, ``n_articles_a``, ``n_articles_b``.

    Notes
    -----
    Each (actor, label) cell is tested on its own: for a mix measure such as
    ``stance`` the question is "is the share of *against* different?". For
    ``net_stance`` with ``"chi2"`` the table is groups x {favor, against,
    neutral}. Permutation p-values are ``(1 + #extreme) / (1 + n_perm)``.

    References
    ----------
    Holm, S. (1979). A simple sequentially rejective multiple test procedure.
    *Scandinavian Journal of Statistics*, 6(2), 65-70.

    Cramér, H. (1946). *Mathematical Methods of Statistics*. Princeton
    University Press.

    Examples
    --------
    >>> from framing.compare import synthetic_result, test_differences
    >>> res = synthetic_result(n_articles=60, seed=1)
    >>> tests = test_differences(res, measure="net_stance", actors="China", n_perm=200)
    >>> sorted(tests["comparison"].unique())
    ['omnibus', 'pairwise']
    """
    _check_ci(ci)
    methods = ("permutation", "chi2")
    if method not in methods:
        raise ValueError(f"The 'method' parameter must be one of {methods}; got {method!r} instead.")
    tables = as_tables(result)
    m = get_measure(measure)
    kw = dict(by=by, actors=actors, part=part, dedupe=dedupe)
    cells = _cells(tables, m, **kw)
    counts = None
    if method == "chi2" and m.kind == "net":
        counts = _cells(tables, MEASURES["stance"], **kw)
    groups = cells.groups
    if omnibus is None:
        omnibus = len(groups) > 2
    rng_perm, *rng_boot = _rngs(seed, len(groups) + 1)
    boots = [_bootstrap(g, n_boot, r) for g, r in zip(groups, rng_boot)]
    rows: list[tuple] = []

    def chi_table(gs: list[_Group], ai: int, li: int) -> np.ndarray:
        if counts is not None:
            cg = {c.name: c for c in counts.groups}
            return np.stack([cg[g.name].num.sum(0)[counts.actors.index(cells.actors[ai])] for g in gs])
        num = np.array([g.num.sum(0)[ai, li] for g in gs])
        den = np.array([g.den.sum(0)[ai] for g in gs])
        return np.column_stack([num, den - num])

    for (ia, a), (ib, b) in itertools.combinations(list(enumerate(groups)), 2):
        va, vb = a.value(), b.value()
        with np.errstate(invalid="ignore"):
            low, high = _quantiles(boots[ia] - boots[ib], ci)
        if method == "permutation":
            obs, pvals = _perm_pairwise(a, b, n_perm, rng_perm)
        den_a, den_b = a.den.sum(0), b.den.sum(0)
        for ai, actor in enumerate(cells.actors):
            if den_a[ai] == 0 or den_b[ai] == 0:
                continue
            for li, label in enumerate(cells.labels):
                if method == "permutation":
                    stat, p, v = abs(obs[ai, li]), pvals[ai, li], np.nan
                else:
                    stat, p, v = _chi2(chi_table([a, b], ai, li))
                rows.append((
                    m.name, actor or None, label, "pairwise", a.name, b.name, va[ai, li],
                    vb[ai, li], va[ai, li] - vb[ai, li], low[ai, li], high[ai, li], stat, p,
                    np.nan, v, method, int(a.n_articles[ai]), int(b.n_articles[ai]),
                ))
    if omnibus and len(groups) >= 2:
        if method == "permutation":
            obs, pvals = _perm_omnibus(groups, n_perm, rng_perm)
        for ai, actor in enumerate(cells.actors):
            present = [g for g in groups if g.den.sum(0)[ai] > 0]
            if len(present) < 2:
                continue
            for li, label in enumerate(cells.labels):
                if method == "permutation":
                    stat, p, v = obs[ai, li], pvals[ai, li], np.nan
                else:
                    stat, p, v = _chi2(chi_table(present, ai, li))
                rows.append((
                    m.name, actor or None, label, "omnibus", "(all)", None, np.nan, np.nan,
                    np.nan, np.nan, np.nan, stat, p, np.nan, v, method,
                    int(sum(g.n_articles[ai] for g in present)), 0,
                ))
    out = pd.DataFrame(rows, columns=_TEST_COLUMNS)
    out["p_holm"] = holm(out["p_value"].to_numpy(float))
    return out


test_differences.__test__ = False  # not a pytest test despite its name
