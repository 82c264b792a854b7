"""E-utilities answers → Python: Bio.Entrez's parser, kept offline, and PubMed XML → Record.

Bio.Entrez reads the DTD named in the DOCTYPE to learn the shape of the data. For a DTD it
does not ship (NCBI publishes a new ``pubmed_YYMMDD.dtd`` every year) it would download it
from the URL in the DOCTYPE. We never let it: :class:`OfflineDataHandler` resolves an unknown
DTD to the newest shipped DTD of the same family (``pubmed_270101.dtd`` → the newest
``pubmed_*.dtd``), and raises rather than fetch anything (DTD or XSD) from the network.
"""

from __future__ import annotations

import io
import json
import os
import re
from functools import lru_cache
from typing import Any

from Bio.Entrez.Parser import DataHandler

from ..model import Person, Record, Update, UpdateKind
from ..dates import iso as _iso
from ..dates import month_number
from ..normalize import expand_pages, normalize_doi, plain


class DTDUnavailable(Exception):
    """A DTD/XSD is neither shipped nor resolvable offline."""


_VERSIONED = re.compile(r"^(?P<family>.*?)(?P<sep>[_-]?)(?P<ver>\d{6,8})(?P<rest>(?:\.mod)?\.dtd)$", re.I)


def _version_key(ver: str) -> int:
    if len(ver) == 6:  # YYMMDD
        yy = int(ver[:2])
        return (2000 + yy if yy < 70 else 1900 + yy) * 10000 + int(ver[2:])
    return int(ver)


@lru_cache(maxsize=64)
def _fallback_dtd(filename: str) -> str | None:
    """The newest shipped DTD of the family of `filename` (None if there is no such family)."""
    m = _VERSIONED.match(filename)
    if not m:
        return None
    family, rest = m.group("family").lower(), m.group("rest").lower()
    best: tuple[int, str] | None = None
    dirs = [d for d in (DataHandler.global_dtd_dir, DataHandler.local_dtd_dir) if d and os.path.isdir(d)]
    for d in dirs:
        for name in os.listdir(d):
            n = _VERSIONED.match(name)
            if n and n.group("family").lower() == family and n.group("rest").lower() == rest:
                k = _version_key(n.group("ver"))
                if best is None or k > best[0]:
                    best = (k, name)
    return best[1] if best else None


class OfflineDataHandler(DataHandler):
    """Bio.Entrez's DataHandler that never touches the network."""

    def open_dtd_file(self, filename: str) -> Any:
        handle = super().open_dtd_file(filename)
        if handle is None:
            alt = _fallback_dtd(filename)
            if alt:
                handle = super().open_dtd_file(alt)
        return handle

    def externalEntityRefHandler(self, context: Any, base: Any, systemId: str | None, publicId: Any) -> int:
        # Same as Bio.Entrez's, minus the download (and its URL check, as nothing is fetched).
        filename = os.path.basename(systemId or "")
        self.dtd_urls.append(systemId)
        try:
            handle = self.open_dtd_file(filename)
            if handle is None:
                raise DTDUnavailable(f"DTD {filename!r} is not available offline")
            parser = self.parser.ExternalEntityParserCreate(context)
            parser.ElementDeclHandler = self.elementDecl
            parser.ParseFile(handle)
            handle.close()
        finally:
            self.dtd_urls.pop()
        self.parser.StartElementHandler = self.startElementHandler
        return 1

    def schemaHandler(self, name: str, attrs: dict[str, str]) -> None:
        key = "%s noNamespaceSchemaLocation" % self.schema_namespace
        schema = attrs[key]
        handle = self.open_xsd_file(os.path.basename(schema))
        if not handle:
            raise DTDUnavailable(f"XML schema {os.path.basename(schema)!r} is not available offline")
        import xml.etree.ElementTree as ET

        self.parse_xsd(ET.fromstring(handle.read()))
        handle.close()
        self.startElementHandler(name, attrs)
        self.parser.StartElementHandler = self.startElementHandler


def entrez_read(data: bytes, validate: bool = False) -> Any:
    """Bio.Entrez.read on bytes, offline. Raises on a damaged body."""
    handler = OfflineDataHandler(validate, False, False)
    try:
        return handler.read(io.BytesIO(data))
    except RuntimeError as e:  # Bio.Entrez raises RuntimeError(text) for an <ERROR> answer
        raise ValueError(f"NCBI error: {e}") from None


