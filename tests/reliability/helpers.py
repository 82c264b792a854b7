"""Shared helpers of the reliability and security suite: the CLI as a process, the expected
verdicts of the sample list, and small inspectors for reports, caches and the fakes' request log."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REFS = ROOT / "references.txt"
from tests.paths import ARTICLE, WIRE  # noqa: E402,F401  (re-exported for the suite)

ONLINE_FIRST = (14, 35, 40)
# The verdicts of a clean run over references.txt (the contract's sample).
EXPECTED: dict[int, tuple[str, tuple[str, ...]]] = {n: ("ok", ()) for n in range(1, 41)}
EXPECTED[7] = ("error", ("incomplete",))
for _n in ONLINE_FIRST:
    EXPECTED[_n] = ("warning", ("ahead-of-print",))

# Short network budgets: a failing service costs seconds, not minutes.
SHORT = {"REFCHECK_TIMEOUT": "0.5", "REFCHECK_DEADLINE": "4", "REFCHECK_MAX_ATTEMPTS": "4"}

# Codes that would mean "the reference is wrong": a service failure must never produce them.
ACCUSING = {
    "not-found", "ambiguous", "doi-mismatch", "pmid-mismatch", "year-mismatch", "volume-mismatch",
    "issue-mismatch", "pages-mismatch", "title-mismatch", "author-mismatch", "journal-mismatch",
    "retracted", "expression-of-concern", "corrected", "duplicate",
}


def make_env(fake=None, cache_dir: Path | None = None, **extra) -> dict:
    """The environment of a refcheck process: the fakes' URLs, its own cache, short budgets."""
    env = dict(os.environ)
    for k in list(env):
        if k.startswith("REFCHECK_") or k == "NCBI_API_KEY":
            del env[k]
    env.update(SHORT)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    if fake is not None:
        env.update(fake.env)
    if cache_dir is not None:
        env["REFCHECK_CACHE_DIR"] = str(cache_dir)
    env.update({k: str(v) for k, v in extra.items()})
    return env


def cli(*args) -> list[str]:
    return [sys.executable, "-m", "refcheck", *map(str, args)]


def run_cli(*args, env=None, input=None, timeout=150, text=True, cwd=None, **kw) -> subprocess.CompletedProcess:
    """The real process: stdout and stderr apart, exit status as a user sees it.

    A process still running after `timeout` seconds is a hang: it gets SIGABRT (faulthandler is on,
    so every thread's stack is printed) and the test fails showing those stacks."""
    import signal

    cmd = [sys.executable, "-X", "faulthandler", "-m", "refcheck", *map(str, args)]
    proc = subprocess.Popen(
        cmd,
        stdin=subprocess.PIPE if input is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=text,
        env=env,
        cwd=cwd or ROOT,
        **kw,
    )
    try:
        out, err = proc.communicate(input=input, timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGABRT)
        try:
            out, err = proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
        raise AssertionError(
            f"refcheck {' '.join(map(str, args))} still running after {timeout}s (hang); stacks:\n{err[-20000:]}"
        ) from None
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def sample_lines() -> dict[int, str]:
    """references.txt entry by entry: {n: line as it stands}."""
    out = {}
    for line in REFS.read_text(encoding="utf-8").splitlines():
        m = re.match(r"\s*(\d+)\.\s", line)
        if m:
            out[int(m.group(1))] = line
    return out


def write_subset(path: Path, ns) -> Path:
    """A reference list holding the sample entries numbered `ns` (their numbers kept)."""
    lines = sample_lines()
    path.write_text("\n".join(lines[n] for n in ns) + "\n", encoding="utf-8")
    return path


def verdicts(doc: dict) -> dict[int, tuple[str, tuple[str, ...]]]:
    """{n: (status, sorted finding codes)} of a JSON report."""
    return {r["n"]: (r["status"], tuple(sorted(f["code"] for f in r["findings"]))) for r in doc["references"]}


def classify(got: tuple[str, tuple[str, ...]], clean: tuple[str, tuple[str, ...]]) -> str:
    """'same' (as the clean run, possibly noting an unavailable service), 'unverified' (could not
    be checked, nothing claimed) or 'wrong' (a verdict the clean run does not support)."""
    status, codes = got
    if got == clean:
        return "same"
    rest = tuple(c for c in codes if c != "unavailable")
    if status == clean[0] and rest == tuple(sorted(clean[1])) and status != "ok":
        return "same"  # e.g. ahead-of-print found, and a note that one service kept failing
    if status == "unverified" and rest == ():
        return "unverified"
    return "wrong"


def nonblank(text: str) -> list[str]:
    return [l for l in text.splitlines() if l.strip()]


def assert_one_line_error(p: subprocess.CompletedProcess, status: int = 2) -> str:
    """Exit `status`, exactly one non-blank line on stderr, no traceback; returns that line."""
    err = p.stderr if isinstance(p.stderr, str) else p.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err, err
    lines = nonblank(err)
    assert p.returncode == status, (p.returncode, err[-2000:])
    assert len(lines) == 1, lines
    assert lines[0].startswith("refcheck:"), lines
    assert len(lines[0]) < 400, lines[0]
    return lines[0]


def integrity(db: Path) -> str:
    """sqlite's own verdict on a cache file: 'ok' when intact."""
    conn = sqlite3.connect(str(db), timeout=30)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def cache_rows(db: Path) -> int:
    conn = sqlite3.connect(str(db), timeout=30)
    try:
        return conn.execute("SELECT COUNT(*) FROM entries").fetchone()[0]
    finally:
        conn.close()


# --------------------------------------------------------------------------- the fakes' request log


def field(r, name, default=None):
    """A field of one logged request, whether the log holds objects or dicts."""
    if isinstance(r, dict):
        return r.get(name, default)
    return getattr(r, name, default)


def request_text(r) -> str:
    """Everything a logged request carried that a test may grep: path, query, params, body."""
    parts = []
    for name in ("service", "method", "path", "url", "query", "params", "form", "body", "data", "target"):
        v = field(r, name)
        if v:
            parts.append(v if isinstance(v, str) else (v.decode("latin-1") if isinstance(v, bytes) else repr(v)))
    if not parts:
        parts.append(repr(r))
    return " ".join(parts)


def load_json(text: str) -> dict:
    return json.loads(text)
