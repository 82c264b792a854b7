"""One test per finding code that must be raised (hand-built records, no HTTP)."""

from __future__ import annotations

from dataclasses import replace

from tests.verify.vbuild import (
    cite,
    ANNWEILER, KHEYRURI, KHEYRURI_REF, P, ROONEY, ROONEY_REF, UWITONZE, UWITONZE_REF, crossref_of, ref_from,
)

from refcheck.model import Citations, Lookup, ParsedDocument, Record, Reference, Update
from refcheck.verify import verify_document, verify_reference


def codes(v):
    return [f.code for f in v.findings]


def only(v, code):
    assert codes(v) == [code], [f.to_dict() for f in v.findings]
    return v.findings[0]


# --------------------------------------------------------------------------- entry-level


def test_incomplete_web_reference_without_url():
    ref = Reference(n=7, raw="Available at: Accessed April 27, 2021.", year=2021, type="web")
    v = verify_reference(ref, Lookup(candidates=(ROONEY,)))
    f = only(v, "incomplete")
    assert f.field == "url" and f.message == "web reference without a URL or title"
    assert v.status == "error" and v.match is None


def test_incomplete_decided_even_when_parser_typed_it_journal():
    ref = Reference(n=7, raw="Available at: Accessed April 27, 2021.", year=2021)
    assert codes(verify_reference(ref, Lookup())) == ["incomplete"]


def test_incomplete_nothing_identifying():
    ref = Reference(n=3, raw="2019;12:33-40.", year=2019, volume="12", pages="33-40")
    f = only(verify_reference(ref, Lookup()), "incomplete")
    assert f.severity == "error"


def test_not_found_names_nearest_candidate():
    ref = Reference(n=18, raw="…", authors=("Smith J", "Doe A"), title="Vitamin D and cognition in older adults",
                    journal="J Clin Endocrinol Metab", year=2019, volume="104", pages="100-110")
    v = verify_reference(ref, Lookup(candidates=(ANNWEILER,)))
    f = only(v, "not-found")
    assert f.severity == "error" and v.match is None
    assert "nearest: 'Vitamin D and cognition in older adults: international consensus guidelines'" in f.message
    assert "Annweiler C, 2016, Geriatr Psychol Neuropsychiatr Vieil" in f.message
    assert "year 2016 ≠ 2019" in f.message


def test_not_found_without_candidates():
    ref = ref_from(ROONEY, title="An invented title about nothing at all")
    f = only(verify_reference(ref, Lookup()), "not-found")
    assert f.message == "no source holds a matching record"


def test_unavailable_when_a_service_failed_never_not_found():
    ref = ref_from(ROONEY)
    v = verify_reference(ref, Lookup(failed=("pubmed: 503 after 6 attempts",)))
    f = only(v, "unavailable")
    assert f.message == "PubMed did not answer (503 after 6 attempts); could not be checked"
    assert v.status == "unverified"
    # and a weak candidate does not turn it into not-found either
    v = verify_reference(ref_from(ROONEY, title="Something else entirely here", authors=("Nobody X",)),
                         Lookup(candidates=(ANNWEILER,), failed=("crossref",)))
    assert codes(v) == ["unavailable"] and "Crossref did not answer" in v.findings[0].message


def test_unavailable_offline_miss():
    v = verify_reference(ref_from(ROONEY), Lookup(offline_miss=True))
    assert only(v, "unavailable").message == "offline: not in the cache"
    assert v.status == "unverified"


def test_not_indexed_web_page_with_url():
    ref = Reference(n=5, raw="WHO. Vitamin D fact sheet. Available at: https://who.int/vitd. Accessed 2021.",
                    authors=("World Health Organization",), title="Vitamin D fact sheet", url="https://who.int/vitd",
                    type="web", year=2021)
    v = verify_reference(ref, Lookup())
    only(v, "not-indexed")
    assert v.status == "unverified"


def test_not_indexed_book_without_doi():
    ref = Reference(n=5, raw="Holick MF. Vitamin D. 3rd ed. New York: Springer; 2010.", authors=("Holick MF",),
                    title="Vitamin D", publisher="Springer", year=2010, type="book")
    only(verify_reference(ref, Lookup()), "not-indexed")


