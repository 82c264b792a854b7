"""What an entry's raw text shows, read against the record it was identified as.

The parser may cut an entry in the wrong place (APA authors before an NLM journal part, a journal
name with a full stop, dotted initials): its fields then differ from the record although the
entry is right. Once a record is identified, a field is a mismatch only if the raw text does not
show the record's value where such a value stands: the record's title as a run of the entry's
words, its journal name among them, its year as a date, its volume before an issue or pages, its
pages as a page range. These are lookups of the record's value, never a second parse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..normalize import dashes, expand_pages, fold
from .text import fold_name, title_key

_WORD = re.compile(r"[^\W_]+", re.U)
# identifiers and links carry digits that are no year, volume or page
_IDS = re.compile(r"\b(?:doi:?\s*|https?://|www\.)\S+|\b10\.\d{4,9}/\S+|\bPMC?ID:?\s*\S+", re.I)
# NLM journal qualifiers carry a year that is no cited date: "(Baltimore, Md. : 1950)"
_QUALIFIER = re.compile(r"\([^()]*:\s*\d{4}\)")


@dataclass(frozen=True)
class Word:
    key: str  # folded ("öztürk" → "ozturk"); spelling variants folded for title words
    start: int
    end: int
    text: str  # as written


@lru_cache(maxsize=2048)
def words(raw: str) -> tuple[Word, ...]:
    return tuple(Word(_wkey(m.group()), m.start(), m.end(), m.group()) for m in _WORD.finditer(raw or ""))


@lru_cache(maxsize=16384)
def _wkey(w: str) -> str:
    return fold_name(w).replace(" ", "")


def _seq(s: str | None) -> list[str]:
    return [_wkey(m.group()) for m in _WORD.finditer(s or "")]


def find_run(ws: tuple[Word, ...], run: list[str], start: int = 0) -> int | None:
    """Index in `ws` where the words `run` stand one after another, or None."""
    n = len(run)
    if not n:
        return None
    keys = [w.key for w in ws]
    for i in range(start, len(keys) - n + 1):
        if keys[i : i + n] == run:
            return i
    return None


_BEFORE = re.compile(r"(?:^|[.)\]},;:'\"‘“”’]|\bIn)\s*$")
_AFTER = re.compile(r"^\s*(?:$|[.?!\]'\"’”,;(]|\[)")


def title_span(raw: str, title: str | None, bounded: bool = False, subtitle_ok: bool = False) -> tuple[int, int] | None:
    """Character span of `title` in `raw` (all its words in order), or None.

    Spelling variants and markup are folded as title_key does, word by word. `bounded`: the run
    must stand as a whole title (a boundary before and after it), so that a record title that is
    only the start of the cited one is not taken for it; `subtitle_ok` lets ': subtitle' follow."""
    if not title:
        return None
    ws = words(raw)
    tw = [k for k in (_title_word(w) for w in title_key(title).split()) if k]
    if not tw:
        return None
    keys = [_title_word(w.key) for w in ws]
    n = len(tw)
    for i in range(len(keys) - n + 1):
        if keys[i : i + n] == tw:
            a, b = ws[i].start, ws[i + n - 1].end
            if bounded:
                after = raw[b:]
                if not (_BEFORE.search(raw[:a]) and (_AFTER.match(after) or subtitle_ok and after.lstrip().startswith(":"))):
                    continue
            return a, b
    return None


@lru_cache(maxsize=16384)
def _title_word(w: str) -> str:
    return title_key(w).replace(" ", "")


def shows_title(raw: str, title: str | None, subtitle_ok: bool = False) -> bool:
    """The record's title stands in the raw text as a whole title."""
    return title_span(raw, title, bounded=True, subtitle_ok=subtitle_ok) is not None


