"""Rule-based English news sentence segmentation with character offsets.

The segmenter works in three layers, all on the original string (offsets are
never shifted by normalisation):

1. **paragraphs**: blank lines (``\\n\\n``, ``\\r\\n\\r\\n``, lines of spaces) and
   U+2029 always end a sentence;
2. **blocks**: inside a paragraph a single line break is read as a space,
   except before a bullet item (``- ``, ``* ``, ``• ``, ``1. ``) and after a
   heading-like line (short, no final punctuation, followed by a capitalised
   line); bullet markers and a leading dateline (``MINSK, March 1 (Reuters) -``)
   are left out of the sentence;
3. **sentences**: candidate boundaries are runs of ``. ! ? …`` plus closing
   quotes or brackets followed by whitespace; each candidate is accepted or
   rejected by looking at the token before (abbreviations, initials, months,
   ``No.``) and the word after (lowercase, a common sentence opener, a
   ``Name said`` after a quoted question).
"""

from __future__ import annotations

import re

__all__ = ["DATELINE_RE", "split_sentences", "strip_dateline"]

# --- layer 1: paragraphs ---------------------------------------------------
_NL = r"(?:\r\n|\n|\r)"
_PARA_BREAK_RE = re.compile(rf"{_NL}(?:[^\S\r\n\u2028\u2029]*{_NL})+|\u2029")
_LINE_BREAK_RE = re.compile(r"\r\n|[\n\r\u2028]")
_NONSPACE_RE = re.compile(r"\S")

# --- layer 2: blocks ---------------------------------------------------------
#: A bullet marker at the start of a line: ``- `` ``* `` ``• `` ``1. `` ``2) ``.
BULLET_RE = re.compile(r"(?:[-*•‣◦▪●∙·]|\d{1,3}[.)])[ \t\u00a0]+(?=\S)")

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_CAPS_CITY = r"[A-Z][A-Z'.\-]+(?:[ /][A-Z][A-Z'.\-]+)*"
_MIXED_CITY = r"[A-Z][A-Za-z'.\-]+(?: [A-Z][A-Za-z'.\-]+){0,2}"
_REGION = r"(?:,[ \t]*[A-Z][A-Za-z'.\-]+(?: [A-Z][A-Za-z'.\-]+){0,2})"
_DATE = rf"(?:,?[ \t]*{_MONTH}[ \t]+\d{{1,2}}(?:,[ \t]*\d{{4}})?)"
_AGENCY = r"(?:[ \t]*\([A-Z][A-Za-z0-9 .&'/\-]{0,40}\))"
_DASH = r"(?:[ \t]*[–—―][ \t]*|[ \t]+--?[ \t]+|[ \t]*--[ \t]*)"

#: A news dateline at the start of a paragraph, up to and including its dash:
#: ``MINSK, March 1 (Reuters) - ``, ``BEIJING — ``, ``KYIV, Ukraine (AP) — ``,
#: ``Washington (CNN) — ``, ``(CNN) — ``. The text after the dash must open with
#: a capital, a digit or a quote mark, so that ``NATO — the alliance ...`` is
#: not read as a dateline.
DATELINE_RE = re.compile(
    rf"(?:{_CAPS_CITY}{_REGION}?{_DATE}?{_AGENCY}?"
    rf"|{_MIXED_CITY}{_REGION}?{_DATE}?{_AGENCY}"
    rf"|\([A-Z][A-Za-z0-9 .&'/\-]{{0,40}}\))"
    rf"{_DASH}(?=[\"'“‘«(\[]?[A-Z0-9])"
)

# --- layer 3: sentence boundaries -----------------------------------------------
_CAND_RE = re.compile(r"([.!?…]+)([\"'”’»)\]]*)(?=\s)|[。！？]+[」』”’）)]*(?=.)", re.S)
_NEXT_RE = re.compile(r"\s*([\"'“‘«„(\[]*)([^\s\"”’»)\],;:!?]*)")
_SPEECH_AFTER_RE = re.compile(
    r"\s+(?:[A-Z][\w'’.\-]*\s+){1,4}"
    r"(?:said|says|asked|asks|told|tells|added|adds|wrote|writes|replied|shouted|"
    r"tweeted|insisted|continued|demanded|wondered|recalled|explained|noted|"
    r"stressed|declared|argued|warned|exclaimed|cried|yelled|posted)\b(\s*[.,;]|\s*$)?"
)
_INITIALS_RE = re.compile(r"(?:[A-Za-z]\.)*[A-Z]")
_DASHES = "—–―-"
_LEFT_PUNCT = "\"'“‘«„([{"
_QUOTES = "\"'”’»"

