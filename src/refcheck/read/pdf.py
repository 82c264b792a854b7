"""PDF with a text layer → Document (text), via pdfminer.six (MIT; PyMuPDF would be AGPL).

pdfminer gives characters with their boxes and sizes; the page's reading order, paragraphs and
citation superscripts are rebuilt here, because a typeset article loses them:

* columns: on a page where many lines start right of the middle, the lines left of it are read
  before those right of it, band by band between lines that span both columns;
* running headers, footers and page numbers (lines near the top or bottom edge that recur on most
  pages, digits aside, or that are only a page number) and a manuscript's line numbers (bare
  integers in the margin) are dropped, so they never become entries or parts of them;
* lines are joined into paragraphs (vertical gap, font change, first-line indent, the next entry
  number); a word hyphenated at a line end is joined again, unless both halves are words the
  document uses on their own ("double-blind", "well-known");
* digits set smaller and raised (superscript citation markers) become ``^1,2^`` for the parser.

A PDF without any text (a scan) or one that needs a password is refused with a way forward.
Limits: 50 MB (as every input), 500 pages, and compressed streams that would inflate beyond
200 MB are refused before pdfminer inflates them whole.
"""

from __future__ import annotations

import io
import logging
import re
import statistics
import unicodedata
import zlib
from collections import Counter
from dataclasses import dataclass

from refcheck.errors import InputError
from refcheck.read.document import Document, label_of
from refcheck.read.registry import Reader

MAX_PAGES = 500
MAX_INFLATED = 200 * 1024 * 1024
_CHUNK = 1 << 20

_SUPER_OK = re.compile(r"^[\d,\u2013\u2014\-\u2012 ]+$")
_MARKER = re.compile(r"^\s*(?:\[(\d{1,4})\]|(\d{1,4})[.)])(?:\s|(?=[A-Z\u00C0-\u00DE]))")
_BULLET = re.compile(r"^[\u2022\u25aa\u25cf\u25e6\u2023\u2043\uf0b7\uf0a7\uf076\uf0d8-]\s*")
_ENDS = re.compile(r"[.!?:](?:\^[^^]*\^)?$")
_PAGE_NO = re.compile(r"^(?:page\s*)?[-\u2013 ]*\d{1,4}[-\u2013 ]*(?:(?:of|/)\s*\d{1,4})?$", re.I)


def sniff(data: bytes, name: str) -> bool:
    return data[:1024].lstrip().startswith(b"%PDF")


@dataclass
class _Line:
    x0: float
    x1: float
    y0: float  # baseline-ish bottom (PDF coordinates: y grows upwards)
    y1: float
    size: float
    bold: bool
    text: str
    lead: tuple[int, float, float] | None = None  # a leading integer: (its length, its x1, next char's x0)


def _check_streams(data: bytes, label: str) -> None:
    """Refuse a flate bomb before pdfminer inflates each stream whole in memory."""
    total = 0
    for m in re.finditer(rb"(?<!end)stream\r?\n", data):
        head = data[max(0, m.start() - 600) : m.start()]
        if b"Flate" not in head[head.rfind(b"<<") :] if b"<<" in head else b"Flate" not in head:
            continue
        end = data.find(b"endstream", m.end())
        if end < 0:
            continue
        d = zlib.decompressobj()
        buf = data[m.end() : end]
        try:
            while buf and total <= MAX_INFLATED:
                total += len(d.decompress(buf, _CHUNK))
                buf = d.unconsumed_tail
        except zlib.error:
            continue  # damaged (or encrypted) stream: pdfminer decides what to do with it
        if total > MAX_INFLATED:
            raise InputError(f"{label}: PDF streams would expand to more than 200 MB; refused")


