"""HTML → plain text with the structure the parser needs (stdlib html.parser; nothing is run or fetched).

Block elements become lines; ``<ol><li>`` items are numbered ``N. ``; headings stand on their own
line; ``<sup>`` holding citation numbers becomes ``^1,2^``. Scripts, styles and heads are dropped.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from refcheck.read.document import Document, extension_of, label_of
from refcheck.read.registry import Reader
from refcheck.read.textio import HTML_TAGS, decode, is_xml, text_head

EXTENSIONS = (".html", ".htm", ".xhtml")

_SKIP = {"script", "style", "head", "template", "noscript", "svg", "math", "iframe", "object"}
_BLOCK = {
    "p", "div", "section", "article", "header", "footer", "main", "aside", "nav", "table", "tr",
    "blockquote", "pre", "figure", "figcaption", "dl", "dt", "dd", "ul", "ol", "li", "br", "hr",
    "h1", "h2", "h3", "h4", "h5", "h6", "title", "body", "html",
}
_CITE = re.compile(r"^\s*\[?\(?\s*(\d{1,3}(?:\s*[-\u2013\u2014,]\s*\d{1,3})*)\s*\)?\]?\s*$")


class _Converter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip = 0
        self.lists: list[list] = []  # [kind, counter]
        self.sup: list[str] | None = None

    def _nl(self) -> None:
        if self.out and not self.out[-1].endswith("\n"):
            self.out.append("\n")

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self.skip += 1
            return
        if self.skip:
            return
        a = dict(attrs)
        if tag in ("ol", "ul"):
            start = 1
            try:
                start = int(a.get("start") or 1)
            except ValueError:
                pass
            self.lists.append([tag, start - 1])
        if tag in _BLOCK:
            self._nl()
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.out.append("\n")
        if tag == "li":
            if self.lists and self.lists[-1][0] == "ol":
                try:
                    self.lists[-1][1] = int(a["value"]) if a.get("value") else self.lists[-1][1] + 1
                except ValueError:
                    self.lists[-1][1] += 1
                self.out.append(f"{self.lists[-1][1]}. ")
            else:
                self.out.append("- ")
        if tag == "sup":
            self.sup = []

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip:
            return
        if tag == "sup" and self.sup is not None:
            content = "".join(self.sup)
            self.sup = None
            m = _CITE.match(content)
            self.out.append(f"^{m.group(1)}^" if m else content)
            return
        if tag in ("ol", "ul") and self.lists:
            self.lists.pop()
        if tag in _BLOCK:
            self._nl()
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.out.append("\n")

    def handle_startendtag(self, tag, attrs):
        if tag in ("br", "hr") and not self.skip:
            self._nl()

    def handle_data(self, data):
        if self.skip:
            return
        data = re.sub(r"\s+", " ", data)
        if self.sup is not None:
            self.sup.append(data)
        else:
            if self.out and self.out[-1].endswith("\n"):
                data = data.lstrip()
            if data:
                self.out.append(data)


def html_to_text(html: str) -> str:
    conv = _Converter()
    try:
        conv.feed(html)
        conv.close()
    except Exception:  # html.parser is lenient; this is a last resort
        pass
    text = "".join(conv.out)
    lines = [ln.strip() for ln in text.split("\n")]
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip() + "\n"


def sniff(data: bytes, name: str) -> bool:
    """Named .html, or markup that opens with a tag (an XML file only when JATS declined it)."""
    head = text_head(data)
    if head is None:
        return False
    ext = extension_of(name)
    return ext in EXTENSIONS or bool(HTML_TAGS.search(head)) and (is_xml(head, ext) or head.startswith("<"))


def read(data: bytes, name: str) -> Document:
    text, warnings = decode(data, label_of(name))
    return Document(format="html", text=html_to_text(text), warnings=warnings)


READER = Reader(name="html", label="HTML", extensions=EXTENSIONS, sniff=sniff, read=read, priority=50)
