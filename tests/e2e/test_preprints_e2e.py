"""Preprints and their published versions, end to end over loopback (issue 12).

The Crossref fake serves a preprint as Crossref does (`type: posted-content`, `subtype:
preprint`, the server in `institution`, `relation.is-preprint-of` naming the published version:
the shape of tests/data/wire-samples/crossref/works-doi-posted-content-is-preprint-of.json) and
the published work's `relation.has-preprint`; the DataCite fake gives an arXiv preprint's
`relatedIdentifiers` (IsPreprintOf / IsVersionOf). Every list is parsed, resolved against the
fakes and verified; what is expected comes from the fake world written here.
"""

from __future__ import annotations

import pytest
import requests

from refcheck.parse import parse_text
from refcheck.resolve import Resolver
from refcheck.settings import Settings
from refcheck.verify import verify_document
from tests.fakes import FakeServices, Work
from tests.fakes.sample_records import SAMPLE_BY_N

TITLE = ("Magnesium status modifies the response of serum 25-hydroxyvitamin D to supplementation: "
         "a randomised trial")
AUTHORS = [("Okonkwo", "Adaeze N"), ("Lindqvist", "Karin E"), ("Ferreira", "Joao P")]
PUBLISHED = Work(
    pmid="35500107", doi="10.5555/jfnr.2022.0107", title=TITLE + ".", authors=AUTHORS,
    journal="Journal of Fictional Nutrition Research", journal_iso="J Fict Nutr Res", journal_nlm="J Fict Nutr Res",
    issn="2999-0107", year=2022, month=3, volume="15", issue="3", first_page="201", last_page="212",
)
BIORXIV = Work(
    doi="10.1101/2021.06.14.448301", title=TITLE, authors=AUTHORS, journal="bioRxiv",
    publisher="Cold Spring Harbor Laboratory", crossref_type="posted-content", group_title="Nutrition",
    year=2021, month=6, day=14, epub="2021-06-14", in_pubmed=False, pub_types=["Preprint"],
    preprint_of=[PUBLISHED.doi], member="246",
)
LONE_TITLE = "Dietary magnesium and vitamin D insufficiency in shift workers: a cross-sectional survey"
MEDRXIV = Work(
    doi="10.1101/2022.02.03.22270411", title=LONE_TITLE, authors=[("Haddad", "Rami"), ("Moreau", "Lucie")],
    journal="medRxiv", publisher="Cold Spring Harbor Laboratory", crossref_type="posted-content",
    year=2022, month=2, day=3, epub="2022-02-03", in_pubmed=False, pub_types=["Preprint"], member="246",
)
ARXIV_TITLE = "Calibrated risk scores for vitamin D deficiency from routine blood counts"
ARXIV_PUBLISHED = Work(
    pmid="36600212", doi="10.5555/jfnr.2023.0212", title=ARXIV_TITLE + ".",
    authors=[("Nakagawa", "Emi"), ("Castellanos", "Rafael")],
    journal="Journal of Fictional Nutrition Research", journal_iso="J Fict Nutr Res", journal_nlm="J Fict Nutr Res",
    issn="2999-0107", year=2023, month=5, volume="16", issue="5", first_page="440", last_page="451",
)
ARXIV_PRE = Work(
    doi="10.48550/arXiv.2207.04411", title=ARXIV_TITLE, authors=[("Nakagawa", "Emi"), ("Castellanos", "Rafael")],
    journal="arXiv", publisher="arXiv", crossref_type="posted-content", datacite_type="Preprint", agency="DataCite",
    in_crossref=False, in_pubmed=False, year=2022, preprint_of=[ARXIV_PUBLISHED.doi],
)
DATA_TITLE = "Serum magnesium and 25-hydroxyvitamin D readings of 300 night-shift nurses"
ZENODO_DATA = Work(
    doi="10.5281/zenodo.8800112", title=DATA_TITLE, authors=[("Moreau", "Lucie")], journal="Zenodo",
    publisher="Zenodo", crossref_type="dataset", datacite_type="Dataset", agency="DataCite", in_crossref=False,
    in_pubmed=False, year=2023,
)
ARXIV_VERSION_OF_DATA = Work(
    doi="10.48550/arXiv.2301.09912", title=DATA_TITLE + ": a data note", authors=[("Moreau", "Lucie")],
    journal="arXiv", publisher="arXiv", crossref_type="posted-content", datacite_type="Preprint", agency="DataCite",
    in_crossref=False, in_pubmed=False, year=2023, version_of=[ZENODO_DATA.doi],
)
ARXIV_VERSION_OF_ARTICLE = Work(
    doi="10.48550/arXiv.2207.04412", title=ARXIV_TITLE, authors=[("Nakagawa", "Emi"), ("Castellanos", "Rafael")],
    journal="arXiv", publisher="arXiv", crossref_type="posted-content", datacite_type="Preprint", agency="DataCite",
    in_crossref=False, in_pubmed=False, year=2022, version_of=[ARXIV_PUBLISHED.doi],
)
WORKS = [PUBLISHED, BIORXIV, MEDRXIV, ARXIV_PUBLISHED, ARXIV_PRE, ZENODO_DATA, ARXIV_VERSION_OF_DATA,
         ARXIV_VERSION_OF_ARTICLE, *SAMPLE_BY_N.values()]

NAMES = "Okonkwo AN, Lindqvist KE, Ferreira JP"


@pytest.fixture
def fake():
    with FakeServices(works=WORKS, ncbi_rate_limit=0) as f:
        yield f


