"""Does a cited venue (a conference, a book, a preprint server) name the record's container?

Journals are compared by `journals.same_journal` (ISO/NLM abbreviations). Conference and book
names vary more: "Proc. CVPR", "CVPR 2019", "IEEE/CVF Conference on Computer Vision and Pattern
Recognition (CVPR)". A cited venue agrees when it is an abbreviation of one of the record's
names, shares its acronym, or when its distinctive words (generic ones like "proceedings",
"conference", "annual" and years set aside) stand among the name's words.
"""

from __future__ import annotations

import re
from typing import Iterable

from ..journals import STOPWORDS, same_journal
from ..normalize import fold, strip_accents

PREPRINT_SERVERS = (
    "arxiv", "biorxiv", "medrxiv", "chemrxiv", "psyarxiv", "socarxiv", "eartharxiv", "engrxiv", "techrxiv",
    "research square", "ssrn", "preprints", "preprints org", "osf preprints", "authorea", "zenodo",
    "qeios", "sciencedirect preprints", "jmir preprints", "peerj preprints", "f1000research", "biorxiv org",
)
_GENERIC = frozenset(
    "proceedings proc conference conf international intl annual workshop symposium symp meeting congress "
    "ieee acm ieee cvf cvf usenix siam aaai springer lecture notes lncs series vol volume part th st nd rd "
    "joint in on of the and for".split()
)
_ACRONYM = re.compile(r"\b([A-Z][A-Za-z]*[A-Z][A-Za-z]*|[A-Z]{2,})\b")


def is_preprint_server(name: str | None) -> bool:
    f = fold(name)
    return bool(f) and any(f == s or f.startswith(s + " ") or s in f.split() for s in PREPRINT_SERVERS)


def _distinctive(name: str) -> set[str]:
    return {w for w in fold(name).split() if w not in _GENERIC and w not in STOPWORDS and not w.isdigit()
            and len(w) > 1}


def _acronyms(name: str) -> set[str]:
    plain = strip_accents(name)
    out = {a.lower() for a in _ACRONYM.findall(plain) if len(a) >= 2}
    words = [w for w in re.findall(r"[A-Za-z]+", plain) if w.lower() not in STOPWORDS and w.lower() not in _GENERIC]
    if len(words) >= 2:
        out.add("".join(w[0] for w in words).lower())
    return out - {"ieee", "acm", "cvf", "th", "st", "nd", "rd"}


def _spells(acronym: str, name: str) -> bool:
    """Whether a short venue name ("ICLR", "NeurIPS", "SPECOM") is spelled, in order, by the
    starts of the long name's words ("International Conference on Learning Representations",
    "Neural Information Processing Systems", "Speech and Computer"): DBLP cites venues short."""
    tokens = [t for t in re.findall(r"[A-Za-z][A-Za-z0-9]*", strip_accents(acronym))
              if t.lower() not in _GENERIC and not t.isdigit()]  # "Proc. NeurIPS 2017" → NeurIPS
    if len(tokens) != 1:
        return False
    token = tokens[0]
    if not 2 <= len(token) <= 12 or sum(c.isupper() for c in token) < 2:
        return False
    a = token.lower()
    words = [w for w in fold(name).split() if not w.isdigit()]
    if len(words) < 2 or a in words:
        return False  # one word, or the acronym itself: the other rules decide

    words = words[:40]
    seen: dict[tuple[int, int], bool] = {}  # (letters spelled, words used): at most 13 × 40 states

    def rest(i: int, j: int) -> bool:
        if i == len(a):
            return True
        if (i, j) not in seen:
            seen[i, j] = any(words[k].startswith(a[i:i + n]) and rest(i + n, k + 1)
                             for k in range(j, len(words)) for n in range(1, len(a) - i + 1))
        return seen[i, j]

    return rest(0, 0)


def venue_agrees(cited: str | None, names: Iterable[str | None]) -> bool:
    """True unless the cited venue clearly names something else than every one of `names`."""
    present = [n for n in names if n]
    if not cited or not present:
        return True
    if same_journal(cited, present):
        return True
    mine = _distinctive(cited)
    if not mine:
        return True  # "Proceedings" alone: nothing to compare
    acr = _acronyms(cited)
    for n in present:
        theirs = _distinctive(n)
        if mine <= theirs or (theirs and theirs <= mine):
            return True
        if acr & _acronyms(n):
            return True
        if _spells(n, cited) or _spells(cited, n):  # "KDD" ~ "… Knowledge Discovery and Data Mining"
            return True
        if theirs and len(mine & theirs) / len(mine | theirs) >= 0.6:
            return True
    return False
