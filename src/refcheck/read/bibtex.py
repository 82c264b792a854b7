"""BibTeX → References (bibtexparser 1.4). `raw` is each entry's source text."""

from __future__ import annotations

import re

from refcheck.errors import InputError
from refcheck.model import Reference
from refcheck.read.structured import clean, doi_of, month_of, pages_of, split_name, year_of

_START = re.compile(r"^[ \t]*@(\w+)\s*[{(]\s*([^,\s]*)\s*,", re.M)
_TYPES = {
    "article": "journal",
    "book": "book",
    "booklet": "book",
    "inbook": "chapter",
    "incollection": "chapter",
    "inproceedings": "conference",
    "conference": "conference",
    "proceedings": "conference",
    "techreport": "report",
    "report": "report",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "thesis": "thesis",
    "online": "web",
    "electronic": "web",
    "www": "web",
}
_BRACES = re.compile(r"[{}]")
_AND = re.compile(r"\s+and\s+", re.I)


def _unbrace(s):
    s = clean(s)
    return _BRACES.sub("", s) if s else None


def read_bibtex(text: str, label: str) -> tuple[Reference, ...]:
    import bibtexparser
    from bibtexparser.bparser import BibTexParser
    from bibtexparser.customization import convert_to_unicode

    parser = BibTexParser(common_strings=True, ignore_nonstandard_types=False, interpolate_strings=True)
    parser.customization = convert_to_unicode
    try:
        db = bibtexparser.loads(text, parser=parser)
    except Exception as e:
        raise InputError(f"{label}: unreadable BibTeX ({type(e).__name__})") from None
    # raw text of each entry, by key
    starts = [m for m in _START.finditer(text) if m.group(1).lower() not in ("string", "preamble", "comment")]
    raws: dict[str, tuple[str, int]] = {}
    for i, m in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(text)
        raws.setdefault(m.group(2), (text[m.start() : end].strip(), text.count("\n", 0, m.start()) + 1))
    out = []
    for i, e in enumerate(db.entries, start=1):
        kind = e.get("ENTRYTYPE", "misc").lower()
        typ = _TYPES.get(kind, "web" if e.get("url") and kind == "misc" else "other")
        authors = []
        auth = e.get("author") or ""
        for a in _AND.split(auth.strip()) if auth.strip() else ():
            a = a.strip()
            if a.lower() == "others":
                continue
            name = split_name(a)
            if name:
                authors.append(_BRACES.sub("", name))
        et_al = bool(re.search(r"\band\s+others\b", auth, re.I))
        journal = e.get("journal") or e.get("journaltitle") or e.get("booktitle")
        if kind == "misc" and not journal:
            journal = e.get("howpublished") if not (e.get("howpublished") or "").startswith("\\url") else None
        raw, line = raws.get(e.get("ID", ""), ("", None))
        pmid = clean(e.get("pmid"))
        eprint = clean(e.get("eprint"))
        if not pmid and eprint and (e.get("eprinttype") or "").lower() == "pubmed":
            pmid = eprint
        url = clean(e.get("url"))
        out.append(
            Reference(
                n=i,
                raw=raw or e.get("ID", ""),
                authors=tuple(authors),
                et_al=et_al,
                title=_unbrace(e.get("title") or e.get("chapter")),
                journal=_unbrace(journal),
                year=year_of(e.get("year") or e.get("date")),
                month=month_of(e.get("month")),
                volume=clean(e.get("volume")),
                issue=clean(e.get("number") or e.get("issue")),
                pages=pages_of((e.get("pages") or "").replace("--", "-")) if e.get("pages") else None,
                doi=doi_of(e.get("doi")),
                pmid=pmid,
                pmcid=clean(e.get("pmcid")),
                url=url,
                accessed=clean(e.get("urldate")),
                publisher=_unbrace(e.get("publisher") or e.get("institution") or e.get("school")),
                type=typ,
                line=line,
            )
        )
    if not out:
        raise InputError(f"{label}: no BibTeX entries found")
    return tuple(out)
