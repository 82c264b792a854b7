"""`refcheck batch`: many articles in one process, for scheduled runs.

One run writes one folder, ``DIR/<run-id>/``::

    run.json          what the run is (arguments, their fingerprint, the articles), written first
    progress.jsonl    the journal: one line per finished article, appended with flush + fsync
    verdicts/NAME.json  each article's report-v1 JSON (kept whatever --format says: incremental
                      runs and changes.json read it)
    NAME.<ext>        one report per article per requested format
    changes.json      what changed since the previous finished run (or --since)
    summary.csv, index.html
    summary.json      written last: its presence marks the run finished

Crash safety: an article's reports and verdict are written atomically (temporary file + fsync +
rename) *before* its journal line, so whatever the journal lists is complete on disk. A run
started again with the same arguments (same fingerprint) finds the newest unfinished run in DIR
and completes only the articles its journal lacks; a torn last journal line is cut off.

Incremental: an article whose content (sha256), cache identity and refcheck version equal those
of its last finished check, and whose verdict is younger than ``Settings.ttl_status``, is not
checked again (``reused``) unless --recheck/--refresh; the previous reports are copied.

Memory is flat in the number of articles: reports are written as soon as they are made and only
their summaries are kept; changes are computed one article at a time from the verdict files.
"""

from __future__ import annotations

import csv
import glob
import hashlib
import io
import json
import logging
import os
import re
import secrets
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence

from . import __version__
from .atomic import write_atomic
from .outcome import exit_status
from .read.registry import extensions as reader_extensions
from .report.registry import RENDERERS
from .report.registry import extension as report_extension
from .verify import document_findings
from .model import (
    CODES,
    SEVERITY,
    SEVERITY_RANK,
    Citations,
    Finding,
    Match,
    Person,
    Record,
    Reference,
    Report,
    Verdict,
)
from .dates import utc_iso
from .sources import registry

log = logging.getLogger("refcheck.batch")

BATCH_SCHEMA = "refcheck/batch-v1"
CHANGES_SCHEMA = "refcheck/changes-v1"
RUN_SCHEMA = "refcheck/batch-run-v1"

DEFAULT_FORMATS = ("json", "html")
RESERVED = {"summary", "changes", "index", "run", "progress", "verdicts"}
RUN_ID = re.compile(r"^\d{8}T\d{6}Z-[0-9a-z]{4,}$")
WORKERS = 4

RUN_FILE, JOURNAL, SUMMARY, SUMMARY_CSV, CHANGES, INDEX = (
    "run.json",
    "progress.jsonl",
    "summary.json",
    "summary.csv",
    "changes.json",
    "index.html",
)
VERDICTS = "verdicts"


class BatchError(Exception):
    """The batch as a whole cannot run (no articles, bad --since, unwritable DIR): exit 2."""


# =========================================================================== discovery


@dataclass(frozen=True)
class Article:
    source: str  # as shown to people: the path relative to the working folder when under it
    path: str  # absolute: the identity across runs
    name: str = ""  # file-name stem of its reports in the run folder, unique within the run


def _is_glob(s: str) -> bool:
    return any(c in s for c in "*?[")


def _display(p: Path, cwd: Path) -> str:
    try:
        return p.relative_to(cwd).as_posix()
    except ValueError:
        return p.as_posix()


def _walk(folder: Path, exclude: Sequence[Path]) -> list[Path]:
    """Files some reader claims by extension (files named explicitly are taken whatever their name)."""
    extensions = reader_extensions()
    found = []
    for root, dirs, files in os.walk(folder):
        rootp = Path(root)
        keep = []
        for d in sorted(dirs):
            sub = (rootp / d).resolve()
            if d.startswith(".") or any(sub == e or e in sub.parents for e in exclude):
                continue
            keep.append(d)
        dirs[:] = keep
        for f in sorted(files):
            if not f.startswith(".") and f.lower().endswith(extensions):
                found.append(rootp / f)
    return sorted(found, key=lambda p: p.relative_to(folder).parts)


