"""Reference + Lookup → Verdict: the contract's findings for one entry, and for a whole document.

Order of decisions for one entry:
1. `incomplete` — decided from the entry alone, before any lookup.
2. identifiers — a cited DOI/PMID that does not exist, or names another work than the rest of the
   entry (the match is then the work the rest of the entry names).
3. no candidate good enough — `unavailable` if a service failed or the cache could not answer
   (never `not-found`), `not-indexed` for kinds neither source indexes, else `not-found` naming the
   nearest candidates.
4. `ambiguous` — two different works fit equally well.
5. field comparisons against the match, `ahead-of-print`, and status notices (retracted,
   expression of concern, corrected).

Nothing that the contract's "What is not a mismatch" lists may produce a finding.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import replace
from typing import Sequence

from .dates import nlm_date
from .journals import same_journal
from .match import raw as raw_text
from .match.authors import check_authors
from .match.venue import is_preprint_server, venue_agrees
from .match import (
    AMBIGUITY_MARGIN,
    ID_SUPPORT_FLOOR,
    MATCH_THRESHOLD,
    Ranked,
    ambiguous_pair,
    cited_authors,
    cites_notice,
    merge_updates,
    initials_agree,
    issue_agrees,
    journal_names,
    pages_agree,
    parse_author,
    rank,
    record_authors,
    same_collective,
    same_surname,
    title_key,
    title_similarity,
    volume_agrees,
    years_of,
)
from .model import Citations, Finding, Lookup, ParsedDocument, Record, Reference, Report, Update, Verdict
from .normalize import expand_pages, first_page, fold, normalize_doi
from .sources import registry
from .suggest import _full_pages, suggestion


# Title words whose absence or presence is not a difference worth an error.
_TRIVIAL = frozenset("the a an of and in on for to with at by from".split())
# Word pairs at least this similar (rapidfuzz ratio) are one word spelled two ways, not two words.
_SAME_WORD = 80

# Codes whose finding means the entry itself should be rewritten (then a suggestion is given).
_CORRECTABLE = {"year-mismatch", "volume-mismatch", "issue-mismatch", "pages-mismatch", "title-mismatch",
                "author-mismatch", "journal-mismatch", "doi-mismatch", "pmid-mismatch", "ahead-of-print"}


# ----------------------------------------------------------------------------------- helpers


def _service(name: str) -> tuple[str, str]:
    """'pubmed' or 'pubmed: 503 after 6 attempts' → ('PubMed', '503 after 6 attempts')."""
    head, _, detail = name.partition(":")
    return registry.label(head.strip().lower()), detail.strip()


def _none_of(names: Sequence[str]) -> str:
    """"neither PubMed nor Crossref", or "none of A, B and C" for more sources."""
    labels = [registry.label(n) for n in names]
    if len(labels) == 2:
        return f"neither {labels[0]} nor {labels[1]}"
    return f"none of {registry.join_labels(names)}"


def _failed_names(failed: Sequence[str]) -> list[str]:
    """The sources named by Lookup.failed entries ('pubmed' or 'pubmed: 503 …'), sorted."""
    return sorted({f.partition(":")[0].strip().lower() for f in failed})


def _failed_message(failed: Sequence[str]) -> str:
    parts = []
    for f in failed:
        svc, detail = _service(f)
        parts.append(f"{svc} did not answer ({detail})" if detail else f"{svc} did not answer")
    return "; ".join(parts) + "; could not be checked"


def _is_web(ref: Reference) -> bool:
    raw = ref.raw or ""
    return ref.type == "web" or bool(re.search(r"\b(available (at|from)|accessed|\[internet\]|\[cited)\b", raw, re.I))


def _has_url(ref: Reference) -> bool:
    return bool(ref.url) or bool(re.search(r"https?://|\bwww\.\S+", ref.raw or ""))


def incomplete(ref: Reference) -> Finding | None:
    """The entry lacks what identifies a source (decided without any lookup)."""
    ids = ref.doi or ref.pmid or ref.pmcid
    if _is_web(ref) and not _has_url(ref) and not ids:
        msg = "web reference without a URL" + ("" if ref.title else " or title")
        return Finding.make("incomplete", msg, field="url")
    if not ref.title and not ref.authors and not ref.journal and not ids and not _has_url(ref):
        return Finding.make("incomplete", "the entry names no title, author, source or identifier")
    if not ref.title and not ref.journal and not ref.publisher and not ids and not _has_url(ref):
        # authors alone ("Smith J.") do not identify a work: there is nothing to look up
        return Finding.make("incomplete", "the entry names no title, source or identifier, only its authors",
                            field="title")
    return None


_KIND_NAMES = {"web": "web page", "other": "work", "conference": "conference paper"}


def searched_broadly(ref: Reference, lookup: Lookup) -> bool:
    """A conference paper a broad index (OpenAlex) was asked about and does not hold: absent
    from PubMed, Crossref and OpenAlex alike, its absence is evidence (`not-found`). Books,
    chapters, reports and theses stay `not-indexed`: OpenAlex holds too few of them to judge."""
    return ref.type == "conference" and bool(lookup.consulted)


def not_indexed_kind(ref: Reference) -> bool:
    """A complete entry for a kind of work neither PubMed nor Crossref indexes."""
    if ref.doi or ref.pmid:
        return False
    if ref.type == "web" or (_is_web(ref) and _has_url(ref)):
        return True
    return ref.type in ("report", "thesis", "book", "chapter", "conference")


def _who(rec: Record) -> str:
    if rec.authors:
        p = rec.authors[0]
        return f"{p.family} {p.initials or ''}".strip()
    return rec.collective[0] if rec.collective else ""


def _journal_abbr(rec: Record) -> str:
    return rec.journal_nlm or (rec.journal_iso or "").replace(".", "") or rec.journal or ""


def _describe(rec: Record, with_ids: bool = True) -> str:
    """'Title' (Author, 2016, Journal, 14(3):265-73; doi:… PMID …)."""
    bits = [b for b in (_who(rec), str(rec.year or rec.epub_year or ""), _journal_abbr(rec)) if b]
    if rec.volume:
        v = rec.volume + (f"({rec.issue})" if rec.issue else "")
        if rec.pages:
            v += f":{rec.pages}"
        bits.append(v)
    ids = []
    if with_ids and rec.doi:
        ids.append(f"doi:{rec.doi}")
    if with_ids and rec.pmid:
        ids.append(f"PMID {rec.pmid}")
    s = f"'{(rec.title or '(untitled)').strip().rstrip('.')}'"
    if bits:
        s += f" ({', '.join(bits)}" + (f"; {' '.join(ids)})" if ids else ")")
    elif ids:
        s += f" ({' '.join(ids)})"
    return s


def _differences(ref: Reference, rec: Record) -> list[str]:
    """Short list of what differs between the entry and a (non-matching) record."""
    out = []
    if ref.title and rec.title and title_similarity(ref.title, rec.title) < 0.9:
        out.append("title differs")
    ca, ra = cited_authors(ref), record_authors(rec)
    if ca and ra and not ca[0].collective and not same_surname(ca[0], ra[0]):
        out.append(f"first author {ca[0].show()} ≠ {_who(rec)}")
    if ref.year and years_of(rec) and ref.year not in years_of(rec):
        out.append(f"year {rec.year or rec.epub_year} ≠ {ref.year}")
    names = journal_names(rec)
    if ref.journal and names and not same_journal(ref.journal, names):
        out.append("journal differs")
    if ref.volume and rec.volume and not volume_agrees(ref.volume, rec.volume):
        out.append(f"volume {rec.volume} ≠ {ref.volume}")
    if ref.pages and not pages_agree(ref.pages, rec):
        out.append("pages differ")
    return out


# ----------------------------------------------------------------------------------- comparisons


def _variant(x: str, y: str) -> bool:
    """Two spellings of one word that the spelling table does not know ("focussed"/"focused",
    "dietitian"/"dietician"): long, similar, same beginning and ending. "hypertension" and
    "hypotension", or "women" and "woman", are different words."""
    from rapidfuzz import fuzz

    return (len(x) >= 5 and len(y) >= 5 and x[:4] == y[:4] and x[-2:] == y[-2:]
            and fuzz.ratio(x, y) >= _SAME_WORD)


def _title_finding(ref: Reference, rec: Record) -> Finding | None:
    if not ref.title or not rec.title:
        return None
    a, b = title_key(ref.title), title_key(rec.title)
    if a == b or a.replace(" ", "") == b.replace(" ", ""):
        return None
    if raw_text.shows_title(ref.raw, rec.title, subtitle_ok=rec.source == "crossref"):
        return None  # the entry shows the record's title: the parser cut it elsewhere
    # words the parser took into the title from the author list or the journal name
    foreign = _entry_words(rec)
    # Crossref keeps a subtitle apart from the title: the entry's "Title: subtitle" is fine.
    if rec.source == "crossref" and a.startswith(b + " ") and re.search(r"[:?.!]\s", ref.title):
        return None
    import difflib

    wa, wb = a.split(), b.split()
    real: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, wa, wb, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        xa, xb = wa[i1:i2], wb[j1:j2]
        if all(w in _TRIVIAL for w in xa + xb):
            continue
        if (not xb and (i1 == 0 or i2 == len(wa)) and any(w in foreign or len(w) == 1 for w in xa)
                and all(w in foreign or w in _TRIVIAL or len(w) == 1 for w in xa)):
            continue  # authors or journal words ("Writing Group for the …") at either end of the parsed title
        if op == "replace" and len(xa) == len(xb) and all(_variant(x, y) for x, y in zip(xa, xb)):
            continue  # one word spelled two ways (a variant the spelling table does not know)
        if op == "replace" and "".join(xa) == "".join(xb):
            continue  # split/joined word ("co supplementation" / "cosupplementation")
        if xa and xb:
            real.append(f"cited '{' '.join(xa)}' where the record has '{' '.join(xb)}'")
        elif xb:
            real.append(f"the record adds '{' '.join(xb)}'")
        else:
            real.append(f"the record lacks '{' '.join(xa)}'")
    if not real:
        return None
    return Finding.make(
        "title-mismatch",
        "title differs from the record (" + "; ".join(real[:4]) + ")",
        field="title",
        cited=ref.title,
        found=rec.title,
    )


def _entry_words(rec: Record) -> set[str]:
    """Folded words of the record's authors and journal names: what a mis-cut title may carry."""
    out: set[str] = set()
    for p in rec.authors:
        out.update(title_key(" ".join(x for x in (p.family, p.given, p.initials) if x)).split())
    for n in (*journal_names(rec), *rec.collective):
        out.update(title_key(n).split())
    return out - _TRIVIAL


