"""Fake PubMed E-utilities and Crossref REST services for refcheck's tests.

    from tests.fakes import FakeServices, Work, Notice
    from tests.fakes.sample_records import SAMPLE_WORKS, EXTRA_WORKS
    with FakeServices(works=SAMPLE_WORKS + EXTRA_WORKS) as fake:
        ... fake.eutils_url, fake.crossref_url ...

This package is an independent implementation of the two services' wire
formats; it must not import refcheck.
"""

from .model import NOTICE_KINDS, Notice, Work
from .server import ALL_FAULTS, EXTRA_FAULTS, FakeServices, RequestLog

__all__ = ["FakeServices", "Work", "Notice", "RequestLog", "ALL_FAULTS", "EXTRA_FAULTS", "NOTICE_KINDS"]
