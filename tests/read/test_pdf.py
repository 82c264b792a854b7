"""PDF: refusals with a way forward, limits, and layouts beyond the sample article."""

from __future__ import annotations

import io
import zlib

import pytest

from refcheck.errors import InputError
from refcheck.parse import parse_document
from refcheck.read import pdf as reader
from tests.read.article import _fonts


def _canvas_pdf(draw, **kw) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, **kw)
    draw(c)
    c.save()
    return buf.getvalue()


def test_scan_without_text_layer_is_refused_with_ocr_advice():
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader

    img = Image.new("L", (1240, 1754), 255)  # a page scanned at 150 dpi: pixels, no text
    dr = ImageDraw.Draw(img)
    for y in range(200, 1500, 40):
        dr.text((120, y), "1. Rooney MR, Harnack L. Trends in Use of High-Dose Vitamin D. JAMA. 2017.", fill=0)

    def draw(c):
        for _ in range(2):
            c.drawImage(ImageReader(img), 0, 0, width=595, height=842)
            c.showPage()

    with pytest.raises(InputError) as e:
        reader.read(_canvas_pdf(draw), "scan.pdf")
    msg = str(e.value)
    assert msg.startswith("scan.pdf: ") and "no text layer" in msg and "OCR" in msg and "\n" not in msg


def test_password_protected_pdf_is_refused():
    from reportlab.lib import pdfencrypt

    def draw(c):
        c.drawString(72, 700, "1. Heaney RP. Vitamin D in health and disease. 2008.")

    data = _canvas_pdf(draw, encrypt=pdfencrypt.StandardEncryption("secret", ownerPassword="owner", canPrint=0))
    with pytest.raises(InputError, match=r"locked.pdf: the PDF is password-protected; save an unprotected copy"):
        reader.read(data, "locked.pdf")


def test_owner_password_only_pdf_is_read():
    """Restrictions without a user password (common on publishers' PDFs) don't stop reading."""
    from reportlab.lib import pdfencrypt

    def draw(c):
        c.drawString(72, 700, "Vitamin D matters [1].")
        c.drawString(72, 660, "References")
        c.drawString(72, 640, "1. Heaney RP. Vitamin D in health and disease. Clin J Am Soc Nephrol. 2008;3(5):1535-41.")

    data = _canvas_pdf(draw, encrypt=pdfencrypt.StandardEncryption("", ownerPassword="owner", canCopy=0))
    parsed = parse_document(reader.read(data, "restricted.pdf"), "restricted.pdf")
    assert parsed.references[0].authors == ("Heaney RP",) and parsed.references[0].pages == "1535-1541"
    assert parsed.citations.cited == (1,)


def test_flate_bomb_is_refused_before_inflating():
    bomb = zlib.compress(b"\0" * (250 * 1024 * 1024), 9)  # 250 MB of zeros in ~250 kB
    data = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R>>endobj\n"
        + f"4 0 obj<</Length {len(bomb)}/Filter/FlateDecode>>stream\n".encode() + bomb + b"\nendstream endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )
    with pytest.raises(InputError, match="would expand to more than 200 MB"):
        reader.read(data, "bomb.pdf")


def test_broken_pdf_is_one_line():
    with pytest.raises(InputError) as e:
        reader.read(b"%PDF-1.7\n1 0 obj<</Type/Catalog/Pages 9 0 R>>\nthis is not a pdf", "broken.pdf")
    assert str(e.value).startswith("broken.pdf: ") and "\n" not in str(e.value)


def test_page_limit(monkeypatch):
    def draw(c):
        for i in range(4):
            c.drawString(72, 700, f"page {i}")
            c.showPage()

    monkeypatch.setattr(reader, "MAX_PAGES", 3)
    with pytest.raises(InputError, match="more than 3 pages"):
        reader.read(_canvas_pdf(draw), "long.pdf")


def test_one_column_with_indented_paragraphs_and_bracket_markers():
    """A manuscript PDF: one column, first-line indents, [n] markers, a References heading,
    entries that wrap with a hanging indent, page numbers at the foot."""
    _fonts()
    body = [
        "Magnesium is needed to activate vitamin D [1], and vitamin D in turn raises",
        "magnesium absorption [2].",
    ]
    refs = [
        ("[1]", "Uwitonze AM, Razzaque MS. Role of Magnesium in Vitamin D Activation and Function."),
        (None, "J Am Osteopath Assoc. 2018;118(3):181-9."),
        ("[2]", "Workinger JL, Doyle RP, Bortz J. Challenges in the Diagnosis of Magnesium Status."),
        (None, "Nutrients. 2018;10(9):1202."),
    ]

    def draw(c):
        c.setFont("Vera", 11)
        y = 760
        for i, ln in enumerate(body):
            c.drawString(72 + (18 if i == 0 else 0), y, ln)
            y -= 14
        c.drawString(72, 60, "1")
        c.showPage()
        c.setFont("VeraBd", 12)
        c.drawString(72, 760, "References")
        c.setFont("Vera", 11)
        y = 736
        for mark, ln in refs:
            if mark:
                c.drawString(72, y, f"{mark} {ln}")
            else:
                c.drawString(96, y, ln)
            y -= 14
        c.drawString(72, 60, "2")
        c.showPage()

    parsed = parse_document(reader.read(_canvas_pdf(draw), "ms.pdf"), "ms.pdf")
    a, b = parsed.references
    assert a.raw == "Uwitonze AM, Razzaque MS. Role of Magnesium in Vitamin D Activation and Function. J Am Osteopath Assoc. 2018;118(3):181-9."
    assert (a.journal, a.volume, a.pages) == ("J Am Osteopath Assoc", "118", "181-189")
    assert (b.authors[-1], b.year, b.pages) == ("Bortz J", 2018, "1202")
    assert parsed.citations.cited == (1, 2)


def test_submitted_manuscript_with_line_numbers_in_the_margin():
    """Journals ask for numbered lines; the numbers stand in the margin and must not enter the text."""
    _fonts()
    lines = [
        "Magnesium is needed to activate vitamin D [1].",
        "",
        "References",
        "1. Uwitonze AM, Razzaque MS. Role of Magnesium in Vitamin D Activation and",
        "    Function. J Am Osteopath Assoc. 2018;118(3):181-9.",
        "2. Workinger JL, Doyle RP, Bortz J. Challenges in the Diagnosis of Magnesium",
        "    Status. Nutrients. 2018;10(9):1202.",
    ]

    def draw(c):
        c.setFont("Vera", 11)
        y = 760
        for i, ln in enumerate(lines, start=1):
            c.drawRightString(60, y, str(i))  # the line number, in the left margin
            if ln:
                c.drawString(72 + (14 if ln.startswith("    ") else 0), y, ln.strip())
            y -= 16 if ln else 22
        c.showPage()

    doc = reader.read(_canvas_pdf(draw), "submitted.pdf")
    parsed = parse_document(doc, "submitted.pdf")
    a, b = parsed.references
    assert a.raw == "Uwitonze AM, Razzaque MS. Role of Magnesium in Vitamin D Activation and Function. J Am Osteopath Assoc. 2018;118(3):181-9."
    assert b.raw == "Workinger JL, Doyle RP, Bortz J. Challenges in the Diagnosis of Magnesium Status. Nutrients. 2018;10(9):1202."
    assert parsed.citations.cited == (1,) and parsed.citations.listed_not_cited == (2,)
