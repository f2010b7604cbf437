"""Attribution: who is speaking (CODEBOOK section 1).

One row per reporting event (source + cue + content), its ``form`` (direct,
mixed, indirect, according_to), the source's type and the cue's class; per
sentence the ``attr_form`` by the codebook's coverage rule and ``hedged``.
Rules over the shared spaCy parse and two data files:
``framing/resources/cues.yaml`` (cue lexicon) and
``framing/resources/sources.yaml`` (source typing and hedges).
"""

from framing.attribution._extract import attribute
from framing.attribution._lexicon import load_cues, load_source_lexicons
from framing.attribution._quotes import find_quotes
from framing.attribution._sources import type_source

__all__ = ["attribute", "find_quotes", "load_cues", "load_source_lexicons", "type_source"]
