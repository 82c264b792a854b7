"""DOCX → Document, from the WordprocessingML itself (python-docx opens the package and parses
the XML with entities off; its API hides most of what a manuscript's text is made of).

Read as Word shows it: the text inside hyperlinks (Word links every DOI and URL), the results of
simple and complex fields, insertions of tracked changes (deletions dropped), automatic list
numbers (numbering.xml: "1." before each entry of a numbered list), superscript citation
numbers (as ``^1,2^``), footnotes and endnotes (their markers as citation numbers; a reference
list kept in notes becomes the list), tables and content controls.

Zotero and Mendeley keep each citation's CSL-JSON in its field code, EndNote its record's XML:
when present, the entries are those items (numbered in order of first citation, each `raw` the bibliography paragraph
when the document carries one) rather than a parse of the printed list.

A hyperlink whose text is a DOI or URL other than its target is reported as a warning; a link
whose target does not appear in its text has the target written after it, so a web reference
"Available at: WHO site" keeps its URL.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import dataclass, field

from refcheck.errors import InputError
from refcheck.read.archive import check_zip
from refcheck.read.document import Document, extension_of, label_of
from refcheck.read.registry import Reader
from refcheck.read.textio import is_zip

EXTENSIONS = (".docx", ".docm")
_CITE = re.compile(r"^\s*[\[(]?\s*(\d{1,3}(?:\s*[-\u2013\u2014,]\s*\d{1,3})*)\s*[\])]?\s*$")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_HYPERLINK = re.compile(r'^\s*HYPERLINK\s+(?:\\[a-z]\s+)*"([^"]+)"', re.I)
_CSL = re.compile(r"^\s*ADDIN\s+(?:ZOTERO_ITEM\s+)?CSL_CITATION\s*(\{.*\})\s*$", re.S)
_BIBL = re.compile(r"^\s*ADDIN\s+(?:ZOTERO_BIBL|Mendeley Bibliography CSL_BIBLIOGRAPHY|EN\.REFLIST)", re.I)
_ENDNOTE = re.compile(r"^\s*ADDIN\s+EN\.CITE\s*(<EndNote>.*</EndNote>)", re.S)
_DOI = re.compile(r"10\.\d{4,9}/\S+", re.I)
# a reference list's own heading (notes are placed before it); the parser's find_section is not
# imported here, so that reading never depends on parsing
_LIST_HEADING = re.compile(r"^[ \t]*(?:References|Reference List|Bibliography|Literature Cited|Works Cited|Sources)[ \t]*:?[ \t]*$", re.I | re.M)


def sniff(data: bytes, name: str) -> bool:
    """A ZIP named .docx, or one holding WordprocessingML parts."""
    if not is_zip(data):
        return False
    return extension_of(name) in EXTENSIONS or b"word/" in data[:65536]


# --------------------------------------------------------------------------- numbering


@dataclass
class _Numbering:
    """numbering.xml: numId → (abstract levels, start overrides); counters per list instance."""

    levels: dict[str, dict[int, tuple[str, str, int]]] = field(default_factory=dict)  # numId → ilvl → (fmt, lvlText, start)
    counters: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def load(cls, root) -> "_Numbering":
        out = cls()
        if root is None:
            return out
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for an in root.iter(f"{_W}abstractNum"):
            lv = {}
            for lvl in an.iter(f"{_W}lvl"):
                ilvl = int(lvl.get(f"{_W}ilvl", "0"))
                fmt = _val(lvl.find(f"{_W}numFmt")) or "decimal"
                text = _val(lvl.find(f"{_W}lvlText")) or f"%{ilvl + 1}."
                start = int(_val(lvl.find(f"{_W}start")) or "1")
                lv[ilvl] = (fmt, text, start)
            abstract[an.get(f"{_W}abstractNumId", "")] = lv
        for num in root.iter(f"{_W}num"):
            nid = num.get(f"{_W}numId", "")
            lv = dict(abstract.get(_val(num.find(f"{_W}abstractNumId")) or "", {}))
            for ov in num.iter(f"{_W}lvlOverride"):
                ilvl = int(ov.get(f"{_W}ilvl", "0"))
                so = _val(ov.find(f"{_W}startOverride"))
                if so and ilvl in lv:
                    fmt, text, _ = lv[ilvl]
                    lv[ilvl] = (fmt, text, int(so))
            out.levels[nid] = lv
        return out

    def label(self, num_id: str, ilvl: int) -> str | None:
        """The label Word prints for the next paragraph of list num_id at level ilvl."""
        lv = self.levels.get(num_id)
        if not lv or num_id == "0":
            return None
        fmt, text, start = lv.get(ilvl, ("decimal", f"%{ilvl + 1}.", 1))
        c = self.counters.setdefault(num_id, [])
        while len(c) <= ilvl:
            c.append(lv.get(len(c), ("decimal", "", 1))[2] - 1)
        c[ilvl] += 1
        del c[ilvl + 1 :]
        if fmt not in ("decimal", "decimalZero"):
            return None  # bullets and letters are not entry numbers

        def sub(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            return str(c[k]) if k < len(c) else ""

        out = re.sub(r"%(\d)", sub, text).strip()
        return out if re.search(r"\d", out) else None


def _val(el) -> str | None:
    return el.get(f"{_W}val") if el is not None else None


# --------------------------------------------------------------------------- the walk


@dataclass
class _State:
    rels: dict[str, str]
    notes: dict[tuple[str, str], object]  # (kind, id) → w:footnote / w:endnote element
    note_order: list[tuple[str, str]] = field(default_factory=list)
    fields: list[dict] = field(default_factory=list)  # stack of open complex fields
    links: list[tuple[str, str]] = field(default_factory=list)  # (text, target)
    csl: list[dict] = field(default_factory=list)  # CSL_CITATION payloads, in order
    bibl_paras: list[str] = field(default_factory=list)
    in_bibl: bool = False
    warnings: list[str] = field(default_factory=list)
    super_styles: frozenset[str] = frozenset()


def _is_super(r, st: _State) -> bool:
    rpr = r.find(f"{_W}rPr")
    if rpr is None:
        return False
    va = _val(rpr.find(f"{_W}vertAlign"))
    if va is not None:
        return va == "superscript"
    return (_val(rpr.find(f"{_W}rStyle")) or "") in st.super_styles


class _Para:
    """Collects a paragraph's text; superscript digit runs become ^…^."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.sup: list[str] = []

    def add(self, text: str, sup: bool) -> None:
        if sup:
            self.sup.append(text)
            return
        self.flush()
        self.parts.append(text)

    def flush(self) -> None:
        if self.sup:
            s = "".join(self.sup)
            m = _CITE.match(s)
            self.parts.append("^" + re.sub(r"\s+", "", m.group(1)) + "^" if m and s.strip() else s)
            self.sup = []

    def text(self) -> str:
        self.flush()
        return "".join(self.parts)


