"""Crossref REST JSON → Record / Update."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from ..model import Person, Record, Update
from ..normalize import expand_pages, normalize_doi, plain
from ..normalize import initials as initials_of

_WS = re.compile(r"\s+")


def _first(x: Any) -> str | None:
    if isinstance(x, list):
        for v in x:
            p = plain(v)
            if p:
                return p
        return None
    return plain(x)


def _date(d: Any) -> tuple[int | None, str | None]:
    """Crossref {"date-parts": [[2012, 3, 21]]} → (2012, "2012-03-21")."""
    if not isinstance(d, dict):
        return None, None
    parts = d.get("date-parts") or [[]]
    p = parts[0] if parts and isinstance(parts[0], list) else []
    p = [int(x) for x in p if isinstance(x, int) and not isinstance(x, bool) or isinstance(x, str) and x.isascii() and x.isdecimal()]
    if not p:
        return None, None
    y = p[0]
    if len(p) >= 3:
        return y, f"{y:04d}-{p[1]:02d}-{p[2]:02d}"
    if len(p) == 2:
        return y, f"{y:04d}-{p[1]:02d}"
    return y, f"{y:04d}"


# updated-by / update-to type → (kind, subtype); None = not an update we report
UPDATE_TYPES: dict[str, tuple[str, str] | None] = {
    "retraction": ("retraction", "retraction"),
    "partial_retraction": ("retraction", "partial_retraction"),
    "partial-retraction": ("retraction", "partial_retraction"),
    "withdrawal": ("retraction", "withdrawal"),
    "removal": ("retraction", "removal"),
    "expression_of_concern": ("expression-of-concern", "expression_of_concern"),
    "expression-of-concern": ("expression-of-concern", "expression_of_concern"),
    "correction": ("correction", "correction"),
    "erratum": ("correction", "erratum"),
    "corrigendum": ("correction", "corrigendum"),
    "addendum": ("correction", "addendum"),
    "clarification": ("correction", "clarification"),
    "new_version": None,
}


def update_from(u: dict) -> Update | None:
    """One `updated-by` entry (or a notice's `update-to` seen from the other side) → Update."""
    t = str(u.get("type") or "").strip().lower()
    kt = UPDATE_TYPES.get(t, ("correction", t) if t else None)
    if kt is None:
        return None
    kind, subtype = kt
    _, date = _date(u.get("updated"))
    return Update(
        kind=kind,  # type: ignore[arg-type]
        subtype=subtype,
        source=str(u.get("source") or "crossref").lower(),
        doi=normalize_doi(u.get("DOI")),
        date=date,
        label=u.get("label"),
    )


def record_from_work(m: dict) -> Record:
    """A Crossref `work` message (or one item of a `work-list`) → Record."""
    authors, collective = [], []
    for a in m.get("author") or []:
        if a.get("family"):
            given = plain(a.get("given"))
            initials = initials_of(given)
            authors.append(Person(family=plain(a["family"]) or "", given=given, initials=initials or None))
        elif a.get("name"):
            collective.append(plain(a["name"]))
        elif a.get("given"):  # mononym
            authors.append(Person(family=plain(a["given"]) or ""))

    year, print_date = _date(m.get("published-print"))
    if year is None:
        year, print_date = _date((m.get("journal-issue") or {}).get("published-print"))
    epub_year, epub_date = _date(m.get("published-online"))
    if epub_year is None:
        epub_year, epub_date = _date((m.get("journal-issue") or {}).get("published-online"))
    if year is None:
        year, print_date = _date(m.get("issued"))
        if year is None:
            year, print_date = _date(m.get("published"))

    first = last = None
    page = plain(m.get("page"))
    if page:
        full = expand_pages(page.split(",")[0]) or ""
        if "-" in full:
            first, _, last = full.partition("-")
            first, last = first.strip() or None, last.strip() or None
        else:
            first = full or None
    article_number = plain(m.get("article-number"))

    updates = []
    for u in m.get("updated-by") or []:
        up = update_from(u)
        if up is not None and up not in updates:
            updates.append(up)
    # retracted and replaced: `relation.is-replaced-by` names the new version
    rel = m.get("relation")
    if not isinstance(rel, dict):
        rel = {}
    repl = next((normalize_doi(x.get("id")) for x in rel.get("is-replaced-by") or []
                 if isinstance(x, dict) and str(x.get("id-type") or "doi").lower() == "doi" and x.get("id")), None)
    if repl:
        updates = [replace(u, replacement_doi=u.replacement_doi or repl) if u.kind == "retraction" and u.doi != repl
                   else u for u in updates]
    preprint_of = _related_dois(rel, "is-preprint-of")
    has_preprint = _related_dois(rel, "has-preprint")
    notice_of = []
    for u in m.get("update-to") or []:
        t = str(u.get("type") or "").lower()
        d = normalize_doi(u.get("DOI"))
        if UPDATE_TYPES.get(t, ("x", t)) is None or not d:
            continue  # new_version pointing at itself is not a notice
        if d != normalize_doi(m.get("DOI")) and d not in notice_of:
            notice_of.append(d)

    volume = plain(m.get("volume"))
    typ = m.get("type")
    return Record(
        source="crossref",
        doi=normalize_doi(m.get("DOI")),
        title=_first(m.get("title")),
        authors=tuple(authors),
        collective=tuple(c for c in collective if c),
        journal=_first(m.get("container-title")) or (_institution(m) if typ == "posted-content" else None),
        short_titles=tuple(p for p in (plain(t) for t in m.get("short-container-title") or []) if p),
        issn=tuple(dict.fromkeys(str(i) for i in m.get("ISSN") or [])),
        year=year,
        print_date=print_date,
        epub_year=epub_year,
        epub_date=epub_date,
        volume=volume,
        issue=plain(m.get("issue")) or plain((m.get("journal-issue") or {}).get("issue")),
        first_page=first,
        last_page=last,
        article_number=article_number,
        pub_types=(typ,) if typ else (),
        ahead_of_print=typ == "journal-article" and not volume and not first and not article_number,
        updates=tuple(updates),
        notice_of=tuple(notice_of),
        type=typ,
        publisher=plain(m.get("publisher")),
        preprint_of=preprint_of,
        has_preprint=has_preprint,
    )


def _related_dois(rel: dict, kind: str) -> tuple[str, ...]:
    """DOIs of `relation[kind]` ("is-preprint-of", "has-preprint"), in order, once each."""
    out = []
    for x in rel.get(kind) or []:
        if isinstance(x, dict) and str(x.get("id-type") or "doi").lower() == "doi":
            d = normalize_doi(str(x.get("id") or ""))
            if d and d not in out:
                out.append(d)
    return tuple(out)


def _institution(m: dict) -> str | None:
    """A posted-content item's server ("bioRxiv", "Research Square"): where a preprint stands."""
    for i in m.get("institution") or []:
        if isinstance(i, dict) and plain(i.get("name")):
            return plain(i.get("name"))
    return None


def work_from_body(body: dict) -> Record:
    if body.get("status") != "ok" or body.get("message-type") != "work":
        raise ValueError(f"not a work message: {body.get('message-type')!r}")
    return record_from_work(body["message"])


def items_from_body(body: dict) -> list[dict]:
    if body.get("status") != "ok" or body.get("message-type") != "work-list":
        raise ValueError(f"not a work-list message: {body.get('message-type')!r}")
    return list(body["message"].get("items") or [])
