"""The batch library's pure parts, with hand-built Report objects (no network, no fakes)."""

from __future__ import annotations

import json
from dataclasses import replace
import os
import re
import time
from pathlib import Path

import pytest

from refcheck import batch as B
from refcheck.errors import InputError
from refcheck.model import Citations, Finding, ParsedDocument, Reference, Report, Verdict
from refcheck.settings import Settings
from refcheck.verify import document_findings


# --------------------------------------------------------------------------- helpers


def rep(source: str, refs: dict[int, tuple[str, list[str]]], citations: Citations | None = None) -> Report:
    """A report: n → (raw, [codes]); document findings (`missing`) by verify's rule."""
    return Report(
        source=source,
        verdicts=tuple(
            Verdict(Reference(n=n, raw=raw), tuple(Finding.make(c, f"{c} message") for c in codes))
            for n, (raw, codes) in sorted(refs.items())
        ),
        citations=citations,
        findings=document_findings(citations),
    )


def touch(p: Path, text: str = "x") -> Path:
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text)
    return p


# --------------------------------------------------------------------------- discovery


def test_discover_folders_globs_manifests(tmp_path):
    touch(tmp_path / "in/a/refs.txt")
    touch(tmp_path / "in/b/refs.txt")
    touch(tmp_path / "in/b/deep/article.md")
    touch(tmp_path / "in/c.bib")
    touch(tmp_path / "in/notes.pages")  # not a format verify reads (PDF is, since the PDF reader)
    touch(tmp_path / "in/.hidden/x.txt")
    touch(tmp_path / "in/reports/old/report.html")  # the output folder: never an input
    touch(tmp_path / "other/x.ris")
    touch(tmp_path / "other/y.RIS")
    touch(tmp_path / "lists/manifest.txt", "# articles\n\n../other/x.ris\n  ../in/c.bib  \n# done\n")
    arts, warnings = B.discover(
        ["in", "other/*.RIS", "@lists/manifest.txt", "in/c.bib"], cwd=tmp_path, exclude=[tmp_path / "in/reports"]
    )
    sources = [a.source for a in arts]
    assert sources == ["in/a/refs.txt", "in/b/deep/article.md", "in/b/refs.txt", "in/c.bib", "other/y.RIS",
                       "other/x.ris"]
    names = {a.source: a.name for a in arts}
    assert names["in/a/refs.txt"] == "a__refs.txt"
    assert names["in/b/refs.txt"] == "b__refs.txt"
    assert names["in/c.bib"] == "c.bib"
    assert all(os.path.isabs(a.path) for a in arts)
    # what the folder walk passed by is listed, with why (the output folder is not)
    assert warnings == ["skipped in/notes.pages: an Apple Pages document; export it from Pages as Word (.docx) or PDF"]


def test_discover_missing_and_empty(tmp_path):
    (tmp_path / "empty").mkdir()
    arts, warnings = B.discover(["nope.txt", "empty", "*.zzz"], cwd=tmp_path)
    assert [a.source for a in arts] == ["nope.txt"]  # kept: its check fails and the summary says so
    assert len(warnings) == 2


def test_report_names_unique_and_safe():
    names = B.report_names(["/x/a/refs.txt", "/y/a/refs.txt", "/z/b/refs.txt", "/q/summary", "/w/my file (1).txt"])
    assert names[0] == "x__a__refs.txt" and names[1] == "y__a__refs.txt"
    assert names[2] == "b__refs.txt"
    assert names[3] == "_summary"
    assert names[4] == "my_file_1_.txt"
    assert len(set(names)) == len(names)


# --------------------------------------------------------------------------- ids, fingerprints


def test_run_ids_sort_by_time():
    a = B.new_run_id("3f9a0000", now=1_700_000_000)
    b = B.new_run_id("0000ffff", now=1_700_000_001)
    c = B.new_run_id("", now=1_800_000_000)
    assert B.RUN_ID.match(a) and B.RUN_ID.match(c)
    assert a == "20231114T221320Z-3f9a"
    assert sorted([c, b, a]) == [a, b, c]


