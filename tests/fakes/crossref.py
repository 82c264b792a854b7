"""Renderers for the Crossref REST API answers, in the shapes of the real samples."""

from __future__ import annotations

import calendar
import datetime as _dt

from .model import Work
from .store import CROSSREF_NOTICE, Store, words

SELECTABLE = {
    "abstract", "URL", "resource", "member", "posted", "score", "created", "degree", "update-policy",
    "short-title", "license", "ISSN", "container-title", "issued", "update-to", "issue", "prefix",
    "approved", "indexed", "article-number", "clinical-trial-number", "accepted", "author", "group-title",
    "DOI", "is-referenced-by-count", "updated-by", "event", "chair", "standards-body", "original-title",
    "funder", "translator", "archive", "published-print", "alternative-id", "subject", "subtitle",
    "published-online", "publisher-location", "content-domain", "reference", "title", "link", "type",
    "publisher", "volume", "references-count", "ISBN", "issn-type", "assertion", "deposited", "page",
    "content-created", "short-container-title", "relation", "editor", "journal-issue", "published",
    "reference-count", "language", "source", "isbn-type", "edition-number", "institution", "review",
}


def date_obj(parts: list[int], full: bool = False) -> dict:
    d: dict = {"date-parts": [list(parts)]}
    if full:
        y, m, dd = (list(parts) + [1, 1])[:3]
        dt = _dt.datetime(y, m, dd, tzinfo=_dt.timezone.utc)
        d["date-time"] = dt.strftime("%Y-%m-%dT%H:%M:%SZ")
        d["timestamp"] = calendar.timegm(dt.timetuple()) * 1000
    return d


def _iso_parts(s: str | None) -> list[int] | None:
    if not s:
        return None
    return [int(p) for p in s.split("-") if p]


def update_entry(link_notice, date: str | None, doi: str | None) -> dict:
    typ, label = CROSSREF_NOTICE[link_notice.kind]
    e: dict = {
        "DOI": doi,
        "type": typ,
        "label": link_notice.label or label,
        "source": link_notice.source,
        "updated": date_obj(_iso_parts(date) or [2020], full=True),
    }
    if link_notice.record_id is not None:
        rid = link_notice.record_id
        e["record-id"] = int(rid) if str(rid).isdigit() else rid
    return e


def print_parts(w: Work) -> list[int] | None:
    if w.status == "epublish" or w.year is None:
        return None
    if w.status == "aheadofprint" and not w.volume:
        return None
    return w.print_parts


