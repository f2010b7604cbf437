"""Epithets: the descriptors attached to an actor mention (CODEBOOK §3).

Three places hold them: premodifiers before the name ("Belarusian President
Alexander Lukashenko", "his 'old friend' Xi"), appositions after it, set off by
commas, dashes or brackets ("Lukashenko - a staunch ally of ... -"), and, for
descriptions ("the Belarusian leader"), the description itself. A regime label
that the name modifies ("the Lukashenko regime") is one too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._lexicon import Lexicon

if TYPE_CHECKING:  # spaCy is imported by whoever made the parses
    from spacy.tokens import Doc, Span, Token

_QUOTES = frozenset({'"', "'", "“", "”", "‘", "’", "``", "''", "«", "»", "„"})
_DASHES = frozenset({"-", "–", "—", "--", "―"})
_CLOSERS = {",": frozenset({",", ";"}), "(": frozenset({")"})}
_TRIM_WORDS = frozenset(
    {"the", "a", "an", "this", "that", "these", "those", "his", "her", "its",
     "their", "our", "my", "your", "both", "either", "neither"}
)
_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
_CLAUSE_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})
_END_PUNCT = frozenset({".", "!", "?", "…"})
_MAX_APPOSITION = 30


def _is_quote(tok: Token) -> bool:
    return tok.text in _QUOTES or tok.tag_ in ("``", "''")


def _trim(tokens: list[Token], *, words: bool) -> list[Token]:
    """Drop quote marks anywhere, edge punctuation, and (``words``) leading determiners."""
    toks = [t for t in tokens if not _is_quote(t)]
    while toks and (toks[0].is_punct or toks[0].is_space or (words and toks[0].lower_ in _TRIM_WORDS)):
        toks = toks[1:]
    while toks and (toks[-1].is_punct or toks[-1].is_space):
        toks = toks[:-1]
    return toks


def _text(tokens: list[Token]) -> str:
    if not tokens:
        return ""
    parts = [t.text_with_ws for t in tokens[:-1]] + [tokens[-1].text]
    return "".join(parts).strip()


def _is_descriptor(tok: Token, lex: Lexicon) -> bool:
    low = tok.lower_
    return lex.is_title_token(low) or low in lex.loaded or tok.lemma_.lower() in lex.loaded


_NON_DESCRIPTIVE_ENTS = frozenset({"DATE", "TIME", "CARDINAL", "QUANTITY", "PERCENT", "MONEY"})
_LEADING_NON_DESCRIPTIVE_DEPS = frozenset({"nummod", "quantmod", "predet"})


def _is_boundary(tok: Token) -> bool:
    """Punctuation that ends a noun phrase: a comma, a spaced dash, a bracket.

    A quote mark or a word-internal hyphen ("self-proclaimed") is not one.
    """
    if not tok.is_punct or _is_quote(tok):
        return False
    if tok.text in _DASHES:
        prev_ws = tok.i > 0 and bool(tok.doc[tok.i - 1].whitespace_)
        return prev_ws or bool(tok.whitespace_)
    return True


def _is_epithet(toks: list[Token], lex: Lexicon) -> bool:
    """A premodifier run is an epithet when it names a role or is loaded.

    "Belarusian President", "old friend", "Chinese state news agency",
    "self-proclaimed" qualify; a place adjective ("eastern"), a date or
    another name ("EU") does not.
    """
    toks = [t for t in toks if t.lower_.rstrip(".") not in lex.not_epithets]
    if not toks:
        return False
    if lex.loaded_pattern is not None and lex.loaded_pattern.search(_text(toks)):
        return True
    last = toks[-1]
    if last.pos_ == "NOUN":
        return True
    return last.pos_ == "PROPN" and (
        _is_descriptor(last, lex) or last.lemma_.lower() in lex.actor_heads
    )


def _premodifier(span: Span, lex: Lexicon) -> list[Token]:
    """Tokens before the name that describe it, outside and inside the span."""
    doc = span.doc
    root = span.root
    # Inside the span: a title that the actor finder kept ("President Xi").
    inner_end = span.start
    for tok in span:
        if tok.i >= root.i:
            break
        if _is_descriptor(tok, lex):
            inner_end = tok.i + 1
    # Outside the span: the contiguous left part of the name's own subtree.
    j = span.start - 1
    while j >= 0 and root.is_ancestor(doc[j]) and not _is_boundary(doc[j]):
        j -= 1
    outer = list(doc[j + 1 : span.start])
    # Close apposition: the name hangs off a noun right before it, with at
    # most quote marks between ("his 'old friend' Xi", "counterpart Xi Jinping").
    # The parser may also leave a title noun unattached to the name that
    # follows it ("the news agency RIA Novosti" as two subjects).
    k = span.start - 1
    while k >= 0 and _is_quote(doc[k]):
        k -= 1
    if not outer and k >= 0:
        head = doc[k]
        if head.pos_ in ("NOUN", "PROPN") and (
            (root.dep_ == "appos" and root.head.i == head.i)
            or (
                head.is_lower
                and not head.is_ancestor(root)
                and (lex.is_title_token(head.lower_) or head.lemma_.lower() in lex.actor_heads)
            )
        ):
            outer = list(doc[head.left_edge.i : span.start])
            cut = [t.i for t in outer if _is_boundary(t)]
            if cut:
                outer = list(doc[cut[-1] + 1 : span.start])
    # A first name left outside a span ("Alexander" before "Lukashenko") is
    # part of the name, not an epithet.
    while outer and (
        _is_quote(outer[-1])
        or (outer[-1].pos_ == "PROPN" and not _is_descriptor(outer[-1], lex)
            and outer[-1].dep_ == "compound" and outer[-1].head.i >= span.start)
    ):
        outer = outer[:-1]
    toks = _trim(outer + [t for t in doc[span.start : inner_end]], words=True)
    # Dates, counts and their adverbs are not descriptors ("At least 17 ...").
    while toks and (
        toks[0].ent_type_ in _NON_DESCRIPTIVE_ENTS
        or toks[0].pos_ == "NUM"
        or toks[0].dep_ in _LEADING_NON_DESCRIPTIVE_DEPS and not _is_descriptor(toks[0], lex)
    ):
        toks = _trim(toks[1:], words=True)
    return toks if _is_epithet(toks, lex) else []


def _apposition(span: Span, lex: Lexicon) -> list[Token]:
    """A comma, dash or bracket apposition right after the mention."""
    doc = span.doc
    j = span.end
    if j >= len(doc):
        return []
    opener = doc[j].text
    if opener in _DASHES and not _is_boundary(doc[j]):
        return []  # a hyphen inside a compound ("EU-Ukraine"), not a dash
    if opener in _DASHES:
        closers, kind = _DASHES, "dash"
    elif opener in _CLOSERS:
        closers, kind = _CLOSERS[opener], opener
    else:
        return []
    k = j + 1
    while k < len(doc) and doc[k].text not in closers and k - j <= _MAX_APPOSITION:
        k += 1
    if k - j > _MAX_APPOSITION:
        return []
    closed = k < len(doc)
    seg = list(doc[j + 1 : k])
    while seg and (seg[-1].text in _END_PUNCT or _is_quote(seg[-1])):
        seg = seg[:-1]
    seg = [t for t in seg if not t.is_space]
    if not seg:
        return []
    first = next((t for t in seg if not _is_quote(t)), None)
    if first is None or first.pos_ in ("CCONJ", "SCONJ", "ADP", "VERB", "AUX", "PART", "PUNCT"):
        return []
    if first.pos_ == "PRON" and first.tag_ != "PRP$":
        return []
    if any(t.dep_ in _CLAUSE_DEPS or t.tag_ in _FINITE_TAGS for t in seg):
        return []  # a clause, not a noun phrase
    if not any(t.pos_ == "NOUN" or _is_descriptor(t, lex) for t in seg):
        return []  # "Minsk, Moscow and Beijing": a list of names
    seg_ids = {t.i for t in seg}
    tops = [t for t in seg if t.head.i not in seg_ids]
    if any(t.dep_ == "conj" or t.dep_ == "cc" for t in tops):
        return []  # "Ukraine, Russia and the OSCE": coordination, not apposition
    if kind == ",":
        if closed and k + 1 < len(doc) and doc[k + 1].pos_ == "CCONJ":
            return []  # "Russia, Ukraine's neighbour, and ...": a list
        if not any(span.start <= t.head.i < span.end for t in tops):
            return []  # commas that close a clause, not an apposition
    return _trim(seg, words=False)


def _description(span: Span) -> list[Token]:
    return _trim(list(span), words=True)


def mention_epithets(span: Span, lex: Lexicon, *, kind: str = "name") -> list[str]:
    """The epithets of one mention, in text order, without duplicates.

    Parameters
    ----------
    span : spacy.tokens.Span
        The mention's tokens in its sentence parse.
    lex : Lexicon
        The epithet lexicon.
    kind : str
        The mention's alias kind (see :class:`framing.batch.Mention`);
        "description" mentions are their own epithet.

    Returns
    -------
    list of str
    """
    found: list[tuple[int, str]] = []
    if kind == "description":
        toks = _description(span)
    else:
        toks = _premodifier(span, lex)
    if toks:
        found.append((toks[0].i, _text(toks)))
    toks = _apposition(span, lex)
    if toks:
        found.append((toks[0].i, _text(toks)))
    root = span.root
    head = root.head
    if (
        root.dep_ in ("compound", "poss")
        and head.i >= span.end
        and (head.lemma_.lower() in lex.loaded or head.lower_ in lex.loaded)
    ):
        found.append((head.i, head.text))  # "the Lukashenko regime"
    out: list[str] = []
    for _, text in sorted(found):
        if text and text not in out:
            out.append(text)
    return out


def sentence_span(parse: Doc, start: int, end: int) -> Span | None:
    """The tokens covering characters ``start:end`` of the parsed sentence."""
    if start < 0 or end > len(parse.text) or start >= end:
        return None
    return parse.char_span(start, end, alignment_mode="expand")
