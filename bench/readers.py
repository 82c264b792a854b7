"""Time to read the sample article in each format (median of 5), and whether each gives the
text version's 40 entries and cited numbers 1-40.

The formats are made as in tests/read: python-docx, reportlab (two-column PDF), and LibreOffice
for ODT, Flat ODT, RTF and its own PDF when `soffice` is installed.

    .venv/bin/python bench/readers.py
"""

from __future__ import annotations

import dataclasses
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from refcheck.parse import parse_document, parse_text  # noqa: E402
from refcheck.read import docx, odt, pdf, rtf  # noqa: E402
from tests.read import article  # noqa: E402
from tests.read.office import SOFFICE, convert  # noqa: E402


def main() -> None:
    bl = article.blocks(with_dois=True)
    want = parse_text(article.to_text(bl), "a.txt")
    strip = lambda refs: [dataclasses.replace(r, line=None) for r in refs]  # noqa: E731
    docx_bytes = article.to_docx(bl)
    inputs = [("docx (python-docx)", docx, docx_bytes, "a.docx"), ("pdf, two columns (reportlab)", pdf, article.to_pdf(bl), "a.pdf")]
    if SOFFICE:
        for fmt, mod in (("pdf", pdf), ("odt", odt), ("fodt", odt), ("rtf", rtf)):
            inputs.append((f"{fmt} (LibreOffice)", mod, convert(docx_bytes, ".docx", fmt), f"a.{fmt}"))
    print(f"{'format':32} {'bytes':>8} {'read ms':>8}  same 40 entries, cited 1-40")
    for label, mod, data, name in inputs:
        times = []
        for _ in range(5):
            t = time.perf_counter()
            doc = mod.read(data, name)
            times.append((time.perf_counter() - t) * 1000)
        got = parse_document(doc, name)
        same = strip(got.references) == strip(want.references) and got.citations.cited == tuple(range(1, 41))
        print(f"{label:32} {len(data):>8} {statistics.median(times):>8.0f}  {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
