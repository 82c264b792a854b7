"""Plain text: the fallback reader, for whatever text no other reader claims."""

from __future__ import annotations

from refcheck.read.document import Document, label_of
from refcheck.read.registry import Reader
from refcheck.read.textio import decode, text_head


def sniff(data: bytes, name: str) -> bool:
    return text_head(data) is not None


def read(data: bytes, name: str) -> Document:
    text, warnings = decode(data, label_of(name))
    return Document(format="text", text=text, warnings=warnings)


READER = Reader(
    name="text", label="plain text", extensions=(".txt", ".text"), sniff=sniff, read=read, fallback=True
)
