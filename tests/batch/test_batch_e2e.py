"""`refcheck batch` / `refcheck cache` end to end over loopback, against the fake services."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from refcheck.cli import main
from tests.batch.articles import make_corpus, sample_entries, txt
from tests.fakes import FakeServices, Notice
from tests.fakes.sample_records import ALL_WORKS, SAMPLE_BY_N

ROOT = Path(__file__).resolve().parents[2]


def env_for(fake, cache: Path, **extra) -> dict:
    e = dict(os.environ)
    e.pop("NCBI_API_KEY", None)
    e.update(fake.env)
    e.update(REFCHECK_CACHE_DIR=str(cache), REFCHECK_EMAIL="tests@example.org")
    e.update(extra)
    return e


def invoke(args, env, cwd: Path):
    """The CLI in-process (CliRunner): stdout and stderr apart."""
    old = os.getcwd()
    os.chdir(cwd)
    try:
        r = CliRunner().invoke(main, args, env=env, catch_exceptions=False)
    finally:
        os.chdir(old)
    return r


def run_cli(args, env, cwd: Path, timeout=120):
    return subprocess.run([sys.executable, "-m", "refcheck", *args], env=env, cwd=cwd, capture_output=True,
                          text=True, timeout=timeout)


def load(p: Path) -> dict:
    return json.loads(p.read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- shared cache


def test_shared_cache_makes_fewer_requests(tmp_path):
    """20 overlapping articles in 5 formats: one batch (one cache) asks less than each article alone."""
    from refcheck.batch import Options, run_batch
    from refcheck.check import check_paths
    from refcheck.settings import Settings

    arts = make_corpus(tmp_path / "in", 20, size=(5, 10))
    fast = dict(ncbi_rate=50.0, crossref_rate=50.0, email="tests@example.org")
    with FakeServices(works=ALL_WORKS, ncbi_rate_limit=0) as fake:
        base = Settings(**fake.urls, cache_dir=tmp_path / "c")
        out = run_batch(["in"], tmp_path / "out", base.with_(**fast), Options(formats=("json",), quiet=True),
                        cwd=tmp_path)
        batch_requests = fake.count()
        alone = 0
        for i, a in enumerate(arts):
            before = fake.count()
            check_paths([str(a)], base.with_(cache_dir=tmp_path / f"alone{i}", **fast), quiet=True)
            alone += fake.count() - before
    print(f"\nshared cache: batch of {len(arts)} articles = {batch_requests} requests; "
          f"articles run alone = {alone} requests")
    s = out.summary
    assert len(s["articles"]) == 20
    kinds = {Path(a["source"]).suffix for a in s["articles"] if not a["error"]}
    assert kinds == {".txt", ".md", ".html", ".bib", ".ris"}, [a["error"] for a in s["articles"] if a["error"]]
    assert s["totals"]["failed"] == 0
    assert batch_requests < 0.75 * alone


# --------------------------------------------------------------------------- kill -9 and resume


def test_kill_9_then_resume(tmp_path):
    entries = sample_entries()
    for i in range(6):
        (tmp_path / "in").mkdir(exist_ok=True)
        (tmp_path / "in" / f"a{i}.txt").write_text(txt(entries[i * 5 : i * 5 + 5]))
    with FakeServices(works=ALL_WORKS, ncbi_rate_limit=3, latency=0.15) as fake:
        env = env_for(fake, tmp_path / "cache")
        args = ["-m", "refcheck", "batch", "in", "-o", "out", "--format", "json,markdown", "--workers", "2"]
        p = subprocess.Popen([sys.executable, *args], env=env, cwd=tmp_path, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        journal = None
        while time.monotonic() < deadline:
            found = list((tmp_path / "out").glob("*/progress.jsonl"))
            if found and found[0].read_text().count("\n") >= 1:
                journal = found[0]
                break
            assert p.poll() is None, p.communicate()
            time.sleep(0.02)
        assert journal is not None, "no article finished in time"
        os.kill(p.pid, signal.SIGKILL)
        p.wait()
        run_dir = journal.parent
        assert not (run_dir / "summary.json").exists(), "the run finished before the kill: make it slower"
        done = [json.loads(l) for l in journal.read_text().splitlines() if l.strip()]
        kept = {}
        for e in done:
            for rel in e["reports"].values():
                f = run_dir / rel
                kept[f] = (f.stat().st_mtime_ns, f.read_bytes())

        r = subprocess.run([sys.executable, *args], env=env, cwd=tmp_path, capture_output=True, text=True,
                           timeout=120)
    assert r.returncode in (0, 1), r.stderr
    assert Path(r.stdout.strip()).name == run_dir.name  # same run id
    assert "(resumed)" in r.stderr
    s = load(run_dir / "summary.json")
    sources = [a["source"] for a in s["articles"]]
    assert sorted(sources) == [f"in/a{i}.txt" for i in range(6)]  # each exactly once
    assert all(not a["error"] for a in s["articles"])
    assert s["resumed"] is True
    for f, (mtime, content) in kept.items():  # finished reports untouched
        assert f.stat().st_mtime_ns == mtime and f.read_bytes() == content
    lines = [json.loads(l) for l in (run_dir / "progress.jsonl").read_text().splitlines()]
    assert sorted(e["source"] for e in lines) == sorted(sources)
    assert len(list((tmp_path / "out").iterdir())) == 1
    from refcheck.settings import Settings
    from refcheck.sources import Cache

    c = Cache(Settings(cache_dir=tmp_path / "cache"))  # the cache survived kill -9
    try:
        assert c.stats()["entries"] > 0
    finally:
        c.close()


# --------------------------------------------------------------------------- a new retraction between two runs


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory):
    """Run 1; then a retraction of sample work 1 appears; run 2 with --refresh."""
    tmp = tmp_path_factory.mktemp("two_runs")
    entries = sample_entries()
    (tmp / "in").mkdir()
    (tmp / "in" / "one.txt").write_text(txt(entries[0:4]))  # holds sample entry 1
    (tmp / "in" / "two.md").write_text("# Two\n\nText [1], [2].\n\n## References\n\n" + txt(entries[4:6]))
    (tmp / "in" / "three.txt").write_text(txt([entries[10], entries[0]]))  # entry 1 as its n=2
    with FakeServices(works=ALL_WORKS, ncbi_rate_limit=10) as fake:
        env = env_for(fake, tmp / "cache", NCBI_API_KEY="test-key")
        r1 = invoke(["batch", "in", "-o", "out", "--format", "json,html"], env, tmp)
        assert r1.exit_code in (0, 1), r1.output
        run1 = Path(r1.stdout.strip())
        w = SAMPLE_BY_N[1]
        fake.add(dataclasses.replace(w, notices=[*w.notices, Notice("retraction", notice_doi="10.5555/ret.2026.0001",
                                                                     notice_pmid="39999001", date="2026-10-01")]))
        time.sleep(1.05)  # a new run id second
        r2 = invoke(["batch", "in", "-o", "out", "--format", "json,html", "--refresh"], env, tmp)
    run2 = Path(r2.stdout.strip())
    return tmp, tmp / run1, tmp / run2, r2


def test_new_retraction_in_changes(two_runs):
    tmp, run1, run2, r2 = two_runs
    assert run1 != run2 and run1.name < run2.name
    assert r2.exit_code == 1  # a retracted reference is an error
    ch = load(run2 / "changes.json")
    assert ch["schema"] == "refcheck/changes-v1" and ch["run"] == run2.name and ch["since"] == run1.name
    new = [(c["source"], c["n"], c["code"], c["change"], c["severity"]) for c in ch["changes"]]
    assert ("in/one.txt", 1, "retracted", "new", "error") in new, new
    assert ("in/three.txt", 2, "retracted", "new", "error") in new, new
    assert not [c for c in ch["changes"] if c["source"] == "in/two.md"]
    hit = next(c for c in ch["changes"] if c["code"] == "retracted")
    assert hit["raw"].startswith("Rooney MR")
    s = load(run2 / "summary.json")
    assert s["schema"] == "refcheck/batch-v1" and s["run"] == run2.name
    assert s["totals"]["codes"].get("retracted") == 2
    assert all(not a["reused"] for a in s["articles"])  # --refresh implies --recheck
    for a in s["articles"]:
        assert set(a["reports"]) == {"json", "html"}
        assert (run2 / a["reports"]["html"]).is_file()
    assert "since " + run1.name in r2.stderr


@pytest.mark.chromium
def test_index_html_in_chromium(two_runs, tmp_path):
    if shutil.which("chromium") is None:
        pytest.skip("needs headless Chromium (`chromium` on PATH)")
    _, _, run2, _ = two_runs
    index = run2 / "index.html"
    p = subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", index.resolve().as_uri()],
        capture_output=True, text=True, timeout=60,
    )
    dom = p.stdout
    assert "<svg" in dom, p.stderr[-2000:]
    assert "<rect" in dom or "<path" in dom  # the chart has bars
    low = dom.lower()
    assert "since" in low and "retracted" in low
    assert low.index("retracted") < low.index("<svg")  # the changes come first
    for name in ("one.txt", "two.md", "three.txt"):
        assert name in dom


# --------------------------------------------------------------------------- an unreadable article


def test_unreadable_article_is_reported_and_skipped(tmp_path):
    entries = sample_entries()
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "good.txt").write_text(txt(entries[1:3]))
    (tmp_path / "in" / "broken.txt").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "in" / "also.md").write_text("# A\n\nText [1].\n\n## References\n\n" + txt(entries[3:4]))
    with FakeServices(works=ALL_WORKS, ncbi_rate_limit=10) as fake:
        env = env_for(fake, tmp_path / "cache", NCBI_API_KEY="test-key")
        r = invoke(["batch", "in", "-o", "out", "--format", "json,csv"], env, tmp_path)
        assert r.exit_code == 1, r.output  # an unreadable article needs attention
        s = load(Path(tmp_path / r.stdout.strip()) / "summary.json")
        by = {a["source"]: a for a in s["articles"]}
        assert by["in/broken.txt"]["error"] and by["in/broken.txt"]["reports"] == {}
        assert "broken.txt" in r.stderr
        for ok in ("in/good.txt", "in/also.md"):
            assert by[ok]["error"] is None and by[ok]["summary"]["references"] >= 1
        assert s["totals"]["failed"] == 1
        csv_rows = (tmp_path / r.stdout.strip() / "summary.csv").read_text().splitlines()
        assert len(csv_rows) == 4
        # nothing readable at all → 2
        (tmp_path / "bad").mkdir()
        (tmp_path / "bad" / "x.txt").write_bytes(b"\x00\x01\x02" * 100)
        r = invoke(["batch", "bad", "-o", "out2"], env, tmp_path)
        assert r.exit_code == 2
        r = invoke(["batch", "nothing-here/*.txt", "-o", "out3"], env, tmp_path)
        assert r.exit_code == 2 and "no articles" in r.stderr


# --------------------------------------------------------------------------- cache round trip


def test_cache_commands_round_trip(tmp_path):
    entries = sample_entries()
    refs = tmp_path / "refs.txt"
    refs.write_text(txt(entries[0:6]))
    a, b = tmp_path / "cacheA", tmp_path / "cacheB"
    with FakeServices(works=ALL_WORKS, ncbi_rate_limit=10) as fake:
        env = env_for(fake, a, NCBI_API_KEY="test-key")
        r = invoke(["verify", str(refs), "--format", "json"], env, tmp_path)
        assert r.exit_code in (0, 1), r.output
        online = json.loads(r.stdout)

        r = invoke(["cache", "stats", "--format", "json"], env, tmp_path)
        st = json.loads(r.stdout)
        assert r.exit_code == 0 and st["entries"] > 0 and st["size_bytes"] > 0
        assert st["last_run"]["hit_rate"] is not None
        r = invoke(["cache", "stats"], env, tmp_path)
        assert "entries:" in r.stdout and "hit rate" in r.stdout

        r = invoke(["cache", "export", str(tmp_path / "dump.jsonl")], env, tmp_path)
        assert r.exit_code == 0, r.output
        n = len((tmp_path / "dump.jsonl").read_text().splitlines())
        assert n == st["entries"]
        r = invoke(["cache", "import", str(tmp_path / "dump.jsonl"), "--cache-dir", str(b)], env, tmp_path)
        assert r.exit_code == 0 and f"imported {n}" in r.stdout

        before = fake.count()
        r = invoke(["verify", str(refs), "--format", "json", "--offline", "--cache-dir", str(b)], env, tmp_path)
        assert fake.count() == before  # answered from the imported cache alone
        offline = json.loads(r.stdout)
        assert offline["summary"] == online["summary"]
        assert offline["summary"]["unverified"] == 0

        r = invoke(["cache", "prune", "--cache-dir", str(b)], env, tmp_path)
        assert r.exit_code == 0 and "pruned 0 entries" in r.stdout
        r = invoke(["cache", "prune", "--older-than", "bogus", "--cache-dir", str(b)], env, tmp_path)
        assert r.exit_code == 2
        r = invoke(["cache", "clear", "--cache-dir", str(b)], env, tmp_path)  # not a terminal, no --yes
        assert r.exit_code == 2
        r = invoke(["cache", "clear", "--yes", "--cache-dir", str(b)], env, tmp_path)
        assert r.exit_code == 0 and f"cleared {n}" in r.stdout
        r = invoke(["cache", "stats", "--format", "json", "--cache-dir", str(b)], env, tmp_path)
        assert json.loads(r.stdout)["entries"] == 0
        r = invoke(["cache", "prune", "--older-than", "0s"], env, tmp_path)
        assert f"pruned {n} entries; 0 left" in r.stdout
        r = invoke(["cache", "stats", "--cache-dir", str(tmp_path / "none")], env, tmp_path)
        assert "does not exist" in r.stdout and not (tmp_path / "none").exists()


def test_help_has_examples():
    for args in (["batch", "--help"], ["cache", "--help"], ["cache", "stats", "--help"], ["cache", "prune", "--help"],
                 ["cache", "clear", "--help"], ["cache", "export", "--help"], ["cache", "import", "--help"]):
        r = CliRunner().invoke(main, args)
        assert r.exit_code == 0
        assert "Example" in r.output and "refcheck " in r.output, args
    r = CliRunner().invoke(main, ["batch", "--help"])
    assert "@FILE" in r.output and "--since" in r.output and "--recheck" in r.output
