"""Service failures never become verdicts.

Against the fakes with injected faults (HTTP 500/502/503, 429 with Retry-After, truncated bodies,
answers slower than the timeout, connection resets), every reference gets the verdict of a clean
run where the retries could get an answer, and is `unverified` (finding `unavailable`) otherwise:
never `not-found`, never a mismatch. A service down for the whole run leaves every reference
`unverified` (except entry 7, whose incompleteness needs no service), with one line on stderr.

Fault plans are seeded (`fake.faults(seed=…)`), so a run is repeatable up to thread timing.
Budgets are short (REFCHECK_TIMEOUT=0.5 s, DEADLINE=4 s, MAX_ATTEMPTS=4; slow answers take 0.8 s).
"""

from __future__ import annotations

import json
from collections import Counter

import pytest

from tests.reliability.helpers import (
    ACCUSING,
    EXPECTED,
    REFS,
    classify,
    make_env,
    nonblank,
    run_cli,
    verdicts,
    write_subset,
)

SLOW_ANSWER = 0.8  # seconds: a little above REFCHECK_TIMEOUT
SUBSET = (1, 5, 7, 11, 14, 20, 28, 35)  # a numbered article id, an e-number, entry 7, online-first
DOWN = {"REFCHECK_DEADLINE": "2"}  # a service that is down answers 503 at once: 2 s per lookup is plenty


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    """Verdicts of a clean run over references.txt (and the contract's expectation of them)."""
    from tests.fakes import FakeServices
    from tests.fakes.sample_records import ALL_WORKS

    with FakeServices(works=ALL_WORKS, ncbi_rate_limit=3) as fake:
        env = make_env(fake, tmp_path_factory.mktemp("clean-cache"))
        p = run_cli("verify", REFS, "--format", "json", env=env)
    assert p.returncode == 1, p.stderr
    got = verdicts(json.loads(p.stdout))
    assert got == EXPECTED, {n: got[n] for n in got if got[n] != EXPECTED[n]}
    return got


def _run(fake, tmp_path, path=REFS, *extra, **env_extra):
    env = make_env(fake, tmp_path / "cache", **env_extra)
    p = run_cli("verify", path, "--format", "json", *extra, env=env)
    assert "Traceback" not in p.stderr, p.stderr[-3000:]
    assert p.returncode in (0, 1), (p.returncode, p.stderr[-2000:])
    return p, json.loads(p.stdout)


def _judge(doc, clean, label):
    got = verdicts(doc)
    assert set(got) <= set(clean)
    outcome = {n: classify(got[n], clean[n]) for n in got}
    counts = Counter(outcome.values())
    print(f"\n{label}: {dict(counts)}")
    wrong = {n: got[n] for n, o in outcome.items() if o == "wrong"}
    assert not wrong, f"{label}: verdicts a failure produced: {wrong}"
    for r in doc["references"]:
        extra = {f["code"] for f in r["findings"]} & ACCUSING - set(clean[r["n"]][1])
        assert not extra, (r["n"], extra, r["findings"])
        if r["status"] == "unverified":
            assert [f["code"] for f in r["findings"]] == ["unavailable"], r["findings"]
            assert r["match"] is None or r["match"]
    assert got[7] == clean[7]  # incompleteness needs no service
    return counts


FAULT_RUNS = [
    # (service, rate, seed, max attempts, subset)
    pytest.param(None, 0.2, 1, 4, None, id="both-20pct-seed1"),
    pytest.param(None, 0.5, 3, 4, None, id="both-50pct-seed3", marks=pytest.mark.slow),
    pytest.param(None, 0.5, 3, 2, None, id="both-50pct-seed3-2attempts", marks=pytest.mark.slow),
    pytest.param("eutils", 0.5, 7, 4, SUBSET, id="eutils-50pct-seed7-subset"),
    pytest.param("crossref", 0.5, 5, 4, SUBSET, id="crossref-50pct-seed5-subset"),
]


