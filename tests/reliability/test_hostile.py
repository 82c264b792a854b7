"""Hostile services: bounded memory, bounded time, no traceback, nothing believed.

Both services are reached through `hostile.Hostile`, a loopback proxy in front of the fakes that
damages every answer in one way (see its docstring). Each run is a real `refcheck` process under
a 2 GiB address-space cap (RLIMIT_AS): a client that read a 2 GiB body or inflated a 1 GiB gzip
bomb whole would die with MemoryError. Each must end by its deadlines (REFCHECK_DEADLINE=4 s per
lookup; the hang guard below is generous, wall times are printed, not asserted), exit 0 or 1,
print one JSON document, and leave the affected entries `unverified` with `unavailable`.
"""

from __future__ import annotations

import json
import resource
import time

import pytest

from tests.reliability.helpers import EXPECTED, make_env, run_cli, verdicts, write_subset
from tests.reliability.hostile import Hostile, Trap, gzip_bomb

AS_LIMIT = 2 << 30  # bytes of address space for the refcheck process
SUBSET = (1, 5, 11, 14, 20, 28)  # PMID, DOI, e-number, online-first; no entry 7 (needs no service)
HANG = 120  # seconds: a run still going then is a hang, whatever the machine's load


def _cap_memory():  # runs in the child before exec
    resource.setrlimit(resource.RLIMIT_AS, (AS_LIMIT, AS_LIMIT))


def _run(fake, tmp_path, mode, *args, crossref_only=False, trap=None, cache=None, refs=None, **env_extra):
    """verify over SUBSET with both services (or Crossref only) behind a hostile proxy."""
    refs = refs or write_subset(tmp_path / "refs.txt", SUBSET)
    pm_mode = "pass" if crossref_only else mode
    with Hostile(fake.eutils_url, pm_mode, trap=trap) as pm, Hostile(fake.crossref_url, mode, trap=trap) as cr:
        env = make_env(None, cache or tmp_path / "cache", REFCHECK_EUTILS_URL=pm.url,
                       REFCHECK_CROSSREF_URL=cr.url, **env_extra)
        t0 = time.monotonic()
        p = run_cli("verify", refs, *args, env=env, timeout=HANG, preexec_fn=_cap_memory)
        took = time.monotonic() - t0
    print(f"{mode}: exit {p.returncode} in {took:.1f}s; proxy saw {pm.requests} + {cr.requests} requests")
    assert "Traceback" not in p.stderr, p.stderr[-3000:]
    assert "MemoryError" not in p.stderr, p.stderr[-3000:]
    assert p.returncode in (0, 1), (p.returncode, p.stderr[-2000:])
    return p


def test_the_proxy_itself_is_harmless(fake, tmp_path):
    """Control: through a `pass` proxy the verdicts are those of a clean run, so what the other
    tests see comes from the damage, not from the proxy."""
    p = _run(fake, tmp_path, "pass", "--format", "json")
    got = verdicts(json.loads(p.stdout))
    assert got == {n: EXPECTED[n] for n in SUBSET}


@pytest.mark.parametrize("mode", ["huge", "gzip-bomb", "drip", "retry-after", "redirect"])
def test_hostile_answers_leave_entries_unverified(mode, fake, tmp_path):
    if mode == "gzip-bomb":
        assert len(gzip_bomb()) < 4 * (1 << 20)  # built now, not while the client waits
    trap = Trap()
    try:
        p = _run(fake, tmp_path, mode, "--format", "json", trap=trap)
    finally:
        trap.close()
    doc = json.loads(p.stdout)  # one JSON document, nothing else on stdout
    got = verdicts(doc)
    assert set(got) == set(SUBSET)
    assert all(v == ("unverified", ("unavailable",)) for v in got.values()), got
    assert trap.hits == 0, "a redirect to another host was followed"
    lines = [l for l in p.stderr.splitlines() if l.strip()]
    assert len(lines) == 1 and "could not be checked" in lines[0], lines


def test_lone_surrogates_nul_and_esc_in_answers_are_data(fake, tmp_path):
    """Crossref titles carrying `\\ud800`, `\\u0000` and an ESC sequence: stored, reported, shown,
    never a crash; no control character reaches any output."""
    cache = tmp_path / "cache"
    outs = {}
    for fmt in ("json", "table", "csv", "markdown", "html"):
        p = _run(fake, tmp_path, "bad-escapes", "--format", fmt, crossref_only=True, cache=cache)
        outs[fmt] = p.stdout
        assert "\x1b" not in p.stdout and "\x00" not in p.stdout and "\x07" not in p.stdout, fmt
        assert "\x1b" not in p.stderr
    doc = json.loads(outs["json"])
    got = verdicts(doc)
    assert set(got) == set(SUBSET)
    # the damage is in the titles only: nothing becomes not-found, and nothing is unverified
    # for want of a readable answer
    assert all(st != "unverified" and "not-found" not in codes for st, codes in got.values()), got


def test_poisoned_answers_do_not_spoil_a_batch(fake, tmp_path):
    """The same poisoned titles through `refcheck batch`: no article "unreadable"."""
    arts = tmp_path / "articles"
    arts.mkdir()
    write_subset(arts / "a.txt", SUBSET)
    with Hostile(fake.eutils_url, "pass") as pm, Hostile(fake.crossref_url, "bad-escapes") as cr:
        env = make_env(None, tmp_path / "cache", REFCHECK_EUTILS_URL=pm.url, REFCHECK_CROSSREF_URL=cr.url)
        p = run_cli("batch", arts, "-o", tmp_path / "out", "--format", "json", env=env, timeout=HANG,
                    preexec_fn=_cap_memory)
    assert "Traceback" not in p.stderr, p.stderr[-3000:]
    assert p.returncode in (0, 1), p.stderr[-2000:]
    assert "unreadable" not in p.stderr.replace("0 unreadable", ""), p.stderr


def test_library_warnings_reach_stderr_only_with_verbose(fake, tmp_path):
    """A malformed header makes urllib3 log a warning quoting the request URL, with a traceback:
    without -v stderr stays clean (and the answer is still used); with -v the warning shows."""
    p = _run(fake, tmp_path, "bad-headers", "--format", "json")
    assert "Failed to parse headers" not in p.stderr and p.stderr.strip() == "", p.stderr[-2000:]
    assert verdicts(json.loads(p.stdout)) == {n: EXPECTED[n] for n in SUBSET}
    refs = write_subset(tmp_path / "refs.txt", SUBSET)
    with Hostile(fake.eutils_url, "bad-headers") as pm, Hostile(fake.crossref_url, "bad-headers") as cr:
        env = make_env(None, tmp_path / "cache2", REFCHECK_EUTILS_URL=pm.url, REFCHECK_CROSSREF_URL=cr.url)
        v = run_cli("-v", "verify", refs, "--format", "json", env=env, timeout=HANG)
    assert "Failed to parse headers" in v.stderr  # the control: the warning exists, -v shows it
