"""The embedded default model: encoder (+ LoRA adapter) and heads, with its card.

A model folder holds::

    card.json               training corpus and its hash, codebook version,
                            encoder and its sha256, dev and external figures
    adapter/                LoRA adapter (adapter_model.safetensors + adapter_config.json), optional
    heads.safetensors       the heads' weights
    heads.json              labels, temperatures, thresholds

Everything loads from safetensors/JSON (no pickle) and every file's sha256 is
checked against the card before use.
"""

from __future__ import annotations

import json
import logging
from importlib import resources
from pathlib import Path
from typing import Sequence

import numpy as np

from ._encoder import Encoder, resolve_encoder, sha256_file
from ._heads import Heads, target_features

logger = logging.getLogger("framing")

DEFAULT_MODEL_DIR = "models/default"


def default_model_path() -> Path:
    """The folder of the shipped default model (``framing/resources/models/default``)."""
    return Path(str(resources.files("framing.resources").joinpath(DEFAULT_MODEL_DIR)))


def merge_lora(model, adapter_dir: str | Path) -> int:
    """Merge a peft LoRA adapter into ``model``'s weights in place, without peft.

    ``W += (B @ A) * alpha / r`` for every adapted linear layer. Returns the
    number of merged layers.
    """
    import torch
    from safetensors.torch import load_file

    adapter_dir = Path(adapter_dir)
    cfg = json.loads((adapter_dir / "adapter_config.json").read_text(encoding="utf-8"))
    scale = float(cfg.get("lora_alpha", 8)) / float(cfg.get("r", 8))
    state = load_file(str(adapter_dir / "adapter_model.safetensors"))
    params = dict(model.named_parameters())
    merged = 0
    for key, a in state.items():
        if ".lora_A." not in key:
            continue
        b = state[key.replace(".lora_A.", ".lora_B.")]
        name = key.split(".lora_A.")[0]
        for prefix in ("base_model.model.", "base_model."):
            if name.startswith(prefix):
                name = name[len(prefix):]
                break
        target = params.get(f"{name}.weight")
        if target is None:
            raise ValueError(f"The adapter adapts {name!r}, which the encoder does not have: wrong base model.")
        with torch.no_grad():
            target += (b.float() @ a.float()).to(target.dtype) * scale
        merged += 1
    return merged


class DefaultModel:
    """Encoder + heads: one pass per sentence serves stance, voice, frames and loaded.

    Parameters
    ----------
    path : str or Path, optional
        A model folder; default the shipped model.
    encoder : str or Path, optional
        Override the base encoder location (the card's hash is still checked).
    verify : bool, default True
        Check every file's sha256 against the card.
    """

    def __init__(self, path: str | Path | None = None, *, encoder: str | Path | None = None, verify: bool = True,
                 threads: int | None = None):
        self.path = Path(path) if path is not None else default_model_path()
        card_file = self.path / "card.json"
        if not card_file.exists():
            raise FileNotFoundError(
                f"No model card at {card_file}. The default model is built by "
                "`python -m framing.models.build_default`; or pass the folder of a trained model."
            )
        self.card = json.loads(card_file.read_text(encoding="utf-8"))
        if verify:
            self._verify()
        expected = self.card.get("encoder", {}).get("sha256")
        source = resolve_encoder(encoder, expected_sha256=expected)
        if expected and source.sha256 and source.sha256 != expected:
            raise ValueError(
                f"The model {self.path} was trained on an encoder with sha256 {expected}, "
                f"but the encoder found at {source.path} has {source.sha256}."
            )
        self.encoder = Encoder(source, max_length=int(self.card.get("max_length", 128)), threads=threads)
        adapter = self.path / "adapter"
        if adapter.exists():
            n = merge_lora(self.encoder.model, adapter)
            logger.debug("merged %d LoRA layers from %s", n, adapter)
        self.heads = Heads.load(self.path)

    def _verify(self) -> None:
        for rel, digest in self.card.get("files", {}).items():
            f = self.path / rel
            if not f.exists():
                raise FileNotFoundError(f"Model file {f} listed in the card is missing.")
            got = sha256_file(f)
            if got != digest:
                raise ValueError(f"Model file {f} has sha256 {got}, the card says {digest}: the model is corrupted.")

    def _canonical(self, texts, flat):
        from ._codebook_corpus import NameSwapper

        if getattr(self, "_swapper", None) is None:
            self._swapper = NameSwapper()
        out_t, out_s = [], []
        for text, spans in zip(texts, flat):
            t, sp, _ = self._swapper.swap(text, list(spans), canonical=True)
            out_t.append(t)
            out_s.append(sp)
        return out_t, out_s

    @property
    def model_id(self) -> str:
        """Name and version, recorded in ``Result.meta``."""
        return f"{self.card.get('name', 'framing-default')}-{self.card.get('version', '?')}"

    def predict(self, texts: Sequence[str], target_spans: Sequence[Sequence[Sequence[tuple[int, int]]]], *,
                batch_size: int = 64, progress: bool | None = None) -> dict:
        """Probabilities for every sentence and target.

        Parameters
        ----------
        texts : sequence of str
        target_spans : per sentence, per target, the character spans of its mentions
            (several mentions of one target are pooled together).

        Returns
        -------
        dict
            ``frames`` (n, 15) and ``loaded`` (n, 1) probabilities per sentence;
            ``stance`` and ``voice``: per sentence an array (n_targets, k).
        """
        flat = [[sp for tgt in spans for sp in tgt] for spans in target_spans]
        if self.card.get("canonical_names"):
            # every catalog actor is written as a fixed stand-in, so that the
            # stance cannot depend on which actor fills the slot (CODEBOOK §2)
            texts, flat = self._canonical(texts, flat)
        enc = self.encoder.encode(texts, flat, batch_size=batch_size, progress=progress)
        out = {"frames": self.heads.predict("frames", enc.sentences),
               "loaded": self.heads.predict("loaded", enc.sentences), "stance": [], "voice": []}
        rows_s, rows_t, owner = [], [], []
        for i, spans in enumerate(target_spans):
            k = 0
            for tgt in spans:
                vecs = enc.spans[i][k : k + len(tgt)]
                k += len(tgt)
                rows_s.append(enc.sentences[i])
                rows_t.append(vecs.mean(0) if len(vecs) else enc.sentences[i])
                owner.append(i)
        if rows_s:
            feats = target_features(np.stack(rows_s), np.stack(rows_t))
            st = self.heads.predict("stance", feats)
            vo = self.heads.predict("voice", feats)
        else:
            st = np.zeros((0, 3), np.float32)
            vo = np.zeros((0, 2), np.float32)
        owner = np.asarray(owner, dtype=int)
        for i in range(len(texts)):
            sel = owner == i
            out["stance"].append(st[sel])
            out["voice"].append(vo[sel])
        return out
