"""Structured and marked-up inputs: BibTeX, RIS, JATS, DOCX, HTML, Markdown, encodings."""

import io

import pytest

from refcheck.parse import parse_path, parse_text

BIB = r"""
@article{rooney2017,
  author  = {Rooney, Mary R. and Harnack, Lisa and Michos, Erin D.},
  title   = {Trends in Use of High-Dose Vitamin {D} Supplements},
  journal = {JAMA},
  year    = {2017},
  month   = jun,
  volume  = {317},
  number  = {23},
  pages   = {2448--50},
  doi     = {10.1001/jama.2017.4392},
  pmid    = {28632866}
}

@book{holick2010,
  author    = {Holick, Michael F.},
  title     = {Vitamin {D}: Physiology, Molecular Biology, and Clinical Applications},
  publisher = {Humana Press},
  year      = {2010}
}

@inproceedings{smith2019,
  author    = {Smith, John and {PRISMA Group}},
  title     = {Serum magnesium in older adults},
  booktitle = {Proceedings of the 41st Annual Meeting},
  year      = {2019},
  pages     = {112--113}
}
"""

RIS = """TY  - JOUR
AU  - Workinger, Jayme L.
AU  - Doyle, Robert P.
AU  - Bortz, Jonathan
TI  - Challenges in the Diagnosis of Magnesium Status
JO  - Nutrients
PY  - 2018/09/01
VL  - 10
IS  - 9
SP  - 1202
DO  - https://doi.org/10.3390/nu10091202
ER  - 

TY  - CHAP
AU  - Rude, Robert K.
TI  - Magnesium
T2  - Modern Nutrition in Health and Disease
PY  - 2012
SP  - 159
EP  - 75
PB  - Lippincott Williams & Wilkins
ER  - 
"""

