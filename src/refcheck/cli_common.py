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

    ctx = click.get_current_context(silent=True)
    no_cache = bool(ctx and ctx.meta.get("refcheck.no_cache"))
    if no_cache and offline:
        raise Fail("--offline answers from the cache only: it cannot go with --no-cache")
    try:
        return Settings.from_env(
            cache_dir=Path(cache_dir) if cache_dir else None,
            email=email,
            offline=offline or None,
            refresh=refresh or None,
            no_cache=no_cache or None,
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


def _no_cache(ctx, _param, value):
    """--no-cache is kept in ctx.meta, so commands need no parameter of their own for it."""
    if value:
        ctx.meta["refcheck.no_cache"] = True


def probe_cache(settings) -> None:
    """An unusable cache folder stops the run with one line, before any input is read."""
    from .errors import CacheError
    from .sources.cache import open_cache

    try:
        open_cache(settings).close()
    except CacheError as e:
        raise Fail(str(e)) from None


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


def setup_logging(verbose: int, quiet: bool) -> tuple[int, bool]:
    """refcheck's own loggers only: -v info (each failed lookup and its cause), -vv debug.
    Libraries (urllib3 logs whole URLs, query strings and all) say nothing without -v, and at
    most warnings with it. -v/-q given before the command count too; returns (verbose, quiet)."""
    ctx = click.get_current_context(silent=True)
    if ctx is not None:
        top = ctx.find_root().params
        verbose = (verbose or 0) + (top.get("verbose") or 0)
        quiet = bool(quiet or top.get("quiet"))
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
    for lib in ("urllib3", "requests", "charset_normalizer"):
        logging.getLogger(lib).setLevel(logging.WARNING if verbose else logging.CRITICAL + 1)
    if not verbose:
        import warnings

        warnings.simplefilter("ignore")  # library warnings (InsecureRequestWarning …) only with -v
    return verbose, quiet


def check_output(output: str | None, inputs) -> None:
    """-o must be a new path or a regular file in an existing folder, and never an input.

    Anything else is refused rather than replaced: a device (`/dev/null`, `/dev/full`), a FIFO,
    a socket, and a symbolic link (the report would replace the link, or, followed, land
    wherever it points; name the target itself). An input read from standard input counts:
    `verify - -o refs.txt < refs.txt` is refused.
    """
    import stat

    if not output or output == "-":
        return
    out = Path(output)
    try:
        st = os.lstat(out)
    except FileNotFoundError:
        st = None
    except OSError as e:
        raise Fail(f"cannot write {output}: {e.strerror or e}") from None
    if st is not None:
        if stat.S_ISLNK(st.st_mode):
            raise Fail(f"cannot write {output}: it is a symbolic link (give the file it points to)")
        if stat.S_ISDIR(st.st_mode):
            raise Fail(f"cannot write {output}: it is a folder")
        if not stat.S_ISREG(st.st_mode):
            raise Fail(f"cannot write {output}: not a regular file")
    if not out.parent.is_dir():
        raise Fail(f"cannot write {output}: folder {out.parent} does not exist")
    if st is None:
        return
    for p in inputs:
        try:
            other = os.fstat(0) if p == "-" else os.stat(p)
        except OSError:
            continue
        if (other.st_dev, other.st_ino) == (st.st_dev, st.st_ino):
            raise Fail(f"refusing to overwrite the input file {output}")


# A CSV file gets a UTF-8 byte-order mark: without it Excel reads the file as the local code page
# and shows `PÃ©rez` for `Pérez`. Standard output gets none: a pipe feeds programs, not Excel.
BOM = "\ufeff"


def write_output(text: str, output: str | None, fmt: str | None = None) -> None:
    """stdout, or FILE written to a temporary file beside it and renamed: never half a report."""
    if not output or output == "-":
        try:
            sys.stdout.write(text)
            if not text.endswith("\n"):
                sys.stdout.write("\n")
            sys.stdout.flush()
        except OSError as e:  # a full disk (> /dev/full), a closed pipe
            _drop_stdout()
            raise Fail(f"cannot write the report to standard output: {e.strerror or e}") from None
        return
    from .atomic import write_atomic

    if fmt == "csv" and not text.startswith(BOM):
        text = BOM + text
    try:
        write_atomic(Path(output), text)
    except OSError as e:
        raise Fail(f"cannot write {output}: {e.strerror or e}") from None


def _drop_stdout() -> None:
    """Point fd 1 at /dev/null, so the interpreter's own flush at exit fails no second time."""
    try:
        fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, 1)
        os.close(fd)
    except OSError:
        pass


common_source_options = [
    click.option("--offline", is_flag=True, help="Answer from the cache only; never ask the services."),
    click.option("--refresh", is_flag=True, help="Ask the services again even where the cache is fresh."),
    click.option("--cache-dir", type=click.Path(file_okay=False), help="Cache folder [env REFCHECK_CACHE_DIR; ./cache]."),
    click.option("--email", help="Contact address sent to Crossref (mailto) and NCBI [env REFCHECK_EMAIL]."),
    click.option("--no-cache", is_flag=True, expose_value=False, callback=_no_cache,
                 help="Use no cache: ask the services, store nothing (e.g. when the cache folder cannot be written)."),
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


