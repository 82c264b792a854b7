"""The run folder: its layout, run ids and fingerprints, finding runs to resume or compare
with, the journal (progress.jsonl) and the lock that keeps two processes out of one run."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import secrets
import threading
import time
from pathlib import Path

from ..dates import utc_iso

log = logging.getLogger("refcheck.batch")

BATCH_SCHEMA = "refcheck/batch-v1"
CHANGES_SCHEMA = "refcheck/changes-v1"
RUN_SCHEMA = "refcheck/batch-run-v1"

DEFAULT_FORMATS = ("json", "html")
RESERVED = {"summary", "changes", "index", "run", "progress", "verdicts"}
RUN_ID = re.compile(r"^\d{8}T\d{6}Z-[0-9a-z]{4,}$")
WORKERS = 4

RUN_FILE, JOURNAL, SUMMARY, SUMMARY_CSV, CHANGES, INDEX = (
    "run.json",
    "progress.jsonl",
    "summary.json",
    "summary.csv",
    "changes.json",
    "index.html",
)
VERDICTS = "verdicts"


class BatchError(Exception):
    """The batch as a whole cannot run (no articles, bad --since, unwritable DIR): exit 2."""


# =========================================================================== run ids, fingerprints


def fingerprint(args: dict) -> str:
    """sha256 of the arguments that decide what a run produces (canonical JSON)."""
    blob = json.dumps(args, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def new_run_id(fp: str = "", now: float | None = None) -> str:
    """`20261125T031500Z-3f9a`: UTC to the second (so ids sort by time) + 4 hex of the
    argument fingerprint (or random)."""
    t = time.gmtime(time.time() if now is None else now)
    suffix = (fp or secrets.token_hex(2))[:4].lower()
    return time.strftime("%Y%m%dT%H%M%SZ", t) + "-" + suffix


def iso(ts: float | None) -> str | None:
    return None if ts is None else utc_iso(ts)


def sha256_file(path: str | os.PathLike) -> str | None:
    h = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 16), b""):
                h.update(chunk)
    except OSError:
        return None
    return h.hexdigest()


# =========================================================================== run folders


def list_runs(out_dir: Path) -> list[Path]:
    """Run folders in DIR, oldest first (run ids sort by time)."""
    if not out_dir.is_dir():
        return []
    return sorted((p for p in out_dir.iterdir() if p.is_dir() and RUN_ID.match(p.name)), key=lambda p: p.name)


def is_finished(run_dir: Path) -> bool:
    return (run_dir / SUMMARY).is_file()


def read_json(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def find_resumable(out_dir: Path, fp: str) -> Path | None:
    """The newest unfinished run in DIR started with the same arguments."""
    for run in reversed(list_runs(out_dir)):
        if is_finished(run):
            continue
        meta = read_json(run / RUN_FILE)
        if meta and meta.get("fingerprint") == fp:
            return run
    return None


def previous_finished(out_dir: Path, before: str | None = None) -> Path | None:
    """The newest finished run in DIR whose id sorts before `before` (any arguments)."""
    for run in reversed(list_runs(out_dir)):
        if before is not None and run.name >= before:
            continue
        if is_finished(run):
            return run
    return None


class Journal:
    """progress.jsonl: one JSON line per finished article, appended with flush + fsync."""

    def __init__(self, path: Path):
        self.path = path
        self._lock = threading.Lock()

    @staticmethod
    def read(path: Path) -> list[dict]:
        """Complete lines only: a line torn by a crash (no newline, or bad JSON) is ignored."""
        try:
            data = path.read_bytes()
        except OSError:
            return []
        out = []
        for line in data.split(b"\n")[:-1] if data else []:
            try:
                d = json.loads(line)
            except ValueError:
                continue
            if isinstance(d, dict) and "path" in d:
                out.append(d)
        return out

    def repair(self) -> None:
        """Cut a torn last line so the next append starts on a line of its own."""
        try:
            data = self.path.read_bytes()
        except OSError:
            return
        if data and not data.endswith(b"\n"):
            keep = data.rfind(b"\n") + 1
            with open(self.path, "r+b") as f:
                f.truncate(keep)
                f.flush()
                os.fsync(f.fileno())

    def append(self, entry: dict) -> None:
        line = json.dumps(entry, ensure_ascii=False, separators=(",", ":")) + "\n"
        with self._lock:
            with open(self.path, "a", encoding="utf-8") as f:
                f.write(line)
                f.flush()
                os.fsync(f.fileno())


class RunLock:
    """An exclusive flock on DIR/<run-id>/.lock held while a process writes the run (released by
    the kernel on any exit, kill -9 included), so two processes never complete one run together."""

    def __init__(self, run_dir: Path):
        self.path = run_dir / ".lock"
        self.fd: int | None = None

    def acquire(self) -> bool:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not POSIX
            return True
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        self.fd = fd
        return True

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


def fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


