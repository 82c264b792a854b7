#!/usr/bin/env python3
"""Parse time on hostile inputs: each shape at n and 4n characters (lines), and the ratio (linear: 4).

    python bench/parse_complexity.py [--n 12500]

Prints one row per shape; also the two cases of issue 15 at full size: an entry of `Smith J`
followed by 25,000 `". "`, and a 100,000-line unnumbered list (split only, and split + fields).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from refcheck.parse import parse_text  # noqa: E402
from refcheck.parse.fields import parse_entry  # noqa: E402
from refcheck.parse.split import split_entries  # noqa: E402
from tests.parse.test_linear_time import ENTRY_SHAPES, _hanging, _numbered, _particles, _unnumbered  # noqa: E402


def best(fn, arg, runs=3):
    b = float("inf")
    for _ in range(runs):
        t = time.perf_counter()
        fn(arg)
        b = min(b, time.perf_counter() - t)
    return b


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=12500)
    a = ap.parse_args()
    print("| input | n | time n | time 4n | ratio |\n|---|---|---|---|---|")
    for name, make in sorted(ENTRY_SHAPES.items()):
        t1, t4 = best(lambda s: parse_entry(s, 1), make(a.n)), best(lambda s: parse_entry(s, 1), make(4 * a.n))
        print(f"| entry: {name} | {len(make(a.n))} chars | {t1 * 1000:.1f} ms | {t4 * 1000:.1f} ms | {t4 / max(t1, 1e-6):.1f} |")
    for make in (_unnumbered, _numbered, _hanging, _particles):
        n = a.n * 2
        t1, t4 = best(split_entries, make(n), 1), best(split_entries, make(4 * n), 1)
        print(f"| split: {make.__name__.strip('_')} | {n} lines | {t1 * 1000:.0f} ms | {t4 * 1000:.0f} ms | {t4 / t1:.1f} |")
    s = "Smith J" + ". " * 25000
    print(f"\nissue 15 entry (Smith J + 25,000 '. '): {best(lambda x: parse_entry(x, 1), s) * 1000:.1f} ms")
    text = _unnumbered(100_000)
    t = time.perf_counter()
    n = len(split_entries(text))
    print(f"issue 15 list (100,000 unnumbered lines): split {time.perf_counter() - t:.2f} s ({n} entries)")
    t = time.perf_counter()
    pd = parse_text(text, "list.txt", "text")
    dt = time.perf_counter() - t
    print(f"  split + fields: {dt:.1f} s, {len(pd.references) / dt:.0f} entries/s")


if __name__ == "__main__":
    main()
