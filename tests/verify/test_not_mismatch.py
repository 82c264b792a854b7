"""The contract's "What is not a mismatch": each of these must raise NOTHING."""

from __future__ import annotations

from dataclasses import replace

import pytest
from tests.verify.vbuild import (
    cite,
    AL_ALAWI, AL_ALAWI_REF, ANNWEILER, DANIK, DANIK_REF, P, REDDY, REDDY_REF, ROONEY, ROONEY_REF, UWITONZE, UWITONZE_REF,
    VAZQUEZ, VAZQUEZ_REF, crossref_of, ref_from,
)

from refcheck.model import Lookup, Record, Reference
from refcheck.verify import verify_reference


def clean(ref, *records, **lookup):
    v = verify_reference(ref, Lookup(candidates=tuple(records), **lookup))
    assert v.findings == (), [f.to_dict() for f in v.findings]
    assert v.status == "ok" and v.match is not None and v.suggestion is None
    return v


@pytest.mark.parametrize("ref,rec", [(ROONEY_REF, ROONEY), (UWITONZE_REF, UWITONZE), (DANIK_REF, DANIK),
                                     (AL_ALAWI_REF, AL_ALAWI), (VAZQUEZ_REF, VAZQUEZ), (REDDY_REF, REDDY)])
def test_sample_entries_are_clean_against_both_sources(ref, rec):
    v = clean(ref, rec, crossref_of(rec))
    assert v.match.sources == ("pubmed", "crossref") and v.match.confidence >= 0.8


def test_abbreviated_page_ranges():
    clean(UWITONZE_REF, UWITONZE)  # 181-9 parsed as 181-189
    clean(cite(UWITONZE_REF, pages="181-9"), UWITONZE)  # even if left unexpanded
    clean(cite(ROONEY_REF, pages="2448-50"), ROONEY)
    clean(ROONEY_REF, replace(ROONEY, last_page="50"))  # record abbreviated, too


def test_case_punctuation_diacritics():
    clean(VAZQUEZ_REF, VAZQUEZ)  # Vazquez-Lorente = Vázquez-Lorente, Molina-Lopez = Molina-López
    clean(DANIK_REF, DANIK)  # "Vitamin d and cardiovascular disease." = "Vitamin D and Cardiovascular Disease"
    clean(cite(UWITONZE_REF, title="ROLE OF MAGNESIUM IN VITAMIN D ACTIVATION AND FUNCTION!"), UWITONZE)


def test_initials_and_et_al():
    clean(cite(ROONEY_REF, authors=("Rooney M", "Harnack L", "Michos E")), ROONEY)
    clean(cite(ROONEY_REF, authors=("Rooney MRX", "Harnack LJ", "Michos ED")), ROONEY)
    many = replace(ROONEY, authors=ROONEY.authors + tuple(P(f"Author{i}", "X") for i in range(7)))
    clean(ROONEY_REF, many)  # 3 authors + et al vs 12


def test_compound_and_particle_surnames():
    rec = replace(AL_ALAWI, authors=(P("Al-Alawi", "AM"),) + AL_ALAWI.authors[1:])
    clean(AL_ALAWI_REF, rec)
    clean(cite(AL_ALAWI_REF, authors=("AlAlawi AM", "Majoni SW", "Falhammar H")), AL_ALAWI)
    cj = Record(source="pubmed", pmid="31986236", title="Nutritional strategies for maintaining muscle mass and strength from middle age to later life: A narrative review.",
                authors=(P("Cruz-Jentoft", "AJ"), P("Dawson-Hughes", "B"), P("Scott", "D")), journal="Maturitas",
                journal_nlm="Maturitas", year=2020, volume="132", first_page="57", last_page="64")
    ref = Reference(n=34, raw="…", authors=("Cruz-Jentoft AJ", "Dawson Hughes B", "Scott D"), et_al=True,
                    title="Nutritional strategies for maintaining muscle mass and strength from middle age to later life: A narrative review",
                    journal="Maturitas", year=2020, month=2, volume="132", pages="57-64")
    clean(ref, cj)
    clean(cite(ROONEY_REF, authors=("van Rooney MR", "Harnack L")), ROONEY)


def test_collective_author():
    rec = replace(ROONEY, authors=(), collective=("PRISMA Group",))
    clean(cite(ROONEY_REF, authors=("PRISMA Group",), et_al=False), rec)
    clean(cite(ROONEY_REF, authors=("The PRISMA Group",), et_al=False), rec)


