"""FakeServices: loopback E-utilities and Crossref servers over the fixture works."""

from __future__ import annotations

import bisect
import json
import random
import socket
import struct
import threading
import time
import uuid
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

from . import crossref as cr
from . import datacite as dc
from . import dblp as db
from . import doiorg
from . import openalex as oa
from . import pubmed as pm
from .model import Work
from .query import QueryError, search
from .store import Store, words

ALL_FAULTS = ("500", "502", "503", "429", "truncated", "slow", "reset")
# Faults only asked for by name (not among ALL_FAULTS, so seeded random plans stay as they were):
# a whole 200 answer far larger than any real one, and a 200 whose body is not valid JSON/XML.
EXTRA_FAULTS = ("oversized", "malformed")
SERVICES = ("eutils", "crossref", "doi", "datacite", "openalex", "dblp")

_HTML = {
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    429: "Too Many Requests",
}


@dataclass
class RequestLog:
    service: str
    method: str
    path: str
    params: dict[str, list[str]]
    status: int  # HTTP status sent; 0 while being answered, or when the connection was reset
    t: float  # time.monotonic() at arrival
    endpoint: str = ""  # efetch, esearch, esummary, ecitmatch, einfo, works, work, other
    fault: str | None = None  # injected fault kind, if any ("rate-limit" for real 429s)
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class _FaultPlan:
    rate: float
    kinds: tuple[str, ...]
    rng: random.Random
    retry_after: int


class _Reply(Exception):
    def __init__(self, status: int, body: bytes | str, ctype: str, headers: dict | None = None):
        self.status = status
        self.body = body.encode("utf-8") if isinstance(body, str) else body
        self.ctype = ctype
        self.headers = headers or {}


XML = "text/xml; charset=UTF-8"
JSON_NCBI = "application/json; charset=UTF-8"
TEXT = "text/plain; charset=UTF-8"


