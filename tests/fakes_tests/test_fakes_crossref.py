"""The fake Crossref REST API against the real samples."""

from __future__ import annotations

import re

import pytest
import requests

from tests.fakes_tests.helpers_fakes import json_paths, sample_json, sample_text
from tests.fakes.sample_records import EXTRA_BY_KEY, SAMPLE_BY_N

# keys of the real sample that are optional in Crossref and that the fake leaves out
WORK_OPTIONAL = re.compile(r"^(message\.)?(items\[\]\.)?(editor|reference\[\]|abstract|role|author\[\]\.role|"
                           r"author\[\]\.ORCID|author\[\]\.authenticated-orcid|funder|assertion|"
                           r"license\[\]\.start\.|journal-issue\.published-print|"
                           r"content-domain\.domain\[\]|indexed\.version|ISBN|isbn-type|archive|subtitle\[\])")


def get(fake, path, **params):
    return requests.get(f"{fake.crossref_url}{path}", params=params, timeout=5)


def test_work_by_doi_shape_and_headers(svc):
    w = SAMPLE_BY_N[1]
    r = get(svc, f"/works/{w.doi}")
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "application/json"
    for h, v in {"x-rate-limit-limit": "5", "x-rate-limit-interval": "1s", "x-concurrency-limit": "1",
                 "x-api-pool": "public"}.items():
        assert r.headers[h] == v
    real = sample_json("crossref/works-doi-journal-article-updated-by-correction.json")
    got = r.json()
    assert {k: got[k] for k in ("status", "message-type", "message-version")} == \
        {k: real[k] for k in ("status", "message-type", "message-version")}
    union = json_paths(got)
    for other in (SAMPLE_BY_N[40], SAMPLE_BY_N[28], EXTRA_BY_KEY["corrected"]):
        union |= json_paths(get(svc, f"/works/{other.doi}").json())
    missing = {p for p in json_paths(real) - union if not WORK_OPTIONAL.search(p)}
    assert not missing, sorted(missing)
    m = got["message"]
    assert m["DOI"] == w.doi and m["page"] == "2448-2450" and m["volume"] == "317" and m["issue"] == "23"
    assert m["container-title"] == ["JAMA"] and m["published-print"] == {"date-parts": [[2017, 6, 20]]}
    assert m["author"][0] == {"given": "Mary R", "family": "Rooney", "sequence": "first", "affiliation": []}


def test_doi_case_insensitive_and_encoded_slash(svc):
    w = SAMPLE_BY_N[20]
    for path in (f"/works/{w.doi.upper()}", "/works/" + w.doi.replace("/", "%2F"), f"/works/{w.doi.lower()}"):
        r = get(svc, path)
        assert r.status_code == 200 and r.json()["message"]["DOI"] == w.doi, path


def test_404_resource_not_found(svc):
    r = get(svc, "/works/10.1371/notarealdoi")
    assert r.status_code == 404
    assert r.headers["Content-Type"] == "text/plain"
    assert r.text == sample_text("crossref/works-doi-404-resource-not-found.txt")
    # PubMed-only works are unknown to Crossref
    assert get(svc, "/works/10.9999/none").status_code == 404


def test_polite_pool(svc):
    r = get(svc, f"/works/{SAMPLE_BY_N[4].doi}", mailto="a@example.org")
    assert r.headers["x-api-pool"] == "polite" and r.headers["x-rate-limit-limit"] == "10"
    r = requests.get(f"{svc.crossref_url}/works/{SAMPLE_BY_N[4].doi}", timeout=5,
                     headers={"User-Agent": "refcheck/0.1 (mailto:a@example.org)"})
    assert r.headers["x-api-pool"] == "polite"


def test_field_query_on_doi_route_is_400(svc):
    r = get(svc, f"/works/{SAMPLE_BY_N[1].doi}", **{"query.author": "carl boettiger"})
    assert r.status_code == 400
    assert r.headers["Content-Type"] == "application/json;charset=utf-8"
    assert r.json() == sample_json("crossref/works-doi-with-field-query-400.json")


