"""`refcheck verify` end to end over loopback: the sample list and article against the fakes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.paths import ARTICLE

ROOT = Path(__file__).resolve().parents[2]
REFS = ROOT / "references.txt"
ONLINE_FIRST = {14, 35, 40}


def run_cli(*args, env=None, input=None):
    """The real process: stdout and stderr apart, exit status as a user sees it."""
    return subprocess.run(
        [sys.executable, "-m", "refcheck", *args],
        capture_output=True,
        text=True,
        env=env,
        input=input,
        timeout=300,
    )


@pytest.fixture
def env(fake_services, tmp_path, monkeypatch):
    import os

    e = dict(os.environ)
    e.update(
        **fake_services.env,
        REFCHECK_CACHE_DIR=str(tmp_path / "cache"),
    )
    e.pop("NCBI_API_KEY", None)
    return e


def assert_sample_verdicts(doc: dict) -> None:
    by_n = {r["n"]: r for r in doc["references"]}
    assert sorted(by_n) == list(range(1, 41))
    seven = by_n[7]
    assert seven["status"] == "error"
    assert [f["code"] for f in seven["findings"]] == ["incomplete"]
    assert seven["findings"][0]["field"] == "url"
    assert seven["match"] is None
    for n in ONLINE_FIRST:
        r = by_n[n]
        assert r["status"] == "warning", (n, r["findings"])
        assert [f["code"] for f in r["findings"]] == ["ahead-of-print"], (n, r["findings"])
        assert r["match"] and r["match"]["volume"] and r["match"]["pages"]
        assert r.get("suggestion")
    for n, r in by_n.items():
        if n in ONLINE_FIRST or n == 7:
            continue
        assert r["status"] == "ok" and r["findings"] == [], (n, r["raw"], r["findings"])
        assert r["match"] is not None and r["match"]["confidence"] >= 0.8, (n, r["match"])
    assert doc["summary"] == {"references": 40, "ok": 36, "warning": 3, "error": 1, "unverified": 0,
                              "missing": 0, "unavailable": 0, "not-indexed": 0}


def test_sample_list_verdicts(env, fake_services):
    p = run_cli("verify", str(REFS), "--format", "json", env=env)
    assert p.returncode == 1, p.stderr  # entry 7 is an error
    doc = json.loads(p.stdout)  # exactly one JSON document on stdout
    assert doc["schema"] == "refcheck/report-v1"
    assert doc["source"] == str(REFS)
    assert_sample_verdicts(doc)
    assert "citations" not in doc  # a bare list has no in-text markers
    assert fake_services.count_status(429) == 0
    # cold: well under half a request per reference; warm: none at all
    cold = fake_services.count()
    assert cold <= 20, [r.path for r in fake_services.requests]
    fake_services.reset_log()
    p2 = run_cli("verify", str(REFS), "--format", "json", env=env)
    assert json.loads(p2.stdout)["summary"] == doc["summary"]
    assert fake_services.count() == 0


def test_sample_article_verdicts_and_citations(env):
    p = run_cli("verify", str(ARTICLE), "--format", "json", env=env)
    doc = json.loads(p.stdout)
    assert_sample_verdicts(doc)
    assert doc["citations"]["cited_not_listed"] == []


def test_offline_with_empty_cache_is_unverified_not_not_found(env):
    p = run_cli("verify", str(REFS), "--format", "json", "--offline", env=env)
    doc = json.loads(p.stdout)
    statuses = {r["n"]: r["status"] for r in doc["references"]}
    assert statuses.pop(7) == "error"  # incomplete needs no service
    assert set(statuses.values()) == {"unverified"}
    codes = {f["code"] for r in doc["references"] for f in r["findings"]}
    assert "not-found" not in codes
    assert "could not be checked" in p.stderr


def test_services_down_every_reference_unverified(env, fake_services):
    fake_services.down("eutils")
    fake_services.down("crossref")
    env = dict(env, REFCHECK_DEADLINE="3", REFCHECK_MAX_ATTEMPTS="3", REFCHECK_TIMEOUT="1")
    p = run_cli("verify", str(REFS), "--format", "json", env=env)
    doc = json.loads(p.stdout)
    for r in doc["references"]:
        if r["n"] == 7:
            continue
        assert r["status"] == "unverified", r
        assert [f["code"] for f in r["findings"]] == ["unavailable"]
    lines = [l for l in p.stderr.splitlines() if l.strip()]
    assert any("could not be checked" in l for l in lines)
    assert "Traceback" not in p.stderr


def test_json_goes_to_file_atomically_and_stdout_stays_empty(env, tmp_path):
    out = tmp_path / "report.json"
    p = run_cli("verify", str(REFS), "--format", "json", "-o", str(out), env=env)
    assert p.stdout == ""
    assert json.loads(out.read_text())["summary"]["references"] == 40
    assert not list(tmp_path.glob(".report.json.*"))  # no temporary left behind


def test_stale_temporary_files_of_a_killed_run_are_cleaned(tmp_path):
    """kill -9 during `-o FILE` leaves a hidden temporary file; the next write removes it."""
    import os
    import time

    from refcheck.atomic import STALE, write_atomic

    target = tmp_path / "report.json"
    stale = tmp_path / ".report.json.abc123.tmp"
    fresh = tmp_path / ".report.json.def456.tmp"  # maybe another process writing right now
    stale.write_text("half a rep")
    fresh.write_text("half a rep")
    old = time.time() - STALE - 5
    os.utime(stale, (old, old))
    write_atomic(target, "{}")
    assert target.read_text() == "{}"
    assert not stale.exists() and fresh.exists()
