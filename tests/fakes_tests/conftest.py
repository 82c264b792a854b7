import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.fakes import FakeServices  # noqa: E402
from tests.fakes.sample_records import ALL_WORKS  # noqa: E402
from tests.paths import WIRE  # noqa: E402

SAMPLES = WIRE


@pytest.fixture(scope="module")
def fake():
    """One server pair per module, no rate limit (tests of the rate limit make their own)."""
    with FakeServices(works=ALL_WORKS, ncbi_rate_limit=0) as f:
        yield f


@pytest.fixture
def svc(fake):
    fake.reset_log()
    fake.no_faults()
    fake.latency = 0.0
    yield fake
    fake.no_faults()
    fake.up("eutils")
    fake.up("crossref")
