"""Zero-shot classification with a natural-language-inference (NLI) model.

Each (text, label) pair is scored as premise = text, hypothesis = the label's
template ("This text is about {}."). The entailment and contradiction indices
come from the model's ``config.label2id`` (case-insensitive "entailment" /
"contradiction"). Single-label: softmax over the labels' entailment logits.
Multi-label: per pair, softmax over (contradiction, entailment).

Target-dependent use (e.g. stance toward a person): templates may name the
target with ``{target}``, e.g. ``"The text is critical of {target}."``.

References
----------
Yin, W., Hay, J. & Roth, D. (2019). Benchmarking zero-shot text
classification: datasets, evaluation and entailment approach. EMNLP.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Sequence

import numpy as np

from ._base import TrainedClassifier, dev_metrics
from ._data import y_from

logger = logging.getLogger("framing")

PREFIX = "zeroshot:"


def _strip(model: str) -> str:
    model = str(model)
    return model[len(PREFIX):] if model.startswith(PREFIX) else model


class ZeroShotClassifier(TrainedClassifier):
    """Label texts with an NLI model and one hypothesis per label; nothing is trained.

    Parameters
    ----------
    model : str
        An NLI model folder or hub id (``"zeroshot:"`` prefix allowed).
    labels : list of str
        The labels (at least two for single-label).
    hypothesis_template : str, default "This text is about {}."
        ``{}`` is replaced by the label (and ``{target}`` by the target mention).
    templates : dict, optional
        A hypothesis per label, overriding the template:
        ``{"economic": "This text is about money."}``.
    multi_label : bool, default False
    batch_size : int, default 32
        Premise–hypothesis pairs per forward pass.
    target_dependent : bool, default False
        Inputs carry a target span; templates may use ``{target}``.
    max_length : int, default 256
    """

    method = "zeroshot"

    def __init__(self, model: str | None = None, labels: Sequence[str] | None = None,
                 hypothesis_template: str = "This text is about {}.", templates: dict | None = None,
                 multi_label: bool = False, batch_size: int = 32, target_dependent: bool = False,
                 max_length: int = 256):
        self.model = model
        self.labels = labels
        self.hypothesis_template = hypothesis_template
        self.templates = templates
        self.multi_label = multi_label
        self.batch_size = batch_size
        self.target_dependent = target_dependent
        self.max_length = max_length

    def fit(self, X=None, y=None, **kwargs):
        """Check the labels and load the NLI model (nothing is trained).

        If ``X`` and ``y`` (or a ``label``/``labels`` column) are given, the
        dev metrics on them are recorded for the card.

        Returns
        -------
        self
        """
        import torch
        from transformers import AutoModelForSequenceClassification, AutoTokenizer

        if self.model is None:
            raise ValueError("ZeroShotClassifier needs model='<NLI model folder or hub id>'.")
        labels = [str(x) for x in (self.labels or [])]
        if len(labels) < (1 if self.multi_label else 2) or len(set(labels)) != len(labels):
            raise ValueError(
                f"Zero-shot classification needs at least two distinct labels (one for multi-label); got {labels}. "
                "Pass labels=['economic', 'security', ...]."
            )
        extra = sorted(set(self.templates or {}) - set(labels))
        if extra:
            raise ValueError(f"templates has entries for {extra}, which are not in labels={labels}.")
        path = _strip(self.model)
        local = Path(path).exists()
        tok = AutoTokenizer.from_pretrained(path, local_files_only=local)
        nli = AutoModelForSequenceClassification.from_pretrained(path, local_files_only=local,
                                                                 use_safetensors=True if local else None)
        l2i = {str(k).lower(): int(v) for k, v in nli.config.label2id.items()}
        ent = next((v for k, v in l2i.items() if k.startswith("entail")), None)
        con = next((v for k, v in l2i.items() if k.startswith("contradict")), None)
        if ent is None:
            raise ValueError(
                f"The model {path} has labels {nli.config.label2id}, none of which is 'entailment': "
                "a zero-shot classifier needs an NLI model (e.g. one trained on MNLI)."
            )
        if con is None and self.multi_label:
            raise ValueError(f"Multi-label zero-shot needs a 'contradiction' label; the model has {nli.config.label2id}.")
        self.tokenizer_ = tok
        self.model_ = nli.to("cuda" if torch.cuda.is_available() else "cpu").eval()
        self.entailment_id_ = ent
        self.contradiction_id_ = con
        self.classes_ = np.asarray(labels, dtype=object)
        self.dev_metrics_ = {}
        self.train_info_ = {"n_train": 0}
        if X is not None:
            yy = y_from(X, y, self.multi_label)
            if yy is not None:
                self.dev_metrics_ = dev_metrics(yy, list(self.predict(X)), labels, self.multi_label)
                self.train_info_["n_dev"] = len(yy)
        return self

    def hypotheses(self, target: str | None = None) -> dict[str, str]:
        """The hypothesis used for each label (``{target}`` filled when given)."""
        labels = [str(x) for x in (self.labels or [])]
        out = {}
        for lab in labels:
            tpl = (self.templates or {}).get(lab, self.hypothesis_template)
            out[lab] = tpl.format(lab, label=lab, target=target if target is not None else "the target")
        return out

    def pairs(self, texts: Sequence[str], spans=None) -> list[tuple[str, str]]:
        """All (premise, hypothesis) pairs, text-major: row i, label j is pair ``i * k + j``."""
        out = []
        for i, t in enumerate(texts):
            target = t[spans[i][0]:spans[i][1]] if spans is not None else None
            out.extend((t, h) for h in self.hypotheses(target).values())
        return out

    def _proba(self, texts, spans) -> np.ndarray:
        import torch

        k = len(self.classes_)
        pairs = self.pairs(texts, spans)
        logits = np.zeros((len(pairs), self.model_.config.num_labels), dtype=np.float32)
        device = next(self.model_.parameters()).device
        bs = int(self.batch_size)
        self.n_batches_ = 0
        with torch.inference_mode():
            for i in range(0, len(pairs), bs):
                chunk = pairs[i : i + bs]
                enc = self.tokenizer_([p for p, _ in chunk], [h for _, h in chunk], padding=True,
                                      truncation="only_first", max_length=int(self.max_length), return_tensors="pt")
                enc = {kk: v.to(device) for kk, v in enc.items()}
                logits[i : i + len(chunk)] = self.model_(**enc).logits.float().cpu().numpy()
                self.n_batches_ += 1
        logits = logits.reshape(len(texts), k, -1)
        ent = logits[:, :, self.entailment_id_]
        if self.multi_label:
            con = logits[:, :, self.contradiction_id_]
            return (1.0 / (1.0 + np.exp(con - ent))).astype(np.float32)
        z = ent - ent.max(1, keepdims=True)
        e = np.exp(z)
        return (e / e.sum(1, keepdims=True)).astype(np.float32)

    # ----------------------------------------------------------- persistence
    def _save_weights(self, path: Path) -> list[str]:
        return []  # the NLI model is referenced (with its hash), not copied

    def _extra_config(self) -> dict:
        return {"hypotheses": self.hypotheses(), "entailment_id": int(self.entailment_id_)}

    def _base_info(self) -> dict:
        from ..models import sha256_file

        path = Path(_strip(self.model))
        w = path / "model.safetensors"
        return {"path": str(path) if path.exists() else _strip(self.model),
                "sha256": sha256_file(w) if w.exists() else None}

    @classmethod
    def _load(cls, path: Path, config: dict, card: dict) -> "ZeroShotClassifier":
        from ..models import sha256_file
        from ._base import restore_common

        est = cls(**config["params"])
        base = card.get("base_model") or {}
        w = Path(_strip(est.model)) / "model.safetensors"
        if base.get("sha256") and w.exists() and sha256_file(w) != base["sha256"]:
            raise ValueError(
                f"The NLI model at {w.parent} has changed since this zero-shot model was saved (sha256 differs "
                "from the card). Point it at the original model or save again."
            )
        est.fit()
        restore_common(est, config, card)
        return est

