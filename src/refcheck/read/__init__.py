"""Reading input: a path or stdin → a `Document` (decoded text and its format, or entries read
from structure).

`read_path` / `read_bytes` return a `Document`. Text-like formats (text, markdown, html, docx)
give `text` for the parser to split; structured formats (bibtex, ris, jats) give `references`
directly. Each format is one module with a `READER` (see `registry`); every failure is an
`InputError` with one line of message.
"""

from __future__ import annotations

from refcheck.read.core import detect_format, read_bytes, read_path
from refcheck.read.document import MAX_BYTES, Document
from refcheck.read.registry import Reader
from refcheck.read.textio import decode

__all__ = ["MAX_BYTES", "Document", "Reader", "decode", "detect_format", "read_bytes", "read_path"]
