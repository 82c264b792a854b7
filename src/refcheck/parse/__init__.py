"""Text → reference entries, their fields, and the article's in-text citations.

Public API (what the CLI and the pipeline call):

* ``parse_path(path)``  – a path, or "-" for standard input → ParsedDocument (raises InputError)
* ``parse_text(text, source="-", fmt=None)`` – already-decoded text → ParsedDocument
* ``parse_entry(raw, n)`` – one entry string → Reference
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from refcheck.errors import InputError
from refcheck.model import Citations, ParsedDocument
from refcheck.parse.authordate import match as match_author_date
from refcheck.parse.citations import find_cited
from refcheck.parse.fields import parse_entry as _parse_by_rules
from refcheck.parse.refine import refine
from refcheck.parse.split import find_section, split_entries

if TYPE_CHECKING:
    from refcheck.model import Reference
    from refcheck.read.document import Document

__all__ = ["parse_path", "parse_text", "parse_entry", "parse_document"]


def parse_entry(raw: str, n: int, line: int | None = None) -> Reference:
    """One entry → Reference: the rules, then the token labeller where they were unsure (refine.py).
    Never raises on any text; a missing or damaged labeller model raises ModelError."""
    return refine(_parse_by_rules(raw, n, line))


def parse_path(path: str) -> ParsedDocument:
    from refcheck.read import read_path

    return parse_document(read_path(path), path)


def parse_document(doc: Document, source: str) -> ParsedDocument:
    """A refcheck.read.Document → ParsedDocument."""
    if doc.references is not None:
        references = doc.references
        if doc.parse_raw:
            references = tuple(_fill_from_raw(r) if r.n in doc.parse_raw else r for r in references)
        cits = None
        if doc.cited:
            listed = {r.n for r in references}
            cits = _citations(set(doc.cited), listed)
        return ParsedDocument(
            source=source, references=references, citations=cits, format=doc.format, warnings=doc.warnings
        )
    pd = _parse_plain(doc.text or "", source, doc.format)
    if doc.warnings:
        pd = ParsedDocument(
            source=pd.source,
            references=pd.references,
            citations=pd.citations,
            format=pd.format,
            warnings=tuple(doc.warnings) + pd.warnings,
        )
    return pd


def parse_text(text: str, source: str = "-", fmt: str | None = None) -> ParsedDocument:
    """Parse decoded text. fmt None = detect (structured formats are handed to their readers)."""
    if fmt is None:
        from refcheck.read import detect_format

        fmt = detect_format(text, source)
    if fmt in ("bibtex", "ris", "jats", "html"):
        from refcheck.read import read_bytes

        return parse_document(read_bytes(text.encode("utf-8"), _with_ext(source, fmt)), source)
    return _parse_plain(text, source, fmt)


def _parse_plain(text: str, source: str, fmt: str) -> ParsedDocument:
    """Text (plain, Markdown, or converted from HTML/DOCX) → entries and citations."""
    label = "standard input" if source == "-" else source
    if not text.strip():
        raise InputError(f"{label}: empty input")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    sec = find_section(text)
    if sec is not None:
        body = text[: sec.body_end]
        section = text[sec.start : sec.end]
        base_line = text.count("\n", 0, sec.start) + 1
        entries = split_entries(section, base_line)
        is_article = bool(body.strip())
    else:
        body = ""
        entries = split_entries(text, 1)
        is_article = False
        # a bare list: at least one entry must look like a reference
        if not any(_looks_like_reference(e.raw) for e in entries):
            raise InputError(f"{label}: no reference list found")
    if not entries:
        raise InputError(f"{label}: no reference list found")
    refs = tuple(parse_entry(e.raw, e.n, e.line) for e in entries)
    cits = None
    warnings: tuple[str, ...] = ()
    if is_article:
        cited = find_cited(body)
        listed = {r.n for r in refs}
        # an author-date article (APA, Harvard): its citations name authors and years
        by_name, unmatched = match_author_date(body, refs)
        if len(by_name) > len(cited & listed):
            extra = {t: max(listed, default=0) + i for i, t in enumerate(unmatched, start=1)}
            cited = by_name | set(extra.values())
            if extra:
                warnings = (f"{label}: cited but not in the list: " + "; ".join(f"{t} (as {n})" for t, n in extra.items()),)
        if cited:
            cits = _citations(cited, listed)
    return ParsedDocument(source=source, references=refs, citations=cits, format=fmt, warnings=warnings)


_FILLED = ("authors", "et_al", "title", "journal", "year", "month", "day", "epub", "volume", "issue", "pages", "doi", "pmid", "url", "accessed", "publisher")


def _fill_from_raw(ref):
    """A JATS <mixed-citation> tags some fields or none ("plain text with punctuation"): the
    parser reads its text, and what the tags say wins where they say it."""
    parsed = parse_entry(ref.raw, ref.n, ref.line)
    keep = {k: getattr(ref, k) for k in _FILLED if getattr(ref, k) not in (None, (), False)}
    if ref.type == "journal" and parsed.type != "journal" and not (ref.title or ref.journal):
        keep.pop("type", None)
    else:
        keep["type"] = ref.type
    return dataclasses.replace(parsed, **keep, pmcid=ref.pmcid or parsed.pmcid)


def _with_ext(source: str, fmt: str) -> str:
    ext = {"bibtex": ".bib", "ris": ".ris", "jats": ".xml", "html": ".html"}[fmt]
    return (source if source != "-" else "input") + ext


def _citations(cited: set[int], listed: set[int]) -> Citations:
    return Citations(
        cited=tuple(sorted(cited)),
        cited_not_listed=tuple(sorted(cited - listed)),
        listed_not_cited=tuple(sorted(listed - cited)),
    )


import re as _re  # noqa: E402

_REFLIKE = _re.compile(r"\b(?:1[5-9]|20)\d\d\b|\bdoi\b|10\.\d{4,9}/|https?://|\bPMID\b", _re.I)


def _looks_like_reference(raw: str) -> bool:
    return bool(_REFLIKE.search(raw))
