"""`refcheck batch` at scale: 10, 50 and 100 articles × ~40 references against the fakes, NCBI 3 req/s.

For each size, a child process runs one batch (fresh cache, fresh output folder) with refcheck's
default settings (NCBI 3 req/s, no API key) against fakes that enforce 3 req/s, and reports:
total requests, requests per reference, wall time against the lower bound the NCBI limit sets
(requests to NCBI / 3 s), and peak memory (ru_maxrss; with --tracemalloc also the peak of Python
allocations, which slows the CPU-bound part).
Goal: memory flat in the number of articles; wall time close to the lower bound.

Articles are subsets/permutations of the 40 sample references plus a few EXTRA works rendered as
references, in five formats (txt, md, html, bib, ris).

    .venv/bin/python bench/batch.py                  # 10, 50, 100 articles
    .venv/bin/python bench/batch.py --sizes 10 20    # quicker
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))


def render_work(w) -> str:
    """An EXTRA fixture work as a Vancouver-style reference."""
    names = []
    for fam, given in w.authors[:6]:
        initials = "".join(p[0] for p in (given or "").replace("-", " ").split() if p)
        names.append(f"{fam} {initials}".strip())
    if w.collective:
        names.append(w.collective)
    who = ", ".join(names) + (", et al" if len(w.authors) > 6 else "")
    journal = w.journal_iso or w.journal or w.container_title or ""
    pages = w.first_page or w.elocation or ""
    if w.first_page and w.last_page and w.last_page != w.first_page:
        pages = f"{w.first_page}-{w.last_page}"
    vol = f";{w.volume}" if w.volume else ""
    iss = f"({w.issue})" if w.issue else ""
    pg = f":{pages}" if pages else ""
    doi = f" doi:{w.doi}" if w.doi else ""
    return f"{who}. {w.title}. {journal}. {w.year}{vol}{iss}{pg}.{doi}".strip()


def make_articles(folder: Path, count: int, seed: int = 11) -> int:
    """`count` articles of 30-40 sample references + 0-3 extra works; returns the reference count."""
    from tests.batch.articles import KINDS, bibtex, html, markdown, parsed_entries, ris, sample_entries, txt
    from tests.fakes.sample_records import EXTRA_BY_KEY

    entries = sample_entries()
    extras = [render_work(EXTRA_BY_KEY[k]) for k in ("retracted", "eoc", "corrected", "ahead_of_print",
                                                      "retracted_rw_only", "collective") if k in EXTRA_BY_KEY]
    from refcheck.parse import parse_text

    parsed = parsed_entries()
    parsed_extra = list(parse_text(txt(extras), "extras.txt").references)
    rng = random.Random(seed)
    total = 0
    for i in range(count):
        kind = KINDS[i % len(KINDS)]
        idx = list(range(len(entries)))
        rng.shuffle(idx)
        idx = idx[: rng.randint(30, 40)]
        ex = rng.sample(range(len(extras)), rng.randint(0, 3))
        chosen = [entries[j] for j in idx] + [extras[j] for j in ex]
        refs = [parsed[j] for j in idx] + [parsed_extra[j] for j in ex]
        total += len(chosen)
        text = {"txt": lambda: txt(chosen), "md": lambda: markdown(chosen, f"Article {i}"),
                "html": lambda: html(chosen, f"Article {i}"), "bib": lambda: bibtex(refs),
                "ris": lambda: ris(refs)}[kind]()
        p = folder / kind / f"article{i:03d}.{kind}"
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    return total


def child(folder: str, out: str, trace: bool) -> None:
    """One batch in this process; prints a JSON line with its numbers."""
    import tracemalloc

    from refcheck.batch import Options, run_batch
    from refcheck.settings import Settings

    if trace:
        tracemalloc.start()
    t0 = time.perf_counter()
    res = run_batch([folder], out, Settings.from_env(), Options(formats=("json", "html"), quiet=True))
    wall = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1] if trace else 0
    tracemalloc.stop()
    s = res.summary
    ru = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({
        "wall": wall,
        "cpu": ru.ru_utime + ru.ru_stime,
        "tracemalloc_peak": peak,
        "maxrss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "articles": s["totals"]["articles"],
        "failed": s["totals"]["failed"],
        "references": s["totals"]["references"],
        "statuses": {k: s["totals"][k] for k in ("ok", "warning", "error", "unverified")},
        "requests_seen_by_refcheck": (s.get("requests") or {}).get("requests_total"),
        "rate_wait_s": (s.get("requests") or {}).get("rate_wait_s"),
    }), flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10, 50, 100])
    ap.add_argument("--latency", type=float, default=0.02, help="fake service latency per request (s)")
    ap.add_argument("--tracemalloc", action="store_true",
                    help="also trace Python allocations (slows the CPU-bound part 2-3x; wall time then overstates)")
    ap.add_argument("--child", nargs=2, metavar=("FOLDER", "OUT"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(*args.child, trace=args.tracemalloc)
        return

    from tests.fakes import FakeServices
    from tests.fakes.sample_records import ALL_WORKS

    rows = []
    with tempfile.TemporaryDirectory(prefix="refcheck-bench-batch-") as tmp:
        tmp = Path(tmp)
        for n in args.sizes:
            folder = tmp / f"in{n}"
            nrefs = make_articles(folder, n)
            with FakeServices(works=ALL_WORKS, ncbi_rate_limit=3, latency=args.latency) as fake:
                env = dict(os.environ)
                env.pop("NCBI_API_KEY", None)
                env.update(fake.env)
                env.update(REFCHECK_CACHE_DIR=str(tmp / f"cache{n}"), REFCHECK_EMAIL="bench@example.org")
                t0 = time.perf_counter()
                p = subprocess.run([sys.executable, __file__, "--child", str(folder), str(tmp / f"out{n}"),
                                    *(["--tracemalloc"] if args.tracemalloc else [])], env=env, capture_output=True, text=True)
                wall_proc = time.perf_counter() - t0
                if p.returncode != 0:
                    sys.stderr.write(p.stderr)
                    raise SystemExit(f"child failed for {n} articles")
                r = json.loads(p.stdout.strip().splitlines()[-1])
                ncbi, crossref = fake.count("eutils"), fake.count("crossref")
                r.update(n=n, refs_written=nrefs, total=fake.count(), ncbi=ncbi, crossref=crossref,
                         status_429=fake.count_status(429), max_ncbi_rate=fake.max_rate("eutils"),
                         wall_proc=wall_proc, bound=ncbi / 3.0)
                rows.append(r)
            print(f"{n:>4} articles, {r['references']} references ({r['failed']} unreadable): "
                  f"{r['total']} requests ({r['ncbi']} NCBI, {r['crossref']} Crossref) = "
                  f"{r['total'] / max(1, r['references']):.3f}/reference; 429s {r['status_429']}, "
                  f"max NCBI rate {r['max_ncbi_rate']}/s", flush=True)
            print(f"      wall {r['wall']:.1f}s (batch; CPU {r['cpu']:.1f}s) / {r['wall_proc']:.1f}s (process) vs lower bound "
                  f"{r['bound']:.1f}s (NCBI requests / 3) = {r['wall'] / max(r['bound'], 1e-9):.2f}×; "
                  f"peak memory: tracemalloc {r['tracemalloc_peak'] / 2**20:.1f} MiB, "
                  f"ru_maxrss {r['maxrss_kib'] / 1024:.1f} MiB; statuses {r['statuses']}", flush=True)
    print("\nsize  refs  requests  req/ref  ncbi  wall_s  bound_s  ratio  tracemalloc_MiB  maxrss_MiB")
    for r in rows:
        print(f"{r['n']:>4}  {r['references']:>4}  {r['total']:>8}  {r['total'] / max(1, r['references']):>7.3f}  "
              f"{r['ncbi']:>4}  {r['wall']:>6.1f}  {r['bound']:>7.1f}  {r['wall'] / max(r['bound'], 1e-9):>5.2f}  "
              f"{r['tracemalloc_peak'] / 2**20:>15.1f}  {r['maxrss_kib'] / 1024:>10.1f}")


if __name__ == "__main__":
    main()
