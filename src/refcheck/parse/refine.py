"""The one place the rules ask the token labeller: entries whose title/journal boundary they could
not see.

Why only there: the rules are right on ~97 % of fields and fast; the labeller is slower and, trained on
synthetic strings, less precise overall. But where no separator marks where a title ends
("…induced by mutant p53 Oncogene 1994;9:1885") the rules leave the title or the journal empty and
put both in the other, and the labeller's reading of the whole entry's shape places that boundary.
Its answer is taken only when it re-splits the very text the rules had put in title + journal, so
it can move a boundary but never invent or drop words.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata

from refcheck.model import Reference
from refcheck.parse import labeller


def _alnum(s: str | None) -> str:
    s = unicodedata.normalize("NFKD", s or "")
    return re.sub(r"[^a-z0-9]", "", "".join(c for c in s if not unicodedata.combining(c)).lower())


def unsure(ref: Reference) -> bool:
    """A journal entry with volume or pages but only one of title / journal: the boundary was not seen."""
    if ref.type != "journal" or not (ref.volume or ref.pages):
        return False
    return (ref.title is None) != (ref.journal is None)


_DANGLING = frozenset("a an the of in on for to with by from and or at as de da do das dos la le les el en et y e und der die das von für".split())


def _plausible(title: str, journal: str) -> bool:
    """A boundary a reader would accept: the journal starts with a capital (or a digit, "3 Biotech")
    and the title does not end on a word that needs a next one ("Slow waves in")."""
    first = journal.lstrip("([\"'“‘")[:1]
    last = re.findall(r"[^\W\d_]+", title.lower())
    return (first.isupper() or first.isdigit()) and not (last and last[-1] in _DANGLING)


def refine(ref: Reference) -> Reference:
    """The entry with the labeller's title/journal boundary, where the rules were unsure and the
    labeller's two fields together are exactly the text the rules had for one of them."""
    if not unsure(ref):
        return ref
    lab = labeller.label(ref.raw)
    title, journal = lab.first("title"), lab.first("journal")
    if not title or not journal:
        return ref
    had = _alnum(ref.title or ref.journal)
    if _alnum(title) + _alnum(journal) != had or not _plausible(title, journal):
        return ref
    return dataclasses.replace(ref, title=title, journal=journal)
