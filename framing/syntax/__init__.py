"""The syntax of actor framing (CODEBOOK §3): roles, epithets, agentless passives.

Rules over the one dependency parse the pipeline makes per sentence, with the
lexicon in ``framing/resources/epithets.yaml`` (loaded epithets, office
titles, event nouns).

- :func:`cast_roles` fills ``Mention.role`` and ``Mention.epithets`` and
  ``Sentence.agentless_passive``.
- :func:`epithet_terms` picks the loaded words out of epithets (for the
  sentence's ``loaded_terms``).
- :func:`load_lexicon` gives the word lists.
"""

from __future__ import annotations

from ._cast import cast_roles, epithet_terms
from ._lexicon import Lexicon, load_lexicon

__all__ = ["Lexicon", "cast_roles", "epithet_terms", "load_lexicon"]
