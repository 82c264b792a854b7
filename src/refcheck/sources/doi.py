"""The DOI system itself (doi.org): which registration agency, if any, registered a DOI.

Crossref and PubMed know only part of the DOI world (DataCite registers datasets, software,
arXiv and Zenodo; mEDRA, JaLC, KISTI, CNKI… register others). So a DOI they do not hold is
asked here before anyone calls it nonexistent:

- ``GET /ra/{doi},{doi},…`` (the Registration Agency look-up) answers a JSON array with one
  object per DOI: ``{"DOI": …, "RA": "DataCite"}`` when registered, ``{"DOI": …, "status":
  "DOI does not exist"}`` (or ``"Invalid DOI"``) when not. Many DOIs go in one request.
- ``GET /api/handles/{doi}`` (the proxy's handle REST API) is asked only for a DOI the RA
  look-up called nonexistent: ``responseCode`` 1 (or 200, "values not found") means the handle
  exists after all, 100 with HTTP 404 means it does not. Two independent "no"s are needed
  before a DOI is reported as not existing: a false "does not exist" is an error finding.

Neither endpoint publishes a rate limit; DataCite counts requests that come through doi.org at
1000 per 5 minutes per address, so this client keeps to 3 requests/s with 2 in flight.
"""

from __future__ import annotations

import json
from typing import Any, Iterable
from urllib.parse import quote

import requests

from ..errors import SourceError
from ..normalize import normalize_doi
from .batch import Batch, chunk_by, run_batch
from .cache import Cache
from .http import Client, Lane, ParseError, Stats
from .ratelimit import gate_for, limiter_for

MAX_DOIS = 20  # per /ra/ request
MAX_PATH_CHARS = 1500  # the comma-joined DOIs, before URL encoding
RATE = 3.0
CONCURRENCY = 2
# The RA look-up's two "no" answers (doi.org, 2024–2026); any other status is not understood.
NOT_REGISTERED = ("doi does not exist", "invalid doi")
# The path keeps '/' (the prefix/suffix separator doi.org expects unencoded) and the characters
# DOIs commonly carry; ',' separates DOIs in /ra/, so a DOI holding one is asked alone.
_SAFE = "/:;()<>[]@!$&'*+="


def _json(resp: requests.Response):
    try:
        return json.loads(resp.content)
    except ValueError as e:
        raise ParseError(f"invalid JSON: {e}") from None


def agencies_from_body(body: Any, asked: list[str]) -> dict[str, str | None]:
    """/ra/ answer → DOI → agency name, or None for "not registered". Unknown shapes raise."""
    if not isinstance(body, list):
        raise ParseError("not a JSON array")
    out: dict[str, str | None] = {}
    for i, item in enumerate(body):
        if not isinstance(item, dict):
            raise ParseError("array item is not an object")
        doi = normalize_doi(item.get("DOI")) or (asked[i] if i < len(asked) else None)
        if not doi:
            continue
        ra = item.get("RA")
        if isinstance(ra, str) and ra.strip():
            out[doi] = ra.strip()
            continue
        status = str(item.get("status") or "").strip().lower()
        if status in NOT_REGISTERED:
            out[doi] = None
        # any other status ("Unknown", a new wording) is no answer: the DOI stays unanswered
    return out


def handle_exists(body: Any, status: int) -> bool:
    """/api/handles/ answer → whether the handle exists. Unknown shapes raise."""
    if not isinstance(body, dict) or "responseCode" not in body:
        raise ParseError("not a handle answer")
    code = body.get("responseCode")
    if code in (1, 200):  # success; values not found (the handle exists without such values)
        return True
    if code == 100 or status == 404:  # handle not found
        return False
    raise ParseError(f"handle responseCode {code!r}")


