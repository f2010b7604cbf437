"""Typing attribution sources (CODEBOOK section 1, ``source_type``)."""

from __future__ import annotations

from typing import Any, Sequence

from framing.attribution._lexicon import Lexicon
from framing.batch import Mention

# source lexicons and the type each one gives, in the order they are tried
# (on the head noun first, then on any word of the source span)
_TYPE_LEXICONS = (
    ("media", "media"),
    ("expert", "expert"),
    ("official_titles", "official"),
    ("organization", "organization"),
    ("citizen", "citizen"),
)

OFFICIAL_KINDS = frozenset({"person", "name", "capital", "seat", "body", "description"})
PERSONISH = frozenset({"official", "expert", "citizen", "media"})
_ORG_TYPES = frozenset({"organization", "organisation", "bloc", "alliance", "international"})
_DETS = frozenset({"the", "a", "an", "some", "many", "several", "other", "these", "those"})


def _match_multi(words: Sequence[str], index: dict[str, tuple[tuple[str, ...], ...]]) -> bool:
    n = len(words)
    for i, w in enumerate(words):
        for cand in index.get(w, ()):
            k = len(cand)
            if i + k <= n and tuple(words[i : i + k]) == cand:
                return True
    return False


def _in_lex(lex: Lexicon, name: str, lemmas: Sequence[str], words: Sequence[str]) -> bool:
    entries = lex.src.get(name, frozenset())
    for lemma, word in zip(lemmas, words):
        if lemma in entries or word in entries:
            return True
    return _match_multi(words, lex.multi.get(name, {}))


def is_org_actor(actor: str, lex: Lexicon, catalog: Any = None) -> bool:
    """Whether a catalog actor is an organisation (UN, NATO, EU, ...)."""
    if catalog is not None and hasattr(catalog, "actor_type"):
        try:
            kind = catalog.actor_type(actor)
        except (KeyError, ValueError, LookupError):
            kind = None
        if kind:
            return str(kind).lower() in _ORG_TYPES
    return actor in lex.src.get("organization_actors", frozenset())


def type_source(
    tokens: Sequence[Any],
    head: Any,
    mentions: Sequence[Mention],
    lex: Lexicon,
    *,
    catalog: Any = None,
    antecedent_type: str | None = None,
) -> str:
    """The source type of a source span.

    Parameters
    ----------
    tokens : sequence of spacy Token
        The source phrase (appositions included: "John Smith, a farmer").
    head : spacy Token
        Its syntactic head.
    mentions : sequence of Mention
        Actor mentions overlapping the phrase.
    lex : Lexicon
    catalog : optional
        An actor catalog with ``actor_type(actor_id)``.
    antecedent_type : str, optional
        For pronoun sources: the type of the resolved antecedent.

    Returns
    -------
    str
        One of :data:`framing.labels.SOURCE_TYPES`.

    Notes
    -----
    Decision order: a pronoun takes its antecedent's type; a document head noun
    ("readout", "statement", "remarks") is ``document``; state-media names or
    mentions are ``state_media``; vague collectives with no proper noun ("critics",
    "Western countries", "analysts", bare "officials", "a spokesman") are
    ``unnamed``; catalog mentions are ``official`` (``organization`` for
    international bodies); then the media, expert, official-title, organisation
    and citizen lexicons (head noun first, then any word); then named entities
    (PERSON and GPE ``official``: named people in political news are mostly
    office holders; ORG ``organization``); then proper nouns (``official``).
    """
    hl = head.lemma_.lower()
    ht = head.lower_
    if ht in lex.src.get("pronouns", frozenset()) and head.pos_ == "PRON":
        return antecedent_type or "unnamed"
    lemmas = [t.lemma_.lower() for t in tokens]
    words = [t.lower_ for t in tokens]
    has_propn = any(t.pos_ == "PROPN" for t in tokens)
    if (hl in lex.src["documents"] or ht in lex.src["documents"]) and head.pos_ != "PROPN":
        return "document"
    if _in_lex(lex, "state_media", lemmas, words) or any(m.kind == "state_media" for m in mentions):
        return "state_media"
    named = [m for m in mentions if m.kind not in ("demonym", "body")]
    vague_mods = lex.src.get("vague_modifiers", frozenset())
    titles = lex.src["official_titles"]
    if hl in lex.src["vague"] or hl in lex.src.get("bare_unnamed", frozenset()):
        others = [t for t in tokens if t.i != head.i and not t.is_punct]
        if not named and not any(
            (t.pos_ == "PROPN" and t.lower_ not in vague_mods)
            or (t.lemma_.lower() in titles and t.lower_ not in vague_mods)
            or t.ent_type_ in ("NORP", "GPE", "ORG", "PERSON") and t.lower_ not in vague_mods
            for t in others
        ):
            if hl in lex.src.get("bare_unnamed", frozenset()) or hl in lex.src["vague"]:
                # "analysts" bare = unnamed; "analyst John Smith" has a proper noun
                return "unnamed"
    for m in mentions:
        if m.kind in ("state_media",):
            return "state_media"
    for m in named or mentions:
        if is_org_actor(m.actor, lex, catalog):
            return "organization"
    if named:
        return "official"
    # head noun first
    for name, label in _TYPE_LEXICONS:
        if hl in lex.src[name] or ht in lex.src[name]:
            if name == "expert" and not has_propn and head.tag_ in ("NNS",):
                return "unnamed"  # "analysts", "experts" without a name
            return label
    for name, label in _TYPE_LEXICONS:
        if _in_lex(lex, name, lemmas, words):
            return label
    if mentions:  # demonym / body mentions only
        return "official"
    ents = {t.ent_type_ for t in tokens if t.ent_type_}
    if "ORG" in ents:
        return "organization"
    if "PERSON" in ents or "GPE" in ents:
        return "official"
    if "NORP" in ents:
        return "unnamed"
    if head.pos_ == "PROPN" or has_propn:
        return "official"
    return "unnamed"
