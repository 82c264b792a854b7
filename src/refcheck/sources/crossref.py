"""Crossref REST API client: /works/{doi}, /works?filter=doi:…, query.bibliographic, filter=updates:…"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict
from urllib.parse import quote

import requests

from ..errors import OfflineMiss, SourceError
from ..model import Record, Reference, Update
from ..normalize import normalize_doi
from ..settings import Settings
from .base import DoiStatus, IdKind, Stage
from .batch import Answer, Batch, _rekey, chunk_by, run_batch
from .cache import Cache
from .crossref_json import UPDATE_TYPES, items_from_body, record_from_work, update_from, work_from_body
from .http import Client, Lane, ParseError, Stats
from .ratelimit import gate_for, limiter_for

MAX_DOIS = 50  # per filter=doi / filter=updates request
MAX_FILTER_CHARS = 3000  # the filter value, before URL encoding
_WS = re.compile(r"\s+")


def _json(fn):
    def parse(resp: requests.Response):
        try:
            body = json.loads(resp.content)
        except ValueError as e:
            raise ParseError(f"invalid JSON: {e}") from None
        try:
            return fn(body)
        except Exception as e:
            raise ParseError(f"{type(e).__name__}: {e}") from None

    return parse


def bibliographic_text(ref: Reference) -> str:
    """The entry as a Crossref query: its fields, without identifiers and URL clutter."""
    parts = [*ref.authors[:3], ref.title or "", ref.journal or "", str(ref.year or "")]
    text = " ".join(p for p in parts if p).strip()
    return text or ref.raw


def _rates(settings) -> tuple[tuple[float, int], tuple[float, int]]:
    """((single rate, concurrency), (query rate, concurrency)) by Crossref's etiquette (Dec 2025)."""
    if settings.email:
        single, query = (10.0, 3), (3.0, 3)
    else:
        single, query = (5.0, 1), (1.0, 1)
    if settings.crossref_rate is not None:
        r = float(settings.crossref_rate)
        single, query = (r, single[1]), (r, query[1])
    return single, query


