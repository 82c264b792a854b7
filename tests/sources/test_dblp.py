"""The DBLP client against its loopback fake (no mocks), and its parser against real answers.

What it must show: the real wire samples read right (homonym numbers dropped, XML entities
undone, one author as a bare object or a plain string, no `hit` key when nothing matched); the
fake says at least what the real answers say; one request per title, cached (a second ask sends
nothing, an empty answer too); the setting `REFCHECK_DBLP_URL` honoured; DBLP's rate rule (one
request at a time, one every two seconds unless `REFCHECK_DBLP_RATE` says less) and its 429 with
`Retry-After`; every injected fault a failure, never "no record", and nothing cached from it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from refcheck.errors import SourceError
from refcheck.model import Person, Reference
from refcheck.settings import Settings, SettingsError
from refcheck.sources import Cache, Stats, registry
from refcheck.sources.dblp import RATE, Dblp, person, record_from_info, records_from_body, title_words, wanted
from refcheck.sources.http import ParseError
from tests.fakes import FakeServices
from tests.fakes.dblp import info_of, publ_answer
from tests.fakes.model import Work
from tests.fakes.store import Store

WIRE = Path(__file__).resolve().parents[1] / "data" / "wire-samples" / "dblp"

KDD = Work(title="Streaming anomaly thresholds for service metrics with extreme value theory",
           authors=[("Siffer", "Alban"), ("Fouque", "Pierre-Alain"), ("Wang", "Wei")],
           dblp_names=["Alban Siffer", "Pierre-Alain Fouque", "Wei Wang 0001"], year=2019, dblp_venue="KDD",
           first_page="1067", last_page="1075", crossref_type="proceedings-article", in_pubmed=False,
           in_crossref=False, in_openalex=False, in_dblp=True)
JOURNAL = Work(title="Multimodal subscriber gateways for infocommunication systems",
               authors=[("Basov", "Oleg")], year=2017, journal="Computing and Informatics",
               dblp_venue="Comput. Informatics", volume="36", issue="4", first_page="908", last_page="924",
               doi="10.4149/CAI_2017_4_999", in_pubmed=False, in_crossref=False, in_openalex=False, in_dblp=True)
WORKS = [KDD, JOURNAL]
FABRICATED = "Contrastive widget embeddings for quantum spreadsheet compilers"


@pytest.fixture
def fake():
    with FakeServices(works=WORKS, slow_seconds=2.5) as f:
        yield f


def make(fake, tmp_path, **kw):
    s = Settings(**fake.urls, cache_dir=tmp_path / "cache", timeout=kw.pop("timeout", 2.0),
                 deadline=kw.pop("deadline", 8.0), max_attempts=kw.pop("max_attempts", 4),
                 dblp_rate=kw.pop("dblp_rate", 50.0), **kw)
    return s, Cache(s), Stats()


def sample(name: str):
    return json.loads((WIRE / name).read_text(encoding="utf-8"))


# ----------------------------------------------------------------------------- real answers


def test_a_real_answer_reads_right():
    recs = records_from_body(sample("publ-basov-oleg.json"))
    assert len(recs) == 14 and all(r.source == "dblp" for r in recs)
    first = recs[0]
    assert first.title == "Human Resources Management in Conditions of Operators' Psychophysiological State Changes"
    assert [p.family for p in first.authors] == ["Basov", "Basova", "Nosov"]
    assert first.journal == "SPECOM" and first.year == 2014 and first.pages == "259-267"
    assert first.type == "proceedings-article" and first.doi == "10.1007/978-3-319-11581-8_32"
    uniform = recs[5]
    assert ("Karpov", "Alexey") in [(p.family, p.given) for p in uniform.authors]  # "Alexey Karpov 0001"
    assert not any(ch.isdigit() for p in uniform.authors for ch in p.family)
    journal = next(r for r in recs if r.type == "journal-article")
    assert (journal.journal, journal.volume, journal.issue, journal.pages) == ("Comput. Informatics", "36", "4", "908-924")
    assert journal.doi == "10.4149/cai_2017_4_908"  # DBLP's upper-case DOI, normalised
    acm = next(r for r in recs if r.title == "Multi-path multimodal authentication system for remote information system")
    assert (acm.first_page, acm.last_page) == ("26:1", "26:4")


def test_one_author_as_a_bare_object_or_a_plain_string_and_no_hits():
    block = records_from_body(sample("publ-perceptrons-trimmed.json"))[1]
    assert block.authors == (Person("Block", "H. D.", "HD"),) and block.type == "journal-article"
    old = records_from_body(sample("publ-test-plain-string-authors.json"))
    assert len(old) == 30
    assert [p.family for p in old[0].authors] == ["Shinogi", "Yamada", "Hayashi", "Tsuruoka", "Yoshikawa"]
    pomeranz = next(r for r in old if r.first_page == "1" and r.journal == "DATE")
    assert [p.family for p in pomeranz.authors] == ["Pomeranz"]
    thesis = next(r for r in old if r.type == "book")
    assert thesis.journal is None and "l'injection" in (thesis.title or "")  # &apos; undone
    assert records_from_body(sample("publ-no-hits.json")) == []
    assert len(records_from_body(sample("publ-test-h1-f1.json"))) == 1


@pytest.mark.parametrize("body", [
    {}, {"result": {}}, {"result": {"hits": []}}, [], "x",
    {"result": {"hits": {"@total": "1", "@sent": "1"}}},  # says it sent a hit, holds none
    {"result": {"status": {"@code": "500", "text": "Error"}, "hits": {"@total": "0"}}},
    {"result": {"hits": {"hit": ["not an object"]}}},
])
def test_damaged_answers_are_parse_errors(body):
    with pytest.raises(ParseError):
        records_from_body(body)


def test_the_fake_says_at_least_what_the_real_answer_says():
    real = sample("publ-basov-oleg.json")["result"]
    conf = KDD
    mine = publ_answer(Store(WORKS), {"q": ["streaming anomaly"], "format": ["json"]})["result"]
    assert set(real) == set(mine) and set(real["hits"]) == set(mine["hits"])
    assert set(real["hits"]["hit"][0]) == set(mine["hits"]["hit"][0])
    assert set(real["completions"]) == set(mine["completions"])
    none = publ_answer(Store(WORKS), {"q": ["zzzz"], "format": ["json"]})["result"]["hits"]
    assert set(none) == set(sample("publ-no-hits.json")["result"]["hits"])  # no `hit` key at all
    info = info_of(conf)
    real_conf = real["hits"]["hit"][0]["info"]
    assert set(real_conf) <= set(info) | {"doi", "ee"}  # KDD has no DOI: DBLP then leaves both out
    assert set(real["hits"]["hit"][4]["info"]) <= set(info_of(JOURNAL))
    assert info["title"].endswith(".") and info["authors"]["author"][2]["text"] == "Wei Wang 0001"
    assert set(real_conf["authors"]["author"][0]) == set(info["authors"]["author"][0])
    assert record_from_info(info).title == conf.title


# ----------------------------------------------------------------------------- names and the rule


def test_homonym_numbers_are_not_part_of_the_name():
    assert person("Wei Wang 0001") == Person("Wang", "Wei", "W")
    assert person("Ulrike von Luxburg") == Person("von Luxburg", "Ulrike", "U")
    assert person("Pierre-Alain Fouque") == Person("Fouque", "Pierre-Alain", "PA")
    assert person("Plato") == Person("Plato", None, None) and person("  ") is None


def test_only_computer_science_looking_entries_are_asked():
    def ref(**kw):
        return Reference(n=1, raw="x", title=kw.pop("title", "A study of widget compilers"), **kw)

    assert wanted(ref(type="conference", journal="Proceedings of the Annual Meeting"))
    assert wanted(ref(journal="arXiv preprint arXiv:2101.00001"))
    assert wanted(ref(journal="Advances in Neural Information Processing Systems"))
    assert wanted(ref(journal="IEEE Trans Pattern Anal Mach Intell"))
    assert wanted(ref(journal="Lecture Notes in Computer Science"))
    assert wanted(ref(doi="10.1145/3292500.3330701"))
    assert not wanted(ref(journal="Magnes Res"))
    assert not wanted(ref(journal="N Engl J Med"))
    assert not wanted(ref(type="web", journal="ACM"))
    assert not wanted(ref(type="conference", title=None))
    assert title_words("The Role of the Widget: A-B|C $test") == "role widget b c test"


# ----------------------------------------------------------------------------- over the fake


def test_finds_the_conference_paper_not_the_fabrication_and_caches_both(fake, tmp_path):
    s, cache, stats = make(fake, tmp_path)
    with Dblp(s, cache, stats) as db:
        b = db.search_titles([KDD.title, FABRICATED])
        again = db.search_titles([KDD.title, FABRICATED])
    (rec,) = b.found[KDD.title]
    assert rec.source == "dblp" and rec.type == "proceedings-article" and rec.journal == "KDD"
    assert [(p.family, p.given) for p in rec.authors] == [("Siffer", "Alban"), ("Fouque", "Pierre-Alain"),
                                                           ("Wang", "Wei")]
    assert rec.year == 2019 and rec.pages == "1067-1075" and rec.title == KDD.title
    assert b.found[FABRICATED] == [] and not b.failed
    assert again.found == b.found and fake.count("dblp") == 2  # the cache answered, the empty answer too
    sent = [r for r in fake.requests if r.service == "dblp"]
    assert {r.params["q"][0] for r in sent} == {title_words(KDD.title), title_words(FABRICATED)}
    assert all(r.params["format"] == ["json"] and r.params["h"] == ["10"] for r in sent)
    assert all(r.path == "/search/publ/api" and r.endpoint == "publ" for r in sent)
    assert all(r.headers.get("user-agent", "").startswith("refcheck/") for r in sent)


def test_the_setting_is_honoured(fake, tmp_path):
    assert Settings().dblp_url == "https://dblp.org"
    s = Settings.from_env({"REFCHECK_DBLP_URL": fake.dblp_url, "REFCHECK_DBLP_RATE": "40"}, config=False,
                          cache_dir=tmp_path / "c")
    assert s.dblp_url == fake.dblp_url and s.dblp_rate == 40.0
    assert registry.identity(s)["dblp_url"] == fake.dblp_url  # cache identity, batch fingerprints
    with Dblp(s, Cache(s), Stats()) as db:
        assert db.search_titles([JOURNAL.title]).found[JOURNAL.title][0].volume == "36"
    assert fake.count("dblp") == 1
    with pytest.raises(SettingsError):
        Settings.from_env({"REFCHECK_DBLP_URL": "ftp://dblp.org"}, config=False)
    with pytest.raises(SettingsError):
        Settings.from_env({"REFCHECK_DBLP_RATE": "fast"}, config=False)


def test_rate_rule_one_request_at_a_time_one_every_two_seconds(tmp_path):
    s = Settings(cache_dir=tmp_path / "c", dblp_url="http://127.0.0.1:9")
    with Dblp(s, Cache(s), Stats()) as db:
        assert db.lane.limiter.rate == RATE == 0.5 and db.lane.gate.limit == 1
    slower = s.with_(dblp_rate=0.2)
    with Dblp(slower, Cache(slower), Stats()) as db:
        assert db.lane.limiter.rate == 0.2


@pytest.mark.parametrize("kind", ["500", "503", "429", "slow", "oversized", "malformed", "truncated", "reset"])
def test_every_fault_is_a_failure_never_no_record(fake, tmp_path, kind):
    fake.faults("dblp", rate=1.0, kinds=(kind,))
    s, cache, stats = make(fake, tmp_path, max_attempts=2, deadline=4.0, timeout=1.0)
    with Dblp(s, cache, stats, backoff_base=0.01, backoff_max=0.05) as db:
        b = db.search_titles([KDD.title])
        assert KDD.title in b.failed and KDD.title not in b.found
        assert isinstance(b.failed[KDD.title], SourceError) and b.failed[KDD.title].service == "dblp"
        fake.no_faults("dblp")
        later = db.search_titles([KDD.title])  # nothing was cached from the failure
    assert later.found[KDD.title][0].title == KDD.title
    assert fake.count("dblp") >= 2


def test_a_retry_after_beyond_the_deadline_is_not_waited_for(fake, tmp_path):
    fake.faults("dblp", rate=1.0, kinds=("429",), retry_after=60)
    # a rate of its own: the limiter is per process and stays paused for the 60 s it was told
    s, cache, stats = make(fake, tmp_path, deadline=5.0, dblp_rate=49.0)
    with Dblp(s, cache, stats, backoff_base=0.01) as db:
        b = db.search_titles([KDD.title])
        fake.no_faults("dblp")
        during = db.search_titles([JOURNAL.title])  # DBLP's block is still on: not asked at all
    assert KDD.title in b.failed and JOURNAL.title in during.failed
    assert fake.count("dblp") == 1  # told to wait 60 s: give up now, and ask nothing until then
    assert fake.count_status(429, "dblp") == 1


def test_retries_through_occasional_faults(fake, tmp_path):
    fake.faults("dblp", rate=0.5, kinds=("503", "malformed", "429"), seed=3, retry_after=0)
    s, cache, stats = make(fake, tmp_path, max_attempts=10, deadline=20.0)
    with Dblp(s, cache, stats, backoff_base=0.01, backoff_max=0.05) as db:
        b = db.search_titles([KDD.title, JOURNAL.title, FABRICATED])
    assert not b.failed and b.found[FABRICATED] == []
    assert b.found[KDD.title][0].journal == "KDD" and b.found[JOURNAL.title][0].volume == "36"
    faulted = sum(1 for r in fake.requests if r.service == "dblp" and r.fault)
    assert faulted >= 1 and stats.snapshot()["retries_total"] == faulted


def test_dblp_plugs_in_through_the_registry_after_openalex(tmp_path):
    names = registry.names()
    assert names.index("openalex") < names.index("dblp") and registry.label("dblp") == "DBLP"
    s = Settings(cache_dir=tmp_path / "c", dblp_url="http://127.0.0.1:9/db", openalex_url="http://127.0.0.1:9/o")
    cache = Cache(s)
    db, oa = registry.get("dblp")(s, cache, Stats()), registry.get("openalex")(s, cache, Stats())
    try:
        (stage,) = db.stages()
        (oa_stage,) = oa.stages()
        assert stage.broad and stage.cost > oa_stage.cost  # the scarcest requests come last
        assert not db.kinds and not db.registrar_of  # it never decides whether an identifier exists
        assert db.lookup("doi", ["10.1/x"]).found == {} and db.status(["10.1/x"], {}).found == {}
    finally:
        db.close()
        oa.close()
        cache.close()


def test_a_corr_hit_is_an_arxiv_preprint_without_volume_or_pages():
    corr = Work(title="Protocol-compliant adversarial traffic", authors=[("Lovelace", "Ada")], year=2021,
                crossref_type="posted-content", dblp_key="journals/corr/abs-2101-00001", in_dblp=True)
    info = info_of(corr)
    assert info["venue"] == "CoRR" and info["volume"] == "abs/2101.00001" and info["type"] == "Informal Publications"
    rec = record_from_info(info)
    assert rec.type == "posted-content" and rec.is_preprint and rec.publisher == "arXiv"
    assert rec.journal == "CoRR" and "arXiv" in rec.short_titles
    assert rec.volume is None and rec.pages is None  # "abs/2101.00001" is an identifier
    assert record_from_info({**info, "type": "Informal Publications", "key": "journals/other/X21",
                             "venue": "Tech. Rep."}).type == "report"


def test_offline_answers_from_the_cache_only(fake, tmp_path):
    from refcheck.errors import OfflineMiss

    s, cache, stats = make(fake, tmp_path)
    with Dblp(s, cache, stats) as db:
        db.search_titles([KDD.title])
    offline = s.with_(offline=True)
    with Dblp(offline, cache, Stats()) as db:
        b = db.search_titles([KDD.title, JOURNAL.title])
    assert b.found[KDD.title][0].journal == "KDD"  # cached
    assert isinstance(b.failed[JOURNAL.title], OfflineMiss)  # not cached: unknown, never "none"
    assert fake.count("dblp") == 1
