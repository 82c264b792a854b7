"""Citations written by hand against REAL service answers (tests/data/wire-samples), not our fakes.

Each entry is cited the way a careful author would (NLM, as PubMed's "Cite" gives it, or a common
variant), parsed by the real parser, and verified against the records parsed from the real
E-utilities / Crossref bodies — with every other real record as a distractor. None of these may
raise anything but what the record really warrants.
"""

from __future__ import annotations

import json

import pytest

from refcheck.model import Lookup
from refcheck.parse import parse_entry
from refcheck.sources.crossref_json import work_from_body
from refcheck.sources.pubmed_xml import records_from_efetch
from refcheck.verify import verify_reference
from tests.paths import WIRE



def _records():
    recs = {}
    for f in sorted((WIRE / "eutils").glob("efetch-*.xml")):
        got = records_from_efetch(f.read_bytes())
        for r in got.values() if isinstance(got, dict) else got:
            recs[r.pmid] = r
    body = json.loads((WIRE / "crossref" / "works-doi-journal-article-updated-by-correction.json").read_text())
    cr = work_from_body(body)
    recs[cr.doi] = cr
    return recs


CITED = {
    # key: (citation, expected finding codes)
    "31588070": ("Martinez Licha CR, McCurdy CM, Maldonado SM, Lee LS. Current Management of Acute Pulmonary "
                 "Embolism. Ann Thorac Cardiovasc Surg. 2020 Apr 20;26(2):65-71.", []),
    "31588070-epub-year": ("Martinez Licha CR, McCurdy CM, Maldonado SM, et al. Current management of acute "
                           "pulmonary embolism. Ann Thorac Cardiovasc Surg 2019;26:65-71.", []),
    "34843274": ("Guideline Development Panel for the Treatment of Depressive Disorders. Summary of the clinical "
                 "practice guideline for the treatment of depression across three age cohorts. Am Psychol. "
                 "2022 Sep;77(6):770-780.", []),
    "35649368": ("Li YJ, Fahrmann JF, Aftabizadeh M, et al. Fatty acid oxidation protects cancer cells from "
                 "apoptosis by increasing mitochondrial membrane lipids. Cell Rep. 2022 May 31;39(9):110870.",
                 ["corrected"]),
    "31121636": ("Shivananda S, Twiss J, Paterson D, et al. Development and Validation of Early Warning Criteria "
                 "to Identify Escalated Care Events in Neonatal Intensive Care Unit Patients. Am J Perinatol. "
                 "2019 May 23.", []),
    "12091962": ("Olivero JM. The treatment of AIDS behind the walls of correctional facilities. Soc Justice. "
                 "1990 Spring;17(1):113-25.", []),
    "9997": ("Strekas TC. Magnetic studies of Chromatium flavocytochrome C552. A mechanism for heme-flavin "
             "interaction. Biochim Biophys Acta. 1976 Sep 28;446(1):179-91.", []),
    "11748933": ("Taddei AR, Barbato F, Abelli L, et al. Is cryopreservation a homogeneous process? "
                 "Ultrastructure and motility of untreated, prefreezing, and postthawed spermatozoa of Diplodus "
                 "puntazzo (Cetti). Cryobiology. 2001 Jun;42(4):244-55.", []),
    "11700088": ("Casieri C, Testa C, Carpinelli G, et al. Proton MRI of 13C distribution by J and chemical "
                 "shift editing. J Magn Reson. 2001 Nov;153(1):117-23.", []),
    "31120845": ("Mahoney WJ, Ceballos J, Amir N. Occupational Therapy Practitioners' Perceptions About Older "
                 "Adults With Developmental Disabilities in Traditional Health Care Settings. Am J Occup Ther. "
                 "2019 May/Jun;73(3):7303345010p1-7303345010p6.", []),
    "31120979": ("Vilander LM, Vaara ST, Donner KM, et al. Heme oxygenase-1 repeat polymorphism in septic acute "
                 "kidney injury. PLoS One. 2019 May 23;14(5):e0217291.", []),
    "29963580": ("Guo F, Capaldi D, Kirby M, et al. Development of a pulmonary imaging biomarker pipeline for "
                 "phenotyping of chronic lung disease. J Med Imaging (Bellingham). 2018 Apr;5(2):026002.", []),
    "10.1371/journal.pone.0033693": (
        "Sadasivan S, Pond BB, Pani AK, et al. Methylphenidate exposure induces dopamine neuron loss and "
        "activation of microglia in the basal ganglia of mice. PLoS One. 2012;7(3):e33693. "
        "doi:10.1371/journal.pone.0033693", ["corrected"]),
}


@pytest.fixture(scope="module")
def records():
    return _records()


@pytest.mark.parametrize("key", sorted(CITED))
def test_real_record_cited_correctly_raises_only_what_it_warrants(key, records):
    raw, expected = CITED[key]
    rec_key = key.split("-")[0] if not key.startswith("10.") else key
    ref = parse_entry(raw, 1)
    lookup = Lookup(
        candidates=tuple(records.values()),
        by_doi=records.get(ref.doi) if ref.doi else None,
        doi_exists=(ref.doi in records) if ref.doi else None,
    )
    v = verify_reference(ref, lookup)
    assert v.match is not None, [f.message for f in v.findings]
    assert rec_key in (v.match.record.pmid, v.match.record.doi)
    assert v.match.confidence >= 0.8, v.match.confidence
    assert sorted(f.code for f in v.findings) == sorted(expected), [(f.code, f.message) for f in v.findings]


def test_real_record_with_a_wrong_year_and_pages_is_caught(records):
    ref = parse_entry("Martinez Licha CR, McCurdy CM, Maldonado SM, Lee LS. Current Management of Acute "
                      "Pulmonary Embolism. Ann Thorac Cardiovasc Surg. 2017;26(2):75-81.", 1)
    v = verify_reference(ref, Lookup(candidates=tuple(records.values())))
    codes = {f.code: f for f in v.findings}
    assert set(codes) == {"year-mismatch", "pages-mismatch"}
    assert (codes["year-mismatch"].cited, codes["year-mismatch"].found) == ("2017", "2020")
    assert v.status == "error"