def _field_result_visible(st: _State) -> bool:
    return all(f["state"] == "result" for f in st.fields)


def _walk(el, st: _State, para: _Para) -> None:
    for child in el:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == f"{_W}r":
            _run(child, st, para)
        elif tag in (f"{_W}del", f"{_W}moveFrom"):
            continue  # tracked deletion
        elif tag == f"{_W}hyperlink":
            para.flush()
            mark = len("".join(para.parts))
            _walk(child, st, para)
            para.flush()
            text = "".join(para.parts)[mark:]
            rid = child.get(f"{_R}id")
            target = st.rels.get(rid or "") or ""
            if target:
                _link(text, target, st, para)
        elif tag == f"{_W}fldSimple":
            instr = child.get(f"{_W}instr") or ""
            para.flush()
            mark = len("".join(para.parts))
            _walk(child, st, para)
            para.flush()
            _field_done(instr, "".join(para.parts)[mark:], st, para)
        elif tag == f"{_MC}AlternateContent":
            fb = child.find(f"{_MC}Fallback")
            if fb is not None:
                _walk(fb, st, para)
        elif tag in (f"{_W}pPr", f"{_W}rPr", f"{_W}bookmarkStart", f"{_W}bookmarkEnd", f"{_W}proofErr"):
            continue
        else:  # w:ins, w:moveTo, w:smartTag, w:customXml, w:sdt, w:sdtContent, …
            _walk(child, st, para)