@pytest.mark.parametrize("cited,full", [
    ("J Am Osteopath Assoc", "The Journal of the American Osteopathic Association"),
    ("Am J Clin Nutr", "The American journal of clinical nutrition"),
    ("Clin J Am Soc Nephrol", "Clinical journal of the American Society of Nephrology : CJASN"),
    ("BMC Med", "BMC medicine"),
    ("JAMA", "JAMA"),
    ("J Immunol", "Journal of immunology (Baltimore, Md. : 1950)"),
    ("Geriatr Psychol Neuropsychiatr Vieil", "Geriatrie et psychologie neuropsychiatrie du vieillissement"),
    ("Proc Natl Acad Sci U S A", "Proceedings of the National Academy of Sciences of the United States of America"),
    ("J Pak Med Assoc", "JPMA. The Journal of the Pakistan Medical Association"),
    ("Age Ageing", "Age and ageing"),
    ("The American Journal of Clinical Nutrition", "American journal of clinical nutrition"),
    ("Am. J. Clin. Nutr.", "The American journal of clinical nutrition"),
])
def test_journal_abbreviation_against_full_title(cited, full):
    rec = replace(UWITONZE, source="crossref", pmid=None, journal=full, journal_iso=None, journal_nlm=None)
    clean(cite(UWITONZE_REF, journal=cited), rec)


def test_cited_year_print_or_epub():
    # PubMed 31588070 shape: ArticleDate 2019, PubDate 2020
    rec = replace(UWITONZE, year=2020, print_date="2020-01", epub_year=2019, epub_date="2019-10-07")
    clean(cite(UWITONZE_REF, year=2019), rec)
    clean(cite(UWITONZE_REF, year=2020), rec)
    clean(cite(UWITONZE_REF, year=2019, epub="2019-10-07"), rec)


@pytest.mark.parametrize("cited,recorded", [
    ("Haemoglobin and anaemia in randomised trials of ageing adults",
     "Hemoglobin and anemia in randomized trials of aging adults"),
    ("Tumour behaviour in the oesophagus and oedema in foetal leukaemia",
     "Tumor behavior in the esophagus and edema in fetal leukemia"),
    ("A paediatric programme to analyse fibre at the centre", "A pediatric program to analyze fiber at the center"),
    ("Hypomagnesaemia and signalling: organisation of care", "Hypomagnesemia and signaling: organization of care"),
])
def test_british_american_spelling(cited, recorded):
    rec = replace(UWITONZE, title=recorded + ".")
    clean(cite(UWITONZE_REF, title=cited), rec)


@pytest.mark.parametrize("cited,recorded", [
    ("Magnesium <i>in vivo</i> and vitamin D", "Magnesium in vivo and vitamin D"),
    ("Magnesium in vivo and vitamin D", "Magnesium <i>in vivo</i> and vitamin D"),
    ("Serum Mg2+ and vitamin D activation", "Serum Mg<sup>2+</sup> and vitamin D activation"),
    ("Serum Mg2+ and vitamin D activation",
     "Serum <mml:math><mml:msup><mml:mi>Mg</mml:mi><mml:mrow><mml:mn>2</mml:mn><mml:mo>+</mml:mo></mml:mrow></mml:msup></mml:math> and vitamin D activation"),
    ("Serum Mg2+ and vitamin D activation",
     "Serum <mml:math>\n  <mml:mi>Mg</mml:mi>\n  <mml:mn>2</mml:mn><mml:mo>+</mml:mo>\n</mml:math> and vitamin D activation"),
    ("1α,25-dihydroxyvitamin D and magnesium", "1&alpha;,25-dihydroxyvitamin D and magnesium"),
    ("Role of magnesium in vitamin D activation and function",
     "[Role of magnesium in vitamin D activation and function]."),
])
def test_markup_in_titles(cited, recorded):
    clean(cite(UWITONZE_REF, title=cited), replace(UWITONZE, title=recorded))


def test_elocation_ids_as_pages():
    clean(REDDY_REF, REDDY)  # e124-e32 = e124-e132
    plos = replace(UWITONZE, first_page=None, last_page=None, article_number="e1000097")
    clean(cite(UWITONZE_REF, pages="e1000097"), plos)
    clean(AL_ALAWI_REF, replace(AL_ALAWI, first_page=None))  # article number only
    clean(AL_ALAWI_REF, replace(AL_ALAWI, first_page="1", last_page="10"))  # PDF pages + article number


def test_nutrients_entry_without_pages():
    clean(VAZQUEZ_REF, VAZQUEZ)
    clean(VAZQUEZ_REF, replace(VAZQUEZ, first_page="2297"))


