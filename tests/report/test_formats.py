"""render(): dispatch, determinism, JSON contract, table, markdown and CSV."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from refcheck.model import CODES, Finding, Report, Verdict
from refcheck.report import FORMATS, render

from tests.report.reportdata import reference, sample_report

ANSI = re.compile(r"\x1b\[[0-9;]*m")


# --------------------------------------------------------------------------- dispatch


def test_formats_listed():
    assert FORMATS == ("table", "json", "markdown", "html", "csv")


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_is_deterministic_and_ends_in_newline(fmt, rich):
    a = render(rich, fmt)
    b = render(rich, fmt)
    assert a == b
    assert a.endswith("\n") and not a.endswith("\n\n")


def test_unknown_format():
    with pytest.raises(ValueError, match="unknown report format 'pdf'"):
        render(sample_report(), "pdf")


@pytest.mark.parametrize("fmt", FORMATS)
def test_empty_report_renders(fmt):
    out = render(Report(source="empty.txt", verdicts=()), fmt)
    assert out.strip()


# --------------------------------------------------------------------------- json


def test_json_is_exactly_to_dict(sample):
    out = render(sample, "json")
    assert json.loads(out) == sample.to_dict()
    assert out == json.dumps(sample.to_dict(), ensure_ascii=False, indent=2) + "\n"


def test_json_contract_keys_and_types(sample):
    d = json.loads(render(sample, "json"))
    assert d["schema"] == "refcheck/report-v1"
    assert d["source"] == "references.txt"
    s = d["summary"]
    assert s == {"references": 40, "ok": 36, "warning": 3, "error": 1, "unverified": 0,
                 "missing": 0, "unavailable": 0, "not-indexed": 0}
    assert "citations" not in d  # a bare list has none
    assert [r["n"] for r in d["references"]] == list(range(1, 41))
    for r in d["references"]:
        assert isinstance(r["raw"], str) and r["raw"]
        assert set(r["parsed"]) >= {"authors", "title", "journal", "year", "volume", "issue", "pages", "doi", "pmid", "url"}
        assert isinstance(r["parsed"]["authors"], list)
        assert r["status"] in ("ok", "warning", "error", "unverified")
        assert r["match"] is None or set(r["match"]) >= {
            "doi", "pmid", "sources", "confidence", "title", "journal", "year", "volume", "issue", "pages", "authors"
        }
        for f in r["findings"]:
            assert f["code"] in CODES and f["severity"] in ("error", "warning", "info")
            assert isinstance(f["message"], str)
    # summary counts agree with the statuses listed
    for status in ("ok", "warning", "error", "unverified"):
        assert s[status] == sum(r["status"] == status for r in d["references"])
    r7 = d["references"][6]
    assert r7["status"] == "error" and r7["match"] is None
    assert r7["findings"] == [
        {"code": "incomplete", "severity": "error", "field": "url", "message": "web reference without a URL or title"}
    ]
    assert [r["n"] for r in d["references"] if r["status"] == "warning"] == [14, 35, 40]
    assert all(r["findings"][0]["code"] == "ahead-of-print" for r in d["references"] if r["status"] == "warning")


def test_json_citations_and_unicode(rich):
    d = json.loads(render(rich, "json"))
    assert d["citations"] == {"cited_not_listed": [42], "listed_not_cited": [41], "cited": list(range(1, 41)) + [42]}
    v = Verdict(reference=reference(1, "Vázquez-Lorente H. Título. Nutrients. 2020;12(8):1."))
    out = render(Report(source="x", verdicts=(v,)), "json")
    assert "Vázquez-Lorente" in out  # ensure_ascii=False


# --------------------------------------------------------------------------- table


def test_table_one_line_per_entry_and_summary(sample):
    out = render(sample, "table")
    assert not ANSI.search(out)
    lines = out.splitlines()
    entry_lines = [ln for ln in lines if re.match(r"^\s*\d+  (OK|ERROR|WARNING|UNVERIFIED)\b", ln)]
    assert len(entry_lines) == 40
    assert re.match(r"^ 7  ERROR\s+Available at: Accessed April 27, 2021\.\s+incomplete$", entry_lines[6])
    assert entry_lines[13].split()[1] == "WARNING" and entry_lines[13].endswith("ahead-of-print")
    # details under the problem entry
    i = lines.index(entry_lines[6])
    assert "incomplete [url]: web reference without a URL or title" in lines[i + 1]
    assert lines[-1] == "references.txt: 40 references: 36 ok, 3 warnings, 1 error, 0 unverified"
    # ok entries get no detail lines
    j = lines.index(entry_lines[0])
    assert re.match(r"^\s*2  OK", lines[j + 1])


def test_table_cited_found_suggestion(rich):
    out = render(rich, "table")
    block = out.split("\n 3  ERROR", 1)[1].split("\n 4  OK", 1)[0]
    assert "year-mismatch [year]: the record was published in 2009" in block
    assert "cited: 2008" in block and "found: 2009" in block
    assert "suggestion:" in block and "J Immunol. 2009 Nov 15" in block
    assert "https://pubmed.ncbi.nlm.nih.gov/28600003/" in block
    assert "notice (pubmed): https://pubmed.ncbi.nlm.nih.gov/34000012/" in out
    assert "cited in the text but not in the list: 42" in out
    assert "listed but not cited in the text: 41" in out


def test_table_colour_only_when_asked(rich):
    plain = render(rich, "table")
    coloured = render(rich, "table", color=True)
    assert "\x1b[" not in plain
    assert "\x1b[31mERROR" in coloured  # red error
    assert "\x1b[33mWARNING" in coloured  # yellow warning
    assert "\x1b[2mUNVERIFIED" in coloured  # dim unverified
    assert "\x1b[32mOK" in coloured  # green ok
    assert ANSI.sub("", coloured) == plain
    assert render(rich, "json", color=True) == render(rich, "json")


# --------------------------------------------------------------------------- markdown


def test_markdown_problem_entries_only(sample):
    md = render(sample, "markdown")
    assert md.startswith("## Reference check: references.txt\n")
    assert "| 40 | 36 | 3 | 1 | 0 |" in md
    for n in (7, 14, 35, 40):
        assert f"\n#### {n}. " in md
    assert "#### 1. " not in md and "#### 2. " not in md
    assert "**incomplete** (url) · error: web reference without a URL or title" in md
    assert "> Available at: Accessed April 27, 2021." in md
    # ok entries collapsed into one <details>
    assert md.count("<details>") == 1
    details = md.split("<details>", 1)[1]
    assert "36 OK" in details and "Rooney MR et al. 2017" in details
    assert "ahead-of-print" not in details


def test_markdown_cited_found_suggestion_and_escaping(rich):
    md = render(rich, "markdown")
    assert "cited `2008` → found `2009`" in md
    assert "```text\nHansdottir S, Monick MM, Hinde SL, et al." in md
    assert "[Notice (PubMed): 34000012](https://pubmed.ncbi.nlm.nih.gov/34000012/)" in md
    assert "[PubMed 28600003](https://pubmed.ncbi.nlm.nih.gov/28600003/)" in md
    assert "<script>" not in md and r"\<script\>" in md
    assert "Cited in the text but not in the list: 42" in md
    assert "#### 22. ✅ OK — corrected" in md  # an ok entry with an info finding still gets a section


def test_markdown_code_survives_backticks():
    v = Verdict(
        reference=reference(1, "A B. T. J. 2020;1:1."),
        findings=(Finding.make("title-mismatch", "differs", field="title", cited="a `b` c", found="x"),),
        suggestion="has ``` fence",
    )
    md = render(Report(source="s", verdicts=(v,)), "markdown")
    assert "``a `b` c``" in md
    assert "````text\nhas ``` fence\n````" in md


# --------------------------------------------------------------------------- csv

HEADER = ["source", "n", "status", "code", "severity", "field", "cited", "found", "message", "doi", "pmid"]


def _csv(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_csv_every_entry_one_row_per_finding(sample):
    text = render(sample, "csv")
    assert "\r\n" in text
    reader = csv.reader(io.StringIO(text, newline=""))
    assert next(reader)[: len(HEADER)] == HEADER
    rows = _csv(text)
    assert len(rows) == 40  # 40 entries, each with at most one finding here
    assert [int(r["n"]) for r in rows] == list(range(1, 41))
    r7 = rows[6]
    assert (r7["status"], r7["code"], r7["severity"], r7["field"], r7["message"]) == (
        "error", "incomplete", "error", "url", "web reference without a URL or title"
    )
    assert r7["doi"] == r7["pmid"] == ""
    assert rows[0]["code"] == "" and rows[0]["status"] == "ok" and rows[0]["pmid"] == "28600001"


def test_csv_rich_rows_and_quoting(rich):
    rows = _csv(render(rich, "csv"))
    n_findings = sum(len(v.findings) for v in rich.verdicts)
    no_findings = sum(1 for v in rich.verdicts if not v.findings)
    assert len(rows) == n_findings + no_findings + 1  # + the number cited but not listed
    r25 = [r for r in rows if r["n"] == "25"]
    assert [(r["code"], r["cited"], r["found"]) for r in r25] == [("volume-mismatch", "21", "22"), ("pages-mismatch", "6573", "6574")]
    r41 = next(r for r in rows if r["n"] == "41")
    assert '<script>alert("x")</script> & "supplements"' in r41["raw"]  # round-trips through quoting
    assert r41["status"] == "unverified" and r41["code"] == "not-indexed"
    missing = rows[-1]
    assert (missing["n"], missing["code"], missing["severity"], missing["status"]) == ("42", "missing", "warning", "")
