"""Reports are written with the user's umask (0644 by default), still atomically."""

from __future__ import annotations

import os
import stat

import pytest

from refcheck.atomic import write_atomic


@pytest.mark.parametrize("umask,expected", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_new_file_follows_the_umask(tmp_path, umask, expected):
    old = os.umask(umask)
    try:
        write_atomic(tmp_path / "report.json", "{}\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "report.json").stat().st_mode) == expected
    assert (tmp_path / "report.json").read_text() == "{}\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]  # no temporary left


def test_replaced_file_keeps_its_mode(tmp_path):
    target = tmp_path / "report.html"
    target.write_text("old")
    os.chmod(target, 0o640)
    write_atomic(target, "new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640 and target.read_text() == "new"
