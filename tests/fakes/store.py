"""The fixture store: works indexed the way each service sees them, plus the
notice links between works (and notice records synthesised when a Notice names
a PMID/DOI for which no Work was given)."""

from __future__ import annotations

import threading
import unicodedata
import re
from dataclasses import dataclass

from .model import Notice, Work

# kind -> (PubMed RefType on the updated work, RefType on the notice, notice PublicationType)
PUBMED_NOTICE = {
    "retraction": ("RetractionIn", "RetractionOf", "Retraction of Publication"),
    "partial_retraction": ("RetractionIn", "RetractionOf", "Retraction of Publication"),
    "withdrawal": ("RetractionIn", "RetractionOf", "Retraction of Publication"),
    "removal": ("RetractionIn", "RetractionOf", "Retraction of Publication"),
    "retracted_and_republished": ("RetractionIn", "RetractionOf", "Retraction of Publication"),
    "expression_of_concern": ("ExpressionOfConcernIn", "ExpressionOfConcernFor", "Expression of Concern"),
    "correction": ("ErratumIn", "ErratumFor", "Published Erratum"),
    "erratum": ("ErratumIn", "ErratumFor", "Published Erratum"),
    "corrigendum": ("ErratumIn", "ErratumFor", "Published Erratum"),
    "new_version": ("CorrectedandRepublishedIn", "CorrectedandRepublishedFrom", "Published Erratum"),
}
# kinds that make PubMed tag the work itself "Retracted Publication"
RETRACTED_KINDS = {"retraction", "withdrawal", "removal", "retracted_and_republished"}

CROSSREF_NOTICE = {  # kind -> (Crossref update type, label)
    "retraction": ("retraction", "Retraction"),
    "partial_retraction": ("partial_retraction", "Partial retraction"),
    "withdrawal": ("withdrawal", "Withdrawal"),
    "removal": ("removal", "Removal"),
    "retracted_and_republished": ("retraction", "Retraction"),
    "expression_of_concern": ("expression_of_concern", "Expression of concern"),
    "correction": ("correction", "Correction"),
    "erratum": ("erratum", "Erratum"),
    "corrigendum": ("corrigendum", "Corrigendum"),
    "new_version": ("new_version", "New version"),
}

NOTICE_TITLE_PREFIX = {
    "retraction": "Retraction notice to",
    "partial_retraction": "Partial retraction notice to",
    "withdrawal": "Withdrawal notice to",
    "removal": "Removal notice to",
    "retracted_and_republished": "Notice of retraction and replacement:",
    "expression_of_concern": "Expression of concern:",
    "correction": "Correction to:",
    "erratum": "Erratum to:",
    "corrigendum": "Corrigendum to",
    "new_version": "Correction and republication:",
}