def test_fingerprint_is_canonical():
    assert B.fingerprint({"a": 1, "b": [1, 2]}) == B.fingerprint({"b": [1, 2], "a": 1})
    assert B.fingerprint({"a": 1}) != B.fingerprint({"a": 2})


# --------------------------------------------------------------------------- journal


def test_journal_ignores_and_repairs_torn_line(tmp_path):
    p = tmp_path / "progress.jsonl"
    j = B.Journal(p)
    j.append({"path": "/a", "x": 1})
    j.append({"path": "/b", "x": 2})
    with open(p, "a") as f:
        f.write('{"path": "/c", "x"')  # kill -9 mid-write
    assert [e["path"] for e in B.Journal.read(p)] == ["/a", "/b"]
    j.repair()
    j.append({"path": "/d"})
    assert [e["path"] for e in B.Journal.read(p)] == ["/a", "/b", "/d"]


def test_find_resumable_and_previous(tmp_path):
    def mk(run, fp, finished):
        d = tmp_path / run
        d.mkdir()
        (d / "run.json").write_text(json.dumps({"fingerprint": fp}))
        if finished:
            (d / "summary.json").write_text("{}")

    mk("20260101T000000Z-aaaa", "f1", True)
    mk("20260102T000000Z-aaaa", "f1", False)
    mk("20260103T000000Z-bbbb", "f2", False)
    mk("20260104T000000Z-aaaa", "f1", True)
    (tmp_path / "not-a-run").mkdir()
    assert B.find_resumable(tmp_path, "f1").name == "20260102T000000Z-aaaa"
    assert B.find_resumable(tmp_path, "f3") is None
    assert B.previous_finished(tmp_path).name == "20260104T000000Z-aaaa"
    assert B.previous_finished(tmp_path, before="20260104T000000Z-aaaa").name == "20260101T000000Z-aaaa"


# --------------------------------------------------------------------------- changes


def test_changes_new_and_resolved():
    old = rep("a.txt", {1: ("Smith J. A paper. JAMA. 2017;1:1-2.", []),
                        2: ("Doe J. Other. BMJ. 2019;3:4.", ["year-mismatch"]),
                        3: ("Roe R. Third. Lancet. 2010;5:6.", ["corrected"])})
    new = rep("a.txt", {1: ("Smith  J. A paper.  JAMA. 2017;1:1-2", ["retracted"]),  # spacing/punct folded
                        2: ("Doe J. Other. BMJ. 2019;3:4.", []),
                        3: ("Roe R. Third. Lancet. 2010;5:6.", ["corrected", "expression-of-concern"])},
              citations=Citations(cited=(1, 2, 3, 9), cited_not_listed=(9,), listed_not_cited=()))
    ch = B.compute_changes("R2", "R1", [("a.txt", old.to_dict(), new.to_dict())])
    assert ch["schema"] == "refcheck/changes-v1" and ch["run"] == "R2" and ch["since"] == "R1"
    got = {(c["n"], c["code"], c["change"], c["severity"]) for c in ch["changes"]}
    assert got == {
        (1, "retracted", "new", "error"),
        (3, "expression-of-concern", "new", "warning"),
        (9, "missing", "new", "warning"),
        (2, "year-mismatch", "resolved", "error"),
    }
    assert ch["changes"][0]["code"] == "retracted"  # new errors first
    assert ch["counts"]["new"]["retracted"] == 1
    for c in ch["changes"]:
        assert set(c) == {"source", "n", "raw", "code", "change", "severity"}


def test_changes_added_removed_articles():
    r = rep("x", {1: ("A", ["not-found"])}).to_dict()
    ch = B.compute_changes("R2", "R1", [("new.txt", None, r), ("gone.txt", r, None)])
    assert ch["changes"] == []
    assert ch["articles_added"] == ["new.txt"] and ch["articles_removed"] == ["gone.txt"]
    assert B.compute_changes("R1", None, [])["changes"] == []


