"""Cache: TTL by kind, refresh, offline, multi-process writers, corruption, no secrets."""

from __future__ import annotations

import logging
import multiprocessing as mp
import time

import pytest

from refcheck.errors import OfflineMiss
from refcheck.model import Record
from refcheck.settings import DAY, Settings
from refcheck.sources import Cache, PubMed, Stats
from refcheck.sources.cache import FILENAME


def settings(tmp_path, **kw):
    return Settings(cache_dir=tmp_path, eutils_url="http://127.0.0.1:9", crossref_url="http://127.0.0.1:9",
                    doi_url="http://127.0.0.1:9", datacite_url="http://127.0.0.1:9", openalex_url="http://127.0.0.1:9",
                    dblp_url="http://127.0.0.1:9", **kw)


def test_roundtrip_and_ttl_by_kind(tmp_path):
    c = Cache(settings(tmp_path))
    rec = Record(source="pubmed", pmid="1", title="T")
    now = time.time()
    c.put("pubmed:efetch:1", "record", rec.to_dict(), fetched_at=now - 20 * DAY)
    c.put("crossref:updates:10.1/a", "status", [], fetched_at=now - 8 * DAY)
    c.put("crossref:work:10.1/x", "negative", None, fetched_at=now - 2 * DAY)
    c.put("crossref:work:10.1/y", "negative", None, fetched_at=now - 0.5 * DAY)
    got = c.lookup(["pubmed:efetch:1", "crossref:updates:10.1/a", "crossref:work:10.1/x", "crossref:work:10.1/y"])
    assert set(got) == {"pubmed:efetch:1", "crossref:work:10.1/y"}  # status 8 d > 7 d; negative 2 d > 1 d
    assert Record.from_dict(got["pubmed:efetch:1"].value) == rec
    # max_age narrows (PubMed reads its records with ttl_status)
    assert c.get("pubmed:efetch:1", max_age=7 * DAY) is None
    c.put("pubmed:efetch:2", "record", rec.to_dict(), fetched_at=now - 31 * DAY)
    assert c.get("pubmed:efetch:2") is None
    # prune removes what expired, keeps the rest
    assert c.prune() == 3
    assert c.stats()["entries"] == 2
    assert c.prune(older_than=0) == 2
    c.close()


def test_refresh_and_offline(tmp_path):
    c = Cache(settings(tmp_path))
    c.put("k", "record", {"a": 1}, fetched_at=time.time() - 40 * DAY)
    c.close()
    r = Cache(settings(tmp_path, refresh=True))
    assert r.get("k") is None
    r.put("k", "record", {"a": 2})  # what this run fetched is used by the rest of the run
    assert r.get("k").value == {"a": 2}
    r.close()
    c = Cache(settings(tmp_path, refresh=True))  # a later --refresh run asks again
    assert c.get("k") is None
    c.close()
    o = Cache(settings(tmp_path, offline=True))
    assert o.get("k").value == {"a": 2}  # offline: any stored answer beats none
    o.close()


def test_offline_miss_per_item(tmp_path):
    s = settings(tmp_path, offline=True)
    cache = Cache(s)
    cache.put("pubmed:efetch:111", "record", Record(source="pubmed", pmid="111").to_dict())
    cache.put("pubmed:efetch:222", "negative", None)
    pm = PubMed(s, cache, Stats())
    b = pm.fetch(["111", "222", "333"])
    assert set(b.found) == {"111"} and b.missing == {"222"}
    assert set(b.failed) == {"333"} and isinstance(b.failed["333"], OfflineMiss)
    with pytest.raises(OfflineMiss):
        pm.search("anything")
    pm.close()
    cache.close()


def test_stats_export_import_clear(tmp_path):
    s = settings(tmp_path)
    c = Cache(s)
    c.put_many([("a", "record", {"x": 1}), ("b", "status", []), ("c", "negative", None)])
    c.lookup(["a", "zz"])
    c.close()
    c = Cache(s)
    st = c.stats()
    assert st["by_kind"] == {"record": 1, "status": 1, "negative": 1} and st["size_bytes"] > 0
    assert st["last_run"]["hits"] == 1 and st["last_run"]["misses"] == 1 and st["last_run"]["hit_rate"] == 0.5
    assert 0 <= st["newest_age_s"] <= st["oldest_age_s"] < 60
    out = tmp_path / "dump.jsonl"
    assert c.export(out) == 3
    assert c.clear() == 3 and c.stats()["entries"] == 0
    assert c.import_(out) == 3 and c.get("a").value == {"x": 1}
    c.close()


def _writer(cache_dir: str, n: int, who: int) -> None:
    c = Cache(Settings(cache_dir=cache_dir))
    for i in range(n):
        c.put(f"k:{who}:{i}", "record", {"who": who, "i": i})
        c.put("both-writers", "record", {"who": who})
    c.close()


def test_two_processes_write_at_once(tmp_path):
    Cache(settings(tmp_path)).close()
    ctx = mp.get_context("spawn")
    ps = [ctx.Process(target=_writer, args=(str(tmp_path), 150, w)) for w in range(2)]
    for p in ps:
        p.start()
    for p in ps:
        p.join(60)
        assert p.exitcode == 0
    c = Cache(settings(tmp_path))
    assert c.stats()["entries"] == 301
    assert c.get("k:1:149").value == {"who": 1, "i": 149}
    c.close()


@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_corrupted_file_is_moved_aside(tmp_path, caplog, damage):
    s = settings(tmp_path)
    c = Cache(s)
    c.put_many([(f"k{i}", "record", {"i": i, "pad": "x" * 500}) for i in range(200)])
    c.close()
    path = tmp_path / FILENAME
    if damage == "garbage":
        path.write_bytes(b"\x00garbage not sqlite\xff" * 100)
    else:
        data = path.read_bytes()
        path.write_bytes(data[:4096 + 1000])  # header page kept, the rest cut
    bad = path.read_bytes()
    with caplog.at_level(logging.WARNING, logger="refcheck.sources"):
        c = Cache(s)
        c.get("k1")  # may be where a truncated file shows its damage
        c.put("fresh", "record", {"ok": True})
        assert c.get("fresh").value == {"ok": True}
        c.close()
    assert any("corrupt" in r.getMessage() for r in caplog.records)
    aside = list(tmp_path.glob(FILENAME + ".corrupt-*"))
    assert aside and any(p.read_bytes() == bad for p in aside)  # user data kept, not deleted


def test_no_secret_in_keys(tmp_path, fast_settings):
    s = fast_settings(cache_dir=tmp_path, api_key="SECRETKEY123", email="me@example.org", offline=True)
    cache = Cache(s)
    pm = PubMed(s, cache, Stats())
    pm.fetch(["1"])
    pm.search_many(["x y"])
    pm.close()
    cache.put("pubmed:efetch:1", "record", Record(source="pubmed", pmid="1").to_dict())
    cache.close()
    assert b"SECRETKEY123" not in (tmp_path / FILENAME).read_bytes()


def test_offline_uses_an_expired_answer(tmp_path):
    c = Cache(settings(tmp_path))
    c.put("k", "record", {"a": 1}, fetched_at=time.time() - 40 * DAY)
    c.close()
    o = Cache(settings(tmp_path, offline=True))
    assert o.get("k").value == {"a": 1}  # offline: even an expired answer beats none
    o.close()
