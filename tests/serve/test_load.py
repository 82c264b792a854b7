"""Twenty uploads at once share one rate limit: NCBI's 3 requests/s holds, with zero 429s.

The fake answers 429 to a fourth E-utilities request within a second, as NCBI does; every
check must still come back whole and right. The figures are printed (run with -s to see them).
"""

from __future__ import annotations

import threading
import time

import pytest

from tests.serve.helpers import EXPECTED, REFS, verdicts

UPLOADS = 20
WORDS = ("amber basalt cobalt dune ember fjord garnet heron indigo jasper kelp lichen marble nectar onyx "
         "pumice quartz russet sienna topaz").split()


def _upload(i: int, lines: list[str]) -> tuple[bytes, dict]:
    """Upload i: 12 consecutive entries of the sample list (the 20 windows cover all 40), then two
    fabricated entries of its own, which no cache can answer: every upload costs requests.

    (Consecutive: a list numbered 1-4 then 33-40 is split wrongly by the parser today.)"""
    start = i * (len(lines) - 12) // (UPLOADS - 1)
    chosen = lines[start : start + 12]
    want = {int(line.strip().split(".", 1)[0]): EXPECTED[int(line.strip().split(".", 1)[0])] for line in chosen}
    n, w = start + 13, WORDS[i]
    chosen.append(f"{n}. Quillfeather T, Marrowind B. Zorbulent kinetics of quaxiform {w} lattices in flembic "
                  f"assays. J Imaginary Res. 2019;{i + 3}(2):{100 + i}-{110 + i}.")
    chosen.append(f"{n + 1}. Ostrander P, Velloway K. Spectral drift of {w} murmuration fields under glimmer "
                  f"load. Ann Fictive Sci. 2021;{i + 11}:{300 + i}-{309 + i}.")
    want[n] = want[n + 1] = ("error", ("not-found",))
    return ("\n".join(chosen) + "\n").encode("utf-8"), want


@pytest.mark.slow
def test_twenty_concurrent_uploads_keep_ncbi_rate(make_server, fake):
    fake.latency = 0.05
    srv = make_server("--workers", "4", REFCHECK_EMAIL="office@example.org")  # Crossref polite pool
    lines = [ln for ln in REFS.read_text(encoding="utf-8").splitlines() if ln.strip()]
    uploads = [_upload(i, lines) for i in range(UPLOADS)]
    barrier = threading.Barrier(UPLOADS)
    ids: dict[int, str] = {}
    errors: list[str] = []

    def post(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            ids[i] = srv.submit_file(f"list-{i}.txt", uploads[i][0])
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(repr(e))

    t0 = time.monotonic()
    threads = [threading.Thread(target=post, args=(i,)) for i in range(UPLOADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    assert len(set(ids.values())) == UPLOADS

    # right after the burst most checks wait their turn, and say so
    queued = [s for s in (srv.status(c) for c in ids.values()) if s["state"] == "queued"]
    assert queued, "20 uploads on 4 workers: some must be queued"
    assert any(s["progress"]["queue_position"] > 0 for s in queued)
    assert all("Queued:" in s["progress"]["message"] for s in queued)

    # watch them all until done: while they run, the status says the rate limit is the bottleneck
    limited_seen = False
    deadline = time.monotonic() + 400
    pending = set(ids.values())
    while pending and time.monotonic() < deadline:
        for cid in list(pending):
            s = srv.status(cid)
            if s["state"] == "running" and s["progress"].get("rate_limited"):
                limited_seen = True
                assert "waiting on the services' rate limits" in s["progress"]["message"]
            if s["state"] in ("done", "failed"):
                assert s["state"] == "done", s
                pending.discard(cid)
        time.sleep(0.3)
    assert not pending, pending
    assert limited_seen, "20 uploads against 3 requests/s: some status must have said it waited on the limit"
    for i, cid in ids.items():
        doc = srv.get(f"/api/checks/{cid}/report.json").json()
        assert verdicts(doc) == uploads[i][1], i
    took = time.monotonic() - t0

    eutils = fake.count("eutils")
    assert fake.count_status(429) == 0
    assert fake.max_rate("eutils", 1.0) <= 3
    assert eutils >= 2 * UPLOADS  # the fabricated entries alone need that many: the limit was tested
    print(f"\n{UPLOADS} uploads: {eutils} E-utilities requests, {fake.count('crossref')} Crossref, "
          f"max {fake.max_rate('eutils', 1.0)} NCBI requests in any 1 s, 0 x 429, {took:.1f} s wall")