def test_issue_number_against_month_span_and_ranges():
    clean(REDDY_REF, replace(REDDY, issue="Jan-Feb"))  # MedlineDate-like issue
    clean(cite(REDDY_REF, issue="Jan/Feb"), REDDY)
    clean(REDDY_REF, replace(REDDY, issue="1-2"))
    clean(cite(REDDY_REF, issue="1-2"), REDDY)
    clean(REDDY_REF, replace(REDDY, issue=None))


def test_record_lacking_fields_raises_nothing():
    bare = replace(UWITONZE, first_page=None, last_page=None, issue=None, volume=None, authors=())
    clean(UWITONZE_REF, bare)


def test_crossref_title_without_subtitle():
    # Crossref keeps the subtitle in its own field: "Title: subtitle" as cited is fine
    rec = replace(crossref_of(ANNWEILER), title="Vitamin D and cognition in older adults")
    clean(ref_from(ANNWEILER), rec)


def test_pubmed_record_without_doi_and_crossref_record_are_one_work():
    pm = replace(UWITONZE, doi=None)
    v = clean(UWITONZE_REF, pm, crossref_of(UWITONZE))
    assert v.match.sources == ("pubmed", "crossref") and v.match.record.doi == UWITONZE.doi


def test_online_first_citation_of_a_record_still_ahead_of_print():
    rec = replace(UWITONZE, volume=None, issue=None, first_page=None, last_page=None, ahead_of_print=True,
                  year=2020, epub_year=2020, epub_date="2020-09-21")
    clean(cite(UWITONZE_REF, year=2020, month=9, day=21, volume=None, issue=None, pages=None), rec)


def test_ref_built_from_record_is_clean():
    for rec in (ROONEY, UWITONZE, DANIK, AL_ALAWI, VAZQUEZ, REDDY):
        clean(ref_from(rec), rec)


def test_family_and_given_swapped_by_a_source():
    rec = replace(crossref_of(UWITONZE), authors=(P("Dai", "Q", "Qi"),) + UWITONZE.authors[1:])
    swapped = replace(crossref_of(UWITONZE), authors=(P("Qi", "D", "Dai"),) + UWITONZE.authors[1:])
    ref = cite(UWITONZE_REF, authors=("Dai Q", "Razzaque MS"))
    clean(ref, rec)
    clean(ref, swapped)


def test_pubmed_without_doi_and_crossref_without_subtitle_are_one_work():
    pm = replace(ANNWEILER, doi=None)
    cr = replace(crossref_of(ANNWEILER), title="Vitamin D and cognition in older adults")
    v = clean(ref_from(ANNWEILER), pm, cr)
    assert v.match.sources == ("pubmed", "crossref")


def test_transliterated_and_special_letters_in_surnames():
    rec = replace(UWITONZE, authors=(P("Müller", "AM"), P("Bjørnstad", "MS"), P("Strauß", "K")))
    clean(cite(UWITONZE_REF, authors=("Mueller AM", "Bjornstad MS", "Strauss K")), rec)


def test_unknown_spelling_variant_of_one_word_is_not_a_title_mismatch():
    rec = replace(UWITONZE, title="A focused review of leukocyte magnesium for the dietitian.")
    clean(cite(UWITONZE_REF, title="A focussed review of leucocyte magnesium for the dietician"), rec)


def test_datacite_doi_unknown_to_both_services_is_not_called_nonexistent():
    """A Zenodo (DataCite) DOI is unknown to Crossref and PubMed by nature: no doi-mismatch."""
    from refcheck.model import Lookup, Reference
    from refcheck.verify import verify_reference

    ref = Reference(n=1, raw="Doe J. Trial data set. Zenodo. 2021. doi:10.5281/zenodo.1234567",
                    authors=("Doe J",), title="Trial data set", journal="Zenodo", year=2021,
                    doi="10.5281/zenodo.1234567", type="report")
    v = verify_reference(ref, Lookup(doi_exists=False))
    assert "doi-mismatch" not in [f.code for f in v.findings]


def test_unknown_crossref_style_doi_is_still_reported():
    """The same absence for an ordinary journal DOI prefix is reported: the DOI does not exist."""
    from refcheck.model import Lookup, Reference
    from refcheck.verify import verify_reference

    ref = Reference(n=1, raw="Doe J. A trial. JAMA. 2021;325(1):1-9. doi:10.1001/jama.2099.99999",
                    authors=("Doe J",), title="A trial", journal="JAMA", year=2021, volume="325",
                    issue="1", pages="1-9", doi="10.1001/jama.2099.99999")
    v = verify_reference(ref, Lookup(doi_exists=False))
    assert "doi-mismatch" in [f.code for f in v.findings]
