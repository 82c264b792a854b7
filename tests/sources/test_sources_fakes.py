"""Loopback integration against tests.fakes (FakeServices)."""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor

import pytest

from refcheck.sources.http import Breaker

from refcheck.errors import SourceError
from refcheck.settings import Settings
from refcheck.sources import Cache, CitQuery, Crossref, PubMed, Stats

from tests.fakes import FakeServices
from tests.fakes.sample_records import EXTRA_BY_KEY, EXTRA_WORKS, SAMPLE_WORKS

WORKS = SAMPLE_WORKS + EXTRA_WORKS
PM_WORKS = [w for w in WORKS if w.pmid and getattr(w, "in_pubmed", True)]
CR_WORKS = [w for w in WORKS if w.doi and getattr(w, "in_crossref", True)]


def make(fake, tmp_path, **kw):
    s = Settings(**fake.urls, cache_dir=tmp_path / "cache",
                 timeout=kw.pop("timeout", 2.0), deadline=kw.pop("deadline", 20.0), **kw)
    cache, stats = Cache(s), Stats()
    return s, cache, stats, PubMed(s, cache, stats, backoff_base=0.05, backoff_max=1.0, workers=8), \
        Crossref(s, cache, stats, backoff_base=0.05, backoff_max=1.0, workers=8)


def test_burst_of_50_stays_under_3_per_s(tmp_path):
    with FakeServices(works=WORKS, ncbi_rate_limit=3) as fake:
        s, cache, stats, pm, cr = make(fake, tmp_path)
        pmids = [w.pmid for w in PM_WORKS][:50]
        assert len(pmids) == 50
        with ThreadPoolExecutor(8) as ex:  # 50 separate lookups from 8 threads
            got = list(ex.map(lambda p: pm.fetch([p]), pmids))
        for p, b in zip(pmids, got):
            assert b.found[p].pmid == p, b.failed
        assert fake.count("eutils") == 50
        assert fake.max_rate("eutils") <= 3
        assert fake.count_status(429) == 0
        assert stats.rate_wait > 0
        pm.close(), cr.close(), cache.close()


def test_20_percent_faults_every_lookup_right(tmp_path):
    with FakeServices(works=WORKS, ncbi_rate_limit=3, slow_seconds=1.5) as fake:
        fake.faults(rate=0.2, seed=1)
        # an API key: NCBI allows 10/s, keeps the test short
        s, cache, stats, pm, cr = make(fake, tmp_path, api_key="k-123", email="t@example.org", timeout=0.8,
                                       max_attempts=10, deadline=30.0)
        pws, cws = PM_WORKS[:25], CR_WORKS[:25]
        with ThreadPoolExecutor(8) as ex:
            pb = list(ex.map(lambda w: pm.fetch([w.pmid]), pws))
            cb = list(ex.map(lambda w: cr.work(w.doi), cws))
        for w, b in zip(pws, pb):
            r = b.found[w.pmid]
            assert (r.pmid, r.doi, r.volume) == (w.pmid, w.doi and w.doi.lower(), w.volume)
        for w, r in zip(cws, cb):
            assert r is not None and r.doi == w.doi.lower() and r.title
        # batches too
        bb = cr.works([w.doi for w in CR_WORKS[25:]])
        assert not bb.failed and len(bb.found) == len(CR_WORKS[25:])
        injected = sum(1 for r in fake.requests if r.fault and r.fault != "rate-limit")
        assert injected > 5 and stats.snapshot()["retries_total"] >= injected - 2
        pm.close(), cr.close(), cache.close()


