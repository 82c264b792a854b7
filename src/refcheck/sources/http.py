"""The one HTTP chokepoint of the resolver layer.

Every request to PubMed or Crossref passes through :meth:`Service.call`, which adds the
identity parameters (tool/email/api_key, mailto), waits for the shared rate limiter and
concurrency gate, sends with one ``requests.Session``, checks the body is whole, parses it,
retries (tenacity: exponential backoff with jitter, Retry-After honoured) on 5xx, 429,
connection errors, timeouts, truncated or unparseable bodies, stops at ``max_attempts`` or
the lookup's deadline, and then raises ``SourceError(service, one-line reason)``.

Secrets: the NCBI api_key is added here and only here; every URL, log line and exception
text that leaves this module goes through :func:`Redactor.__call__` first.
"""

from __future__ import annotations

import logging
import random
import re
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable
from urllib.parse import quote, quote_plus

import requests
import tenacity

from ..errors import SourceError
from .ratelimit import Gate, RateLimiter

log = logging.getLogger("refcheck.sources")

try:  # the package version for the User-Agent
    from importlib.metadata import version as _pkg_version

    VERSION = _pkg_version("refcheck-citations")
except Exception:  # pragma: no cover - not installed
    VERSION = "0.1.0"


# --------------------------------------------------------------------------- stats


class Stats:
    """Counters shared by both clients (thread-safe)."""

    def __init__(self):
        self._lock = threading.Lock()
        self.requests: Counter[str] = Counter()  # "pubmed:efetch" → n (attempts sent)
        self.retries: Counter[str] = Counter()
        self.status: Counter[int] = Counter()
        self.failures: Counter[str] = Counter()  # lookups given up (SourceError raised)
        self.rate_wait = 0.0  # seconds waited on the rate limiters
        self.cache_hits = 0
        self.cache_misses = 0

    def add(self, what: str, key: Any = None, n: float = 1) -> None:
        with self._lock:
            if what == "rate_wait":
                self.rate_wait += n
            elif what == "cache_hit":
                self.cache_hits += int(n)
            elif what == "cache_miss":
                self.cache_misses += int(n)
            else:
                getattr(self, what)[key] += n

    @property
    def throttled(self) -> int:
        """429 answers seen."""
        return self.status[429]

    def snapshot(self) -> dict:
        with self._lock:
            return {
                "requests": dict(self.requests),
                "requests_total": sum(self.requests.values()),
                "retries": dict(self.retries),
                "retries_total": sum(self.retries.values()),
                "status": {str(k): v for k, v in self.status.items()},
                "throttled_429": self.status[429],
                "failures": dict(self.failures),
                "rate_wait_s": round(self.rate_wait, 3),
                "cache_hits": self.cache_hits,
                "cache_misses": self.cache_misses,
            }

    def __repr__(self) -> str:
        return f"Stats({self.snapshot()})"


# --------------------------------------------------------------------------- redaction


class Redactor:
    """Replaces a secret (and its URL-encoded forms) with '***' in any text."""

    _PARAM = re.compile(r"(api_key=)[^&\s'\"]+", re.I)

    def __init__(self, *secrets: str | None):
        forms: set[str] = set()
        for s in secrets:
            if s:
                forms |= {s, quote(s, safe=""), quote_plus(s)}
        self._forms = sorted((f for f in forms if f), key=len, reverse=True)

    def __call__(self, text: Any) -> str:
        text = str(text)
        for f in self._forms:
            text = text.replace(f, "***")
        return self._PARAM.sub(r"\1***", text)


# --------------------------------------------------------------------------- errors


class _Retryable(Exception):
    """One failed attempt that is worth another try. Message is already redacted."""

    def __init__(self, message: str, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after


class _Fatal(Exception):
    """A failed attempt that another try will not cure (4xx)."""

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status


class ParseError(Exception):
    """Raised by a body parser: the body could not be read (retried)."""


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value.strip()))
    except ValueError:
        from email.utils import parsedate_to_datetime

        try:
            return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
        except Exception:
            return None


