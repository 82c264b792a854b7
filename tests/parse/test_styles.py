"""155 hand-checked reference strings in NLM, AMA, APA and Harvard style (tests/data)."""

import json
from pathlib import Path

import pytest

from refcheck.parse import parse_entry

DATA = Path(__file__).parents[1] / "data" / "references_styles.jsonl"
ROWS = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
DEFAULTS = {
    "authors": [], "et_al": False, "title": None, "journal": None, "year": None, "month": None,
    "day": None, "epub": None, "volume": None, "issue": None, "pages": None, "doi": None,
    "pmid": None, "pmcid": None, "url": None, "accessed": None, "publisher": None,
    "type": "journal", "retraction_noted": False,
}


def test_enough_data():
    styles = {r["style"] for r in ROWS}
    assert len(ROWS) >= 150 and styles == {"nlm", "ama", "apa", "harvard"}
    types = {r["expected"].get("type", "journal") for r in ROWS}
    assert {"journal", "book", "chapter", "conference", "web", "thesis", "report"} <= types


@pytest.mark.parametrize("row", ROWS, ids=[f"{r['style']}{i}" for i, r in enumerate(ROWS)])
def test_fields(row):
    ref = parse_entry(row["raw"], 1)
    assert ref.raw == row["raw"]
    want = {**DEFAULTS, **row["expected"]}
    got = {k: (list(v) if k == "authors" else v) for k in DEFAULTS for v in [getattr(ref, k)]}
    assert got == want
