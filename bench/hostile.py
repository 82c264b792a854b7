"""Wall time and peak memory of `refcheck verify` against hostile services, one mode at a time.

Both services sit behind tests/reliability/hostile.py (a loopback proxy in front of the fakes);
the process runs under a 2 GiB address-space cap. Also: 40 entries against a refused port.
Budgets are the defaults (REFCHECK_TIMEOUT 10 s, REFCHECK_DEADLINE 60 s) unless SHORT=1.

    .venv/bin/python bench/hostile.py            # every mode
    .venv/bin/python bench/hostile.py drip huge  # some
"""

from __future__ import annotations

import json
import os
import resource
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fakes import FakeServices  # noqa: E402
from tests.fakes.sample_records import ALL_WORKS  # noqa: E402
from tests.reliability.helpers import SHORT, make_env, write_subset  # noqa: E402
from tests.reliability.hostile import MODES, Hostile, Trap, gzip_bomb  # noqa: E402

AS_LIMIT = 2 << 30
SUBSET = (1, 5, 11, 14, 20, 28)


def _cap():
    resource.setrlimit(resource.RLIMIT_AS, (AS_LIMIT, AS_LIMIT))


def _run(env, refs) -> tuple[float, int, str, dict]:
    t0 = time.monotonic()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    p = subprocess.run([sys.executable, "-m", "refcheck", "verify", str(refs), "--format", "json"],
                       env=env, capture_output=True, text=True, preexec_fn=_cap, timeout=1800)
    took = time.monotonic() - t0
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB; the max over children so far
    try:
        statuses = Counter(r["status"] for r in json.loads(p.stdout)["references"])
    except ValueError:
        statuses = {"no JSON": 1}
    return took, p.returncode, p.stderr.strip().splitlines()[-1:] or [""], dict(statuses) | {"_rss": max(rss, before)}


def main(modes) -> None:
    short = os.environ.get("SHORT") == "1"
    gzip_bomb()
    with tempfile.TemporaryDirectory() as d, FakeServices(works=ALL_WORKS) as fake:
        d = Path(d)
        refs = write_subset(d / "refs.txt", SUBSET)
        for mode in modes:
            trap = Trap()
            with Hostile(fake.eutils_url, mode, trap=trap) as pm, Hostile(fake.crossref_url, mode, trap=trap) as cr:
                env = make_env(None, d / f"cache-{mode}", REFCHECK_EUTILS_URL=pm.url, REFCHECK_CROSSREF_URL=cr.url)
                if not short:
                    for k in SHORT:
                        env.pop(k, None)
                took, rc, last, st = _run(env, refs)
            trap.close()
            rss = st.pop("_rss")
            print(f"{mode:12s} {took:6.1f}s  exit {rc}  peak RSS so far {rss / 1024:.0f} MiB  {st}  "
                  f"redirect visits {trap.hits}  | {last[0][:110]}")
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()
        lines = (ROOT / "references.txt").read_text(encoding="utf-8")
        forty = d / "forty.txt"
        forty.write_text(lines, encoding="utf-8")
        env = make_env(None, d / "cache-refused", REFCHECK_EUTILS_URL=f"http://127.0.0.1:{port}/eutils",
                       REFCHECK_CROSSREF_URL=f"http://127.0.0.1:{port}")
        for k in SHORT:
            env.pop(k, None)
        took, rc, last, st = _run(env, forty)
        st.pop("_rss")
        print(f"{'refused':12s} {took:6.1f}s  exit {rc}  40 entries {st}  | {last[0][:110]}")


if __name__ == "__main__":
    main(sys.argv[1:] or [m for m in MODES if m != "pass"])
