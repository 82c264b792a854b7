"""Record parsers against every wire sample (real service answers)."""

from __future__ import annotations

import json
import socket

import pytest

from refcheck.sources.crossref_json import items_from_body, record_from_work, work_from_body
from refcheck.sources.pubmed_xml import (
    citmatch_lines,
    esearch_ids,
    esummary_docs,
    records_from_efetch,
)

from tests.sources.conftest import SAMPLES, sample


def efetch(name):
    return {r.pmid: r for r in records_from_efetch(sample(f"eutils/{name}"))}


def test_every_sample_is_covered():
    """Each wire-sample file is read by some test below (names listed here on purpose)."""
    covered = {
        "efetch-pubmed-aheadofprint.xml", "efetch-pubmed-articledate-2019-pubdate-2020.xml",
        "efetch-pubmed-collectivename-epub.xml", "efetch-pubmed-collectivename-short.xml",
        "efetch-pubmed-doi-erratumin.xml", "efetch-pubmed-medlinedate.xml",
        "efetch-pubmed-set-aheadofprint-epublish-medlinedate.xml", "efetch-pubmed-two-articles-a.xml",
        "efetch-pubmed-two-articles-b.xml", "esearch-pubmed.xml", "esearch-pubmed-usehistory-webenv.xml",
        "esearch-pubmed-translationset-retstart.xml", "esearch-pubmed-phrasenotfound-errorlist.xml",
        "esearch-pubmed.json", "esummary-pubmed-v1.xml", "esummary-error-no-id.xml", "esummary-pubmed.json",
        "ecitmatch-found.txt", "ecitmatch-mixed.txt", "ecitmatch-single.txt", "error-429-rate-limit-documented.json",
    }
    have = {p.name for p in (SAMPLES / "eutils").iterdir()}
    assert have <= covered, have - covered
    cr = {p.name for p in (SAMPLES / "crossref").iterdir() if not p.name.endswith(".headers.json")}
    assert cr <= {
        "works-doi-journal-article-updated-by-correction.json", "works-doi-404-resource-not-found.txt",
        "works-query-rows2-scores.json", "works-cursor-first-page.json", "works-cursor-invalid-404.json",
        "works-doi-with-field-query-400.json", "works-select-doi-title.json",
        "works-list-items-with-relation-update-to-TRIMMED.json", "works-doi-posted-content-is-preprint-of.json",
    }


# --------------------------------------------------------------------------- PubMed efetch


def test_epub_2019_vs_print_2020():
    r = efetch("efetch-pubmed-articledate-2019-pubdate-2020.xml")["31588070"]
    assert (r.year, r.print_date) == (2020, "2020-04-20")
    assert (r.epub_year, r.epub_date) == (2019, "2019-10-05")
    assert r.doi == "10.5761/atcs.ra.19-00158" and r.pmcid == "PMC7184035"
    assert (r.volume, r.issue, r.first_page, r.last_page, r.pages) == ("26", "2", "65", "71", "65-71")
    assert r.journal_iso == "Ann Thorac Cardiovasc Surg" and r.journal_nlm == "Ann Thorac Cardiovasc Surg"
    assert r.title == "Current Management of Acute Pulmonary Embolism."
    assert r.authors[0].family == "Martinez Licha" and r.authors[0].initials == "CR"
    assert r.pub_types == ("Journal Article", "Review")
    assert not r.ahead_of_print and not r.updates and not r.is_notice


def test_doi_and_erratum_in():
    r = efetch("efetch-pubmed-doi-erratumin.xml")["35649368"]
    assert r.doi == "10.1016/j.celrep.2022.110870"
    assert r.journal == "Cell reports" and r.journal_iso == "Cell Rep" and r.issn == ("2211-1247",)
    assert (r.year, r.print_date, r.volume, r.issue) == (2022, "2022-05-31", "39", "9")
    assert r.first_page == "110870" and r.last_page is None and r.pages == "110870"
    assert r.authors[0] == r.authors[0].__class__("Li", "Yi-Jia", "YJ")
    (u,) = r.updates
    assert (u.kind, u.subtype, u.source, u.pmid, u.doi) == (
        "correction", "erratum", "pubmed", "35767954", "10.1016/j.celrep.2022.111044")
    assert u.date == "2022-06-28"


