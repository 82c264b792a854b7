"""DOCX as Word, Zotero and Mendeley write it: hyperlinks, fields, tracked changes, notes, CSL."""

from __future__ import annotations

import io

import docx
import pytest

from refcheck.errors import InputError
from refcheck.parse import parse_document
from refcheck.read import docx as reader
from tests.read import wordml
from tests.read.article import add_hyperlink

DAI = {
    "id": "dai2018", "type": "article-journal",
    "title": "Magnesium status and supplementation influence vitamin D status and metabolism: results from a randomized trial",
    "container-title": "The American Journal of Clinical Nutrition", "container-title-short": "Am J Clin Nutr",
    "author": [{"family": "Dai", "given": "Qi"}, {"family": "Zhu", "given": "Xiangzhu"}, {"family": "Manson", "given": "JoAnn E."}],
    "issued": {"date-parts": [[2018, 12, 1]]}, "volume": "108", "issue": "6", "page": "1249-1258",
    "DOI": "10.1093/ajcn/nqy274", "PMID": "30541089",
}
WORKINGER = {
    "id": "work2018", "type": "article-journal", "title": "Challenges in the Diagnosis of Magnesium Status",
    "container-title": "Nutrients", "author": [{"family": "Workinger", "given": "Jayme L."}, {"family": "Doyle", "given": "Robert P."}],
    "issued": {"date-parts": [[2018, 9, 1]]}, "volume": "10", "issue": "9", "page": "1202", "DOI": "10.3390/nu10091202",
}


def save(d) -> bytes:
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def parse(data: bytes):
    doc = reader.read(data, "m.docx")
    return doc, parse_document(doc, "m.docx")


def test_hyperlink_field_and_link_whose_text_is_not_the_url():
    d = docx.Document()
    d.add_paragraph("Vitamin D matters [1]. So does magnesium [2].")
    d.add_heading("References", level=1)
    p = d.add_paragraph("1. World Health Organization. Micronutrient facts. Available at: ")
    wordml.append(p, wordml.complex_field(' HYPERLINK "https://www.who.int/nutrition/topics/micronutrients" \\o "WHO"', wordml.xml_run("WHO website")))
    p.add_run(". Accessed April 27, 2021.")
    p = d.add_paragraph("2. Workinger JL, Doyle RP, Bortz J. Challenges in the Diagnosis of Magnesium Status. Nutrients. 2018;10(9):1202. ")
    add_hyperlink(p, "https://doi.org/10.3390/nu10091202", "https://doi.org/10.3390/nu10091202")
    doc, parsed = parse(save(d))
    web, art = parsed.references
    assert web.url == "https://www.who.int/nutrition/topics/micronutrients" and web.type == "web"
    assert "WHO website <https://www.who.int/nutrition/topics/micronutrients>" in web.raw
    assert art.doi == "10.3390/nu10091202" and art.raw.count("10.3390/nu10091202") == 1  # not written twice
    assert parsed.citations.cited == (1, 2)
    assert doc.warnings == ()


def test_simple_field_result_is_read():
    d = docx.Document()
    p = d.add_paragraph("1. Heaney RP. Vitamin D in health and disease. Clin J Am Soc Nephrol. 2008;3(5):1535-41. ")
    wordml.append(p, f'<w:fldSimple {wordml.W_NS} w:instr=" HYPERLINK &quot;https://doi.org/10.2215/CJN.01160308&quot; ">{wordml.xml_run("doi:10.2215/CJN.01160308")}</w:fldSimple>')
    _, parsed = parse(save(d))
    assert parsed.references[0].doi == "10.2215/cjn.01160308"
    assert parsed.references[0].pages == "1535-1541"


def test_link_text_and_target_disagree_is_a_warning():
    d = docx.Document()
    p = d.add_paragraph("1. Workinger JL. Challenges in the Diagnosis of Magnesium Status. Nutrients. 2018;10(9):1202. doi:")
    add_hyperlink(p, "https://doi.org/10.1093/ajcn/nqy274", "10.3390/nu10091202")
    doc, parsed = parse(save(d))
    assert parsed.references[0].doi == "10.3390/nu10091202"  # the DOI as printed is what is cited
    assert len(doc.warnings) == 1
    assert "10.3390/nu10091202" in doc.warnings[0] and "10.1093/ajcn/nqy274" in doc.warnings[0]