def _authors_text(rec: Record, n: int = 6) -> str:
    names = [f"{p.family} {p.initials or ''}".strip() for p in rec.authors] + list(rec.collective)
    return ", ".join(names[:n]) + (", et al." if len(names) > n else "")


def _author_findings(ref: Reference, rec: Record) -> list[Finding]:
    """Every cited author against the record: a name it does not hold or a first author's
    initials that differ (error); its authors in another order, or left out with no "et al."
    (warning). The names are read from the raw text before the title (`match.authors`)."""
    cited = cited_authors(ref)
    recorded = record_authors(rec)
    if not recorded and not rec.collective:
        return []
    errors: list[str] = []
    warnings: list[str] = []
    first = cited[0] if cited else None
    if first is not None and first.collective:
        if rec.collective and not any(same_collective(first.collective, c) for c in rec.collective):
            if not (recorded and same_surname(parse_author(first.collective), recorded[0])):
                errors.append(f"group author {first.collective} not in the record ({', '.join(rec.collective)})")
    elif first is not None and recorded and same_surname(first, recorded[0]) and not initials_agree(first, recorded[0]):
        errors.append(f"first author's initials: cited {first.initials}, record {recorded[0].initials}")
    check = check_authors(ref, rec)
    if check.unknown:
        errors.append("not among the record's authors: " + ", ".join(check.unknown))
    if check.out_of_order:
        where = f" (cited first author is author {check.first_at} in the record)" if check.first_at > 1 else ""
        warnings.append("the record's authors are cited in another order" + where)
    if check.omitted and not errors:
        shown = ", ".join(check.omitted[:4]) + (" …" if len(check.omitted) > 4 else "")
        warnings.append(f"{len(check.omitted)} of the record's {len(rec.authors)} authors left out without "
                        f"\"et al.\" ({shown})")
    problems = errors + warnings
    if not problems:
        return []
    return [Finding.make(
        "author-mismatch",
        "; ".join(problems),
        severity="error" if errors else "warning",
        field="authors",
        cited=", ".join(ref.authors) + (", et al." if ref.et_al else ""),
        found=_authors_text(rec),
    )]


