"""Semantic roles of actor mentions from the dependency parse (CODEBOOK §3).

Every rule reads the en_core_web_sm label set. A mention may have several
readings (the subject of two coordinated verbs, one passive and one active);
the strongest wins: agent > patient > other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..labels import ROLES
from ._lexicon import Lexicon

if TYPE_CHECKING:  # spaCy is imported by whoever made the parses
    from spacy.tokens import Token

AGENT, PATIENT, OTHER = ROLES  # the codebook order: agent, patient, other
_RANK = {AGENT: 2, PATIENT: 1, OTHER: 0}

_SUBJ_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})
_NOMINAL = frozenset({"NOUN", "PROPN", "PRON", "ADJ", "NUM", "X"})
_VERBAL = frozenset({"VERB", "AUX"})
_REL_PRONOUNS = frozenset({"who", "which", "that", "whom"})
# Climbing from a mention to the noun phrase that carries its role is bounded:
# a name nests at most a few levels deep (conjunct of an apposition of ...).
_MAX_CLIMB = 6


def strongest(readings: list[str]) -> str:
    """The strongest of several readings (agent > patient > other)."""
    return max(readings, key=_RANK.__getitem__) if readings else OTHER


def is_passive(verb: Token) -> bool:
    """A verb with a passive auxiliary or a passive subject."""
    return any(c.dep_ in ("auxpass", "nsubjpass", "csubjpass") for c in verb.children)


def _has_subject(verb: Token) -> bool:
    return any(c.dep_ in _SUBJ_DEPS for c in verb.children)


def _is_copula(verb: Token, lex: Lexicon) -> bool:
    if verb.lemma_.lower() not in lex.copulas or verb.dep_ in ("aux", "auxpass"):
        return False
    if verb.lemma_.lower() == "be":
        return True
    # become/remain/seem ... are copulas only with a predicate complement.
    return any(c.dep_ in ("attr", "acomp", "oprd") for c in verb.children)


def _noun_phrase(tok: Token) -> str:
    """Lemma of a noun with its compound modifiers ("war effort")."""
    comps = [c.lower_ for c in tok.lefts if c.dep_ == "compound"]
    return " ".join(comps + [tok.lemma_.lower()])


_NOUN_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "attr", "appos", "dative"})


def _is_event(noun: Token, lex: Lexicon) -> bool:
    # A noun, or a word in a noun's position that the tagger took for a verb
    # ("the missile strikes on Kyiv killed ...").
    if noun.pos_ not in ("NOUN", "PROPN") and noun.dep_ not in _NOUN_DEPS:
        return False
    lemma = noun.lemma_.lower()
    return (
        lemma in lex.event_nouns
        or noun.lower_ in lex.event_nouns
        or _noun_phrase(noun) in lex.event_nouns
    )


def _verbal_complement(verb: Token) -> Token | None:
    """The subjectless verbal complement of a raising verb ("heard telling")."""
    for c in verb.children:
        if c.dep_ in ("xcomp", "ccomp", "oprd") and c.pos_ in _VERBAL and not _has_subject(c):
            return c
    return None


def subject_reading(verb: Token, lex: Lexicon, *, explicit: bool = True, depth: int = 0) -> str:
    """The role of the subject of ``verb``.

    Parameters
    ----------
    verb : spacy.tokens.Token
        The verb whose subject is asked about.
    lex : Lexicon
        The role lexicon.
    explicit : bool, default True
        The subject is the verb's own (not inherited from a coordinated verb);
        only then is a to-infinitive subject read as the matrix object.
    depth : int
        Recursion guard for chains of raising verbs.
    """
    if is_passive(verb):
        if depth < 3 and verb.lemma_.lower() in lex.raising_passives:
            comp = _verbal_complement(verb)
            if comp is not None:
                return subject_reading(comp, lex, explicit=False, depth=depth + 1)
        return PATIENT
    if _is_copula(verb, lex):
        return OTHER
    if (
        explicit
        and verb.dep_ in ("ccomp", "xcomp")
        and verb.head.pos_ in _VERBAL
        and any(c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children)
    ):
        # "allowed Russia to use": the parser makes Russia the subject of
        # "use", but it is the object of "allowed".
        return PATIENT
    if verb.pos_ not in _VERBAL and verb.tag_ != "VBG":
        return OTHER
    return AGENT


def _subject_readings(verb: Token, lex: Lexicon) -> list[str]:
    out = [subject_reading(verb, lex)]
    # "China has been criticised ... and has reacted angrily": the subject of
    # a verb is also the subject of its later, subjectless conjuncts.
    for conj in verb.conjuncts:
        if conj.i > verb.i and conj.pos_ in _VERBAL and not _has_subject(conj):
            out.append(subject_reading(conj, lex, explicit=False))
    return out


def _modifier_reading(tok: Token, noun: Token, lex: Lexicon) -> str:
    """A name or demonym that modifies an event noun ("Russian attacks")."""
    if tok.dep_ == "poss":
        return AGENT
    if tok.dep_ == "amod" or tok.pos_ == "ADJ":
        return AGENT
    # A bare name: "the Ukraine invasion" (target) vs "US strikes" (agent).
    has_agent = any(
        c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ in lex.agent_preps)
        for c in noun.children
        if c.i != tok.i
    )
    if has_agent or noun.lemma_.lower() in lex.compound_target:
        return PATIENT
    return AGENT


def _climb(tok: Token, lex: Lexicon) -> Token:
    """From a mention's head to the noun phrase whose position gives its role."""
    for _ in range(_MAX_CLIMB):
        head = tok.head
        if head.i == tok.i:
            break
        if tok.dep_ == "conj" and head.pos_ in _NOMINAL:
            tok = head  # "Beijing and Minsk have": Minsk shares Beijing's role
        elif tok.dep_ == "appos" and head.pos_ in _NOMINAL:
            tok = head  # "his old friend Xi": Xi takes the role of "friend"
        elif (
            tok.dep_ in ("compound", "amod", "nmod")
            and head.pos_ in ("NOUN", "PROPN")
            and head.lemma_.lower() in lex.actor_heads
        ):
            tok = head  # "Kremlin spokesman", "Xinhua news agency", "Russian forces"
        elif (
            tok.dep_ == "compound"
            and head.pos_ == "PROPN"
            and (tok.lemma_.lower() in lex.actor_heads or lex.is_title_token(tok.lower_))
        ):
            tok = head  # "(Kremlin) spokesman Dmitry Peskov": the title names the person
        else:
            break
    return tok


