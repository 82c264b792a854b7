"""The fake E-utilities against the real samples, Biopython, and the query/ecitmatch behaviour."""

from __future__ import annotations

import io
import re

import pytest
import requests
from Bio import Entrez

from tests.fakes_tests.helpers_fakes import SAMPLES, doctype_line, sample_json, sample_text, xml_paths
from tests.fakes.sample_records import EXTRA_BY_KEY, SAMPLE_BY_N

# sample paths that are optional in real records and that the fake does not produce
EFETCH_OPTIONAL = re.compile(
    r"(MeshHeadingList|PubDate/Season|ChemicalList|KeywordList|CoiStatement|AffiliationInfo|GrantList|ReferenceList|"
    r"InvestigatorList|DataBankList|SupplMeshList|GeneralNote|OtherID|OtherAbstract|Identifier|"
    r"AbstractText@|CopyrightInformation|NumberOfReferences|VernacularTitle|ReferenceList|"
    r"CommentsCorrectionsList|ArticleDate@DateType$|PubMedPubDate/Hour|PubMedPubDate/Minute|"
    r"PublicationStatus|MedlineJournalInfo/ISSNLinking|PersonalNameSubjectList|SpaceFlightMission|"
    r"Author@EqualContrib|Identifier@Source|Suffix|ELocationID|JournalIssue/Issue|ArticleId$)"
)


def get(fake, name, **params):
    return requests.get(f"{fake.eutils_url}/{name}", params=params, timeout=5)


def efetch(fake, ids, **kw):
    return get(fake, "efetch.fcgi", db="pubmed", retmode="xml", id=",".join(ids), **kw)


# --------------------------------------------------------------------------- efetch


def test_efetch_doctype_and_content_type(svc):
    r = efetch(svc, ["28632857"])
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("text/xml")
    real = sample_text("eutils/efetch-pubmed-doi-erratumin.xml")
    assert doctype_line(r.text) == doctype_line(real)
    assert r.text.splitlines()[0] == real.splitlines()[0] == '<?xml version="1.0" ?>'


def test_efetch_covers_real_sample_paths(svc):
    ids = [w.pmid for w in (SAMPLE_BY_N[1], SAMPLE_BY_N[40], SAMPLE_BY_N[20], SAMPLE_BY_N[33],
                            EXTRA_BY_KEY["ahead_of_print"], EXTRA_BY_KEY["corrected"], EXTRA_BY_KEY["collective"])]
    fake_paths = xml_paths(efetch(svc, ids).content)
    for name in ("efetch-pubmed-doi-erratumin.xml", "efetch-pubmed-articledate-2019-pubdate-2020.xml",
                 "efetch-pubmed-collectivename-short.xml", "efetch-pubmed-two-articles-a.xml",
                 "efetch-pubmed-aheadofprint.xml", "efetch-pubmed-medlinedate.xml",
                 "efetch-pubmed-set-aheadofprint-epublish-medlinedate.xml"):
        real = xml_paths((SAMPLES / "eutils" / name).read_bytes())
        missing = {p for p in real - fake_paths if not EFETCH_OPTIONAL.search(p)}
        assert not missing, (name, sorted(missing))
    # and the ones exempted above for being optional are still produced where they apply
    for p in ("PubmedArticleSet/PubmedArticle/MedlineCitation/CommentsCorrectionsList/CommentsCorrections@RefType",
              "PubmedArticleSet/PubmedArticle/MedlineCitation/Article/ELocationID@EIdType",
              "PubmedArticleSet/PubmedArticle/MedlineCitation/Article/ArticleDate@DateType",
              "PubmedArticleSet/PubmedArticle/PubmedData/PublicationStatus",
              "PubmedArticleSet/PubmedArticle/MedlineCitation/Article/Journal/JournalIssue/PubDate/MedlineDate",
              "PubmedArticleSet/PubmedArticle/MedlineCitation/Article/AuthorList/Author/CollectiveName"):
        assert p in fake_paths, p


