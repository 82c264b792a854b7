"""DOCX → Document (text), with the ZIP checked for bombs before python-docx opens it."""

from __future__ import annotations

import io
import re
import zipfile

from refcheck.errors import InputError

MAX_UNCOMPRESSED = 50 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed, per member (ordinary XML compresses ~10-30x)
MAX_MEMBERS = 5000
_CITE = re.compile(r"^\s*\[?(\d{1,3}(?:\s*[-\u2013\u2014,]\s*\d{1,3})*)\]?\s*$")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def check_zip(data: bytes, label: str) -> None:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise InputError(f"{label}: not a valid DOCX (corrupt ZIP)") from None
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise InputError(f"{label}: DOCX has too many parts ({len(infos)})")
    total = 0
    for info in infos:
        total += info.file_size
        if total > MAX_UNCOMPRESSED:
            raise InputError(f"{label}: DOCX would expand to more than 50 MB; refused")
        if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise InputError(f"{label}: DOCX part {info.filename} has an absurd compression ratio; refused")
    if "word/document.xml" not in zf.namelist():
        raise InputError(f"{label}: a ZIP archive without word/document.xml, not a DOCX")


def read_docx(data: bytes, label: str):
    from refcheck.read.core import Document

    check_zip(data, label)
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
