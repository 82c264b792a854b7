"""The exit status: one rule, for `verify` (reports) and `batch` (articles), over report summaries.

    0  nothing at or above --fail-on
    1  something is (an unreadable article in a batch counts as an error)
    2  nothing could be read (bad input; the CLI's own errors exit 2 before this is asked)

`--fail-on` levels, each tripping on everything the one before it does:
`error` (an entry with an error), `warning` (…or a warning, or a number cited in the text but
missing from the list), `unverified` (…or an entry left unverified because a service failed or
the cache lacked it; `not-indexed` alone does not trip it), and `never`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2
FAIL_ON = ("error", "warning", "unverified", "never")


def fails(summary: Mapping[str, int], fail_on: str) -> bool:
    """Does one report's `summary()` trip `--fail-on`?"""
    if fail_on not in FAIL_ON:
        raise ValueError(f"unknown --fail-on {fail_on!r}; choose one of: {', '.join(FAIL_ON)}")
    if fail_on == "never":
        return False
    if summary.get("error", 0):
        return True
    if fail_on == "error":
        return False
    if summary.get("warning", 0) or summary.get("missing", 0):
        return True
    return fail_on == "unverified" and bool(summary.get("unavailable", 0))


def exit_status(summaries: Iterable[Mapping[str, int]], fail_on: str, unreadable: int = 0) -> int:
    """The process's exit status for these report summaries (plus `unreadable` inputs that gave
    no report at all)."""
    summaries = list(summaries)
    if unreadable and not summaries:
        return EXIT_INPUT
    if fail_on == "never":
        return EXIT_OK
    if unreadable or any(fails(s, fail_on) for s in summaries):
        return EXIT_FINDINGS
    return EXIT_OK
