"""Second look at where a title ends and its journal begins, once a reading is done.

The grammars cut title from journal at a full stop or a comma. Three printed shapes defeat that
cut, and each is repaired here from the words themselves:

* an abbreviated journal cut at its own full stops: title "…fuscus, J. Exp", journal "Biol";
* no mark at all between the two: "…by mutant p53 Oncogene 1994; 9:1885", "…in Lakes Environ Sci
  Technol 39: 3656" — the journal is the run of journal words closing the title;
* "Authors, Title, Journal, 2(11), 559" read as one journal with commas in it.

Each repair needs a source (volume or pages) to have been read, so books and web pages are left
as they are; each keeps at least three words of title.
"""

from __future__ import annotations

import re

from refcheck.parse.journal_words import (
    ABBREVIATIONS,
    MULTIWORD_PLACES,
    PLACES,
    SINGLE_WORD_JOURNALS,
    is_abbreviation,
    is_journal_word,
)

_WORD = re.compile(r"[^\s.]+\.?")
_STARTS_JOURNAL = re.compile(
    r"^(?:The\s+)?(?:Journal|Revista|Proceedings|Annals|Annales|Bulletin|Transactions|Acta|Archives|Archivos"
    r"|Zeitschrift|Cadernos|Reviews?|International|American|European|British)\b"
)
_PUBLISHER_PART = re.compile(r"\b(?:University Press|Press|Publishing|Publishers|Verlag|Editora|Éditions)\b")
_COLLABORATION = re.compile(r"^[\w.&' -]{1,40}\s(?:Collaboration|Consortium|Collaborative Group)$")
_CONJ_START = re.compile(r"^(?:and|&|und|e|et|y)\s")
_CAP_PIECE = re.compile(r"^(?:The\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?$")


def repair(f: dict, s: str) -> None:
    """Move the title/journal boundary of a finished reading `f` of entry text `s`, where it is plainly wrong."""
    if not (f.get("volume") or f.get("pages")):
        return
    _move_boundary(f, s)
    jour = f.get("journal")
    if jour and (", " in jour or ". " in jour):
        f["journal"] = _drop_place_or_publisher(jour)
    title = f.get("title")
    if title and _COLLABORATION.match(title) and not f.get("authors"):
        f["authors"], f["title"] = (title,), None  # "ATLAS Collaboration, Eur. Phys. J. C 77": the author


def _drop_place_or_publisher(jour: str) -> str:
    """'Estudos da Linguagem. Belo Horizonte' → 'Estudos da Linguagem'; 'Mind, New Series, Oxford
    University Press' → 'Mind, New Series': a city or a publisher after the name is not the name."""
    cut = max(jour.rfind(", "), jour.rfind(". "))
    head, last = jour[:cut].strip(), jour[cut + 2 :].strip()
    if not head or head.split()[-1].rstrip(".") in ABBREVIATIONS:
        return jour  # "Cad. Saúde Pública": an abbreviated name, not a name and a place
    if last in PLACES or last in MULTIWORD_PLACES or _PUBLISHER_PART.search(last):
        return head.rstrip(".,")
    return jour


def _move_boundary(f: dict, s: str) -> None:
    title, jour = f.get("title"), f.get("journal")
    if title and jour and _STARTS_JOURNAL.match(title) and len(title.split()) <= 8 and f"{title}, {jour}" in s:
        f["title"], f["journal"] = None, f"{title}, {jour}"  # "Journal of the Chemical Society, Chemical Communications"
    elif title and jour:
        cut = _abbreviated_tail(title)
        if cut is not None and not jour[:1].islower() and len(jour.split()) <= 8:
            f["title"] = _strip(title[:cut])
            f["journal"] = title[cut:].strip().rstrip(".") + ". " + jour
    elif title and not jour:
        cut = _journal_run(title)
        if cut is not None:
            f["title"], f["journal"] = _strip(title[:cut]), _strip(title[cut:])
    elif jour and not title:
        t, j = _comma_split(jour) if ", " in jour else (None, None)
        if t and j:
            f["title"], f["journal"] = t, j
            return
        cut = _journal_run(jour) if len(jour.split()) >= 6 else None
        if cut is not None:
            f["title"], f["journal"] = _strip(jour[:cut]), _strip(jour[cut:])


