"""Candidate works ranked for one entry: confidence (the bibliographic score raised when a cited
identifier names the work), the best one, its runners-up, and whether two works tie (`ambiguous`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Sequence

from ..model import Match, Record, Reference
from ..normalize import fold, normalize_doi
from .compare import Scored, score
from .raw import shows_title
from .text import title_key
from .merge import _source_rank, group, merge, sources_of

# Below this a best candidate does not identify the entry (→ not-found / unavailable / not-indexed).
# 0.55 sits above what a *different* paper by the same first author in the same journal and year
# reaches (authors + year + journal ≈ 0.40-0.52 with a dissimilar title) and below what the right
# paper reaches with one badly wrong field (a fabricated title with everything else right ≈ 0.7;
# right title + first author with wrong year/journal/volume/pages ≈ 0.65).
MATCH_THRESHOLD = 0.55
# At or above this the record *is* the work: near-equal title, first author, and year or
# journal/volume/page agree. Between MATCH_THRESHOLD and CONFIDENT: "probably, with differences".
CONFIDENT = 0.80
# Two different works whose confidences are this close (both above MATCH_THRESHOLD) cannot be
# told apart by the entry: `ambiguous`. 0.03 ≈ one small field (volume) half-agreeing.
AMBIGUITY_MARGIN = 0.03
# A cited DOI/PMID that names a candidate counts as strong evidence when the rest of the entry at
# least roughly fits it (bibliographic score ≥ this): confidence moves 60 % of the way to 1. Below
# it, the identifier names another work (doi-mismatch / pmid-mismatch).
ID_SUPPORT_FLOOR = 0.35
ID_BONUS = 0.6
# Below this share of shared title words the cited title is another paper's (unrelated titles share
# 0-0.3; one changed word in five leaves 0.8; a dropped subtitle or authors cut into it leave 1).
TITLE_FLOOR = 0.5


@dataclass(frozen=True)
class Choice:
    best: Match | None
    runners: tuple[Match, ...] = ()
    ambiguous: bool = False


@dataclass(frozen=True)
class Ranked:
    """One candidate work, as `choose` and the verifier see it."""

    record: Record  # merged
    sources: tuple[str, ...]
    bib: float  # score(ref, record).total: the entry without identifiers
    confidence: float  # bib, raised when a cited identifier names this work
    doi_named: bool  # the cited DOI names this work
    pmid_named: bool
    title_rejected: bool = False  # the titles disagree and nothing else vouches for the work

    def match(self) -> Match:
        return Match(self.record, round(self.confidence, 4), self.sources)


def cites_notice(ref: Reference) -> bool:
    """The entry cites a notice (its title starts 'Retraction: …', 'Erratum …')."""
    t = fold(ref.title)
    return bool(re.match(r"(retraction|retracted|withdrawn|withdrawal|erratum|correction|corrigendum|"
                         r"expression of concern|notice of)", t))


_STOP = frozenset("the a an of and in on for to with at by from or as is are its their into after".split())


def title_overlap(a: str | None, b: str | None) -> float:
    """Share of the shorter title's significant words found in the other (0..1): a title with a
    word changed or a subtitle dropped keeps most; another paper's title shares one or two."""
    wa = {w for w in title_key(a).split() if len(w) > 2 and w not in _STOP}
    wb = {w for w in title_key(b).split() if len(w) > 2 and w not in _STOP}
    if not wa or not wb:
        return 1.0
    return len(wa & wb) / min(len(wa), len(wb))


def title_disagrees(ref: Reference, rec: Record, scored: Scored) -> bool:
    """A candidate whose title disagrees with the cited one is not the cited work, whatever
    identifier or journal it shares (a fabrication carrying a real PMID), unless the rest of the
    entry vouches for it: first authors, year, and two of journal / volume / pages all agree
    (then the title itself was miscited: `title-mismatch`)."""
    if not ref.title or not rec.title or cites_notice(ref):
        return False
    if title_overlap(ref.title, rec.title) >= TITLE_FLOOR or shows_title(ref.raw, rec.title):
        return False
    p = scored.parts
    others = sum(1 for k in ("journal", "volume", "pages") if p.get(k, 0) >= 0.99)
    return not (p.get("authors", 0) >= 0.8 and p.get("year", 0) >= 0.99 and others >= 2)


def rank(ref: Reference, candidates: Iterable[Record]) -> list[Ranked]:
    """Candidate works, best first."""
    cdoi = normalize_doi(ref.doi)
    cpmid = (ref.pmid or "").strip() or None
    out = []
    for g in group(candidates):
        g = sorted(g, key=lambda r: _source_rank(r.source))
        rec = merge(g)
        scored = score(ref, rec)
        bib = scored.total
        doi_named = bool(cdoi) and any(normalize_doi(r.doi) == cdoi for r in g)
        pmid_named = bool(cpmid) and any((r.pmid or "").strip() == cpmid for r in g)
        rejected = title_disagrees(ref, rec, scored)
        conf = bib
        if (doi_named or pmid_named) and bib >= ID_SUPPORT_FLOOR and not rejected:
            conf = bib + (1 - bib) * ID_BONUS
        if rejected:
            conf = min(conf, MATCH_THRESHOLD - 0.01)
        if rec.is_notice and not cites_notice(ref):
            conf *= 0.9  # the entry cites the work, not the notice about it
        out.append(Ranked(rec, sources_of(g), bib, round(conf, 4), doi_named, pmid_named, rejected))
    out.sort(key=lambda r: (-r.confidence, -(r.doi_named or r.pmid_named), -r.bib))
    return out


def _related(a: Record, b: Record) -> bool:
    """One is a notice about the other, or a preprint/other version of it."""
    ida = {normalize_doi(a.doi), a.pmid} - {None, ""}
    idb = {normalize_doi(b.doi), b.pmid} - {None, ""}
    notes_a = {normalize_doi(x) or x for x in a.notice_of}
    notes_b = {normalize_doi(x) or x for x in b.notice_of}
    if notes_a & idb or notes_b & ida:
        return True
    # one retracted (or corrected) and republished as the other
    repl_a = {normalize_doi(x) or x for u in a.updates for x in (u.replacement_doi, u.replacement_pmid) if x}
    repl_b = {normalize_doi(x) or x for u in b.updates for x in (u.replacement_doi, u.replacement_pmid) if x}
    if repl_a & idb or repl_b & ida:
        return True
    kinds = {a.type, b.type}
    if "posted-content" in kinds and len(kinds) > 1:
        return True
    return False


def ambiguous_pair(ranked: Sequence[Ranked]) -> bool:
    if len(ranked) < 2:
        return False
    a, b = ranked[0], ranked[1]
    if (a.doi_named or a.pmid_named) and not (b.doi_named or b.pmid_named):
        return False  # the cited identifier tells them apart
    return (
        b.confidence >= MATCH_THRESHOLD
        and a.confidence - b.confidence <= AMBIGUITY_MARGIN
        and not _related(a.record, b.record)
    )


def choose(ref: Reference, candidates: Iterable[Record]) -> Choice:
    """The best candidate work (merged over sources), the runners-up, and whether it is ambiguous.

    `best` is None when no candidate reaches MATCH_THRESHOLD; runners are the other candidates,
    best first (at most 5), for the verifier's messages.
    """
    ranked = rank(ref, candidates)
    if not ranked:
        return Choice(None, (), False)
    top = ranked[0]
    best = top.match() if top.confidence >= MATCH_THRESHOLD else None
    runners = tuple(r.match() for r in ranked[1 if best else 0 : 6])
    return Choice(best, runners, best is not None and ambiguous_pair(ranked))
