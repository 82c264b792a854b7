"""The shared rate limiter, measured client-side."""

from __future__ import annotations

import threading
import time

from refcheck.sources.ratelimit import Gate, RateLimiter


def max_in_window(stamps, window=1.0):
    stamps = sorted(stamps)
    best, j = 0, 0
    for i, t in enumerate(stamps):
        while t - stamps[j] >= window:
            j += 1
        best = max(best, i - j + 1)
    return best


def test_50_acquisitions_at_3_per_s_from_8_threads():
    lim = RateLimiter(3)
    stamps, lock = [], threading.Lock()
    todo = iter(range(50))

    def worker():
        while True:
            with lock:
                if next(todo, None) is None:
                    return
            lim.acquire()
            with lock:
                stamps.append(time.monotonic())

    ts = [threading.Thread(target=worker) for _ in range(8)]
    t0 = time.monotonic()
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert len(stamps) == 50
    assert max_in_window(stamps) <= 3
    assert time.monotonic() - t0 < 50 / 3 + 3  # and it does not crawl


def test_advertised_lower_limit_and_pause():
    lim = RateLimiter(100)
    lim.advertise(2, 1.0)
    assert lim.rate == 2
    lim.advertise(50, 1.0)  # higher than configured ceiling 100? no: min(100, 50)
    assert lim.rate == 50
    t0 = time.monotonic()
    lim.pause(0.3)
    lim.acquire()
    assert time.monotonic() - t0 >= 0.29


def test_gate_limits_concurrency():
    g = Gate(2)
    active, peak, lock = [0], [0], threading.Lock()

    def work():
        with g:
            with lock:
                active[0] += 1
                peak[0] = max(peak[0], active[0])
            time.sleep(0.05)
            with lock:
                active[0] -= 1

    ts = [threading.Thread(target=work) for _ in range(8)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert peak[0] == 2


def test_a_request_counts_from_its_start_until_its_answer():
    """The server saw a request somewhere between its start and its answer: the limiter stamps
    it with the answer's time, so a slow send can never make the server count one too many."""
    now = [0.0]
    lim = RateLimiter(2, clock=lambda: now[0], sleep=lambda d: now.__setitem__(0, now[0] + d))
    _, a = lim.start()
    _, b = lim.start()
    now[0] = 0.5  # both answers come back half a second later
    lim.finish(a)
    lim.finish(b)
    waited, c = lim.start()
    assert now[0] >= 0.5 + lim.window - 1e-9  # counted from the answers, not from the starts
    assert waited > 0


def test_shared_spacing_spaces_starts_across_processes(tmp_path):
    """Two processes on one cache folder: their request starts are spaced as if one process."""
    import multiprocessing as mp

    ctx = mp.get_context("spawn")
    q = ctx.Queue()
    procs = [ctx.Process(target=_claim_starts, args=(str(tmp_path), 6, q)) for _ in range(2)]
    for p in procs:
        p.start()
    stamps = sorted(t for _ in procs for t in q.get(timeout=60))
    for p in procs:
        p.join(timeout=60)
    assert len(stamps) == 12
    # never more than 3 starts in any 1 s window, across both processes
    for i in range(len(stamps) - 3):
        assert stamps[i + 3] - stamps[i] >= 1.0, stamps


def _claim_starts(folder: str, n: int, q) -> None:
    from refcheck.sources.ratelimit import RateLimiter, SharedSpacing

    lim = RateLimiter(3, shared=SharedSpacing(f"{folder}/ratelimit-test.lock", 1 / 3 + 0.03))
    out = []
    for _ in range(n):
        _, tok = lim.start()
        out.append(time.time())
        lim.finish(tok)
    q.put(out)
