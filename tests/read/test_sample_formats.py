"""The sample article in every format gives the text version's 40 entries and cited numbers 1-40.

The text version is tests/data/sample-article.txt with each entry's real DOI written after it;
the DOCX carries those DOIs as Word hyperlinks and the citation numbers as superscript runs, the
PDF is typeset in two columns with a running header and footer, superscripts and hyphenation.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from refcheck.parse import parse_document, parse_text
from refcheck.read import docx as docx_reader
from refcheck.read import pdf as pdf_reader
from tests.read import article
from tests.read.office import convert, needs_soffice

ALL = tuple(range(1, 41))


def fields(refs):
    """Every field of every entry, except the line it stood on (formats differ there)."""
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


@pytest.fixture(scope="module")
def pdf_bytes(blocks):
    return article.to_pdf(blocks)


def test_text_version_is_the_sample_list(text_doc):
    listed = Path(__file__).resolve().parents[2] / "references.txt"
    want = [re.sub(r"^\s*\d+\.\s+", "", ln).strip() for ln in listed.read_text(encoding="utf-8").splitlines() if ln.strip()]
    got = [re.sub(r" doi:\S+$", "", r.raw) for r in text_doc.references]
    assert got == want
    assert text_doc.citations.cited == ALL
    assert sum(1 for r in text_doc.references if r.doi) == len(article.sample_dois()) >= 30


def test_docx_with_linked_dois(text_doc, docx_bytes):
    doc = docx_reader.read(docx_bytes, "article.docx")
    assert doc.format == "docx" and doc.warnings == ()
    parsed = parse_document(doc, "article.docx")
    assert fields(parsed.references) == fields(text_doc.references)
    assert parsed.citations.cited == ALL
    assert parsed.citations.cited_not_listed == () and parsed.citations.listed_not_cited == ()
    dois = article.sample_dois()
    assert {r.n: r.doi for r in parsed.references if r.doi} == {n: d.lower() for n, d in dois.items()}


def test_docx_hyperlinks_really_are_links(docx_bytes):
    """The DOIs live only inside <w:hyperlink> (what python-docx's paragraph runs skip)."""
    import docx

    d = docx.Document(__import__("io").BytesIO(docx_bytes))
    p = next(p for p in d.paragraphs if p.text.startswith("Rooney MR"))
    assert "".join(r.text for r in p.runs).endswith("doi:")
    assert p._p.xpath("./w:hyperlink")


def test_two_column_pdf(text_doc, pdf_bytes):
    doc = pdf_reader.read(pdf_bytes, "article.pdf")
    assert doc.format == "pdf"
    parsed = parse_document(doc, "article.pdf")
    assert fields(parsed.references) == fields(text_doc.references)
    assert parsed.citations.cited == ALL
    assert parsed.citations.cited_not_listed == () and parsed.citations.listed_not_cited == ()


def _pdfminer_lines(data: bytes) -> list[tuple[float, float, str]]:
    import io

    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTTextLine

    out = []

    def walk(o):
        if isinstance(o, LTTextLine):
            out.append((o.x0, page.width, o.get_text().strip()))
        elif hasattr(o, "__iter__"):
            for c in o:
                walk(c)

    for page in extract_pages(io.BytesIO(data)):
        walk(page)
    return out


def test_pdf_is_really_two_columns_with_running_heads(pdf_bytes):
    """Preconditions of the test above, checked on what pdfminer itself sees."""
    lines = _pdfminer_lines(pdf_bytes)
    right = [t for x0, w, t in lines if x0 > w / 2]
    assert len(right) > 100
    assert sum(1 for _, _, t in lines if t == article.HEADER) >= 4
    assert sum(1 for _, _, t in lines if re.fullmatch(r"Page \d+", t)) >= 4
    assert any(re.search(r"[a-z]-$", t) for _, _, t in lines)  # pyphen hyphenated some words


def test_pdf_drops_headers_footers_and_joins_hyphenated_words(pdf_bytes, blocks):
    text = pdf_reader.read(pdf_bytes, "article.pdf").text
    assert article.HEADER not in text
    assert not re.search(r"^Page \d+$", text, re.M) and "lifeextension.com" not in text
    # pyphen broke words at line ends ("cogni-" / "tive"); every word of the reader's text is a
    # word of the source: no half left, no hyphen kept that was not there, none dropped that was
    hyphenated = [t for _, _, t in _pdfminer_lines(pdf_bytes) if re.search(r"[a-z]-$", t)]
    assert len(hyphenated) >= 5
    source_words = set(re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", article.to_text(blocks)))
    got_words = set(re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", text))
    assert got_words - source_words == set()
    # the body reads as the text version does: paragraph for paragraph (the title block aside)
    want = [re.sub(r"\^", "", ln.strip()) for ln in article.to_text(blocks).splitlines() if ln.strip()]
    got = [re.sub(r"\^", "", ln.strip()) for ln in text.splitlines() if ln.strip()]
    same = len(set(want) & set(got))
    assert same >= len(want) - 3


@needs_soffice
def test_libreoffice_pdf_of_the_docx(text_doc, docx_bytes):
    """One column, list numbers set at a tab stop ("10.Uwitonze"), superscripts as LibreOffice draws them."""
    data = convert(docx_bytes, ".docx", "pdf")
    parsed = parse_document(pdf_reader.read(data, "article.pdf"), "article.pdf")
    assert fields(parsed.references) == fields(text_doc.references)
    assert parsed.citations.cited == ALL
