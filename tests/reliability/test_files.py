"""Hostile files: `-o` never replaces what is not a report, a full disk or an unusable cache
folder is one line and exit 2, and the cache treats what it reads and imports as outside data."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
import subprocess

import pytest

from tests.reliability.helpers import (
    assert_one_line_error,
    cli,
    make_env,
    run_cli,
    verdicts,
    write_subset,
)

SUBSET = (1, 5, 11)


@pytest.fixture
def refs(tmp_path):
    return write_subset(tmp_path / "refs.txt", SUBSET)


# --------------------------------------------------------------------------- -o


@pytest.mark.skipif(not os.path.exists("/dev/null"), reason="no /dev/null on this system")
@pytest.mark.parametrize("device", ["/dev/null", "/dev/full"])
def test_output_on_a_device_is_refused_and_the_device_kept(device, refs, env):
    if not os.path.exists(device):
        pytest.skip(f"{device} does not exist here")
    p = run_cli("verify", refs, "-o", device, env=env)
    line = assert_one_line_error(p)
    assert "not a regular file" in line
    assert stat.S_ISCHR(os.stat(device).st_mode)


def test_output_on_a_fifo_is_refused(refs, env, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    line = assert_one_line_error(run_cli("verify", refs, "-o", fifo, env=env))
    assert "not a regular file" in line
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_output_on_a_symlink_is_refused_and_neither_link_nor_target_changes(refs, env, tmp_path):
    """Decision (SECURITY.md): a symbolic link is refused, neither replaced nor written through."""
    target = tmp_path / "target.txt"
    target.write_text("keep me\n")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    line = assert_one_line_error(run_cli("verify", refs, "-o", link, env=env))
    assert "symbolic link" in line
    assert link.is_symlink() and target.read_text() == "keep me\n"


def test_output_equal_to_the_input_read_from_stdin_is_refused(refs, env):
    before = refs.read_bytes()
    with open(refs, "rb") as stdin:
        p = subprocess.run(cli("verify", "-", "-o", refs), stdin=stdin, capture_output=True, text=True,
                           env=env, timeout=60)
    line = assert_one_line_error(p)
    assert "input" in line
    assert refs.read_bytes() == before


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full on this system")
def test_full_disk_on_stdout_is_one_line_exit_2(refs, env):
    with open("/dev/full", "w") as full:
        p = subprocess.run(cli("verify", refs, "--offline", "-q"), stdout=full, stderr=subprocess.PIPE, text=True,
                           env=env, timeout=60)
    line = assert_one_line_error(p)
    assert "No space left on device" in line


def _without_dac(args):
    """Root reads and writes anything: drop the capabilities so permission bits apply."""
    if os.geteuid() != 0:
        return args
    drop = "-dac_override,-dac_read_search"
    return ["setpriv", f"--bounding-set={drop}", f"--inh-caps={drop}", *args]


@pytest.mark.skipif(os.geteuid() == 0 and not shutil.which("setpriv"), reason="root without setpriv")
def test_output_into_a_folder_that_cannot_be_written(refs, env, tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        p = subprocess.run(_without_dac(cli("verify", refs, "--offline", "-q", "-o", locked / "r.txt")),
                           capture_output=True, text=True, env=env, timeout=60)
    finally:
        locked.chmod(0o755)
    line = assert_one_line_error(p)
    assert "Permission denied" in line


# --------------------------------------------------------------------------- the cache folder


def test_cache_folder_that_is_a_file_is_one_line_exit_2(refs, fake, tmp_path):
    bad = tmp_path / "not-a-folder"
    bad.write_text("x")
    for command in (("verify", refs), ("batch", refs, "-o", tmp_path / "out")):
        p = run_cli(*command, env=make_env(fake, bad))
        line = assert_one_line_error(p)
        assert "cache folder" in line and "--no-cache" in line
    assert fake.count() == 0


@pytest.mark.skipif(os.geteuid() == 0 and not shutil.which("setpriv"), reason="root without setpriv")
def test_cache_folder_that_cannot_be_written_is_one_line_exit_2(refs, fake, tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        p = subprocess.run(_without_dac(cli("verify", refs)), capture_output=True, text=True,
                           env=make_env(fake, locked / "cache"), timeout=60)
    finally:
        locked.chmod(0o755)
    line = assert_one_line_error(p)
    assert "cache folder" in line


def test_no_cache_runs_without_one(refs, fake, tmp_path):
    bad = tmp_path / "not-a-folder"
    bad.write_text("x")
    p = run_cli("verify", refs, "--no-cache", "--format", "json", env=make_env(fake, bad))
    assert p.returncode == 0, p.stderr
    got = verdicts(json.loads(p.stdout))
    assert {n: st for n, (st, _) in got.items()} == {1: "ok", 5: "ok", 11: "ok"}
    assert bad.read_text() == "x"


# --------------------------------------------------------------------------- what the cache reads


def _fill(refs, fake, cache):
    p = run_cli("verify", refs, "--format", "json", env=make_env(fake, cache))
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout)


def test_poisoned_cache_rows_are_misses_not_crashes(refs, fake, tmp_path):
    cache = tmp_path / "cache"
    clean = verdicts(_fill(refs, fake, cache))
    conn = sqlite3.connect(cache / "refcheck.sqlite")
    keys = [k for (k,) in conn.execute("SELECT key FROM entries")]
    assert keys
    poisons = [("kind", "'bogus'"), ("value", "'not json'"), ("value", "'\"a string\"'"),
               ("value", "'{\"title\": 5}'"), ("fetched_at", "'yesterday'"), ("value", "'[1, 2'")]
    for i, k in enumerate(keys):
        col, val = poisons[i % len(poisons)]
        conn.execute(f"UPDATE entries SET {col} = {val} WHERE key = ?", (k,))
    conn.commit()
    conn.close()
    for args in ((), ("--offline",)):
        p = run_cli("verify", refs, "--format", "json", *args, env=make_env(fake, cache))
        assert "Traceback" not in p.stderr, p.stderr
        assert p.returncode in (0, 1), p.stderr
        got = verdicts(json.loads(p.stdout))
        if not args:
            assert got == clean  # every poisoned row was asked again


BAD_IMPORTS = {
    "a list": "[1, 2, 3]\n",
    "missing fields": '{"key": "crossref:work:10.1/x"}\n',
    "key not a string": '{"key": 5, "kind": "record", "value": {}, "fetched_at": 1}\n',
    "unknown kind": '{"key": "k", "kind": "weird", "value": {}, "fetched_at": 1}\n',
    "time not a number": '{"key": "k", "kind": "record", "value": {}, "fetched_at": "x"}\n',
    "time null": '{"key": "k", "kind": "record", "value": {}, "fetched_at": null}\n',
    "time in the future": '{"key": "k", "kind": "record", "value": {}, "fetched_at": 1e12}\n',
    "not json": "{oops\n",
}


@pytest.mark.parametrize("case", sorted(BAD_IMPORTS))
def test_cache_import_of_a_wrongly_shaped_file_is_exit_2(case, tmp_path):
    f = tmp_path / "in.jsonl"
    f.write_text(BAD_IMPORTS[case], encoding="utf-8")
    p = run_cli("cache", "import", f, "--cache-dir", tmp_path / "cache", env=make_env(None, tmp_path / "cache"))
    line = assert_one_line_error(p)
    assert "line 1" in line, line


def test_cache_import_with_a_lone_surrogate_is_stored_clean(tmp_path):
    f = tmp_path / "in.jsonl"
    f.write_text('{"key": "pubmed:esearch:5:x", "kind": "record", "value": ["\\ud800123"], "fetched_at": 1}\n')
    p = run_cli("cache", "import", f, "--cache-dir", tmp_path / "cache", env=make_env(None, tmp_path / "cache"))
    assert p.returncode == 0, p.stderr
    conn = sqlite3.connect(tmp_path / "cache" / "refcheck.sqlite")
    (value,) = conn.execute("SELECT value FROM entries").fetchone()
    assert value == '["\ufffd123"]'