def read_manifest(path: Path) -> list[str]:
    """`@FILE`: one path (or folder, or glob) a line; blank lines and # comments skipped;
    relative paths are relative to the manifest's folder."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as e:
        raise BatchError(f"cannot read manifest {path}: {e.strerror or e}") from None
    out = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        p = Path(os.path.expanduser(line))
        out.append(str(p if p.is_absolute() else path.parent / p))
    return out


def discover(
    args: Sequence[str], cwd: str | os.PathLike | None = None, exclude: Sequence[str | os.PathLike] = ()
) -> tuple[list[Article], list[str]]:
    """Articles named by PATH arguments (files, folders, globs, @manifests), in order, unique.

    Returns (articles, warnings). A path that does not exist is kept as an article (its check
    fails and is reported with `error`), so a typo in a manifest is seen in the summary; a glob
    or folder that matches nothing gives a warning.
    """
    cwd = Path(cwd or os.getcwd()).resolve()
    excl = [Path(e).resolve() for e in exclude]
    warnings: list[str] = []
    seen: dict[str, Article] = {}

    def add(p: Path) -> None:
        ap = (p if p.is_absolute() else cwd / p).resolve()
        key = str(ap)
        if key not in seen:
            seen[key] = Article(source=_display(ap, cwd), path=key)

    def expand(arg: str, base: Path, depth: int) -> None:
        if arg.startswith("@") and len(arg) > 1:
            if depth > 5:
                raise BatchError(f"manifest nesting too deep at {arg}")
            m = Path(arg[1:])
            m = m if m.is_absolute() else base / m
            for line in read_manifest(m):
                expand(line, m.parent, depth + 1)
            return
        p = Path(os.path.expanduser(arg))
        p = p if p.is_absolute() else base / p
        if p.is_dir():
            files = _walk(p, excl)
            if not files:
                warnings.append(f"no articles found in folder {arg}")
            for f in files:
                add(f)
        elif p.exists() or not _is_glob(arg):
            add(p)
        else:
            hits = sorted(glob.glob(str(p), recursive=True))
            files: list[Path] = []
            for h in hits:
                hp = Path(h)
                if hp.is_dir():
                    files.extend(_walk(hp, excl))
                elif hp.is_file():
                    files.append(hp)
            if not files:
                warnings.append(f"no file matches {arg}")
            for f in files:
                add(f)

    for a in args:
        expand(a, cwd, 0)
    arts = list(seen.values())
    names = report_names([a.path for a in arts])
    return [Article(a.source, a.path, n) for a, n in zip(arts, names)], warnings


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def _safe(part: str) -> str:
    s = _UNSAFE.sub("_", part).strip("._") or "article"
    return s[:80]


def report_names(paths: Sequence[str]) -> list[str]:
    """A unique file-name stem per article: its file name, with as many parent folders as it
    takes to tell articles apart joined by '__' (`a/refs.txt`, `b/refs.txt` → `a__refs.txt`,
    `b__refs.txt`)."""
    parts = [[_safe(x) for x in Path(p).parts if x not in ("/", "\\")] or ["article"] for p in paths]
    depth = [1] * len(paths)

    def name(i: int) -> str:
        return "__".join(parts[i][-depth[i] :])

    for _ in range(64):
        groups: dict[str, list[int]] = {}
        for i in range(len(paths)):
            groups.setdefault(name(i).lower(), []).append(i)
        clash = [ix for ix in groups.values() if len(ix) > 1]
        if not clash:
            break
        grew = False
        for ix in clash:
            for i in ix:
                if depth[i] < len(parts[i]):
                    depth[i] += 1
                    grew = True
        if not grew:
            break
    out, used = [], set()
    for i in range(len(paths)):
        n = name(i)
        if n.split(".")[0].lower() in RESERVED:
            n = "_" + n
        base, k = n, 2
        while n.lower() in used:
            n, k = f"{base}~{k}", k + 1
        used.add(n.lower())
        out.append(n)
    return out


# =========================================================================== run ids, fingerprints


def fingerprint(args: dict) -> str:
    """sha256 of the arguments that decide what a run produces (canonical JSON)."""
    blob = json.dumps(args, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def new_run_id(fp: str = "", now: float | None = None) -> str:
    """`20261125T031500Z-3f9a`: UTC to the second (so ids sort by time) + 4 hex of the
    argument fingerprint (or random)."""
    t = time.gmtime(time.time() if now is None else now)
    suffix = (fp or secrets.token_hex(2))[:4].lower()
    return time.strftime("%Y%m%dT%H%M%SZ", t) + "-" + suffix


def iso(ts: float | None) -> str | None:
    return None if ts is None else utc_iso(ts)


def sha256_file(path: str | os.PathLike) -> str | None:
    h = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 16), b""):
                h.update(chunk)
    except OSError:
        return None
    return h.hexdigest()


# =========================================================================== run folders


def list_runs(out_dir: Path) -> list[Path]:
    """Run folders in DIR, oldest first (run ids sort by time)."""
    if not out_dir.is_dir():
        return []
    return sorted((p for p in out_dir.iterdir() if p.is_dir() and RUN_ID.match(p.name)), key=lambda p: p.name)


def is_finished(run_dir: Path) -> bool:
    return (run_dir / SUMMARY).is_file()


def read_json(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def find_resumable(out_dir: Path, fp: str) -> Path | None:
    """The newest unfinished run in DIR started with the same arguments."""
    for run in reversed(list_runs(out_dir)):
        if is_finished(run):
            continue
        meta = read_json(run / RUN_FILE)
        if meta and meta.get("fingerprint") == fp:
            return run
    return None


def previous_finished(out_dir: Path, before: str | None = None) -> Path | None:
    """The newest finished run in DIR whose id sorts before `before` (any arguments)."""
    for run in reversed(list_runs(out_dir)):
        if before is not None and run.name >= before:
            continue
        if is_finished(run):
            return run
    return None


class Journal:
    """progress.jsonl: one JSON line per finished article, appended with flush + fsync."""

    def __init__(self, path: Path):
        self.path = path
        self._lock = threading.Lock()

    @staticmethod
    def read(path: Path) -> list[dict]:
        """Complete lines only: a line torn by a crash (no newline, or bad JSON) is ignored."""
        try:
            data = path.read_bytes()
        except OSError:
            return []
        out = []
        for line in data.split(b"\n")[:-1] if data else []:
            try:
                d = json.loads(line)
            except ValueError:
                continue
            if isinstance(d, dict) and "path" in d:
                out.append(d)
        return out

    def repair(self) -> None:
        """Cut a torn last line so the next append starts on a line of its own."""
        try:
            data = self.path.read_bytes()
        except OSError:
            return
        if data and not data.endswith(b"\n"):
            keep = data.rfind(b"\n") + 1
            with open(self.path, "r+b") as f:
                f.truncate(keep)
                f.flush()
                os.fsync(f.fileno())

    def append(self, entry: dict) -> None:
        line = json.dumps(entry, ensure_ascii=False, separators=(",", ":")) + "\n"
        with self._lock:
            with open(self.path, "a", encoding="utf-8") as f:
                f.write(line)
                f.flush()
                os.fsync(f.fileno())


class RunLock:
    """An exclusive flock on DIR/<run-id>/.lock held while a process writes the run (released by
    the kernel on any exit, kill -9 included), so two processes never complete one run together."""

    def __init__(self, run_dir: Path):
        self.path = run_dir / ".lock"
        self.fd: int | None = None

    def acquire(self) -> bool:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not POSIX
            return True
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        self.fd = fd
        return True

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# =========================================================================== reports from JSON


def report_from_dict(d: dict) -> Report:
    """Rebuild a Report from its report-v1 JSON (for re-rendering a reused verdict).

    The match keeps the fields the JSON holds; renderers need no more.
    """
    verdicts = []
    for r in d.get("references", []):
        p = r.get("parsed") or {}
        ref_kw = {
            k: p.get(k)
            for k in ("title", "journal", "year", "month", "day", "epub", "volume", "issue", "pages", "doi",
                      "pmid", "pmcid", "url", "accessed", "publisher")
            if p.get(k) is not None
        }
        ref = Reference(
            n=r["n"],
            raw=r.get("raw", ""),
            authors=tuple(p.get("authors") or ()),
            et_al=bool(p.get("et_al")),
            type=p.get("type") or "journal",
            **ref_kw,
        )
        findings = tuple(_finding_from_dict(f) for f in r.get("findings", []))
        match = None
        m = r.get("match")
        if m:
            first, _, last = (m.get("pages") or "").partition("-")
            authors = []
            for a in m.get("authors") or []:
                fam, _, ini = a.rpartition(" ")
                authors.append(Person(family=fam or ini, initials=ini if fam else None))
            rec = Record(
                source=(m.get("sources") or ["pubmed"])[0],
                pmid=m.get("pmid"),
                doi=m.get("doi"),
                title=m.get("title"),
                authors=tuple(authors),
                journal=m.get("journal"),
                journal_nlm=m.get("journal_abbrev"),
                year=m.get("year"),
                epub_year=m.get("epub_year"),
                volume=m.get("volume"),
                issue=m.get("issue"),
                first_page=first or None,
                last_page=last or None,
            )
            match = Match(record=rec, confidence=float(m.get("confidence") or 0), sources=tuple(m.get("sources") or ()))
        verdicts.append(Verdict(reference=ref, findings=findings, match=match, suggestion=r.get("suggestion")))
    cit = d.get("citations")
    citations = None
    if cit is not None:
        citations = Citations(
            cited=tuple(cit.get("cited") or ()),
            cited_not_listed=tuple(cit.get("cited_not_listed") or ()),
            listed_not_cited=tuple(cit.get("listed_not_cited") or ()),
        )
    if "findings" in d:
        doc_findings = tuple(_finding_from_dict(f) for f in d["findings"])
    else:  # a report written before document-level findings: verify's rule, from its citations
        doc_findings = document_findings(citations)
    return Report(source=d.get("source", ""), verdicts=tuple(verdicts), citations=citations,
                  warnings=tuple(d.get("warnings") or ()), checked=d.get("checked"), version=d.get("version"),
                  provenance=d.get("provenance") or {}, findings=doc_findings)


def _finding_from_dict(f: dict) -> Finding:
    return Finding(
        code=f["code"],
        severity=f.get("severity") or SEVERITY.get(f["code"], "info"),
        message=f.get("message", ""),
        field=f.get("field"),
        cited=f.get("cited"),
        found=f.get("found"),
        details=f.get("details") or {},
        n=f.get("n"),
    )


# =========================================================================== per-article numbers


def code_counts(report: Report) -> dict[str, int]:
    """Findings by code over one report: its entries' and the document's (`missing`)."""
    counts: dict[str, int] = {}
    for f in (*(f for v in report.verdicts for f in v.findings), *report.findings):
        counts[f.code] = counts.get(f.code, 0) + 1
    return dict(sorted(counts.items()))


def attention(entry: dict) -> tuple:
    """Sort key: what needs attention first (failed, then retractions, errors, warnings)."""
    s = entry.get("summary") or {}
    codes = entry.get("codes") or {}
    return (
        0 if entry.get("error") else 1,
        -codes.get("retracted", 0),
        -codes.get("expression-of-concern", 0),
        -s.get("error", 0),
        -s.get("warning", 0),
        -s.get("unverified", 0),
        entry.get("source", ""),
    )


def totals(articles: Sequence[dict]) -> dict:
    t = {
        "articles": len(articles),
        "checked": 0,
        "reused": 0,
        "failed": 0,
        "references": 0,
        "ok": 0,
        "warning": 0,
        "error": 0,
        "unverified": 0,
        "codes": {},
    }
    for a in articles:
        if a.get("error"):
            t["failed"] += 1
            continue
        t["reused" if a.get("reused") else "checked"] += 1
        for k in ("references", "ok", "warning", "error", "unverified"):
            t[k] += (a.get("summary") or {}).get(k, 0)
        for c, n in (a.get("codes") or {}).items():
            t["codes"][c] = t["codes"].get(c, 0) + n
    t["codes"] = dict(sorted(t["codes"].items()))
    return t


def article_exit_status(articles: Sequence[dict], fail_on: str) -> int:
    """`outcome.exit_status` over a batch: each checked article's summary; unreadable ones apart."""
    summaries = [a["summary"] for a in articles if not a.get("error") and a.get("summary") is not None]
    unreadable = sum(1 for a in articles if a.get("error"))
    return exit_status(summaries, fail_on, unreadable=unreadable)


