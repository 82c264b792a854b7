"""pyproject.toml's package-data names files that exist (a pattern matching nothing ships nothing)."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_package_data_patterns_match_files():
    conf = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    data = conf["tool"]["setuptools"]["package-data"]
    assert data, "package-data is declared"
    for package, patterns in data.items():
        base = ROOT / "src" / package.replace(".", "/")
        for pattern in patterns:
            assert [p for p in base.glob(pattern) if p.is_file()], f"{package}: {pattern} matches no file"
