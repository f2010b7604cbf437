"""The codebook's label sets and output-table columns, defined once.

Everything else in :mod:`framing` (tables, models, plots, validation sheets)
imports the names from here; ``../shared/CODEBOOK.md`` is the human-readable
version of the same contract.
"""

from __future__ import annotations

CODEBOOK_VERSION = "1.0"

# --- 1. Attribution -------------------------------------------------------
ATTR_FORMS = ("direct", "mixed", "indirect", "according_to")
SENTENCE_ATTR_FORMS = ATTR_FORMS + ("none",)
SOURCE_TYPES = (
    "official",
    "state_media",
    "media",
    "document",
    "expert",
    "organization",
    "citizen",
    "unnamed",
)
CUE_CLASSES = ("neutral", "evaluative", "factive", "distancing")

# --- 2. Stance --------------------------------------------------------------
STANCES = ("favor", "against", "neutral")
VOICES = ("authorial", "attributed")

# --- 3. Actor framing -----------------------------------------------------
ROLES = ("agent", "patient", "other")
FRAMES = (
    "economic",
    "capacity_resources",
    "morality",
    "fairness_equality",
    "legality",
    "policy",
    "crime_punishment",
    "security_defense",
    "health_safety",
    "quality_of_life",
    "cultural_identity",
    "public_opinion",
    "political",
    "external_regulation_reputation",
    "other",
)

# --- Parts of an article ------------------------------------------------------
PARTS = ("title", "body")

# --- Article statuses -------------------------------------------------------
STATUS_OK = "ok"

# --- 5. Output tables: the codebook's columns, in order ----------------------
# Extra columns (``part``, the input's metadata, ...) follow these.
TABLE_COLUMNS = {
    "articles": ("doc_id",),  # then the input's metadata, n_sentences, status
    "sentences": (
        "doc_id",
        "sent_id",
        "start_char",
        "end_char",
        "text",
        "attr_form",
        "hedged",
        "loaded",
        "loaded_terms",
        "agentless_passive",
        "frames",
    ),
    "attributions": (
        "doc_id",
        "sent_id",
        "form",
        "source",
        "source_type",
        "cue",
        "cue_class",
        "source_start",
        "source_end",
        "cue_start",
        "cue_end",
        "content_start",
        "content_end",
    ),
    "stances": (
        "doc_id",
        "sent_id",
        "target",
        "stance",
        "voice",
        "holder",
        "p_favor",
        "p_against",
        "p_neutral",
    ),
    "mentions": (
        "doc_id",
        "sent_id",
        "actor",
        "mention",
        "start_char",
        "end_char",
        "role",
        "epithets",
    ),
}

TABLES = tuple(TABLE_COLUMNS)

__all__ = [
    "ATTR_FORMS",
    "CODEBOOK_VERSION",
    "CUE_CLASSES",
    "FRAMES",
    "PARTS",
    "ROLES",
    "SENTENCE_ATTR_FORMS",
    "SOURCE_TYPES",
    "STANCES",
    "STATUS_OK",
    "TABLES",
    "TABLE_COLUMNS",
    "VOICES",
]
