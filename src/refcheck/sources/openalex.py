"""OpenAlex: a third opinion for works PubMed and Crossref do not settle.

Why OpenAlex first (DBLP, sources/dblp.py, comes after it and for computer science only): it
indexes every field — conference papers, books and chapters, arXiv and other preprints, theses —
where DBLP covers computer science only, asks for one request every two seconds and has been
reported (Oct 2026) to answer API clients with a bot-check page.

Asked only for entries the PubMed and Crossref stages left unidentified, one request each:
``GET /works?filter=title.search:<title words>&per_page=5`` answers
``{"meta": {"count", …}, "results": [work, …], "group_by": []}``.

Rate rules (developers.openalex.org, 2026): at most 100 requests/s for everyone; a daily
allowance priced per call (singleton free, list/filter $0.10 and search $1 per 1000 calls;
$1/day with a free API key, far less without). ``mailto`` is still sent (the polite pool). A
429 means the day's allowance is spent: asking again within the run cannot help, so the
client stops asking OpenAlex for the rest of the run and every later entry is `unverified`.
"""

from __future__ import annotations

import re
import threading
from typing import Any, Iterable

import requests

from ..errors import SourceError
from ..model import Person, Record
from ..normalize import fold, normalize_doi
from .batch import Batch, per_title, run_batch
from .cache import Cache
from .http import Client, Lane, ParseError, Stats, json_body
from .ratelimit import gate_for, limiter_for

RATE = 5.0  # well under the 100/s ceiling: these requests are few and spend the daily allowance
PER_PAGE = 5
MAX_WORDS = 10
_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset(
    "a an and are as at be by for from has have in into is it its of on or that the their this to "
    "was were with".split()
)
_PARTICLES = frozenset("van von der den de del della degli di da das dos du le la lo ter ten bin ibn al el".split())
_PMID = re.compile(r"(\d+)\s*$")
# OpenAlex `type` → the Crossref-style type the rest of refcheck speaks
_TYPES = {
    "book-chapter": "book-chapter", "book": "book", "preprint": "posted-content",
    "dissertation": "dissertation", "dataset": "dataset", "report": "report",
    "review": "journal-article", "letter": "journal-article", "editorial": "journal-article",
}



def _obj(d: dict, key: str) -> dict:
    """d[key] when it is a JSON object, else {}: answers are untrusted and may hold anything."""
    v = d.get(key)
    return v if isinstance(v, dict) else {}

def title_words(title: str | None) -> str | None:
    """The title as a `title.search:` value: folded words, no stop words, no punctuation.

    Punctuation matters: a comma would end the filter and start another one.
    """
    if not title:
        return None
    words = [w for w in _WORD.findall(fold(title)) if w not in _STOP]
    return " ".join(words[:MAX_WORDS]) or None


# Name suffixes that follow the family name ("John G. Haddad Jr.", "Haddad, John G., Jr.").
_SUFFIX = re.compile(r"^(?:jr|sr|junior|senior|ii|iii|iv|2nd|3rd)\.?$", re.I)
# words joining two family names ("Ortega y Gasset"), lower case only ("E" is an initial)
_JOIN = frozenset({"y", "e", "i"})


def _split_name(name: str) -> tuple[str, str | None]:
    """A display name → (family, given). OpenAlex writes "Given Family"; raw author names may be
    "Family, Given". A suffix is dropped; particles ("van", "de la", "bin") and a joined second
    family name ("y Gasset") stay with the surname; at least one given word is kept. A compound
    surname written without a hyphen ("Gabriel García Márquez") cannot be told from a middle
    name: its last word is taken, and the matcher accepts the first one too."""
    pieces = [p.strip() for p in " ".join(name.split()).split(",")]
    while len(pieces) > 1 and all(_SUFFIX.match(w) for w in pieces[-1].split()):
        pieces.pop()  # "John G. Haddad, Jr."
    if len(pieces) == 2 and pieces[0] and pieces[1]:
        return pieces[0], pieces[1]  # "Haddad, John G."
    parts = " ".join(pieces).split()
    while len(parts) > 1 and _SUFFIX.match(parts[-1]):
        parts.pop()
    i = len(parts) - 1
    while i > 1:
        prev = parts[i - 1]
        if prev.lower() in _PARTICLES:
            i -= 1
        elif prev in _JOIN and i > 2:
            i -= 2  # "José Ortega y Gasset": family "Ortega y Gasset"
        else:
            break
    return " ".join(parts[i:]), " ".join(parts[:i]) or None


def _person(name: str | None) -> Person | None:
    """'Heather A. Piwowar' → Person('Piwowar', 'Heather A.', 'HA'); see `_split_name`."""
    if not name or not name.strip():
        return None
    family, given = _split_name(name)
    if not family:
        return None
    words = [p for p in re.split(r"[\s\-.]+", given or "") if p and p[0].isalpha()]
    named = [p for p in words if not p.islower()] or words  # "Maria do Carmo": MC
    initials = "".join(p[0].upper() for p in named) or None
    return Person(family=family, given=given, initials=initials)


def _s(v) -> str | None:
    if v is None:
        return None
    v = str(v).strip()
    return v or None


