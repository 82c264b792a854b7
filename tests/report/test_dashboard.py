"""The batch-run index page (dashboard): changes, chart, ordering, links; and in Chromium."""

from __future__ import annotations

import re
from html import unescape

import pytest

from tests.report.chromium import CHROMIUM, dump_dom, screenshot

from refcheck.report.dashboard import render_dashboard


def _art(source, ok, warning, error, unverified=0, html=True):
    s = {"references": ok + warning + error + unverified, "ok": ok, "warning": warning, "error": error,
         "unverified": unverified}  # fmt: skip
    stem = source.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    reports = {"json": f"{stem}.json", "csv": f"{stem}.csv"}
    if html:
        reports["html"] = f"{stem}.html"
    return {"source": source, "reports": reports, "summary": s, "error": None}


def make_run():
    return {
        "schema": "refcheck/batch-v1",
        "run": "20250301T020000Z",
        "started": "2025-03-01T02:00:00Z",
        "finished": "2025-03-01T02:07:41Z",
        "articles": [
            _art("articles/clean.md", 25, 0, 0),
            _art("articles/vitamin-d.md", 36, 3, 1),
            _art('articles/magnesium & "q" <b>.md', 10, 1, 4, 2),
            _art("articles/warn-only.md", 18, 5, 0),
            {"source": "articles/broken.docx", "reports": {}, "summary": None, "error": "not a Word file"},
        ],
        "totals": {"articles": 5, "references": 105, "ok": 89, "warning": 9, "error": 5, "unverified": 2},
    }


def make_changes():
    return {
        "schema": "refcheck/changes-v1",
        "run": "20250301T020000Z",
        "since": "20250222T020000Z",
        "changes": [
            {"source": "articles/vitamin-d.md", "n": 12, "raw": "Farhanghi MA. Obesity induced <i>magnesium</i>.",
             "code": "retracted", "change": "new", "severity": "error"},
            {"source": "articles/vitamin-d.md", "n": 22, "raw": "Khundmiri SJ. PTH and Vitamin D.",
             "code": "corrected", "change": "new", "severity": "info"},
            {"source": "articles/warn-only.md", "n": 3, "raw": "Some entry.", "code": "expression-of-concern",
             "change": "new", "severity": "warning"},
            {"source": 'articles/magnesium & "q" <b>.md', "n": 5, "raw": "Year wrong.", "code": "year-mismatch",
             "change": "new", "severity": "error"},
            {"source": "articles/vitamin-d.md", "n": 14, "raw": "Kheyruri F. Randomized Study.",
             "code": "ahead-of-print", "change": "resolved", "severity": "warning"},
        ],
    }  # fmt: skip


def section(html: str, sid: str) -> str:
    m = re.search(rf'<(section|div) [^>]*id="{sid}".*?</\1>', html, re.S)
    assert m, sid
    return m.group(0)


def test_header_and_totals():
    html = render_dashboard(make_run(), make_changes())
    assert html.startswith("<!DOCTYPE html>") and "<script" not in html
    assert "Run 20250301T020000Z" in html
    assert "5 articles (1 could not be read) · 2025-03-01T02:00:00Z → 2025-03-01T02:07:41Z" in html
    cards = re.findall(r'<div class="k">(\d+)</div><div class="l">(\w+)</div>', html)
    assert cards == [("105", "References"), ("89", "OK"), ("9", "Warning"), ("5", "Error"), ("2", "Unverified")]
    assert render_dashboard(make_run(), make_changes()) == html  # deterministic


def test_changes_grouped():
    html = render_dashboard(make_run(), make_changes())
    ch = section(html, "changes")
    assert "Changes since 20250222T020000Z" in ch
    notices = section(ch, "changes-notices")
    assert re.findall(r'data-code="([\w-]+)"', notices) == ["retracted", "expression-of-concern", "corrected"]
    assert 'href="vitamin-d.html#ref-12"' in notices
    new = section(ch, "changes-new")
    assert re.findall(r'data-code="([\w-]+)"', new) == ["year-mismatch"]
    resolved = section(ch, "changes-resolved")
    assert 'data-change="resolved" data-code="ahead-of-print"' in resolved
    assert "&lt;i&gt;magnesium&lt;/i&gt;" in notices and "<i>magnesium" not in html
    assert "<b>" not in html and "&lt;b&gt;.md" in html


def test_first_run_without_changes():
    html = render_dashboard(make_run(), None)
    assert "No earlier run to compare with" in section(html, "changes")
    empty = render_dashboard(make_run(), {"schema": "refcheck/changes-v1", "run": "b", "since": "a", "changes": []})
    assert "Changes since a" in empty and "No new problem." in empty and "Nothing resolved." in empty