@pytest.mark.parametrize("params,typ", [
    ({"filter": "nonsense:1"}, "filter-not-available"),
    ({"rows": "1001"}, "integer-not-valid"),
    ({"foo": "bar"}, "parameter-not-allowed"),
])
def test_validation_failures(svc, params, typ):
    r = get(svc, "/works", **params)
    assert r.status_code == 400
    body = r.json()
    assert body["status"] == "failed" and body["message-type"] == "validation-failure"
    assert body["message"][0]["type"] == typ


def test_query_bibliographic(svc):
    w = SAMPLE_BY_N[33]
    q = "Cruz-Jentoft AJ, Bahat G, Bauer J. Sarcopenia: revised European consensus on definition and diagnosis. " \
        "Age Ageing. 2019;48(1):16-31."
    r = get(svc, "/works", **{"query.bibliographic": q, "rows": "2", "mailto": "x@example.org"})
    assert r.status_code == 200
    body = r.json()
    real = sample_json("crossref/works-query-rows2-scores.json")
    assert {k: body[k] for k in ("status", "message-type", "message-version")} == \
        {k: real[k] for k in ("status", "message-type", "message-version")}
    assert set(real["message"]) <= set(body["message"])
    assert set(real["message"]["query"]) == set(body["message"]["query"])
    items = body["message"]["items"]
    assert len(items) == 2 and body["message"]["items-per-page"] == 2
    assert items[0]["DOI"] == w.doi
    assert items[0]["score"] > items[1]["score"] > 0
    assert body["message"]["total-results"] >= 2
    assert body["message"]["query"]["search-terms"] == q


def test_query_select_rows_offset(svc):
    r = get(svc, "/works", query="vitamin magnesium", select="DOI,title", rows="3", offset="2")
    body = r.json()
    real = sample_json("crossref/works-select-doi-title.json")
    assert json_paths(real) <= json_paths(body)
    assert all(set(i) == {"DOI", "title"} for i in body["message"]["items"])
    assert body["message"]["query"]["start-index"] == 2


def test_filter_doi_or(svc):
    a, b = SAMPLE_BY_N[1].doi, SAMPLE_BY_N[40].doi
    r = get(svc, "/works", filter=f"doi:{a},doi:{b.upper()}")
    assert {i["DOI"] for i in r.json()["message"]["items"]} == {a, b}
    assert r.json()["message"]["total-results"] == 2


def test_updated_by_and_filter_updates(svc):
    w = EXTRA_BY_KEY["retracted"]
    m = get(svc, f"/works/{w.doi}").json()["message"]
    [u] = m["updated-by"]
    assert u["type"] == "retraction" and u["source"] == "publisher" and u["DOI"] == w.notices[0].notice_doi
    assert u["updated"]["date-parts"] == [[2021, 3, 4]]
    real_entry = sample_json("crossref/works-doi-journal-article-updated-by-correction.json")["message"]["updated-by"][0]
    assert set(real_entry) <= set(u)
    r = get(svc, "/works", filter=f"updates:{w.doi}")
    items = r.json()["message"]["items"]
    assert [i["DOI"] for i in items] == [w.notices[0].notice_doi]
    assert items[0]["update-to"][0]["DOI"] == w.doi and items[0]["update-to"][0]["type"] == "retraction"


def test_retraction_watch_only(svc):
    w = EXTRA_BY_KEY["retracted_rw_only"]
    [u] = get(svc, f"/works/{w.doi}").json()["message"]["updated-by"]
    assert u["source"] == "retraction-watch" and u["record-id"] == 41234 and u["type"] == "retraction"


@pytest.mark.parametrize("key,typ", [("eoc", "expression_of_concern"), ("corrected", "correction"),
                                     ("withdrawn", "withdrawal"), ("partial_retraction", "partial_retraction"),
                                     ("retract_replace", "retraction")])
def test_update_types(svc, key, typ):
    m = get(svc, f"/works/{EXTRA_BY_KEY[key].doi}").json()["message"]
    assert [u["type"] for u in m["updated-by"]] == [typ]
    if key == "retract_replace":
        assert m["relation"]["is-replaced-by"][0]["id"] == EXTRA_BY_KEY["replacement"].doi


