"""A hostile loopback proxy in front of one fake service (tests/fakes): the service as an attacker,
a broken proxy or a compromised mirror would answer.

Each request is passed to the fake; its answer is then sent back damaged according to `mode`:

- ``pass``         unchanged (the proxy itself is harmless: a control)
- ``huge``         the real body followed by ~2 GiB of spaces, no Content-Length (streamed lazily)
- ``gzip-bomb``    ``Content-Encoding: gzip``: ~1 MiB on the wire that inflates to 1 GiB
- ``drip``         the real answer at one byte every `drip_every` seconds (Content-Length honest)
- ``retry-after``  ``429 Too Many Requests`` with ``Retry-After: 100000``
- ``bad-escapes``  JSON answers with ``\\ud800`` (a lone surrogate), ``\\u0000`` and an ESC
                   sequence (``\\u001b]0;pwned\\u0007\\u001b[2J``) appended to every title
- ``redirect``     ``302`` to the same path on another host (`trap`), which counts its visitors
- ``bad-headers``  the real answer with a header line that is not a header (urllib3 logs a
                   warning quoting the whole request URL, with a traceback)

The proxy never imports refcheck; it speaks plain HTTP/1.1 over loopback.
"""

from __future__ import annotations

import http.client
import re
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

MODES = ("pass", "huge", "gzip-bomb", "drip", "retry-after", "bad-escapes", "redirect", "bad-headers")
MiB = 1 << 20
HUGE = 2 << 30  # bytes of filler offered after the real body
BOMB = 1 << 30  # bytes the gzip bomb inflates to

_bomb_lock = threading.Lock()
_bomb: bytes | None = None


def gzip_bomb() -> bytes:
    """A gzip stream of BOMB bytes of spaces (about 1 MiB; built once per process, a few seconds:
    call it before a client is waiting on it)."""
    global _bomb
    with _bomb_lock:
        if _bomb is None:
            c = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
            block = b" " * MiB
            parts = [c.compress(block) for _ in range(BOMB // MiB)]
            parts.append(c.flush())
            _bomb = b"".join(parts)
        return _bomb


_TITLE = re.compile(rb'("title"\s*:\s*\[\s*"(?:[^"\\]|\\.)*)"')
POISON = rb"\ud800\u0000\u001b]0;pwned\u0007\u001b[2J"


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):  # a client hanging up is the point here
        pass


class Trap:
    """A server that must never be visited (a redirect's target): it counts who came."""

    def __init__(self):
        self.hits = 0
        trap = self

        class H(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                trap.hits += 1
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_POST = do_GET

            def log_message(self, *a):
                pass

        self.server = _Server(("127.0.0.1", 0), H)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class Hostile:
    """`Hostile(upstream_url, mode)`: `.url` is the upstream URL with the proxy's host and port."""

    def __init__(self, upstream_url: str, mode: str, *, drip_every: float = 0.5, trap: Trap | None = None):
        if mode not in MODES:
            raise ValueError(mode)
        u = urlsplit(upstream_url)
        self.upstream = (u.hostname, u.port)
        self.prefix = u.path.rstrip("/")
        self.mode = mode
        self.drip_every = drip_every
        self.trap = trap
        self.requests = 0
        self.closed = threading.Event()
        proxy = self

        class H(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):  # noqa: N802
                proxy._handle(self)

            do_POST = do_GET

            def log_message(self, *a):
                pass

        self.server = _Server(("127.0.0.1", 0), H)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{self.prefix}"

    def close(self) -> None:
        self.closed.set()
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # ------------------------------------------------------------------ one request
    def _forward(self, h: BaseHTTPRequestHandler) -> tuple[int, dict, bytes]:
        n = int(h.headers.get("Content-Length") or 0)
        body = h.rfile.read(n) if n else None
        conn = http.client.HTTPConnection(*self.upstream, timeout=30)
        try:
            headers = {k: v for k, v in h.headers.items() if k.lower() not in ("host", "accept-encoding", "connection")}
            conn.request(h.command, h.path, body=body, headers=headers)
            r = conn.getresponse()
            return r.status, {k: v for k, v in r.getheaders()}, r.read()
        finally:
            conn.close()

    def _handle(self, h: BaseHTTPRequestHandler) -> None:
        self.requests += 1
        mode = self.mode
        try:
            if mode == "retry-after":
                n = int(h.headers.get("Content-Length") or 0)
                if n:
                    h.rfile.read(n)
                return self._send(h, 429, {"Retry-After": "100000", "Content-Type": "text/plain"}, b"Too Many Requests")
            if mode == "redirect":
                n = int(h.headers.get("Content-Length") or 0)
                if n:
                    h.rfile.read(n)
                where = f"http://localhost:{self.trap.port if self.trap else 1}{h.path}"
                return self._send(h, 302, {"Location": where, "Content-Type": "text/plain"}, b"moved")
            status, headers, body = self._forward(h)
            ctype = headers.get("Content-Type", "application/octet-stream")
            if mode == "pass" or status != 200:
                return self._send(h, status, {"Content-Type": ctype}, body)
            if mode == "bad-escapes":
                body = _TITLE.sub(lambda m: m.group(1) + POISON + b'"', body)
                return self._send(h, status, {"Content-Type": ctype}, body)
            if mode == "bad-headers":
                h.close_connection = True
                h.wfile.write(f"HTTP/1.1 200 OK\r\nContent-Type: {ctype}\r\nContent-Length: {len(body)}\r\n"
                              "Connection: close\r\nthis line is not a header\r\n\r\n".encode("latin-1") + body)
                return
            if mode == "gzip-bomb":
                return self._send(h, 200, {"Content-Type": ctype, "Content-Encoding": "gzip"}, gzip_bomb())
            if mode == "huge":
                h.send_response(200)
                h.send_header("Content-Type", ctype)
                h.send_header("Connection", "close")
                h.end_headers()
                h.close_connection = True
                h.wfile.write(body)
                filler, sent = b" " * MiB, 0
                while sent < HUGE and not self.closed.is_set():
                    h.wfile.write(filler)
                    sent += len(filler)
                return
            if mode == "drip":
                h.send_response(200)
                h.send_header("Content-Type", ctype)
                h.send_header("Content-Length", str(len(body)))
                h.end_headers()
                for i in range(len(body)):
                    if self.closed.wait(self.drip_every):
                        return
                    h.wfile.write(body[i : i + 1])
                    h.wfile.flush()
                return
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, TimeoutError, OSError):
            h.close_connection = True  # the client gave up: what it is supposed to do

    @staticmethod
    def _send(h: BaseHTTPRequestHandler, status: int, headers: dict, body: bytes) -> None:
        h.send_response(status)
        for k, v in headers.items():
            h.send_header(k, v)
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)


def wait_until(pred, timeout: float = 5.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if pred():
            return True
        time.sleep(0.05)
    return pred()
