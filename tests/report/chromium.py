"""Headless Chromium, for the browser tests (skipped where it is not installed)."""

from __future__ import annotations

import shutil
import struct
import subprocess
from pathlib import Path

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars",
)  # fmt: skip


def _run(args: list[str], tmp: Path) -> subprocess.CompletedProcess:
    profile = tmp / "chromium-profile"
    profile.mkdir(exist_ok=True)
    return subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def dump_dom(url: str, tmp: Path) -> str:
    """The DOM after scripts ran, as Chromium serialises it."""
    p = _run(["--virtual-time-budget=2000", "--dump-dom", url], tmp)
    assert p.returncode == 0, p.stderr[-2000:]
    return p.stdout


def screenshot(url: str, png: Path, tmp: Path, size: str = "1280,1600") -> tuple[int, int]:
    """Write a PNG of the page; return its (width, height)."""
    p = _run([f"--screenshot={png}", f"--window-size={size}", url], tmp)
    assert p.returncode == 0, p.stderr[-2000:]
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])
