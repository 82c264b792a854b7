"""The fixture model: what the fake services know about.

A `Work` is one published item as the world knows it; the fakes render it as a
PubMed record (efetch/esummary/esearch/ecitmatch) and/or a Crossref work.
A `Notice` is an editorial update published about a work (retraction,
expression of concern, correction, ...).  This module is independent of
refcheck on purpose: the fakes are a separate implementation of the services.
"""

from __future__ import annotations

from dataclasses import dataclass, field

NOTICE_KINDS = (
    "retraction",
    "partial_retraction",
    "withdrawal",
    "removal",
    "retracted_and_republished",
    "expression_of_concern",
    "correction",
    "erratum",
    "corrigendum",
    "new_version",
)


@dataclass
class Notice:
    """An editorial notice about a work."""

    kind: str  # one of NOTICE_KINDS
    notice_doi: str | None = None
    notice_pmid: str | None = None
    date: str | None = None  # ISO date ("2021-03-04"), partial allowed ("2021-03")
    source: str = "publisher"  # "publisher" | "retraction-watch"
    where: str = "both"  # "pubmed" | "crossref" | "both"
    replacement_doi: str | None = None  # retract-and-replace: the new version
    replacement_pmid: str | None = None
    record_id: str | None = None  # Retraction Watch record id (Crossref "record-id")
    label: str | None = None  # Crossref label; default derived from kind
    ref_source: str | None = None  # PubMed RefSource text; default derived

    def __post_init__(self) -> None:
        if self.kind not in NOTICE_KINDS:
            raise ValueError(f"unknown notice kind {self.kind!r}")
        if self.where not in ("pubmed", "crossref", "both"):
            raise ValueError(f"bad notice.where {self.where!r}")

    @property
    def in_pubmed(self) -> bool:
        return self.where in ("pubmed", "both")

    @property
    def in_crossref(self) -> bool:
        return self.where in ("crossref", "both")


@dataclass
class Work:
    """One work. Fields mirror what PubMed and Crossref can say about it."""

    pmid: str | None = None
    doi: str | None = None
    title: str = ""
    authors: list[tuple[str, str]] = field(default_factory=list)  # (family, given)
    collective: str | None = None  # group author, rendered after the persons
    journal: str | None = None  # full title as NLM/Crossref gives it
    journal_iso: str | None = None
    journal_nlm: str | None = None  # MedlineTA
    issn: str | None = None  # print ISSN (or the only one)
    eissn: str | None = None
    year: int | None = None  # print/issue date
    month: int | None = None
    day: int | None = None
    medline_date: str | None = None  # e.g. "2019 Jan-Feb"; rendered instead of Year/Month
    epub: str | None = None  # ISO date of online publication
    volume: str | None = None
    issue: str | None = None
    first_page: str | None = None
    last_page: str | None = None  # expanded ("2450", "e132")
    elocation: str | None = None  # article number ("1202", "e1000097")
    pub_types: list[str] = field(default_factory=lambda: ["Journal Article"])
    status: str = "ppublish"  # "ppublish" | "aheadofprint" | "epublish"
    abstract: str | None = None
    in_pubmed: bool = True
    in_crossref: bool | None = None  # default: doi is not None
    crossref_type: str = "journal-article"
    publisher: str | None = None
    container_title: str | None = None  # book title for chapters, proceedings title
    isbn: str | None = None
    notices: list[Notice] = field(default_factory=list)
    n: int | None = None  # entry number in references.txt (fixtures only)
    key: str | None = None  # EXTRA_BY_KEY key (fixtures only)
    pmcid: str | None = None
    pii: str | None = None
    nlm_unique_id: str | None = None
    country: str = "United States"
    language: str = "eng"
    member: str = "311"
    is_referenced_by_count: int = 0
    # the DOI system: who registered the DOI ("Crossref", "DataCite", "mEDRA", …); None =
    # "Crossref" when in_crossref, else unregistered
    agency: str | None = None
    datacite_type: str | None = None  # DataCite resourceTypeGeneral ("Preprint", "Dataset", "Software")
    in_openalex: bool = True  # OpenAlex indexes nearly everything with a title
    openalex_id: str | None = None
    # DBLP indexes computer science only: fixtures opt in
    in_dblp: bool = False
    dblp_venue: str | list[str] | None = None  # DBLP's short venue ("KDD"); default the container/journal
    dblp_names: list[str] | None = None  # author names as DBLP spells them ("Wei Wang 0001")
    dblp_key: str | None = None  # "conf/kdd/SifferFTL17"; default made from venue, author and year
    dblp_type: str | None = None  # "Conference and Workshop Papers"…; default from crossref_type
    # a preprint (crossref_type "posted-content"): DOIs of its published versions, as Crossref's
    # `relation.is-preprint-of` and DataCite's `IsPreprintOf` give them (the published work's
    # `has-preprint` is derived by the store); `journal` is then the server ("bioRxiv")
    preprint_of: list[str] = field(default_factory=list)
    version_of: list[str] = field(default_factory=list)  # DataCite `IsVersionOf` (other versions)
    group_title: str | None = None  # a posted-content item's subject area ("Neuroscience")

    def __post_init__(self) -> None:
        if self.in_crossref is None:
            self.in_crossref = self.doi is not None
        if self.doi:
            self.doi = self.doi.strip()
        if self.pmid is not None:
            self.pmid = str(self.pmid)
        if self.status not in ("ppublish", "aheadofprint", "epublish"):
            raise ValueError(f"bad status {self.status!r}")

    # ------------------------------------------------------------ helpers
    @property
    def registered_by(self) -> str | None:
        """The registration agency of the DOI, or None when no agency registered it."""
        if not self.doi:
            return None
        return self.agency or ("Crossref" if self.in_crossref else None)

    @property
    def doi_lower(self) -> str | None:
        return self.doi.lower() if self.doi else None

    @property
    def pages(self) -> str | None:
        if self.first_page and self.last_page and self.last_page != self.first_page:
            return f"{self.first_page}-{self.last_page}"
        return self.first_page or self.elocation

    @property
    def epub_parts(self) -> list[int] | None:
        if not self.epub:
            return None
        return [int(p) for p in self.epub.split("-") if p]

    @property
    def print_parts(self) -> list[int] | None:
        if self.year is None:
            return None
        parts = [self.year]
        if self.month:
            parts.append(self.month)
            if self.day:
                parts.append(self.day)
        return parts
