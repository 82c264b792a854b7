"""Whole-process time and peak memory of `refcheck verify references.txt`, cold and warm.

Runs the real command in a subprocess against the fakes (started here, 50 ms latency), five
times warm, and `refcheck --help` five times. Goals: warm ≤ 0.5 s, --help ≤ 0.25 s.

    .venv/bin/python bench/verify.py
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fakes import FakeServices  # noqa: E402
from tests.fakes.sample_records import ALL_WORKS  # noqa: E402

REFCHECK = [str(Path(sys.executable).with_name("refcheck"))]
if not Path(REFCHECK[0]).exists():
    REFCHECK = [sys.executable, "-m", "refcheck"]


def timed(args, env) -> tuple[float, int, int]:
    """Wall seconds, exit status and peak RSS (KiB) of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    p = subprocess.run(args, env=env, capture_output=True)
    wall = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, p.returncode, max(peak, before)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp, FakeServices(works=ALL_WORKS, ncbi_rate_limit=3, latency=0.05) as fake:
        env = dict(os.environ, **fake.env, REFCHECK_CACHE_DIR=tmp)
        cmd = REFCHECK + ["verify", str(ROOT / "references.txt"), "--format", "json", "-q"]
        cold, rc, peak = timed(cmd, env)
        print(f"cold: {cold:.2f} s (exit {rc}), {fake.count()} requests")
        warm = [timed(cmd, env)[0] for _ in range(5)]
        print(f"warm: median {statistics.median(warm):.3f} s, min {min(warm):.3f} s over 5 runs (goal ≤ 0.5 s)")
        helps = [timed(REFCHECK + ["--help"], env)[0] for _ in range(5)]
        print(f"--help: median {statistics.median(helps):.3f} s (goal ≤ 0.25 s)")
        print(f"peak RSS of a verify process: {peak / 1024:.1f} MiB")


if __name__ == "__main__":
    main()