def test_collective_author_only():
    r = efetch("efetch-pubmed-collectivename-short.xml")["34843274"]
    assert r.authors == ()
    assert r.collective == ("Guideline Development Panel for the Treatment of Depressive Disorders",)
    assert (r.year, r.epub_year, r.epub_date) == (2022, 2021, "2021-11-29")
    assert r.doi == "10.1037/amp0000904" and r.pages == "770-780"


def test_collective_with_people_and_epub():
    r = efetch("efetch-pubmed-collectivename-epub.xml")["29963580"]
    assert r.collective == ("Canadian Respiratory Research Network",)
    assert r.authors[0].family == "Guo" and len(r.authors) > 5
    assert r.doi == "10.1117/1.jmi.5.2.026002" and r.pmcid == "PMC6022861"
    assert (r.year, r.epub_date) == (2018, "2018-06-28")
    assert r.first_page == "026002"


def test_ahead_of_print():
    r = efetch("efetch-pubmed-aheadofprint.xml")["31121636"]
    assert r.ahead_of_print
    assert r.volume is None and r.pages is None
    assert r.doi == "10.1055/s-0039-1688997" and r.epub_year == 2019
    assert r.journal == "American journal of perinatology"


def test_medline_date():
    r = efetch("efetch-pubmed-medlinedate.xml")["31120845"]
    assert r.year == 2019 and r.print_date == "2019-05"  # MedlineDate "2019 May/Jun"
    assert not r.ahead_of_print and r.volume == "73" and r.issue == "3"
    assert r.doi == "10.5014/ajot.2019.029835"


def test_set_of_three():
    recs = efetch("efetch-pubmed-set-aheadofprint-epublish-medlinedate.xml")
    assert set(recs) == {"31121636", "31120979", "31120845"}
    assert recs["31121636"].ahead_of_print
    e = recs["31120979"]
    assert e.collective == ("FINNAKI Study Group",) and e.authors
    assert e.doi == "10.1371/journal.pone.0217291" and e.first_page == "e0217291" and not e.ahead_of_print
    assert e.journal_iso == "PLoS ONE" and e.journal_nlm == "PLoS One"
    assert recs["31120845"].year == 2019


def test_two_article_sets():
    a = efetch("efetch-pubmed-two-articles-a.xml")
    assert a["12091962"].pages == "113-125" and a["12091962"].year == 1990  # MedlinePgn 113-25
    assert a["12091962"].doi is None
    assert a["9997"].doi == "10.1016/0005-2795(76)90109-4" and a["9997"].pages == "179-191"
    b = efetch("efetch-pubmed-two-articles-b.xml")
    assert b["11748933"].pages == "244-255" and b["11748933"].doi == "10.1006/cryo.2001.2328"
    assert b["11700088"].title == "Proton MRI of (13)C distribution by J and chemical shift editing."


def test_markup_in_title_is_plain_text():
    data = sample("eutils/efetch-pubmed-doi-erratumin.xml").replace(
        b"Fatty acid oxidation", b"Fatty <i>acid</i> H<sub>2</sub>O oxidation")
    (r,) = records_from_efetch(data)
    assert r.title.startswith("Fatty acid H2O oxidation protects")


def _with_comments(data: bytes, xml: bytes, pubtype: bytes | None = None) -> bytes:
    data = data.replace(
        b'<CommentsCorrections RefType="ErratumIn">', xml + b'<CommentsCorrections RefType="ErratumIn">')
    if pubtype:
        data = data.replace(b"<PublicationType UI=\"D016428\">Journal Article</PublicationType>",
                            b"<PublicationType UI=\"D016428\">Journal Article</PublicationType>" + pubtype)
    return data


