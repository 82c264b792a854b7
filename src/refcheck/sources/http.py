"""The one HTTP chokepoint of the resolver layer.

Every request to PubMed or Crossref passes through :meth:`Service.call`, which adds the
identity parameters (tool/email/api_key, mailto), waits for the shared rate limiter and
concurrency gate, sends with one ``requests.Session``, checks the body is whole, parses it,
retries (tenacity: exponential backoff with jitter, Retry-After honoured) on 5xx, 429,
connection resets, timeouts, truncated or unparseable bodies, stops at ``max_attempts`` or
the lookup's deadline, and then raises ``SourceError(service, one-line reason)``.

Answers are untrusted (a proxy, a compromised or broken service):

- bodies are streamed and counted *after* decompression against a limit per service and
  endpoint (:data:`MAX_BODY`), with a decompression-ratio limit, so a huge answer or a gzip
  bomb costs a few megabytes, not the machine;
- the whole lookup, slow bodies and rate-limit waits included, ends by its deadline: a body
  dripping one byte a second, or a ``Retry-After`` beyond the deadline, fails the lookup now;
- redirects are not followed (a 3xx is a failed lookup);
- strings in parsed answers are cleaned (:func:`sanitize`): lone surrogates become U+FFFD,
  NUL and other control characters are dropped, so an answer can always be stored and shown;
- a service that cannot be reached at all (name resolution, connection refused, no route,
  TLS) is not retried like a busy one: its circuit opens at once and the cause is kept in
  ``Stats.unreachable`` for the one-line explanation.

Secrets: the NCBI api_key is added here and only here; every URL, log line and exception
text that leaves this module goes through :func:`Redactor.__call__` first.
"""

from __future__ import annotations

import dataclasses
import json
import errno
import logging
import random
import re
import socket
import ssl
import threading
import time
import zlib
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable
from urllib.parse import quote, quote_plus, urlsplit

import requests
import tenacity

from ..errors import SourceError
from .ratelimit import Gate, RateLimiter, WaitTooLong

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
        self.unreachable: dict[str, str] = {}  # host → why it could not be reached (first cause)

    def add(self, what: str, key: Any = None, n: float = 1) -> None:
        with self._lock:
            if what == "rate_wait":
                self.rate_wait += n
            elif what == "cache_hit":
                self.cache_hits += int(n)
            elif what == "cache_miss":
                self.cache_misses += int(n)
            elif what == "unreachable":
                host, cause = key
                self.unreachable.setdefault(host, cause)
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
                "failures_total": sum(self.failures.values()),
                "unreachable": dict(self.unreachable),
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
    """A failed attempt that another try will not cure (4xx, a redirect, an oversized body)."""

    def __init__(self, message: str, status: int | None = None, trips: bool = False):
        super().__init__(message)
        self.status = status
        self.trips = trips  # counts towards the circuit breaker (the service misbehaves)


class _Unreachable(Exception):
    """The service could not be reached at all: no answer will come by asking again soon."""

    def __init__(self, host: str, cause: str):
        super().__init__(f"cannot reach {host}: {cause}")
        self.host = host
        self.cause = cause


class ParseError(Exception):
    """Raised by a body parser: the body could not be read (retried)."""


def json_body(resp: requests.Response) -> Any:
    """The answer's JSON (already bounded by the chokepoint); unreadable JSON is a ParseError."""
    try:
        return json.loads(resp.content)
    except ValueError as e:
        raise ParseError(f"invalid JSON: {e}") from None


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


# --------------------------------------------------------------------------- limits

MiB = 1 << 20
# Largest answer read, in bytes after decompression, per "service:endpoint". Sized from the
# largest real answers (efetch of 400 records with abstracts is ~20 MiB; a Crossref work with
# thousands of references a few MiB) with room to spare; anything bigger is not an answer.
MAX_BODY = {
    "pubmed:efetch": 96 * MiB,
    "pubmed:esummary": 32 * MiB,
    "pubmed:esearch": 1 * MiB,
    "pubmed:ecitmatch": 4 * MiB,
    "crossref:work": 16 * MiB,
    "crossref:works": 96 * MiB,
    "crossref:query": 32 * MiB,
    "crossref:updates": 96 * MiB,
}
DEFAULT_MAX_BODY = 32 * MiB
ERROR_BODY = 64 * 1024  # of a 4xx/5xx answer only the start is read (for the log line)
MAX_RATIO = 100  # decompressed / compressed: text compresses ~5-20×; a bomb 1000×
RATIO_FLOOR = 1 * MiB  # small answers may compress better than MAX_RATIO without harm
CHUNK = 64 * 1024
ACCEPT_ENCODING = "gzip, deflate"  # only what _Inflater can bound


