"""Inputs refcheck cannot read, recognised so the refusal names them and says what to export.

Asked after every real reader and before plain text; it claims no extension, so a folder walk
does not pick such files up as manuscripts. Its `read` always refuses (exit 2, one line).
"""

from __future__ import annotations

import io
import zipfile

from refcheck.errors import InputError
from refcheck.read.document import Document, label_of
from refcheck.read.registry import Reader

_IMAGE_MAGIC = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
)
_IMAGE_EXT = (".png", ".jpg", ".jpeg", ".gif", ".tif", ".tiff", ".bmp", ".webp", ".heic")
_OCR = "run OCR on it first (e.g. ocrmypdf makes a PDF with a text layer) or export the manuscript as DOCX or PDF"
_ODF = {
    b"application/vnd.oasis.opendocument.spreadsheet": "an OpenDocument spreadsheet (ODS)",
    b"application/vnd.oasis.opendocument.presentation": "an OpenDocument presentation (ODP)",
    b"application/vnd.oasis.opendocument.graphics": "an OpenDocument drawing (ODG)",
    b"application/epub+zip": "an EPUB e-book",
}


def what(data: bytes, name: str) -> str | None:
    """The refusal for `data`, or None when it is not a kind this module knows."""
    low = name.lower()
    for magic, kind in _IMAGE_MAGIC:
        if data.startswith(magic):
            return f"binary input ({kind}), not a text document; if it is a scan or a photo of a page, {_OCR}"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        if low.endswith((".xls", ".ppt")):
            return "a legacy Office 97-2003 spreadsheet or presentation, not a manuscript; save the manuscript as DOCX or PDF"
        return "binary input (a legacy Office (OLE) file), not a text document; if it is a Word 97-2003 .doc, open it in Word or LibreOffice and save it as .docx (or export a PDF)"
    if data.startswith(b"{\\rtf") or data.startswith(b"%PDF"):
        return None
    if data[:4] != b"PK\x03\x04":
        return None
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        names = zf.namelist()
    except zipfile.BadZipFile:
        return None
    if "mimetype" in names:
        mime = zf.read("mimetype")[:100].strip()
        if mime in _ODF:
            return f"{_ODF[mime]}, not a text document; save the manuscript as ODT, DOCX or PDF"
    if low.endswith(".pages") or "index.xml" in names or any(n.startswith("Index/Document") for n in names):
        return "an Apple Pages document; in Pages choose File > Export To > Word (.docx) or PDF, and check that file"
    if low.endswith((".xlsx", ".pptx")) or "xl/workbook.xml" in names or "ppt/presentation.xml" in names:
        return "an Excel or PowerPoint file, not a manuscript; save the manuscript as DOCX or PDF"
    files = [n for n in names if not n.endswith("/")]
    if files and all(n.lower().endswith(_IMAGE_EXT) for n in files):
        return f"a ZIP of {len(files)} images (scanned pages?), not a text document; {_OCR}"
    if "word/document.xml" in names or "content.xml" in names:
        return None
    return "a ZIP archive that is not a DOCX or ODT; unpack it and check the manuscript inside"


_BY_EXT = {
    ".pages": "an Apple Pages document; export it from Pages as Word (.docx) or PDF",
    ".doc": "a legacy Word 97-2003 file; save it as .docx (or export a PDF)",
    ".wpd": "a WordPerfect file; save it as .docx, .rtf or PDF",
    ".odp": "a presentation, not a manuscript", ".ods": "a spreadsheet, not a manuscript",
    ".xls": "a spreadsheet, not a manuscript", ".xlsx": "a spreadsheet, not a manuscript",
    ".ppt": "a presentation, not a manuscript", ".pptx": "a presentation, not a manuscript",
    ".zip": "an archive; unpack it and point refcheck at the manuscript inside",
    ".epub": "an e-book; export the manuscript as DOCX or PDF",
}


def why_not_read(name: str) -> str:
    """Why a folder walk passed a file by (from its name alone: the walk does not open it)."""
    ext = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if ext in _IMAGE_EXT:
        return f"an image; {_OCR}"
    return _BY_EXT.get(ext, f"not a format refcheck reads ({ext or 'no extension'}); name it by hand to try it")


def sniff(data: bytes, name: str) -> bool:
    return what(data, name) is not None


def read(data: bytes, name: str) -> Document:
    label = label_of(name)
    raise InputError(f"{label}: {what(data, name) or 'a format refcheck does not read'}")


# no extension (a folder walk does not pick these up) and no label (help texts list what is read)
READER = Reader(name="unsupported", label="", extensions=(), sniff=sniff, read=read, priority=90)
