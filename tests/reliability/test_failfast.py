"""Fail fast, say why: a service that cannot be reached at all is not retried like a busy one.

A refused loopback port stands for any host that cannot be reached (DNS failure, no route,
refused, TLS): the first failed connection opens that service's circuit, so a 40-entry list
ends in seconds (printed, not asserted: the bound checked is the number of connection attempts),
every entry `unverified`, and stderr says in one line which host could not be reached and why.
"""

from __future__ import annotations

import json
import socket
import time

import pytest

from tests.reliability.helpers import make_env, nonblank, run_cli, sample_lines, verdicts

EXTRA_7 = "7. Smith J, Jones K. Magnesium intake and bone density in older adults. J Nutr. 2019;149(3):123-130."


def _closed_port() -> int:
    """A loopback port nobody listens on (connections to it are refused)."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


@pytest.fixture
def forty(tmp_path):
    """references.txt with entry 7 (whose `incomplete` needs no service) replaced by an article."""
    lines = sample_lines()
    lines[7] = EXTRA_7
    p = tmp_path / "forty.txt"
    p.write_text("\n".join(lines[n] for n in sorted(lines)) + "\n", encoding="utf-8")
    assert len(lines) == 40
    return p


@pytest.fixture
def refused_env(tmp_path):
    port = _closed_port()
    env = make_env(None, tmp_path / "cache", REFCHECK_EUTILS_URL=f"http://127.0.0.1:{port}/entrez/eutils",
                   REFCHECK_CROSSREF_URL=f"http://127.0.0.1:{port}", REFCHECK_DEADLINE="60",
                   REFCHECK_MAX_ATTEMPTS="6", REFCHECK_TIMEOUT="10")  # the defaults: no short budgets here
    return env, f"127.0.0.1:{port}"


def test_unreachable_services_end_the_run_at_once_with_one_line(forty, refused_env):
    env, host = refused_env
    t0 = time.monotonic()
    p = run_cli("verify", forty, "--format", "json", env=env, timeout=60)
    print(f"40 entries, both services refused: {time.monotonic() - t0:.1f}s wall")
    assert "Traceback" not in p.stderr
    assert p.returncode == 0, p.stderr  # unavailable is not a finding at --fail-on error
    got = verdicts(json.loads(p.stdout))
    assert len(got) == 40
    assert all(v == ("unverified", ("unavailable",)) for v in got.values()), got
    lines = nonblank(p.stderr)
    assert len(lines) == 1, lines
    assert f"cannot reach {host}: connection refused" in lines[0], lines[0]
    strict = run_cli("verify", forty, "--format", "json", "--fail-on", "unverified", env=env, timeout=60)
    assert strict.returncode == 1, strict.stderr  # a CI job can refuse a run that checked nothing


def test_verbose_before_the_command_shows_each_cause_and_no_retries(forty, refused_env):
    """`refcheck -v verify`: each failed lookup with its cause. The lookups that reached the
    network before the circuit opened are at most one per worker thread (that an unreachable
    host gets one attempt per lookup, no retry, is test_chokepoint's)."""
    env, host = refused_env
    p = run_cli("-v", "verify", forty, "--format", "json", env=env, timeout=60)
    assert "Traceback" not in p.stderr
    causes = [l for l in p.stderr.splitlines() if "failed: cannot reach" in l]
    assert causes and all("connection refused" in l for l in causes), p.stderr
    assert len(causes) <= 8, causes  # 2 services × at most 4 threads in flight before the trip


def test_quiet_before_the_command(forty, refused_env):
    env, _ = refused_env
    p = run_cli("-q", "verify", forty, "--format", "json", env=env, timeout=60)
    assert p.returncode == 0 and nonblank(p.stderr) == [], p.stderr


def test_offline_is_suggested_when_the_cache_holds_records(forty, refused_env, fake, tmp_path):
    env, host = refused_env
    first = make_env(fake, tmp_path / "cache")
    run_cli("verify", forty, "--format", "json", env=first, timeout=120)  # fills the cache
    p = run_cli("verify", forty, "--format", "json", "--refresh", env=env, timeout=60)
    lines = nonblank(p.stderr)
    assert len(lines) == 1 and f"cannot reach {host}" in lines[0] and "--offline" in lines[0], lines


def test_progress_line_counts_failures_as_they_happen(capsys):
    from refcheck.check import Progress
    from refcheck.sources.http import Stats

    stats = Stats()
    progress = Progress(40, stats, enabled=True)
    progress("identifiers", 0)
    assert "failed" not in capsys.readouterr().err
    stats.add("failures", "crossref:query")
    stats.add("failures", "pubmed:esearch")
    progress("title search", 3)
    assert "2 failed" in capsys.readouterr().err
