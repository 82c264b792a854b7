"""Report renderers: turn a `Report` into text for people (table, markdown, html) or programs
(json, csv).

    render(report, "html") -> str

Every renderer is deterministic (same report → same text: no timestamps, no terminal size) and
returns text ending in one newline, ready to be written as is (`sys.stdout.write`, or
`click.echo(text, nl=False)`). `color` only affects `table` (ANSI colours for a terminal).
"""

from __future__ import annotations

from refcheck.model import Report

FORMATS = ("table", "json", "markdown", "html", "csv")


def render(report: Report, fmt: str, *, color: bool = False) -> str:
    """Render `report` in format `fmt` (one of FORMATS); ValueError for an unknown format."""
    if fmt == "table":
        from . import table

        return table.render(report, color=color)
    if fmt == "json":
        from . import jsonfmt

        return jsonfmt.render(report)
    if fmt == "markdown":
        from . import markdown

        return markdown.render(report)
    if fmt == "html":
        from . import html

        return html.render(report)
    if fmt == "csv":
        from . import csvfmt

        return csvfmt.render(report)
    raise ValueError(f"unknown report format {fmt!r}; choose one of: {', '.join(FORMATS)}")


__all__ = ["FORMATS", "render"]