# --------------------------------------------------------------------------- summaries, exit status


def test_report_from_dict_round_trip():
    r = rep("a.txt", {1: ("A", ["retracted", "corrected"]), 2: ("B", [])},
            citations=Citations(cited=(1,), cited_not_listed=(), listed_not_cited=(2,)))
    d = r.to_dict()
    assert B.report_from_dict(d).to_dict() == d


def test_totals_csv_and_exit_status():
    ok = {"source": "a", "summary": {"references": 2, "ok": 2, "warning": 0, "error": 0, "unverified": 0},
          "codes": {}, "error": None}
    warn = {"source": "b", "summary": {"references": 3, "ok": 1, "warning": 2, "error": 0, "unverified": 0},
            "codes": {"duplicate": 2}, "error": None, "reused": True}
    err = {"source": "c", "summary": {"references": 1, "ok": 0, "warning": 0, "error": 1, "unverified": 0},
           "codes": {"retracted": 1}, "error": None}
    bad = {"source": "d", "summary": None, "codes": {}, "error": "d: not a text file"}
    ok, warn, err, bad = (B.ArticleResult.from_dict(d) for d in (ok, warn, err, bad))
    t = B.totals([ok, warn, err, bad])
    assert t.articles == 4 and t.failed == 1 and t.reused == 1 and t.checked == 2
    assert t.references == 6 and t.codes == {"duplicate": 2, "retracted": 1}
    assert B.article_exit_status([ok], "error") == 0
    assert B.article_exit_status([ok, warn], "error") == 0
    assert B.article_exit_status([ok, warn], "warning") == 1
    assert B.article_exit_status([ok, err], "error") == 1
    assert B.article_exit_status([ok, err], "never") == 0
    assert B.article_exit_status([ok, bad], "error") == 1
    assert B.article_exit_status([bad], "never") == 2
    rows = B.summary_csv([ok, warn, err, bad]).splitlines()
    assert rows[0].startswith("source,error,reused,references,ok,warning,errors,unverified,incomplete")
    assert len(rows) == 5 and rows[4].startswith("d,d: not a text file")
    assert sorted([bad, err, warn, ok], key=B.attention)[0:2] == [bad, err]


def test_index_has_chart_and_changes():
    summary = {"run": "R2", "articles": [{"source": "a<b>.txt", "summary": {"references": 2, "ok": 1, "warning": 0,
               "error": 1, "unverified": 0}, "codes": {"retracted": 1}, "reports": {"html": "a.html"}, "error": None}],
               "totals": {}}
    changes = {"since": "R1", "changes": [{"source": "a<b>.txt", "n": 1, "raw": "X", "code": "retracted",
                                          "change": "new", "severity": "error"}]}
    html = B.render_index(summary, changes)
    assert "<svg" in html and "Changes since R1" in html and "a&lt;b&gt;.txt" in html
    assert html.index("Changes since") < html.index("<svg")


# --------------------------------------------------------------------------- a whole run, with stub parse/check


class StubResolver:
    def __init__(self, settings):
        self.settings = settings
        self.closed = False

    def close(self):
        self.closed = True


@pytest.fixture
def stubs(monkeypatch):
    """parse_path: one reference per line ('RETRACTED' in a line → retracted); binary → InputError."""
    calls = []

    def parse_path(path):
        data = Path(path).read_bytes()
        if b"\0" in data:
            raise InputError(f"{path}: not a text file")
        lines = [l for l in data.decode().splitlines() if l.strip()]
        return ParsedDocument(source=path, references=tuple(Reference(n=i + 1, raw=l) for i, l in enumerate(lines)))

    def check_document(doc, resolver, quiet=False):
        calls.append(doc.source)
        time.sleep(0.01)
        return Report(
            source=doc.source,
            verdicts=tuple(
                Verdict(r, (Finding.make("retracted", "retracted"),) if "RETRACTED" in r.raw else ())
                for r in doc.references
            ),
        )

    import refcheck.check
    import refcheck.parse

    monkeypatch.setattr(refcheck.parse, "parse_path", parse_path)
    monkeypatch.setattr(refcheck.check, "check_document", check_document)
    return calls


