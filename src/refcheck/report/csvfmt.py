"""CSV: one row per finding, so that a spreadsheet can sort and filter them.

Columns: source, n, status, code, severity, field, cited, found, message, doi, pmid, raw, suggestion

- Every entry of the list appears: an entry without findings gets one row with `code`,
  `severity`, `field`, `cited`, `found` and `message` empty (its `status` says `ok`, or
  `unverified`), so `n` covers the whole list.
- An entry with several findings gets one row per finding; the entry's columns (`status`,
  `doi`, `pmid`, `raw`, `suggestion`) repeat on each.
- `doi` and `pmid` are the matched record's identifiers; where nothing was matched, the cited
  ones (left empty if a `doi-mismatch` / `pmid-mismatch` finding says the cited one is wrong).
- Each document-level finding (`findings` in the JSON: `missing`, a number cited in the text
  but absent from the list) gets a row with its code and `n`, an empty `status` and `raw`.
- `raw` and `suggestion` are additions after the issue's eleven columns; whitespace inside them
  is kept as is (the csv module quotes fields with commas, quotes or line breaks: RFC 4180,
  CRLF line endings).
- Formula injection (OWASP): a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage
  return (from an entry, a service's title or a file name) gets a leading `'`, so a spreadsheet
  shows it as text instead of running `=HYPERLINK(…)`. Nothing else is changed.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from refcheck.model import Report, Verdict

COLUMNS = (
    "source", "n", "status", "code", "severity", "field", "cited", "found", "message",
    "doi", "pmid", "raw", "suggestion",
)  # fmt: skip


def _ids(v: Verdict) -> tuple[str, str]:
    if v.match is not None:
        return v.match.record.doi or "", v.match.record.pmid or ""
    codes = {f.code for f in v.findings}
    doi = "" if "doi-mismatch" in codes else (v.reference.doi or "")
    pmid = "" if "pmid-mismatch" in codes else (v.reference.pmid or "")
    return doi, pmid


def rows(report: Report) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    for v in report.verdicts:
        doi, pmid = _ids(v)
        base = {
            "source": report.source,
            "n": str(v.reference.n),
            "status": v.status,
            "doi": doi,
            "pmid": pmid,
            "raw": v.reference.raw,
            "suggestion": v.suggestion or "",
        }
        if not v.findings:
            out.append({**{c: "" for c in COLUMNS}, **base})
            continue
        for f in v.findings:
            out.append(
                {
                    **base,
                    "code": f.code,
                    "severity": f.severity,
                    "field": f.field or "",
                    "cited": "" if f.cited is None else f.cited,
                    "found": "" if f.found is None else f.found,
                    "message": f.message,
                }
            )
    for f in report.findings:  # about the document (verify's `missing`), not one entry
        out.append(
            {
                **{c: "" for c in COLUMNS},
                "source": report.source,
                "n": "" if f.n is None else str(f.n),
                "code": f.code,
                "severity": f.severity,
                "field": f.field or "",
                "message": f.message,
            }
        )
    return out


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """A cell a spreadsheet will not read as a formula (OWASP CSV injection rule)."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def render_many(reports: Sequence[Report]) -> str:
    """One table for several reports: one header, every report's rows; then a footer line per
    report saying when and by which version it was checked (a spreadsheet shows it as a last row)."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    w.writeheader()
    for report in reports:
        w.writerows({k: neutralise(v) for k, v in r.items()} for r in rows(report))
    for report in reports:
        if report.checked:
            buf.write(f"# {report.stamp()}" + (f" ({report.source})" if len(reports) > 1 else "") + "\r\n")
    return buf.getvalue()


def render(report: Report, *, color: bool = False) -> str:
    return render_many([report])
