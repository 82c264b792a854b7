"""DataCite REST API: the record of a DataCite DOI (datasets, software, arXiv, Zenodo…).

Asked only for DOIs the DOI system says DataCite registered: ``GET /dois/{doi}`` answers a
JSON:API document ``{"data": {"id", "type": "dois", "attributes": {…}}}``; an unknown DOI is
HTTP 404 with ``{"errors": [{"status": "404", "title": …}]}``.

Rate rules (support.datacite.org/docs/rate-limit): 1000 requests per 5 minutes per address
for "identified" requests (an e-mail address in the User-Agent or a ``mailto`` parameter), 500
for unidentified ones; HTTP 429 beyond. This client asks 3/s identified, 1.5/s otherwise.
"""

from __future__ import annotations

import re
from typing import Any, Iterable
from urllib.parse import quote

import requests

from ..model import Person, Record
from ..normalize import normalize_doi
from .batch import Batch, run_batch
from .cache import Cache
from .http import Client, Lane, ParseError, Stats, json_body
from .ratelimit import gate_for, limiter_for

_SAFE = "/:;()<>[]@!$&'*+,="
_YEAR = re.compile(r"^\s*(\d{4})")



def _obj(d: dict, key: str) -> dict:
    """d[key] when it is a JSON object, else {}: answers are untrusted and may hold anything."""
    v = d.get(key)
    return v if isinstance(v, dict) else {}

def _rate(settings) -> float:
    return 3.0 if settings.email else 1.5


def _text(v) -> str | None:
    if isinstance(v, str):
        return v.strip() or None
    if isinstance(v, dict):  # newer answers may give {"name": …} (publisher objects)
        return _text(v.get("name") or v.get("title"))
    return None


def _initials(given: str | None) -> str | None:
    if not given:
        return None
    parts = [p for p in re.split(r"[\s\-.]+", given) if p]
    return "".join(p[0].upper() for p in parts) or None


def _person(c: dict) -> Person | str | None:
    """A creator → Person, or the name of an organisation (a group author)."""
    name = _text(c.get("name"))
    family, given = _text(c.get("familyName")), _text(c.get("givenName"))
    if c.get("nameType") == "Organizational" and not family:
        return name
    if not family and name:
        if "," in name:
            family, given = (p.strip() or None for p in name.split(",", 1))
        elif c.get("nameType") == "Personal" and " " in name:
            given, family = name.rsplit(" ", 1)
        else:
            return name
    if not family:
        return None
    return Person(family=family, given=given, initials=_initials(given))


def _related(a: dict, relation: str) -> tuple[str, ...]:
    """DOIs of `relatedIdentifiers` with this relationType ("IsPreprintOf"), in order, once each."""
    out: list[str] = []
    for r in a.get("relatedIdentifiers") or []:
        if not isinstance(r, dict) or str(r.get("relationType") or "").lower() != relation.lower():
            continue
        if str(r.get("relatedIdentifierType") or "DOI").upper() not in ("DOI", "URL"):
            continue
        d = normalize_doi(_text(r.get("relatedIdentifier")))
        if d and d.startswith("10.") and d not in out:
            out.append(d)
    return tuple(out)


def _prefix(doi: str | None) -> str:
    return (doi or "").split("/", 1)[0]


def record_from_datacite(body: Any) -> Record:
    """A /dois/{doi} body → Record. A body without data.attributes is unreadable (ParseError)."""
    if not isinstance(body, dict) or not isinstance(body.get("data"), dict):
        raise ParseError("no data object")
    data = body["data"]
    a = data.get("attributes")
    if not isinstance(a, dict):
        raise ParseError("no attributes")
    doi = normalize_doi(a.get("doi") or data.get("id"))
    titles = [t for t in (a.get("titles") or []) if isinstance(t, dict)]
    main = [t for t in titles if not t.get("titleType")] or titles
    title = _text(main[0].get("title")) if main else None
    people, groups = [], []
    for c in a.get("creators") or []:
        if not isinstance(c, dict):
            continue
        p = _person(c)
        if isinstance(p, Person):
            people.append(p)
        elif p:
            groups.append(p)
    year = None
    m = _YEAR.match(str(a.get("publicationYear") or a.get("published") or ""))
    if m:
        year = int(m.group(1))
    types = _obj(a, "types")
    general = _text(types.get("resourceTypeGeneral"))
    container = _obj(a, "container")
    publisher = _text(a.get("publisher"))
    journal = _text(container.get("title"))
    if journal is None and general in ("Preprint",) and publisher:
        journal = publisher  # arXiv, bioRxiv via DataCite: the server is the venue
    first, last = _text(container.get("firstPage")), _text(container.get("lastPage"))
    preprint = general == "Preprint"
    # IsVersionOf under the same prefix is the same work again (arXiv versions, a Zenodo concept DOI)
    versions = tuple(d for d in _related(a, "IsVersionOf") if _prefix(d) != _prefix(doi)) if preprint else ()
    return Record(
        source="datacite",
        doi=doi,
        title=title,
        authors=tuple(people),
        collective=tuple(groups),
        journal=journal,
        year=year,
        print_date=str(year) if year else None,
        volume=_text(container.get("volume")),
        issue=_text(container.get("issue")),
        first_page=first,
        last_page=last if last != first else None,
        pub_types=tuple(t for t in (general, _text(types.get("resourceType"))) if t),
        type=(general or "").lower() or None,
        publisher=publisher,
        preprint_of=_related(a, "IsPreprintOf") if preprint else (),
        has_preprint=_related(a, "HasPreprint"),
        version_of=versions,
    )


def _parse(resp: requests.Response) -> Record:
    return record_from_datacite(json_body(resp))


class DataCite(Client):
    """DataCite REST client. Thread-safe; one requests.Session inside."""

    name = "datacite"

    def __init__(self, settings, cache: Cache, stats: Stats | None = None, **kw):
        super().__init__(settings, cache, stats, base_url=settings.datacite_url,
                         identity={"mailto": settings.email}, headers={"Accept": "application/vnd.api+json"}, **kw)
        pool = "identified" if settings.email else "anonymous"
        self.lane = Lane(limiter_for(f"datacite:{pool}", _rate(settings), self.shared_dir), gate_for("datacite", 2))

    def _fetch(self, doi: str) -> Record | None:
        r = self.http.call("doi", "/dois/" + quote(doi, safe=_SAFE), self.lane, parse=_parse, accept=(404,))
        return None if r.status == 404 else r.value

    def works(self, dois: Iterable[str]) -> Batch[Record]:
        """Records of DataCite DOIs, one request each (keys: normalised DOIs; 404 = missing)."""
        ds = [d for d in dict.fromkeys(normalize_doi(x) for x in dois if x) if d]

        def fetch(chunk: list[str]):
            (d,) = chunk
            rec = self._fetch(d)
            return {d: ("found", rec, "record")} if rec is not None else {}

        return run_batch(
            service=self.name, items=ds, key_of=lambda d: f"datacite:doi:{d}", cache=self.cache,
            stats=self.stats, settings=self.settings, fetch=fetch, chunks=lambda todo: [[d] for d in todo],
            encode=Record.to_dict, decode=Record.from_dict, workers=self.workers,
        )