def make_articles(root: Path, n: int) -> None:
    for i in range(n):
        touch(root / f"art{i % 3}" / f"refs{i}.txt", "\n".join(f"Ref {i} {k}" for k in range(3)) + "\n")


def settings_for(tmp_path, **kw) -> Settings:
    touch(tmp_path / "cache" / "refcheck.sqlite", "")  # the stub resolver never opens a cache
    return Settings(cache_dir=tmp_path / "cache", eutils_url="http://127.0.0.1:9/e", crossref_url="http://127.0.0.1:9/c",
                    doi_url="http://127.0.0.1:9/d", datacite_url="http://127.0.0.1:9/dc", openalex_url="http://127.0.0.1:9/oa",
                    dblp_url="http://127.0.0.1:9/db",
                    **kw)


def test_run_resume_reuse_and_changes(tmp_path, stubs, monkeypatch):
    monkeypatch.chdir(tmp_path)
    make_articles(tmp_path / "in", 6)
    touch(tmp_path / "in" / "broken.txt").write_bytes(b"\0\1\2binary")
    st = settings_for(tmp_path)
    opts = B.Options(formats=("json", "csv"), quiet=True)

    out1 = B.run_batch(["in"], "reports", st, opts, resolver_factory=StubResolver)
    s = out1.summary
    assert s["schema"] == "refcheck/batch-v1" and s["run"] == out1.run_id
    assert len(s["articles"]) == 7 and len(stubs) == 6
    broken = [a for a in s["articles"] if a["error"]]
    assert len(broken) == 1 and "not a text file" in broken[0]["error"]
    for a in s["articles"]:
        if not a["error"]:
            assert set(a["reports"]) == {"json", "csv"}
            assert json.loads((out1.run_dir / a["reports"]["json"]).read_text())["schema"] == "refcheck/report-v1"
    for f in ("summary.json", "summary.csv", "index.html", "changes.json", "progress.jsonl"):
        assert (out1.run_dir / f).is_file()
    assert out1.changes["since"] is None

    # simulate kill -9 before the end: summary gone, last journal line torn, two lines lost
    (out1.run_dir / "summary.json").unlink()
    lines = (out1.run_dir / "progress.jsonl").read_text().splitlines(keepends=True)
    (out1.run_dir / "progress.jsonl").write_text("".join(lines[:4]) + lines[4][:20])
    kept = {json.loads(l)["path"] for l in lines[:4]}
    before = {p: p.stat().st_mtime_ns for p in out1.run_dir.iterdir() if p.suffix in (".json", ".csv")}
    stubs.clear()
    out2 = B.run_batch(["in"], "reports", st, opts, resolver_factory=StubResolver)
    assert out2.run_id == out1.run_id and out2.resumed
    assert len(out2.summary["articles"]) == 7
    assert len({a["path"] for a in out2.summary["articles"]}) == 7
    redone = {str(Path(p).resolve()) for p in stubs}
    assert not (redone & kept)
    for a in out2.summary["articles"]:
        if a["path"] in kept and a["reports"]:
            p = out1.run_dir / a["reports"]["json"]
            assert p.stat().st_mtime_ns == before[p]

    # a new run: unchanged articles are reused; one edited article is checked; its retraction is "new"
    stubs.clear()
    edited = tmp_path / "in/art0/refs0.txt"
    edited.write_text("Ref 0 0\nRef 0 1 RETRACTED\nRef 0 2\n")
    time.sleep(1.1)  # a new second: a new run id
    out3 = B.run_batch(["in"], "reports", st, opts, resolver_factory=StubResolver)
    assert out3.run_id > out1.run_id and not out3.resumed
    assert [Path(p).name for p in stubs] == ["refs0.txt"]
    assert out3.summary["totals"]["reused"] == 5
    ch = out3.changes
    assert ch["since"] == out1.run_id
    assert [(c["source"], c["n"], c["code"], c["change"]) for c in ch["changes"]] == [
        ("in/art0/refs0.txt", 2, "retracted", "new")
    ]
    saved = json.loads((out3.run_dir / "changes.json").read_text())
    assert saved["changes"] == ch["changes"]

    # --recheck checks everything again; an expired verdict (ttl_status) too
    stubs.clear()
    time.sleep(1.1)
    B.run_batch(["in"], "reports", st, B.Options(formats=("json",), recheck=True, quiet=True),
                resolver_factory=StubResolver)
    assert len(stubs) == 6
    stubs.clear()
    time.sleep(1.1)
    B.run_batch(["in"], "reports", settings_for(tmp_path, ttl_status=0.5), B.Options(formats=("json",), quiet=True),
                resolver_factory=StubResolver)
    assert len(stubs) == 6