def shows_journal(raw: str, names: tuple[str, ...], after: int = 0) -> bool:
    """One of the record's journal names (full, ISO, NLM, short) stands in the raw text."""
    ws = words(_IDS.sub(lambda m: " " * len(m.group()), raw or ""))  # a DOI's "jama" is no journal name
    first = next((i for i, w in enumerate(ws) if w.start >= after), len(ws))
    for name in names:
        run = _seq(name)
        if run and find_run(ws, run, first) is not None:
            return True
    return False


def _outside(raw: str, span: tuple[int, int] | None) -> str:
    """The raw text with the title span and identifiers blanked (their digits are no data)."""
    s = raw or ""
    if span:
        s = s[: span[0]] + " " * (span[1] - span[0]) + s[span[1] :]
    s = _IDS.sub(lambda m: " " * len(m.group()), s)
    return _QUALIFIER.sub(lambda m: " " * len(m.group()), s)


def shows_year(raw: str, years: set[int], span: tuple[int, int] | None) -> bool:
    """One of `years` stands as a date: '(2018)', '2018;', '2018 Mar', '2018.', '2018,' — not a
    volume ('2018:9041694'), not inside the title, a DOI or a URL."""
    s = dashes(_outside(raw, span))
    for y in years:
        for m in re.finditer(rf"(?<![\d:/.-]){y}(?![\d])", s):
            tail = s[m.end() : m.end() + 6]
            if re.match(r"[a-z]?\s*(?:[;.,)\]]|\s+[A-Z][a-z]{2}|\s*$|\s+\d{1,2}\b)", tail) and not re.match(r"\s*[:(]", tail):
                return True
    return False


def shows_volume(raw: str, volume: str | None, span: tuple[int, int] | None) -> bool:
    """The record's volume stands before an issue or pages ('118(3)', '118:181') or after 'vol'."""
    if not volume:
        return False
    s = _outside(raw, span)
    v = re.escape(volume.strip())
    return bool(re.search(rf"(?<![\w.-]){v}\s*(?:\(|:|,\s*(?:no|pp?)\b)", s, re.I)
                or re.search(rf"\bvol(?:ume)?\.?\s*{v}(?!\w)", s, re.I))


def shows_pages(raw: str, first: str | None, last: str | None, span: tuple[int, int] | None) -> bool:
    """The record's first page (and last page, abbreviated or not) stands as a page range or
    after ':' / 'p.' / 'pp.'."""
    if not first:
        return False
    s = dashes(_outside(raw, span))
    f = re.escape(first)
    for m in re.finditer(rf"(?<![\w.]){f}(?:\s*-\s*(\w+))?(?!\w)", s, re.I):
        before = s[max(0, m.start() - 5) : m.start()]
        tail = m.group(1)
        if tail is None:
            if not last or last == first:
                if re.search(r"(?::|pp?\.|,)\s*$", before):
                    return True
            continue
        if not last:
            return True
        got = (expand_pages(f"{first}-{tail}") or "").split("-")[-1]
        if fold(got) == fold((expand_pages(f"{first}-{last}") or "").split("-")[-1]):
            return True
    return False


def author_segment(raw: str, *titles: str | None) -> str | None:
    """The raw text before the title (the record's if it stands there, else the cited one), with
    the entry's number removed: where the authors are. None when no title is found."""
    for t in titles:
        span = title_span(raw, t)
        if span is not None:
            seg = re.sub(r"^\s*(?:\[\d+\]|\(\d+\)|\d+[.)])\s+", "", raw[: span[0]])
            return seg
    return None


def shows_issue(raw: str, issue: str | None, span: tuple[int, int] | None) -> bool:
    """The record's issue stands in parentheses after a volume ('317(23)') or after 'no.'/'issue'."""
    if not issue:
        return False
    s = _outside(raw, span)
    i = re.escape(issue.strip())
    return bool(re.search(rf"\w\s*\(\s*{i}\s*\)", s) or re.search(rf"\b(?:no|nr|issue|iss|n)\.?\s*{i}(?!\w)", s, re.I))
