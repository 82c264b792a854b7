"""Identifiers outside Crossref, and a third opinion for what PubMed and Crossref miss, end to end.

Each list is parsed, resolved against the loopback fakes (E-utilities, Crossref, doi.org,
DataCite, OpenAlex) and verified; the expected status and codes come from what the fake world
holds, written here, never from refcheck's own output.
"""

from __future__ import annotations

import pytest

from refcheck.parse import parse_text
from refcheck.resolve import Resolver
from refcheck.settings import Settings
from refcheck.verify import verify_document
from tests.fakes import FakeServices
from tests.fakes.sample_records import SAMPLE_BY_N
from tests.sources.test_third_sources import ARXIV, CONF, MEDRA, ZENODO

WORKS = [ARXIV, ZENODO, MEDRA, CONF, *SAMPLE_BY_N.values()]

ARXIV_ENTRY = "Vaswani A, Shazeer N, Parmar N. Attention is all you need. arXiv. 2017. doi:10.48550/arXiv.1706.03762"
ZENODO_FAKE = ("Tanaka K. Serum magnesium measurements in 1200 adults. Zenodo; 2020. "
               "doi:10.5281/zenodo.77777777")
ZENODO_NOTHING = "Tanaka K. Registry of invented magnesium readings. Zenodo; 2020. doi:10.5281/zenodo.77777777"
MEDRA_ENTRY = ("Rossi M. Magnesio e vitamina D negli anziani. Rivista Fittizia di Nutrizione. 2019. "
               "doi:10.3280/fict2019-001002")
CONF_REAL = ("Haddad R, van der Berg M. Learned sparse retrieval for clinical trial matching. In: Proceedings "
             "of the 2021 Conference on Clinical Informatics; 2021. p. 112-119.")
CONF_FAKE = ("Haddad R, Moreau L. Contrastive pretraining of dietary magnesium embeddings for clinicians. In: "
             "Proceedings of the 2022 Conference on Clinical Informatics; 2022. p. 201-209.")


@pytest.fixture
def fake():
    with FakeServices(works=WORKS, ncbi_rate_limit=0) as f:
        yield f


def check(fake, tmp_path, *entries, **kw):
    text = "\n".join(f"{i}. {e}" for i, e in enumerate(entries, 1))
    doc = parse_text(text)
    settings = Settings(**fake.urls, cache_dir=tmp_path / "cache", ncbi_rate=50.0, crossref_rate=50.0,
                        timeout=2.0, deadline=kw.pop("deadline", 8.0), max_attempts=kw.pop("max_attempts", 4), **kw)
    with Resolver(settings) as r:
        lookups = r.resolve(doc.references)
    return verify_document(doc, lookups), lookups


def codes(v):
    return sorted(f.code for f in v.findings)


def test_an_arxiv_doi_is_datacites_not_nonexistent(fake, tmp_path):
    report, (lk,) = check(fake, tmp_path, ARXIV_ENTRY)
    (v,) = report.verdicts
    assert "doi-mismatch" not in codes(v)
    assert v.status == "ok", v.findings
    assert "datacite" in v.match.sources
    assert lk.doi_registered is True and lk.doi_agency == "DataCite"
    assert fake.count("doi", "ra") == 1 and fake.count("datacite") == 1


def test_a_doi_no_agency_registered_does_not_exist_even_under_a_datacite_prefix(fake, tmp_path):
    report, (lk,) = check(fake, tmp_path, ZENODO_FAKE)
    (v,) = report.verdicts
    assert "doi-mismatch" in codes(v)
    f = next(f for f in v.findings if f.code == "doi-mismatch")
    assert "does not exist" in f.message and f.cited == "10.5281/zenodo.77777777"
    assert lk.doi_registered is False and lk.doi_exists is False
    assert fake.count("doi", "handle") == 1  # the RA look-up's "no" was confirmed by the handle record


def test_a_doi_another_agency_registered_is_not_called_nonexistent(fake, tmp_path):
    report, (lk,) = check(fake, tmp_path, MEDRA_ENTRY)
    (v,) = report.verdicts
    assert "doi-mismatch" not in codes(v)
    assert lk.doi_exists is True and lk.doi_agency == "mEDRA"
    assert fake.count("datacite") == 0  # only DataCite DOIs go to DataCite


def test_doi_system_down_leaves_a_doi_unjudged(fake, tmp_path):
    fake.down("doi")
    report, (lk,) = check(fake, tmp_path, ZENODO_NOTHING, max_attempts=2, deadline=2.0)
    (v,) = report.verdicts
    assert "doi-mismatch" not in codes(v)
    assert v.status == "unverified" and "unavailable" in codes(v)
    assert "doi" in lk.failed and lk.doi_exists is None


def test_a_real_conference_paper_only_openalex_holds_is_ok(fake, tmp_path):
    report, (lk,) = check(fake, tmp_path, CONF_REAL)
    (v,) = report.verdicts
    assert v.status == "ok", v.findings
    assert v.match.sources == ("openalex",) and v.match.record.title == CONF.title
    assert lk.consulted == ("openalex",)


def test_a_fabricated_conference_paper_is_not_found(fake, tmp_path):
    report, (lk,) = check(fake, tmp_path, CONF_FAKE)
    (v,) = report.verdicts
    assert codes(v) == ["not-found"] and v.status == "error"
    assert "openalex" in lk.consulted and not lk.failed  # DBLP too: a conference paper looks like CS


def test_openalex_down_makes_a_conference_paper_unverified_never_not_found(fake, tmp_path):
    fake.down("openalex")
    report, (lk,) = check(fake, tmp_path, CONF_FAKE, max_attempts=2, deadline=2.0)
    (v,) = report.verdicts
    assert "not-found" not in codes(v) and v.status == "unverified"
    assert "openalex" in lk.failed


def test_openalex_spent_allowance_is_unverified(fake, tmp_path):
    fake.faults("openalex", rate=1.0, kinds=("429",))
    report, _ = check(fake, tmp_path, CONF_FAKE, CONF_REAL)
    assert [v.status for v in report.verdicts] == ["unverified", "unverified"]
    assert fake.count("openalex") <= 2  # both may be in flight at once; none is retried after a 429


def test_settled_entries_never_reach_the_new_sources_and_a_warm_run_asks_nothing(fake, tmp_path):
    import re

    from tests.reliability.helpers import sample_lines  # the sample list's own entries

    lines = [re.sub(r"^\s*\d+\.\s*", "", sample_lines()[n]) for n in (1, 2, 3, 4, 5, 6)]
    report, _ = check(fake, tmp_path, *lines)
    assert all(v.status in ("ok", "warning") for v in report.verdicts), [codes(v) for v in report.verdicts]
    assert fake.count("doi") == fake.count("datacite") == fake.count("openalex") == 0
    fake.reset_log()
    check(fake, tmp_path, *lines, CONF_REAL, ARXIV_ENTRY)
    sent_first = {s: fake.count(s) for s in ("doi", "datacite", "openalex")}
    assert sent_first == {"doi": 1, "datacite": 1, "openalex": 1}
    fake.reset_log()
    check(fake, tmp_path, *lines, CONF_REAL, ARXIV_ENTRY)
    assert fake.count() == 0  # warm: the cache answers everything