def test_crossref_only_types(svc):
    for key, typ in (("book", "book"), ("chapter", "book-chapter"), ("conference", "proceedings-article")):
        m = get(svc, f"/works/{EXTRA_BY_KEY[key].doi}").json()["message"]
        assert m["type"] == typ
    assert get(svc, f"/works/{EXTRA_BY_KEY['book'].doi}").json()["message"]["ISBN"] == ["978-1-00000-001-0"]
    ch = get(svc, f"/works/{EXTRA_BY_KEY['chapter'].doi}").json()["message"]
    assert ch["container-title"] == ["Magnesium and Vitamin D in Clinical Practice"]


def test_online_first_and_article_numbers(svc):
    m = get(svc, f"/works/{SAMPLE_BY_N[40].doi}").json()["message"]
    assert m["published-online"] == {"date-parts": [[2019, 4, 4]]}
    assert m["published-print"] == {"date-parts": [[2019, 9, 1]]}
    assert m["issued"] == {"date-parts": [[2019, 4, 4]]}
    m = get(svc, f"/works/{SAMPLE_BY_N[28].doi}").json()["message"]
    assert m["article-number"] == "2283" and "published-print" not in m
    assert m["author"][0]["family"] == "Vázquez-Lorente"
    m = get(svc, f"/works/{EXTRA_BY_KEY['collective'].doi}").json()["message"]
    assert m["author"] == [{"name": "Fictional Society Vitamin D Working Group", "sequence": "first",
                            "affiliation": []}]


def test_cursor(svc):
    r = get(svc, "/works", query="vitamin", cursor="*", rows="5")
    assert "next-cursor" in r.json()["message"]
    r = get(svc, "/works", query="vitamin", cursor="thing")
    assert r.status_code == 404
    assert r.json() == sample_json("crossref/works-cursor-invalid-404.json")


def test_posted_content_in_the_shape_of_the_real_biorxiv_answer():
    """A preprint as Crossref serves it (works/10.1101/097196): server in `institution`, no
    container title, `posted` date, `subtype`, `relation.is-preprint-of`; the published work
    gets `relation.has-preprint`."""
    from tests.fakes import FakeServices, Work

    pub = Work(pmid="31000031", doi="10.5555/fict.2019.0031", title="A roadmap for fictional data citation.",
               authors=[("Fenwick", "Martina")], journal="Fictional Data", journal_iso="Fict Data", year=2019,
               month=2, volume="6", first_page="28")
    pre = Work(doi="10.1101/555031", title="A roadmap for fictional data citation", authors=[("Fenwick", "Martina")],
               journal="bioRxiv", publisher="Cold Spring Harbor Laboratory", crossref_type="posted-content",
               year=2016, month=12, day=28, epub="2016-12-28", in_pubmed=False, preprint_of=[pub.doi],
               group_title="Scientific Communication and Education", abstract="A roadmap.", member="246")
    real = sample_json("crossref/works-doi-posted-content-is-preprint-of.json")
    with FakeServices(works=[pub, pre], ncbi_rate_limit=0) as f:
        got = get(f, f"/works/{pre.doi}").json()
        published = get(f, f"/works/{pub.doi}").json()["message"]
    optional = re.compile(r"^message\.(reference\[\]|author\[\]\.ORCID|author\[\]\.authenticated-orcid|accepted)")
    missing = {p for p in json_paths(real) - json_paths(got) if not optional.search(p)}
    assert not missing, sorted(missing)
    m, rm = got["message"], real["message"]
    for k in ("type", "subtype", "container-title", "short-container-title"):
        assert m[k] == rm[k], k
    assert m["institution"] == rm["institution"] == [{"name": "bioRxiv"}]
    assert m["posted"] == m["issued"] == m["published"] == {"date-parts": [[2016, 12, 28]]}
    assert set(m["relation"]) == set(rm["relation"]) == {"is-preprint-of"}
    assert set(m["relation"]["is-preprint-of"][0]) == set(rm["relation"]["is-preprint-of"][0])
    assert m["relation"]["is-preprint-of"][0]["id"] == pub.doi
    for k in ("published-print", "published-online", "volume", "page", "journal-issue"):
        assert k not in m and k not in rm, k
    assert published["relation"]["has-preprint"] == [{"id-type": "doi", "id": pre.doi, "asserted-by": "object"}]
