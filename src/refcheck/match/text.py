"""Titles and names folded for comparing: markup, case, punctuation, diacritics, spelling variants."""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz

from ..normalize import fold, strip_markup
from ..spelling import spelling_key

_GREEK = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "κ": "kappa",
    "λ": "lambda", "μ": "mu", "µ": "mu", "ω": "omega", "σ": "sigma", "τ": "tau", "θ": "theta",
    "Α": "alpha", "Β": "beta", "Γ": "gamma", "Δ": "delta", "Ω": "omega",
}
_GREEK_RE = re.compile("|".join(map(re.escape, _GREEK)))


# Letters that Unicode decomposition leaves alone, so that fold() would drop them.
_LETTERS = str.maketrans({"ß": "ss", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
                          "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "þ": "th", "ı": "i"})


def fold_name(s: str | None) -> str:
    """fold() that keeps ß, ø, æ, ł... as their ASCII spellings."""
    return fold((s or "").translate(_LETTERS))


@lru_cache(maxsize=4096)
def title_key(s: str | None) -> str:
    """A title folded for comparing: markup, case, punctuation, diacritics, spelling variants,
    PubMed's [brackets] around translated titles."""
    s = strip_markup(s)
    if s.startswith("[") and s.rstrip(". ").endswith("]"):
        s = s.strip().rstrip(".").strip("[]")
    s = _GREEK_RE.sub(lambda m: f" {_GREEK[m.group()]} ", s)
    return spelling_key(s.translate(_LETTERS))


def title_similarity(a: str | None, b: str | None) -> float:
    ka, kb = title_key(a), title_key(b)
    if not ka or not kb:
        return 0.0
    if ka == kb or ka.replace(" ", "") == kb.replace(" ", ""):
        return 1.0
    return (fuzz.token_set_ratio(ka, kb) + fuzz.ratio(ka, kb)) / 200