def test_efetch_biopython_reads_it(svc):
    w = SAMPLE_BY_N[28]
    r = efetch(svc, [w.pmid, SAMPLE_BY_N[20].pmid, "99999999"])
    rec = Entrez.read(io.BytesIO(r.content))
    arts = rec["PubmedArticle"]
    assert len(arts) == 2  # unknown ids are simply absent
    art = arts[0]["MedlineCitation"]["Article"]
    assert art["AuthorList"][0]["LastName"] == "Vázquez-Lorente"
    assert art["Journal"]["JournalIssue"]["Volume"] == "12"
    assert str(art["Pagination"]["StartPage"]) == "2283"
    dois = [str(e) for e in art["ELocationID"] if e.attributes["EIdType"] == "doi"]
    assert dois == ["10.3390/nu12082283"]
    pubdate = arts[1]["MedlineCitation"]["Article"]["Journal"]["JournalIssue"]["PubDate"]
    assert pubdate == {"MedlineDate": "2019 Jan/Feb"}


def test_efetch_online_first_entries_have_final_issue_and_epub(svc):
    rec = Entrez.read(io.BytesIO(efetch(svc, [SAMPLE_BY_N[40].pmid]).content))
    art = rec["PubmedArticle"][0]["MedlineCitation"]["Article"]
    assert art["Journal"]["JournalIssue"]["Volume"] == "104"
    assert art["Pagination"]["MedlinePgn"] == "4033-4050"
    ad = art["ArticleDate"][0]
    assert (ad["Year"], ad["Month"], ad["Day"]) == ("2019", "04", "04")
    assert ad.attributes["DateType"] == "Electronic"


def test_efetch_post_300_ids(svc):
    ids = [str(30000000 + i) for i in range(297)] + [SAMPLE_BY_N[1].pmid, SAMPLE_BY_N[2].pmid, SAMPLE_BY_N[3].pmid]
    r = requests.post(f"{svc.eutils_url}/efetch.fcgi", data={"db": "pubmed", "retmode": "xml", "id": ",".join(ids)},
                      timeout=5)
    assert r.status_code == 200
    rec = Entrez.read(io.BytesIO(r.content))
    got = [str(a["MedlineCitation"]["PMID"]) for a in rec["PubmedArticle"]]
    assert got == [SAMPLE_BY_N[1].pmid, SAMPLE_BY_N[2].pmid, SAMPLE_BY_N[3].pmid]
    log = svc.requests[-1]
    assert log.method == "POST" and len(log.params["id"][0].split(",")) == 300 and log.endpoint == "efetch"


def test_efetch_missing_id_is_error(svc):
    r = get(svc, "efetch.fcgi", db="pubmed", retmode="xml")
    assert "<ERROR>" in r.text


def test_retraction_rendering(svc):
    w, notice = EXTRA_BY_KEY["retracted"], EXTRA_BY_KEY["retraction_notice"]
    rec = Entrez.read(io.BytesIO(efetch(svc, [w.pmid, notice.pmid]).content))
    a, n = (x["MedlineCitation"] for x in rec["PubmedArticle"])
    types = {str(t): t.attributes["UI"] for t in a["Article"]["PublicationTypeList"]}
    assert types["Retracted Publication"] == "D016441"
    cc = a["CommentsCorrectionsList"][0]
    assert cc.attributes["RefType"] == "RetractionIn" and str(cc["PMID"]) == notice.pmid
    ntypes = {str(t): t.attributes["UI"] for t in n["Article"]["PublicationTypeList"]}
    assert ntypes["Retraction of Publication"] == "D016440"
    ncc = n["CommentsCorrectionsList"][0]
    assert ncc.attributes["RefType"] == "RetractionOf" and str(ncc["PMID"]) == w.pmid


@pytest.mark.parametrize("key,reftypes", [
    ("eoc", {"ExpressionOfConcernIn"}),
    ("corrected", {"ErratumIn"}),
    ("retract_replace", {"RetractionIn", "RetractedandRepublishedIn"}),
    ("withdrawn", {"RetractionIn"}),
    ("partial_retraction", {"RetractionIn"}),
    ("retracted_rw_only", set()),
])
def test_notice_reftypes(svc, key, reftypes):
    rec = Entrez.read(io.BytesIO(efetch(svc, [EXTRA_BY_KEY[key].pmid]).content))
    mc = rec["PubmedArticle"][0]["MedlineCitation"]
    got = {c.attributes["RefType"] for c in mc.get("CommentsCorrectionsList", [])}
    assert got == reftypes