# A period after these never ends a sentence (titles before a name, Latin).
_NEVER_END = frozenset(
    """mr mrs ms mx messrs mmes dr drs prof profs gen gens lt col sen sens rep reps
    gov govs pres rev revd sgt capt adm maj cmdr cmdrs hon msgr fr supt insp det cpl
    pvt brig amb atty lieut vs v e.g i.e cf approx viz
    """.split()
)
# A period after these does not end a sentence before a number ("No. 10").
_BEFORE_NUMBER = frozenset("no nos vol vols p pp art arts sec secs ch fig figs op nr".split())
_MONTHS = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec".split())
# "etc." ends the sentence before any capitalised word.
_ENDING = frozenset(["etc"])
# A period after these ends a sentence only before a typical sentence opener.
_AMBIGUOUS = frozenset(
    """inc corp ltd co llc plc bros jr sr st mt ft ave blvd rd al a.m p.m est dept
    univ assn intl govt""".split()
)
# Words that typically open a sentence: after an ambiguous abbreviation or an
# initial ("U.S.", "Inc.", "W.") a capitalised word from this set starts a new
# sentence, any other capitalised word (a name) continues it.
_STARTERS = frozenset(
    """the a an he she it they we i you his her its their our my your this that
    these those there here but and or so yet nor in on at as for with by from to
    of after before during since while when whenever if although though however
    meanwhile still also last earlier later some many most much more few several
    one two three four five six seven eight nine ten such what why how who whom
    whose where which not no yes both each every all any under over despite
    according among about against between instead other others nevertheless
    moreover furthermore then now today yesterday tomorrow thus therefore indeed
    even only just once until unless because whether officials analysts critics
    experts observers residents police authorities""".split()
)
_CONNECTORS = frozenset(
    """the a an of and or but to in on at for with by from that which who as is
    are was were be been has have had said says told than into over under about
    his her its their our my your this these those""".split()
)


def strip_dateline(text: str, start: int = 0, end: int | None = None) -> int:
    """Return the offset where the sentence starts after a leading dateline.

    Parameters
    ----------
    text : str
        The article text.
    start : int, default 0
        Offset of the first non-space character of a paragraph.
    end : int, optional
        Do not look past this offset (default: end of ``text``).

    Returns
    -------
    int
        ``start`` if no dateline opens the paragraph there, otherwise the
        offset of the first character after the dateline's dash.

    Examples
    --------
    >>> t = "BEIJING — The talks ended."
    >>> t[strip_dateline(t):]
    'The talks ended.'
    >>> strip_dateline("NATO — the alliance met.")
    0
    """
    if end is None:
        end = len(text)
    m = DATELINE_RE.match(text, start, end)
    if m is None:
        return start
    return m.end()


def _paragraph_ranges(text: str) -> list[tuple[int, int]]:
    """Raw ``(start, end)`` ranges between paragraph breaks (may be blank)."""
    ranges = []
    pos = 0
    for m in _PARA_BREAK_RE.finditer(text):
        ranges.append((pos, m.start()))
        pos = m.end()
    ranges.append((pos, len(text)))
    return ranges


