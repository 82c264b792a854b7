"""The reader and renderer registries: a format added from outside `src/` (here, by this test)
is used by `read_bytes`, the CLI, and batch; nothing in `src/` names it."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from refcheck.cli import main
from refcheck.errors import InputError
from refcheck.model import Reference
from refcheck.read import Document, Reader, read_bytes
from refcheck.read import registry as readers
from refcheck.report import registry as renderers

MAGIC = b"TOYREFS\n"


def toy_sniff(data: bytes, name: str) -> bool:
    return data.startswith(MAGIC)


def toy_read(data: bytes, name: str) -> Document:
    """One reference per line: authors; title; journal; year."""
    refs = []
    for i, line in enumerate(data[len(MAGIC):].decode("utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        authors, title, journal, year = (p.strip() for p in line.split(";"))
        refs.append(Reference(n=i, raw=line, authors=tuple(authors.split(",")), title=title, journal=journal,
                              year=int(year), type="journal"))
    if not refs:
        raise InputError(f"{name}: a toy list without references")
    return Document(format="toy", references=tuple(refs))


def toy_render(report, *, color: bool = False) -> str:
    return "".join(f"TOY {v.reference.n} {v.status}\n" for v in report.verdicts)


TOY = Reader(name="toy", label="Toy list", extensions=(".toy",), sniff=toy_sniff, read=toy_read)
LINES = MAGIC + (
    b"Holick MF; Vitamin D deficiency; N Engl J Med; 2007\n"
    b"Nobody A; A title no service holds at all; J Nowhere; 2019\n"
)


@pytest.fixture
def toy():
    readers.register(TOY)
    renderers.register("toy", toy_render, ".toyreport")
    yield
    readers.unregister("toy")
    renderers.unregister("toy")


def test_built_in_readers_are_discovered():
    names = {r.name for r in readers.readers()}
    assert {"text", "markdown", "html", "docx", "bibtex", "ris", "jats"} <= names
    assert readers.readers()[-1].name == "text", "plain text is the fallback, asked last"
    assert ".bib" in readers.extensions() and ".docx" in readers.extensions()


def test_sniff_by_content_when_the_name_says_nothing(toy):
    doc = read_bytes(LINES, "-")
    assert doc.format == "toy" and [r.title for r in doc.references][0] == "Vitamin D deficiency"
    # the toy claims nothing else: ordinary text still goes to the text reader
    assert read_bytes(b"1. Holick MF. Vitamin D deficiency. N Engl J Med. 2007;357:266-81.\n", "-").format == "text"


def test_unregistered_toy_is_plain_text():
    assert read_bytes(LINES, "a.toy").format == "text"


def test_cli_parse_and_help_use_the_toy_reader(toy, tmp_path):
    p = tmp_path / "refs.toy"
    p.write_bytes(LINES)
    r = CliRunner().invoke(main, ["parse", str(p), "--format", "json"], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["format"] == "toy" and [x["parsed"]["year"] for x in d["references"]] == [2007, 2019]
    helps = CliRunner().invoke(main, ["batch", "--help"]).stdout
    assert "Toy list" in helps and ".toy" in helps and "toy" in helps.split("comma-separated:")[1]
    assert "Toy list" in CliRunner().invoke(main, ["verify", "--help"]).stdout


def test_cli_verify_renders_with_the_toy_renderer(toy, tmp_path, fake_services):
    p = tmp_path / "refs.toy"
    p.write_bytes(LINES)
    env = {"REFCHECK_CACHE_DIR": str(tmp_path / "cache"), "REFCHECK_EMAIL": "tests@example.org"}
    r = CliRunner().invoke(main, ["verify", str(p), "--format", "toy", "--fail-on", "never"], env=env,
                           catch_exceptions=False)
    assert r.exit_code == 0, r.output
    j = CliRunner().invoke(main, ["verify", str(p), "--format", "json", "--fail-on", "never"], env=env,
                           catch_exceptions=False)
    expected = [f"TOY {x['n']} {x['status']}" for x in json.loads(j.stdout)["references"]]
    assert r.stdout.splitlines() == expected and len(expected) == 2
    assert "|csv|toy]" in CliRunner().invoke(main, ["verify", "--help"]).stdout


def test_batch_finds_toy_files_and_writes_toy_reports(toy, tmp_path, fake_services):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.toy").write_bytes(LINES)
    (folder / "notes.unknown").write_bytes(LINES)  # no reader claims .unknown: not picked up
    env = {"REFCHECK_CACHE_DIR": str(tmp_path / "cache"), "REFCHECK_EMAIL": "tests@example.org"}
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        r = CliRunner().invoke(main, ["batch", "in", "-o", "out", "--format", "toy,json", "-q",
                                      "--fail-on", "never"], env=env, catch_exceptions=False)
    finally:
        os.chdir(old)
    assert r.exit_code == 0, r.output
    run_dir = Path(tmp_path / r.stdout.strip()) if not Path(r.stdout.strip()).is_absolute() else Path(r.stdout.strip())
    summary = json.loads((run_dir / "summary.json").read_text())
    assert [Path(a["source"]).name for a in summary["articles"]] == ["a.toy"]
    toy_report = run_dir / summary["articles"][0]["reports"]["toy"]
    assert toy_report.name.endswith(".toyreport")
    assert toy_report.read_text().startswith("TOY 1 ")
