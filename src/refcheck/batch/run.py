"""One batch run: open (or resume) its folder, check or reuse each article on worker threads,
journal each as it finishes, then write changes, summaries and the dashboard."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Sequence

from .. import __version__
from ..atomic import write_atomic
from ..report.registry import RENDERERS
from ..report.registry import extension as report_extension
from ..sources import registry
from .changes import compute_changes
from .discover import Article, discover
from .reports import report_from_dict
from .runs import (
    CHANGES,
    DEFAULT_FORMATS,
    INDEX,
    JOURNAL,
    RUN_FILE,
    RUN_SCHEMA,
    SUMMARY,
    SUMMARY_CSV,
    VERDICTS,
    WORKERS,
    BatchError,
    Journal,
    RunLock,
    find_resumable,
    fingerprint,
    fsync_dir,
    is_finished,
    iso,
    list_runs,
    new_run_id,
    previous_finished,
    read_json,
    sha256_file,
)
from .summary import code_counts, fallback_index, render_index, summary_csv, totals
from .types import ArticleResult, RunSummary

if TYPE_CHECKING:
    from ..settings import Settings

log = logging.getLogger("refcheck.batch")

# =========================================================================== the run


@dataclass
class Options:
    formats: tuple[str, ...] = DEFAULT_FORMATS
    since: str | None = None
    recheck: bool = False
    workers: int = WORKERS
    quiet: bool = False
    progress: bool | None = None  # None: when stderr is a terminal and not quiet


@dataclass(frozen=True)
class Outcome:
    """A finished run: its typed summary, and `summary`/`changes` as written (batch-v1, changes-v1)."""

    run_id: str
    run_dir: Path
    summary: dict
    changes: dict | None
    resumed: bool
    warnings: list[str] = field(default_factory=list)
    result: RunSummary | None = None


@dataclass(frozen=True)
class _Reuse:
    """An earlier finished check an article may reuse: its run, entry and report-v1 verdict."""

    run: Path
    entry: ArticleResult
    report: dict


def cache_identity(settings: Settings) -> str:
    """What a reused verdict must share with this run: the cache, the sources, refcheck's version."""
    blob = json.dumps(
        [str(Path(settings.cache_dir).resolve()), *registry.identity(settings).values(), bool(settings.offline),
         __version__],
        separators=(",", ":"),
    )
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def run_arguments(paths: Sequence[str], settings: Settings, opts: Options, cwd: Path) -> dict:
    """The arguments that decide what a run produces; their fingerprint names a resumable run."""

    def absolute(a: str) -> str:
        if a.startswith("@"):
            return "@" + str((cwd / a[1:]).resolve())
        return str(cwd / a) if not os.path.isabs(a) else a

    return {
        "paths": [absolute(p) for p in paths],
        "formats": list(opts.formats),
        "since": opts.since,
        "recheck": bool(opts.recheck),
        "refresh": bool(settings.refresh),
        "offline": bool(settings.offline),
        "cache_dir": str(Path(settings.cache_dir).resolve()),
        **registry.identity(settings),  # each source's base URL: {"eutils_url": …, "crossref_url": …}
    }


class _Progress:
    def __init__(self, total: int, enabled: bool):
        self.total, self.enabled = total, enabled
        self.done = self.reused = self.failed = 0
        self._lock = threading.Lock()
        self.t0 = time.monotonic()

    def tick(self, entry: ArticleResult) -> None:
        with self._lock:
            self.done += 1
            self.reused += entry.reused
            self.failed += bool(entry.error)
            if self.enabled:
                sys.stderr.write(
                    f"\rrefcheck: batch {self.done}/{self.total} articles · {self.reused} unchanged · "
                    f"{self.failed} unreadable · {time.monotonic() - self.t0:.0f}s   "
                )
                sys.stderr.flush()

    def finish(self) -> None:
        if self.enabled and self.done:
            sys.stderr.write("\n")
            sys.stderr.flush()


