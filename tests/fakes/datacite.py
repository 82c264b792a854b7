"""Renderers for the DataCite REST API (/dois/{doi}), in the shape of the real answers.

Shape: tests/data/wire-samples/datacite/ (a JSON:API document; 404 with an `errors` array).
"""

from __future__ import annotations

from .model import Work

NOT_FOUND = {"errors": [{"status": "404", "title": "The resource you are looking for doesn't exist."}]}

_GENERAL = {"posted-content": "Preprint", "dataset": "Dataset", "software": "Software", "book": "Book",
            "book-chapter": "BookChapter", "proceedings-article": "ConferencePaper",
            "journal-article": "JournalArticle", "report": "Report", "dissertation": "Dissertation"}


def doi_answer(w: Work) -> dict:
    general = w.datacite_type or _GENERAL.get(w.crossref_type, "Text")
    creators = [{"name": f"{a[0]}, {a[1]}" if len(a) > 1 and a[1] else a[0], "nameType": "Personal",
                 "givenName": a[1] if len(a) > 1 else None, "familyName": a[0],
                 "affiliation": [], "nameIdentifiers": []} for a in w.authors]
    if w.collective:
        creators.append({"name": w.collective, "nameType": "Organizational", "affiliation": [],
                         "nameIdentifiers": []})
    container = {}
    if w.container_title or (w.journal and general != "Preprint"):
        container = {"type": "Series", "title": w.container_title or w.journal}
        if w.volume:
            container["volume"] = w.volume
        if w.issue:
            container["issue"] = w.issue
        if w.first_page:
            container["firstPage"] = w.first_page
        if w.last_page:
            container["lastPage"] = w.last_page
    doi = w.doi_lower
    attrs = {
        "doi": doi,
        "identifiers": [],
        "creators": creators,
        "titles": [{"title": w.title}],
        "publisher": w.publisher or (w.journal if general == "Preprint" else None) or "Zenodo",
        "container": container,
        "publicationYear": w.year,
        "subjects": [],
        "contributors": [],
        "dates": [{"date": f"{w.year}", "dateType": "Issued"}] if w.year else [],
        "language": "en",
        "types": {"ris": "GEN", "bibtex": "misc", "citeproc": "article", "schemaOrg": "CreativeWork",
                  "resourceType": w.crossref_type, "resourceTypeGeneral": general},
        "relatedIdentifiers": [
            {"relationType": rel, "relatedIdentifier": d, "relatedIdentifierType": "DOI"}
            for rel, ds in (("IsPreprintOf", w.preprint_of), ("IsVersionOf", w.version_of)) for d in ds],
        "relatedItems": [],
        "sizes": [],
        "formats": [],
        "version": "1",
        "rightsList": [],
        "descriptions": [{"description": w.abstract, "descriptionType": "Abstract"}] if w.abstract else [],
        "geoLocations": [],
        "fundingReferences": [],
        "url": f"https://example.org/records/{doi}",
        "contentUrl": None,
        "metadataVersion": 3,
        "schemaVersion": "http://datacite.org/schema/kernel-4",
        "source": "mds",
        "isActive": True,
        "state": "findable",
        "reason": None,
        "viewCount": 0,
        "downloadCount": 0,
        "referenceCount": 0,
        "citationCount": w.is_referenced_by_count,
        "partCount": 0,
        "partOfCount": 0,
        "versionCount": 0,
        "versionOfCount": 0,
        "created": f"{w.year or 2020}-01-01T00:00:00.000Z",
        "registered": f"{w.year or 2020}-01-01T00:00:00.000Z",
        "published": str(w.year) if w.year else None,
        "updated": "2025-01-01T00:00:00.000Z",
    }
    return {"data": {"id": doi, "type": "dois", "attributes": attrs, "relationships": {
        "client": {"data": {"id": "fake.repository", "type": "clients"}},
        "provider": {"data": {"id": "fake", "type": "providers"}},
        "media": {"data": {"id": doi, "type": "media"}},
        "references": {"data": []}, "citations": {"data": []}, "parts": {"data": []},
        "partOf": {"data": []}, "versions": {"data": []}, "versionOf": {"data": []}}}}
