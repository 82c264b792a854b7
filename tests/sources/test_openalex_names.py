"""OpenAlex gives each author as one "Given Family" display name (issue 12): it is split so that
particles, joined and hyphenated surnames, suffixes and "Family, Given" raw names come out as the
record's family and given names, and a correct citation of such authors raises nothing.

The real work object (tests/data/wire-samples/openalex/work.json) with its authorships' display
names replaced by names of these shapes.
"""

from __future__ import annotations

import copy
import json

import pytest

from refcheck.model import Lookup
from refcheck.parse import parse_entry
from refcheck.sources.openalex import record_from_work
from refcheck.verify import verify_reference
from tests.paths import WIRE

SAMPLE = json.loads((WIRE / "openalex" / "work.json").read_text(encoding="utf-8"))

SPLITS = {
    "Heather A. Piwowar": ("Piwowar", "Heather A.", "HA"),
    "Ludwig van Beethoven": ("van Beethoven", "Ludwig", "L"),
    "Jean-Pierre de la Fontaine": ("de la Fontaine", "Jean-Pierre", "JP"),
    "Linda Van Horn": ("Van Horn", "Linda", "L"),
    "Cristina dos Santos": ("dos Santos", "Cristina", "C"),
    "Ahmad bin Ismail": ("bin Ismail", "Ahmad", "A"),
    "Abdullah M. Al Alawi": ("Al Alawi", "Abdullah M.", "AM"),
    "José Ortega y Gasset": ("Ortega y Gasset", "José", "J"),
    "Lorena González-Sepúlveda": ("González-Sepúlveda", "Lorena", "L"),
    "John G. Haddad Jr.": ("Haddad", "John G.", "JG"),
    "Martin Luther King III": ("King", "Martin Luther", "ML"),
    "Haddad, John G., Jr.": ("Haddad", "John G.", "JG"),
    "Piwowar, Heather A.": ("Piwowar", "Heather A.", "HA"),
    "Maria do Carmo Silva": ("Silva", "Maria do Carmo", "MC"),
    "Van Nguyen": ("Nguyen", "Van", "V"),  # a given name that looks like a particle stays given
    "Plato": ("Plato", None, None),
}


def work_with(*names: str) -> dict:
    w = copy.deepcopy(SAMPLE)
    proto = w["authorships"][0]
    w["authorships"] = [{**proto, "author": {**proto["author"], "display_name": n}} for n in names]
    return w


@pytest.mark.parametrize("name", SPLITS)
def test_a_display_name_is_split_into_family_and_given(name):
    (p,) = record_from_work(work_with(name)).authors
    assert (p.family, p.given, p.initials) == SPLITS[name]


NAMES = ["Gabriel García Márquez", "Bess Dawson Hughes", "Ludwig van Beethoven", "José Ortega y Gasset",
         "Linda Van Horn", "Martin Luther King III"]
TITLE = "The state of OA: a large-scale analysis of the prevalence and impact of Open Access articles"
CITED = {
    "nlm": "García Márquez G, Dawson-Hughes B, van Beethoven L, Ortega y Gasset J, Van Horn L, King ML. {t}. "
           "PeerJ. 2018;6:e4375.",
    "apa": "García-Márquez, G., Dawson Hughes, B., Beethoven, L. van, Ortega y Gasset, J., Van Horn, L., & "
           "King, M. L., III. (2018). {t}. PeerJ, 6, e4375.",
    "ieee": "G. García Márquez, B. Dawson-Hughes, L. van Beethoven, J. Ortega y Gasset, L. Van Horn, and "
            "M. L. King III, \u201c{t},\u201d PeerJ, vol. 6, Art. no. e4375, 2018.",
}


@pytest.mark.parametrize("style", CITED)
def test_authors_with_compound_names_cited_correctly_raise_nothing(style):
    rec = record_from_work(work_with(*NAMES))
    v = verify_reference(parse_entry(CITED[style].format(t=TITLE), 1), Lookup(candidates=(rec,)))
    assert v.match is not None
    assert [f.to_dict() for f in v.findings] == []


def test_a_stranger_among_compound_names_is_still_an_author_mismatch():
    rec = record_from_work(work_with(*NAMES))
    raw = CITED["nlm"].format(t=TITLE).replace("King ML.", "King ML, Brandstetter M.")
    v = verify_reference(parse_entry(raw, 1), Lookup(candidates=(rec,)))
    assert [(f.code, f.severity) for f in v.findings] == [("author-mismatch", "error")]
    assert "Brandstetter" in v.findings[0].message
