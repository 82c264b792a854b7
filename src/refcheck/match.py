"""Reference + candidate Records → the record it names, how sure we are, and whether it is ambiguous.

`score` compares what was cited with one record, field by field (title, authors, year, journal,
volume, first page), each part 0..1; the total is a weighted mean over the parts the entry cites
(an entry without pages is neither helped nor hurt by pages). Identifiers (DOI, PMID) are *not*
part of `score`: `choose` adds them as evidence on top, so the verifier can still ask "does the
rest of the entry name the work the DOI names?".

`choose` first unites the records of one work (same DOI, same PMID, or — across sources — the same
title, first author and year when one of them lacks the identifier), so a PubMed record and a
Crossref record of one paper count once.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from dataclasses import dataclass, field, fields, replace
from typing import Iterable, Sequence

from rapidfuzz import fuzz

from .journals import journal_similarity
from .model import Match, Person, Record, Reference, Update
from .normalize import expand_pages, first_page, fold, normalize_doi, strip_accents
from .spelling import spelling_key

# ----------------------------------------------------------------------------------- thresholds

# Below this a best candidate does not identify the entry (→ not-found / unavailable / not-indexed).
# 0.55 sits above what a *different* paper by the same first author in the same journal and year
# reaches (authors + year + journal ≈ 0.40-0.52 with a dissimilar title) and below what the right
# paper reaches with one badly wrong field (a fabricated title with everything else right ≈ 0.7;
# right title + first author with wrong year/journal/volume/pages ≈ 0.65).
MATCH_THRESHOLD = 0.55
# At or above this the record *is* the work: near-equal title, first author, and year or
# journal/volume/page agree. Between MATCH_THRESHOLD and CONFIDENT: "probably, with differences".
CONFIDENT = 0.80
# Two different works whose confidences are this close (both above MATCH_THRESHOLD) cannot be
# told apart by the entry: `ambiguous`. 0.03 ≈ one small field (volume) half-agreeing.
AMBIGUITY_MARGIN = 0.03
# A cited DOI/PMID that names a candidate counts as strong evidence when the rest of the entry at
# least roughly fits it (bibliographic score ≥ this): confidence moves 60 % of the way to 1. Below
# it, the identifier names another work (doi-mismatch / pmid-mismatch).
ID_SUPPORT_FLOOR = 0.35
ID_BONUS = 0.6
# Titles at or above this similarity are "the same title" when uniting records across sources.
SAME_TITLE = 0.95

# Weights of the parts of `score` (renormalised over what was cited).
WEIGHTS = {"title": 0.45, "authors": 0.20, "year": 0.10, "journal": 0.10, "volume": 0.05, "pages": 0.10}
# When the entry cites a field that the record lacks, that part counts 0.5 at this share of its
# weight: a missing field neither helps nor hurts much.
MISSING_WEIGHT = 0.3


@dataclass(frozen=True)
class Scored:
    total: float
    parts: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Choice:
    best: Match | None
    runners: tuple[Match, ...] = ()
    ambiguous: bool = False


# ----------------------------------------------------------------------------------- titles

_TAG = re.compile(r"<[^>]*>")
_GREEK = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "κ": "kappa",
    "λ": "lambda", "μ": "mu", "µ": "mu", "ω": "omega", "σ": "sigma", "τ": "tau", "θ": "theta",
    "Α": "alpha", "Β": "beta", "Γ": "gamma", "Δ": "delta", "Ω": "omega",
}
_GREEK_RE = re.compile("|".join(map(re.escape, _GREEK)))


# Letters that Unicode decomposition leaves alone, so that fold() would drop them.
_LETTERS = str.maketrans({"ß": "ss", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
                          "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "þ": "th", "ı": "i"})


def fold_name(s: str | None) -> str:
    """fold() that keeps ß, ø, æ, ł... as their ASCII spellings."""
    return fold((s or "").translate(_LETTERS))


def strip_markup(s: str | None) -> str:
    """HTML/MathML/JATS tags removed (their text kept), entities decoded, spaces collapsed."""
    if not s:
        return ""
    s = html.unescape(_TAG.sub("", html.unescape(s)))
    return re.sub(r"\s+", " ", s).strip()


@lru_cache(maxsize=4096)
def title_key(s: str | None) -> str:
    """A title folded for comparing: markup, case, punctuation, diacritics, spelling variants,
    PubMed's [brackets] around translated titles."""
    s = strip_markup(s)
    if s.startswith("[") and s.rstrip(". ").endswith("]"):
        s = s.strip().rstrip(".").strip("[]")
    s = _GREEK_RE.sub(lambda m: f" {_GREEK[m.group()]} ", s)
    return spelling_key(s.translate(_LETTERS))