def test_reused_article_rendered_in_new_format(tmp_path, stubs, monkeypatch):
    monkeypatch.chdir(tmp_path)
    make_articles(tmp_path / "in", 2)
    st = settings_for(tmp_path)
    B.run_batch(["in"], "out", st, B.Options(formats=("json",), quiet=True), resolver_factory=StubResolver)
    stubs.clear()
    time.sleep(1.1)
    out = B.run_batch(["in"], "out", st, B.Options(formats=("json", "markdown"), quiet=True),
                      resolver_factory=StubResolver)
    assert stubs == []
    for a in out.summary["articles"]:
        assert a["reused"] and (out.run_dir / a["reports"]["markdown"]).read_text().strip()


def test_no_reuse_when_cache_deleted_or_lookups_failed(tmp_path, stubs, monkeypatch):
    monkeypatch.chdir(tmp_path)
    make_articles(tmp_path / "in", 2)
    st = settings_for(tmp_path)
    B.run_batch(["in"], "out", st, B.Options(formats=("json",), quiet=True), resolver_factory=StubResolver)
    (tmp_path / "cache" / "refcheck.sqlite").unlink()
    stubs.clear()
    time.sleep(1.1)
    B.run_batch(["in"], "out", st, B.Options(formats=("json",), quiet=True), resolver_factory=StubResolver)
    assert len(stubs) == 2
    # a verdict with `unavailable` findings (services failed) is not reused either
    import refcheck.check

    real = refcheck.check.check_document

    def failing(doc, resolver, quiet=False):
        r = real(doc, resolver, quiet)
        return Report(r.source, tuple(Verdict(v.reference, (Finding.make("unavailable", "down"),)) for v in r.verdicts))

    monkeypatch.setattr(refcheck.check, "check_document", failing)
    touch(tmp_path / "cache" / "refcheck.sqlite", "")
    time.sleep(1.1)
    B.run_batch(["in"], "out", st, B.Options(formats=("json",), recheck=True, quiet=True),
                resolver_factory=StubResolver)
    stubs.clear()
    time.sleep(1.1)
    out = B.run_batch(["in"], "out", st, B.Options(formats=("json",), quiet=True), resolver_factory=StubResolver)
    assert len(stubs) == 2 and out.summary["totals"]["reused"] == 0


def test_concurrent_resume_is_refused(tmp_path, stubs, monkeypatch):
    monkeypatch.chdir(tmp_path)
    make_articles(tmp_path / "in", 1)
    st = settings_for(tmp_path)
    out = B.run_batch(["in"], "out", st, B.Options(quiet=True), resolver_factory=StubResolver)
    (out.run_dir / "summary.json").unlink()
    holder = B.RunLock(out.run_dir)
    assert holder.acquire()
    try:
        with pytest.raises(B.BatchError, match="another refcheck process"):
            B.run_batch(["in"], "out", st, B.Options(quiet=True), resolver_factory=StubResolver)
    finally:
        holder.release()
    again = B.run_batch(["in"], "out", st, B.Options(quiet=True), resolver_factory=StubResolver)
    assert again.run_id == out.run_id and again.resumed