def test_ambiguous_lists_both_candidates():
    a = Record(source="pubmed", pmid="111", doi="10.1/a", title="Vitamin D and aging.", authors=(P("Gallagher", "JC"),),
               journal="Endocrinology and metabolism clinics of North America",
               journal_nlm="Endocrinol Metab Clin North Am", year=2013, volume="42", first_page="319", last_page="332")
    b = replace(a, pmid="222", doi="10.1/b", volume="43", first_page="100", last_page="110",
                journal_nlm="Endocrinol Metab Clin North Am")
    ref = Reference(n=26, raw="Gallagher JC. Vitamin D and aging. Endocrinol Metab Clin North Am. 2013.",
                    authors=("Gallagher JC",), title="Vitamin D and aging", journal="Endocrinol Metab Clin North Am",
                    year=2013)
    v = verify_reference(ref, Lookup(candidates=(a, b)))
    f = only(v, "ambiguous")
    assert f.severity == "warning"
    assert "doi:10.1/a" in f.message and "doi:10.1/b" in f.message and "PMID 111" in f.message
    assert "319-332" in f.message and "100-110" in f.message
    assert len(v.candidates) == 2


# --------------------------------------------------------------------------- field mismatches


def test_year_mismatch():
    v = verify_reference(cite(UWITONZE_REF, year=2017), Lookup(candidates=(UWITONZE,)))
    f = only(v, "year-mismatch")
    assert (f.cited, f.found, f.field) == ("2017", "2018", "year")
    assert v.match is not None and v.suggestion and "2018 Mar 1;118(3):181-9." in v.suggestion


def test_volume_mismatch():
    f = only(verify_reference(cite(UWITONZE_REF, volume="119"), Lookup(candidates=(UWITONZE,))), "volume-mismatch")
    assert (f.cited, f.found) == ("119", "118")


def test_issue_mismatch_is_a_warning():
    v = verify_reference(cite(UWITONZE_REF, issue="4"), Lookup(candidates=(UWITONZE,)))
    f = only(v, "issue-mismatch")
    assert f.severity == "warning" and v.status == "warning"


def test_pages_mismatch():
    f = only(verify_reference(cite(UWITONZE_REF, pages="181-199"), Lookup(candidates=(UWITONZE,))), "pages-mismatch")
    assert f.found == "181-189"
    f = only(verify_reference(cite(UWITONZE_REF, pages="191-199"), Lookup(candidates=(UWITONZE,))), "pages-mismatch")


def test_title_mismatch_different_words():
    ref = cite(UWITONZE_REF, title="Role of Calcium in Vitamin D Activation and Function")
    f = only(verify_reference(ref, Lookup(candidates=(UWITONZE,))), "title-mismatch")
    assert "cited 'calcium' where the record has 'magnesium'" in f.message and f.found == UWITONZE.title


def test_title_mismatch_missing_subtitle():
    rec = ANNWEILER
    ref = ref_from(rec, title="Vitamin D and cognition in older adults")
    only(verify_reference(ref, Lookup(candidates=(rec,))), "title-mismatch")


def test_author_mismatch_other_order_is_a_warning():
    ref = cite(UWITONZE_REF, authors=("Razzaque MS", "Uwitonze AM"))
    f = only(verify_reference(ref, Lookup(candidates=(UWITONZE,))), "author-mismatch")
    assert "another order" in f.message and "author 2" in f.message
    assert f.severity == "warning" and verify_reference(ref, Lookup(candidates=(UWITONZE,))).status == "warning"


def test_author_mismatch_author_not_in_record():
    ref = cite(ROONEY_REF, authors=("Rooney MR", "Harnack L", "Holick MF"))
    f = only(verify_reference(ref, Lookup(candidates=(ROONEY,))), "author-mismatch")
    assert "Holick MF" in f.message


def test_journal_mismatch():
    ref = cite(UWITONZE_REF, journal="J Am Diet Assoc")
    f = only(verify_reference(ref, Lookup(candidates=(UWITONZE,))), "journal-mismatch")
    assert f.cited == "J Am Diet Assoc"


# --------------------------------------------------------------------------- identifiers


def test_doi_mismatch_nonexistent_doi():
    ref = cite(UWITONZE_REF, doi="10.7556/jaoa.2018.999")
    v = verify_reference(ref, Lookup(doi_exists=False, candidates=(UWITONZE,)))
    f = only(v, "doi-mismatch")
    assert f.message == "DOI 10.7556/jaoa.2018.999 does not exist"
    assert f.found == UWITONZE.doi and v.match.record.pmid == UWITONZE.pmid


