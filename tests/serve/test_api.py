"""The JSON API over loopback against the fakes: the contract's shapes, errors, reports."""

from __future__ import annotations

import csv
import io
import json

from tests.serve.helpers import EXPECTED, REFS, verdicts


def test_sample_list_checked_through_the_api(make_server, fake):
    srv = make_server()
    cid = srv.submit_file("references.txt", REFS.read_bytes())
    s = srv.wait(cid)
    assert s["state"] == "done", s
    assert s["error"] is None
    assert set(s) >= {"id", "state", "progress", "error"}
    assert s["progress"]["references"] == 40 and s["progress"]["identified"] == 40
    assert s["summary"] == {"references": 40, "ok": 36, "warning": 3, "error": 1, "unverified": 0,
                            "missing": 0, "unavailable": 0, "not-indexed": 0}

    r = srv.get(f"/api/checks/{cid}/report.json")
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("application/json")
    doc = r.json()
    assert doc["schema"] == "refcheck/report-v1"
    assert verdicts(doc) == EXPECTED
    assert fake.count_status(429) == 0

    html = srv.get(f"/api/checks/{cid}/report.html")
    assert html.headers["Content-Type"].startswith("text/html")
    assert "sandbox" in html.headers["Content-Security-Policy"]
    assert "Available at: Accessed April 27, 2021." in html.text
    rows = list(csv.DictReader(io.StringIO(srv.get(f"/api/checks/{cid}/report.csv").text)))
    assert len({row.get("n") for row in rows}) == 40
    md = srv.get(f"/api/checks/{cid}/report.md")
    assert md.headers["Content-Type"].startswith("text/markdown") and "ahead-of-print" in md.text

    dl = srv.get(f"/api/checks/{cid}/report.json?download=1")
    assert dl.headers["Content-Disposition"] == f'attachment; filename="refcheck-{cid}.json"'
    assert json.loads(dl.text) == doc


def test_pasted_text_and_bad_inputs(make_server):
    srv = make_server("--max-upload-mb", "0.05")
    first = REFS.read_text(encoding="utf-8").splitlines()[0]
    r = srv.post("/api/checks", data={"text": first})
    assert r.status_code == 202, r.text
    s = srv.wait(r.json()["id"])
    assert s["state"] == "done" and s["summary"]["references"] == 1

    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    r = srv.post("/api/checks", files={"file": ("figure.png", png)})
    assert r.status_code == 400 and "binary input" in r.json()["error"]
    r = srv.post("/api/checks", files={"file": ("big.txt", b"x" * 60_000)})
    assert r.status_code == 413 and "0.05 MB" in r.json()["error"]
    r = srv.post("/api/checks", data={"text": "   "})
    assert r.status_code == 400
    r = srv.post("/api/checks", data={"text": "hello world, nothing here"})
    assert r.status_code == 400 and "no reference list" in r.json()["error"]
    assert srv.get("/api/checks/20990101-000000-abcdef").status_code == 404
    assert srv.get("/api/checks/../../etc/passwd").status_code == 404
    assert srv.get(f"/api/checks/{s['id']}/report.exe").status_code == 404


def test_one_server_per_data_folder(make_server, tmp_path):
    import subprocess
    import sys

    srv = make_server()
    p = subprocess.run([sys.executable, "-m", "refcheck", "serve", "--port", "0", "--data-dir", str(tmp_path / "data")],
                       env=srv.env, capture_output=True, text=True, timeout=60)
    assert p.returncode == 2
    assert p.stderr.strip() == f"refcheck: error: another refcheck serve is using {tmp_path / 'data'}"
    assert srv.get("/api/checks").status_code == 200  # the first one is untouched
