"""RTF → Document (text): a small tokenizer over the RTF 1.9 syntax, standard library only.

Converters such as striprtf drop what a reference checker needs (superscript state, field
results, list numbers), so the groups are followed here: paragraphs (\\par), list numbers as
Word and LibreOffice cache them ({\\listtext 1.\\tab}), hyperlink fields (the result text; the
target written after a link whose text does not hold it), superscript citation numbers (\\super,
\\up → ``^1,2^``), footnotes (\\chftn markers as citation numbers; notes holding the reference
list become it), Unicode (\\uN with its \\ucN fallback) and code-page bytes (\\'hh, \\ansicpgN).
Tracked deletions (\\deleted), headers, footers, pictures, embedded objects, the font, colour,
style and list tables and every ignorable destination ({\\*\\…}) are skipped; nothing is run.
Limits: 50 MB (as every input) and a group nesting depth of 500.
"""

from __future__ import annotations

import re

from refcheck.errors import InputError
from refcheck.read.document import Document, label_of
from refcheck.read.registry import Reader

MAX_DEPTH = 500
_TOKEN = re.compile(r"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?|\\'([0-9a-fA-F]{2})|\\([^a-zA-Z])|([{}])|[\r\n]+|([^\\{}\r\n]+)")
_SKIP_DEST = {
    "fonttbl", "colortbl", "stylesheet", "info", "pict", "object", "header", "headerl", "headerr", "headerf",
    "footer", "footerl", "footerr", "footerf", "listtable", "listoverridetable", "revtbl", "rsidtbl", "themedata",
    "colorschememapping", "datastore", "latentstyles", "xmlnstbl", "generator", "pgdsctbl", "filetbl", "mmathPr",
    "annotation", "atnid", "atnauthor", "xe", "tc", "private", "objdata", "result", "shppict", "nonshppict",
    "fldtype", "bkmkstart", "bkmkend", "pn", "pntext", "pntxta", "pntxtb",
}
_SYMBOLS = {
    "emdash": "\u2014", "endash": "\u2013", "lquote": "\u2018", "rquote": "\u2019", "ldblquote": "\u201c",
    "rdblquote": "\u201d", "bullet": "\u2022", "emspace": " ", "enspace": " ", "qmspace": " ", "tab": " ",
}
_CITE = re.compile(r"^\s*[\[(]?\s*(\d{1,3}(?:\s*[-\u2013\u2014,]\s*\d{1,3})*)\s*[\])]?\s*$")


def sniff(data: bytes, name: str) -> bool:
    return data[:16].lstrip(b"\xef\xbb\xbf \r\n\t").startswith(b"{\\rtf")


class _Out:
    """Paragraphs of one stream (the body, or one footnote), superscript runs kept apart."""

    def __init__(self) -> None:
        self.paras: list[str] = []
        self.cur: list[str] = []
        self.sup: list[str] = []

    def add(self, text: str, sup: bool) -> None:
        if sup:
            self.sup.append(text)
            return
        self.flush_sup()
        self.cur.append(text)

    def flush_sup(self) -> None:
        if self.sup:
            s = "".join(self.sup)
            m = _CITE.match(s)
            self.cur.append("^" + re.sub(r"\s+", "", m.group(1)) + "^" if m and s.strip() else s)
            self.sup = []

    def par(self) -> None:
        self.flush_sup()
        self.paras.append(re.sub(r"[ \t]+", " ", "".join(self.cur)).strip())
        self.cur = []

    def text_len(self) -> int:
        self.flush_sup()
        return len("".join(self.cur))

    def close(self) -> list[str]:
        if self.cur or self.sup:
            self.par()
        return self.paras


