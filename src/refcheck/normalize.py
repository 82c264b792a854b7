"""Small text normalisations shared by the parser and the verifier (no I/O, no state)."""

from __future__ import annotations

import html
import re
import unicodedata
from typing import Any

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_DASH_RE = re.compile(f"[{_DASHES}]")
_RANGE_RE = re.compile(r"^\s*([A-Za-z]*)(\d+)([A-Za-z]*)\s*-+\s*([A-Za-z]*)(\d+)([A-Za-z]*)\s*$")


def dashes(s: str) -> str:
    """Unicode dashes and minus signs → ASCII hyphen."""
    return _DASH_RE.sub("-", s)


def expand_pages(pages: str | None) -> str | None:
    """Expand an abbreviated range: '2448-50' → '2448-2450', 'e124-e32' → 'e124-e132', '181-9' → '181-189'.

    Anything that is not a simple range (an article number, 'S1-S5' stays as is) is returned with
    dashes normalised and whitespace trimmed.
    """
    if pages is None:
        return None
    p = dashes(pages).strip().rstrip(".")
    m = _RANGE_RE.match(p)
    if not m:
        return p
    pre1, first, suf1, pre2, last, suf2 = m.groups()
    if len(last) < len(first):
        last = first[: len(first) - len(last)] + last
    pre2 = pre2 or pre1
    return f"{pre1}{first}{suf1}-{pre2}{last}{suf2}"


def first_page(pages: str | None) -> str | None:
    if not pages:
        return None
    return dashes(pages).split("-")[0].strip() or None


def strip_accents(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


_NONWORD = re.compile(r"[^0-9a-z]+")
_TAG = re.compile(r"<[^>]+>")
_WS = re.compile(r"\s+")
_INITIAL_SPLIT = re.compile(r"[\s.\-]+")


def plain(text: Any) -> str | None:
    """Markup (HTML, JATS, MathML: <i>, <sup>…) dropped with its text kept, entities decoded,
    spaces collapsed; None when nothing is left. How every service's text is read."""
    if text is None:
        return None
    s = html.unescape(_TAG.sub("", str(text)))
    s = _WS.sub(" ", s).strip()
    return s or None


def strip_markup(s: str | None) -> str:
    """plain() of text whose markup may itself be entity-encoded ("&lt;i&gt;…"); "" for none."""
    if not s:
        return ""
    return plain(html.unescape(s)) or ""


def initials(given: str | None) -> str:
    """Initials from given names: "Mark R." → "MR", "Jean-Pierre" → "JP"; a lone short
    all-capital token is already initials ("MR" → "MR"). Accents are kept ("Élodie" → "É")."""
    parts = _INITIAL_SPLIT.split((given or "").strip())
    out = ""
    for p in parts:
        if not p or not p[0].isalpha():
            continue
        if p.isupper() and len(p) <= 3 and len(parts) == 1:
            out += p
        else:
            out += p[0].upper()
    return out


def person_initials(given_initials: str | None, given: str | None) -> str:
    """A person's initials: the source's own ("M.R.", "J-P" → "MR", "JP"), else from given names."""
    own = (given_initials or "").replace(".", "").replace(" ", "").replace("-", "")
    return own or initials(given)


def fold(s: str | None) -> str:
    """Case, diacritics, punctuation and spacing folded away: for comparing, never for showing."""
    if not s:
        return ""
    s = strip_accents(s).lower().replace("&", " and ")
    return _NONWORD.sub(" ", s).strip()


_DOI_PREFIX = re.compile(r"^(?:doi:\s*|https?://(?:dx\.)?doi\.org/|(?:dx\.)?doi\.org/)", re.I)


def normalize_doi(doi: str | None) -> str | None:
    """Lower-case bare DOI: prefixes ('doi:', 'https://doi.org/') and trailing punctuation removed."""
    if not doi:
        return None
    d = _DOI_PREFIX.sub("", doi.strip())
    d = d.rstrip(".,;)]>'\"")
    return d.lower() or None
