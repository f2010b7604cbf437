"""Heads on the frozen encoder: one encoder pass, a small MLP trained in seconds to minutes on a CPU."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import numpy as np

from ._base import TrainedClassifier, class_weights, indicator, pos_weights, tune_thresholds
from ._data import Coded

logger = logging.getLogger("framing")

WEIGHTS = "head.safetensors"
_ENCODERS: dict[str, Any] = {}


def _encoder(path: str | None, threads: int | None = None):
    """The frozen encoder, loaded once per process and path."""
    from ..models import Encoder, resolve_encoder

    src = resolve_encoder(path)
    key = f"{src.path}|{src.sha256}"
    if key not in _ENCODERS:
        _ENCODERS[key] = Encoder(src, threads=threads)
    return _ENCODERS[key]


def encode_features(encoder, texts: list[str], spans: list[tuple[int, int]] | None, *, batch_size: int = 64,
                    progress: bool | None = None) -> np.ndarray:
    """Sentence means, or ``[s, t, s * t]`` per (sentence, target) row, exactly as the default heads read them.

    Rows sharing a text are encoded once.
    """
    from ..models._heads import target_features

    if spans is None:
        uniq = list(dict.fromkeys(texts))
        enc = encoder.encode(uniq, batch_size=batch_size, progress=progress)
        pos = {t: i for i, t in enumerate(uniq)}
        return enc.sentences[[pos[t] for t in texts]]
    uniq: dict[str, int] = {}
    per_text: list[list[tuple[int, int]]] = []
    where = []
    for t, sp in zip(texts, spans):
        if t not in uniq:
            uniq[t] = len(uniq)
            per_text.append([])
        i = uniq[t]
        where.append((i, len(per_text[i])))
        per_text[i].append(tuple(sp))
    enc = encoder.encode(list(uniq), per_text, batch_size=batch_size, progress=progress)
    s = np.stack([enc.sentences[i] for i, _ in where])
    t = np.stack([enc.spans[i][k] for i, k in where])
    return target_features(s, t)


class HeadsClassifier(TrainedClassifier):
    """A small MLP head on the frozen sentence encoder (the default model's recipe).

    The encoder (all-MiniLM-L6-v2 by default) runs once over the data; the
    features are the sentence's mean-pooled states, or ``[s, t, s * t]`` with
    the target span's pooled states ``t`` for target-dependent tasks, exactly
    as :mod:`framing.models` heads read them. A two-layer head is trained with
    Adam and early stopping on a dev split.

    Parameters
    ----------
    encoder : str, optional
        Encoder folder or hub id; default :func:`framing.models.resolve_encoder`.
    hidden : int, default 256
        Hidden units of the head.
    epochs : int, default 40
        Maximum epochs.
    lr : float, default 1e-3
    batch_size : int, default 64
    multi_label : bool, default False
        Sigmoid outputs with per-label thresholds tuned on dev.
    target_dependent : bool, default False
        Inputs carry a target span (``target_start``, ``target_end``).
    class_weight : "balanced", None, or a list of weights in ``classes_`` order
    early_stopping : bool, default True
        Keep the epoch with the best dev macro-F1; stop after 8 epochs without gain.
    seed : int, default 0
    validation_fraction : float, default 0.15
        Dev share held out when ``fit`` gets no dev data.

    Examples
    --------
    >>> clf = HeadsClassifier(epochs=20).fit(texts, labels)   # doctest: +SKIP
    >>> clf.predict(["The plan will cost billions."])          # doctest: +SKIP
    """

    method = "heads"

    def __init__(self, encoder: str | None = None, hidden: int = 256, epochs: int = 40, lr: float = 1e-3,
                 batch_size: int = 64, multi_label: bool = False, target_dependent: bool = False,
                 class_weight: Any = "balanced", early_stopping: bool = True, seed: int = 0,
                 validation_fraction: float = 0.15):
        self.encoder = encoder
        self.hidden = hidden
        self.epochs = epochs
        self.lr = lr
        self.batch_size = batch_size
        self.multi_label = multi_label
        self.target_dependent = target_dependent
        self.class_weight = class_weight
        self.early_stopping = early_stopping
        self.seed = seed
        self.validation_fraction = validation_fraction

    # ------------------------------------------------------------------- fit
    def fit(self, X, y=None, *, X_dev=None, y_dev=None, classes=None, progress: bool | None = None):
        """Encode once, train the head, keep the best dev epoch.

        Parameters
        ----------
        X : list of str, list of (text, start, end), or DataFrame
            With ``text`` (and ``target_start``/``target_end``); labels may come
            from its ``label`` / ``labels`` column when ``y`` is None.
        y : list, optional
            A label per row, or a list of labels per row (multi-label).
        X_dev, y_dev : optional
            Dev data for early stopping and thresholds; default a
            ``validation_fraction`` split of ``X``.
        classes : list of str, optional
            The full label set (default: the labels seen).

        Returns
        -------
        self
        """
        train, dev = self._train_dev(X, y, X_dev, y_dev, wants_dev=bool(self.early_stopping))
        return self._fit(train, dev, classes=classes, progress=progress)

    def _fit(self, train: Coded, dev: Coded | None, *, classes=None, progress=None):
        import torch

        from ..models._heads import make_head

        classes = self._classes_for(train, classes)
        torch.manual_seed(self.seed)
        rng = np.random.default_rng(self.seed)
        enc = _encoder(self.encoder)
        both_texts = train.texts + (dev.texts if dev is not None else [])
        both_spans = None
        if self.target_dependent:
            both_spans = list(train.spans) + (list(dev.spans) if dev is not None else [])
        feats = encode_features(enc, both_texts, both_spans, progress=progress)
        Xtr, Xdv = feats[: len(train)], feats[len(train):]
        k = len(classes)
        if self.multi_label:
            Ytr = torch.as_tensor(indicator(train.y, classes))
            pw = pos_weights(Ytr.numpy(), self.class_weight)
            loss_fn = torch.nn.BCEWithLogitsLoss(pos_weight=None if pw is None else torch.as_tensor(pw))
        else:
            pos = {c: j for j, c in enumerate(classes)}
            unknown = sorted(set(train.y) - set(pos))
            if unknown:
                raise ValueError(f"Labels {unknown} are not in classes={classes}.")
            Ytr = torch.as_tensor([pos[v] for v in train.y], dtype=torch.long)
            w = class_weights(Ytr.numpy(), k, self.class_weight)
            if isinstance(self.class_weight, dict):
                w = np.asarray([float(self.class_weight.get(c, 1.0)) for c in classes], dtype=np.float32)
            loss_fn = torch.nn.CrossEntropyLoss(weight=None if w is None else torch.as_tensor(w))
        head = make_head(Xtr.shape[1], k, self.hidden)
        opt = torch.optim.AdamW(head.parameters(), lr=self.lr, weight_decay=1e-2)
        Xt = torch.as_tensor(Xtr)
        self.classes_ = np.asarray(classes, dtype=object)
        self.head_ = head
        self.n_features_in_ = int(Xtr.shape[1])
        best, best_state, since, history = -np.inf, None, 0, []
        for epoch in range(int(self.epochs)):
            head.train()
            order = rng.permutation(len(Xt))
            total = 0.0
            for i in range(0, len(order), int(self.batch_size)):
                idx = torch.as_tensor(order[i : i + int(self.batch_size)])
                opt.zero_grad()
                loss = loss_fn(head(Xt[idx]), Ytr[idx])
                loss.backward()
                opt.step()
                total += loss.item() * len(idx)
            rec = {"epoch": epoch + 1, "train_loss": total / max(len(Xt), 1)}
            if dev is not None and len(dev) and self.early_stopping:
                crit = self._dev_criterion(Xdv, dev)
                rec["dev_score"] = crit
                if crit > best + 1e-6:
                    best, since = crit, 0
                    best_state = {n: p.detach().clone() for n, p in head.state_dict().items()}
                else:
                    since += 1
                if since >= 8:
                    history.append(rec)
                    break
            history.append(rec)
        if best_state is not None:
            head.load_state_dict(best_state)
        head.eval()
        self.history_ = history
        if self.multi_label:
            if dev is not None and len(dev):
                self.thresholds_ = np.asarray(tune_thresholds(self._head_proba(Xdv), indicator(dev.y, classes)),
                                              dtype=np.float32)
            else:
                self.thresholds_ = np.full(k, 0.5, dtype=np.float32)
        self._after_fit_dev_feats(Xdv, dev)
        self.train_info_ = {"n_train": len(train), "n_dev": len(dev) if dev is not None else 0}
        return self

    def _dev_criterion(self, Xdv: np.ndarray, dev: Coded) -> float:
        """Dev macro-F1 (multi-label: at the best per-label thresholds), minus a tiny dev-loss tie-break."""
        from sklearn.metrics import f1_score

        self.head_.eval()
        p = self._head_proba(Xdv)
        if self.multi_label:
            Y = indicator(dev.y, self.classes_)
            th = np.asarray(tune_thresholds(p, Y))
            return float(f1_score(Y, p >= th, average="macro", zero_division=0))
        pos = {c: j for j, c in enumerate(self.classes_)}
        yd = np.asarray([pos.get(v, -1) for v in dev.y])
        f1 = f1_score(yd, p.argmax(1), labels=list(range(len(pos))), average="macro", zero_division=0)
        nll = -np.log(np.clip(p[np.arange(len(yd)), np.clip(yd, 0, None)], 1e-9, 1)).mean()
        return float(f1 - 1e-3 * nll)

    def _after_fit_dev_feats(self, Xdv: np.ndarray, dev: Coded | None) -> None:
        from ._base import dev_metrics

        self.dev_metrics_ = {}
        if dev is not None and len(dev):
            pred = list(self.decide(self._head_proba(Xdv)))
            self.dev_metrics_ = dev_metrics(dev.y, pred, self.classes_, self.multi_label)

    # --------------------------------------------------------------- predict
    def _head_proba(self, feats: np.ndarray) -> np.ndarray:
        import torch

        with torch.inference_mode():
            logits = self.head_(torch.as_tensor(feats, dtype=torch.float32))
            p = torch.sigmoid(logits) if self.multi_label else torch.softmax(logits, dim=-1)
        return p.numpy()

    def _proba(self, texts, spans) -> np.ndarray:
        feats = encode_features(_encoder(self.encoder), texts, spans)
        return self._head_proba(feats)

    # ----------------------------------------------------------- persistence
    def _save_weights(self, path: Path) -> list[str]:
        from safetensors.torch import save_file

        state = {k: v.detach().cpu().contiguous() for k, v in self.head_.state_dict().items()}
        save_file(state, str(path / WEIGHTS))
        return [WEIGHTS]

    def _extra_config(self) -> dict:
        return {"in_dim": self.n_features_in_, "hidden": int(self.hidden)}

    def _base_info(self) -> dict:
        from ..models import resolve_encoder

        src = resolve_encoder(self.encoder)
        return {"path": src.path if src.origin == "hub" else Path(src.path).name, "origin": src.origin,
                "sha256": src.sha256, "hub_id": _hub_id(src.path)}

    @classmethod
    def _load(cls, path: Path, config: dict, card: dict) -> "HeadsClassifier":
        from safetensors.torch import load_file

        from ..models import resolve_encoder
        from ..models._heads import make_head
        from ._base import restore_common

        params = dict(config["params"])
        est = cls(**params)
        expected = (card.get("base_model") or {}).get("sha256")
        src = resolve_encoder(params.get("encoder"), expected_sha256=expected)
        if expected and src.sha256 and src.sha256 != expected:
            raise ValueError(
                f"The model at {path} was trained on an encoder with sha256 {expected}, but the encoder found at "
                f"{src.path} has {src.sha256}. Install the same encoder or retrain."
            )
        restore_common(est, config, card)
        head = make_head(int(config["in_dim"]), len(est.classes_), int(config["hidden"]))
        head.load_state_dict(load_file(str(path / WEIGHTS)))
        head.eval()
        est.head_ = head
        est.n_features_in_ = int(config["in_dim"])
        return est


def _hub_id(path: str) -> str | None:
    from ..models import MINILM_HUB_ID

    return MINILM_HUB_ID if "minilm" in path.lower().replace("_", "-") else None
