"""Syndicated copy: near-duplicate sentences shared across outlets.

Sentences are normalised (lower case, punctuation and runs of white space
folded to one space), cut into character 5-gram shingles, hashed with a rolling
hash in numpy, summarised by MinHash signatures and bucketed by locality
sensitive hashing (banding). Only sentences that share a bucket are compared,
by the exact Jaccard similarity of their shingle sets, so the cost grows with
the number of sentences, not its square.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

from framing.compare._tables import article_groups, as_tables

_SHINGLE = 5
_N_HASHES = 64
_BANDS = 8
_MASK64 = np.uint64(0xFFFFFFFFFFFFFFFF)
_NONWORD = re.compile(r"[\W_]+", re.UNICODE)


def normalise(text: str) -> str:
    """Lower-case ``text`` and fold punctuation and white space to single spaces."""
    return _NONWORD.sub(" ", str(text).lower()).strip()


def _shingle_hashes(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Hashes of all character 5-grams, concatenated, and each text's start offset."""
    encoded = [t.encode("utf-8") for t in texts]
    lengths = np.fromiter((max(len(b) - _SHINGLE + 1, 0) for b in encoded), dtype=np.int64, count=len(encoded))
    buf = np.frombuffer(b"".join(encoded), dtype=np.uint8).astype(np.uint64)
    byte_starts = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum([len(b) for b in encoded], out=byte_starts[1:])
    n = buf.size - _SHINGLE + 1
    if n <= 0:
        return np.zeros(0, dtype=np.uint64), np.zeros(len(texts) + 1, dtype=np.int64)
    h = np.zeros(n, dtype=np.uint64)
    base = np.uint64(1099511628211)
    with np.errstate(over="ignore"):
        for k in range(_SHINGLE):
            h = h * base + buf[k : k + n]
    # keep the windows that lie inside one text
    pos = np.arange(n)
    owner = np.searchsorted(byte_starts, pos, side="right") - 1
    valid = pos + _SHINGLE <= byte_starts[owner + 1]
    hashes = h[valid]
    starts = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(lengths, out=starts[1:])
    return hashes, starts


def _minhash(hashes: np.ndarray, starts: np.ndarray, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    salts = rng.integers(1, 2**63, size=_N_HASHES, dtype=np.int64).astype(np.uint64)
    mult = np.uint64(0x9E3779B97F4A7C15)
    sig = np.empty((starts.size - 1, _N_HASHES), dtype=np.uint64)
    nonempty = starts[1:] > starts[:-1]
    idx = starts[:-1][nonempty]
    with np.errstate(over="ignore"):
        for j, salt in enumerate(salts):
            mixed = (hashes ^ salt) * mult
            mixed ^= mixed >> np.uint64(29)
            sig[nonempty, j] = np.minimum.reduceat(mixed, idx)
    sig[~nonempty] = _MASK64
    return sig


def _jaccard(a: np.ndarray, b: np.ndarray) -> float:
    inter = np.intersect1d(a, b, assume_unique=True).size
    union = a.size + b.size - inter
    return inter / union if union else 0.0


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = np.arange(n)

    def find(self, i: int) -> int:
        parent = self.parent
        root = i
        while parent[root] != root:
            root = parent[root]
        while parent[i] != root:
            parent[i], i = root, parent[i]
        return root

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)


