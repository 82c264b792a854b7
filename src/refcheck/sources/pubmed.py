"""PubMed through NCBI E-utilities: efetch, esearch, esummary, ecitmatch."""

from __future__ import annotations

import re
from typing import Iterable

import requests

from ..errors import SourceError
from ..model import Record
from .batch import Batch, CitMatch, CitQuery, _rekey, chunk_by, run_batch
from .cache import Cache
from .http import Client, Lane, ParseError, Stats
from .pubmed_xml import citmatch_lines, esearch_ids, esummary_docs, records_from_efetch
from .ratelimit import gate_for, limiter_for

POST_ABOVE = 200  # NCBI: use POST beyond about 200 UIDs
EFETCH_CHUNK = 400
_PMID = re.compile(r"^\d{1,9}$")
_WS = re.compile(r"\s+")


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


def citmatch_line(q: CitQuery) -> str:
    """The normalised 'journal|year|volume|first_page|author' of a query (its cache key)."""
    return "|".join(_cit_field(v) for v in (q.journal, q.year, q.volume, q.first_page, q.author))


class PubMed(Client):
    """E-utilities client. Thread-safe; one requests.Session inside."""

    name = "pubmed"

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
            service=self.name, items=good, key_of=lambda p: f"pubmed:efetch:{p}", cache=self.cache,
            stats=self.stats, settings=self.settings, fetch=fetch,
            chunks=lambda todo: chunk_by(todo, EFETCH_CHUNK),
            encode=Record.to_dict, decode=Record.from_dict,
            max_age=min(self.settings.ttl_record, self.settings.ttl_status), workers=self.workers,
        )
        out.missing |= bad  # not a PMID at all: PubMed cannot hold it
        return out

    # ------------------------------------------------------------------ esearch
    def _search_key(self, term: str, retmax: int) -> str:
        return f"pubmed:esearch:{retmax}:{norm_term(term)}"

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
            kw = {"data" if len(chunk) > POST_ABOVE else "params": {"db": "pubmed", "id": ids}}
            r = self.http.call("esummary", "/esummary.fcgi", self.lane, parse=_parse_with(esummary_docs), **kw)
            return {p: ("found", d, "record") for p, d in r.value.items() if p in set(chunk)}

        out = run_batch(
            service=self.name, items=[p for p in pmids if p not in bad], key_of=lambda p: f"pubmed:esummary:{p}",
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
            service=self.name, items=lines, key_of=lambda line: f"pubmed:citmatch:{line}", cache=self.cache,
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
