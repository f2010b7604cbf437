"""Heads over the shared encoding, stored as safetensors + JSON (never pickle).

One encoder pass gives, per sentence, its mean-pooled state ``s`` and, per
target, the mean state of the target's tokens ``t``. Target-dependent heads
(stance, voice) read ``[s, t, s * t]``, so two targets in one sentence can get
different labels; sentence heads (frames, loaded) read ``s``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from ..labels import FRAMES, STANCES, VOICES

HEAD_SPECS: dict[str, dict[str, Any]] = {
    "stance": {"labels": list(STANCES), "multi_label": False, "target": True},
    "voice": {"labels": list(VOICES), "multi_label": False, "target": True},
    "frames": {"labels": list(FRAMES), "multi_label": True, "target": False},
    "loaded": {"labels": ["loaded"], "multi_label": True, "target": False},
}


def target_features(sent, span):
    """``[s, t, s * t]`` for arrays or tensors of shape (n, dim)."""
    try:
        import torch

        if isinstance(sent, torch.Tensor):
            return torch.cat([sent, span, sent * span], dim=-1)
    except ImportError:  # pragma: no cover
        pass
    return np.concatenate([sent, span, sent * span], axis=-1)


def make_head(in_dim: int, n_out: int, hidden: int = 256, dropout: float = 0.1):
    """A two-layer MLP head."""
    import torch.nn as nn

    return nn.Sequential(nn.Dropout(dropout), nn.Linear(in_dim, hidden), nn.GELU(),
                         nn.Dropout(dropout), nn.Linear(hidden, n_out))


class Heads:
    """The task heads of a model, with their labels and calibration temperatures."""

    def __init__(self, dim: int, specs: dict[str, dict[str, Any]] | None = None, hidden: int = 256):
        import torch.nn as nn

        self.dim = dim
        self.hidden = hidden
        self.specs = {k: dict(v) for k, v in (specs or HEAD_SPECS).items()}
        self.temperature = {k: 1.0 for k in self.specs}
        self.thresholds = {k: [0.5] * len(v["labels"]) for k, v in self.specs.items() if v["multi_label"]}
        self.modules = nn.ModuleDict(
            {k: make_head(dim * (3 if v["target"] else 1), len(v["labels"]), hidden) for k, v in self.specs.items()}
        )

    def save(self, path: str | Path) -> None:
        from safetensors.torch import save_file

        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        state = {k: v.detach().cpu().contiguous() for k, v in self.modules.state_dict().items()}
        save_file(state, str(path / "heads.safetensors"))
        cfg = {"dim": self.dim, "hidden": self.hidden, "specs": self.specs,
               "temperature": self.temperature, "thresholds": self.thresholds}
        (path / "heads.json").write_text(json.dumps(cfg, indent=2), encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path) -> "Heads":
        from safetensors.torch import load_file

        path = Path(path)
        cfg = json.loads((path / "heads.json").read_text(encoding="utf-8"))
        heads = cls(cfg["dim"], cfg["specs"], cfg.get("hidden", 256))
        heads.temperature = cfg.get("temperature", heads.temperature)
        heads.thresholds = cfg.get("thresholds", heads.thresholds)
        heads.modules.load_state_dict(load_file(str(path / "heads.safetensors")))
        heads.modules.eval()
        return heads

    def predict(self, task: str, features: np.ndarray) -> np.ndarray:
        """Calibrated probabilities, shape (n, n_labels)."""
        import torch

        spec = self.specs[task]
        with torch.inference_mode():
            logits = self.modules[task](torch.as_tensor(features, dtype=torch.float32))
            logits = logits / float(self.temperature.get(task, 1.0))
            probs = torch.sigmoid(logits) if spec["multi_label"] else torch.softmax(logits, dim=-1)
        return probs.numpy()
