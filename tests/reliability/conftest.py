"""Fixtures of the reliability and security suite (tests/reliability).

The suite drives the real code over loopback fakes (tests/fakes) with short timeouts, so that a
failing service costs seconds, not minutes.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # `from tests.fakes import …` and `from tests.reliability.helpers import …`
    sys.path.insert(0, str(ROOT))

from tests.reliability.helpers import make_env  # noqa: E402


@pytest.fixture
def fake():
    """A fresh pair of fake services holding every fixture work (NCBI limit 3/s, no latency)."""
    from tests.fakes import FakeServices
    from tests.fakes.sample_records import ALL_WORKS

    with FakeServices(works=ALL_WORKS, ncbi_rate_limit=3, latency=0.0) as f:
        yield f


@pytest.fixture
def env(fake, tmp_path):
    """Environment of a refcheck process pointed at `fake`, with its own cache folder."""
    return make_env(fake, tmp_path / "cache")
