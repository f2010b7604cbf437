"""Models: encoder resolution and hash checks, heads, training and model cards."""

from ._encoder import MINILM_HUB_ID, MINILM_SHA256, Encoded, Encoder, EncoderSource, resolve_encoder, sha256_file

__all__ = ["MINILM_HUB_ID", "MINILM_SHA256", "Encoded", "Encoder", "EncoderSource", "resolve_encoder", "sha256_file"]

from ._default import DefaultModel, default_model_path, merge_lora  # noqa: E402

__all__ += ["DefaultModel", "default_model_path", "load_default_model", "merge_lora"]

_LOADED: dict = {}


def load_default_model(model=None) -> "DefaultModel":
    """A :class:`DefaultModel` from a folder, an instance, or the shipped one (cached per process)."""
    if isinstance(model, DefaultModel):
        return model
    key = str(model) if model is not None else "<default>"
    if key not in _LOADED:
        _LOADED[key] = DefaultModel(model)
    return _LOADED[key]
