"""Rebuild the embedded default model from the team's codebook corpus.

    python -m framing.models.build_default [--corpus corpora/codebook] [--out framing/resources/models/default]

Adapts all-MiniLM-L6-v2 with a LoRA adapter and trains the stance, voice,
frames and loaded heads jointly on ``corpora/codebook/*.jsonl`` (written by the
team, labelled by the codebook; never on evaluation sets). Actor names are
swapped at random during training so that no actor carries a prior. Fixed seeds;
the dev split is a deterministic hash split of the corpus. Writes the adapter,
the heads (safetensors + JSON) and a model card with the corpus hash, the
encoder hash, the dev figures and the command.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import logging
import math
import random
import sys
import time
from pathlib import Path

import numpy as np

from ..labels import CODEBOOK_VERSION, FRAMES, STANCES, VOICES
from ._codebook_corpus import NameSwapper, corpus_files, corpus_sha256, load_codebook_corpus, split_dev
from ._encoder import resolve_encoder, sha256_file
from ._heads import Heads, target_features

logger = logging.getLogger("framing")


def _batches(items, size, rng=None):
    """Training batches of similar length (little padding), in shuffled order.

    Without ``rng`` the items keep their order (for prediction, whose outputs
    are aligned with the gold labels).
    """
    if rng is None:
        for i in range(0, len(items), size):
            yield items[i : i + size]
        return
    # jitter lengths a little so that batches differ between epochs
    idx = sorted(range(len(items)), key=lambda j: len(items[j].text) * (0.9 + 0.2 * rng.random()))
    chunks = [idx[i : i + size] for i in range(0, len(idx), size)]
    rng.shuffle(chunks)
    for chunk in chunks:
        yield [items[j] for j in chunk]


class _Trainer:
    def __init__(self, encoder_path, *, lora_r=16, lora_alpha=32, max_length=128, seed=13, hidden=256):
        import torch
        from peft import LoraConfig, get_peft_model
        from transformers import AutoModel, AutoTokenizer

        torch.manual_seed(seed)
        self.torch = torch
        self.tok = AutoTokenizer.from_pretrained(encoder_path, local_files_only=True)
        base = AutoModel.from_pretrained(encoder_path, local_files_only=True)
        self.lora_cfg = dict(r=lora_r, lora_alpha=lora_alpha, lora_dropout=0.1,
                             target_modules=["query", "key", "value"])
        self.model = get_peft_model(base, LoraConfig(**self.lora_cfg))
        self.max_length = max_length
        self.heads = Heads(base.config.hidden_size, hidden=hidden)

    def forward(self, texts, target_spans, train: bool):
        """Sentence vectors (B, d) and target vectors (R, d) with row owners."""
        torch = self.torch
        enc = self.tok(texts, padding=True, truncation=True, max_length=self.max_length,
                       return_offsets_mapping=True, return_tensors="pt")
        offsets = enc.pop("offset_mapping")
        self.model.train(train)
        hidden = self.model(**enc).last_hidden_state
        mask = enc["attention_mask"].unsqueeze(-1).float()
        sent = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)
        special = offsets[:, :, 0] == offsets[:, :, 1]
        owners, masks = [], []
        for i, spans in enumerate(target_spans):
            for s, e in spans:
                m = (~special[i]) & (offsets[i, :, 0] < e) & (offsets[i, :, 1] > s)
                owners.append(i)
                masks.append(m)
        if owners:
            own = torch.tensor(owners)
            mm = torch.stack(masks).float().unsqueeze(-1)  # (R, L, 1)
            cnt = mm.sum(1)
            span = (hidden[own] * mm).sum(1) / cnt.clamp(min=1.0)
            span = torch.where(cnt > 0, span, sent[own])
            return sent, span, own
        return sent, None, None

    def logits(self, texts, target_spans, train):
        sent, span, own = self.forward(texts, target_spans, train)
        self.heads.modules.train(train)
        out = {"frames": self.heads.modules["frames"](sent), "loaded": self.heads.modules["loaded"](sent)}
        if span is not None:
            feats = target_features(sent[own], span)
            out["stance"] = self.heads.modules["stance"](feats)
            out["voice"] = self.heads.modules["voice"](feats)
        return out


def _prepare(batch, swapper: NameSwapper | None, rng: random.Random, swap_p: float, canonical_p: float = 1.0):
    """Texts, spans and labels of a batch.

    Each sentence is written with canonical actor names with probability
    ``canonical_p`` (as at inference), else with random names with
    probability ``swap_p``, else as written.
    """
    texts, spans, st, vo, fr, lo = [], [], [], [], [], []
    for s in batch:
        text, sp = s.text, [(t.start, t.end) for t in s.targets]
        if swapper is not None:
            r = rng.random()
            if r < canonical_p:
                text, sp, _ = swapper.swap(text, sp, canonical=True)
            elif r < canonical_p + (1 - canonical_p) * swap_p:
                text, sp, _ = swapper.swap(text, sp)
        texts.append(text)
        spans.append(sp)
        st += [STANCES.index(t.stance) for t in s.targets]
        vo += [VOICES.index(t.voice) for t in s.targets]
        fr.append([1.0 if f in s.frames else 0.0 for f in FRAMES])
        lo.append([1.0 if s.loaded else 0.0])
    return texts, spans, st, vo, fr, lo


def _predict(tr: _Trainer, sentences, batch_size=64, canonical: bool = True):
    torch = tr.torch
    P = {"stance": [], "voice": [], "frames": [], "loaded": []}
    L = {"stance": [], "voice": []}
    swapper = NameSwapper() if canonical else None
    with torch.inference_mode():
        for batch in _batches(sentences, batch_size):
            texts, spans, *_ = _prepare(batch, swapper, random.Random(0), 0.0, 1.0)
            out = tr.logits(texts, spans, train=False)
            for k in ("frames", "loaded"):
                P[k].append(torch.sigmoid(out[k]).numpy())
            for k in ("stance", "voice"):
                if k in out:
                    L[k].append(out[k].numpy())
    res = {k: np.concatenate(v) for k, v in P.items() if v}
    for k in ("stance", "voice"):
        res[k + "_logits"] = np.concatenate(L[k]) if L[k] else np.zeros((0, 3 if k == "stance" else 2))
    return res


def _softmax(z, t=1.0):
    z = z / t
    z = z - z.max(1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(1, keepdims=True)


def fit_temperature(logits: np.ndarray, y: np.ndarray) -> float:
    """The temperature minimising dev negative log-likelihood (grid search)."""
    best, best_t = math.inf, 1.0
    for t in np.linspace(0.5, 4.0, 71):
        p = _softmax(logits, t)
        nll = -np.log(p[np.arange(len(y)), y] + 1e-12).mean()
        if nll < best:
            best, best_t = nll, float(t)
    return best_t


def expected_calibration_error(probs: np.ndarray, y: np.ndarray, n_bins: int = 10) -> float:
    """ECE of the top-label confidence, equal-width bins."""
    conf = probs.max(1)
    pred = probs.argmax(1)
    ece = 0.0
    for lo in np.linspace(0, 1, n_bins, endpoint=False):
        sel = (conf > lo) & (conf <= lo + 1.0 / n_bins)
        if sel.any():
            ece += sel.mean() * abs((pred[sel] == y[sel]).mean() - conf[sel].mean())
    return float(ece)


def evaluate(tr: _Trainer, dev) -> dict:
    from sklearn.metrics import accuracy_score, f1_score

    pred = _predict(tr, dev)
    y_st = np.array([STANCES.index(t.stance) for s in dev for t in s.targets])
    y_vo = np.array([VOICES.index(t.voice) for s in dev for t in s.targets])
    y_fr = np.array([[1 if f in s.frames else 0 for f in FRAMES] for s in dev])
    y_lo = np.array([1 if s.loaded else 0 for s in dev])
    t_st = fit_temperature(pred["stance_logits"], y_st)
    t_vo = fit_temperature(pred["voice_logits"], y_vo)
    p_st = _softmax(pred["stance_logits"], t_st)
    thresholds = []
    for j in range(len(FRAMES)):
        best = (0.5, -1.0)
        for th in np.linspace(0.1, 0.9, 17):
            f = f1_score(y_fr[:, j], pred["frames"][:, j] >= th, zero_division=0)
            if f > best[1]:
                best = (float(th), f)
        thresholds.append(best[0])
    th = np.array(thresholds)
    lo_best = max(((float(t), f1_score(y_lo, pred["loaded"][:, 0] >= t, average="macro"))
                   for t in np.linspace(0.2, 0.8, 13)), key=lambda x: x[1])
    return {
        "temperature": {"stance": t_st, "voice": t_vo},
        "thresholds": {"frames": thresholds, "loaded": [lo_best[0]]},
        "dev": {
            "n_sentences": len(dev), "n_targets": int(len(y_st)),
            "stance_macro_f1": float(f1_score(y_st, p_st.argmax(1), average="macro")),
            "stance_accuracy": float(accuracy_score(y_st, p_st.argmax(1))),
            "stance_ece": expected_calibration_error(p_st, y_st),
            "voice_accuracy": float(accuracy_score(y_vo, pred["voice_logits"].argmax(1))),
            "frames_micro_f1": float(f1_score(y_fr, pred["frames"] >= th, average="micro", zero_division=0)),
            "frames_macro_f1": float(f1_score(y_fr, pred["frames"] >= th, average="macro", zero_division=0)),
            "loaded_macro_f1": float(lo_best[1]),
        },
    }


def name_swap_flip_rate(tr: _Trainer, dev, *, n_swaps: int = 3, seed: int = 7, canonical: bool = True) -> float:
    """Share of (dev target, swap) pairs whose predicted stance changes when actors are renamed.

    ``canonical=True`` measures the model as shipped (inputs written with
    canonical actor names); ``False`` measures the raw network on the names.
    """
    swapper = NameSwapper(seed=seed)
    base = _predict(tr, dev, canonical=canonical)["stance_logits"].argmax(1)
    flips, total = 0, 0
    for _ in range(n_swaps):
        swapped = []
        for s in dev:
            text, sp, _ = swapper.swap(s.text, [(t.start, t.end) for t in s.targets])
            clone = type(s)(id=s.id, text=text, frames=s.frames, loaded=s.loaded,
                            targets=[type(t)(t.target, a, b, t.stance, t.voice, t.holder)
                                     for t, (a, b) in zip(s.targets, sp)])
            swapped.append(clone)
        pred = _predict(tr, swapped, canonical=canonical)["stance_logits"].argmax(1)
        flips += int((pred != base).sum())
        total += len(base)
    return flips / max(total, 1)


def build(corpus: Path, out: Path, *, epochs: int = 4, seed: int = 13, batch_size: int = 16, lr: float = 3e-4,
          lora_r: int = 16, swap_p: float = 0.5, canonical_p: float = 0.75, frames_weight: float = 1.0, threads: int | None = None, max_sentences: int | None = None,
          encoder: str | None = None) -> dict:
    import torch

    if threads:
        torch.set_num_threads(threads)
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    files = corpus_files(corpus)
    sentences, problems = load_codebook_corpus(corpus)
    for p in problems[:20]:
        logger.warning("corpus: %s", p)
    if max_sentences:
        sentences = sentences[:max_sentences]
    train, dev = split_dev(sentences)
    src = resolve_encoder(encoder)
    tr = _Trainer(src.path, lora_r=lora_r, lora_alpha=2 * lora_r, seed=seed)
    params = [p for p in tr.model.parameters() if p.requires_grad] + list(tr.heads.modules.parameters())
    opt = torch.optim.AdamW(params, lr=lr, weight_decay=0.01)
    steps = epochs * math.ceil(len(train) / batch_size)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / max(1, steps // 10)) * max(0.0, (steps - s) / steps))
    y_st = np.array([STANCES.index(t.stance) for s in train for t in s.targets])
    w_st = torch.tensor(len(y_st) / (len(STANCES) * np.maximum(np.bincount(y_st, minlength=3), 1)), dtype=torch.float32)
    ce_st = torch.nn.CrossEntropyLoss(weight=w_st)
    ce_vo = torch.nn.CrossEntropyLoss()
    bce = torch.nn.BCEWithLogitsLoss()
    swapper = NameSwapper(seed=seed)
    rng = random.Random(seed)
    t0 = time.time()
    history = []
    for ep in range(epochs):
        total, nb = 0.0, 0
        for batch in _batches(train, batch_size, rng):
            texts, spans, st, vo, fr, lo = _prepare(batch, swapper, rng, swap_p, canonical_p)
            logit = tr.logits(texts, spans, train=True)
            loss = frames_weight * bce(logit["frames"], torch.tensor(fr)) + 0.5 * bce(logit["loaded"], torch.tensor(lo))
            if "stance" in logit:
                loss = loss + ce_st(logit["stance"], torch.tensor(st)) + 0.5 * ce_vo(logit["voice"], torch.tensor(vo))
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            sched.step()
            total += loss.item()
            nb += 1
            if nb % 50 == 0:
                logger.warning("epoch %d step %d: loss %.3f, %.0f s", ep + 1, nb, total / nb, time.time() - t0)
        ev = evaluate(tr, dev)
        history.append({"epoch": ep + 1, "train_loss": total / max(nb, 1), **ev["dev"],
                        "seconds": round(time.time() - t0, 1)})
        logger.warning("epoch %d: %s", ep + 1, history[-1])
    ev = evaluate(tr, dev)
    flip = name_swap_flip_rate(tr, dev)
    flip_raw = name_swap_flip_rate(tr, dev, canonical=False)
    train_seconds = time.time() - t0

    out.mkdir(parents=True, exist_ok=True)
    tr.heads.temperature.update(ev["temperature"])
    tr.heads.thresholds.update(ev["thresholds"])
    tr.heads.save(out)
    tr.model.save_pretrained(str(out / "adapter"))
    files_hash = {}
    for rel in ("heads.safetensors", "heads.json", "adapter/adapter_model.safetensors", "adapter/adapter_config.json"):
        if (out / rel).exists():
            files_hash[rel] = sha256_file(out / rel)
    for extra in ("README.md",):
        if (out / "adapter" / extra).exists():
            (out / "adapter" / extra).unlink()
    card = {
        "name": "framing-default",
        "version": _dt.date.today().isoformat(),
        "codebook_version": CODEBOOK_VERSION,
        "tasks": {"stance": list(STANCES), "voice": list(VOICES), "frames": list(FRAMES), "loaded": ["loaded"]},
        "encoder": {"name": "all-MiniLM-L6-v2", "origin": src.origin, "sha256": src.sha256},
        "adapter": {"method": "LoRA", **tr.lora_cfg},
        "max_length": tr.max_length,
        "canonical_names": True,
        "training": {
            "corpus": [_rel(f) for f in files], "corpus_sha256": corpus_sha256(files),
            "n_train_sentences": len(train), "n_dev_sentences": len(dev),
            "n_train_targets": int(sum(len(s.targets) for s in train)), "corpus_problems": len(problems),
            "epochs": epochs, "batch_size": batch_size, "lr": lr, "seed": seed, "name_swap_p": swap_p,
            "canonical_names_p": canonical_p, "frames_loss_weight": frames_weight,
            "seconds": round(train_seconds, 1), "history": history,
            "command": "python -m framing.models.build_default " + " ".join(sys.argv[1:]),
        },
        "dev": {**ev["dev"], "name_swap_flip_rate": flip, "name_swap_flip_rate_raw_names": flip_raw},
        "external_test": {},
        "files": files_hash,
        "never_trained_on": "no evaluation data set (../shared/eval) was used for training or tuning",
    }
    (out / "card.json").write_text(json.dumps(card, indent=2), encoding="utf-8")
    return card


def _rel(path: Path) -> str:
    """A path relative to the repository root when inside it (cards carry no machine paths)."""
    root = Path(__file__).resolve().parents[2]
    try:
        return Path(path).resolve().relative_to(root).as_posix()
    except ValueError:
        return Path(path).name


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    root = Path(__file__).resolve().parents[2]
    ap.add_argument("--corpus", type=Path, default=root / "corpora" / "codebook")
    ap.add_argument("--out", type=Path, default=root / "framing" / "resources" / "models" / "default")
    ap.add_argument("--epochs", type=int, default=4)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--lr", type=float, default=3e-4)
    ap.add_argument("--lora-r", type=int, default=16)
    ap.add_argument("--canonical-p", type=float, default=0.75)
    ap.add_argument("--frames-weight", type=float, default=1.0)
    ap.add_argument("--threads", type=int, default=None)
    ap.add_argument("--max-sentences", type=int, default=None)
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    card = build(args.corpus, args.out, epochs=args.epochs, seed=args.seed, batch_size=args.batch_size,
                 lr=args.lr, lora_r=args.lora_r, threads=args.threads, max_sentences=args.max_sentences,
                 canonical_p=args.canonical_p, frames_weight=args.frames_weight)
    print(json.dumps(card["dev"], indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
