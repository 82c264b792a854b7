"""DataCite `relatedIdentifiers` feed the preprint → published-version path (issue 12).

The real arXiv answer (tests/data/wire-samples/datacite/doi-arxiv.json) with relations of the
documented shape (`relationType`, `relatedIdentifier`, `relatedIdentifierType`) added: IsPreprintOf
names the published version; IsVersionOf only under another prefix (under arXiv's own it is the
same preprint again, as a Zenodo concept DOI is the same record); a non-preprint keeps none.
"""

from __future__ import annotations

import copy
import json

from refcheck.sources.datacite import record_from_datacite
from tests.paths import WIRE

ARXIV = json.loads((WIRE / "datacite" / "doi-arxiv.json").read_text(encoding="utf-8"))


def with_relations(*rels: tuple[str, str, str], general: str | None = None) -> dict:
    body = copy.deepcopy(ARXIV)
    a = body["data"]["attributes"]
    a["relatedIdentifiers"] = [{"relationType": r, "relatedIdentifier": i, "relatedIdentifierType": t}
                               for r, i, t in rels]
    if general:
        a["types"] = {**a.get("types", {}), "resourceTypeGeneral": general}
    return body


def test_the_sample_alone_has_no_versions():
    r = record_from_datacite(ARXIV)
    assert r.is_preprint and r.preprint_of == () and r.version_of == ()


def test_is_preprint_of_names_the_published_version():
    r = record_from_datacite(with_relations(("IsPreprintOf", "https://doi.org/10.1145/3534678.3539043", "DOI"),
                                            ("Cites", "10.1000/cited", "DOI")))
    assert r.preprint_of == ("10.1145/3534678.3539043",)


def test_is_version_of_counts_only_under_another_prefix():
    own = record_from_datacite(ARXIV).doi.split("/")[0]
    r = record_from_datacite(with_relations(("IsVersionOf", f"{own}/arXiv.2605.10930v2", "DOI"),
                                            ("IsVersionOf", "10.1038/s41597-019-0031-8", "DOI"),
                                            ("IsVersionOf", "https://example.org/not-a-doi", "URL")))
    assert r.version_of == ("10.1038/s41597-019-0031-8",) and r.preprint_of == ()


def test_a_dataset_keeps_no_preprint_relations():
    r = record_from_datacite(with_relations(("IsPreprintOf", "10.1145/3534678.3539043", "DOI"),
                                            ("IsVersionOf", "10.1038/s41597-019-0031-8", "DOI"), general="Dataset"))
    assert not r.is_preprint and r.preprint_of == () and r.version_of == ()
    assert r.from_dict(r.to_dict()) == r
