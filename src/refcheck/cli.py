"""The command line: options → Settings → library calls → exit status. Nothing else lives here.

Heavy modules (requests, Biopython) are imported inside the commands so that `refcheck --help`
starts fast.
"""

from __future__ import annotations

import os
import sys

import click

from . import __version__
from .cli_batch import batch, cache
from .cli_config import config
from .cli_common import (
    FormatChoice,
    RegistryHelp,
    check_output,
    Fail,
    infer_format,
    settings_from_options,
    setup_logging,
    source_options,
    write_output,
)
from .errors import RefcheckError
from .outcome import exit_status
from .serve.command import serve


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="refcheck")
@click.option("-q", "--quiet", is_flag=True, help="No progress or warnings on stderr (also after the command).")
@click.option("-v", "--verbose", count=True, help="More logging on stderr (also after the command).")
def main(quiet: bool = False, verbose: int = 0) -> None:
    """Check the reference list of a health or science article against PubMed and Crossref.

    \b
    Examples:
      refcheck verify references.txt
      refcheck verify article.docx --format html -o report.html
      refcheck parse references.txt --format json
    """


@main.command(cls=RegistryHelp)
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=FormatChoice(), default=None,
              help="Report format [default: from -o's extension, else table].")
@click.option("-o", "--output", help="Write the report to FILE instead of stdout (`-`: stdout).")
@source_options
def verify(paths, fmt, output, offline, refresh, cache_dir, email, fail_on, quiet, verbose):
    """Check every reference of PATH against PubMed and Crossref.

    PATH is an article or a reference list ({formats}); `-` reads standard input.

    \b
    Examples:
      refcheck verify references.txt
      refcheck verify manuscript.docx --format html -o report.html --fail-on warning
      refcheck verify refs.bib --format json --offline
    """
    verbose, quiet = setup_logging(verbose, quiet)
    check_output(output, paths)
    from .check import check_paths
    from .report import render_set
    from .report.registry import ReportSetError, check_set

    fmt = infer_format(fmt, output)
    try:
        check_set(fmt, len(paths))  # refuse before any request is spent
    except ReportSetError as e:
        raise Fail(str(e)) from None
    settings = settings_from_options(cache_dir, email, offline, refresh)
    try:
        reports = check_paths(list(paths), settings, quiet=quiet)
    except RefcheckError as e:  # InputError and the rest of refcheck's own errors
        raise Fail(str(e)) from None
    color = fmt == "table" and not output and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    text = render_set(reports, fmt, color=color)
    write_output(text, output, fmt)
    sys.exit(exit_status([r.summary() for r in reports], fail_on or settings.fail_on))


@main.command(cls=RegistryHelp)
@click.argument("path")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def parse(path, fmt):
    """Split PATH into structured references (no network).

    PATH is an article or a reference list ({formats}); `-` reads standard input.

    \b
    Example:
      refcheck parse references.txt --format json
    """
    from .parse import parse_path
    from .parse_output import render_parse

    try:
        doc = parse_path(path)
    except RefcheckError as e:  # InputError; ModelError (the labeller's model file missing or damaged)
        raise Fail(str(e)) from None
    for w in doc.warnings:
        click.echo(f"refcheck: warning: {w}", err=True)
    write_output(render_parse(doc, fmt), None)


main.add_command(batch)
main.add_command(cache)
main.add_command(serve)
main.add_command(config)  # the web page and JSON API (refcheck/serve/)
