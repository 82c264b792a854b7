"""A report-v1 JSON dict → Report again (to re-render a reused verdict in a new format)."""

from __future__ import annotations

import logging

from typing import Any

from ..model import (
    SEVERITY,
    Citations,
    Finding,
    Match,
    Person,
    Record,
    Reference,
    Report,
    Verdict,
)
from ..verify import document_findings

log = logging.getLogger("refcheck.batch")

# =========================================================================== reports from JSON


def report_from_dict(d: dict) -> Report:
    """Rebuild a Report from its report-v1 JSON (for re-rendering a reused verdict).

    The match keeps the fields the JSON holds; renderers need no more.
    """
    verdicts = []
    for r in d.get("references", []):
        p = r.get("parsed") or {}
        ref_kw: dict[str, Any] = {
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


