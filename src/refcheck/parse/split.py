"""Text → the reference section → entries (raw text exactly as it stood, number as printed)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_HEADING = re.compile(
    r"^[ \t]*(?:#{1,6}[ \t]*)?(?:\*\*|__)?(?:[0-9IVX]+\.?[ \t]+)?"
    r"(?:References(?:[ \t]+(?:and|&)[ \t]+Notes)?|Reference[ \t]+List|Bibliography|Literature[ \t]+Cited"
    r"|Works[ \t]+Cited|Cited[ \t]+Literature|Sources|Notes[ \t]+and[ \t]+References|Citations|Referenzen|Références)"
    r"(?:\*\*|__)?[ \t]*:?[ \t]*$",
    re.I | re.M,
)
# the number marker at the start of a line: "1. ", "1) ", "[1] ", "(1) ", "[^1]: ", "1 " is not one
_MARKER = re.compile(
    r"^(?P<indent>[ \t]*)(?:\[(?P<b>\d{1,6})\]|\((?P<p>\d{1,6})\)|(?P<d>\d{1,6})[.)]|\[\^(?P<f>\d{1,6})\]:)(?:[ \t]+|(?=\S)(?<=\]))"
)
_BULLET = re.compile(r"^(?P<indent>[ \t]*)[-*•\u2022\u25aa\u2013][ \t]+")
_YEARISH = re.compile(r"\b(?:1[5-9]|20)\d\d\b|\bn\.\s?d\.|\bin press\b", re.I)
# a surname particle then a capitalised name, or a year in parentheses: how entries start
_NEW_ENTRY_START = re.compile(
    r"(?:(?:van|von|de|del|della|der|den|da|das|do|dos|di|du|la|le|ten|ter|al|el|bin|dalla|degli)\s+){1,3}"
    r"(?:[A-Z][\w'’-]+(?:,\s*[A-Z]\.|\s+[A-Z]{1,4}\b|\s+[A-Z]\.))"
    r"|\(\s*(?:1[5-9]|20)\d\d[a-z]?\s*\)"
)
_NEXT_HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]+\S", re.M)


@dataclass(frozen=True)
class RawEntry:
    n: int
    raw: str
    line: int  # 1-based line in the text


@dataclass(frozen=True)
class Section:
    start: int  # character offset where the list starts
    end: int
    body_end: int  # end of the article body (before the heading / the list)
    has_heading: bool


def _kind(m: re.Match) -> str:
    for k in ("b", "p", "d", "f"):
        if m.group(k) is not None:
            return k
    return "?"


def _num(m: re.Match) -> int:
    return int(m.group(_kind(m)))


def _lines(text: str) -> list[tuple[int, str]]:
    """(offset, line without its newline) for each line."""
    out = []
    pos = 0
    for ln in text.splitlines(keepends=True):
        out.append((pos, ln.rstrip("\r\n")))
        pos += len(ln)
    return out


def find_section(text: str) -> Section | None:
    """Where the reference list stands: after the last heading, or the trailing numbered run."""
    heads = list(_HEADING.finditer(text))
    if heads:
        h = heads[-1]
        start = h.end()
        nxt = _NEXT_HEADING.search(text, start + 1)
        end = nxt.start() if nxt else len(text)
        if text[start:end].strip():
            return Section(start=start, end=end, body_end=h.start(), has_heading=True)
    # no heading: the trailing run of numbered entries (1 .. N), as in the sample article
    lines = _lines(text)
    expected = None
    start_idx = None
    kind = None
    for i in range(len(lines) - 1, -1, -1):
        off, ln = lines[i]
        m = _MARKER.match(ln)
        if not m:
            continue
        k, v = _kind(m), _num(m)
        if expected is None:
            expected, kind = v, k
        elif k != kind or v != expected:
            if v < expected:
                # a number that breaks the run: continuation text of an entry, or the body
                continue
            continue
        start_idx = i
        if v == 1:
            break
        expected = v - 1
    if start_idx is not None and _num(_MARKER.match(lines[start_idx][1])) == 1:
        off = lines[start_idx][0]
        return Section(start=off, end=len(text), body_end=off, has_heading=False)
    return None


def split_entries(text: str, base_line: int = 1) -> list[RawEntry]:
    """Split a reference list into entries. `base_line` is the line number of text's first line."""
    lines = _lines(text)
    found = [(i, m, _kind(m), _num(m)) for i, (off, ln) in enumerate(lines) if (m := _MARKER.match(ln))]
    marks = []
    prev = None
    kind = None
    for x, (i, m, k, v) in enumerate(found):
        if prev is None or (k == kind and (prev < v <= prev + 10 or (v > prev and _run_follows(found, x)))):
            marks.append((i, m, v))
            prev, kind = v, k
    if marks and (len(marks) >= 2 or not any(ln.strip() for _, ln in lines[: marks[0][0]])):
        return _numbered(text, lines, marks, base_line)
    return _unnumbered(text, lines, base_line)