def record_from_work(w: dict) -> Record:
    """One OpenAlex work object → Record (source "openalex")."""
    if not isinstance(w, dict):
        raise ParseError("work is not an object")
    ids = _obj(w, "ids")
    pm = _PMID.search(str(ids.get("pmid") or ""))
    loc = _obj(w, "primary_location")
    src = (_obj(loc, "source") or None)
    if src is None and isinstance(w.get("host_venue"), dict):  # the pre-2023 shape
        src = w["host_venue"]
    src = src or {}
    bib = _obj(w, "biblio")
    people = []
    for a in w.get("authorships") or []:
        if not isinstance(a, dict):
            continue
        au = _obj(a, "author")
        p = _person(au.get("display_name") or a.get("raw_author_name"))
        if p:
            people.append(p)
    kind = _s(w.get("type_crossref"))
    if not kind:
        t = _s(w.get("type")) or ""
        kind = _TYPES.get(t) or ("proceedings-article" if src.get("type") == "conference" else
                                 "journal-article" if t == "article" else t or None)
    year = w.get("publication_year")
    first, last = _s(bib.get("first_page")), _s(bib.get("last_page"))
    issn_v = src.get("issn")
    issn: list = issn_v if isinstance(issn_v, list) else []
    return Record(
        source="openalex",
        pmid=pm.group(1) if pm else None,
        doi=normalize_doi(w.get("doi") or ids.get("doi")),
        title=_s(w.get("title") or w.get("display_name")),
        authors=tuple(people),
        journal=_s(src.get("display_name")),
        issn=tuple(str(x) for x in issn if x),
        year=int(year) if isinstance(year, int) or (isinstance(year, str) and year.isdigit()) else None,
        print_date=_s(w.get("publication_date")),
        volume=_s(bib.get("volume")),
        issue=_s(bib.get("issue")),
        first_page=first,
        last_page=last if last != first else None,
        pub_types=tuple(t for t in (_s(w.get("type")),) if t),
        type=kind,
        publisher=_s(src.get("host_organization_name") or src.get("publisher")),
    )


def records_from_body(body: Any) -> list[Record]:
    if not isinstance(body, dict) or not isinstance(body.get("results"), list):
        raise ParseError("not a work list")
    return [record_from_work(w) for w in body["results"]]


def _parse(resp: requests.Response) -> list[Record]:
    return records_from_body(json_body(resp))


class OpenAlex(Client):
    """OpenAlex client. Thread-safe; one requests.Session inside."""

    name = "openalex"

    def __init__(self, settings, cache: Cache, stats: Stats | None = None, **kw):
        super().__init__(settings, cache, stats, base_url=settings.openalex_url,
                         identity={"mailto": settings.email, "api_key": getattr(settings, "openalex_key", None)},
                         headers={"Accept": "application/json"}, **kw)
        self.lane = Lane(limiter_for("openalex", RATE, self.shared_dir), gate_for("openalex", 3))
        self._spent: str | None = None  # why OpenAlex is not asked again this run (daily allowance)
        self._lock = threading.Lock()

    def _search(self, words: str) -> list[Record]:
        with self._lock:
            if self._spent:
                raise SourceError(self.name, f"works: not asked, {self._spent}")
        r = self.http.call("works", "/works", self.lane, accept=(429,), parse=_parse,
                           params={"filter": f"title.search:{words}", "per_page": str(PER_PAGE)})
        if r.status == 429:
            with self._lock:
                self._spent = "the daily allowance is used up (HTTP 429)"
            raise SourceError(self.name, f"works: {self._spent}")
        return r.value

    def search_titles(self, titles: Iterable[str]) -> Batch[list[Record]]:
        """Candidates for each title (keys: the titles as given; [] when OpenAlex has none)."""
        wanted = {t: title_words(t) for t in titles if t}
        items = [w for w in dict.fromkeys(wanted.values()) if w]

        def fetch(chunk: list[str]):
            (w,) = chunk
            hits = self._search(w)
            return {w: ("found", hits, "record")} if hits else {}

        b = run_batch(
            service=self.name, items=items, key_of=lambda w: f"openalex:title:{PER_PAGE}:{w}", cache=self.cache,
            stats=self.stats, settings=self.settings, fetch=fetch, chunks=lambda todo: [[w] for w in todo],
            encode=lambda hits: [r.to_dict() for r in hits], decode=lambda v: [Record.from_dict(d) for d in v],
            workers=self.workers,
        )
        return per_title(wanted, b)


# --------------------------------------------------------------------------- the Source

# Kinds OpenAlex is not asked about: web pages are not the scholarly works it holds.
SKIP_TYPES = frozenset({"web"})


class OpenAlexSource(OpenAlex):
    """OpenAlex as a record source: one broad stage, after PubMed's and Crossref's searches."""

    label = "OpenAlex"
    order = 40
    kinds: tuple = ()
    registrar_of: tuple = ()
    notice_labels: dict = {}

    @classmethod
    def identity(cls, settings: Any) -> dict[str, str]:
        return {"openalex_url": settings.openalex_url}

    def lookup(self, kind: str, ids: Any) -> Batch:
        return Batch()

    def stages(self) -> tuple:
        from .base import Stage

        return (Stage("openalex search", 40, self._title_stage,
                      wants=lambda ref: bool(title_words(ref.title)) and ref.type not in SKIP_TYPES, broad=True),)

    def _title_stage(self, refs) -> Batch[list[Record]]:
        b = self.search_titles(r.title for r in refs)
        out: Batch[list[Record]] = Batch()
        for i, r in enumerate(refs):
            if r.title in b.failed:
                out.failed[str(i)] = b.failed[r.title]
            elif b.found.get(r.title):
                out.found[str(i)] = b.found[r.title]
        return out

    def status(self, dois: Any, have: Any) -> Batch:
        return Batch()


SOURCE = OpenAlexSource
