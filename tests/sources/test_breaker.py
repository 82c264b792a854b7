"""The circuit breaker: a dead service costs a few failed lookups, then fails fast."""

from __future__ import annotations

import time

import pytest

from refcheck.errors import SourceError
from refcheck.settings import Settings
from refcheck.sources import Cache, PubMed, Stats
from refcheck.sources.http import Breaker
from tests.fakes import FakeServices
from tests.fakes.sample_records import SAMPLE_BY_N


def test_dead_service_fails_fast_after_three_lookups_then_probes(tmp_path, monkeypatch):
    monkeypatch.setattr(Breaker, "COOL_DOWN", 1.0)
    with FakeServices(works=list(SAMPLE_BY_N.values())) as fake:
        fake.down("eutils")
        settings = Settings(**fake.urls, cache_dir=tmp_path,
                            max_attempts=2, deadline=2.0, timeout=1.0)
        cache, stats = Cache(settings), Stats()
        pm = PubMed(settings, cache, stats, backoff_base=0.05, backoff_max=0.1)
        for _ in range(3):
            with pytest.raises(SourceError):
                pm.search("vitamin d")
        sent = fake.count("eutils")
        assert sent == 6  # three lookups, two attempts each
        t0 = time.monotonic()
        for _ in range(20):
            with pytest.raises(SourceError, match="not asked"):
                pm.search("magnesium")
        assert fake.count("eutils") == sent  # open: nothing more sent
        assert time.monotonic() - t0 < 0.5
        fake.up("eutils")
        time.sleep(1.1)  # cool-down over: one probe goes through and closes the breaker
        assert isinstance(pm.search("vitamin d"), list)
        assert isinstance(pm.search("magnesium"), list)
        pm.close()
        cache.close()