class Batch:
    """One batch run (new or resumed) over a list of articles."""

    def __init__(self, paths: Sequence[str], out_dir: str | os.PathLike, settings, opts: Options | None = None,
                 *, cwd: str | os.PathLike | None = None, resolver_factory: Callable | None = None):
        self.paths = list(paths)
        self.out_dir = Path(out_dir)
        self.settings = settings
        self.opts = opts or Options()
        self.cwd = Path(cwd or os.getcwd()).resolve()
        self.resolver_factory = resolver_factory
        self.lock: RunLock | None = None
        self._cache_present = True
        bad = [f for f in self.opts.formats if f not in RENDERERS]
        if bad:
            raise BatchError(f"unknown format {bad[0]!r}; choose from {', '.join(RENDERERS)}")

    # ------------------------------------------------------------------ setup
    def _open_run(self) -> tuple[str, Path, dict, bool, list[str]]:
        args = run_arguments(self.paths, self.settings, self.opts, self.cwd)
        fp = fingerprint(args)
        try:
            self.out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise BatchError(f"cannot create {self.out_dir}: {e.strerror or e}") from None
        run_dir = find_resumable(self.out_dir, fp)
        if run_dir is not None:
            self.lock = RunLock(run_dir)
            if not self.lock.acquire():
                raise BatchError(f"run {run_dir.name} is being written by another refcheck process")
            meta = read_json(run_dir / RUN_FILE) or {}
            return run_dir.name, run_dir, meta, True, []
        articles, warnings = discover(self.paths, self.cwd, exclude=[self.out_dir])
        if not articles:
            raise BatchError("no articles found in " + " ".join(self.paths) if self.paths else "no PATH given")
        if self.opts.since:
            since_dir = self.out_dir / self.opts.since
            if not is_finished(since_dir):
                raise BatchError(f"--since {self.opts.since}: no finished run of that id in {self.out_dir}")
        started = time.time()
        for attempt in range(20):
            run_id = new_run_id(fp if attempt == 0 else "", started)
            run_dir = self.out_dir / run_id
            try:
                run_dir.mkdir()
                break
            except FileExistsError:
                continue
        else:  # pragma: no cover
            raise BatchError(f"cannot create a run folder in {self.out_dir}")
        self.lock = RunLock(run_dir)
        self.lock.acquire()
        (run_dir / VERDICTS).mkdir()
        meta = {
            "schema": RUN_SCHEMA,
            "run": run_id,
            "fingerprint": fp,
            "arguments": args,
            "cwd": str(self.cwd),
            "started": iso(started),
            "started_ts": started,
            "version": __version__,
            "warnings": warnings,
            "articles": [{"source": a.source, "path": a.path, "name": a.name} for a in articles],
        }
        write_atomic(run_dir / RUN_FILE, json.dumps(meta, ensure_ascii=False, indent=1))
        fsync_dir(self.out_dir)
        return run_id, run_dir, meta, False, warnings

    # ------------------------------------------------------------------ reuse
    def _previous_entries(self, before: str) -> Callable[[str], tuple[Path, ArticleResult] | None]:
        """Lazily: path → (run folder, article entry) of its newest finished check before `before`."""
        runs = [r for r in reversed(list_runs(self.out_dir)) if r.name < before and is_finished(r)]
        index: dict[str, tuple[Path, ArticleResult]] = {}
        state = {"i": 0}
        lock = threading.Lock()

        def get(path: str):
            with lock:
                while path not in index and state["i"] < len(runs):
                    run = runs[state["i"]]
                    state["i"] += 1
                    s = read_json(run / SUMMARY) or {}
                    for a in s.get("articles", []):
                        p = a.get("path") if isinstance(a, dict) else None
                        if p and p not in index:
                            index[p] = (run, ArticleResult.from_dict(a))
                return index.get(path)

        return get

    def _try_reuse(self, art: Article, sha: str | None, cache_id: str, prev) -> _Reuse | None:
        if self.opts.recheck or self.settings.refresh or sha is None or not self._cache_present:
            return None
        found = prev(art.path)
        if not found:
            return None
        run, e = found
        if e.error or e.sha256 != sha or e.cache != cache_id:
            return None
        if e.codes.get("unavailable"):
            return None  # something could not be checked last time: try again
        checked = e.checked_ts
        if not isinstance(checked, (int, float)) or time.time() - checked >= self.settings.ttl_status:
            return None
        vpath = run / (e.verdict or "")
        if not e.verdict or not vpath.is_file():
            return None
        try:
            report = json.loads(vpath.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return _Reuse(run=run, entry=e, report=report)

    # ------------------------------------------------------------------ one article
    def _do_article(self, art: Article, run_dir: Path, resolver_get, prev, cache_id: str) -> ArticleResult:
        from ..report import render

        sha = sha256_file(art.path)
        base = ArticleResult(source=art.source, path=art.path, name=art.name, sha256=sha, cache=cache_id)
        reports: dict[str, str] = {}
        reused = self._try_reuse(art, sha, cache_id, prev)
        vrel = f"{VERDICTS}/{art.name}.json"
        if reused is not None:
            rep_dict = reused.report
            rep_dict["source"] = art.source
            prev_reports = reused.entry.reports
            report_obj = None
            for fmt in self.opts.formats:
                rel = f"{art.name}.{report_extension(fmt)}"
                old = prev_reports.get(fmt)
                text = None
                if old:
                    try:
                        text = (reused.run / old).read_text(encoding="utf-8")
                    except OSError:
                        text = None
                if text is None:
                    report_obj = report_obj or report_from_dict(rep_dict)
                    text = render(report_obj, fmt)
                write_atomic(run_dir / rel, text)
                reports[fmt] = rel
            write_atomic(run_dir / vrel, json.dumps(rep_dict, ensure_ascii=False, indent=1))
            report_obj = report_obj or report_from_dict(rep_dict)
            return replace(
                base,
                reports=reports,
                verdict=vrel,
                summary=report_obj.summary(),
                codes=code_counts(report_obj),
                reused=True,
                reused_from=reused.run.name,
                checked=reused.entry.checked,
                checked_ts=reused.entry.checked_ts,
            )
        try:
            from ..parse import parse_path

            if sha is None and not os.path.exists(art.path):
                from ..errors import InputError

                raise InputError(f"{art.source}: no such file")
            doc = parse_path(art.path)
            if doc.source != art.source:
                doc = replace(doc, source=art.source)
            from ..check import check_document

            checked_ts = time.time()
            report = check_document(doc, resolver_get(), quiet=True)
            rep_dict = report.to_dict()
            if doc.warnings:
                rep_dict.setdefault("warnings", list(doc.warnings))
            for fmt in self.opts.formats:
                rel = f"{art.name}.{report_extension(fmt)}"
                write_atomic(run_dir / rel, render(report, fmt))
                reports[fmt] = rel
            write_atomic(run_dir / vrel, json.dumps(rep_dict, ensure_ascii=False, indent=1))
            return replace(base, reports=reports, verdict=vrel, summary=report.summary(), codes=code_counts(report),
                           checked=iso(checked_ts), checked_ts=checked_ts)
        except Exception as e:  # one broken article never stops the run
            from ..errors import RefcheckError

            msg = str(e) if isinstance(e, RefcheckError) else f"{type(e).__name__}: {e}"
            log.debug("article %s failed", art.source, exc_info=True)
            return replace(base, error=msg.splitlines()[0] if msg else type(e).__name__)

    # ------------------------------------------------------------------ the whole run
    def run(self) -> Outcome:
        run_id, run_dir, meta, resumed, warnings = self._open_run()
        try:
            return self._run(run_id, run_dir, meta, resumed, warnings)
        finally:
            if self.lock is not None:
                self.lock.release()

    def _run(self, run_id, run_dir, meta, resumed, warnings) -> Outcome:
        articles = [Article(a["source"], a["path"], a["name"]) for a in meta.get("articles", [])]
        journal = Journal(run_dir / JOURNAL)
        journal.repair()
        done: dict[str, ArticleResult] = {}
        for e in Journal.read(journal.path):  # the journal's dicts come in here, once
            done[e["path"]] = ArticleResult.from_dict(e)
        todo = [a for a in articles if a.path not in done]
        (run_dir / VERDICTS).mkdir(exist_ok=True)
        cache_id = cache_identity(self.settings)
        from ..sources.cache import FILENAME

        # a deleted cache file means the cache is not the one the old verdicts were made with
        self._cache_present = (Path(self.settings.cache_dir) / FILENAME).exists()
        prev = self._previous_entries(run_id)
        show = self.opts.progress
        if show is None:
            show = not self.opts.quiet and sys.stderr.isatty()
        progress = _Progress(len(articles), bool(show))
        progress.done = len(articles) - len(todo)

        resolver_box: dict = {}
        rlock = threading.Lock()

        def resolver_get():
            with rlock:
                if "r" not in resolver_box:
                    if self.resolver_factory is not None:
                        resolver_box["r"] = self.resolver_factory(self.settings)
                    else:
                        from ..resolve import Resolver

                        resolver_box["r"] = Resolver(self.settings)
                return resolver_box["r"]

        def work(art: Article) -> ArticleResult:
            entry = self._do_article(art, run_dir, resolver_get, prev, cache_id)
            journal.append(entry.to_dict())
            progress.tick(entry)
            return entry

        stats = None
        try:
            if todo:
                workers = max(1, min(self.opts.workers, len(todo)))
                with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="refcheck-batch") as pool:
                    for entry in pool.map(work, todo):
                        done[entry.path] = entry
        finally:
            progress.finish()
            r = resolver_box.get("r")
            if r is not None:
                stats = _stats_dict(r)
                r.close()

        return self._finish(run_id, run_dir, meta, articles, done, resumed, warnings, stats)

    def _finish(self, run_id: str, run_dir: Path, meta: dict, articles: list[Article],
                done: dict[str, ArticleResult], resumed: bool, warnings: list[str], stats: dict | None) -> Outcome:
        entries = [done[a.path] for a in articles if a.path in done]
        since_dir = self.out_dir / self.opts.since if self.opts.since else previous_finished(self.out_dir, run_id)
        since_id = since_dir.name if since_dir is not None else None
        base = read_json(since_dir / SUMMARY) if since_dir is not None else None
        base_by_path = {
            a["path"]: ArticleResult.from_dict(a) for a in (base or {}).get("articles", [])
            if isinstance(a, dict) and a.get("path")
        }

        def load(run: Path, e: ArticleResult | None) -> dict | None:
            if not e or e.error or not e.verdict:
                return None
            return read_json(run / e.verdict)

        def pairs():
            for e in entries:
                old_e = base_by_path.get(e.path)
                if old_e is not None and old_e.error:
                    continue
                if e.error:
                    continue
                yield e.source, load(since_dir, old_e) if since_dir is not None else None, load(run_dir, e)
            here = {e.path for e in entries}
            for p, old_e in base_by_path.items():
                if p not in here:
                    yield old_e.source, load(since_dir, old_e), None

        changes = compute_changes(run_id, since_id, pairs() if since_dir is not None else [])
        result = RunSummary(
            run=run_id,
            started=meta.get("started"),
            finished=iso(time.time()),
            since=since_id,
            resumed=resumed,
            version=__version__,
            formats=tuple(self.opts.formats),
            articles=tuple(entries),
            totals=totals(entries),
            changes=changes["counts"],
            warnings=tuple(meta.get("warnings") or ()),
            requests=stats,
        )
        summary = result.to_dict()
        write_atomic(run_dir / CHANGES, json.dumps(changes, ensure_ascii=False, indent=1))
        write_atomic(run_dir / SUMMARY_CSV, summary_csv(entries))
        try:
            index = render_index(summary, changes)
        except Exception as e:  # a dashboard bug must not lose the run
            log.warning("index.html: the dashboard failed (%s); wrote a plain one", e)
            index = fallback_index(run_id)
        write_atomic(run_dir / INDEX, index)
        write_atomic(run_dir / SUMMARY, json.dumps(summary, ensure_ascii=False, indent=1))
        fsync_dir(run_dir)
        return Outcome(run_id, run_dir, summary, changes, resumed, warnings=list(warnings), result=result)


def _stats_dict(resolver) -> dict | None:
    """Requests and cache hits of this run, as far as the resolver exposes them."""
    out: dict = {}
    s = getattr(resolver, "stats", None)
    if s is not None and hasattr(s, "snapshot"):
        try:
            out.update(s.snapshot())
        except Exception:
            pass
    elif s is not None:
        rw = getattr(s, "rate_wait", None)
        if isinstance(rw, (int, float)):
            out["rate_wait_s"] = round(rw, 2)
    c = getattr(resolver, "cache", None)
    if c is not None and hasattr(c, "hits") and "cache_hits" not in out:
        out["cache_hits"], out["cache_misses"] = c.hits, c.misses
    return out or None


def run_batch(paths: Sequence[str], out_dir: str | os.PathLike, settings: Settings, opts: Options | None = None,
              **kw: Any) -> Outcome:
    """Run (or resume) a batch; its exit status is `article_exit_status(outcome.result.articles, fail_on)`."""
    return Batch(paths, out_dir, settings, opts, **kw).run()