def check(fake, tmp_path, *entries):
    doc = parse_text("\n".join(f"{i}. {e}" for i, e in enumerate(entries, 1)))
    settings = Settings(**fake.urls, cache_dir=tmp_path / "cache", ncbi_rate=50.0, crossref_rate=50.0,
                        timeout=2.0, deadline=8.0, max_attempts=4)
    with Resolver(settings) as r:
        lookups = r.resolve(doc.references)
    return verify_document(doc, lookups).verdicts


def codes(v):
    return sorted(f.code for f in v.findings)


def test_the_fake_serves_a_preprint_and_its_published_version_in_crossrefs_shape(fake):
    pre = requests.get(f"{fake.crossref_url}/works/{BIORXIV.doi}", timeout=5).json()["message"]
    assert (pre["type"], pre["subtype"], pre["institution"]) == ("posted-content", "preprint", [{"name": "bioRxiv"}])
    assert pre["container-title"] == [] and pre["posted"] == {"date-parts": [[2021, 6, 14]]}
    assert pre["relation"] == {"is-preprint-of": [{"id-type": "doi", "id": PUBLISHED.doi, "asserted-by": "subject"}]}
    assert "published-print" not in pre and "volume" not in pre and "page" not in pre
    pub = requests.get(f"{fake.crossref_url}/works/{PUBLISHED.doi}", timeout=5).json()["message"]
    assert pub["relation"] == {"has-preprint": [{"id-type": "doi", "id": BIORXIV.doi, "asserted-by": "object"}]}
    dc = requests.get(f"{fake.datacite_url}/dois/{ARXIV_PRE.doi.lower()}", timeout=5).json()["data"]["attributes"]
    assert dc["relatedIdentifiers"] == [{"relationType": "IsPreprintOf", "relatedIdentifier": ARXIV_PUBLISHED.doi,
                                         "relatedIdentifierType": "DOI"}]


def test_a_biorxiv_preprint_cited_when_its_published_version_exists(fake, tmp_path):
    (v,) = check(fake, tmp_path, f"{NAMES}. {TITLE}. bioRxiv. 2021. doi:{BIORXIV.doi}")
    assert codes(v) == ["preprint-published"], [f.to_dict() for f in v.findings]
    f = v.findings[0]
    assert f.severity == "warning" and v.status == "warning"
    assert PUBLISHED.doi in f.message and "Journal of Fictional Nutrition Research" in f.message
    assert v.suggestion and PUBLISHED.doi in v.suggestion and "J Fict Nutr Res. 2022 Mar;15(3):201-12" in v.suggestion, v.suggestion


def test_a_preprint_cited_without_doi_is_still_told_apart_from_its_published_version(fake, tmp_path):
    (v,) = check(fake, tmp_path, f"{NAMES}. {TITLE} [Preprint]. bioRxiv. 2021 Jun 14.")
    assert codes(v) == ["preprint-published"], [f.to_dict() for f in v.findings]
    assert v.match.record.doi == BIORXIV.doi.lower()
    assert "J Fict Nutr Res. 2022 Mar;15(3):201-12" in v.suggestion, v.suggestion


def test_the_published_version_cited_correctly_raises_nothing(fake, tmp_path):
    (v,) = check(fake, tmp_path, f"{NAMES}. {TITLE}. J Fict Nutr Res. 2022 Mar;15(3):201-12.")
    assert v.findings == (), [f.to_dict() for f in v.findings]
    assert v.match.record.doi == PUBLISHED.doi.lower()


def test_a_preprint_cited_as_a_journal_article_is_a_journal_mismatch(fake, tmp_path):
    (v,) = check(fake, tmp_path, f"Haddad R, Moreau L. {LONE_TITLE}. Lancet Nutr. 2022;3(2):45-52. doi:{MEDRXIV.doi}")
    assert codes(v) == ["journal-mismatch"], [f.to_dict() for f in v.findings]
    f = v.findings[0]
    assert f.severity == "error" and "preprint" in f.message and "medRxiv" in f.message and f.cited == "Lancet Nutr"


def test_a_preprint_with_a_published_version_cited_as_a_journal_article_names_that_version(fake, tmp_path):
    (v,) = check(fake, tmp_path, f"{NAMES}. {TITLE}. Nutr Rev Fict. 2021;9(4):77-88. doi:{BIORXIV.doi}")
    assert "journal-mismatch" in codes(v), [f.to_dict() for f in v.findings]
    f = next(f for f in v.findings if f.code == "journal-mismatch")
    assert "preprint" in f.message and PUBLISHED.doi in f.message
    assert PUBLISHED.doi in v.suggestion


def test_an_arxiv_preprint_datacite_says_is_a_preprint_of_a_journal_article(fake, tmp_path):
    (v,) = check(fake, tmp_path, f"Nakagawa E, Castellanos R. {ARXIV_TITLE}. arXiv. 2022. doi:{ARXIV_PRE.doi}")
    assert codes(v) == ["preprint-published"], [f.to_dict() for f in v.findings]
    assert ARXIV_PUBLISHED.doi in v.findings[0].message and ARXIV_PUBLISHED.doi in v.suggestion


def test_datacite_is_version_of_counts_only_when_the_other_version_is_a_published_article(fake, tmp_path):
    article, data = check(fake, tmp_path,
                          f"Nakagawa E, Castellanos R. {ARXIV_TITLE}. arXiv. 2022. doi:{ARXIV_VERSION_OF_ARTICLE.doi}",
                          f"Moreau L. {DATA_TITLE}: a data note. arXiv. 2023. doi:{ARXIV_VERSION_OF_DATA.doi}")
    assert codes(article) == ["preprint-published"], [f.to_dict() for f in article.findings]
    assert ARXIV_PUBLISHED.doi in article.findings[0].message
    assert data.findings == (), [f.to_dict() for f in data.findings]  # a dataset is no published version
