"""Plain data that flows read → parse → resolve → verify → report.

Frozen dataclasses with no I/O: every step hands the next one these objects, so
any module can be tested by building them by hand.
"""

from __future__ import annotations

import dataclasses
from dataclasses import asdict, dataclass
from typing import Any, Literal

# --------------------------------------------------------------------------- what was cited

RefType = Literal["journal", "book", "chapter", "conference", "web", "report", "thesis", "other"]


@dataclass(frozen=True)
class Reference:
    """One entry of a reference list, as cited. Fields are None where the entry lacks them."""

    n: int  # number as printed, or 1-based position when unnumbered
    raw: str  # the entry's text exactly as it stood (continuation lines joined as in the source)
    authors: tuple[str, ...] = ()  # as cited: "Rooney MR", "PRISMA Group"
    et_al: bool = False
    title: str | None = None
    journal: str | None = None  # journal, or book / conference / site name for other types
    year: int | None = None
    month: int | None = None
    day: int | None = None
    epub: str | None = None  # online-first date as cited ("2020-09-21"), when the entry is online-first
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None  # expanded: "2448-2450", "e124-e132", or an article number "9041694"
    doi: str | None = None  # lower-case, no "https://doi.org/" prefix, trailing punctuation trimmed
    pmid: str | None = None
    pmcid: str | None = None
    url: str | None = None
    accessed: str | None = None  # access date for web references, as ISO date where parseable
    publisher: str | None = None
    type: RefType = "journal"
    retraction_noted: bool = False  # the entry itself says the work was retracted
    line: int | None = None  # 1-based line in the source where the entry starts

    def parsed(self) -> dict:
        """The contract's `parsed` object (plus additive keys)."""
        return {
            "authors": list(self.authors),
            "title": self.title,
            "journal": self.journal,
            "year": self.year,
            "volume": self.volume,
            "issue": self.issue,
            "pages": self.pages,
            "doi": self.doi,
            "pmid": self.pmid,
            "url": self.url,
            # additive keys (allowed by the contract)
            "type": self.type,
            "et_al": self.et_al,
            "month": self.month,
            "day": self.day,
            "epub": self.epub,
            "pmcid": self.pmcid,
            "accessed": self.accessed,
            "publisher": self.publisher,
        }


@dataclass(frozen=True)
class Citations:
    """In-text citation markers of an article, against its reference list."""

    cited: tuple[int, ...]  # sorted, unique numbers the text cites
    cited_not_listed: tuple[int, ...]
    listed_not_cited: tuple[int, ...]

    def to_dict(self) -> dict:
        return {
            "cited": list(self.cited),
            "cited_not_listed": list(self.cited_not_listed),
            "listed_not_cited": list(self.listed_not_cited),
        }


@dataclass(frozen=True)
class ParsedDocument:
    """What `refcheck parse` prints: the entries of one input, and its citations if an article."""

    source: str  # path as given, or "-" for stdin
    references: tuple[Reference, ...]
    citations: Citations | None = None  # None for a bare list
    format: str = "text"  # text, markdown, html, docx, bibtex, ris, jats
    warnings: tuple[str, ...] = ()


# --------------------------------------------------------------------------- what a source holds

# A record source's registry name ("pubmed", "crossref", "datacite", "openalex", "doi", …): any
# module of refcheck.sources may add one, so this is open (see refcheck.sources.registry).
SourceName = str
Source = SourceName  # the older name, kept for callers
UpdateKind = Literal["retraction", "expression-of-concern", "correction"]


@dataclass(frozen=True)
class Person:
    family: str
    given: str | None = None
    initials: str | None = None  # "MR"


@dataclass(frozen=True)
class Update:
    """A notice published about a work: retraction, expression of concern or correction."""

    kind: UpdateKind
    subtype: str  # as the source says: retraction, partial_retraction, withdrawal, removal,
    #               retracted-and-republished, erratum, corrigendum, correction, ...
    source: str  # "pubmed", "crossref", "retraction-watch", "publisher"
    doi: str | None = None  # the notice's DOI
    pmid: str | None = None  # the notice's PMID
    date: str | None = None  # ISO date, partial allowed
    replacement_doi: str | None = None  # retract-and-replace: the new version
    replacement_pmid: str | None = None
    label: str | None = None  # human label given by the source ("Retraction", "Erratum in: …")


