"""DBLP as the last opinion for computer-science entries, end to end over loopback.

Each list is parsed, resolved against the fakes (E-utilities, Crossref, doi.org, DataCite,
OpenAlex, DBLP) and verified; the expected status and codes follow from what the fake world
holds, written here, never from refcheck's own output.
"""

from __future__ import annotations

import re

import pytest

from refcheck.parse import parse_text
from refcheck.resolve import Resolver
from refcheck.settings import Settings
from refcheck.verify import verify_document
from tests.fakes import FakeServices
from tests.fakes.model import Work
from tests.fakes.sample_records import SAMPLE_BY_N
from tests.sources.test_third_sources import CONF as OPENALEX_CONF

# A KDD paper only DBLP holds (no DOI, not in PubMed, Crossref or OpenAlex); DBLP names its third
# author with a homonym number.
KDD = Work(title="Streaming anomaly thresholds for service metrics with extreme value theory",
           authors=[("Siffer", "Alban"), ("Fouque", "Pierre-Alain"), ("Wang", "Wei")],
           dblp_names=["Alban Siffer", "Pierre-Alain Fouque", "Wei Wang 0001"], year=2019, dblp_venue="KDD",
           first_page="1067", last_page="1075", crossref_type="proceedings-article", in_pubmed=False,
           in_crossref=False, in_openalex=False, in_dblp=True)
# A CoRR preprint only DBLP holds.
CORR = Work(title="Protocol-compliant adversarial traffic against flow-based intrusion detectors",
            authors=[("Lovelace", "Ada"), ("Hopper", "Grace")], year=2021, crossref_type="posted-content",
            dblp_key="journals/corr/abs-2101-00001",
            in_pubmed=False, in_crossref=False, in_openalex=False, in_dblp=True)
WORKS = [KDD, CORR, OPENALEX_CONF, *SAMPLE_BY_N.values()]

KDD_VENUE = "Proceedings of the 25th ACM SIGKDD International Conference on Knowledge Discovery and Data Mining"
KDD_REAL = (f"Siffer A, Fouque PA, Wang W. Streaming anomaly thresholds for service metrics with extreme value "
            f"theory. In: {KDD_VENUE}; 2019. p. 1067-1075.")
KDD_WRONG_VENUE = ("Siffer A, Fouque PA, Wang W. Streaming anomaly thresholds for service metrics with extreme value "
                   "theory. In: Proceedings of the 36th International Conference on Machine Learning; 2019. "
                   "p. 1067-1075.")
KDD_WRONG_YEAR = (f"Siffer A, Fouque PA, Wang W. Streaming anomaly thresholds for service metrics with extreme value "
                  f"theory. In: {KDD_VENUE}; 2016. p. 1067-1075.")
CONF_FAKE = ("Haddad R, Moreau L. Contrastive widget embeddings for quantum spreadsheet compilers. In: Proceedings "
             "of the 2022 International Conference on Machine Learning; 2022. p. 201-209.")
CORR_ENTRY = ("Lovelace A, Hopper G. Protocol-compliant adversarial traffic against flow-based intrusion detectors. "
              "arXiv preprint arXiv:2101.00001. 2021.")
OPENALEX_ENTRY = ("Haddad R, van der Berg M. Learned sparse retrieval for clinical trial matching. In: Proceedings "
                  "of the 2021 Conference on Clinical Informatics; 2021. p. 112-119.")


@pytest.fixture
def fake():
    with FakeServices(works=WORKS, ncbi_rate_limit=0) as f:
        yield f


def check(fake, tmp_path, *entries, **kw):
    text = "\n".join(f"{i}. {e}" for i, e in enumerate(entries, 1))
    doc = parse_text(text)
    settings = Settings(**fake.urls, cache_dir=tmp_path / "cache", ncbi_rate=50.0, crossref_rate=50.0,
                        dblp_rate=kw.pop("dblp_rate", 50.0), timeout=2.0, deadline=kw.pop("deadline", 8.0),
                        max_attempts=kw.pop("max_attempts", 4), **kw)
    with Resolver(settings) as r:
        lookups = r.resolve(doc.references)
    return verify_document(doc, lookups), lookups


def codes(v):
    return sorted(f.code for f in v.findings)


def test_a_real_conference_paper_only_dblp_holds_is_ok(fake, tmp_path):
    report, (lk,) = check(fake, tmp_path, KDD_REAL)
    (v,) = report.verdicts
    assert v.status == "ok", v.findings
    assert v.match.sources == ("dblp",) and v.match.record.title == KDD.title
    assert [p.family for p in v.match.record.authors] == ["Siffer", "Fouque", "Wang"]  # "Wei Wang 0001"
    assert set(lk.consulted) == {"openalex", "dblp"} and not lk.failed
    assert fake.count("dblp") == 1


