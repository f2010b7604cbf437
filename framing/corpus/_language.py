"""A fast "is this English?" check, good enough to flag articles for review.

No model: the share of tokens that are common English function words. English
news prose runs at 35-50 %; German, Spanish, French, Italian or Dutch news at
under 5 %, and text in a non-Latin script at about zero. Short texts are never
flagged because there is too little to judge.
"""

from __future__ import annotations

import re

#: How much of the text the check reads.
SAMPLE_CHARS = 2000
#: Texts with fewer tokens than this are never flagged.
MIN_TOKENS = 20
#: Below this share of English function words a text is flagged non-English.
MIN_FUNCTION_WORD_SHARE = 0.10

# Frequent English function words and reporting verbs. Words that are also
# frequent in other Latin-script languages ("a", "de", "die", "la", "en",
# "so", "also", "was", "in", "an", "or", "no", "me") are left out on purpose,
# so that German, Spanish, French, Italian and Dutch score low.
ENGLISH_FUNCTION_WORDS = frozenset(
    """
    the of and to is that for on with as by at it from said says
    are were be been being has have had having will would could should can may
    might must shall this these those their there they them his her its our
    we you he she him who whom whose which what when where why how than then
    not but if about after before into over under between against during
    through while because since until also more most other some such only
    any each both all one two new year years just up out do does did
    very told according however i my your us
    """.split()
)

# A "word" is a run of letters; a CJK, kana or Hangul character counts as one
# word on its own since those scripts do not separate words with spaces.
_CJK = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_TOKEN = re.compile(rf"[{_CJK}]|[^\W\d_{_CJK}]+")
_LATIN = re.compile(r"^[A-Za-z\u00c0-\u024f\u1e00-\u1eff'’]+$")


def english_function_word_share(text: str) -> tuple[float, int]:
    """Share of English function words among the first tokens of ``text``.

    Parameters
    ----------
    text : str
        The article text; only the first :data:`SAMPLE_CHARS` characters are
        read.

    Returns
    -------
    share : float
        Function-word tokens / all tokens, 0 for a non-Latin script.
    n_tokens : int
        How many tokens the share is computed over.
    """
    tokens = _TOKEN.findall(text[:SAMPLE_CHARS].lower())
    if not tokens:
        return 0.0, 0
    non_ascii = [t for t in tokens if not t.isascii()]
    n_non_latin = sum(1 for t in non_ascii if not _LATIN.match(t))
    if n_non_latin > len(tokens) / 2:
        return 0.0, len(tokens)
    hits = sum(map(ENGLISH_FUNCTION_WORDS.__contains__, tokens))
    return hits / len(tokens), len(tokens)


def looks_non_english(text: str) -> bool:
    """Whether ``text`` should be flagged ``non_english``.

    True when it has at least :data:`MIN_TOKENS` tokens and their share of
    English function words is below :data:`MIN_FUNCTION_WORD_SHARE` (always
    the case for a text mostly in a non-Latin script).
    """
    share, n = english_function_word_share(text)
    return n >= MIN_TOKENS and share < MIN_FUNCTION_WORD_SHARE
