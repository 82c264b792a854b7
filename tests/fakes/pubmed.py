"""Renderers for the E-utilities answers (efetch XML, esummary v1 XML / JSON,
esearch XML / JSON, ecitmatch text), in the shapes of the real samples."""

from __future__ import annotations

import datetime as _dt
import json
from xml.sax.saxutils import escape as _esc, quoteattr

from .model import Work
from .store import PUBMED_NOTICE, RETRACTED_KINDS, Store, initials_of, norm_journal, fold

EFETCH_DOCTYPE = (
    '<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" '
    '"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">'
)
ESEARCH_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" ?>\n'
    '<!DOCTYPE eSearchResult PUBLIC "-//NLM//DTD esearch 20060628//EN" '
    '"https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20060628/esearch.dtd">\n'
)
ESUMMARY_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" ?>\n'
    '<!DOCTYPE eSummaryResult PUBLIC "-//NLM//DTD esummary v1 20041029//EN" '
    '"https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20041029/esummary-v1.dtd">\n'
)
EFETCH_ERROR_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" ?>\n'
    '<!DOCTYPE eEfetchResult PUBLIC "-//NLM//DTD efetch 20131226//EN" '
    '"https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20131226/efetch.dtd">\n'
)

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

PUBTYPE_UI = {
    "Journal Article": "D016428",
    "Review": "D016454",
    "Systematic Review": "D000078182",
    "Scoping Review": "D000094682",
    "Randomized Controlled Trial": "D016449",
    "Clinical Trial": "D016430",
    "Clinical Trial Protocol": "D000078325",
    "Editorial": "D016421",
    "Comment": "D016420",
    "Letter": "D016422",
    "Practice Guideline": "D017065",
    "Guideline": "D016431",
    "Consensus Development Conference": "D016446",
    "Research Support, Non-U.S. Gov't": "D013485",
    "Research Support, N.I.H., Extramural": "D052061",
    "Retracted Publication": "D016441",
    "Retraction of Publication": "D016440",
    "Published Erratum": "D016425",
    "Expression of Concern": "D000081466",
    "Duplicate Publication": "D016438",
    "Preprint": "D000076942",
    "Observational Study": "D064888",
}


def esc(text) -> str:
    return _esc(str(text))


def _el(tag: str, text, **attrs) -> str:
    if text is None or text == "":
        return ""
    a = "".join(f" {k}={quoteattr(str(v))}" for k, v in attrs.items())
    return f"<{tag}{a}>{esc(text)}</{tag}>"


def article_title(w: Work) -> str:
    t = w.title.strip()
    return t if t.endswith((".", "?", "!")) else t + "."


def _parse_iso(s: str | None) -> tuple[int, int | None, int | None] | None:
    if not s:
        return None
    p = [int(x) for x in s.split("-") if x]
    return (p[0], p[1] if len(p) > 1 else None, p[2] if len(p) > 2 else None)


def _as_date(parts) -> _dt.date:
    y, m, d = parts
    return _dt.date(y, m or 1, d or 1)


def pub_date_parts(w: Work) -> tuple[int, int | None, int | None]:
    """The JournalIssue PubDate: print date, or the epub date when there is none."""
    if w.year is not None:
        return (w.year, w.month, w.day)
    e = _parse_iso(w.epub)
    if e:
        return e
    return (2000, None, None)


def medline_pgn(w: Work) -> str | None:
    if w.first_page:
        if w.last_page and w.last_page != w.first_page:
            return f"{w.first_page}-{w.last_page}"
        return w.first_page
    return w.elocation


def abbreviated_pgn(w: Work) -> str | None:
    """esummary 'Pages' as NLM abbreviates it (2448-50, e124-e132)."""
    fp, lp = w.first_page, w.last_page
    if fp and lp and fp != lp and fp.isdigit() and lp.isdigit() and len(fp) == len(lp):
        i = 0
        while i < len(fp) - 1 and fp[i] == lp[i]:
            i += 1
        return f"{fp}-{lp[i:]}"
    return medline_pgn(w)


def pubtypes(store: Store, w: Work) -> list[str]:
    types = list(w.pub_types)
    for link in store.links_updating(w):
        if link.notice.in_pubmed and link.notice.kind in RETRACTED_KINDS and link.notice.source != "retraction-watch":
            if "Retracted Publication" not in types:
                types.append("Retracted Publication")
    for link in store.links_noticed_by(w):
        t = PUBMED_NOTICE[link.notice.kind][2]
        if t not in types:
            types.append(t)
    return types