def test_retraction_eoc_republished_and_notice():
    base = sample("eutils/efetch-pubmed-doi-erratumin.xml")
    cc = (b'<CommentsCorrections RefType="RetractionIn"><RefSource>Cell Rep. 2023 Jan 5;42(1):1. doi: '
          b'10.1016/j.celrep.2023.1.</RefSource><PMID Version="1">99000001</PMID></CommentsCorrections>'
          b'<CommentsCorrections RefType="ExpressionOfConcernIn"><RefSource>Cell Rep. 2022</RefSource>'
          b'<PMID Version="1">99000002</PMID></CommentsCorrections>'
          b'<CommentsCorrections RefType="RetractedandRepublishedIn"><RefSource>Cell Rep. 2023</RefSource>'
          b'<PMID Version="1">99000003</PMID></CommentsCorrections>'
          b'<CommentsCorrections RefType="CorrectedandRepublishedIn"><RefSource>Cell Rep. 2024</RefSource>'
          b'<PMID Version="1">99000004</PMID></CommentsCorrections>')
    (r,) = records_from_efetch(_with_comments(base, cc))
    kinds = {(u.kind, u.subtype, u.pmid, u.replacement_pmid) for u in r.updates}
    assert kinds == {
        ("retraction", "retraction", "99000001", None),
        ("expression-of-concern", "expression-of-concern", "99000002", None),
        ("retraction", "retracted-and-republished", "99000003", "99000003"),
        ("correction", "corrected-and-republished", "99000004", "99000004"),
        ("correction", "erratum", "35767954", None),
    }
    # "Retracted Publication" without RetractionIn is still a retraction
    (r,) = records_from_efetch(base.replace(
        b"<PublicationType UI=\"D016428\">Journal Article</PublicationType>",
        b"<PublicationType UI=\"D016428\">Journal Article</PublicationType>"
        b"<PublicationType UI=\"D016441\">Retracted Publication</PublicationType>"))
    assert any(u.kind == "retraction" and u.source == "pubmed" for u in r.updates)
    # a notice: RetractionOf
    notice = base.replace(
        b'<CommentsCorrections RefType="ErratumIn">',
        b'<CommentsCorrections RefType="RetractionOf"><RefSource>Cell Rep. 2020</RefSource>'
        b'<PMID Version="1">31000000</PMID></CommentsCorrections><CommentsCorrections RefType="X">',
    ).replace(b"<PublicationType UI=\"D016428\">Journal Article</PublicationType>",
              b"<PublicationType UI=\"D016440\">Retraction of Publication</PublicationType>")
    (n,) = records_from_efetch(notice)
    assert n.notice_of == ("31000000",) and n.is_notice and "Retraction of Publication" in n.pub_types


def test_dtd_not_shipped_parses_with_sockets_blocked(monkeypatch):
    def no_network(*a, **k):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    import urllib.request

    monkeypatch.setattr(urllib.request, "urlopen", no_network)
    import Bio.Entrez.Parser as P

    monkeypatch.setattr(P, "urlopen", no_network)
    data = sample("eutils/efetch-pubmed-doi-erratumin.xml").replace(b"pubmed_250101.dtd", b"pubmed_270101.dtd")
    data = data.replace(b"1st January 2025", b"1st January 2027")
    assert b"pubmed_270101.dtd" in data
    (r,) = records_from_efetch(data)
    assert r.pmid == "35649368" and r.updates[0].pmid == "35767954"
    # an esearch with an unknown dated DTD version, too
    es = sample("eutils/esearch-pubmed.xml").replace(b"20060628/esearch.dtd", b"20990101/esearch.dtd")
    assert esearch_ids(es)[0] == "41282813"
    # a DTD of no known family: an error, never a download
    bad = data.replace(b"pubmed_270101.dtd", b"nosuchfamily_270101.dtd")
    with pytest.raises(Exception) as ei:
        records_from_efetch(bad)
    assert "network" not in str(ei.value)


