"""Full fine-tuning of any Hugging Face encoder with the transformers ``Trainer``.

Target-dependent input: the sentence with the target wrapped in ``[T]`` …
``[/T]`` as the first sequence and the target mention as the second sequence
of a text pair. The markers tell the model *where* the target is (so two
mentions of different people in one sentence are told apart); the pair tells
it *who* it is. The markers are plain text (no new tokens, so no randomly
initialised embeddings); a WordPiece tokenizer splits them into ``[ t ]``.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from ._base import TrainedClassifier, class_weights, indicator, pos_weights, tune_thresholds
from ._data import Coded

logger = logging.getLogger("framing")

MODEL_DIR = "model"
OPEN, CLOSE = "[T]", "[/T]"


def mark_target(text: str, start: int, end: int) -> tuple[str, str]:
    """``("… [T] mention [/T] …", "mention")``: the marked sentence and the target mention."""
    return f"{text[:start]}{OPEN} {text[start:end]} {CLOSE}{text[end:]}", text[start:end]


class _Rows:
    """A list of tokenized rows, as a torch-style dataset for the Trainer."""

    def __init__(self, rows: list[dict]):
        self.rows = rows

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, i: int) -> dict:
        return self.rows[i]


def _weighted_trainer_class():
    import torch
    from transformers import Trainer

    class WeightedTrainer(Trainer):
        """A Trainer whose loss uses class weights (single-label) or positive weights (multi-label)."""

        def __init__(self, *args, loss_weights=None, multi_label=False, **kwargs):
            super().__init__(*args, **kwargs)
            self.loss_weights = loss_weights
            self.multi_label = multi_label

        def compute_loss(self, model, inputs, return_outputs=False, num_items_in_batch=None):
            labels = inputs.pop("labels")
            outputs = model(**inputs)
            logits = outputs.logits
            w = None if self.loss_weights is None else self.loss_weights.to(logits.device, logits.dtype)
            if self.multi_label:
                loss = torch.nn.functional.binary_cross_entropy_with_logits(
                    logits, labels.to(logits.dtype), pos_weight=w)
            else:
                loss = torch.nn.functional.cross_entropy(logits, labels, weight=w)
            return (loss, outputs) if return_outputs else loss

    return WeightedTrainer


def _training_args(cls, *, warmup: float, **kwargs):
    """``TrainingArguments`` across transformers versions (warmup as a ratio; unknown options dropped)."""
    import inspect

    sig = inspect.signature(cls.__init__).parameters
    if "warmup_ratio" in sig:
        kwargs["warmup_ratio"] = warmup
    else:  # transformers >= 5: a float warmup_steps in [0, 1) is a ratio
        kwargs["warmup_steps"] = warmup
    dropped = sorted(k for k in kwargs if k not in sig)
    if dropped:
        logger.debug("TrainingArguments here has no %s; dropped", dropped)
    return cls(**{k: v for k, v in kwargs.items() if k in sig})


class FineTunedClassifier(TrainedClassifier):
    """Fine-tune a whole encoder (``AutoModelForSequenceClassification``) on a coded sample.

    Dev evaluation every epoch, the best epoch kept (``load_best_model_at_end``)
    and early stopping; class-weighted loss; fixed seeds; bf16/fp16 mixed
    precision on a CUDA GPU, fp32 on the CPU.

    Parameters
    ----------
    base : str, optional
        A model folder or hub id; default the offline all-MiniLM-L6-v2
        (``framing.models.resolve_encoder().path``).
    epochs : int, default 3
    lr : float, default 3e-5
    batch_size : int, default 16
    max_length : int, default 128
        Tokens per input (the sentence and, target-dependent, the mention).
    multi_label : bool, default False
    target_dependent : bool, default False
        Mark the target with ``[T]`` … ``[/T]`` and pass the mention as the
        second sequence (see the module docstring).
    class_weight : "balanced" or None
    early_stopping_patience : int, default 2
        Epochs without dev gain before stopping.
    seed : int, default 0
    fp16 : "auto", True or False
        "auto": bf16 where the GPU supports it, else fp16, on CUDA only.
    validation_fraction : float, default 0.15
        Dev share held out when ``fit`` gets no dev data.
    warmup_ratio : float, default 0.1
    weight_decay : float, default 0.01
    """

    method = "finetune"

    def __init__(self, base: str | None = None, epochs: int = 3, lr: float = 3e-5, batch_size: int = 16,
                 max_length: int = 128, multi_label: bool = False, target_dependent: bool = False,
                 class_weight: Any = "balanced", early_stopping_patience: int = 2, seed: int = 0,
                 fp16: Any = "auto", validation_fraction: float = 0.15, warmup_ratio: float = 0.1,
                 weight_decay: float = 0.01):
        self.base = base
        self.epochs = epochs
        self.lr = lr
        self.batch_size = batch_size
        self.max_length = max_length
        self.multi_label = multi_label
        self.target_dependent = target_dependent
        self.class_weight = class_weight
        self.early_stopping_patience = early_stopping_patience
        self.seed = seed
        self.fp16 = fp16
        self.validation_fraction = validation_fraction
        self.warmup_ratio = warmup_ratio
        self.weight_decay = weight_decay

    def _base_path(self) -> str:
        if self.base is not None:
            return str(self.base)
        from ..models import resolve_encoder

        return resolve_encoder().path

    def _encode(self, texts, spans, with_labels=None) -> list[dict]:
        if spans is not None:
            pairs = [mark_target(t, s, e) for t, (s, e) in zip(texts, spans)]
            enc = self.tokenizer_([a for a, _ in pairs], [b for _, b in pairs], truncation="only_first",
                                  max_length=int(self.max_length))
        else:
            enc = self.tokenizer_(list(texts), truncation=True, max_length=int(self.max_length))
        rows = [{k: enc[k][i] for k in enc.keys()} for i in range(len(texts))]
        if with_labels is not None:
            for r, lab in zip(rows, with_labels):
                r["labels"] = lab
        return rows

    # ------------------------------------------------------------------- fit
    def fit(self, X, y=None, *, X_dev=None, y_dev=None, classes=None, progress: bool | None = None):
        """Fine-tune on (X, y); dev for per-epoch evaluation, model selection and thresholds.

        Parameters
        ----------
        X, y, X_dev, y_dev, classes
            As in :meth:`HeadsClassifier.fit`.

        Returns
        -------
        self
        """
        train, dev = self._train_dev(X, y, X_dev, y_dev, wants_dev=bool(self.early_stopping_patience))
        return self._fit(train, dev, classes=classes, progress=progress)

    def _fit(self, train: Coded, dev: Coded | None, *, classes=None, progress=None):
        import torch
        from transformers import (AutoModelForSequenceClassification, AutoTokenizer, DataCollatorWithPadding,
                                  EarlyStoppingCallback, TrainingArguments, set_seed)

        classes = self._classes_for(train, classes)
        set_seed(int(self.seed))
        base = self._base_path()
        local = Path(base).exists()
        self.tokenizer_ = AutoTokenizer.from_pretrained(base, local_files_only=local)
        k = len(classes)
        id2label = {i: str(c) for i, c in enumerate(classes)}
        model = AutoModelForSequenceClassification.from_pretrained(
            base, num_labels=k, id2label=id2label, label2id={v: i for i, v in id2label.items()},
            problem_type="multi_label_classification" if self.multi_label else "single_label_classification",
            ignore_mismatched_sizes=True, local_files_only=local, use_safetensors=True if local else None,
        )
        self.classes_ = np.asarray(classes, dtype=object)

        def targets(c: Coded):
            if self.multi_label:
                return [list(map(float, r)) for r in indicator(c.y, classes)]
            pos = {lab: j for j, lab in enumerate(classes)}
            unknown = sorted(set(c.y) - set(pos))
            if unknown:
                raise ValueError(f"Labels {unknown} are not in classes={classes}.")
            return [pos[v] for v in c.y]

        ytr = targets(train)
        if self.multi_label:
            w = pos_weights(np.asarray(ytr, dtype=np.float32), self.class_weight)
        else:
            w = class_weights(np.asarray(ytr), k, self.class_weight)
        train_ds = _Rows(self._encode(train.texts, train.spans, ytr))
        has_dev = dev is not None and len(dev) > 0
        dev_ds = _Rows(self._encode(dev.texts, dev.spans, targets(dev))) if has_dev else None

        cuda = torch.cuda.is_available()
        bf16 = fp16 = False
        if cuda and self.fp16 in ("auto", True):
            bf16 = bool(torch.cuda.is_bf16_supported())
            fp16 = not bf16
        multi = self.multi_label

        def compute_metrics(ev):
            from sklearn.metrics import f1_score

            logits, labels = ev.predictions, ev.label_ids
            if multi:
                p = 1.0 / (1.0 + np.exp(-logits))
                return {"macro_f1": float(f1_score(labels, p >= 0.5, average="macro", zero_division=0))}
            return {"macro_f1": float(f1_score(labels, logits.argmax(-1), average="macro", zero_division=0)),
                    "accuracy": float((labels == logits.argmax(-1)).mean())}

        workdir = tempfile.mkdtemp(prefix="framing-finetune-")
        try:
            args = _training_args(
                TrainingArguments, warmup=float(self.warmup_ratio),
                output_dir=workdir, num_train_epochs=float(self.epochs), learning_rate=float(self.lr),
                per_device_train_batch_size=int(self.batch_size), per_device_eval_batch_size=64,
                weight_decay=float(self.weight_decay),
                eval_strategy="epoch" if has_dev else "no", save_strategy="epoch" if has_dev else "no",
                load_best_model_at_end=has_dev, metric_for_best_model="macro_f1", greater_is_better=True,
                save_total_limit=1, save_only_model=True, seed=int(self.seed), data_seed=int(self.seed),
                bf16=bf16, fp16=fp16, use_cpu=not cuda, report_to=[], logging_strategy="epoch",
                disable_tqdm=not bool(progress), dataloader_num_workers=0,
            )
            callbacks = [EarlyStoppingCallback(int(self.early_stopping_patience))] if (
                has_dev and self.early_stopping_patience) else []
            trainer = _weighted_trainer_class()(
                model=model, args=args, train_dataset=train_ds, eval_dataset=dev_ds,
                data_collator=DataCollatorWithPadding(self.tokenizer_), compute_metrics=compute_metrics,
                callbacks=callbacks, loss_weights=None if w is None else torch.as_tensor(w), multi_label=multi,
            )
            trainer.train()
            self.history_ = [dict(r) for r in trainer.state.log_history]
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
        self.model_ = trainer.model.to("cpu" if not cuda else trainer.model.device).eval()
        self.base_ = base
        if self.multi_label:
            if has_dev:
                p = self._proba(dev.texts, dev.spans)
                self.thresholds_ = np.asarray(tune_thresholds(p, indicator(dev.y, classes)), dtype=np.float32)
            else:
                self.thresholds_ = np.full(k, 0.5, dtype=np.float32)
        self._after_fit_dev(dev if has_dev else None)
        self.train_info_ = {"n_train": len(train), "n_dev": len(dev) if has_dev else 0}
        return self

    # --------------------------------------------------------------- predict
    def _proba(self, texts, spans, batch_size: int = 64) -> np.ndarray:
        import torch

        rows = self._encode(texts, spans)
        order = sorted(range(len(rows)), key=lambda i: len(rows[i]["input_ids"]))
        out = np.zeros((len(rows), len(self.classes_)), dtype=np.float32)
        device = next(self.model_.parameters()).device
        self.model_.eval()
        with torch.inference_mode():
            for i in range(0, len(order), batch_size):
                idx = order[i : i + batch_size]
                batch = self.tokenizer_.pad([rows[j] for j in idx], return_tensors="pt")
                batch = {k: v.to(device) for k, v in batch.items()}
                logits = self.model_(**batch).logits.float()
                p = torch.sigmoid(logits) if self.multi_label else torch.softmax(logits, dim=-1)
                out[idx] = p.cpu().numpy()
        return out

    # ----------------------------------------------------------- persistence
    def _save_weights(self, path: Path) -> list[str]:
        target = path / MODEL_DIR
        if target.exists():
            shutil.rmtree(target)
        self.model_.save_pretrained(target, safe_serialization=True)
        self.tokenizer_.save_pretrained(target)
        return [str(p.relative_to(path)) for p in sorted(target.rglob("*")) if p.is_file()]

    def _base_info(self) -> dict:
        from ..models import sha256_file

        base = getattr(self, "base_", None) or self._base_path()
        weights = Path(base) / "model.safetensors"
        return {"path": base if not Path(base).exists() else Path(base).name,
                "sha256": sha256_file(weights) if weights.exists() else None}

    @classmethod
    def _load(cls, path: Path, config: dict, card: dict) -> "FineTunedClassifier":
        import torch
        from transformers import AutoModelForSequenceClassification, AutoTokenizer

        from ._base import restore_common

        est = cls(**config["params"])
        restore_common(est, config, card)
        est.tokenizer_ = AutoTokenizer.from_pretrained(path / MODEL_DIR, local_files_only=True)
        model = AutoModelForSequenceClassification.from_pretrained(path / MODEL_DIR, local_files_only=True,
                                                                   use_safetensors=True)
        est.model_ = model.to("cuda" if torch.cuda.is_available() else "cpu").eval()
        est.base_ = (card.get("base_model") or {}).get("path")
        return est
