"""ODT, Flat ODT and RTF, written by LibreOffice from the Word files (the real converter), and by
hand in the shapes Word and LibreOffice write."""

from __future__ import annotations

import dataclasses
import io
import zipfile

import docx
import pytest

from refcheck.errors import InputError
from refcheck.parse import parse_document, parse_text
from refcheck.read import odt, rtf
from tests.read import article, wordml
from tests.read.article import add_hyperlink
from tests.read.office import convert, needs_soffice

ALL = tuple(range(1, 41))


def fields(refs):
    return [dataclasses.replace(r, line=None) for r in refs]


@pytest.fixture(scope="module")
def blocks():
    return article.blocks(with_dois=True)


@pytest.fixture(scope="module")
def text_doc(blocks):
    return parse_text(article.to_text(blocks), "article.txt")


@pytest.fixture(scope="module")
def docx_bytes(blocks):
    return article.to_docx(blocks)


@needs_soffice
@pytest.mark.parametrize("fmt, reader", [("odt", odt), ("fodt", odt), ("rtf", rtf)])
def test_sample_article_converted_by_libreoffice(fmt, reader, text_doc, docx_bytes):
    data = convert(docx_bytes, ".docx", fmt)
    assert reader.sniff(data, f"article.{fmt}")
    doc = reader.read(data, f"article.{fmt}")
    parsed = parse_document(doc, f"article.{fmt}")
    assert fields(parsed.references) == fields(text_doc.references)
    assert parsed.citations.cited == ALL and parsed.citations.listed_not_cited == ()


def _manuscript() -> bytes:
    """A Word manuscript with what editors leave in it: a tracked change, a link whose text is
    not its URL, endnote citations and superscript numbers."""
    d = docx.Document()
    p = d.add_paragraph("Magnesium activates vitamin D")
    wordml.append(p, wordml.xml_run("1", sup=True) + wordml.xml_run(" and helps its transport."))
    wordml.append(p, wordml.xml_run("2,3", sup=True))
    d.add_heading("References", level=1)
    p = d.add_paragraph("Uwitonze AM, Razzaque MS. Role of Magnesium in Vitamin D Activation and Function. J Am Osteopath Assoc. ", style="List Number")
    wordml.append(p, wordml.deletion("2017") + wordml.insertion("2018") + wordml.xml_run(";118(3):181-9."))
    p = d.add_paragraph("National Institutes of Health. Magnesium fact sheet. Available at: ", style="List Number")
    add_hyperlink(p, "https://ods.od.nih.gov/factsheets/Magnesium-HealthProfessional/", "ODS website")
    p.add_run(". Accessed April 27, 2021.")
    p = d.add_paragraph("Workinger JL, Doyle RP, Bortz J. Challenges in the Diagnosis of Magnesium Status. Nutrients. 2018;10(9):1202.", style="List Number")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _check_manuscript(parsed):
    a, web, c = parsed.references
    assert (a.n, a.year, a.pages) == (1, 2018, "181-189") and "2017" not in a.raw
    assert (web.n, web.type, web.url) == (2, "web", "https://ods.od.nih.gov/factsheets/Magnesium-HealthProfessional/")
    assert (c.n, c.authors[0], c.volume) == (3, "Workinger JL", "10")
    assert parsed.citations.cited == (1, 2, 3)


def test_word_manuscript_features():
    from refcheck.read import docx as docx_reader

    _check_manuscript(parse_document(docx_reader.read(_manuscript(), "m.docx"), "m.docx"))


@needs_soffice
@pytest.mark.parametrize("fmt, reader", [("odt", odt), ("rtf", rtf)])
def test_manuscript_features_survive_libreoffice(fmt, reader):
    data = convert(_manuscript(), ".docx", fmt)
    _check_manuscript(parse_document(reader.read(data, f"m.{fmt}"), f"m.{fmt}"))


FODT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:xlink="http://www.w3.org/1999/xlink" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:automatic-styles>
 <style:style style:name="T1" style:family="text"><style:text-properties style:text-position="super 58%"/></style:style>
 <text:list-style style:name="L1"><text:list-level-style-number text:level="1" style:num-prefix="[" style:num-suffix="]" style:num-format="1"/></text:list-style>