# --------------------------------------------------------------------------- text helpers

_WS = re.compile(r"\s+")


def _s(x: Any) -> str | None:
    if x is None:
        return None
    s = str(x).strip()
    return s or None


_SEASONS = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}


def _month(m: Any) -> int | None:
    s = _s(m)
    if not s:
        return None
    if s.isdigit():
        n = int(s)
        return n if 1 <= n <= 12 else None
    return month_number(s[:3])


def _date_of(d: Any) -> tuple[int | None, str | None]:
    """(year, ISO date) from a PubDate/ArticleDate/PubMedPubDate dict."""
    if not d:
        return None, None
    year = _s(d.get("Year"))
    if year and year[:4].isdigit():
        y = int(year[:4])
        m = _month(d.get("Month")) or _SEASONS.get((_s(d.get("Season")) or "").lower())
        day = _s(d.get("Day"))
        dd = int(day) if day and day.isdigit() and m else None
        return y, _iso(y, m, dd)
    md = _s(d.get("MedlineDate"))
    if md:  # "2019 May/Jun", "2019 Jan-Feb", "1998 Dec-1999 Jan", "2000 Spring"
        ym = re.search(r"\b(1[89]\d\d|20\d\d)\b", md)
        if ym:
            y = int(ym.group(1))
            rest = md[ym.end():].strip()
            mm = re.match(r"([A-Za-z]+)", rest)
            m = (month_number(mm.group(1)[:3]) or _SEASONS.get(mm.group(1).lower())) if mm else None
            return y, _iso(y, m)
    return None, None


_DOI_IN_TEXT = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>]+)", re.I)

# CommentsCorrections RefType → (kind, subtype) of an update about THIS record
UPDATE_REFTYPES: dict[str, tuple[UpdateKind, str]] = {
    "RetractionIn": ("retraction", "retraction"),
    "RetractedandRepublishedIn": ("retraction", "retracted-and-republished"),
    "ExpressionOfConcernIn": ("expression-of-concern", "expression-of-concern"),
    "ErratumIn": ("correction", "erratum"),
    "CorrectedandRepublishedIn": ("correction", "corrected-and-republished"),
}
# RefTypes saying THIS record is a notice about another
# (Not "RetractedandRepublishedFrom"/"CorrectedandRepublishedFrom": the record carrying them is the
# republished article itself, a work to cite, not a notice; the original's update names it.)
NOTICE_REFTYPES = {"RetractionOf", "ErratumFor", "ExpressionOfConcernFor"}
NOTICE_PUBTYPES = {"Retraction of Publication", "Published Erratum", "Expression of Concern"}
ARTICLE_NUMBER = re.compile(r"^[A-Za-z]{0,2}\d+$")


def _as_list(x: Any) -> list:
    if x is None:
        return []
    if isinstance(x, list):
        return x
    return [x]


def _attr(x: Any, name: str) -> str | None:
    return getattr(x, "attributes", {}).get(name)


# --------------------------------------------------------------------------- efetch → Record


def records_from_efetch(data: bytes) -> list[Record]:
    """All records of an efetch PubmedArticleSet (db=pubmed, retmode=xml)."""
    root = entrez_read(data)
    if not isinstance(root, dict) or not ("PubmedArticle" in root or "PubmedBookArticle" in root):
        raise ValueError("not a PubmedArticleSet")
    out = [record_from_article(a) for a in root.get("PubmedArticle", [])]
    out += [record_from_book(b) for b in root.get("PubmedBookArticle", [])]
    return out


