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
