"""Crash safety: kill -9 at any moment leaves every file either as it was or complete.

- `verify -o FILE` killed at several moments (and at the instant its temporary file appears):
  FILE holds its previous content or a complete report — never a truncated one.
- A process writing the cache killed mid-write (many times): the cache opens, passes sqlite's
  integrity_check, and holds every committed entry.
- A cache file that *is* corrupted (garbage, half a file) is set aside as
  refcheck.sqlite.corrupt-<time>, never deleted, and the run goes on with a fresh cache.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.reliability.helpers import (
    EXPECTED,
    REFS,
    cache_rows,
    cli,
    integrity,
    make_env,
    nonblank,
    run_cli,
    verdicts,
    write_subset,
)

PREVIOUS = "PREVIOUS REPORT - must survive a crash intact\n" * 50


def _check_output(out: Path) -> str:
    """The report file is the previous one, or a complete new one. Returns which."""
    text = out.read_text(encoding="utf-8")
    if text == PREVIOUS:
        return "previous"
    doc = json.loads(text)  # a truncated report would not parse
    assert verdicts(doc) == EXPECTED
    return "complete"


@pytest.mark.slow
def test_kill_9_during_verify_output_never_truncates(fake, tmp_path):
    fake.latency = 0.15  # a cold run takes several seconds: room to kill it mid-way
    env = make_env(fake, tmp_path / "cache", REFCHECK_TIMEOUT="5", REFCHECK_DEADLINE="30")
    out = tmp_path / "report.json"
    seen = {}
    for delay in (0.3, 1.0, 2.5, 4.0):
        out.write_text(PREVIOUS, encoding="utf-8")
        p = subprocess.Popen(cli("verify", REFS, "--format", "json", "-o", out, "--refresh"), env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        p.send_signal(signal.SIGKILL)
        p.wait()
        seen[delay] = _check_output(out)
        db = tmp_path / "cache" / "refcheck.sqlite"
        if db.exists():  # a very early kill lands before the cache is even created
            assert integrity(db) == "ok"
    # a run left alone completes and replaces the file
    fake.latency = 0.0
    p = run_cli("verify", REFS, "--format", "json", "-o", out, env=env)
    assert p.returncode == 1, p.stderr
    assert _check_output(out) == "complete"
    leftovers = [x.name for x in tmp_path.iterdir() if x.name.startswith(".report.json.")]
    print(f"\nkill -9 at {seen}; temporary files left by the kills: {leftovers}")
    assert not [x for x in tmp_path.iterdir() if x.name.startswith("report.json") and x.name != "report.json"]


def test_kill_9_the_moment_the_report_is_being_written(fake, tmp_path):
    """Warm cache (the run is quick), and the kill lands as soon as the temporary file shows."""
    env = make_env(fake, tmp_path / "cache")
    out = tmp_path / "report.json"
    assert run_cli("verify", REFS, "--format", "json", env=env).returncode == 1  # warm the cache
    outcomes, leftovers = [], []
    for _ in range(3):
        out.write_text(PREVIOUS, encoding="utf-8")
        before = {x.name for x in tmp_path.iterdir() if x.name.startswith(".report.json.")}
        p = subprocess.Popen(cli("verify", REFS, "--format", "json", "-o", out), env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while p.poll() is None and time.monotonic() < deadline:
            if any(x.name.startswith(".report.json.") and x.name not in before for x in tmp_path.iterdir()):
                p.send_signal(signal.SIGKILL)
                break
            time.sleep(0.0005)
        p.wait()
        outcomes.append((p.returncode, _check_output(out)))
        leftovers += sorted({x.name for x in tmp_path.iterdir() if x.name.startswith(".report.json.")} - before)
    print(f"\nkilled while writing: {outcomes}; temporary files left: {leftovers}")
    for name in leftovers:  # a kill inside write_atomic leaves its hidden temporary, never FILE
        assert name.endswith(".tmp")


HAMMER = r"""
import sys, os
from refcheck.settings import Settings
from refcheck.sources import Cache
c = Cache(Settings(cache_dir=sys.argv[1]))
tag = sys.argv[2]
i = 0
while True:
    c.put_many([(f"hammer:{tag}:{i}:{j}", "record", {"i": i, "j": j, "pad": "x" * 3000}) for j in range(40)])
    c.put(f"hammer:{tag}:last", "record", {"i": i})
    if i == 0:
        print("ready", flush=True)  # one batch is committed: the kill lands on later writes, however slow the machine
    i += 1