def record_from_article(a: dict) -> Record:
    mc = a["MedlineCitation"]
    art = mc.get("Article", {})
    pd = a.get("PubmedData", {})
    pmid = _s(mc.get("PMID"))

    # identifiers
    doi = pmcid = None
    for aid in _as_list(pd.get("ArticleIdList")):
        t = _attr(aid, "IdType")
        if t == "doi" and not doi:
            doi = normalize_doi(_s(aid))
        elif t == "pmc" and not pmcid:
            pmcid = _s(aid)
    pii_numbers = []
    for e in _as_list(art.get("ELocationID")):
        t = _attr(e, "EIdType")
        if t == "doi" and not doi and _attr(e, "ValidYN") != "N":
            doi = normalize_doi(_s(e))
        elif t == "pii" and (v := _s(e)) and ARTICLE_NUMBER.match(v):
            pii_numbers.append(v)

    # authors
    authors, collective = [], []
    for au in _as_list(art.get("AuthorList")):
        if _attr(au, "ValidYN") == "N":
            continue
        if au.get("CollectiveName"):
            collective.append(plain(au["CollectiveName"]))
        elif au.get("LastName"):
            authors.append(Person(family=plain(au["LastName"]) or "", given=plain(au.get("ForeName")),
                                  initials=_s(au.get("Initials"))))

    # journal
    j = art.get("Journal", {})
    ji = j.get("JournalIssue", {})
    issn = [v for x in _as_list(j.get("ISSN")) if (v := _s(x))]
    mji = mc.get("MedlineJournalInfo", {})
    if (linking := _s(mji.get("ISSNLinking"))) and linking not in issn:
        issn.append(linking)

    year, print_date = _date_of(ji.get("PubDate"))
    epub_year = epub_date = None
    for ad in _as_list(art.get("ArticleDate")):
        if (_attr(ad, "DateType") or "Electronic") == "Electronic":
            epub_year, epub_date = _date_of(ad)
            break
    if epub_year is None:
        for h in _as_list(pd.get("History")):
            if _attr(h, "PubStatus") == "aheadofprint":
                epub_year, epub_date = _date_of(h)
                break

    # pages
    first = last = None
    pg = art.get("Pagination") or {}
    if isinstance(pg, dict):
        first, last = _s(pg.get("StartPage")), _s(pg.get("EndPage"))
        if not first and (medline_pages := _s(pg.get("MedlinePgn"))):
            full = expand_pages(medline_pages.split(",")[0].split(";")[0]) or ""
            if "-" in full:
                first, _, last = full.partition("-")
                first, last = first.strip() or None, last.strip() or None
            else:
                first = full or None
    if last and first and last.isdigit() and first.isdigit() and len(last) < len(first):
        last = (expand_pages(f"{first}-{last}") or f"{first}-{last}").split("-")[1]
    article_number = None
    if pii_numbers and (not last or last == first):
        article_number = pii_numbers[0]

    volume, issue = _s(ji.get("Volume")), _s(ji.get("Issue"))
    pub_types = tuple(v for p in _as_list(art.get("PublicationTypeList")) if (v := _s(p)))
    status = _s(pd.get("PublicationStatus"))
    ahead = status == "aheadofprint" or (not volume and not first and not article_number)

    # updates and notices
    updates: list[Update] = []
    notice_of: list[str] = []
    for cc in _as_list(mc.get("CommentsCorrectionsList")):
        rt = _attr(cc, "RefType")
        ref_pmid = _s(cc.get("PMID"))
        src = _s(cc.get("RefSource"))
        m = _DOI_IN_TEXT.search(src or "")
        ref_doi = normalize_doi(m.group(1)) if m else None
        if rt in UPDATE_REFTYPES:
            kind, subtype = UPDATE_REFTYPES[rt]
            republished = subtype.endswith("-and-republished")
            updates.append(Update(
                kind=kind, subtype=subtype, source="pubmed", doi=ref_doi, pmid=ref_pmid,
                date=_refsource_date(src),
                replacement_pmid=ref_pmid if republished else None,
                replacement_doi=ref_doi if republished else None,
                label=f"{rt}: {src}" if src else rt,
            ))
        elif rt in NOTICE_REFTYPES:
            target = ref_pmid or ref_doi
            if target and target not in notice_of:
                notice_of.append(target)
    if "Retracted Publication" in pub_types and not any(u.kind == "retraction" for u in updates):
        updates.append(Update(kind="retraction", subtype="retraction", source="pubmed",
                              label="Retracted Publication"))

    return Record(
        source="pubmed",
        pmid=pmid,
        doi=doi,
        pmcid=pmcid,
        title=plain(art.get("ArticleTitle")) or plain(art.get("VernacularTitle")),
        authors=tuple(authors),
        collective=tuple(c for c in collective if c),
        journal=plain(j.get("Title")),
        journal_iso=_s(j.get("ISOAbbreviation")),
        journal_nlm=_s(mji.get("MedlineTA")),
        issn=tuple(issn),
        year=year,
        print_date=print_date,
        epub_year=epub_year,
        epub_date=epub_date,
        volume=volume,
        issue=issue,
        first_page=first,
        last_page=last,
        article_number=article_number,
        pub_types=pub_types,
        ahead_of_print=ahead,
        updates=tuple(updates),
        notice_of=tuple(notice_of),
        type="journal-article",
    )


