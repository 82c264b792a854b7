"""The token labeller alone on real strings: field accuracy per field and per style hint, and speed.

    .venv/bin/python bench/labeller_accuracy.py [--gold ../shared/parse-dev/references-dev.jsonl] [--failures N]

Reads ../shared/parse-dev/ when it exists (it is not part of the repository) and scores the
labeller's fields with that set's own comparison rules (score.py's `compare`), so the figures
line up with `score.py --tool refcheck=...` for the whole parser. The labeller's author zone is
cut to its first author the simple way (first `;`, or first one or two comma pieces).
Throughput: entries labelled per second in this process, the model already loaded.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from refcheck.parse import labeller  # noqa: E402
from refcheck.parse.labeller import MODEL, Labelled, label  # noqa: E402

DEV = ROOT.parent / "shared" / "parse-dev"
FIELDS = ("first_author_surname", "year", "title", "journal", "volume", "issue", "first_page", "doi")


def first_author(zone: str | None) -> list[str]:
    if not zone:
        return []
    if ";" in zone:
        return [zone.split(";")[0].strip()]
    zone = re.split(r"\s+(?:and|&|et|e|y|und)\s+", zone)[0]
    parts = [p.strip() for p in zone.split(",")]
    if len(parts[0].split()) >= 2 or len(parts) == 1:
        return [parts[0]]
    return [parts[0] + ", " + parts[1]]


def as_parsed(lab: Labelled) -> dict:
    year = lab.first("year")
    return {
        "authors": first_author(lab.first("author")),
        "year": year,
        "title": lab.first("title"),
        "journal": lab.first("journal"),
        "volume": lab.first("volume"),
        "issue": lab.first("issue"),
        "pages": lab.first("pages"),
        "doi": lab.first("doi"),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gold", type=Path, default=DEV / "references-dev.jsonl")
    ap.add_argument("--failures", type=int, default=0)
    ap.add_argument("--model", type=Path, help="another model file (e.g. a fresh bench/train_labeller.py --out)")
    a = ap.parse_args(argv)
    if a.model:
        labeller.MODEL_PATH = a.model
    if not a.gold.is_file():
        print(f"labeller_accuracy: {a.gold} not found (the dev set lives outside the repository)", file=sys.stderr)
        return 2
    spec = importlib.util.spec_from_file_location("parse_dev_score", a.gold.parent / "score.py")
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    recs = [json.loads(x) for x in a.gold.read_text(encoding="utf-8").splitlines() if x.strip()]

    t0 = time.perf_counter()
    MODEL.tagger()
    load_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    labelled = [label(r["raw"]) for r in recs]
    secs = time.perf_counter() - t0

    per_field: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    per_style: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    misses = []
    for rec, lab in zip(recs, labelled):
        parsed = as_parsed(lab)
        for f in FIELDS:
            if f not in rec["gold"]:
                continue
            ok = score.compare(f, rec["gold"][f], parsed, rec["gold"])
            for d, k in ((per_field, f), (per_style, rec["style_hint"]), (per_field, "overall")):
                d[k][0] += ok
                d[k][1] += 1
            if not ok:
                misses.append((rec, f, parsed.get(f if f != "first_page" else "pages", parsed.get("authors"))))

    print(f"# Token labeller alone on {len(recs)} real strings ({labeller.MODEL_PATH.name}, {labeller.MODEL_PATH.stat().st_size / 1e6:.2f} MB)\n")
    print("| field | right | % |\n|---|---|---|")
    for f in FIELDS + ("overall",):
        r, n = per_field[f]
        print(f"| {f} | {r}/{n} | {100 * r / max(n, 1):.1f}% |")
    print("\n| style hint | fields | % |\n|---|---|---|")
    for s, (r, n) in sorted(per_style.items(), key=lambda kv: -kv[1][1]):
        print(f"| {s} | {n} | {100 * r / n:.1f}% |")
    print(f"\nmodel load {1000 * load_s:.0f} ms; {len(recs) / secs:.0f} entries/s labelled (one process, model loaded)")
    for rec, f, got in misses[: a.failures]:
        print(f"- [{rec['style_hint']}] {rec['raw'][:160]}\n    {f}: gold {rec['gold'][f]!r} got {got!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
