"""Field-level exact-match accuracy of the entry parser, per field and per style, and its throughput.

Data: tests/data/references_styles.jsonl (hand-checked expected fields) and references.txt (the
40-entry sample, expected values from tests/parse/test_sample_list.py).

    .venv/bin/python bench/parse_accuracy.py
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from refcheck.parse import parse_entry  # noqa: E402

FIELDS = ("authors", "et_al", "title", "journal", "year", "month", "day", "epub", "volume", "issue",
          "pages", "doi", "pmid", "pmcid", "url", "accessed", "publisher", "type", "retraction_noted")
DEFAULTS = {f: None for f in FIELDS} | {"authors": [], "et_al": False, "type": "journal", "retraction_noted": False}


def load() -> list[tuple[str, str, dict]]:
    rows = []
    for line in (ROOT / "tests/data/references_styles.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            rows.append((d["style"], d["raw"], {**DEFAULTS, **d["expected"]}))
    spec = importlib.util.spec_from_file_location("sample", ROOT / "tests/parse/test_sample_list.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    names = ("n", "authors", "et_al", "title", "journal", "year", "month", "day", "epub", "volume", "issue", "pages")
    raws = {}
    for line in (ROOT / "references.txt").read_text(encoding="utf-8").splitlines():
        m = re.match(r"\s*(\d+)\.\s+(.*)$", line)
        raws[int(m.group(1))] = m.group(2)
    for row in mod.EXPECTED:
        exp = dict(DEFAULTS)
        exp.update({k: (list(v) if k == "authors" else v) for k, v in zip(names, row) if k != "n"})
        exp["type"] = "web" if row[0] == 7 else "journal"
        exp["accessed"] = "2021-04-27" if row[0] == 7 else None
        rows.append(("references.txt (nlm)", raws[row[0]], exp))
    return rows


def main() -> None:
    rows = load()
    per_field = defaultdict(lambda: [0, 0])
    per_style = defaultdict(lambda: [0, 0])
    misses = []
    for style, raw, exp in rows:
        ref = parse_entry(raw, 1)
        for f in FIELDS:
            got = getattr(ref, f)
            got = list(got) if f == "authors" else got
            ok = got == exp[f]
            per_field[f][0] += ok
            per_field[f][1] += 1
            per_style[style][0] += ok
            per_style[style][1] += 1
            if not ok:
                misses.append((style, f, exp[f], got, raw[:70]))
    total_ok = sum(v[0] for v in per_field.values())
    total = sum(v[1] for v in per_field.values())
    print(f"entries: {len(rows)}   fields compared: {total}")
    print(f"field-level exact match: {100 * total_ok / total:.2f} %")
    entry_ok = sum(all((list(getattr(r, f)) if f == 'authors' else getattr(r, f)) == e[f] for f in FIELDS)
                   for r, e in ((parse_entry(raw, 1), e) for _, raw, e in rows))
    print(f"entries with every field right: {entry_ok}/{len(rows)}")
    print("\nper field:")
    for f in FIELDS:
        ok, n = per_field[f]
        print(f"  {f:17s} {100 * ok / n:6.2f} %  ({ok}/{n})")
    print("\nper style:")
    for s in sorted(per_style):
        ok, n = per_style[s]
        print(f"  {s:22s} {100 * ok / n:6.2f} %  ({ok}/{n})")
    if misses:
        print("\nmisses:")
        for m in misses:
            print(f"  [{m[0]}] {m[1]}: expected {m[2]!r}, got {m[3]!r}  — {m[4]}")

    raws = [raw for _, raw, _ in rows]
    reps = max(1, 20000 // len(raws))
    t0 = time.perf_counter()
    for _ in range(reps):
        for i, raw in enumerate(raws):
            parse_entry(raw, i)
    dt = time.perf_counter() - t0
    print(f"\nthroughput: {reps * len(raws) / dt:,.0f} entries/s ({reps * len(raws)} entries in {dt:.2f} s)")

    from refcheck.parse import parse_text

    text = "\n".join(f"{i}. {raw}" for i, raw in enumerate(raws * 20, start=1)) + "\n"
    t0 = time.perf_counter()
    doc = parse_text(text)
    dt = time.perf_counter() - t0
    print(f"whole-list parse_text: {len(doc.references)} entries in {dt:.2f} s = {len(doc.references) / dt:,.0f} entries/s")


if __name__ == "__main__":
    main()