def _run_follows(found: list, x: int) -> bool:
    """The numbers jump ("4." then "33."), and the next two markers go on from the new one: an
    excerpt of a longer list, not a number that happens to open a line of text."""
    _i, _m, k, v = found[x]
    nxt = [(kk, vv) for _ii, _mm, kk, vv in found[x + 1 : x + 3]]
    return nxt == [(k, v + 1), (k, v + 2)]


def _numbered(text, lines, marks, base_line) -> list[RawEntry]:
    out = []
    for j, (i, m, v) in enumerate(marks):
        begin = lines[i][0] + m.end()
        if j + 1 < len(marks):
            stop_line = marks[j + 1][0]
        else:
            stop_line = len(lines)
        # stop at two consecutive blank lines after the last entry (footer text after the list)
        last = i
        blank = 0
        for k in range(i + 1, stop_line):
            if lines[k][1].strip():
                if blank >= 2 and j + 1 == len(marks):
                    break
                last = k
                blank = 0
            else:
                blank += 1
        end = lines[last][0] + len(lines[last][1])
        raw = text[begin:end].rstrip()
        raw = raw.lstrip()
        if raw:
            out.append(RawEntry(n=v, raw=raw, line=base_line + i))
    return out


def _unnumbered(text, lines, base_line) -> list[RawEntry]:
    """One entry per paragraph (blank-line separated) or per line; hanging indents continue."""
    nonblank = [(i, off, ln) for i, (off, ln) in enumerate(lines) if ln.strip()]
    if not nonblank:
        return []
    # group into paragraphs
    paras: list[list[int]] = []
    cur: list[int] = []
    for i, (off, ln) in enumerate(lines):
        if ln.strip():
            cur.append(i)
        elif cur:
            paras.append(cur)
            cur = []
    if cur:
        paras.append(cur)
    multi = any(len(p) > 1 for p in paras)
    blocks: list[list[int]] = []
    if len(paras) > 1 and multi and all(_YEARISH.search(" ".join(lines[i][1] for i in p)) for p in paras):
        # paragraphs, unless each paragraph's lines are each a full reference
        per_line_refs = all(
            all(_YEARISH.search(lines[i][1]) and len(lines[i][1].split()) >= 4 for i in p) for p in paras
        ) and not any(_is_continuation(lines[i][1], lines[p[0]][1]) for p in paras for i in p[1:])
        blocks = [[i] for p in paras for i in p] if per_line_refs else paras
    else:
        for p in paras:
            first_indent = _indent(lines[p[0]][1])
            lo = p[0]  # p is a run of consecutive line numbers: "in p" is a range test, not a list search
            for i in p:
                ln = lines[i][1]
                if blocks and blocks[-1] and blocks[-1][0] >= lo and _is_continuation(ln, lines[blocks[-1][0]][1], first_indent):
                    blocks[-1].append(i)
                else:
                    blocks.append([i])
    out = []
    for k, b in enumerate(blocks, start=1):
        first, last = b[0], b[-1]
        begin = lines[first][0]
        mb = _BULLET.match(lines[first][1])
        if mb:
            begin += mb.end()
        end = lines[last][0] + len(lines[last][1])
        raw = text[begin:end].strip()
        if raw:
            out.append(RawEntry(n=len(out) + 1, raw=raw, line=base_line + first))
    return out


def _indent(ln: str) -> int:
    return len(ln) - len(ln.lstrip(" \t"))


def _is_continuation(ln: str, first: str, first_indent: int | None = None) -> bool:
    """A hanging-indent line, or a line that starts in lower case, continues the entry above."""
    if first_indent is None:
        first_indent = _indent(first)
    if _BULLET.match(ln):
        return False
    if _indent(ln) > first_indent:
        return True
    s = ln.lstrip()
    if not s or _NEW_ENTRY_START.match(s):
        return False  # "van Ooij C, …", "de Miranda, A. S.;", "(2009) Journal …": an entry of its own
    return (s[0].islower() or s[0] in "(;:,&") and not _YEARISH.match(s)
