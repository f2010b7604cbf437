"""Media bias: loaded wording (CODEBOOK §4).

The model's ``loaded`` head decides whether a sentence is loaded; the lexicon
(``framing/resources/loaded.yaml``, data) and the loaded epithets say which
words make it so, counting only words in the outlet's own voice (outside
quotation marks).
"""

from __future__ import annotations

import functools
import re
from importlib import resources

import yaml

__all__ = ["load_loaded_lexicon", "loaded_terms_in"]


@functools.lru_cache(maxsize=4)
def load_loaded_lexicon(path: str | None = None) -> re.Pattern:
    """The loaded-wording lexicon compiled into one case-insensitive pattern."""
    if path is None:
        text = resources.files("framing.resources").joinpath("loaded.yaml").read_text(encoding="utf-8")
    else:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    terms = [str(t) for t in (yaml.safe_load(text) or {}).get("terms", []) if str(t).strip()]
    if not terms:
        raise ValueError("The loaded-wording lexicon has no 'terms'; list the words under a 'terms:' key.")
    alt = "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in sorted(set(terms), key=len, reverse=True))
    return re.compile(r"(?<![\w-])(?:" + alt + r")(?![\w-])", re.IGNORECASE)


def loaded_terms_in(text: str, quotes=(), lexicon: re.Pattern | None = None) -> list[str]:
    """Lexicon terms in ``text`` outside the ``quotes`` spans (start, end)."""
    lexicon = lexicon or load_loaded_lexicon()
    return list(dict.fromkeys(
        m.group(0) for m in lexicon.finditer(text) if not any(a <= m.start() < b for a, b in quotes)
    ))
