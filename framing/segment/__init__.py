"""Sentences and quotation spans, with character offsets.

Rule-based (regular expressions, no model) and fast: English news text is
split into sentences that respect abbreviations, initials, numbers, quotes,
bullets, headings and datelines, and quotations are found and linked to every
sentence they cover, including quotations that run over several sentences or
paragraphs.

Functions
---------
split_sentences
    ``(start, end)`` offsets of each sentence of a text.
find_quotations
    ``(start, end, balanced)`` spans of quotations, quote marks included.
segment_document
    Fill ``Document.sentences`` and ``Document.quotations`` of the batch.
strip_dateline
    Offset after a leading news dateline (``BEIJING — ``).
"""

from __future__ import annotations

from framing.segment._document import segment_document
from framing.segment._quotes import find_quotations
from framing.segment._sentences import DATELINE_RE, split_sentences, strip_dateline

__all__ = [
    "DATELINE_RE",
    "find_quotations",
    "segment_document",
    "split_sentences",
    "strip_dateline",
]