def title_similarity(a: str | None, b: str | None) -> float:
    ka, kb = title_key(a), title_key(b)
    if not ka or not kb:
        return 0.0
    if ka == kb or ka.replace(" ", "") == kb.replace(" ", ""):
        return 1.0
    return (fuzz.token_set_ratio(ka, kb) + fuzz.ratio(ka, kb)) / 200


# ----------------------------------------------------------------------------------- authors

_PARTICLES = frozenset("van von der den de del della di da dos das du la le ten ter al el bin ibn".split())
_COLLECTIVE = re.compile(
    r"\b(group|committee|consortium|organi[sz]ation|association|society|investigators|collaborat\w*|"
    r"network|team|council|institute|study|trial|working|task force|panel|foundation|world|national|"
    r"centers?|centres?|department|ministry|agency|program+e?|initiative|writing|board|college|"
    r"academy|authors|federation|alliance|office|survey|registry)\b",
    re.I,
)
_INITIALS = re.compile(r"^(?:[A-Z]\.?-?){1,4}$")


@dataclass(frozen=True)
class Author:
    """A cited or recorded author reduced for comparing."""

    family: str  # folded words joined by spaces ("al alawi")
    initials: str = ""  # upper-case letters ("AM"), may be empty
    collective: str | None = None  # the group name when a collective author
    given: str = ""  # folded given name when known (a record's), to spot family/given swapped

    @property
    def key(self) -> str:
        return self.family.replace(" ", "")

    def show(self) -> str:
        if self.collective:
            return self.collective
        return f"{self.family.title()} {self.initials}".strip()


def _initials_of(given: str | None) -> str:
    if not given:
        return ""
    parts = re.split(r"[\s.\-]+", strip_accents(given).strip())
    out = ""
    for p in parts:
        if not p:
            continue
        if p.isupper() and len(p) <= 3 and len(parts) == 1:
            out += p  # "MR" given as initials
        else:
            out += p[0].upper()
    return out


@lru_cache(maxsize=4096)
def parse_author(s: str) -> Author:
    """'Rooney MR', 'Al Alawi AM', 'Rooney, M. R.', 'M. R. Rooney', 'PRISMA Group'."""
    s = re.sub(r"\s+", " ", s.strip().rstrip(".,;")).strip()
    if not s:
        return Author("")
    if _COLLECTIVE.search(s) and "," not in s:
        return Author(fold_name(s), "", s)
    if "," in s:
        fam, giv = s.split(",", 1)
        return Author(fold_name(fam), _initials_of(giv))
    toks = s.split(" ")
    if len(toks) > 1 and _INITIALS.match(toks[-1].replace(".", "") or "x") and toks[-1].replace(".", "").replace("-", "").isupper():
        return Author(fold_name(" ".join(toks[:-1])), toks[-1].replace(".", "").replace("-", ""))
    if len(toks) > 1 and all(_INITIALS.match(t) for t in toks[:-1]):
        return Author(fold_name(toks[-1]), "".join(t.replace(".", "").replace("-", "") for t in toks[:-1]))
    if len(toks) > 1 and toks[-1][:1].isupper() and toks[0][:1].isupper() and len(toks) <= 3:
        # "Michael Rooney" (given names first) — take the last word as family name
        return Author(fold_name(toks[-1]), "".join(t[0] for t in toks[:-1]).upper())
    return Author(fold_name(s))


