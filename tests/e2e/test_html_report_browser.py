"""The HTML report of a real `refcheck verify` run (over loopback), opened in headless Chromium."""

from __future__ import annotations

import re

import pytest

from tests.e2e.test_verify_sample import REFS, env, run_cli  # noqa: F401  (env is a fixture)
from tests.report.chromium import CHROMIUM, dump_dom, screenshot

pytestmark = [pytest.mark.chromium, pytest.mark.skipif(CHROMIUM is None, reason="needs headless Chromium (`chromium` on PATH)")]


def test_real_html_report_renders_summary_and_entry_7(env, tmp_path):  # noqa: F811  (the fixture)
    out = tmp_path / "report.html"
    p = run_cli("verify", str(REFS), "--format", "html", "-o", str(out), env=env)
    assert p.returncode == 1, p.stderr  # entry 7 is an error
    assert p.stdout == ""
    html = out.read_text(encoding="utf-8")
    assert "<script src" not in html and "<link " not in html  # self-contained

    dom = dump_dom(out.as_uri(), tmp_path)
    text = re.sub(r"<[^>]+>", " ", dom)
    text = re.sub(r"\s+", " ", text)
    # the summary counts as the browser shows them
    for label, count in (("ok", 36), ("warning", 3), ("error", 1), ("unverified", 0)):
        assert re.search(rf"\b{count}\b\s*{label}|{label}\w*\s*\b{count}\b", text, re.I), (label, count)
    # entry 7 with its finding
    assert "Available at: Accessed April 27, 2021." in text
    assert "web reference without a URL or title" in text
    assert "incomplete" in text
    # the online-first entries link to their records
    assert "https://pubmed.ncbi.nlm.nih.gov/" in dom and "https://doi.org/" in dom

    width, height = screenshot(out.as_uri(), tmp_path / "report.png", tmp_path)
    assert (width, height) == (1280, 1600)
    assert (tmp_path / "report.png").stat().st_size > 20_000  # a rendered page, not a blank one