def test_doi_naming_another_work_matches_the_work_the_rest_names():
    ref = cite(UWITONZE_REF, doi=ROONEY.doi)
    v = verify_reference(ref, Lookup(by_doi=ROONEY, doi_exists=True, candidates=(UWITONZE,)))
    f = only(v, "doi-mismatch")
    assert (f.cited, f.found) == (ROONEY.doi, UWITONZE.doi)
    assert "names another work" in f.message and "Trends in Use" in f.message
    assert v.match.record.doi == UWITONZE.doi


def test_doi_naming_another_work_with_no_other_candidate():
    ref = cite(UWITONZE_REF, doi=ROONEY.doi)
    v = verify_reference(ref, Lookup(by_doi=ROONEY, doi_exists=True))
    assert codes(v) == ["doi-mismatch", "not-found"]
    assert v.findings[0].found is None and v.match is None


def test_pmid_mismatch():
    ref = cite(UWITONZE_REF, pmid=ROONEY.pmid)
    v = verify_reference(ref, Lookup(by_pmid=ROONEY, pmid_exists=True, candidates=(UWITONZE,)))
    f = only(v, "pmid-mismatch")
    assert (f.cited, f.found) == (ROONEY.pmid, UWITONZE.pmid)
    v = verify_reference(cite(UWITONZE_REF, pmid="99999999"), Lookup(pmid_exists=False, candidates=(UWITONZE,)))
    assert only(v, "pmid-mismatch").message == "PMID 99999999 does not exist"


def test_right_doi_raises_confidence():
    ref = cite(UWITONZE_REF, title="Magnesium in vitamin D function", year=2017, doi=UWITONZE.doi)
    plain = verify_reference(replace(ref, doi=None), Lookup(candidates=(UWITONZE,)))
    with_doi = verify_reference(ref, Lookup(by_doi=crossref_of(UWITONZE), doi_exists=True, candidates=(UWITONZE,)))
    assert with_doi.match.confidence > plain.match.confidence
    assert with_doi.match.sources == ("pubmed", "crossref")
    assert "doi-mismatch" not in codes(with_doi)


# --------------------------------------------------------------------------- notices


def _with(rec, *updates):
    return replace(rec, updates=tuple(updates))


RETRACTION = Update(kind="retraction", subtype="retraction", source="pubmed", doi="10.7556/jaoa.2019.001",
                    pmid="30000001", date="2019-05-01")


def test_retracted_is_an_error_with_notice_links():
    v = verify_reference(UWITONZE_REF, Lookup(candidates=(_with(UWITONZE, RETRACTION),)))
    f = only(v, "retracted")
    assert f.severity == "error" and v.status == "error"
    assert "retracted" in f.message and "doi:10.7556/jaoa.2019.001" in f.message and "PubMed" in f.message
    assert f.details["notice_doi"] == "10.7556/jaoa.2019.001" and f.details["notice_pmid"] == "30000001"


def test_retracted_acknowledged_is_a_warning():
    ref = cite(UWITONZE_REF, retraction_noted=True)
    f = only(verify_reference(ref, Lookup(candidates=(_with(UWITONZE, RETRACTION),))), "retracted")
    assert f.severity == "warning"


def test_retraction_known_only_to_crossref_counts_and_sources_unite():
    cr = _with(crossref_of(UWITONZE), replace(RETRACTION, source="crossref", pmid=None),
               replace(RETRACTION, source="retraction-watch", pmid=None))
    v = verify_reference(UWITONZE_REF, Lookup(candidates=(UWITONZE, cr)))
    f = only(v, "retracted")
    assert "Crossref" in f.message and "Retraction Watch" in f.message


def test_retract_and_replace_message():
    u = Update(kind="retraction", subtype="retracted-and-republished", source="crossref",
               doi="10.7556/jaoa.2019.002", replacement_doi="10.7556/jaoa.2019.003", replacement_pmid="30000003")
    f = only(verify_reference(UWITONZE_REF, Lookup(candidates=(_with(UWITONZE, u),))), "retracted")
    assert "retracted and replaced by doi:10.7556/jaoa.2019.003 / PMID 30000003" in f.message
    assert f.details["replacement_doi"] == "10.7556/jaoa.2019.003"