@dataclass(frozen=True)
class Record:
    """One work as a source describes it. Both clients return this one shape."""

    source: SourceName  # the registry name of the source that holds it
    pmid: str | None = None
    doi: str | None = None  # lower-case
    pmcid: str | None = None
    title: str | None = None
    authors: tuple[Person, ...] = ()
    collective: tuple[str, ...] = ()  # group authors ("PRISMA Group")
    journal: str | None = None  # full title
    journal_iso: str | None = None  # ISO abbreviation
    journal_nlm: str | None = None  # NLM (MedlineTA) abbreviation
    short_titles: tuple[str, ...] = ()  # Crossref short-container-title
    issn: tuple[str, ...] = ()
    year: int | None = None  # print (issue) year
    print_date: str | None = None  # ISO, partial allowed: "2017-06-20", "2019-05"
    epub_year: int | None = None
    epub_date: str | None = None
    volume: str | None = None
    issue: str | None = None
    first_page: str | None = None
    last_page: str | None = None  # expanded
    article_number: str | None = None  # elocation id / article number ("e1000097", "9041694")
    pub_types: tuple[str, ...] = ()  # "Journal Article", "Retracted Publication", crossref type...
    ahead_of_print: bool = False  # no final volume/pages yet
    updates: tuple[Update, ...] = ()
    notice_of: tuple[str, ...] = ()  # if this record IS a notice: the DOIs/PMIDs it is about
    type: str | None = None  # crossref type ("journal-article", "book-chapter") or "journal-article"
    publisher: str | None = None
    journal_start_year: int | None = None  # first year of the journal, where the source knows it
    preprint_of: tuple[str, ...] = ()  # a preprint: DOIs of its published versions (Crossref is-preprint-of)
    has_preprint: tuple[str, ...] = ()  # a published work: DOIs of its preprints (Crossref has-preprint)
    # a preprint: DOIs of other versions under another registrant (DataCite IsVersionOf); the
    # published version only where that record is a peer-reviewed kind of work
    version_of: tuple[str, ...] = ()

    @property
    def is_preprint(self) -> bool:
        return self.type == "posted-content" or any("preprint" in t.lower() for t in self.pub_types)

    @property
    def pages(self) -> str | None:
        if self.first_page and self.last_page and self.last_page != self.first_page:
            return f"{self.first_page}-{self.last_page}"
        return self.first_page or self.article_number

    @property
    def is_notice(self) -> bool:
        return bool(self.notice_of)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> Record:
        """Inverse of to_dict (the cache stores records as JSON)."""
        d = dict(d)
        d["authors"] = tuple(Person(**p) for p in d.get("authors", ()))
        d["updates"] = tuple(Update(**u) for u in d.get("updates", ()))
        for k in ("collective", "short_titles", "issn", "pub_types", "notice_of", "preprint_of", "has_preprint",
                  "version_of"):
            d[k] = tuple(d.get(k, ()))
        return cls(**d)


# --------------------------------------------------------------------------- what the resolver gathered


@dataclass(frozen=True)
class Lookup:
    """Everything the resolver gathered for one reference; the verifier turns it into a Verdict.

    `failed` keeps "a service failed" apart from "a service has no such record": a reference
    whose lookups failed is `unavailable`/unverified, never `not-found`.
    """

    by_doi: Record | None = None  # the record the cited DOI names (None if not cited, absent or failed)
    doi_exists: bool | None = None  # None: no DOI cited, or it could not be asked
    by_pmid: Record | None = None
    pmid_exists: bool | None = None
    candidates: tuple[Record, ...] = ()  # from ecitmatch, searches, bibliographic queries (any source)
    failed: tuple[str, ...] = ()  # services that failed for this entry: "pubmed", "crossref", "doi", …
    offline_miss: bool = False  # --offline and the cache could not answer
    related: tuple[Record, ...] = ()  # published versions of a preprint candidate (not candidates themselves)
    # The DOI system's word on a cited DOI that Crossref and PubMed do not hold: True some agency
    # registered it (doi_exists is then True), False no agency did (doi_exists False: "does not
    # exist" is proven), None not asked (Crossref or PubMed knew it) or the DOI system failed.
    doi_registered: bool | None = None
    doi_agency: str | None = None  # "Crossref", "DataCite", "mEDRA", … ("" registered, agency unnamed)
    # Broad indexes that answered a search for this entry (e.g. ("openalex",)): when one did and
    # still nothing fits, the entry's absence is evidence even for a kind PubMed/Crossref skip.
    consulted: tuple[str, ...] = ()


# --------------------------------------------------------------------------- what was found

Severity = Literal["error", "warning", "info"]
Status = Literal["ok", "warning", "error", "unverified"]

SEVERITY: dict[str, Severity] = {
    "incomplete": "error",
    "not-found": "error",
    "doi-mismatch": "error",
    "pmid-mismatch": "error",
    "retracted": "error",
    "year-mismatch": "error",
    "volume-mismatch": "error",
    "pages-mismatch": "error",
    "title-mismatch": "error",
    "author-mismatch": "error",
    "journal-mismatch": "error",
    "ambiguous": "warning",
    "issue-mismatch": "warning",
    "expression-of-concern": "warning",
    "ahead-of-print": "warning",
    "duplicate": "warning",
    "uncited": "warning",
    "corrected": "info",
    "not-indexed": "info",
    "unavailable": "info",
    "missing": "warning",
    "preprint-published": "warning",
}
CODES = tuple(SEVERITY)
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    message: str
    field: str | None = None
    cited: str | None = None
    found: str | None = None
    details: dict = dataclasses.field(default_factory=dict, compare=False, hash=False)  # e.g. notice links
    n: int | None = None  # document-level findings: the number they are about (`missing`)

    @classmethod
    def make(cls, code: str, message: str, **kw: Any) -> Finding:
        """A finding with the contract's default severity for its code."""
        return cls(code=code, severity=kw.pop("severity", SEVERITY[code]), message=message, **kw)

    def to_dict(self) -> dict:
        d: dict[str, Any] = {"code": self.code, "severity": self.severity, "field": self.field, "message": self.message}
        if self.n is not None:
            d["n"] = self.n
        if self.cited is not None or self.found is not None:
            d["cited"] = self.cited
            d["found"] = self.found
        if self.details:
            d["details"] = self.details
        return d