def role_readings(tok: Token, lex: Lexicon) -> list[str]:
    """All role readings of the noun phrase headed by ``tok`` (a mention's root).

    Parameters
    ----------
    tok : spacy.tokens.Token
        The syntactic head of the mention span.
    lex : Lexicon
        The role lexicon.

    Returns
    -------
    list of str
        Readings among "agent", "patient", "other" (possibly several).
    """
    np = _climb(tok, lex)
    dep, head = np.dep_, np.head
    readings: list[str] = []

    if dep in ("nsubj", "nsubjpass"):
        # subject_reading checks the verb's voice itself: the parser sometimes
        # writes nsubj for the subject of a passive.
        readings.extend(_subject_readings(head, lex))
    elif dep in ("dobj", "dative"):
        readings.append(PATIENT)
    elif dep == "pobj":
        prep = head.lower_
        if head.dep_ == "agent":
            readings.append(AGENT)  # passive by-agent
        else:
            gov = head.head
            if prep == "by" and gov.pos_ in ("NOUN", "PROPN", "VERB"):
                readings.append(AGENT)  # "claims by the United States"
            elif _is_event(gov, lex) and head.dep_ == "prep":
                if prep in lex.agent_preps:
                    readings.append(AGENT)  # "support from China"
                elif prep in lex.target_preps:
                    readings.append(PATIENT)  # "attacks on Ukraine"
                elif prep == "of" and gov.lemma_.lower() in lex.of_target:
                    readings.append(PATIENT)  # "the invasion of Ukraine"
                else:
                    readings.append(OTHER)
            else:
                readings.append(OTHER)
    elif dep in ("poss", "compound", "amod", "nmod") and head.pos_ in ("NOUN", "PROPN"):
        if _is_event(head, lex):
            readings.append(_modifier_reading(np, head, lex))
        else:
            readings.append(OTHER)  # "China's position", "the Ukraine crisis"
    else:
        readings.append(OTHER)

    # Relative and participial clauses on the noun: "Russia, which invaded ...",
    # "troops attacking Kyiv", "China, accused of ...".
    for child in np.children:
        if child.dep_ == "relcl":
            if any(
                c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in _REL_PRONOUNS
                for c in child.children
            ):
                readings.append(subject_reading(child, lex, explicit=False))
        elif child.dep_ == "acl" and not _has_subject(child):
            if child.tag_ == "VBG":
                readings.append(AGENT)
            elif child.tag_ == "VBN":
                readings.append(PATIENT)
    return readings