def _run(r, st: _State, para: _Para) -> None:
    sup = _is_super(r, st)
    for c in r:
        tag = c.tag if isinstance(c.tag, str) else ""
        if tag == f"{_W}fldChar":
            kind = c.get(f"{_W}fldCharType")
            if kind == "begin":
                para.flush()
                st.fields.append({"state": "instr", "instr": [], "mark": None})
            elif kind == "separate" and st.fields:
                para.flush()
                st.fields[-1]["state"] = "result"
                st.fields[-1]["mark"] = len("".join(para.parts))
                instr = "".join(st.fields[-1]["instr"])
                if _BIBL.match(instr):
                    st.in_bibl = True
            elif kind == "end" and st.fields:
                para.flush()
                f = st.fields.pop()
                instr = "".join(f["instr"])
                mark = f["mark"] if f["mark"] is not None else len("".join(para.parts))
                _field_done(instr, "".join(para.parts)[mark:], st, para)
            continue
        if tag == f"{_W}instrText":
            if st.fields and st.fields[-1]["state"] == "instr":
                st.fields[-1]["instr"].append(c.text or "")
            continue
        if not _field_result_visible(st):
            continue  # inside a field's instruction part
        if tag == f"{_W}t":
            para.add(c.text or "", sup)
        elif tag in (f"{_W}tab", f"{_W}ptab"):
            para.add("\t", False)
        elif tag in (f"{_W}br", f"{_W}cr"):
            para.add("\n", False)
        elif tag == f"{_W}noBreakHyphen":
            para.add("-", sup)
        elif tag == f"{_W}sym":
            ch = c.get(f"{_W}char") or ""
            try:
                para.add(chr(int(ch, 16)) if ch else "", sup)
            except ValueError:
                pass
        elif tag in (f"{_W}footnoteReference", f"{_W}endnoteReference"):
            kind = "footnote" if tag == f"{_W}footnoteReference" else "endnote"
            key = (kind, c.get(f"{_W}id") or "")
            if key in st.notes and key not in st.note_order:
                st.note_order.append(key)
            if key in st.notes:
                number = [k for k in st.note_order if k[0] == kind].index(key) + 1
                para.add(str(number), True)


def _link(text: str, target: str, st: _State, para: _Para) -> None:
    st.links.append((text, target))
    t_doi = _DOI.search(text)
    g_doi = _DOI.search(target)
    if t_doi and g_doi and t_doi.group(0).rstrip(".,;").lower() != g_doi.group(0).rstrip(".,;").lower():
        st.warnings.append(
            f"hyperlink text {t_doi.group(0).rstrip('.,;')} points to a different DOI: {g_doi.group(0)}"
        )
        return
    if target.lower().startswith(("http://", "https://")):
        bare = re.sub(r"^https?://(?:dx\.)?(?:doi\.org/)?", "", target.rstrip("/")).lower()
        if bare and bare not in text.lower() and not (g_doi and t_doi):
            para.add(f" <{target}>", False)


def _field_done(instr: str, result: str, st: _State, para: _Para) -> None:
    m = _HYPERLINK.match(instr)
    if m:
        _link(result, m.group(1), st, para)
        return
    m = _CSL.match(instr)
    if m:
        try:
            data = json.loads(m.group(1))
        except (ValueError, RecursionError):
            return
        if isinstance(data, dict):
            st.csl.append(data)
        return
    m = _ENDNOTE.match(instr)
    if m:
        st.csl.extend(_endnote_citations(m.group(1)))
        return
    if _BIBL.match(instr):
        st.in_bibl = False


