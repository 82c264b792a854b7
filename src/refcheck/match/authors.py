"""Every cited author against the record's author list, read from the entry's own words.

The names are taken from the raw text before the title (see `raw.author_segment`), so a parser
that cut the author list wrongly ("Uwitonze A.M., Razzaque M.S.", "Zhu, W., et al.", APA names
before an NLM journal part) cannot make a name look foreign. Each record author is looked for
among those words (diacritics folded, particles optional, compound and hyphenated surnames,
German transliteration, given/family swapped by a source); what is left over, once initials,
given names and joining words are set aside, is a name the record does not hold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Record, Reference
from ..normalize import strip_accents
from .names import _COLLECTIVE, _PARTICLES, _umlaut, same_collective
from .raw import author_segment
from .text import fold_name

_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*", re.U)
_JOINERS = frozenset(
    "et al and und y e en og och i the of on behalf for with eds ed editor editors editor(s) jr sr ii iii iv "
    "others anonymous coll hrsg dir coord comp trans".split()
)
_ET_AL = re.compile(r"\bet\.?\s*al\b|\.\.\.|…|\band others\b|\bet coll\b|\bu\.\s*a\.", re.I)


@dataclass(frozen=True)
class AuthorCheck:
    """What the entry's author list shows against the record's."""

    unknown: tuple[str, ...] = ()  # cited names the record does not hold
    out_of_order: bool = False  # the record's authors cited in another order
    omitted: tuple[str, ...] = ()  # record authors left out with no "et al." (only when none unknown)
    cited_count: int = 0  # record authors found among the cited names
    read: bool = False  # a list of names was found to compare
    first_at: int = 0  # 1-based place in the record of the first cited author found (0: none)


@dataclass(frozen=True)
class _Tok:
    key: str
    text: str
    start: int = 0
    end: int = 0


def _tokens(segment: str) -> list[_Tok]:
    out = []
    for m in _TOKEN.finditer(segment):
        t = m.group()
        out.append(_Tok(fold_name(t).replace(" ", ""), t, m.start(), m.end()))
    return out


def _is_initial(t: _Tok) -> bool:
    p = strip_accents(t.text)
    return len(p) == 1 or (len(p) <= 3 and p.isupper())


def _family_runs(family: str) -> list[list[str]]:
    """Ways a recorded family name may stand among the cited words, as runs of folded words."""
    parts = fold_name(family).split()
    if not parts:
        return []
    runs = [parts]
    core = [w for w in parts if w not in _PARTICLES]
    if core and core != parts:
        runs.append(core)
    if len(parts) > 1 and len(parts[0]) > 2 and parts[0] not in _PARTICLES:
        runs.append(parts[:1])  # a compound surname cited by its first part ("Cruz" for "Cruz-Jentoft")
    return runs


def _matches_at(keys: list[str], i: int, runs: list[list[str]]) -> int:
    """Length of the run of cited words at i that spells the family name (0 if none)."""
    for run in runs:
        n = len(run)
        if keys[i : i + n] == run:
            return n
        joined = "".join(run)
        for k in (1, 2, 3):  # "AlAlawi" = "Al Alawi"; "Dawson Hughes" = "Dawson-Hughes"
            if "".join(keys[i : i + k]) == joined or _umlaut("".join(keys[i : i + k])) == _umlaut(joined):
                if i + k <= len(keys):
                    return k
    return 0


def check_authors(ref: Reference, rec: Record) -> AuthorCheck:
    """The cited author list (from the raw text where it can be found) against the record's."""
    persons = [p for p in rec.authors if p.family]
    if not persons:
        return AuthorCheck()
    segment = author_segment(ref.raw or "", rec.title, ref.title)
    if segment is None or not _TOKEN.search(segment):
        if not ref.authors:
            return AuthorCheck()
        segment = ", ".join(ref.authors) + (", et al." if ref.et_al else "")
    et_al = ref.et_al or bool(_ET_AL.search(segment))
    toks = _tokens(segment)
    keys = [t.key for t in toks]
    used = [False] * len(toks)
    found: list[tuple[int, int]] = []  # (position among cited words, record index)
    for ri, p in enumerate(persons):
        runs = _family_runs(p.family)
        hit = None
        for i in range(len(toks)):
            if used[i] or _is_initial(toks[i]):
                continue
            n = _matches_at(keys, i, runs)
            if n:
                hit = (i, n)
                break
        if hit is None:  # a short surname in capitals ("DAI, Q." in ABNT) looks like initials
            fam = fold_name(p.family).replace(" ", "")
            for i, t in enumerate(toks):
                if (not used[i] and _is_initial(t) and len(t.text) > 1 and t.key == fam
                        and re.match(r"\s*,", segment[t.end:])):
                    hit = (i, 1)
                    break
        if hit is None and p.given:  # a source that swapped family and given names ("Dai Q" / Qi, Dai)
            g = fold_name(p.given).split()
            for i in range(len(toks)):
                if not used[i] and g and keys[i : i + len(g)] == g and not _is_initial(toks[i]):
                    hit = (i, len(g))
                    break
        if hit is not None:
            i, n = hit
            for k in range(i, i + n):
                used[k] = True
            found.append((i, ri))
    # given names of the record's authors, particles, initials and joining words explain the rest
    given = {w for p in persons for w in fold_name(p.given).split()}
    collective_words = {w for c in rec.collective for w in fold_name(c).split()}
    groups: list[list[_Tok]] = []
    current: list[_Tok] = []
    for i, t in enumerate(toks):
        if current and re.search(r"[,;&]", segment[toks[i - 1].end : t.start]):
            groups.append(current)  # a separator ends a name
            current = []
        explained = (used[i] or _is_initial(t) or t.key in given or t.key in _JOINERS or t.key in _PARTICLES
                     or t.key in collective_words or t.text.islower())
        if explained:
            if current:
                if _is_initial(t) and not used[i]:
                    current.append(t)  # the name's initials, shown with it
                    continue
                groups.append(current)
                current = []
            continue
        current.append(t)
    if current:
        groups.append(current)
    unknown = []
    for grp in groups:
        name = " ".join(t.text for t in grp)
        if all(_is_initial(t) for t in grp[1:]) and len(grp) > 1:
            name = grp[0].text + " " + "".join(t.text for t in grp[1:])
        if _COLLECTIVE.search(name) or any(same_collective(name, c) for c in rec.collective):
            continue
        unknown.append(name)
    # a group name spans several words ("American Heart Association Nutrition Committee")
    unknown = [u for u in unknown if not _in_collective(segment, u)]
    order = [ri for _, ri in sorted(found)]
    out_of_order = order != sorted(order)
    first_at = order[0] + 1 if order else 0
    omitted: tuple[str, ...] = ()
    if found and not et_al and not unknown and len(found) < len(persons):
        cited_idx = {ri for _, ri in found}
        omitted = tuple(f"{p.family} {p.initials or ''}".strip() for ri, p in enumerate(persons) if ri not in cited_idx)
    return AuthorCheck(tuple(unknown), out_of_order, omitted, len(found), read=bool(toks), first_at=first_at)


def _in_collective(segment: str, name: str) -> bool:
    """`name` stands inside a group author's name ("American Heart Association Nutrition Committee")."""
    for part in re.split(r"[;,]", segment):
        if name in part and _COLLECTIVE.search(part):
            return True
    return False
