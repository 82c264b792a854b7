"""One work's records united: which records are the same work (`same_work`, `group`), and one
Record made of them (`merge`, PubMed preferred, Crossref filling gaps, notices united)."""

from __future__ import annotations

from dataclasses import fields, replace
from typing import Iterable, Sequence

from ..model import Record, Update
from ..normalize import normalize_doi
from ..sources import registry
from .compare import years_of
from .names import record_authors, same_surname
from .text import title_key, title_similarity

# Titles at or above this similarity are "the same title" when uniting records across sources.
SAME_TITLE = 0.95

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


def _source_rank(source: str) -> int:
    """Where records of one work disagree, the earlier source in the registry's order wins."""
    return registry.rank(source)


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
    ordered = sorted(recs, key=lambda r: _source_rank(r.source))
    primary = ordered[0]
    values: dict = {}
    tuple_union = {"issn", "short_titles", "pub_types", "notice_of", "preprint_of", "has_preprint",
                   "version_of"}
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
    return tuple(sorted({r.source for r in records}, key=_source_rank))

