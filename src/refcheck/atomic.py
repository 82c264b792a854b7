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
    mode = _mode_for(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, mode)  # mkstemp makes 0600; a report is the user's file like any other
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


def _mode_for(path: Path) -> int:
    """The mode the file would have if the user wrote it: an existing file keeps its own,
    a new one gets 0666 less the umask (0644 under the usual 022)."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        pass
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _remove_stale(path: Path) -> None:
    now = time.time()
    for tmp in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        try:
            if now - tmp.stat().st_mtime > STALE:
                tmp.unlink()
        except OSError:
            pass
