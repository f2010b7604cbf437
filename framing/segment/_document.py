"""Fill a :class:`framing.batch.Document` with sentences and quotations."""

from __future__ import annotations

import logging
from bisect import bisect_left

from framing.batch import Document, Quotation, Sentence
from framing.labels import PARTS
from framing.segment._quotes import find_quotations
from framing.segment._sentences import _split_paragraphs, _strip_range

__all__ = ["segment_document"]

logger = logging.getLogger("framing")

_TITLE, _BODY = PARTS


def _link(
    sentences: list[Sentence], quotations: list[Quotation], first_sent: int
) -> None:
    """Cross-link quotations and the sentences (of one part) they overlap.

    ``sentences`` are the sentences of one part, in order, whose ``sent_id``
    values start at ``first_sent``.
    """
    if not sentences:
        return
    ends = [s.end for s in sentences]
    for q in quotations:
        # first sentence ending after the quotation starts
        i = bisect_left(ends, q.start + 1)
        while i < len(sentences) and sentences[i].start < q.end:
            s = sentences[i]
            s.quote_ids.append(q.quote_id)
            q.sent_ids.append(s.sent_id)
            i += 1


def segment_document(doc: Document) -> None:
    """Split a document into sentences and quotations, in place.

    Fills ``doc.sentences`` and ``doc.quotations`` (replacing what was there).
    A non-blank ``doc.title`` becomes sentence 0 with ``part="title"`` (never
    split; offsets into ``doc.title``). Body sentences follow with
    ``part="body"`` and offsets into ``doc.text``; ``sent_id`` and
    ``quote_id`` are indices into the two lists. ``Sentence.paragraph`` numbers
    the non-empty, blank-line separated paragraphs of the body (0 for the
    title). ``Sentence.quote_ids`` and ``Quotation.sent_ids`` link each
    quotation with every sentence it overlaps.

    Parameters
    ----------
    doc : framing.batch.Document
        The document; ``doc.text`` may be empty (or None: no body sentences).

    Raises
    ------
    TypeError
        If ``doc.text`` or ``doc.title`` is neither a string nor None.

    See Also
    --------
    split_sentences, find_quotations

    Examples
    --------
    >>> from framing.batch import Document
    >>> d = Document("d1", '"We cooperate. We never lie," he said.', title="Ties hailed")
    >>> segment_document(d)
    >>> [(s.part, s.text) for s in d.sentences]
    [('title', 'Ties hailed'), ('body', '"We cooperate.'), ('body', 'We never lie," he said.')]
    >>> d.quotations[0].sent_ids
    [1, 2]
    """
    text = doc.text
    title = doc.title
    for name, value in (("text", text), ("title", title)):
        if value is not None and not isinstance(value, str):
            raise TypeError(
                f"segment_document needs Document.{name} to be a str or None. Got "
                f"{type(value).__name__} for doc_id={doc.doc_id!r}; convert it with str() "
                "or drop the article when reading the corpus."
            )
    sentences: list[Sentence] = []
    quotations: list[Quotation] = []

    if title:
        ts, te = _strip_range(title, 0, len(title))
        if ts < te:
            sentences.append(Sentence(0, _TITLE, ts, te, title[ts:te], paragraph=0))
            for s, e, bal in find_quotations(title):
                quotations.append(Quotation(len(quotations), _TITLE, s, e, bal))
            _link(sentences, quotations, 0)

    if text:
        first = len(sentences)
        n_title_q = len(quotations)
        for s, e, para in _split_paragraphs(text):
            sentences.append(Sentence(len(sentences), _BODY, s, e, text[s:e], paragraph=para))
        for s, e, bal in find_quotations(text):
            quotations.append(Quotation(len(quotations), _BODY, s, e, bal))
        _link(sentences[first:], quotations[n_title_q:], first)
        if not sentences[first:]:
            logger.debug("doc_id=%r: body has no sentences", doc.doc_id)

    doc.sentences = sentences
    doc.quotations = quotations
