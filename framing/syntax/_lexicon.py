"""The epithet and role lexicon (``framing/resources/epithets.yaml``), loaded once."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml

_RESOURCE = "epithets.yaml"


@dataclass(frozen=True)
class Lexicon:
    """The word lists that the syntax rules consult (all lower case)."""

    loaded: frozenset[str]
    titles: frozenset[str]
    title_words: frozenset[str]
    event_nouns: frozenset[str]
    of_target: frozenset[str]
    compound_target: frozenset[str]
    target_preps: frozenset[str]
    agent_preps: frozenset[str]
    actor_heads: frozenset[str]
    raising_passives: frozenset[str]
    copulas: frozenset[str]
    not_passive: frozenset[str]
    not_epithets: frozenset[str]
    loaded_pattern: re.Pattern[str] | None

    def is_title_token(self, lower: str) -> bool:
        """Whether a lower-cased token is (part of) an office title or role noun."""
        return lower.rstrip(".") in self.title_words


def _as_set(values) -> frozenset[str]:
    out = set()
    for v in values or ():
        if not isinstance(v, str):
            raise ValueError(
                f"Every word in the epithet lexicon must be a string; got {v!r}. "
                "Quote words that YAML reads as booleans or numbers ('on', 'no', 'yes')."
            )
        out.add(v.lower())
    return frozenset(out)


def _compile_terms(terms: frozenset[str]) -> re.Pattern[str] | None:
    if not terms:
        return None
    # Longest first, so that "war criminal" wins over a shorter term.
    alts = sorted(terms, key=len, reverse=True)
    body = "|".join(re.escape(t) for t in alts)
    return re.compile(rf"(?<![\w-])(?:{body})(?:s|es)?(?![\w-])", re.IGNORECASE)


def _read(path: Path | None) -> dict:
    if path is not None:
        text = Path(path).read_text(encoding="utf-8")
    else:
        text = resources.files("framing").joinpath("resources", _RESOURCE).read_text(
            encoding="utf-8"
        )
    data = yaml.safe_load(text) or {}
    if not isinstance(data, dict) or "epithets" not in data:
        raise ValueError(
            f"The epithet lexicon {path or _RESOURCE} must be a mapping with an "
            "'epithets' list (entries like {term: dictator, loaded: true}). "
            "Restore framing/resources/epithets.yaml or point to a valid file."
        )
    return data


@functools.lru_cache(maxsize=4)
def load_lexicon(path: str | None = None) -> Lexicon:
    """Load the epithet and role lexicon.

    Parameters
    ----------
    path : str, optional
        A YAML file with the layout of ``framing/resources/epithets.yaml``.
        Defaults to the shipped file.

    Returns
    -------
    Lexicon
        Frozen, lower-cased word sets; cached, so call it freely.

    Raises
    ------
    ValueError
        When the file lacks the ``epithets`` list.
    """
    data = _read(Path(path) if path else None)
    loaded, titles = set(), set()
    for entry in data.get("epithets") or ():
        if not isinstance(entry, dict) or "term" not in entry:
            raise ValueError(
                f"Each epithet entry needs a 'term' key; got {entry!r}. "
                "Write entries as {term: dictator, loaded: true}."
            )
        if not isinstance(entry["term"], str):
            raise ValueError(
                f"Epithet term {entry['term']!r} is not a string; quote it in the YAML file."
            )
        term = entry["term"].lower()
        if entry.get("loaded"):
            loaded.add(term)
        if entry.get("title"):
            titles.add(term)
    title_words = {w for t in titles for w in re.split(r"[\s]+", t)}
    # "of" in "secretary of state" is not a title word on its own.
    title_words -= {"of", "state"}
    roles = data.get("roles") or {}
    passives = data.get("passives") or {}
    loaded_fs = frozenset(loaded)
    return Lexicon(
        loaded=loaded_fs,
        titles=frozenset(titles),
        title_words=frozenset(title_words),
        event_nouns=_as_set(roles.get("event_nouns")),
        of_target=_as_set(roles.get("of_target")),
        compound_target=_as_set(roles.get("compound_target")),
        target_preps=_as_set(roles.get("target_prepositions")),
        agent_preps=_as_set(roles.get("agent_prepositions")),
        actor_heads=_as_set(roles.get("actor_heads")),
        raising_passives=_as_set(roles.get("raising_passives")),
        copulas=_as_set(roles.get("copulas")),
        not_passive=_as_set(passives.get("not_passive")),
        not_epithets=_as_set(data.get("not_epithets")),
        loaded_pattern=_compile_terms(loaded_fs),
    )
