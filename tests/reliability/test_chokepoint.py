"""The HTTP chokepoint (refcheck.sources.http.Service.call) against hostile answers, in process.

Each case talks to a loopback server (tests/reliability/hostile.py, or a one-answer server here)
and checks the failure is a `SourceError` with a reason, soon (hang bounds only, generous), after
the right number of attempts: an unreachable host is asked once, never retried.
"""

from __future__ import annotations

import gzip
import socket
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler

import pytest

from refcheck.errors import SourceError
from refcheck.settings import Settings
from refcheck.sources import http as H
from refcheck.sources.ratelimit import Gate, RateLimiter, WaitTooLong
from tests.reliability.hostile import Trap, _Server


def _settings(**kw) -> Settings:
    base = dict(timeout=1.0, deadline=3.0, max_attempts=4)
    base.update(kw)
    return Settings(**base)


def _service(url: str, **kw) -> H.Service:
    return H.Service("svc", url, settings=_settings(**kw), stats=H.Stats(), identity={}, headers={},
                     backoff_base=0.05, backoff_max=0.1)


def _lane() -> H.Lane:
    return H.Lane(RateLimiter(1000.0), Gate(None))


class OneAnswer:
    """A loopback server giving every request the same (status, headers, body)."""

    def __init__(self, status=200, headers=None, body=b"{}"):
        self.hits = 0
        me = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):  # noqa: N802
                me.hits += 1
                self.send_response(status)
                hs = {"Content-Length": str(len(body)), **(headers or {})}
                for k, v in hs.items():
                    self.send_header(k, v)
                self.end_headers()
                try:
                    self.wfile.write(body)
                except OSError:
                    pass

            def log_message(self, *a):
                pass

        self.server = _Server(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def _json(resp):
    import json

    return json.loads(resp.content)


def test_gzip_bomb_is_refused_by_its_ratio():
    bomb = gzip.compress(b" " * (64 << 20), 6)  # 64 MiB of spaces in ~65 KiB
    with OneAnswer(headers={"Content-Encoding": "gzip"}, body=bomb) as srv:
        svc = _service(srv.url)
        with pytest.raises(SourceError, match="inflates more than"):
            svc.call("work", "/", _lane(), parse=_json)
        assert srv.hits == 1  # not worth another try


def test_body_over_the_limit_is_refused(monkeypatch):
    monkeypatch.setitem(H.MAX_BODY, "svc:work", 1000)
    with OneAnswer(body=b"[" + b"1," * 2000 + b"1]") as srv:
        with pytest.raises(SourceError, match="too large"):
            _service(srv.url).call("work", "/", _lane(), parse=_json)


def test_small_gzip_answers_are_read():
    with OneAnswer(headers={"Content-Encoding": "gzip"}, body=gzip.compress(b'{"ok": [1, 2]}')) as srv:
        assert _service(srv.url).call("work", "/", _lane(), parse=_json).value == {"ok": [1, 2]}


def test_redirects_are_not_followed():
    trap = Trap()
    try:
        with OneAnswer(status=302, headers={"Location": f"http://localhost:{trap.port}/x"}, body=b"") as srv:
            with pytest.raises(SourceError, match="redirect to localhost not followed"):
                _service(srv.url).call("work", "/", _lane(), parse=_json)
        assert trap.hits == 0
    finally:
        trap.close()


def test_retry_after_beyond_the_deadline_fails_now_and_later_calls_too():
    with OneAnswer(status=429, headers={"Retry-After": "100000"}, body=b"slow down") as srv:
        svc, lane = _service(srv.url, deadline=5.0), _lane()
        t0 = time.monotonic()
        with pytest.raises(SourceError, match="HTTP 429"):
            svc.call("work", "/", lane, parse=_json)
        with pytest.raises(SourceError, match="rate limit would pass"):  # the pause is honoured, not slept
            svc.call("work", "/", lane, parse=_json)
        took = time.monotonic() - t0
        assert srv.hits == 1
    assert took < 30, took  # a hang bound: the wait asked for is 100000 s


def test_limiter_refuses_a_wait_beyond_max_wait():
    lim = RateLimiter(1000.0)
    lim.pause(100000)
    with pytest.raises(WaitTooLong):
        lim.start(max_wait=2.0)


def test_slow_body_is_bounded_by_the_lookup_deadline():
    """1 byte every 0.2 s: each read is within the timeout, the whole answer is not."""
    body = b'{"x": "' + b"a" * 200 + b'"}'

    class Drip(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                for i in range(len(body)):
                    time.sleep(0.2)
                    self.wfile.write(body[i : i + 1])
                    self.wfile.flush()
            except OSError:
                pass

        def log_message(self, *a):
            pass

    srv = _Server(("127.0.0.1", 0), Drip)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        svc = _service(f"http://127.0.0.1:{srv.server_address[1]}", timeout=1.0, deadline=2.0)
        t0 = time.monotonic()
        with pytest.raises(SourceError, match="too slow"):
            svc.call("work", "/", _lane(), parse=_json)
        took = time.monotonic() - t0
        print(f"drip: gave up after {took:.1f}s (deadline 2 s; the whole body would take 41 s)")
        assert took < 20, took  # hang bound
    finally:
        srv.shutdown()
        srv.server_close()


def _closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def test_refused_connection_is_asked_once_and_opens_the_circuit():
    port = _closed_port()
    svc = _service(f"http://127.0.0.1:{port}", max_attempts=6, deadline=60.0)
    with pytest.raises(SourceError, match=f"cannot reach 127.0.0.1:{port}: connection refused"):
        svc.call("work", "/", _lane())
    assert svc.stats.snapshot()["requests_total"] == 1  # no retry
    with pytest.raises(SourceError, match="not asked, cannot reach"):
        svc.call("work", "/", _lane())
    assert svc.stats.snapshot()["requests_total"] == 1  # the open circuit asks nobody
    assert svc.stats.unreachable == {f"127.0.0.1:{port}": "connection refused"}


def test_name_resolution_failure_is_named(monkeypatch):
    calls = []

    def no_dns(*a, **kw):
        calls.append(a[0])
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    svc = _service("https://api.crossref.example", max_attempts=6)
    with pytest.raises(SourceError, match="cannot reach api.crossref.example: name resolution failed"):
        svc.call("work", "/works/x", _lane())
    assert calls == ["api.crossref.example"]


def test_tls_failure_is_named():
    with OneAnswer() as srv:  # plain HTTP where TLS is expected
        svc = _service(srv.url.replace("http://", "https://"), max_attempts=6)
        with pytest.raises(SourceError, match="TLS failure"):
            svc.call("work", "/", _lane())
        assert svc.stats.snapshot()["requests_total"] == 1


# --------------------------------------------------------------------------- answers are data


@dataclass(frozen=True)
class _Inner:
    name: str


@dataclass(frozen=True)
class _Outer:
    title: str
    people: tuple[_Inner, ...]
    extra: dict


def test_sanitize_cleans_every_string_and_keeps_clean_values_as_they_are():
    dirty = _Outer("A\ud800 title\x00\x1b[2J", (_Inner("Pérez\x07"),), {"k\x1b": ["x\udfff"]})
    clean = H.sanitize(dirty)
    assert clean == _Outer("A\ufffd title[2J", (_Inner("Pérez"),), {"k": ["x\ufffd"]})
    ok = _Outer("Tab\tand\nnewline", (_Inner("Ünïcode"),), {})
    assert H.sanitize(ok) is ok


def test_lone_surrogate_in_a_json_answer_is_cleaned_before_anyone_stores_it():
    with OneAnswer(body=b'{"title": ["\\ud800Trends\\u0000"]}') as srv:
        v = _service(srv.url).call("work", "/", _lane(), parse=_json).value
    assert v == {"title": ["\ufffdTrends"]}
    v["title"][0].encode("utf-8")  # storable