def ref_source(w: Work) -> str:
    """A RefSource line as PubMed writes it: 'Cell Rep. 2022 Jun 28;39(13):111044. doi: 10.x.'"""
    y, m, d = pub_date_parts(w)
    date = str(y) + (f" {MONTHS[m - 1]}" if m else "") + (f" {d}" if m and d else "")
    s = f"{w.journal_nlm or w.journal_iso or w.journal}. {date}"
    if w.volume:
        s += f";{w.volume}"
        if w.issue:
            s += f"({w.issue})"
    pg = medline_pgn(w)
    if pg:
        s += f":{pg}"
    s += "."
    if w.doi:
        s += f" doi: {w.doi}."
    return s


def comments_corrections(store: Store, w: Work) -> list[tuple[str, str, str | None]]:
    """(RefType, RefSource, PMID) triples."""
    out: list[tuple[str, str, str | None]] = []
    for link in store.links_updating(w):
        nt = link.notice
        if not nt.in_pubmed or nt.source == "retraction-watch":
            continue
        reftype = PUBMED_NOTICE[nt.kind][0]
        nw = link.notice_work
        if nt.kind in ("retracted_and_republished", "new_version"):
            rep = None
            if nt.replacement_pmid:
                rep = store.pubmed_get(nt.replacement_pmid)
            if nt.notice_pmid and nt.kind == "retracted_and_republished":
                src = nt.ref_source or (ref_source(nw) if nw else "")
                out.append(("RetractionIn", src, nt.notice_pmid))
            rt = "RetractedandRepublishedIn" if nt.kind == "retracted_and_republished" else "CorrectedandRepublishedIn"
            target_pmid = nt.replacement_pmid or (nt.notice_pmid if nt.kind == "new_version" else None)
            if target_pmid:
                rw = rep or (nw if nt.kind == "new_version" else None)
                out.append((rt, ref_source(rw) if rw else (nt.ref_source or ""), target_pmid))
            continue
        src = nt.ref_source or (ref_source(nw) if nw else "")
        out.append((reftype, src, nt.notice_pmid))
    for link in store.links_noticed_by(w):
        nt = link.notice
        if not nt.in_pubmed:
            continue
        out.append((PUBMED_NOTICE[nt.kind][1], ref_source(link.target), link.target.pmid))
    for link in store.links_replaced_by(w):
        rt = (
            "RetractedandRepublishedFrom"
            if link.notice.kind == "retracted_and_republished"
            else "CorrectedandRepublishedFrom"
        )
        out.append((rt, ref_source(link.target), link.target.pmid))
    return out


def _history(w: Work) -> list[tuple[str, _dt.date, bool]]:
    base = _parse_iso(w.epub) or pub_date_parts(w)
    d0 = _as_date(base)
    return [
        ("received", d0 - _dt.timedelta(days=95), False),
        ("accepted", d0 - _dt.timedelta(days=20), False),
        ("entrez", d0 + _dt.timedelta(days=1), True),
        ("pubmed", d0 + _dt.timedelta(days=2), True),
        ("medline", d0 + _dt.timedelta(days=40), True),
    ]


