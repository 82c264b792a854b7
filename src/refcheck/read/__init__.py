"""Reading input: a path or stdin → decoded text and its format, or entries read from structure.

`read_path` / `read_bytes` return a `Document`. Text-like formats (text, markdown, html, docx)
give `text` for the parser to split; structured formats (bibtex, ris, jats) give `references`
directly. Every failure is an `InputError` with one line of message.
"""

from __future__ import annotations

from refcheck.read.core import MAX_BYTES, Document, decode, detect_format, read_bytes, read_path

__all__ = ["MAX_BYTES", "Document", "decode", "detect_format", "read_bytes", "read_path"]
