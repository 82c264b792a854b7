"""JATS: <mixed-citation> as most publishers write it (plain text, or partly tagged) reads as
well as <element-citation>; <pub-id> is kept."""

from refcheck.parse import parse_text

JATS = """<?xml version="1.0" encoding="UTF-8"?>
<article xmlns:xlink="http://www.w3.org/1999/xlink"><body>
<p>Use grew <xref ref-type="bibr" rid="r1">1</xref>; see also <xref ref-type="bibr" rid="r2 r3">2,3</xref>.</p></body>
<back><ref-list>
<ref id="r1"><label>1</label><mixed-citation publication-type="journal">Rooney MR, Harnack L, Michos ED, et al. Trends in Use of High-Dose Vitamin D Supplements Exceeding 1000 or 4000 International Units Daily, 1999-2014. JAMA. 2017 Jun 20;317(23):2448-50.</mixed-citation></ref>
<ref id="r2"><label>2</label><mixed-citation publication-type="journal"><string-name><surname>Cannell</surname> <given-names>JJ</given-names></string-name>, <string-name><surname>Hollis</surname> <given-names>BW</given-names></string-name>. Use of vitamin D in clinical practice. <source>Altern Med Rev</source>. <year>2008</year>;<volume>13</volume>(<issue>1</issue>):<fpage>6</fpage>-<lpage>20</lpage>. <pub-id pub-id-type="pmid">18377099</pub-id></mixed-citation></ref>
<ref id="r3"><label>3</label><element-citation publication-type="journal"><person-group person-group-type="author"><name><surname>Dai</surname><given-names>Q</given-names></name></person-group><article-title>Magnesium status and supplementation influence vitamin D status and metabolism</article-title><source>Am J Clin Nutr</source><year>2018</year><volume>108</volume><issue>6</issue><fpage>1249</fpage><lpage>1258</lpage><pub-id pub-id-type="doi">10.1093/ajcn/nqy274</pub-id></element-citation></ref>
</ref-list></back></article>
"""


def test_mixed_and_element_citations():
    doc = parse_text(JATS, "article.xml")
    a, b, c = doc.references
    assert (a.authors, a.et_al, a.journal, a.year, a.month, a.day, a.volume, a.issue, a.pages) == (
        ("Rooney MR", "Harnack L", "Michos ED"), True, "JAMA", 2017, 6, 20, "317", "23", "2448-2450")
    assert a.title.startswith("Trends in Use of High-Dose Vitamin D")
    assert (b.authors, b.title, b.journal, b.year, b.pages, b.pmid) == (
        ("Cannell JJ", "Hollis BW"), "Use of vitamin D in clinical practice", "Altern Med Rev", 2008, "6-20", "18377099")
    assert (c.authors, c.doi, c.pages) == (("Dai Q",), "10.1093/ajcn/nqy274", "1249-1258")
    assert doc.citations.cited == (1, 2, 3) and doc.citations.listed_not_cited == ()
