"""The entry rewritten from the record, in the style it was cited in (NLM/Vancouver, AMA, APA, Harvard).

Kept from the entry: how many authors it lists and whether it ends them with "et al.", and
whether it gives a DOI / PMID. Everything else comes from the record.
"""

from __future__ import annotations

import re

from .dates import iso_parts, nlm_date
from .model import Person, Record, Reference
from .normalize import expand_pages, person_initials, strip_markup



def detect_style(raw: str) -> str:
    """'apa', 'harvard', 'ama' or 'nlm' (the default: the sample list is NLM)."""
    if re.search(r"\((?:\d{4}[a-z]?|n\.d\.)\)\.", raw):
        return "apa"
    if re.search(r"\(\d{4}[a-z]?\)\s", raw) and ("'" in raw or "‘" in raw or re.search(r"\bpp?\.\s*\d", raw)):
        return "harvard"
    if re.search(r"\(\d{4}[a-z]?\)", raw):
        return "apa"
    if re.search(r"\bdoi:10\.", raw) and not re.search(r"\bEpub\b|PMID:|\[", raw) and re.search(r"\.\s\d{4};\d", raw):
        return "ama"
    return "nlm"


def _initials(p: Person) -> str:
    return person_initials(p.initials, p.given)


def _names(rec: Record) -> list[tuple[str, str]]:
    """(family, initials) per author, collective authors after persons."""
    out = [(p.family, _initials(p)) for p in rec.authors if p.family]
    out += [(c, "") for c in rec.collective]
    return out


def _count(ref: Reference, n_record: int) -> tuple[int, bool]:
    """How many authors to list, and whether to end with et al., following the entry."""
    if ref.et_al and ref.authors:
        k = len(ref.authors)
        return (min(k, n_record), n_record > k)
    return (n_record, False)


def _nlm_pages(first: str | None, last: str | None) -> str | None:
    """NLM abbreviated range: 2505-2513 → 2505-13; e124-e132 → e124-e32 (prefix kept)."""
    if not first:
        return None
    if not last or last == first:
        return first
    m1 = re.match(r"^([A-Za-z]*)(\d+)$", first)
    m2 = re.match(r"^([A-Za-z]*)(\d+)$", (expand_pages(f"{first}-{last}") or "").split("-")[-1])
    if not (m1 and m2) or len(m1.group(2)) != len(m2.group(2)):
        return f"{first}-{last}"
    a, b = m1.group(2), m2.group(2)
    i = 0
    while i < len(a) - 1 and a[i] == b[i]:
        i += 1
    return f"{first}-{m2.group(1)}{b[i:]}"


def _full_pages(rec: Record) -> str | None:
    if rec.first_page:
        return expand_pages(f"{rec.first_page}-{rec.last_page}") if rec.last_page and rec.last_page != rec.first_page else rec.first_page
    return rec.article_number


def _nlm_date(iso: str | None, year: int | None) -> str:
    y, mo, d = iso_parts(iso)
    return nlm_date(y or year, mo, d)


def _title(rec: Record) -> str:
    t = strip_markup(rec.title).strip()
    if t.startswith("[") and t.rstrip(".").endswith("]"):
        t = t.rstrip(".").strip("[]")
    return t if t.endswith(("?", "!", ".")) else t + "."


def _nlm_journal(rec: Record) -> str:
    j = rec.journal_nlm or (rec.journal_iso or "").replace(".", "") or (rec.short_titles[0] if rec.short_titles else None) or rec.journal or ""
    return j.strip().rstrip(".")


def _ids_tail(ref: Reference, rec: Record, style: str) -> str:
    out = ""
    if ref.doi and rec.doi:
        out += {"nlm": f" doi: {rec.doi}.", "ama": f" doi:{rec.doi}"}.get(style, f" https://doi.org/{rec.doi}")
    if ref.pmid and rec.pmid and style == "nlm":
        out += f" PMID: {rec.pmid}."
    return out


def _nlm(ref: Reference, rec: Record, ama: bool = False) -> str:
    names = _names(rec)
    k, etal = _count(ref, len(names))
    authors = ", ".join(f"{f} {i}".strip() for f, i in names[:k])
    if etal:
        authors += ", et al"
    parts = []
    if authors:
        parts.append(authors + ".")
    parts.append(_title(rec))
    parts.append(_nlm_journal(rec) + ".")
    if ama:
        src = str(rec.year or rec.epub_year or "")
    else:
        src = _nlm_date(rec.print_date, rec.year)
    if rec.volume:
        src += f";{rec.volume}"
        if rec.issue:
            src += f"({rec.issue})"
        pages = _full_pages(rec) if ama else (_nlm_pages(rec.first_page, rec.last_page) or rec.article_number)
        if pages:
            src += f":{pages}"
    elif rec.epub_date or rec.epub_year:
        src = _nlm_date(rec.epub_date, rec.epub_year)
        if not ama:
            src = f"{src}. Epub ahead of print" if src else "Epub ahead of print"
    parts.append(src + ".")
    return " ".join(p for p in parts if p.strip(" .")) + _ids_tail(ref, rec, "ama" if ama else "nlm")


def _apa_name(f: str, i: str) -> str:
    return f"{f}, {' '.join(c + '.' for c in i)}" if i else f


def _apa(ref: Reference, rec: Record, harvard: bool = False) -> str:
    names = _names(rec)
    k, etal = _count(ref, len(names))
    shown = [(_apa_name(f, i) if not harvard else f"{f}, {'.'.join(i)}." if i else f) for f, i in names[:k]]
    if etal:
        authors = ", ".join(shown) + " et al."
    elif len(shown) > 1:
        authors = ", ".join(shown[:-1]) + (", & " if not harvard else " and ") + shown[-1]
    else:
        authors = shown[0] if shown else ""
    year = rec.year or rec.epub_year
    title = _title(rec).rstrip(".")
    journal = rec.journal or _nlm_journal(rec)
    pages = _full_pages(rec)
    if harvard:
        s = f"{authors} ({year}) '{title}', {journal}"
        if rec.volume:
            s += f", {rec.volume}"
            if rec.issue:
                s += f"({rec.issue})"
        if pages:
            s += f", pp. {pages}" if "-" in pages else f", {pages}"
        return s + "." + (f" doi:{rec.doi}." if ref.doi and rec.doi else "")
    s = f"{authors} ({year}). {title}. {journal}"
    if rec.volume:
        s += f", {rec.volume}"
        if rec.issue:
            s += f"({rec.issue})"
    if pages:
        s += f", {pages.replace('-', '–')}"
    s += "."
    if ref.doi and rec.doi:
        s += f" https://doi.org/{rec.doi}"
    return s


def suggestion(ref: Reference, rec: Record) -> str:
    """The entry rewritten from `rec` in the style `ref` was cited in."""
    style = detect_style(ref.raw or "")
    if style == "apa":
        return _apa(ref, rec)
    if style == "harvard":
        return _apa(ref, rec, harvard=True)
    return _nlm(ref, rec, ama=(style == "ama"))
