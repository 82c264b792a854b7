"""Author names reduced for comparing: initials, particles, compound surnames, diacritics,
transliterations, family/given swapped by a source, group authors."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from ..model import Person, Record, Reference
from ..normalize import fold, initials, person_initials, strip_accents
from .text import fold_name

# ----------------------------------------------------------------------------------- authors

_PARTICLES = frozenset("van von der den de del della di da dos das du la le ten ter al el bin ibn".split())
_COLLECTIVE = re.compile(
    r"\b(group|committee|consortium|organi[sz]ation|association|society|investigators|collaborat\w*|"
    r"network|team|council|institute|study|trial|working|task force|panel|foundation|world|national|"
    r"centers?|centres?|department|ministry|agency|program+e?|initiative|writing|board|college|"
    r"academy|authors|federation|alliance|office|survey|registry)\b",
    re.I,
)
_INITIALS = re.compile(r"^(?:[A-Z]\.?-?){1,4}$")


@dataclass(frozen=True)
class Author:
    """A cited or recorded author reduced for comparing."""

    family: str  # folded words joined by spaces ("al alawi")
    initials: str = ""  # upper-case letters ("AM"), may be empty
    collective: str | None = None  # the group name when a collective author
    given: str = ""  # folded given name when known (a record's), to spot family/given swapped

    @property
    def key(self) -> str:
        return self.family.replace(" ", "")

    def show(self) -> str:
        if self.collective:
            return self.collective
        return f"{self.family.title()} {self.initials}".strip()


def _initials_of(given: str | None) -> str:
    """Initials for comparing: accents folded away ("Élodie" → "E")."""
    return initials(strip_accents(given or ""))


@lru_cache(maxsize=4096)
def parse_author(s: str) -> Author:
    """'Rooney MR', 'Al Alawi AM', 'Rooney, M. R.', 'M. R. Rooney', 'PRISMA Group'."""
    s = re.sub(r"\s+", " ", s.strip().rstrip(".,;")).strip()
    if not s:
        return Author("")
    if _COLLECTIVE.search(s) and "," not in s:
        return Author(fold_name(s), "", s)
    if "," in s:
        fam, giv = s.split(",", 1)
        return Author(fold_name(fam), _initials_of(giv))
    toks = s.split(" ")
    # initials compared without their diacritics: "Ozturk Ç" has the initial C ("Öztürk Ç")
    plain = [strip_accents(t) for t in toks]
    if len(toks) > 1 and _INITIALS.match(plain[-1].replace(".", "") or "x") and plain[-1].replace(".", "").replace("-", "").isupper():
        return Author(fold_name(" ".join(toks[:-1])), plain[-1].replace(".", "").replace("-", ""))
    if len(toks) > 1 and all(_INITIALS.match(t) for t in plain[:-1]):
        return Author(fold_name(toks[-1]), "".join(t.replace(".", "").replace("-", "") for t in plain[:-1]))
    if len(toks) > 1 and toks[-1][:1].isupper() and toks[0][:1].isupper() and len(toks) <= 3:
        # "Michael Rooney" (given names first) — take the last word as family name
        return Author(fold_name(toks[-1]), "".join(t[0] for t in toks[:-1]).upper())
    return Author(fold_name(s))


@lru_cache(maxsize=8192)
def person_author(p: Person) -> Author:
    ini = person_initials(p.initials, strip_accents(p.given or ""))
    return Author(fold_name(p.family), strip_accents(ini).upper(), None, fold_name(p.given))


def _umlaut(k: str) -> str:
    """German transliteration folded: Mueller = Müller (→ muller) = Muller."""
    return k.replace("ue", "u").replace("oe", "o").replace("ae", "a")


def _swapped(a: Author, b: Author) -> bool:
    """Family and given name swapped by a source (frequent with East Asian names): cited "Dai Q"
    against a record with family "Qi", given "Dai"."""
    for x, y in ((a, b), (b, a)):
        if y.given and x.key and y.given.replace(" ", "") == x.key and x.initials[:1] == y.key[:1].upper():
            return True
    return False


def same_surname(a: Author, b: Author) -> bool:
    """'Al Alawi' = 'Al-Alawi' = 'AlAlawi'; 'Dawson Hughes' = 'Dawson-Hughes'; particles optional;
    a compound surname cited by its first part ('Cruz' for 'Cruz-Jentoft') is accepted."""
    if not a.key or not b.key:
        return False
    if a.key == b.key or _umlaut(a.key) == _umlaut(b.key):
        return True
    if _swapped(a, b):
        return True
    wa, wb = a.family.split(), b.family.split()
    short, long_ = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    n = len(short)
    if long_[-n:] == short and all(w in _PARTICLES for w in long_[:-n]):
        return True
    if long_[:n] == short and len(short[0]) > 2:
        return True
    return False


def initials_agree(a: Author, b: Author) -> bool:
    """First initials equal when both are known ('MR' vs 'M' is fine)."""
    return not a.initials or not b.initials or a.initials[0] == b.initials[0] or _swapped(a, b)


def same_collective(a: str, b: str) -> bool:
    fa, fb = fold(a), fold(b)
    return bool(fa and fb) and (fa == fb or fuzz.token_set_ratio(fa, fb) >= 88)


def cited_authors(ref: Reference) -> list[Author]:
    return [a for a in (parse_author(s) for s in ref.authors) if a.family]


def record_authors(rec: Record) -> list[Author]:
    return [person_author(p) for p in rec.authors if p.family]


def author_similarity(ref: Reference, rec: Record) -> float | None:
    cited = cited_authors(ref)
    recorded = record_authors(rec)
    if not cited or (not recorded and not rec.collective):
        return None
    first = cited[0]
    if first.collective:
        if any(same_collective(first.collective, c) for c in rec.collective):
            f = 1.0
        elif recorded and same_surname(parse_author(first.collective), recorded[0]):
            f = 1.0
        else:
            f = 0.3 if not rec.collective else 0.0
    elif not recorded:
        f = 0.3
    elif same_surname(first, recorded[0]):
        f = 1.0 if initials_agree(first, recorded[0]) else 0.8
    elif any(same_surname(first, r) for r in recorded[1:]):
        f = 0.5
    else:
        f = 0.5 * fuzz.ratio(first.key, recorded[0].key) / 100
    rest = [a for a in cited[1:] if not a.collective]
    if not rest or not recorded:
        return f
    found = sum(1 for a in rest if any(same_surname(a, r) for r in recorded))
    return 0.6 * f + 0.4 * found / len(rest)

