"""Per-article numbers and the run's summary files: findings by code, totals, the exit status
(outcome.exit_status over the articles), summary.csv and index.html."""

from __future__ import annotations

import csv
import html
import io
import logging
from typing import Sequence

from ..model import (
    CODES,
    Report,
)
from ..outcome import exit_status
from ..report.dashboard import render_dashboard
from .types import ArticleResult, RunSummary, RunTotals

log = logging.getLogger("refcheck.batch")

# =========================================================================== per-article numbers


def code_counts(report: Report) -> dict[str, int]:
    """Findings by code over one report: its entries' and the document's (`missing`)."""
    counts: dict[str, int] = {}
    for f in (*(f for v in report.verdicts for f in v.findings), *report.findings):
        counts[f.code] = counts.get(f.code, 0) + 1
    return dict(sorted(counts.items()))


def attention(entry: ArticleResult) -> tuple:
    """Sort key: what needs attention first (failed, then retractions, errors, warnings)."""
    s = entry.summary or {}
    codes = entry.codes
    return (
        0 if entry.error else 1,
        -codes.get("retracted", 0),
        -codes.get("expression-of-concern", 0),
        -s.get("error", 0),
        -s.get("warning", 0),
        -s.get("unverified", 0),
        entry.source,
    )


def totals(articles: Sequence[ArticleResult]) -> RunTotals:
    n = {"checked": 0, "reused": 0, "failed": 0, "references": 0, "ok": 0, "warning": 0, "error": 0,
         "unverified": 0}
    codes: dict[str, int] = {}
    for a in articles:
        if a.error:
            n["failed"] += 1
            continue
        n["reused" if a.reused else "checked"] += 1
        for k in ("references", "ok", "warning", "error", "unverified"):
            n[k] += (a.summary or {}).get(k, 0)
        for c, count in a.codes.items():
            codes[c] = codes.get(c, 0) + count
    return RunTotals(articles=len(articles), codes=dict(sorted(codes.items())), **n)


def article_exit_status(articles: Sequence[ArticleResult], fail_on: str) -> int:
    """`outcome.exit_status` over a batch: each checked article's summary; unreadable ones apart."""
    summaries = [a.summary for a in articles if not a.error and a.summary is not None]
    unreadable = sum(1 for a in articles if a.error)
    return exit_status(summaries, fail_on, unreadable=unreadable)


# =========================================================================== summary files


def summary_csv(articles: Sequence[ArticleResult]) -> str:
    """One row per article: counts by status, then findings by code."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    codes = list(CODES)
    w.writerow(["source", "error", "reused", "references", "ok", "warning", "errors", "unverified", *codes])
    for a in articles:
        s = a.summary or {}
        c = a.codes
        w.writerow(
            [
                a.source,
                a.error or "",
                "yes" if a.reused else "",
                *(s.get(k, "") if not a.error else "" for k in ("references", "ok", "warning", "error", "unverified")),
                *(c.get(code, 0) if not a.error else "" for code in codes),
            ]
        )
    return buf.getvalue()


def render_index(summary: RunSummary | dict, changes: dict | None) -> str:
    """index.html: the dashboard (no earlier run: it says so, rather than "no changes").

    The dashboard reads summary.json's shape, so a RunSummary is handed over as its dict."""
    run = summary.to_dict() if isinstance(summary, RunSummary) else summary
    return render_dashboard(run, changes if changes and changes.get("since") else None)


def fallback_index(run_id: str) -> str:
    """What index.html holds if the dashboard itself failed: the run is kept, the files named."""
    files = "".join(f'<li><a href="{f}">{f}</a></li>' for f in ("summary.json", "summary.csv", "changes.json"))
    return (f"<!doctype html><meta charset=\"utf-8\"><title>refcheck run {html.escape(run_id)}</title>"
            f"<p>The dashboard could not be drawn for run {html.escape(run_id)}; the run's files:</p><ul>{files}</ul>\n")
