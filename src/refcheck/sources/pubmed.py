"""PubMed through NCBI E-utilities: efetch, esearch, esummary, ecitmatch."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import requests

from ..errors import SourceError
from ..model import Record, Reference
from ..normalize import first_page, fold
from ..settings import Settings
from .base import DoiStatus, IdKind, Stage
from .batch import Batch, CitMatch, CitQuery, _rekey, chunk_by, run_batch
from .cache import Cache
from .http import Client, Lane, ParseError, Stats
from .pubmed_xml import citmatch_lines, esearch_ids, esummary_docs, records_from_efetch
from .ratelimit import gate_for, limiter_for

POST_ABOVE = 200  # NCBI: use POST beyond about 200 UIDs
EFETCH_CHUNK = 400
_PMID = re.compile(r"^\d{1,9}$")
_WS = re.compile(r"\s+")
# Title searches use at most this many significant title words: enough to single out a paper,
# few enough to survive a mis-cited word or two (a miss falls through to the next stage).
TITLE_WORDS = 7
_STOP = frozenset(
    "a an and are as at be by for from has have in into is it its of on or that the their this to "
    "was were with without vs versus via after before between among during under over not no".split()
)
_WORD = re.compile(r"[a-z0-9]+")


def _parse_with(fn):
    def parse(resp: requests.Response):
        try:
            return fn(resp.content)
        except Exception as e:
            raise ParseError(f"{type(e).__name__}: {' '.join(str(e).split())[:200]}") from None

    return parse


def norm_term(term: str) -> str:
    return _WS.sub(" ", term).strip()


def _cit_field(x) -> str:
    s = "" if x is None else str(x)
    s = re.sub(r"[|\r\n.,;]", " ", s).lower()
    return _WS.sub(" ", s).strip()


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


def _citable(ref: Reference) -> bool:
    """Whether ecitmatch can be asked: journal, year, volume and first page."""
    return bool(ref.journal and ref.year and ref.volume and first_page(ref.pages))


def citmatch_line(q: CitQuery) -> str:
    """The normalised 'journal|year|volume|first_page|author' of a query (its cache key)."""
    return "|".join(_cit_field(v) for v in (q.journal, q.year, q.volume, q.first_page, q.author))


class PubMed(Client):
    """E-utilities client and the PubMed source. Thread-safe; one requests.Session inside."""

    name = "pubmed"
    label = "PubMed"
    order = 10
    kinds: tuple[IdKind, ...] = ("pmid", "doi")
    registrar_of: tuple[IdKind, ...] = ("pmid",)
    notice_labels: Mapping[str, str] = {}

    @classmethod
    def identity(cls, settings: Settings) -> dict[str, str]:
        return {"eutils_url": settings.eutils_url}

    def __init__(self, settings, cache: Cache, stats: Stats | None = None, **kw):
        super().__init__(settings, cache, stats, base_url=settings.eutils_url,
                         identity={"tool": "refcheck", "email": settings.email, "api_key": settings.api_key}, **kw)
        self.lane = Lane(limiter_for("pubmed", settings.ncbi_rps, self.shared_dir), gate_for("pubmed", None))

    # ------------------------------------------------------------------ efetch
    def fetch(self, pmids: Iterable[str]) -> Batch[Record]:
        """Records by PMID. PubMed records carry their retraction/correction status, so a
        cached record counts as fresh only for ttl_status (7 days), not ttl_record."""
        pmids = [str(p).strip() for p in pmids if p is not None and str(p).strip()]
        bad = {p for p in pmids if not _PMID.match(p)}
        good = [p for p in pmids if p not in bad]

        def fetch(chunk: list[str]):
            ids = ",".join(chunk)
            if len(chunk) > POST_ABOVE:
                r = self.http.call("efetch", "/efetch.fcgi", self.lane,
                                   data={"db": "pubmed", "retmode": "xml", "id": ids},
                                   parse=_parse_with(records_from_efetch))
            else:
                r = self.http.call("efetch", "/efetch.fcgi", self.lane,
                                   params={"db": "pubmed", "retmode": "xml", "id": ids},
                                   parse=_parse_with(records_from_efetch))
            want = set(chunk)
            return {rec.pmid: ("found", rec, "record") for rec in r.value if rec.pmid in want}

        out = run_batch(
            service=self.name, items=good, key_of=lambda p: f"{self.name}:efetch:{p}", cache=self.cache,
            stats=self.stats, settings=self.settings, fetch=fetch,
            chunks=lambda todo: chunk_by(todo, EFETCH_CHUNK),
            encode=Record.to_dict, decode=Record.from_dict,
            max_age=min(self.settings.ttl_record, self.settings.ttl_status), workers=self.workers,
        )
        out.missing |= bad  # not a PMID at all: PubMed cannot hold it
        return out

    # ------------------------------------------------------------------ esearch
    def _search_key(self, term: str, retmax: int) -> str:
        return f"{self.name}:esearch:{retmax}:{norm_term(term)}"

    def search(self, term: str, retmax: int = 5) -> list[str]:
        """PMIDs matching an esearch term (empty list: nothing found). Raises SourceError."""
        b = self.search_many([term], retmax=retmax)
        t = norm_term(term)
        if t in b.failed:
            raise b.failed[t]
        return b.found.get(t, [])

    def search_many(self, terms: list[str], retmax: int = 5) -> Batch[list[str]]:
        """One esearch per uncached term (keyed by the whitespace-normalised term)."""

        def fetch(chunk: list[str]):
            (t,) = chunk
            r = self.http.call("esearch", "/esearch.fcgi", self.lane,
                               params={"db": "pubmed", "term": t, "retmax": str(retmax)},
                               parse=_parse_with(esearch_ids))
            return {t: ("found", r.value, "record")} if r.value else {}

        b = run_batch(
            service=self.name, items=[norm_term(t) for t in terms if t and t.strip()],
            key_of=lambda t: self._search_key(t, retmax), cache=self.cache, stats=self.stats,
            settings=self.settings, fetch=fetch, chunks=lambda todo: [[t] for t in todo], workers=self.workers,
        )
        for t in b.missing:  # nothing found is an answer: an empty list
            b.found[t] = []
        b.missing = set()
        return _rekey(b, [t for t in terms if t and t.strip()], norm_term)

    # ------------------------------------------------------------------ esummary
    def summary(self, pmids: Iterable[str]) -> Batch[dict]:
        pmids = [str(p).strip() for p in pmids if p is not None and str(p).strip()]
        bad = {p for p in pmids if not _PMID.match(p)}

        def fetch(chunk: list[str]):
            ids = ",".join(chunk)
            kw: dict[str, Any] = {"data" if len(chunk) > POST_ABOVE else "params": {"db": "pubmed", "id": ids}}
            r = self.http.call("esummary", "/esummary.fcgi", self.lane, parse=_parse_with(esummary_docs), **kw)
            return {p: ("found", d, "record") for p, d in r.value.items() if p in set(chunk)}

        out = run_batch(
            service=self.name, items=[p for p in pmids if p not in bad], key_of=lambda p: f"{self.name}:esummary:{p}",
            cache=self.cache, stats=self.stats, settings=self.settings, fetch=fetch,
            chunks=lambda todo: chunk_by(todo, EFETCH_CHUNK), workers=self.workers,
        )
        out.missing |= bad
        return out

    # ------------------------------------------------------------------ ecitmatch
    def citmatch(self, queries: list[CitQuery]) -> Batch[CitMatch]:
        """One ecitmatch request for all uncached queries. Batch keyed by CitQuery.key."""
        by_line: dict[str, list[str]] = {}
        for q in queries:
            by_line.setdefault(citmatch_line(q), []).append(q.key)
        lines = list(by_line)

        def fetch(chunk: list[str]):
            refkey = {f"r{n}": line for n, line in enumerate(chunk)}
            bdata = "\r".join(f"{line}|{k}|" for k, line in refkey.items())
            r = self.http.call("ecitmatch", "/ecitmatch.cgi", self.lane,
                               params={"db": "pubmed", "retmode": "xml", "bdata": bdata},
                               parse=_parse_with(lambda b: citmatch_lines(b.decode("utf-8", "replace"))))
            got = {}
            for fields in r.value:
                k = fields[5].strip() if len(fields) >= 7 else None
                if k not in refkey:
                    k = next((f.strip() for f in fields if f.strip() in refkey), None)
                if k is None:
                    continue
                res = fields[-1].strip().upper()
                if re.fullmatch(r"\d+", res):
                    m = CitMatch(res, "found")
                elif "INVALID_JOURNAL" in res:
                    m = CitMatch(None, "invalid_journal")
                elif "AMBIGUOUS" in res:
                    m = CitMatch(None, "ambiguous")
                else:
                    m = CitMatch(None, "not_found")
                got[refkey[k]] = ("found", m, "record" if m.status == "found" else "negative")
            if set(got) != set(chunk):
                raise SourceError(self.name, f"ecitmatch answered {len(got)} of {len(chunk)} citations")
            return got

        def enc(m: CitMatch):
            return {"pmid": m.pmid, "status": m.status}

        def dec(v):
            return CitMatch(v["pmid"], v["status"])

        # a "not found" answer is cached as negative (1 day) but keeps its CitMatch value
        lb = run_batch(
            service=self.name, items=lines, key_of=lambda line: f"{self.name}:citmatch:{line}", cache=self.cache,
            stats=self.stats, settings=self.settings, fetch=fetch,
            chunks=lambda todo: chunk_by(todo, 500, max_chars=6000), encode=enc, decode=dec,
        )
        out: Batch[CitMatch] = Batch()
        for line, keys in by_line.items():
            for k in keys:
                if line in lb.found:
                    out.found[k] = lb.found[line]
                elif line in lb.failed:
                    out.failed[k] = lb.failed[line]
                else:
                    out.missing.add(k)
        return out

    # ------------------------------------------------------------------ the Source protocol
    def lookup(self, kind: IdKind, ids: Sequence[str]) -> Batch[Record]:
        """PMIDs by efetch; DOIs by one esearch `"doi"[aid] OR …`, then one efetch of the hits.

        PubMed's record of a cited DOI holds the abbreviations and notices we compare with, and
        it knows DOIs that Crossref does not register (mEDRA, DataCite…); a DOI it lacks is no
        proof of anything, so those are neither found nor missing.
        """
        if kind == "pmid":
            return self.fetch(ids)
        out: Batch[Record] = Batch()
        if kind != "doi" or not ids:
            return out
        term = " OR ".join(f'"{d}"[aid]' for d in ids)
        try:
            pmids = self.search(term, retmax=max(20, 2 * len(ids)))
        except SourceError as e:
            out.failed = {d: e for d in ids}
            return out
        if not pmids:
            return out
        batch = self.fetch(sorted(set(pmids)))
        by_doi = {r.doi: r for p, r in batch.found.items() if r.doi}
        failed = next((batch.failed[p] for p in pmids if p in batch.failed), None)
        for d in ids:
            if d in by_doi:
                out.found[d] = by_doi[d]
            elif failed is not None:
                out.failed[d] = failed
        return out

    def stages(self) -> Sequence[Stage]:
        return (
            Stage("citation match", 10, self._citmatch_stage, wants=_citable),
            Stage("title search", 20, self._title_stage, wants=lambda r: title_term(r) is not None),
        )

    def status(self, dois: Sequence[str], have: Mapping[str, Record]) -> Batch[DoiStatus]:
        """Nothing to ask: PubMed records carry their notices (CommentsCorrections)."""
        return Batch()

    def _records_for(self, pmids: dict[str, list[str]], out: Batch[list[Record]]) -> Batch[list[Record]]:
        """One efetch for every entry's PMIDs; each entry's records in PMID order."""
        wanted = sorted({p for ps in pmids.values() for p in ps})
        if not wanted:
            return out
        batch = self.fetch(wanted)
        for i, ps in pmids.items():
            recs = []
            for p in sorted(set(ps)):
                if p in batch.failed:
                    out.failed.setdefault(i, batch.failed[p])
                elif p in batch.found and batch.found[p] not in recs:
                    recs.append(batch.found[p])
            if recs:
                out.found[i] = recs
        return out

    def _citmatch_stage(self, refs: Sequence[Reference]) -> Batch[list[Record]]:
        """One ecitmatch for every entry (its answer is only a candidate, checked by its record:
        ecitmatch is known to return a wrong PMID when journal, volume and page fit but author
        and year do not), then one efetch."""
        queries = []
        for i, r in enumerate(refs):
            author = r.authors[0] if r.authors else ""
            queries.append(CitQuery(str(i), r.journal or "", str(r.year), r.volume or "", first_page(r.pages) or "", author))
        out: Batch[list[Record]] = Batch()
        if not queries:
            return out
        batch = self.citmatch(queries)
        pmids: dict[str, list[str]] = {}
        for q in queries:
            k = q.key
            if k in batch.failed:
                out.failed[k] = batch.failed[k]
            elif k in batch.found and (pmid := batch.found[k].pmid):
                pmids[k] = [pmid]
        return self._records_for(pmids, out)

    def _title_stage(self, refs: Sequence[Reference]) -> Batch[list[Record]]:
        """A title search per entry (entries with the same query share it), then one efetch."""
        terms: dict[str, list[str]] = {}
        for i, r in enumerate(refs):
            t = title_term(r)
            if t:
                terms.setdefault(t, []).append(str(i))
        out: Batch[list[Record]] = Batch()
        if not terms:
            return out
        batch = self.search_many(list(terms), retmax=5)
        pmids: dict[str, list[str]] = {}
        for t, keys in terms.items():
            for k in keys:
                if t in batch.failed:
                    out.failed[k] = batch.failed[t]
                else:
                    pmids[k] = list(batch.found.get(t, []))
        return self._records_for(pmids, out)


SOURCE = PubMed