def test_synthesised_notice_and_replacement(svc):
    rr = EXTRA_BY_KEY["retract_replace"]
    nt = rr.notices[0]
    rec = Entrez.read(io.BytesIO(efetch(svc, [nt.notice_pmid, nt.replacement_pmid]).content))
    notice, repl = (x["MedlineCitation"] for x in rec["PubmedArticle"])
    assert {c.attributes["RefType"] for c in notice["CommentsCorrectionsList"]} == {"RetractionOf"}
    assert {c.attributes["RefType"] for c in repl["CommentsCorrectionsList"]} == {"RetractedandRepublishedFrom"}


def test_ahead_of_print(svc):
    w = EXTRA_BY_KEY["ahead_of_print"]
    r = efetch(svc, [w.pmid])
    assert '<MedlineCitation Status="Publisher"' in r.text
    assert "<PublicationStatus>aheadofprint</PublicationStatus>" in r.text
    assert "<Volume>" not in r.text and "<Pagination>" not in r.text


def test_not_in_pubmed(svc):
    assert SAMPLE_BY_N[16].pmid is None
    r = get(svc, "esearch.fcgi", db="pubmed", term=f"{SAMPLE_BY_N[16].doi}[doi]")
    assert "<Count>0</Count>" in r.text


# --------------------------------------------------------------------------- esearch


def esearch_ids(fake, term, **kw):
    r = get(fake, "esearch.fcgi", db="pubmed", term=term, **kw)
    rec = Entrez.read(io.BytesIO(r.content))
    return list(rec["IdList"]), rec


def test_esearch_shape_and_biopython(svc):
    r = get(svc, "esearch.fcgi", db="pubmed", term="magnesium[ti] AND vitamin d[ti]", retmax=3)
    assert r.headers["Content-Type"].startswith("text/xml")
    assert doctype_line(r.text) == doctype_line(sample_text("eutils/esearch-pubmed.xml"))
    fake_paths = xml_paths(r.content)
    assert xml_paths(sample_text("eutils/esearch-pubmed.xml")) <= fake_paths
    rec = Entrez.read(io.BytesIO(r.content))
    assert int(rec["Count"]) > 3 and len(rec["IdList"]) == 3 and rec["RetMax"] == "3"


def test_esearch_no_hits_shape(svc):
    r = get(svc, "esearch.fcgi", db="pubmed", term="abcXYZ")
    real = sample_text("eutils/esearch-pubmed-phrasenotfound-errorlist.xml")
    assert xml_paths(real) <= xml_paths(r.content)
    assert "<PhraseNotFound>abcXYZ</PhraseNotFound>" in r.text
    assert "<OutputMessage>No items found.</OutputMessage>" in r.text
    rec = Entrez.read(io.BytesIO(r.content))
    assert rec["Count"] == "0"


def test_esearch_json_shape(svc):
    r = get(svc, "esearch.fcgi", db="pubmed", term="Razzaque[au]", retmode="json")
    assert r.headers["Content-Type"].startswith("application/json")
    real = sample_json("eutils/esearch-pubmed.json")
    got = r.json()
    from tests.fakes_tests.helpers_fakes import json_paths

    assert json_paths(real) <= json_paths(got)
    assert isinstance(got["esearchresult"]["count"], str)
    assert set(got["esearchresult"]["idlist"]) >= {SAMPLE_BY_N[n].pmid for n in (9, 10, 19, 29, 30)}


def test_esearch_history(svc):
    r = get(svc, "esearch.fcgi", db="pubmed", term="Uwitonze[1au]", usehistory="y")
    rec = Entrez.read(io.BytesIO(r.content))
    r2 = get(svc, "efetch.fcgi", db="pubmed", retmode="xml", query_key=rec["QueryKey"], WebEnv=rec["WebEnv"])
    got = {str(a["MedlineCitation"]["PMID"]) for a in Entrez.read(io.BytesIO(r2.content))["PubmedArticle"]}
    assert got == {SAMPLE_BY_N[10].pmid, SAMPLE_BY_N[29].pmid, SAMPLE_BY_N[30].pmid}


