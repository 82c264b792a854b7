"""What every refcheck command shares: exit codes, the one-line error, logging, the source
options, output files, and the help/choices read from the reader and renderer registries.

`cli` (verify, parse) and `cli_batch` (batch, cache) both import this; neither imports the other's
commands, so the command modules form no cycle.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

import click

from .outcome import EXIT_INPUT, FAIL_ON


class FormatChoice(click.Choice):
    """`--format` choices read from the renderer registry when asked, so a format registered after
    import (a plug-in, a test's toy) is accepted and listed."""

    def __init__(self) -> None:
        super().__init__(())

    @property  # type: ignore[override]
    def choices(self) -> tuple[str, ...]:
        from .report.registry import formats

        return formats()

    @choices.setter
    def choices(self, value) -> None:  # click's __init__ assigns; the registry is the truth
        pass


class RegistryHelp(click.Command):
    """Help texts (the command's and its options') with `{formats}` (the readers' labels),
    `{extensions}` and `{report_formats}` filled in from the registries when --help is shown,
    not at import, so `refcheck --help` stays fast and a newly added format is listed."""

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        from .read.registry import extensions, labels
        from .report.registry import formats

        values = {
            "{formats}": ", ".join(labels()),
            "{extensions}": " ".join(extensions()),
            "{report_formats}": ", ".join(formats()),
        }

        def fill(text: str | None) -> str | None:
            for key, value in values.items():
                text = text.replace(key, value) if text else text
            return text

        holders = [self, *(p for p in self.params if isinstance(p, click.Option))]
        saved = [h.help for h in holders]
        try:
            for h in holders:
                h.help = fill(h.help)
            super().format_help(ctx, formatter)
        finally:
            for h, text in zip(holders, saved):
                h.help = text


class Fail(click.ClickException):
    """One line on stderr and exit status 2."""

    exit_code = EXIT_INPUT

    def show(self, file=None) -> None:
        click.echo(f"refcheck: error: {self.format_message()}", err=True)


def settings_from_options(cache_dir, email, offline, refresh, **flags):
    """Flags over environment over refcheck.toml over defaults; a bad setting is exit 2."""
    from .settings import Settings, SettingsError

    try:
        return Settings.from_env(
            cache_dir=Path(cache_dir) if cache_dir else None,
            email=email,
            offline=offline or None,
            refresh=refresh or None,
            **flags,
        )
    except SettingsError as e:
        raise Fail(str(e)) from None


def infer_format(fmt: str | None, output: str | None, default: str = "table") -> str:
    """--format as given, else the one `-o`'s extension names (`-o report.html` → html)."""
    if fmt:
        return fmt
    if output and output != "-":
        from .report.registry import format_for_extension

        found = format_for_extension(Path(output).suffix)
        if found:
            return found
    return default


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


def setup_logging(verbose: int, quiet: bool) -> None:
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


def check_output(output: str | None, inputs) -> None:
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


# A CSV file gets a UTF-8 byte-order mark: without it Excel reads the file as the local code page
# and shows `PÃ©rez` for `Pérez`. Standard output gets none: a pipe feeds programs, not Excel.
BOM = "\ufeff"


def write_output(text: str, output: str | None, fmt: str | None = None) -> None:
    """stdout, or FILE written to a temporary file beside it and renamed: never half a report."""
    if not output or output == "-":
        sys.stdout.write(text)
        if not text.endswith("\n"):
            sys.stdout.write("\n")
        sys.stdout.flush()
        return
    from .atomic import write_atomic

    if fmt == "csv" and not text.startswith(BOM):
        text = BOM + text
    try:
        write_atomic(Path(output), text)
    except OSError as e:
        raise Fail(f"cannot write {output}: {e.strerror or e}") from None


common_source_options = [
    click.option("--offline", is_flag=True, help="Answer from the cache only; never ask the services."),
    click.option("--refresh", is_flag=True, help="Ask the services again even where the cache is fresh."),
    click.option("--cache-dir", type=click.Path(file_okay=False), help="Cache folder [env REFCHECK_CACHE_DIR; ./cache]."),
    click.option("--email", help="Contact address sent to Crossref (mailto) and NCBI [env REFCHECK_EMAIL]."),
    click.option(
        "--fail-on",
        type=click.Choice(FAIL_ON),
        default=None,
        help="Exit 1 when any finding is at or above this severity (warning: also a citation missing "
        "from the list; unverified: also an entry a service could not check) [default: error, or "
        "fail_on in refcheck.toml].",
    ),
    click.option("-q", "--quiet", is_flag=True, help="No progress or warnings on stderr."),
    click.option("-v", "--verbose", count=True, help="More logging on stderr (-vv: every request)."),
]


def source_options(f):
    for opt in reversed(common_source_options):
        f = opt(f)
    return f