class FakeServices:
    def __init__(self, works: list[Work] | None = None, ncbi_rate_limit: int = 3, latency: float = 0.0,
                 slow_seconds: float = 3.0, crossref_rate_limit: int | None = None, host: str = "127.0.0.1",
                 eutils_port: int = 0, crossref_port: int = 0):
        self.store = Store(list(works or []))
        self.ncbi_rate_limit = ncbi_rate_limit
        self.ncbi_key_rate_limit = 10
        self.crossref_rate_limit = crossref_rate_limit  # None: advertise only, never 429
        self.latency = latency
        self.slow_seconds = slow_seconds
        self.host = host
        self._ports = {"eutils": eutils_port, "crossref": crossref_port, "doi": 0, "datacite": 0, "openalex": 0,
                       "dblp": 0}
        self.oversize_bytes = 8 << 20  # the "oversized" fault's body
        self.requests: list[RequestLog] = []
        self._lock = threading.Lock()
        self._windows: dict[tuple, deque] = {}
        self._faults: dict[str, _FaultPlan | None] = {svc: None for svc in SERVICES}
        self._down: set[str] = set()
        self._servers: dict[str, ThreadingHTTPServer] = {}
        self._threads: list[threading.Thread] = []
        self._conns: set[socket.socket] = set()
        self._history: dict[str, list[str]] = {}
        # DOIs the DOI system's RA look-up calls nonexistent although their handle resolves
        # (the two doi.org endpoints disagreeing, as during an agency's outage)
        self.ra_blind: set[str] = set()

    # ------------------------------------------------------------ lifecycle
    def start(self) -> "FakeServices":
        if self._servers:
            return self
        for svc in SERVICES:
            handler = type(f"{svc.title()}Handler", (_Handler,), {"fake": self, "service": svc})
            srv = ThreadingHTTPServer((self.host, self._ports[svc]), handler)
            srv.daemon_threads = True
            self._servers[svc] = srv
            t = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05},
                                 name=f"fake-{svc}", daemon=True)
            t.start()
            self._threads.append(t)
        return self

    def stop(self) -> None:
        for srv in self._servers.values():
            srv.shutdown()
            srv.server_close()
        with self._lock:
            conns = list(self._conns)
            self._conns.clear()
        for c in conns:  # end keep-alive connections still open
            try:
                c.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        for t in self._threads:
            t.join(timeout=2)
        self._servers.clear()
        self._threads.clear()

    def __enter__(self) -> "FakeServices":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # ------------------------------------------------------------ addresses
    def _port(self, svc: str) -> int:
        if svc not in self._servers:
            raise RuntimeError("FakeServices not started")
        return self._servers[svc].server_address[1]

    @property
    def eutils_url(self) -> str:
        return f"http://{self.host}:{self._port('eutils')}/entrez/eutils"

    @property
    def crossref_url(self) -> str:
        return f"http://{self.host}:{self._port('crossref')}"

    @property
    def doi_url(self) -> str:
        return f"http://{self.host}:{self._port('doi')}"

    @property
    def datacite_url(self) -> str:
        return f"http://{self.host}:{self._port('datacite')}"

    @property
    def openalex_url(self) -> str:
        return f"http://{self.host}:{self._port('openalex')}"

    @property
    def dblp_url(self) -> str:
        return f"http://{self.host}:{self._port('dblp')}"

    @property
    def env(self) -> dict[str, str]:
        """REFCHECK_*_URL for every service this fake serves (so nothing reaches a real one)."""
        return {"REFCHECK_EUTILS_URL": self.eutils_url, "REFCHECK_CROSSREF_URL": self.crossref_url,
                "REFCHECK_DOI_URL": self.doi_url, "REFCHECK_DATACITE_URL": self.datacite_url,
                "REFCHECK_OPENALEX_URL": self.openalex_url, "REFCHECK_DBLP_URL": self.dblp_url}

    @property
    def urls(self) -> dict[str, str]:
        """The same as Settings keyword arguments: Settings(**fake.urls, ...)."""
        return {"eutils_url": self.eutils_url, "crossref_url": self.crossref_url, "doi_url": self.doi_url,
                "datacite_url": self.datacite_url, "openalex_url": self.openalex_url, "dblp_url": self.dblp_url}

    # ------------------------------------------------------------ control
    def add(self, work: Work) -> None:
        self.store.add(work)

    def faults(self, service: str | None = None, rate: float = 0.2, kinds=ALL_FAULTS, seed: int = 1,
               retry_after: int = 1) -> None:
        kinds = tuple(kinds)
        for k in kinds:
            if k not in ALL_FAULTS + EXTRA_FAULTS:
                raise ValueError(f"unknown fault kind {k!r}")
        for svc in SERVICES if service is None else (service,):
            self._check_service(svc)
            self._faults[svc] = (_FaultPlan(rate, kinds, random.Random(f"{seed}-{svc}"), retry_after)
                                 if rate > 0 and kinds else None)

    def no_faults(self, service: str | None = None) -> None:
        self.faults(service, rate=0)

    def down(self, service: str) -> None:
        self._check_service(service)
        self._down.add(service)

    def up(self, service: str) -> None:
        self._check_service(service)
        self._down.discard(service)

    @staticmethod
    def _check_service(svc: str) -> None:
        if svc not in SERVICES:
            raise ValueError(f"unknown service {svc!r}; use one of {', '.join(SERVICES)}")

    # ------------------------------------------------------------ log queries
    def _select(self, service=None, endpoint=None) -> list[RequestLog]:
        with self._lock:
            return [r for r in self.requests if (service is None or r.service == service)
                    and (endpoint is None or r.endpoint == endpoint)]

    def count(self, service: str | None = None, endpoint: str | None = None) -> int:
        return len(self._select(service, endpoint))

    def count_status(self, status: int, service: str | None = None) -> int:
        return sum(1 for r in self._select(service) if r.status == status)

    def max_rate(self, service: str | None = None, window: float = 1.0) -> int:
        ts = sorted(r.t for r in self._select(service))
        best = 0
        for i, t in enumerate(ts):
            j = bisect.bisect_left(ts, t + window)
            best = max(best, j - i)
        return best

    def reset_log(self) -> None:
        with self._lock:
            self.requests.clear()

    # ------------------------------------------------------------ internals
    def _log(self, entry: RequestLog) -> None:
        with self._lock:
            self.requests.append(entry)

    def _window_count(self, key: tuple, now: float) -> int:
        with self._lock:
            dq = self._windows.setdefault(key, deque())
            dq.append(now)
            while dq and dq[0] <= now - 1.0:
                dq.popleft()
            return len(dq)

    def _draw_fault(self, svc: str) -> tuple[str | None, int]:
        with self._lock:
            plan = self._faults.get(svc)
            if plan is None:
                return None, 0
            if plan.rng.random() < plan.rate:
                return plan.rng.choice(plan.kinds), plan.retry_after
            return None, 0