_EN_TYPES = {
    "journal article": "article-journal", "book": "book", "book section": "chapter", "edited book": "book",
    "web page": "webpage", "conference proceedings": "paper-conference", "conference paper": "paper-conference",
    "report": "report", "government document": "report", "thesis": "thesis",
}


def _endnote_citations(xml: str) -> list[dict]:
    """EndNote's citation field (<EndNote><Cite><record>…) → CSL-shaped citations, so one path
    reads Zotero, Mendeley and EndNote. The XML is parsed by expat with entities refused."""
    import xml.etree.ElementTree as ET

    if re.search(r"<!(?:DOCTYPE|ENTITY)", xml, re.I):
        return []
    try:
        root = ET.fromstring(xml)
    except ET.ParseError:
        return []

    def text(el, path: str) -> str | None:
        x = el.find(path)
        return re.sub(r"\s+", " ", "".join(x.itertext())).strip() or None if x is not None else None

    out = []
    for cite in root.iter("Cite"):
        rec = cite.find("record")
        if rec is None:
            continue
        typ = (rec.find("ref-type").get("name", "") if rec.find("ref-type") is not None else "").lower()
        authors = []
        for a in rec.iter("author"):
            name = re.sub(r"\s+", " ", "".join(a.itertext())).strip()
            fam, _, giv = name.partition(",")
            authors.append({"family": fam.strip(), "given": giv.strip()} if giv else {"literal": name})
        item = {
            "type": _EN_TYPES.get(typ, "article-journal" if not typ else "document"),
            "author": authors,
            "title": text(rec, "titles/title"),
            "container-title": text(rec, "titles/secondary-title") or text(rec, "periodical/full-title"),
            "volume": text(rec, "volume"), "issue": text(rec, "number"), "page": text(rec, "pages"),
            "publisher": text(rec, "publisher"),
        }
        year = text(rec, "dates/year")
        if year and re.match(r"\d{4}$", year):
            item["issued"] = {"date-parts": [[int(year)]]}
        ern = text(rec, "electronic-resource-num") or ""
        if re.match(r"(?:https?://(?:dx\.)?doi\.org/)?10\.\d{4,9}/", ern):
            item["DOI"] = ern
        url = text(rec, "urls/related-urls/url") or text(rec, "urls/web-urls/url")
        if url:
            item["URL"] = url
        acc = text(rec, "accession-num") or ""
        if re.fullmatch(r"\d{5,9}", acc):
            item["PMID"] = acc
        key = text(rec, "rec-number") or text(cite, "RecNum") or str(len(out))
        out.append({"citationItems": [{"id": key, "itemData": {k: v for k, v in item.items() if v}}]})
    return out