def test_withdrawal_message():
    u = replace(RETRACTION, subtype="withdrawal", source="crossref")
    f = only(verify_reference(UWITONZE_REF, Lookup(candidates=(_with(UWITONZE, u),))), "retracted")
    assert "withdrawn" in f.message


def test_partial_retraction_message():
    u = replace(RETRACTION, subtype="partial_retraction")
    f = only(verify_reference(UWITONZE_REF, Lookup(candidates=(_with(UWITONZE, u),))), "retracted")
    assert "partially retracted" in f.message


def test_removal_message():
    u = replace(RETRACTION, subtype="removal")
    assert "removed" in only(verify_reference(UWITONZE_REF, Lookup(candidates=(_with(UWITONZE, u),))), "retracted").message


def test_expression_of_concern():
    u = Update(kind="expression-of-concern", subtype="expression_of_concern", source="pubmed", pmid="30000002")
    v = verify_reference(UWITONZE_REF, Lookup(candidates=(_with(UWITONZE, u),)))
    f = only(v, "expression-of-concern")
    assert f.severity == "warning" and "PMID 30000002" in f.message


def test_corrected_is_info_and_status_stays_ok():
    u = Update(kind="correction", subtype="erratum", source="pubmed", pmid="30000004", label="Erratum in: J Am Osteopath Assoc. 2018;118(5):300.")
    v = verify_reference(UWITONZE_REF, Lookup(candidates=(_with(UWITONZE, u),)))
    f = only(v, "corrected")
    assert f.severity == "info" and v.status == "ok" and "erratum" in f.message
    assert v.suggestion is None


def test_citing_the_notice_itself_raises_no_retraction():
    notice = Record(source="crossref", doi="10.7556/jaoa.2019.001", title="Retraction: Role of Magnesium in Vitamin D Activation and Function",
                    journal="The Journal of the American Osteopathic Association", year=2019, volume="119", first_page="300",
                    notice_of=(UWITONZE.doi,), updates=(replace(RETRACTION, source="crossref"),))
    ref = Reference(n=2, raw="…", title="Retraction: Role of Magnesium in Vitamin D Activation and Function",
                    journal="J Am Osteopath Assoc", year=2019, volume="119", pages="300")
    v = verify_reference(ref, Lookup(candidates=(notice, _with(UWITONZE, RETRACTION))))
    assert v.match.record.doi == notice.doi and codes(v) == []


def test_ahead_of_print_entry_14_shape():
    v = verify_reference(KHEYRURI_REF, Lookup(candidates=(KHEYRURI, crossref_of(KHEYRURI))))
    f = only(v, "ahead-of-print")
    assert f.message == "cited as online-first (2020 Sep 21); now published in 2021;199(7):2505-2513"
    assert f.found == "2021;199(7):2505-2513" and f.severity == "warning"
    assert v.suggestion == (
        "Kheyruri F, Sarrafzadeh J, Hosseini AF, et al. Randomized Study of the Effects of Vitamin D and Magnesium "
        "Co-Supplementation on Muscle Strength and Function, Body Composition, and Inflammation in Vitamin "
        "D-Deficient Middle-Aged Women. Biol Trace Elem Res. 2021 Jul;199(7):2505-13."
    )


def test_ahead_of_print_with_running_pages_entry_35_shape():
    rec = Record(source="pubmed", pmid="33252311", title="Vitamin D, Calcium, Magnesium, and Potassium Consumption.",
                 authors=(P("Palacios", "C"),), journal="Journal of the American College of Nutrition",
                 journal_nlm="J Am Coll Nutr", year=2021, epub_year=2020, volume="40", issue="8",
                 first_page="680", last_page="689")
    ref = Reference(n=35, raw="Palacios C. Vitamin D, Calcium, Magnesium, and Potassium Consumption. J Am Coll Nutr. 2020 Nov 30:1-10.",
                    authors=("Palacios C",), title="Vitamin D, Calcium, Magnesium, and Potassium Consumption",
                    journal="J Am Coll Nutr", year=2020, month=11, day=30, pages="1-10")
    assert codes(verify_reference(ref, Lookup(candidates=(rec,)))) == ["ahead-of-print"]


# --------------------------------------------------------------------------- document


