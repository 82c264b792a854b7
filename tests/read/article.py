"""The sample article as blocks, and the same article written the way real tools write it.

`blocks()` reads tests/data/samples/vitamin-d-magnesium-article.txt (the sample article) into
headings, paragraphs (with their flattened citation markers split out as superscripts), bullets and
the 40 reference entries. Each writer below renders those blocks into one format with the library
a real author's tool would use (python-docx for Word, reportlab for a typeset two-column PDF), so
that a test can assert: every format gives the entries and the cited numbers of the text version.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"
ARTICLE = DATA / "samples" / "vitamin-d-magnesium-article.txt"

# a flattened superscript marker: "decade.1", "health.2,3", "include:2,8,9,20,21", "vitamin D.10-12"
_MARK = re.compile(r"(?<=[A-Za-z\u00C0-\u024F)\]%][.,;:!?])(\d{1,3}(?:[-,]\d{1,3})*)(?=\s|$)")
_ENTRY = re.compile(r"^\s*(\d+)\.\s+(.*)$")


@dataclass(frozen=True)
class Block:
    kind: str  # "h" heading, "p" paragraph, "li" bullet, "ref" reference entry
    parts: tuple[tuple[str, bool], ...]  # (text, is_superscript_marker)
    n: int | None = None  # entry number for "ref"
    doi: str | None = None  # for "ref": a DOI written after the entry (linked in DOCX/PDF)

    @property
    def text(self) -> str:
        return "".join(t for t, _ in self.parts)


def _split_marks(line: str) -> tuple[tuple[str, bool], ...]:
    out: list[tuple[str, bool]] = []
    pos = 0
    for m in _MARK.finditer(line):
        if m.start() > pos:
            out.append((line[pos : m.start()], False))
        out.append((m.group(1), True))
        pos = m.end()
    if pos < len(line):
        out.append((line[pos:], False))
    return tuple(out)


def sample_dois() -> dict[int, str]:
    """The real DOIs of the sample entries (from the fixture records), by entry number."""
    from tests.fakes.sample_records import SAMPLE_BY_N

    return {n: w.doi for n, w in SAMPLE_BY_N.items() if w.doi}


def blocks(with_dois: bool = False) -> list[Block]:
    dois = sample_dois() if with_dois else {}
    out: list[Block] = []
    for line in ARTICLE.read_text(encoding="utf-8").splitlines():
        s = line.strip()
        if not s:
            continue
        m = _ENTRY.match(line)
        if m:
            n = int(m.group(1))
            out.append(Block("ref", ((m.group(2), False),), n=n, doi=dois.get(n)))
        elif s.startswith("\u2022"):
            out.append(Block("li", _split_marks(s.lstrip("\u2022 ").strip())))
        elif len(s) < 70 and not re.search(r"[.!?:]\d*$", s):
            out.append(Block("h", ((s, False),)))
        else:
            out.append(Block("p", _split_marks(s)))
    return out


def entry_text(b: Block) -> str:
    return b.text + (f" doi:{b.doi}" if b.doi else "")


def to_text(bl: list[Block]) -> str:
    """The plain-text version (superscripts flattened, as in the sample file)."""
    lines = []
    for b in bl:
        if b.kind == "ref":
            lines.append(f"  {b.n}. {entry_text(b)}")
        elif b.kind == "li":
            lines.append(f"  \u2022 {b.text}")
        else:
            lines.append(b.text)
        lines.append("")
    return "\n".join(lines)


# --------------------------------------------------------------------------- DOCX (python-docx)


def add_hyperlink(paragraph, url: str, text: str) -> None:
    """A real Word hyperlink: <w:hyperlink r:id=…><w:r><w:rPr><w:rStyle w:val="Hyperlink"/>…"""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    r_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    h = OxmlElement("w:hyperlink")
    h.set(qn("r:id"), r_id)
    r = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "Hyperlink")
    rpr.append(style)
    r.append(rpr)
    t = OxmlElement("w:t")
    t.text = text
    t.set(qn("xml:space"), "preserve")
    r.append(t)
    h.append(r)
    paragraph._p.append(h)


def to_docx(bl: list[Block]) -> bytes:
    """Word's way: headings styled, citation numbers as superscript runs, the list auto-numbered
    ("List Number", numbering.xml) and each DOI a hyperlink to https://doi.org/…"""
    import docx

    d = docx.Document()
    for b in bl:
        if b.kind == "h":
            d.add_heading(b.text, level=2)
        elif b.kind == "ref":
            p = d.add_paragraph(style="List Number")
            p.add_run(b.text + (" doi:" if b.doi else ""))
            if b.doi:
                add_hyperlink(p, f"https://doi.org/{b.doi}", b.doi)
        else:
            p = d.add_paragraph(style="List Bullet" if b.kind == "li" else None)
            for t, sup in b.parts:
                r = p.add_run(t)
                r.font.superscript = sup or None
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


