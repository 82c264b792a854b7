"""A new record source is one class: a toy local mirror (no HTTP at all), defined and registered
here, touching no file of src/, is asked by the resolver at its place among the stages, and its
name, label and identity reach the verdicts, the messages and batch fingerprints."""

from __future__ import annotations

import pytest

from refcheck.errors import SourceError
from refcheck.model import Person, Record, Update
from refcheck.normalize import fold
from refcheck.parse import parse_entry
from refcheck.resolve import Resolver
from refcheck.settings import Settings
from refcheck.sources import Batch, DoiStatus, Stage, registry
from refcheck.verify import verify_reference

TOY = Record(source="mirror", doi="10.5555/toy.1", title="A toy work about mirrors and their keepers",
             authors=(Person("Doe", "Jane", "J"), Person("Roe", "Rick", "R")), journal="J Toys",
             year=2020, volume="3", issue="2", first_page="10", last_page="19", type="journal-article")
OTHER = Record(source="mirror", doi="10.5555/toy.2", title="Second thoughts on silvered glass",
               authors=(Person("Poe", "Ann", "A"),), journal="J Toys", year=2021, volume="4",
               first_page="1", last_page="9", type="journal-article")
NOTICE = Update(kind="retraction", subtype="retraction", source="mirror-desk", doi="10.5555/toy.notice",
                date="2022-01-05")
BROKEN = "10.5555/toy.broken"  # the mirror's disk cannot read this one

CITE_DOI = "Doe J, Roe R. A toy work about mirrors and their keepers. J Toys. 2020;3(2):10-9. doi:10.5555/toy.1"
CITE_TITLE = "Poe A. Second thoughts on silvered glass. J Toys. 2021;4:1-9."
CITE_BROKEN = "Moe B. A work the mirror cannot read. J Toys. 2019;2:5-8. doi:10.5555/toy.broken"
CITE_ABSENT = "Noe C. A work nobody holds anywhere at all. J Toys. 2018;1:2-3. doi:10.5555/toy.absent"


class Mirror:
    """A local mirror of a few records: the whole Source protocol, no HTTP."""

    name = "mirror"
    label = "Local mirror"
    order = 30
    kinds = ("doi",)
    registrar_of = ("doi",)
    notice_labels = {"mirror-desk": "the mirror's desk"}
    calls: list[tuple[str, tuple[str, ...]]] = []  # every question asked, in order
    opened: list[Mirror] = []

    def __init__(self, settings, cache, stats=None):
        self.closed = False
        Mirror.opened.append(self)

    @classmethod
    def identity(cls, settings):
        return {"mirror_path": "/srv/mirror.jsonl"}

    def lookup(self, kind, ids):
        Mirror.calls.append(("lookup", tuple(ids)))
        b = Batch()
        for d in ids:
            rec = {TOY.doi: TOY, OTHER.doi: OTHER}.get(d)
            if rec is not None:
                b.found[d] = rec
            elif d == BROKEN:
                b.failed[d] = SourceError("mirror", "disk unreadable")
            else:
                b.missing.add(d)
        return b

    def stages(self):
        return (Stage("mirror title search", 15, self._titles, wants=lambda ref: bool(ref.title)),)

    def _titles(self, refs):
        Mirror.calls.append(("titles", tuple(r.title for r in refs)))
        b = Batch()
        for i, r in enumerate(refs):
            hits = [rec for rec in (TOY, OTHER) if fold(rec.title) == fold(r.title)]
            if hits:
                b.found[str(i)] = hits
        return b

    def status(self, dois, have):
        Mirror.calls.append(("status", tuple(dois)))
        b = Batch()
        for d in dois:
            b.found[d] = DoiStatus(have.get(d), (NOTICE,) if d == TOY.doi else ())
        return b

    def close(self):
        self.closed = True


