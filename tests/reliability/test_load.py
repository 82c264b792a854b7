"""Load: politeness holds under pressure, and processes can share one cache.

- Many threads asking PubMed at once through the library (tenfold the NCBI limit requested in the
  same instant) get zero 429 answers: the process-wide limiter keeps the fake's measured rate at
  or under 3 requests/s.
- Two refcheck processes sharing one cache folder at the same time both finish with correct
  reports and an intact cache. The limiter is per process, so together they may exceed 3/s:
  the test measures and prints the combined rate (the README says how to share the budget).
"""

from __future__ import annotations

import json
import random
import threading
import time

import pytest

from tests.reliability.helpers import EXPECTED, REFS, cli, integrity, make_env, verdicts


def _pmids():
    from tests.fakes.sample_records import ALL_WORKS

    return sorted({w.pmid for w in ALL_WORKS if getattr(w, "pmid", None) and getattr(w, "in_pubmed", True)})


@pytest.mark.slow
def test_threads_flooding_pubmed_get_no_429(fake, tmp_path):
    from refcheck.settings import Settings
    from refcheck.sources import Cache, PubMed, Stats

    settings = Settings(
        **fake.urls,
        cache_dir=tmp_path / "cache",
        refresh=True,  # every lookup goes to the network
        timeout=5.0,
        deadline=120.0,
        max_attempts=4,
    )
    assert settings.ncbi_rps == 3.0
    known = _pmids()
    assert len(known) >= 30
    rng = random.Random(7)
    threads_n, per_thread = 36, 9  # 36 requests at the same instant = 12x the 3/s limit; 324 lookups
    jobs = []
    for i in range(threads_n):
        ids = rng.sample(known, per_thread - 1) + [str(39999000 + i)]  # and one PMID nobody holds
        jobs.append(ids)
    cache = Cache(settings)
    stats = Stats()
    clients = [PubMed(settings, cache, stats) for _ in range(4)]  # several sessions, one process
    barrier = threading.Barrier(threads_n)
    results, errors = {}, []

    def work(i):
        try:
            barrier.wait()
            results[i] = clients[i % len(clients)].fetch(jobs[i])
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(repr(e))

    t0 = time.monotonic()
    threads = [threading.Thread(target=work, args=(i,)) for i in range(threads_n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=180)
    took = time.monotonic() - t0
    for c in clients:
        c.close()
    cache.close()
    assert not errors, errors
    assert len(results) == threads_n
    lookups = sum(len(j) for j in jobs)
    for i, b in results.items():
        assert not b.failed, {k: str(v) for k, v in b.failed.items()}
        assert set(b.found) == set(jobs[i][:-1]), i
        assert b.missing == {jobs[i][-1]}
    rate = fake.max_rate("eutils")
    print(f"\n{threads_n} threads, {lookups} lookups, {fake.count('eutils')} requests in {took:.1f}s; "
          f"max {rate} requests in any 1 s window; {fake.count_status(429)} answers 429")
    assert fake.count_status(429) == 0
    assert stats.throttled == 0
    assert rate <= 3
    assert fake.count("eutils") >= threads_n  # it really asked, in many requests
    assert integrity(settings.cache_dir / "refcheck.sqlite") == "ok"


@pytest.mark.slow
def test_two_processes_share_one_cache(fake, tmp_path):
    import subprocess

    env = make_env(fake, tmp_path / "shared-cache", REFCHECK_DEADLINE="20", REFCHECK_TIMEOUT="5")
    outs = [tmp_path / f"report-{i}.json" for i in (1, 2)]
    procs = [
        subprocess.Popen(cli("verify", REFS, "--format", "json", "-o", o), env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for o in outs
    ]
    results = [p.communicate(timeout=180) for p in procs]
    for p, (_out, err) in zip(procs, results):
        assert "Traceback" not in err, err
        assert p.returncode == 1, err  # entry 7
    for o in outs:
        assert verdicts(json.loads(o.read_text())) == EXPECTED
    db = tmp_path / "shared-cache" / "refcheck.sqlite"
    assert integrity(db) == "ok"
    assert not list(db.parent.glob("*.corrupt-*"))
    rate = fake.max_rate("eutils")
    n429 = fake.count_status(429, "eutils")
    print(f"\ntwo processes, one cache: max {rate} E-utilities requests in any 1 s window "
          f"(limit 3/s, shared through the cache folder), {n429} answers 429, {fake.count('eutils')} requests in all")
    # processes on one cache folder space their requests through it: together still 3/s
    assert rate <= 3
    assert n429 == 0