JATS = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE article PUBLIC "-//NLM//DTD JATS (Z39.96) Journal Archiving and Interchange DTD v1.2 20190208//EN" "JATS-archivearticle1.dtd">
<article xmlns:xlink="http://www.w3.org/1999/xlink">
<body><p>Vitamin D use grew <xref ref-type="bibr" rid="B1">1</xref>, and magnesium matters
<xref ref-type="bibr" rid="B2">2</xref>.</p></body>
<back><ref-list><title>References</title>
<ref id="B1"><label>1.</label><element-citation publication-type="journal">
<person-group person-group-type="author"><name><surname>Rooney</surname><given-names>MR</given-names></name>
<name><surname>Harnack</surname><given-names>L</given-names></name><etal/></person-group>
<article-title>Trends in Use of High-Dose Vitamin D Supplements</article-title><source>JAMA</source>
<year>2017</year><month>6</month><day>20</day><volume>317</volume><issue>23</issue><fpage>2448</fpage><lpage>50</lpage>
<pub-id pub-id-type="doi">10.1001/jama.2017.4392</pub-id><pub-id pub-id-type="pmid">28632866</pub-id>
</element-citation></ref>
<ref id="B2"><label>2</label><mixed-citation publication-type="journal"><collab>Open Science Collaboration</collab>.
<article-title>Estimating the reproducibility of psychological science</article-title>. <source>Science</source>.
<year>2015</year>;<volume>349</volume>(<issue>6251</issue>):<elocation-id>aac4716</elocation-id>.</mixed-citation></ref>
<ref id="B3"><label>3</label><element-citation publication-type="book"><person-group><name><surname>Holick</surname>
<given-names>Michael F</given-names></name></person-group><source>Vitamin D</source><publisher-name>Humana Press</publisher-name>
<year>2010</year></element-citation></ref>
</ref-list></back></article>
"""


def test_bibtex(tmp_path):
    p = tmp_path / "refs.bib"
    p.write_text(BIB, encoding="utf-8")
    doc = parse_path(str(p))
    assert doc.format == "bibtex" and doc.citations is None
    a, b, c = doc.references
    assert a.authors == ("Rooney MR", "Harnack L", "Michos ED")
    assert (a.title, a.journal, a.year, a.month) == ("Trends in Use of High-Dose Vitamin D Supplements", "JAMA", 2017, 6)
    assert (a.volume, a.issue, a.pages, a.doi, a.pmid, a.type) == ("317", "23", "2448-2450", "10.1001/jama.2017.4392", "28632866", "journal")
    assert a.raw.startswith("@article{rooney2017,") and a.raw in BIB
    assert (b.type, b.publisher, b.year, b.authors) == ("book", "Humana Press", 2010, ("Holick MF",))
    assert (c.type, c.journal, c.pages, c.authors) == ("conference", "Proceedings of the 41st Annual Meeting", "112-113", ("Smith J", "PRISMA Group"))


def test_bibtex_detected_by_content():
    doc = parse_text(BIB)
    assert doc.format == "bibtex" and len(doc.references) == 3


def test_ris(tmp_path):
    p = tmp_path / "refs.ris"
    p.write_text(RIS, encoding="utf-8")
    doc = parse_path(str(p))
    assert doc.format == "ris"
    a, b = doc.references
    assert a.authors == ("Workinger JL", "Doyle RP", "Bortz J")
    assert (a.title, a.journal, a.year, a.month, a.day) == ("Challenges in the Diagnosis of Magnesium Status", "Nutrients", 2018, 9, 1)
    assert (a.volume, a.issue, a.pages, a.doi) == ("10", "9", "1202", "10.3390/nu10091202")
    assert a.raw in RIS and a.raw.startswith("TY  - JOUR")
    assert (b.type, b.journal, b.pages, b.publisher) == ("chapter", "Modern Nutrition in Health and Disease", "159-175", "Lippincott Williams & Wilkins")


def test_jats(tmp_path):
    p = tmp_path / "article.xml"
    p.write_text(JATS, encoding="utf-8")
    doc = parse_path(str(p))
    assert doc.format == "jats"
    a, b, c = doc.references
    assert (a.n, a.authors, a.et_al) == (1, ("Rooney MR", "Harnack L"), True)
    assert (a.year, a.month, a.day, a.volume, a.issue, a.pages) == (2017, 6, 20, "317", "23", "2448-2450")
    assert (a.doi, a.pmid, a.journal) == ("10.1001/jama.2017.4392", "28632866", "JAMA")
    assert (b.n, b.authors, b.pages, b.volume) == (2, ("Open Science Collaboration",), "aac4716", "349")
    assert (c.type, c.title, c.publisher) == ("book", "Vitamin D", "Humana Press")
    assert doc.citations.cited == (1, 2) and doc.citations.listed_not_cited == (3,)


def test_jats_entities_refused(tmp_path):
    from refcheck.errors import InputError

    bomb = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><article><ref-list><ref>&b;</ref></ref-list></article>'
    p = tmp_path / "bomb.xml"
    p.write_text(bomb)
    with pytest.raises(InputError, match="entities"):
        parse_path(str(p))


def _docx_bytes(paragraphs, sup=None):
    import docx

    d = docx.Document()
    for text in paragraphs:
        if isinstance(text, tuple):  # (style, text)
            d.add_paragraph(text[1], style=text[0])
        elif sup and text in sup:
            p = d.add_paragraph(text)
            r = p.add_run(sup[text])
            r.font.superscript = True
        else:
            d.add_paragraph(text)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_docx_article(tmp_path):
    body = "Vitamin D use has grown over the past decade."
    data = _docx_bytes(
        [
            ("Heading 1", "Vitamin D"),
            body,
            "Magnesium matters too [2].",
            ("Heading 1", "References"),
            "1. Holick MF. Vitamin D deficiency. N Engl J Med. 2007 Jul 19;357(3):266-81.",
            "2. Razzaque MS. Magnesium: Are We Consuming Enough? Nutrients. 2018 Dec 2;10(12):1863.",
        ],
        sup={body: "1"},
    )
    p = tmp_path / "article.docx"
    p.write_bytes(data)
    doc = parse_path(str(p))
    assert doc.format == "docx"
    assert [r.n for r in doc.references] == [1, 2]
    assert doc.references[0].pages == "266-281" and doc.references[1].journal == "Nutrients"
    assert doc.citations.cited == (1, 2)


def test_docx_auto_numbered_list(tmp_path):
    data = _docx_bytes(
        [
            ("Heading 1", "References"),
            ("List Number", "Holick MF. Vitamin D deficiency. N Engl J Med. 2007 Jul 19;357(3):266-81."),
            ("List Number", "Heaney RP. Vitamin D in health and disease. Clin J Am Soc Nephrol. 2008 Sep;3(5):1535-41."),
        ]
    )
    p = tmp_path / "refs.docx"
    p.write_bytes(data)
    doc = parse_path(str(p))
    assert [(r.n, r.authors) for r in doc.references] == [(1, ("Holick MF",)), (2, ("Heaney RP",))]


HTML = """<!DOCTYPE html><html><head><title>x</title><script>alert("never run")</script>
<style>p{}</style></head><body><h1>Vitamin D</h1>
<p>Vitamin D use has grown.<sup>1</sup> Magnesium helps<sup>2,3</sup> and 1,892 men took 414&nbsp;mg.</p>
<h2>References</h2>
<ol>
<li>Holick MF. Vitamin D deficiency. <i>N Engl J Med</i>. 2007 Jul 19;357(3):266-81.</li>
<li>Razzaque MS. Magnesium: Are We Consuming Enough? Nutrients. 2018 Dec 2;10(12):1863.</li>
<li>Heaney RP. Vitamin D in health and disease. Clin J Am Soc Nephrol. 2008 Sep;3(5):1535-41.</li>
<li>Gallagher JC. Vitamin D and aging. Endocrinol Metab Clin North Am. 2013 Jun;42(2):319-32.</li>
</ol></body></html>"""


def test_html_article(tmp_path):
    p = tmp_path / "a.html"
    p.write_text(HTML, encoding="utf-8")
    doc = parse_path(str(p))
    assert doc.format == "html"
    assert [r.n for r in doc.references] == [1, 2, 3, 4]
    assert doc.references[0].journal == "N Engl J Med" and doc.references[0].pages == "266-281"
    assert doc.citations.cited == (1, 2, 3) and doc.citations.listed_not_cited == (4,)
    assert all("alert" not in r.raw for r in doc.references)


def test_html_detected_from_text():
    doc = parse_text(HTML)
    assert doc.format == "html" and len(doc.references) == 4


MD = """# Magnesium and vitamin D

