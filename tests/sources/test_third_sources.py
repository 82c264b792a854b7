"""The DOI system, DataCite and OpenAlex clients against their loopback fakes (no mocks).

What each must show: the answers read right (the real wire samples and the fake's), one request
for many DOIs where the service allows it, the cache (a second ask sends nothing), failures kept
apart from "no such thing", identity and rate rules, and fault injection.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from refcheck.errors import SourceError
from refcheck.settings import Settings
from refcheck.sources import Cache, Stats
from refcheck.sources.datacite import DataCite, record_from_datacite
from refcheck.sources.doi import DoiSystem, agencies_from_body, handle_exists
from refcheck.sources.http import ParseError
from refcheck.sources.openalex import OpenAlex, record_from_work, records_from_body, title_words
from tests.fakes import FakeServices
from tests.fakes.datacite import doi_answer
from tests.fakes.model import Work
from tests.fakes.openalex import work_object
from tests.fakes.sample_records import SAMPLE_BY_N

WIRE = Path(__file__).resolve().parents[1] / "data" / "wire-samples"

ARXIV = Work(doi="10.48550/arXiv.1706.03762", title="Attention Is All You Need",
             authors=[("Vaswani", "Ashish"), ("Shazeer", "Noam"), ("Parmar", "Niki")], year=2017,
             journal="arXiv", publisher="arXiv", in_pubmed=False, in_crossref=False, agency="DataCite",
             datacite_type="Preprint", crossref_type="posted-content")
ZENODO = Work(doi="10.5281/zenodo.4421", title="Serum magnesium measurements in 1200 adults",
              authors=[("Tanaka", "Kenji")], collective="Fictional Mineral Consortium", year=2020,
              in_pubmed=False, in_crossref=False, agency="DataCite", datacite_type="Dataset",
              crossref_type="dataset", publisher="Zenodo")
MEDRA = Work(doi="10.3280/fict2019-001002", title="Magnesio e vitamina D negli anziani",
             authors=[("Rossi", "Marco")], year=2019, journal="Rivista Fittizia di Nutrizione",
             in_pubmed=False, in_crossref=False, agency="mEDRA", in_openalex=False)
CONF = Work(title="Learned sparse retrieval for clinical trial matching",
            authors=[("Haddad", "Rami"), ("van der Berg", "Maja")], year=2021,
            container_title="Proceedings of the 2021 Conference on Clinical Informatics",
            first_page="112", last_page="119", in_pubmed=False, crossref_type="proceedings-article",
            publisher="Fictional Computing Society")
CROSSREF_WORK = SAMPLE_BY_N[4]
WORKS = [ARXIV, ZENODO, MEDRA, CONF, CROSSREF_WORK]
NOWHERE = "10.5281/zenodo.99999999"


@pytest.fixture
def fake():
    with FakeServices(works=WORKS) as f:
        yield f


def make(fake, tmp_path, **kw):
    s = Settings(**fake.urls, cache_dir=tmp_path / "cache", timeout=2.0, deadline=kw.pop("deadline", 8.0),
                 max_attempts=kw.pop("max_attempts", 4), **kw)
    return s, Cache(s), Stats()


# ----------------------------------------------------------------------------- the DOI system


def test_one_ra_request_names_every_agency_and_only_a_no_asks_the_handle(fake, tmp_path):
    s, cache, stats = make(fake, tmp_path)
    with DoiSystem(s, cache, stats, backoff_base=0.01) as doi:
        b = doi.agencies([ARXIV.doi, MEDRA.doi, CROSSREF_WORK.doi, NOWHERE])
        assert b.found == {ARXIV.doi.lower(): "DataCite", MEDRA.doi: "mEDRA", CROSSREF_WORK.doi.lower(): "Crossref"}
        assert b.missing == {NOWHERE} and not b.failed
        assert fake.count("doi", "ra") == 1  # four DOIs, one request
        assert fake.count("doi", "handle") == 1  # asked only for the DOI the RA look-up denied
        again = doi.agencies([ARXIV.doi, NOWHERE])
        assert again.found == {ARXIV.doi.lower(): "DataCite"} and again.missing == {NOWHERE}
        assert fake.count("doi") == 2  # the cache answered (the negative answer too)


def test_a_handle_that_resolves_overrules_the_ra_look_up(fake, tmp_path):
    fake.ra_blind.add(MEDRA.doi)  # the RA look-up says "does not exist", the handle resolves
    s, cache, stats = make(fake, tmp_path)
    with DoiSystem(s, cache, stats) as doi:
        b = doi.agencies([MEDRA.doi])
    assert b.found == {MEDRA.doi: ""} and not b.missing


@pytest.mark.parametrize("kind", ["500", "503", "429", "truncated", "reset"])
def test_doi_system_failure_is_never_does_not_exist(fake, tmp_path, kind):
    fake.faults("doi", rate=1.0, kinds=(kind,))
    s, cache, stats = make(fake, tmp_path, max_attempts=2, deadline=3.0)
    with DoiSystem(s, cache, stats, backoff_base=0.01, backoff_max=0.05) as doi:
        b = doi.agencies([NOWHERE, ARXIV.doi])
        assert set(b.failed) == {NOWHERE, ARXIV.doi.lower()} and not b.missing and not b.found
        assert all(isinstance(e, SourceError) for e in b.failed.values())
        fake.no_faults("doi")
        later = doi.agencies([NOWHERE, ARXIV.doi])  # nothing was cached from the failure
    assert later.missing == {NOWHERE} and later.found == {ARXIV.doi.lower(): "DataCite"}


def test_doi_system_retries_through_occasional_faults(fake, tmp_path):
    fake.faults("doi", rate=0.5, kinds=("503", "truncated"), seed=1)
    s, cache, stats = make(fake, tmp_path, max_attempts=8, deadline=20.0)
    with DoiSystem(s, cache, stats, backoff_base=0.01, backoff_max=0.05) as doi:
        b = doi.agencies([ARXIV.doi, NOWHERE])
    assert b.found == {ARXIV.doi.lower(): "DataCite"} and b.missing == {NOWHERE}
    faulted = sum(1 for r in fake.requests if r.service == "doi" and r.fault)
    assert faulted >= 1 and stats.snapshot()["retries_total"] == faulted  # each fault cost one retry


def test_ra_wire_samples_read():
    batch = json.loads((WIRE / "doi" / "ra-batch.json").read_text())
    asked = [x["DOI"] for x in batch]
    got = agencies_from_body(batch, asked)
    assert got["10.5281/zenodo.1436372"] == "DataCite" and got["10.35802/218300"] == "Crossref"
    assert got["10.5240/b1fa-0eec-c316-3316-3a73-l"] == "EIDR"
    assert got["notadoi"] is None  # "Invalid DOI": no agency
    nothing = json.loads((WIRE / "doi" / "ra-not-registered.json").read_text())
    assert agencies_from_body(nothing, ["10.2307/26428370"]) == {"10.2307/26428370": None}
    assert agencies_from_body([{"DOI": "10.1/x", "status": "Unknown"}], ["10.1/x"]) == {}  # not understood
    with pytest.raises(ParseError):
        agencies_from_body({"DOI": "10.1/x"}, ["10.1/x"])


def test_handle_wire_samples_read():
    assert handle_exists(json.loads((WIRE / "doi" / "handle-found.json").read_text()), 200) is True
    assert handle_exists(json.loads((WIRE / "doi" / "handle-not-found.json").read_text()), 404) is False
    assert handle_exists({"responseCode": 200, "handle": "10.1/x", "values": []}, 200) is True
    with pytest.raises(ParseError):
        handle_exists({"responseCode": 2, "message": "server error"}, 500)


# ----------------------------------------------------------------------------- DataCite


def test_datacite_record_of_an_arxiv_doi_and_a_dataset(fake, tmp_path):
    s, cache, stats = make(fake, tmp_path, email="tests@example.org")
    with DataCite(s, cache, stats) as dc:
        b = dc.works([ARXIV.doi, ZENODO.doi, NOWHERE])
        again = dc.works([ARXIV.doi, NOWHERE])
    rec = b.found[ARXIV.doi.lower()]
    assert rec.source == "datacite" and rec.title == "Attention Is All You Need" and rec.year == 2017
    assert [p.family for p in rec.authors] == ["Vaswani", "Shazeer", "Parmar"] and rec.authors[0].initials == "A"
    assert rec.journal == "arXiv" and rec.type == "preprint"
    z = b.found[ZENODO.doi]
    assert z.collective == ("Fictional Mineral Consortium",) and z.type == "dataset"
    assert b.missing == {NOWHERE}
    assert again.found[ARXIV.doi.lower()] == rec and fake.count("datacite") == 3  # cached, 404 too
    sent = [r for r in fake.requests if r.service == "datacite"]
    assert all(r.params.get("mailto") == ["tests@example.org"] for r in sent)  # identified pool


def test_datacite_failure_is_not_missing(fake, tmp_path):
    fake.faults("datacite", rate=1.0, kinds=("503",))
    s, cache, stats = make(fake, tmp_path, max_attempts=2, deadline=2.0)
    with DataCite(s, cache, stats, backoff_base=0.01, backoff_max=0.05) as dc:
        b = dc.works([ARXIV.doi])
    assert ARXIV.doi.lower() in b.failed and not b.missing


def test_datacite_wire_samples_and_the_fake_agree():
    live = record_from_datacite(json.loads((WIRE / "datacite" / "doi-arxiv.json").read_text()))
    assert live.doi == "10.48550/arxiv.2605.10930" and live.year == 2026 and live.journal == "arXiv"
    assert [(p.family, p.given) for p in live.authors] == [("Palod", "Vardhan"), ("Kambhampati", "Subbarao")]
    obj = record_from_datacite(json.loads((WIRE / "datacite" / "doi-publisher-object.json").read_text()))
    assert obj.publisher == "arXiv" and obj.year == 2017 and obj.authors[0].family == "Vaswani"
    with pytest.raises(ParseError):
        record_from_datacite(json.loads((WIRE / "datacite" / "not-found.json").read_text()))
    sample = json.loads((WIRE / "datacite" / "doi-arxiv.json").read_text())["data"]["attributes"]
    mine = doi_answer(ARXIV)["data"]["attributes"]
    assert set(sample) <= set(mine)  # the fake says at least what the real answer says
    for c in mine["creators"]:
        assert set(sample["creators"][0]) <= set(c)


# ----------------------------------------------------------------------------- OpenAlex


def test_openalex_finds_a_conference_paper_and_not_a_fabrication(fake, tmp_path):
    s, cache, stats = make(fake, tmp_path, email="tests@example.org")
    with OpenAlex(s, cache, stats) as oa:
        b = oa.search_titles([CONF.title, "Quantum widgets for magnesium, revisited: a fabricated study"])
        again = oa.search_titles([CONF.title])
    (rec,) = b.found[CONF.title]
    assert rec.source == "openalex" and rec.type == "proceedings-article"
    assert rec.journal == CONF.container_title and rec.year == 2021 and rec.pages == "112-119"
    assert [p.family for p in rec.authors] == ["Haddad", "van der Berg"]
    assert b.found["Quantum widgets for magnesium, revisited: a fabricated study"] == []
    assert again.found[CONF.title] == [rec] and fake.count("openalex") == 2
    sent = [r for r in fake.requests if r.service == "openalex"]
    assert f"title.search:{title_words(CONF.title)}" in {r.params["filter"][0] for r in sent}  # any order
    assert "," not in title_words("Vitamin D, magnesium, and bone: a trial")  # a comma would split the filter
    assert all(r.params.get("mailto") == ["tests@example.org"] for r in sent)


def test_openalex_spent_allowance_stops_asking_and_is_a_failure(fake, tmp_path):
    fake.faults("openalex", rate=1.0, kinds=("429",))
    s, cache, stats = make(fake, tmp_path, openalex_key="oa-secret-key-123")
    with OpenAlex(s, cache, stats) as oa:
        first = oa.search_titles([CONF.title])
        second = oa.search_titles(["Another title entirely about zinc"])
    assert CONF.title in first.failed and "Another title entirely about zinc" in second.failed
    assert fake.count("openalex") == 1  # after the 429 nothing more is sent this run
    assert "oa-secret-key-123" not in str(first.failed[CONF.title])
    sent = [r for r in fake.requests if r.service == "openalex"]
    assert sent[0].params.get("api_key") == ["oa-secret-key-123"]  # the key goes to OpenAlex only


def test_openalex_server_errors_are_retried_then_failed(fake, tmp_path):
    fake.faults("openalex", rate=1.0, kinds=("500", "reset"))
    s, cache, stats = make(fake, tmp_path, max_attempts=3, deadline=3.0)
    with OpenAlex(s, cache, stats, backoff_base=0.01, backoff_max=0.05) as oa:
        b = oa.search_titles([CONF.title])
    assert CONF.title in b.failed and CONF.title not in b.found
    assert fake.count("openalex") == 3


def test_openalex_wire_samples_and_the_fake_agree():
    body = json.loads((WIRE / "openalex" / "works-list.json").read_text())
    (rec,) = records_from_body(body)
    assert rec.doi == "10.7717/peerj.4375" and rec.pmid == "29456894" and rec.journal == "PeerJ"
    assert rec.year == 2018 and rec.volume == "6" and rec.type == "journal-article"
    assert [(p.family, p.initials) for p in rec.authors][:3] == [("Piwowar", "HA"), ("Priem", "J"), ("Larivière", "V")]
    sample = json.loads((WIRE / "openalex" / "work.json").read_text())
    mine = work_object(CONF)
    assert set(sample) <= set(mine)
    assert set(sample["primary_location"]["source"]) - {"host_organization_lineage_names"} <= set(mine["primary_location"]["source"])
    assert set(sample["authorships"][0]) - {"raw_affiliation_string"} <= set(mine["authorships"][0])
    assert record_from_work(mine).title == CONF.title
    with pytest.raises(ParseError):
        records_from_body(json.loads((WIRE / "openalex" / "error-400.json").read_text()))


# ----------------------------------------------------------------------------- the seam


def test_the_new_sources_plug_in_through_the_registry(tmp_path):
    from refcheck.sources import registry

    names = registry.names()
    assert names.index("pubmed") < names.index("crossref") < names.index("doi") < names.index("openalex")
    assert registry.label("doi") == "doi.org" and registry.label("openalex") == "OpenAlex"
    assert registry.label("datacite") == "DataCite"  # the records the DOI system hands over
    s = Settings(cache_dir=tmp_path / "c", doi_url="http://127.0.0.1:9/d", openalex_url="http://127.0.0.1:9/o",
                 datacite_url="http://127.0.0.1:9/dc")
    ident = registry.identity(s)
    assert ident["doi_url"] == "http://127.0.0.1:9/d" and ident["openalex_url"] == "http://127.0.0.1:9/o"
    cache = Cache(s)
    oa, cr = registry.get("openalex")(s, cache, Stats()), registry.get("crossref")(s, cache, Stats())
    try:
        (stage,) = oa.stages()
        crossref_cost = max(st.cost for st in cr.stages())
        assert stage.broad and stage.cost > crossref_cost  # after PubMed's and Crossref's searches
        assert not oa.kinds and not oa.registrar_of  # it never decides whether an identifier exists
    finally:
        oa.close()
        cr.close()
        cache.close()