def _doc(refs, citations=None):
    return ParsedDocument(source="refs.txt", references=tuple(refs), citations=citations)


def test_duplicate_same_work():
    second = cite(UWITONZE_REF, n=12, raw="Uwitonze AM, Razzaque MS. Role of magnesium in vitamin D activation and function. "
                                           "J Am Osteopath Assoc. 2018;118(3):181-9.")
    rep = verify_document(_doc([UWITONZE_REF, second]), [Lookup(candidates=(UWITONZE,))] * 2)
    assert codes(rep.verdicts[0]) == []
    f = only(rep.verdicts[1], "duplicate")
    assert "entry 10" in f.message and f.severity == "warning"


def test_duplicate_identical_raw_even_unmatched():
    ref = Reference(n=3, raw="3. Nobody A. Nothing. J Nothing. 2001;1:1-2.", authors=("Nobody A",), title="Nothing",
                    journal="J Nothing", year=2001, volume="1", pages="1-2")
    rep = verify_document(_doc([ref, replace(ref, n=4, raw="4. Nobody A. Nothing. J Nothing. 2001;1:1-2.")]),
                          [Lookup(), Lookup()])
    assert codes(rep.verdicts[1]) == ["not-found", "duplicate"]


def test_uncited_in_articles_only():
    cit = Citations(cited=(1,), cited_not_listed=(), listed_not_cited=(10,))
    rep = verify_document(_doc([ROONEY_REF, UWITONZE_REF], cit), [Lookup(candidates=(ROONEY,)), Lookup(candidates=(UWITONZE,))])
    assert codes(rep.verdicts[0]) == []
    assert only(rep.verdicts[1], "uncited").severity == "warning"
    assert rep.citations == cit
    bare = verify_document(_doc([ROONEY_REF, UWITONZE_REF]), [Lookup(candidates=(ROONEY,)), Lookup(candidates=(UWITONZE,))])
    assert bare.citations is None and all(codes(v) == [] for v in bare.verdicts)


def test_title_mismatch_similar_but_different_words():
    rec = replace(UWITONZE, title="Magnesium and hypertension in older women.")
    ref = cite(UWITONZE_REF, title="Magnesium and hypotension in older women")
    f = only(verify_reference(ref, Lookup(candidates=(rec,))), "title-mismatch")
    assert "hypotension" in f.message


def test_ahead_of_print_without_recorded_epub_date_raises_no_year_mismatch():
    rec = replace(crossref_of(KHEYRURI), epub_year=None, epub_date=None)
    assert codes(verify_reference(KHEYRURI_REF, Lookup(candidates=(rec,)))) == ["ahead-of-print"]
    # but a year that fits neither is still reported
    assert codes(verify_reference(cite(KHEYRURI_REF, year=2017), Lookup(candidates=(KHEYRURI,)))) == [
        "ahead-of-print", "year-mismatch"]


def test_doi_of_a_sibling_paper_is_overruled_by_the_rest_of_the_entry():
    # same authors, journal and year: the wrong DOI's work fits the entry partly, the right one fully
    sibling = replace(UWITONZE, doi="10.7556/jaoa.2018.050", pmid="29999999",
                      title="Oral manifestations of magnesium and vitamin D inadequacy.", volume="118", issue="5",
                      first_page="300", last_page="310")
    ref = cite(UWITONZE_REF, doi=sibling.doi)
    v = verify_reference(ref, Lookup(by_doi=sibling, doi_exists=True, candidates=(UWITONZE,)))
    assert codes(v) == ["doi-mismatch"] and v.match.record.doi == UWITONZE.doi


def test_only_the_retraction_notice_found_still_reports_retracted():
    notice = Record(source="pubmed", pmid="30000001", doi="10.7556/jaoa.2019.001",
                    title="Retraction: Role of Magnesium in Vitamin D Activation and Function.",
                    journal="The Journal of the American Osteopathic Association", journal_nlm="J Am Osteopath Assoc",
                    year=2019, volume="119", first_page="300", pub_types=("Retraction of Publication",),
                    notice_of=(UWITONZE.pmid,))
    v = verify_reference(UWITONZE_REF, Lookup(candidates=(notice,)))
    f = only(v, "retracted")
    assert "PMID 30000001" in f.message and f.details["notice_pmid"] == "30000001"
