"""Gather candidate records for a whole reference list in as few requests as the services allow.

The order is cheapest-and-surest first, and each stage only asks for the entries the earlier
stages left unidentified:

1. identifiers: cited PMIDs (efetch) and cited DOIs (one Crossref `filter=doi:` request, and one
   PubMed esearch `doi[aid] OR …` to find their PubMed records);
2. one `ecitmatch` for every entry with journal, year, volume and first page;
3. one batched `efetch` for every PMID found so far;
4. a PubMed title search per entry still unidentified (then one more efetch);
5. a Crossref `query.bibliographic` per entry still unidentified (non-PubMed works, fabrications);
6. Crossref status for every identified DOI: `filter=doi:` (records with `updated-by`) and
   `filter=updates:` (notices), so a retraction known only to Crossref/Retraction Watch counts.

A service failure is recorded per entry in `Lookup.failed`; it never turns into "no record".
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field, replace
from typing import Callable, Iterable, Sequence

from .errors import OfflineMiss, SourceError
from .match import choose
from .model import Lookup, Record, Reference, Update
from .normalize import first_page, fold, normalize_doi
from .settings import Settings
from .sources import Cache, CitQuery, Crossref, PubMed, Stats

log = logging.getLogger("refcheck.resolve")

# A best candidate at or above this confidence needs no further searching: asking again would
# spend scarce requests (NCBI 3/s, Crossref queries 1-3/s) for no better answer.
SETTLED = 0.85
# PubMed title searches use at most this many significant title words: enough to single out a
# paper, few enough to survive a mis-cited word or two... (a miss falls through to Crossref).
TITLE_WORDS = 7

_STOP = frozenset(
    "a an and are as at be by for from has have in into is it its of on or that the their this to "
    "was were with without vs versus via after before between among during under over not no".split()
)
_WORD = re.compile(r"[a-z0-9]+")


@dataclass
class _Work:
    """Mutable scratch state for one entry while the stages run."""

    ref: Reference
    candidates: list[Record] = field(default_factory=list)
    pmids: set[str] = field(default_factory=set)  # PMIDs to fetch as candidates
    by_doi: Record | None = None
    doi_exists: bool | None = None
    by_pmid: Record | None = None
    pmid_exists: bool | None = None
    failed: set[str] = field(default_factory=set)
    offline_miss: bool = False

    def fail(self, service: str, err: SourceError) -> None:
        self.failed.add(service)
        if isinstance(err, OfflineMiss):
            self.offline_miss = True

    def lookup(self) -> Lookup:
        return Lookup(
            by_doi=self.by_doi,
            doi_exists=self.doi_exists,
            by_pmid=self.by_pmid,
            pmid_exists=self.pmid_exists,
            candidates=tuple(self.candidates),
            failed=tuple(sorted(self.failed)),
            offline_miss=self.offline_miss,
        )


def searchable(ref: Reference) -> bool:
    """Whether an entry names anything a service could find (entry 7 of the sample does not)."""
    return bool(ref.doi or ref.pmid or ref.title or (ref.journal and ref.volume and ref.pages))


def title_term(ref: Reference) -> str | None:
    """A PubMed query from the most distinctive title words (longest first), each tagged [ti]."""
    if not ref.title:
        return None
    words = [w for w in _WORD.findall(fold(ref.title)) if w not in _STOP and len(w) > 2]
    if not words:
        return None
    seen: list[str] = []
    for w in sorted(words, key=len, reverse=True):
        if w not in seen:
            seen.append(w)
        if len(seen) == TITLE_WORDS:
            break
    return " AND ".join(f"{w}[ti]" for w in seen)


def bibliographic_text(ref: Reference) -> str:
    """The entry as a Crossref query: its fields, without identifiers and URL clutter."""
    parts = [*ref.authors[:3], ref.title or "", ref.journal or "", str(ref.year or "")]
    text = " ".join(p for p in parts if p).strip()
    return text or ref.raw


class Resolver:
    """One PubMed and one Crossref client (hence one session, limiter and cache) for many lists."""

    def __init__(self, settings: Settings, cache: Cache | None = None, stats: Stats | None = None):
        self.settings = settings
        self.stats = stats or Stats()
        self._own_cache = cache is None
        self.cache = cache or Cache(settings)
        self.pubmed = PubMed(settings, self.cache, self.stats)
        self.crossref = Crossref(settings, self.cache, self.stats)

    def close(self) -> None:
        self.pubmed.close()
        self.crossref.close()
        if self._own_cache:
            self.cache.close()

    def __enter__(self) -> Resolver:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------------ the stages

    def resolve(
        self, refs: Sequence[Reference], progress: Callable[[str, int], None] | None = None
    ) -> list[Lookup]:
        """Candidates for every entry of one list, aligned with `refs`."""
        works = [_Work(r) for r in refs]
        todo = [w for w in works if searchable(w.ref)]

        def say(stage: str) -> None:
            if progress is not None:  # counting costs a choose() per entry: only when shown
                progress(stage, len(works) - len(todo) + sum(1 for w in todo if self._settled(w)))

        say("identifiers")
        self._identifiers(todo)
        say("citation match")
        self._citmatch([w for w in todo if not self._settled(w)])
        say("title search")
        self._title_search([w for w in todo if not self._settled(w)])
        say("crossref search")
        self._crossref_search([w for w in todo if not self._settled(w)])
        say("status")
        self._status(todo)
        return [w.lookup() for w in works]

    def _settled(self, w: _Work) -> bool:
        if not w.candidates:
            return False
        best = choose(w.ref, w.candidates).best
        return best is not None and best.confidence >= SETTLED

    def _identifiers(self, works: list[_Work]) -> None:
        with_pmid = [w for w in works if w.ref.pmid]
        if with_pmid:
            batch = self.pubmed.fetch(w.ref.pmid for w in with_pmid)
            for w in with_pmid:
                _take_identified(w, "pmid", w.ref.pmid, batch, "pubmed")

        with_doi = [w for w in works if w.ref.doi]
        if not with_doi:
            return
        dois = sorted({normalize_doi(w.ref.doi) for w in with_doi})
        batch = self.crossref.works(dois)
        for w in with_doi:
            _take_identified(w, "doi", normalize_doi(w.ref.doi), batch, "crossref")
        # PubMed's record of each cited DOI: it holds the abbreviations and notices we compare
        # with, and it knows DOIs that Crossref does not register (mEDRA, DataCite…).
        term = " OR ".join(f'"{d}"[aid]' for d in dois)
        try:
            pmids = self.pubmed.search(term, retmax=max(20, 2 * len(dois)))
        except SourceError as e:
            for w in with_doi:
                w.fail("pubmed", e)
            return
        self._fetch(with_doi, doi_pmids=pmids)

    def _citmatch(self, works: list[_Work]) -> None:
        queries = {}
        for i, w in enumerate(works):
            r = w.ref
            fp = first_page(r.pages)
            if r.journal and r.year and r.volume and fp:
                author = r.authors[0] if r.authors else ""
                queries[str(i)] = (w, CitQuery(str(i), r.journal, str(r.year), r.volume, fp, author))
        if not queries:
            return
        batch = self.pubmed.citmatch([q for _, q in queries.values()])
        for key, (w, _) in queries.items():
            if key in batch.failed:
                w.fail("pubmed", batch.failed[key])
            elif key in batch.found and batch.found[key].pmid:
                w.pmids.add(batch.found[key].pmid)
        self._fetch([w for w, _ in queries.values()])

    def _fetch(self, works: Iterable[_Work], doi_pmids: Iterable[str] = ()) -> None:
        """One efetch for the PMIDs the entries gathered (and those found for cited DOIs)."""
        works = list(works)
        doi_pmids = set(doi_pmids)
        wanted = sorted({p for w in works for p in w.pmids} | doi_pmids)
        if not wanted:
            return
        batch = self.pubmed.fetch(wanted)
        by_doi = {r.doi: r for p, r in batch.found.items() if p in doi_pmids and r.doi}
        doi_failed = next((batch.failed[p] for p in doi_pmids if p in batch.failed), None)
        for w in works:
            for p in sorted(w.pmids):
                if p in batch.failed:
                    w.fail("pubmed", batch.failed[p])
                elif p in batch.found and batch.found[p] not in w.candidates:
                    w.candidates.append(batch.found[p])
            w.pmids.clear()
            if doi_pmids and w.ref.doi:
                rec = by_doi.get(normalize_doi(w.ref.doi))
                if rec is not None:
                    w.doi_exists = True
                    w.by_doi = w.by_doi or rec
                    if rec not in w.candidates:
                        w.candidates.append(rec)
                elif doi_failed is not None:
                    w.fail("pubmed", doi_failed)

    def _title_search(self, works: list[_Work]) -> None:
        terms = {}
        for w in works:
            t = title_term(w.ref)
            if t:
                terms.setdefault(t, []).append(w)
        if not terms:
            return
        batch = self.pubmed.search_many(list(terms), retmax=5)
        for t, ws in terms.items():
            for w in ws:
                if t in batch.failed:
                    w.fail("pubmed", batch.failed[t])
                else:
                    w.pmids.update(batch.found.get(t, []))
        self._fetch(works)

    def _crossref_search(self, works: list[_Work]) -> None:
        texts = {}
        for w in works:
            texts.setdefault(bibliographic_text(w.ref), []).append(w)
        if not texts:
            return
        batch = self.crossref.query_many(list(texts), rows=5)
        for t, ws in texts.items():
            for w in ws:
                if t in batch.failed:
                    w.fail("crossref", batch.failed[t])
                for rec, _score in batch.found.get(t, []):
                    if rec not in w.candidates:
                        w.candidates.append(rec)

    def _status(self, works: list[_Work]) -> None:
        """Crossref's view of every identified DOI: its record (updated-by) and notices about it."""
        targets: dict[str, list[_Work]] = {}
        for w in works:
            if not w.candidates:
                continue
            best = choose(w.ref, w.candidates).best
            if best and best.record.doi:
                targets.setdefault(best.record.doi, []).append(w)
        if not targets:
            return
        dois = sorted(targets)
        # Crossref records already in hand (perhaps among another entry's candidates) need no
        # request; every entry gets the Crossref record of its own DOI either way.
        have = {r.doi: r for w in works for r in w.candidates if r.source == "crossref" and r.doi}
        missing = [d for d in dois if d not in have]
        records = self.crossref.works(missing) if missing else None
        notices = self.crossref.updates(dois)
        for doi, ws in targets.items():
            extra: list[Update] = list(notices.found.get(doi, []))
            for w in ws:
                if records is not None and doi in records.failed:
                    w.fail("crossref", records.failed[doi])
                if doi in notices.failed:
                    w.fail("crossref", notices.failed[doi])
                rec = records.found.get(doi) if records is not None else None
                rec = rec or have.get(doi)
                if rec is not None and rec not in w.candidates:
                    w.candidates.append(rec)
                if extra:
                    w.candidates.append(_notices_record(doi, extra, w.candidates))


def _take_identified(w: _Work, kind: str, ident: str, batch, service: str) -> None:
    """What a source said of the entry's cited DOI or PMID: its record, a failure, or no such id."""
    if ident in batch.found:
        setattr(w, f"by_{kind}", batch.found[ident])
        setattr(w, f"{kind}_exists", True)
        w.candidates.append(batch.found[ident])
    elif ident in batch.failed:
        w.fail(service, batch.failed[ident])
    else:
        setattr(w, f"{kind}_exists", False)


def _notices_record(doi: str, notices: list[Update], candidates: list[Record]) -> Record:
    """Crossref's record of `doi` carrying the notices found through `filter=updates:`.

    If a Crossref record of the DOI is among the candidates, the notices are added to a copy of it;
    otherwise a bare record with only the DOI and the notices is made (merge() unites it with the
    PubMed record of the same DOI).
    """
    for i, r in enumerate(candidates):
        if r.source == "crossref" and r.doi == doi:
            known = {(u.kind, u.doi) for u in r.updates}
            new = tuple(u for u in notices if (u.kind, u.doi) not in known)
            candidates.pop(i)
            return replace(r, updates=r.updates + new)
    return Record(source="crossref", doi=doi, updates=tuple(notices))