class _Inflater:
    """Incremental gzip/deflate decoding with a bound on what one step may produce."""

    def __init__(self, encoding: str):
        enc = encoding.strip().lower()
        if enc in ("", "identity"):
            self._d = None
        elif enc in ("gzip", "x-gzip"):
            self._d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif enc == "deflate":
            self._d = zlib.decompressobj()
            self._raw_fallback = True
        else:
            raise _Fatal(f"unsupported Content-Encoding {encoding[:40]!r}", trips=True)

    def feed(self, data: bytes, room: int) -> bytes:
        """Decoded bytes of `data`, at most `room` + 1 of them (one more says "too big")."""
        if self._d is None:
            return data
        try:
            out = self._d.decompress(data, room + 1)
            while self._d.unconsumed_tail and len(out) <= room:
                out += self._d.decompress(self._d.unconsumed_tail, room + 1 - len(out))
        except zlib.error as e:
            if getattr(self, "_raw_fallback", False) and not getattr(self, "_started", False):
                self._d, self._raw_fallback = zlib.decompressobj(-zlib.MAX_WBITS), False  # raw deflate
                return self.feed(data, room)
            raise _Retryable(f"damaged compressed body: {e}") from None
        self._started = True
        return out


def _read_body(resp, limit: int, until: float, started: float, cut: bool = False) -> bytes:
    """The whole body of a streamed response, or an exception: too big (after decompression),
    inflating too much, too slow (past `until`, monotonic), or cut short. With `cut` (an error
    answer, read for its first words only) the first `limit` bytes, whatever follows."""
    pre = getattr(resp, "_content", False)
    if resp.raw is None and isinstance(pre, bytes):  # an answer already in memory (a test's session)
        if len(pre) > limit and not cut:
            raise _Fatal(f"answer too large (over {limit} bytes)", trips=True)
        return pre[:limit]
    cl = resp.headers.get("Content-Length", "").strip()
    inflater = _Inflater(resp.headers.get("Content-Encoding", ""))
    if cl.isdigit() and inflater._d is None and int(cl) > limit and not cut:
        raise _Fatal(f"answer too large ({int(cl)} bytes announced; limit {limit})", trips=True)
    raw, out, n_raw = resp.raw, bytearray(), 0
    while True:
        if time.monotonic() > until:
            raise _Retryable(f"answer too slow: {len(out)} bytes in {time.monotonic() - started:.0f}s")
        try:
            data = raw.read1(CHUNK, decode_content=False)
        except Exception as e:  # urllib3 ProtocolError/ReadTimeoutError, IncompleteRead, resets
            raise _Retryable(f"body cut short: {type(e).__name__}: {_short(e)}") from None
        if not data:
            break
        n_raw += len(data)
        # never inflate past what the size limit or the ratio limit allows for the bytes so far
        allowed = limit if inflater._d is None else min(limit, max(RATIO_FLOOR, MAX_RATIO * n_raw))
        out += inflater.feed(data, allowed - len(out))
        if len(out) > allowed and cut:
            return bytes(out[:allowed])
        if len(out) > allowed and allowed < limit:
            raise _Fatal(f"compressed answer inflates more than {MAX_RATIO}×", trips=True)
        if len(out) > limit:
            raise _Fatal(f"answer too large (over {limit} bytes)", trips=True)
    if inflater._d is not None:
        try:
            out += inflater._d.flush()
        except zlib.error as e:
            raise _Retryable(f"damaged compressed body: {e}") from None
        if len(out) > limit:
            raise _Fatal(f"answer too large (over {limit} bytes)", trips=True)
    if cl.isdigit() and n_raw < int(cl):  # a short body is a failed attempt
        raise _Retryable(f"truncated body ({n_raw} of {cl} bytes)")
    return bytes(out)