def test_tracked_changes_keep_insertions_and_drop_deletions():
    d = docx.Document()
    p = d.add_paragraph("1. Workinger JL, Doyle RP, Bortz J. Challenges in the Diagnosis of Magnesium Status. Nutrients. ")
    wordml.append(p, wordml.deletion("2017") + wordml.insertion("2018") + wordml.xml_run(";10(9):1202."))
    _, parsed = parse(save(d))
    r = parsed.references[0]
    assert r.year == 2018 and "2017" not in r.raw
    assert r.raw.endswith("Nutrients. 2018;10(9):1202.")


def test_reference_list_kept_in_endnotes():
    d = docx.Document()
    p = d.add_paragraph("Magnesium activates vitamin D.")
    wordml.append(p, wordml.endnote_ref(7))
    p = d.add_paragraph("Both matter for bone.")
    wordml.append(p, wordml.endnote_ref(3) + wordml.xml_run(" Again, magnesium."))
    wordml.append(p, wordml.endnote_ref(7))
    data = wordml.with_endnotes(save(d), {
        3: "Workinger JL, Doyle RP, Bortz J. Challenges in the Diagnosis of Magnesium Status. Nutrients. 2018;10(9):1202.",
        7: "Uwitonze AM, Razzaque MS. Role of Magnesium in Vitamin D Activation and Function. J Am Osteopath Assoc. 2018;118(3):181-9.",
    })
    _, parsed = parse(data)
    first, second = parsed.references
    # numbered as Word shows them: in order of first reference in the text
    assert (first.n, first.authors[0], first.pages) == (1, "Uwitonze AM", "181-189")
    assert (second.n, second.journal, second.year) == (2, "Nutrients", 2018)
    assert parsed.citations.cited == (1, 2)


@pytest.mark.parametrize("mendeley", [False, True])
def test_zotero_and_mendeley_fields_give_structured_entries(mendeley):
    d = docx.Document()
    p = d.add_paragraph("Magnesium supplementation raised vitamin D levels")
    wordml.append(p, wordml.zotero_citation([DAI], "1", sup=True, mendeley=mendeley))
    p.add_run(", and magnesium status is hard to measure")
    wordml.append(p, wordml.zotero_citation([WORKINGER, DAI], "2,1", sup=True, mendeley=mendeley))
    p.add_run(".")
    d.add_heading("References", level=1)
    bib_instr = 'ADDIN ZOTERO_BIBL {"uncited":[],"omitted":[],"custom":[]} CSL_BIBLIOGRAPHY' if not mendeley else "ADDIN Mendeley Bibliography CSL_BIBLIOGRAPHY"
    p1 = d.add_paragraph()
    wordml.append(p1, wordml.field_begin(bib_instr) + wordml.xml_run("1. Dai Q, Zhu X, Manson JE. Magnesium status and supplementation influence vitamin D status and metabolism: results from a randomized trial. Am J Clin Nutr. 2018;108(6):1249–58."))
    p2 = d.add_paragraph()
    wordml.append(p2, wordml.xml_run("2. Workinger JL, Doyle RP. Challenges in the Diagnosis of Magnesium Status. Nutrients. 2018;10(9):1202.") + wordml.field_end())
    doc, parsed = parse(save(d))
    assert doc.references is not None and "citation fields (2 works)" in doc.warnings[-1]
    a, b = parsed.references
    assert (a.n, a.authors, a.year, a.month, a.volume, a.issue, a.pages, a.doi, a.pmid) == (
        1, ("Dai Q", "Zhu X", "Manson JE"), 2018, 12, "108", "6", "1249-1258", "10.1093/ajcn/nqy274", "30541089")
    assert a.journal == "The American Journal of Clinical Nutrition" and a.title == DAI["title"]
    assert a.raw.startswith("Dai Q, Zhu X, Manson JE. Magnesium status")
    assert (b.n, b.authors, b.doi, b.pages, b.raw[:12]) == (2, ("Workinger JL", "Doyle RP"), "10.3390/nu10091202", "1202", "Workinger JL")
    assert parsed.citations.cited == (1, 2) and parsed.citations.listed_not_cited == ()