@pytest.mark.parametrize("service,rate,seed,attempts,subset", FAULT_RUNS)
def test_faults_give_clean_verdicts_or_unverified(service, rate, seed, attempts, subset, clean, fake, tmp_path):
    fake.slow_seconds = SLOW_ANSWER
    fake.faults(service, rate=rate, seed=seed, retry_after=1)
    path = write_subset(tmp_path / "refs.txt", subset) if subset else REFS
    p, doc = _run(fake, tmp_path, path, REFCHECK_MAX_ATTEMPTS=attempts)
    injected = Counter(r.fault for r in fake.requests if r.fault)
    assert injected, "no fault was injected: the run proves nothing"
    label = f"faults {service or 'both'} {rate:.0%} seed {seed}, {attempts} attempts"
    counts = _judge(doc, clean, label)
    print(f"  {fake.count()} requests, injected {dict(injected)}, exit {p.returncode}")
    assert p.returncode == 1  # entry 7 is an error whatever the services do
    if counts.get("unverified"):
        lines = [l for l in nonblank(p.stderr) if "could not be checked" in l]
        assert len(lines) == 1, p.stderr
    assert doc["summary"]["unverified"] == counts.get("unverified", 0)


@pytest.mark.slow
def test_both_services_down_every_reference_unverified(clean, fake, tmp_path):
    fake.down("eutils")
    fake.down("crossref")
    p, doc = _run(fake, tmp_path, **DOWN)
    got = verdicts(doc)
    assert got.pop(7) == clean[7]
    assert set(got.values()) == {("unverified", ("unavailable",))}, Counter(got.values())
    assert doc["summary"] == {"references": 40, "ok": 0, "warning": 0, "error": 1, "unverified": 39,
                              "missing": 0, "unavailable": 39, "not-indexed": 0}
    lines = nonblank(p.stderr)
    assert len(lines) == 1 and "could not be checked" in lines[0], lines
    assert p.returncode == 1  # entry 7 (incomplete) is an error with the default --fail-on error
    print(f"\nboth down: exit {p.returncode}; stderr: {lines[0]}")


def test_both_down_list_without_errors_exits_0(fake, tmp_path):
    """Observed and documented: nothing checked is not a finding (`unavailable` is info), so a
    list without an incomplete entry exits 0 even with --fail-on warning."""
    fake.down("eutils")
    fake.down("crossref")
    path = write_subset(tmp_path / "refs.txt", (1, 2, 3))
    p, doc = _run(fake, tmp_path, path, "--fail-on", "warning", **DOWN)
    assert {r["status"] for r in doc["references"]} == {"unverified"}
    assert p.returncode == 0
    lines = nonblank(p.stderr)
    assert len(lines) == 1 and "3 reference(s) could not be checked" in lines[0], lines


@pytest.mark.parametrize("service", ["eutils", "crossref"])
def test_one_service_down_never_accuses(service, clean, fake, tmp_path):
    fake.down(service)
    path = write_subset(tmp_path / "refs.txt", SUBSET)
    p, doc = _run(fake, tmp_path, path, **DOWN)
    counts = _judge(doc, clean, f"{service} down")
    assert p.returncode == 1
    if counts.get("unverified"):
        assert any("could not be checked" in l for l in nonblank(p.stderr)), p.stderr


def test_explanation_names_the_failing_services(fake, tmp_path):
    fake.down("eutils")
    fake.down("crossref")
    path = write_subset(tmp_path / "refs.txt", (1,))
    p, _ = _run(fake, tmp_path, path, **DOWN)
    (line,) = nonblank(p.stderr)
    assert "PubMed" in line and "Crossref" in line, line


def test_down_then_up_does_not_cache_failures(fake, tmp_path):
    """A failed lookup is not remembered as 'no such record': once the services are back, the
    same cache gives the clean verdicts."""
    path = write_subset(tmp_path / "refs.txt", (1, 7, 14))
    fake.down("eutils")
    fake.down("crossref")
    _, doc = _run(fake, tmp_path, path, **DOWN)
    assert verdicts(doc)[1] == ("unverified", ("unavailable",))
    fake.up("eutils")
    fake.up("crossref")
    _, doc = _run(fake, tmp_path, path)
    assert verdicts(doc) == {n: EXPECTED[n] for n in (1, 7, 14)}
