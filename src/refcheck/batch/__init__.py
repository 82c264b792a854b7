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

Modules: `discover` (PATH arguments → articles), `runs` (the run folder, journal, lock),
`reports` (report-v1 JSON → Report), `types` (ArticleResult, RunTotals, RunSummary: typed between
the modules, dicts only in the journal and summary.json), `changes` (changes.json), `summary` (per-article numbers,
exit status, summary.csv, index.html), `run` (one run, start to finish).
"""


from __future__ import annotations

from .changes import compute_changes, diff_reports, ref_key
from .discover import Article, discover, read_manifest, report_names
from .reports import report_from_dict
from .run import Batch, Options, Outcome, cache_identity, run_arguments, run_batch
from .runs import (
    BATCH_SCHEMA,
    CHANGES_SCHEMA,
    RUN_ID,
    RUN_SCHEMA,
    BatchError,
    Journal,
    RunLock,
    find_resumable,
    fingerprint,
    is_finished,
    list_runs,
    new_run_id,
    previous_finished,
    sha256_file,
)
from .summary import (
    article_exit_status,
    attention,
    code_counts,
    render_index,
    summary_csv,
    totals,
)
from .types import ArticleResult, RunSummary, RunTotals

__all__ = [
    "BATCH_SCHEMA", "CHANGES_SCHEMA", "RUN_ID", "RUN_SCHEMA", "Article", "ArticleResult", "Batch", "BatchError", "Journal",
    "Options", "Outcome", "RunLock", "article_exit_status", "attention", "cache_identity", "code_counts",
    "compute_changes", "diff_reports", "discover", "find_resumable", "fingerprint", "is_finished", "list_runs",
    "new_run_id", "previous_finished", "read_manifest", "ref_key", "render_index", "report_from_dict",
    "report_names", "RunSummary", "RunTotals", "run_arguments", "run_batch", "sha256_file", "summary_csv", "totals",
]