# --------------------------------------------------------------------------- PDF (reportlab)

HEADER = "Life Extension Magazine \u2022 The Vitamin D-Magnesium Connection"


def _fonts() -> None:
    """Embedded TrueType fonts (with a ToUnicode map), as typesetting software writes them."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if "Vera" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("Vera", "Vera.ttf"))
        pdfmetrics.registerFont(TTFont("VeraBd", "VeraBd.ttf"))


def to_pdf(bl: list[Block], hyphenate: bool = True) -> bytes:
    """A typeset two-column article: running header, 'Page N of M'-style footer on every page,
    justified text with superscript citation numbers, a one-column title, hyphenation at line ends
    (reportlab + pyphen, as typesetting software does), DOIs linked."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import BaseDocTemplate, Frame, FrameBreak, NextPageTemplate, PageTemplate, Paragraph
    from xml.sax.saxutils import escape

    try:
        import pyphen  # noqa: F401

        hy = "en_US" if hyphenate else None
    except ImportError:  # pragma: no cover
        hy = None
    _fonts()
    buf = io.BytesIO()
    W, H = A4
    margin, gap = 18 * mm, 8 * mm
    colw = (W - 2 * margin - gap) / 2
    top = H - margin - 10 * mm
    height = top - margin - 8 * mm

    def decorate(canvas, doc):
        canvas.saveState()
        canvas.setFont("Vera", 8)
        canvas.drawString(margin, H - margin + 2 * mm, HEADER)
        canvas.line(margin, H - margin, W - margin, H - margin)
        canvas.drawCentredString(W / 2, margin - 6 * mm, f"Page {doc.page}")
        canvas.drawRightString(W - margin, margin - 6 * mm, "lifeextension.com")
        canvas.restoreState()

    title_h = 30 * mm
    first = [
        Frame(margin, top - title_h, W - 2 * margin, title_h, id="title"),
        Frame(margin, margin + 8 * mm, colw, height - title_h, id="l1"),
        Frame(margin + colw + gap, margin + 8 * mm, colw, height - title_h, id="r1"),
    ]
    later = [
        Frame(margin, margin + 8 * mm, colw, height, id="l"),
        Frame(margin + colw + gap, margin + 8 * mm, colw, height, id="r"),
    ]
    doc = BaseDocTemplate(buf, pagesize=A4, title="The Vitamin D-Magnesium Connection")
    doc.addPageTemplates([PageTemplate("first", first, onPage=decorate), PageTemplate("later", later, onPage=decorate)])
    body = ParagraphStyle("body", fontName="Vera", fontSize=9.5, leading=11.5, alignment=4, spaceAfter=5, hyphenationLang=hy)
    head = ParagraphStyle("head", fontName="VeraBd", fontSize=10.5, leading=13, spaceBefore=6, spaceAfter=4)
    title = ParagraphStyle("title", fontName="VeraBd", fontSize=18, leading=22)
    bullet = ParagraphStyle("bullet", parent=body, leftIndent=10, bulletIndent=2, bulletFontName="Vera")
    ref = ParagraphStyle("ref", fontName="Vera", fontSize=8, leading=9.5, leftIndent=12, firstLineIndent=-12, spaceAfter=2, alignment=0, hyphenationLang=hy)
    story: list = []
    first_heading = True
    for b in bl:
        if b.kind == "h" and first_heading:
            story += [Paragraph(escape(b.text), title)]
            first_heading = False
            continue
        if b.kind == "h" and len(story) == 1:
            story += [Paragraph(escape(b.text), head), FrameBreak(), NextPageTemplate("later")]
            continue
        if b.kind == "ref":
            link = f' doi:<a href="https://doi.org/{escape(b.doi)}">{escape(b.doi)}</a>' if b.doi else ""
            story.append(Paragraph(f"{b.n}. {escape(b.text)}{link}", ref))
            continue
        markup = "".join(f"<super>{escape(t)}</super>" if sup else escape(t) for t, sup in b.parts)
        if b.kind == "h":
            story.append(Paragraph(markup, head))
        elif b.kind == "li":
            story.append(Paragraph(markup, bullet, bulletText="\u2022"))
        else:
            story.append(Paragraph(markup, body))
    doc.build(story)
    return buf.getvalue()