# =========================================================================== changes


def ref_key(n, raw: str | None) -> tuple:
    from .normalize import fold

    return (n, fold(raw or ""))


def _findings_by_ref(report: dict) -> dict[tuple, dict]:
    """(n, folded raw) → {"n", "raw", "codes": {code: severity}} for one report-v1 dict."""
    out: dict[tuple, dict] = {}
    for r in report.get("references", []):
        k = ref_key(r.get("n"), r.get("raw"))
        e = out.setdefault(k, {"n": r.get("n"), "raw": r.get("raw", ""), "codes": {}})
        for f in r.get("findings", []):
            sev = f.get("severity") or SEVERITY.get(f["code"], "info")
            prev = e["codes"].get(f["code"])
            if prev is None or _rank(sev) > _rank(prev):
                e["codes"][f["code"]] = sev
    for f in _document_findings(report):
        k = (f.get("code"), f.get("n"))
        e = out.setdefault(k, {"n": f.get("n"), "raw": "", "codes": {}})
        e["codes"][f["code"]] = f.get("severity") or SEVERITY.get(f["code"], "info")
    return out


def _document_findings(report: dict) -> list[dict]:
    """A report-v1 dict's document-level findings (rebuilt by verify's rule for older reports)."""
    if "findings" in report:
        return list(report["findings"])
    return [f.to_dict() for f in report_from_dict(report).findings]