@dataclass(frozen=True)
class Match:
    """The record a reference was identified as (merged over sources) and how sure we are."""

    record: Record
    confidence: float
    sources: tuple[str, ...]  # ("pubmed", "crossref")

    def to_dict(self) -> dict:
        r = self.record
        return {
            "doi": r.doi,
            "pmid": r.pmid,
            "sources": list(self.sources),
            "confidence": round(self.confidence, 3),
            "title": r.title,
            "journal": r.journal,
            "year": r.year,
            "volume": r.volume,
            "issue": r.issue,
            "pages": r.pages,
            "authors": [f"{p.family} {p.initials or ''}".strip() for p in r.authors] + list(r.collective),
            # additive
            "epub_year": r.epub_year,
            "journal_abbrev": r.journal_nlm or r.journal_iso,
        }


def status_of(findings: tuple[Finding, ...] | list[Finding]) -> Status:
    """The contract's rule: worst severity; not-indexed/unavailable alone make it unverified."""
    worst = max((SEVERITY_RANK[f.severity] for f in findings), default=0)
    if worst == 2:
        return "error"
    if worst == 1:
        return "warning"
    if any(f.code in ("not-indexed", "unavailable") for f in findings):
        return "unverified"
    return "ok"


@dataclass(frozen=True)
class Verdict:
    reference: Reference
    findings: tuple[Finding, ...] = ()
    match: Match | None = None
    suggestion: str | None = None
    candidates: tuple[Match, ...] = ()  # runners-up, for ambiguous / not-found messages

    @property
    def status(self) -> Status:
        return status_of(self.findings)

    def to_dict(self) -> dict:
        d = {
            "n": self.reference.n,
            "raw": self.reference.raw,
            "parsed": self.reference.parsed(),
            "status": self.status,
            "match": self.match.to_dict() if self.match else None,
            "findings": [f.to_dict() for f in self.findings],
        }
        if self.suggestion:
            d["suggestion"] = self.suggestion
        return d


@dataclass(frozen=True)
class Report:
    """Everything `verify` found for one input."""

    source: str
    verdicts: tuple[Verdict, ...]
    citations: Citations | None = None
    warnings: tuple[str, ...] = ()
    checked: str | None = None  # ISO 8601 UTC time of the check: retraction status changes with time
    version: str | None = None  # refcheck's version that checked it
    # Where the answers came from: per service the requests sent for this report, and the
    # cache's part (hits, misses, the oldest cached answer used, as an ISO time).
    provenance: dict = dataclasses.field(default_factory=dict, compare=False, hash=False)
    # About the document rather than one entry (verify's `missing`: cited in the text, not listed).
    findings: tuple[Finding, ...] = ()

    def summary(self) -> dict:
        """Entries by status; `missing` document findings; and the unverified entries split by why:
        `unavailable` (a service failed or the cache lacked it) apart from `not-indexed`."""
        counts = {"references": len(self.verdicts), "ok": 0, "warning": 0, "error": 0, "unverified": 0}
        for v in self.verdicts:
            counts[v.status] += 1
        counts["missing"] = sum(1 for f in self.findings if f.code == "missing")
        unverified = [v for v in self.verdicts if v.status == "unverified"]
        counts["unavailable"] = sum(1 for v in unverified if any(f.code == "unavailable" for f in v.findings))
        counts["not-indexed"] = len(unverified) - counts["unavailable"]
        return counts

    def to_dict(self) -> dict:
        d = {
            "schema": "refcheck/report-v1",
            "source": self.source,
            **({"checked": self.checked} if self.checked else {}),
            **({"version": self.version} if self.version else {}),
            "summary": self.summary(),
            "references": [v.to_dict() for v in self.verdicts],
            "findings": [f.to_dict() for f in self.findings],
        }
        if self.citations is not None:
            d["citations"] = {
                "cited_not_listed": list(self.citations.cited_not_listed),
                "listed_not_cited": list(self.citations.listed_not_cited),
                "cited": list(self.citations.cited),
            }
        if self.provenance:
            d["provenance"] = self.provenance
        return d

    def stamp(self) -> str:
        """One line naming when and by which version this report was made (for people)."""
        parts = [f"refcheck {self.version}" if self.version else "refcheck"]
        if self.checked:
            parts.append(f"checked {self.checked}")
        cache = self.provenance.get("cache") or {}
        if cache.get("hits"):
            oldest = cache.get("oldest")
            parts.append(f"{cache['hits']} answer(s) from the cache" + (f", oldest from {oldest}" if oldest else ""))
        return " · ".join(parts)
