"""The job store: every check this server was given, in one SQLite file under --data-dir.

Why SQLite: a check is finished in ONE transaction that sets `state='done'` together with all
four rendered reports, so a kill -9 at any moment leaves a check either finished and whole or
not finished at all — never a report half-written. WAL + synchronous=FULL keeps committed
checks across a crash or a power cut; the file needs no server and survives restarts, which is
what the history page reads.

The uploaded bytes live in the row (a BLOB), never in a file: nothing is ever written under a
name the user chose. The name the user gave is a display label only (see `inputs.safe_name`).
"""

from __future__ import annotations

import json
import re
import secrets
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

FILENAME = "serve.sqlite"
STATES = ("queued", "running", "done", "failed")
REPORT_FORMATS = {"json": "report_json", "html": "report_html", "csv": "report_csv", "md": "report_md"}
ID_RE = re.compile(r"^[0-9]{8}-[0-9]{6}-[0-9a-f]{6}$")
MAX_ATTEMPTS = 3  # a check interrupted by this many restarts is failed, not retried for ever

_SCHEMA = """
CREATE TABLE IF NOT EXISTS checks (
    id          TEXT PRIMARY KEY,
    created     REAL NOT NULL,
    started     REAL,
    finished    REAL,
    state       TEXT NOT NULL CHECK (state IN ('queued','running','done','failed')),
    name        TEXT NOT NULL,          -- display label (sanitised), never a path
    kind        TEXT NOT NULL CHECK (kind IN ('file','text')),
    input       BLOB NOT NULL,
    sha256      TEXT NOT NULL,
    refs        INTEGER,                -- entries found when the input was accepted
    parent      TEXT,                   -- the check this one re-runs
    attempts    INTEGER NOT NULL DEFAULT 0,
    progress    TEXT NOT NULL DEFAULT '{}',
    error       TEXT,
    summary     TEXT,
    changes     TEXT,
    report_json TEXT, report_html TEXT, report_csv TEXT, report_md TEXT
);
CREATE INDEX IF NOT EXISTS checks_created ON checks(created);
CREATE INDEX IF NOT EXISTS checks_state ON checks(state, created);
"""


@dataclass(frozen=True)
class Check:
    """One row without its input and reports (those are read on demand)."""

    id: str
    created: float
    started: float | None
    finished: float | None
    state: str
    name: str
    kind: str
    sha256: str
    refs: int | None
    parent: str | None
    attempts: int
    progress: dict
    error: str | None
    summary: dict | None
    changes: list | None


_COLS = "id, created, started, finished, state, name, kind, sha256, refs, parent, attempts, progress, error, summary, changes"


def _row(r: tuple) -> Check:
    return Check(
        id=r[0], created=r[1], started=r[2], finished=r[3], state=r[4], name=r[5], kind=r[6], sha256=r[7],
        refs=r[8], parent=r[9], attempts=r[10], progress=json.loads(r[11] or "{}"), error=r[12],
        summary=json.loads(r[13]) if r[13] else None, changes=json.loads(r[14]) if r[14] else None,
    )  # fmt: skip


def new_id(now: float | None = None) -> str:
    """Sortable by time (newest first = descending), unguessable enough to not collide."""
    t = time.gmtime(now if now is not None else time.time())
    return time.strftime("%Y%m%d-%H%M%S", t) + "-" + secrets.token_hex(3)