def _online_first(ref: Reference) -> bool:
    """Cited as an online-first version: no volume/issue, and an epub date or a full date with no
    pages (a running page count starting at 1 counts as none)."""
    if ref.volume or ref.issue:
        return False  # the final version is cited (perhaps with an "Epub …" note)
    if ref.epub:
        return True
    if ref.month is None:
        return False
    return ref.pages is None or first_page(ref.pages) == "1"


def _cited_date(ref: Reference) -> str:
    if ref.epub:
        m = re.match(r"^(\d{4})-(\d{2})(?:-(\d{2}))?", ref.epub)
        if m:
            y, mo, d = m.groups()
            return nlm_date(int(y), int(mo), int(d) if d else None)
        return ref.epub
    return nlm_date(ref.year, ref.month, ref.day)


def _published_as(rec: Record) -> str:
    s = f"{rec.year or ''};{rec.volume}"
    if rec.issue:
        s += f"({rec.issue})"
    pages = _full_pages(rec)
    if pages:
        s += f":{pages}"
    return s


def _raw_shows_pages(ref: Reference, rec: Record, span) -> bool:
    """The raw text shows the record's pages, and not the (different) pages the parser read."""
    c = expand_pages(ref.pages) or ""
    cf, _, cl = c.partition("-")
    if cf and raw_text.shows_pages(ref.raw, cf, cl or None, span):
        return False
    if raw_text.shows_pages(ref.raw, rec.first_page, rec.last_page, span):
        return True
    return bool(rec.article_number) and raw_text.shows_pages(ref.raw, rec.article_number, None, span)