class DoiSystem(Client):
    """doi.org client. Thread-safe; one requests.Session inside."""

    name = "doi"

    def __init__(self, settings, cache: Cache, stats: Stats | None = None, **kw):
        super().__init__(settings, cache, stats, base_url=settings.doi_url, identity={},
                         headers={"Accept": "application/json"}, **kw)
        self.lane = Lane(limiter_for("doi", RATE, self.shared_dir), gate_for("doi", CONCURRENCY))

    # ------------------------------------------------------------------ /ra/
    def _ra(self, chunk: list[str]) -> dict[str, str | None]:
        path = "/ra/" + ",".join(quote(d, safe=_SAFE) for d in chunk)
        r = self.http.call("ra", path, self.lane, parse=lambda resp: agencies_from_body(_json(resp), chunk))
        return r.value

    def _handle_or_404(self, doi: str) -> bool:
        """The handle API answers 404 with a JSON body for a handle that does not exist."""
        r = self.http.call("handle", "/api/handles/" + quote(doi, safe=_SAFE), self.lane,
                           params={"type": "URL"}, accept=(404,),
                           parse=lambda resp: handle_exists(_json(resp), resp.status_code))
        return False if r.status == 404 else bool(r.value)

    def agencies(self, dois: Iterable[str]) -> Batch[str]:
        """Each DOI's registration agency ("Crossref", "DataCite", "mEDRA", …).

        `found`: registered (the value names the agency; "" when the handle exists but the RA
        look-up could not name one); `missing`: no agency registered it (the RA look-up and the
        handle record agree); `failed`: the DOI system could not say. Cached per DOI.
        """
        ds = [d for d in dict.fromkeys(normalize_doi(x) for x in dois if x) if d]

        def fetch(chunk: list[str]):
            if len(chunk) > 1 and any("," in d for d in chunk):
                got = {}
                for d in chunk:  # a DOI with a comma cannot share a request
                    got.update(fetch([d]))
                return got
            try:
                answers = self._ra(chunk)
            except SourceError as e:
                if len(chunk) > 1 and "HTTP 400" in str(e):  # one odd DOI spoils the list
                    got = {}
                    for d in chunk:
                        try:
                            got.update(fetch([d]))
                        except SourceError as e1:
                            got[d] = ("failed", e1, "")
                    return got
                raise
            got = {}
            for d in chunk:
                if d not in answers:
                    got[d] = ("failed", SourceError(self.name, f"ra: no answer for {d}"), "")
                elif answers[d] is not None:
                    got[d] = ("found", answers[d], "record")
                else:
                    try:
                        exists = self._handle_or_404(d)
                    except SourceError as e:
                        got[d] = ("failed", e, "")
                        continue
                    if exists:  # the handle resolves although no agency was named
                        got[d] = ("found", "", "record")
                    # else: left out = missing (two independent "no"s)
            return got

        return run_batch(
            service=self.name, items=ds, key_of=lambda d: f"doi:ra:{d}", cache=self.cache,
            stats=self.stats, settings=self.settings, fetch=fetch,
            chunks=lambda todo: chunk_by(todo, MAX_DOIS, MAX_PATH_CHARS, cost=len),
            workers=self.workers,
        )


# --------------------------------------------------------------------------- the Source


class DoiRegistry:
    """The DOI system as a record source: the `registration` of cited DOIs no registrar holds.

    It looks nothing up and searches nothing (no records of its own): it answers who registered a
    DOI, and, for a DataCite DOI, DataCite's record of it (DataCite is asked for nothing else).
    """

    name = "doi"
    label = "doi.org"
    order = 30
    kinds: tuple = ()
    registrar_of: tuple = ()
    # the records it hands over are DataCite's: this is how reports name that source
    notice_labels: dict = {"datacite": "DataCite"}

    @classmethod
    def identity(cls, settings: Any) -> dict[str, str]:
        return {"doi_url": settings.doi_url, "datacite_url": settings.datacite_url}

    def __init__(self, settings, cache: Cache, stats: Stats | None = None, **kw):
        from .datacite import DataCite

        self.doi = DoiSystem(settings, cache, stats, **kw)
        self.datacite = DataCite(settings, cache, self.doi.stats, **kw)

    def close(self) -> None:
        self.doi.close()
        self.datacite.close()

    def lookup(self, kind: str, ids: Any) -> Batch:
        return Batch()

    def stages(self) -> tuple:
        return ()

    def status(self, dois: Any, have: Any) -> Batch:
        return Batch()

    def registration(self, dois: Iterable[str]) -> Any:
        """Batch[Registered] per normalised DOI (see base.Registered)."""
        from .base import Registered

        agencies = self.doi.agencies(dois)
        out: Batch[Registered] = Batch(missing=set(agencies.missing), failed=dict(agencies.failed))
        dc = [d for d, a in agencies.found.items() if a.lower() == "datacite"]
        records = self.datacite.works(dc) if dc else Batch()
        for d, agency in agencies.found.items():
            if d in records.failed:  # registered for certain; the record could not be read
                out.failed[d] = records.failed[d]
            out.found[d] = Registered(agency, records.found.get(d))
        return out


SOURCE = DoiRegistry