Vitamin D use has grown[^1]. Magnesium helps activate it^2^ and more[^3].

## Bibliography

[^1]: Holick MF. Vitamin D deficiency. N Engl J Med. 2007 Jul 19;357(3):266-81.
[^2]: Razzaque MS. Magnesium: Are We Consuming Enough? Nutrients. 2018 Dec 2;10(12):1863.
[^3]: Heaney RP. Vitamin D in health and disease. Clin J Am Soc Nephrol. 2008 Sep;3(5):1535-41.
"""


def test_markdown_footnotes(tmp_path):
    p = tmp_path / "a.md"
    p.write_text(MD, encoding="utf-8")
    doc = parse_path(str(p))
    assert doc.format == "markdown"
    assert [r.n for r in doc.references] == [1, 2, 3]
    assert doc.references[1].raw == "Razzaque MS. Magnesium: Are We Consuming Enough? Nutrients. 2018 Dec 2;10(12):1863."
    assert doc.citations.cited == (1, 2, 3) and doc.citations.cited_not_listed == ()


def test_markdown_references_heading_with_brackets():
    text = """Intro text cites [1] and [2-3] and [5].

## References

[1] Holick MF. Vitamin D deficiency. N Engl J Med. 2007 Jul 19;357(3):266-81.
[2] Razzaque MS. Magnesium: Are We Consuming Enough? Nutrients. 2018 Dec 2;10(12):1863.
[3] Heaney RP. Vitamin D in health and disease.
    Clin J Am Soc Nephrol. 2008 Sep;3(5):1535-41.
