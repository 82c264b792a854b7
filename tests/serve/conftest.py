"""Fixtures of the `refcheck serve` tests: fakes, and a real server process over loopback."""

from __future__ import annotations

import pytest

from tests.serve.helpers import Server, server_env


@pytest.fixture
def fake():
    """Fake E-utilities and Crossref holding every fixture work; NCBI limited to 3/s (429 above)."""
    from tests.fakes import FakeServices
    from tests.fakes.sample_records import ALL_WORKS

    with FakeServices(works=ALL_WORKS, ncbi_rate_limit=3, latency=0.0) as f:
        yield f


@pytest.fixture
def make_server(fake, tmp_path):
    """Start servers (same data and cache folders unless told otherwise); all stopped at the end."""
    started: list[Server] = []

    def make(*args: str, data_dir=None, **env_extra) -> Server:
        env = server_env(fake, tmp_path / "cache", **env_extra)
        s = Server(env, data_dir or tmp_path / "data", tmp_path / f"server-{len(started)}.log", *args)
        started.append(s)
        return s.start()

    yield make
    for s in started:
        s.stop()