"""


def test_kill_9_during_cache_writes_leaves_a_cache_that_opens(tmp_path):
    from refcheck.settings import Settings
    from refcheck.sources import Cache

    cache_dir = tmp_path / "cache"
    env = make_env(None, cache_dir)
    for round_, delay in enumerate((0.3, 0.55, 0.8, 1.1, 0.45, 0.7)):
        p = subprocess.Popen([sys.executable, "-c", HAMMER, str(cache_dir), str(round_)], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert p.stdout.readline().strip() == "ready", p.stderr.read()
        time.sleep(delay)
        p.send_signal(signal.SIGKILL)
        p.wait()
    db = cache_dir / "refcheck.sqlite"
    assert not list(cache_dir.glob("*.corrupt-*")), "a kill must not corrupt the cache"
    c = Cache(Settings(cache_dir=cache_dir))
    try:
        assert integrity(db) == "ok"
        for round_ in range(6):
            last = c.get_entry(f"hammer:{round_}:last")
            assert last is not None, round_
            i = last.value["i"]
            # every batch committed before the last marker is whole: all or nothing
            got = c.get_entries([f"hammer:{round_}:{i}:{j}" for j in range(40)])
            assert len(got) == 40, (round_, i, len(got))
            assert all(e.value["pad"] == "x" * 3000 for e in got.values())
        c.put("after:crash", "record", {"ok": True})
        assert c.get_entry("after:crash").value == {"ok": True}
    finally:
        c.close()
    print(f"\ncache after 6 kills: {cache_rows(db)} entries, integrity ok")


@pytest.mark.parametrize("damage", ["garbage", "half-a-file", "zeroed-header"])
def test_corrupt_cache_is_set_aside_and_the_run_goes_on(damage, fake, tmp_path):
    cache_dir = tmp_path / "cache"
    env = make_env(fake, cache_dir)
    path = write_subset(tmp_path / "refs.txt", (1, 7, 14))
    assert run_cli("verify", path, "--format", "json", env=env).returncode == 1
    db = cache_dir / "refcheck.sqlite"
    for side in ("-wal", "-shm"):
        Path(str(db) + side).unlink(missing_ok=True)
    raw = db.read_bytes()
    if damage == "garbage":
        bad = os.urandom(8192)
    elif damage == "half-a-file":
        bad = raw[: len(raw) // 2]
    else:
        bad = b"\x00" * 100 + raw[100:]
    db.write_bytes(bad)
    p = run_cli("verify", path, "--format", "json", env=env)
    assert "Traceback" not in p.stderr, p.stderr
    assert p.returncode == 1, p.stderr
    assert verdicts(json.loads(p.stdout)) == {n: EXPECTED[n] for n in (1, 7, 14)}
    aside = list(cache_dir.glob("refcheck.sqlite.corrupt-*"))
    main_aside = [a for a in aside if not a.name.endswith(("-wal", "-shm"))]
    if damage == "half-a-file" and not main_aside:
        # sqlite may read a cut file as a valid but shorter one: then nothing is corrupt
        assert integrity(db) == "ok"
        return
    assert len(main_aside) == 1, aside
    assert main_aside[0].read_bytes() == bad, "the damaged file is kept as it was, for inspection"
    assert any("corrupt" in l for l in nonblank(p.stderr)), p.stderr
    assert integrity(db) == "ok"