@pytest.mark.parametrize("term,expected", [
    ("10.1001/jama.2017.4392[doi]", {1}),
    ("10.1001/JAMA.2017.4392[aid]", {1}),
    ("rooney mr[au] AND 2017[dp]", {1}),
    ("Rooney M[au]", {1}),
    ("rooney[1au] AND jama[ta]", {1}),
    ("harnack l[1au]", set()),
    ("\"high-dose vitamin d\"[ti]", {1}),
    ("Vazquez-Lorente H[au]", {28}),
    ("vázquez-lorente[au] AND molina-lopez j[au]", {28}),
    ("\"Am J Clin Nutr\"[ta] AND 108[vi] AND 1249[pg]", {4}),
    ("\"the american journal of clinical nutrition\"[ta] AND 2018[dp]", {4}),
    ("ryzen e[au] AND (1985[dp] OR 1991[dp])", {38, 39}),
    ("ryzen e[au] NOT rude rk[1au]", {39}),
    ("ryzen[au] AND 1985:1990[dp]", {38}),
    ("28632857[pmid]", {1}),
    ("28632857[uid] OR 18377099[uid]", {1, 2}),
    ("manson je[au] AND atherosclerotic", {40}),
    ("sarcopenia consensus", {33}),
    ("EWGSOP2[cn]", {33}),
    ("2019/04/04[dp] AND hiemstra[au]", {40}),
    ("2020/09/21[pdat] AND Kheyruri[au]", {14}),
    ("magnesi*[ti] AND periodontal[tiab]", {32}),
    ("(magnesium[ti] AND periodontal[ti]) OR \"PTH and vitamin D\"[ti]", {22, 32}),
    ("vitamin d[ti] AND aging[ti] AND gallagher[au]", {26}),
    ("Farhanghi MA[au]", {12}),
])
def test_query_evaluator(svc, term, expected):
    ids, _ = esearch_ids(svc, term)
    assert set(ids) == {SAMPLE_BY_N[n].pmid for n in expected}, term


def test_query_ambiguous_pair(svc):
    ids, _ = esearch_ids(svc, "\"vitamin d and health\"[ti] AND smith ja[au] AND 2018[dp]")
    assert set(ids) == {EXTRA_BY_KEY["ambiguous_a"].pmid, EXTRA_BY_KEY["ambiguous_b"].pmid}


def test_query_retstart_and_sort(svc):
    ids_all, rec = esearch_ids(svc, "razzaque[au]", retmax=100)
    assert ids_all == sorted(ids_all, key=int, reverse=True)
    ids_page, rec2 = esearch_ids(svc, "razzaque[au]", retmax=2, retstart=1)
    assert ids_page == ids_all[1:3] and rec2["RetStart"] == "1" and rec2["Count"] == rec["Count"]


def test_esearch_empty_term_error(svc):
    r = get(svc, "esearch.fcgi", db="pubmed", term="")
    assert "<ERROR>Empty term and query_key - nothing todo</ERROR>" in r.text
    r = get(svc, "esearch.fcgi", db="pubmed", term="", retmode="json")
    assert r.json()["esearchresult"]["ERROR"].startswith("Empty term")


# --------------------------------------------------------------------------- esummary


def test_esummary_xml(svc):
    ids = [SAMPLE_BY_N[1].pmid, SAMPLE_BY_N[20].pmid]
    r = get(svc, "esummary.fcgi", db="pubmed", id=",".join(ids))
    real = sample_text("eutils/esummary-pubmed-v1.xml")
    assert doctype_line(r.text) == doctype_line(real)
    assert xml_paths(real) <= xml_paths(r.content)
    recs = Entrez.read(io.BytesIO(r.content))
    assert [str(d["Id"]) for d in recs] == ids
    assert recs[0]["Source"] == "JAMA" and recs[0]["Pages"] == "2448-50"
    assert recs[0]["AuthorList"][0] == "Rooney MR" and recs[0]["DOI"] == "10.1001/jama.2017.4392"
    assert recs[1]["PubDate"] == "2019 Jan/Feb"
    assert recs[0]["FullJournalName"] == "JAMA"
    assert [str(d["Id"]) for d in Entrez.parse(io.BytesIO(r.content))] == ids


def test_esummary_json(svc):
    w = SAMPLE_BY_N[40]
    r = get(svc, "esummary.fcgi", db="pubmed", id=w.pmid, retmode="json")
    from tests.fakes_tests.helpers_fakes import json_paths

    real = sample_json("eutils/esummary-pubmed.json")
    fake_paths = {p.replace(w.pmid, "UID") for p in json_paths(r.json())}
    real_paths = {p.replace("27933103", "UID") for p in json_paths(real)}
    assert real_paths <= fake_paths
    doc = r.json()["result"][w.pmid]
    assert doc["epubdate"] == "2019 Apr 4" and doc["volume"] == "104"
    assert {"idtype": "doi", "idtypen": 3, "value": w.doi} in doc["articleids"]


