"""`refcheck batch` and `refcheck cache`: options → library calls → exit status.

Registered on the `main` group by `cli`; shares only `cli_common` with it.
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

import click

from .cli_common import EXIT_INPUT, Fail, RegistryHelp, probe_cache, settings_from_options, setup_logging, source_options


def _formats(value: str) -> tuple[str, ...]:
    from .report.registry import formats

    known = formats()
    out = []
    for f in re.split(r"[,\s]+", value or ""):
        f = f.strip().lower()
        if not f:
            continue
        if f == "md":
            f = "markdown"
        if f not in known:
            raise click.BadParameter(f"{f!r} is not one of {', '.join(known)}", param_hint="--format")
        if f not in out:
            out.append(f)
    if not out:
        raise click.BadParameter("give at least one format", param_hint="--format")
    return tuple(out)


@click.command(cls=RegistryHelp, context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output-dir", "out_dir", default="reports", show_default=True, type=click.Path(file_okay=False),
              help="Folder that receives one sub-folder per run.")
@click.option("--format", "fmt", default=None, metavar="FMT[,FMT...]",
              help="Report formats per article, comma-separated: {report_formats} "
                   "[default: json,html, or formats in refcheck.toml].")
@click.option("--since", metavar="RUN_ID", help="Compare with this finished run [default: the previous one in DIR].")
@click.option("--recheck", is_flag=True, help="Check every article again, even those unchanged since their last run.")
@click.option("--workers", type=click.IntRange(1, 16), default=4, show_default=True,
              help="Articles checked at once (the services' rate limits are shared).")
@source_options
def batch(paths, out_dir, fmt, since, recheck, workers, offline, refresh, cache_dir, email, fail_on, quiet, verbose):
    """Check many articles in one run, for scheduled jobs.

    PATH is an article or reference list ({formats}), a folder (searched recursively for
    {extensions}), a glob, or @FILE: a manifest with one path per line (blank lines and
    # comments skipped; relative paths are relative to the manifest).

    Each run writes DIR/<run-id>/ (run ids sort by time): one report per article per format,
    summary.json, summary.csv, changes.json (against the previous finished run, or --since)
    and index.html, a dashboard. An article unchanged since its last run (same content, same
    cache, checked less than 7 days ago) is not checked again unless --recheck or --refresh.
    A run that was stopped (even kill -9) resumes when started again with the same arguments.

    Exit status (the same rule as `verify`): 0 nothing at or above --fail-on; 1 findings at or
    above it (an unreadable article counts as an error); 2 no article could be read, or bad
    arguments.

    \b
    Examples:
      refcheck batch articles/ -o reports
      refcheck batch @manifest.txt --format json,html,csv --fail-on warning
      refcheck batch 'submissions/**/*.docx' --since 20261118T031500Z-3f9a
      refcheck batch articles/ --refresh          # ask the services again (weekly job)
    """
    verbose, quiet = setup_logging(verbose, quiet)
    from .batch import BatchError, Options, article_exit_status, run_batch

    settings = settings_from_options(cache_dir, email, offline, refresh)
    probe_cache(settings)
    try:
        formats = _formats(fmt or ",".join(settings.formats) or "json,html")
    except click.BadParameter as e:
        raise Fail(e.format_message()) from None
    opts = Options(formats=formats, since=since, recheck=recheck, workers=workers, quiet=quiet)
    try:
        out = run_batch(list(paths), out_dir, settings, opts)
    except BatchError as e:
        raise Fail(str(e)) from None
    s = out.summary
    arts = out.result.articles if out.result is not None else ()
    if not quiet:
        for w in out.warnings:
            click.echo(f"refcheck: warning: {w}", err=True)
        for a in arts:
            if a.error:
                click.echo(f"refcheck: warning: {a.source}: {a.error}", err=True)
        t = s["totals"]
        ch = out.changes or {}
        new = sum((ch.get("counts") or {}).get("new", {}).values())
        resolved = sum((ch.get("counts") or {}).get("resolved", {}).values())
        since_txt = f" · since {ch['since']}: {new} new, {resolved} resolved" if ch.get("since") else ""
        click.echo(
            f"refcheck: run {out.run_id}{' (resumed)' if out.resumed else ''}: {t['articles']} articles "
            f"({t['checked']} checked, {t['reused']} unchanged, {t['failed']} unreadable) · "
            f"{t['references']} references: {t['error']} errors, {t['warning']} warnings, "
            f"{t['unverified']} unverified{since_txt}",
            err=True,
        )
    # stdout: where the run is, for scripts (`dir=$(refcheck batch ... )`)
    click.echo(str(out.run_dir))
    sys.exit(article_exit_status(arts, fail_on or settings.fail_on))


# =========================================================================== cache

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


def parse_duration(text: str) -> float:
    """`30d`, `12h`, `90m`, `3600s`, `2w`; a bare number is days."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*", text or "", re.I)
    if not m:
        raise click.BadParameter(f"{text!r}: use e.g. 30d, 12h, 90m, 2w", param_hint="--older-than")
    return float(m.group(1)) * _UNITS[(m.group(2) or "d").lower()]


def _human_age(s: float | None) -> str:
    if s is None:
        return "-"
    for unit, n in (("d", 86400), ("h", 3600), ("m", 60)):
        if s >= n:
            return f"{s / n:.1f}{unit}"
    return f"{s:.0f}s"


def _human_size(n: int) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n} B"  # pragma: no cover


cache_dir_option = click.option("--cache-dir", type=click.Path(file_okay=False),
                                help="Cache folder [env REFCHECK_CACHE_DIR; ./cache].")