def _paragraphs(body, st: _State, numbering: _Numbering, style_num: dict[str, tuple[str, int]], style_names: dict[str, str]):
    """(style name, text) for each paragraph of body in document order (tables and content
    controls included)."""
    for el in body:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == f"{_W}p":
            yield _paragraph(el, st, numbering, style_num, style_names)
        elif tag in (f"{_W}tbl", f"{_W}tr", f"{_W}tc", f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml", f"{_W}ins", f"{_W}moveTo"):
            yield from _paragraphs(el, st, numbering, style_num, style_names)


def _paragraph(p, st: _State, numbering: _Numbering, style_num, style_names) -> tuple[str, str]:
    para = _Para()
    in_bibl = st.in_bibl
    _walk(p, st, para)
    in_bibl = in_bibl or st.in_bibl
    text = para.text()
    ppr = p.find(f"{_W}pPr")
    style_id = _val(ppr.find(f"{_W}pStyle")) if ppr is not None else None
    style = style_names.get(style_id or "", style_id or "")
    num = ppr.find(f"{_W}numPr") if ppr is not None else None
    num_id, ilvl = None, 0
    if num is not None:
        num_id = _val(num.find(f"{_W}numId"))
        ilvl = int(_val(num.find(f"{_W}ilvl")) or "0")
    elif style_id in style_num:
        num_id, ilvl = style_num[style_id]
    if ppr is not None and ppr.find(f"{_W}rPr/{_W}del") is not None and not text.strip():
        return style, ""  # a deleted paragraph mark with nothing left
    if num_id and text.strip():
        lab = numbering.label(num_id, ilvl)
        if lab:
            text = f"{lab} {text.lstrip()}"
    if in_bibl and text.strip():
        st.bibl_paras.append(text.strip())
    return style, text


def _styles(root) -> tuple[dict[str, tuple[str, int]], dict[str, str], frozenset[str]]:
    """Paragraph styles that carry list numbering, style names, and superscript character styles."""
    num: dict[str, tuple[str, int]] = {}
    names: dict[str, str] = {}
    sup: set[str] = set()
    if root is None:
        return num, names, frozenset()
    based: dict[str, str] = {}
    for s in root.iter(f"{_W}style"):
        sid = s.get(f"{_W}styleId") or ""
        names[sid] = _val(s.find(f"{_W}name")) or sid
        b = _val(s.find(f"{_W}basedOn"))
        if b:
            based[sid] = b
        np_ = s.find(f"{_W}pPr/{_W}numPr")
        if np_ is not None and _val(np_.find(f"{_W}numId")):
            num[sid] = (_val(np_.find(f"{_W}numId")) or "", int(_val(np_.find(f"{_W}ilvl")) or "0"))
        if _val(s.find(f"{_W}rPr/{_W}vertAlign")) == "superscript":
            sup.add(sid)
    for sid in list(names):
        seen, cur = set(), sid
        while cur in based and cur not in seen and sid not in num:
            seen.add(cur)
            cur = based[cur]
            if cur in num:
                num[sid] = num[cur]
    return num, names, frozenset(sup)


def _part_xml(zf: zipfile.ZipFile, path: str):
    from docx.oxml.parser import parse_xml  # python-docx's parser: entities are not resolved

    try:
        data = zf.read(path)
    except KeyError:
        return None
    return parse_xml(data)


def read(data: bytes, name: str) -> Document:
    label = label_of(name)
    zf = check_zip(data, label, "DOCX")
    if "word/document.xml" not in zf.namelist():
        raise InputError(f"{label}: a ZIP archive without word/document.xml, not a DOCX")
    for info in zf.infolist():
        if info.filename.endswith((".xml", ".rels")) and re.search(rb"<!ENTITY", zf.open(info).read(65536), re.I):
            raise InputError(f"{label}: DOCX part {info.filename} declares XML entities; refused for safety")
    try:
        import docx  # python-docx
    except ImportError:  # pragma: no cover
        raise InputError("reading DOCX needs python-docx") from None
    try:
        d = docx.Document(io.BytesIO(data))
        rels = {rid: rel.target_ref for rid, rel in d.part.rels.items() if rel.is_external}
        body = d.element.body
        styles_root = d.styles.element
        try:
            numbering_root = d.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            numbering_root = None
        notes: dict[tuple[str, str], object] = {}
        for kind, path in (("footnote", "word/footnotes.xml"), ("endnote", "word/endnotes.xml")):
            root = _part_xml(zf, path)
            if root is None:
                continue
            for n in root.iter(f"{_W}{kind}"):
                if n.get(f"{_W}type") in ("separator", "continuationSeparator", "continuationNotice"):
                    continue
                notes[(kind, n.get(f"{_W}id") or "")] = n
    except InputError as e:
        raise InputError(f"{label}: {e}") from None
    except Exception as e:
        raise InputError(f"{label}: not a readable DOCX ({type(e).__name__})") from None
    style_num, style_names, sup_styles = _styles(styles_root)
    st = _State(rels=rels, notes=notes, super_styles=sup_styles)
    numbering = _Numbering.load(numbering_root)
    lines: list[str] = []
    for style, text in _paragraphs(body, st, numbering, style_num, style_names):
        if style.lower().startswith("heading") or style.lower() == "title":
            lines.append("")
        lines.append(text.replace("\t", " "))
    text = "\n".join(lines).strip()
    note_lines = _notes_text(st, numbering, style_num, style_names)
    warnings = tuple(f"{label}: {w}" for w in dict.fromkeys(st.warnings))
    if st.csl:
        doc = _from_csl(st, label, text, warnings)
        if doc is not None:
            return doc
    if note_lines:
        text = _with_notes(text, note_lines)
    if not text.strip():
        raise InputError(f"{label}: the DOCX holds no text")
    return Document(format="docx", text=text + "\n", warnings=warnings)


def _notes_text(st: _State, numbering, style_num, style_names) -> list[str]:
    """Each cited note as 'k. text', numbered per kind in order of first reference."""
    out = []
    counters: dict[str, int] = {}
    for key in st.note_order:
        counters[key[0]] = counters.get(key[0], 0) + 1
        parts = [_paragraph(p, st, numbering, style_num, style_names)[1] for p in st.notes[key].iter(f"{_W}p")]  # type: ignore[attr-defined]
        body = " ".join(x.strip() for x in parts if x.strip())
        body = re.sub(r"^\^?\d+\^?\s*", "", body)  # the note's own reference mark
        if body:
            out.append(f"{counters[key[0]]}. {body}")
    return out


def _with_notes(text: str, note_lines: list[str]) -> str:
    """Notes that hold the reference list become it; other notes stand before the list, so the
    numbers they cite count as cited."""
    block = "\n".join(note_lines)
    heads = list(_LIST_HEADING.finditer(text))
    if not heads:
        return f"{text}\n\nReferences\n{block}"
    at = heads[-1].start()
    return f"{text[:at]}\n\nNotes\n{block}\n\n{text[at:]}"


def _from_csl(st: _State, label: str, text: str, warnings: tuple[str, ...]):
    """References from Zotero/Mendeley/EndNote citation fields, numbered in order of first citation."""
    from refcheck.read.csljson import to_reference

    order: list[str] = []
    items: dict[str, dict] = {}
    for c in st.csl:
        for ci in c.get("citationItems") or []:
            if not isinstance(ci, dict) or not isinstance(ci.get("itemData"), dict):
                continue
            uris = ci.get("uris") or ci.get("uri") or []
            key = str((uris[0] if isinstance(uris, list) and uris else uris) or ci.get("id") or ci["itemData"].get("id") or len(order))
            if key not in items:
                items[key] = ci["itemData"]
                order.append(key)
    if not order:
        return None
    bibl = [re.sub(r"^\s*(?:\[\d+\]|\d+\.)\s*", "", p) for p in st.bibl_paras]
    raws = bibl if len(bibl) == len(order) else [None] * len(order)
    refs = []
    for i, key in enumerate(order, start=1):
        try:
            refs.append(to_reference(items[key], i, raws[i - 1]))
        except (ValueError, TypeError, AttributeError):
            raise InputError(f"{label}: a citation field's CSL-JSON is malformed (item {i})") from None
    note = (f"{label}: entries read from the Zotero/Mendeley/EndNote citation fields ({len(refs)} works)",)
    return Document(format="docx", references=tuple(refs), cited=frozenset(range(1, len(refs) + 1)), warnings=warnings + note)


def read_docx(data: bytes, label: str) -> Document:
    return read(data, label)


READER = Reader(name="docx", label="Word (DOCX)", extensions=EXTENSIONS, sniff=sniff, read=read, priority=10)