def test_esummary_no_id_error(svc):
    r = get(svc, "esummary.fcgi", db="pubmed")
    real = sample_text("eutils/esummary-error-no-id.xml")
    assert r.text.strip() == real.strip()
    with pytest.raises(RuntimeError, match="Neither query_key nor id specified"):
        Entrez.read(io.BytesIO(r.content))  # Biopython raises on <ERROR>, as with the real answer


# --------------------------------------------------------------------------- ecitmatch


def ecitmatch(fake, lines):
    bdata = "\r".join(lines)
    r = get(fake, "ecitmatch.cgi", db="pubmed", retmode="xml", bdata=bdata)
    assert r.headers["Content-Type"].startswith("text/plain")
    return r.text.splitlines()


def test_ecitmatch_found_and_invalid_journal(svc):
    out = ecitmatch(svc, ["jama|2017|317|2448|rooney mr|ref1|",
                          "fake journal|2000|1|1|nobody|ref2|",
                          "am j clin nutr|2018|108|1249|dai q|ref3|"])
    assert out == ["jama|2017|317|2448|rooney mr|ref1|28632857",
                   "fake journal|2000|1|1||ref2|NOT_FOUND;INVALID_JOURNAL",
                   f"am j clin nutr|2018|108|1249|dai q|ref3|{SAMPLE_BY_N[4].pmid}"]
    # same line shape as the real sample
    real = sample_text("eutils/ecitmatch-mixed.txt").splitlines()
    assert [len(x.split("|")) for x in real] == [len(x.split("|")) for x in out]


def test_ecitmatch_full_title_and_iso(svc):
    out = ecitmatch(svc, ["the journal of clinical endocrinology and metabolism|1985|61|933|rude rk|a|",
                          "J Clin Endocrinol Metab|1991|73|1067|fatemi s|b|"])
    assert out[0].endswith(SAMPLE_BY_N[38].pmid) and out[1].endswith(SAMPLE_BY_N[39].pmid)


def test_ecitmatch_quirk_ignores_wrong_author_and_year(svc):
    # journal + volume + first page fit entry 38; the year and author are wrong, yet its PMID comes back
    out = ecitmatch(svc, ["j clin endocrinol metab|1999|61|933|smith j|x|"])
    assert out == [f"j clin endocrinol metab|1999|61|933|smith j|x|{SAMPLE_BY_N[38].pmid}"]


def test_ecitmatch_not_found_and_ambiguous(svc):
    out = ecitmatch(svc, ["jama|2017|317|9999|rooney mr|a|",
                          "fict endocrinol lett|2018|7||smith ja|b|"])
    assert out[0].endswith("|NOT_FOUND")
    assert out[1].endswith("|AMBIGUOUS")


def test_eutils_unknown_path_404(svc):
    r = requests.get(f"{svc.eutils_url}/nope.fcgi", timeout=5)
    assert r.status_code == 404


# --------------------------------------------------------------------------- DTD validity


def test_answers_validate_against_biopython_dtds(svc):
    """Every record, as efetch / esummary / esearch render it, is valid against the DTDs Biopython ships."""
    import os

    from lxml import etree

    dtd_dir = os.path.join(os.path.dirname(Entrez.__file__), "DTDs")
    ids = [w.pmid for w in svc.store.pubmed_works()]
    checks = [
        ("pubmed_250101.dtd", requests.post(f"{svc.eutils_url}/efetch.fcgi", data={"db": "pubmed", "id": ",".join(ids)},
                                            timeout=5)),
        ("esummary-v1.dtd", requests.post(f"{svc.eutils_url}/esummary.fcgi", data={"db": "pubmed", "id": ",".join(ids)},
                                          timeout=5)),
        ("esearch.dtd", get(svc, "esearch.fcgi", db="pubmed", term="vitamin", usehistory="y")),
        ("esearch.dtd", get(svc, "esearch.fcgi", db="pubmed", term="abcXYZ")),
    ]
    for dtd_name, r in checks:
        dtd = etree.DTD(os.path.join(dtd_dir, dtd_name))
        assert dtd.validate(etree.fromstring(r.content)), (dtd_name, dtd.error_log.filter_from_errors()[:5])
