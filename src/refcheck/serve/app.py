"""The Flask app: the upload page, a page per check, the history, and the JSON API.

Routes (the API is the contract's "Additions" section; the rest is additive):

    GET  /                              upload page (a plain <form>: works without JavaScript)
    POST /checks                        the form's target → 303 to /checks/ID, or the page with a message
    GET  /checks/ID                     progress (live with a little JS, meta refresh without), then the report
    POST /checks/ID/rerun               check the same input again → 303 to the new check
    GET  /history                       every check of this server, newest first
    POST /api/checks                    multipart `file` or form `text` → 202 {id, status_url}
    GET  /api/checks                    the history as JSON
    GET  /api/checks/ID                 {id, state, progress, error, …}
    POST /api/checks/ID/rerun           → 202 {id, status_url}
    GET  /api/checks/ID/report.FMT      FMT = json, html, csv, md (409 until done)

Jinja2 autoescapes every template; the report HTML is served with a sandboxing CSP.
"""

from __future__ import annotations

import time

from flask import Flask, Response, abort, jsonify, redirect, render_template, request, url_for
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from refcheck import __version__
from refcheck.errors import InputError
from refcheck.read.registry import labels

from . import security
from .inputs import accept_file, accept_text
from .service import CheckService
from .store import ID_RE, REPORT_FORMATS

MIME = {
    "json": "application/json; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
}
FORMAT_LABEL = {"json": "JSON", "csv": "CSV", "md": "Markdown", "html": "HTML"}


def create_app(service: CheckService, *, max_upload: int = 10 * 1024 * 1024, token: str | None = None,
               allowed_hosts: set[str] | None = None) -> Flask:
    app = Flask(__name__)
    app.config.update(
        MAX_CONTENT_LENGTH=max_upload,
        MAX_FORM_MEMORY_SIZE=max_upload,  # a pasted list may be as long as an upload
        MAX_FORM_PARTS=20,
        SECRET_KEY=None,  # no sessions: the optional token travels in its own cookie
    )
    app.extensions["refcheck"] = service
    limit_mb = round(max_upload / (1024 * 1024), 2)
    too_large = f"The upload is larger than this server's limit of {limit_mb:g} MB."

    security.install(app, token=token, allowed_hosts=allowed_hosts)

    @app.context_processor
    def _globals():
        return {"version": __version__, "limit_mb": f"{limit_mb:g}", "accepts": ", ".join(labels()), "labels": FORMAT_LABEL}

    @app.template_filter("when")
    def _when(ts):
        return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(ts)) if ts else ""

    def _check_or_404(cid: str):
        check = service.store.get(cid) if ID_RE.match(cid) else None
        if check is None:
            abort(404)
        return check

    def _accept_from_request():
        """The posted file or text → Accepted (raises InputError or RequestEntityTooLarge)."""
        f = request.files.get("file")
        if f is not None and f.filename:
            data = f.stream.read(max_upload + 1)
            if len(data) > max_upload:
                raise RequestEntityTooLarge()
            return accept_file(data, f.filename)
        text = request.form.get("text", "")
        if not text.strip():
            raise InputError("choose a file or paste a reference list")
        return accept_text(text)

    # ------------------------------------------------------------------ pages
    @app.get("/")
    def index():
        return render_template("index.html", recent=service.store.history(limit=10), error=None, text="")

    @app.post("/checks")
    def form_submit():
        try:
            acc = _accept_from_request()
        except RequestEntityTooLarge:
            return _form_error(too_large, 413)
        except InputError as e:
            return _form_error(f"This input could not be read: {e}", 400)
        check = service.submit(acc)
        return redirect(url_for("check_page", cid=check.id), 303)

    def _form_error(msg: str, status: int):
        try:
            text = request.form.get("text", "") if status != 413 else ""
        except RequestEntityTooLarge:
            text = ""
        html = render_template("index.html", recent=service.store.history(limit=10), error=msg, text=text)
        return html, status

    @app.get("/checks/<cid>")
    def check_page(cid: str):
        check = _check_or_404(cid)
        return render_template("check.html", check=check, status=service.status(check))

    @app.post("/checks/<cid>/rerun")
    def rerun_page(cid: str):
        _check_or_404(cid)
        new = service.rerun(cid)
        if new is None:
            abort(404)
        return redirect(url_for("check_page", cid=new.id), 303)

    @app.get("/history")
    def history():
        return render_template("history.html", checks=service.store.history(limit=500))

    # ------------------------------------------------------------------ API
    @app.post("/api/checks")
    def api_submit():
        try:
            acc = _accept_from_request()
        except RequestEntityTooLarge:
            return jsonify(error=too_large), 413
        except InputError as e:
            return jsonify(error=str(e)), 400
        check = service.submit(acc)
        return _accepted(check.id)

    def _accepted(cid: str):
        resp = jsonify(id=cid, status_url=f"/api/checks/{cid}")
        resp.status_code = 202
        resp.headers["Location"] = f"/api/checks/{cid}"
        return resp

    @app.get("/api/checks")
    def api_list():
        return jsonify(checks=[service.status(c) for c in service.store.history(limit=500)])

    @app.get("/api/checks/<cid>")
    def api_status(cid: str):
        return jsonify(service.status(_check_or_404(cid)))

    @app.post("/api/checks/<cid>/rerun")
    def api_rerun(cid: str):
        _check_or_404(cid)
        new = service.rerun(cid)
        if new is None:
            abort(404)
        return _accepted(new.id)

    @app.get("/api/checks/<cid>/report.<fmt>")
    def api_report(cid: str, fmt: str):
        if fmt not in REPORT_FORMATS:
            abort(404)
        check = _check_or_404(cid)
        if check.state != "done":
            return jsonify(error=f"the check is {check.state}, not done", state=check.state), 409
        text = service.store.report(cid, fmt)
        if text is None:  # pragma: no cover - done rows always hold their reports
            abort(404)
        resp = Response(text, mimetype=MIME[fmt].split(";")[0], content_type=MIME[fmt])
        if request.args.get("download"):
            resp.headers["Content-Disposition"] = f'attachment; filename="refcheck-{cid}.{fmt}"'
        if fmt == "html":
            resp.headers["Content-Security-Policy"] = security.REPORT_CSP
        return resp

    # ------------------------------------------------------------------ errors
    @app.errorhandler(RequestEntityTooLarge)
    def _too_large(e):
        if request.path.startswith("/api/"):
            return jsonify(error=too_large), 413
        return _form_error(too_large, 413)

    @app.errorhandler(HTTPException)
    def _http_error(e: HTTPException):
        if request.path.startswith("/api/"):
            return jsonify(error=e.description or e.name), e.code
        return render_template("error.html", code=e.code, name=e.name, description=e.description), e.code

    return app
