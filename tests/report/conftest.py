"""Fixtures for the renderer tests; the hand-built reports live in reportdata.py."""

from __future__ import annotations

import pytest

from tests.report.reportdata import rich_report, sample_report

from refcheck.model import Report


@pytest.fixture
def sample() -> Report:
    return sample_report()


@pytest.fixture
def rich() -> Report:
    return rich_report()