def _convert(src: str, label: str) -> tuple[list[str], list[str]]:
    body = _Out()
    notes: list[_Out] = []
    out = body
    # group state: skip, sup, deleted, uc, dest ("fldinst", "fldrslt", "footnote", "listtext")
    state = {"skip": False, "sup": False, "deleted": False, "uc": 1, "dest": None, "first": True}
    stack: list[dict] = []
    fields: list[dict] = []  # open \field groups: instr, result start
    codepage = "cp1252"
    ucskip = 0
    footnote_no = 0
    for m in _TOKEN.finditer(src):
        word, arg, hexch, sym, brace, text = m.group(1), m.group(2), m.group(3), m.group(4), m.group(5), m.group(6)
        if brace == "{":
            stack.append(state)
            if len(stack) > MAX_DEPTH:
                raise InputError(f"{label}: RTF groups nested deeper than {MAX_DEPTH}; refused")
            state = dict(state, first=True, star=False, field=False)
            ucskip = 0
            continue
        if brace == "}":
            if not stack:
                continue
            closing = state
            state = stack.pop()
            if closing.get("dest") == "footnote" and state.get("dest") != "footnote":
                out.close()
                out = body
            if closing.get("field") and fields:
                f = fields.pop()
                _field_end(f, out)
            continue
        if m.group(0).startswith(("\r", "\n")):
            continue
        first = state.get("first", False)
        state["first"] = False
        if word is not None:
            if word == "field":
                fields.append({"instr": [], "start": None})
                state["field"] = True
                continue
            if first and state.get("star") or (first and word in _SKIP_DEST) or word in ("pict", "object", "objdata"):
                if word == "fldinst":
                    state["dest"] = "fldinst"
                    continue
                state["skip"] = True
                continue
            if word == "fldinst":
                state["dest"] = "fldinst"
                continue
            if word == "fldrslt":
                state["dest"] = "fldrslt"
                if fields:
                    fields[-1]["start"] = (out, out.text_len())
                continue
            if word == "footnote" and not state["skip"]:
                state["dest"] = "footnote"
                note = _Out()
                notes.append(note)
                out = note
                continue
            if word == "listtext":
                state["dest"] = "listtext"
                continue
            if word == "ansicpg" and arg:
                codepage = f"cp{arg}"
                continue
            if word == "uc" and arg:
                state["uc"] = int(arg)
                continue
            if state["skip"]:
                continue
            if word == "u" and arg:
                n = int(arg)
                _emit(chr(n + 65536 if n < 0 else n), state, out, fields)
                ucskip = state["uc"]
                continue
            ucskip = 0
            if word in ("par", "line", "sect", "page", "row"):
                if state.get("dest") != "fldinst":
                    out.par()
            elif word == "cell":
                _emit(" ", state, out, fields)
            elif word in _SYMBOLS:
                _emit(_SYMBOLS[word], state, out, fields)
            elif word == "super" or (word == "up" and arg not in (None, "0")):
                state["sup"] = True
            elif word in ("nosupersub", "sub", "plain") or (word in ("super", "up") and arg == "0"):
                state["sup"] = False
                if word == "plain":
                    state["deleted"] = False
            elif word == "deleted":
                state["deleted"] = arg != "0"
            elif word == "chftn":
                if out is body:
                    footnote_no += 1
                    out.add(str(footnote_no), True)
            continue
        if sym is not None:
            if sym == "*":
                if first:
                    state["star"] = True
                    state["first"] = True  # the destination's control word follows
                continue
            if state["skip"]:
                continue
            if sym in "\\{}":
                _emit(sym, state, out, fields)
            elif sym == "~":
                _emit("\u00a0", state, out, fields)
            elif sym == "_":
                _emit("-", state, out, fields)
            elif sym == "\n" or sym == "\r":
                out.par()
            continue
        if hexch is not None:
            if state["skip"]:
                continue
            if ucskip:
                ucskip -= 1
                continue
            try:
                ch = bytes([int(hexch, 16)]).decode(codepage)
            except (LookupError, UnicodeDecodeError):
                ch = bytes([int(hexch, 16)]).decode("cp1252", errors="replace")
            _emit(ch, state, out, fields)
            continue
        if text is not None:
            if state["skip"]:
                continue
            if ucskip:
                skip = min(ucskip, len(text))
                text = text[skip:]
                ucskip -= skip
                if not text:
                    continue
            _emit(text, state, out, fields)
    paras = body.close()
    return paras, [" ".join(p for p in n.close() if p) for n in notes]


def _emit(text: str, state: dict, out: _Out, fields: list[dict]) -> None:
    if state["deleted"]:
        return
    if state.get("dest") == "fldinst":
        if fields:
            fields[-1]["instr"].append(text)
        return
    if state.get("dest") == "listtext":
        out.add(text.replace("\t", " "), False)
        return
    out.add(text, state["sup"])


def _field_end(f: dict, out: _Out) -> None:
    m = re.match(r'\s*HYPERLINK\s+(?:\\[a-z]\s+)*"([^"]+)"', "".join(f["instr"]), re.I)
    if not m or not f["start"]:
        return
    target_out, start = f["start"]
    if target_out is not out:
        return
    out.flush_sup()
    shown = "".join(out.cur)[start:]
    href = m.group(1)
    if href.lower().startswith(("http://", "https://")):
        bare = re.sub(r"^https?://(?:dx\.)?(?:doi\.org/)?", "", href.rstrip("/")).lower()
        if bare and bare not in shown.lower():
            out.add(f" <{href}>", False)


def read(data: bytes, name: str) -> Document:
    label = label_of(name)
    src = data.decode("latin-1")  # RTF is 7-bit; bytes beyond come through \'hh
    if not sniff(data, name):
        raise InputError(f"{label}: not an RTF document (it does not start with {{\\rtf)")
    try:
        paras, notes = _convert(src, label)
    except RecursionError:
        raise InputError(f"{label}: RTF nested too deeply; refused") from None
    text = "\n".join(paras).strip()
    notes = [n for n in notes if n.strip()]
    if notes:
        from refcheck.read.docx import _with_notes

        own_mark = re.compile(r"^\s*\^?\d+\^?\s*")  # the note's own number
        text = _with_notes(text, [f"{i}. {own_mark.sub('', n)}" for i, n in enumerate(notes, 1)])
    if not text:
        raise InputError(f"{label}: the RTF document holds no text")
    return Document(format="rtf", text=text + "\n")


READER = Reader(name="rtf", label="RTF", extensions=(".rtf",), sniff=sniff, read=read, priority=20)
