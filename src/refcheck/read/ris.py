"""RIS → References (rispy). `raw` is each record's source text, TY to ER."""

from __future__ import annotations

import re

from refcheck.errors import InputError
from refcheck.model import RefType, Reference
from refcheck.read.document import Document, extension_of, label_of
from refcheck.read.registry import Reader
from refcheck.read.structured import clean, doi_of, pages_of, split_name, year_of
from refcheck.read.textio import decode, is_xml, text_head

_TYPES: dict[str, RefType] = {
    "JOUR": "journal",
    "JFULL": "journal",
    "EJOUR": "journal",
    "MGZN": "journal",
    "BOOK": "book",
    "EBOOK": "book",
    "CHAP": "chapter",
    "ECHAP": "chapter",
    "CONF": "conference",
    "CPAPER": "conference",
    "RPRT": "report",
    "THES": "thesis",
    "ELEC": "web",
    "WEB": "web",
}
_TY = re.compile(r"^TY  - \w+", re.M)
_RECORD = re.compile(r"^TY  - .*?^ER  -[^\n]*", re.M | re.S)


def read_ris(text: str, label: str) -> tuple[Reference, ...]:
    import rispy

    chunks = list(_RECORD.finditer(text))
    out = []
    for i, m in enumerate(chunks, start=1):
        try:
            recs = rispy.loads(m.group(0))
        except Exception:
            recs = []
        if not recs:
            continue
        r = recs[0]
        authors = tuple(filter(None, (split_name(a) for a in (r.get("authors") or []) + (r.get("first_authors") or []))))
        typ = _TYPES.get((r.get("type_of_reference") or "").upper(), "other")
        journal = (
            r.get("secondary_title")
            or r.get("journal_name")
            or r.get("alternate_title3")
            or r.get("alternate_title1")
            or r.get("alternate_title2")
        )
        if typ == "book":
            journal = None
        date_s = r.get("year") or r.get("publication_year") or r.get("date") or ""
        parts = [p for p in str(date_s).split("/")]
        month = day = None
        if len(parts) >= 2 and parts[1].strip().isdigit():
            month = int(parts[1])
            if len(parts) >= 3 and parts[2].strip().isdigit():
                day = int(parts[2])
        urls = r.get("urls") or []
        url = next((u for u in urls if "doi.org/" not in u), None)
        doi = doi_of(r.get("doi"))
        if not doi:
            doi = next((doi_of(u) for u in urls if "doi.org/" in u), None)
        accessed = clean(r.get("access_date"))
        pmid = None
        for note in (r.get("notes") or []) + [r.get("accession_number") or ""]:
            mm = re.search(r"(?:PMID\s*:?\s*)?\b(\d{6,9})\b", str(note))
            if mm and ("PMID" in str(note).upper() or note == r.get("accession_number")):
                pmid = mm.group(1)
        out.append(
            Reference(
                n=i,
                raw=m.group(0).strip(),
                authors=authors,
                title=clean(r.get("title") or r.get("primary_title")),
                journal=clean(journal),
                year=year_of(date_s),
                month=month,
                day=day,
                volume=clean(r.get("volume")),
                issue=clean(r.get("number")),
                pages=pages_of(r.get("start_page"), r.get("end_page")),
                doi=doi,
                pmid=pmid,
                url=clean(url),
                accessed=accessed,
                publisher=clean(r.get("publisher")),
                type=typ,
                line=text.count("\n", 0, m.start()) + 1,
            )
        )
    if not out:
        raise InputError(f"{label}: no RIS records found")
    return tuple(out)


def sniff(data: bytes, name: str) -> bool:
    head = text_head(data)
    if head is None:
        return False
    ext = extension_of(name)
    return ext == ".ris" or bool(_TY.search(head)) and not is_xml(head, ext)


def read(data: bytes, name: str) -> Document:
    label = label_of(name)
    text, warnings = decode(data, label)
    return Document(format="ris", references=read_ris(text, label), warnings=warnings)


READER = Reader(name="ris", label="RIS", extensions=(".ris",), sniff=sniff, read=read, priority=30)
