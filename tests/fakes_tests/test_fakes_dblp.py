"""The DBLP fake on the wire (plain HTTP, no refcheck): DBLP's query rules, its answer shape,
paging, its 429, the faults only asked for by name, and the request log."""

from __future__ import annotations

import json

import pytest
import requests

from tests.fakes import FakeServices
from tests.fakes.model import Work

SOLO = Work(title="Test cubes for diagnostic test generation", authors=[("Pomeranz", "Irith")], year=2014,
            dblp_venue="DATE", first_page="1", last_page="4", crossref_type="proceedings-article",
            in_pubmed=False, in_dblp=True)
PAIR = Work(title="Diagnostic graphs for Möbius networks", authors=[("Müller", "Jörg"), ("Wang", "Wei")],
            dblp_names=["Jörg Müller", "Wei Wang 0001"], year=2020, journal="Networks",
            dblp_venue="Networks", volume="75", issue="2", first_page="10", last_page="20",
            doi="10.1002/Net.1", in_pubmed=False, in_dblp=True)
HIDDEN = Work(title="Diagnostic test generation kept out of DBLP", authors=[("Roe", "Rick")], year=2014,
              in_pubmed=False, in_dblp=False)


@pytest.fixture(scope="module")
def fake():
    with FakeServices(works=[SOLO, PAIR, HIDDEN]) as f:
        yield f


@pytest.fixture
def db(fake):
    fake.reset_log()
    fake.no_faults()
    yield fake
    fake.no_faults()


def search(fake, **params):
    return requests.get(f"{fake.dblp_url}/search/publ/api", params={"format": "json", **params}, timeout=5)


def titles(r) -> list[str]:
    hits = r.json()["result"]["hits"]
    return [h["info"]["title"] for h in hits.get("hit", [])]


def test_every_term_must_prefix_a_word_folded_exact_or_either(db):
    assert titles(search(db, q="diagn test")) == ["Test cubes for diagnostic test generation."]
    assert titles(search(db, q="mobius muller")) == ["Diagnostic graphs for Möbius networks."]  # folded
    assert titles(search(db, q="diagnostic$ netw")) == ["Diagnostic graphs for Möbius networks."]
    assert titles(search(db, q="diagnos$")) == []  # exact word only
    assert sorted(titles(search(db, q="cubes|graphs diagnostic"))) == [
        "Diagnostic graphs for Möbius networks.", "Test cubes for diagnostic test generation."]
    assert titles(search(db, q="kept out")) == []  # not in DBLP


def test_answer_shape_single_author_object_and_no_hit_key(db):
    body = search(db, q="cubes").json()["result"]
    assert set(body) == {"query", "status", "time", "completions", "hits"} and body["query"] == "cubes*"
    assert body["status"] == {"@code": "200", "text": "OK"}
    (hit,) = body["hits"]["hit"]
    assert set(hit) == {"@score", "@id", "info", "url"} and hit["url"] == "URL#" + hit["@id"]
    info = hit["info"]
    assert info["authors"]["author"] == {"@pid": info["authors"]["author"]["@pid"], "text": "Irith Pomeranz"}
    assert info["type"] == "Conference and Workshop Papers" and info["venue"] == "DATE" and info["pages"] == "1-4"
    pair = search(db, q="mobius").json()["result"]["hits"]["hit"][0]["info"]
    assert [a["text"] for a in pair["authors"]["author"]] == ["Jörg Müller", "Wei Wang 0001"]
    assert (pair["volume"], pair["number"], pair["doi"], pair["ee"]) == ("75", "2", "10.1002/NET.1",
                                                                        "https://doi.org/10.1002/net.1")
    none = search(db, q="nothingatall").json()["result"]["hits"]
    assert none == {"@total": "0", "@computed": "0", "@sent": "0", "@first": "0"}


def test_paging_counts_and_the_format_rule(db):
    r = search(db, q="diagnostic", h="1", f="1")
    hits = r.json()["result"]["hits"]
    assert (hits["@total"], hits["@sent"], hits["@first"], len(hits["hit"])) == ("2", "1", "1", 1)
    assert requests.get(f"{db.dblp_url}/search/publ/api", params={"q": "cubes"}, timeout=5).status_code == 400
    assert search(db, q="").status_code == 400
    assert requests.get(f"{db.dblp_url}/search/author/api", timeout=5).status_code == 404
    assert db.count("dblp") == 4 and db.count("dblp", "publ") == 3


def test_429_is_an_empty_document_with_retry_after(db):
    db.faults("dblp", rate=1.0, kinds=("429",), retry_after=42)
    r = search(db, q="cubes")
    assert r.status_code == 429 and r.headers["Retry-After"] == "42" and r.content == b""


def test_oversized_and_malformed_are_whole_200_answers(db):
    db.oversize_bytes = 3 << 20
    db.faults("dblp", rate=1.0, kinds=("oversized",))
    big = search(db, q="cubes")
    assert big.status_code == 200 and len(big.content) > 3 << 20
    db.faults("dblp", rate=1.0, kinds=("malformed",))
    bad = search(db, q="cubes")
    assert bad.status_code == 200 and len(bad.content) == int(bad.headers["Content-Length"])
    with pytest.raises(json.JSONDecodeError):
        json.loads(bad.content)
    assert [r.fault for r in db.requests] == ["oversized", "malformed"]
    with pytest.raises(ValueError):
        db.faults("dblp", kinds=("sideways",))
