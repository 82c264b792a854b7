"""read → parse → resolve → verify for one or many inputs: what `refcheck verify` runs."""

from __future__ import annotations

import sys
import time
from dataclasses import replace
from typing import Sequence

from . import __version__
from .dates import utc_iso
from .model import ParsedDocument, Report
from .parse import parse_path
from .resolve import Resolver
from .settings import Settings
from .sources import registry
from .verify import verify_document

SCREEN = 24  # lists longer than this get a progress line (when stderr is a terminal)


class Progress:
    """One self-rewriting status line on stderr: a bar of entries identified so far, the stage,
    requests sent and seconds spent waiting on the services' rate limits."""

    def __init__(self, total: int, stats, enabled: bool):
        self.total, self.stats, self.enabled = total, stats, enabled
        self.t0 = time.monotonic()

    def __call__(self, stage: str, done: int = 0) -> None:
        if not self.enabled:
            return
        snap = self.stats.snapshot()
        width = 24
        filled = int(width * done / self.total) if self.total else width
        failed = f" · {snap['failures_total']} failed" if snap.get("failures_total") else ""
        line = (
            f"\rrefcheck [{'#' * filled}{'.' * (width - filled)}] {done}/{self.total} identified"
            f" · {stage} · {snap['requests_total']} requests{failed}"
            f" · {snap['rate_wait_s']:.1f}s waiting on rate limits · {time.monotonic() - self.t0:.0f}s"
        )
        sys.stderr.write(line.ljust(120)[:160])
        sys.stderr.flush()

    def done(self) -> None:
        if self.enabled:
            sys.stderr.write("\r" + " " * 120 + "\r")
            sys.stderr.flush()


def check_document(doc: ParsedDocument, resolver: Resolver, quiet: bool = False) -> Report:
    show = not quiet and sys.stderr.isatty() and len(doc.references) > SCREEN
    progress = Progress(len(doc.references), resolver.stats, show)
    before = _usage(resolver)
    checked = utc_iso(time.time())
    try:
        lookups = resolver.resolve(doc.references, progress=progress if show else None)
    finally:
        progress.done()
    report = verify_document(doc, lookups)
    return replace(report, checked=checked, version=__version__, provenance=_provenance(before, _usage(resolver), resolver))


def _usage(resolver: Resolver) -> tuple[dict[str, int], int, int]:
    snap = resolver.stats.snapshot()
    per: dict[str, int] = {}
    for what, n in snap["requests"].items():  # "pubmed:efetch" → n
        service = what.split(":", 1)[0]
        per[service] = per.get(service, 0) + int(n)
    return per, resolver.cache.hits, resolver.cache.misses


def _provenance(before, after, resolver: Resolver) -> dict:
    """What this report's answers cost: requests per service, and the cache's part and age."""
    (req0, hits0, miss0), (req1, hits1, miss1) = before, after
    services = {s: {"requests": n - req0.get(s, 0)} for s, n in sorted(req1.items()) if n - req0.get(s, 0) > 0}
    oldest = resolver.cache.oldest_hit
    return {
        "services": services,
        "offline": resolver.settings.offline,
        "cache": {
            "hits": hits1 - hits0,
            "misses": miss1 - miss0,
            "oldest": utc_iso(oldest) if oldest is not None and hits1 > hits0 else None,
        },
    }


def check_paths(paths: Sequence[str], settings: Settings, quiet: bool = False) -> list[Report]:
    """Parse every input first (a bad one stops the run before any request), then check each."""
    docs = [parse_path(p) for p in paths]
    if not quiet:
        for d in docs:
            for w in d.warnings:
                print(f"refcheck: warning: {d.source}: {w}", file=sys.stderr)
    reports = []
    with Resolver(settings) as resolver:
        for doc in docs:
            reports.append(check_document(doc, resolver, quiet=quiet))
        unreachable = dict(resolver.stats.unreachable)
        cached = _cache_holds_records(resolver.cache)
    if not quiet:
        explain_failures(reports, settings, unreachable=unreachable, cached=cached)
    return reports


def _cache_holds_records(cache) -> bool:
    try:
        return bool(cache.stats()["entries"]) if hasattr(cache, "stats") else False
    except Exception:  # the hint is a courtesy; a cache that cannot say is not a failure
        return False


def explain_failures(reports: Sequence[Report], settings: Settings, *, unreachable: dict | None = None,
                     cached: bool = False) -> None:
    """One line on stderr when references could not be checked, saying why: the host that could
    not be reached and why (suggesting --offline when the cache holds records), else the
    services that kept failing."""
    unverified = sum(1 for r in reports for v in r.verdicts if any(f.code == "unavailable" for f in v.findings))
    if not unverified:
        return
    if settings.offline:
        why = "--offline and the cache does not hold their records"
    elif unreachable:
        why = "; ".join(f"cannot reach {host}: {cause}" for host, cause in sorted(unreachable.items()))
        if cached:
            why += " (--offline answers from the cache)"
    else:
        services = sorted(
            {
                s
                for r in reports
                for v in r.verdicts
                for f in v.findings
                if f.code == "unavailable"
                for s in (f.details.get("services") or [])
            }
        )
        named = registry.join_labels(services) if services else "the services"
        why = f"{named} kept failing (see -v for details)"
    print(f"refcheck: warning: {unverified} reference(s) could not be checked: {why}", file=sys.stderr)