def test_articles_sorted_by_attention_and_linked():
    html = render_dashboard(make_run(), None)
    table = section(html, "articles")
    order = re.findall(r'<tr (?:class="failed" )?data-source="([^"]+)"', table)
    assert order == ["articles/broken.docx", "articles/magnesium &amp; &quot;q&quot; &lt;b&gt;.md",
                     "articles/vitamin-d.md", "articles/warn-only.md", "articles/clean.md"]  # fmt: skip
    assert '<a href="vitamin-d.html">articles/vitamin-d.md</a>' in table
    assert '<a href="vitamin-d.csv">csv</a>' in table and '<a href="vitamin-d.json">json</a>' in table
    assert "not a Word file" in table
    # a name that needs URL quoting in the href
    assert 'href="magnesium%20%26%20%22q%22%20%3Cb%3E.html"' in table


def test_paths_made_relative_to_base(tmp_path):
    run = make_run()
    run["articles"][1]["reports"]["html"] = str(tmp_path / "run1" / "vitamin-d.html")
    html = render_dashboard(run, None, base=str(tmp_path / "run1"))
    assert '<a href="vitamin-d.html">articles/vitamin-d.md</a>' in html
    assert str(tmp_path) not in html


def test_chart_svg_stacked_bars():
    html = render_dashboard(make_run(), None)
    svg = re.search(r"<svg .*?</svg>", html, re.S).group(0)
    bars = re.findall(r'<g class="bar" data-source="([^"]+)">', svg)
    assert len(bars) == 4  # the unreadable article has no bar
    assert bars[0].startswith("articles/magnesium")
    vit = re.search(r'<g class="bar" data-source="articles/vitamin-d.md">.*?</g>', svg, re.S).group(0)
    segs = dict(re.findall(r'<rect class="seg-(\w+)" x="[\d.]+" y="\d+" width="([\d.]+)"', vit))
    assert set(segs) == {"error", "warning", "ok"}
    # widths proportional to counts (scale: the longest list, 40 references, is the full width)
    assert float(segs["ok"]) == pytest.approx(560 * 36 / 40, abs=0.1)
    assert float(segs["error"]) == pytest.approx(560 * 1 / 40, abs=0.1)


@pytest.mark.chromium
@pytest.mark.skipif(CHROMIUM is None, reason="needs headless Chromium (`chromium` on PATH)")
def test_dashboard_in_chromium(tmp_path):
    path = tmp_path / "index.html"
    path.write_text(render_dashboard(make_run(), make_changes()), encoding="utf-8")
    dom = dump_dom(path.as_uri(), tmp_path)
    assert re.search(r"<svg [^>]*aria-label=\"References by status, per article\"", dom)
    assert dom.count('<g class="bar"') == 4
    text = unescape(" ".join(re.sub(r"<[^>]+>", " ", re.sub(r"<style>.*?</style>", "", dom, flags=re.S)).split()))
    assert "Changes since 20250222T020000Z" in text
    assert "Newly retracted, expression of concern or corrected 3" in text
    assert "retracted" in text and "Farhanghi MA. Obesity induced <i>magnesium</i>." in text
    png = tmp_path / "index.png"
    assert screenshot(path.as_uri(), png, tmp_path, "1280,1200") == (1280, 1200)
    assert png.stat().st_size > 20_000


MEASURE = """<script>
window.addEventListener('load', function () {
  var svg = document.querySelector('.chart svg'), vb = svg.viewBox.baseVal, bad = [];
  var texts = svg.querySelectorAll('text');
  for (var i = 0; i < texts.length; i++) {
    var b = texts[i].getBBox();
    if (b.x < 0 || b.x + b.width > vb.width) { bad.push(texts[i].textContent); }
  }
  var r = svg.getBoundingClientRect();
  if (r.right > document.documentElement.clientWidth + 1) { bad.push('svg wider than the page'); }
  var out = document.createElement('pre'); out.id = 'measure';
  out.textContent = 'checked ' + texts.length + ' clipped [' + bad.join(' | ') + ']';
  document.body.appendChild(out);
});
</script>"""


@pytest.mark.chromium
@pytest.mark.skipif(CHROMIUM is None, reason="needs headless Chromium (`chromium` on PATH)")
@pytest.mark.parametrize("width", [1400, 800])
def test_chart_labels_never_clipped(tmp_path, width):
    from tests.report.chromium import _run

    run = make_run()
    arts = run["articles"]
    arts[0] = {**arts[0], "source": "manuscripts/2026/submission-WWWWWWWWWWWWWWWWWWWWWWWW-revised.docx",
               "summary": {"references": 40, "ok": 16, "warning": 13, "error": 11, "unverified": 0}}
    page = render_dashboard(run, make_changes()).replace("</body>", MEASURE + "</body>")
    path = tmp_path / "index.html"
    path.write_text(page, encoding="utf-8")
    p = _run([f"--window-size={width},1000", "--virtual-time-budget=2000", "--dump-dom", path.as_uri()], tmp_path)
    assert p.returncode == 0, p.stderr[-2000:]
    m = re.search(r'<pre id="measure">checked (\d+) clipped \[(.*?)\]</pre>', p.stdout, re.S)
    assert m, p.stdout[-2000:]
    assert int(m.group(1)) >= 8  # a name and a count per article
    assert m.group(2) == "", f"clipped at {width}px: {m.group(2)}"
    assert "11 errors · 13 warnings" in p.stdout
