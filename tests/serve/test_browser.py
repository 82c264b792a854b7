"""The web page in headless Chromium (Debian's package, driven by Playwright): upload a DOCX
article, watch its progress, read the report, download the JSON; paste a list; an over-size
upload and a binary file each get a clear message; the page works with JavaScript off.

Screenshots go to tmp_path, and also to $REFCHECK_SCREENSHOTS when set (the README's pictures:
`REFCHECK_SCREENSHOTS=docs pytest tests/serve/test_browser.py`).
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from tests.serve.helpers import REFS

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

try:
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # pragma: no cover - the test extra installs it
    sync_playwright = None

pytestmark = [
    pytest.mark.chromium,
    pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (Debian: apt-get install chromium)"),
    pytest.mark.skipif(sync_playwright is None, reason="playwright is not installed (pip install -e '.[test]')"),
]


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    pg = ctx.new_page()
    pg.set_default_timeout(30_000)
    yield pg
    ctx.close()


def shot(page, tmp_path: Path, name: str, full: bool = False) -> Path:
    out = tmp_path / name
    page.screenshot(path=str(out), full_page=full)
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    dest = os.environ.get("REFCHECK_SCREENSHOTS")
    if dest:
        shutil.copy(out, Path(dest) / name)
    return out


def sample_docx(path: Path) -> Path:
    """A small article in Word: a title, text citing all 40 entries, and references.txt as its list."""
    import docx

    entries = [ln.strip() for ln in REFS.read_text(encoding="utf-8").splitlines() if ln.strip()]
    d = docx.Document()
    d.add_heading("Vitamin D and magnesium: a narrative review", level=1)
    d.add_paragraph("Background", style="Heading 2")
    for i in range(1, 41, 4):
        d.add_paragraph(f"Vitamin D status depends on magnesium, as several studies show [{i}-{min(i + 3, 40)}].")
    d.add_heading("References", level=2)
    for e in entries:
        d.add_paragraph(e)
    d.save(str(path))
    return path


def test_docx_upload_progress_report_and_json_download(make_server, fake, page, tmp_path):
    fake.latency = 0.15  # slow enough that the progress is seen
    srv = make_server()
    page.goto(srv.url + "/")
    expect(page.locator("h1")).to_have_text("Check a reference list")
    shot(page, tmp_path, "serve-upload-empty.png")
    page.set_input_files("#file", str(sample_docx(tmp_path / "vitamin-d-review.docx")))
    page.click("#submit")
    page.wait_for_url(re.compile(r"/checks/[0-9]{8}-[0-9]{6}-[0-9a-f]{6}$"))
    expect(page.locator("h1")).to_have_text("vitamin-d-review.docx")
    # live progress (JavaScript): the state and the count move without a reload
    expect(page.locator("#state")).to_have_text(re.compile("queued|running|done"))
    expect(page.locator("#message")).to_contain_text(re.compile(r"references identified|Queued"))
    # a stage past the first, shown live (the cold check takes seconds at 150 ms per request)
    expect(page.locator("#f-stage")).to_have_text(re.compile(r"citation match|title search|crossref search|status"),
                                                  timeout=60_000)
    shot(page, tmp_path, "serve-progress.png")
    expect(page.locator("#done")).to_be_visible(timeout=180_000)
    counts = page.locator(".counts").inner_text()
    assert "40 references" in counts and "1 error" in counts and "3 warning" in counts, counts

    # the report itself, in its sandboxed frame
    frame = page.frame_locator("#report")
    expect(frame.get_by_text("Available at: Accessed April 27, 2021.")).to_be_visible()
    expect(frame.get_by_text("web reference without a URL or title").first).to_be_visible()
    shot(page, tmp_path, "serve-report.png")

    # download the JSON
    with page.expect_download() as dl:
        page.click("#dl-json")
    doc = json.loads(Path(dl.value.path()).read_text(encoding="utf-8"))
    assert dl.value.suggested_filename.endswith(".json")
    assert doc["schema"] == "refcheck/report-v1"
    assert doc["summary"] == {"references": 40, "ok": 36, "warning": 3, "error": 1, "unverified": 0,
                            "missing": 0, "unavailable": 0, "not-indexed": 0}
    assert doc["citations"]["cited_not_listed"] == [] and doc["citations"]["listed_not_cited"] == []

    # the history shows it, newest first, and the upload page lists it under recent checks
    page.goto(srv.url + "/")
    expect(page.locator("table.history tbody tr").first).to_contain_text("vitamin-d-review.docx")
    expect(page.locator("table.history tbody tr").first).to_contain_text("done")
    shot(page, tmp_path, "serve-upload.png")


def test_paste_a_list_and_rerun(make_server, page, tmp_path):
    srv = make_server()
    lines = REFS.read_text(encoding="utf-8").splitlines()[:3]
    page.goto(srv.url + "/")
    page.fill("#text", "\n".join(lines))
    page.click("#submit")
    expect(page.locator("#done")).to_be_visible(timeout=120_000)
    expect(page.locator(".counts")).to_contain_text("3 references")
    expect(page.locator(".counts")).to_contain_text("3 ok")
    first = page.url
    page.click("#rerun")
    page.wait_for_url(lambda u: u != first)
    expect(page.locator("#changes")).to_contain_text("Nothing changed.", timeout=120_000)
    page.goto(srv.url + "/history")
    rows = page.locator("table.history tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("(re-run)")
    shot(page, tmp_path, "serve-history.png")


def test_oversize_and_binary_uploads_get_a_clear_message(make_server, page, tmp_path):
    srv = make_server("--max-upload-mb", "0.05")
    big = tmp_path / "huge-references.txt"
    big.write_bytes(REFS.read_bytes() * 20)  # ~ 200 KB > 0.05 MB
    page.goto(srv.url + "/")
    page.set_input_files("#file", str(big))
    with page.expect_response(lambda r: r.url.endswith("/checks")) as resp:
        page.click("#submit")
    assert resp.value.status == 413
    expect(page.locator("#error")).to_have_text("The upload is larger than this server's limit of 0.05 MB.")
    shot(page, tmp_path, "serve-too-large.png")

    png = tmp_path / "figure1.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    page.set_input_files("#file", str(png))
    with page.expect_response(lambda r: r.url.endswith("/checks")) as resp:
        page.click("#submit")
    assert resp.value.status == 400
    expect(page.locator("#error")).to_contain_text("figure1.png: binary input (a PNG image), not a text document")
    shot(page, tmp_path, "serve-binary.png")


def test_works_without_javascript(make_server, browser, tmp_path):
    srv = make_server()
    ctx = browser.new_context(java_script_enabled=False)
    page = ctx.new_page()
    try:
        page.goto(srv.url + "/")
        page.fill("#text", REFS.read_text(encoding="utf-8").splitlines()[6])  # entry 7: incomplete
        page.click("#submit")
        # no script runs: the <noscript> refresh brings the finished check
        expect(page.locator("#done")).to_be_visible(timeout=60_000)
        expect(page.locator(".counts")).to_contain_text("1 error")
    finally:
        ctx.close()