def _pages(data: bytes, label: str):
    """Each page as (width, height, [lines])."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTAnno, LTChar, LTTextContainer, LTTextLine
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    def lines_of(obj):
        if isinstance(obj, LTTextLine):
            yield obj
        elif isinstance(obj, LTTextContainer) or hasattr(obj, "__iter__"):
            for child in obj:
                yield from lines_of(child)

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    params = LAParams(char_margin=2.0, line_margin=0.3, word_margin=0.1)
    out = []
    try:
        for i, page in enumerate(extract_pages(io.BytesIO(data), laparams=params, maxpages=MAX_PAGES + 1)):
            if i >= MAX_PAGES:
                raise InputError(f"{label}: PDF has more than {MAX_PAGES} pages; extract the article's pages first")
            lines = []
            for ln in lines_of(page):
                chars = [c for c in ln if isinstance(c, (LTChar, LTAnno))]
                real = [c for c in chars if isinstance(c, LTChar) and c.get_text().strip()]
                if not real:
                    continue
                letters = [c for c in real if c.get_text().isalpha()] or real  # not the superscripts
                sizes = Counter(round(c.size, 1) for c in letters)
                size = sizes.most_common(1)[0][0]
                base = statistics.median(c.y0 for c in real if abs(c.size - size) < 0.2) if real else ln.y0
                bold = sum("bold" in (c.fontname or "").lower() for c in real) > len(real) / 2
                text = _line_text(chars, size, base)
                lead = None
                m = re.match(r"\d{1,5}(?= )", text)
                if m and len(real) > m.end() and all(c.get_text().isdigit() for c in real[: m.end()]):
                    lead = (m.end(), real[m.end() - 1].x1, real[m.end()].x0)
                lines.append(_Line(ln.x0, ln.x1, ln.y0, ln.y1, size, bold, text, lead))
            out.append((page.width, page.height, lines))
    except InputError:
        raise
    except PDFPasswordIncorrect:
        raise InputError(f"{label}: the PDF is password-protected; save an unprotected copy (or export the text) and try again") from None
    except PDFEncryptionError:
        raise InputError(f"{label}: the PDF is encrypted in a way that cannot be read; save an unencrypted copy and try again") from None
    except PDFSyntaxError as e:
        raise InputError(f"{label}: not a readable PDF ({e})") from None
    except (RecursionError, MemoryError):
        raise InputError(f"{label}: the PDF is too deeply nested or too large to read; refused") from None
    except Exception as e:
        raise InputError(f"{label}: not a readable PDF ({type(e).__name__})") from None
    return out


def _line_text(chars, size: float, base: float) -> str:
    """The line's text, with raised small digit runs written as ^1,2^."""
    from pdfminer.layout import LTChar

    parts: list[str] = []
    sup: list[str] = []

    def flush() -> None:
        if sup:
            s = "".join(sup).strip()
            if s and _SUPER_OK.match(s) and any(ch.isdigit() for ch in s):
                parts.append(f"^{s.replace(' ', '')}^")
            else:
                parts.append("".join(sup))
            sup.clear()

    for c in chars:
        t = c.get_text()
        if t == "\n":
            continue
        if isinstance(c, LTChar) and t.strip() and c.size < size * 0.85 and c.y0 > base + size * 0.12:
            if not sup and parts and parts[-1] == " " and t.isdigit():
                parts.pop()  # the gap pdfminer saw before a raised number is not a space
            sup.append(t)
            continue
        if sup and t.strip() == "" and not isinstance(c, LTChar):
            sup.append(t)
            continue
        flush()
        parts.append(t)
    flush()
    text = "".join(parts)
    text = "".join(unicodedata.normalize("NFKC", ch) if "\ufb00" <= ch <= "\ufb06" else ch for ch in text)
    text = text.replace("\u00ad", "")  # a soft hyphen that was not at a line end
    return re.sub(r"[ \t\u00a0]+", " ", text).strip()


def _norm(text: str) -> str:
    return re.sub(r"\d+", "#", text.lower()).strip()


def _drop_running(pages) -> list[list[_Line]]:
    """Remove headers, footers and page numbers: lines in the top or bottom 9% of the page that
    recur (digits aside) on at least half of the pages, or that are only a page number."""
    bands = []
    counts: Counter = Counter()
    for w, h, lines in pages:
        edge = [ln for ln in lines if ln.y0 > h * 0.91 or ln.y1 < h * 0.09]
        bands.append(edge)
        counts.update({_norm(ln.text) for ln in edge})
    n = len(pages)
    recurring = {t for t, c in counts.items() if n >= 2 and c >= max(2, n / 2)}
    out = []
    for (w, h, lines), edge in zip(pages, bands):
        drop = {id(ln) for ln in edge if _norm(ln.text) in recurring or _PAGE_NO.match(ln.text)}
        drop |= _line_numbers(lines)
        out.append([ln for ln in lines if id(ln) not in drop])
    return out


