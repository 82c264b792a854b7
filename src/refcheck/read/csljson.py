"""CSL-JSON (what Zotero, Mendeley, pandoc and citeproc use) → References.

Accepts an array of items, ``{"items": [...]}``, or one item. The same item → Reference mapping
serves the CSL-JSON that Zotero and Mendeley embed in Word field codes (read/docx.py).
"""

from __future__ import annotations

import json
import re

from refcheck.errors import InputError
from refcheck.model import Reference
from refcheck.read.document import Document, label_of
from refcheck.read.registry import Reader
from refcheck.read.structured import clean, doi_of, pages_of, person, year_of

_TYPES = {
    "article-journal": "journal",
    "article": "journal",
    "review": "journal",
    "book": "book",
    "chapter": "chapter",
    "entry-encyclopedia": "chapter",
    "paper-conference": "conference",
    "webpage": "web",
    "post-weblog": "web",
    "post": "web",
    "report": "report",
    "thesis": "thesis",
    "dataset": "other",
}
_KEYS = {"title", "author", "issued", "container-title", "DOI", "type", "URL"}


def sniff(data: bytes, name: str) -> bool:
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head[:1] not in (b"[", b"{"):
        return False
    return bool(re.search(rb'"(?:type|title|author|issued|container-title)"\s*:', head))


def _str(v) -> str | None:
    if isinstance(v, list):
        v = v[0] if v else None
    if isinstance(v, (int, float)):
        v = str(v)
    return clean(v) if isinstance(v, str) else None


def _date(v) -> tuple[int | None, int | None, int | None]:
    if not isinstance(v, dict):
        return year_of(_str(v)), None, None
    parts = v.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
        p = parts[0]
        out = []
        for x in p[:3]:
            try:
                out.append(int(x))
            except (TypeError, ValueError):
                out.append(None)
        out += [None] * (3 - len(out))
        return out[0], out[1], out[2]
    return year_of(_str(v.get("raw") or v.get("literal") or v.get("season"))), None, None


def _name(a) -> str | None:
    if isinstance(a, str):
        return clean(a)
    if not isinstance(a, dict):
        return None
    if a.get("literal"):
        return _str(a["literal"])
    family = _str(a.get("family"))
    if family and a.get("non-dropping-particle"):
        family = f"{_str(a['non-dropping-particle'])} {family}"
    return person(family, _str(a.get("given")))


def _iso(v) -> str | None:
    y, m, d = _date(v)
    if y and m and d:
        return f"{y:04d}-{m:02d}-{d:02d}"
    return _str(v.get("raw")) if isinstance(v, dict) else None


def render(item: dict) -> str:
    """A plain NLM-like line for an item that has no printed form (the entry's `raw`)."""
    authors = [a for a in (_name(x) for x in item.get("author") or [] if x) if a]
    y, _, _ = _date(item.get("issued"))
    s = ", ".join(authors[:6]) + (", et al." if len(authors) > 6 else ".") if authors else ""
    s += f" {_str(item.get('title')) or ''}."
    cont = _str(item.get("container-title"))
    if cont:
        s += f" {cont}."
    if y:
        s += f" {y}"
    if item.get("volume"):
        s += f";{_str(item.get('volume'))}"
    if item.get("issue"):
        s += f"({_str(item.get('issue'))})"
    if item.get("page"):
        s += f":{_str(item.get('page'))}"
    s = s.strip() + ("." if not s.strip().endswith(".") else "")
    if item.get("DOI"):
        s += f" doi:{_str(item.get('DOI'))}"
    return re.sub(r"\s+", " ", s).strip()


def to_reference(item: dict, n: int, raw: str | None = None) -> Reference:
    if not isinstance(item, dict):
        raise ValueError("a CSL item must be an object")
    typ = _TYPES.get(str(item.get("type") or "").lower(), "other")
    authors = tuple(a for a in (_name(x) for x in (item.get("author") or []) if x) if a)
    y, m, d = _date(item.get("issued"))
    page = _str(item.get("page"))
    title = _str(item.get("title"))
    container = _str(item.get("container-title")) or _str(item.get("container-title-short"))
    if typ == "book" and not container:
        container = None
    return Reference(
        n=n,
        raw=raw or render(item),
        authors=authors,
        title=title.rstrip(".") if title else None,
        journal=container,
        year=y,
        month=m,
        day=d,
        volume=_str(item.get("volume")),
        issue=_str(item.get("issue")),
        pages=pages_of(page.replace("\u2013", "-")) if page else None,
        doi=doi_of(_str(item.get("DOI"))),
        pmid=_str(item.get("PMID")),
        pmcid=_str(item.get("PMCID")),
        url=_str(item.get("URL")),
        accessed=_iso(item.get("accessed")) if item.get("accessed") else None,
        publisher=_str(item.get("publisher")),
        type=typ,  # type: ignore[arg-type]
    )


def items_of(obj) -> list:
    if isinstance(obj, dict) and isinstance(obj.get("items"), list):
        return obj["items"]
    if isinstance(obj, dict) and _KEYS & obj.keys():
        return [obj]
    if isinstance(obj, list):
        return obj
    return []


def read(data: bytes, name: str) -> Document:
    from refcheck.read.textio import decode

    label = label_of(name)
    text, warnings = decode(data, label)
    try:
        obj = json.loads(text)
    except RecursionError:
        raise InputError(f"{label}: JSON nested too deeply; refused") from None
    except ValueError as e:
        raise InputError(f"{label}: not valid JSON ({e.msg} at line {e.lineno})") from None
    items = [x for x in items_of(obj) if isinstance(x, dict)]
    if not items or not any(_KEYS & x.keys() for x in items):
        raise InputError(f"{label}: JSON, but not CSL-JSON (no items with title, author or DOI); export CSL-JSON from Zotero or pandoc")
    refs = []
    for i, it in enumerate(items, start=1):
        try:
            refs.append(to_reference(it, i))
        except (ValueError, TypeError, AttributeError) as e:
            raise InputError(f"{label}: CSL-JSON item {i} is malformed ({e})") from None
    return Document(format="csljson", references=tuple(refs), warnings=warnings)


READER = Reader(name="csljson", label="CSL-JSON (Zotero, pandoc)", extensions=(".json",), sniff=sniff, read=read, priority=35)