def test_since_must_exist(tmp_path, stubs, monkeypatch):
    monkeypatch.chdir(tmp_path)
    make_articles(tmp_path / "in", 1)
    with pytest.raises(B.BatchError, match="--since"):
        B.run_batch(["in"], "out", settings_for(tmp_path), B.Options(since="20200101T000000Z-aaaa", quiet=True),
                    resolver_factory=StubResolver)
    with pytest.raises(B.BatchError, match="no articles"):
        B.run_batch(["nothing/*.txt"], "out", settings_for(tmp_path), B.Options(quiet=True),
                    resolver_factory=StubResolver)


def test_run_id_format_in_folder(tmp_path, stubs, monkeypatch):
    monkeypatch.chdir(tmp_path)
    make_articles(tmp_path / "in", 1)
    out = B.run_batch(["in"], "out", settings_for(tmp_path), B.Options(quiet=True), resolver_factory=StubResolver)
    assert re.fullmatch(r"\d{8}T\d{6}Z-[0-9a-f]{4}", out.run_id)
    assert out.run_dir == Path("out").resolve() / out.run_id or out.run_dir == Path("out") / out.run_id


def test_dashboard_lists_what_the_run_did_not_read(tmp_path):
    from refcheck.report.dashboard import render_dashboard

    touch(tmp_path / "in/a.txt", "1. Smith J. Title. J Test. 2019;1:1-2.\n")
    touch(tmp_path / "in/scan.png")
    touch(tmp_path / "in/old.doc")
    arts, warnings = B.discover(["in"], cwd=tmp_path)
    assert [a.source for a in arts] == ["in/a.txt"]
    assert warnings == [
        "skipped in/old.doc: a legacy Word 97-2003 file; save it as .docx (or export a PDF)",
        "skipped in/scan.png: an image; run OCR on it first (e.g. ocrmypdf makes a PDF with a text layer) or export the manuscript as DOCX or PDF",
    ]
    html = render_dashboard({"run": "r1", "articles": [], "totals": {}, "warnings": warnings}, None)
    assert 'id="notes"' in html and "skipped in/scan.png: an image" in html and "skipped in/old.doc" in html


def test_report_written_before_document_findings_gets_them_by_verifys_rule():
    r = rep("a.txt", {1: ("A", [])}, citations=Citations(cited=(1, 4), cited_not_listed=(4,), listed_not_cited=()))
    d = r.to_dict()
    assert [(f["code"], f["n"]) for f in d["findings"]] == [("missing", 4)]
    old = {k: v for k, v in d.items() if k != "findings"}
    old["summary"] = {k: v for k, v in old["summary"].items() if k in ("references", "ok", "warning", "error", "unverified")}
    again = B.report_from_dict(old)
    assert again.summary() == r.summary() and again.summary()["missing"] == 1
    assert B.code_counts(again) == {"missing": 1}


# --------------------------------------------------------------------------- typed values ↔ the files' dicts

# The keys (and their order) each kind of summary.json / progress.jsonl entry has always had.
ENTRY_KEYS = ["source", "path", "name", "reports", "summary", "codes", "error", "reused", "sha256", "cache"]
CHECKED_KEYS = [*ENTRY_KEYS, "verdict", "checked", "checked_ts"]
REUSED_KEYS = [*ENTRY_KEYS, "verdict", "reused_from", "checked", "checked_ts"]
SUMMARY_KEYS = ["schema", "run", "started", "finished", "since", "resumed", "version", "formats", "articles",
                "totals", "changes", "warnings"]
TOTALS_KEYS = ["articles", "checked", "reused", "failed", "references", "ok", "warning", "error", "unverified",
               "codes"]


