"""Plain-text table for a terminal: one line per entry, details under the entries with findings.

    7  ERROR       Available at: Accessed April 27, 2021.                 incomplete
         incomplete [url]: web reference without a URL or title

The status word is coloured when `color=True` (ANSI: red error, yellow warning, dim unverified,
green ok); without it the output holds no escape sequence at all. Fixed widths, so the output
does not depend on the terminal it is printed to.

Text from the input and from the services is shown, never obeyed: control characters (ESC
sequences that retitle the window or erase lines, backspaces, C1 controls) and bidirectional
overrides are removed from it before it is printed (:func:`plain`).
"""

from __future__ import annotations

import re

from refcheck.model import Report, Verdict

from ._common import (
    missing_citations,
    STATUS_PLURAL,
    STATUSES,
    notice_links,
    record_links,
    short_label,
    truncate,
)

RESET = "\x1b[0m"
COLORS = {"error": "\x1b[31m", "warning": "\x1b[33m", "unverified": "\x1b[2m", "ok": "\x1b[32m"}
BOLD = "\x1b[1m"
DIM = "\x1b[2m"

# C0 (tab and newline too: lines are laid out here), DEL, C1, bidi embeddings/overrides/isolates
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def plain(text: object) -> str:
    """`text` as inert characters for a terminal: controls become a space, overrides vanish."""
    text = str(text)
    return _CONTROL.sub(lambda m: " " if m.group() < "\x80" else "", text) if _CONTROL.search(text) else text


LABEL_WIDTH = 60
STATUS_WIDTH = 10  # "UNVERIFIED"


def _paint(text: str, status: str, color: bool) -> str:
    return f"{COLORS[status]}{text}{RESET}" if color else text


def _dim(text: str, color: bool) -> str:
    return f"{DIM}{text}{RESET}" if color else text


def _entry_line(v: Verdict, nw: int, color: bool) -> str:
    status = v.status
    word = _paint(status.upper().ljust(STATUS_WIDTH), status, color)
    label = truncate(plain(short_label(v)), LABEL_WIDTH).ljust(LABEL_WIDTH)
    codes = ", ".join(dict.fromkeys(f.code for f in v.findings))
    return f"{str(v.reference.n).rjust(nw)}  {word}  {label}  {codes}".rstrip()


def _details(v: Verdict, indent: str, color: bool) -> list[str]:
    out = []
    for f in v.findings:
        where = f" [{plain(f.field)}]" if f.field else ""
        sev = f.severity if f.severity in COLORS else "unverified"
        code = _paint(f.code, {"info": "unverified"}.get(sev, sev), color)
        out.append(f"{indent}{code}{where}: {' '.join(plain(f.message).split())}")
        if f.cited is not None or f.found is not None:
            out.append(f"{indent}    cited: {plain(f.cited) if f.cited is not None else '—'}")
            out.append(f"{indent}    found: {plain(f.found) if f.found is not None else '—'}")
        for label, url in notice_links(f):
            out.append(f"{indent}    {plain(label.split(':')[0].lower())}: {plain(url)}")
    links = record_links(v)
    if links and v.status != "ok":
        out.append(_dim(f"{indent}record: " + "  ".join(plain(url) for _, url in links), color))
    if v.suggestion:
        out.append(f"{indent}suggestion:")
        out.extend(f"{indent}    {plain(line)}" for line in v.suggestion.splitlines() or [""])
    return out


def render(report: Report, *, color: bool = False) -> str:
    verdicts = report.verdicts
    nw = max((len(str(v.reference.n)) for v in verdicts), default=1)
    indent = " " * (nw + 2 + 3)
    lines: list[str] = []
    header = f"{'n'.rjust(nw)}  {'status'.ljust(STATUS_WIDTH)}  {'reference'.ljust(LABEL_WIDTH)}  findings"
    lines.append(f"{BOLD}{header}{RESET}" if color else header)
    for v in verdicts:
        lines.append(_entry_line(v, nw, color))
        if v.findings or v.suggestion:
            lines.extend(_details(v, indent, color))

    if report.citations is not None:
        c = report.citations
        missing = missing_citations(report)  # verify's `missing` findings
        if missing:
            lines.append("")
            lines.append(
                _paint("cited in the text but not in the list: ", "warning", color)
                + ", ".join(map(str, missing))
            )
        if c.listed_not_cited:
            if not missing:
                lines.append("")
            lines.append(
                _paint("listed but not cited in the text: ", "warning", color)
                + ", ".join(map(str, c.listed_not_cited))
            )
    for w in report.warnings:
        lines.append(_dim(f"note: {plain(w)}", color))

    s = report.summary()
    parts = []
    for status in ("ok", "warning", "error", "unverified"):
        word = STATUS_PLURAL[status] if s[status] != 1 or status in ("ok", "unverified") else status
        text = f"{s[status]} {word}"
        parts.append(_paint(text, status, color) if (color and s[status]) else text)
    refs = f"{s['references']} reference{'s' if s['references'] != 1 else ''}"
    lines.append("")
    lines.append(f"{plain(report.source)}: {refs}: " + ", ".join(parts))
    return "\n".join(lines) + "\n"


__all__ = ["render", "STATUSES"]
