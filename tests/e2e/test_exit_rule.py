"""One exit rule for `verify` and `batch` (refcheck.outcome): the same inputs give the same exit
status for every --fail-on, including an article citing a number its list lacks (`missing`)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from refcheck.cli import main
from refcheck.outcome import FAIL_ON, exit_status, fails
from tests.batch.articles import sample_entries
from tests.fakes import FakeServices
from tests.fakes.sample_records import ALL_WORKS

ENTRIES = sample_entries()
BOOK = ("Holick MF. The Vitamin D Solution: A 3-Step Strategy to Cure Our Most Common Health Problems. "
        "New York: Hudson Street Press; 2010.")  # a book: neither service indexes it (not-indexed)


def _cli(args, env, cwd: Path):
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(main, args, env=env, catch_exceptions=False)
    finally:
        os.chdir(old)


def _env(fake, cache: Path) -> dict:
    return {**fake.env,  # every service on loopback, the DOI system and OpenAlex too
            "REFCHECK_CACHE_DIR": str(cache), "REFCHECK_EMAIL": "tests@example.org", "NCBI_API_KEY": None}


@pytest.fixture(scope="module")
def fake():
    with FakeServices(works=ALL_WORKS, ncbi_rate_limit=0) as f:
        yield f


@pytest.fixture(scope="module")
def ok_entries(fake, tmp_path_factory):
    """Entries of references.txt that verify as `ok` against the fake services."""
    d = tmp_path_factory.mktemp("probe")
    (d / "all.txt").write_text("".join(f"{i}. {e}\n" for i, e in enumerate(ENTRIES, 1)), encoding="utf-8")
    r = _cli(["verify", "all.txt", "--format", "json", "--fail-on", "never"], _env(fake, d / "cache"), d)
    refs = json.loads(r.stdout)["references"]
    ok = [ENTRIES[x["n"] - 1] for x in refs if x["status"] == "ok"]
    assert len(ok) >= 3, [x["status"] for x in refs]
    return ok[:3]


def _article(entries, extra_cited=()) -> str:
    cites = [str(i) for i in range(1, len(entries) + 1)] + [str(n) for n in extra_cited]
    body = " ".join(f"Vitamin D matters [{c}]." for c in cites)
    refs = "".join(f"{i}. {e}\n" for i, e in enumerate(entries, 1))
    return f"# Vitamin D\n\n{body}\n\n## References\n\n{refs}"


def _exits(name: str, text: str, fake, tmp: Path, *, down: bool = False) -> tuple[dict, dict, dict]:
    """(verify exits, batch exits, verify's summary) by --fail-on, for one input file."""
    d = tmp / name
    d.mkdir()
    (d / "in").mkdir()
    path = d / "in" / f"{name}.md"
    path.write_text(text, encoding="utf-8")
    if down:
        fake.down("eutils"), fake.down("crossref")
    try:
        verify, batch, summary = {}, {}, None
        for level in FAIL_ON:
            env = _env(fake, d / f"cache-{level}")
            v = _cli(["verify", str(path), "--format", "json", "--fail-on", level], env, d)
            summary = json.loads(v.stdout)["summary"]
            verify[level] = v.exit_code
            b = _cli(["batch", "in", "-o", f"out-{level}", "--format", "json", "--fail-on", level, "-q"], env, d)
            batch[level] = b.exit_code
    finally:
        if down:
            fake.up("eutils"), fake.up("crossref")
    return verify, batch, summary


def test_cited_not_listed_article_trips_warning_in_both(fake, ok_entries, tmp_path):
    verify, batch, summary = _exits("missing", _article(ok_entries, extra_cited=[9]), fake, tmp_path)
    assert summary["missing"] == 1 and summary["warning"] == 0 and summary["error"] == 0, summary
    assert verify == batch == {"error": 0, "warning": 1, "unverified": 1, "never": 0}


def test_missing_is_a_document_finding_in_the_json(fake, ok_entries, tmp_path):
    (tmp_path / "a.md").write_text(_article(ok_entries, extra_cited=[7, 9]), encoding="utf-8")
    r = _cli(["verify", "a.md", "--format", "json"], _env(fake, tmp_path / "cache"), tmp_path)
    d = json.loads(r.stdout)
    assert [(f["code"], f["severity"], f["n"]) for f in d["findings"]] == [("missing", "warning", 7),
                                                                          ("missing", "warning", 9)]
    assert d["citations"]["cited_not_listed"] == [7, 9] and d["summary"]["missing"] == 2


def test_clean_article_passes_every_level(fake, ok_entries, tmp_path):
    verify, batch, summary = _exits("clean", _article(ok_entries), fake, tmp_path)
    assert summary["ok"] == len(ok_entries), summary
    assert verify == batch == {"error": 0, "warning": 0, "unverified": 0, "never": 0}


def test_services_down_trips_only_unverified(fake, ok_entries, tmp_path):
    verify, batch, summary = _exits("down", _article(ok_entries), fake, tmp_path, down=True)
    assert summary["unavailable"] == len(ok_entries) and summary["not-indexed"] == 0, summary
    assert verify == batch == {"error": 0, "warning": 0, "unverified": 1, "never": 0}


def test_not_indexed_alone_does_not_trip_unverified(fake, ok_entries, tmp_path):
    verify, batch, summary = _exits("book", _article([*ok_entries, BOOK]), fake, tmp_path)
    assert summary["not-indexed"] == 1 and summary["unavailable"] == 0 and summary["unverified"] == 1, summary
    assert verify == batch == {"error": 0, "warning": 0, "unverified": 0, "never": 0}


def test_an_error_entry_trips_every_level_but_never(fake, ok_entries, tmp_path):
    year = re.search(r"\b(19|20)\d\d\b", ok_entries[0]).group(0)
    wrong = ok_entries[0].replace(year, str(int(year) - 5))  # a year-mismatch (error)
    verify, batch, summary = _exits("error", _article([wrong, *ok_entries[1:]]), fake, tmp_path)
    assert summary["error"] >= 1, summary
    assert verify == batch == {"error": 1, "warning": 1, "unverified": 1, "never": 0}


def test_the_rule_on_summaries():
    clean = {"references": 2, "ok": 2, "warning": 0, "error": 0, "unverified": 0, "missing": 0, "unavailable": 0}
    assert [fails({**clean, "unavailable": 1, "unverified": 1}, f) for f in FAIL_ON] == [False, False, True, False]
    assert [fails({**clean, "missing": 1}, f) for f in FAIL_ON] == [False, True, True, False]
    assert exit_status([], "error", unreadable=1) == 2, "nothing could be read"
    assert exit_status([clean], "error", unreadable=1) == 1 and exit_status([clean], "never", unreadable=1) == 0
    with pytest.raises(ValueError):
        fails(clean, "sometimes")
