"""Trust the record, not the parse: entries the parser cuts in the wrong place raise nothing once
the record is identified, because their raw text shows the record's values (issue 12's false
alarms, written anew in the same shapes). Each is parsed by the real parser."""

from __future__ import annotations

import pytest
from tests.verify.vbuild import P, ROONEY, UWITONZE

from refcheck.model import Lookup, Record
from refcheck.parse import parse_entry
from refcheck.verify import verify_reference

ZHU = Record(
    source="pubmed", pmid="33100001", doi="10.3390/nu12103001",
    title="Serum magnesium and vitamin D status in older adults: a cross-sectional study.",
    authors=(P("Zhu", "W", "Wei"), P("Chen", "L", "Li"), P("Wang", "Y", "Yan"), P("Huang", "Q", "Qing")),
    journal="Nutrients", journal_iso="Nutrients", journal_nlm="Nutrients",
    year=2020, print_date="2020-10-01", volume="12", issue="10", first_page="3001", article_number="3001",
)
FARHAN = Record(
    source="pubmed", pmid="31000002",
    title="Vitamin D and magnesium status in adults with type 2 diabetes.",
    authors=(P("Farhan", "S", "Sana"), P("Khan", "AA", "Ali Ahmed")),
    journal="JPMA. The Journal of the Pakistan Medical Association", journal_iso="J Pak Med Assoc",
    journal_nlm="J Pak Med Assoc", year=2019, print_date="2019-04", volume="69", issue="4",
    first_page="512", last_page="516",
)
OZTURK = Record(
    source="pubmed", pmid="30000003", doi="10.3906/sag-1806-1",
    title="Serum magnesium levels in elderly patients with vitamin D deficiency.",
    authors=(P("Öztürk", "Ç", "Çağrı"), P("Yılmaz", "B", "Burak"), P("Güneş", "E", "Emre")),
    journal="Turkish journal of medical sciences", journal_iso="Turk J Med Sci", journal_nlm="Turk J Med Sci",
    year=2019, print_date="2019-02-11", volume="49", issue="1", first_page="101", last_page="106",
)

CASES = {
    "apa-authors-nlm-journal": (
        "Rooney, M. R., Harnack, L., Michos, E. D., Zhao, D., & Lutsey, P. L. Trends in Use of High-Dose Vitamin D "
        "Supplements Exceeding 1000 or 4000 International Units Daily, 1999-2014. JAMA. 2017;317(23):2448-50.", ROONEY),
    "apa-authors-year-nlm-journal": (
        "Rooney, M. R., Harnack, L., Michos, E. D., Zhao, D., & Lutsey, P. L. (2017). Trends in use of high-dose "
        "vitamin D supplements exceeding 1000 or 4000 international units daily, 1999-2014. JAMA. "
        "2017 Jun 20;317(23):2448-50.", ROONEY),
    "dotted-initials": (
        "Uwitonze A.M., Razzaque M.S. Role of Magnesium in Vitamin D Activation and Function. "
        "J Am Osteopath Assoc. 2018;118(3):181-9.", UWITONZE),
    "comma-initials-et-al": (
        "Zhu, W., et al. Serum magnesium and vitamin D status in older adults: a cross-sectional study. "
        "Nutrients. 2020;12(10):3001.", ZHU),
    "journal-with-full-stop": (
        "Farhan S, Khan AA. Vitamin D and magnesium status in adults with type 2 diabetes. JPMA. The Journal of the "
        "Pakistan Medical Association. 2019;69(4):512-6.", FARHAN),
    "diacritics-folded": (
        "Ozturk Ç, Yilmaz B, Gunes E. Serum magnesium levels in elderly patients with vitamin D deficiency. "
        "Turk J Med Sci. 2019;49(1):101-6.", OZTURK),
    "diacritics-kept": (
        "Öztürk Ç, Yılmaz B, Güneş E. Serum magnesium levels in elderly patients with vitamin D deficiency. "
        "Turk J Med Sci. 2019;49(1):101-6.", OZTURK),
    "diacritics-transliterated-initials": (
        "Ozturk C, Yilmaz B, Gunes E. Serum magnesium levels in elderly patients with vitamin D deficiency. "
        "Turk J Med Sci. 2019 Feb 11;49(1):101-106.", OZTURK),
}


@pytest.mark.parametrize("key", CASES)
def test_entry_cut_wrongly_but_right_raises_nothing(key):
    raw, rec = CASES[key]
    ref = parse_entry(raw, 1)
    v = verify_reference(ref, Lookup(candidates=(rec,)))
    assert v.match is not None and v.match.record.pmid == rec.pmid
    assert v.findings == (), [f.to_dict() for f in v.findings]


@pytest.mark.parametrize("key", ["apa-authors-nlm-journal", "dotted-initials", "journal-with-full-stop",
                                 "diacritics-folded"])
def test_same_shapes_with_a_real_defect_still_raise_it(key):
    """The raw text decides both ways: a wrong year or an invented co-author in these shapes is
    still reported."""
    raw, rec = CASES[key]
    year = str(rec.year)
    wrong_year = parse_entry(raw.replace(f"{year};", f"{int(year) - 3};").replace(f"{year} ", f"{int(year) - 3} "), 1)
    codes = [f.code for f in verify_reference(wrong_year, Lookup(candidates=(rec,))).findings]
    assert codes == ["year-mismatch"], codes
    second = rec.authors[1].family
    head = raw.split(" ")[0].rstrip(",")
    stranger = raw.replace(head, f"{head}, Holick MF;" if "," not in raw.split(".")[0] else f"{head}, H. M., Holick,", 1)
    v = verify_reference(parse_entry(stranger, 1), Lookup(candidates=(rec,)))
    assert [f.code for f in v.findings] == ["author-mismatch"], [f.to_dict() for f in v.findings]
    f = v.findings[0]
    assert f.severity == "error" and "Holick" in f.message and second not in f.message


def test_year_in_a_journal_qualifier_is_no_cited_year():
    from tests.verify.vbuild import P as _P
    rec = Record(source="pubmed", pmid="18978030", title="Respiratory epithelial cells convert inactive vitamin D to "
                 "its active form: potential effects on host defense.", authors=(_P("Hansdottir", "S", "Sif"),),
                 journal="Journal of immunology (Baltimore, Md. : 1950)", journal_nlm="J Immunol", year=2008,
                 volume="181", issue="10", first_page="7090", last_page="7099")
    ref = parse_entry("Hansdottir, Sif. 2008. \u201cRespiratory epithelial cells convert inactive vitamin D to its active "
                      "form: potential effects on host defense.\u201d Journal of immunology (Baltimore, Md. : 1950) 181 (10): "
                      "7090\u20137099.", 1)
    v = verify_reference(ref, Lookup(candidates=(rec,)))
    assert "year-mismatch" not in [f.code for f in v.findings], [f.to_dict() for f in v.findings]
