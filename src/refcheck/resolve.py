"""Gather candidate records for a whole reference list in as few requests as the services allow.

The resolver knows no service by name: it asks every source of the registry
(`refcheck.sources.registry`) in the same order of stages, cheapest-and-surest first, and each
stage only asks about the entries the earlier ones left unidentified:

1. identifiers: every cited PMID and DOI, from each source that looks that kind up (the
   registrar of the kind first: PubMed for PMIDs, Crossref for DOIs; then PubMed's record of
   each cited DOI, which holds the abbreviations and notices we compare with); then a cited DOI
   no registrar holds goes to the sources that answer `registration` (the DOI system: which
   agency registered it, if any, and DataCite's record of a DataCite DOI);
2. the sources' searches, cheapest first (`Stage.cost`), each on the entries still unsettled:
   today PubMed's `ecitmatch` (10), a PubMed title search (20), a Crossref
   `query.bibliographic` (30, the scarcest requests: only for what PubMed could not identify);
   then the broad indexes (`Stage.broad`: OpenAlex's title search, 40; DBLP's, 45, for
   computer-science entries) — asked only about entries PubMed, Crossref and the other
   non-broad sources did not fail for (one broad index failing does not stop the next), and
   noted in `Lookup.consulted` when they answered;
3. status: each source's notices about every identified DOI (Crossref: `filter=doi:` for
   `updated-by`, `filter=updates:` for notices), so a retraction known only to
   Crossref/Retraction Watch counts.

A service failure is recorded per entry in `Lookup.failed`; it never turns into "no record".
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from .errors import OfflineMiss, SourceError
from .match import choose
from .model import Lookup, Record, Reference, Update
from .normalize import normalize_doi
from .settings import Settings
from .sources import Cache, Stats, registry
from .sources.base import ID_KINDS, IdKind, Source, Stage
from .sources.cache import NullCache, open_cache

log = logging.getLogger("refcheck.resolve")

# A best candidate at or above this confidence needs no further searching: asking again would
# spend scarce requests (NCBI 3/s, Crossref queries 1-3/s) for no better answer.
SETTLED = 0.85


@dataclass
class _Work:
    """Mutable scratch state for one entry while the stages run."""

    ref: Reference
    candidates: list[Record] = field(default_factory=list)
    by_doi: Record | None = None
    doi_exists: bool | None = None
    by_pmid: Record | None = None
    pmid_exists: bool | None = None
    failed: set[str] = field(default_factory=set)
    offline_miss: bool = False
    related: list[Record] = field(default_factory=list)  # published versions of a preprint
    doi_registered: bool | None = None
    doi_agency: str | None = None
    consulted: set[str] = field(default_factory=set)

    def fail(self, service: str, err: SourceError) -> None:
        self.failed.add(service)
        if isinstance(err, OfflineMiss):
            self.offline_miss = True

    def add(self, rec: Record) -> None:
        if rec not in self.candidates:
            self.candidates.append(rec)

    def lookup(self) -> Lookup:
        return Lookup(
            by_doi=self.by_doi,
            doi_exists=self.doi_exists,
            by_pmid=self.by_pmid,
            pmid_exists=self.pmid_exists,
            candidates=tuple(self.candidates),
            failed=tuple(sorted(self.failed)),
            offline_miss=self.offline_miss,
            related=tuple(self.related),
            doi_registered=self.doi_registered,
            doi_agency=self.doi_agency,
            consulted=tuple(sorted(self.consulted)),
        )


def searchable(ref: Reference) -> bool:
    """Whether an entry names anything a service could find (entry 7 of the sample does not)."""
    return bool(ref.doi or ref.pmid or ref.title or (ref.journal and ref.volume and ref.pages))


def _cited(ref: Reference, kind: IdKind) -> str | None:
    """The entry's identifier of `kind`, as the sources are asked for it."""
    if kind == "doi":
        return normalize_doi(ref.doi) if ref.doi else None
    return ref.pmid or None