class Crossref(Client):
    """Crossref client and the Crossref source. Thread-safe; one requests.Session inside."""

    name = "crossref"
    label = "Crossref"
    order = 20
    kinds: tuple[IdKind, ...] = ("doi",)
    registrar_of: tuple[IdKind, ...] = ("doi",)
    # Update.source values of the notices Crossref's records carry
    notice_labels: Mapping[str, str] = {
        "retraction-watch": "Retraction Watch",
        "retraction watch": "Retraction Watch",
        "publisher": "Crossref (publisher)",
    }

    @classmethod
    def identity(cls, settings: Settings) -> dict[str, str]:
        return {"crossref_url": settings.crossref_url}

    def __init__(self, settings, cache: Cache, stats: Stats | None = None, **kw):
        super().__init__(settings, cache, stats, base_url=settings.crossref_url,
                         identity={"mailto": settings.email}, headers={"Accept": "application/json"}, **kw)
        (sr, sc), (qr, qc) = _rates(settings)
        pool = "polite" if settings.email else "public"
        self.single = Lane(limiter_for(f"crossref:{pool}:single", sr, self.shared_dir), gate_for(f"crossref:{pool}:single", sc))
        self.lists = Lane(limiter_for(f"crossref:{pool}:query", qr, self.shared_dir), gate_for(f"crossref:{pool}:query", qc))

    # ------------------------------------------------------------------ /works/{doi}
    def _work_fetch(self, doi: str) -> Record | None:
        r = self.http.call("work", "/works/" + quote(doi, safe="/:;()<>[]@!$&'*+,="), self.single,
                           parse=_json(work_from_body), accept=(404,))
        return None if r.status == 404 else r.value

    def work(self, doi: str) -> Record | None:
        """The record of a DOI; None when Crossref has no such DOI (404). Raises SourceError."""
        d = normalize_doi(doi)
        if not d:
            return None
        b = run_batch(
            service=self.name, items=[d], key_of=lambda x: f"{self.name}:work:{x}", cache=self.cache,
            stats=self.stats, settings=self.settings,
            fetch=lambda chunk: {d: ("found", rec, "record")} if (rec := self._work_fetch(chunk[0])) else {},
            chunks=lambda todo: [todo], encode=Record.to_dict, decode=Record.from_dict,
        )
        if d in b.failed:
            raise b.failed[d]
        return b.found.get(d)

    # ------------------------------------------------------------------ /works?filter=doi:…
    def works(self, dois: Iterable[str]) -> Batch[Record]:
        """Records for many DOIs, asked in filter=doi batches (keys: normalised DOIs)."""
        return self._works(dois)

    def _works(self, dois: Iterable[str], max_age: float | None = None) -> Batch[Record]:
        ds = [d for d in (normalize_doi(x) for x in dois if x) if d]

        def fetch(chunk: list[str]):
            if len(chunk) == 1 or any("," in d for d in chunk):
                return self._singly(chunk)
            flt = ",".join(f"doi:{d}" for d in chunk)
            try:
                r = self.http.call("works", "/works", self.lists,
                                   params={"filter": flt, "rows": str(len(chunk))},
                                   parse=_json(_records))
            except SourceError as e:
                if "HTTP 400" in str(e):  # one odd DOI spoils the filter: ask each alone
                    return self._singly(chunk)
                raise
            want = set(chunk)
            got = {}
            for rec in r.value:
                if rec.doi in want:
                    got[rec.doi] = ("found", rec, "record")
            return got

        return run_batch(
            service=self.name, items=ds, key_of=lambda x: f"{self.name}:work:{x}", cache=self.cache,
            stats=self.stats, settings=self.settings, fetch=fetch,
            chunks=lambda todo: chunk_by(todo, MAX_DOIS, MAX_FILTER_CHARS, cost=lambda d: len(d) + 4),
            encode=Record.to_dict, decode=Record.from_dict, workers=self.workers, max_age=max_age,
        )

    def _singly(self, chunk: list[str]) -> dict:
        got: dict[str, Answer] = {}
        for d in chunk:
            try:
                rec = self._work_fetch(d)
            except SourceError as e:
                got[d] = ("failed", e, "")
                continue
            if rec is not None:
                got[d] = ("found", rec, "record")
        return got

    # ------------------------------------------------------------------ query.bibliographic
    @staticmethod
    def _norm_text(text: str) -> str:
        return _WS.sub(" ", text).strip()

    def query(self, bibliographic: str, rows: int = 5) -> list[tuple[Record, float]]:
        b = self.query_many([bibliographic], rows=rows)
        t = self._norm_text(bibliographic)
        if t in b.failed:
            raise b.failed[t]
        return b.found.get(t, [])

    def query_many(self, texts: list[str], rows: int = 5) -> Batch[list[tuple[Record, float]]]:
        """One query.bibliographic request per uncached text (keyed by the whitespace-normalised text)."""

        def fetch(chunk: list[str]):
            (t,) = chunk
            r = self.http.call("query", "/works", self.lists,
                               params={"query.bibliographic": t, "rows": str(rows)},
                               parse=_json(_scored_records))
            hits = r.value
            return {t: ("found", hits, "record")} if hits else {}

        def enc(hits):
            return [[rec.to_dict(), score] for rec, score in hits]

        def dec(v):
            return [(Record.from_dict(d), float(s)) for d, s in v]

        b = run_batch(
            service=self.name, items=[self._norm_text(t) for t in texts if t and t.strip()],
            key_of=lambda t: f"{self.name}:query:{rows}:{t.lower()}", cache=self.cache, stats=self.stats,
            settings=self.settings, fetch=fetch, chunks=lambda todo: [[t] for t in todo],
            encode=enc, decode=dec, workers=self.workers,
        )
        for t in b.missing:
            b.found[t] = []
        b.missing = set()
        return _rekey(b, [t for t in texts if t and t.strip()], self._norm_text)

    # ------------------------------------------------------------------ filter=updates
    def updates(self, dois: Iterable[str]) -> Batch[list[Update]]:
        """Notices (retraction, expression of concern, correction) about each DOI; [] if none.

        Asks filter=updates:{doi},updates:{doi},… and turns each notice's `update-to` entry
        naming one of the DOIs into an Update (doi = the notice's DOI). Cached as `status`.
        """
        ds = [d for d in (normalize_doi(x) for x in dois if x) if d]

        def fetch(chunk: list[str]):
            want = set(chunk)
            flt = ",".join(f"updates:{d}" for d in chunk)
            found: dict[str, list[Update]] = {d: [] for d in chunk}
            cursor, seen = "*", 0
            for _page in range(20):
                r = self.http.call("updates", "/works", self.lists,
                                   params={"filter": flt, "rows": "1000", "cursor": cursor},
                                   parse=_json(lambda b: b))
                body = r.value
                try:
                    items = items_from_body(body) if isinstance(body, dict) and body.get("message-type") == "work-list" else None
                    if items is None or not all(isinstance(it, dict) for it in items):
                        raise SourceError(self.name, "updates: not a work-list answer")
                    _collect_notices(items, want, found)
                    seen += len(items)
                    total = int(body["message"].get("total-results") or 0)
                    nxt = body["message"].get("next-cursor")
                except (AttributeError, TypeError, ValueError, KeyError) as e:
                    raise SourceError(self.name, f"updates: unreadable answer ({type(e).__name__})") from None
                if not items or seen >= total or not nxt:
                    break
                cursor = nxt
            # Notices known only from the work's own `updated-by` (e.g. Retraction Watch entries,
            # whose notice is not itself a Crossref work) are merged in; the work record is read
            # with the status TTL, as it carries status.
            wb = self._works(chunk, max_age=self.settings.ttl_status)
            answers: dict = {}
            for d, ups in found.items():
                if d in wb.failed:
                    answers[d] = ("failed", wb.failed[d], "")
                    continue
                rec = wb.found.get(d)
                have = {(u.kind, u.subtype, u.doi) for u in ups}
                for u in rec.updates if rec else ():
                    if (u.kind, u.subtype, u.doi) not in have and not any(
                            x.doi and x.doi == u.doi and x.kind == u.kind for x in ups):
                        ups.append(u)
                answers[d] = ("found", ups, "status")
            return answers

        def enc(ups: list[Update]):
            return [asdict(u) for u in ups]

        def dec(v):
            return [Update(**u) for u in v]

        return run_batch(
            service=self.name, items=ds, key_of=lambda x: f"{self.name}:updates:{x}", cache=self.cache,
            stats=self.stats, settings=self.settings, fetch=fetch,
            chunks=lambda todo: chunk_by(todo, MAX_DOIS, MAX_FILTER_CHARS, cost=lambda d: len(d) + 8),
            encode=enc, decode=dec, workers=self.workers,
        )

    # ------------------------------------------------------------------ the Source protocol
    def lookup(self, kind: IdKind, ids: Sequence[str]) -> Batch[Record]:
        """DOIs in filter=doi batches; Crossref registers most DOIs, so its "no" counts."""
        return self.works(ids) if kind == "doi" else Batch()

    def stages(self) -> Sequence[Stage]:
        # the scarcest requests (1-3/s): only for what PubMed could not identify
        return (Stage("crossref search", 30, self._query_stage),)

    def _query_stage(self, refs: Sequence[Reference]) -> Batch[list[Record]]:
        """A `query.bibliographic` per entry (entries with the same text share it)."""
        texts: dict[str, list[str]] = {}
        for i, r in enumerate(refs):
            texts.setdefault(bibliographic_text(r), []).append(str(i))
        out: Batch[list[Record]] = Batch()
        if not texts:
            return out
        batch = self.query_many(list(texts), rows=5)
        for t, keys in texts.items():
            for k in keys:
                if t in batch.failed:
                    out.failed[k] = batch.failed[t]
                if batch.found.get(t):
                    out.found[k] = [rec for rec, _score in batch.found[t]]
        return out

    def status(self, dois: Sequence[str], have: Mapping[str, Record]) -> Batch[DoiStatus]:
        """Each DOI's Crossref record (`updated-by`; asked only where none is in hand) and the
        notices `filter=updates:` finds about it, so that a retraction known only to Crossref
        or Retraction Watch still counts."""
        missing = [d for d in dois if d not in have]
        records = self.works(missing) if missing else None
        notices = self.updates(dois)
        out: Batch[DoiStatus] = Batch()
        for d in dois:
            errs = [b.failed[d] for b in (records, notices) if b is not None and d in b.failed]
            if errs:  # an offline miss among them is what --offline must hear about
                out.failed[d] = next((e for e in errs if isinstance(e, OfflineMiss)), errs[0])
            rec = records.found.get(d) if records is not None else None
            out.found[d] = DoiStatus(rec or have.get(d), tuple(notices.found.get(d, [])))
        return out


SOURCE = Crossref


def _records(body) -> list[Record]:
    """A work-list body → records; a damaged item makes the whole answer unreadable (retried)."""
    return [record_from_work(it) for it in items_from_body(body)]


def _scored_records(body) -> list[tuple[Record, float]]:
    return [(record_from_work(it), float(it.get("score") or 0.0)) for it in items_from_body(body)]


def _collect_notices(items: list[dict], want: set[str], found: dict[str, list[Update]]) -> None:
    """Each notice's `update-to` entry naming one of `want` becomes an Update (doi = the notice's)."""
    for it in items:
        notice_doi = normalize_doi(it.get("DOI"))
        for u in it.get("update-to") or []:
            target = normalize_doi(u.get("DOI"))
            if target not in want or UPDATE_TYPES.get(str(u.get("type") or "").lower(), ()) is None:
                continue
            up = update_from(u)
            if up is None:
                continue
            up = Update(kind=up.kind, subtype=up.subtype, source=up.source, doi=notice_doi,
                        date=up.date, label=up.label)
            if up not in found[target]:
                found[target].append(up)