def test_damaged_xml_raises():
    data = sample("eutils/efetch-pubmed-doi-erratumin.xml")
    with pytest.raises(ValueError):  # Bio.Entrez's CorruptedXMLError
        records_from_efetch(data[: len(data) // 2])
    with pytest.raises(ValueError):  # NotXMLError
        records_from_efetch(b"<html>Bad gateway</html>")


# --------------------------------------------------------------------------- esearch / esummary / ecitmatch


def test_esearch_samples():
    ids = esearch_ids(sample("eutils/esearch-pubmed.xml"))
    assert len(ids) == 20 and ids[0] == "41282813" and ids[-1] == "37810457"
    assert len(esearch_ids(sample("eutils/esearch-pubmed-usehistory-webenv.xml"))) > 0
    assert esearch_ids(sample("eutils/esearch-pubmed-translationset-retstart.xml"))[0] == "11121077"
    assert esearch_ids(sample("eutils/esearch-pubmed-phrasenotfound-errorlist.xml")) == []
    j = esearch_ids(sample("eutils/esearch-pubmed.json"))
    assert len(j) == 20 and j[0] == "36374290"


def test_esummary_samples():
    d = esummary_docs(sample("eutils/esummary-pubmed-v1.xml"))
    assert d["11850928"]["Source"] == "Arch Dermatol" and d["11850928"]["Pages"] == "188-91"
    assert d["11482001"]["AuthorList"] == ["Mantle D", "Gok MA", "Lennard TW"]
    with pytest.raises(ValueError):
        esummary_docs(sample("eutils/esummary-error-no-id.xml"))
    j = esummary_docs(sample("eutils/esummary-pubmed.json"))
    assert j["27933103"]["source"] == "J Cheminform"


def test_citmatch_lines():
    found = citmatch_lines(sample("eutils/ecitmatch-found.txt").decode())
    assert [f[-1] for f in found] == ["2014248", "3026048"] and found[1][5] == "Art2"
    mixed = citmatch_lines(sample("eutils/ecitmatch-mixed.txt").decode())
    assert mixed[1][5] == "ref2" and mixed[1][-1] == "NOT_FOUND;INVALID_JOURNAL"
    single = citmatch_lines(sample("eutils/ecitmatch-single.txt").decode())
    assert single == [["n engl j med", "2020", "382", "727", "zhu n", "covid1", "31978945"]]


def test_rate_limit_body_sample():
    d = json.loads(sample("eutils/error-429-rate-limit-documented.json"))
    assert d["error"] == "API rate limit exceeded"  # retried by the client (see test_sources_http)


# --------------------------------------------------------------------------- Crossref


def crj(name):
    return json.loads(sample(f"crossref/{name}"))


def test_crossref_posted_content_is_a_preprint_of_its_published_version():
    """The real bioRxiv answer: the server is the venue, `relation.is-preprint-of` the published DOI."""
    r = work_from_body(crj("works-doi-posted-content-is-preprint-of.json"))
    assert r.doi == "10.1101/097196" and r.type == "posted-content" and r.is_preprint
    assert r.title == "A Data Citation Roadmap for Scholarly Data Repositories"
    assert r.journal == "bioRxiv" and r.publisher == "Cold Spring Harbor Laboratory"
    assert (r.year, r.print_date) == (2016, "2016-12-28")
    assert r.preprint_of == ("10.1038/s41597-019-0031-8",) and r.has_preprint == ()
    assert (r.volume, r.first_page) == (None, None)
    assert r.authors[0].family == "Fenner" and r.authors[1].given == "Mercè" and r.authors[5].family == "Rocca-Serra"
    assert r.from_dict(r.to_dict()) == r


def test_crossref_work_with_correction():
    r = work_from_body(crj("works-doi-journal-article-updated-by-correction.json"))
    assert r.source == "crossref" and r.doi == "10.1371/journal.pone.0033693"
    assert r.title.startswith("Methylphenidate Exposure Induces Dopamine Neuron Loss")
    assert r.journal == "PLoS ONE" and r.short_titles == ("PLoS ONE",) and r.issn == ("1932-6203",)
    assert (r.volume, r.issue, r.first_page, r.pages) == ("7", "3", "e33693", "e33693")
    assert (r.year, r.print_date, r.epub_year, r.epub_date) == (2012, "2012-03-21", 2012, "2012-03-21")
    assert r.authors[0].family == "Sadasivan" and r.authors[0].given == "Shankar" and r.authors[0].initials == "S"
    assert r.authors[1].initials == "BB"
    assert r.type == "journal-article" and r.publisher == "Public Library of Science (PLoS)"
    (u,) = r.updates
    assert (u.kind, u.subtype, u.source, u.doi, u.date) == (
        "correction", "correction", "publisher", "10.1371/annotation/c76da2c1-ccb8-4797-94c1-359d3ceceeda",
        "2012-05-08")
    assert r.from_dict(r.to_dict()) == r


def test_crossref_work_list_items():
    items = items_from_body(crj("works-list-items-with-relation-update-to-TRIMMED.json"))
    recs = {x.doi: x for x in map(record_from_work, items)}
    a = recs["10.1371/journal.pbio.0050002"]
    assert [(u.kind, u.doi) for u in a.updates] == [("correction", "10.1371/journal.pbio.0060304")]
    assert a.first_page == "e2" and a.year == 2006
    for d in ("10.1371/journal.ppat.1006930", "10.1371/journal.pgen.1011490"):
        assert recs[d].updates == () and recs[d].notice_of == ()  # new_version is ignored


def test_crossref_queries_and_selects():
    items = items_from_body(crj("works-query-rows2-scores.json"))
    assert [i["score"] for i in items] == [11.044969, 10.913344]
    r = record_from_work(items[1])
    assert r.title == "Chemical Ecology" and r.type == "reference-entry" and r.authors[0].family == "Kessler"
    page = crj("works-cursor-first-page.json")
    assert page["message"]["next-cursor"] and len(items_from_body(page)) == 20
    assert all(record_from_work(i).doi for i in items_from_body(page))
    sel = items_from_body(crj("works-select-doi-title.json"))
    assert all(record_from_work(i).doi and record_from_work(i).title for i in sel)


def test_crossref_error_bodies():
    with pytest.raises(ValueError):
        items_from_body(crj("works-cursor-invalid-404.json"))
    with pytest.raises(ValueError):
        work_from_body(crj("works-doi-with-field-query-400.json"))
    assert sample("crossref/works-doi-404-resource-not-found.txt") == b"Resource not found."


def test_crossref_markup_collective_and_notice():
    r = record_from_work({
        "DOI": "10.1/ABC", "type": "journal-article",
        "title": ["Effect of <i>CO</i><sub>2</sub> on <mml:math><mml:mi>x</mml:mi></mml:math> growth"],
        "author": [{"name": "PRISMA Group"}, {"family": "Doe", "given": "J. R."}],
        "page": "2448-50", "published-print": {"date-parts": [[2019, 5]]},
        "published-online": {"date-parts": [[2018, 12, 1]]}, "volume": "3",
        "updated-by": [{"DOI": "10.1/R", "type": "retraction", "source": "retraction-watch",
                        "updated": {"date-parts": [[2020, 1, 2]]}},
                       {"DOI": "10.1/E", "type": "expression_of_concern", "source": "publisher"},
                       {"DOI": "10.1/P", "type": "partial_retraction", "source": "publisher"},
                       {"DOI": "10.1/ABC", "type": "new_version", "source": "publisher"}],
    })
    assert r.doi == "10.1/abc" and r.title == "Effect of CO2 on x growth"
    assert r.collective == ("PRISMA Group",) and r.authors[0].initials == "JR"
    assert (r.first_page, r.last_page) == ("2448", "2450")
    assert (r.year, r.print_date, r.epub_year) == (2019, "2019-05", 2018)
    assert [(u.kind, u.subtype, u.source) for u in r.updates] == [
        ("retraction", "retraction", "retraction-watch"),
        ("expression-of-concern", "expression_of_concern", "publisher"),
        ("retraction", "partial_retraction", "publisher")]
    n = record_from_work({"DOI": "10.1/R", "type": "journal-article",
                          "update-to": [{"DOI": "10.1/ABC", "type": "retraction", "source": "publisher"}]})
    assert n.notice_of == ("10.1/abc",) and n.is_notice