def _field_findings(ref: Reference, rec: Record) -> list[Finding]:
    out: list[Finding] = []
    final = bool(rec.volume and (rec.first_page or rec.article_number) and not rec.ahead_of_print)
    online_first = _online_first(ref)
    if online_first and final:
        found = _published_as(rec)
        out.append(Finding.make(
            "ahead-of-print",
            f"cited as online-first ({_cited_date(ref)}); now published in {found}",
            field="pages", cited=_cited_date(ref), found=found,
        ))
    ys = set(years_of(rec))
    if online_first and final and rec.year and not rec.epub_year:
        ys.add(rec.year - 1)  # online a year before the issue, the epub date unrecorded
    span = raw_text.title_span(ref.raw, rec.title)
    start = getattr(rec, "journal_start_year", None)
    if ref.year and start and ref.year < start:
        out.append(Finding.make("year-mismatch", f"year {ref.year} is before the journal began ({start})",
                                field="year", cited=str(ref.year), found=str(rec.year or rec.epub_year or "")))
    elif ref.year and ys and ref.year not in ys and not (
            raw_text.shows_year(ref.raw, ys, span) and not raw_text.shows_year(ref.raw, {ref.year}, span)):
        shown = str(rec.year or rec.epub_year)
        if rec.year and rec.epub_year and rec.year != rec.epub_year:
            shown = f"{rec.year} (online {rec.epub_year})"
        out.append(Finding.make("year-mismatch", f"year {ref.year} ≠ {shown} in the record",
                                field="year", cited=str(ref.year), found=str(rec.year or rec.epub_year)))
    if not online_first:
        if (ref.volume and rec.volume and not volume_agrees(ref.volume, rec.volume)
                and not (raw_text.shows_volume(ref.raw, rec.volume, span)
                         and not raw_text.shows_volume(ref.raw, ref.volume, span))):
            out.append(Finding.make("volume-mismatch", f"volume {ref.volume} ≠ {rec.volume} in the record",
                                    field="volume", cited=ref.volume, found=rec.volume))
        if (ref.issue and rec.issue and not issue_agrees(ref.issue, rec.issue)
                and not (raw_text.shows_issue(ref.raw, rec.issue, span)
                         and not raw_text.shows_issue(ref.raw, ref.issue, span))):
            out.append(Finding.make("issue-mismatch", f"issue {ref.issue} ≠ {rec.issue} in the record",
                                    field="issue", cited=ref.issue, found=rec.issue))
        if ref.pages and not pages_agree(ref.pages, rec) and not _raw_shows_pages(ref, rec, span):
            found = _full_pages(rec) or ""
            if rec.article_number and rec.first_page and rec.article_number not in found:
                found += f" (article {rec.article_number})"
            out.append(Finding.make("pages-mismatch",
                                    f"pages {expand_pages(ref.pages)} ≠ {found} in the record",
                                    field="pages", cited=ref.pages, found=found))
    t = _title_finding(ref, rec)
    if t:
        out.append(t)
    out += _author_findings(ref, rec)
    names = journal_names(rec)
    if ref.journal and names and not rec.is_preprint and not raw_text.shows_journal(ref.raw, names, span[1] if span else 0):
        journal_record = rec.type in (None, "journal-article", "journal", "journal-issue")
        if ref.type in ("journal", "other") and journal_record and not same_journal(ref.journal, names):
            out.append(Finding.make("journal-mismatch",
                                    f"journal {ref.journal} ≠ {_journal_abbr(rec)} in the record",
                                    field="journal", cited=ref.journal, found=rec.journal or _journal_abbr(rec)))
        elif (ref.type in ("journal", "other", "conference", "chapter") and not journal_record
              and not venue_agrees(ref.journal, names)) or (
                ref.type in ("conference", "chapter") and journal_record and not same_journal(ref.journal, names)
                and not venue_agrees(ref.journal, names)):
            kind = _KIND_NAMES.get(ref.type, ref.type)
            what = (rec.type or "work").replace("-", " ")
            out.append(Finding.make("journal-mismatch",
                                    f"cited as a {kind} in {ref.journal}; the record is a {what} in {rec.journal}",
                                    field="journal", cited=ref.journal, found=rec.journal))
    return out


