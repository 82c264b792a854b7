"""The `refcheck serve` command: options → CheckService → Flask app → waitress.

Flask and waitress are imported only when the command runs, so `refcheck --help` stays fast.
"""

from __future__ import annotations

import ipaddress
import logging
import os
import signal
import sqlite3
import sys
from pathlib import Path
from typing import IO, Any

import click


class Fail(click.ClickException):
    """One line on stderr and exit status 2, as every refcheck command does."""

    exit_code = 2

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"refcheck: error: {self.format_message()}", err=True)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _setup_logging(verbose: int, quiet: bool, secret: str | None) -> None:
    from refcheck.sources.http import Redactor

    redact = Redactor(secret)

    class _Redact(logging.Filter):
        def filter(self, record: logging.LogRecord) -> bool:
            msg = record.getMessage()
            clean = redact(msg)
            if clean != msg:
                record.msg, record.args = clean, ()
            return True

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("refcheck serve: %(levelname)s: %(message)s"))
    handler.addFilter(_Redact())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.WARNING)
    level = logging.ERROR if quiet else logging.INFO if verbose == 1 else logging.DEBUG if verbose > 1 else logging.WARNING
    logging.getLogger("refcheck").setLevel(level)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback unless told otherwise).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port (0: any free one).")
@click.option("--data-dir", default="refcheck-data", show_default=True, type=click.Path(file_okay=False),
              help="Where the checks are kept (SQLite).")
@click.option("--cache-dir", type=click.Path(file_okay=False), help="Cache folder [env REFCHECK_CACHE_DIR; ./cache].")
@click.option("--email", help="Contact address sent to Crossref (mailto) and NCBI [env REFCHECK_EMAIL].")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 16), help="Checks run at once (they share one rate limit).")
@click.option("--max-upload-mb", default=10.0, show_default=True, type=click.FloatRange(0.01, 50), help="Largest upload accepted.")
@click.option("-q", "--quiet", is_flag=True, help="Only errors on stderr.")
@click.option("-v", "--verbose", count=True, help="More logging on stderr.")
def serve(host: str, port: int, data_dir: str, cache_dir: str | None, email: str | None, workers: int,
          max_upload_mb: float, quiet: bool, verbose: int) -> None:
    """Serve the upload page and the JSON API (see the README's "Web page" section).

    Set REFCHECK_SERVE_TOKEN to require a shared token (do, before binding beyond loopback).

    \b
    Examples:
      refcheck serve
      refcheck serve --port 8080 --data-dir /srv/refcheck --cache-dir /srv/refcheck/cache
    """
    from refcheck.errors import RefcheckError
    from refcheck.settings import Settings

    settings = Settings.from_env(cache_dir=Path(cache_dir) if cache_dir else None, email=email)
    _setup_logging(verbose, quiet, settings.api_key)
    token = os.environ.get("REFCHECK_SERVE_TOKEN") or None
    if not _is_loopback(host) and not token:
        click.echo(f"refcheck serve: warning: listening on {host} without REFCHECK_SERVE_TOKEN: "
                   "anyone who can reach this port can use this server", err=True)
    try:
        Path(data_dir).mkdir(parents=True, exist_ok=True)
        Path(settings.cache_dir).mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise Fail(f"cannot create {e.filename}: {e.strerror}") from None

    lock = _lock_data_dir(Path(data_dir))
    from waitress.server import create_server

    from .app import create_app
    from .security import loopback_hosts
    from .service import CheckService

    try:
        service = CheckService(settings, Path(data_dir), workers=workers)
    except (OSError, sqlite3.Error, RefcheckError) as e:  # an unreadable store is one line, not a traceback
        raise Fail(f"cannot open the check store in {data_dir}: {e}") from None
    max_upload = int(max_upload_mb * 1024 * 1024)
    # waitress reads a body up to its own limit (spooled to an anonymous temporary file) before
    # the app sees it; above the app's limit the app answers 413 with a message on the page, so
    # waitress's bare 413 is kept for absurd sizes only.
    app = create_app(service, max_upload=max_upload, token=token)
    try:
        server = create_server(app, host=host, port=port, threads=8, ident="refcheck",
                               max_request_body_size=max(4 * max_upload, 64 << 20),
                               clear_untrusted_proxy_headers=True)
    except OSError as e:
        service.stop()
        raise Fail(f"cannot listen on {host}:{port}: {e.strerror or e}") from None
    real_port = server.effective_port
    if _is_loopback(host):
        app.config["ALLOWED_HOSTS"] = loopback_hosts(real_port)
    resumed, failed = service.start()
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"refcheck serve: http://{shown}:{real_port}/ (checks in {data_dir}, cache in {settings.cache_dir}, "
               f"{workers} worker(s); {len(resumed)} resumed, {len(failed)} failed after restarts)", err=True)

    def _stop(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _stop)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
        service.stop()
        os.close(lock)


def _lock_data_dir(data_dir: Path) -> int:
    """One server per data folder: a second would put the first one's running checks back in the
    queue at its start. The lock dies with the process (kill -9 included)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no lock
        return os.open(os.devnull, os.O_RDONLY)
    fd = os.open(data_dir / "serve.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        raise Fail(f"another refcheck serve is using {data_dir}") from None
    return fd