def efetch_article(store: Store, w: Work) -> str:
    y, m, d = pub_date_parts(w)
    status = "Publisher" if w.status == "aheadofprint" else "MEDLINE"
    ep = _parse_iso(w.epub)
    if w.status == "epublish":
        model = "Electronic"
    elif ep:
        model = "Print-Electronic"
    else:
        model = "Print"
    x = [f'<PubmedArticle><MedlineCitation Status="{status}" Owner="NLM"'
         + (' IndexingMethod="Automated"' if status == "MEDLINE" else "") + ">"]
    x.append(f'<PMID Version="1">{esc(w.pmid)}</PMID>')
    dd = _as_date((y, m, d))
    if status == "MEDLINE":
        dc = dd + _dt.timedelta(days=60)
        x.append(f"<DateCompleted><Year>{dc.year}</Year><Month>{dc.month:02d}</Month><Day>{dc.day:02d}</Day></DateCompleted>")
    x.append("<DateRevised><Year>2025</Year><Month>07</Month><Day>28</Day></DateRevised>")
    x.append(f'<Article PubModel="{model}"><Journal>')
    if w.issn:
        x.append(_el("ISSN", w.issn, IssnType="Print" if model != "Electronic" else "Electronic"))
    elif w.eissn:
        x.append(_el("ISSN", w.eissn, IssnType="Electronic"))
    x.append(f'<JournalIssue CitedMedium="{"Internet" if model == "Electronic" or not w.issn else "Print"}">')
    x.append(_el("Volume", w.volume) + _el("Issue", w.issue))
    x.append("<PubDate>")
    if w.medline_date:
        x.append(_el("MedlineDate", w.medline_date))
    else:
        x.append(f"<Year>{y}</Year>")
        if m:
            x.append(f"<Month>{MONTHS[m - 1]}</Month>")
            if d:
                x.append(f"<Day>{d:02d}</Day>")
    x.append("</PubDate></JournalIssue>")
    x.append(_el("Title", w.journal) + _el("ISOAbbreviation", w.journal_iso or w.journal_nlm))
    x.append("</Journal>")
    x.append(_el("ArticleTitle", article_title(w)))
    pgn = medline_pgn(w)
    if pgn:
        x.append("<Pagination>")
        x.append(_el("StartPage", w.first_page or w.elocation))
        if w.first_page and w.last_page and w.last_page != w.first_page:
            x.append(_el("EndPage", w.last_page))
        x.append(_el("MedlinePgn", pgn) + "</Pagination>")
    if w.doi:
        x.append(_el("ELocationID", w.doi, EIdType="doi", ValidYN="Y"))
    pii = w.pii or (w.elocation if w.elocation else None)
    if pii:
        x.append(_el("ELocationID", pii, EIdType="pii", ValidYN="Y"))
    if w.abstract:
        x.append(f"<Abstract><AbstractText>{esc(w.abstract)}</AbstractText></Abstract>")
    if w.authors or w.collective:
        x.append('<AuthorList CompleteYN="Y">')
        for a in w.authors:
            family, given = a[0], a[1] if len(a) > 1 else None
            x.append('<Author ValidYN="Y">' + _el("LastName", family) + _el("ForeName", given)
                     + _el("Initials", initials_of(given)) + (_el("Suffix", a[2]) if len(a) > 2 else "") + "</Author>")
        if w.collective:
            x.append('<Author ValidYN="Y">' + _el("CollectiveName", w.collective) + "</Author>")
        x.append("</AuthorList>")
    x.append(_el("Language", w.language))
    x.append("<PublicationTypeList>")
    for t in pubtypes(store, w):
        x.append(_el("PublicationType", t, UI=PUBTYPE_UI.get(t, "D000000")))
    x.append("</PublicationTypeList>")
    if ep:
        x.append('<ArticleDate DateType="Electronic">' + f"<Year>{ep[0]}</Year>"
                 + (f"<Month>{ep[1]:02d}</Month>" if ep[1] else "") + (f"<Day>{ep[2]:02d}</Day>" if ep[2] else "")
                 + "</ArticleDate>")
    x.append("</Article>")
    x.append("<MedlineJournalInfo>" + _el("Country", w.country) + _el("MedlineTA", w.journal_nlm or w.journal_iso)
             + _el("NlmUniqueID", w.nlm_unique_id or _fake_nlm_id(w)) + _el("ISSNLinking", w.issn or w.eissn)
             + "</MedlineJournalInfo>")
    if status == "MEDLINE":
        x.append("<CitationSubset>IM</CitationSubset>")
    cc = comments_corrections(store, w)
    if cc:
        x.append("<CommentsCorrectionsList>")
        for rt, src, pmid in cc:
            x.append(f'<CommentsCorrections RefType="{rt}">' + _el("RefSource", src)
                     + (f'<PMID Version="1">{esc(pmid)}</PMID>' if pmid else "") + "</CommentsCorrections>")
        x.append("</CommentsCorrectionsList>")
    x.append("</MedlineCitation><PubmedData><History>")
    for status_name, day, clock in _history(w):
        x.append(f'<PubMedPubDate PubStatus="{status_name}"><Year>{day.year}</Year><Month>{day.month}</Month>'
                 f"<Day>{day.day}</Day>" + ("<Hour>6</Hour><Minute>0</Minute>" if clock else "") + "</PubMedPubDate>")
    x.append("</History>" + _el("PublicationStatus", w.status) + "<ArticleIdList>")
    x.append(_el("ArticleId", w.pmid, IdType="pubmed"))
    if w.doi:
        x.append(_el("ArticleId", w.doi, IdType="doi"))
    if pii:
        x.append(_el("ArticleId", pii, IdType="pii"))
    if w.pmcid:
        x.append(_el("ArticleId", w.pmcid, IdType="pmc"))
    x.append("</ArticleIdList></PubmedData></PubmedArticle>")
    return "".join(x)


