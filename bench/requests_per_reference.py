"""Requests per reference for the sample's 40 references, cold and warm, against the fakes.

The fakes add 50 ms to every answer and enforce NCBI's 3 requests/s like the real service.
Prints requests by endpoint, requests per reference, 429 answers and wall time.

    .venv/bin/python bench/requests_per_reference.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from refcheck.check import check_document  # noqa: E402
from refcheck.parse import parse_path  # noqa: E402
from refcheck.resolve import Resolver  # noqa: E402
from refcheck.settings import Settings  # noqa: E402
from tests.fakes import FakeServices  # noqa: E402
from tests.fakes.sample_records import ALL_WORKS  # noqa: E402


def run_once(fake, settings, doc) -> tuple[float, Counter, object]:
    fake.reset_log()
    t0 = time.perf_counter()
    with Resolver(settings) as resolver:
        report = check_document(doc, resolver, quiet=True)
    wall = time.perf_counter() - t0
    by_endpoint = Counter(f"{r.service}:{_endpoint(r.path)}" for r in fake.requests)
    return wall, by_endpoint, report


def _endpoint(path: str) -> str:
    if path.startswith("/ra/"):
        return "ra"
    if path.startswith("/api/handles/"):
        return "handle"
    if path.startswith("/dois/"):
        return "dois/{doi}"
    if path.startswith("/search/publ/"):
        return "search/publ/api"
    last = path.rstrip("/").split("/")[-1]
    if path.startswith("/works/"):
        return "works/{doi}"
    return last


# Works only the new sources hold, and entries citing them (plus fabrications), for the
# "mixed" list: the sample list with four entries PubMed and Crossref cannot settle.
MIXED_ENTRIES = [
    "Vaswani A, Shazeer N, Parmar N. Attention is all you need. arXiv. 2017. doi:10.48550/arXiv.1706.03762",
    "Haddad R, van der Berg M. Learned sparse retrieval for clinical trial matching. In: Proceedings of the "
    "2021 Conference on Clinical Informatics; 2021. p. 112-119.",
    "Haddad R, Moreau L. Contrastive pretraining of dietary magnesium embeddings for clinicians. In: "
    "Proceedings of the 2022 Conference on Clinical Informatics; 2022. p. 201-209.",
    "Tanaka K. Registry of invented magnesium readings. Zenodo; 2020. doi:10.5281/zenodo.77777777",
]


def main() -> None:
    from refcheck.parse import parse_text
    from tests.e2e.test_dblp_e2e import CONF_FAKE, CORR, CORR_ENTRY, KDD, KDD_REAL, KDD_WRONG_VENUE
    from tests.sources.test_third_sources import ARXIV, CONF

    # computer-science entries PubMed, Crossref and OpenAlex cannot settle: a KDD paper and a
    # CoRR preprint only DBLP holds, the KDD paper under a wrong venue, a fabricated CS paper
    cs_entries = [KDD_REAL, CORR_ENTRY, KDD_WRONG_VENUE, CONF_FAKE]
    sample = parse_path(str(ROOT / "references.txt"))
    lines = (ROOT / "references.txt").read_text(encoding="utf-8").splitlines()
    start = len(sample.references) + 1

    def plus(entries: list[str]):
        return parse_text("\n".join(lines + [f"{start + i}. {e}" for i, e in enumerate(entries)]))

    for name, doc in (("sample list (biomedical)", sample),
                      ("sample list + 4 entries only new sources settle", plus(MIXED_ENTRIES)),
                      ("sample list + 4 computer-science entries (DBLP)", plus(cs_entries))):
        print(f"== {name}")
        measure(doc, ALL_WORKS + [ARXIV, CONF, KDD, CORR])


def measure(doc, works) -> None:
    n = len(doc.references)
    with tempfile.TemporaryDirectory() as tmp, FakeServices(works=works, ncbi_rate_limit=3, latency=0.05) as fake:
        settings = Settings.from_env(
            fake.env,  # every service, the DOI system, DataCite, OpenAlex and DBLP included, on loopback
            cache_dir=Path(tmp),
        )
        for label in ("cold", "warm"):
            wall, by_endpoint, report = run_once(fake, settings, doc)
            total = sum(by_endpoint.values())
            print(f"{label}: {total} requests for {n} references = {total / n:.3f} requests/reference; "
                  f"429 answers: {fake.count_status(429)}; wall {wall:.2f} s; summary {report.summary()}")
            for ep, c in sorted(by_endpoint.items()):
                print(f"    {ep:<24} {c:>3}  ({c / n:.3f}/ref)")


if __name__ == "__main__":
    main()
