"""The chokepoint over loopback (scripted server): retries, 404/400, truncation, secrets, batching."""

from __future__ import annotations

import logging
import time
from urllib.parse import parse_qs

import pytest

from refcheck.errors import SourceError
from refcheck.sources import Cache, CitQuery, Crossref, PubMed, Stats
from refcheck.sources.cache import FILENAME

from tests.sources.conftest import sample

EFETCH = sample("eutils/efetch-pubmed-doi-erratumin.xml")
WORK = sample("crossref/works-doi-journal-article-updated-by-correction.json")
XML = {"Content-Type": "text/xml"}
JSON = {"Content-Type": "application/json"}


def clients(settings, **kw):
    cache = Cache(settings)
    stats = Stats()
    return cache, stats, PubMed(settings, cache, stats, backoff_base=0.01, **kw), Crossref(
        settings, cache, stats, backoff_base=0.01, **kw)


def test_retries_5xx_429_truncated_and_garbage_then_succeeds(scripted, fast_settings):
    script = iter([
        (500, XML, b"oops"),
        (429, {"Retry-After": "0", **JSON}, sample("eutils/error-429-rate-limit-documented.json")),
        ("truncate", len(EFETCH) + 50, EFETCH[:1000]),
        (200, XML, EFETCH[: len(EFETCH) // 2]),  # Content-Length right, XML cut: unparseable
        (200, XML, b"<html>proxy error</html>"),
        (200, XML, EFETCH),
    ])
    srv = scripted(lambda m, p, q, b: next(script))
    cache, stats, pm, cr = clients(fast_settings(srv.url, max_attempts=8, deadline=20))
    b = pm.fetch(["35649368"])
    assert b.found["35649368"].doi == "10.1016/j.celrep.2022.110870"
    snap = stats.snapshot()
    assert snap["retries_total"] == 5 and snap["throttled_429"] == 1
    assert snap["requests"]["pubmed:efetch"] == 6
    # warm: nothing asked
    n = len(srv.requests)
    assert pm.fetch(["35649368"]).found and len(srv.requests) == n
    assert stats.cache_hits == 1


def test_keeps_failing_gives_failed_never_missing(scripted, fast_settings):
    srv = scripted(lambda m, p, q, b: (503, {}, b"down"))
    cache, stats, pm, cr = clients(fast_settings(srv.url, max_attempts=3))
    b = pm.fetch(["1", "2"])
    assert not b.found and not b.missing and set(b.failed) == {"1", "2"}
    assert all(isinstance(e, SourceError) and e.service == "pubmed" for e in b.failed.values())
    with pytest.raises(SourceError):
        cr.work("10.1/x")
    assert len(srv.requests) == 3 + 3
    assert cache.get("pubmed:efetch:1") is None  # failures are not cached


def test_deadline_stops_retries(scripted, fast_settings):
    srv = scripted(lambda m, p, q, b: (500, {"Retry-After": "30"}, b""))
    cache, stats, pm, cr = clients(fast_settings(srv.url, max_attempts=50, deadline=1.0))
    t0 = time.monotonic()
    with pytest.raises(SourceError):
        pm.search("x")
    assert time.monotonic() - t0 < 3


def test_crossref_404_is_none_and_400_is_error_without_retry(scripted, fast_settings):
    def route(m, p, q, b):
        if p.endswith("/works/10.1371/journal.pone.0033693"):
            return 200, JSON, WORK
        if "/works/10.9999/" in p:
            return 404, {"Content-Type": "text/plain"}, sample("crossref/works-doi-404-resource-not-found.txt")
        return 400, JSON, sample("crossref/works-doi-with-field-query-400.json")

    srv = scripted(route)
    cache, stats, pm, cr = clients(fast_settings(srv.url))
    r = cr.work("https://doi.org/10.1371/JOURNAL.PONE.0033693")
    assert r.doi == "10.1371/journal.pone.0033693" and r.updates[0].kind == "correction"
    assert cr.work("10.9999/none") is None
    assert cr.work("10.9999/none") is None  # cached negative
    n = len(srv.requests)
    with pytest.raises(SourceError) as ei:
        cr.query("some text")
    assert len(srv.requests) == n + 1 and "400" in str(ei.value)


def test_api_key_never_logged_cached_or_raised(scripted, fast_settings, caplog, tmp_path):
    key = "SeCrEt-KEY-0123456789"
    seen = []

    def route(m, p, q, b):
        seen.append(parse_qs(q))
        if "esearch" in p:
            return 200, XML, sample("eutils/esearch-pubmed.xml")
        return 500, {}, f"echo {q}".encode()  # a server echoing the URL into its error

    srv = scripted(route)
    s = fast_settings(srv.url, api_key=key, email="me@example.org", max_attempts=2)
    cache, stats, pm, cr = clients(s)
    with caplog.at_level(logging.DEBUG, logger="refcheck.sources"):
        assert pm.search("biopython", retmax=20)[0] == "41282813"
        b = pm.fetch(["123"])
    err = b.failed["123"]
    assert key not in str(err) and "***" in str(err)
    assert seen[0]["api_key"] == [key] and seen[0]["tool"] == ["refcheck"] and seen[0]["email"] == ["me@example.org"]
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "esearch" in text and key not in text and "api_key=***" in text
    assert key not in repr(s)
    pm.close()
    cache.close()
    assert key.encode() not in (s.cache_dir / FILENAME).read_bytes()
    # connection errors carry the URL: wrapped and redacted too
    s2 = fast_settings("http://127.0.0.1:9", api_key=key, max_attempts=2, cache_dir=tmp_path / "c2")
    c2 = Cache(s2)
    pm2 = PubMed(s2, c2, Stats(), backoff_base=0.01)
    with pytest.raises(SourceError) as ei:
        pm2.search("x")
    assert key not in str(ei.value) and ei.value.__cause__ is None
    pm2.close()
    c2.close()


def test_efetch_post_above_200_and_one_citmatch(scripted, fast_settings):
    calls = []

    def route(m, p, q, b):
        calls.append((m, p, q, b))
        if "efetch" in p:
            return 200, XML, EFETCH
        if "ecitmatch" in p:
            return 200, {"Content-Type": "text/plain"}, b"".join(
                (line + "|" + ("2014248" if "mann" in line else "NOT_FOUND;INVALID_JOURNAL") + "\n").encode()
                for line in parse_qs(q)["bdata"][0].split("\r") if line.strip())
        raise AssertionError(p)

    srv = scripted(route)
    cache, stats, pm, cr = clients(fast_settings(srv.url))
    ids = ["35649368"] + [str(10_000 + i) for i in range(250)]
    b = pm.fetch(ids)
    assert calls[0][0] == "POST" and b"35649368" in calls[0][3]
    assert "35649368" in b.found and len(b.missing) == 250
    qs = [CitQuery("a", "Proc Natl Acad Sci U S A", 1991, "88", "3248", "Mann BJ"),
          CitQuery("b", "Fake journal", 2000, "1", "1", "Nobody"),
          CitQuery("c", "proc natl acad sci u s a", "1991", "88", "3248", "mann bj")]
    n = len(calls)
    m = pm.citmatch(qs)
    assert len(calls) == n + 1
    assert m.found["a"].pmid == "2014248" and m.found["a"].status == "found" and m.found["c"] == m.found["a"]
    assert m.found["b"].status == "invalid_journal" and m.found["b"].pmid is None
    m2 = pm.citmatch(qs)  # warm: nothing asked
    assert len(calls) == n + 1 and m2.found == m.found


def test_crossref_identity_and_batches(scripted, fast_settings):
    seen = []
    items = [{"DOI": f"10.5555/X{i}", "type": "journal-article", "title": [f"T{i}"], "volume": "1"}
             for i in range(60)]

    def route(m, p, q, b):
        qs = parse_qs(q)
        seen.append((p, qs))
        if "filter" in qs and qs["filter"][0].startswith("doi:"):
            want = {f.split(":", 1)[1] for f in qs["filter"][0].split(",")}
            its = [i for i in items if i["DOI"].lower() in want]
            body = {"status": "ok", "message-type": "work-list", "message": {"items": its, "total-results": len(its)}}
            return 200, JSON, __import__("json").dumps(body).encode()
        if "filter" in qs and qs["filter"][0].startswith("updates:"):
            notice = {"DOI": "10.5555/NOTICE", "type": "journal-article",
                      "update-to": [{"DOI": "10.5555/X3", "type": "retraction", "source": "retraction-watch",
                                     "updated": {"date-parts": [[2024, 2, 1]]}}]}
            body = {"status": "ok", "message-type": "work-list", "message": {"items": [notice], "total-results": 1}}
            return 200, JSON, __import__("json").dumps(body).encode()
        raise AssertionError(p)

    srv = scripted(route)
    cache, stats, pm, cr = clients(fast_settings(srv.url, email="me@example.org"))
    dois = [f"10.5555/x{i}" for i in range(55)] + ["10.5555/none"]
    b = cr.works(dois)
    assert len(b.found) == 55 and b.missing == {"10.5555/none"} and not b.failed
    assert len(seen) == 2 and all(s[1]["mailto"] == ["me@example.org"] for s in seen)
    assert max(int(s[1]["rows"][0]) for s in seen) == 50
    u = cr.updates(["10.5555/x3", "10.5555/x4"])
    assert u.found["10.5555/x4"] == []
    (up,) = u.found["10.5555/x3"]
    assert (up.kind, up.source, up.doi, up.date) == ("retraction", "retraction-watch", "10.5555/notice", "2024-02-01")
    n = len(seen)
    assert cr.works(dois[:10]).found and cr.updates(["10.5555/x3"]).found and len(seen) == n  # warm
    assert cr.http.session.headers["User-Agent"].startswith("refcheck/") and "mailto:me@example.org" in \
        cr.http.session.headers["User-Agent"]
