"""The cue lexicon and the source-typing lexicons, loaded once from data files."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from framing.labels import CUE_CLASSES

CUE_KINDS = ("verb", "noun", "adverbial", "phrase", "modifier", "punctuation")


def _read_yaml(path: str | Path | None, default_name: str) -> dict[str, Any]:
    if path is None:
        text = resources.files("framing").joinpath("resources", default_name).read_text(
            encoding="utf-8"
        )
    else:
        p = Path(path)
        if not p.is_file():
            raise FileNotFoundError(
                f"Lexicon file {str(p)!r} does not exist. Pass the path of a YAML file "
                f"laid out like framing/resources/{default_name}, or None for the "
                "shipped one."
            )
        text = p.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise ValueError(
            f"Lexicon file {default_name if path is None else path!r} must hold a "
            f"YAML mapping; got {type(data).__name__}."
        )
    return data


def load_cues(path: str | Path | None = None) -> dict[str, dict[str, Any]]:
    """Load the reporting-cue lexicon.

    Parameters
    ----------
    path : str or Path, optional
        A YAML file laid out like ``framing/resources/cues.yaml``
        (``cues: {cue_class: {kind: [lemma, ...]}}``). Defaults to the shipped one.

    Returns
    -------
    dict
        ``lemma -> {"cue_class": str, "kind": str, "kinds": tuple[str, ...]}``.
        ``cue_class`` is one of :data:`framing.labels.CUE_CLASSES`; ``kind`` is
        the first of ``kinds`` (a lemma such as "claim" is both a verb and a
        noun). Multiword cues ("according to", "lay out") are keyed by their
        space-joined lemmas.

    Raises
    ------
    ValueError
        When a class or kind is not a codebook label, or a lemma is listed under
        two classes.

    Examples
    --------
    >>> cues = load_cues()
    >>> cues["say"]["cue_class"], cues["hail"]["cue_class"]
    ('neutral', 'evaluative')
    """
    data = _read_yaml(path, "cues.yaml")
    out: dict[str, dict[str, Any]] = {}
    for cue_class, kinds in (data.get("cues") or {}).items():
        if cue_class not in CUE_CLASSES:
            raise ValueError(
                f"Cue class {cue_class!r} in the cue lexicon is not one of "
                f"{CUE_CLASSES}. Rename it to a codebook cue class."
            )
        for kind, lemmas in (kinds or {}).items():
            if kind not in CUE_KINDS:
                raise ValueError(
                    f"Cue kind {kind!r} (class {cue_class!r}) is not one of {CUE_KINDS}."
                )
            for lemma in lemmas or ():
                key = str(lemma).strip().lower()
                prev = out.get(key)
                if prev is None:
                    out[key] = {"cue_class": cue_class, "kind": kind, "kinds": (kind,)}
                elif prev["cue_class"] != cue_class:
                    raise ValueError(
                        f"Cue {key!r} is listed as {prev['cue_class']!r} and as "
                        f"{cue_class!r}; keep one class per lemma."
                    )
                elif kind not in prev["kinds"]:
                    prev["kinds"] = prev["kinds"] + (kind,)
    return out


def load_source_lexicons(path: str | Path | None = None) -> dict[str, frozenset[str]]:
    """Load the lexicons used for source typing and hedges (``sources.yaml``).

    Parameters
    ----------
    path : str or Path, optional
        A YAML file laid out like ``framing/resources/sources.yaml``.

    Returns
    -------
    dict
        ``name -> frozenset`` of lower-cased entries (``documents``, ``vague``,
        ``media``, ``state_media``, ``expert``, ``organization``, ``citizen``,
        ``official_titles``, ``pronouns``, ``hedges``, ``hedge_phrases``, ...);
        ``organization_actors`` keeps the catalog's spelling.
    """
    data = _read_yaml(path, "sources.yaml")
    out = {}
    for name, entries in data.items():
        if name == "organization_actors":
            out[name] = frozenset(str(e) for e in entries or ())
        else:
            out[name] = frozenset(str(e).lower() for e in entries or ())
    return out


@dataclass(frozen=True)
class Lexicon:
    """Precompiled lookups built once from the two lexicon files."""

    cues: dict[str, dict[str, Any]]
    verbs: frozenset[str]
    nouns: frozenset[str]
    # verb lemma -> {second word: phrase lemma}, for "lay out", "express concern"
    phrases: dict[str, dict[str, str]]
    np_content: frozenset[str]
    clause_only: frozenset[str]
    agentless: frozenset[str]
    hedge_passives: frozenset[str]
    # thought verbs that open no event of their own when nested ("I think", "she said she thinks")
    nested_thought: frozenset[str]
    # colon-final labels that name no speaker ("Update:", "Watch:")
    colon_labels: frozenset[str]
    src: dict[str, frozenset[str]]
    # multiword source entries, as tuples of lower-cased words, by first word
    multi: dict[str, dict[str, tuple[tuple[str, ...], ...]]]
    hedge_phrases: dict[str, tuple[tuple[str, ...], ...]]

    def cue_class(self, lemma: str) -> str | None:
        entry = self.cues.get(lemma)
        return entry["cue_class"] if entry else None


def _multi_index(entries) -> dict[str, tuple[tuple[str, ...], ...]]:
    idx: dict[str, list[tuple[str, ...]]] = {}
    for e in entries:
        words = tuple(e.replace("-", " - ").split()) if " " in e else None
        if words:
            idx.setdefault(words[0], []).append(words)
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in idx.items()}


@functools.lru_cache(maxsize=4)
def get_lexicon(cue_path: str | None = None, source_path: str | None = None) -> Lexicon:
    """Build (once per pair of paths) the precompiled :class:`Lexicon`."""
    cues = load_cues(cue_path)
    raw = _read_yaml(cue_path, "cues.yaml")
    verbs = frozenset(k for k, v in cues.items() if "verb" in v["kinds"])
    nouns = frozenset(k for k, v in cues.items() if "noun" in v["kinds"])
    phrases: dict[str, dict[str, str]] = {}
    for k, v in cues.items():
        if "phrase" in v["kinds"]:
            words = k.split()
            phrases.setdefault(words[0], {})[words[-1]] = k
    src = load_source_lexicons(source_path)
    multi = {
        name: _multi_index(entries)
        for name, entries in src.items()
        if name != "organization_actors"
    }
    return Lexicon(
        cues=cues,
        verbs=verbs,
        nouns=nouns,
        phrases=phrases,
        np_content=frozenset(str(x).lower() for x in raw.get("np_content") or ()),
        clause_only=frozenset(str(x).lower() for x in raw.get("clause_only") or ()),
        agentless=frozenset(str(x).lower() for x in raw.get("agentless") or ()),
        hedge_passives=frozenset(str(x).lower() for x in raw.get("hedge_passives") or ()),
        nested_thought=frozenset(str(x).lower() for x in raw.get("nested_thought") or ()),
        colon_labels=frozenset(str(x).lower() for x in raw.get("colon_labels") or ()),
        src=src,
        multi=multi,
        hedge_phrases=_multi_index(src.get("hedge_phrases", ())),
    )