class Resolver:
    """One open client per registered source (hence one session, limiter and cache each) for
    many lists; `sources` overrides the registry (a test's toy source, a local mirror)."""

    def __init__(self, settings: Settings, cache: Cache | NullCache | None = None, stats: Stats | None = None,
                 sources: Sequence[type[Source]] | None = None):
        self.settings = settings
        self.stats = stats or Stats()
        self._own_cache = cache is None
        self.cache = cache or open_cache(settings)
        kinds = registry.sources() if sources is None else sources
        self.sources: list[Source] = [c(settings, self.cache, self.stats) for c in kinds]
        self.stages: list[tuple[Source, Stage]] = sorted(
            ((s, st) for s in self.sources for st in s.stages()), key=lambda p: p[1].cost)
        self._broad = {s.name for s, st in self.stages if st.broad}

    def close(self) -> None:
        for s in self.sources:
            s.close()
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
        self._registration([w for w in todo if w.ref.doi and w.doi_exists is False])
        for source, stage in self.stages:
            say(stage.name)
            self._search(source, stage, [w for w in todo if not self._settled(w)])
        say("status")
        self._status(todo)
        self._versions(todo)
        return [w.lookup() for w in works]

    def _settled(self, w: _Work) -> bool:
        if not w.candidates:
            return False
        best = choose(w.ref, w.candidates).best
        return best is not None and best.confidence >= SETTLED

    def _identifiers(self, works: list[_Work]) -> None:
        """Each cited identifier from every source that looks its kind up, registrar first."""
        for kind in ID_KINDS:
            cited = [(w, i) for w in works if (i := _cited(w.ref, kind))]
            if not cited:
                continue
            ids = sorted({i for _, i in cited}) if kind == "doi" else list(dict.fromkeys(i for _, i in cited))
            asked = [s for s in self.sources if kind in s.kinds]
            for source in sorted(asked, key=lambda s: kind not in s.registrar_of):
                batch = source.lookup(kind, ids)
                registrar = kind in source.registrar_of
                for w, i in cited:
                    if i in batch.found:
                        rec = batch.found[i]
                        setattr(w, f"by_{kind}", getattr(w, f"by_{kind}") or rec)
                        setattr(w, f"{kind}_exists", True)
                        w.add(rec)
                    elif i in batch.failed:
                        w.fail(source.name, batch.failed[i])
                    elif registrar and i in batch.missing and getattr(w, f"{kind}_exists") is None:
                        setattr(w, f"{kind}_exists", False)

    def _registration(self, works: list[_Work]) -> None:
        """Cited DOIs no registrar holds: who registered them, if anyone (sources that answer
        `registration`, e.g. the DOI system). A failure leaves existence unknown, never "no"."""
        if not works:
            return
        dois = sorted({d for w in works if (d := _cited(w.ref, "doi"))})
        for source in self.sources:
            ask = getattr(source, "registration", None)
            if ask is None:
                continue
            batch = ask(dois)
            for w in works:
                d = _cited(w.ref, "doi")
                if d in batch.failed:
                    w.fail(source.name, batch.failed[d])
                    if w.doi_registered is None:
                        w.doi_exists = None  # the registrar's "no" alone proves nothing
                elif d in batch.found:
                    reg = batch.found[d]
                    w.doi_registered, w.doi_agency, w.doi_exists = True, reg.agency, True
                    if reg.record is not None:
                        w.by_doi = w.by_doi or reg.record
                        w.add(reg.record)
                elif d in batch.missing and w.doi_registered is None:
                    w.doi_registered = False  # doi_exists stays False: now it is proven

    def _search(self, source: Source, stage: Stage, works: list[_Work]) -> None:
        """One of a source's searches over the unsettled entries it can do anything for."""
        works = [w for w in works if stage.wants(w.ref)]
        if stage.broad:  # a third opinion, not a stand-in for PubMed or Crossref when they failed
            works = [w for w in works if not (w.failed - self._broad)]  # another broad one failing is no reason
        if not works:
            return
        batch = stage.run([w.ref for w in works])
        for i, w in enumerate(works):
            k = str(i)
            if k in batch.failed:
                w.fail(source.name, batch.failed[k])
            elif stage.broad:
                w.consulted.add(source.name)
            for rec in batch.found.get(k, ()):
                w.add(rec)

    def _versions(self, works: list[_Work]) -> None:
        """The published version of every identified preprint (one DOI lookup for them all, from
        the DOI registrar first): the verifier names it and cites it in the suggestion."""
        wanted = [(w, ds) for w in works if (ds := _published_dois(w))]
        ids = sorted({d for _, ds in wanted for d in ds})
        if not ids:
            return
        for source in sorted((s for s in self.sources if "doi" in s.kinds), key=lambda s: "doi" not in s.registrar_of):
            batch = source.lookup("doi", ids)
            for w, ds in wanted:
                for d in ds:
                    if d in batch.found and batch.found[d] not in w.related:
                        w.related.append(batch.found[d])
            if all(any(r.doi == d for r in w.related) for w, ds in wanted for d in ds):
                break

    def _status(self, works: list[_Work]) -> None:
        """Every source's view of every identified DOI: its record and notices about it."""
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
        for source in self.sources:
            # records already in hand (perhaps among another entry's candidates) need no
            # request; every entry gets the source's record of its own DOI either way.
            have = {r.doi: r for w in works for r in w.candidates if r.source == source.name and r.doi}
            answers = source.status(dois, have)
            for doi, ws in targets.items():
                got = answers.found.get(doi)
                for w in ws:
                    if doi in answers.failed:
                        w.fail(source.name, answers.failed[doi])
                    if got is None:
                        continue
                    if got.record is not None:
                        w.add(got.record)
                    if got.notices:
                        w.candidates.append(_notices_record(source.name, doi, list(got.notices), w.candidates))


def _published_dois(w: _Work) -> list[str]:
    """DOIs of the published versions of the preprint an entry was identified as."""
    if not w.candidates:
        return []
    best = choose(w.ref, w.candidates).best
    if best is None or not best.record.is_preprint:
        return []
    wanted = dict.fromkeys((*best.record.preprint_of, *best.record.version_of))
    return [d for d in wanted if not any(r.doi == d for r in w.candidates)]


def _notices_record(source: str, doi: str, notices: list[Update], candidates: list[Record]) -> Record:
    """A source's record of `doi` carrying the notices it found apart from its records.

    If that source's record of the DOI is among the candidates, the notices are added to a copy of
    it (taken out of the candidates); otherwise a bare record with only the DOI and the notices is
    made (merge() unites it with the other sources' records of the same DOI).
    """
    for i, r in enumerate(candidates):
        if r.source == source and r.doi == doi:
            known = {(u.kind, u.doi) for u in r.updates}
            new = tuple(u for u in notices if (u.kind, u.doi) not in known)
            candidates.pop(i)
            return replace(r, updates=r.updates + new)
    return Record(source=source, doi=doi, updates=tuple(notices))
