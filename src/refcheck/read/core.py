"""Bytes → Document: size and binary checks, encodings, format detection, dispatch to readers."""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field

from refcheck.errors import InputError
from refcheck.model import Reference

MAX_BYTES = 50 * 1024 * 1024

_MAGIC = (
    (b"%PDF", "a PDF file"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\xd0\xcf\x11\xe0", "a legacy Office (OLE) file"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "an executable"),
)


@dataclass(frozen=True)
class Document:
    format: str  # text, markdown, html, docx, bibtex, ris, jats
    text: str | None = None  # for text-like formats
    references: tuple[Reference, ...] | None = None  # for structured formats
    cited: frozenset[int] | None = None  # in-text markers found structurally (JATS xref)
    warnings: tuple[str, ...] = field(default=())
    parse_raw: frozenset[int] = frozenset()  # entries (by n) whose text the parser reads; their tags win


def read_path(path: str) -> Document:
    """Read a path, or standard input for '-'."""
    if path == "-":
        data = sys.stdin.buffer.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise InputError("standard input is larger than 50 MB")
        return read_bytes(data, "-")
    if not os.path.exists(path):
        raise InputError(f"{path}: no such file")
    if os.path.isdir(path):
        raise InputError(f"{path}: is a directory, not a file")
    try:
        size = os.path.getsize(path)
        if size > MAX_BYTES:
            raise InputError(f"{path}: file is larger than 50 MB ({size // (1024 * 1024)} MB)")
        with open(path, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except InputError:
        raise
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror or e})") from None
    if len(data) > MAX_BYTES:
        raise InputError(f"{path}: file is larger than 50 MB")
    return read_bytes(data, path)


def read_bytes(data: bytes, name: str = "-") -> Document:
    label = "standard input" if name == "-" else name
    if not data or not data.strip():
        raise InputError(f"{label}: empty input")
    if len(data) > MAX_BYTES:
        raise InputError(f"{label}: input is larger than 50 MB")
    ext = os.path.splitext(name)[1].lower() if name != "-" else ""
    # one module per format (PDF, ODT, RTF, LaTeX, CSL-JSON) and the refusals with a way forward;
    # until the reader registry lands and asks them itself
    from refcheck.read import csljson, latex, odt, pdf, rtf, unsupported

    for mod in (pdf, odt, rtf, latex, csljson):
        if mod.sniff(data, name):
            return mod.read(data, name)
    if unsupported.sniff(data, name):
        return unsupported.read(data, name)
    if data[:4] == b"PK\x03\x04":
        if ext in (".docx", ".docm", "") or b"word/document.xml" in data[:4096] or b"[Content_Types].xml" in data[:4096]:
            from refcheck.read.docx import read_docx

            return read_docx(data, label)
        raise InputError(f"{label}: a ZIP archive, not a text document")
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(f"{label}: binary input ({what}), not a text document")
    text, warnings = decode(data, label)
    fmt = detect_format(text, name)
    if fmt == "html":
        from refcheck.read.html import html_to_text

        return Document(format="html", text=html_to_text(text), warnings=warnings)
    if fmt == "bibtex":
        from refcheck.read.bibtex import read_bibtex

        return Document(format="bibtex", references=read_bibtex(text, label), warnings=warnings)
    if fmt == "ris":
        from refcheck.read.ris import read_ris

        return Document(format="ris", references=read_ris(text, label), warnings=warnings)
    if fmt == "jats":
        from refcheck.read.jats import read_jats_full

        refs, cited, to_parse = read_jats_full(text, label)
        return Document(format="jats", references=refs, cited=cited, warnings=warnings, parse_raw=to_parse)
    return Document(format=fmt, text=text, warnings=warnings)


def decode(data: bytes, label: str = "input") -> tuple[str, tuple[str, ...]]:
    """UTF-8 (BOM or not), UTF-16 with BOM, else cp1252 with a warning. NUL bytes mean binary."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        enc = "utf-8"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(f"{label}: invalid UTF-16 text") from None
        return _check_text(text.lstrip("\ufeff"), label), ()
    else:
        enc = "utf-8"
    if b"\x00" in data:
        raise InputError(f"{label}: binary input (NUL bytes), not a text document")
    try:
        return _check_text(data.decode(enc), label), ()
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1252", errors="replace")
    return _check_text(text, label), (f"{label}: not valid UTF-8; read as Windows-1252 (cp1252)",)


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def _check_text(text: str, label: str) -> str:
    if "\x00" in text:
        raise InputError(f"{label}: binary input (NUL bytes), not a text document")
    sample = text[:65536]
    if sample and len(_CONTROL.findall(sample)) > max(8, len(sample) // 100):
        raise InputError(f"{label}: binary input (control bytes), not a text document")
    if not text.strip():
        raise InputError(f"{label}: empty input")
    return text.replace("\r\n", "\n").replace("\r", "\n")


_EXT = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".bib": "bibtex",
    ".bibtex": "bibtex",
    ".ris": "ris",
    ".nxml": "jats",
    ".jats": "jats",
    ".txt": "text",
    ".text": "text",
}
_BIB = re.compile(r"^\s*@(?:article|book|inbook|incollection|inproceedings|conference|misc|online|techreport|phdthesis|mastersthesis|manual|unpublished|proceedings|string|preamble|comment)\s*[{(]", re.I | re.M)
_RIS = re.compile(r"^TY  - \w+", re.M)
_JATS = re.compile(r"<(?:ref-list|article[\s>]|element-citation|mixed-citation)", re.I)
_HTML = re.compile(r"<(?:!doctype html|html|body|p|div|ol|ul|li|h[1-6]|sup|br|span|a\s)[\s>/]", re.I)
_MD = re.compile(r"^(?:#{1,6}\s+\S|\[\^\d+\]:|[-*]\s+\S.*\]\(|.*\^\d+(?:,\d+)*\^)", re.M)


def detect_format(text: str, name: str = "-") -> str:
    ext = os.path.splitext(name)[1].lower() if name != "-" else ""
    head = text[:20000].lstrip()
    if ext in _EXT:
        fmt = _EXT[ext]
        if fmt != "text":
            return fmt
    if ext == ".xml" or head.startswith("<?xml"):
        if _JATS.search(text):
            return "jats"
        return "html" if _HTML.search(head) else "jats"
    if _RIS.search(head):
        return "ris"
    if _BIB.search(head):
        return "bibtex"
    if head.startswith("<") and _HTML.search(head):
        return "html"
    if _JATS.search(head) and "<ref" in head:
        return "jats"
    if ext in ("", ".txt", ".text") and len(_HTML.findall(head)) >= 3 and head.startswith("<"):
        return "html"
    if _MD.search(head):
        return "markdown"
    return "text"
