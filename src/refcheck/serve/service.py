"""The checking service behind the web page: a queue of checks, a few worker threads, and ONE
Resolver (one cache, one rate limiter per service) that every worker shares.

Why one Resolver: NCBI's 3 requests/s and Crossref's limits are per user of the service, not
per upload. Twenty uploads at once therefore queue (oldest first) and share the budget; the
status of each says where it stands and whether the rate limit is what it is waiting on.

Each check runs read → parse → resolve → verify → render exactly as `refcheck verify` does, and
is finished in one store transaction (see store.py). After a restart, checks that were running
go back to the queue (their input is in the store; what they had fetched is in the cache, so
resuming costs few requests); one interrupted MAX_ATTEMPTS times is failed with a clear error.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections import deque
from pathlib import Path
from typing import Any

from refcheck.errors import RefcheckError
from refcheck.resolve import Resolver
from refcheck.settings import Settings
from refcheck.sources import Stats
from refcheck.sources.http import Redactor

from .inputs import Accepted, parse_bytes
from .store import REPORT_FORMATS, Check, JobStore

log = logging.getLogger("refcheck.serve")

RENDERER = {"json": "json", "html": "html", "csv": "csv", "md": "markdown"}
RATE_WINDOW = 3.0  # seconds over which "waiting on rate limits" is judged
RATE_BUSY = 0.5  # seconds of rate-limit waiting within RATE_WINDOW that make it the bottleneck


class CheckService:
    def __init__(self, settings: Settings, data_dir: Path, workers: int = 2, resolver: Resolver | None = None):
        self.settings = settings
        self.store = JobStore(Path(data_dir))
        self.stats = resolver.stats if resolver is not None else Stats()
        self.resolver = resolver or Resolver(settings, stats=self.stats)
        self.workers = max(1, workers)
        self.redact = Redactor(settings.api_key)
        self._wake = threading.Condition()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._live: dict[str, dict] = {}  # running id → progress (also persisted at each stage)
        self._samples: deque[tuple[float, float]] = deque(maxlen=64)  # (time, rate_wait total)
        self._samples_lock = threading.Lock()

    # ------------------------------------------------------------------ life cycle
    def start(self) -> tuple[list[str], list[str]]:
        resumed, failed = self.store.recover()
        for cid in resumed:
            log.warning("check %s was interrupted by a restart: queued again", cid)
        for cid in failed:
            log.warning("check %s was interrupted too often: failed", cid)
        for i in range(self.workers):
            t = threading.Thread(target=self._loop, name=f"refcheck-serve-{i}", daemon=True)
            t.start()
            self._threads.append(t)
        return resumed, failed

    def stop(self, timeout: float = 5.0) -> None:
        """Stop taking checks; a check still running stays `running` and resumes next start."""
        self._stop.set()
        with self._wake:
            self._wake.notify_all()
        for t in self._threads:
            t.join(timeout)
        if not any(t.is_alive() for t in self._threads):
            self.resolver.close()
            self.store.close()

    # ------------------------------------------------------------------ submitting
    def submit(self, acc: Accepted, parent: str | None = None) -> Check:
        check = self.store.add(name=acc.name, kind=acc.kind, data=acc.data, sha256=acc.sha256,
                               refs=len(acc.doc.references), parent=parent)
        with self._wake:
            self._wake.notify()
        return check

    def rerun(self, cid: str) -> Check | None:
        """The same input checked again now; the new check lists what changed since `cid`."""
        old = self.store.get(cid)
        data = self.store.input_of(cid)
        if old is None or data is None:
            return None
        check = self.store.add(name=old.name, kind=old.kind, data=data, sha256=old.sha256, refs=old.refs, parent=cid)
        with self._wake:
            self._wake.notify()
        return check

    # ------------------------------------------------------------------ the workers
    def _loop(self) -> None:
        while not self._stop.is_set():
            check = self.store.claim_next()
            if check is None:
                with self._wake:
                    self._wake.wait(timeout=1.0)
                continue
            self._run(check)

    def _run(self, check: Check) -> None:
        from refcheck.report import render
        from refcheck.verify import verify_document

        cid = check.id
        t0 = time.monotonic()
        try:
            doc = parse_bytes(self.store.input_of(cid) or b"", check.name)
            total = len(doc.references)
            self._stage(cid, {"stage": "starting", "identified": 0, "references": total})

            def progress(stage: str, done: int) -> None:
                self._stage(cid, {"stage": stage, "identified": done, "references": total})

            lookups = self.resolver.resolve(doc.references, progress=progress)
            report = verify_document(doc, lookups)
            reports = {fmt: render(report, RENDERER[fmt]) for fmt in REPORT_FORMATS}
            changes = self._changes(check, reports["json"])
            final = {"stage": "done", "identified": total, "references": total,
                     "seconds": round(time.monotonic() - t0, 2)}
            self.store.set_progress(cid, final)
            self.store.finish(cid, reports, report.summary(), changes)
            log.info("check %s done in %.1f s", cid, time.monotonic() - t0)
        except RefcheckError as e:
            self.store.fail(cid, self.redact(str(e)).splitlines()[0])
        except Exception as e:  # one broken check never stops the worker
            log.exception("check %s failed", cid)
            self.store.fail(cid, self.redact(f"internal error ({type(e).__name__}); see the server log"))
        finally:
            self._live.pop(cid, None)

    def _stage(self, cid: str, progress: dict) -> None:
        self._live[cid] = progress
        self.store.set_progress(cid, progress)

    def _changes(self, check: Check, report_json: str) -> list | None:
        """What changed since the check this one re-runs (None when it re-runs nothing)."""
        if not check.parent:
            return None
        old = self.store.report(check.parent, "json")
        if old is None:
            return None
        from refcheck.batch import diff_reports

        return diff_reports(check.name, json.loads(old), json.loads(report_json))

    # ------------------------------------------------------------------ status
    def rate_limited(self) -> bool:
        """Whether the workers spent noticeable time waiting on rate limits just now."""
        now = time.monotonic()
        total = self.stats.snapshot()["rate_wait_s"]
        with self._samples_lock:
            self._samples.append((now, total))
            old = next((w for t, w in self._samples if now - t <= RATE_WINDOW), total)
        return total - old >= RATE_BUSY

    def server_progress(self) -> dict:
        snap = self.stats.snapshot()
        counts = self.store.counts()
        return {
            "running": counts["running"],
            "queued": counts["queued"],
            "requests": snap["requests_total"],
            "rate_wait_s": snap["rate_wait_s"],
            "throttled_429": snap["throttled_429"],
            "ncbi_rate": self.settings.ncbi_rps,
            "rate_limited": self.rate_limited(),
        }

    def status(self, check: Check) -> dict:
        """The contract's status object (id, state, progress, error) plus additive keys."""
        progress = dict(self._live.get(check.id) or check.progress)
        progress.setdefault("references", check.refs)
        if check.state in ("queued", "running"):
            server = self.server_progress()
            progress["server"] = server
            progress["rate_limited"] = server["rate_limited"]
            if check.state == "queued":
                progress["queue_position"] = self.store.queue_position(check.id)
        progress["message"] = message(check.state, progress)
        out: dict[str, Any] = {
            "id": check.id,
            "state": check.state,
            "progress": progress,
            "error": check.error,
            # additive
            "name": check.name,
            "created": _iso(check.created),
            "started": _iso(check.started),
            "finished": _iso(check.finished),
            "summary": check.summary,
            "parent": check.parent,
        }
        if check.state == "done":
            out["reports"] = {fmt: f"/api/checks/{check.id}/report.{fmt}" for fmt in REPORT_FORMATS}
            if check.changes is not None:
                out["changes"] = check.changes
        return out


def message(state: str, p: dict) -> str:
    """One sentence a person reads on the page."""
    n = p.get("references")
    if state == "queued":
        ahead = p.get("queue_position") or 0
        server = p.get("server") or {}
        why = ""
        if server.get("running"):
            why = (f"; {server['running']} check(s) running, and every check on this server shares "
                   f"NCBI's limit of {server.get('ncbi_rate', 3):g} requests/s")
        return f"Queued: {ahead} check(s) ahead of this one{why}."
    if state == "running":
        s = f"{p.get('identified', 0)} of {n} references identified · {p.get('stage', 'starting')}"
        if p.get("rate_limited"):
            s += " · waiting on the services' rate limits (shared by every check on this server)"
        return s + "."
    if state == "done":
        return f"Done: {n} references checked" + (f" in {p['seconds']:g} s." if p.get("seconds") is not None else ".")
    return "This check failed."


def _iso(ts: float | None) -> str | None:
    if ts is None:
        return None
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ts))
