"""One record against one entry, field by field: journals, volume, issue, pages, years, and the
weighted `score` over every part the entry cites (identifiers excluded: `rank` adds them)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..journals import journal_similarity
from ..model import Record, Reference
from ..normalize import expand_pages, first_page, fold
from .names import author_similarity
from .raw import shows_title
from .text import title_similarity

# Weights of the parts of `score` (renormalised over what was cited).
WEIGHTS = {"title": 0.45, "authors": 0.20, "year": 0.10, "journal": 0.10, "volume": 0.05, "pages": 0.10}
# When the entry cites a field that the record lacks, that part counts 0.5 at this share of its
# weight: a missing field neither helps nor hurts much.
MISSING_WEIGHT = 0.3


@dataclass(frozen=True)
class Scored:
    total: float
    parts: dict[str, float] = field(default_factory=dict)


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
        if rec.title and shows_title(ref.raw, rec.title, subtitle_ok=True):
            put("title", 1.0)  # the entry shows the record's title, wherever the parser cut it
        else:
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
            ok: float = pages_agree(ref.pages, rec)
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