def _rank(sev: str) -> int:
    return SEVERITY_RANK.get(sev, 0)


def diff_reports(source: str, old: dict, new: dict) -> list[dict]:
    """Changes between two report-v1 dicts of one article, by (n + folded raw, code)."""
    a, b = _findings_by_ref(old), _findings_by_ref(new)
    out = []
    for k in sorted(set(a) | set(b), key=lambda k: (str(k[0]), str(k[1]))):
        ea, eb = a.get(k), b.get(k)
        ca = ea["codes"] if ea else {}
        cb = eb["codes"] if eb else {}
        for code in sorted(set(ca) | set(cb)):
            if code in cb and code not in ca:
                e, change, sev = eb, "new", cb[code]
            elif code in ca and code not in cb:
                e, change, sev = ea, "resolved", ca[code]
            else:
                continue
            out.append({"source": source, "n": e["n"], "raw": e["raw"], "code": code, "change": change,
                        "severity": sev})
    return out


def compute_changes(
    run_id: str,
    since_id: str | None,
    pairs: Iterable[tuple[str, dict | None, dict | None]],
) -> dict:
    """changes-v1 over (source, old report or None, new report or None) pairs.

    Articles checked in both runs are compared reference by reference. An article new in this
    run (or unreadable in either run) is listed under `articles_added` / skipped, not flooded
    into `changes`.
    """
    changes: list[dict] = []
    added: list[str] = []
    removed: list[str] = []
    for source, old, new in pairs:
        if old is None and new is not None:
            added.append(source)
            continue
        if new is None and old is not None:
            removed.append(source)
            continue
        if old is None or new is None:
            continue
        changes.extend(diff_reports(source, old, new))
    order = {"error": 0, "warning": 1, "info": 2}
    changes.sort(key=lambda c: (c["change"] != "new", order.get(c["severity"], 3), c["source"], str(c["n"]), c["code"]))
    counts: dict[str, dict[str, int]] = {"new": {}, "resolved": {}}
    for c in changes:
        counts[c["change"]][c["code"]] = counts[c["change"]].get(c["code"], 0) + 1
    return {
        "schema": CHANGES_SCHEMA,
        "run": run_id,
        "since": since_id,
        "changes": changes,
        "counts": counts,
        "articles_added": added if since_id else [],
        "articles_removed": removed,
    }