def work_json(store: Store, w: Work) -> dict:
    posted = w.crossref_type == "posted-content"  # a preprint: shaped as works/10.1101/097196
    pp = None if posted else print_parts(w)
    po = None if posted else w.epub_parts
    if w.status == "epublish" and not po and w.year is not None:
        po = w.print_parts
    issued = min([p for p in (pp, po) if p], key=lambda p: tuple(p + [0, 0]), default=None) or [None]
    if posted:
        issued = w.epub_parts or w.print_parts or [None]
    prefix = w.doi.split("/", 1)[0] if w.doi and "/" in w.doi else ""
    container = []
    if w.crossref_type in ("book-chapter", "proceedings-article", "book-part", "reference-entry"):
        if w.journal and w.journal != w.container_title:
            container.append(w.journal)
        if w.container_title:
            container.append(w.container_title)
    elif w.crossref_type == "book":
        container = [w.journal] if w.journal else []
    elif posted:
        container = []  # the server is named in `institution`
    else:
        container = [w.journal] if w.journal else ([w.container_title] if w.container_title else [])
    short = [w.journal_iso] if w.journal_iso and w.crossref_type == "journal-article" else []
    authors = []
    for i, a in enumerate(w.authors):
        given = a[1] if len(a) > 1 else None
        if len(a) > 2 and given:
            given = f"{given} {a[2]}"
        e = {"given": given, "family": a[0], "sequence": "first" if i == 0 else "additional", "affiliation": []}
        if not given:
            del e["given"]
        authors.append(e)
    if w.collective:
        authors.append({"name": w.collective, "sequence": "first" if not authors else "additional", "affiliation": []})
    m: dict = {}
    if posted and w.journal:
        m["institution"] = [{"name": w.journal}]
    m["indexed"] = {"date-parts": [[2025, 10, 1]], "date-time": "2025-10-01T05:12:33Z", "timestamp": 1759295553000,
                    "version": "3.54.1"}
    if posted and issued[0]:
        m["posted"] = date_obj(issued)
    if posted and w.group_title:
        m["group-title"] = w.group_title
    m["reference-count"] = 0
    m["publisher"] = w.publisher or "Crossref Test Publisher"
    if w.issue and not posted:
        m["issue"] = w.issue
    m["license"] = [{"start": date_obj(issued if issued[0] else [2020], full=True), "content-version": "tdm",
                     "delay-in-days": 0, "URL": "https://www.elsevier.com/tdm/userlicense/1.0/"}]
    m["content-domain"] = {"domain": [], "crossmark-restriction": False}
    m["short-container-title"] = short
    if w.abstract:
        m["abstract"] = f"<jats:p>{w.abstract}</jats:p>"
    m["DOI"] = w.doi
    m["type"] = w.crossref_type
    m["created"] = date_obj(issued if issued[0] else [2020], full=True)
    if w.pages and not posted:
        m["page"] = w.pages
    m["update-policy"] = f"https://doi.org/{prefix}/crossmark_policy"
    m["source"] = "Crossref"
    m["is-referenced-by-count"] = w.is_referenced_by_count
    m["title"] = [w.title.rstrip(".")] if w.title else []
    m["prefix"] = prefix
    if w.volume and not posted:
        m["volume"] = w.volume
    if authors:
        m["author"] = authors
    m["member"] = w.member
    if po:
        m["published-online"] = date_obj(po)
    if pp:
        m["published-print"] = date_obj(pp)
    m["reference"] = []
    # editorial updates: this work updated by notices / this work is a notice
    updated_by = []
    relation: dict = {}
    for link in store.links_updating(w):
        nt = link.notice
        if not nt.in_crossref or not nt.notice_doi and nt.source != "retraction-watch":
            continue
        updated_by.append(update_entry(nt, nt.date, nt.notice_doi))
        if nt.replacement_doi:
            relation.setdefault("is-replaced-by", []).append(
                {"id-type": "doi", "id": nt.replacement_doi, "asserted-by": "subject"})
        if nt.kind in ("correction", "erratum", "corrigendum") and nt.notice_doi:
            relation.setdefault("correction", []).append(
                {"id-type": "doi", "id": nt.notice_doi, "asserted-by": "object"})
    update_to = []
    for link in store.links_noticed_by(w):
        nt = link.notice
        if not nt.in_crossref or not link.target.doi:
            continue
        update_to.append(update_entry(nt, nt.date, link.target.doi))
    for link in store.links_replaced_by(w):
        if link.target.doi:
            relation.setdefault("replaces", []).append({"id-type": "doi", "id": link.target.doi, "asserted-by": "subject"})
    for d in w.preprint_of:  # as the sample: the preprint server asserts it ("subject")
        relation.setdefault("is-preprint-of", []).append({"id-type": "doi", "id": d, "asserted-by": "subject"})
    for pre in store.preprints(w):
        if pre.doi and pre.in_crossref:
            relation.setdefault("has-preprint", []).append({"id-type": "doi", "id": pre.doi, "asserted-by": "object"})
    if update_to:
        m["update-to"] = update_to
    if updated_by:
        m["updated-by"] = updated_by
    m["container-title"] = container
    m["original-title"] = []
    m["language"] = "en"
    m["link"] = [{"URL": f"https://example.org/fulltext/{w.doi}", "content-type": "unspecified",
                  "content-version": "vor", "intended-application": "similarity-checking"}]
    m["deposited"] = date_obj(issued if issued[0] else [2020], full=True)
    m["score"] = 1
    m["resource"] = {"primary": {"URL": f"https://example.org/doi/{w.doi}"}}
    m["subtitle"] = []
    m["short-title"] = []
    m["issued"] = {"date-parts": [issued]}
    if w.isbn:
        m["ISBN"] = [w.isbn]
        m["isbn-type"] = [{"value": w.isbn.replace("-", ""), "type": "print"}]
    m["references-count"] = 0
    if w.issue and w.crossref_type == "journal-article":
        ji: dict = {"issue": w.issue}
        if pp:
            ji["published-print"] = date_obj(pp)
        if po:
            ji["published-online"] = date_obj(po)
        m["journal-issue"] = ji
    if w.elocation and not posted:
        m["article-number"] = w.elocation
    m["alternative-id"] = [w.pii or w.doi.split("/", 1)[-1]]
    m["URL"] = f"https://doi.org/{w.doi}"
    m["relation"] = relation
    issns = [(x, t) for x, t in ((w.issn, "print"), (w.eissn, "electronic")) if x]
    if issns:
        m["ISSN"] = [x for x, _ in issns]
        m["issn-type"] = [{"value": x, "type": t} for x, t in issns]
    m["subject"] = []
    m["published"] = {"date-parts": [issued]}
    if posted:
        m["subtype"] = "preprint"
    return m


