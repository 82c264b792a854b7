"""The rules that used to be written three to five times, now each in one place."""

from __future__ import annotations

import pytest

from refcheck.model import SEVERITY_RANK, Person, Record
from refcheck.normalize import initials, person_initials, plain, strip_markup


@pytest.mark.parametrize("given, want", [
    ("Mark R.", "MR"), ("Jean-Pierre", "JP"), ("J. R.", "JR"), ("J.R.", "JR"), ("MR", "MR"),
    ("Élodie", "É"), ("mary ann", "MA"), ("", ""), (None, ""), ("(Jim) Bob", "B"),
])
def test_initials_from_given_names(given, want):
    assert initials(given) == want


def test_person_initials_prefer_the_sources_own():
    assert person_initials("M.R.", "Mark Robert") == "MR"
    assert person_initials("J-P", None) == "JP"
    assert person_initials(None, "Mark Robert") == "MR"
    assert person_initials("", None) == ""


def test_plain_and_strip_markup():
    assert plain("<i>In vivo</i> effects of Mg<sup>2+</sup> &amp; vitamin  D") == "In vivo effects of Mg2+ & vitamin D"
    assert plain("  ") is None and plain(None) is None
    # markup that arrives entity-encoded is stripped too
    assert strip_markup("&lt;i&gt;E. coli&lt;/i&gt; in   water") == "E. coli in water"
    assert strip_markup(None) == ""


def test_every_reader_of_initials_agrees():
    """Crossref records, the matcher and the suggestion all read given names by one rule."""
    from refcheck.match.names import record_authors
    from refcheck.sources.crossref_json import record_from_work
    from refcheck.suggest import _initials

    rec = record_from_work({"DOI": "10.1/x", "title": ["t"], "author": [{"family": "Doe", "given": "Jean-Pierre"},
                                                                        {"family": "Roe", "given": "MR"}]})
    assert [p.initials for p in rec.authors] == ["JP", "MR"]
    assert [_initials(p) for p in rec.authors] == ["JP", "MR"]
    assert [a.initials for a in record_authors(Record(source="pubmed", authors=(Person("Doe", "Élodie"),)))] == ["E"]


def test_reports_rank_severities_by_the_models_rule():
    from refcheck.model import Finding, Reference, Verdict
    from refcheck.report._common import flagged_fields

    ref = Reference(n=1, raw="x")
    weak = Finding("year-mismatch", "info", "a", field="year")
    strong = Finding("year-mismatch", "error", "b", field="year")
    for order in ((weak, strong), (strong, weak)):
        assert flagged_fields(Verdict(ref, order)) == {"year": "error"}
    assert sorted(SEVERITY_RANK, key=SEVERITY_RANK.__getitem__) == ["info", "warning", "error"]


def test_dates_one_rule():
    from refcheck.dates import iso_parts, month_number, nlm_date, utc_iso

    assert nlm_date(2020, 9, 21) == "2020 Sep 21" and nlm_date(2020, 9) == "2020 Sep"
    assert nlm_date(2020, None, 21) == "2020" and nlm_date(None, 9, 21) == ""
    assert iso_parts("2020-09-21") == (2020, 9, 21) and iso_parts("2020") == (2020, None, None)
    assert iso_parts("Sept 2020") == (None, None, None)
    assert month_number("Sep") == month_number("09") == month_number("septembre") == 9
    assert utc_iso(0) == "1970-01-01T00:00:00Z"


def test_verify_and_suggest_write_dates_alike():
    from refcheck.model import Reference
    from refcheck.suggest import _nlm_date
    from refcheck.verify import _cited_date

    assert _cited_date(Reference(n=1, raw="x", epub="2020-09-21")) == "2020 Sep 21"
    assert _cited_date(Reference(n=1, raw="x", year=2021, month=7)) == "2021 Jul"
    assert _nlm_date("2020-09-21", None) == "2020 Sep 21" and _nlm_date(None, 2021) == "2021"
