"""Helpers shared by the structured readers (BibTeX, RIS, JATS)."""

from __future__ import annotations

import re

from refcheck.normalize import expand_pages, normalize_doi
from refcheck.dates import month_number

_WS = re.compile(r"\s+")


def clean(s: object) -> str | None:
    if s is None:
        return None
    s = _WS.sub(" ", str(s)).strip()
    return s or None


def person(family: str | None, given: str | None) -> str | None:
    """'Rooney', 'Mary R.' → 'Rooney MR' (the NLM form authors are cited in)."""
    family = clean(family)
    if not family:
        return None
    given = clean(given) or ""
    if re.fullmatch(r"[A-Z]{1,4}", given):  # already initials: "MR"
        return f"{family} {given}"
    initials = "".join(p[0] for p in re.split(r"[\s.\-]+", given) if p and p[0].isalpha())
    return f"{family} {initials.upper()}".strip()


def split_name(name: str | None) -> str | None:
    """'Rooney, Mary R.' or 'Mary R. Rooney' → 'Rooney MR'; '{PRISMA Group}' stays whole."""
    name = clean(name)
    if not name:
        return None
    if name.startswith("{") and name.endswith("}"):
        return name[1:-1].strip()
    if "," in name:
        fam, _, giv = name.partition(",")
        return person(fam, giv)
    parts = name.split()
    if len(parts) == 1:
        return parts[0]
    return person(parts[-1], " ".join(parts[:-1]))


def year_of(s: object) -> int | None:
    m = re.search(r"\b(1[5-9]|20)\d\d\b", str(s or ""))
    return int(m.group(0)) if m else None


def pages_of(first: object, last: object = None) -> str | None:
    first, last = clean(first), clean(last)
    if first and last and last != first:
        return expand_pages(f"{first}-{last}")
    if first:
        return expand_pages(first.replace("--", "-"))
    return None


def month_of(s: object) -> int | None:
    text = clean(s)
    if not text:
        return None
    return month_number(text.split()[0].rstrip("."))


def doi_of(s: object) -> str | None:
    text = clean(s)
    return normalize_doi(text) if text else None
