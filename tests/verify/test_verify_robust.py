"""The verifier never raises on odd but well-typed input, and its findings use the contract's codes."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.verify.vbuild import ROONEY, UWITONZE

from refcheck.model import CODES, SEVERITY, Lookup, Person, Record, Reference, Update
from refcheck.suggest import suggestion
from refcheck.verify import verify_reference

text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
maybe = lambda s: st.none() | s  # noqa: E731
pages = st.sampled_from(["181-9", "e124-e32", "9041694", "S1-S5", "1-10", "", "-", "12a-b", "x"]) | text

refs = st.builds(
    Reference,
    n=st.integers(1, 99), raw=text, authors=st.lists(text, max_size=4).map(tuple), et_al=st.booleans(),
    title=maybe(text), journal=maybe(text), year=maybe(st.integers(1900, 2030)), month=maybe(st.integers(1, 12)),
    day=maybe(st.integers(1, 31)), epub=maybe(st.sampled_from(["2020-09-21", "2020", "2020-09", "bad"])),
    volume=maybe(text), issue=maybe(text), pages=maybe(pages), doi=maybe(st.sampled_from([ROONEY.doi, "10.1/x"])),
    pmid=maybe(st.sampled_from([ROONEY.pmid, "1"])), url=maybe(text),
    type=st.sampled_from(["journal", "book", "web", "report", "other"]), retraction_noted=st.booleans(),
)
records = st.builds(
    Record,
    source=st.sampled_from(["pubmed", "crossref"]), pmid=maybe(st.sampled_from([ROONEY.pmid, "1", "2"])),
    doi=maybe(st.sampled_from([ROONEY.doi, "10.1/x", "10.1/y"])), title=maybe(text),
    authors=st.lists(st.builds(Person, family=text, given=maybe(text), initials=maybe(text)), max_size=3).map(tuple),
    collective=st.lists(text, max_size=1).map(tuple), journal=maybe(text), journal_nlm=maybe(text),
    year=maybe(st.integers(1900, 2030)), epub_year=maybe(st.integers(1900, 2030)),
    print_date=maybe(st.sampled_from(["2017-06-20", "2019-05", "2019", "junk"])),
    volume=maybe(text), issue=maybe(text), first_page=maybe(text), last_page=maybe(text),
    article_number=maybe(text), ahead_of_print=st.booleans(),
    updates=st.lists(st.builds(Update, kind=st.sampled_from(["retraction", "expression-of-concern", "correction"]),
                               subtype=text, source=st.sampled_from(["pubmed", "crossref", "retraction-watch"]),
                               doi=maybe(text), pmid=maybe(text)), max_size=2).map(tuple),
    notice_of=st.lists(text, max_size=1).map(tuple),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ref=refs, cands=st.lists(records | st.just(ROONEY) | st.just(UWITONZE), max_size=3),
       failed=st.sampled_from([(), ("pubmed",)]), exists=maybe(st.booleans()))
def test_verify_never_raises(ref, cands, failed, exists):
    v = verify_reference(ref, Lookup(candidates=tuple(cands), failed=failed, doi_exists=exists))
    for f in v.findings:
        assert f.code in CODES and f.severity in ("error", "warning", "info")
        if f.code == "author-mismatch" and f.severity == "warning":
            # issue 12: the record's authors in another order, or left out without "et al.",
            # is a warning; a name the record does not hold stays an error
            assert "another order" in f.message or "left out" in f.message, f.message
        elif f.code != "retracted":  # the contract: retracted is a warning when the entry says so
            assert f.severity == SEVERITY[f.code]
    if failed and v.match is None:
        assert "not-found" not in [f.code for f in v.findings]
    v.to_dict()
    for c in cands:
        suggestion(ref, c)