class _Handler(BaseHTTPRequestHandler):
    fake: FakeServices
    service: str
    protocol_version = "HTTP/1.1"
    timeout = 30

    def setup(self):
        super().setup()
        with self.fake._lock:
            self.fake._conns.add(self.connection)

    def finish(self):
        try:
            super().finish()
        finally:
            with self.fake._lock:
                self.fake._conns.discard(self.connection)

    def version_string(self):
        return {"crossref": "Jetty(9.4.40.v20210413)", "doi": "Jetty(9.4.53.v20231009)",
                "datacite": "nginx", "openalex": "gunicorn"}.get(self.service, "Apache")

    def log_message(self, fmt, *args):  # quiet
        pass

    def do_GET(self):
        self._serve("GET")

    def do_POST(self):
        self._serve("POST")

    # ------------------------------------------------------------------
    def _serve(self, method: str) -> None:
        t = time.monotonic()
        fake = self.fake
        parts = urlsplit(self.path)
        params = parse_qs(parts.query, keep_blank_values=True)
        if method == "POST":
            n = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(n).decode("utf-8", "replace") if n else ""
            ctype = self.headers.get("Content-Type", "")
            if "json" not in ctype:
                for k, v in parse_qs(body, keep_blank_values=True).items():
                    params.setdefault(k, []).extend(v)
        endpoint = _endpoint(self.service, parts.path)
        entry = RequestLog(self.service, method, parts.path, params, 0, t, endpoint,
                           headers={k.lower(): v for k, v in self.headers.items()})
        fake._log(entry)  # logged on arrival (status filled in when the answer is decided)
        extra = self._service_headers(params)
        try:
            if fake.latency:
                time.sleep(fake.latency)
            if self.service in fake._down:
                entry.fault = "down"
                raise _Reply(503, _html(503), "text/html")
            self._rate_limit(params, t, entry)
            kind, retry_after = fake._draw_fault(self.service)
            if kind:
                entry.fault = kind
                if kind in ("500", "502", "503"):
                    raise _Reply(int(kind), _html(int(kind)), "text/html")
                if kind == "429":
                    if self.service == "openalex":
                        raise _Reply(429, '{"error":"Rate limit exceeded","message":"Daily usage limit reached"}',
                                     "application/json", {"Retry-After": str(retry_after)})
                    if self.service == "eutils":
                        raise _Reply(429, '{"error":"API rate limit exceeded","count":"11"}', "application/json",
                                     {"Retry-After": str(retry_after)})
                    if self.service == "dblp":  # dblp.org/faq/1474706: "an empty document" + Retry-After
                        raise _Reply(429, "", "text/html; charset=UTF-8", {"Retry-After": str(retry_after)})
                    raise _Reply(429, "Rate limit exceeded", "text/plain", {"Retry-After": str(retry_after)})
                if kind == "reset":
                    self._reset()
                    return
                if kind == "slow":
                    time.sleep(fake.slow_seconds)
                if kind == "oversized":
                    pad = " " * fake.oversize_bytes
                    raise _Reply(200, '{"result":{"hits":{"@total":"0"}}' + pad + "}", "application/json")
                if kind == "malformed":
                    raise _Reply(200, '{"result":{"hits":{"@total":"1","hit":[{"info":{"title":"Cut', "application/json")
            if self.service == "eutils":
                self._eutils(parts.path, params)
            elif self.service == "crossref":
                self._crossref(parts.path, params)
            elif self.service == "doi":
                self._doi(parts.path, params)
            elif self.service == "datacite":
                self._datacite(parts.path, params)
            elif self.service == "dblp":
                self._dblp(parts.path, params)
            else:
                self._openalex(parts.path, params)
            raise _Reply(404, "Not found", "text/plain")
        except _Reply as r:
            entry.status = r.status
            headers = dict(extra)
            headers.update(r.headers)
            self._send(r, headers, truncate=(entry.fault == "truncated"))

    def _reset(self) -> None:
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
        except OSError:
            pass
        self.close_connection = True

    def _send(self, r: _Reply, headers: dict, truncate: bool = False) -> None:
        try:
            self.send_response(r.status)
            self.send_header("Content-Type", r.ctype)
            self.send_header("Content-Length", str(len(r.body)))
            for k, v in headers.items():
                self.send_header(k, v)
            if truncate:
                self.send_header("Connection", "close")
            self.end_headers()
            if truncate:
                self.wfile.write(r.body[: len(r.body) // 2])
                self.wfile.flush()
                self.close_connection = True
                return
            self.wfile.write(r.body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def _service_headers(self, params) -> dict:
        if self.service in ("doi", "datacite", "openalex", "dblp"):
            return {"Access-Control-Allow-Origin": "*", "Vary": "Accept-Encoding"}
        if self.service == "crossref":
            ua = self.headers.get("User-Agent", "") or ""
            polite = bool(params.get("mailto")) or "mailto:" in ua
            return {
                "access-control-allow-origin": "*",
                "access-control-allow-headers": "X-Requested-With, Accept, Accept-Encoding, Accept-Charset, "
                                                "Accept-Language, Accept-Ranges, Cache-Control",
                "access-control-expose-headers": "Link",
                "permissions-policy": "interest-cohort=()",
                "vary": "Accept-Encoding",
                "x-api-pool": "polite" if polite else "public",
                "x-concurrency-limit": "3" if polite else "1",
                "x-rate-limit-interval": "1s",
                "x-rate-limit-limit": str(self.fake.crossref_rate_limit or (10 if polite else 5)),
            }
        limit = self.fake.ncbi_key_rate_limit if params.get("api_key") else self.fake.ncbi_rate_limit
        return {"X-RateLimit-Limit": str(limit), "Access-Control-Allow-Origin": "*",
                "Cache-Control": "private"}

    def _rate_limit(self, params, now: float, entry: RequestLog) -> None:
        fake = self.fake
        if self.service == "eutils":
            key = params.get("api_key", [""])[0]
            limit = fake.ncbi_key_rate_limit if key else fake.ncbi_rate_limit
            if not limit:
                return
            n = fake._window_count(("eutils", key), now)
            if n > limit:
                entry.fault = "rate-limit"
                raise _Reply(429, json.dumps({"error": "API rate limit exceeded", "count": str(n)},
                                             separators=(",", ":")), "application/json",
                             {"X-RateLimit-Remaining": "0"})
        elif self.service == "crossref" and fake.crossref_rate_limit:
            n = fake._window_count(("crossref",), now)
            if n > fake.crossref_rate_limit:
                entry.fault = "rate-limit"
                raise _Reply(429, "Rate limit exceeded", "text/plain", {"Retry-After": "1"})

    # ------------------------------------------------------------------ E-utilities
    def _eutils(self, path: str, params) -> None:
        p = {k: v[-1] for k, v in params.items()}
        prefix = "/entrez/eutils/"
        if not path.startswith(prefix):
            raise _Reply(404, _html_404(), "text/html")
        name = path[len(prefix):]
        db = p.get("db", "")
        store = self.fake.store
        if name == "ecitmatch.cgi":
            if db and db != "pubmed":
                raise _Reply(200, "", TEXT)
            raise _Reply(200, pm.ecitmatch(store, p.get("bdata", "")), TEXT)
        retmode = p.get("retmode", "xml").lower()
        if name == "esearch.fcgi":
            as_json = retmode == "json"
            err = pm.esearch_error_json if as_json else pm.esearch_error_xml
            ctype = JSON_NCBI if as_json else XML
            if db and db != "pubmed":
                raise _Reply(200, err(f"Invalid db name specified: {db}"), ctype)
            term = p.get("term", "").strip()
            if not term:
                raise _Reply(200, err("Empty term and query_key - nothing todo"), ctype)
            try:
                ids, trans, nf = search(store.pubmed_works(), term)
            except QueryError as e:
                raise _Reply(200, err(f"Invalid query: {e}"), ctype) from None
            retstart = _int(p.get("retstart"), 0)
            retmax = _int(p.get("retmax"), 20)
            page = ids[retstart: retstart + retmax]
            webenv = None
            if p.get("usehistory", "").lower() == "y":
                webenv = "MCID_" + uuid.uuid4().hex[:24]
                self.fake._history[webenv] = ids
            render = pm.esearch_json if as_json else pm.esearch_xml
            raise _Reply(200, render(len(ids), page, len(page), retstart, trans, nf, webenv), ctype)
        if name in ("efetch.fcgi", "esummary.fcgi"):
            ids = _ids(p.get("id", ""))
            if not ids and (p.get("WebEnv") or p.get("webenv")):
                hist = self.fake._history.get(p.get("WebEnv") or p.get("webenv") or "", [])
                rs, rm = _int(p.get("retstart"), 0), _int(p.get("retmax"), 10000)
                ids = hist[rs: rs + rm]
            works = []
            seen = set()
            for i in ids:
                w = store.pubmed_get(i)
                if w is not None and i not in seen:
                    seen.add(i)
                    works.append(w)
            if name == "efetch.fcgi":
                if db != "pubmed":
                    raise _Reply(400, pm.efetch_error(f"Invalid db name specified: {db}"), XML)
                if not ids:
                    raise _Reply(400, pm.efetch_error("Empty id list - nothing todo"), XML)
                snap = store.snapshot()
                raise _Reply(200, pm.efetch_xml(snap, works), XML)
            as_json = retmode == "json"
            if db != "pubmed":
                msg = f"Invalid db name specified: {db}"
                raise _Reply(200, pm.esummary_error_json(msg) if as_json else pm.esummary_error_xml(msg),
                             JSON_NCBI if as_json else XML)
            if not ids:
                msg = "Neither query_key nor id specified"
                raise _Reply(200, pm.esummary_error_json(msg) if as_json else pm.esummary_error_xml(msg),
                             JSON_NCBI if as_json else XML)
            snap = store.snapshot()
            if as_json:
                raise _Reply(200, pm.esummary_json(snap, works), JSON_NCBI)
            raise _Reply(200, pm.esummary_xml(snap, works), XML)
        raise _Reply(404, _html_404(), "text/html")

    # ------------------------------------------------------------------ doi.org
    def _doi(self, path: str, params) -> None:
        store = self.fake.store
        p = unquote(path)
        if p.startswith("/ra/") and len(p) > 4:
            dois = [d for d in p[4:].split(",") if d]
            raise _Reply(200, _j(doiorg.ra_answer(store, dois, self.fake.ra_blind)), "application/json;charset=utf-8")
        if p.startswith("/api/handles/") and len(p) > len("/api/handles/"):
            status, body = doiorg.handle_answer(store, p[len("/api/handles/"):], params.get("type", []))
            raise _Reply(status, _j(body), "application/json;charset=utf-8")
        raise _Reply(404, "<html><body><h1>DOI Not Found</h1></body></html>", "text/html")

    # ------------------------------------------------------------------ DataCite
    def _datacite(self, path: str, params) -> None:
        p = unquote(path)
        if p.startswith("/dois/") and len(p) > len("/dois/"):
            w = self.fake.store.datacite_get(p[len("/dois/"):])
            if w is None:
                raise _Reply(404, _j(dc.NOT_FOUND), "application/vnd.api+json; charset=utf-8")
            raise _Reply(200, _j(dc.doi_answer(w)), "application/vnd.api+json; charset=utf-8")
        raise _Reply(404, _j(dc.NOT_FOUND), "application/vnd.api+json; charset=utf-8")

    # ------------------------------------------------------------------ OpenAlex
    def _openalex(self, path: str, params) -> None:
        if path.rstrip("/") == "/works":
            try:
                raise _Reply(200, _j(oa.works_answer(self.fake.store, params)), "application/json")
            except oa.BadRequest as e:
                raise _Reply(400, _j(e.body), "application/json") from None
        raise _Reply(404, _j({"error": "Not found", "message": "Not found"}), "application/json")

    # ------------------------------------------------------------------ DBLP
    def _dblp(self, path: str, params) -> None:
        if path.rstrip("/") == "/search/publ/api":
            try:
                raise _Reply(200, _j(db.publ_answer(self.fake.store, params)), "application/json; charset=UTF-8")
            except db.BadRequest as e:
                raise _Reply(400, f"Bad request: {e}", "text/plain; charset=UTF-8") from None
        raise _Reply(404, _html_404(), "text/html")

    # ------------------------------------------------------------------ Crossref
    def _crossref(self, path: str, params) -> None:
        store = self.fake.store
        raw_path = path
        path = unquote(path)
        if path.startswith("/v1/"):
            path = path[3:]
        if path.startswith("/works/") and len(path) > len("/works/"):
            doi = path[len("/works/"):]
            for pre in ("https://doi.org/", "http://dx.doi.org/", "doi:"):
                if doi.lower().startswith(pre):
                    doi = doi[len(pre):]
            for k in params:
                if k == "mailto":
                    continue
                if k.startswith("query"):
                    raise _Reply(400, _j(cr.validation_failure("parameter-not-allowed", "query.*",
                                         "This route does not support field query parameters")), CR_JSON_ERR)
                raise _Reply(400, _j(cr.validation_failure("parameter-not-allowed", k,
                                     f"This route does not support {k}")), CR_JSON_ERR)
            w = store.crossref_get(doi)
            if w is None:
                raise _Reply(404, "Resource not found.", "text/plain")
            raise _Reply(200, _j(cr.single(store.snapshot(), w)), "application/json")
        if path.rstrip("/") == "/works":
            raise _Reply(200, _j(self._work_list(params)), "application/json")
        _ = raw_path
        raise _Reply(404, "Resource not found.", "text/plain")

    def _work_list(self, params) -> dict:
        store = self.fake.store
        allowed = {"rows", "offset", "filter", "select", "mailto", "sort", "order", "cursor", "query",
                   "facet", "sample"}
        queries = {}
        for k, v in params.items():
            if k.startswith("query"):
                if k != "query" and k not in QUERY_FIELDS:
                    raise _Reply(400, _j(cr.validation_failure("unknown-field-query", k,
                                         f"Field query {k} specified but there is no such field query for this route. "
                                         f"Valid field queries for this route are: {', '.join(sorted(QUERY_FIELDS))}")),
                                 CR_JSON_ERR)
                queries[k] = v[-1]
            elif k not in allowed:
                raise _Reply(400, _j(cr.validation_failure("parameter-not-allowed", k,
                                     f"This route does not support {k}")), CR_JSON_ERR)
        p = {k: v[-1] for k, v in params.items()}
        rows = p.get("rows", "20")
        if not rows.isdigit() or int(rows) > 1000:
            raise _Reply(400, _j(cr.validation_failure("integer-not-valid", rows,
                                 f"Integer specified as {rows} but must be a positive integer less than or equal to 1000.")),
                         CR_JSON_ERR)
        rows_n = int(rows)
        offset = p.get("offset", "0")
        if not offset.isdigit() or int(offset) > 10000:
            raise _Reply(400, _j(cr.validation_failure("integer-not-valid", offset,
                                 f"Integer specified as {offset} but must be a positive integer less than or equal to 10000.")),
                         CR_JSON_ERR)
        offset_n = int(offset)
        cursor = p.get("cursor")
        if cursor is not None:
            if cursor == "*":
                offset_n = 0
            elif cursor.startswith("fake-cursor-") and cursor[12:].isdigit():
                offset_n = int(cursor[12:])
            else:
                raise _Reply(404, _j({"status": "failed", "message-type": "resource-failure", "message": [
                    {"type": "cursor-invalid", "value": cursor, "message": "Cursor specified but it is invalid"}]}),
                    "application/json")
        select = None
        if "select" in p:
            select = [s.strip() for s in p["select"].split(",") if s.strip()]
            bad = [s for s in select if s not in cr.SELECTABLE]
            if bad:
                raise _Reply(400, _j(cr.validation_failure("select-field-not-available", bad[0],
                                     f"Field {bad[0]} specified but there is no such field for this route.")),
                             CR_JSON_ERR)
        works = store.crossref_works()
        snap = store.snapshot()
        for flt in _split_filters(p.get("filter", "")):
            name, _, val = flt.partition(":")
            if name not in FILTERS:
                raise _Reply(400, _j(cr.validation_failure("filter-not-available", name,
                                     f"Filter {name} specified but there is no such filter for this route. "
                                     f"Valid filters for this route are: {', '.join(sorted(FILTERS))}")),
                             CR_JSON_ERR)
        groups: dict[str, list[str]] = {}
        for flt in _split_filters(p.get("filter", "")):
            name, _, val = flt.partition(":")
            groups.setdefault(name, []).append(val)
        for name, vals in groups.items():  # same filter repeated = OR; different filters = AND
            works = [w for w in works if any(_filter_ok(snap, w, name, v) for v in vals)]
        scored: list[tuple[float, Work]] = []
        if queries:
            for w in works:
                s = cr.score(w, queries)
                if s > 0:
                    scored.append((s, w))
            scored.sort(key=lambda x: -x[0])
        else:
            scored = [(1.0, w) for w in works]
        total = len(scored)
        page = scored[offset_n: offset_n + rows_n]
        items = []
        for s, w in page:
            m = cr.work_json(snap, w)
            m["score"] = s
            if select:
                m = {k: v for k, v in m.items() if k in select}
            items.append(m)
        terms = queries.get("query") or queries.get("query.bibliographic")
        nxt = None
        if cursor is not None:
            nxt = f"fake-cursor-{offset_n + rows_n}"
        return cr.work_list(items, total, rows_n, offset_n, terms, nxt)


CR_JSON_ERR = "application/json;charset=utf-8"
QUERY_FIELDS = {"query.bibliographic", "query.title", "query.author", "query.container-title",
                "query.editor", "query.contributor", "query.affiliation", "query.publisher-name",
                "query.publisher-location", "query.funder-name", "query.event-name", "query.chair",
                "query.translator", "query.standards-body-name", "query.degree", "query.description",
                "query.event-location", "query.event-sponsor", "query.event-theme", "query.event-acronym"}
FILTERS = {"doi", "updates", "is-update", "type", "issn", "from-pub-date", "until-pub-date", "prefix",
           "container-title", "has-update", "has-relation", "relation.type", "relation.object", "member",
           "isbn", "from-online-pub-date", "until-online-pub-date", "from-print-pub-date", "until-print-pub-date"}


def _split_filters(s: str) -> list[str]:
    """Split `doi:10.1/a,b,doi:10.2/x` on commas that start a new `name:`."""
    if not s:
        return []
    out: list[str] = []
    for piece in s.split(","):
        name = piece.split(":", 1)[0]
        if out and (":" not in piece or not name.replace("-", "").replace(".", "").isalpha()):
            out[-1] += "," + piece
        else:
            out.append(piece)
    return out


def _date_key(s: str) -> tuple:
    p = [int(x) for x in s.split("-") if x.isdigit()]
    return tuple(p)


def _filter_ok(store: Store, w: Work, name: str, val: str) -> bool:
    if name == "doi":
        return (w.doi_lower or "") == val.lower()
    if name == "updates":
        return any(link.target.doi_lower == val.lower() and link.notice.in_crossref
                   for link in store.links_noticed_by(w))
    if name == "is-update":
        is_upd = bool(store.links_noticed_by(w))
        return is_upd == (val.lower() in ("true", "1", "t"))
    if name == "has-update":
        return bool(store.links_updating(w)) == (val.lower() in ("true", "1", "t"))
    if name == "type":
        return w.crossref_type == val
    if name == "issn":
        return val in (w.issn, w.eissn)
    if name == "isbn":
        return bool(w.isbn) and w.isbn.replace("-", "") == val.replace("-", "")
    if name == "prefix":
        return bool(w.doi) and w.doi.split("/")[0] == val
    if name == "container-title":
        return words(val) == words(w.journal) or words(val) == words(w.container_title)
    if name == "member":
        return w.member == val
    dates = []
    if name in ("from-pub-date", "until-pub-date"):
        dates = [cr.print_parts(w), w.epub_parts]
    elif "online" in name:
        dates = [w.epub_parts]
    elif "print" in name:
        dates = [cr.print_parts(w)]
    if dates:
        ks = [tuple(d) for d in dates if d]
        v = _date_key(val)
        if name.startswith("from"):
            return any(k[: len(v)] >= v for k in ks)
        return any(k[: len(v)] <= v for k in ks)
    return True


def _endpoint(service: str, path: str) -> str:
    if service == "doi":
        return "ra" if path.startswith("/ra/") else ("handle" if path.startswith("/api/handles/") else "other")
    if service == "datacite":
        return "doi" if path.startswith("/dois/") else "other"
    if service == "openalex":
        return "works" if path.rstrip("/") == "/works" else "other"
    if service == "dblp":
        return "publ" if path.rstrip("/") == "/search/publ/api" else "other"
    if service == "eutils":
        name = path.rsplit("/", 1)[-1]
        return name.split(".")[0] if name else "other"
    p = unquote(path)
    if p.startswith("/v1/"):
        p = p[3:]
    if p.rstrip("/") == "/works":
        return "works"
    if p.startswith("/works/"):
        return "work"
    return "other"


def _ids(s: str) -> list[str]:
    return [x.strip() for x in s.replace(" ", ",").split(",") if x.strip()]


def _int(s, default: int) -> int:
    try:
        return int(s)
    except (TypeError, ValueError):
        return default


def _j(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def _html(status: int) -> str:
    title = _HTML.get(status, "Error")
    return (f"<html>\r\n<head><title>{status} {title}</title></head>\r\n<body>\r\n"
            f"<center><h1>{status} {title}</h1></center>\r\n</body>\r\n</html>\r\n")


def _html_404() -> str:
    return "<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>"
