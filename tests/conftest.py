import sys
from pathlib import Path

import pytest

_ROOT = str(Path(__file__).resolve().parents[1])
if _ROOT not in sys.path:  # so `tests.fakes` imports however pytest is started
    sys.path.insert(0, _ROOT)


@pytest.fixture
def fake_services(monkeypatch):
    """Fake E-utilities + Crossref over SAMPLE_WORKS + EXTRA_WORKS (NCBI limit 3/s); env vars point at them."""
    from tests.fakes import FakeServices
    from tests.fakes.sample_records import EXTRA_WORKS, SAMPLE_WORKS

    with FakeServices(works=SAMPLE_WORKS + EXTRA_WORKS, ncbi_rate_limit=3) as fake:
        monkeypatch.setenv("REFCHECK_EUTILS_URL", fake.eutils_url)
        monkeypatch.setenv("REFCHECK_CROSSREF_URL", fake.crossref_url)
        yield fake
