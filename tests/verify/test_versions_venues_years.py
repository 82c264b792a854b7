"""Preprints and published versions, venues of every kind of work, impossible years, and cited
identifiers naming an unrelated paper (issue 12, items 2, 4 (PMID), 6)."""

from __future__ import annotations

import datetime
from dataclasses import replace

from tests.verify.vbuild import P, ROONEY, UWITONZE, UWITONZE_REF, cite, ref_from

from refcheck.model import Lookup, Record
from refcheck.parse import parse_entry
from refcheck.sources.crossref_json import record_from_work
from refcheck.verify import verify_reference

PREPRINT = Record(
    source="crossref", doi="10.1101/2020.05.01.20087000", type="posted-content", pub_types=("posted-content",),
    title="Magnesium status and vitamin D activation in hospitalised adults",
    authors=(P("Okafor", "N", "Ngozi"), P("Lindqvist", "S", "Sara"), P("Tanaka", "H", "Hiro")),
    journal="medRxiv", publisher="Cold Spring Harbor Laboratory", year=2020, epub_year=2020,
    preprint_of=("10.5555/jfn.2021.0042",),
)
PUBLISHED = Record(
    source="crossref", doi="10.5555/jfn.2021.0042", type="journal-article", pub_types=("journal-article",),
    title="Magnesium status and vitamin D activation in hospitalised adults",
    authors=PREPRINT.authors, journal="Journal of Fictional Nutrition", short_titles=("J Fict Nutr",),
    year=2021, volume="14", issue="2", first_page="101", last_page="110", has_preprint=(PREPRINT.doi,),
)
PREPRINT_ENTRY = ("Okafor N, Lindqvist S, Tanaka H. Magnesium status and vitamin D activation in hospitalised "
                  "adults. medRxiv. 2020. doi:10.1101/2020.05.01.20087000.")


def test_crossref_relation_is_read():
    rec = record_from_work({
        "DOI": PREPRINT.doi, "type": "posted-content", "subtype": "preprint", "title": [PREPRINT.title],
        "institution": [{"name": "medRxiv"}], "posted": {"date-parts": [[2020, 5, 3]]},
        "issued": {"date-parts": [[2020, 5, 3]]},
        "relation": {"is-preprint-of": [{"id-type": "doi", "id": "10.5555/JFN.2021.0042", "asserted-by": "subject"}],
                     "has-preprint": []},
    })
    assert rec.is_preprint and rec.preprint_of == ("10.5555/jfn.2021.0042",) and rec.journal == "medRxiv"
    pub = record_from_work({"DOI": PUBLISHED.doi, "type": "journal-article", "title": [PUBLISHED.title],
                            "relation": {"has-preprint": [{"id-type": "doi", "id": PREPRINT.doi}]}})
    assert pub.has_preprint == (PREPRINT.doi,) and not pub.is_preprint


def test_preprint_cited_when_the_published_version_exists():
    ref = parse_entry(PREPRINT_ENTRY, 1)
    v = verify_reference(ref, Lookup(by_doi=PREPRINT, doi_exists=True, candidates=(PREPRINT,), related=(PUBLISHED,)))
    f, = v.findings
    assert (f.code, f.severity) == ("preprint-published", "warning") and v.status == "warning"
    assert "10.5555/jfn.2021.0042" in f.found and "Journal of Fictional Nutrition" in f.message
    assert v.suggestion and "2021" in v.suggestion and "14(2):101-10" in v.suggestion


def test_preprint_published_named_by_doi_when_its_record_is_not_in_hand():
    v = verify_reference(parse_entry(PREPRINT_ENTRY, 1), Lookup(by_doi=PREPRINT, doi_exists=True, candidates=(PREPRINT,)))
    f, = v.findings
    assert f.code == "preprint-published" and f.found == "doi:10.5555/jfn.2021.0042"


def test_preprint_without_published_version_is_fine():
    lone = replace(PREPRINT, preprint_of=())
    v = verify_reference(parse_entry(PREPRINT_ENTRY, 1), Lookup(by_doi=lone, doi_exists=True, candidates=(lone,)))
    assert v.findings == () and v.status == "ok"


def test_preprint_cited_as_a_journal_paper_is_a_journal_mismatch():
    raw = ("Okafor N, Lindqvist S, Tanaka H. Magnesium status and vitamin D activation in hospitalised adults. "
           "Lancet. 2020;395:1120-8.")
    lone = replace(PREPRINT, preprint_of=())
    v = verify_reference(parse_entry(raw, 1), Lookup(candidates=(lone,)))
    assert "journal-mismatch" in [f.code for f in v.findings]
    f = next(f for f in v.findings if f.code == "journal-mismatch")
    assert "preprint" in f.message and f.cited == "Lancet"


def test_preprint_cited_as_a_conference_paper_is_a_journal_mismatch():
    raw = ("Okafor N, Lindqvist S, Tanaka H. Magnesium status and vitamin D activation in hospitalised adults. "
           "In: Proceedings of the International Conference on Machine Learning (ICML); 2020. p. 1-9.")
    ref = replace(parse_entry(raw, 1), type="conference")
    v = verify_reference(ref, Lookup(candidates=(replace(PREPRINT, preprint_of=()),)))
    assert "journal-mismatch" in [f.code for f in v.findings], [f.to_dict() for f in v.findings]


