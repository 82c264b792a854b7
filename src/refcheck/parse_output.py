"""`refcheck parse` output: the contract's refcheck/parse-v1 JSON, or a table for a person."""

from __future__ import annotations

import json
from typing import Any

from .model import ParsedDocument


def parse_dict(doc: ParsedDocument) -> dict:
    d: dict[str, Any] = {
        "schema": "refcheck/parse-v1",
        "source": doc.source,
        "format": doc.format,
        "references": [{"n": r.n, "raw": r.raw, "parsed": r.parsed()} for r in doc.references],
    }
    if doc.citations is not None:
        d["citations"] = doc.citations.to_dict()
    return d


def _short(s: str | None, width: int) -> str:
    s = s or ""
    return s if len(s) <= width else s[: width - 1] + "…"


def render_parse(doc: ParsedDocument, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(parse_dict(doc), ensure_ascii=False, indent=2)
    lines = [f"{'n':>4}  {'type':<10} {'year':<5} {'first author':<22} {'journal':<28} {'vol':<6} {'pages':<12} title"]
    for r in doc.references:
        lines.append(
            f"{r.n:>4}  {r.type:<10} {str(r.year or ''):<5} {_short(r.authors[0] if r.authors else '', 22):<22} "
            f"{_short(r.journal, 28):<28} {_short(r.volume, 6):<6} {_short(r.pages, 12):<12} {_short(r.title, 60)}"
        )
    lines.append(f"{len(doc.references)} references ({doc.format})")
    if doc.citations is not None:
        c = doc.citations
        lines.append(
            f"cited: {len(c.cited)}; cited but not listed: {list(c.cited_not_listed) or 'none'}; "
            f"listed but not cited: {list(c.listed_not_cited) or 'none'}"
        )
    return "\n".join(lines)