@lru_cache(maxsize=8192)
def person_author(p: Person) -> Author:
    ini = (p.initials or "").replace(".", "").replace(" ", "").replace("-", "") or _initials_of(p.given)
    return Author(fold_name(p.family), strip_accents(ini).upper(), None, fold_name(p.given))


def _umlaut(k: str) -> str:
    """German transliteration folded: Mueller = Müller (→ muller) = Muller."""
    return k.replace("ue", "u").replace("oe", "o").replace("ae", "a")


def _swapped(a: Author, b: Author) -> bool:
    """Family and given name swapped by a source (frequent with East Asian names): cited "Dai Q"
    against a record with family "Qi", given "Dai"."""
    for x, y in ((a, b), (b, a)):
        if y.given and x.key and y.given.replace(" ", "") == x.key and x.initials[:1] == y.key[:1].upper():
            return True
    return False


def same_surname(a: Author, b: Author) -> bool:
    """'Al Alawi' = 'Al-Alawi' = 'AlAlawi'; 'Dawson Hughes' = 'Dawson-Hughes'; particles optional;
    a compound surname cited by its first part ('Cruz' for 'Cruz-Jentoft') is accepted."""
    if not a.key or not b.key:
        return False
    if a.key == b.key or _umlaut(a.key) == _umlaut(b.key):
        return True
    if _swapped(a, b):
        return True
    wa, wb = a.family.split(), b.family.split()
    short, long_ = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    n = len(short)
    if long_[-n:] == short and all(w in _PARTICLES for w in long_[:-n]):
        return True
    if long_[:n] == short and len(short[0]) > 2:
        return True
    return False


def initials_agree(a: Author, b: Author) -> bool:
    """First initials equal when both are known ('MR' vs 'M' is fine)."""
    return not a.initials or not b.initials or a.initials[0] == b.initials[0] or _swapped(a, b)


def same_collective(a: str, b: str) -> bool:
    fa, fb = fold(a), fold(b)
    return bool(fa and fb) and (fa == fb or fuzz.token_set_ratio(fa, fb) >= 88)


def cited_authors(ref: Reference) -> list[Author]:
    return [a for a in (parse_author(s) for s in ref.authors) if a.family]


def record_authors(rec: Record) -> list[Author]:
    return [person_author(p) for p in rec.authors if p.family]


def author_similarity(ref: Reference, rec: Record) -> float | None:
    cited = cited_authors(ref)
    recorded = record_authors(rec)
    if not cited or (not recorded and not rec.collective):
        return None
    first = cited[0]
    if first.collective:
        if any(same_collective(first.collective, c) for c in rec.collective):
            f = 1.0
        elif recorded and same_surname(parse_author(first.collective), recorded[0]):
            f = 1.0
        else:
            f = 0.3 if not rec.collective else 0.0
    elif not recorded:
        f = 0.3
    elif same_surname(first, recorded[0]):
        f = 1.0 if initials_agree(first, recorded[0]) else 0.8
    elif any(same_surname(first, r) for r in recorded[1:]):
        f = 0.5
    else:
        f = 0.5 * fuzz.ratio(first.key, recorded[0].key) / 100
    rest = [a for a in cited[1:] if not a.collective]
    if not rest or not recorded:
        return f
    found = sum(1 for a in rest if any(same_surname(a, r) for r in recorded))
    return 0.6 * f + 0.4 * found / len(rest)


# ----------------------------------------------------------------------------------- other fields


def journal_names(rec: Record) -> tuple[str, ...]:
    return tuple(n for n in (rec.journal, rec.journal_iso, rec.journal_nlm, *rec.short_titles) if n)


def _key(s: str | None) -> str:
    return fold(s).replace(" ", "")


def _lead_number(s: str | None) -> str | None:
    m = re.search(r"\d+", s or "")
    return m.group().lstrip("0") or "0" if m else None


