"""Agentless passives (CODEBOOK §3): a passive whose agent goes unstated."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._lexicon import Lexicon

if TYPE_CHECKING:  # spaCy is imported by whoever made the parses
    from spacy.tokens import Doc, Token

_NOUNS = frozenset({"NOUN", "PROPN", "PRON", "NUM"})


def _has_agent(verb: Token) -> bool:
    for c in verb.children:
        if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by"):
            return True
    return False


def _agent_stated(verb: Token) -> bool:
    # "were arrested and charged by police": a coordinated passive shares the agent.
    return _has_agent(verb) or any(_has_agent(c) for c in verb.conjuncts)


def passive_verbs(parse: Doc, lex: Lexicon) -> list[Token]:
    """The passive verbs of a sentence, finite and reduced.

    Finite: a verb with an ``auxpass`` or ``nsubjpass`` child ("were arrested",
    "it is reported", "could be heard"). Reduced: a past participle that
    modifies a noun as a clause (``acl``: "a readout published on the
    website") or opens the sentence (``advcl``: "Asked about the talks, ...").
    Premodifying participles (``amod``: "a closely watched meeting") and
    adjectival participles from the lexicon ("based", "born") are not passives.
    """
    verbs: dict[int, Token] = {}
    for tok in parse:
        if tok.dep_ in ("auxpass", "nsubjpass", "csubjpass"):
            verb = tok.head
            if verb.tag_ == "VBN" or verb.pos_ == "VERB":
                verbs[verb.i] = verb
        elif tok.tag_ == "VBN" and tok.dep_ in ("acl", "advcl"):
            if any(c.dep_ in ("aux", "nsubj", "expl") for c in tok.children):
                continue  # "having met", a perfect, or a clause with its own subject
            if tok.dep_ == "acl" and tok.head.pos_ not in _NOUNS:
                continue
            verbs[tok.i] = tok
    return [v for v in verbs.values() if v.lower_ not in lex.not_passive]


def has_agentless_passive(parse: Doc, lex: Lexicon) -> bool:
    """Whether the sentence has a passive with no stated agent."""
    return any(not _agent_stated(v) for v in passive_verbs(parse, lex))
