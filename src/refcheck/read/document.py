"""What every reader returns: a `Document` (text to split, or references read from structure).

Kept apart from the dispatch (`core`) and the registry so that reader modules import only this
and never the code that chooses between them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from refcheck.model import Reference

MAX_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class Document:
    format: str  # the reader's name: text, markdown, html, docx, bibtex, ris, jats, ...
    text: str | None = None  # for text-like formats
    references: tuple[Reference, ...] | None = None  # for structured formats
    cited: frozenset[int] | None = None  # in-text markers found structurally (JATS xref)
    warnings: tuple[str, ...] = field(default=())
    parse_raw: frozenset[int] = frozenset()  # entries (by n) whose text the parser reads; their tags win


def label_of(name: str) -> str:
    """How messages name an input: its path, or 'standard input' for '-'."""
    return "standard input" if name == "-" else name


def extension_of(name: str) -> str:
    """'.bib' for 'refs.BIB'; '' for standard input or a name without one."""
    return "" if name == "-" else os.path.splitext(name)[1].lower()
