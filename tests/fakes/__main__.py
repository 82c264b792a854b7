"""python -m tests.fakes --port N : serve SAMPLE_WORKS + EXTRA_WORKS (eutils on N, Crossref on N+1,
doi.org on N+2, DataCite on N+3, OpenAlex on N+4, DBLP on N+5)."""

from __future__ import annotations

import argparse
import time

from .sample_records import EXTRA_WORKS, SAMPLE_WORKS
from .server import FakeServices


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(prog="python -m tests.fakes", description=__doc__)
    ap.add_argument("--port", type=int, default=8765, help="E-utilities port; Crossref uses port+1")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--ncbi-rate-limit", type=int, default=3)
    ap.add_argument("--latency", type=float, default=0.0)
    ap.add_argument("--faults", type=float, default=0.0, help="fault rate on both services (0..1)")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    fake = FakeServices(works=SAMPLE_WORKS + EXTRA_WORKS, ncbi_rate_limit=args.ncbi_rate_limit,
                        latency=args.latency, host=args.host, eutils_port=args.port,
                        crossref_port=args.port + 1 if args.port else 0)
    if args.port:
        fake._ports.update(doi=args.port + 2, datacite=args.port + 3, openalex=args.port + 4, dblp=args.port + 5)
    with fake:
        if args.faults:
            fake.faults(None, rate=args.faults, seed=args.seed)
        for k, v in fake.env.items():
            print(f"export {k}={v}")
        print(end="", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
