"""Process-wide politeness: a rate limiter and a concurrency gate per service.

Both are shared by every thread of the process (``limiter_for`` / ``gate_for`` hand out one
object per name), so two clients or eight worker threads talking to the same service still
keep to one budget.

The limiter is a sliding-window log: at most ``n = max(1, floor(rate))`` requests start in
any window of ``n / rate`` seconds (plus a small safety margin). A request counts from its
start until its answer is in, and is then stamped with the answer's time: the server saw it
between those two moments, so the log never undercounts, however late a thread really sent it.
"""

from __future__ import annotations

import math
import os
import re
import threading
import time
from collections import deque
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: limits stay per process
    fcntl = None  # type: ignore[assignment]

MARGIN = 0.06  # seconds added to each window: scheduling jitter between stamping and sending


class WaitTooLong(Exception):
    """The limiter would have to wait longer than the caller can (its lookup's deadline)."""

    def __init__(self, seconds: float):
        super().__init__(f"waiting {seconds:.1f}s on the rate limit would pass this lookup's deadline")
        self.seconds = seconds


class SharedSpacing:
    """Spaces request starts across processes that share one cache folder.

    The per-process limiter cannot see another refcheck process (two cron jobs, a batch and a
    verify): each would take the whole 3/s. This keeps, in a small file beside the cache, the
    wall-clock time before which no process may start the next request, and moves it on by one
    interval per request under an exclusive lock held only for that read-and-write. Where the
    folder cannot be written or the platform has no `fcntl`, it does nothing (per-process only).
    """

    def __init__(self, path, interval: float, *, clock=time.time):
        self.path = str(path)
        self.interval = interval
        self._clock = clock
        self.enabled = fcntl is not None

    def reserve(self) -> float:
        """Claim the next start time for this process; return how long to wait for it."""
        if not self.enabled:
            return 0.0
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:
            self.enabled = False
            return 0.0
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            raw = os.pread(fd, 64, 0)
            try:
                nxt = float(raw.decode("ascii").strip() or 0.0)
            except (UnicodeDecodeError, ValueError):
                nxt = 0.0
            now = self._clock()
            if nxt > now + 60:  # a clock step or a damaged file: never wait on nonsense
                nxt = now
            start = max(now, nxt)
            data = f"{start + self.interval:.6f}".ljust(32).encode("ascii")
            os.pwrite(fd, data, 0)
            return start - now
        except OSError:
            return 0.0
        finally:
            os.close(fd)  # closing releases the lock