# lone surrogates (JSON "\ud800"), C0 controls but tab/newline/CR, DEL and C1 controls
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def _fix_char(m: re.Match) -> str:
    return "\ufffd" if "\ud800" <= m.group() <= "\udfff" else ""


def clean_text(text: str) -> str:
    """`text` without what no store or terminal should get: a lone surrogate becomes U+FFFD,
    NUL and other control characters (ESC included) are dropped; tab and newlines stay."""
    return _BAD_CHARS.sub(_fix_char, text) if _BAD_CHARS.search(text) else text


def sanitize(value: Any) -> Any:
    """`value` with every string in it cleaned (:func:`clean_text`): str, list, tuple, dict,
    and (frozen) dataclasses, rebuilt only where something changed."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, (list, tuple)):
        items = [sanitize(v) for v in value]
        if all(a is b for a, b in zip(items, value)):
            return value
        return type(value)(items) if type(value) in (list, tuple) else value.__class__(*items)
    if isinstance(value, dict):
        out = {sanitize(k): sanitize(v) for k, v in value.items()}
        same = len(out) == len(value) and all(a is b and out[a] is value[b] for a, b in zip(out, value))
        return value if same else out
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for f in dataclasses.fields(value):
            if not f.init:
                continue
            old = getattr(value, f.name)
            new = sanitize(old)
            if new is not old:
                changes[f.name] = new
        return dataclasses.replace(value, **changes) if changes else value
    return value


def _unreachable_cause(e: BaseException) -> str | None:
    """Why a request could not even be sent, or None when it got through (then: retry)."""
    if isinstance(e, requests.exceptions.SSLError):
        return "TLS failure"
    if isinstance(e, requests.exceptions.ConnectTimeout):
        return "connection timed out"
    if not isinstance(e, requests.ConnectionError):
        return None
    seen: set[int] = set()
    stack: list[Any] = [e]
    connect_phase = False
    while stack:
        x = stack.pop()
        if x is None or id(x) in seen:
            continue
        seen.add(id(x))
        name = type(x).__name__
        if isinstance(x, socket.gaierror) or name == "NameResolutionError":
            return "name resolution failed"
        if isinstance(x, ssl.SSLError):
            return "TLS failure"
        if isinstance(x, ConnectionRefusedError):
            return "connection refused"
        if isinstance(x, OSError) and x.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH):
            return "no route to host"
        if name == "NewConnectionError":
            connect_phase = True
        if isinstance(x, BaseException):
            stack += [x.__cause__, x.__context__, getattr(x, "reason", None), *[a for a in x.args if isinstance(a, BaseException)]]
    return "cannot connect" if connect_phase else None


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
    _why: str | None = None  # what tripped it, when a request said so (see trip)

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
                return getattr(self, "_why", None) or f"the service failed {self._failures} lookups in a row"
            self._open_until = now + self.COOL_DOWN  # let this one through as the probe
            return None

    def failed(self) -> None:
        with self._lock:
            self._why = None
            self._failures += 1
            if self._failures >= self.BREAK_AFTER:
                self._open_until = time.monotonic() + self.COOL_DOWN

    def trip(self, why: str) -> None:
        """Open now (the service cannot be reached): no lookup waits out its retries in vain."""
        with self._lock:
            self._failures = max(self._failures, self.BREAK_AFTER)
            self._open_until = time.monotonic() + self.COOL_DOWN
            self._why = why

    def succeeded(self) -> None:
        with self._lock:
            self._failures = 0
            self._open_until = 0.0
            self._why = None


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
        self.session.headers.update({"Accept-Encoding": ACCEPT_ENCODING, **headers})
        u = urlsplit(self.base_url)
        self.host = (u.hostname or self.base_url) + (f":{u.port}" if u.port else "")  # as the user would name it
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
        max_body: int | None = None,
    ) -> Response:
        """Send one request (with retries) and return its parsed body, strings cleaned.

        `endpoint` names the request in stats and logs ("efetch", "work"). `accept` lists
        non-2xx statuses that are answers rather than failures (e.g. 404 = no such record):
        they are returned with value None. `max_body` overrides :data:`MAX_BODY`. Raises
        SourceError when the service failed, in time for the lookup's deadline.
        """
        if self._closed:
            raise SourceError(self.name, "client is closed")
        key = f"{self.name}:{endpoint}"
        down = self._breaker.refuse()
        if down:
            self.stats.add("failures", key)
            raise SourceError(self.name, f"{endpoint}: not asked, {down}")
        params = dict(params or {})
        if data is None:
            params.update(self.identity)
        else:
            data = {**data, **self.identity}
        method = "POST" if data is not None else "GET"
        url = self.base_url + path
        deadline = float(self.settings.deadline)
        max_attempts = max(1, int(self.settings.max_attempts))
        limit = max_body or MAX_BODY.get(key, DEFAULT_MAX_BODY)
        t_call = time.monotonic()
        start: list[float] = []

        def elapsed() -> float:
            return time.monotonic() - (start[0] if start else t_call)

        def wait(rs: tenacity.RetryCallState) -> float:
            exc = rs.outcome.exception() if rs.outcome else None
            ra = getattr(exc, "retry_after", None)
            if ra is not None:
                w = ra + random.uniform(0, self.backoff_base / 2)
            else:
                cap = min(self.backoff_max, self.backoff_base * 2 ** (rs.attempt_number - 1))
                w = random.uniform(self.backoff_base / 2, max(cap, self.backoff_base / 2))  # full-ish jitter
            return max(0.0, min(w, deadline - elapsed()))

        def stop(rs: tenacity.RetryCallState) -> bool:
            if rs.attempt_number >= max_attempts or elapsed() >= deadline:
                return True
            exc = rs.outcome.exception() if rs.outcome else None
            ra = getattr(exc, "retry_after", None)
            return ra is not None and elapsed() + ra > deadline  # told to wait past our deadline

        def before_sleep(rs: tenacity.RetryCallState) -> None:
            self.stats.add("retries", key)
            exc = rs.outcome.exception() if rs.outcome is not None else None
            log.debug("%s %s: retry %d after %s", self.name, endpoint, rs.attempt_number, exc)

        def attempt() -> Response:
            return self._attempt(method, url, endpoint, key, lane, params, data, parse, accept,
                                 start, deadline, t_call, limit)

        retrying = tenacity.Retrying(
            retry=tenacity.retry_if_exception_type(_Retryable),
            stop=stop,
            wait=wait,
            before_sleep=before_sleep,
            reraise=True,
        )
        try:
            answer = retrying(attempt)
        except _Unreachable as e:
            self.stats.add("failures", key)
            self.stats.add("unreachable", (e.host, e.cause))
            self._breaker.trip(str(e))
            log.info("%s %s failed: %s", self.name, endpoint, e)
            raise SourceError(self.name, f"{endpoint}: {e}") from None
        except (_Retryable, _Fatal) as e:
            self.stats.add("failures", key)
            if isinstance(e, _Retryable) or e.trips:
                self._breaker.failed()
            log.info("%s %s failed: %s", self.name, endpoint, e)
            raise SourceError(self.name, f"{endpoint}: {e}") from None
        self._breaker.succeeded()
        return answer

    def _attempt(self, method, url, endpoint, key, lane, params, data, parse, accept, start, deadline,
                 t_call, limit) -> Response:
        with lane.gate:  # gate first, then the limiter: the stamp is taken right before sending
            # as before: the deadline counts from the first request sent (queueing at the gate is
            # the run's pace, not this lookup's failure); a wait past what is left fails now
            spent = time.monotonic() - start[0] if start else 0.0
            try:
                waited, token = lane.limiter.start(max_wait=max(0.0, deadline - spent))
            except WaitTooLong as e:
                raise _Fatal(str(e)) from None
            if waited:
                self.stats.add("rate_wait", n=waited)
            if not start:
                start.append(time.monotonic())  # the deadline counts from the first request sent
            t0 = time.monotonic()
            until = start[0] + deadline  # the lookup's deadline bounds this request, body and all
            read_timeout = max(0.5, min(self.settings.timeout, until - t0))
            self.stats.add("requests", key)
            resp = None
            try:
                resp = self.session.request(method, url, params=params, data=data, stream=True,
                                            allow_redirects=False, timeout=(read_timeout, read_timeout))
                status = resp.status_code
                ok_status = 200 <= status < 300 or status in accept
                body = b"" if 300 <= status < 400 else _read_body(
                    resp, limit if ok_status else ERROR_BODY, max(until, t0 + 0.5), t0, cut=not ok_status)
            except (_Retryable, _Fatal):
                lane.limiter.finish(token)
                raise
            except BaseException as e:
                lane.limiter.finish(token)
                self._raise_for(e, method, endpoint, url, t0)
            finally:
                if resp is not None:
                    try:
                        resp.close()
                    except Exception:  # closing is a courtesy to the pool
                        pass
            lane.limiter.finish(token)
        ms = (time.monotonic() - t0) * 1000
        self.stats.add("status", status)
        assert resp is not None  # the request above either answered or raised
        log.debug("%s %s %s -> %d (%.0f ms, %d bytes)", method, endpoint, self.redact(resp.url), status, ms, len(body))
        self._follow_limits(resp, lane)

        if 300 <= status < 400:
            where = urlsplit(resp.headers.get("Location") or "").hostname or "elsewhere"
            raise _Fatal(f"HTTP {status}: redirect to {self.redact(where)[:100]} not followed", status=status,
                         trips=True)
        if status in accept:  # an answer for this caller, even a 429 (OpenAlex: the day's allowance is spent)
            return Response(status, None, dict(resp.headers))
        if status == 429 or status >= 500:
            ra = _retry_after(resp.headers.get("Retry-After"))
            if status == 429:
                lane.limiter.pause(ra if ra is not None else 1.0)
            raise _Retryable(f"HTTP {status}{_snippet(body, self.redact)}", retry_after=ra)
        if status >= 400 or status < 200:
            raise _Fatal(f"HTTP {status}{_snippet(body, self.redact)}", status=status)
        resp._content = body  # what parsers read as resp.content: the bounded, decoded body
        resp._content_consumed = True  # type: ignore[attr-defined]  # requests' private flag
        if parse is None:
            return Response(status, body, dict(resp.headers))
        try:
            value = sanitize(parse(resp))
        except ParseError as e:
            raise _Retryable(f"unreadable body: {self.redact(e)}") from None
        except Exception as e:  # any parser failure on a 200 means a damaged body
            raise _Retryable(f"unreadable body: {type(e).__name__}: {self.redact(_short(e))}") from None
        return Response(status, value, dict(resp.headers))

    def _raise_for(self, e: BaseException, method: str, endpoint: str, url: str, t0: float):
        """Turn a requests exception into an unreachable, retryable or fatal failure (redacted)."""
        cause = _unreachable_cause(e)
        if cause is not None:
            log.debug("%s %s %s -> %s (%s)", method, endpoint, self.redact(url), type(e).__name__, self.redact(_short(e)))
            raise _Unreachable(self.host, cause) from None
        if isinstance(e, (requests.Timeout, requests.ConnectionError, requests.exceptions.ChunkedEncodingError,
                          requests.exceptions.ContentDecodingError)):
            ms = (time.monotonic() - t0) * 1000
            reason = self.redact(_short(e))
            log.debug("%s %s %s -> %s (%.0f ms)", method, endpoint, self.redact(url), type(e).__name__, ms)
            raise _Retryable(f"{type(e).__name__}: {reason}") from None
        if isinstance(e, requests.RequestException):
            raise _Fatal(f"{type(e).__name__}: {self.redact(_short(e))}") from None
        if isinstance(e, (MemoryError, UnicodeError, ValueError, OSError)):  # answers are data
            raise _Fatal(f"unreadable answer: {type(e).__name__}", trips=True) from None
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
            headers={"User-Agent": ua, **(headers or {})}, secrets=(settings.api_key, getattr(settings, "openalex_key", None)),
            backoff_base=backoff_base, backoff_max=backoff_max, session=session,
        )

    def close(self) -> None:
        self.http.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
