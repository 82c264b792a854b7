"""Renderer for DBLP's publication search (/search/publ/api), in the shape of the real answers.

Shape: tests/data/wire-samples/dblp/ (the result envelope query/status/time/completions/hits;
each hit {"@score", "@id", "info", "url"}; `info.authors.author` a list of {"@pid", "text"}, or
one bare object for a single author; titles ending with a full stop and keeping XML entities
such as `&apos;`; `doi` in DBLP's upper case; no `hit` key at all when nothing matched).

Supported: `q` (every whitespace-separated term must be a prefix of a word of the title,
authors, venue or year — case and diacritics folded; `term$` an exact word; `a|b` either),
`format=json` (the fake serves JSON only: any other format is a 400, so a client that forgets
it fails), `h` (default 30, capped at 1000), `f` (default 0), `c` (completions, default 10).
"""

from __future__ import annotations

import zlib

from .model import Work
from .store import Store, words

ALLOWED = {"q", "format", "h", "f", "c"}

_TYPE = {"proceedings-article": "Conference and Workshop Papers", "journal-article": "Journal Articles",
         "posted-content": "Informal Publications", "book": "Books and Theses",
         "book-chapter": "Parts in Books or Collections", "dataset": "Data and Artifacts",
         "edited-book": "Editorship"}


class BadRequest(Exception):
    """An answer the fake refuses (the real service's wording for these is not known)."""


def _venues(w: Work) -> list[str]:
    v = w.dblp_venue
    if isinstance(v, list):
        return v
    if v:
        return [v]
    if w.crossref_type == "posted-content":
        return ["CoRR"]
    name = w.container_title or w.journal_iso or w.journal
    return [name] if name else []


def author_names(w: Work) -> list[str]:
    if w.dblp_names is not None:
        return list(w.dblp_names)
    return [f"{a[1]} {a[0]}" if len(a) > 1 and a[1] else a[0] for a in w.authors]


def dblp_type(w: Work) -> str:
    return w.dblp_type or _TYPE.get(w.crossref_type, "Journal Articles")


def key_of(w: Work) -> str:
    if w.dblp_key:
        return w.dblp_key
    venue = (_venues(w) or ["misc"])[0]
    slug = "".join(words(venue))[:12] or "misc"
    t = dblp_type(w)
    stream = ("journals/corr" if "CoRR" in _venues(w) else
              f"conf/{slug}" if t == "Conference and Workshop Papers" else f"journals/{slug}")
    names = [a[0] for a in w.authors]
    tag = ("".join(words(names[0])).title() if names else "Anon") + "".join(n[:1].upper() for n in names[1:])
    if stream == "journals/corr":
        tag = f"abs-{zlib.crc32(w.title.encode()) % 10**4:04d}-{zlib.crc32(w.title.encode()) % 10**5:05d}"
        return f"{stream}/{tag}"
    return f"{stream}/{tag}{(w.year or 0) % 100:02d}"


def _pid(name: str) -> str:
    h = zlib.crc32(name.encode())
    return f"{h % 300}/{h % 10000}"


def info_of(w: Work) -> dict:
    names = author_names(w)
    people = [{"@pid": _pid(n), "text": n} for n in names]
    title = w.title if w.title.endswith((".", "?", "!")) else w.title + "."
    info: dict = {}
    if people:
        info["authors"] = {"author": people[0] if len(people) == 1 else people}
    info["title"] = title.replace("'", "&apos;")  # DBLP's JSON keeps the XML entity
    venues = _venues(w)
    if venues:
        info["venue"] = venues[0] if len(venues) == 1 else venues
    key = key_of(w)
    if key.startswith("journals/corr/"):
        info["volume"] = "abs/" + key.rsplit("abs-", 1)[-1].replace("-", ".")
    elif w.volume and dblp_type(w) == "Journal Articles":
        info["volume"] = w.volume
    if w.issue and dblp_type(w) == "Journal Articles":
        info["number"] = w.issue
    if w.pages:
        info["pages"] = w.pages
    if w.year:
        info["year"] = str(w.year)
    info["type"] = dblp_type(w)
    info["access"] = "closed"
    info["key"] = key
    if w.doi:
        info["doi"] = w.doi.upper()
        info["ee"] = f"https://doi.org/{w.doi.lower()}"
    info["url"] = f"https://dblp.org/rec/{key}"
    return info


def hit_of(w: Work, score: int) -> dict:
    hid = str(zlib.crc32(key_of(w).encode()) % 10**7)
    return {"@score": str(score), "@id": hid, "info": info_of(w), "url": f"URL#{hid}"}


def _term_ok(term: str, vocab: list[str]) -> bool:
    for alt in term.split("|"):
        exact = alt.endswith("$")
        want = words(alt.rstrip("$"))
        if not want:
            continue
        if all(any(v == x if exact else v.startswith(x) for v in vocab) for x in want):
            return True
    return False


def _vocab(w: Work) -> list[str]:
    return words(" ".join([w.title, *author_names(w), *_venues(w), str(w.year or "")]))


def _int(params: dict[str, str], name: str, default: int, cap: int) -> int:
    v = params.get(name)
    if v is None:
        return default
    if not v.isdigit():
        raise BadRequest(f"{name} must be a number")
    return min(int(v), cap)


def publ_answer(store: Store, params: dict[str, list[str]]) -> dict:
    p = {k: v[-1] for k, v in params.items()}
    for k in p:
        if k not in ALLOWED:
            raise BadRequest(f"unknown parameter {k}")
    if p.get("format") != "json":
        raise BadRequest("this fake answers format=json only")
    q = p.get("q", "").strip()
    if not q:
        raise BadRequest("empty query")
    h, f, c = _int(p, "h", 30, 1000), _int(p, "f", 0, 10**6), _int(p, "c", 10, 1000)
    terms = q.split()
    matched: list[tuple[int, Work]] = []
    for w in store.dblp_works():
        vocab = _vocab(w)
        if all(_term_ok(t, vocab) for t in terms):
            title = words(w.title)
            matched.append((sum(1 for t in terms if _term_ok(t, title)), w))
    matched.sort(key=lambda x: -x[0])
    page = matched[f: f + h]
    last = words(terms[-1].split("|")[-1].rstrip("$"))
    stem = last[-1] if last else ""
    comps = sorted({v for _, w in matched for v in _vocab(w) if stem and v.startswith(stem)})
    completions: dict = {"@total": str(len(comps)), "@computed": str(len(comps)), "@sent": str(min(c, len(comps)))}
    sent = [{"@sc": str(len(matched)), "@dc": str(len(matched)), "@oc": str(len(matched)),
             "@id": str(zlib.crc32(x.encode()) % 10**8), "text": x} for x in comps[:c]]
    if sent:
        completions["c"] = sent[0] if len(sent) == 1 else sent
    hits: dict = {"@total": str(len(matched)), "@computed": str(min(len(matched), 1000)),
                  "@sent": str(len(page)), "@first": str(f)}
    if page:
        hits["hit"] = [hit_of(w, s) for s, w in page]
    return {"result": {"query": " ".join(t + "*" for t in terms), "status": {"@code": "200", "text": "OK"},
                       "time": {"@unit": "msecs", "text": "1.27"}, "completions": completions, "hits": hits}}
