"""Field-level exact-match accuracy of the entry parser, per field and per style, and its throughput.

Data: tests/data/references_styles.jsonl (hand-checked expected fields) and references.txt (the
40-entry sample, expected values from tests/parse/test_sample_list.py) — the "development" set, whose
expected values were produced by running the parser and then reviewed.

Held-out: tests/data/references_heldout.jsonl — reference strings written by hand, with expected
fields written from the string *before* the parser was ever run on them. Reported separately; it
is the honest figure for references the parser has not been tuned on.

    .venv/bin/python bench/parse_accuracy.py             # both sets, misses listed
    .venv/bin/python bench/parse_accuracy.py --heldout   # held-out set only

Real strings: when ../shared/parse-dev/ exists (it is not part of the repository), its 591 real
reference strings are scored with its own comparison rules (score.py), per style hint and field.
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


def load_heldout() -> list[tuple[str, str, dict]]:
    rows = []
    for line in (ROOT / "tests/data/references_heldout.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            rows.append((d["style"], d["raw"], {**DEFAULTS, **d["expected"]}))
    return rows


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


def _value(ref, f):
    got = getattr(ref, f)
    return list(got) if f == "authors" else got


def report(name: str, rows: list[tuple[str, str, dict]], show_misses: bool = True) -> float:
    """Print per-field / per-style / overall exact-match accuracy of `rows`; return the field-level %."""
    per_field = defaultdict(lambda: [0, 0])
    per_style = defaultdict(lambda: [0, 0])
    per_style_entries = defaultdict(lambda: [0, 0])
    misses = []
    entry_ok = 0
    for style, raw, exp in rows:
        ref = parse_entry(raw, 1)
        all_ok = True
        for f in FIELDS:
            got = _value(ref, f)
            ok = got == exp[f]
            all_ok &= ok
            per_field[f][0] += ok
            per_field[f][1] += 1
            per_style[style][0] += ok
            per_style[style][1] += 1
            if not ok:
                misses.append((style, f, exp[f], got, raw[:70]))
        entry_ok += all_ok
        per_style_entries[style][0] += all_ok
        per_style_entries[style][1] += 1
    total_ok = sum(v[0] for v in per_field.values())
    total = sum(v[1] for v in per_field.values())
    pct = 100 * total_ok / total
    print(f"=== {name} ===")
    print(f"entries: {len(rows)}   fields compared: {total}")
    print(f"field-level exact match: {pct:.2f} %")
    print(f"entries with every field right: {entry_ok}/{len(rows)} ({100 * entry_ok / len(rows):.1f} %)")
    print("\nper field:")
    for f in FIELDS:
        ok, n = per_field[f]
        print(f"  {f:17s} {100 * ok / n:6.2f} %  ({ok}/{n})")
    print("\nper style (field-level; entries fully right):")
    for s in sorted(per_style):
        ok, n = per_style[s]
        eok, en = per_style_entries[s]
        print(f"  {s:22s} {100 * ok / n:6.2f} %  ({ok}/{n})   entries {eok}/{en}")
    if misses and show_misses:
        print("\nmisses:")
        for m in misses:
            print(f"  [{m[0]}] {m[1]}: expected {m[2]!r}, got {m[3]!r}  — {m[4]}")
    print()
    return pct


DEV = ROOT.parent / "shared" / "parse-dev"


def report_real() -> None:
    """Per style hint and per field, on ../shared/parse-dev (skipped when that folder is absent)."""
    if not (DEV / "score.py").exists():
        print("(../shared/parse-dev not found: real-string accuracy skipped)\n")
        return
    spec = importlib.util.spec_from_file_location("parse_dev_score", DEV / "score.py")
    sc = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(sc)
    recs = [json.loads(x) for x in (DEV / "references-dev.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
    style = defaultdict(lambda: [0, 0, 0])
    field = defaultdict(lambda: [0, 0])
    t0 = time.process_time()
    for r in recs:
        got = parse_entry(r["raw"], 1).parsed()
        style[r["style_hint"]][2] += 1
        for f in sc.FIELDS:
            if f in r["gold"]:
                ok = bool(sc.compare(f, r["gold"][f], got, r["gold"]))
                style[r["style_hint"]][0] += ok
                style[r["style_hint"]][1] += 1
                field[f][0] += ok
                field[f][1] += 1
    dt = time.process_time() - t0  # CPU time, scoring included
    ok = sum(v[0] for v in field.values())
    n = sum(v[1] for v in field.values())
    print(f"=== REAL STRINGS (../shared/parse-dev, {len(recs)} entries, {len(recs) / dt:,.0f} entries/s CPU, scoring included) ===")
    print(f"overall field accuracy: {100 * ok / n:.2f} % ({ok}/{n})")
    print("\n| style hint | entries | fields | accuracy |\n|---|---|---|---|")
    for k, (o, m, e) in sorted(style.items(), key=lambda kv: -kv[1][2]):
        print(f"| {k} | {e} | {m} | {100 * o / m:.1f} % |")
    print("\nper field: " + ", ".join(f"{f} {100 * o / m:.1f} %" for f, (o, m) in field.items()) + "\n")


def main() -> None:
    heldout = load_heldout()
    if "--real" in sys.argv[1:]:
        report_real()
        return
    if "--heldout" in sys.argv[1:]:
        report("HELD-OUT (tests/data/references_heldout.jsonl)", heldout)
        return
    rows = load()
    report("DEVELOPMENT (references_styles.jsonl + references.txt)", rows)
    ho = report("HELD-OUT (tests/data/references_heldout.jsonl)", heldout)
    print(f"held-out overall field-level accuracy: {ho:.2f} %\n")
    report_real()

    raws = [raw for _, raw, _ in rows]
    reps = max(1, 20000 // len(raws))
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in range(reps):
        for i, raw in enumerate(raws):
            parse_entry(raw, i)
    dt, dc = time.perf_counter() - t0, time.process_time() - c0
    # CPU time too: on a shared machine the wall clock also counts other processes' turns
    print(f"\nthroughput: {reps * len(raws) / dt:,.0f} entries/s wall, {reps * len(raws) / dc:,.0f} entries/s CPU"
          f" ({reps * len(raws)} entries in {dt:.2f} s)")

    from refcheck.parse import parse_text

    text = "\n".join(f"{i}. {raw}" for i, raw in enumerate(raws * 20, start=1)) + "\n"
    t0 = time.perf_counter()
    doc = parse_text(text)
    dt = time.perf_counter() - t0
    print(f"whole-list parse_text: {len(doc.references)} entries in {dt:.2f} s = {len(doc.references) / dt:,.0f} entries/s")

    real = ROOT.parent / "shared" / "parse-dev" / "references-dev.jsonl"
    if real.exists():
        # the real strings (the labeller is asked about some of them): the throughput the bar means
        strings = [json.loads(line)["raw"] for line in real.read_text(encoding="utf-8").splitlines() if line.strip()]
        reps = max(1, 10000 // len(strings))
        t0, c0 = time.perf_counter(), time.process_time()
        for _ in range(reps):
            for i, raw in enumerate(strings):
                parse_entry(raw, i)
        dt, dc = time.perf_counter() - t0, time.process_time() - c0
        print(f"real strings: {reps * len(strings) / dt:,.0f} entries/s wall, {reps * len(strings) / dc:,.0f} entries/s CPU")

    from refcheck.parse import parse_path

    sample = str(ROOT / "references.txt")
    parse_path(sample)
    times = []
    for _ in range(21):
        t0 = time.perf_counter()
        parse_path(sample)
        times.append(time.perf_counter() - t0)
    print(f"parse_path references.txt (40 entries): median {sorted(times)[10] * 1000:.1f} ms (goal < 50 ms)")


if __name__ == "__main__":
    main()
