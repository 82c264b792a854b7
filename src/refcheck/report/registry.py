"""The report formats: `{name: (render, extension)}`, from which the CLI's `--format` choices and
batch's report file names are built.

A renderer is `render(report, *, color=False) -> str` (deterministic text ending in one newline;
`color` asks for ANSI colours and only a terminal format uses it). A new format is one module
here plus one line in `_BUILT_IN`, or `register()` from outside (a test's toy format).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from refcheck.model import Report
from refcheck.report.csvfmt import render as render_csv
from refcheck.report.html import render as render_html
from refcheck.report.jsonfmt import render as render_json
from refcheck.report.markdown import render as render_markdown
from refcheck.report.table import render as render_table

Render = Callable[..., str]  # (report: Report, *, color: bool = False) -> str

REPORT_SET_SCHEMA = "refcheck/report-set-v1"

_BUILT_IN: dict[str, tuple[Render, str]] = {
    "table": (render_table, "txt"),
    "json": (render_json, "json"),
    "markdown": (render_markdown, "md"),
    "html": (render_html, "html"),
    "csv": (render_csv, "csv"),
}
RENDERERS: dict[str, tuple[Render, str]] = dict(_BUILT_IN)


def register(name: str, render: Render, extension: str) -> None:
    """Add (or replace) a format; `extension` without the dot names batch's report files."""
    RENDERERS[name] = (render, extension.lstrip("."))


def unregister(name: str) -> None:
    """Drop a format added by `register` (the built-in ones come back as they were)."""
    RENDERERS.pop(name, None)
    if name in _BUILT_IN:
        RENDERERS[name] = _BUILT_IN[name]


def formats() -> tuple[str, ...]:
    """Format names in the order help texts list them."""
    return tuple(RENDERERS)


def extension(fmt: str) -> str:
    return RENDERERS[fmt][1]


_ALIASES = {"htm": "html", "markdown": "markdown", "txt": "table"}


def format_for_extension(suffix: str) -> str | None:
    """The format whose files end in `suffix` (".html", ".md", "csv"), or None."""
    ext = suffix.lower().lstrip(".")
    for name, (_, e) in RENDERERS.items():
        if e == ext:
            return name
    return _ALIASES.get(ext)


def render(report: Report, fmt: str, *, color: bool = False) -> str:
    """Render `report` in format `fmt`; ValueError for an unknown format."""
    try:
        fn = RENDERERS[fmt][0]
    except KeyError:
        raise ValueError(f"unknown report format {fmt!r}; choose one of: {', '.join(RENDERERS)}") from None
    return fn(report, color=color)


# Formats whose documents cannot simply follow one another: a second HTML page after the first
# is not a valid document. Several inputs in these formats are refused with a way forward.
SINGLE_DOCUMENT = frozenset({"html"})


class ReportSetError(ValueError):
    """Several reports asked for in a format that holds one."""


def check_set(fmt: str, count: int) -> None:
    """ReportSetError if `count` reports cannot share one document in `fmt`."""
    if count > 1 and fmt in SINGLE_DOCUMENT:
        raise ReportSetError(
            f"--format {fmt} holds one report: give one PATH, or use `refcheck batch` "
            "(one page per article and an index page)"
        )


def render_set(reports: Sequence[Report], fmt: str, *, color: bool = False) -> str:
    """Several inputs in one valid document: JSON as one report-set document, CSV as one table
    (one header; the `source` column tells the inputs apart), text formats one after another."""
    if len(reports) > 1:
        if fmt == "json":
            return json.dumps(
                {"schema": REPORT_SET_SCHEMA, "reports": [r.to_dict() for r in reports]}, ensure_ascii=False, indent=2
            ) + "\n"
        if fmt == "csv":
            from refcheck.report.csvfmt import render_many

            return render_many(reports)
        check_set(fmt, len(reports))
    return "\n".join(render(r, fmt, color=color) for r in reports)