"""
    doc = parse_text(text, "a.md")
    assert [r.n for r in doc.references] == [1, 2, 3]
    assert doc.references[2].raw == "Heaney RP. Vitamin D in health and disease.\n    Clin J Am Soc Nephrol. 2008 Sep;3(5):1535-41."
    assert doc.references[2].journal == "Clin J Am Soc Nephrol" and doc.references[2].line == 7
    assert doc.citations.cited == (1, 2, 3, 5) and doc.citations.cited_not_listed == (5,)


@pytest.mark.parametrize(
    "encoded",
    [
        "\ufeff1. Müller D. Vitamin D. Nutrients. 2018;10(9):1202.\n".encode("utf-8"),
        "1. Müller D. Vitamin D. Nutrients. 2018;10(9):1202.\n".encode("utf-16"),
        "1. Müller D. Vitamin D. Nutrients. 2018;10(9):1202.\n".encode("utf-16-be").join([b"\xfe\xff", b""]),
    ],
)
def test_encodings(tmp_path, encoded):
    p = tmp_path / "r.txt"
    p.write_bytes(encoded)
    doc = parse_path(str(p))
    assert doc.references[0].authors == ("Müller D",) and doc.warnings == ()


def test_cp1252_fallback_warns(tmp_path):
    p = tmp_path / "r.txt"
    p.write_bytes("1. Müller D. Vitamin D – review. Nutrients. 2018;10(9):1202.\n".encode("cp1252"))
    doc = parse_path(str(p))
    assert doc.references[0].authors == ("Müller D",)
    assert len(doc.warnings) == 1 and "cp1252" in doc.warnings[0]


@pytest.mark.parametrize(
    "text,ns",
    [
        ("1) Holick MF. Vitamin D deficiency. N Engl J Med. 2007;357(3):266-81.\n2) Heaney RP. Vitamin D. Clin J. 2008;3(5):1535-41.\n", [1, 2]),
        ("(1) Holick MF. Vitamin D deficiency. N Engl J Med. 2007;357(3):266-81.\n(2) Heaney RP. Vitamin D. Clin J. 2008;3(5):1535-41.\n", [1, 2]),
        ("[7] Holick MF. Vitamin D deficiency. N Engl J Med. 2007;357(3):266-81.\n[8] Heaney RP. Vitamin D. Clin J. 2008;3(5):1535-41.\n", [7, 8]),
    ],
)
def test_marker_kinds(text, ns):
    doc = parse_text(text)
    assert [r.n for r in doc.references] == ns
    assert doc.references[0].raw == "Holick MF. Vitamin D deficiency. N Engl J Med. 2007;357(3):266-81."


def test_unnumbered_one_per_line_and_blank_separated():
    lines = [
        "Holick, M. F. (2007). Vitamin D deficiency. New England Journal of Medicine, 357(3), 266–281.",
        "Cohen, J. (1988). Statistical power analysis for the behavioral sciences (2nd ed.). Lawrence Erlbaum Associates.",
    ]
    for sep in ("\n", "\n\n"):
        doc = parse_text(sep.join(lines) + "\n")
        assert [r.n for r in doc.references] == [1, 2]
        assert [r.raw for r in doc.references] == lines
        assert doc.references[1].type == "book"


def test_blank_separated_wrapped_entries():
    text = (
        "Holick, M. F. (2007). Vitamin D deficiency.\n   New England Journal of Medicine, 357(3), 266–281.\n\n"
        "Tversky, A., & Kahneman, D. (1974). Judgment under uncertainty: Heuristics and biases.\n"
        "   Science, 185(4157), 1124–1131.\n"
    )
    doc = parse_text(text)
    assert len(doc.references) == 2
    assert doc.references[1].journal == "Science" and doc.references[1].pages == "1124-1131"