# Kinds of work a preprint may be published as; another version that is none of these (a dataset,
# a copy on another repository) is no published version.
_PUBLISHED_KINDS = {"journal-article", "proceedings-article", "book-chapter", "book", "monograph", "journalarticle",
                    "conferencepaper", "bookchapter"}


def _published_version(rec: Record, records: Sequence[Record]) -> Record | None:
    """The published version of a preprint among the records in hand (Crossref's, else any): one
    it is a preprint of, or another version of it (DataCite IsVersionOf) that is a peer-reviewed
    kind of work."""
    wanted = [normalize_doi(d) for d in (*rec.preprint_of, *rec.version_of)]
    versions = {normalize_doi(d) for d in rec.version_of} - {normalize_doi(d) for d in rec.preprint_of}
    hits = [r for r in records if r.doi and normalize_doi(r.doi) in wanted and not r.is_preprint
            and (normalize_doi(r.doi) not in versions or (r.type or "").lower() in _PUBLISHED_KINDS)]
    hits.sort(key=lambda r: (wanted.index(normalize_doi(r.doi)), r.source != "crossref"))
    return hits[0] if hits else None


def _version_findings(ref: Reference, rec: Record, records: Sequence[Record]) -> tuple[list[Finding], Record | None]:
    """A preprint cited as a journal or conference paper (journal-mismatch), or cited as a
    preprint although its peer-reviewed version exists (preprint-published, naming it)."""
    if not rec.is_preprint:
        return [], None
    published = _published_version(rec, records)
    server = rec.journal or rec.publisher or "a preprint server"
    described = _describe(published) if published else (
        ", ".join(f"doi:{d}" for d in rec.preprint_of) if rec.preprint_of else "")
    cites_preprint = (not ref.journal or is_preprint_server(ref.journal)
                      or venue_agrees(ref.journal, journal_names(rec)) and bool(journal_names(rec)))
    if not cites_preprint:
        msg = f"cited as published in {ref.journal}; the record is a preprint ({server})"
        if described:
            msg += f"; its published version: {described}"
        found = (published.journal if published else None) or f"preprint ({server})"
        return [Finding.make("journal-mismatch", msg, field="journal", cited=ref.journal, found=found)], published
    if rec.preprint_of or published:
        found = described
        return [Finding.make("preprint-published",
                             f"a preprint is cited although its peer-reviewed version exists: {described}",
                             field="doi", cited=rec.doi, found=found)], published
    return [], None


# ----------------------------------------------------------------------------------- notices

_RETRACTION_WORDS = {
    "retraction": "retracted",
    "partial_retraction": "partially retracted",
    "partial-retraction": "partially retracted",
    "withdrawal": "withdrawn",
    "removal": "removed",
}


_CORRECTION_WORDS = {"erratum": "an erratum", "corrigendum": "a corrigendum", "addendum": "an addendum",
                     "clarification": "a clarification",
                     "corrected-and-republished": "a corrected and republished version"}


def _notice_ids(u: Update) -> str:
    ids = []
    if u.doi:
        ids.append(f"doi:{u.doi}")
    if u.pmid:
        ids.append(f"PMID {u.pmid}")
    return " / ".join(ids)


def _sources_text(u: Update) -> str:
    names = [registry.label(s.strip()) for s in u.source.split(",") if s.strip()]
    return ", ".join(dict.fromkeys(names))


def _details(u: Update) -> dict:
    d = {"kind": u.kind, "subtype": u.subtype, "source": u.source}
    for k in ("doi", "pmid"):
        if getattr(u, k):
            d[f"notice_{k}"] = getattr(u, k)
    for k in ("replacement_doi", "replacement_pmid", "date", "label"):
        if getattr(u, k):
            d[k] = getattr(u, k)
    return d


