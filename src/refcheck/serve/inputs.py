"""An upload or a pasted list → bytes, a safe display name, and a parsed document.

The input is read and parsed when it arrives (no network: milliseconds), so an unreadable file
(binary, a zip bomb, no reference list) gets its one-line message on the page at once instead
of a failed check later. The same readers as `refcheck verify` do it, with all their limits.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass

from refcheck.errors import InputError
from refcheck.model import ParsedDocument

PASTED = "pasted list.txt"
_UNSAFE = re.compile(r"[^\w .()+,-]+", re.UNICODE)


@dataclass(frozen=True)
class Accepted:
    name: str  # display label: a sanitised base name, never used as a path
    kind: str  # "file" or "text"
    data: bytes
    sha256: str
    doc: ParsedDocument


def safe_name(name: str | None) -> str:
    """A label from a client-supplied file name: base name only, no control or path characters,
    at most 120 characters, extension kept (the readers use it to tell formats apart)."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = unicodedata.normalize("NFC", base)
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")
    base = _UNSAFE.sub("_", base).strip(" ._") or "upload"
    stem, ext = os.path.splitext(base)
    ext = ext[:12].lower() if re.fullmatch(r"\.[a-z0-9]{1,10}", ext, re.I) else ""
    return (stem[: 120 - len(ext)] or "upload") + ext


def parse_bytes(data: bytes, name: str) -> ParsedDocument:
    """Bytes → ParsedDocument through refcheck's readers (every reader's limits apply)."""
    from refcheck.parse import parse_document
    from refcheck.read import read_bytes

    return parse_document(read_bytes(data, name), name)


def accept_file(data: bytes, filename: str | None) -> Accepted:
    name = safe_name(filename)
    return _accept(data, name, "file")


def accept_text(text: str) -> Accepted:
    if not text or not text.strip():
        raise InputError("the pasted text is empty")
    return _accept(text.encode("utf-8"), PASTED, "text")


def _accept(data: bytes, name: str, kind: str) -> Accepted:
    if not data:
        raise InputError(f"{name}: empty file")
    doc = parse_bytes(data, name)
    if not doc.references:
        raise InputError(f"{name}: no reference list found")
    return Accepted(name=name, kind=kind, data=data, sha256=hashlib.sha256(data).hexdigest(), doc=doc)