class JobStore:
    """Thread-safe: one connection, serialised by a lock (the workload is a few writes a second)."""

    def __init__(self, data_dir: Path):
        self.path = Path(data_dir) / FILENAME
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._conn = sqlite3.connect(str(self.path), isolation_level=None, check_same_thread=False, timeout=30)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=FULL")
        self._conn.executescript(_SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def _tx(self):
        return _Tx(self)

    # ------------------------------------------------------------------ writes
    def add(self, *, name: str, kind: str, data: bytes, sha256: str, refs: int | None,
            parent: str | None = None) -> Check:
        now = time.time()
        cid = new_id(now)
        with self._tx() as c:
            c.execute(
                "INSERT INTO checks (id, created, state, name, kind, input, sha256, refs, parent) "
                "VALUES (?, ?, 'queued', ?, ?, ?, ?, ?, ?)",
                (cid, now, name, kind, data, sha256, refs, parent),
            )
        got = self.get(cid)
        assert got is not None
        return got

    def claim_next(self) -> Check | None:
        """The oldest queued check, now `running` (one attempt more), or None."""
        with self._tx() as c:
            r = c.execute("SELECT id FROM checks WHERE state='queued' ORDER BY created, id LIMIT 1").fetchone()
            if r is None:
                return None
            c.execute(
                "UPDATE checks SET state='running', started=?, attempts=attempts+1, progress='{}' WHERE id=?",
                (time.time(), r[0]),
            )
        return self.get(r[0])

    def set_progress(self, cid: str, progress: dict) -> None:
        with self._tx() as c:
            c.execute("UPDATE checks SET progress=? WHERE id=? AND state='running'", (json.dumps(progress), cid))

    def finish(self, cid: str, reports: dict[str, str], summary: dict, changes: list | None) -> None:
        """Done, with every report, in one transaction: all of it or none of it."""
        cols = ", ".join(f"{REPORT_FORMATS[f]}=?" for f in REPORT_FORMATS)
        with self._tx() as c:
            c.execute(
                f"UPDATE checks SET state='done', finished=?, error=NULL, summary=?, changes=?, {cols} WHERE id=?",
                (time.time(), json.dumps(summary), json.dumps(changes) if changes is not None else None,
                 *(reports[f] for f in REPORT_FORMATS), cid),
            )

    def fail(self, cid: str, error: str) -> None:
        with self._tx() as c:
            c.execute("UPDATE checks SET state='failed', finished=?, error=? WHERE id=?", (time.time(), error, cid))

    def recover(self) -> tuple[list[str], list[str]]:
        """After a restart: checks left `running` go back to the queue, or fail after MAX_ATTEMPTS.

        Returns (resumed ids, failed ids).
        """
        with self._tx() as c:
            rows = c.execute("SELECT id, attempts FROM checks WHERE state='running'").fetchall()
            resumed = [i for i, a in rows if a < MAX_ATTEMPTS]
            failed = [i for i, a in rows if a >= MAX_ATTEMPTS]
            for i in resumed:
                c.execute("UPDATE checks SET state='queued', progress=? WHERE id=?",
                          (json.dumps({"resumed": True}), i))
            for i in failed:
                c.execute(
                    "UPDATE checks SET state='failed', finished=?, error=? WHERE id=?",
                    (time.time(), f"the server stopped during this check {MAX_ATTEMPTS} times; not retried", i),
                )
        return resumed, failed

    # ------------------------------------------------------------------ reads
    def get(self, cid: str) -> Check | None:
        if not ID_RE.match(cid or ""):
            return None
        with self._lock:
            r = self._conn.execute(f"SELECT {_COLS} FROM checks WHERE id=?", (cid,)).fetchone()
        return _row(r) if r else None

    def input_of(self, cid: str) -> bytes | None:
        with self._lock:
            r = self._conn.execute("SELECT input FROM checks WHERE id=?", (cid,)).fetchone()
        return bytes(r[0]) if r else None

    def report(self, cid: str, fmt: str) -> str | None:
        col = REPORT_FORMATS[fmt]  # KeyError for an unknown format: callers check first
        with self._lock:
            r = self._conn.execute(f"SELECT {col} FROM checks WHERE id=? AND state='done'", (cid,)).fetchone()
        return r[0] if r else None

    def history(self, limit: int = 200, offset: int = 0) -> list[Check]:
        with self._lock:
            rows = self._conn.execute(
                f"SELECT {_COLS} FROM checks ORDER BY created DESC, id DESC LIMIT ? OFFSET ?", (limit, offset)
            ).fetchall()
        return [_row(r) for r in rows]

    def queue_position(self, cid: str) -> int | None:
        """How many queued checks are ahead of this one (0 = next), or None if it is not queued."""
        with self._lock:
            r = self._conn.execute("SELECT created, state FROM checks WHERE id=?", (cid,)).fetchone()
            if r is None or r[1] != "queued":
                return None
            (n,) = self._conn.execute(
                "SELECT COUNT(*) FROM checks WHERE state='queued' AND (created < ? OR (created = ? AND id < ?))",
                (r[0], r[0], cid),
            ).fetchone()
        return int(n)

    def counts(self) -> dict[str, int]:
        with self._lock:
            rows = self._conn.execute("SELECT state, COUNT(*) FROM checks GROUP BY state").fetchall()
        out = {s: 0 for s in STATES}
        out.update({s: int(n) for s, n in rows})
        return out


class _Tx:
    """BEGIN IMMEDIATE … COMMIT under the store's lock; ROLLBACK on any exception."""

    def __init__(self, store: JobStore):
        self.store = store

    def __enter__(self) -> sqlite3.Connection:
        self.store._lock.acquire()
        self.store._conn.execute("BEGIN IMMEDIATE")
        return self.store._conn

    def __exit__(self, exc_type, *rest) -> None:
        try:
            self.store._conn.execute("ROLLBACK" if exc_type else "COMMIT")
        finally:
            self.store._lock.release()