def test_article_result_dict_shapes():
    summary = {"references": 2, "ok": 1, "warning": 1, "error": 0, "unverified": 0}
    checked = B.ArticleResult(source="a.txt", path="/w/a.txt", name="a.txt", reports={"json": "a.txt.json"},
                              summary=summary, codes={"duplicate": 1}, sha256="ab", cache="cd",
                              verdict="verdicts/a.txt.json", checked="2026-12-01T00:00:00Z", checked_ts=1.5)
    d = checked.to_dict()
    assert list(d) == CHECKED_KEYS
    assert d["reports"] == {"json": "a.txt.json"} and d["summary"] == summary and d["reused"] is False
    reused = replace(checked, reused=True, reused_from="20261130T000000Z-abcd")
    assert list(reused.to_dict()) == REUSED_KEYS and reused.to_dict()["reused_from"] == "20261130T000000Z-abcd"
    failed = B.ArticleResult(source="b.txt", path="/w/b.txt", name="b.txt", error="b.txt: no such file", sha256=None,
                             cache="cd")
    assert list(failed.to_dict()) == ENTRY_KEYS and failed.to_dict()["summary"] is None
    for r in (checked, reused, failed):
        back = B.ArticleResult.from_dict(json.loads(json.dumps(r.to_dict())))
        assert back == r and json.dumps(back.to_dict()) == json.dumps(r.to_dict())


def test_run_summary_and_totals_dict_shapes():
    arts = (B.ArticleResult(source="a", path="/a", name="a", summary={"references": 1, "ok": 1, "warning": 0,
                            "error": 0, "unverified": 0}, codes={"x": 2}, verdict="verdicts/a.json", checked_ts=1.0),
            B.ArticleResult(source="b", path="/b", name="b", error="b: not a text file"))
    t = B.totals(arts)
    assert list(t.to_dict()) == TOTALS_KEYS and B.RunTotals.from_dict(t.to_dict()) == t
    s = B.RunSummary(run="R", started="S", finished="F", since=None, resumed=False, version="1", formats=("json",),
                     articles=arts, totals=t, changes={"new": {}, "resolved": {}}, warnings=("w",))
    d = s.to_dict()
    assert list(d) == SUMMARY_KEYS and d["schema"] == "refcheck/batch-v1" and d["totals"]["failed"] == 1
    assert B.RunSummary.from_dict(d) == s
    with_requests = replace(s, requests={"requests": 3})
    assert list(with_requests.to_dict()) == [*SUMMARY_KEYS, "requests"]
    assert B.RunSummary.from_dict(with_requests.to_dict()) == with_requests


def test_files_a_run_writes_read_back_unchanged(tmp_path, stubs, monkeypatch):
    """summary.json and every journal line, read into the typed values and written out again, are
    the same text: the dataclasses carry everything the files hold (checked, reused, failed)."""
    monkeypatch.chdir(tmp_path)
    make_articles(tmp_path / "in", 3)
    touch(tmp_path / "in" / "broken.txt").write_bytes(b"\0\1binary")
    st = settings_for(tmp_path)
    opts = B.Options(formats=("json",), quiet=True)
    B.run_batch(["in"], "reports", st, opts, resolver_factory=StubResolver)
    (tmp_path / "in/art0/refs0.txt").write_text("Ref 0 0 RETRACTED\n")
    time.sleep(1.1)  # a new second: a new run id
    out = B.run_batch(["in"], "reports", st, opts, resolver_factory=StubResolver)
    kinds = set()
    text = (out.run_dir / "summary.json").read_text()
    d = json.loads(text)
    assert json.dumps(B.RunSummary.from_dict(d).to_dict(), ensure_ascii=False, indent=1) == text
    assert out.result is not None and out.result.to_dict() == d == out.summary
    for line in (out.run_dir / "progress.jsonl").read_text().splitlines():
        e = json.loads(line)
        kinds.add("failed" if e["error"] else "reused" if e["reused"] else "checked")
        assert json.dumps(B.ArticleResult.from_dict(e).to_dict(), ensure_ascii=False, separators=(",", ":")) == line
    assert kinds == {"failed", "reused", "checked"}
    assert B.article_exit_status(out.result.articles, "error") == 1  # the unreadable article