def _line_numbers(lines: list[_Line]) -> set[int]:
    """A submitted manuscript's line numbers: bare integers standing in the margin, left or right
    of every line of text."""
    text = [ln for ln in lines if len(ln.text) >= 20]
    if len(text) < 3:
        return set()
    # where text starts: a line's own start, or the start after a number pdfminer glued to it
    starts = sorted(ln.lead[2] if ln.lead else ln.x0 for ln in text)
    left = starts[len(starts) // 10]
    right = max(ln.x1 for ln in text)
    glued = [ln for ln in lines if ln.lead and ln.lead[1] < left - 1 and abs(ln.lead[2] - left) < 40]
    apart = [ln for ln in lines if re.fullmatch(r"\d{1,5}", ln.text) and (ln.x1 < left - 1 or ln.x0 > right + 1)]
    if len(glued) + len(apart) < max(3, 0.6 * len(lines)):
        return set()  # numbered lines are most lines; entry numbers ("1 Rooney…") are not
    for ln in glued:  # "12 Magnesium is…" → "Magnesium is…"
        ln.text = ln.text[ln.lead[0] :].lstrip()  # type: ignore[index]
        ln.x0 = ln.lead[2]  # type: ignore[index]
        ln.lead = None
    return {id(ln) for ln in apart}


def _is_raised(small: _Line, big: _Line) -> bool:
    return (
        small.size < big.size * 0.85
        and small.y0 > big.y0 + big.size * 0.12
        and bool(_SUPER_OK.match(small.text))
        and any(ch.isdigit() for ch in small.text)
    )


def _merge_same_line(lines: list[_Line]) -> list[_Line]:
    """pdfminer splits a justified line with wide word gaps into pieces, and may set a raised
    citation number apart; put them back together (pieces of one column whose boxes overlap
    vertically by more than half), left to right."""
    out: list[_Line] = []
    for ln in sorted(lines, key=lambda x: (-x.y0, x.x0)):
        for o in out:
            overlap = min(o.y1, ln.y1) - max(o.y0, ln.y0)
            if overlap <= 0.5 * min(o.y1 - o.y0, ln.y1 - ln.y0):
                continue
            a, b = (o, ln) if o.x0 <= ln.x0 else (ln, o)
            if abs(o.size - ln.size) < 0.3:
                o.text = f"{a.text} {b.text}"
            elif _is_raised(b, a) or _is_raised(a, b):
                small = b if _is_raised(b, a) else a
                sup = "^" + small.text.replace(" ", "") + "^"
                o.text = f"{a.text}{sup}" if small is b else f"{sup}{b.text}"
                o.size = max(o.size, ln.size)
                o.bold = a.bold if small is b else b.bold
            else:
                continue
            o.x0, o.x1 = a.x0, max(a.x1, b.x1)
            o.y0, o.y1 = min(o.y0, ln.y0), max(o.y1, ln.y1)
            break
        else:
            out.append(_Line(ln.x0, ln.x1, ln.y0, ln.y1, ln.size, ln.bold, ln.text))
    return out


def _reading_order(lines: list[_Line], width: float) -> list[tuple[int, _Line]]:
    """Lines in reading order, each with its column (0 spanning or single, 1 left, 2 right)."""
    mid = width / 2
    tol = width * 0.02
    left = [ln for ln in lines if ln.x1 <= mid + tol]
    right = [ln for ln in lines if ln.x0 >= mid - tol]
    two = len(right) >= max(3, len(lines) * 0.2) and len(left) >= max(3, len(lines) * 0.2)
    if not two:
        return [(0, ln) for ln in sorted(_merge_same_line(lines), key=lambda ln: -ln.y1)]
    span = [ln for ln in lines if ln.x1 > mid + tol and ln.x0 < mid - tol]
    left = _merge_same_line(left)
    right = _merge_same_line([ln for ln in lines if ln.x0 >= mid - tol and not ln.x1 <= mid + tol])
    out: list[tuple[int, _Line]] = []
    # lines spanning both columns cut the page into bands; each band is read left column first
    cuts = sorted(span, key=lambda ln: -ln.y1)
    upper = float("inf")
    for cut in cuts + [None]:
        lower = cut.y1 if cut is not None else float("-inf")
        for col, side in ((1, left), (2, right)):
            out.extend((col, ln) for ln in sorted(side, key=lambda ln: -ln.y1) if lower < ln.y1 <= upper)
        if cut is not None:
            out.append((0, cut))
            upper = cut.y1
    return out


def _join_hyphen(a: str, b: str, words: Counter) -> str:
    """Join line a (ending in '-') and line b: a typesetter's hyphen goes, unless the document
    writes the word with a hyphen elsewhere, or the left half is a word of its own ("placebo-")
    and the joined form appears nowhere."""
    m = re.search(r"([^\W\d_]+)-$", a)
    n = re.match(r"([^\W\d_]+)", b)
    if not m or not n or not b[0].islower():
        return a + b  # "2448-" + "50", "High-" + "Dose": the hyphen is part of the text
    left, right = m.group(1).lower(), n.group(1).lower()
    if words[left + "-" + right] or (words[left] and not words[left + right] and (len(left) >= 4 or words[right])):
        return a + b
    return a[:-1] + b


def _vocabulary(texts: list[str]) -> Counter:
    """Words the document uses (lower case; a hyphenated word counts whole and by parts), leaving
    out the halves of words broken at a line end, which are what is being decided."""
    words: Counter = Counter()
    broken = False
    for t in texts:
        toks = re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*-?", t)
        if broken and toks:
            toks = toks[1:]
        broken = t.endswith("-")
        if broken and toks and toks[-1].endswith("-"):
            toks = toks[:-1]
        for tok in toks:
            low = tok.lower().rstrip("-")
            words[low] += 1
            if "-" in low:
                words.update(low.split("-"))
    return words


def _paragraphs(stream: list[tuple[int, int, _Line]], words: Counter) -> list[str]:
    paras: list[str] = []
    cur: list[_Line] = []
    # the usual baseline distance for each font size: a larger gap ends a paragraph
    gaps: dict[float, list[float]] = {}
    for (pa, ca, a), (pb, cb, b) in zip(stream, stream[1:]):
        if (pa, ca) == (pb, cb) and abs(a.size - b.size) < 0.3 and 0 < a.y0 - b.y0 < a.size * 2.5:
            gaps.setdefault(a.size, []).append(a.y0 - b.y0)
    typical = {size: statistics.median_low(sorted(v)[: max(1, len(v) // 2)]) for size, v in gaps.items()}
    def text_of(lines: list[_Line]) -> str:
        s = lines[0].text
        for ln in lines[1:]:
            if s.endswith("-") and len(s) > 1:
                s = _join_hyphen(s, ln.text, words)
            elif s.endswith(("/", "\u2013")):
                s = s + ln.text
            else:
                s = s + " " + ln.text
        return s

    def marker(text: str) -> int | None:
        """The entry number a line starts with: "12. ", "[12] ", or "12.Name" when 12 is next."""
        m = _MARKER.match(text)
        if not m:
            return None
        v = int(m.group(1) or m.group(2))
        glued = not text[m.end() - 1 : m.end()].isspace() and m.group(2) is not None
        return None if glued and v != next_no else v

    next_no = 1
    prev = None
    for page, col, ln in stream:
        b = _BULLET.match(ln.text)
        if b and ln.text[:1] != "-":
            ln.text = "\u2022 " + ln.text[b.end() :]
        num = marker(ln.text)
        if num is not None and num == next_no and re.match(r"^\s*\d+[.)](?=\S)", ln.text):
            ln.text = re.sub(r"^(\s*\d+[.)])", r"\1 ", ln.text, count=1)  # "10.Uwitonze": a tab stop
        brk = False
        if cur:
            p_page, p_col, p = prev
            if num is not None and num == next_no:
                brk = True
            elif b and ln.text[:1] == "\u2022":
                brk = True
            elif abs(p.size - ln.size) >= 0.3 or p.bold != ln.bold:
                brk = True
            elif (p_page, p_col) == (page, col):
                lead = typical.get(ln.size) or ln.size * 1.2
                gap = p.y0 - ln.y0
                if gap > lead * 1.25 or gap < 0:
                    brk = True
                elif ln.x0 > p.x0 + 3 and len(cur) > 1 and abs(cur[0].x0 - p.x0) < 1:
                    brk = True  # first-line indent of a new paragraph
            elif _ENDS.search(p.text) and not ln.text[:1].islower():
                brk = True  # a new column or page after a finished sentence
        if brk:
            paras.append(text_of(cur))
            cur = []
        if not cur and num is not None:
            next_no = num + 1
        cur.append(ln)
        prev = (page, col, ln)
    if cur:
        paras.append(text_of(cur))
    return paras


def read(data: bytes, name: str) -> Document:
    label = label_of(name)
    _check_streams(data, label)
    pages = _pages(data, label)
    if not pages:
        raise InputError(f"{label}: the PDF has no pages")
    if not any(ln.text for _, _, lines in pages for ln in lines):
        raise InputError(
            f"{label}: the PDF has no text layer (a scan or images only); run OCR on it first "
            "(e.g. ocrmypdf) or export the manuscript from its word processor, and try again"
        )
    kept = _drop_running(pages)
    stream: list[tuple[int, int, _Line]] = []
    for i, ((w, h, _), lines) in enumerate(zip(pages, kept)):
        stream.extend((i, col, ln) for col, ln in _reading_order(lines, w))
    words = _vocabulary([ln.text for _, _, ln in stream])
    paras = _paragraphs(stream, words)
    empty = [i + 1 for i, (_, _, lines) in enumerate(pages) if not lines]
    warnings = ()
    if empty and len(empty) < len(pages):
        warnings = (f"{label}: page(s) {', '.join(map(str, empty[:10]))} have no text (scanned?); they were not read",)
    return Document(format="pdf", text="\n\n".join(paras) + "\n", warnings=warnings)


READER = Reader(name="pdf", label="PDF with a text layer", extensions=(".pdf",), sniff=sniff, read=read, priority=10)