# =========================================================================== summary files


def summary_csv(articles: Sequence[dict]) -> str:
    """One row per article: counts by status, then findings by code."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    codes = list(CODES)
    w.writerow(["source", "error", "reused", "references", "ok", "warning", "errors", "unverified", *codes])
    for a in articles:
        s = a.get("summary") or {}
        c = a.get("codes") or {}
        w.writerow(
            [
                a.get("source", ""),
                a.get("error") or "",
                "yes" if a.get("reused") else "",
                *(s.get(k, "") if not a.get("error") else "" for k in ("references", "ok", "warning", "error", "unverified")),
                *(c.get(code, 0) if not a.get("error") else "" for code in codes),
            ]
        )
    return buf.getvalue()


def render_index(summary: dict, changes: dict | None) -> str:
    try:
        from .report.dashboard import render_dashboard
    except ImportError:
        return minimal_dashboard(summary, changes)
    # no earlier run: the dashboard says so (None) rather than "no changes"
    return render_dashboard(summary, changes if changes and changes.get("since") else None)


def _esc(s) -> str:
    import html

    return html.escape(str(s if s is not None else ""), quote=True)


def minimal_dashboard(summary: dict, changes: dict | None) -> str:
    """A self-contained index.html (used while refcheck.report.dashboard is unavailable):
    changes first, then a stacked bar chart (SVG) of statuses per article, then the table."""
    colors = {"error": "#c62828", "warning": "#ef8f00", "unverified": "#8e8e8e", "ok": "#2e7d32"}
    arts = sorted(summary.get("articles", []), key=attention)
    t = summary.get("totals", {})
    out = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>refcheck batch {_esc(summary.get('run'))}</title>",
        "<style>body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse}"
        "td,th{padding:.2em .6em;border-bottom:1px solid #ddd;text-align:left}.new{color:#c62828}"
        ".resolved{color:#2e7d32}.err{color:#c62828}</style></head><body>",
        f"<h1>refcheck batch <code>{_esc(summary.get('run'))}</code></h1>",
        f"<p>{t.get('articles', 0)} articles ({t.get('checked', 0)} checked, {t.get('reused', 0)} unchanged, "
        f"{t.get('failed', 0)} unreadable) · {t.get('references', 0)} references: {t.get('error', 0)} errors, "
        f"{t.get('warning', 0)} warnings, {t.get('unverified', 0)} unverified · started {_esc(summary.get('started'))}"
        f" · finished {_esc(summary.get('finished'))}</p>",
        "<section id='changes'>",
    ]
    if changes and changes.get("since"):
        ch = changes.get("changes", [])
        out.append(f"<h2>Changes since {_esc(changes['since'])}</h2>")
        if not ch:
            out.append("<p>No changes.</p>")
        else:
            out.append("<table><tr><th>change</th><th>code</th><th>severity</th><th>article</th><th>n</th><th>reference</th></tr>")
            for c in ch:
                out.append(
                    f"<tr class='{_esc(c['change'])}'><td>{_esc(c['change'])}</td><td>{_esc(c['code'])}</td>"
                    f"<td>{_esc(c['severity'])}</td><td>{_esc(c['source'])}</td><td>{_esc(c['n'])}</td>"
                    f"<td>{_esc((c.get('raw') or '')[:160])}</td></tr>"
                )
            out.append("</table>")
    else:
        out.append("<h2>Changes</h2><p>No earlier run to compare with.</p>")
    out.append("</section><section id='chart'><h2>References by status</h2>")
    bar_h, gap, label_w, width = 16, 6, 260, 420
    h = max(1, len(arts)) * (bar_h + gap) + 24
    out.append(f"<svg xmlns='http://www.w3.org/2000/svg' width='{label_w + width + 60}' height='{h}' role='img' "
               "aria-label='references by status per article'>")
    for i, a in enumerate(arts):
        y = i * (bar_h + gap)
        out.append(f"<text x='0' y='{y + bar_h - 3}' font-size='12'>{_esc(a['source'][-40:])}</text>")
        s = a.get("summary") or {}
        total = s.get("references", 0) or 0
        x = label_w
        if a.get("error"):
            out.append(f"<text x='{x}' y='{y + bar_h - 3}' font-size='12' fill='#c62828'>unreadable</text>")
            continue
        for k in ("error", "warning", "unverified", "ok"):
            n = s.get(k, 0)
            if not n or not total:
                continue
            w = width * n / total
            out.append(f"<rect x='{x:.1f}' y='{y}' width='{w:.1f}' height='{bar_h}' fill='{colors[k]}'>"
                       f"<title>{k}: {n}</title></rect>")
            x += w
        out.append(f"<text x='{label_w + width + 6}' y='{y + bar_h - 3}' font-size='12'>{total}</text>")
    out.append("</svg></section><section id='articles'><h2>Articles</h2><table><tr><th>article</th><th>refs</th>"
               "<th>errors</th><th>warnings</th><th>unverified</th><th>ok</th><th>problems</th><th>report</th></tr>")
    for a in arts:
        s = a.get("summary") or {}
        link = (a.get("reports") or {}).get("html")
        other = next(iter((a.get("reports") or {}).values()), None)
        href = link or other
        if a.get("error"):
            out.append(f"<tr><td>{_esc(a['source'])}</td><td colspan='7' class='err'>{_esc(a['error'])}</td></tr>")
            continue
        codes = ", ".join(f"{c} {n}" for c, n in (a.get("codes") or {}).items())
        out.append(
            f"<tr><td>{_esc(a['source'])}{' (unchanged)' if a.get('reused') else ''}</td><td>{s.get('references', 0)}</td>"
            f"<td>{s.get('error', 0)}</td><td>{s.get('warning', 0)}</td><td>{s.get('unverified', 0)}</td>"
            f"<td>{s.get('ok', 0)}</td><td>{_esc(codes)}</td>"
            f"<td>{f'<a href={chr(39)}{_esc(href)}{chr(39)}>report</a>' if href else ''}</td></tr>"
        )
    out.append("</table></section></body></html>\n")
    return "\n".join(out)


# =========================================================================== the run


@dataclass
class Options:
    formats: tuple[str, ...] = DEFAULT_FORMATS
    since: str | None = None
    recheck: bool = False
    workers: int = WORKERS
    quiet: bool = False
    progress: bool | None = None  # None: when stderr is a terminal and not quiet


@dataclass
class Outcome:
    run_id: str
    run_dir: Path
    summary: dict
    changes: dict | None
    resumed: bool
    warnings: list[str] = field(default_factory=list)


def cache_identity(settings) -> str:
    """What a reused verdict must share with this run: the cache, the sources, refcheck's version."""
    blob = json.dumps(
        [str(Path(settings.cache_dir).resolve()), *registry.identity(settings).values(), bool(settings.offline),
         __version__],
        separators=(",", ":"),
    )
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def run_arguments(paths: Sequence[str], settings, opts: Options, cwd: Path) -> dict:
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

    def tick(self, entry: dict) -> None:
        with self._lock:
            self.done += 1
            self.reused += bool(entry.get("reused"))
            self.failed += bool(entry.get("error"))
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
        _fsync_dir(self.out_dir)
        return run_id, run_dir, meta, False, warnings

    # ------------------------------------------------------------------ reuse
    def _previous_entries(self, before: str) -> Callable[[str], tuple[Path, dict] | None]:
        """Lazily: path → (run folder, article entry) of its newest finished check before `before`."""
        runs = [r for r in reversed(list_runs(self.out_dir)) if r.name < before and is_finished(r)]
        index: dict[str, tuple[Path, dict]] = {}
        state = {"i": 0}
        lock = threading.Lock()

        def get(path: str):
            with lock:
                while path not in index and state["i"] < len(runs):
                    run = runs[state["i"]]
                    state["i"] += 1
                    s = read_json(run / SUMMARY) or {}
                    for a in s.get("articles", []):
                        p = a.get("path")
                        if p and p not in index:
                            index[p] = (run, a)
                return index.get(path)

        return get

    def _try_reuse(self, art: Article, sha: str | None, cache_id: str, prev) -> dict | None:
        if self.opts.recheck or self.settings.refresh or sha is None or not self._cache_present:
            return None
        found = prev(art.path)
        if not found:
            return None
        run, e = found
        if e.get("error") or e.get("sha256") != sha or e.get("cache") != cache_id:
            return None
        if (e.get("codes") or {}).get("unavailable"):
            return None  # something could not be checked last time: try again
        checked = e.get("checked_ts")
        if not isinstance(checked, (int, float)) or time.time() - checked >= self.settings.ttl_status:
            return None
        vpath = run / (e.get("verdict") or "")
        if not e.get("verdict") or not vpath.is_file():
            return None
        try:
            vtext = vpath.read_text(encoding="utf-8")
            report = json.loads(vtext)
        except (OSError, ValueError):
            return None
        return {"run": run, "entry": e, "report": report, "text": vtext}

    # ------------------------------------------------------------------ one article
    def _do_article(self, art: Article, run_dir: Path, resolver_get, prev, cache_id: str) -> dict:
        from .report import render

        entry: dict = {"source": art.source, "path": art.path, "name": art.name, "reports": {}, "summary": None,
                       "codes": {}, "error": None, "reused": False}
        sha = sha256_file(art.path)
        entry["sha256"] = sha
        entry["cache"] = cache_id
        reused = self._try_reuse(art, sha, cache_id, prev)
        vrel = f"{VERDICTS}/{art.name}.json"
        if reused is not None:
            rep_dict = reused["report"]
            rep_dict["source"] = art.source
            prev_reports = reused["entry"].get("reports") or {}
            report_obj = None
            for fmt in self.opts.formats:
                rel = f"{art.name}.{report_extension(fmt)}"
                old = prev_reports.get(fmt)
                text = None
                if old:
                    try:
                        text = (reused["run"] / old).read_text(encoding="utf-8")
                    except OSError:
                        text = None
                if text is None:
                    report_obj = report_obj or report_from_dict(rep_dict)
                    text = render(report_obj, fmt)
                write_atomic(run_dir / rel, text)
                entry["reports"][fmt] = rel
            write_atomic(run_dir / vrel, json.dumps(rep_dict, ensure_ascii=False, indent=1))
            report_obj = report_obj or report_from_dict(rep_dict)
            entry.update(
                verdict=vrel,
                summary=report_obj.summary(),
                codes=code_counts(report_obj),
                reused=True,
                reused_from=reused["run"].name,
                checked=reused["entry"].get("checked"),
                checked_ts=reused["entry"].get("checked_ts"),
            )
            return entry
        try:
            from .parse import parse_path

            if sha is None and not os.path.exists(art.path):
                from .errors import InputError

                raise InputError(f"{art.source}: no such file")
            doc = parse_path(art.path)
            if doc.source != art.source:
                from dataclasses import replace

                doc = replace(doc, source=art.source)
            from .check import check_document

            checked_ts = time.time()
            report = check_document(doc, resolver_get(), quiet=True)
            rep_dict = report.to_dict()
            if doc.warnings:
                rep_dict.setdefault("warnings", list(doc.warnings))
            for fmt in self.opts.formats:
                rel = f"{art.name}.{report_extension(fmt)}"
                write_atomic(run_dir / rel, render(report, fmt))
                entry["reports"][fmt] = rel
            write_atomic(run_dir / vrel, json.dumps(rep_dict, ensure_ascii=False, indent=1))
            entry.update(verdict=vrel, summary=report.summary(), codes=code_counts(report),
                         checked=iso(checked_ts), checked_ts=checked_ts)
        except Exception as e:  # one broken article never stops the run
            from .errors import RefcheckError

            msg = str(e) if isinstance(e, RefcheckError) else f"{type(e).__name__}: {e}"
            log.debug("article %s failed", art.source, exc_info=True)
            entry.update(error=msg.splitlines()[0] if msg else type(e).__name__, reports={}, summary=None, codes={})
        return entry

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
        done: dict[str, dict] = {}
        for e in Journal.read(journal.path):
            done[e["path"]] = e
        todo = [a for a in articles if a.path not in done]
        (run_dir / VERDICTS).mkdir(exist_ok=True)
        cache_id = cache_identity(self.settings)
        from .sources.cache import FILENAME

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
                        from .resolve import Resolver

                        resolver_box["r"] = Resolver(self.settings)
                return resolver_box["r"]

        def work(art: Article) -> dict:
            entry = self._do_article(art, run_dir, resolver_get, prev, cache_id)
            journal.append(entry)
            progress.tick(entry)
            return entry

        stats = None
        try:
            if todo:
                workers = max(1, min(self.opts.workers, len(todo)))
                with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="refcheck-batch") as pool:
                    for entry in pool.map(work, todo):
                        done[entry["path"]] = entry
        finally:
            progress.finish()
            r = resolver_box.get("r")
            if r is not None:
                stats = _stats_dict(r)
                r.close()

        return self._finish(run_id, run_dir, meta, articles, done, resumed, warnings, stats)

    def _finish(self, run_id, run_dir, meta, articles, done, resumed, warnings, stats) -> Outcome:
        entries = [done[a.path] for a in articles if a.path in done]
        since_dir = self.out_dir / self.opts.since if self.opts.since else previous_finished(self.out_dir, run_id)
        changes = None
        since_id = since_dir.name if since_dir is not None else None
        base = read_json(since_dir / SUMMARY) if since_dir is not None else None
        base_by_path = {a.get("path"): a for a in (base or {}).get("articles", []) if a.get("path")}

        def load(run: Path, e: dict | None) -> dict | None:
            if not e or e.get("error") or not e.get("verdict"):
                return None
            return read_json(run / e["verdict"])

        def pairs():
            for e in entries:
                old_e = base_by_path.get(e["path"])
                if old_e is not None and old_e.get("error"):
                    continue
                if e.get("error"):
                    continue
                yield e["source"], load(since_dir, old_e) if since_dir is not None else None, load(run_dir, e)
            here = {e["path"] for e in entries}
            for p, old_e in base_by_path.items():
                if p not in here:
                    yield old_e.get("source", p), load(since_dir, old_e), None

        changes = compute_changes(run_id, since_id, pairs() if since_dir is not None else [])
        finished = time.time()
        summary = {
            "schema": BATCH_SCHEMA,
            "run": run_id,
            "started": meta.get("started"),
            "finished": iso(finished),
            "since": since_id,
            "resumed": resumed,
            "version": __version__,
            "formats": list(self.opts.formats),
            "articles": entries,
            "totals": totals(entries),
            "changes": changes["counts"],
            "warnings": list(meta.get("warnings") or []),
        }
        if stats:
            summary["requests"] = stats
        write_atomic(run_dir / CHANGES, json.dumps(changes, ensure_ascii=False, indent=1))
        write_atomic(run_dir / SUMMARY_CSV, summary_csv(entries))
        try:
            index = render_index(summary, changes)
        except Exception as e:  # a dashboard bug must not lose the run
            log.warning("index.html: the dashboard failed (%s); wrote a plain one", e)
            index = minimal_dashboard(summary, changes)
        write_atomic(run_dir / INDEX, index)
        write_atomic(run_dir / SUMMARY, json.dumps(summary, ensure_ascii=False, indent=1))
        _fsync_dir(run_dir)
        return Outcome(run_id, run_dir, summary, changes, resumed, warnings=list(warnings))


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


def run_batch(paths: Sequence[str], out_dir: str | os.PathLike, settings, opts: Options | None = None, **kw) -> Outcome:
    """Run (or resume) a batch; its exit status is `article_exit_status(outcome.summary["articles"], fail_on)`."""
    return Batch(paths, out_dir, settings, opts, **kw).run()
