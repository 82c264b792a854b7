"""Fault injection, outages, latency, rate limits and the request log."""

from __future__ import annotations

import http.client
import socket
import time

import pytest
import requests

from tests.fakes import FakeServices
from tests.fakes.sample_records import ALL_WORKS, SAMPLE_BY_N

PMID = SAMPLE_BY_N[1].pmid
DOI = SAMPLE_BY_N[1].doi


def raw_get(url: str, timeout: float = 2.0):
    """One request on a fresh connection: (status, headers, body) or the exception raised."""
    from urllib.parse import urlsplit

    u = urlsplit(url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=timeout)
    try:
        conn.request("GET", u.path + ("?" + u.query if u.query else ""))
        resp = conn.getresponse()
        body = resp.read()
        return resp.status, dict(resp.getheaders()), body
    except Exception as e:  # noqa: BLE001
        return e
    finally:
        conn.close()


@pytest.mark.parametrize("service", ["eutils", "crossref"])
def test_each_fault_kind_observed(svc, service):
    svc.slow_seconds = 0.6
    url = (f"{svc.eutils_url}/efetch.fcgi?db=pubmed&retmode=xml&id={PMID}" if service == "eutils"
           else f"{svc.crossref_url}/works/{DOI}")
    seen = {}
    for kind in ("500", "502", "503", "429", "truncated", "slow", "reset"):
        svc.faults(service, rate=1.0, kinds=(kind,), seed=3, retry_after=7)
        t0 = time.monotonic()
        seen[kind] = (raw_get(url, timeout=0.3 if kind == "slow" else 2.0), time.monotonic() - t0)
    svc.no_faults()
    for code in ("500", "502", "503"):
        res, _ = seen[code]
        assert res[0] == int(code) and res[1]["Content-Type"].startswith("text/html") and b"<html>" in res[2]
    res, _ = seen["429"]
    assert res[0] == 429 and res[1]["Retry-After"] == "7"
    if service == "eutils":
        assert res[2] == b'{"error":"API rate limit exceeded","count":"11"}'
    res, _ = seen["truncated"]
    assert isinstance(res, http.client.IncompleteRead)
    res, dt = seen["slow"]
    assert isinstance(res, (socket.timeout, TimeoutError)) and dt < 0.6
    res, _ = seen["reset"]
    assert isinstance(res, (ConnectionResetError, http.client.RemoteDisconnected, ConnectionAbortedError))
    assert [r.fault for r in svc.requests] == ["500", "502", "503", "429", "truncated", "slow", "reset"]
    # and after the faults are switched off the service answers again
    ok = raw_get(url)
    assert ok[0] == 200


def test_truncated_with_requests(svc):
    svc.faults("crossref", rate=1.0, kinds=("truncated",))
    with pytest.raises(requests.exceptions.ChunkedEncodingError):
        requests.get(f"{svc.crossref_url}/works/{DOI}", timeout=2)


def test_fault_rate_is_seeded(svc):
    def run():
        svc.faults("crossref", rate=0.5, kinds=("500", "503"), seed=42)
        out = [requests.get(f"{svc.crossref_url}/works/{DOI}", timeout=2).status_code for _ in range(30)]
        svc.no_faults()
        return out

    a, b = run(), run()
    assert a == b
    assert 5 < sum(s != 200 for s in a) < 25
    assert set(a) <= {200, 500, 503}


def test_down_and_up(svc):
    svc.down("eutils")
    r = requests.get(f"{svc.eutils_url}/esearch.fcgi", params={"db": "pubmed", "term": "jama[ta]"}, timeout=2)
    assert r.status_code == 503
    assert requests.get(f"{svc.crossref_url}/works/{DOI}", timeout=2).status_code == 200
    svc.up("eutils")
    r = requests.get(f"{svc.eutils_url}/esearch.fcgi", params={"db": "pubmed", "term": "jama[ta]"}, timeout=2)
    assert r.status_code == 200


def test_latency(svc):
    svc.latency = 0.2
    t0 = time.monotonic()
    requests.get(f"{svc.crossref_url}/works/{DOI}", timeout=2)
    assert time.monotonic() - t0 >= 0.2