class RateLimiter:
    """Thread-safe sliding-window limiter: ``acquire()`` blocks until a request may start."""

    def __init__(self, rate: float, *, margin: float = MARGIN, clock=time.monotonic, sleep=time.sleep,
                 shared: SharedSpacing | None = None):
        self._lock = threading.Lock()
        self.shared = shared
        self._clock = clock
        self._sleep = sleep
        self.margin = margin
        self._stamps: deque[list] = deque()  # [stamp, finished]
        self._paused_until = 0.0
        self._configured = float(rate)
        self._advertised: float | None = None
        self._set(float(rate))

    # ------------------------------------------------------------------ rate
    def _set(self, rate: float) -> None:
        rate = max(rate, 0.01)
        self.rate = rate
        self.n = max(1, int(math.floor(rate + 1e-9)))
        self.window = self.n / rate + self.margin

    def advertise(self, limit: float, interval: float) -> None:
        """The server said X-Rate-Limit-Limit/Interval: follow it when it is lower than ours."""
        if limit <= 0 or interval <= 0:
            return
        advertised = limit / interval
        with self._lock:
            if self._advertised == advertised:
                return
            self._advertised = advertised
            self._set(min(self._configured, advertised))

    def pause(self, seconds: float) -> None:
        """Nobody starts a request for `seconds` (after a 429 / Retry-After)."""
        with self._lock:
            self._paused_until = max(self._paused_until, self._clock() + seconds)

    # ------------------------------------------------------------------ acquire
    def acquire(self) -> float:
        """Block until a request may start; return the seconds waited. The request is taken
        as sent at once (no `finish` to wait for): for callers that cannot report the answer."""
        waited, token = self.start()
        self.finish(token)
        return waited

    def start(self, max_wait: float | None = None) -> tuple[float, list]:
        """Block until a request may start; return (seconds waited, token for `finish`).

        With `max_wait`, a wait that would go beyond it (a `Retry-After: 100000` pause) raises
        WaitTooLong at once instead of sleeping: the caller's lookup fails now, not in a day.

        A request in flight counts as arriving "now" until `finish` stamps it with the time its
        answer came back: the server saw it somewhere between start and answer, so a stamp taken
        at the answer can never undercount, however late the thread really sent it (a busy
        interpreter can delay a send by more than any fixed margin).
        """
        waited = 0.0
        while True:
            with self._lock:
                now = self._clock()
                # forget answered requests older than the window; in-flight ones stay
                self._stamps = deque(t for t in self._stamps if not t[1] or now - t[0] < self.window)
                delay = 0.0
                if self._paused_until > now:
                    delay = self._paused_until - now
                else:
                    live = [now if not done else t for t, done in self._stamps]
                    live = [t for t in live if now - t < self.window]
                    if len(live) >= self.n:
                        oldest = sorted(live)[len(live) - self.n]
                        delay = self.window - (now - oldest)
                        if any(not done for _, done in self._stamps):
                            delay = min(delay, 0.02)  # poll: an answer may free the window
                if delay <= 0:
                    token = [now, False]
                    self._stamps.append(token)
                    break
                if max_wait is not None and waited + delay > max_wait:
                    raise WaitTooLong(delay)
            self._sleep(delay)
            waited += delay
        if self.shared is not None:  # other processes on this cache folder
            extra = self.shared.reserve()
            if extra > 0:
                self._sleep(extra)
                waited += extra
        return waited, token

    def finish(self, token: list) -> None:
        """The request's answer (or failure) is in: stamp it with the latest time it can have arrived."""
        with self._lock:
            token[0] = max(token[0], self._clock())
            token[1] = True


class Gate:
    """A counting gate whose limit can be lowered at run time (X-Concurrency-Limit)."""

    def __init__(self, limit: int | None):
        self.limit = limit
        self._active = 0
        self._cond = threading.Condition()

    def set_limit(self, limit: int | None) -> None:
        with self._cond:
            if limit is not None and (self.limit is None or limit < self.limit):
                self.limit = max(1, limit)
            self._cond.notify_all()

    def __enter__(self):
        with self._cond:
            while self.limit is not None and self._active >= self.limit:
                self._cond.wait()
            self._active += 1
        return self

    def __exit__(self, *exc):
        with self._cond:
            self._active -= 1
            self._cond.notify()
        return False


_registry_lock = threading.Lock()
_limiters: dict[tuple, RateLimiter] = {}
_gates: dict[tuple, Gate] = {}


def limiter_for(name: str, rate: float, shared_dir: str | os.PathLike[str] | None = None) -> RateLimiter:
    """The process-wide limiter for `name` at `rate` (one per distinct pair).

    With `shared_dir` (the cache folder) the limiter also spaces its starts with every other
    process using that folder, through `<shared_dir>/ratelimit-<name>.lock`. A process keeps the
    first folder it was given (one process normally has one cache).
    """
    key = (name, float(rate))
    with _registry_lock:
        lim = _limiters.get(key)
        if lim is None:
            lim = _limiters[key] = RateLimiter(rate)
        if lim.shared is None and shared_dir is not None and Path(shared_dir).is_dir():
            safe = re.sub(r"[^A-Za-z0-9_.-]", "_", name)
            lim.shared = SharedSpacing(Path(shared_dir) / f"ratelimit-{safe}.lock", 1.0 / max(rate, 0.01) + MARGIN / 2)
        return lim


def gate_for(name: str, limit: int | None) -> Gate:
    key = (name, limit)
    with _registry_lock:
        g = _gates.get(key)
        if g is None:
            g = _gates[key] = Gate(limit)
        return g
