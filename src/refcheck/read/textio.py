"""Bytes → text for the text-like readers, and the cheap look at the head that their sniffs share.

Binary input is recognised here once (magic numbers, ZIP, NUL bytes), so that a text reader's
sniff never claims a PNG and the refusal message is the same whichever reader was asked.
"""

from __future__ import annotations

import re

from refcheck.errors import InputError

HEAD = 20000  # characters a sniff looks at (as the format detection always has)

_MAGIC = (
    (b"PK\x03\x04", "a ZIP archive"),
    (b"%PDF", "a PDF file"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\xd0\xcf\x11\xe0", "a legacy Office (OLE) file"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "an executable"),
)
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def is_zip(data: bytes) -> bool:
    return data[:4] == b"PK\x03\x04"


def binary_kind(data: bytes) -> str | None:
    """'a PDF file', 'a ZIP archive', … for input no text reader may take; None for text."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return what
    if not data.startswith(_UTF16_BOMS) and b"\x00" in data[: HEAD * 4]:
        return "NUL bytes"
    return None


def text_head(data: bytes, limit: int | None = HEAD) -> str | None:
    """The first `limit` characters (None: all), stripped on the left, for sniffing; None for
    binary input."""
    if binary_kind(data) is not None:
        return None
    if data.startswith(_UTF16_BOMS):
        chunk = data if limit is None else data[: limit * 2 + 2]
        text = chunk.decode("utf-16", errors="replace").lstrip("\ufeff")
    else:
        data = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
        text = (data if limit is None else data[: limit * 4]).decode("utf-8", errors="replace")
    text = text if limit is None else text[:limit]
    return text.replace("\r\n", "\n").replace("\r", "\n").lstrip()


# Markup signatures shared by the HTML and JATS sniffs (each asks about the other's).
HTML_TAGS = re.compile(r"<(?:!doctype html|html|body|p|div|ol|ul|li|h[1-6]|sup|br|span|a\s)[\s>/]", re.I)
JATS_TAGS = re.compile(r"<(?:ref-list|article[\s>]|element-citation|mixed-citation)", re.I)


def is_xml(head: str, ext: str) -> bool:
    """Named .xml or opening with an XML declaration: JATS unless it is plainly HTML."""
    return ext == ".xml" or head.startswith("<?xml")


def decode(data: bytes, label: str = "input") -> tuple[str, tuple[str, ...]]:
    """UTF-8 (BOM or not), UTF-16 with BOM, else cp1252 with a warning. NUL bytes mean binary."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith(_UTF16_BOMS):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(f"{label}: invalid UTF-16 text") from None
        return _check_text(text.lstrip("\ufeff"), label), ()
    if b"\x00" in data:
        raise InputError(f"{label}: binary input (NUL bytes), not a text document")
    try:
        return _check_text(data.decode("utf-8"), label), ()
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1252", errors="replace")
    return _check_text(text, label), (f"{label}: not valid UTF-8; read as Windows-1252 (cp1252)",)


def _check_text(text: str, label: str) -> str:
    if "\x00" in text:
        raise InputError(f"{label}: binary input (NUL bytes), not a text document")
    sample = text[:65536]
    if sample and len(_CONTROL.findall(sample)) > max(8, len(sample) // 100):
        raise InputError(f"{label}: binary input (control bytes), not a text document")
    if not text.strip():
        raise InputError(f"{label}: empty input")
    return text.replace("\r\n", "\n").replace("\r", "\n")