def volume_agrees(cited: str | None, rec_volume: str | None) -> bool:
    if not cited or not rec_volume:
        return True
    if _key(cited) == _key(rec_volume):
        return True
    a, b = _lead_number(cited), _lead_number(rec_volume)
    return a is not None and a == b


def _numbers(s: str) -> set[int]:
    out: set[int] = set()
    for a, b in re.findall(r"(\d+)(?:\s*[-/–]\s*(\d+))?", s):
        lo, hi = int(a), int(b) if b else int(a)
        if hi < lo or hi - lo > 12:
            hi = lo
        out.update(range(lo, hi + 1))
    return out


def issue_agrees(cited: str | None, rec_issue: str | None) -> bool:
    """Lenient: folded sets of numbers intersect ('1' vs '1-2'); a side with no number (a month
    span 'Jan-Feb', 'Spring') cannot be compared and agrees."""
    if not cited or not rec_issue:
        return True
    a, b = _numbers(cited), _numbers(rec_issue)
    if not a or not b:
        return True
    return bool(a & b) or _key(cited) == _key(rec_issue)


def _page_key(p: str | None) -> str:
    return _key(p).lstrip("0") if p else ""


def pages_agree(cited: str | None, rec: Record) -> bool:
    """Cited pages (expanded) against the record's first/last page or article number.

    Nothing to compare (either side absent) agrees; an article number / elocation id is accepted as
    pages; '181-9' = '181-189'; 'e124-e32' = e124..e132.
    """
    if not cited:
        return True
    rf, rl, an = rec.first_page, rec.last_page, rec.article_number
    if not rf and not an:
        return True
    c = expand_pages(cited) or ""
    # page tokens may mix letters and digits anywhere ("e124", "S12", "7303345010p1")
    m = re.match(r"^\s*(\w*\d\w*)\s*-\s*(\w*\d\w*)\s*$", c)
    if not m:
        k = _page_key(c)
        return k in {_page_key(rf), _page_key(an)} - {""}
    cf, cl = m.groups()
    if an and _page_key(cf) == _page_key(an):
        return True
    if not rf:
        return True  # only an article number: a cited PDF page range cannot be compared
    if _page_key(cf) != _page_key(rf):
        return False
    if not rl:
        return True
    rexp = expand_pages(f"{rf}-{rl}") or ""
    rlast = rexp.split("-")[-1] if "-" in rexp else rl
    return _page_key(cl) == _page_key(rlast)


def years_of(rec: Record) -> set[int]:
    return {y for y in (rec.year, rec.epub_year) if y}


# ----------------------------------------------------------------------------------- score


def score(ref: Reference, rec: Record) -> Scored:
    """How well `rec` fits what `ref` cites, 0..1 (identifiers excluded; see `choose`)."""
    parts: dict[str, float] = {}
    weights: dict[str, float] = {}

    def put(name: str, value: float | None) -> None:
        if value is None:  # cited, but the record lacks it
            parts[name] = 0.5
            weights[name] = WEIGHTS[name] * MISSING_WEIGHT
        else:
            parts[name] = max(0.0, min(1.0, value))
            weights[name] = WEIGHTS[name]

    if ref.title:
        put("title", title_similarity(ref.title, rec.title) if rec.title else None)
    if ref.authors:
        put("authors", author_similarity(ref, rec))
    if ref.year:
        ys = years_of(rec)
        put("year", None if not ys else 1.0 if ref.year in ys else 0.5 if min(abs(ref.year - y) for y in ys) == 1 else 0.0)
    if ref.journal:
        names = journal_names(rec)
        put("journal", journal_similarity(ref.journal, names) if names else None)
    if ref.volume:
        put("volume", None if not rec.volume else 1.0 if volume_agrees(ref.volume, rec.volume) else 0.0)
    if ref.pages:
        has = rec.first_page or rec.article_number
        if not has:
            put("pages", None)
        else:
            ok = pages_agree(ref.pages, rec)
            if not ok and _page_key(first_page(expand_pages(ref.pages))) in {_page_key(rec.first_page), _page_key(rec.article_number)}:
                ok = 0.7  # first page right, last page wrong
            put("pages", float(ok))
    total_w = sum(weights.values())
    if not total_w:
        return Scored(0.5, {})
    total = sum(parts[k] * weights[k] for k in parts) / total_w
    # Very little cited (say only a year and a journal) cannot make a confident match on its own.
    if "title" not in parts and "authors" not in parts:
        total = min(total, 0.75)
    return Scored(round(total, 4), parts)