@pytest.fixture
def mirror():
    Mirror.calls.clear()
    Mirror.opened.clear()
    registry.register(Mirror)
    yield Mirror
    registry.unregister("mirror")


def settings(tmp_path):
    # PubMed and Crossref point at a closed port and may not be asked at all: offline.
    return Settings(eutils_url="http://127.0.0.1:9/eutils", crossref_url="http://127.0.0.1:9", cache_dir=tmp_path)


def test_registered_source_is_known_by_name_label_and_identity(mirror, tmp_path):
    assert "mirror" in registry.names()
    assert registry.names().index("crossref") < registry.names().index("mirror")  # order 30 > 20
    assert registry.label("mirror") == "Local mirror"
    assert registry.label("mirror-desk") == "the mirror's desk"  # a notice source its records name
    assert registry.join_labels() == "PubMed, Crossref, doi.org, Local mirror, OpenAlex and DBLP"
    ident = registry.identity(settings(tmp_path))
    assert ident["mirror_path"] == "/srv/mirror.jsonl"
    assert ident["eutils_url"] == "http://127.0.0.1:9/eutils"
    registry.unregister("mirror")
    assert "mirror" not in registry.names() and "mirror_path" not in registry.identity(settings(tmp_path))


def test_resolver_asks_only_the_given_sources_and_verifies_from_their_records(mirror, tmp_path):
    refs = [parse_entry(t, n) for n, t in enumerate((CITE_DOI, CITE_TITLE, CITE_BROKEN, CITE_ABSENT), 1)]
    with Resolver(settings(tmp_path), sources=[Mirror]) as r:
        lookups = r.resolve(refs)
    assert all(m.closed for m in Mirror.opened) and len(Mirror.opened) == 1
    # identifiers first (every cited DOI once), then the stage on what is unsettled, then status
    assert [c[0] for c in Mirror.calls] == ["lookup", "titles", "status"]
    assert set(Mirror.calls[0][1]) == {TOY.doi, BROKEN, "10.5555/toy.absent"}
    assert "Second thoughts on silvered glass" in Mirror.calls[1][1]
    assert "A toy work about mirrors and their keepers" not in Mirror.calls[1][1]  # settled by its DOI

    by_doi, by_title, broken, absent = lookups
    assert by_doi.by_doi == TOY and by_doi.doi_exists is True
    assert OTHER in by_title.candidates and by_title.failed == ()
    assert broken.failed == ("mirror",) and broken.doi_exists is None  # failure is not absence
    assert absent.doi_exists is False and absent.failed == ()  # the registrar's "no such DOI"

    v = [verify_reference(ref, lk) for ref, lk in zip(refs, lookups)]
    codes = [[f.code for f in x.findings] for x in v]
    assert codes[0] == ["retracted"], v[0].findings
    assert "the mirror's desk" in v[0].findings[0].message  # the label, from the source
    assert v[0].match is not None and v[0].match.sources == ("mirror",)
    assert codes[1] == [] and v[1].status == "ok"
    assert v[2].status == "unverified" and "not-found" not in codes[2]
    assert "doi-mismatch" in codes[3] or "not-found" in codes[3]


def test_default_resolver_runs_a_registered_stage_at_its_cost(mirror, tmp_path):
    r = Resolver(settings(tmp_path).with_(offline=True))
    try:
        names = [(s.name, st.name) for s, st in r.stages]
        assert names == [("pubmed", "citation match"), ("mirror", "mirror title search"),
                         ("pubmed", "title search"), ("crossref", "crossref search"),
                         ("openalex", "openalex search"), ("dblp", "dblp search")]
        seen = []
        r.resolve([parse_entry(CITE_TITLE, 1)], progress=lambda stage, done: seen.append(stage))
        assert seen == ["identifiers", "citation match", "mirror title search", "title search",
                        "crossref search", "openalex search", "dblp search", "status"]
        assert ("titles", ("Second thoughts on silvered glass",)) in Mirror.calls
    finally:
        r.close()