def fold(text: str | None) -> str:
    """Lower-case, strip diacritics."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.replace("ß", "ss").replace("ø", "o").replace("æ", "ae").replace("ł", "l").lower()


_WORD = re.compile(r"[a-z0-9]+")


def words(text: str | None) -> list[str]:
    return _WORD.findall(fold(text))


def norm_journal(text: str | None) -> str:
    return " ".join(words(text))


def initials_of(given: str | None) -> str:
    if not given:
        return ""
    parts = re.split(r"[\s\-.]+", given.strip())
    return "".join(p[0].upper() for p in parts if p and p[0].isalpha())


@dataclass
class Link:
    """A notice relation: `notice` (about `target`), seen from either side."""

    target: Work  # the work updated
    notice: Notice
    notice_work: Work | None  # the notice as a record, when the store has one


class Store:
    def __init__(self, works: list[Work] | None = None) -> None:
        self._lock = threading.RLock()
        self._works: list[Work] = []
        self._rebuild_needed = True
        for w in works or []:
            self._add(w)

    # ------------------------------------------------------------ mutation
    def _add(self, work: Work) -> None:
        for i, old in enumerate(self._works):
            same_pmid = work.pmid and old.pmid == work.pmid
            same_doi = work.doi and old.doi_lower == work.doi_lower
            if same_pmid or same_doi:
                self._works[i] = work
                break
        else:
            self._works.append(work)
        self._rebuild_needed = True

    def add(self, work: Work) -> None:
        with self._lock:
            self._add(work)

    # ------------------------------------------------------------ indexes
    def _rebuild(self) -> None:
        if not self._rebuild_needed:
            return
        explicit = list(self._works)
        by_pmid = {w.pmid: w for w in explicit if w.pmid}
        by_doi = {w.doi_lower: w for w in explicit if w.doi}
        synth: list[Work] = []
        for w in explicit:
            for nt in w.notices:
                if nt.source == "retraction-watch":
                    continue  # RW notices are data about the work, not records
                have = (nt.notice_pmid and nt.notice_pmid in by_pmid) or (
                    nt.notice_doi and nt.notice_doi.lower() in by_doi
                )
                if have or not (nt.notice_pmid or nt.notice_doi):
                    continue
                sw = _synth_notice(w, nt)
                synth.append(sw)
                if sw.pmid:
                    by_pmid[sw.pmid] = sw
                if sw.doi:
                    by_doi[sw.doi_lower] = sw
        self.all_works = explicit + synth
        self.pubmed = {w.pmid: w for w in self.all_works if w.in_pubmed and w.pmid}
        self.crossref = {w.doi_lower: w for w in self.all_works if w.in_crossref and w.doi}
        self.registered = {w.doi_lower: w for w in self.all_works if w.registered_by}
        # links: updates about a work, and what a notice work is about
        self.updates_of: dict[int, list[Link]] = {}
        self.notice_for: dict[int, list[Link]] = {}  # id(notice work) -> links
        self.replacement_for: dict[int, list[Link]] = {}
        self.preprints_of: dict[str, list[Work]] = {}  # published DOI -> its preprints (has-preprint)
        for w in explicit:
            for d in w.preprint_of:
                self.preprints_of.setdefault(d.lower(), []).append(w)
        for w in explicit:
            for nt in w.notices:
                nw = None
                if nt.notice_pmid and nt.notice_pmid in by_pmid:
                    nw = by_pmid[nt.notice_pmid]
                elif nt.notice_doi and nt.notice_doi.lower() in by_doi:
                    nw = by_doi[nt.notice_doi.lower()]
                link = Link(w, nt, nw)
                self.updates_of.setdefault(id(w), []).append(link)
                if nw is not None and nt.source != "retraction-watch":
                    self.notice_for.setdefault(id(nw), []).append(link)
                rep = None
                if nt.replacement_pmid and nt.replacement_pmid in by_pmid:
                    rep = by_pmid[nt.replacement_pmid]
                elif nt.replacement_doi and nt.replacement_doi.lower() in by_doi:
                    rep = by_doi[nt.replacement_doi.lower()]
                if rep is not None:
                    self.replacement_for.setdefault(id(rep), []).append(link)
        self._rebuild_needed = False

    def snapshot(self) -> "Store":
        with self._lock:
            self._rebuild()
            return self

    def pubmed_get(self, pmid: str) -> Work | None:
        with self._lock:
            self._rebuild()
            return self.pubmed.get(pmid)

    def crossref_get(self, doi: str) -> Work | None:
        with self._lock:
            self._rebuild()
            return self.crossref.get(doi.lower())

    def registered_get(self, doi: str) -> Work | None:
        """The work whose DOI some agency registered (the DOI system's view)."""
        with self._lock:
            self._rebuild()
            return self.registered.get(doi.lower())

    def datacite_get(self, doi: str) -> Work | None:
        w = self.registered_get(doi)
        return w if w is not None and w.registered_by == "DataCite" else None

    def openalex_works(self) -> list[Work]:
        with self._lock:
            self._rebuild()
            return [w for w in self.all_works if w.in_openalex and w.title]

    def dblp_works(self) -> list[Work]:
        with self._lock:
            self._rebuild()
            return [w for w in self.all_works if w.in_dblp and w.title]

    def pubmed_works(self) -> list[Work]:
        with self._lock:
            self._rebuild()
            return list(self.pubmed.values())

    def crossref_works(self) -> list[Work]:
        with self._lock:
            self._rebuild()
            return list(self.crossref.values())

    def links_updating(self, work: Work) -> list[Link]:
        with self._lock:
            self._rebuild()
            return list(self.updates_of.get(id(work), []))

    def links_noticed_by(self, work: Work) -> list[Link]:
        with self._lock:
            self._rebuild()
            return list(self.notice_for.get(id(work), []))

    def preprints(self, work: Work) -> list[Work]:
        """The preprints whose published version `work` is (Crossref `has-preprint`)."""
        with self._lock:
            self._rebuild()
            return list(self.preprints_of.get(work.doi_lower or "", []))

    def links_replaced_by(self, work: Work) -> list[Link]:
        with self._lock:
            self._rebuild()
            return list(self.replacement_for.get(id(work), []))


def _synth_notice(target: Work, nt: Notice) -> Work:
    """A minimal record for a notice that has no Work of its own."""
    y, m, d = _date_parts(nt.date) if nt.date else (target.year or 2020, None, None)
    ptype = PUBMED_NOTICE[nt.kind][2]
    title = f"{NOTICE_TITLE_PREFIX[nt.kind]} \"{target.title.rstrip('.')}\""
    return Work(
        pmid=nt.notice_pmid,
        doi=nt.notice_doi,
        title=title,
        authors=[],
        journal=target.journal,
        journal_iso=target.journal_iso,
        journal_nlm=target.journal_nlm,
        issn=target.issn,
        eissn=target.eissn,
        year=y,
        month=m,
        day=d,
        epub=nt.date if nt.date and len(nt.date) == 10 else None,
        volume=None,
        first_page=None,
        pub_types=[ptype],
        status="epublish" if nt.date and len(nt.date) == 10 else "ppublish",
        in_pubmed=bool(nt.notice_pmid) and nt.in_pubmed,
        in_crossref=bool(nt.notice_doi) and nt.in_crossref,
        crossref_type="journal-article",
        publisher=target.publisher,
        nlm_unique_id=target.nlm_unique_id,
        member=target.member,
    )


def _date_parts(iso: str) -> tuple[int, int | None, int | None]:
    parts = [int(p) for p in iso.split("-") if p]
    while len(parts) < 3:
        parts.append(None)  # type: ignore[arg-type]
    return parts[0], parts[1], parts[2]
