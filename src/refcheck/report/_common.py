"""Helpers shared by the renderers: what to show for an entry, independent of the output format.

Pure functions over the model; nothing here escapes or formats for a particular medium.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from refcheck.model import SEVERITY_RANK, Finding, Report, Verdict

# Worst first: the order in which statuses are listed in summaries and filters.
STATUSES = ("error", "warning", "unverified", "ok")
STATUS_LABEL = {"error": "Error", "warning": "Warning", "unverified": "Unverified", "ok": "OK"}
STATUS_PLURAL = {"error": "errors", "warning": "warnings", "unverified": "unverified", "ok": "ok"}

# The fields compared side by side (cited vs found), in display order.
COMPARE_FIELDS = ("authors", "title", "journal", "year", "volume", "issue", "pages", "doi", "pmid")
FIELD_LABEL = {
    "authors": "Authors",
    "title": "Title",
    "journal": "Journal",
    "year": "Year",
    "volume": "Volume",
    "issue": "Issue",
    "pages": "Pages",
    "doi": "DOI",
    "pmid": "PMID",
    "url": "URL",
}

# The field a finding concerns when it does not name one itself.
CODE_FIELD = {
    "year-mismatch": "year",
    "volume-mismatch": "volume",
    "issue-mismatch": "issue",
    "pages-mismatch": "pages",
    "title-mismatch": "title",
    "author-mismatch": "authors",
    "journal-mismatch": "journal",
    "doi-mismatch": "doi",
    "pmid-mismatch": "pmid",
}
_FIELD_ALIASES = {"author": "authors", "page": "pages", "first_page": "pages", "container": "journal"}

# Finding.details keys that name a notice or a replacement, with their labels.
NOTICE_KEYS = (
    ("notice_pmid", "pmid", "Notice (PubMed)"),
    ("notice_doi", "doi", "Notice (doi.org)"),
    ("replacement_pmid", "pmid", "Replacement (PubMed)"),
    ("replacement_doi", "doi", "Replacement (doi.org)"),
)

MAX_AUTHORS_SHOWN = 6
_PMID_RE = re.compile(r"^\d{1,9}$")


def plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word if n == 1 else (words or word + 's')}"


def summary_phrase(report: Report) -> str:
    """'40 references: 35 ok, 3 warnings, 1 error, 1 unverified' — zero counts are kept."""
    s = report.summary()
    parts = [
        f"{s['ok']} ok",
        plural(s["warning"], "warning"),
        plural(s["error"], "error"),
        f"{s['unverified']} unverified",
    ]
    return f"{plural(s['references'], 'reference')}: " + ", ".join(parts)


def truncate(text: str, width: int) -> str:
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    return text[: max(width - 1, 0)].rstrip() + "…"


def short_label(v: Verdict) -> str:
    """A one-line name for an entry: 'Rooney MR et al. 2017. Trends in Use of …', else the raw text."""
    r = v.reference
    if not r.title:
        return " ".join(r.raw.split()) or "(empty entry)"
    head = ""
    if r.authors:
        if len(r.authors) > 2 or r.et_al:
            head = r.authors[0] + " et al."
        else:
            head = " & ".join(r.authors)
    if r.year:
        head = f"{head} {r.year}".strip()
    return f"{head}. {r.title}" if head else r.title


def finding_field(f: Finding) -> str | None:
    fld = f.field or CODE_FIELD.get(f.code)
    if fld is None:
        return None
    return _FIELD_ALIASES.get(fld, fld)


def flagged_fields(v: Verdict) -> dict[str, str]:
    """field → worst severity among the findings about that field."""
    out: dict[str, str] = {}
    for f in v.findings:
        fld = finding_field(f)
        if fld is None:
            continue
        if fld not in out or SEVERITY_RANK[f.severity] > SEVERITY_RANK[out[fld]]:
            out[fld] = f.severity
    return out


def _authors_text(names: list[str], et_al: bool = False) -> str | None:
    if not names and not et_al:
        return None
    shown = names[:MAX_AUTHORS_SHOWN]
    text = ", ".join(shown)
    rest = len(names) - len(shown)
    if rest > 0:
        text += f", … (+{rest} more)"
    elif et_al:
        text += ", et al." if text else "et al."
    return text


def _s(value) -> str | None:
    if value is None or value == "":
        return None
    return str(value)


def cited_value(v: Verdict, fld: str) -> str | None:
    r = v.reference
    if fld == "authors":
        return _authors_text(list(r.authors), r.et_al)
    if fld == "year":
        if r.year is None:
            return None
        return f"{r.year} (online {r.epub})" if r.epub and not r.epub.startswith(str(r.year)) else str(r.year)
    return _s(getattr(r, fld, None))


def found_value(v: Verdict, fld: str) -> str | None:
    if v.match is None:
        return None
    m = v.match.to_dict()
    if fld == "authors":
        return _authors_text(list(m["authors"]))
    if fld == "year":
        year, epub = m.get("year"), m.get("epub_year")
        if year is None and epub is not None:
            return f"{epub} (online; no issue yet)"
        if year is not None and epub is not None and epub != year:
            return f"{year} (online {epub})"
        return _s(year)
    if fld == "journal":
        j, abbr = m.get("journal"), m.get("journal_abbrev")
        if j and abbr and abbr.lower() != j.lower():
            return f"{j} ({abbr})"
        return _s(j or abbr)
    if fld == "url":
        return None
    return _s(m.get(fld))


def compare_rows(v: Verdict) -> list[tuple[str, str | None, str | None, str | None]]:
    """(field, cited, found, severity of a finding on that field or None), in display order.

    Rows where neither side has a value and no finding concerns the field are left out; `url`
    is added when the entry cites one or a finding concerns it.
    """
    flags = flagged_fields(v)
    fields = list(COMPARE_FIELDS)
    if v.reference.url or "url" in flags:
        fields.append("url")
    rows = []
    for fld in fields:
        c, f = cited_value(v, fld), found_value(v, fld)
        sev = flags.get(fld)
        if c is None and f is None and sev is None:
            continue
        rows.append((fld, c, f, sev))
    return rows


def pubmed_url(pmid: str | None) -> str | None:
    if not pmid:
        return None
    pmid = str(pmid).strip()
    return f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/" if _PMID_RE.match(pmid) else None


def doi_url(doi: str | None) -> str | None:
    if not doi:
        return None
    return "https://doi.org/" + quote(str(doi).strip(), safe="/:;()._-<>[]+")


def record_links(v: Verdict) -> list[tuple[str, str]]:
    """(label, url) for the work itself: the match's identifiers, else the cited ones unless a
    finding says that identifier is wrong."""
    pmid = doi = None
    if v.match is not None:
        pmid, doi = v.match.record.pmid, v.match.record.doi
    else:
        codes = {f.code for f in v.findings}
        if "pmid-mismatch" not in codes:
            pmid = v.reference.pmid
        if "doi-mismatch" not in codes:
            doi = v.reference.doi
    out = []
    if (u := pubmed_url(pmid)) is not None:
        out.append((f"PubMed {pmid}", u))
    if (u := doi_url(doi)) is not None:
        out.append((f"doi:{doi}", u))
    return out


def notice_links(f: Finding) -> list[tuple[str, str]]:
    """(label, url) for the notices and replacements a finding's details name."""
    out = []
    for key, kind, label in NOTICE_KEYS:
        val = f.details.get(key) if f.details else None
        if not val:
            continue
        url = pubmed_url(val) if kind == "pmid" else doi_url(val)
        if url:
            out.append((f"{label}: {val}", url))
    return out


def needs_detail(v: Verdict) -> bool:
    """An entry gets a detailed section when it is not ok or carries any finding (e.g. `corrected`)."""
    return v.status != "ok" or bool(v.findings)


def missing_citations(report: Report) -> tuple[int, ...]:
    """Numbers cited in the text but not listed, as verify found them (its `missing` findings)."""
    return tuple(f.n for f in report.findings if f.code == "missing" and f.n is not None)
