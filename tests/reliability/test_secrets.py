"""Secrets and privacy.

- NCBI_API_KEY is sent to E-utilities (as `api_key`, proving it is used) and written nowhere:
  not to stdout, stderr or -vv debug logs, not into reports (every format, verify and batch),
  not into cache keys or rows (the raw bytes of every file under the cache folder, WAL included),
  not into `cache export` — also when requests fail, are retried, or the service is down or
  unreachable and exception texts (which quote URLs) are printed.
- Crossref never receives it.
- URLs cited in a reference list are never fetched.
"""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from tests.reliability.helpers import ARTICLE, REFS, make_env, request_text, run_cli, sample_lines, write_subset

KEY = "TESTKEY0123456789abcdef"
FRAGMENTS = (KEY, KEY[:11], KEY[-11:])  # the key, or a piece of it cut by a log snippet
FORMATS = ("table", "json", "markdown", "html", "csv")


def _grep_files(root: Path) -> list[str]:
    hits = []
    for p in sorted(root.rglob("*")):
        if p.is_file():
            data = p.read_bytes()
            for frag in FRAGMENTS:
                if frag.encode() in data or frag.encode("utf-16-le") in data:
                    hits.append(f"{p} holds {frag!r}")
    return hits


def _closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def _exercise(fake, tmp_path, verbose: str, full: bool):
    """Run refcheck every way that could print or store the key; return (runs, cache_dir, reports)."""
    cache_dir, reports = tmp_path / "cache", tmp_path / "reports"
    reports.mkdir()
    env = make_env(fake, cache_dir, NCBI_API_KEY=KEY, REFCHECK_EMAIL="editor@example.org")
    runs = []

    def run(*args, **kw):
        p = run_cli(*args, env=kw.pop("env", env), **kw)
        assert "Traceback" not in p.stderr, p.stderr[-3000:]
        runs.append((args, p))
        return p

    subset = write_subset(tmp_path / "subset.txt", (1, 2, 5, 7, 14))
    if full:
        # every report format
        for fmt in FORMATS:
            p = run("verify", REFS, "--format", fmt, "-o", reports / f"report.{fmt}", verbose)
            assert p.returncode == 1, p.stderr[-2000:]
        run("verify", REFS, "--format", "json", verbose)  # the document on stdout too
        # batch, several formats, an article with in-text citations
        batch_in = tmp_path / "articles"
        batch_in.mkdir()
        (batch_in / "list.txt").write_text(REFS.read_text(encoding="utf-8"), encoding="utf-8")
        (batch_in / "article.txt").write_text(ARTICLE.read_text(encoding="utf-8"), encoding="utf-8")
        p = run("batch", batch_in, "-o", reports / "batch", "--format", "json,html,csv,markdown,table", verbose)
        assert p.returncode in (0, 1), p.stderr[-2000:]
    else:
        run("verify", subset, "--format", "json", "-o", reports / "report.json", verbose)
    # the cache commands
    run("cache", "stats", "--cache-dir", cache_dir)
    run("cache", "stats", "--format", "json", "--cache-dir", cache_dir)
    export = reports / "cache-export.jsonl"
    p = run("cache", "export", export, "--cache-dir", cache_dir)
    assert p.returncode == 0 and export.stat().st_size > 0, p.stderr
    # error paths: injected faults (retries logged), a service down, a service unreachable
    fake.slow_seconds = 0.8
    fake.faults(rate=0.5, seed=3, retry_after=1)
    run("verify", subset, "--format", "json", "--refresh", verbose)
    fake.no_faults()
    fake.down("eutils")
    run("verify", subset, "--format", "json", "--refresh", verbose, env=dict(env, REFCHECK_DEADLINE="2"))
    fake.up("eutils")
    port = _closed_port()
    unreachable = dict(env, REFCHECK_EUTILS_URL=f"http://127.0.0.1:{port}/entrez/eutils", REFCHECK_DEADLINE="2")
    p = run("verify", subset, "--format", "json", "--refresh", verbose, env=unreachable)
    assert "could not be checked" in p.stderr
    return runs, cache_dir, reports


