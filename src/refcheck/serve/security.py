"""Safe defaults for a server that may hold unpublished manuscripts.

- Host check (loopback binds): a page on another site cannot reach the server through DNS
  rebinding, because only `127.0.0.1:PORT`, `localhost:PORT` and `[::1]:PORT` are answered.
- Origin check: a form on another site cannot make the server check things (and spend the
  NCBI budget): a POST whose Origin is not this server is refused.
- Optional shared token (`REFCHECK_SERVE_TOKEN`): API clients send `Authorization: Bearer T`;
  people type it once on /login and get an HttpOnly, SameSite=Strict cookie.
- Headers on every answer: a strict Content-Security-Policy (scripts only from /static), no
  sniffing, no referrer (check ids stay on this server), no framing by other sites.
"""

from __future__ import annotations

import hashlib
import hmac
from urllib.parse import urlsplit

from flask import Flask, jsonify, redirect, render_template, request

COOKIE = "refcheck_token"
PAGE_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-src 'self'; "
            "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
# The report is a self-contained page with inline style and one inline script; sandboxed, it runs
# in an opaque origin and cannot read the server's pages or cookies even if something slipped through.
REPORT_CSP = ("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; "
              "frame-ancestors 'self'; sandbox allow-scripts allow-popups allow-popups-to-escape-sandbox")
OPEN_PATHS = ("/login", "/static/")


def loopback_hosts(port: int) -> set[str]:
    return {f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}"}


def _digest(s: str) -> bytes:
    return hashlib.sha256(s.encode("utf-8")).digest()


def token_ok(given: str | None, token: str) -> bool:
    if not given:
        return False
    return hmac.compare_digest(_digest(given), _digest(token))


def install(app: Flask, *, token: str | None, allowed_hosts: set[str] | None) -> None:
    """`allowed_hosts` (None = any) is kept in app.config so the command can set it once the port is known."""
    app.config["ALLOWED_HOSTS"] = allowed_hosts

    @app.before_request
    def _guard():
        allowed = app.config.get("ALLOWED_HOSTS")
        if allowed is not None and request.host not in allowed:
            return "unknown host\n", 421, {"Content-Type": "text/plain; charset=utf-8"}
        if request.method == "POST":
            origin = request.headers.get("Origin")
            if origin and origin != "null" and urlsplit(origin).netloc != request.host:
                return _deny(403, "cross-site request refused")
        if token and not request.path.startswith(OPEN_PATHS):
            auth = request.headers.get("Authorization", "")
            given = auth[7:] if auth.startswith("Bearer ") else request.cookies.get(COOKIE)
            if not token_ok(given, token):
                if request.path.startswith("/api/"):
                    return _deny(401, "this server needs its token: send Authorization: Bearer TOKEN")
                return redirect("/login", 303)
        return None

    @app.after_request
    def _headers(resp):
        resp.headers.setdefault("Content-Security-Policy", PAGE_CSP)
        resp.headers["X-Content-Type-Options"] = "nosniff"
        resp.headers["Referrer-Policy"] = "no-referrer"
        resp.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        resp.headers.setdefault("Cache-Control", "no-store")
        return resp

    @app.route("/login", methods=["GET", "POST"])
    def login():
        if not token:
            return redirect("/", 303)
        if request.method == "POST":
            if token_ok(request.form.get("token"), token):
                resp = redirect("/", 303)
                resp.set_cookie(COOKIE, request.form["token"], httponly=True, samesite="Strict",
                                secure=request.is_secure)
                return resp
            return render_template("login.html", error="That is not this server's token."), 401
        return render_template("login.html", error=None)


def _deny(status: int, msg: str):
    if request.path.startswith("/api/"):
        return jsonify(error=msg), status
    return render_template("error.html", code=status, name="Refused", description=msg), status