def _retraction_phrase(u: Update) -> str:
    sub = (u.subtype or "retraction").lower().replace(" ", "_")
    if "republish" in sub or "replace" in sub or u.replacement_doi or u.replacement_pmid:
        repl = " / ".join(x for x in (f"doi:{u.replacement_doi}" if u.replacement_doi else "",
                                      f"PMID {u.replacement_pmid}" if u.replacement_pmid else "") if x)
        return "retracted and replaced" + (f" by {repl}" if repl else "")
    if "partial" in sub:
        return "partially retracted"
    return _RETRACTION_WORDS.get(sub, "retracted")


def _notice_findings(ref: Reference, rec: Record) -> list[Finding]:
    if rec.is_notice:
        return []  # the entry cites the notice itself
    out: list[Finding] = []
    for u in merge_updates(rec.updates):
        ids = _notice_ids(u)
        if u.kind == "retraction" and (u.replacement_doi or u.replacement_pmid) and (
            (u.doi or None, u.pmid or None) == (u.replacement_doi or u.doi or None, u.replacement_pmid or u.pmid or None)
        ):
            ids = ""  # PubMed's RetractedandRepublishedIn points at the replacement itself
        src = _sources_text(u)
        bits = [x for x in (f"notice {ids}" if ids else "", f"source: {src}" if src else "") if x]
        tail = f" ({'; '.join(bits)})" if bits else ""
        date = f" on {u.date}" if u.date else ""
        if u.kind == "retraction":
            phrase = _retraction_phrase(u)
            msg = f"the work has been {phrase}{date}{tail}"
            if ref.retraction_noted:
                msg += "; the entry says so"
            out.append(Finding.make("retracted", msg, severity="warning" if ref.retraction_noted else "error",
                                    details=_details(u)))
        elif u.kind == "expression-of-concern":
            out.append(Finding.make("expression-of-concern",
                                    f"an expression of concern has been published{date}{tail}",
                                    details=_details(u)))
        elif u.kind == "correction":
            what = _CORRECTION_WORDS.get((u.subtype or "").lower(), "a correction")
            label = re.sub(r"^[A-Za-z]+:\s*", "", (u.label or "").strip())
            label = f" ({label.rstrip('.')})" if label and label.lower() != what.split()[-1] else ""
            out.append(Finding.make("corrected", f"{what} has been published{date}{label}{tail}",
                                    details=_details(u)))
    return out


def _finding_from_notice(ref: Reference, notice: Record) -> Finding:
    text = fold(" ".join((notice.title or "", *notice.pub_types)))
    ids = " / ".join(x for x in (f"doi:{notice.doi}" if notice.doi else "", f"PMID {notice.pmid}" if notice.pmid else "") if x)
    src = registry.label(notice.source)
    tail = f" (notice {ids}; source: {src})" if ids else f" (source: {src})"
    details = {k: v for k, v in (("notice_doi", notice.doi), ("notice_pmid", notice.pmid), ("source", notice.source)) if v}
    if "retract" in text or "withdraw" in text:
        phrase = "withdrawn" if "withdraw" in text else "retracted"
        return Finding.make("retracted", f"the work has been {phrase}{tail}", details=details,
                            severity="warning" if ref.retraction_noted else "error")
    if "concern" in text:
        return Finding.make("expression-of-concern", f"an expression of concern has been published{tail}",
                            details=details)
    return Finding.make("corrected", f"a correction has been published{tail}", details=details)


# ----------------------------------------------------------------------------------- one entry


def _nearest_message(ref: Reference, ranked: Sequence[Ranked]) -> str:
    msg = "no source holds a matching record"
    near = [r for r in ranked if r.bib >= 0.2][:2]
    if near:
        descr = []
        for r in near:
            d = _describe(r.record, with_ids=False)
            diff = _differences(ref, r.record)
            descr.append(d + (" — " + ", ".join(diff) if diff else ""))
        msg += "; nearest: " + "; ".join(descr)
    return msg


def _candidates_message(ranked: Sequence[Ranked]) -> str:
    return "several records fit equally well: " + "; ".join(
        f"{_describe(r.record)} [confidence {r.confidence:.2f}]" for r in ranked
    )


