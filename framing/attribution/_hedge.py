"""Epistemic hedges in the outlet's own voice (CODEBOOK section 1, ``hedged``)."""

from __future__ import annotations

from typing import Any, Sequence

from framing.attribution._lexicon import Lexicon


def _inside(a: int, b: int, spans) -> bool:
    return any(s <= a and b <= e for s, e in spans)


def is_hedged(sp: Any, text: str, events: Sequence[Any], quotes: Sequence[tuple[int, int]],
              lex: Lexicon) -> bool:
    """Whether a sentence carries an epistemic hedge in the outlet's own voice.

    Parameters
    ----------
    sp : spacy.tokens.Doc
        The sentence's parse.
    text : str
        The sentence text.
    events : sequence
        The sentence's reporting events (sentence-local ``content`` spans, ``form``).
    quotes : sequence of (start, end)
        Quotation spans in the sentence, local offsets, marks included.
    lex : Lexicon

    Returns
    -------
    bool

    Notes
    -----
    Hedge words ("reportedly", "allegedly", "ostensible", "so-called",
    "purported", "apparently", ...) count anywhere outside quotation marks.
    Passive hedges ("is believed to", "is expected to", "in what is seen as")
    count outside reported content. Scare quotes: a quotation of one to three
    words that no reporting cue governs (it lies in no reported content).
    Modals are never hedges.
    """
    reported = [e.content for e in events if e.form != "according_to"]
    hedges = lex.src.get("hedges", frozenset())
    phrases = lex.hedge_phrases
    words = [t.lower_ for t in sp]
    n = len(words)
    for t in sp:
        end = t.idx + len(t.text)
        w = words[t.i]
        if w in hedges or (w == "so" and t.i + 2 < n and words[t.i + 1] == "-" and words[t.i + 2] == "called"):
            if not _inside(t.idx, end, quotes):
                return True
        for cand in phrases.get(w, ()):
            k = len(cand)
            if tuple(words[t.i : t.i + k]) == cand and not _inside(t.idx, end, quotes) \
                    and not _inside(t.idx, end, reported):
                return True
        if t.lemma_.lower() in lex.hedge_passives and t.pos_ in ("VERB", "AUX"):
            kids = list(t.children)
            passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in kids)
            if passive and not any(c.dep_ == "agent" for c in kids) and any(
                c.dep_ in ("xcomp", "ccomp") or (c.dep_ == "prep" and c.lower_ == "as") for c in kids
            ):
                if not _inside(t.idx, end, quotes) and not _inside(t.idx, end, reported):
                    return True
    for qs, qe in quotes:
        inner = text[qs:qe].strip(" \"'\u201c\u201d\u00ab\u00bb\u2018\u2019.,;:!?")
        nw = len(inner.split())
        if 1 <= nw <= 3 and not _inside(qs + 1, qe - 1, reported):
            # a quotation at a sentence edge is a fragment of a longer quote
            if qs > 0 and qe < len(text.rstrip()) - 1:
                return True
    return False