def test_a_fabricated_conference_paper_no_index_holds_is_not_found(fake, tmp_path):
    report, (lk,) = check(fake, tmp_path, CONF_FAKE)
    (v,) = report.verdicts
    assert codes(v) == ["not-found"] and v.status == "error"
    assert set(lk.consulted) == {"openalex", "dblp"} and not lk.failed


def test_a_wrong_venue_is_a_journal_mismatch(fake, tmp_path):
    report, _ = check(fake, tmp_path, KDD_WRONG_VENUE)
    (v,) = report.verdicts
    assert codes(v) == ["journal-mismatch"], v.findings
    (f,) = v.findings
    assert f.found == "KDD" and "Machine Learning" in (f.cited or "")


def test_a_wrong_year_is_a_year_mismatch(fake, tmp_path):
    report, _ = check(fake, tmp_path, KDD_WRONG_YEAR)
    (v,) = report.verdicts
    assert codes(v) == ["year-mismatch"], v.findings
    assert v.findings[0].cited == "2016" and v.findings[0].found == "2019"


def test_a_corr_preprint_cited_as_arxiv_is_ok(fake, tmp_path):
    report, _ = check(fake, tmp_path, CORR_ENTRY)
    (v,) = report.verdicts
    assert v.status == "ok", v.findings
    assert v.match.sources == ("dblp",) and v.match.record.is_preprint


def test_dblp_down_makes_a_conference_paper_unverified_never_not_found(fake, tmp_path):
    fake.down("dblp")
    report, (lk, _) = check(fake, tmp_path, CONF_FAKE, KDD_REAL, max_attempts=2, deadline=2.0)
    assert [v.status for v in report.verdicts] == ["unverified", "unverified"]
    assert all("not-found" not in codes(v) and "unavailable" in codes(v) for v in report.verdicts)
    assert "dblp" in lk.failed
    assert "DBLP" in report.verdicts[0].findings[0].message


@pytest.mark.parametrize("kind", ["500", "429", "malformed", "oversized"])
def test_dblp_faults_are_unverified(fake, tmp_path, kind):
    fake.faults("dblp", rate=1.0, kinds=(kind,))
    report, _ = check(fake, tmp_path, CONF_FAKE, max_attempts=2, deadline=3.0, dblp_rate=48.0)
    (v,) = report.verdicts
    assert v.status == "unverified" and "not-found" not in codes(v), v.findings


def test_openalex_failing_does_not_stop_dblp(fake, tmp_path):
    fake.down("openalex")
    report, (lk, _) = check(fake, tmp_path, KDD_REAL, CONF_FAKE, max_attempts=2, deadline=2.0)
    real, fabricated = report.verdicts
    assert real.status == "ok" and real.match.sources == ("dblp",)
    assert fabricated.status == "unverified" and "not-found" not in codes(fabricated)  # OpenAlex never answered
    assert "openalex" in lk.failed and "dblp" in lk.consulted


def test_what_openalex_settles_never_reaches_dblp(fake, tmp_path):
    report, _ = check(fake, tmp_path, OPENALEX_ENTRY)
    assert report.verdicts[0].status == "ok"
    assert fake.count("openalex") == 1 and fake.count("dblp") == 0


def test_a_biomedical_list_never_reaches_dblp_and_a_warm_run_asks_nothing(fake, tmp_path):
    from tests.reliability.helpers import sample_lines  # the sample list's own entries

    lines = [re.sub(r"^\s*\d+\.\s*", "", sample_lines()[n]) for n in (1, 2, 3, 4, 5, 6, 8, 9)]
    fabricated_journal = "Moreau L, Haddad R. Magnesium widgets in renal quantum care. Magnes Res. 2019;32(4):101-9."
    report, _ = check(fake, tmp_path, *lines, fabricated_journal)
    assert report.verdicts[-1].status == "error"  # not-found: a biomedical fabrication
    assert fake.count("dblp") == 0  # nothing computer-science-looking was left unsettled
    fake.reset_log()
    check(fake, tmp_path, *lines, fabricated_journal, KDD_REAL, CONF_FAKE)
    assert fake.count("dblp") == 2
    fake.reset_log()
    check(fake, tmp_path, *lines, fabricated_journal, KDD_REAL, CONF_FAKE)
    assert fake.count() == 0  # warm: the cache answers everything, DBLP's empty answer too
