"""changes.json: what changed between two runs, reference by reference (n + folded raw, code)."""

from __future__ import annotations

import logging
from typing import Iterable

from ..model import (
    SEVERITY,
    SEVERITY_RANK,
)
from .reports import report_from_dict
from .runs import CHANGES_SCHEMA

log = logging.getLogger("refcheck.batch")

# =========================================================================== changes


def ref_key(n: int | str | None, raw: str | None) -> tuple:
    from ..normalize import fold

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
        ea, eb = a.get(k) or {}, b.get(k) or {}
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