def _abbreviated_tail(title: str) -> int | None:
    """Offset of a run of 1–3 journal abbreviations closing `title` ("…fuscus, J. Exp")."""
    words = list(_WORD.finditer(title))
    n = len(words)
    k = n
    while k > 0 and n - k < 3 and is_abbreviation(words[k - 1].group(0)):
        k -= 1
    if k < n and _name_opens(title, words, k):
        return words[k - 1].start()  # "…collagenase. Hoppe-Seyler's Z. Physiol": a name word opens the journal
    k0 = k
    # "Hepatitis B", "Vitamin D", "X N.": a letter alone is no journal's first word
    while k < n and len(words[k].group(0).rstrip(".")) == 1 and words[k].group(0)[0] != "J":
        k += 1
    if k == n:
        k = k0  # only letters: a journal only after a name word opening it ("Hoppe-Seyler's Z")
        if k == n or not _name_opens(title, words, k):
            return None
        return words[k - 1].start()
    if k == 0:
        return None
    before = title[: words[k].start()].rstrip()
    if before.endswith((",", ".")) or (words[k - 1].group(0).isupper() and len(words[k - 1].group(0)) > 3):
        return words[k].start()  # the run stands apart: after a mark, or after a word in capitals
    if _name_opens(title, words, k):
        return words[k - 1].start()  # "…collagenase. Hoppe-Seyler's Physiol"
    j = k
    while j > 0 and is_journal_word(words[j - 1].group(0)) and not words[j - 1].group(0)[:1].islower():
        j -= 1  # "…a pilot trial Health Educ": whole journal words before the abbreviations
    if j < k and j > 0 and words[j - 1].group(0)[:1].islower() and j >= 3:
        return words[j].start()
    return None


def _name_opens(title: str, words: list[re.Match], k: int) -> bool:
    """The word before `words[k]` is a capitalised name just after a full stop."""
    if k < 2:
        return False
    prev = words[k - 1].group(0)
    return prev[:1].isupper() and not prev.isupper() and title[: words[k - 1].start()].rstrip().endswith(".")


def _journal_run(text: str) -> int | None:
    """Offset of the journal closing `text` when nothing marks it off ("…mutant p53 Oncogene")."""
    words = list(_WORD.finditer(text))
    if len(words) < 4:
        return None
    last = words[-1].group(0).rstrip(".,")
    k = len(words)
    while k > 0 and is_journal_word(words[k - 1].group(0)):
        k -= 1
    run = [w.group(0).rstrip(".,") for w in words[k:]]
    if not run:
        if last not in SINGLE_WORD_JOURNALS:
            return None
        k, run = len(words) - 1, [last]
    abbrs = sum(is_abbreviation(w) for w in run)
    prev = words[k - 1].group(0) if k > 0 else ""
    sentence_case = bool(prev) and (prev[:1].islower() or prev[:1].isdigit() or any(c.isdigit() for c in prev))
    if len(run) == 1:
        ok = sentence_case and (abbrs == 1 and len(run[0]) > 1 or run[0] in SINGLE_WORD_JOURNALS)
    else:
        ok = abbrs >= 2 or (abbrs >= 1 and sentence_case)
    if not ok or k < 3 or run[0][:1].islower():
        return None
    if text[: words[k].start()].rstrip().endswith((".", ",", ":", ";")):
        return None  # a mark was there: the grammars' cut stands
    return words[k].start()


def _comma_split(jour: str) -> tuple[str | None, str | None]:
    """'Title words, The London, Edinburgh, and Dublin Philosophical Magazine' → title, journal."""
    parts = [p.strip() for p in jour.split(", ")]
    j = len(parts) - 1
    if _CONJ_START.match(parts[j]):
        # a journal naming a list: take in its 1–2-word items ("Edinburgh", "The London")
        n = 0
        while j > 1 and n < 3 and _CAP_PIECE.match(parts[j - 1]):
            j -= 1
            n += 1
    right = ", ".join(parts[j:])
    left = ", ".join(parts[:j])
    if not left or len(left.split()) < 3 or len(right.split()) > 12 or not right[:1].isupper():
        return None, None
    if _STARTS_JOURNAL.match(left) and not _STARTS_JOURNAL.match(right):
        return None, None  # "Journal of the Chemical Society, Chemical Communications": one journal
    return _strip(left), _strip(right)


def _strip(s: str | None) -> str | None:
    if s is None:
        return None
    s = s.strip().strip(",;:").strip()
    if s.endswith(".") and not s.endswith(".."):
        s = s[:-1].strip()
    return s or None
