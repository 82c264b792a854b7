"""A misread entry never becomes a mismatch (issue 12): the raw text of a correct citation shows
the record's values, so however the fields were cut from it, nothing is reported.

Two kinds of test. First, correct entries in the shapes the control set of
bench/verify_accuracy.py tripped on (a group author before the title with no full stop, as MDPI
and ACS print it; short surnames in capitals, as ABNT prints them), parsed by the real parser,
each with the same shape carrying a real defect that must still be reported. Second, the parser
left out: correct raw text with fields cut wrongly by hand (title swallowing the last author or
the journal, journal swallowing the year, the issue read as the volume, authors lost), which the
verifier must read past.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from tests.verify.vbuild import P

from refcheck.model import Lookup, Record, Reference
from refcheck.parse import parse_entry
from refcheck.verify import verify_reference

FRAILTY = Record(
    source="pubmed", pmid="36100001", doi="10.1093/ageing/afac101",
    title="Frailty and vitamin D: an updated consensus on screening and treatment.",
    authors=(P("Lindqvist", "KE", "Karin E"), P("Moreau", "J", "Jean"), P("Okafor", "CN", "Chidi N")),
    collective=("International Working Group on Vitamin D in Frailty (IWG-DF), and the Extended Panel for IWG-DF",),
    journal="Age and ageing", journal_iso="Age Ageing", journal_nlm="Age Ageing",
    year=2022, print_date="2022-03-01", volume="51", issue="3", first_page="210", last_page="224",
)
SHORT_NAMES = Record(
    source="pubmed", pmid="35100002", doi="10.3390/nu14051002",
    title="Magnesium intake and serum 25-hydroxyvitamin D in Chinese adults.",
    authors=(P("Li", "X", "Xiang"), P("Ng", "KT", "Kai Tong"), P("Wu", "Y", "Yue"), P("Hoffmann", "R", "Ralf")),
    journal="Nutrients", journal_iso="Nutrients", journal_nlm="Nutrients",
    year=2022, print_date="2022-03-01", volume="14", issue="5", first_page="1002", article_number="1002",
)

MDPI_GROUP = ("Lindqvist, K. E.; Moreau, J.; Okafor, C. N.; International Working Group on Vitamin D in Frailty "
              "(IWG-DF), and the Extended Panel for IWG-DF Frailty and vitamin D: an updated consensus on screening "
              "and treatment. Age Ageing 2022, 51, 210–224.")
ACS_GROUP = MDPI_GROUP.replace("Age Ageing 2022, 51,", "Age Ageing 2022, 51 (3),")
ABNT_CAPS = ("LI, X.; NG, K. T.; WU, Y.; HOFFMANN, R. Magnesium intake and serum 25-hydroxyvitamin D in Chinese "
             "adults. Nutrients, v. 14, n. 5, p. 1002, 2022.")


def _findings(raw: str, rec: Record) -> list[dict]:
    v = verify_reference(parse_entry(raw, 1), Lookup(candidates=(rec,)))
    assert v.match is not None and v.match.record.pmid == rec.pmid, raw
    return [f.to_dict() for f in v.findings]


@pytest.mark.parametrize("raw,rec", [(MDPI_GROUP, FRAILTY), (ACS_GROUP, FRAILTY), (ABNT_CAPS, SHORT_NAMES)],
                         ids=["mdpi-group-author", "acs-group-author", "abnt-capital-short-surnames"])
def test_correct_entry_in_a_control_shape_raises_nothing(raw, rec):
    assert _findings(raw, rec) == []


def test_group_author_shape_with_a_changed_title_word_is_still_a_title_mismatch():
    fs = _findings(MDPI_GROUP.replace("screening and treatment", "screening and prevention"), FRAILTY)
    assert [f["code"] for f in fs] == ["title-mismatch"], fs
    assert "prevention" in fs[0]["message"]


def test_group_author_shape_with_a_title_word_added_in_front_is_still_a_title_mismatch():
    fs = _findings(MDPI_GROUP.replace("IWG-DF Frailty and", "IWG-DF Sarcopenic frailty and"), FRAILTY)
    assert [f["code"] for f in fs] == ["title-mismatch"], fs


def test_capital_short_surnames_left_out_or_reordered_are_still_reported():
    left_out = _findings(ABNT_CAPS.replace("NG, K. T.; ", ""), SHORT_NAMES)
    assert [(f["code"], f["severity"]) for f in left_out] == [("author-mismatch", "warning")], left_out
    assert "Ng KT" in left_out[0]["message"]
    swapped = _findings(ABNT_CAPS.replace("LI, X.; NG, K. T.;", "NG, K. T.; LI, X.;"), SHORT_NAMES)
    assert [(f["code"], f["severity"]) for f in swapped] == [("author-mismatch", "warning")], swapped
    assert "another order" in swapped[0]["message"]
    stranger = _findings(ABNT_CAPS.replace("WU, Y.;", "WU, Y.; BRANDSTETTER, M.;"), SHORT_NAMES)
    assert [(f["code"], f["severity"]) for f in stranger] == [("author-mismatch", "error")], stranger
    assert "BRANDSTETTER" in stranger[0]["message"]


# ------------------------------------------------------------------ fields cut wrongly by hand

SERUM = Record(
    source="pubmed", pmid="30000013", doi="10.3906/sag-1806-11",
    title="Serum magnesium levels in elderly patients with vitamin D deficiency.",
    authors=(P("Öztürk", "Ç", "Çağrı"), P("Yılmaz", "B", "Burak"), P("Güneş", "E", "Emre")),
    journal="Turkish journal of medical sciences", journal_iso="Turk J Med Sci", journal_nlm="Turk J Med Sci",
    year=2019, print_date="2019-02-11", volume="49", issue="1", first_page="101", last_page="106",
)

RAW = ("Öztürk Ç, Yılmaz B, Güneş E. Serum magnesium levels in elderly patients with vitamin D deficiency. "
       "Turk J Med Sci. 2019 Feb 11;49(1):101-6.")
RIGHT = Reference(n=1, raw=RAW, authors=("Öztürk Ç", "Yılmaz B", "Güneş E"),
                  title="Serum magnesium levels in elderly patients with vitamin D deficiency",
                  journal="Turk J Med Sci", year=2019, month=2, day=11, volume="49", issue="1", pages="101-106")
MISREADS = {
    "title-takes-last-author": dict(authors=("Öztürk Ç", "Yılmaz B"),
                                    title="Güneş E. Serum magnesium levels in elderly patients with vitamin D deficiency"),
    "title-takes-journal": dict(title="Serum magnesium levels in elderly patients with vitamin D deficiency. Turk J Med Sci",
                                journal=None),
    "journal-takes-title-end": dict(title="Serum magnesium levels in elderly patients",
                                    journal="with vitamin D deficiency. Turk J Med Sci"),
    "journal-takes-year": dict(journal="Turk J Med Sci. 2019 Feb"),
    "issue-read-as-volume": dict(volume="1", issue=None),
    "day-read-as-volume": dict(volume="11", issue="49"),
    "pages-cut": dict(pages="6"),
    "authors-lost": dict(authors=("Öztürk Ç",)),
    "authors-take-title": dict(authors=("Öztürk Ç", "Yılmaz B", "Güneş E. Serum magnesium levels"),
                               title="in elderly patients with vitamin D deficiency"),
}


@pytest.mark.parametrize("kind", MISREADS)
def test_fields_cut_wrongly_from_a_correct_entry_raise_nothing(kind):
    ref = replace(RIGHT, **MISREADS[kind])
    v = verify_reference(ref, Lookup(candidates=(SERUM,)))
    assert v.match is not None, kind
    assert [f.to_dict() for f in v.findings] == [], kind


@pytest.mark.parametrize("kind", MISREADS)
def test_the_same_misreads_of_an_entry_with_a_wrong_year_still_report_the_year(kind):
    fields = {k: v.replace("2019", "2016") if isinstance(v, str) else v for k, v in MISREADS[kind].items()}
    ref = replace(RIGHT, raw=RAW.replace("2019", "2016"), year=2016, **fields)
    v = verify_reference(ref, Lookup(candidates=(SERUM,)))
    assert [f.code for f in v.findings] == ["year-mismatch"], [f.to_dict() for f in v.findings]
