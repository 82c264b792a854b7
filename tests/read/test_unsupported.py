"""Inputs refcheck cannot read are refused in one line that names them and says what to export."""

import io
import zipfile

import pytest

from refcheck.errors import InputError
from refcheck.read import unsupported


def _zip(members: dict[str, bytes], mimetype: bytes | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        if mimetype:
            z.writestr(zipfile.ZipInfo("mimetype"), mimetype)
        for k, v in members.items():
            z.writestr(k, v)
    return buf.getvalue()


def _png() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("L", (20, 20), 255).save(buf, "PNG")
    return buf.getvalue()


@pytest.mark.parametrize("data, name, says", [
    (lambda: _zip({"Index/Document.iwa": b"\0" * 10, "Metadata/Properties.plist": b"x"}), "paper.pages", "Apple Pages document; in Pages choose File > Export To > Word (.docx) or PDF"),
    (lambda: _zip({"page1.png": _png(), "page2.jpg": b"\xff\xd8\xff"}), "scans.zip", "a ZIP of 2 images (scanned pages?), not a text document; run OCR"),
    (lambda: _png(), "page.png", "binary input (a PNG image), not a text document; if it is a scan or a photo of a page, run OCR"),
    (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500, "old.doc", "Word 97-2003 .doc, open it in Word or LibreOffice and save it as .docx"),
    (lambda: _zip({"content.xml": b"<x/>"}, b"application/vnd.oasis.opendocument.presentation"), "talk.odp", "OpenDocument presentation (ODP)"),
    (lambda: _zip({"xl/workbook.xml": b"<x/>"}), "data.xlsx", "Excel or PowerPoint file"),
    (lambda: _zip({"notes.txt": b"hello"}), "bundle.zip", "a ZIP archive that is not a DOCX or ODT; unpack it"),
])
def test_refusal_names_the_format_and_the_way_forward(data, name, says):
    raw = data()
    assert unsupported.sniff(raw, name)
    with pytest.raises(InputError) as e:
        unsupported.read(raw, name)
    assert str(e.value).startswith(f"{name}: ") and says in str(e.value) and "\n" not in str(e.value)


def test_readable_formats_are_not_claimed():
    import docx

    d = docx.Document()
    d.add_paragraph("x")
    buf = io.BytesIO()
    d.save(buf)
    for raw, name in ((buf.getvalue(), "a.docx"), (b"%PDF-1.4\n", "a.pdf"), (b"{\\rtf1 x}", "a.rtf"), (b"1. Smith J. 2019.", "a.txt")):
        assert not unsupported.sniff(raw, name)
