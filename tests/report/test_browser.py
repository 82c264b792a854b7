"""The HTML report in a real browser (headless Chromium): scripts run, the page renders."""

from __future__ import annotations

import re

import pytest

from tests.report.chromium import CHROMIUM, dump_dom, screenshot
from tests.report.reportdata import rich_report, sample_report

from refcheck.report import render

pytestmark = [
    pytest.mark.chromium,
    pytest.mark.skipif(CHROMIUM is None, reason="needs headless Chromium (`chromium` on PATH)"),
]


def _write(tmp_path, report, name="report.html"):
    path = tmp_path / name
    path.write_text(render(report, "html"), encoding="utf-8")
    return path


def _text(dom: str) -> str:
    dom = re.sub(r"<(script|style)\b.*?</\1>", " ", dom, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", dom).split())


def test_dom_shows_summary_and_entry_7(tmp_path):
    path = _write(tmp_path, sample_report())
    dom = dump_dom(path.as_uri(), tmp_path)
    assert re.search(r'<html lang="en" class="\s*js"', dom)  # the script ran
    text = _text(dom)
    assert "40 References 36 OK 3 Warning 1 Error 0 Unverified" in text
    m = re.search(r'<article class="entry s-error" id="ref-7".*?</article>', dom, re.S)
    assert m and "hidden" not in m.group(0)[:120]
    e7 = _text(m.group(0))
    assert "Available at: Accessed April 27, 2021." in e7
    assert "incomplete" in e7 and "web reference without a URL or title" in e7
    assert 'aria-pressed="true">All' in dom


def test_filter_by_status_from_the_address(tmp_path):
    path = _write(tmp_path, rich_report())
    dom = dump_dom(path.as_uri() + "#error", tmp_path)
    arts = re.findall(r'<article class="entry s-(\w+)" id="ref-(\d+)" data-status="\w+" data-n="\d+"( hidden(?:="")?)?>', dom)
    assert len(arts) == 41
    shown = [int(n) for status, n, hidden in arts if not hidden]
    assert shown == [3, 7, 12, 25]
    assert all(status == "error" for status, _, hidden in arts if not hidden)
    assert re.search(r'data-filter="error" aria-pressed="true"', dom)


def test_screenshot(tmp_path):
    path = _write(tmp_path, rich_report())
    png = tmp_path / "report.png"
    assert screenshot(path.as_uri(), png, tmp_path) == (1280, 1600)
    assert png.stat().st_size > 30_000  # a rendered page, not a blank one


def test_opens_on_the_problems_with_the_ok_entries_folded(tmp_path):
    path = _write(tmp_path, sample_report())
    dom = dump_dom(path.as_uri(), tmp_path)
    head, sep, folded = dom.partition('<details class="oks" id="oks"')
    assert sep, "the OK entries are folded under one line"
    first = re.findall(r'<article class="entry s-(\w+)"', head)
    assert first and "ok" not in first  # every entry shown first needs attention
    assert set(re.findall(r'<article class="entry s-(\w+)"', folded)) == {"ok"}
    opening = folded[: folded.index(">")]
    assert "open" not in opening  # folded by default
    assert re.search(r"<summary>36 entries OK</summary>", folded)
    dom_ok = dump_dom(path.as_uri() + "#ok", tmp_path)  # the OK filter unfolds them
    opening = dom_ok.partition('<details class="oks" id="oks"')[2]
    assert "open" in opening[: opening.index(">")]