def _fake_nlm_id(w: Work) -> str:
    key = norm_journal(w.journal or w.journal_nlm or "")
    return str(100000000 + sum(ord(c) * (i + 1) for i, c in enumerate(key)) % 899999)


def efetch_xml(store: Store, works: list[Work]) -> str:
    body = "".join(efetch_article(store, w) for w in works)
    return f'<?xml version="1.0" ?>\n{EFETCH_DOCTYPE}\n<PubmedArticleSet>\n{body}</PubmedArticleSet>'


def efetch_error(msg: str) -> str:
    return f"{EFETCH_ERROR_HEAD}<eFetchResult>\n\t<ERROR>{esc(msg)}</ERROR>\n</eFetchResult>\n"


# ------------------------------------------------------------------ esummary

def _date_str(parts) -> str:
    y, m, d = parts
    return str(y) + (f" {MONTHS[m - 1]}" if m else "") + (f" {d}" if m and d else "")


def _author_names(w: Work) -> list[str]:
    names = []
    for a in w.authors:
        n = f"{a[0]} {initials_of(a[1] if len(a) > 1 else None)}".strip()
        if len(a) > 2:
            n += f" {a[2]}"
        names.append(n)
    if w.collective:
        names.append(w.collective)
    return names


def _so(w: Work) -> str:
    s = w.medline_date or _date_str(pub_date_parts(w))
    if w.volume:
        s += f";{w.volume}"
        if w.issue:
            s += f"({w.issue})"
    pg = abbreviated_pgn(w)
    if pg:
        s += f":{pg}"
    return s


def _elocation_str(w: Work) -> str:
    parts = []
    if w.elocation:
        parts.append(f"pii: {w.elocation}")
    if w.doi:
        parts.append(f"doi: {w.doi}")
    return ". ".join(parts)


def esummary_xml(store: Store, works: list[Work]) -> str:
    out = [ESUMMARY_HEAD, "<eSummaryResult>\n"]
    for w in works:
        names = _author_names(w)
        ep = _parse_iso(w.epub)
        it = [f"<DocSum>\n\t<Id>{esc(w.pmid)}</Id>"]
        def item(name, typ, val=""):
            it.append(f'\t<Item Name="{name}" Type="{typ}">{esc(val)}</Item>')
        item("PubDate", "Date", w.medline_date or _date_str(pub_date_parts(w)))
        item("EPubDate", "Date", _date_str(ep) if ep else "")
        item("Source", "String", w.journal_nlm or w.journal_iso or "")
        it.append('\t<Item Name="AuthorList" Type="List">')
        for n in names:
            it.append(f'\t\t<Item Name="Author" Type="String">{esc(n)}</Item>')
        it.append("\t</Item>")
        item("LastAuthor", "String", names[-1] if names else "")
        item("Title", "String", article_title(w))
        item("Volume", "String", w.volume or "")
        item("Issue", "String", w.issue or "")
        item("Pages", "String", abbreviated_pgn(w) or "")
        it.append('\t<Item Name="LangList" Type="List">\n\t\t<Item Name="Lang" Type="String">English</Item>\n\t</Item>')
        item("NlmUniqueID", "String", w.nlm_unique_id or _fake_nlm_id(w))
        item("ISSN", "String", w.issn or "")
        item("ESSN", "String", w.eissn or "")
        it.append('\t<Item Name="PubTypeList" Type="List">')
        for t in pubtypes(store, w):
            it.append(f'\t\t<Item Name="PubType" Type="String">{esc(t)}</Item>')
        it.append("\t</Item>")
        item("RecordStatus", "String", "PubMed - indexed for MEDLINE" if w.status != "aheadofprint" else "PubMed - as supplied by publisher")
        item("PubStatus", "String", w.status)
        it.append('\t<Item Name="ArticleIds" Type="List">')
        it.append(f'\t\t<Item Name="pubmed" Type="String">{esc(w.pmid)}</Item>')
        if w.doi:
            it.append(f'\t\t<Item Name="doi" Type="String">{esc(w.doi)}</Item>')
        if w.pmcid:
            it.append(f'\t\t<Item Name="pmc" Type="String">{esc(w.pmcid)}</Item>')
        it.append("\t</Item>")
        if w.doi:
            item("DOI", "String", w.doi)
        it.append('\t<Item Name="History" Type="List">')
        for name, day, _ in _history(w):
            it.append(f'\t\t<Item Name="{name}" Type="Date">{day.year}/{day.month:02d}/{day.day:02d} 00:00</Item>')
        it.append("\t</Item>")
        it.append('\t<Item Name="References" Type="List"></Item>')
        item("HasAbstract", "Integer", "1" if w.abstract else "0")
        item("PmcRefCount", "Integer", "0")
        item("FullJournalName", "String", w.journal or "")
        item("ELocationID", "String", _elocation_str(w))
        item("SO", "String", _so(w))
        it.append("</DocSum>\n")
        out.append("\n".join(it) + "\n")
    out.append("</eSummaryResult>\n")
    return "".join(out)


