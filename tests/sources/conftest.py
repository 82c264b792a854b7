"""Shared helpers for the sources tests: wire samples, settings, a scripted loopback server."""

from __future__ import annotations

import http.server
import socket
import threading
import time

import pytest

from refcheck.settings import Settings
from tests.paths import WIRE

SAMPLES = WIRE


def sample(path: str) -> bytes:
    return (SAMPLES / path).read_bytes()


class Scripted:
    """A loopback HTTP server whose answers come from `route(method, path, query, body)`.

    route returns (status, headers, body) or ("truncate", n_declared, body) to send a body
    shorter than its Content-Length, or ("drop",) to close the connection without answering.
    """

    def __init__(self, route):
        self.route = route
        self.requests: list[tuple[str, str, float]] = []  # (method, path?query, time)
        outer = self

        class H(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a):
                pass

            def _do(self):
                n = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(n) if n else b""
                outer.requests.append((self.command, self.path, time.monotonic(), body))
                path, _, query = self.path.partition("?")
                ans = outer.route(self.command, path, query, body)
                if ans[0] == "drop":
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                if ans[0] == "truncate":
                    _, declared, data = ans
                    self.send_response(200)
                    self.send_header("Content-Length", str(declared))
                    self.send_header("Content-Type", "text/xml")
                    self.end_headers()
                    self.wfile.write(data)
                    self.wfile.flush()
                    self.close_connection = True
                    return
                status, headers, data = ans
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = _do

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def scripted():
    servers = []

    def make(route):
        s = Scripted(route).__enter__()
        servers.append(s)
        return s

    yield make
    for s in servers:
        s.__exit__()


@pytest.fixture
def fast_settings(tmp_path):
    def make(url: str = "http://127.0.0.1:9", **kw) -> Settings:
        base = dict(
            eutils_url=url + "/eutils",
            crossref_url=url + "/crossref",
            doi_url=url + "/doi",
            datacite_url=url + "/datacite",
            openalex_url=url + "/openalex",
            dblp_url=url + "/dblp",
            cache_dir=tmp_path / "cache",
            timeout=2.0,
            deadline=6.0,
            max_attempts=5,
            ncbi_rate=100.0,
            crossref_rate=100.0,
        )
        base.update(kw)
        return Settings(**base)

    return make