def test_numbering_restart_and_brackets_from_numbering_xml():
    """A list whose level text is "[%1]" starting at 5 (numbering.xml), as journals' templates do."""
    d = docx.Document()
    numbering = d.part.numbering_part.element
    wordml_abstract = (
        f'<w:abstractNum {wordml.W_NS} w:abstractNumId="77"><w:lvl w:ilvl="0"><w:start w:val="5"/>'
        '<w:numFmt w:val="decimal"/><w:lvlText w:val="[%1]"/></w:lvl></w:abstractNum>'
    )
    from docx.oxml import parse_xml

    numbering.insert(0, parse_xml(wordml_abstract))
    numbering.append(parse_xml(f'<w:num {wordml.W_NS} w:numId="77"><w:abstractNumId w:val="77"/></w:num>'))
    d.add_paragraph("As shown before [5,6].")
    d.add_heading("References", level=1)
    for text in ("Heaney RP. Vitamin D in health and disease. Clin J Am Soc Nephrol. 2008;3(5):1535-41.",
                 "Gallagher JC. Vitamin D and aging. Endocrinol Metab Clin North Am. 2013;42(2):319-32."):
        p = d.add_paragraph(text)
        wordml.append_numpr(p, 77)
    _, parsed = parse(save(d))
    assert [r.n for r in parsed.references] == [5, 6]
    assert parsed.references[1].authors == ("Gallagher JC",)
    assert parsed.citations.cited == (5, 6) and parsed.citations.listed_not_cited == ()


def test_entities_in_a_part_are_refused():
    d = docx.Document()
    d.add_paragraph("1. Heaney RP. Vitamin D. 2008.")
    src = save(d)
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(src)) as zi, zipfile.ZipFile(out, "w") as zo:
        for info in zi.infolist():
            data = zi.read(info.filename)
            if info.filename == "word/document.xml":
                data = data.replace(b"?>", b'?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>', 1)
            zo.writestr(info, data)
    with pytest.raises(InputError, match="entities"):
        reader.read(out.getvalue(), "bomb.docx")


def _endnote(rec: int, author: str, year: str, title: str, journal: str, pages: str, volume: str, doi: str | None) -> str:
    authors = "".join(f"<author>{a}</author>" for a in author.split("; "))
    ern = f"<electronic-resource-num>{doi}</electronic-resource-num>" if doi else ""
    return (
        f"<Cite><Author>{author.split(',')[0]}</Author><Year>{year}</Year><RecNum>{rec}</RecNum>"
        f"<DisplayText><style face=\"superscript\">{rec}</style></DisplayText><record><rec-number>{rec}</rec-number>"
        f'<ref-type name="Journal Article">17</ref-type><contributors><authors>{authors}</authors></contributors>'
        f"<titles><title>{title}</title><secondary-title>{journal}</secondary-title></titles>"
        f"<pages>{pages}</pages><volume>{volume}</volume><dates><year>{year}</year></dates>{ern}</record></Cite>"
    )


def test_endnote_fields_give_structured_entries():
    uwi = _endnote(4, "Uwitonze, A. M.; Razzaque, M. S.", "2018", "Role of Magnesium in Vitamin D Activation and Function",
                   "J Am Osteopath Assoc", "181-189", "118", "10.7556/jaoa.2018.037")
    deng = _endnote(9, "Deng, X.; Song, Y.; Manson, J. E.", "2013", "Magnesium, vitamin D status and mortality", "BMC Med", "187", "11", None)
    d = docx.Document()
    p = d.add_paragraph("Magnesium activates vitamin D.")
    wordml.append(p, wordml.complex_field("ADDIN EN.CITE <EndNote>" + uwi + "</EndNote>", wordml.xml_run("1", sup=True)))
    p = d.add_paragraph("Low levels go with mortality.")
    wordml.append(p, wordml.complex_field("ADDIN EN.CITE <EndNote>" + deng + uwi + "</EndNote>", wordml.xml_run("2,1", sup=True)))
    p = d.add_paragraph()
    wordml.append(p, wordml.field_begin("ADDIN EN.REFLIST") + wordml.xml_run("1.\tUwitonze AM, Razzaque MS. Role of Magnesium in Vitamin D Activation and Function. J Am Osteopath Assoc. 2018;118:181-9."))
    p = d.add_paragraph()
    wordml.append(p, wordml.xml_run("2.\tDeng X, Song Y, Manson JE. Magnesium, vitamin D status and mortality. BMC Med. 2013;11:187.") + wordml.field_end())
    doc, parsed = parse(save(d))
    a, b = parsed.references
    assert (a.n, a.authors, a.year, a.volume, a.pages, a.doi, a.journal) == (
        1, ("Uwitonze AM", "Razzaque MS"), 2018, "118", "181-189", "10.7556/jaoa.2018.037", "J Am Osteopath Assoc")
    assert a.raw.startswith("Uwitonze AM, Razzaque MS. Role of Magnesium")
    assert (b.n, b.authors[-1], b.title, b.pages) == (2, "Manson JE", "Magnesium, vitamin D status and mortality", "187")
    assert parsed.citations.cited == (1, 2)
