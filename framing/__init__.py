"""framing: measure media bias and framing in news.

Read articles, split them into sentences, find actor mentions, attribute
speech, score stance, frames and loaded wording, and compare outlets.

>>> import framing
>>> res = framing.score("articles.jsonl")          # doctest: +SKIP
>>> framing.compare_outlets(res, measure="attr_form")  # doctest: +SKIP
"""

from __future__ import annotations

import importlib
import logging

__version__ = "0.1.0"

logging.getLogger("framing").addHandler(logging.NullHandler())

# public name -> module that defines it (imported on first use, so that
# `import framing` stays light and compare/viz work without torch)
_FACE = {
    "score": "framing.pipeline",
    "score_stream": "framing.stream",
    "available_tasks": "framing.pipeline",
    "read_articles": "framing.corpus",
    "load_corpus": "framing.corpus",
    "ActorCatalog": "framing.actors",
    "Result": "framing.result",
    "read_result": "framing.result",
    "compare_outlets": "framing.compare",
    "labels": "framing.labels",
    "stance": "framing.stance",
    "train": "framing.train",
    "load_model": "framing.train",
    "validate": "framing.validate",
}

__all__ = sorted(_FACE) + ["__version__"]


def __getattr__(name: str):
    if name in _FACE:
        module = importlib.import_module(_FACE[name])
        value = module if name in ("labels", "stance", "train", "validate") else getattr(module, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'framing' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_FACE))
