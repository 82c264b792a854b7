"""OpenDocument text (.odt, and Flat ODT .fodt) → Document (text), with the standard library.

Read as LibreOffice shows it: headings, paragraphs, numbered lists (their list style's number
format, prefix, suffix and start value: "1." before each entry), hyperlink text (the target
written after a link whose text does not hold it), superscript citation numbers (``^1,2^``),
footnotes and endnotes (markers as citation numbers; notes holding the reference list become
it), tables and text boxes. Tracked deletions (kept apart in <text:tracked-changes>) and
comments are dropped; insertions are ordinary text.

Limits: the package is checked for bombs as a DOCX is; XML that declares a DOCTYPE or entities
is refused (expat never fetches anything).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from refcheck.errors import InputError
from refcheck.read.archive import check_zip
from refcheck.read.document import Document, label_of
from refcheck.read.registry import Reader

_O = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_T = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_S = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
_X = "{http://www.w3.org/1999/xlink}"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
_MIME = b"application/vnd.oasis.opendocument.text"
_CITE = re.compile(r"^\s*[\[(]?\s*(\d{1,3}(?:\s*[-\u2013\u2014,]\s*\d{1,3})*)\s*[\])]?\s*$")
_SKIP = {f"{_T}tracked-changes", f"{_O}annotation", f"{_T}table-of-content", f"{_T}bibliography-source",
         f"{_T}index-title-template", f"{_T}sequence-decls", f"{_T}variable-decls", f"{_O}forms"}


def sniff(data: bytes, name: str) -> bool:
    if data[:4] == b"PK\x03\x04":
        return data[30:38] == b"mimetype" and data[38:38 + len(_MIME)] == _MIME and data[38 + len(_MIME):39 + len(_MIME)] != b"-"
    head = data[:4096]
    return b"<office:document" in head and b"opendocument" in head and name.lower().endswith((".fodt", ".xml", ""))


def _xml(data: bytes, label: str, part: str):
    head = data[:65536]
    if re.search(rb"<!(?:DOCTYPE|ENTITY)", head, re.I):
        raise InputError(f"{label}: {part} declares a DOCTYPE or entities; refused for safety")
    try:
        return ET.fromstring(data)
    except ET.ParseError as e:
        raise InputError(f"{label}: malformed XML in {part} ({e})") from None


class _Styles:
    """Superscript text styles and list number formats, from automatic and named styles."""

    def __init__(self, roots) -> None:
        self.sup: set[str] = set()
        self.parent: dict[str, str] = {}
        self.para_list: dict[str, str] = {}
        self.lists: dict[str, dict[int, tuple[str, str, str, int] | None]] = {}
        for root in roots:
            if root is None:
                continue
            for st in root.iter(f"{_S}style"):
                name = st.get(f"{_S}name") or ""
                tp = st.find(f"{_S}text-properties")
                if tp is not None and (tp.get(f"{_S}text-position") or "").startswith(("super", "33%")):
                    self.sup.add(name)
                if st.get(f"{_S}parent-style-name"):
                    self.parent[name] = st.get(f"{_S}parent-style-name") or ""
                if st.get(f"{_S}list-style-name"):
                    self.para_list[name] = st.get(f"{_S}list-style-name") or ""
            for ls in root.iter(f"{_T}list-style"):
                levels: dict[int, tuple[str, str, str, int] | None] = {}
                for lv in ls:
                    level = int(lv.get(f"{_T}level") or "1")
                    if lv.tag == f"{_T}list-level-style-number":
                        levels[level] = (
                            lv.get(f"{_S}num-format") or "1",
                            lv.get(f"{_S}num-prefix") or "",
                            lv.get(f"{_S}num-suffix") or "",
                            int(lv.get(f"{_T}start-value") or "1"),
                        )
                    else:
                        levels[level] = None
                self.lists[ls.get(f"{_S}name") or ""] = levels

    def is_super(self, name: str | None) -> bool:
        seen = set()
        while name and name not in seen:
            if name in self.sup:
                return True
            seen.add(name)
            name = self.parent.get(name)
        return False


class _Reader:
    def __init__(self, styles: _Styles) -> None:
        self.st = styles
        self.lines: list[str] = []
        self.notes: list[tuple[str, str]] = []  # (citation as shown, body text)
        self.counters: dict[str, list[int]] = {}

    # paragraph-level -------------------------------------------------------------------
    def block(self, el, list_ctx=None) -> None:
        for child in el:
            tag = child.tag
            if tag in _SKIP:
                continue
            if tag == f"{_T}h":
                self.lines.append("")
                self.lines.append(self.para(child))
            elif tag == f"{_T}p":
                self.lines.append(self.para(child))
            elif tag == f"{_T}list":
                self.list(child, list_ctx)
            elif tag in (f"{_T}section", f"{_T}index-body", f"{_T}bibliography", f"{_TABLE}table", f"{_TABLE}table-row",
                         f"{_TABLE}table-cell", f"{_TABLE}table-header-rows", f"{_TABLE}table-rows", f"{_O}text"):
                self.block(child, list_ctx)

    def list(self, el, outer) -> None:
        style = el.get(f"{_T}style-name") or (outer[0] if outer else "")
        level = (outer[1] + 1) if outer else 1
        counters = self.counters.setdefault(style, [])
        cont = el.get(f"{_T}continue-numbering") == "true" or el.get(f"{_T}continue-list")
        if level == 1 and not cont:
            counters.clear()
        for item in el:
            if item.tag not in (f"{_T}list-item", f"{_T}list-header"):
                continue
            label = None
            if item.tag == f"{_T}list-item":
                label = self.number(style, level, item.get(f"{_T}start-value"))
            first = True
            for child in item:
                if child.tag in (f"{_T}p", f"{_T}h"):
                    text = self.para(child)
                    shown = child.find(f"{_T}number")
                    if first and shown is not None and shown.text:
                        label = shown.text.strip()
                    if first and label and text.strip():
                        text = f"{label} {text.lstrip()}"
                    first = False if text.strip() else first
                    self.lines.append(text)
                elif child.tag == f"{_T}list":
                    self.list(child, (style, level))

    def number(self, style: str, level: int, start: str | None) -> str | None:
        fmt = self.st.lists.get(style, {}).get(level)
        c = self.counters.setdefault(style, [])
        while len(c) < level:
            lv = self.st.lists.get(style, {}).get(len(c) + 1)
            c.append((lv[3] if lv else 1) - 1)
        del c[level:]
        c[level - 1] = int(start) if start and start.isdigit() else c[level - 1] + 1
        if fmt is None or fmt[0] != "1":
            return None
        return f"{fmt[1]}{c[level - 1]}{fmt[2]}".strip() or None

    # inline ----------------------------------------------------------------------------
    def para(self, p) -> str:
        parts: list[str] = []
        self.inline(p, parts, False)
        return re.sub(r"[ \t]+", " ", "".join(parts)).strip()

    def inline(self, el, parts: list[str], sup: bool) -> None:
        if el.text and el.tag != f"{_T}number":
            parts.append(_mark(el.text) if sup else el.text)
        for child in el:
            tag = child.tag
            if tag in _SKIP or tag == f"{_T}number":
                pass
            elif tag == f"{_T}span":
                self.inline(child, parts, sup or self.st.is_super(child.get(f"{_T}style-name")))
            elif tag == f"{_T}a":
                start = len(parts)
                self.inline(child, parts, sup)
                _link("".join(parts[start:]), child.get(f"{_X}href") or "", parts)
            elif tag == f"{_T}s":
                parts.append(" " * int(child.get(f"{_T}c") or "1"))
            elif tag == f"{_T}tab":
                parts.append(" ")
            elif tag == f"{_T}line-break":
                parts.append("\n")
            elif tag == f"{_T}note":
                cit = child.find(f"{_T}note-citation")
                shown = (cit.text or "").strip() if cit is not None else ""
                body = child.find(f"{_T}note-body")
                if body is not None:
                    sub = _Reader(self.st)
                    sub.block(body)
                    self.notes.append((shown, " ".join(x for x in sub.lines if x.strip())))
                if shown:
                    parts.append(f"^{shown}^")
            elif tag == f"{_DRAW}frame":
                box = child.find(f"{_DRAW}text-box")
                if box is not None:
                    sub = _Reader(self.st)
                    sub.block(box)
                    parts.append(" ".join(x for x in sub.lines if x.strip()))
            else:  # text:bookmark, text:change, text:soft-page-break, text:reference-mark…
                self.inline(child, parts, sup)
            if child.tail:
                parts.append(_mark(child.tail) if sup else child.tail)


def _mark(text: str) -> str:
    m = _CITE.match(text)
    return f"^{re.sub(r'[ ]+', '', m.group(1))}^" if m and text.strip() else text


def _link(text: str, href: str, parts: list[str]) -> None:
    if not href.lower().startswith(("http://", "https://")):
        return
    bare = re.sub(r"^https?://(?:dx\.)?(?:doi\.org/)?", "", href.rstrip("/")).lower()
    if bare and bare not in text.lower():
        parts.append(f" <{href}>")


def read(data: bytes, name: str) -> Document:
    label = label_of(name)
    if data[:4] == b"PK\x03\x04":
        zf = check_zip(data, label, "ODT")
        if "content.xml" not in zf.namelist():
            raise InputError(f"{label}: a ZIP archive without content.xml, not an OpenDocument file")
        mime = zf.read("mimetype").strip() if "mimetype" in zf.namelist() else b""
        if mime != _MIME:
            kind = {b"application/vnd.oasis.opendocument.spreadsheet": "a spreadsheet (ODS)",
                    b"application/vnd.oasis.opendocument.presentation": "a presentation (ODP)"}.get(mime, f"an OpenDocument file of type {mime.decode('ascii', 'replace') or 'unknown'}")
            raise InputError(f"{label}: {kind}, not a text document; save the manuscript as ODT, DOCX or PDF")
        content = _xml(zf.read("content.xml"), label, "content.xml")
        styles = _xml(zf.read("styles.xml"), label, "styles.xml") if "styles.xml" in zf.namelist() else None
        roots = [content, styles]
    else:
        content = _xml(data, label, "the Flat ODT")
        roots = [content]
    body = content.find(f"{_O}body/{_O}text")
    if body is None:
        raise InputError(f"{label}: an OpenDocument file without a text body, not a text document")
    r = _Reader(_Styles(roots))
    r.block(body)
    text = "\n".join(r.lines).strip()
    if r.notes:
        from refcheck.read.docx import _with_notes  # one rule for where notes go

        text = _with_notes(text, [f"{shown or i}. {body}" for i, (shown, body) in enumerate(r.notes, 1) if body])
    if not text:
        raise InputError(f"{label}: the document holds no text")
    return Document(format="odt", text=text + "\n")


READER = Reader(name="odt", label="OpenDocument text (ODT, Flat ODT)", extensions=(".odt", ".fodt"), sniff=sniff, read=read, priority=10)
