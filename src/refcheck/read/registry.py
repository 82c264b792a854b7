"""The readers: one `Reader` per input format, found by looking in the `refcheck.read` package.

A new format is one new module in `refcheck/read/` that exposes

    READER = Reader(name="pdf", label="PDF with a text layer", extensions=(".pdf",),
                    sniff=sniff, read=read)

with `sniff(data: bytes, name: str) -> bool` (cheap: "is this mine?") and
`read(data: bytes, name: str) -> Document`. Nothing else is edited: `read_bytes` dispatches
through `pick`, batch's folder walk takes `extensions()`, and the CLI's help lists `labels()`.

How a reader is chosen (`pick`): first the readers that claim the input's extension, then every
reader, each group in `priority` order (lower first, then by name); the first whose `sniff` says
yes reads it. A `fallback` reader (plain text) is asked last and never on the strength of its
extension alone, since a `.txt` file may hold RIS or BibTeX.
"""

from __future__ import annotations

import importlib
import logging
import os
import pkgutil
import threading
from collections.abc import Callable
from dataclasses import dataclass

from refcheck.read.document import Document, extension_of

log = logging.getLogger(__name__)
_HERE = os.path.dirname(os.path.abspath(__file__))
_PACKAGE = __name__.rpartition(".")[0]  # refcheck.read, found without importing it
_NOT_READERS = {"core", "registry"}  # the dispatch itself


@dataclass(frozen=True)
class Reader:
    name: str  # Document.format and what reports call the format: "bibtex"
    label: str  # for people: "BibTeX"
    extensions: tuple[str, ...]  # lower case, with the dot: (".bib", ".bibtex")
    sniff: Callable[[bytes, str], bool]
    read: Callable[[bytes, str], Document]
    priority: int = 50  # among sniffs that could both say yes, lower is asked first
    fallback: bool = False  # read what no other reader claims (plain text)


_lock = threading.Lock()
_found: dict[str, Reader] | None = None
_added: dict[str, Reader] = {}


def _discover() -> dict[str, Reader]:
    """Every module of the refcheck.read package that defines READER, imported once."""
    global _found
    with _lock:
        if _found is None:
            found: dict[str, Reader] = {}
            for info in sorted(pkgutil.iter_modules([_HERE]), key=lambda i: i.name):
                if info.name.startswith("_") or info.name in _NOT_READERS:
                    continue
                try:
                    module = importlib.import_module(f"{_PACKAGE}.{info.name}")
                except ImportError as e:  # a reader whose library is missing: the others still work
                    log.warning("reader module %s not loaded: %s", info.name, e)
                    continue
                reader = getattr(module, "READER", None)
                if isinstance(reader, Reader):
                    found[reader.name] = reader
            _found = found
        return _found


def register(reader: Reader) -> Reader:
    """Add (or replace) a reader from outside the package, e.g. a test's toy format."""
    _added[reader.name] = reader
    return reader


def unregister(name: str) -> None:
    _added.pop(name, None)


def readers() -> tuple[Reader, ...]:
    """Every reader, in the order `pick` asks them."""
    every = {**_discover(), **_added}
    return tuple(sorted(every.values(), key=lambda r: (r.fallback, r.priority, r.name)))


def get(name: str) -> Reader | None:
    return {r.name: r for r in readers()}.get(name)


def extensions() -> tuple[str, ...]:
    """Every extension some reader claims, sorted: what a folder walk picks up."""
    return tuple(sorted({e.lower() for r in readers() for e in r.extensions}))


def labels() -> tuple[str, ...]:
    """The formats for help texts, in asking order with plain text last (a reader with no label,
    such as the refusals, is not a format)."""
    return tuple(r.label for r in readers() if r.label)


def pick(data: bytes, name: str = "-") -> Reader | None:
    """The reader for `data` (named `name`: a path or '-'), or None when none will take it."""
    every = readers()
    ext = extension_of(name)
    named = [r for r in every if ext and ext in r.extensions and not r.fallback]
    for reader in (*named, *every):
        try:
            if reader.sniff(data, name):
                return reader
        except Exception as e:  # a sniff that trips on odd input declines; it must not crash the run
            log.debug("reader %s: sniff failed (%s)", reader.name, type(e).__name__)
    return None