def _interval(value: str | None) -> float | None:
    if not value:
        return None
    m = re.match(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*$", value)
    if not m:
        return None
    n = float(m.group(1))
    return {"ms": n / 1000, "m": n * 60}.get(m.group(2) or "s", n)


# --------------------------------------------------------------------------- the chokepoint


@dataclass
class Lane:
    """Where a kind of request queues: its rate limiter and concurrency gate."""

    limiter: RateLimiter
    gate: Gate


@dataclass
class Response:
    status: int
    value: Any  # parsed body (None when the status was accepted without a body parse)
    headers: dict = field(default_factory=dict)


class Breaker:
    """Stops asking a service that is down, so a dead service costs seconds, not minutes.

    After BREAK_AFTER lookups in a row failed (each after its own retries), calls fail at once
    for COOL_DOWN seconds; then one call is let through as a probe, and a success closes it.
    Without it a run against a dead service would wait out every lookup's retries in turn.
    """

    BREAK_AFTER = 3
    COOL_DOWN = 30.0

    def __init__(self):
        self._lock = threading.Lock()
        self._failures = 0
        self._open_until = 0.0

    def refuse(self) -> str | None:
        with self._lock:
            if self._failures < self.BREAK_AFTER:
                return None
            now = time.monotonic()
            if now < self._open_until:
                return f"the service failed {self._failures} lookups in a row"
            self._open_until = now + self.COOL_DOWN  # let this one through as the probe
            return None

    def failed(self) -> None:
        with self._lock:
            self._failures += 1
            if self._failures >= self.BREAK_AFTER:
                self._open_until = time.monotonic() + self.COOL_DOWN

    def succeeded(self) -> None:
        with self._lock:
            self._failures = 0
            self._open_until = 0.0


class Service:
    """One service (one requests.Session) and its chokepoint :meth:`call`."""

    def __init__(
        self,
        name: str,
        base_url: str,
        *,
        settings,
        stats: Stats,
        identity: dict[str, str],
        headers: dict[str, str],
        secrets: tuple[str | None, ...] = (),
        backoff_base: float = 0.5,
        backoff_max: float = 20.0,
        session: requests.Session | None = None,
    ):
        self.name = name
        self.base_url = base_url.rstrip("/")
        self.settings = settings
        self.stats = stats
        self.identity = {k: v for k, v in identity.items() if v}
        self.redact = Redactor(*secrets)
        self.backoff_base = backoff_base
        self.backoff_max = backoff_max
        self.session = session or requests.Session()
        self.session.headers.update(headers)
        self.session.trust_env = False  # no proxies from the environment: the URLs are ours
        self._closed = False
        self._breaker = Breaker()

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self.session.close()

    # ------------------------------------------------------------------ one lookup
    def call(
        self,
        endpoint: str,
        path: str,
        lane: Lane,
        *,
        params: dict | None = None,
        data: dict | None = None,
        parse: Callable[[requests.Response], Any] | None = None,
        accept: tuple[int, ...] = (),
    ) -> Response:
        """Send one request (with retries) and return its parsed body.

        `endpoint` names the request in stats and logs ("efetch", "work"). `accept` lists
        non-2xx statuses that are answers rather than failures (e.g. 404 = no such record):
        they are returned with value None. Raises SourceError when the service failed.
        """
        if self._closed:
            raise SourceError(self.name, "client is closed")
        down = self._breaker.refuse()
        if down:
            self.stats.add("failures", f"{self.name}:{endpoint}")
            raise SourceError(self.name, f"{endpoint}: not asked, {down}")
        params = dict(params or {})
        if data is None:
            params.update(self.identity)
        else:
            data = {**data, **self.identity}
        method = "POST" if data is not None else "GET"
        url = self.base_url + path
        deadline = self.settings.deadline
        max_attempts = max(1, int(self.settings.max_attempts))
        start: list[float] = []
        key = f"{self.name}:{endpoint}"

        def wait(rs: tenacity.RetryCallState) -> float:
            exc = rs.outcome.exception() if rs.outcome else None
            ra = getattr(exc, "retry_after", None)
            if ra is not None:
                w = ra + random.uniform(0, self.backoff_base / 2)
            else:
                cap = min(self.backoff_max, self.backoff_base * 2 ** (rs.attempt_number - 1))
                w = random.uniform(self.backoff_base / 2, max(cap, self.backoff_base / 2))  # full-ish jitter
            left = deadline - (time.monotonic() - start[0]) if start else deadline
            return max(0.0, min(w, left))

        def stop(rs: tenacity.RetryCallState) -> bool:
            if rs.attempt_number >= max_attempts:
                return True
            elapsed = time.monotonic() - start[0] if start else 0.0
            if elapsed >= deadline:
                return True
            exc = rs.outcome.exception() if rs.outcome else None
            ra = getattr(exc, "retry_after", None)
            return ra is not None and elapsed + ra > deadline  # told to wait past our deadline

        def before_sleep(rs: tenacity.RetryCallState) -> None:
            self.stats.add("retries", key)
            exc = rs.outcome.exception()
            log.debug("%s %s: retry %d after %s", self.name, endpoint, rs.attempt_number, exc)

        def attempt() -> Response:
            return self._attempt(method, url, endpoint, key, lane, params, data, parse, accept, start, deadline)

        retrying = tenacity.Retrying(
            retry=tenacity.retry_if_exception_type(_Retryable),
            stop=stop,
            wait=wait,
            before_sleep=before_sleep,
            reraise=True,
        )
        try:
            answer = retrying(attempt)
        except _Retryable as e:
            self.stats.add("failures", key)
            self._breaker.failed()
            raise SourceError(self.name, f"{endpoint}: {e}") from None
        except _Fatal as e:
            self.stats.add("failures", key)
            raise SourceError(self.name, f"{endpoint}: {e}") from None
        self._breaker.succeeded()
        return answer

    def _attempt(self, method, url, endpoint, key, lane, params, data, parse, accept, start, deadline) -> Response:
        with lane.gate:  # gate first, then the limiter: the stamp is taken right before sending
            waited, token = lane.limiter.start()
            if waited:
                self.stats.add("rate_wait", n=waited)
            if not start:
                start.append(time.monotonic())  # the deadline counts from the first request sent
            left = deadline - (time.monotonic() - start[0])
            timeout = max(0.5, min(self.settings.timeout, left))
            self.stats.add("requests", key)
            t0 = time.monotonic()
            try:
                resp = self.session.request(method, url, params=params, data=data, timeout=timeout)
                body = resp.content  # read it all now, inside the timeout and the gate
            except BaseException as e:
                lane.limiter.finish(token)
                self._raise_for(e, method, endpoint, url, t0)
            lane.limiter.finish(token)
        ms = (time.monotonic() - t0) * 1000
        status = resp.status_code
        self.stats.add("status", status)
        log.debug("%s %s %s -> %d (%.0f ms, %d bytes)", method, endpoint, self.redact(resp.url), status, ms, len(body))
        self._follow_limits(resp, lane)

        if status == 429 or status >= 500:
            ra = _retry_after(resp.headers.get("Retry-After"))
            if status == 429:
                lane.limiter.pause(ra if ra is not None else 1.0)
            raise _Retryable(f"HTTP {status}{_snippet(body, self.redact)}", retry_after=ra)
        if status in accept:
            return Response(status, None, dict(resp.headers))
        if status >= 400 or status < 200:
            raise _Fatal(f"HTTP {status}{_snippet(body, self.redact)}", status=status)
        # a short body is a failed attempt, even where urllib3 did not notice
        cl = resp.headers.get("Content-Length")
        if cl and not resp.headers.get("Content-Encoding") and cl.isdigit() and len(body) < int(cl):
            raise _Retryable(f"truncated body ({len(body)} of {cl} bytes)")
        if parse is None:
            return Response(status, body, dict(resp.headers))
        try:
            value = parse(resp)
        except ParseError as e:
            raise _Retryable(f"unreadable body: {self.redact(e)}") from None
        except Exception as e:  # any parser failure on a 200 means a damaged body
            raise _Retryable(f"unreadable body: {type(e).__name__}: {self.redact(_short(e))}") from None
        return Response(status, value, dict(resp.headers))

    def _raise_for(self, e: BaseException, method: str, endpoint: str, url: str, t0: float):
        """Turn a requests exception into a retryable or fatal failure (URL and key redacted)."""
        if isinstance(e, (requests.Timeout, requests.ConnectionError, requests.exceptions.ChunkedEncodingError,
                          requests.exceptions.ContentDecodingError)):
            ms = (time.monotonic() - t0) * 1000
            reason = self.redact(_short(e))
            log.debug("%s %s %s -> %s (%.0f ms)", method, endpoint, self.redact(url), type(e).__name__, ms)
            raise _Retryable(f"{type(e).__name__}: {reason}") from None
        if isinstance(e, requests.RequestException):
            raise _Fatal(f"{type(e).__name__}: {self.redact(_short(e))}") from None
        raise e

    def _follow_limits(self, resp: requests.Response, lane: Lane) -> None:
        h = resp.headers
        lim, iv = h.get("X-Rate-Limit-Limit"), _interval(h.get("X-Rate-Limit-Interval"))
        if lim and iv:
            try:
                lane.limiter.advertise(float(lim), iv)
            except ValueError:
                pass
        conc = h.get("X-Concurrency-Limit")
        if conc and conc.strip().isdigit():
            lane.gate.set_limit(int(conc))


def _short(e: BaseException) -> str:
    return " ".join(str(e).split())[:300]


def _snippet(body: bytes, redact) -> str:
    text = " ".join(body[:200].decode("utf-8", "replace").split())
    return f": {redact(text)}" if text else ""


class Client:
    """What both service clients share: settings, cache, stats and one `Service` chokepoint.

    The User-Agent names refcheck and, when set, the contact address (Crossref's etiquette).
    """

    name = "service"

    def __init__(self, settings, cache, stats: Stats | None, *, base_url: str, identity: dict,
                 headers: dict | None = None, backoff_base: float = 0.5, backoff_max: float = 20.0,
                 session: requests.Session | None = None, workers: int = 3):
        self.settings = settings
        self.cache = cache
        self.stats = stats or Stats()
        self.workers = workers
        # the cache folder is where processes sharing a cache also share the rate limits
        path = getattr(cache, "path", None)
        self.shared_dir = path.parent if path is not None else None
        ua = f"refcheck/{VERSION}" + (f" (mailto:{settings.email})" if settings.email else "")
        self.http = Service(
            self.name, base_url, settings=settings, stats=self.stats, identity=identity,
            headers={"User-Agent": ua, **(headers or {})}, secrets=(settings.api_key,),
            backoff_base=backoff_base, backoff_max=backoff_max, session=session,
        )

    def close(self) -> None:
        self.http.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
