"""The one place the rules ask the token labeller: entries whose title/journal boundary they could
not see, or are known to misplace.

Why only there: the rules are right on ~97 % of fields and fast; the labeller is slower and, trained on
synthetic strings, less precise overall. But where no separator marks where a title ends
("…induced by mutant p53 Oncogene 1994;9:1885") the rules leave the title or the journal empty and
put both in the other, and the labeller's reading of the whole entry's shape places that boundary.
Its answer is taken only when it re-splits the very text the rules had put in title + journal, so
it can move a boundary but never invent or drop words. Two more boundaries are checked where the
rules found both fields but a cheap test says they may be wrong (authors at a title's front; a
journal of one short word after an abbreviation's full stop); there the labeller must also be
sure (CRF marginal ≥ 0.95) of every word it moves.
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
    """The entry with the labeller's title/journal boundary where the rules were unsure (and the
    labeller's two fields together are exactly the text the rules had for one of them), or where
    they found both but misplaced the boundary in one of two known ways (_refine_sure)."""
    if not unsure(ref):
        return _refine_sure(ref)
    lab = labeller.label(ref.raw)
    title, journal = lab.first("title"), lab.first("journal")
    if not title or not journal:
        return ref
    had = _alnum(ref.title or ref.journal)
    if _alnum(title) + _alnum(journal) != had or not _plausible(title, journal):
        return ref
    return dataclasses.replace(ref, title=title, journal=journal)


_SURE = 0.95
# an ISO-4-like abbreviation: a capital, at most 7 letters, cut after a consonant ("Physiol.", "Nucl.")
_ABBREV_END = re.compile(r"\b[A-Z][a-z]{0,5}[b-df-hj-np-tv-z]\.\s*$")


def _refine_sure(ref: Reference) -> Reference:
    """Title and journal both found: two boundaries the rules are known to misplace.

    * a title that starts with the last authors ("Ropers, C.Real-time spectral…"): the labeller's
      title is the rules' title less a front the labeller reads as authors;
    * a journal cut at an abbreviation's full stop ("…collagenase. Hoppe-Seyler's Physiol" +
      "Chem"): the labeller's journal is the rules' journal with the abbreviations before it."""
    if ref.type != "journal" or not (ref.title and ref.journal) or not (ref.volume or ref.pages):
        return ref
    cut = _cut_journal(ref)
    if not (cut or _AUTHORISH.search(ref.title[:40])):
        return ref
    lab = labeller.label(ref.raw)
    title = lab.first("title")
    rt, rj = _alnum(ref.title), _alnum(ref.journal)
    jspan = next((sp for sp in lab.spans if sp.label == "journal"), None)
    if jspan and cut:
        lj = _alnum(jspan.text)
        moved = lj[: len(lj) - len(rj)]
        at = ref.raw.find(ref.journal.split()[0], jspan.start)
        # the labeller is sure of every word it moves from the title into the journal
        if lj.endswith(rj) and moved and rt.endswith(moved) and at > 0 and lab.surest(jspan.start, at) >= _SURE:
            rest = _cut_tail(ref.title, len(rt) - len(moved))
            words = re.findall(r"[^\W\d_][^\s.]*", ref.raw[jspan.start : at])
            if (
                rest and title and _alnum(title) == _alnum(rest) and _plausible(rest, jspan.text)
                and 0 < len(words) <= 3 and all(w[0].isupper() for w in words)
            ):
                return dataclasses.replace(ref, title=rest, journal=jspan.text)
    if title and _AUTHORISH.search(ref.title[:40]):
        lt = _alnum(title)
        if rt.endswith(lt) and len(lt) >= len(rt) // 2 and lt != rt and _authors_before(lab):
            return dataclasses.replace(ref, title=title)
    return ref


# initials and commas the way author lists have them: "C.", "D. R.", "S.Boissi", "W., K"
_AUTHORISH = re.compile(r"\b[A-Z]\.\s?[A-Z]?\.?\s?,|\b[A-Z]\.[A-Z][a-z]|,\s[A-Z]\.")


def _cut_journal(ref: Reference) -> bool:
    """The rules' journal looks like the tail of an abbreviated name cut at a full stop: one word,
    of at most five letters or two of at most four ("Chem", "Phys", "Vis. ScL"), after an abbreviation."""
    words = (ref.journal or "").split()
    short = 0 < len(words) <= 2 and all(len(w.strip(".")) <= (5 if len(words) == 1 else 4) for w in words)
    return short and bool(_ABBREV_END.search(_before(ref.raw, ref.journal or "")))


def _before(raw: str, field: str) -> str:
    """The raw text just before where a field's text starts (its first word)."""
    head = field.split()[0] if field.split() else field
    i = raw.rfind(head)  # the journal stands late in an entry; its first word may occur earlier
    return raw[max(0, i - 30) : i] if i > 0 else ""


def _cut_tail(text: str, keep: int) -> str:
    """The shortest front of text whose letters and digits are `keep` long, edge punctuation off."""
    n = 0
    for i, c in enumerate(text):
        if n == keep:
            return text[:i].rstrip(" .,;:-")
        n += len(_alnum(c))
    return text.rstrip(" .,;:-") if n == keep else ""


def _authors_before(lab: labeller.Labelled) -> bool:
    """The labeller put author tokens right before its title."""
    span = next((s for s in lab.spans if s.label == "title"), None)
    if span is None:
        return False
    before = [lbl for t, lbl in zip(lab.tokens, lab.labels) if t.end <= span.start]
    return "author" in before[-6:]