</office:automatic-styles>
<office:body><office:text>
<text:tracked-changes><text:changed-region text:id="ct1"><text:deletion><text:p>1999</text:p></text:deletion></text:changed-region></text:tracked-changes>
<text:p>Vitamin D needs magnesium<text:span text:style-name="T1">1</text:span>, as trials show<text:note text:id="ftn1" text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>See also the review<text:span text:style-name="T1">2</text:span>.</text:p></text:note-body></text:note>.</text:p>
<text:h text:outline-level="1">References</text:h>
<text:list text:style-name="L1">
 <text:list-item><text:p>Dai Q, Zhu X, Manson JE, et al. Magnesium status and supplementation influence vitamin D status and metabolism: results from a randomized trial. Am J Clin Nutr. <text:change text:change-id="ct1"/>2018;108(6):1249-58. doi:<text:a xlink:type="simple" xlink:href="https://doi.org/10.1093/ajcn/nqy274">10.1093/ajcn/nqy274</text:a></text:p></text:list-item>
 <text:list-item><text:p>Rosanoff A, Dai Q, Shapses SA. Essential Nutrient Interactions. Adv Nutr.<text:s/>2016;7(1):25-43.</text:p></text:list-item>
</text:list>
</office:text></office:body></office:document>
"""


def test_flat_odt_as_libreoffice_writes_it():
    data = FODT.encode()
    assert odt.sniff(data, "m.fodt")
    doc = odt.read(data, "m.fodt")
    parsed = parse_document(doc, "m.fodt")
    a, b = parsed.references
    assert a.raw.startswith("Dai Q") and a.doi == "10.1093/ajcn/nqy274" and a.year == 2018 and "1999" not in doc.text
    assert (b.n, b.journal, b.pages) == (2, "Adv Nutr", "25-43")
    assert "[1] Dai Q" in doc.text  # the list style's prefix and suffix
    assert parsed.citations.cited == (1, 2)  # 2 is cited in the footnote only


def test_odt_refusals():
    with pytest.raises(InputError, match="DOCTYPE or entities"):
        odt.read(FODT.replace("<office:document", '<!DOCTYPE x [<!ENTITY a "b">]><office:document', 1).encode(), "e.fodt")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<x/>")
    with pytest.raises(InputError, match=r"a spreadsheet \(ODS\), not a text document; save the manuscript as ODT, DOCX or PDF"):
        odt.read(buf.getvalue(), "s.ods")


WORD_RTF = r"""{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0\froman Times New Roman;}}{\colortbl;\red0\green0\blue0;}
{\stylesheet{\s0 Normal;}}{\*\generator Microsoft Word 16;}{\info{\title Manuscript}}
{\header \pard Running head: vitamin D\par}{\footer \pard Page {\field{\*\fldinst PAGE}{\fldrslt 1}}\par}
\pard Vitamin D needs magnesium{\super 1,2} in caf\'e9s and \u8220\'93quotes\u8221\'94.{\*\bkmkstart x}{\*\bkmkend x} 
Also {\deleted old text }kept{\up6 3}.\chftn{\footnote \pard{\super\chftn} Unrelated aside.\par}\par
\pard References\par
\pard{\listtext 1.\tab}Rooney MR, Harnack L. Trends in Use of High-Dose Vitamin D Supplements. JAMA. 2017;317(23):2448-50. {\field{\*\fldinst HYPERLINK "https://doi.org/10.1001/jama.2017.4392"}{\fldrslt doi:10.1001/jama.2017.4392}}\par
\pard{\listtext 2.\tab}Cannell JJ, Hollis BW. Use of vitamin D in clinical practice. Altern Med Rev. 2008;13(1):6-20.\par
\pard{\listtext 3.\tab}World Health Organization. Vitamin D. Available at: {\field{\*\fldinst HYPERLINK "https://www.who.int/vitd"}{\fldrslt WHO}}. Accessed April 27, 2021.\par
{\pict\pngblip 89504e470d0a1a0a}}
"""


def test_rtf_as_word_writes_it():
    doc = rtf.read(WORD_RTF.encode("ascii"), "m.rtf")
    assert "Running head" not in doc.text and "Page" not in doc.text and "old text" not in doc.text
    assert "caf\u00e9s and \u201cquotes\u201d" in doc.text
    parsed = parse_document(doc, "m.rtf")
    a, b, c = parsed.references[:3]
    assert (a.n, a.doi, a.pages) == (1, "10.1001/jama.2017.4392", "2448-2450")
    assert (b.n, b.journal) == (2, "Altern Med Rev")
    assert (c.n, c.url, c.type) == (3, "https://www.who.int/vitd", "web")
    assert set(parsed.citations.cited) >= {1, 2, 3}


def test_rtf_limits():
    with pytest.raises(InputError, match="nested deeper"):
        rtf.read(b"{\\rtf1 " + b"{" * 600 + b"x" + b"}" * 600 + b"}", "deep.rtf")
    with pytest.raises(InputError, match="holds no text"):
        rtf.read(b"{\\rtf1{\\fonttbl{\\f0 Arial;}}}", "empty.rtf")
