"""In-text citation markers of an article body → the set of cited reference numbers.

Recognised: ``[1]``, ``[1,2]``, ``[1–3]``, ``(1)``, Markdown ``^1^`` and ``[^1]``, HTML ``<sup>``
(the HTML and DOCX readers turn superscripts into ``^1,2^``), and superscripts flattened into plain
text (``past decade.1``, ``performance.2,3``, ``include:2,8,9,20,21``). Quantities (``1,892 men``,
``414 mg``, ``45%``, ``1999-2014``, phone numbers) are not markers: a flattened marker must follow
a word's closing punctuation directly, and be followed by a space or the end of the line.
"""

from __future__ import annotations

import re

from refcheck.normalize import dashes

_LIST = r"\d{1,3}(?:\s*[-,]\s*\d{1,3})*"
_BRACKET = re.compile(rf"\[\s*({_LIST})\s*\]")
_PAREN = re.compile(rf"(?<![\w)])\(\s*({_LIST})\s*\)")
_CARET = re.compile(rf"\^\s*({_LIST})\s*\^")
_FOOTNOTE = re.compile(r"\[\^(\d{1,4})\](?!:)")
# "decade.1", "performance.2,3", "studies.10-12", "include:2,8,9,20,21", "process:10,23-25", "20%.28"
_FLAT_END = re.compile(rf"(?<=[A-Za-z\u00C0-\u024F)\]%][.,;:!?])({_LIST})(?=\s|$)", re.M)


def _expand(spec: str, limit: int = 2000) -> list[int]:
    out: list[int] = []
    for part in spec.split(","):
        part = part.strip()
        if "-" in part:
            a, _, b = part.partition("-")
            try:
                lo, hi = int(a), int(b)
            except ValueError:
                continue
            if lo <= hi and hi - lo <= 200:
                out.extend(range(lo, hi + 1))
            else:
                return []  # "1999-2014"-like: not a marker
        elif part.isdigit():
            out.append(int(part))
    return [x for x in out if 0 < x <= limit]


def find_cited(body: str) -> set[int]:
    """Numbers cited in `body` (an article's text before its reference list)."""
    text = dashes(body).replace("\u00a0", " ")
    cited: set[int] = set()
    strong = False
    for rx in (_BRACKET, _CARET):
        for m in rx.finditer(text):
            nums = _expand(m.group(1))
            if nums:
                cited.update(nums)
                strong = True
    for m in _FOOTNOTE.finditer(text):
        cited.add(int(m.group(1)))
        strong = True
    for m in _FLAT_END.finditer(text):
        spec = m.group(1)
        # a marker list has small numbers only, and the text after is not a unit
        after = text[m.end() : m.end() + 6]
        if re.match(r"\s*(?:%|mg|g\b|kg|IU|mL|ml|years?|cm|mm|am|pm)", after, re.I):
            continue
        if re.search(r"\d{4}", spec):
            continue
        nums = _expand(spec)
        if nums:
            cited.update(nums)
            strong = True
    if not strong:
        # "(1)" markers only when the text has no other kind (avoids enumerations "(1) ... (2)")
        for m in _PAREN.finditer(text):
            nums = _expand(m.group(1))
            if nums and not re.search(r"\d{4}", m.group(1)):
                cited.update(nums)
    return cited
