"""``cast_roles`` and ``epithet_terms``: the face of :mod:`framing.syntax`."""

from __future__ import annotations

from typing import TYPE_CHECKING

import logging
from collections.abc import Sequence


from ..batch import Document
from ._epithets import mention_epithets, sentence_span
from ._lexicon import load_lexicon
from ._passive import has_agentless_passive
from ._roles import OTHER, role_readings, strongest

if TYPE_CHECKING:  # spaCy is imported by whoever made the parses
    from spacy.tokens import Doc

logger = logging.getLogger("framing")



def cast_roles(doc: Document, parses: Sequence[Doc]) -> None:
    """Cast every actor mention of ``doc`` (role, epithets) and flag agentless passives.

    Reads the dependency parse that the pipeline made once per sentence; never
    parses again. Runs in time linear in the number of tokens.

    Parameters
    ----------
    doc : framing.batch.Document
        A document whose ``sentences`` and ``mentions`` are filled
        (:func:`framing.segment.segment_document`, :func:`framing.actors.find_mentions`).
    parses : sequence of spacy.tokens.Doc
        ``parses[i]`` is the spaCy parse of ``doc.sentences[i].text``
        (en_core_web_sm dependency labels).

    Returns
    -------
    None
        Fills, in place, ``Mention.role`` (one of :data:`framing.labels.ROLES`:
        agent > patient > other when a mention has several readings),
        ``Mention.epithets`` (list of str, possibly empty) and
        ``Sentence.agentless_passive`` (bool).

    Raises
    ------
    ValueError
        When ``parses`` is not aligned with ``doc.sentences``.

    Notes
    -----
    Roles (CODEBOOK §3): ``agent`` is the subject of an active verb (also of a
    later subjectless coordinated verb), a passive's by-agent, a nominal
    by/from phrase ("claims by the United States") and the possessor or
    demonym of an event noun ("Moscow's invasion", "Russian attacks");
    ``patient`` is a direct object, a passive subject, the subject of a
    to-infinitive under a verb ("allowed Russia to use") and the target of an
    event noun ("attacks on Ukraine"); everything else is ``other``. A passive
    perception or belief verb lends its subject the role it has in its
    complement ("Li could be heard telling ..." makes Li an agent).

    Examples
    --------
    >>> from framing.nlp import load_spacy
    >>> from framing.batch import Document, Sentence, Mention
    >>> text = "Russian forces shelled Kharkiv on Tuesday."
    >>> doc = Document("d1", text, sentences=[Sentence(0, "body", 0, len(text), text)],
    ...     mentions=[Mention(0, "Ukraine", "Kharkiv", 23, 30, kind="name")])
    >>> cast_roles(doc, [load_spacy()(text)])
    >>> doc.mentions[0].role
    'patient'
    """
    from ..nlp import check_parses

    check_parses(doc, parses, "cast_roles")
    lex = load_lexicon()
    index = {s.sent_id: i for i, s in enumerate(doc.sentences)}
    for sent, parse in zip(doc.sentences, parses):
        sent.agentless_passive = has_agentless_passive(parse, lex)
    for m in doc.mentions:
        m.role, m.epithets = OTHER, []
        i = index.get(m.sent_id)
        if i is None:
            logger.warning(
                "Mention %r of document %r points to sentence %s, which does not exist; "
                "role set to 'other'.", m.mention, doc.doc_id, m.sent_id,
            )
            continue
        sent = doc.sentences[i]
        span = sentence_span(parses[i], m.start - sent.start, m.end - sent.start)
        if span is None or len(span) == 0:
            logger.warning(
                "Mention %r (%s-%s) of document %r lies outside sentence %s; "
                "role set to 'other'.", m.mention, m.start, m.end, doc.doc_id, m.sent_id,
            )
            continue
        m.role = strongest(role_readings(span.root, lex))
        m.epithets = mention_epithets(span, lex, kind=m.kind)


def epithet_terms(epithets: list[str]) -> list[str]:
    """The loaded words among epithets, candidates for a sentence's ``loaded_terms``.

    Parameters
    ----------
    epithets : list of str
        Epithets as :func:`cast_roles` writes them to ``Mention.epithets``.

    Returns
    -------
    list of str
        Each loaded term of ``framing/resources/epithets.yaml`` found in the
        epithets (whole words, case-insensitive, plural -s allowed), as written
        in the text, in order and without duplicates. Titles ("President") are
        never loaded.

    Examples
    --------
    >>> epithet_terms(["self-proclaimed President", "a staunch ally of Moscow"])
    ['self-proclaimed', 'staunch']
    >>> epithet_terms(["Belarusian President"])
    []
    """
    pattern = load_lexicon().loaded_pattern
    out: list[str] = []
    if pattern is None:
        return out
    for epithet in epithets or ():
        for match in pattern.finditer(epithet):
            term = match.group(0)
            if term not in out:
                out.append(term)
    return out
