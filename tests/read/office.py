"""LibreOffice (headless) as the real tool that writes ODT, RTF and PDF from a Word file.

`.ci/run` installs Debian's libreoffice-writer-nogui; where it is absent these tests skip and say so.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed; .ci/run installs libreoffice-writer-nogui")


def convert(data: bytes, src_ext: str, dst: str) -> bytes:
    """Convert `data` (a file of type src_ext, e.g. ".docx") with LibreOffice to `dst` ("odt",
    "rtf", "pdf", "fodt"); a private user profile per call, so parallel workers don't collide."""
    assert SOFFICE is not None
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        src = t / f"article{src_ext}"
        src.write_bytes(data)
        out = t / "out"
        cmd = [
            SOFFICE, f"-env:UserInstallation=file://{t / 'profile'}", "--headless", "--norestore",
            "--convert-to", dst, "--outdir", str(out), str(src),
        ]
        subprocess.run(cmd, check=True, capture_output=True, timeout=180)
        ext = dst.split(":")[0]
        return (out / f"article.{ext}").read_bytes()