def _strip_range(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` to its non-space content; ``(end, end)`` if none."""
    m = _NONSPACE_RE.search(text, start, end)
    if m is None:
        return end, end
    s = m.start()
    while text[end - 1].isspace():  # stops at s, which is not a space
        end -= 1
    return s, end


def _is_heading(prev: str, cur: str) -> bool:
    """Whether line ``prev`` reads as a heading before line ``cur``."""
    last = prev[-1]
    if not (last.isalnum() or last in ")\"”’'"):
        return False
    first = cur.lstrip(_LEFT_PUNCT)[:1]
    if not first or not (first.isupper() or first.isdigit()):
        return False
    words = prev.split()
    if len(words) > 15 or words[-1].lower() in _CONNECTORS:
        return False
    caps = sum(1 for w in words if w[0].isupper() or w[0].isdigit())
    return caps >= 0.6 * len(words) or len(prev) < 0.6 * len(cur)


def _blocks(text: str, ps: int, pe: int) -> list[tuple[int, int]]:
    """Content blocks of one paragraph: bullet items, headings, joined lines."""
    if _LINE_BREAK_RE.search(text, ps, pe) is None:
        s, e = _strip_range(text, ps, pe)
        if s >= e:
            return []
        b = BULLET_RE.match(text, s, e)
        if b is not None:
            s = b.end()
        else:
            s = strip_dateline(text, s, e)
        return [(s, e)]

    # several lines: (content start, content end, raw line start, is_bullet)
    lines = []
    pos = ps
    for m in _LINE_BREAK_RE.finditer(text, ps, pe):
        lines.append((pos, m.start()))
        pos = m.end()
    lines.append((pos, pe))

    blocks: list[list[int]] = []
    prev_text = ""
    prev_bullet = False
    for ls, le in lines:
        s, e = _strip_range(text, ls, le)
        if s >= e:
            continue
        b = BULLET_RE.match(text, s, e)
        cur = text[s:e]
        if not blocks:
            new = True
        elif b is not None:
            new = True
        elif prev_bullet:
            # a bullet item continues on an indented or lowercase line
            new = not (s > ls or cur[0].islower())
        else:
            new = _is_heading(prev_text, cur)
        if b is not None:
            cs = b.end()
        elif new:
            cs = strip_dateline(text, s, e)
        else:
            cs = s
        if new:
            blocks.append([cs, e])
            prev_bullet = b is not None
        else:
            blocks[-1][1] = e
        prev_text = cur
    return [(s, e) for s, e in blocks if s < e]


def _is_boundary(text: str, m: re.Match[str], bs: int, be: int) -> tuple[bool, int]:
    """Decide whether candidate ``m`` ends a sentence.

    Returns ``(boundary, next_start)`` where ``next_start`` is the offset of the
    next non-space character.
    """
    e = m.end()
    nm = _NEXT_RE.match(text, e, be)
    if m.group(1) is None:
        # CJK full stop: always a boundary, no space needed after it
        return True, _NONSPACE_RE.search(text, e, be).start()
    # the candidate regex guarantees whitespace at e
    nxt = nm.start(1)
    q = nm.group(1)
    w = nm.group(2)
    if w:
        first = w[0]
    elif nm.end() < be:
        first = text[nm.end()]
    else:
        first = ""
    if first in _DASHES and not q:
        # "... what a Labour one would be like! — is so wedded ...": a dash
        # followed by a lowercase word continues the sentence
        j = nxt
        while j < be and text[j] in _DASHES:
            j += 1
        after = _NONSPACE_RE.search(text, j, be)
        if after is not None and text[after.start()].islower():
            return False, nxt
    if first.islower() and not q:
        return False, nxt
    punct = m.group(1)
    closers = m.group(2)
    wl = w.rstrip(".").lower().replace("’", "'").split("'")[0]  # "They're" -> "they"
    if punct == ".":
        lo = max(bs, m.start() - 32)
        chunk = text[lo : m.start()]
        if not chunk or chunk[-1].isspace():
            tok = ""
        else:
            tok = chunk.split()[-1].lstrip(_LEFT_PUNCT)
        tl = tok.lower()
        if not closers:
            if tl in _NEVER_END:
                return False, nxt
            if tl in _BEFORE_NUMBER or tl in _MONTHS:
                return not first.isdigit(), nxt
            if tl in _ENDING:
                return True, nxt
            if tl in _AMBIGUOUS or _INITIALS_RE.fullmatch(tok):
                return (wl in _STARTERS or bool(q)), nxt
        elif any(c in _QUOTES for c in closers) and first.isupper() and wl not in _STARTERS:
            # '"We will win." Lukashenko said.' -> one sentence
            sm = _SPEECH_AFTER_RE.match(text, e, be)
            if sm is not None and sm.group(1) is not None:
                return False, nxt
        return True, nxt
    if "!" in punct or "?" in punct:
        if (
            closers
            and any(c in _QUOTES for c in closers)
            and first.isupper()
            and wl not in _STARTERS
            and _SPEECH_AFTER_RE.match(text, e, be) is not None
        ):
            # '"Is this fair?" Lukashenko asked.' -> one sentence
            return False, nxt
        return True, nxt
    # ellipsis ("..." or "…"): ends a sentence only before a clear opener,
    # or when a full stop follows it ("…." / "....")
    if punct.endswith("….") or punct.startswith("...."):
        return True, nxt
    return (wl in _STARTERS or bool(q) or bool(closers)), nxt


def _split_block(text: str, bs: int, be: int, out: list[tuple[int, int]]) -> None:
    """Append the sentences of block ``[bs, be)`` (stripped) to ``out``."""
    start = bs
    for m in _CAND_RE.finditer(text, bs, be):
        if m.start() < start:
            continue
        ok, nxt = _is_boundary(text, m, bs, be)
        if ok:
            out.append((start, m.end()))
            start = nxt
    if start < be:
        out.append((start, be))


def _split_paragraphs(text: str) -> list[tuple[int, int, int]]:
    """``(start, end, paragraph)`` for every sentence of ``text``."""
    out: list[tuple[int, int, int]] = []
    para = 0
    for ps, pe in _paragraph_ranges(text):
        sents: list[tuple[int, int]] = []
        for bs, be in _blocks(text, ps, pe):
            _split_block(text, bs, be, sents)
        if sents:
            out.extend((s, e, para) for s, e in sents)
            para += 1
    return out


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Split English news text into sentences.

    Parameters
    ----------
    text : str
        Article text. Paragraphs are separated by blank lines.

    Returns
    -------
    list of (int, int)
        ``(start, end)`` character offsets of each sentence, in order and
        non-overlapping; ``text[start:end]`` is the sentence without surrounding
        whitespace, bullet marker or leading dateline.

    Raises
    ------
    TypeError
        If ``text`` is not a string.

    See Also
    --------
    find_quotations : quotation spans over the same text.
    segment_document : fill a :class:`framing.batch.Document`.

    Examples
    --------
    >>> t = 'Mr. Xi met U.S. officials. "We cooperate," he said.'
    >>> [t[s:e] for s, e in split_sentences(t)]
    ['Mr. Xi met U.S. officials.', '"We cooperate," he said.']
    """
    if not isinstance(text, str):
        raise TypeError(
            f"split_sentences expects the article text as a str. Got {type(text).__name__} "
            "instead; pass str(value) or skip missing texts."
        )
    return [(s, e) for s, e, _ in _split_paragraphs(text)]