def test_service_down_is_failure_not_missing(tmp_path, monkeypatch):
    # no cool-down: this test brings the service back at once and expects answers
    monkeypatch.setattr(Breaker, "COOL_DOWN", 0.0)
    with FakeServices(works=WORKS) as fake:
        fake.down("eutils")
        fake.down("crossref")
        s, cache, stats, pm, cr = make(fake, tmp_path, max_attempts=3, deadline=3.0, email="t@example.org")
        b = pm.fetch([PM_WORKS[0].pmid, "99999999"])
        assert not b.found and not b.missing and len(b.failed) == 2
        with pytest.raises(SourceError):
            pm.search("vitamin d")
        with pytest.raises(SourceError):
            cr.work(CR_WORKS[0].doi)
        wb = cr.works([w.doi for w in CR_WORKS[:5]])
        assert not wb.missing and len(wb.failed) == 5
        ub = cr.updates([CR_WORKS[0].doi])
        assert not ub.found and len(ub.failed) == 1
        cm = pm.citmatch([CitQuery("x", "JAMA", 2017, "317", "2448", "Rooney MR")])
        assert set(cm.failed) == {"x"}
        # back up: answers come, and nothing failed was cached as "missing"
        fake.up("eutils")
        b = pm.fetch([PM_WORKS[0].pmid, "99999999"])
        assert set(b.found) == {PM_WORKS[0].pmid} and b.missing == {"99999999"}
        pm.close(), cr.close(), cache.close()


def test_api_key_in_no_log_key_or_row(tmp_path, caplog):
    key = "NCBIKEY-9f8e7d6c5b4a"
    with FakeServices(works=WORKS) as fake:
        s, cache, stats, pm, cr = make(fake, tmp_path, api_key=key, email="t@example.org")
        with caplog.at_level(logging.DEBUG, logger="refcheck.sources"):
            assert pm.fetch([w.pmid for w in PM_WORKS[:5]]).found
            pm.search_many(["vitamin d", "magnesium"])
            pm.citmatch([CitQuery("a", "JAMA", 2017, "317", "2448", "Rooney MR")])
            pm.summary([PM_WORKS[0].pmid])
            cr.works([w.doi for w in CR_WORKS[:3]])
        assert all(r.params.get("api_key") == [key] for r in fake.requests if r.service == "eutils")
        text = "\n".join(r.getMessage() for r in caplog.records)
        assert "efetch" in text and key not in text
        cache.export(tmp_path / "dump.jsonl")
        pm.close(), cr.close(), cache.close()
    assert key not in (tmp_path / "dump.jsonl").read_text()
    for f in (tmp_path / "cache").iterdir():
        assert key.encode() not in f.read_bytes(), f


def test_warm_run_asks_nothing_and_offline_answers(tmp_path):
    with FakeServices(works=WORKS) as fake:
        s, cache, stats, pm, cr = make(fake, tmp_path, email="t@example.org", ncbi_rate=10)
        rw = EXTRA_BY_KEY["retracted_rw_only"]
        pmids = [w.pmid for w in PM_WORKS]
        dois = [w.doi for w in CR_WORKS]
        qs = [CitQuery("r1", "JAMA", 2017, "317", "2448", "Rooney MR")]
        first = (pm.fetch(pmids), cr.works(dois), cr.updates(dois), pm.citmatch(qs))
        assert not any(b.failed for b in first)
        assert first[0].found[EXTRA_BY_KEY["retracted"].pmid].updates[0].kind == "retraction"
        assert [u.source for u in first[2].found[rw.doi.lower()]] == ["retraction-watch"]
        assert first[3].found["r1"].pmid == SAMPLE_WORKS[0].pmid
        n = fake.count()
        again = (pm.fetch(pmids), cr.works(dois), cr.updates(dois), pm.citmatch(qs))
        assert fake.count() == n
        assert again[0].found == first[0].found and again[2].found == first[2].found
        pm.close(), cr.close(), cache.close()
        so, co, sto, pmo, cro = make(fake, tmp_path, email="t@example.org", offline=True)
        b = pmo.fetch(pmids + ["12345"])
        assert b.found == first[0].found and set(b.failed) == {"12345"}
        assert fake.count() == n
        pmo.close(), cro.close(), co.close()
