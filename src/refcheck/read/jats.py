"""JATS XML → References from <ref-list>, and the numbers cited by <xref ref-type="bibr">.

Safe parsing with the standard library: a document that declares entities (<!ENTITY) is refused,
a DOCTYPE declaration is removed before parsing (nothing is fetched; expat never loads DTDs).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from refcheck.errors import InputError
from refcheck.model import RefType, Reference
from refcheck.read.document import Document, extension_of, label_of
from refcheck.read.registry import Reader
from refcheck.read.structured import clean, doi_of, month_of, pages_of, person, year_of
from refcheck.read.textio import HTML_TAGS, JATS_TAGS, decode, is_xml, text_head

EXTENSIONS = (".xml", ".nxml", ".jats")

_DOCTYPE = re.compile(r"<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>", re.S | re.I)
_TYPES: dict[str, RefType] = {
    "journal": "journal",
    "book": "book",
    "chapter": "chapter",
    "confproc": "conference",
    "conf-proc": "conference",
    "web": "web",
    "webpage": "web",
    "report": "report",
    "thesis": "thesis",
}
_WS = re.compile(r"\s+")


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _find(el, name):
    for x in el.iter():
        if _local(x.tag) == name:
            return x
    return None


def _findall(el, name):
    return [x for x in el.iter() if _local(x.tag) == name]


def _first(*els):
    """First element that is not None (Elements without children are falsy)."""
    for e in els:
        if e is not None:
            return e
    return None


def _text(el) -> str | None:
    if el is None:
        return None
    return clean("".join(el.itertext()))


def read_jats(text: str, label: str) -> tuple[tuple[Reference, ...], frozenset[int] | None]:
    refs, cited, _ = read_jats_full(text, label)
    return refs, cited


def read_jats_full(text: str, label: str) -> tuple[tuple[Reference, ...], frozenset[int] | None, frozenset[int]]:
    """References, the numbers the body's <xref> cite, and the entries whose text is to be parsed."""
    if re.search(r"<!ENTITY", text, re.I):
        raise InputError(f"{label}: XML declares entities; refused for safety")
    text = _DOCTYPE.sub("", text, count=1)
    try:
        parser = ET.XMLParser()
        root = ET.fromstring(text.encode("utf-8"), parser=parser)
    except ET.ParseError as e:
        raise InputError(f"{label}: malformed XML ({e})") from None
    refs = []
    to_parse: set[int] = set()
    ids: dict[str, int] = {}
    for i, ref in enumerate(_findall(root, "ref"), start=1):
        cit = _first(_find(ref, "element-citation"), _find(ref, "mixed-citation"), _find(ref, "nlm-citation"), ref)
        label_el = _find(ref, "label")
        n = i
        if label_el is not None:
            m = re.search(r"\d+", _text(label_el) or "")
            if m:
                n = int(m.group(0))
        if ref.get("id"):
            ids[ref.get("id")] = n
        authors = []
        et_al = False
        for pg in _findall(cit, "person-group") or [cit]:
            if pg.get("person-group-type", "author") not in ("author", None):
                continue
            for child in list(pg):
                nm = _local(child.tag)
                if nm in ("name", "string-name"):
                    a = person(_text(_find(child, "surname")), _text(_find(child, "given-names")))
                    if a:
                        authors.append(a)
                elif nm == "collab":
                    authors.append(_text(child) or "")  # empty names are dropped below
                elif nm == "etal":
                    et_al = True
        typ = _TYPES.get((cit.get("publication-type") or "journal").lower(), "other")
        ids_ = {(p.get("pub-id-type") or "").lower(): _text(p) for p in _findall(cit, "pub-id")}
        ext = _first(_find(cit, "ext-link"), _find(cit, "uri"))
        url = None
        if ext is not None:
            url = ext.get("{http://www.w3.org/1999/xlink}href") or _text(ext)
        title = _text(_find(cit, "article-title")) or _text(_find(cit, "chapter-title"))
        source = _text(_find(cit, "source"))
        if typ == "book" and not title:
            title, source = source, None
        raw = _WS.sub(" ", "".join(cit.itertext())).strip()
        if _local(cit.tag) in ("mixed-citation", "nlm-citation", "ref") and not (title and authors and source):
            to_parse.add(n)  # plain or partly tagged text: the parser reads it, the tags win
        date_in = _find(cit, "date-in-citation")
        refs.append(
            Reference(
                n=n,
                raw=raw,
                authors=tuple(a for a in authors if a),
                et_al=et_al,
                title=title.rstrip(".") if title else None,
                journal=source,
                year=year_of(_text(_find(cit, "year"))),
                month=month_of(_text(_find(cit, "month"))),
                day=int(d) if (d := _text(_find(cit, "day")) or "").isdigit() else None,
                volume=_text(_find(cit, "volume")),
                issue=_text(_find(cit, "issue")),
                pages=pages_of(_text(_find(cit, "fpage")), _text(_find(cit, "lpage"))) or _text(_find(cit, "elocation-id")),
                doi=doi_of(ids_.get("doi")),
                pmid=ids_.get("pmid"),
                pmcid=ids_.get("pmcid") or ids_.get("pmc"),
                url=url,
                accessed=_text(date_in),
                publisher=_text(_find(cit, "publisher-name")),
                type=typ,
            )
        )
    if not refs:
        raise InputError(f"{label}: no <ref-list> references found in the XML")
    cited = set()
    body = _find(root, "body")
    if body is not None:
        for x in _findall(body, "xref"):
            if x.get("ref-type") == "bibr":
                for rid in (x.get("rid") or "").split():
                    if rid in ids:
                        cited.add(ids[rid])
    return tuple(refs), (frozenset(cited) if body is not None and cited else None), frozenset(to_parse)


def sniff(data: bytes, name: str) -> bool:
    """Named .nxml/.jats; XML that holds JATS tags or is not plainly HTML; or text with a ref-list
    that does not open as an HTML page."""
    head = text_head(data)
    if head is None:
        return False
    ext = extension_of(name)
    if ext in (".nxml", ".jats"):
        return True
    if is_xml(head, ext):
        return bool(JATS_TAGS.search(text_head(data, None) or "")) or not HTML_TAGS.search(head)
    return bool(JATS_TAGS.search(head)) and "<ref" in head and not (head.startswith("<") and HTML_TAGS.search(head))


def read(data: bytes, name: str) -> Document:
    label = label_of(name)
    text, warnings = decode(data, label)
    refs, cited, to_parse = read_jats_full(text, label)
    return Document(format="jats", references=refs, cited=cited, warnings=warnings, parse_raw=to_parse)


READER = Reader(name="jats", label="JATS XML", extensions=EXTENSIONS, sniff=sniff, read=read, priority=45)
