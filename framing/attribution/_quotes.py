"""Quotation spans: taken from the segmenter, or found here as a fallback."""

from __future__ import annotations

import re

from framing.batch import Document

# opening / closing marks; straight quotes alternate
_QUOTE_CHARS = re.compile("[\"\u201c\u201d\u00ab\u00bb\u201e\n]")
_OPEN = {"\u201c": "\u201d", "\u00ab": "\u00bb", "\u201e": "\u201c"}
_CLOSE = {"\u201d", "\u00bb"}


def find_quotes(text: str) -> list[tuple[int, int, bool]]:
    """Find double-quote and guillemet quotations in ``text``.

    A fallback for documents that the segmenter did not fill with quotations.
    Straight quotes alternate; curly quotes and guillemets pair by direction; a
    quotation still open at a paragraph break ends there, unbalanced (the news
    convention for quotations over several paragraphs).

    Returns
    -------
    list of (start, end, balanced)
        ``end`` is exclusive and includes the closing mark when there is one.
    """
    out: list[tuple[int, int, bool]] = []
    open_at = -1
    open_char = ""
    for m in _QUOTE_CHARS.finditer(text):
        ch = m.group()
        pos = m.start()
        if ch == "\n":
            if open_at >= 0:
                end = pos
                while end > open_at + 1 and text[end - 1].isspace():
                    end -= 1
                out.append((open_at, end, False))
                open_at = -1
            continue
        if open_at < 0:
            if ch in _CLOSE:
                continue  # a stray closing mark
            open_at, open_char = pos, ch
            continue
        closes = ch == '"' or ch in _CLOSE or ch == _OPEN.get(open_char)
        if closes:
            out.append((open_at, pos + 1, True))
            open_at = -1
        elif ch in _OPEN:  # a new opening mark before the previous one closed
            out.append((open_at, pos, False))
            open_at, open_char = pos, ch
    if open_at >= 0:
        end = len(text)
        while end > open_at + 1 and text[end - 1].isspace():
            end -= 1
        out.append((open_at, end, False))
    return out


def sentence_quotes(doc: Document) -> tuple[list[tuple[str, int, int, bool]], list[list[int]]]:
    """Quotations of ``doc`` and, per sentence, the ids of those it overlaps.

    Uses ``doc.quotations`` when the segmenter filled them; otherwise finds the
    quotations of each part with :func:`find_quotes` (nothing is written back).

    Returns
    -------
    quotes : list of (part, start, end, balanced)
    per_sentence : list of list of int
        Aligned with ``doc.sentences``; indices into ``quotes``.
    """
    if doc.quotations:
        quotes = [(q.part, q.start, q.end, q.balanced) for q in doc.quotations]
        pos = {q.quote_id: i for i, q in enumerate(doc.quotations)}
        per = []
        for s in doc.sentences:
            ids = [pos[qid] for qid in s.quote_ids if qid in pos]
            if not ids:  # segmenter gave quotations but no sentence links
                ids = [
                    i for i, (p, a, b, _) in enumerate(quotes)
                    if p == s.part and a < s.end and b > s.start
                ]
            per.append(ids)
        return quotes, per
    quotes = []
    for part in {s.part for s in doc.sentences}:
        quotes.extend((part, a, b, bal) for a, b, bal in find_quotes(doc.part_text(part)))
    quotes.sort(key=lambda q: (q[0] != "title", q[1]))
    per = [
        [i for i, (p, a, b, _) in enumerate(quotes) if p == s.part and a < s.end and b > s.start]
        for s in doc.sentences
    ]
    return quotes, per
