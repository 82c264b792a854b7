"""Renderers for the OpenAlex works API (/works list), in the shape of the real answers.

Shape: tests/data/wire-samples/openalex/ (a work object; the list envelope meta/results/group_by).
Supported: `filter=title.search:<words>` (every word of the query must occur in the title,
diacritics and case folded — stricter than the real full-text search), `filter=doi:a|b`,
`per_page` (1-200), `page`, `mailto`, `api_key`, `select`.
"""

from __future__ import annotations

import zlib

from .model import Work
from .store import Store, words

FILTERS = ("title.search", "doi")
ALLOWED = {"filter", "per_page", "page", "mailto", "api_key", "select", "sort", "search", "cursor"}

_TYPE = {"journal-article": "article", "proceedings-article": "article", "book-chapter": "book-chapter",
         "book": "book", "posted-content": "preprint", "dataset": "dataset", "report": "report",
         "dissertation": "dissertation"}


class BadRequest(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.body = {"error": "Invalid query parameters error.", "message": message}


def work_id(w: Work) -> str:
    return w.openalex_id or f"W{zlib.crc32((w.doi_lower or w.title).encode()) % 10**10 + 10**9}"


def work_object(w: Work) -> dict:
    wid = work_id(w)
    doi_url = f"https://doi.org/{w.doi_lower}" if w.doi else None
    ids = {"openalex": f"https://openalex.org/{wid}"}
    if doi_url:
        ids["doi"] = doi_url
    if w.pmid and w.in_pubmed:
        ids["pmid"] = f"https://pubmed.ncbi.nlm.nih.gov/{w.pmid}"
    conf = w.crossref_type == "proceedings-article"
    venue = w.container_title or w.journal
    source = None
    if venue:
        source = {"id": f"https://openalex.org/S{zlib.crc32(venue.encode()) % 10**9}", "display_name": venue,
                  "issn_l": w.issn, "issn": [x for x in (w.issn, w.eissn) if x] or None, "is_oa": False,
                  "is_in_doaj": False, "host_organization": None,
                  "host_organization_name": w.publisher, "host_organization_lineage": [],
                  "type": "conference" if conf else ("repository" if w.crossref_type == "posted-content"
                                                     else "book series" if w.crossref_type.startswith("book")
                                                     else "journal")}
    authorships = []
    for i, a in enumerate(w.authors):
        f, g = a[0], (a[1] if len(a) > 1 else None)
        name = f"{g} {f}" if g else f
        authorships.append({
            "author_position": "first" if i == 0 else ("last" if i == len(w.authors) - 1 else "middle"),
            "author": {"id": f"https://openalex.org/A{zlib.crc32(name.encode()) % 10**10}", "display_name": name,
                       "orcid": None},
            "institutions": [], "countries": [], "is_corresponding": i == 0,
            "raw_author_name": name, "raw_affiliation_strings": []})
    date = None
    if w.year:
        date = f"{w.year:04d}-{w.month or 1:02d}-{w.day or 1:02d}"
    return {
        "id": f"https://openalex.org/{wid}",
        "doi": doi_url,
        "title": w.title,
        "display_name": w.title,
        "publication_year": w.year,
        "publication_date": date,
        "ids": ids,
        "language": "en",
        "primary_location": {"is_oa": False, "landing_page_url": doi_url, "pdf_url": None, "source": source,
                             "license": None, "license_id": None, "version": "publishedVersion",
                             "is_accepted": True, "is_published": True},
        "type": _TYPE.get(w.crossref_type, "other"),
        "type_crossref": w.crossref_type,
        "indexed_in": [x for x in ("crossref" if w.in_crossref else None, "pubmed" if w.in_pubmed else None) if x],
        "open_access": {"is_oa": False, "oa_status": "closed", "oa_url": None, "any_repository_has_fulltext": False},
        "authorships": authorships,
        "countries_distinct_count": 0,
        "institutions_distinct_count": 0,
        "corresponding_author_ids": [],
        "corresponding_institution_ids": [],
        "apc_list": None,
        "apc_paid": None,
        "fwci": None,
        "has_fulltext": False,
        "cited_by_count": w.is_referenced_by_count,
        "biblio": {"volume": w.volume, "issue": w.issue, "first_page": w.first_page or w.elocation,
                   "last_page": w.last_page},
        "is_retracted": any(n.kind == "retraction" for n in w.notices),
        "is_paratext": False,
        "primary_topic": None,
        "topics": [],
        "keywords": [],
        "concepts": [],
        "mesh": [],
        "locations_count": 1,
        "locations": [],
        "best_oa_location": None,
        "sustainable_development_goals": [],
        "grants": [],
        "datasets": [],
        "versions": [],
        "referenced_works_count": 0,
        "referenced_works": [],
        "related_works": [],
        "abstract_inverted_index": None,
        "cited_by_api_url": f"https://api.openalex.org/works?filter=cites:{wid}",
        "counts_by_year": [],
        "updated_date": "2025-01-01T00:00:00.000000",
        "created_date": "2016-06-24",
    }


def _filters(value: str) -> list[tuple[str, str]]:
    out = []
    for part in [p for p in value.split(",") if p.strip()]:
        name, sep, val = part.partition(":")
        if not sep:
            raise BadRequest(f"Invalid filter: {part}")
        if name not in FILTERS:
            raise BadRequest(f"{name} is not a valid field. Valid fields are underscore or hyphenated versions of: "
                             + ", ".join(FILTERS))
        out.append((name, val))
    return out


def works_answer(store: Store, params: dict[str, list[str]]) -> dict:
    for k in params:
        if k not in ALLOWED:
            raise BadRequest(f"{k} is not a valid parameter. Valid parameters are: " + ", ".join(sorted(ALLOWED)))
    p = {k: v[-1] for k, v in params.items()}
    per_page = p.get("per_page", "25")
    if not per_page.isdigit() or not 1 <= int(per_page) <= 200:
        raise BadRequest("per-page parameter must be between 1 and 200")
    page = p.get("page", "1")
    if not page.isdigit() or int(page) < 1:
        raise BadRequest("page parameter must be an integer")
    works = store.openalex_works()
    for name, val in _filters(p.get("filter", "")):
        if name == "title.search":
            want = words(val)
            works = [w for w in works if want and set(want) <= set(words(w.title))]
        elif name == "doi":
            ds = {d.strip().lower().removeprefix("https://doi.org/") for d in val.split("|")}
            works = [w for w in works if w.doi_lower in ds]
    n, pp = int(page), int(per_page)
    results = [work_object(w) for w in works[(n - 1) * pp: n * pp]]
    if "select" in p:
        keep = [s.strip() for s in p["select"].split(",") if s.strip()]
        results = [{k: r.get(k) for k in keep} for r in results]
    return {"meta": {"count": len(works), "db_response_time_ms": 12, "page": n, "per_page": pp,
                     "groups_count": None},
            "results": results, "group_by": []}
