"""Write a file so that a reader (or a crash) never sees half of it."""

from __future__ import annotations

import glob
import os
import tempfile
import time
from pathlib import Path


STALE = 600.0  # seconds: a temporary file this old was left by a process that was killed


def write_atomic(path: Path, text: str, encoding: str = "utf-8") -> None:
    """Write to a temporary file in the same folder, fsync, then rename over `path`.

    Temporary files of `path` left behind by a killed run (kill -9 gives no chance to clean up)
    are removed once they are older than STALE seconds.
    """
    path = Path(path)
    _remove_stale(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _remove_stale(path: Path) -> None:
    now = time.time()
    for tmp in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        try:
            if now - tmp.stat().st_mtime > STALE:
                tmp.unlink()
        except OSError:
            pass