# ----------------------------------------------------------------------------------- merging


def _ids(rec: Record) -> set[str]:
    out = set()
    if rec.doi:
        out.add("doi:" + (normalize_doi(rec.doi) or ""))
    if rec.pmid:
        out.add("pmid:" + rec.pmid.strip())
    return out


def same_work(a: Record, b: Record) -> bool:
    """Same DOI or PMID; or, across sources and with no identifier conflict, same title, first
    author and year (a PubMed record lacking the DOI that Crossref holds)."""
    if _ids(a) & _ids(b):
        return True
    if a.doi and b.doi and normalize_doi(a.doi) != normalize_doi(b.doi):
        return False
    if a.pmid and b.pmid and a.pmid != b.pmid:
        return False
    if a.source == b.source or a.is_notice != b.is_notice:
        return False
    if title_similarity(a.title, b.title) < SAME_TITLE:
        # Crossref keeps the subtitle apart: one title the start of the other, and the issue agrees
        ka, kb = title_key(a.title), title_key(b.title)
        short, long_ = sorted((ka, kb), key=len)
        if not (short and long_.startswith(short + " ") and len(short.split()) >= 3):
            return False
        if not (a.volume and a.volume == b.volume) and not (a.first_page and a.first_page == b.first_page):
            return False
    ya, yb = years_of(a), years_of(b)
    if ya and yb and not ya & yb:
        return False
    ra, rb = record_authors(a), record_authors(b)
    if ra and rb and not same_surname(ra[0], rb[0]):
        return False
    return True