def _identifier(ref: Reference, lookup: Lookup, ranked: list[Ranked], kind: str) -> tuple[Finding | None, list[Ranked]]:
    """Check a cited DOI or PMID; returns the finding (if any) and the ranking to choose from."""
    cited = normalize_doi(ref.doi) if kind == "doi" else (ref.pmid or "").strip() or None
    if not cited:
        return None, ranked
    code = f"{kind}-mismatch"
    label = "DOI" if kind == "doi" else "PMID"
    exists = lookup.doi_exists if kind == "doi" else lookup.pmid_exists
    named = [r for r in ranked if (r.doi_named if kind == "doi" else r.pmid_named)]
    others = [r for r in ranked if r not in named]
    if exists is False and not named:
        best = ranked[0] if ranked and ranked[0].confidence >= MATCH_THRESHOLD else None
        found = (best.record.doi if kind == "doi" else best.record.pmid) if best else None
        if (kind == "doi" and not found and lookup.doi_registered is None
                and cited.split("/", 1)[0] in OTHER_AGENCY_PREFIXES):
            return None, ranked  # registered elsewhere (DataCite…): absence here proves nothing
        return Finding.make(code, f"{label} {cited} does not exist", field=kind, cited=cited, found=found), ranked
    if not named:
        return None, ranked
    n = named[0]
    better = [r for r in others if r.bib >= MATCH_THRESHOLD and r.bib >= n.bib + ID_OVERRULE]
    if ranked and ranked[0] is n and n.confidence >= MATCH_THRESHOLD and not better:
        return None, ranked  # the identifier names the work the entry names
    # The identifier names a work that the rest of the entry does not.
    fit = [r for r in others if r.confidence >= MATCH_THRESHOLD]
    judged = bool(ref.title or ref.authors)
    if better or (fit and fit[0].bib > n.bib and ranked[0] is not n):
        right = (better or fit)[0]
        found = right.record.doi if kind == "doi" else right.record.pmid
        msg = (f"{label} {cited} names another work: {_describe(n.record)}; "
               f"the entry names {_describe(right.record)}")
        return Finding.make(code, msg, field=kind, cited=cited, found=found), [right] + [r for r in ranked if r is not right and r is not n]
    if judged and (n.bib < ID_REJECT or n.title_rejected):
        msg = f"{label} {cited} names another work: {_describe(n.record)}"
        return Finding.make(code, msg, field=kind, cited=cited, found=None), others
    return None, ranked


# DOI prefixes of registration agencies other than Crossref (DataCite: Zenodo, figshare, Dryad,
# arXiv, Mendeley Data, Harvard Dataverse, PANGAEA, OSF…). Neither Crossref nor PubMed knows
# these DOIs, so their absence is no evidence that the DOI does not exist.
OTHER_AGENCY_PREFIXES = frozenset(
    "10.5281 10.6084 10.5061 10.48550 10.17632 10.7910 10.1594 10.17605 10.5256 10.25384 10.4121 10.34740".split()
)

# Below this bibliographic score the rest of the entry does not describe the work its identifier
# names (the same floor under which `rank` gives the identifier no weight).
ID_REJECT = ID_SUPPORT_FLOOR
# A work that the rest of the entry fits this much better than the work its identifier names wins
# over the identifier (which is then reported as naming another work).
ID_OVERRULE = 0.2


def impossible_year(ref: Reference, today: datetime.date | None = None) -> Finding | None:
    """A cited year after the current one: an error decided without any lookup."""
    this_year = (today or datetime.date.today()).year
    if ref.year and ref.year > this_year:
        return Finding.make("year-mismatch", f"year {ref.year} is after the current year ({this_year})",
                            field="year", cited=str(ref.year), found=None)
    return None


