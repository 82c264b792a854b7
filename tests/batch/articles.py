"""Generate articles in mixed formats from reference entries (for the batch tests and bench/batch.py).

Each article is a subset/permutation of the given references, renumbered 1..k, written as one of:
a plain numbered list (.txt), a Markdown article with [n] markers and a References heading (.md),
an HTML article with an <ol> (.html), BibTeX (.bib) or RIS (.ris). BibTeX/RIS need fields: they
are rendered from the parsed references (refcheck.parse) when given, else from the raw text.
"""

from __future__ import annotations

import random
import re
from html import escape
from pathlib import Path
from typing import Sequence

ROOT = Path(__file__).resolve().parents[2]
REFERENCES = ROOT / "references.txt"
KINDS = ("txt", "md", "html", "bib", "ris")

_NUM = re.compile(r"^\s*(?:\[\d+\]|\d+[.)])\s+")


def sample_entries(path: Path = REFERENCES) -> list[str]:
    """The 40 raw entries of references.txt, without their numbers."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            out.append(_NUM.sub("", line).strip())
    return out


def parsed_entries(path: Path = REFERENCES):
    """refcheck's parse of references.txt (Reference objects), aligned with sample_entries()."""
    from refcheck.parse import parse_path

    return list(parse_path(str(path)).references)


def txt(entries: Sequence[str]) -> str:
    return "".join(f"{i}. {e}\n" for i, e in enumerate(entries, 1))


def markdown(entries: Sequence[str], title: str) -> str:
    k = len(entries)
    body = []
    for i in range(1, k + 1, 3):
        marks = ", ".join(f"[{j}]" for j in range(i, min(i + 3, k + 1)))
        body.append(f"Vitamin D and magnesium interact in several ways {marks}.")
    refs = "".join(f"{i}. {e}\n" for i, e in enumerate(entries, 1))
    return f"# {title}\n\n" + " ".join(body) + "\n\n## References\n\n" + refs


def html(entries: Sequence[str], title: str) -> str:
    k = len(entries)
    cites = " ".join(f"Finding {i} [{i}]." for i in range(1, k + 1))
    items = "".join(f"<li>{escape(e)}</li>\n" for e in entries)
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{escape(title)}</title></head><body>"
            f"<h1>{escape(title)}</h1><p>{cites}</p><h2>References</h2>\n<ol>\n{items}</ol></body></html>\n")


def _bib_author(a: str) -> str:
    fam, _, ini = a.rpartition(" ")
    if not fam or not ini.isupper():
        return "{" + a + "}"
    return f"{fam}, {' '.join(c + '.' for c in ini)}"


def bibtex(refs) -> str:
    out = []
    for i, r in enumerate(refs, 1):
        if not r.title:
            out.append(f"@misc{{ref{i},\n  note = {{{r.raw}}},\n  year = {{{r.year or ''}}}\n}}\n")
            continue
        kind = "article" if r.journal and r.type == "journal" else "misc"
        fields = [("author", " and ".join(_bib_author(a) for a in r.authors)), ("title", r.title),
                  ("journal", r.journal), ("year", r.year), ("volume", r.volume), ("number", r.issue),
                  ("pages", (r.pages or "").replace("-", "--") or None), ("doi", r.doi), ("url", r.url),
                  ("pmid", r.pmid)]
        body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields if v)
        out.append(f"@{kind}{{ref{i},\n{body}\n}}\n")
    return "\n".join(out)


def ris(refs) -> str:
    out = []
    for r in refs:
        lines = [f"TY  - {'JOUR' if r.journal and r.type == 'journal' else 'GEN'}"]
        for a in r.authors:
            fam, _, ini = a.rpartition(" ")
            lines.append(f"AU  - {fam}, {ini}" if fam else f"AU  - {a}")
        for tag, v in (("TI", r.title or r.raw), ("JO", r.journal), ("PY", r.year), ("VL", r.volume),
                       ("IS", r.issue), ("DO", r.doi), ("UR", r.url)):
            if v:
                lines.append(f"{tag}  - {v}")
        if r.pages:
            sp, _, ep = r.pages.partition("-")
            lines.append(f"SP  - {sp}")
            if ep:
                lines.append(f"EP  - {ep}")
        lines.append("ER  - ")
        out.append("\n".join(lines) + "\n")
    return "\n".join(out)


def make_corpus(folder: Path, count: int, *, entries: Sequence[str] | None = None, parsed=None, size=(6, 14),
                kinds: Sequence[str] = KINDS, seed: int = 7, full: bool = False) -> list[Path]:
    """Write `count` articles into `folder` (subfolders by kind), overlapping subsets of the entries.

    `full`: every article holds all entries (permuted) instead of a subset of `size` entries.
    """
    entries = list(entries if entries is not None else sample_entries())
    if parsed is None and any(k in ("bib", "ris") for k in kinds):
        parsed = parsed_entries()
    rng = random.Random(seed)
    paths = []
    for i in range(count):
        kind = kinds[i % len(kinds)]
        idx = list(range(len(entries)))
        rng.shuffle(idx)
        if not full:
            idx = sorted(idx[: rng.randint(*size)]) if i % 2 else idx[: rng.randint(*size)]
        chosen = [entries[j] for j in idx]
        title = f"Article {i}"
        if kind == "txt":
            text = txt(chosen)
        elif kind == "md":
            text = markdown(chosen, title)
        elif kind == "html":
            text = html(chosen, title)
        elif kind == "bib":
            text = bibtex([parsed[j] for j in idx])
        else:
            text = ris([parsed[j] for j in idx])
        p = folder / kind / f"article{i:03d}.{kind}"
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
        paths.append(p)
    return paths
