"""Quotation spans: straight, curly, guillemet and single-curly quote marks.

One left-to-right pass over the quote marks of a text with a small state
machine:

* double marks (``"`` ``“`` ``”`` ``„`` ``«`` ``»``) open and close top-level
  quotations; straight ``"`` toggles, curly and guillemet marks use their
  direction, helped by the characters around them when a text uses the wrong
  one;
* single marks (``‘ ’`` and straight ``'``) open a quotation only in opening
  position (after a space or bracket, before a letter) and only when a closing
  mark follows in the same paragraph, so apostrophes (``don’t``, ``Beijing’s``,
  ``Belarus’``, ``'90s``) are never taken for quotes; single marks inside a
  double quotation are nested quotes and are not reported;
* a double quotation still open at the end of a paragraph continues when the
  next paragraph opens with a quote mark (the news convention for quotations
  over several paragraphs); otherwise it ends there with ``balanced=False``;
* a closing mark with nothing open gives an unbalanced span from the start of
  its paragraph (or the end of the previous quotation in it).
"""

from __future__ import annotations

import re

from framing.segment._sentences import _paragraph_ranges, _strip_range

__all__ = ["find_quotations"]

_MARK_RE = re.compile("[\"“”„«»‘’']")
_SINGLE_CLOSE_RE = re.compile(r"(?<=\S)[’'](?![\w])")
_DOUBLE_OPENERS = "\"“„«"
_ELISIONS = ("em ", "tis ", "twas ", "n'", "n’", "cause ", "til ", "round ")
_MAX_SINGLE = 600  # longest single-quoted span looked for, in characters


def _opening_context(text: str, pos: int, n: int) -> bool:
    """A mark at ``pos`` that follows a space/bracket and precedes a non-space."""
    prev = text[pos - 1] if pos > 0 else " "
    nxt = text[pos + 1] if pos + 1 < n else " "
    return (prev.isspace() or prev in "([{—–-/“‘\"'«") and not nxt.isspace()


def _closing_context(text: str, pos: int, n: int) -> bool:
    """A mark at ``pos`` that follows a non-space and precedes a space/punctuation."""
    prev = text[pos - 1] if pos > 0 else " "
    nxt = text[pos + 1] if pos + 1 < n else " "
    return not prev.isspace() and not nxt.isalnum()


def find_quotations(text: str) -> list[tuple[int, int, bool]]:
    """Find quotation spans in news text.

    Parameters
    ----------
    text : str
        Article text (or a title). Paragraphs are separated by blank lines.

    Returns
    -------
    list of (int, int, bool)
        ``(start, end, balanced)`` for each top-level quotation, in order;
        ``text[start:end]`` includes the quote marks. A quotation may run over
        several sentences, and over a paragraph break when the next paragraph
        reopens with a quote mark. ``balanced`` is False when an opening or
        closing mark is missing (the span is then a best guess, bounded by the
        paragraph).

    Raises
    ------
    TypeError
        If ``text`` is not a string.

    See Also
    --------
    split_sentences : the sentences that quotations are linked to.

    Examples
    --------
    >>> t = '"We cooperate. We never lie," he said of Beijing’s ‘old friend’.'
    >>> [t[s:e] for s, e, _ in find_quotations(t)]
    ['"We cooperate. We never lie,"', '‘old friend’']
    """
    if not isinstance(text, str):
        raise TypeError(
            f"find_quotations expects the article text as a str. Got {type(text).__name__} "
            "instead; pass str(value) or skip missing texts."
        )
    n = len(text)
    spans: list[tuple[int, int, bool]] = []
    open_start = -1  # start of the open double quotation, -1 when none
    prev_end = 0  # end of the previous paragraph's content
    for ps, pe in _paragraph_ranges(text):
        cs, ce = _strip_range(text, ps, pe)
        if cs >= ce:
            continue
        skip_to = cs
        if open_start >= 0:
            if text[cs] in _DOUBLE_OPENERS or text[cs] == "”":
                skip_to = cs + 1  # continuation of a multi-paragraph quotation
            else:
                spans.append((open_start, prev_end, False))
                open_start = -1
        floor = cs  # where a stray closing mark's span may start
        for m in _MARK_RE.finditer(text, skip_to, ce):
            pos = m.start()
            if pos < skip_to:
                continue
            c = m.group()
            if open_start >= 0:
                if c in "‘’'":
                    continue  # nested or apostrophe
                if c == "“" and not _closing_context(text, pos, n):
                    # a new opening mark: the previous quotation was never closed
                    end = _strip_range(text, open_start, pos)[1]
                    spans.append((open_start, end, False))
                    open_start = pos
                    continue
                if c in "„«":
                    end = _strip_range(text, open_start, pos)[1]
                    spans.append((open_start, end, False))
                    open_start = pos
                    continue
                spans.append((open_start, pos + 1, True))
                open_start = -1
                floor = pos + 1
                continue
            # nothing open
            if c in "‘'":
                if c == "'":
                    if not _opening_context(text, pos, n):
                        continue
                    if pos + 1 < ce and not text[pos + 1].isalpha():
                        continue
                    if text.startswith(_ELISIONS, pos + 1):
                        continue
                elif pos > 0 and text[pos - 1].isalnum():
                    continue  # a left mark used as an apostrophe
                close = _SINGLE_CLOSE_RE.search(text, pos + 2, min(ce, pos + _MAX_SINGLE))
                if close is not None:
                    spans.append((pos, close.end(), True))
                    skip_to = close.end()
                    floor = skip_to
                continue
            if c == "’":
                continue  # apostrophe or stray single close
            if c in "”»" and not _opening_context(text, pos, n):
                # a closing mark with nothing open
                start = _strip_range(text, floor, pos)[0]
                spans.append((start, pos + 1, False))
                floor = pos + 1
                continue
            if c == '"' and _closing_context(text, pos, n) and not _opening_context(text, pos, n):
                if text[pos - 1] in ".,!?…":
                    # '... we never lie," he said' with the opening mark lost
                    start = _strip_range(text, floor, pos)[0]
                    spans.append((start, pos + 1, False))
                    floor = pos + 1
                continue  # e.g. a 6" pipe: not a quotation mark
            open_start = pos
        prev_end = ce
    if open_start >= 0:
        spans.append((open_start, prev_end, False))
    return spans