def esummary_error_xml(msg: str) -> str:
    return f"{ESUMMARY_HEAD}<eSummaryResult>\n\t<ERROR>{esc(msg)}</ERROR>\n</eSummaryResult>\n"


_PUBSTATUS_CODE = {"ppublish": "4", "epublish": "3", "aheadofprint": "10"}


def esummary_json(store: Store, works: list[Work]) -> str:
    result: dict = {"uids": [w.pmid for w in works]}
    for w in works:
        names = _author_names(w)
        ep = _parse_iso(w.epub)
        ids = [{"idtype": "pubmed", "idtypen": 1, "value": w.pmid}]
        if w.pmcid:
            ids.append({"idtype": "pmc", "idtypen": 8, "value": w.pmcid})
        if w.doi:
            ids.append({"idtype": "doi", "idtypen": 3, "value": w.doi})
        if w.elocation or w.pii:
            ids.append({"idtype": "pii", "idtypen": 4, "value": w.pii or w.elocation})
        sort_date = ep or pub_date_parts(w)
        result[w.pmid] = {
            "uid": w.pmid,
            "pubdate": w.medline_date or _date_str(pub_date_parts(w)),
            "epubdate": _date_str(ep) if ep else "",
            "source": w.journal_nlm or w.journal_iso or "",
            "authors": [{"name": n, "authtype": "Author" if i < len(w.authors) else "CollectiveName", "clusterid": ""}
                        for i, n in enumerate(names)],
            "lastauthor": names[-1] if names else "",
            "title": article_title(w),
            "sorttitle": " ".join(fold(article_title(w)).replace(".", "").split()),
            "volume": w.volume or "",
            "issue": w.issue or "",
            "pages": abbreviated_pgn(w) or "",
            "lang": [w.language],
            "nlmuniqueid": w.nlm_unique_id or _fake_nlm_id(w),
            "issn": w.issn or "",
            "essn": w.eissn or "",
            "pubtype": pubtypes(store, w),
            "recordstatus": "PubMed - indexed for MEDLINE" if w.status != "aheadofprint" else "PubMed - as supplied by publisher",
            "pubstatus": _PUBSTATUS_CODE[w.status],
            "articleids": ids,
            "history": [{"pubstatus": n, "date": f"{d.year}/{d.month:02d}/{d.day:02d} 00:00"} for n, d, _ in _history(w)],
            "references": [],
            "attributes": ["Has Abstract"] if w.abstract else [],
            "pmcrefcount": 0,
            "fulljournalname": w.journal or "",
            "elocationid": _elocation_str(w),
            "doctype": "citation",
            "srccontriblist": [],
            "booktitle": "",
            "medium": "",
            "edition": "",
            "publisherlocation": "",
            "publishername": "",
            "srcdate": "",
            "reportnumber": "",
            "availablefromurl": "",
            "locationlabel": "",
            "doccontriblist": [],
            "docdate": "",
            "bookname": "",
            "chapter": "",
            "sortpubdate": "{}/{:02d}/{:02d} 00:00".format(sort_date[0], sort_date[1] or 1, sort_date[2] or 1),
            "sortfirstauthor": names[0] if names else "",
            "vernaculartitle": "",
        }
    return json.dumps({"header": {"type": "esummary", "version": "0.3"}, "result": result}, ensure_ascii=False)


def esummary_error_json(msg: str) -> str:
    return json.dumps({"header": {"type": "esummary", "version": "0.3"}, "error": msg})


# ------------------------------------------------------------------ esearch