PROC = Record(
    source="crossref", doi="10.1109/cvpr.2019.00001", type="proceedings-article",
    title="Deep residual magnesium networks for image recognition",
    authors=(P("Kim", "J", "Jin"), P("Ruiz", "A", "Ana")),
    journal="2019 IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR)",
    year=2019, first_page="1", last_page="10",
)


def _conf(venue: str):
    raw = f"Kim J, Ruiz A. Deep residual magnesium networks for image recognition. In: {venue}; 2019. p. 1-10."
    return replace(parse_entry(raw, 1), type="conference", journal=venue)


def test_conference_venue_right_in_many_spellings():
    for venue in ("Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern Recognition",
                  "CVPR", "Proc. CVPR 2019", "IEEE Conference on Computer Vision and Pattern Recognition (CVPR)"):
        v = verify_reference(_conf(venue), Lookup(candidates=(PROC,)))
        assert v.findings == (), (venue, [f.to_dict() for f in v.findings])


def test_conference_venue_wrong_or_invented():
    for venue in ("Proceedings of the International Conference on Machine Learning (ICML)",
                  "Advances in Neural Information Processing Systems"):
        v = verify_reference(_conf(venue), Lookup(candidates=(PROC,)))
        assert [f.code for f in v.findings] == ["journal-mismatch"], venue


def test_journal_paper_cited_as_conference_paper():
    ref = replace(ref_from(UWITONZE), type="conference", journal="Proceedings of the Annual Meeting on Bone Health")
    ref = replace(ref, raw=ref.raw.replace("J Am Osteopath Assoc", ref.journal))
    v = verify_reference(ref, Lookup(candidates=(UWITONZE,)))
    assert "journal-mismatch" in [f.code for f in v.findings]


def test_year_after_the_current_year_is_an_error_without_lookup():
    future = datetime.date.today().year + 2
    ref = cite(UWITONZE_REF, year=future)
    for lookup in (Lookup(), Lookup(failed=("pubmed",)), Lookup(candidates=(UWITONZE,))):
        v = verify_reference(ref, lookup)
        assert v.status == "error"
        years = [f for f in v.findings if f.code == "year-mismatch"]
        assert len(years) == 1 and "after the current year" in years[0].message and years[0].cited == str(future)


def test_year_before_the_journal_began():
    rec = replace(UWITONZE, journal_start_year=1990)
    v = verify_reference(cite(UWITONZE_REF, year=1985), Lookup(candidates=(rec,)))
    assert [f.code for f in v.findings] == ["year-mismatch"] and "before the journal began" in v.findings[0].message


FABRICATED = ("Harlow BT, Ingram PQ, Osei K. Magnesium supplementation reverses vitamin D resistance in "
              "elderly Icelandic fishermen. JAMA. 2017;317(23):2448-50. PMID: 28655017.")


def test_real_pmid_on_a_fabricated_entry_is_a_pmid_mismatch_and_not_its_match():
    ref = parse_entry(FABRICATED, 1)
    assert ref.pmid == ROONEY.pmid
    v = verify_reference(ref, Lookup(by_pmid=ROONEY, pmid_exists=True, candidates=(ROONEY,)))
    codes = [f.code for f in v.findings]
    assert codes == ["pmid-mismatch", "not-found"], [f.to_dict() for f in v.findings]
    assert v.match is None


def test_real_pmid_on_an_entry_naming_another_real_work():
    raw = ("Uwitonze AM, Razzaque MS. Role of Magnesium in Vitamin D Activation and Function. "
           "J Am Osteopath Assoc. 2018;118(3):181-9. PMID: 28655017.")
    v = verify_reference(parse_entry(raw, 1), Lookup(by_pmid=ROONEY, pmid_exists=True, candidates=(ROONEY, UWITONZE)))
    assert [f.code for f in v.findings] == ["pmid-mismatch"]
    assert v.match.record.pmid == UWITONZE.pmid and v.findings[0].found == UWITONZE.pmid


def test_candidate_whose_title_disagrees_is_not_accepted():
    # same first author, journal and year, another paper: not the cited work
    other = replace(ROONEY, pmid="29999999", doi="10.1001/jama.2017.9999",
                    title="Sodium intake and blood pressure in a community cohort of older women.",
                    volume="318", issue="2", first_page="150", last_page="158")
    ref = parse_entry("Rooney MR, Harnack L. Magnesium in the diet of Icelandic fishermen: a survey. JAMA. 2017;317(23):2448-50.", 1)
    v = verify_reference(ref, Lookup(candidates=(other,)))
    assert v.match is None and [f.code for f in v.findings] == ["not-found"]


def test_miscited_title_with_everything_else_right_is_still_a_title_mismatch():
    ref = cite(UWITONZE_REF, title="Zinc and selenium in thyroid hormone synthesis")
    v = verify_reference(ref, Lookup(candidates=(UWITONZE,)))
    assert [f.code for f in v.findings] == ["title-mismatch"] and v.match is not None