def find_syndicated(
    result: Any,
    *,
    threshold: float = 0.9,
    min_chars: int = 60,
    by: str = "outlet",
) -> pd.DataFrame:
    """Flag near-duplicate sentences shared across different outlets.

    Parameters
    ----------
    result : Result, object or dict
        A scoring result (see :func:`framing.compare.compare_outlets`).
    threshold : float, default 0.9
        Minimum Jaccard similarity of the sentences' character 5-gram sets
        (after normalisation) for two sentences to count as copies.
    min_chars : int, default 60
        Sentences shorter than this (normalised) are never flagged: short
        formulae ("He said.") are shared by chance.
    by : str, default "outlet"
        The metadata column naming the outlet: a cluster is syndicated when its
        sentences come from at least two different values of it.

    Returns
    -------
    pandas.DataFrame
        One row per sentence: ``doc_id``, ``sent_id``, the ``by`` column,
        ``date`` (when known), ``text``, ``syndicated`` (bool) and
        ``cluster_id`` (nullable int, shared by the copies of one sentence;
        ``<NA>`` for sentences that are not syndicated).

    See Also
    --------
    syndication_share : how much of each outlet's text is syndicated.

    Notes
    -----
    Candidates come from MinHash locality-sensitive hashing (64 hashes in 8
    bands of 8) and are then checked exactly; each candidate is compared with
    the first member of its bucket, and matches are merged transitively, so
    the cost is linear in the number of sentences.
    """
    if not 0 < threshold <= 1:
        raise ValueError(f"The 'threshold' parameter must be in (0, 1]; got {threshold!r}.")
    tables = as_tables(result)
    sents = tables.sentences
    groups = article_groups(tables, by)
    base = sents[["doc_id", "sent_id", "text"]].copy()
    base = base.join(groups["group"].rename(by), on="doc_id")
    meta = article_metadata_dates(tables)
    if meta is not None:
        base = base.join(meta, on="doc_id")
    n = len(base)
    syndicated = np.zeros(n, dtype=bool)
    cluster = pd.array([pd.NA] * n, dtype="Int64")
    norm = [normalise(t) for t in base["text"].fillna("")]
    eligible = np.flatnonzero(np.fromiter((len(t) >= min_chars for t in norm), dtype=bool, count=n))
    if eligible.size >= 2:
        texts = [norm[i] for i in eligible]
        hashes, starts = _shingle_hashes(texts)
        sig = _minhash(hashes, starts)
        sets: dict[int, np.ndarray] = {}

        def shingles(i: int) -> np.ndarray:
            if i not in sets:
                sets[i] = np.unique(hashes[starts[i] : starts[i + 1]])
            return sets[i]

        uf = _UnionFind(eligible.size)
        checked: set[tuple[int, int]] = set()
        rows = _N_HASHES // _BANDS
        for band in range(_BANDS):
            block = np.ascontiguousarray(sig[:, band * rows : (band + 1) * rows])
            keys = block.view(np.dtype((np.void, block.dtype.itemsize * rows))).ravel()
            _, inverse, counts = np.unique(keys, return_inverse=True, return_counts=True)
            shared = counts[inverse] > 1
            if not shared.any():
                continue
            members = np.flatnonzero(shared)
            order = members[np.argsort(inverse[members], kind="stable")]
            bucket = inverse[order]
            first = np.r_[True, bucket[1:] != bucket[:-1]]
            rep = order[np.maximum.accumulate(np.where(first, np.arange(order.size), 0))]
            for i, r in zip(order[~first], rep[~first]):
                if (i, r) in checked or uf.find(i) == uf.find(r):
                    continue
                checked.add((i, r))
                if _jaccard(shingles(i), shingles(r)) >= threshold:
                    uf.union(i, r)
        roots = np.array([uf.find(i) for i in range(eligible.size)])
        outlets = base[by].to_numpy()[eligible]
        frame = pd.DataFrame({"root": roots, "outlet": outlets})
        n_outlets = frame.groupby("root")["outlet"].nunique()
        multi = frame["root"].map(n_outlets).to_numpy() > 1
        syndicated[eligible[multi]] = True
        codes = pd.factorize(roots[multi])[0]
        cluster[eligible[multi]] = codes
    base["syndicated"] = syndicated
    base["cluster_id"] = cluster
    cols = ["doc_id", "sent_id", by] + (["date"] if "date" in base.columns else [])
    return base[cols + ["text", "syndicated", "cluster_id"]].reset_index(drop=True)


def article_metadata_dates(tables) -> pd.Series | None:
    """The date of each article (indexed by doc_id), or None when unknown."""
    from framing.compare._tables import article_metadata

    meta = article_metadata(tables)
    if "date" not in meta.columns:
        return None
    return pd.to_datetime(meta["date"], errors="coerce").rename("date")


def syndication_share(
    result: Any,
    *,
    by: str = "outlet",
    threshold: float = 0.9,
    min_chars: int = 60,
) -> pd.DataFrame:
    """How much of each outlet's text is syndicated copy.

    Parameters
    ----------
    result : Result, object or dict
        A scoring result.
    by : str, default "outlet"
        The outlet column (see :func:`find_syndicated`).
    threshold, min_chars
        Passed to :func:`find_syndicated`.

    Returns
    -------
    pandas.DataFrame
        One row per outlet: ``group``, ``n_sentences``, ``n_syndicated``,
        ``share`` (of sentences) and ``share_chars`` (of characters).
    """
    flagged = find_syndicated(result, threshold=threshold, min_chars=min_chars, by=by)
    flagged = flagged.assign(chars=flagged["text"].fillna("").str.len())
    flagged["syn_chars"] = flagged["chars"].where(flagged["syndicated"], 0)
    out = flagged.groupby(by, dropna=True).agg(
        n_sentences=("sent_id", "size"),
        n_syndicated=("syndicated", "sum"),
        chars=("chars", "sum"),
        syn_chars=("syn_chars", "sum"),
    )
    out["share"] = out["n_syndicated"] / out["n_sentences"]
    out["share_chars"] = (out["syn_chars"] / out["chars"].where(out["chars"] > 0)).fillna(0.0)
    out = out.reset_index().rename(columns={by: "group"})
    out["n_syndicated"] = out["n_syndicated"].astype(int)
    return out[["group", "n_sentences", "n_syndicated", "share", "share_chars"]]


def dedupe_keys(result: Any, mode: str | None, **kwargs) -> tuple[str, pd.MultiIndex] | None:
    """The (doc_id, sent_id) keys to drop (``"drop"``, ``"first"``) or keep (``"only"``)."""
    if mode is None:
        return None
    modes = (None, "drop", "first", "only")
    if mode not in modes:
        raise ValueError(f"The 'dedupe' parameter must be one of {modes}; got {mode!r} instead.")
    flagged = find_syndicated(result, **kwargs)
    syn = flagged[flagged["syndicated"]]
    if mode == "first":
        order = ["cluster_id"] + (["date"] if "date" in syn.columns else []) + ["doc_id", "sent_id"]
        syn = syn.sort_values(order, na_position="last")
        syn = syn[syn.duplicated("cluster_id", keep="first")]  # every copy but the first
    keys = pd.MultiIndex.from_frame(syn[["doc_id", "sent_id"]])
    return ("keep" if mode == "only" else "drop"), keys
