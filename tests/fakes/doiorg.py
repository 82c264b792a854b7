"""Renderers for the DOI system's proxy API (doi.org), in the shapes of the real answers.

Shapes: tests/data/wire-samples/doi/ (the RA look-up array, the handle REST API record and
its 404). The fake's view: a Work's DOI is registered when `Work.registered_by` names an agency.
"""

from __future__ import annotations

import re

from .store import Store

_DOI = re.compile(r"^10\.\d{4,9}/\S+$")


def ra_answer(store: Store, dois: list[str], blind=frozenset()) -> list[dict]:
    """GET /ra/{doi},{doi},… — one object per DOI, in the order asked, DOI echoed as asked."""
    blind = {b.lower() for b in blind}
    out = []
    for d in dois:
        if not _DOI.match(d):
            out.append({"DOI": d, "status": "Invalid DOI"})
            continue
        w = store.registered_get(d)
        if w is None or d.lower() in blind:
            out.append({"DOI": d, "status": "DOI does not exist"})
        else:
            out.append({"DOI": d, "RA": w.registered_by})
    return out


def handle_answer(store: Store, doi: str, types: list[str]) -> tuple[int, dict]:
    """GET /api/handles/{doi}[?type=URL] — (HTTP status, body)."""
    w = store.registered_get(doi) if _DOI.match(doi) else None
    if w is None:
        return 404, {"responseCode": 100, "handle": doi}
    values = [
        {"index": 100, "type": "HS_ADMIN", "data": {"format": "admin", "value": {
            "handle": "0.na/" + doi.split("/", 1)[0], "index": 200, "permissions": "111111110010"}},
         "ttl": 86400, "timestamp": "2019-03-14T09:12:43Z"},
        {"index": 1, "type": "URL", "data": {"format": "string", "value": f"https://example.org/landing/{doi}"},
         "ttl": 86400, "timestamp": "2019-03-14T09:12:43Z"},
    ]
    if types:
        values = [v for v in values if v["type"] in types]
        if not values:
            return 200, {"responseCode": 200, "handle": doi, "values": []}
    return 200, {"responseCode": 1, "handle": doi, "values": values}
