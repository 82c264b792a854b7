"""Where the suite's data lives: inside the repository, so a lone fresh clone runs every test."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
# Real E-utilities and Crossref answers (their source notes: wire-samples/README.md).
WIRE = DATA / "wire-samples"
# The sample article whose reference list is references.txt.
ARTICLE = DATA / "samples" / "vitamin-d-magnesium-article.txt"
REFS = ROOT / "references.txt"