def _open_cache(cache_dir, must_exist: bool = True):

    from .sources.cache import FILENAME, Cache

    settings = settings_from_options(cache_dir, None, False, False)
    path = Path(settings.cache_dir) / FILENAME
    if must_exist and not path.exists():
        return None, path
    try:
        return Cache(settings), path
    except Exception as e:
        raise Fail(f"cannot open the cache {path}: {e}") from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cache():
    """Inspect, prune, clear, export or import the lookup cache.

    The cache is one SQLite file, <cache-dir>/refcheck.sqlite, shared by every run.

    \b
    Examples:
      refcheck cache stats
      refcheck cache stats --format json --cache-dir /var/cache/refcheck
      refcheck cache prune --older-than 30d
      refcheck cache clear --yes
      refcheck cache export cache.jsonl && refcheck cache import cache.jsonl --cache-dir other/
    """


@cache.command()
@cache_dir_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def stats(cache_dir, fmt):
    """Entries, size, age, and the hit rate of the last run.

    \b
    Example:
      refcheck cache stats --format json
    """
    c, path = _open_cache(cache_dir)
    if c is None:
        d = {"path": str(path), "exists": False, "entries": 0, "by_kind": {}, "size_bytes": 0,
             "oldest_age_s": None, "newest_age_s": None, "last_run": None}
    else:
        try:
            d = c.stats()
        finally:
            c.close()
        d = {"exists": True, **d}
        d.pop("this_run", None)
    if fmt == "json":
        click.echo(json.dumps(d, indent=2))
        return
    if not d["exists"]:
        click.echo(f"cache: {path} (does not exist yet)")
        return
    kinds = ", ".join(f"{k} {n}" for k, n in (d.get("by_kind") or {}).items())
    lr = d.get("last_run") or {}
    rate = lr.get("hit_rate")
    lines = [
        f"cache:    {d['path']}",
        f"entries:  {d['entries']} ({kinds})",
        f"size:     {_human_size(d['size_bytes'])}",
        f"age:      newest {_human_age(d.get('newest_age_s'))}, oldest {_human_age(d.get('oldest_age_s'))}",
    ]
    if rate is None:
        lines.append("last run: no lookups recorded")
    else:
        at = lr.get("finished_at")
        when = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(at)) if at else "?"
        lines.append(f"last run: {lr['hits']} hits, {lr['misses']} misses, hit rate {rate:.0%} (finished {when})")
    click.echo("\n".join(lines))


@cache.command()
@cache_dir_option
@click.option("--older-than", metavar="AGE", help="Delete every entry older than AGE (30d, 12h, 2w) "
              "instead of only the expired ones.")
def prune(cache_dir, older_than):
    """Delete expired entries (or all older than --older-than).

    \b
    Examples:
      refcheck cache prune
      refcheck cache prune --older-than 30d
    """
    try:
        age = parse_duration(older_than) if older_than else None
    except click.BadParameter as e:
        raise Fail(e.format_message()) from None
    c, path = _open_cache(cache_dir)
    if c is None:
        click.echo(f"cache: {path} does not exist; nothing to prune")
        return
    try:
        n = c.prune(age)
        left = c.stats()["entries"]
    finally:
        c.close()
    click.echo(f"pruned {n} entries; {left} left in {path}")


@cache.command()
@cache_dir_option
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def clear(cache_dir, yes):
    """Delete every entry.

    \b
    Example:
      refcheck cache clear --yes
    """
    c, path = _open_cache(cache_dir)
    if c is None:
        click.echo(f"cache: {path} does not exist; nothing to clear")
        return
    try:
        if not yes:
            if not sys.stdin.isatty():
                raise Fail("refusing to clear the cache without --yes (standard input is not a terminal)")
            if not click.confirm(f"Delete all {c.stats()['entries']} entries of {path}?", default=False):
                click.echo("nothing deleted")
                return
        n = c.clear()
    finally:
        c.close()
    click.echo(f"cleared {n} entries from {path}")


@cache.command("export")
@cache_dir_option
@click.argument("file", type=click.Path(dir_okay=False))
def export_(cache_dir, file):
    """Write every entry to FILE (JSON lines); `-` writes them to standard output.

    \b
    Examples:
      refcheck cache export cache.jsonl
      refcheck cache export - | gzip > cache.jsonl.gz
    """
    c, path = _open_cache(cache_dir)
    if c is None:
        raise Fail(f"cache {path} does not exist")
    try:
        n = c.export(sys.stdout if file == "-" else file)
        if file == "-":
            sys.stdout.flush()
    except OSError as e:
        raise Fail(f"cannot write {file}: {e.strerror or e}") from None
    finally:
        c.close()
    click.echo(f"exported {n} entries to {'standard output' if file == '-' else file}", err=file == "-")


@cache.command("import")
@cache_dir_option
@click.argument("file", type=click.Path(dir_okay=False))
def import_(cache_dir, file):
    """Read entries from FILE (written by `cache export`); newer stored entries are kept.

    \b
    Example:
      refcheck cache import cache.jsonl --cache-dir /var/cache/refcheck
    """
    c, path = _open_cache(cache_dir, must_exist=False)
    try:
        n = c.import_(file)
    except OSError as e:
        raise Fail(f"cannot read {file}: {e.strerror or e}") from None
    except (ValueError, KeyError) as e:
        raise Fail(f"{file} is not a refcheck cache export: {e}") from None
    finally:
        c.close()
    click.echo(f"imported {n} entries into {path}")


__all__ = ["batch", "cache", "parse_duration", "EXIT_INPUT"]
