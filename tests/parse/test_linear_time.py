"""Every parse path runs in linear time: an input 4x longer takes about 4x (never ~16x) longer.

Bounded by complexity, not by the clock: each case compares the best of three runs at n and 4n,
and allows a ratio of 10 (linear: 4, quadratic: 16), so a loaded machine does not make it fail.
"""

from __future__ import annotations

import gc
import time

import pytest

from refcheck.parse.fields import parse_entry
from refcheck.parse.split import split_entries

RATIO = 10.0

ENTRY_SHAPES = {
    "trailing full stops": lambda n: "Smith J" + ". " * n,
    "digits": lambda n: "7" * (2 * n),
    "numbers and commas": lambda n: "7, " * n,
    "vancouver names": lambda n: "Smith J, " * (n // 4),
    "author-date names": lambda n: "Smith, J., " * (n // 5),
    "initials": lambda n: "J.-P. " * (n // 3),
    "open quotes": lambda n: "‘a " * n,
    "open brackets": lambda n: "[a " * n,
    "open parentheses": lambda n: "(" * (2 * n),
    "parentheses around brackets": lambda n: "(" * (n // 2) + "[1] " * (n // 4) + ")" * (n // 2),
    "a [pii] tag after a long token": lambda n: "x" * (2 * n) + " [pii]",
    "years in parentheses": lambda n: "(2019) " * (n // 3),
    "capitalised words": lambda n: "Abc " * (n // 2),
    "colons": lambda n: "a: " * n,
    "ranges": lambda n: "1-2 " * n,
    "a DOI": lambda n: "10.1000/" + "a" * (2 * n),
}


def _best(fn, arg, runs=5):
    """Best CPU time of `runs` (other processes do not count), the garbage collector paused."""
    best = float("inf")
    gc.collect()
    gc.disable()
    try:
        for _ in range(runs):
            t = time.process_time()
            fn(arg)
            best = min(best, time.process_time() - t)
    finally:
        gc.enable()
    return best


def _ratio(fn, make, n):
    small, large = make(n), make(4 * n)
    fn(small)  # warm caches
    return _best(fn, large) / max(_best(fn, small), 2e-3)  # below 2 ms, timer noise dominates


@pytest.mark.parametrize("shape", sorted(ENTRY_SHAPES))
def test_entry_parse_is_linear(shape):
    make = ENTRY_SHAPES[shape]
    r = _ratio(lambda s: parse_entry(s, 1), make, 6000)
    assert r < RATIO, f"{shape}: 4x the input took {r:.1f}x the time"


def _unnumbered(n):
    return "\n".join(f"Author{i} J. Title number {i}. J Med. 2019;{i}:1-2." for i in range(n))


def _numbered(n):
    return "\n".join(f"{i + 1}. Author J. Title number {i}. J Med. 2019;{i}:1-2." for i in range(n))


def _hanging(n):
    return "\n".join("Author J. A title that goes on" if i % 2 == 0 else "    and on. J Med. 2019;1:2." for i in range(n))


def _particles(n):
    return "\n".join(f"van der Berg J. Title {i}. J Med. 2019;{i}:1-2." for i in range(n))


@pytest.mark.parametrize("make", [_unnumbered, _numbered, _hanging, _particles], ids=lambda f: f.__name__.strip("_"))
def test_splitting_is_linear(make):
    r = _ratio(split_entries, make, 5000)
    assert r < RATIO, f"{make.__name__}: 4x the lines took {r:.1f}x the time"


def test_long_lists_split_whole():
    """The sizes the bench times: 100,000 lines, every entry kept."""
    assert len(split_entries(_unnumbered(100_000))) == 100_000
