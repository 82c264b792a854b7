"""DBLP: a computer-science opinion for conference papers, CoRR preprints and CS journals that
PubMed, Crossref and OpenAlex leave unsettled.

Why also DBLP: it is the curated index of computer science (proceedings of every major CS
conference, with the short venue names papers cite: "KDD", "NeurIPS"), free and without a key.
It is the scarcest service refcheck asks (DBLP's FAQ: "at least one or two seconds between two
consecutive requests"), so it comes last and only for entries that look like computer science
(`wanted`): a biomedical list never reaches it.

One request per entry: ``GET /search/publ/api?q=<title words>&format=json&h=10&c=0`` answers
``{"result": {"query", "status", "time", "completions", "hits": {"@total", "@computed", "@sent",
"@first", "hit": [{"@score", "@id", "info": {...}, "url"}]}}}`` (tests/data/wire-samples/dblp/).
Every query word must occur (prefix match), so a few distinctive title words find the paper and
a fabricated title finds nothing.

Rate rules (dblp.org/faq/1474706): excessive bulk queries are blocked for a while with an empty
HTTP 429 whose ``Retry-After`` gives the seconds to wait; refcheck sends one request at a time,
one every two seconds (`REFCHECK_DBLP_RATE` lowers it), and honours ``Retry-After`` (a wait past
the lookup's deadline fails the lookup now: `unverified`, never `not-found`). An HTML page where
JSON was asked for (a bot check, reported in 2026) is an unreadable answer: a failure too.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from typing import Any

import requests

from ..model import Person, Record, Reference
from ..normalize import fold, normalize_doi
from .base import IdKind, Stage
from .batch import Answer, Batch, per_title, run_batch
from .cache import Cache, NullCache
from .http import Client, Lane, MiB, ParseError, Stats, json_body
from .ratelimit import gate_for, limiter_for

RATE = 0.5  # requests/s: one every two seconds, DBLP's own advice
HITS = 10  # `h`: the paper, its CoRR version and a few namesakes
MAX_WORDS = 8  # query words: every one must match, so a few distinctive ones suffice
MAX_BODY = 1 * MiB  # ten hits are ~10 KB; DBLP caps `h` at 1000 (~2 MB), which we never ask
MAX_AUTHORS = 500  # an answer listing more is not a bibliographic record
_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset(
    "a an and are as at be by for from has have in into is it its of on or that the their this to "
    "was were with via using".split()
)
_PARTICLES = frozenset("van von der den de del della di da dos du le la ter ten bin al el".split())
_SUFFIX = re.compile(r"\s+\d{4}$")  # DBLP's homonym number: "Wei Wang 0001"
_DOI_URL = re.compile(r"^https?://(?:dx\.)?doi\.org/(10\..+)$", re.I)

# DBLP's `type` → the Crossref-style type the rest of refcheck speaks
_TYPES = {
    "conference and workshop papers": "proceedings-article",
    "journal articles": "journal-article",
    "parts in books or collections": "book-chapter",
    "books and theses": "book",
    "editorship": "edited-book",
    "data and artifacts": "dataset",
    "reference works": "reference-entry",
}
_INFORMAL = ("informal publications", "informal and other publications")

# What makes an entry look like computer science, in its venue, publisher or link: words of
# CS venues and the names of the big CS conferences (a cited venue is an abbreviation or a
# long name; either kind shows up here).
_CS_WORDS = frozenset(
    "arxiv corr proceedings proc conference conf workshop workshops symposium symp acm ieee usenix "
    "lncs lipics ceur sigkdd sigmod sigir sigcomm siggraph sigplan sigops neurips nips icml iclr "
    "aaai ijcai cvpr iccv eccv acl emnlp naacl coling interspeech icassp kdd wsdm www cikm icde "
    "vldb pvldb chi uist cscw osdi sosp nsdi eurosys podc stoc focs soda icalp popl pldi icse fse "
    "ase issta ccs ndss infocom mobicom sensys aamas icra iros rss colt uai aistats miccai isbi "
    "computing computer computational informatics software robotics".split()
)
_CS_PHRASES = ("lecture notes in computer science", "machine learning", "artificial intelligence",
               "neural information processing", "learning representations", "computer vision",
               "data mining", "natural language", "pattern recognition")
_CS_DOI_PREFIXES = ("10.1145/", "10.1109/", "10.48550/", "10.18653/", "10.24963/", "10.1609/",
                    "10.5555/", "10.4230/lipics")


def wanted(ref: Reference) -> bool:
    """Whether DBLP may hold the entry: a conference paper, or a venue, publisher, link or DOI
    of computer science (arXiv/CoRR, ACM, IEEE, LNCS, a CS conference's name)."""
    if not title_words(ref.title) or ref.type == "web":
        return False
    if ref.type == "conference":
        return True
    doi = normalize_doi(ref.doi) or ""
    if doi.startswith(_CS_DOI_PREFIXES):
        return True
    text = fold(" ".join(x for x in (ref.journal, ref.publisher) if x))
    if "arxiv.org" in (ref.url or "") or any(p in text for p in _CS_PHRASES):
        return True
    return any(w in _CS_WORDS for w in text.split())


def title_words(title: str | None) -> str | None:
    """The title as DBLP's `q`: folded words (ASCII, so matching stays diacritic-insensitive),
    no stop words and no punctuation (`|`, `-`, `$` and `:` are query operators)."""
    if not title:
        return None
    words = [w for w in _WORD.findall(fold(title)) if w not in _STOP]
    words = list(dict.fromkeys(words))  # a repeated word adds nothing to an AND query
    return " ".join(words[:MAX_WORDS]) or None


def _s(v: Any) -> str | None:
    """A field as text (DBLP gives strings; a number or a list's first item is tolerated)."""
    if isinstance(v, list):
        v = next((x for x in v if isinstance(x, (str, int))), None)
    if v is None or isinstance(v, (dict, bool)):
        return None
    text = html.unescape(str(v)).strip()  # DBLP's JSON keeps XML entities: "Operators&apos;"
    return text or None


def person(name: str | None) -> Person | None:
    """'Alexey Karpov 0001' → Person('Karpov', 'Alexey', 'A'): the homonym number dropped,
    particles kept with the surname ('Ulrike von Luxburg' → 'von Luxburg')."""
    if not name:
        return None
    name = _SUFFIX.sub("", html.unescape(name).strip())
    parts = name.split()
    if not parts:
        return None
    i = len(parts) - 1
    while i > 0 and parts[i - 1].lower() in _PARTICLES:
        i -= 1
    given = " ".join(parts[:i]) or None
    initials = "".join(p[0].upper() for p in re.split(r"[\s\-.]+", given or "") if p) or None
    return Person(family=" ".join(parts[i:]), given=given, initials=initials)


def _authors(info: dict) -> tuple[Person, ...]:
    block = info.get("authors")
    raw = block.get("author") if isinstance(block, dict) else None
    items = raw if isinstance(raw, list) else [raw] if raw is not None else []
    out = []
    for a in items[:MAX_AUTHORS]:
        p = person(_s(a.get("text")) if isinstance(a, dict) else _s(a))  # older answers: plain strings
        if p is not None:
            out.append(p)
    return tuple(out)


def _title(v: Any) -> str | None:
    """DBLP ends every title with a full stop (unless it ends with ? or !): not the title's."""
    t = _s(v)
    if t and t.endswith(".") and not t.endswith(".."):
        t = t[:-1].rstrip() or None
    return t


def _pages(v: Any) -> tuple[str | None, str | None]:
    p = _s(v)
    if not p:
        return None, None
    a, sep, b = p.replace("–", "-").partition("-")
    first, last = a.strip() or None, b.strip() or None
    return first, (last if sep and last != first else None)


def record_from_info(info: Any) -> Record:
    """One DBLP hit's `info` → Record (source "dblp")."""
    if not isinstance(info, dict):
        raise ParseError("hit info is not an object")
    kind_text = (_s(info.get("type")) or "").lower()
    key = _s(info.get("key")) or ""
    venues = info.get("venue")
    names = [n for n in (_s(v) for v in (venues if isinstance(venues, list) else [venues])) if n]
    corr = key.startswith("journals/corr/") or "CoRR" in names
    kind: str | None
    if kind_text in _INFORMAL:
        kind = "posted-content" if corr else "report"
    else:
        kind = _TYPES.get(kind_text, "journal-article" if key.startswith("journals/") else None)
    doi = normalize_doi(_s(info.get("doi")))
    if not doi:
        m = _DOI_URL.match(_s(info.get("ee")) or "")
        doi = normalize_doi(m.group(1)) if m else None
    year = _s(info.get("year"))
    first, last = _pages(info.get("pages"))
    volume = _s(info.get("volume"))
    short = list(names)
    if corr:
        short.append("arXiv")  # CoRR is arXiv's computer-science section: "arXiv preprint" names it
        if volume and volume.startswith("abs/"):  # "abs/2101.00001": the arXiv id, neither a volume
            volume = None  # nor pages ("arXiv:2101.00001" is not read as volume 2101, page 1)
    return Record(
        source="dblp",
        doi=doi,
        title=_title(info.get("title")),
        authors=_authors(info),
        journal=names[0] if names else None,
        short_titles=tuple(dict.fromkeys(short)),
        year=int(year) if year and year.isdigit() and len(year) == 4 else None,
        volume=volume,
        issue=_s(info.get("number")),
        first_page=first,
        last_page=last,
        pub_types=tuple(t for t in (_s(info.get("type")),) if t),
        type=kind,
        publisher="arXiv" if corr else None,
    )


def records_from_body(body: Any) -> list[Record]:
    """The records of a `/search/publ/api` JSON answer ([] when it holds no hit)."""
    result = body.get("result") if isinstance(body, dict) else None
    if not isinstance(result, dict) or not isinstance(result.get("hits"), dict):
        raise ParseError("not a DBLP search answer")
    status = result.get("status")
    code = _s(status.get("@code")) if isinstance(status, dict) else None
    if code is not None and code != "200":
        raise ParseError(f"DBLP search status {code}")
    hits = result["hits"]
    hit = hits.get("hit")
    if hit is None:  # no hit: DBLP leaves the key out; one that says it sent some is damaged
        sent = _s(hits.get("@sent"))
        if sent not in (None, "0"):
            raise ParseError(f"answer says {sent} hits were sent, holds none")
        return []
    items = hit if isinstance(hit, list) else [hit]  # one hit may come as a bare object
    out = []
    for h in items[:HITS * 10]:
        if not isinstance(h, dict):
            raise ParseError("a hit is not an object")
        out.append(record_from_info(h.get("info")))
    return out


def _parse(resp: requests.Response) -> list[Record]:
    return records_from_body(json_body(resp))


class Dblp(Client):
    """DBLP publication search client. Thread-safe; one requests.Session inside."""

    name = "dblp"

    def __init__(self, settings: Any, cache: Cache | NullCache, stats: Stats | None = None, **kw: Any) -> None:
        super().__init__(settings, cache, stats, base_url=settings.dblp_url, identity={},
                         headers={"Accept": "application/json"}, **kw)
        rate = float(settings.dblp_rate) if getattr(settings, "dblp_rate", None) else RATE
        self.lane = Lane(limiter_for("dblp", rate, self.shared_dir), gate_for("dblp", 1))

    def _search(self, words: str) -> list[Record]:
        r = self.http.call("publ", "/search/publ/api", self.lane, parse=_parse, max_body=MAX_BODY,
                           params={"q": words, "format": "json", "h": str(HITS), "c": "0"})
        return r.value

    def search_titles(self, titles: Iterable[str]) -> Batch[list[Record]]:
        """Candidates for each title (keys: the titles as given; [] when DBLP has none)."""
        wanted_ = {t: title_words(t) for t in titles if t}
        items = [w for w in dict.fromkeys(wanted_.values()) if w]

        def fetch(chunk: list[str]) -> dict[str, Answer]:
            (w,) = chunk
            hits = self._search(w)
            return {w: ("found", hits, "record")} if hits else {}

        b = run_batch(
            service=self.name, items=items, key_of=lambda w: f"dblp:publ:{HITS}:{w}", cache=self.cache,
            stats=self.stats, settings=self.settings, fetch=fetch, chunks=lambda todo: [[w] for w in todo],
            encode=lambda hits: [r.to_dict() for r in hits], decode=lambda v: [Record.from_dict(d) for d in v],
            workers=1,  # one request at a time: DBLP's rule
        )
        return per_title(wanted_, b)


class DblpSource(Dblp):
    """DBLP as a record source: one broad stage, the last one, for computer-science entries."""

    label = "DBLP"
    order = 45
    kinds: tuple[IdKind, ...] = ()
    registrar_of: tuple[IdKind, ...] = ()
    notice_labels: dict[str, str] = {}

    @classmethod
    def identity(cls, settings: Any) -> dict[str, str]:
        return {"dblp_url": settings.dblp_url}

    def lookup(self, kind: IdKind, ids: Sequence[str]) -> Batch[Record]:
        return Batch()

    def stages(self) -> tuple[Stage, ...]:
        # after OpenAlex (40): DBLP's requests are the scarcest, and OpenAlex settles most
        return (Stage("dblp search", 45, self._title_stage, wants=wanted, broad=True),)

    def _title_stage(self, refs: Sequence[Reference]) -> Batch[list[Record]]:
        b = self.search_titles(r.title for r in refs if r.title)
        out: Batch[list[Record]] = Batch()
        for i, r in enumerate(refs):
            if r.title in b.failed:
                out.failed[str(i)] = b.failed[r.title]
            elif r.title and b.found.get(r.title):
                out.found[str(i)] = b.found[r.title]
        return out

    def status(self, dois: Sequence[str], have: Any) -> Batch[Any]:
        return Batch()


SOURCE = DblpSource