def verify_reference(ref: Reference, lookup: Lookup) -> Verdict:
    """The contract's findings for one entry, given what the resolver gathered for it."""
    inc = incomplete(ref)
    if inc:
        return Verdict(ref, (inc,))
    future = impossible_year(ref)

    pool = [r for r in (lookup.by_doi, lookup.by_pmid, *lookup.candidates) if r is not None]
    related = getattr(lookup, "related", ())
    ranked = rank(ref, pool)
    findings: list[Finding] = [future] if future else []
    for kind in ("doi", "pmid"):
        f, ranked = _identifier(ref, lookup, ranked, kind)
        if f:
            findings.append(f)

    top = ranked[0] if ranked and ranked[0].confidence >= MATCH_THRESHOLD else None
    runners = tuple(r.match() for r in ranked[1 if top else 0 : 6])
    if top is None:
        if lookup.offline_miss:
            findings.append(Finding.make("unavailable", "offline: not in the cache",
                                         details={"services": _failed_names(lookup.failed)}))
        elif lookup.failed:
            findings.append(Finding.make("unavailable", _failed_message(lookup.failed),
                                         details={"services": _failed_names(lookup.failed)}))
        elif not_indexed_kind(ref) and not searched_broadly(ref, lookup):
            findings.append(Finding.make(
                "not-indexed",
                f"a {_KIND_NAMES.get(ref.type, ref.type)} of a kind {_none_of(registry.names())} indexes; "
                "not checked (not evidence against it)"))
        else:
            findings.append(Finding.make("not-found", _nearest_message(ref, ranked)))
        return Verdict(ref, tuple(findings), None, None, runners)

    if ambiguous_pair(ranked):
        close = [r for r in ranked if ranked[0].confidence - r.confidence <= AMBIGUITY_MARGIN and r.confidence >= MATCH_THRESHOLD]
        findings.append(Finding.make("ambiguous", _candidates_message(close)))
        return Verdict(ref, tuple(findings), None, None, tuple(r.match() for r in ranked[:6]))

    rec = top.record
    if rec.is_notice and not cites_notice(ref):
        # Only the notice about the cited work was found: report what it announces; its own
        # fields (title "Retraction: …", year of the notice) are not the entry's to compare.
        findings.append(_finding_from_notice(ref, rec))
        return Verdict(ref, tuple(findings), top.match(), None, runners)
    findings += [f for f in _field_findings(ref, rec) if not (future and f.code == "year-mismatch")]
    versions, published = _version_findings(ref, rec, [*related, *pool])
    findings += versions
    findings += _notice_findings(ref, rec)
    match = top.match()
    sugg = None
    if published is not None:
        sugg = suggestion(ref, published)  # cite the peer-reviewed version
    elif any(f.code in _CORRECTABLE for f in findings):
        sugg = suggestion(ref, rec)
    return Verdict(ref, tuple(findings), match, sugg, runners)


# ----------------------------------------------------------------------------------- a document

_NUMBERING = re.compile(r"^\s*(?:\[\d+\]|\(\d+\)|\d+[.)])\s*")


def _work_keys(v: Verdict) -> set[str]:
    keys = set()
    if v.match:
        if v.match.record.doi:
            keys.add("doi:" + (normalize_doi(v.match.record.doi) or ""))
        if v.match.record.pmid:
            keys.add("pmid:" + v.match.record.pmid)
    raw = fold(_NUMBERING.sub("", v.reference.raw or ""))
    if raw:
        keys.add("raw:" + raw)
    return keys


def verify_document(doc: ParsedDocument, lookups: Sequence[Lookup]) -> Report:
    """Verdicts for every entry (lookups aligned with doc.references), plus `duplicate` and, for
    articles, `uncited` on entries and `missing` on the document."""
    if len(lookups) != len(doc.references):
        raise ValueError(f"{len(lookups)} lookups for {len(doc.references)} references")
    verdicts = [verify_reference(r, l) for r, l in zip(doc.references, lookups)]
    seen: dict[str, int] = {}
    uncited = set(doc.citations.listed_not_cited) if doc.citations is not None else set()
    out = []
    for v in verdicts:
        extra: list[Finding] = []
        keys = _work_keys(v)
        earlier = next((seen[k] for k in sorted(keys) if k in seen), None)
        if earlier is not None:
            what = "the same work" if any(k in seen and not k.startswith("raw:") for k in keys) else "the same entry"
            extra.append(Finding.make("duplicate", f"{what} as entry {earlier}"))
        for k in keys:
            seen.setdefault(k, v.reference.n)
        if v.reference.n in uncited:
            extra.append(Finding.make("uncited", f"entry {v.reference.n} is listed but not cited in the text"))
        out.append(replace(v, findings=v.findings + tuple(extra)) if extra else v)
    return Report(source=doc.source, verdicts=tuple(out), citations=doc.citations, warnings=doc.warnings,
                  findings=document_findings(doc.citations))


def document_findings(citations: Citations | None) -> tuple[Finding, ...]:
    """Findings about the document, not one entry: `missing`, once per number cited in the text
    but absent from the list (the exit status and `summary.missing` count them)."""
    if citations is None:
        return ()
    return tuple(
        Finding.make("missing", f"reference {n} is cited in the text but not in the reference list", n=n)
        for n in citations.cited_not_listed
    )
