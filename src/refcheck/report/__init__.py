"""Report renderers: turn a `Report` into text for people (table, markdown, html) or programs
(json, csv).

    render(report, "html") -> str

Every renderer is deterministic (same report → same text: no timestamps, no terminal size) and
returns text ending in one newline, ready to be written as is (`sys.stdout.write`, or
`click.echo(text, nl=False)`). `color` only affects `table` (ANSI colours for a terminal).
The formats live in `registry` (`RENDERERS`: name → (render, extension)).
"""

from __future__ import annotations

from refcheck.report.registry import RENDERERS, formats, render, render_set

FORMATS = formats()  # the built-in formats, for callers that want a constant

__all__ = ["FORMATS", "RENDERERS", "formats", "render", "render_set"]
