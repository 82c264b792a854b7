"""BibTeX → References (bibtexparser 1.4). `raw` is each entry's source text."""

from __future__ import annotations

import re

from refcheck.errors import InputError
from refcheck.model import RefType, Reference
from refcheck.read.document import Document, extension_of, label_of
from refcheck.read.registry import Reader
from refcheck.read.structured import clean, doi_of, month_of, pages_of, split_name, year_of
from refcheck.read.textio import decode, is_xml, text_head

EXTENSIONS = (".bib", ".bibtex")
_ENTRY = re.compile(
    r"^\s*@(?:article|book|inbook|incollection|inproceedings|conference|misc|online|techreport|phdthesis"
    r"|mastersthesis|manual|unpublished|proceedings|string|preamble|comment)\s*[{(]",
    re.I | re.M,
)

_START = re.compile(r"^[ \t]*@(\w+)\s*[{(]\s*([^,\s]*)\s*,", re.M)
_TYPES: dict[str, RefType] = {
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
_WS = re.compile(r"\s+")


def _split_and(s: str) -> list[str]:
    """Split an author field on ' and ' at brace depth 0."""
    out: list[str] = []
    cur: list[str] = []
    depth, i = 0, 0
    low = s.lower()
    while i < len(s):
        ch = s[i]
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        if depth == 0 and low.startswith(" and ", i):
            out.append("".join(cur).strip())
            cur = []
            i += 5
            continue
        cur.append(ch)
        i += 1
    out.append("".join(cur).strip())
    return [_WS.sub(" ", x) for x in out if x]


def _protect_braced_names(name: str, decode) -> str:
    """'{van der Berg}, Anna' keeps its family name whole; each part is decoded."""
    if "," in name:
        fam, _, giv = name.partition(",")
        return f"{decode(fam) or ''}, {decode(giv) or ''}"
    return decode(name) or ""


def _unbrace(s):
    s = clean(s)
    return _BRACES.sub("", s) if s else None


def read_bibtex(text: str, label: str) -> tuple[Reference, ...]:
    import bibtexparser
    from bibtexparser.bparser import BibTexParser
    from refcheck.read.latextext import latex_to_text

    parser = BibTexParser(common_strings=True, ignore_nonstandard_types=False, interpolate_strings=True)

    def _custom(record):
        """LaTeX in field values → text (pylatexenc); URL and DOI fields are verbatim."""
        raw_author = record.get("author")
        out = {}
        for k, v in record.items():
            if k in ("ID", "ENTRYTYPE") or not isinstance(v, str):
                out[k] = v
            elif k in ("url", "doi", "eprint", "pmid", "pmcid"):
                m = re.fullmatch(r"\s*\\(?:url|doi)\s*\{(.*)\}\s*", v, re.S)
                out[k] = _BRACES.sub("", m.group(1) if m else v).strip()
            else:
                out[k] = latex_to_text(v)
        if raw_author is not None:
            out["_author_raw"] = raw_author
        return out

    parser.customization = _custom
    try:
        db = bibtexparser.loads(text, parser=parser)
    except Exception as err:
        raise InputError(f"{label}: unreadable BibTeX ({type(err).__name__})") from None
    # raw text of each entry, by key
    starts = [m for m in _START.finditer(text) if m.group(1).lower() not in ("string", "preamble", "comment")]
    raws: dict[str, tuple[str, int]] = {}
    for i, m in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(text)
        raws.setdefault(m.group(2), (text[m.start() : end].strip(), text.count("\n", 0, m.start()) + 1))
    out = []
    for i, e in enumerate(db.entries, start=1):
        kind = e.get("ENTRYTYPE", "misc").lower()
        url = clean(e.get("url"))
        if not url and re.match(r"^<?https?://", e.get("howpublished") or ""):
            url = clean((e.get("howpublished") or "").strip("<>"))
        typ = _TYPES.get(kind, "web" if url and kind == "misc" else "other")
        authors = []
        auth = e.get("author") or ""
        raw_auth = e.get("_author_raw") or auth
        for a in _split_and(raw_auth):
            if a.lower() == "others":
                continue
            if a.startswith("{") and a.endswith("}"):  # {PRISMA Group}: a collective name
                name = latex_to_text(a[1:-1])
            else:
                name = split_name(_protect_braced_names(a, latex_to_text))
            if name:
                authors.append(_BRACES.sub("", name))
        et_al = bool(re.search(r"\band\s+others\b", auth, re.I))
        journal = e.get("journal") or e.get("journaltitle") or e.get("booktitle")
        if kind == "misc" and not journal:
            how = e.get("howpublished") or ""
            journal = how if how and not re.match(r"^(?:<)?https?://", how) else None
        raw, line = raws.get(e.get("ID", ""), ("", None))
        pmid = clean(e.get("pmid"))
        eprint = clean(e.get("eprint"))
        if not pmid and eprint and (e.get("eprinttype") or "").lower() == "pubmed":
            pmid = eprint
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


def sniff(data: bytes, name: str) -> bool:
    head = text_head(data)
    if head is None:
        return False
    ext = extension_of(name)
    return ext in EXTENSIONS or bool(_ENTRY.search(head)) and not is_xml(head, ext)


def read(data: bytes, name: str) -> Document:
    label = label_of(name)
    text, warnings = decode(data, label)
    return Document(format="bibtex", references=read_bibtex(text, label), warnings=warnings)


READER = Reader(name="bibtex", label="BibTeX", extensions=EXTENSIONS, sniff=sniff, read=read, priority=40)
