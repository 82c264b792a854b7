"""WordprocessingML as Word, Zotero and Mendeley write it, for python-docx documents in tests."""

from __future__ import annotations

import io
import json
import re
import zipfile

from docx.oxml import parse_xml

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def xml_run(text: str, sup: bool = False) -> str:
    rpr = '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr>' if sup else ""
    return f'<w:r {W_NS}>{rpr}<w:t xml:space="preserve">{_esc(text)}</w:t></w:r>'


def _esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def append(paragraph, xml: str) -> None:
    """Append raw run-level XML (one or more elements) to a python-docx paragraph."""
    wrapper = parse_xml(f"<w:wrap {W_NS}>{xml}</w:wrap>")
    for el in list(wrapper):
        paragraph._p.append(el)


def field_begin(instr: str) -> str:
    return (
        f'<w:r {W_NS}><w:fldChar w:fldCharType="begin"/></w:r>'
        # Word splits long instructions over several instrText runs
        + "".join(f'<w:r {W_NS}><w:instrText xml:space="preserve">{_esc(instr[i:i + 250])}</w:instrText></w:r>' for i in range(0, len(instr), 250))
        + f'<w:r {W_NS}><w:fldChar w:fldCharType="separate"/></w:r>'
    )


def field_end() -> str:
    return f'<w:r {W_NS}><w:fldChar w:fldCharType="end"/></w:r>'


def complex_field(instr: str, result_xml: str) -> str:
    return field_begin(instr) + result_xml + field_end()


def zotero_citation(items: list[dict], shown: str, sup: bool = False, mendeley: bool = False) -> str:
    """A Zotero (or Mendeley) citation field: the CSL-JSON rides in the field instruction."""
    payload = {
        "citationID": "x" + str(abs(hash(shown)) % 10**6),
        "properties": {"formattedCitation": shown, "plainCitation": shown, "noteIndex": 0},
        "citationItems": [
            {"id": it["id"], "uris": [f"http://zotero.org/users/1/items/{it['id']}"], "itemData": it} for it in items
        ],
        "schema": "https://github.com/citation-style-language/schema/raw/master/csl-citation.json",
    }
    head = "ADDIN CSL_CITATION " if mendeley else "ADDIN ZOTERO_ITEM CSL_CITATION "
    return complex_field(head + json.dumps(payload), xml_run(shown, sup))


def insertion(text: str) -> str:
    return f'<w:ins {W_NS} w:id="91" w:author="Editor" w:date="2024-01-02T10:00:00Z">{xml_run(text)}</w:ins>'


def deletion(text: str) -> str:
    return (
        f'<w:del {W_NS} w:id="92" w:author="Editor" w:date="2024-01-02T10:00:00Z">'
        f'<w:r><w:delText xml:space="preserve">{_esc(text)}</w:delText></w:r></w:del>'
    )


def endnote_ref(note_id: int) -> str:
    return f'<w:r {W_NS}><w:rPr><w:rStyle w:val="EndnoteReference"/></w:rPr><w:endnoteReference w:id="{note_id}"/></w:r>'


def with_endnotes(docx_bytes: bytes, notes: dict[int, str]) -> bytes:
    """Add word/endnotes.xml (with Word's separator notes), its relationship and content type."""
    body = "".join(
        f'<w:endnote w:id="{i}"><w:p><w:pPr><w:pStyle w:val="EndnoteText"/></w:pPr>'
        f'<w:r><w:rPr><w:rStyle w:val="EndnoteReference"/></w:rPr><w:endnoteRef/></w:r>'
        f'<w:r><w:t xml:space="preserve"> {_esc(t)}</w:t></w:r></w:p></w:endnote>'
        for i, t in notes.items()
    )
    endnotes = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:endnotes {W_NS}>'
        '<w:endnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:endnote>'
        '<w:endnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:endnote>'
        f"{body}</w:endnotes>"
    )
    src = zipfile.ZipFile(io.BytesIO(docx_bytes))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/word/endnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml"/></Types>',
                )
            elif info.filename == "word/_rels/document.xml.rels":
                data = re.sub(
                    rb"</Relationships>",
                    b'<Relationship Id="rIdEnd1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes" Target="endnotes.xml"/></Relationships>',
                    data,
                )
            z.writestr(info, data)
        z.writestr("word/endnotes.xml", endnotes)
    return out.getvalue()


def append_numpr(paragraph, num_id: int, ilvl: int = 0) -> None:
    """Put a paragraph in list num_id (w:pPr/w:numPr), as Word does for automatic numbering."""
    ppr = paragraph._p.get_or_add_pPr()
    ppr.insert(0, parse_xml(f'<w:numPr {W_NS}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'))
