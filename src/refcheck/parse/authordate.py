"""Author-date in-text citations (APA, Harvard, Chicago) → the entries they cite.

Recognised: parenthetical ``(Smith et al., 2019)``, ``(Smith & Jones, 2020a, 2021)``,
``(WHO, 2021; Lee 2018)``, ``(see Smith, 2019, p. 4)``; narrative ``Smith and Jones (2020a)``,
``Smith et al. (2019)``, ``World Health Organization (2021)``. A citation matches the entry
whose first author's family name (accents and case aside; a group author also by its initials,
``WHO``) and year agree; a second named author and the year's letter (``2020a``: the first such
entry, ``b`` the second…) choose between entries that both fit. What matches nothing is
returned as text, so `missing` works for author-date articles as it does for numbered ones.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from refcheck.model import Reference

_YEAR = r"(?:1[5-9]|20)\d\d[a-z]?|n\.\s?d\."
_PAREN = re.compile(r"\(([^()]{2,400}?)\)")
_PART_YEAR = re.compile(rf"\b({_YEAR})(?![\d])")
_PARTICLE = r"(?:van|von|de|del|della|der|den|da|di|du|le|la|dos|das|ten|ter)\s+"
_SURNAME = rf"(?:{_PARTICLE})*[A-Z\u00C0-\u00DE][\w'\u2019\-]+"
_NARRATIVE = re.compile(
    rf"((?:{_SURNAME})(?:\s+et\s+al\.?|(?:,\s*{_SURNAME})*,?\s+(?:and|&)\s+{_SURNAME})?)"
    rf"['\u2019]?s?\s*\(\s*((?:{_YEAR})(?:\s*[,;]\s*(?:{_YEAR}))*)\s*\)"
)
_LEAD = re.compile(r"^(?:see\s+also|see|e\.g\.,?|i\.e\.,?|cf\.|for\s+example,?|for\s+a\s+review,?\s+see|as\s+reviewed\s+by|reviewed\s+in)\s+", re.I)
_STOP = {"In", "The", "This", "These", "Table", "Figure", "Fig", "See", "As", "And", "But", "For", "From", "Since", "After", "Before", "During", "Between"}


@dataclass(frozen=True)
class Cite:
    text: str  # as written, e.g. "Smith et al., 2019"
    first: str  # first author's family name (or group name)
    second: str | None
    year: str  # "2019", "2020a", "n.d."


def _fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    return "".join(ch for ch in s if not unicodedata.combining(ch)).lower().replace("\u2019", "'")


def _family(author: str) -> str:
    """'Rooney MR' → 'rooney'; 'van der Berg A' → 'van der berg'; a group name stays whole."""
    if "," in author:  # "Rosanoff, A."
        return _fold(author.split(",", 1)[0].strip())
    parts = author.split()
    if len(parts) >= 2 and re.fullmatch(r"[A-Z]{1,4}\.?", parts[-1].replace(".", "")):
        return _fold(" ".join(parts[:-1]))
    return _fold(author)


def _initials(name: str) -> str:
    return "".join(w[0] for w in re.findall(r"[A-Za-z][\w'\-]*", name) if w[0].isupper()).lower()


def _authors_of(segment: str) -> tuple[str, str | None] | None:
    seg = _LEAD.sub("", segment.strip().strip(",").strip())
    seg = re.sub(r"[,\s]+$", "", seg)
    if not seg or not (seg[0].isupper() or re.match(_PARTICLE, seg)):
        return None
    seg = re.sub(r"\s+et\s+al\.?$", "", seg)
    names = [n.strip() for n in re.split(r"\s*(?:,|\band\b|&)\s*", seg) if n.strip()]
    if not names or names[0].split()[0] in _STOP or re.search(r"\d", names[0]):
        return None
    first = names[0]
    second = names[1] if len(names) > 1 else None
    return first, second


def find_author_date(body: str) -> list[Cite]:
    """Every author-date citation in the article body, in order."""
    out: list[Cite] = []
    text = body.replace("\u00a0", " ")
    for m in _PAREN.finditer(text):
        inner = m.group(1)
        if not _PART_YEAR.search(inner):
            continue
        for part in re.split(r"\s*;\s*", inner):
            years = list(_PART_YEAR.finditer(part))
            if not years:
                continue
            who = _authors_of(part[: years[0].start()])
            if who is None:
                continue
            for y in years:
                names = _LEAD.sub("", part[: years[0].start()].strip()).rstrip(", ")
                out.append(Cite(f"{names}, {y.group(1)}", who[0], who[1], y.group(1).replace(" ", "")))
    for m in _NARRATIVE.finditer(text):
        who = _authors_of(m.group(1))
        if who is None:
            continue
        for y in re.split(r"\s*[,;]\s*", m.group(2)):
            out.append(Cite(f"{m.group(1)} ({y})", who[0], who[1], y.replace(" ", "")))
    return out


def _year_key(ref: Reference) -> str | None:
    if ref.year is None:
        return "n.d." if re.search(r"\bn\.\s?d\.", ref.raw) else None
    m = re.search(rf"\b{ref.year}([a-z])\b", ref.raw)
    return f"{ref.year}{m.group(1)}" if m else str(ref.year)


def match(body: str, refs: tuple[Reference, ...] | list[Reference]) -> tuple[set[int], list[str]]:
    """(numbers of the entries the body cites, citations that match no entry)."""
    cites = find_author_date(body)
    cited: set[int] = set()
    unmatched: list[str] = []
    keyed = [(r, _family(r.authors[0]) if r.authors else "", _year_key(r)) for r in refs]
    for c in cites:
        first = _fold(c.first)
        base_year = c.year.rstrip("abcdefghijklmnopqrstuvwxyz") if c.year != "n.d." else "n.d."
        letter = c.year[len(base_year):] if c.year != "n.d." else ""

        def name_ok(fam: str, ref: Reference) -> bool:
            return bool(fam) and (fam == first or fam.endswith(" " + first) or (len(first) >= 2 and _initials(ref.authors[0]) == first))

        same = [(r, y) for r, fam, y in keyed if y and (y == c.year or y.rstrip("abcdefghijklmnopqrstuvwxyz") == base_year) and name_ok(fam, r)]
        if c.second and len(same) > 1:
            sec = _fold(c.second)
            narrowed = [(r, y) for r, y in same if len(r.authors) > 1 and _family(r.authors[1]) == sec]
            same = narrowed or same
        if letter and len(same) > 1:
            exact = [(r, y) for r, y in same if y == c.year]
            if exact:
                same = exact
            else:
                k = ord(letter) - ord("a")
                same = [same[k]] if k < len(same) else []
        if same:
            cited.add(same[0][0].n)
        else:
            unmatched.append(c.text)
    return cited, list(dict.fromkeys(unmatched))
