"""Safe by default: token, host and origin checks, escaping, names, and the NCBI key."""

from __future__ import annotations

import os

from refcheck.serve.inputs import safe_name
from tests.serve.helpers import REFS


def test_safe_name_is_a_label_not_a_path():
    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name("C:\\Users\\ed\\Manuscript v2.docx") == "Manuscript v2.docx"
    assert safe_name("a\x00b\x1b[31mc.txt") == "ab_31mc.txt"
    assert safe_name("<img src=x onerror=alert(1)>.txt") == "img src_x onerror_alert(1)_.txt"
    assert safe_name("") == "upload" and safe_name("...") == "upload"
    assert len(safe_name("x" * 500 + ".docx")) == 120 and safe_name("x" * 500 + ".docx").endswith(".docx")


def test_token_required_when_set(make_server):
    srv = make_server(REFCHECK_SERVE_TOKEN="s3cret-token")
    assert srv.get("/api/checks").status_code == 401
    assert srv.get("/api/checks", headers={"Authorization": "Bearer wrong"}).status_code == 401
    ok = srv.get("/api/checks", headers={"Authorization": "Bearer s3cret-token"})
    assert ok.status_code == 200 and ok.json() == {"checks": []}
    r = srv.get("/", allow_redirects=False)
    assert r.status_code == 303 and r.headers["Location"].endswith("/login")
    assert srv.post("/login", data={"token": "nope"}).status_code == 401
    r = srv.post("/login", data={"token": "s3cret-token"}, allow_redirects=False)
    assert r.status_code == 303
    cookie = r.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert srv.get("/").status_code == 200  # the session's cookie now carries it
    r = srv.post("/api/checks", data={"text": REFS.read_text(encoding="utf-8").splitlines()[0]})
    assert r.status_code == 202


def test_foreign_host_and_cross_site_posts_are_refused(make_server):
    srv = make_server()
    assert srv.get("/", headers={"Host": "attacker.example"}).status_code == 421  # DNS rebinding
    r = srv.post("/api/checks", data={"text": "1. x 2020"}, headers={"Origin": "https://attacker.example"})
    assert r.status_code == 403
    r = srv.post("/checks", data={"text": "1. x 2020"}, headers={"Origin": "https://attacker.example"})
    assert r.status_code == 403
    page = srv.get("/")
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    assert page.headers["X-Content-Type-Options"] == "nosniff"


def test_hostile_names_and_entries_are_escaped_and_never_files(make_server, tmp_path):
    srv = make_server()
    hostile = '1. Evil A. <script>alert("x")</script> and <img src=x onerror=alert(1)>. J Test. 2020;1(1):1-2.\n'
    cid = srv.submit_file('<script>alert(1)</script>"evil-name-7.txt', hostile.encode())
    assert srv.wait(cid)["state"] == "done"
    pages = [srv.get(p).text for p in ("/", "/history", f"/checks/{cid}", f"/api/checks/{cid}/report.html")]
    for text in pages:
        assert "<script>alert" not in text and "<img src=x" not in text
    assert "&lt;script&gt;alert(&#34;x&#34;)" in srv.get(f"/api/checks/{cid}/report.html").text or \
        "&lt;script&gt;alert(&quot;x&quot;)" in srv.get(f"/api/checks/{cid}/report.html").text
    assert srv.status(cid)["name"] == "script_evil-name-7.txt"  # base name after the last slash
    # nothing on disk is named after the upload: the bytes live in the store
    for root, dirs, files in os.walk(tmp_path):
        for f in files + dirs:
            assert "evil-name" not in f, os.path.join(root, f)
    assert set(os.listdir(tmp_path / "data")) <= {"serve.lock", "serve.sqlite", "serve.sqlite-shm", "serve.sqlite-wal"}


def test_ncbi_key_never_reaches_a_page_a_response_or_the_log(make_server, fake, tmp_path):
    key = "KEY-a1b2c3d4e5f6-never-shown"
    srv = make_server(NCBI_API_KEY=key)
    cid = srv.submit_file("references.txt", REFS.read_bytes())
    assert srv.wait(cid)["state"] == "done"
    assert any(key in str(r.params) for r in fake.requests)  # it was used, where it belongs
    seen = [srv.get(p) for p in ("/", "/history", f"/checks/{cid}", "/api/checks", f"/api/checks/{cid}")]
    seen += [srv.get(f"/api/checks/{cid}/report.{fmt}") for fmt in ("json", "html", "csv", "md")]
    for r in seen:
        assert key not in r.text and key not in str(r.headers)
    srv.stop()
    assert key.encode() not in (tmp_path / "data" / "serve.sqlite").read_bytes()
    for log in tmp_path.glob("server-*.log"):
        assert key not in log.read_text(encoding="utf-8", errors="replace")
