"""kill -9 of the server mid-check: no finished check is lost, none is left half-written, and
the interrupted ones resume after a restart (or, interrupted too often, fail with a reason)."""

from __future__ import annotations

import json
import sqlite3
import time

import pytest

from refcheck.serve.store import MAX_ATTEMPTS, FILENAME, JobStore
from tests.serve.helpers import EXPECTED, REFS, verdicts

REPORT_COLS = ("report_json", "report_html", "report_csv", "report_md")


def _inspect(db) -> dict[str, dict]:
    """Open the store file as a stranger would: integrity, and every row's state and reports."""
    con = sqlite3.connect(str(db))
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = con.execute(f"SELECT id, state, attempts, {', '.join(REPORT_COLS)} FROM checks").fetchall()
    finally:
        con.close()
    out = {}
    for cid, state, attempts, *reports in rows:
        if state == "done":
            assert all(reports), f"{cid} done without all its reports"
            assert verdicts(json.loads(reports[0])) == EXPECTED, cid
        else:
            assert not any(reports), f"{cid} is {state} but holds a report"
        out[cid] = {"state": state, "attempts": attempts}
    return out


def _wait_running(srv, cid, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        s = srv.status(cid)
        if s["state"] == "running" and s["progress"].get("stage") not in (None, "starting"):
            return s
        assert s["state"] != "done", "finished before it could be interrupted"
        time.sleep(0.05)
    raise AssertionError(f"{cid} never ran")


@pytest.mark.slow
def test_kill_9_mid_check_loses_nothing_and_resumes(make_server, fake, tmp_path):
    fake.latency = 0.25  # a cold check takes several seconds: room to kill it mid-way
    data = tmp_path / "data"
    srv = make_server("--workers", "1", data_dir=data)
    first = srv.submit_file("first.txt", REFS.read_bytes())
    assert srv.wait(first)["state"] == "done"
    before = {fmt: srv.get(f"/api/checks/{first}/report.{fmt}").content for fmt in ("json", "html", "csv", "md")}

    # a second list the cache cannot answer (other works' entries), and a third behind it
    body = REFS.read_bytes().replace(b"2017", b"2016").replace(b"2008", b"2007")
    second = srv.submit_file("second.txt", body)
    third = srv.submit_file("third.txt", REFS.read_bytes())
    for kill in (1, 2):
        _wait_running(srv, second)
        srv.kill9()
        rows = _inspect(data / FILENAME)
        assert rows[first]["state"] == "done"
        assert rows[second] == {"state": "running", "attempts": kill}
        assert rows[third]["state"] == "queued"
        srv = make_server("--workers", "1", data_dir=data)
        s = srv.status(second)
        assert s["state"] in ("queued", "running"), s  # resumed, not lost and not failed

    # the finished check is served byte for byte as before the crashes
    for fmt, content in before.items():
        assert srv.get(f"/api/checks/{first}/report.{fmt}").content == content
    for cid in (second, third):
        s = srv.wait(cid, timeout=300)
        assert s["state"] == "done", s
    doc = srv.get(f"/api/checks/{third}/report.json").json()
    assert verdicts(doc) == EXPECTED
    rows = _inspect_all_done(data / FILENAME)
    assert rows[second]["attempts"] == 3
    history = [c["id"] for c in srv.get("/api/checks").json()["checks"]]
    assert history == [third, second, first]  # newest first, all three there


def _inspect_all_done(db) -> dict[str, dict]:
    con = sqlite3.connect(str(db))
    try:
        rows = con.execute("SELECT id, state, attempts, report_json FROM checks").fetchall()
    finally:
        con.close()
    assert all(state == "done" and rep for _, state, _, rep in rows), rows
    return {cid: {"state": state, "attempts": attempts} for cid, state, attempts, _ in rows}


def test_a_check_interrupted_too_often_fails_with_a_reason(tmp_path):
    store = JobStore(tmp_path)
    c = store.add(name="x.txt", kind="file", data=b"1. x", sha256="0", refs=1)
    for attempt in range(1, MAX_ATTEMPTS + 1):
        claimed = store.claim_next()
        assert claimed is not None and claimed.id == c.id and claimed.attempts == attempt
        resumed, failed = store.recover()  # what a restart does
        if attempt < MAX_ATTEMPTS:
            assert resumed == [c.id] and not failed
    assert failed == [c.id]
    got = store.get(c.id)
    assert got.state == "failed" and "stopped during this check 3 times" in got.error
    store.close()
