"""Markdown: kept as text (the parser reads `^1^` and `[^1]:` markers itself)."""

from __future__ import annotations

import re

from refcheck.read.document import Document, extension_of, label_of
from refcheck.read.registry import Reader
from refcheck.read.textio import decode, text_head

EXTENSIONS = (".md", ".markdown")
_MD = re.compile(r"^(?:#{1,6}\s+\S|\[\^\d+\]:|[-*]\s+\S.*\]\(|.*\^\d+(?:,\d+)*\^)", re.M)


def sniff(data: bytes, name: str) -> bool:
    head = text_head(data)
    return head is not None and (extension_of(name) in EXTENSIONS or bool(_MD.search(head)))


def read(data: bytes, name: str) -> Document:
    text, warnings = decode(data, label_of(name))
    return Document(format="markdown", text=text, warnings=warnings)


READER = Reader(name="markdown", label="Markdown", extensions=EXTENSIONS, sniff=sniff, read=read, priority=80)