def group(records: Iterable[Record]) -> list[list[Record]]:
    """Records of one work together (union of `same_work`), in order of first appearance."""
    recs = [r for r in records if r is not None]
    parent = list(range(len(recs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(recs)):
        for j in range(i + 1, len(recs)):
            if recs[i] == recs[j] or same_work(recs[i], recs[j]):
                parent[find(j)] = find(i)
    groups: dict[int, list[Record]] = {}
    for i, r in enumerate(recs):
        g = groups.setdefault(find(i), [])
        if r not in g:
            g.append(r)
    return list(groups.values())


_SOURCE_ORDER = {"pubmed": 0, "crossref": 1}


def _update_key(u: Update) -> tuple:
    return (u.kind, normalize_doi(u.doi) or (f"pmid:{u.pmid}" if u.pmid else None) or u.subtype)


def merge_updates(updates: Iterable[Update]) -> tuple[Update, ...]:
    """One Update per notice (kind + DOI/PMID); sources joined ("pubmed,crossref"), gaps filled."""
    out: dict[tuple, Update] = {}
    by_pmid: dict[tuple, tuple] = {}
    for u in updates:
        k = _update_key(u)
        # the same notice known by DOI to one source and by PMID to another
        if k not in out and u.pmid and (u.kind, u.pmid) in by_pmid:
            k = by_pmid[(u.kind, u.pmid)]
        if k not in out:
            out[k] = u
        else:
            o = out[k]
            srcs = list(dict.fromkeys(o.source.split(",") + u.source.split(",")))
            out[k] = replace(
                o,
                source=",".join(srcs),
                doi=o.doi or u.doi,
                pmid=o.pmid or u.pmid,
                date=o.date or u.date,
                replacement_doi=o.replacement_doi or u.replacement_doi,
                replacement_pmid=o.replacement_pmid or u.replacement_pmid,
                label=o.label or u.label,
                subtype=o.subtype if o.subtype not in ("retraction", "correction", "") else (u.subtype or o.subtype),
            )
        if out[k].pmid:
            by_pmid[(u.kind, out[k].pmid)] = k
    # A notice known without any identifier ("Retracted Publication" publication type) is the
    # same notice as an identified one of the same kind: fold it in rather than count it twice.
    merged = list(out.values())
    for u in [x for x in merged if not x.doi and not x.pmid]:
        twin = next((x for x in merged if x is not u and x.kind == u.kind and (x.doi or x.pmid)), None)
        if twin is not None:
            srcs = list(dict.fromkeys(twin.source.split(",") + u.source.split(",")))
            merged[merged.index(twin)] = replace(twin, source=",".join(srcs), date=twin.date or u.date)
            merged.remove(u)
    # PubMed lists a retract-and-replace twice: RetractionIn (the notice) and
    # RetractedandRepublishedIn (pointing at the replacement itself). One retraction, whose
    # notice names the replacement.
    for u in [x for x in merged if _points_at_replacement(x)]:
        notice = next((x for x in merged if x is not u and x.kind == u.kind and (x.doi or x.pmid)
                       and not _points_at_replacement(x)), None)
        if notice is not None:
            srcs = list(dict.fromkeys(notice.source.split(",") + u.source.split(",")))
            merged[merged.index(notice)] = replace(
                notice, source=",".join(srcs), subtype=u.subtype or notice.subtype,
                replacement_doi=notice.replacement_doi or u.replacement_doi,
                replacement_pmid=notice.replacement_pmid or u.replacement_pmid)
            merged.remove(u)
    return tuple(merged)


def _points_at_replacement(u: Update) -> bool:
    """An update whose only identifiers are those of the replacement (not of a notice)."""
    if not (u.replacement_doi or u.replacement_pmid):
        return False
    return ((u.doi or None) in (None, u.replacement_doi)) and ((u.pmid or None) in (None, u.replacement_pmid))


_ISSUE_FIELDS = ("year", "print_date", "volume", "issue", "first_page", "last_page")


def merge(records: Iterable[Record]) -> Record:
    """One work's records → one Record: PubMed preferred for bibliographic fields, Crossref fills
    gaps (doi, short titles, ISSNs, pages...), updates united; `source` is the first record's."""
    recs = [r for r in records if r is not None]
    if not recs:
        raise ValueError("merge() needs at least one record")
    if len(recs) == 1:
        return recs[0]
    ordered = sorted(recs, key=lambda r: _SOURCE_ORDER.get(r.source, 9))
    primary = ordered[0]
    values: dict = {}
    tuple_union = {"issn", "short_titles", "pub_types", "notice_of"}
    for f in fields(Record):
        name = f.name
        if name in ("source", "updates", "ahead_of_print"):
            continue
        if name in tuple_union:
            values[name] = tuple(dict.fromkeys(x for r in ordered for x in getattr(r, name)))
            continue
        values[name] = next((getattr(r, name) for r in ordered if getattr(r, name)), getattr(primary, name))
    # pages: first/last from one record, never half from each
    paged = next((r for r in ordered if r.first_page), None)
    values["first_page"] = paged.first_page if paged else None
    values["last_page"] = paged.last_page if paged else None
    # a PubMed record still ahead of print while Crossref already has the issue: take the issue's
    final = [r for r in ordered if r.volume and (r.first_page or r.article_number) and not r.ahead_of_print]
    if primary.ahead_of_print and final:
        for name in _ISSUE_FIELDS:
            values[name] = getattr(final[0], name)
        if not values.get("epub_year"):
            values["epub_year"] = primary.year
    values["doi"] = normalize_doi(values.get("doi"))
    values["source"] = recs[0].source
    values["ahead_of_print"] = any(r.ahead_of_print for r in recs) and not (
        values.get("volume") and (values.get("first_page") or values.get("article_number"))
    )
    values["updates"] = merge_updates(u for r in ordered for u in r.updates)
    return Record(**values)


def sources_of(records: Sequence[Record]) -> tuple[str, ...]:
    return tuple(sorted({r.source for r in records}, key=lambda s: _SOURCE_ORDER.get(s, 9)))


# ----------------------------------------------------------------------------------- choosing


@dataclass(frozen=True)
class Ranked:
    """One candidate work, as `choose` and the verifier see it."""

    record: Record  # merged
    sources: tuple[str, ...]
    bib: float  # score(ref, record).total: the entry without identifiers
    confidence: float  # bib, raised when a cited identifier names this work
    doi_named: bool  # the cited DOI names this work
    pmid_named: bool

    def match(self) -> Match:
        return Match(self.record, round(self.confidence, 4), self.sources)


def cites_notice(ref: Reference) -> bool:
    """The entry cites a notice (its title starts 'Retraction: …', 'Erratum …')."""
    t = fold(ref.title)
    return bool(re.match(r"(retraction|retracted|withdrawn|withdrawal|erratum|correction|corrigendum|"
                         r"expression of concern|notice of)", t))


def rank(ref: Reference, candidates: Iterable[Record]) -> list[Ranked]:
    """Candidate works, best first."""
    cdoi = normalize_doi(ref.doi)
    cpmid = (ref.pmid or "").strip() or None
    out = []
    for g in group(candidates):
        g = sorted(g, key=lambda r: _SOURCE_ORDER.get(r.source, 9))
        rec = merge(g)
        bib = score(ref, rec).total
        doi_named = bool(cdoi) and any(normalize_doi(r.doi) == cdoi for r in g)
        pmid_named = bool(cpmid) and any((r.pmid or "").strip() == cpmid for r in g)
        conf = bib
        if (doi_named or pmid_named) and bib >= ID_SUPPORT_FLOOR:
            conf = bib + (1 - bib) * ID_BONUS
        if rec.is_notice and not cites_notice(ref):
            conf *= 0.9  # the entry cites the work, not the notice about it
        out.append(Ranked(rec, sources_of(g), bib, round(conf, 4), doi_named, pmid_named))
    out.sort(key=lambda r: (-r.confidence, -(r.doi_named or r.pmid_named), -r.bib))
    return out


def _related(a: Record, b: Record) -> bool:
    """One is a notice about the other, or a preprint/other version of it."""
    ida = {normalize_doi(a.doi), a.pmid} - {None, ""}
    idb = {normalize_doi(b.doi), b.pmid} - {None, ""}
    notes_a = {normalize_doi(x) or x for x in a.notice_of}
    notes_b = {normalize_doi(x) or x for x in b.notice_of}
    if notes_a & idb or notes_b & ida:
        return True
    # one retracted (or corrected) and republished as the other
    repl_a = {normalize_doi(x) or x for u in a.updates for x in (u.replacement_doi, u.replacement_pmid) if x}
    repl_b = {normalize_doi(x) or x for u in b.updates for x in (u.replacement_doi, u.replacement_pmid) if x}
    if repl_a & idb or repl_b & ida:
        return True
    kinds = {a.type, b.type}
    if "posted-content" in kinds and len(kinds) > 1:
        return True
    return False


def ambiguous_pair(ranked: Sequence[Ranked]) -> bool:
    if len(ranked) < 2:
        return False
    a, b = ranked[0], ranked[1]
    if (a.doi_named or a.pmid_named) and not (b.doi_named or b.pmid_named):
        return False  # the cited identifier tells them apart
    return (
        b.confidence >= MATCH_THRESHOLD
        and a.confidence - b.confidence <= AMBIGUITY_MARGIN
        and not _related(a.record, b.record)
    )


def choose(ref: Reference, candidates: Iterable[Record]) -> Choice:
    """The best candidate work (merged over sources), the runners-up, and whether it is ambiguous.

    `best` is None when no candidate reaches MATCH_THRESHOLD; runners are the other candidates,
    best first (at most 5), for the verifier's messages.
    """
    ranked = rank(ref, candidates)
    if not ranked:
        return Choice(None, (), False)
    top = ranked[0]
    best = top.match() if top.confidence >= MATCH_THRESHOLD else None
    runners = tuple(r.match() for r in ranked[1 if best else 0 : 6])
    return Choice(best, runners, best is not None and ambiguous_pair(ranked))
