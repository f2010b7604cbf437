"""Bytes to text: encoding detection, binary detection, newline normalisation.

The only changes :func:`read_articles` ever makes to an article's text are the
ones in :func:`normalise_text` (newlines and a leading byte-order mark), so that
character offsets computed downstream point into the returned text.
"""

from __future__ import annotations

import codecs
import re

#: How many leading bytes the binary and UTF-16 sniffers look at.
SNIFF_BYTES = 8192
#: Share of control bytes above which a file without a BOM counts as binary.
CONTROL_SHARE_BINARY = 0.10

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control bytes that never occur in text: everything below 0x20 except
# \t \n \v \f \r and ESC (0x1b, used by some terminal captures).
_CONTROL = frozenset(set(range(0x00, 0x20)) - {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B})
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def normalise_text(text: str) -> str:
    """Normalise newlines to ``\\n`` and drop a leading byte-order mark.

    Nothing else in the text is changed.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def bom_encoding(data: bytes) -> str | None:
    """The codec named by a byte-order mark at the start of ``data``, if any."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return enc
    return None


def _bomless_utf16(head: bytes) -> str | None:
    """Guess UTF-16 without a BOM: ASCII-heavy text has NULs on one parity."""
    if len(head) < 8:
        return None
    even, odd = head[0::2], head[1::2]
    even_nul = even.count(0) / len(even)
    odd_nul = odd.count(0) / max(len(odd), 1)
    if odd_nul > 0.6 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.6 and odd_nul < 0.05:
        return "utf-16-be"
    return None


def is_binary(data: bytes) -> bool:
    """Whether ``data`` looks like a binary file rather than text.

    Text with a byte-order mark, or UTF-16 without one, is never binary.
    Otherwise any NUL byte in the first :data:`SNIFF_BYTES` bytes, or a share
    of control bytes above :data:`CONTROL_SHARE_BINARY`, means binary.
    """
    head = data[:SNIFF_BYTES]
    if not head or bom_encoding(head) or _bomless_utf16(head):
        return False
    if b"\x00" in head:
        return True
    n_control = sum(1 for b in head if b in _CONTROL)
    return n_control / len(head) > CONTROL_SHARE_BINARY


def decode_bytes(data: bytes, encoding: str | None = None, *, html: bool = False) -> tuple[str, str]:
    """Decode file bytes to text.

    Parameters
    ----------
    data : bytes
        The file's content.
    encoding : str, optional
        Force this codec (undecodable bytes are replaced). By default: a
        byte-order mark (UTF-8, UTF-16, UTF-32), then UTF-16 without a BOM,
        then strict UTF-8, then (HTML only) the page's ``<meta charset>``,
        then cp1252, then latin-1 (which decodes anything).
    html : bool, default False
        Look for a ``<meta charset=...>`` declaration before the fallbacks.

    Returns
    -------
    text : str
        The decoded text, newlines normalised and BOM dropped.
    used : str
        The codec that decoded it.
    """
    if encoding is not None:
        return normalise_text(data.decode(encoding, errors="replace")), encoding
    candidates: list[str] = []
    enc = bom_encoding(data[:4]) or _bomless_utf16(data[:SNIFF_BYTES])
    if enc:
        candidates.append(enc)
    candidates.append("utf-8")
    if html:
        m = _META_CHARSET.search(data[:4096])
        if m:
            candidates.append(m.group(1).decode("ascii", "replace").lower())
    candidates += ["cp1252", "latin-1"]
    for enc in candidates:
        try:
            return normalise_text(data.decode(enc)), enc
        except (UnicodeDecodeError, LookupError):
            continue
    raise AssertionError("unreachable: latin-1 decodes every byte string")  # pragma: no cover
