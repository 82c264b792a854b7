"""Does a cited journal name the journal a record is in? Full titles, ISO/NLM abbreviations.

A cited "Am J Clin Nutr" names "The American journal of clinical nutrition" when, after dropping
stopwords, each abbreviation word stands for the title word in the same place: it is a prefix of
it ("Nutr" → "nutrition"), or, as ISO 4 (LTWA) contractions do, keeps its first letter and a
subsequence of the rest ("Natl" → "national", "Dtsch" → "deutsche"). Parenthesised qualifiers
("(Baltimore, Md. : 1950)") and a leading acronym before a subtitle ("JPMA. The journal of …")
are ignored.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

from rapidfuzz import fuzz

from .normalize import fold, strip_accents

STOPWORDS = frozenset(
    # English ("a" is kept: it is the "A" of "U S A"), then French, Spanish, Italian, German...
    "the of and for in on an at to by with from "
    "de la le les des du et di del della y e i da do dos das der die und fur".split()
)

# LTWA abbreviations that are neither prefixes nor first-letter subsequences of the word.
_SPECIAL = {
    "jpn": ("japan", "japanese"),
    "zh": ("zhonghua",),
    "zhongguo": ("zhongguo",),
}

_PARENS = re.compile(r"\([^)]*\)|\[[^\]]*\]")


def _words(name: str) -> list[str]:
    s = _PARENS.sub(" ", strip_accents(name))
    return [w for w in fold(s).split() if w not in STOPWORDS]


def _variants(title: str) -> list[list[str]]:
    """The title's word lists: whole, and around a subtitle separator (': ' or '. ')."""
    out = [_words(title)]
    parts = re.split(r"\s*[:.=]\s+|\s+-\s+", _PARENS.sub(" ", title))
    if len(parts) > 1:
        for p in parts:
            w = _words(p)
            if w and w not in out:
                out.append(w)
    return out


def _stands_for(abbr: str, word: str) -> bool:
    if abbr == word or word.startswith(abbr):
        return True
    if abbr in _SPECIAL and word in _SPECIAL[abbr]:
        return True
    if len(abbr) >= 4 and abbr[0] == word[0] and len(abbr) < len(word):
        it = iter(word[1:])
        return all(c in it for c in abbr[1:])
    return False


def _abbreviates(abbr: list[str], title: list[str]) -> bool:
    """Each abbreviation word stands for the title word in the same place, all consumed.

    An abbreviation word may also be the concatenated initials of several title words
    ("jama" for "journal american medical association" is not required, but "usa" → "u s a").
    """
    if not abbr or not title:
        return False
    i = j = 0
    while i < len(abbr) and j < len(title):
        a, t = abbr[i], title[j]
        if _stands_for(a, t):
            i += 1
            j += 1
            continue
        # "usa" ↔ "united states america", "u s a" ↔ "usa"
        k = len(a)
        if k >= 2 and j + k <= len(title) and all(title[j + m][0] == a[m] for m in range(k)):
            i += 1
            j += k
            continue
        return False
    return i == len(abbr) and j == len(title)


def same_journal(cited: str | None, names: Iterable[str | None]) -> bool:
    """True if the cited journal names any of `names` (full title, ISO, NLM, short titles)."""
    if not cited:
        return False
    return any(_same_one(cited, n) for n in names if n)


@lru_cache(maxsize=8192)
def _same_one(cited: str, name: str) -> bool:
    c = _words(cited)
    cj = "".join(c)
    for t in _variants(name):
        if c == t or (cj and cj == "".join(t)):
            return True
        if _abbreviates(c, t) or _abbreviates(t, c):
            return True
    return False


def journal_similarity(cited: str | None, names: Iterable[str | None]) -> float:
    """0..1: 1 when `same_journal`, otherwise a fuzzy ratio (damped: near names are not a match)."""
    names = [n for n in names if n]
    if not cited or not names:
        return 0.0
    if same_journal(cited, names):
        return 1.0
    c = " ".join(_words(cited))
    best = max(fuzz.token_sort_ratio(c, " ".join(_words(n or ""))) for n in names) / 100
    return 0.6 * best