def test_log_counts(svc):
    requests.get(f"{svc.eutils_url}/esearch.fcgi", params={"db": "pubmed", "term": "x"}, timeout=2)
    requests.post(f"{svc.eutils_url}/efetch.fcgi", data={"db": "pubmed", "id": PMID}, timeout=2)
    requests.get(f"{svc.crossref_url}/works/{DOI}", timeout=2)
    requests.get(f"{svc.crossref_url}/works", params={"query.bibliographic": "x"}, timeout=2)
    assert svc.count() == 4
    assert svc.count("eutils") == 2 and svc.count("crossref") == 2
    assert svc.count(endpoint="efetch") == 1 and svc.count(endpoint="esearch") == 1
    assert svc.count("crossref", "work") == 1 and svc.count("crossref", "works") == 1
    log = svc.requests[1]
    assert log.method == "POST" and log.params["id"] == [PMID] and log.status == 200
    assert svc.max_rate("eutils") == 2
    svc.reset_log()
    assert svc.count() == 0


def test_add_at_run_time(svc):
    from dataclasses import replace

    from tests.fakes import Notice

    w = SAMPLE_BY_N[3]
    url = f"{svc.crossref_url}/works/{w.doi}"
    assert "updated-by" not in requests.get(url, timeout=2).json()["message"]
    svc.add(replace(w, notices=[Notice("retraction", notice_doi="10.5555/late.retraction", notice_pmid="39909999",
                                       date="2024-01-02")]))
    try:
        assert requests.get(url, timeout=2).json()["message"]["updated-by"][0]["type"] == "retraction"
        r = requests.get(f"{svc.eutils_url}/efetch.fcgi", params={"db": "pubmed", "id": w.pmid}, timeout=2)
        assert 'RefType="RetractionIn"' in r.text and "Retracted Publication" in r.text
    finally:
        svc.add(w)
    assert "updated-by" not in requests.get(url, timeout=2).json()["message"]


# ------------------------------------------------------------------ rate limit (own instances)


def _burst(fake, n, **extra):
    s = requests.Session()
    codes = [s.get(f"{fake.eutils_url}/esearch.fcgi", params={"db": "pubmed", "term": "jama[ta]", **extra},
                   timeout=2) for _ in range(n)]
    return codes


def test_ncbi_rate_limit_429():
    with FakeServices(works=ALL_WORKS, ncbi_rate_limit=3) as fake:
        resp = _burst(fake, 6)
        codes = [r.status_code for r in resp]
        assert codes[:3] == [200, 200, 200] and codes[3:] == [429, 429, 429]
        assert resp[3].json() == {"error": "API rate limit exceeded", "count": "4"}
        assert resp[3].headers["Content-Type"].startswith("application/json")
        assert fake.count_status(429) == 3
        assert fake.max_rate("eutils") == 6
        time.sleep(1.05)
        assert _burst(fake, 1)[0].status_code == 200


def test_ncbi_rate_limit_with_api_key():
    with FakeServices(works=ALL_WORKS, ncbi_rate_limit=3) as fake:
        codes = [r.status_code for r in _burst(fake, 11, api_key="abc")]
        assert codes[:10] == [200] * 10 and codes[10] == 429


def test_paced_client_never_limited():
    with FakeServices(works=ALL_WORKS, ncbi_rate_limit=3) as fake:
        s = requests.Session()
        for _ in range(7):
            s.get(f"{fake.eutils_url}/esearch.fcgi", params={"db": "pubmed", "term": "x"}, timeout=2)
            time.sleep(0.36)
        assert fake.count_status(429) == 0 and fake.max_rate("eutils") <= 3


def test_fake_services_fixture(fake_services):
    import os

    assert os.environ["REFCHECK_EUTILS_URL"] == fake_services.eutils_url
    assert os.environ["REFCHECK_CROSSREF_URL"] == fake_services.crossref_url
    assert fake_services.eutils_url.endswith("/entrez/eutils")
    assert fake_services.ncbi_rate_limit == 3