def _leaks(runs, *dirs) -> list[str]:
    leaks = []
    for args, p in runs:
        for stream, text in (("stdout", p.stdout), ("stderr", p.stderr)):
            for frag in FRAGMENTS:
                if frag in text:
                    i = text.index(frag)
                    leaks.append(f"{' '.join(map(str, args))} {stream}: …{text[max(0, i - 120):i + 40]}…")
                    break
    for d in dirs:
        leaks += _grep_files(d)
    return leaks


def _assert_key_used_only_for_ncbi(fake):
    eutils = [r for r in fake.requests if r.service == "eutils"]
    assert eutils
    assert all(r.params.get("api_key") == [KEY] for r in eutils), [r.params for r in eutils][:3]
    crossref = [r for r in fake.requests if r.service == "crossref"]
    assert crossref
    assert not [r for r in crossref if KEY in request_text(r) or KEY in json.dumps(r.headers)]


@pytest.mark.slow
def test_api_key_is_sent_to_ncbi_and_written_nowhere(fake, tmp_path):
    """verify (all formats), batch, cache stats/export, faults, down, unreachable — with -v."""
    runs, cache_dir, reports = _exercise(fake, tmp_path, "-v", full=True)
    leaks = _leaks(runs, cache_dir, reports)
    assert not leaks, "\n".join(leaks)
    assert any("could not be checked" in p.stderr for _, p in runs)
    _assert_key_used_only_for_ncbi(fake)


def test_api_key_not_in_debug_logs(fake, tmp_path):
    """The same with -vv (every request logged): the key must still appear nowhere."""
    runs, cache_dir, reports = _exercise(fake, tmp_path, "-vv", full=False)
    assert any("efetch" in p.stderr or "ecitmatch" in p.stderr for _, p in runs)  # requests were logged
    _assert_key_used_only_for_ncbi(fake)
    leaks = _leaks(runs, cache_dir, reports)
    assert not leaks, "\n".join(leaks)


def test_cited_urls_are_never_fetched(fake, tmp_path):
    eu = fake.eutils_url.split("/entrez")[0]  # http://127.0.0.1:PORT of the fake E-utilities
    cr = fake.crossref_url
    lines = sample_lines()
    text = "\n".join([
        lines[1] + f" Available at: {eu}/cited/jama-landing-page",
        f"2. World Health Organization. Vitamin D supplementation in adults. Geneva: WHO; 2021. "
        f"Available at: {cr}/cited/who-fact-sheet. Accessed April 27, 2021.",
        f"3. National Institutes of Health. Magnesium: fact sheet for health professionals. 2022. "
        f"Available from: {eu}/entrez/eutils/efetch.fcgi?db=pubmed&id=28655017&cited=canary",
        f"4. Office of Dietary Supplements. Vitamin D. URL: {cr}/works/10.1001/jama.2017.6229?cited=canary "
        f"(accessed 2021-04-27).",
        lines[7],
    ]) + "\n"
    path = tmp_path / "urls.txt"
    path.write_text(text, encoding="utf-8")
    env = make_env(fake, tmp_path / "cache")
    p = run_cli("parse", path, "--format", "json", env=env)
    assert p.returncode == 0, p.stderr
    urls = [r["parsed"]["url"] for r in json.loads(p.stdout)["references"]]
    assert urls[1:3] == [f"{cr}/cited/who-fact-sheet", f"{eu}/entrez/eutils/efetch.fcgi?db=pubmed&id=28655017&cited=canary"]
    p = run_cli("verify", path, "--format", "json", "-vv", env=env)
    assert p.returncode in (0, 1), p.stderr[-2000:]
    assert "Traceback" not in p.stderr
    assert fake.count() > 0  # the references were checked…
    fetched = [request_text(r) for r in fake.requests if "/cited" in r.path or "cited" in r.params]
    assert not fetched, fetched  # …but no cited URL was opened
