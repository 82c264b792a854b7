"""DOCX → Document (text), with the ZIP checked for bombs (read.archive) before python-docx opens it."""

from __future__ import annotations

import io
import re

from refcheck.errors import InputError
from refcheck.read.archive import check_zip
from refcheck.read.document import Document, extension_of, label_of
from refcheck.read.registry import Reader
from refcheck.read.textio import is_zip

EXTENSIONS = (".docx", ".docm")
_CITE = re.compile(r"^\s*\[?(\d{1,3}(?:\s*[-\u2013\u2014,]\s*\d{1,3})*)\]?\s*$")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def sniff(data: bytes, name: str) -> bool:
    """A ZIP named .docx, or one whose first entries are Office Open XML's."""
    if not is_zip(data):
        return False
    head = data[:4096]
    return extension_of(name) in EXTENSIONS or b"word/document.xml" in head or b"[Content_Types].xml" in head


def read(data: bytes, name: str) -> Document:
    return read_docx(data, label_of(name))


def read_docx(data: bytes, label: str) -> Document:
    zf = check_zip(data, label, "DOCX")
    if "word/document.xml" not in zf.namelist():
        raise InputError(f"{label}: a ZIP archive without word/document.xml, not a DOCX")
    try:
        import docx  # python-docx
    except ImportError:  # pragma: no cover
        raise InputError("reading DOCX needs python-docx") from None
    try:
        d = docx.Document(io.BytesIO(data))
    except Exception as e:
        raise InputError(f"{label}: not a readable DOCX ({type(e).__name__})") from None
    lines: list[str] = []
    counters: dict[str, int] = {}
    for p in d.paragraphs:
        parts = []
        for run in p.runs:
            t = run.text
            if run.font.superscript and _CITE.match(t or ""):
                parts.append(f"^{_CITE.match(t).group(1)}^")
            else:
                parts.append(t)
        text = "".join(parts) if p.runs else p.text
        numpr = p._p.find(f"{_W}pPr/{_W}numPr")
        style = (p.style.name or "") if p.style is not None else ""
        if text.strip() and (numpr is not None or style.startswith("List Number")):
            key = "x"
            if numpr is not None:
                nid = numpr.find(f"{_W}numId")
                key = nid.get(f"{_W}val") if nid is not None else "x"
            counters[key] = counters.get(key, 0) + 1
            text = f"{counters[key]}. {text}"
        if style.startswith("Heading") or style == "Title":
            lines.append("")
        lines.append(text)
    text = "\n".join(lines).strip()
    if not text:
        raise InputError(f"{label}: the DOCX holds no text")
    return Document(format="docx", text=text + "\n")


READER = Reader(name="docx", label="Word (DOCX)", extensions=EXTENSIONS, sniff=sniff, read=read, priority=10)
