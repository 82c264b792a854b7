import sys
from pathlib import Path

import pytest

_ROOT = str(Path(__file__).resolve().parents[1])
if _ROOT not in sys.path:  # so `tests.fakes` imports however pytest is started
    sys.path.insert(0, _ROOT)


_LOOPBACK = {"127.0.0.1", "::1", "localhost", "0.0.0.0"}


@pytest.fixture(autouse=True)
def _no_real_network(monkeypatch):
    """Tests never reach a real service: a name other than loopback does not resolve.

    Every service has a default on the internet (doi.org, OpenAlex…); a test that forgets to point
    one at its fake fails with a connection error here instead of asking the real one.
    """
    import socket

    real = socket.getaddrinfo

    def guarded(host, *args, **kw):
        h = host.decode() if isinstance(host, bytes) else str(host)
        if h not in _LOOPBACK and not h.startswith("127.") and not h.endswith(".invalid"):
            raise socket.gaierror(socket.EAI_NONAME, f"tests reach no real network ({h})")
        return real(host, *args, **kw)

    monkeypatch.setattr(socket, "getaddrinfo", guarded)


@pytest.fixture
def fake_services(monkeypatch):
    """Fake E-utilities + Crossref over SAMPLE_WORKS + EXTRA_WORKS (NCBI limit 3/s); env vars point at them."""
    from tests.fakes import FakeServices
    from tests.fakes.sample_records import EXTRA_WORKS, SAMPLE_WORKS

    with FakeServices(works=SAMPLE_WORKS + EXTRA_WORKS, ncbi_rate_limit=3) as fake:
        for k, v in fake.env.items():  # every service on loopback, the DOI system and OpenAlex too
            monkeypatch.setenv(k, v)
        yield fake