def esearch_xml(count: int, ids: list[str], retmax: int, retstart: int, translation: str,
                not_found: list[str], webenv: str | None = None) -> str:
    x = [ESEARCH_HEAD, f"<eSearchResult><Count>{count}</Count><RetMax>{retmax}</RetMax><RetStart>{retstart}</RetStart>"]
    if webenv:
        x.append(f"<QueryKey>1</QueryKey><WebEnv>{esc(webenv)}</WebEnv>")
    if ids:
        x.append("<IdList>\n" + "".join(f"<Id>{i}</Id>\n" for i in ids) + "</IdList>")
    else:
        x.append("<IdList/>")
    x.append(f"<TranslationSet/><QueryTranslation>{esc(translation)}</QueryTranslation>")
    if count == 0:
        if not_found:
            x.append("<ErrorList>" + "".join(f"<PhraseNotFound>{esc(p)}</PhraseNotFound>" for p in not_found) + "</ErrorList>")
        x.append("<WarningList><OutputMessage>No items found.</OutputMessage></WarningList>")
    x.append("</eSearchResult>\n")
    return "".join(x)


def esearch_json(count: int, ids: list[str], retmax: int, retstart: int, translation: str,
                 not_found: list[str], webenv: str | None = None) -> str:
    r: dict = {"count": str(count), "retmax": str(retmax), "retstart": str(retstart)}
    if webenv:
        r["querykey"] = "1"
        r["webenv"] = webenv
    r["idlist"] = ids
    r["translationset"] = []
    r["querytranslation"] = translation
    if count == 0:
        if not_found:
            r["errorlist"] = {"phrasesnotfound": not_found, "fieldsnotfound": []}
        r["warninglist"] = {"phrasesignored": [], "quotedphrasesnotfound": [], "outputmessages": ["No items found."]}
    return json.dumps({"header": {"type": "esearch", "version": "0.3"}, "esearchresult": r})


def esearch_error_xml(msg: str) -> str:
    return f"{ESEARCH_HEAD}<eSearchResult><ERROR>{esc(msg)}</ERROR></eSearchResult>\n"


def esearch_error_json(msg: str) -> str:
    return json.dumps({"header": {"type": "esearch", "version": "0.3"}, "esearchresult": {"ERROR": msg}})


# ------------------------------------------------------------------ ecitmatch

def ecitmatch(store: Store, bdata: str) -> str:
    """One answer line per citation line.

    Quirk of the real service mimicked here: when journal + volume + first page
    identify one record, that PMID is returned whatever the year and author say.
    """
    works = store.pubmed_works()
    journals = {}
    for w in works:
        for name in (w.journal, w.journal_iso, w.journal_nlm):
            if name:
                journals.setdefault(norm_journal(name), []).append(w)
    lines = [ln for ln in bdata.replace("\r\n", "\r").replace("\n", "\r").split("\r") if ln.strip()]
    out = []
    for ln in lines:
        f = ln.split("|")
        f += [""] * (6 - len(f))
        journal, year, volume, page, author, key = (s.strip() for s in f[:6])
        cands = journals.get(norm_journal(journal))
        if not cands:
            out.append(f"{journal}|{year}|{volume}|{page}||{key}|NOT_FOUND;INVALID_JOURNAL")
            continue
        cands = list({id(w): w for w in cands}.values())

        def page_ok(w):
            return page and page.lower() in {(w.first_page or "").lower(), (w.elocation or "").lower()}

        def author_ok(w):
            if not author:
                return True
            a = fold(author).split()
            fam = a[0] if a else ""
            return any(fold(p[0]).replace(" ", "").startswith(fam) for p in w.authors[:1])

        def year_ok(w):
            return not year or str(pub_date_parts(w)[0]) == year

        hits = []
        if volume and page:
            hits = [w for w in cands if (w.volume or "") == volume and page_ok(w)]
            if len(hits) > 1:
                narrowed = [w for w in hits if author_ok(w) and year_ok(w)]
                hits = narrowed or hits
        else:
            hits = [w for w in cands if year_ok(w) and author_ok(w)
                    and (not volume or (w.volume or "") == volume) and (not page or page_ok(w))]
            if not (year or author):
                hits = hits if len(hits) == 1 else hits  # nothing to go on
        if len(hits) == 1:
            res = hits[0].pmid
        elif len(hits) > 1:
            res = "AMBIGUOUS"
        else:
            res = "NOT_FOUND"
        out.append(f"{journal}|{year}|{volume}|{page}|{author}|{key}|{res}")
    return "".join(line + "\n" for line in out)