def single(store: Store, w: Work) -> dict:
    return {"status": "ok", "message-type": "work", "message-version": "1.0.0", "message": work_json(store, w)}


def work_list(items: list[dict], total: int, rows: int, offset: int, terms: str | None,
              next_cursor: str | None = None) -> dict:
    msg: dict = {"facets": {}, "total-results": total, "items": items, "items-per-page": rows,
                 "query": {"start-index": offset, "search-terms": terms}}
    if next_cursor is not None:
        msg = {"facets": {}, "next-cursor": next_cursor, "total-results": total, "items": items,
               "items-per-page": rows, "query": {"start-index": offset, "search-terms": terms}}
    return {"status": "ok", "message-type": "work-list", "message-version": "1.0.0", "message": msg}


def validation_failure(typ: str, value, message: str) -> dict:
    return {"status": "failed", "message-type": "validation-failure",
            "message": [{"type": typ, "value": value, "message": message}]}


def score(w: Work, fields: dict[str, str]) -> float:
    """Word-overlap relevance, on the scale Crossref uses (tens)."""
    total = 0.0
    for fname, text in fields.items():
        q = words(text)
        if not q:
            continue
        hay_title = set(words(w.title))
        hay_auth = set()
        for a in w.authors:
            hay_auth.update(words(a[0]))
            hay_auth.update(words(a[1] if len(a) > 1 else ""))
        hay_auth.update(words(w.collective))
        hay_cont = set(words(w.journal)) | set(words(w.journal_iso)) | set(words(w.container_title))
        hay_misc = {str(w.year or ""), str((w.epub or "")[:4]), (w.volume or "").lower(), (w.issue or "").lower(),
                    (w.first_page or "").lower(), (w.last_page or "").lower(), (w.elocation or "").lower()} - {""}
        if fname == "query.title":
            hay = hay_title
        elif fname in ("query.author", "query.contributor"):
            hay = hay_auth
        elif fname == "query.container-title":
            hay = hay_cont
        else:
            hay = hay_title | hay_auth | hay_cont | hay_misc
        hit = sum(1 for x in q if x in hay)
        if hit == 0:
            return 0.0
        frac = hit / len(q)
        title_cover = len(hay_title & set(q)) / max(1, len(hay_title))
        total += 10.0 * hit * frac + 30.0 * title_cover
    return round(total, 6)
