"""The command line: options → Settings → library calls → exit status. Nothing else lives here.

Heavy modules (requests, Biopython) are imported inside the commands so that `refcheck --help`
starts fast.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

import click

from . import __version__
from .errors import InputError, RefcheckError

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2
FORMATS = ("table", "json", "markdown", "html", "csv")


class Fail(click.ClickException):
    """One line on stderr and exit status 2."""

    exit_code = EXIT_INPUT

    def show(self, file=None) -> None:
        click.echo(f"refcheck: error: {self.format_message()}", err=True)


def _settings(cache_dir, email, offline, refresh):
    from .settings import Settings

    return Settings.from_env(
        cache_dir=Path(cache_dir) if cache_dir else None,
        email=email,
        offline=offline or None,
        refresh=refresh or None,
    )


class _Redact(logging.Filter):
    """Last line of defence: the API key is scrubbed from every record that reaches stderr."""

    def __init__(self, secret: str | None):
        super().__init__()
        self.secret = secret

    def filter(self, record: logging.LogRecord) -> bool:
        if self.secret:
            msg = record.getMessage()
            if self.secret in msg:
                record.msg, record.args = msg.replace(self.secret, "***"), ()
        return True


def _setup_logging(verbose: int, quiet: bool) -> None:
    """refcheck's own loggers only: -v info, -vv debug. Libraries (urllib3 logs whole URLs,
    query strings and all) stay at WARNING whatever the verbosity."""
    level = logging.WARNING
    if quiet:
        level = logging.ERROR
    elif verbose == 1:
        level = logging.INFO
    elif verbose >= 2:
        level = logging.DEBUG
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("refcheck: %(levelname)s: %(message)s"))
    handler.addFilter(_Redact(os.environ.get("NCBI_API_KEY")))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.ERROR if quiet else logging.WARNING)
    logging.getLogger("refcheck").setLevel(level)


def exit_status(reports, fail_on: str) -> int:
    """0 = nothing at or above --fail-on; 1 = something is."""
    if fail_on == "never":
        return EXIT_OK
    bad = {"error"} if fail_on == "error" else {"error", "warning"}
    for rep in reports:
        for v in rep.verdicts:
            if v.status in bad or any(f.severity in bad for f in v.findings):
                return EXIT_FINDINGS
    return EXIT_OK


def _check_output(output: str | None, inputs) -> None:
    """-o must point into an existing folder and never at one of the inputs."""
    if not output or output == "-":
        return
    out = Path(output)
    if not out.parent.is_dir():
        raise Fail(f"cannot write {output}: folder {out.parent} does not exist")
    if out.is_dir():
        raise Fail(f"cannot write {output}: it is a folder")
    for p in inputs:
        if p != "-" and out.exists() and Path(p).exists() and out.samefile(p):
            raise Fail(f"refusing to overwrite the input file {output}")


def write_output(text: str, output: str | None) -> None:
    """stdout, or FILE written to a temporary file beside it and renamed: never half a report."""
    if not output or output == "-":
        sys.stdout.write(text)
        if not text.endswith("\n"):
            sys.stdout.write("\n")
        sys.stdout.flush()
        return
    from .atomic import write_atomic

    try:
        write_atomic(Path(output), text)
    except OSError as e:
        raise Fail(f"cannot write {output}: {e.strerror or e}") from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="refcheck")
def main() -> None:
    """Check the reference list of a health or science article against PubMed and Crossref.

    \b
    Examples:
      refcheck verify references.txt
      refcheck verify article.docx --format html -o report.html
      refcheck parse references.txt --format json
    """


common_source_options = [
    click.option("--offline", is_flag=True, help="Answer from the cache only; never ask the services."),
    click.option("--refresh", is_flag=True, help="Ask the services again even where the cache is fresh."),
    click.option("--cache-dir", type=click.Path(file_okay=False), help="Cache folder [env REFCHECK_CACHE_DIR; ./cache]."),
    click.option("--email", help="Contact address sent to Crossref (mailto) and NCBI [env REFCHECK_EMAIL]."),
    click.option(
        "--fail-on",
        type=click.Choice(["error", "warning", "never"]),
        default="error",
        show_default=True,
        help="Exit 1 when any finding is at or above this severity.",
    ),
    click.option("-q", "--quiet", is_flag=True, help="No progress or warnings on stderr."),
    click.option("-v", "--verbose", count=True, help="More logging on stderr (-vv: every request)."),
]


def source_options(f):
    for opt in reversed(common_source_options):
        f = opt(f)
    return f


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option("-o", "--output", help="Write the report to FILE instead of stdout.")
@source_options
def verify(paths, fmt, output, offline, refresh, cache_dir, email, fail_on, quiet, verbose):
    """Check every reference of PATH against PubMed and Crossref.

    PATH is an article (text, Markdown, HTML, DOCX, JATS) or a reference list (text, BibTeX, RIS);
    `-` reads standard input.

    \b
    Examples:
      refcheck verify references.txt
      refcheck verify manuscript.docx --format html -o report.html --fail-on warning
      refcheck verify refs.bib --format json --offline
    """
    _setup_logging(verbose, quiet)
    _check_output(output, paths)
    from .check import check_paths
    from .report import render

    settings = _settings(cache_dir, email, offline, refresh)
    try:
        reports = check_paths(list(paths), settings, quiet=quiet)
    except RefcheckError as e:  # InputError and the rest of refcheck's own errors
        raise Fail(str(e)) from None
    color = fmt == "table" and not output and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    if fmt == "json" and len(reports) > 1:
        import json

        text = json.dumps(
            {"schema": "refcheck/report-set-v1", "reports": [r.to_dict() for r in reports]},
            ensure_ascii=False,
            indent=2,
        )
    else:
        text = "\n".join(render(r, fmt, color=color) for r in reports)
    write_output(text, output)
    sys.exit(exit_status(reports, fail_on))


@main.command()
@click.argument("path")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def parse(path, fmt):
    """Split PATH into structured references (no network).

    \b
    Example:
      refcheck parse references.txt --format json
    """
    from .parse import parse_path
    from .parse_output import render_parse

    try:
        doc = parse_path(path)
    except InputError as e:
        raise Fail(str(e)) from None
    for w in doc.warnings:
        click.echo(f"refcheck: warning: {w}", err=True)
    write_output(render_parse(doc, fmt), None)


def run() -> None:  # pragma: no cover - console entry for python -m
    main()


def _register_more() -> None:
    """`batch` and `cache` live in their own module; registered here so `refcheck` lists them."""
    try:
        from .cli_batch import batch, cache
    except ImportError:  # pragma: no cover - during development only
        return
    main.add_command(batch)
    main.add_command(cache)
    from .serve.command import serve  # the web page and JSON API (refcheck/serve/)

    main.add_command(serve)


_register_more()
