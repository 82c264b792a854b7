"""Through the command line: every format of the sample article parses to its 40 entries and
cited numbers 1-40; unreadable kinds exit 2 with one line that says what to export."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile

import pytest

from tests.read import article


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "refcheck", *args], capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("formats")
    bl = article.blocks(with_dois=True)
    (d / "article.txt").write_text(article.to_text(bl), encoding="utf-8")
    (d / "article.docx").write_bytes(article.to_docx(bl))
    (d / "article.pdf").write_bytes(article.to_pdf(bl))
    return d


@pytest.mark.parametrize("name", ["article.txt", "article.docx", "article.pdf"])
def test_parse_json_has_the_40_entries(files, name):
    p = _cli("parse", str(files / name), "--format", "json")
    assert p.returncode == 0, p.stderr
    doc = json.loads(p.stdout)
    want = json.loads(_cli("parse", str(files / "article.txt"), "--format", "json").stdout)
    assert len(doc["references"]) == 40
    assert [r["parsed"] for r in doc["references"]] == [r["parsed"] for r in want["references"]]
    assert doc["citations"]["cited"] == list(range(1, 41))


def test_pages_document_is_refused_with_a_way_forward(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("Index/Document.iwa", b"\0" * 64)
    path = tmp_path / "paper.pages"
    path.write_bytes(buf.getvalue())
    p = _cli("parse", str(path))
    assert p.returncode == 2 and p.stdout == ""
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1 and "Apple Pages document" in lines[0] and "Export To > Word (.docx) or PDF" in lines[0]


@pytest.fixture
def env(fake_services, tmp_path):
    import os

    e = dict(os.environ)
    e.update(REFCHECK_EUTILS_URL=fake_services.eutils_url, REFCHECK_CROSSREF_URL=fake_services.crossref_url,
             REFCHECK_CACHE_DIR=str(tmp_path / "cache"))
    return e


def test_verify_pdf_and_docx_give_the_text_versions_findings(files, env):
    """The whole check, over the loopback fakes: each entry's status and codes are the same
    whether the manuscript is text, Word with linked DOIs, or a two-column PDF."""
    def verdicts(name):
        p = subprocess.run([sys.executable, "-m", "refcheck", "verify", str(files / name), "--format", "json"],
                           capture_output=True, text=True, env=env, timeout=300)
        assert p.returncode in (0, 1), p.stderr
        rep = json.loads(p.stdout)
        return {r["n"]: (r["status"], sorted(f["code"] for f in r["findings"])) for r in rep["references"]}

    text = verdicts("article.txt")
    assert len(text) == 40
    assert verdicts("article.docx") == text
    assert verdicts("article.pdf") == text