def _refsource_date(src: str | None) -> str | None:
    """'Cell Rep. 2022 Jun 28;39(13):111044.' → '2022-06-28' (best effort)."""
    if not src:
        return None
    m = re.search(r"\b(19\d\d|20\d\d)(?:\s+([A-Z][a-z]{2})(?:\s+(\d{1,2}))?)?\b", src)
    if not m:
        return None
    y = int(m.group(1))
    mo = month_number(m.group(2))
    d = int(m.group(3)) if m.group(3) and mo else None
    return _iso(y, mo, d)


def record_from_book(b: dict) -> Record:
    bd = b.get("BookDocument", {})
    book = bd.get("Book", {})
    year, date = _date_of(book.get("PubDate"))
    doi = None
    for aid in _as_list(b.get("PubmedBookData", {}).get("ArticleIdList")) + _as_list(bd.get("ArticleIdList")):
        if _attr(aid, "IdType") == "doi":
            doi = normalize_doi(_s(aid))
            break
    authors, collective = [], []
    for al in _as_list(bd.get("AuthorList")) or _as_list(book.get("AuthorList")):
        for au in _as_list(al):
            if isinstance(au, dict) and au.get("CollectiveName"):
                collective.append(plain(au["CollectiveName"]))
            elif isinstance(au, dict) and au.get("LastName"):
                authors.append(Person(plain(au["LastName"]) or "", plain(au.get("ForeName")), _s(au.get("Initials"))))
    return Record(
        source="pubmed",
        pmid=_s(bd.get("PMID")),
        doi=doi,
        title=plain(bd.get("ArticleTitle")) or plain(book.get("BookTitle")),
        authors=tuple(authors),
        collective=tuple(c for c in collective if c),
        journal=plain(book.get("BookTitle")),
        year=year,
        print_date=date,
        publisher=plain((book.get("Publisher") or {}).get("PublisherName")),
        pub_types=tuple(v for p in _as_list(bd.get("PublicationType")) if (v := _s(p))),
        type="book",
    )


# --------------------------------------------------------------------------- esearch / esummary


def esearch_ids(data: bytes) -> list[str]:
    """PMIDs of an esearch answer; raises on an ERROR answer (a failure, not 'nothing found')."""
    if data.lstrip()[:1] == b"{":  # retmode=json
        j = json.loads(data)["esearchresult"]
        if j.get("ERROR") or j.get("error"):
            raise ValueError(f"esearch error: {j.get('ERROR') or j.get('error')}")
        return [str(i) for i in j.get("idlist", [])]
    r = entrez_read(data)
    if not isinstance(r, dict) or "IdList" not in r and "ERROR" not in r:
        if isinstance(r, dict) and "ErrorList" in r:
            return []
        raise ValueError("not an eSearchResult")
    if r.get("ERROR"):
        raise ValueError(f"esearch error: {r['ERROR']}")
    return [str(i) for i in r.get("IdList", [])]


def esummary_docs(data: bytes) -> dict[str, dict]:
    """PMID → plain dict of an esummary (v1 XML) answer."""
    if data.lstrip()[:1] == b"{":  # retmode=json
        j = json.loads(data)
        if "error" in j or "ERROR" in j.get("result", {}):
            raise ValueError(f"esummary error: {j.get('error') or j['result']['ERROR']}")
        res = j["result"]
        return {str(u): res[str(u)] for u in res.get("uids", []) if str(u) in res}
    r = entrez_read(data)
    if isinstance(r, dict) and r.get("ERROR"):
        raise ValueError(f"esummary error: {r['ERROR']}")
    out = {}
    for doc in _as_list(r):
        d = _plainify(doc)
        pid = str(d.get("Id") or d.get("uid") or "")
        if pid:
            out[pid] = d
    return out


def _plainify(x: Any) -> Any:
    if isinstance(x, dict):
        return {str(k): _plainify(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_plainify(v) for v in x]
    if isinstance(x, (int, float)) and not isinstance(x, bool):
        return int(x) if float(x).is_integer() else float(x)
    return None if x is None else str(x)


# --------------------------------------------------------------------------- ecitmatch


def citmatch_lines(text: str) -> list[list[str]]:
    """The answer's lines split at '|': journal|year|volume|page|author|key|PMID-or-status."""
    out = []
    for line in text.replace("\r", "\n").split("\n"):
        if line.strip():
            out.append(line.split("|"))
    return out
