"""One reference entry (a string) → a Reference with its fields.

Two families of styles are recognised:

* numeric styles, NLM/Vancouver and AMA: ``Authors. Title. Journal. 2017 Jun 20;317(23):2448-50.``
* author-date styles, APA and Harvard: ``Authors (2019). Title. Journal, 12(3), 45-67.``

Identifiers (DOI, PMID, PMCID, URL, access date) and notes (``Epub``, ``Retraction in:``) are
taken out first, wherever they stand; what is left is split by the family's grammar.
Every regex is compiled once at import.
"""

from __future__ import annotations

import re

from refcheck.model import Reference
from refcheck.normalize import dashes, expand_pages, normalize_doi
import os as _os

from refcheck.parse.boundary import repair as repair_boundary
from refcheck.parse.generic import parse_generic
from refcheck.dates import MON, MON_ANY, iso, month_number, parse_date

_WS = re.compile(r"\s+")
_PII_TAG = re.compile(r"\s*(?:\bdoi\s*:?\s*)?\S{1,60}\s*\[pii\]\s*;?", re.I)
_ID_TAG = re.compile(r"\s*\[(?:doi|pii|pmid|pmcid|pubmed|medline)\]", re.I)
MAX_GRAMMAR_CHARS = 3000

# --------------------------------------------------------------------------- identifiers
_DOI = re.compile(
    r"(?:\bdoi\s*:?\s*|\bhttps?://(?:dx\.)?doi\.org/|\b(?:dx\.)?doi\.org/)?\b(10\.\d{4,9}/(?:[^\s\"<>]|<[^\s<>]*>)+)",
    re.I,
)
_PMID = re.compile(r"\b(?:PMID|PubMed)\s*:?\s*(\d{1,9})\b", re.I)
_PMCID = re.compile(r"\b(?:PMCID\s*:?\s*)?(PMC\d{3,})\b", re.I)
_URL = re.compile(r"(?:\bhttps?://|\bwww\.)[^\s<>\"]+", re.I)
_ACCESS_LABEL = (
    r"(?:\[|\()?\s*(?:last\s+)?(?:accessed|cited|retrieved|viewed|consulted|citado|acesso|accedido|acceso|consultado|zugegriffen|abgerufen)(?:\s+(?:on|em|en|el|am))?\s*:?\s*"
)
_DATEPAT = (
    rf"(?:(?:1[5-9]|20)\d\d\s+{MON_ANY}(?:\s+\d{{1,2}})?"
    rf"|{MON_ANY}\s+\d{{1,2}},?\s+(?:1[5-9]|20)\d\d"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{MON_ANY},?\s+(?:1[5-9]|20)\d\d"
    rf"|(?:1[5-9]|20)\d\d-\d\d-\d\d"
    rf"|{MON_ANY}\s+(?:1[5-9]|20)\d\d)"
)
_ACCESSED = re.compile(_ACCESS_LABEL + rf"(?P<date>{_DATEPAT})\s*(?:\]|\))?(?:,?\s*from\b)?\.?", re.I)
_AVAILABLE = re.compile(
    r"\b(?:Available\s+(?:at|from|online)\s*:?|Retrieved\s+from\s*:?|URL\s*:|Online\s*:|Dispon[ií]ve(?:l|is)\s+em\s*:?|Disponible\s+en\s*:?|Verf[üu]gbar\s+unter\s*:?)", re.I
)
_INTERNET = re.compile(r"\[(?:Internet|online|Online|homepage on the Internet)\]")
_EPUB_NOTE = re.compile(
    rf"\b(?:Epub|E-?pub(?:lished)?|Published online|Online ahead of print)\s*:?\s*(?:ahead of print\s*)?(?P<date>{_DATEPAT}|(?:1[5-9]|20)\d\d)\.?",
    re.I,
)
_EPUB_FLAG = re.compile(r"\[?\b(?:Epub|E-pub) ahead of print\]?\.?|\bOnline ahead of print\.?", re.I)
_NOTES = re.compile(
    r"\b(?:Erratum|Retraction|Comment|Update|Republished|Corrected and republished|Expression of concern"
    r"|Retracted and republished|Corrigendum)\s+(?:in|for|of|from)\s*:",
    re.I,
)
_RETRACTED = re.compile(
    r"\b[Rr]etraction\s+(?:in|of)\s*:|\[\s*(?i:retracted)(?:\s+(?i:article|publication))?\s*\]|\bRETRACTED\b"
    r"|\bRetracted\s+(?:article|publication)\b|\(\s*(?i:retracted)\s*\)|\b(?i:this article has been retracted)\b"
)
_RETRACT_TOKEN = re.compile(
    r"\s*(?:\[\s*(?i:retracted)(?:\s+(?i:article|publication))?\s*\]|\(\s*(?i:retracted)\s*\)|\bRETRACTED(?:\s+ARTICLE)?\s*:?)\s*"
)

# --------------------------------------------------------------------------- numeric styles
_YEAR = r"(?:1[5-9]|20)\d\d"
_NLM_SRC = re.compile(
    rf"""
    (?P<pre>(?:^|(?<=[.?!\]])\s+|\s*;\s*|\s*,\s*(?=(?:{_YEAR})\s*[;:])
        # BMJ/Lancet house style: no full stop after the journal ("BMJ 2021;372:n71")
        |(?<=[A-Za-z)])\s+(?=(?:{_YEAR})[a-z]?(?:\s+(?:{MON_ANY})(?:\s*[-/]\s*(?:{MON_ANY}))?(?:\s+\d{{1,2}})?)?\s*;\s*[^\s;]*\d)))
    (?P<year>{_YEAR})[a-z]?
    (?:\s+(?P<mon>{MON_ANY}|Spring|Summer|Autumn|Fall|Winter)(?:\s*[-/]\s*(?:{MON_ANY}|Spring|Summer|Autumn|Fall|Winter))?
       (?:\s+(?P<day>\d{{1,2}})(?:\s*-\s*\d{{1,2}})?)?)?
    (?:
        \s*;\s*(?P<vol>[^():;,.\s]+(?:\s+(?:Suppl|Pt)\s*[\w]*)?)?
        \s*(?:\((?P<iss>[^()]*(?:\([^()]*\)[^()]*)?)\))?
        \s*(?::\s*(?P<pages>[A-Za-z]{{0,3}}\d[\w]*(?:\s*-\s*[A-Za-z]{{0,3}}\d[\w]*)?(?:\s*,\s*[A-Za-z]{{0,3}}\d[\w]*(?:\s*-\s*[A-Za-z]{{0,3}}\d[\w]*)?)*))?
      | \s*:\s*(?P<pages2>[A-Za-z]{{0,3}}\d[\w()]*(?:\s*-\s*[A-Za-z]{{0,3}}\d[\w()]*)*)
    )?
    \s*(?=[.\[]|$)
    """,
    re.X,
)
_SENT = re.compile(r"(?<=[.?!])(?<![A-Z]\.[A-Z]\.)(?<!\bSt\.)\s+(?=\S)")
_NLM_AUTHOR = re.compile(r"^[^\W\d_][\w'’.\- ]*\s[A-Z]{1,4}(?:\s(?:Jr|Sr|II|III|IV|2nd|3rd))?\.?$|^et\.? al\.?$")
_ET_AL = re.compile(r",?\s*\bet\.?\s+al\b\.?", re.I)
_IN = re.compile(r"(?:^|\s)In:\s+")
_EDITORS = re.compile(r"^(?P<eds>.*?),?\s*(?:editors?|eds?|editor\(s\))\.\s*", re.I)
_EDITION = re.compile(r"^(?:\d+(?:st|nd|rd|th)|[A-Z][a-z]+)\s+(?:ed|edn|edition)\.?$|^Rev(?:ised)? ed\.?$", re.I)
_PUBPLACE = re.compile(r"^(?P<city>[^:;]{2,60}?):\s*(?P<pub>[^:;]+?)\.?$")
_P_PAGES = re.compile(r"\bpp?\.\s*(?P<p>[A-Za-z]{0,3}\d[\w]*(?:\s*-\s*[A-Za-z]{0,3}\d[\w]*)?)")
_CONF = re.compile(r"\b(?:Proceedings|Proc\.|Conference|Symposium|Congress|Workshop|Meeting|Colloquium|Summit)\b", re.I)
_CONF_APA = re.compile(r"\[(?:Paper|Poster|Conference)\s+(?:presentation|session|paper)\]|\[Conference\b", re.I)
_THESIS = re.compile(
    r"\[(?:dissertation|thesis|master'?s thesis|doctoral dissertation|PhD thesis)[^\]]*\]|\b(?:PhD|Ph\.D\.|Doctoral|Master'?s|MSc|MD)\s+(?:thesis|dissertation)\b|\bdissertation\b|\b(?:Dissertação|Tese|Tesis|Thèse|Dissertation)\s*\((?:Mestrado|Doutorado|Maestría|Doctorado|Doctorat|Master|Doctor)",
    re.I,
)
_REPORT = re.compile(
    r"\b(?:Technical|Research|Working|Policy|Annual|Final|Evidence)\s+[Rr]eport\b|\bReport\s+(?:No|Number|series)\b|\bWorking Paper\b|\bTechnical Report Series\b",
    re.I,
)
_UPDATED = re.compile(rf"\b(?:Last\s+)?(?:Updated|Modified|Revised|Posted|Published)(?:\s+on)?\s*:?\s*(?P<date>{_DATEPAT})\.?", re.I)
# Lancet house style for online-first: "Lancet 2020; published online March 11."
_LANCET_ONLINE = re.compile(rf"(?P<year>{_YEAR})\s*;\s*published online\s+(?P<mon>{MON})\s+(?P<day>\d{{1,2}})\b\.?", re.I)
# AMA preprints: "medRxiv. Preprint posted online May 25, 2020."
_PREPRINT_POSTED = re.compile(rf"\bPreprint\s+posted\s+online\s*:?\s*(?P<date>{_DATEPAT})\.?", re.I)
_PREPRINT_SERVER = re.compile(
    r"^(?:medRxiv|bioRxiv|arXiv|Research Square|SSRN|Preprints|PsyArXiv|SocArXiv|OSF Preprints|ChemRxiv|Preprints\.org)\b", re.I
)
_DATASET = re.compile(r"\[\s*data\s*set\s*\]", re.I)
_PREPRINT_TAG = re.compile(r"\s*\[Preprint\]", re.I)
# "et al" without its full stop before the title: "Hu Y, et al Clinical features ..."
_ET_AL_NODOT = re.compile(r"\bet al(?=\s+[A-Z0-9])")
# copy-paste damage: no space between the journal's full stop and the year ("J Adolesc Health.2020;66")
_GLUED_YEAR = re.compile(rf"(?<=[A-Za-z])\.(?=(?:{_YEAR})\s*[;(:])")
_PRESENTED_AT = re.compile(r"(?:^|(?<=[.?!])\s+)(?:(?:Paper|Poster|Abstract)\s+)?presented at\s*:?\s*(?P<conf>.+)$", re.I)
_ORG = re.compile(
    r"\b(?:Organi[sz]ation|Centers?|Centres?|Department|Institute|Agency|Association|Society|Ministry|Council|Committee"
    r"|Foundation|Office|Service|College|Federation|Administration|Board|Commission|NHS|WHO|CDC|NICE|Digital)\b"
)
_PUBLISHED_ONLINE = re.compile(rf"\bPublished online\s*:?\s*(?P<date>{_DATEPAT})\.?", re.I)

# --------------------------------------------------------------------------- author-date styles
_INITIAL = r"(?:[A-Z][a-z]?\.|[A-Z]\b)"
_AD_HEAD = re.compile(
    rf"""^(?P<authors>[^()]*?(?:\([^()]*\)[^()]*?)??),?\s*
    \(\s*(?P<date>(?P<year>{_YEAR})[a-z]?(?:\s*,\s*(?P<mon>[A-Za-z]+)\.?(?:\s+(?P<day>\d{{1,2}})(?:\s*-\s*\d{{1,2}})?)?)?|n\.\s?d\.|in\s+press|forthcoming)\s*\)
    [.,:]?\s*(?P<rest>.*)$""",
    re.X | re.I,
)
_AD_HEAD_HARVARD = re.compile(rf"^(?P<authors>[^()\d]+?),?\s+(?P<year>{_YEAR})[a-z]?\.\s+(?P<rest>.*)$")
_SENTENCE_IN_AUTHORS = re.compile(
    r"(?:[a-z]{3}|\b[A-Z]{1,2})\.\s+[A-Z][a-z]+\s+[a-z]+\s+[a-z]|[a-z]{3}\.\s+[A-Z][a-z]"
    r"|\b[A-Z]\.\s+[A-Z][a-z]+(?:\s+\S+){2,}\s+[a-z]{3,}"  # "SILVA, J. R. Vitamina D em idosos": a title after the initials
)
_QUOTED_TITLE = re.compile(r"^[‘'“\"](?P<title>.+?)[’'”\"](?=[,.]?\s|[,.]?$)[,.]?\s*(?P<rest>.*)$")
_AD_SRC = re.compile(
    r"""(?:^|(?<=[.?!’'”\"])\s*,?\s*|(?<=,)\s+)
    (?P<journal>[^\W\d_][^.?!]{0,200}?)
    (?:,\s*|\s+)(?:vol(?:ume)?\.?\s*)?(?P<vol>\d+[A-Za-z]?)
    (?:\s*\((?P<iss>[^()]+)\)|,?\s*(?:no|issue)\.?\s*(?P<iss2>[\w-]+))?
    (?:\s*[,:]\s*(?:(?:pp?\.)\s*|Article\s+(?:No\.?\s*)?)?(?P<pages>[A-Za-z]{0,3}\d[\w]*(?:\s*-\s*[A-Za-z]{0,3}\d[\w]*)?))?
    \s*(?:\.|$)""",
    re.X,
)
_APA_INBOOK = re.compile(
    r"(?:^|(?<=[.?!’'”\"])\s*,?\s*)[Ii]n:?\s+(?P<eds>.*?)\s*\((?:Eds?|eds?|ed|Ed|Hrsg)\.?s?\)\.?,?\s*(?P<book>.*)$"
)
_APA_INPROC = re.compile(
    r"(?:^|(?<=[.?!’'”\"])\s*,?\s*)[Ii]n:?\s+(?P<book>(?:[^()]*\(pp?\.[^)]*\).*|(?:the\s+)?Proceedings\b.*))$"
)
_PAREN_NO = re.compile(r"\s*\((?:[A-Z][A-Za-z.]*\s+)?(?:Report|Publication|Pub\.|Technical Report|Working Paper|Issue Brief|Cat\.?|Catalogue)\s+No\.?[^)]*\)", re.I)
_PAREN_PAGES = re.compile(r"\((?:[^()]*?,\s*)?pp?\.\s*(?P<p>[\w]+(?:\s*-\s*[\w]+)?)\)")
_PAREN_EDN = re.compile(r"\s*\((?:\d+(?:st|nd|rd|th)|[A-Z][a-z]+\.?|Rev\.?)\s+(?:ed|edn)\.?(?:(?!pp?\.)[^()])*\)", re.I)
_EDN_SENT = re.compile(r"^(?:\d+(?:st|nd|rd|th)|[A-Z][a-z]+)\s+(?:ed|edn|edition)\.?$", re.I)
_APA_AUTHOR_SPLIT = re.compile(r"\s*(?:,\s*&\s*|\s&\s|,\s*and\s+|\sand\s|,?\s(?:et|y|e|und)\s(?=[A-ZÀ-Þ])|;\s*|,\s*)\s*")
_INITIALS_ONLY = re.compile(rf"^(?:{_INITIAL}\s*-?\s*)+$")
_FUNCTION_WORDS = frozenset("of and for the on in at to a an & de la du der des von van".split())
_BRACKET_DESC = re.compile(r"\s*\[[^\]]{0,300}\]")


def _clean(s: str) -> str:
    return _WS.sub(" ", s).strip()


_EDS_SEG = re.compile(r",\s*(?:editors?|eds?)\.?$", re.I)
_TRAILING_DESC = re.compile(r"(?<=\S)\s*\[[^\[\]]+\]\s*\.?$")


def _title(s: str | None) -> str | None:
    """A title without its trailing bracketed description ('[dissertation]', '[Article in Spanish]')."""
    s = _strip_end(s)
    if s:
        s = _strip_end(_TRAILING_DESC.sub("", s))
    return s


def _strip_end(s: str | None) -> str | None:
    if s is None:
        return None
    s = s.strip().rstrip(",;:").strip()
    if s.endswith(".") and not s.endswith(".."):
        s = s[:-1]
    s = s.strip()
    return s or None


def _trim_url(u: str) -> str:
    """Trailing punctuation and unbalanced closing brackets are the sentence's, not the URL's
    (or the DOI's: `_trim_doi` is the same rule)."""
    u = u.rstrip(".,;:")
    while u.endswith(")") and u.count(")") > u.count("("):
        u = u[:-1].rstrip(".,;:")
    while u.endswith("]") and u.count("]") > u.count("["):
        u = u[:-1].rstrip(".,;:")
    return u


# a URL's query string or fragment after a DOI is not part of it ("…/10.1001/jama.2017.4392?utm_source=x")
_QUERY_TAIL = re.compile(r"[?#](?:[\w.-]+=|$|[\w-]*$).*$")


_trim_doi = _trim_url


_ACCESS_WORDS = re.compile(r"access|acesso|cited|citado|retriev|viewed|consult|acces|accedido|zugegriffen|abgerufen")
_TRAIL_PUNCT = re.compile(r"[.;,](?:\s+[.;,])+\s*$")
_SPACE_PUNCT = re.compile(r"\s+([.,;])")
_REPEAT_PUNCT = re.compile(r"([.;,])(?:\s+[.;,])+")


_MON_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class _Fields(dict):
    """A mutable bag of fields, turned into a Reference at the end."""


# --------------------------------------------------------------------------- authors
def _split_nlm_authors(seg: str) -> tuple[tuple[str, ...], bool]:
    seg = seg.strip().rstrip(".").strip()
    et_al = False
    if _ET_AL.search(seg):
        et_al = True
        seg = _ET_AL.sub("", seg)
    seg = _EDS_SEG.sub("", seg).strip()  # "Goldman L, Schafer AI, eds."
    out: list[str] = []
    for gi, group in enumerate(seg.split(";")):
        if gi > 0 and group.strip() and not _looks_like_nlm_authors(group):
            out.append(_strip_end(group.strip()) or "")  # after ';' stands a collective author, commas and all
            continue
        for a in group.split(","):
            a = a.strip().rstrip(".").strip()
            if not a:
                continue
            if a.lower().startswith("and "):
                a = a[4:].strip()
            # "Tanaka H and Suzuki Y": two people joined by "and"
            pair = a.split(" and ")
            if len(pair) == 2 and all(_NLM_AUTHOR.match(x.strip()) for x in pair):
                out.extend(x.strip() for x in pair)
                continue
            out.append(a)
    return tuple(a for a in out if a), et_al


def _looks_like_nlm_authors(seg: str) -> bool:
    seg = _EDS_SEG.sub("", _ET_AL.sub("", seg.strip().rstrip(".")))
    parts = [p.strip() for p in re.split(r"[,;]|\s+and\s+", seg) if p.strip()]
    if not parts:
        return False
    return all(_NLM_AUTHOR.match(p) for p in parts)


def _split_ad_authors(seg: str) -> tuple[tuple[str, ...], bool]:
    """APA / Harvard: 'Smith, J. A., Jones, B., & Brown, C.' → ('Smith, J. A.', 'Jones, B.', 'Brown, C.')."""
    seg = seg.strip().rstrip(",").strip()
    et_al = False
    if _ET_AL.search(seg):
        et_al = True
        seg = _ET_AL.sub("", seg).strip()
    if "," in seg and not re.search(r"\b[A-Z]\.", seg) and _looks_like_nlm_authors(seg):
        return _split_nlm_authors(seg)[0], et_al  # Springer / Vancouver names: "Arnett DK, Blumenthal RS"
    if not re.search(r"\b[A-Z]\.", seg) and not re.search(r",\s*[A-Z]{1,3}\b", seg):
        return ((_strip_end(seg) or seg),) if seg else (), et_al  # a group author: "X and Y" is one name
    seg = re.sub(r"\s*\.\.\.\s*", ", ", seg)
    seg = seg.replace("…", ", ")
    parts = [p for p in _APA_AUTHOR_SPLIT.split(seg) if p and p.strip()]
    out: list[str] = []
    for p in parts:
        p = p.strip()
        if _INITIALS_ONLY.match(p) and out and "," not in out[-1]:
            out[-1] = f"{out[-1]}, {p}"
        else:
            out.append(p)
    cleaned = []
    for a in out:
        if "," not in a:  # group author or surname-only: drop the sentence full stop
            a = _strip_end(a) or ""
        if a:
            cleaned.append(a)
    return tuple(cleaned), et_al


def _looks_like_group_or_authors(seg: str) -> bool:
    """True if an author-date head is a list of people or a group name, not a title."""
    s = seg.strip().rstrip(".")
    if not s:
        return False
    if re.search(_INITIAL, s) and ("," in s or "&" in s or " and " in s or re.search(r"\b[A-Z]\.", s)):
        return True
    words = s.split()
    if len(words) > 10:
        return False
    return all(w[0].isupper() or w.lower() in _FUNCTION_WORDS or not w[0].isalpha() for w in words)


_DATE_TAIL = re.compile(rf",\s*(?:\d{{1,2}}\s+{MON_ANY}|{MON_ANY}(?:\s+\d{{1,2}})?)\s*$")
# "10.1016/j. memsci.2011.11.020": a DOI broken at a line end, its second half a run of letters, digits and dots
_BROKEN_DOI = re.compile(r"(\b10\.\d{4,9}/[^\s]*[./-])\s+(?=[a-z][a-z0-9]*[./-][\w./-]*\d)")
_SPACED_DOI = re.compile(r"\b10\s+\.(\d{4,9})\s+/\s*")
_INLINE_TAG = re.compile(r"</?(?:italic|bold|i|b|em|strong|sup|sub|sc|u|underline|span)(?:\s[^<>]{0,80})?>")
# Korean 제30권 제7호, Chinese 第40卷 21期, Japanese 12巻 3号: the labels of volume and issue
_CJK_NUMBERS = re.compile(r"(?:제|第)?\s*(\d{1,5})\s*(권|卷|巻|호|期|号)")


def _cjk_numbers(s: str) -> str:
    s = _CJK_NUMBERS.sub(lambda m: (" Vol. " if m.group(2) in "권卷巻" else " No. ") + m.group(1) + " ", s)
    return re.sub(r"\s{2,}", " ", s).replace(" .", ".").replace(" ,", ",").strip()


# --------------------------------------------------------------------------- the parser
def parse_entry(raw: str, n: int, line: int | None = None) -> Reference:
    """Parse one entry; never raises (an entry it cannot read comes back with few fields)."""
    try:
        f = _parse(raw)
    except Exception:  # pragma: no cover - defensive: a parse failure must not stop a whole list
        f = {"type": "other"}
    return Reference(n=n, raw=raw, line=line, **f)


def _parse(raw: str) -> dict:
    s = dashes(_clean(raw))
    if "</" in s:
        s = _clean(_INLINE_TAG.sub("", s))  # "<italic>Journal of Membrane Science,</italic>": JATS markup left in
    f: dict = {}
    if "et al " in s:
        s = _ET_AL_NODOT.sub("et al.", s)
    s = _GLUED_YEAR.sub(". ", s)
    if not s.isascii() and _CJK_NUMBERS.search(s):
        s = _cjk_numbers(s)
    low = s.lower()  # cheap substring tests first: most entries hold none of these
    preprint = bool(_PREPRINT_TAG.search(s)) or bool(re.search(r"\b(?:medRxiv|bioRxiv|arXiv|Research Square|SSRN)\b", s))

    # -- retraction note, appended notes ("Erratum in: ...")
    if "retract" in low:
        if _RETRACTED.search(s):
            f["retraction_noted"] = True
        s = _RETRACT_TOKEN.sub(" ", s).strip()
    if ":" in s:
        m = _NOTES.search(s)
        if m and m.start() > 0:
            s = s[: m.start()].rstrip()

    if "URLhttp" in s:
        s = s.replace("URLhttp", "URL: http")  # "URLhttp://…": BibTeX output with the space lost
    # -- identifiers ("10.1038/nrn2947[doi]": PubMed's tags are not part of the DOI)
    if "[" in s:
        if "[pii]" in low:
            s = _PII_TAG.sub(" ", s)
        s = _ID_TAG.sub(" ", s)
    if "10 ." in s:
        s = _SPACED_DOI.sub(r"10.\1/", s)  # "doi:10 .1073 /pnas.1018514108": spaces from a PDF's layout
    if "10." in s:
        if "/j. " in s or ". " in s[s.find("10.") :]:
            s = _BROKEN_DOI.sub(r"\1", s)

        m = _DOI.search(s)
        if m:
            doi = _trim_doi(_QUERY_TAIL.sub("", m.group(1)))
            f["doi"] = normalize_doi(doi)
            inside = next((u for u in _URL.finditer(s) if u.start() < m.start(1) < u.end()), None)
            if inside is None or "doi.org/" in inside.group(0).lower():
                end = m.start(1) + len(doi)
                s = (s[: m.start()] + " " + s[end:]).strip()
            # else: a DOI inside a publisher's URL: the URL step below keeps the URL whole
    if "pmid" in low or "pubmed" in low:
        m = _PMID.search(s)
        if m:
            f["pmid"] = m.group(1)
            s = (s[: m.start()] + s[m.end() :]).strip()
    if "pmc" in low:
        m = _PMCID.search(s)
        if m:
            f["pmcid"] = m.group(1).upper()
            s = (s[: m.start()] + s[m.end() :]).strip()
    if "http" in low or "www." in low:
        m = _URL.search(s)
        if m:
            url = _trim_url(m.group(0))
            f["url"] = url
            s = (s[: m.start()] + " " + s[m.start() + len(url) :]).strip()
    accessed_year = None
    if _ACCESS_WORDS.search(low):
        m = _ACCESSED.search(s)
        if m:
            y, mo, d = parse_date(m.group("date"))
            f["accessed"] = iso(y, mo, d)
            accessed_year = y
            s = (s[: m.start()] + " " + s[m.end() :]).strip()
    web_hint = False
    if "vailable" in low or "retrieved" in low or "url" in low or "online" in low or "dispon" in low or "verf" in low:
        if _AVAILABLE.search(s):
            web_hint = True
            s = _AVAILABLE.sub(" ", s)
    if "[" in s and _INTERNET.search(s):
        web_hint = True
        s = _INTERNET.sub("", s)
    epub_note = None
    updated = None
    online_first = False
    if "pub" in low or "online" in low or "posted" in low or "updated" in low or "ised" in low or "ified" in low:
        m = _LANCET_ONLINE.search(s)
        if m:
            s = f"{s[: m.start()].rstrip()}. {m.group('year')} {m.group('mon')} {m.group('day')}. {s[m.end():].lstrip()}"
            online_first = True
        m = _PREPRINT_POSTED.search(s)
        if m:
            y, mo, d = parse_date(m.group("date"))
            s = f"{s[: m.start()].rstrip()} {iso(y, mo, d) and ' '.join(str(x) for x in (y, _MON_ABBR[mo - 1] if mo else None, d) if x)}. {s[m.end():].lstrip()}"
            preprint = True
        m = _PUBLISHED_ONLINE.search(s) or _EPUB_NOTE.search(s)
        if m:
            epub_note = parse_date(m.group("date"))
            s = (s[: m.start()] + " " + s[m.end() :]).strip()
        m = _UPDATED.search(s)
        if m:
            updated = parse_date(m.group("date"))
            s = (s[: m.start()] + " " + s[m.end() :]).strip()
        online_first = online_first or bool(_EPUB_FLAG.search(s))
        if _EPUB_FLAG.search(s):
            s = _EPUB_FLAG.sub(" ", s)
    s = _clean(s)
    # leftover punctuation from removed identifiers ("Nutrients. 2018;10:1. . PMID")
    s = _TRAIL_PUNCT.sub(".", s)
    s = _SPACE_PUNCT.sub(r"\1", s)
    s = _REPEAT_PUNCT.sub(r"\1", s).strip()
    if len(s) > MAX_GRAMMAR_CHARS:
        # no real entry is this long (the longest of 591 real ones: 579 characters); the grammars
        # read its start, so that a hostile entry costs bounded time (identifiers were read in full)
        s = s[:MAX_GRAMMAR_CHARS]

    head = _AD_HEAD.match(s)
    if head and (_SENTENCE_IN_AUTHORS.search(head.group("authors")) or re.search(r"\d", head.group("authors"))):
        head = None
    if head is None:
        h2 = _AD_HEAD_HARVARD.match(s)
        if h2 and "," in h2.group("authors") and not _SENTENCE_IN_AUTHORS.search(h2.group("authors")) and re.search(_INITIAL + r"\s*(?:,|$|\s+and\s|\s*&)", h2.group("authors")):
            head = h2
    if head is not None:
        _author_date(head, f, web_hint)
    else:
        _numeric(s, f, web_hint, online_first)
    _MODE = _os.environ.get("REFCHECK_PARSE_MODE", "auto")
    qf = _quality(f)
    # a full reading cannot be beaten, unless its title holds a sentence break (a group, a journal's first words)
    if _MODE != "old" and s and (_MODE == "generic" or qf < 8 or ". " in (f.get("title") or "")):
        g = parse_generic(s, has_id=bool(f.get("doi")))
        pii = "(" in (f.get("pages") or "")  # a Lancet PII "S0140-6736(20)31180-6", read by the NLM grammar
        qg = _quality(g)
        # a tie, where the other reading's title is this one's with names left in front of it
        gt, ft = g.get("title"), f.get("title")
        tail_title = bool(gt and ft and len(ft) > len(gt) and ft.endswith(gt))
        # or this one's title ran into the journal: "…centrosomes. Mol. Biol" + "Cell"
        tail_title = tail_title or bool(
            gt and ft and len(ft) > len(gt) and ft.startswith(gt) and g.get("journal") and f.get("journal")
            and len(g["journal"]) > len(f["journal"]) and g["journal"].endswith(f["journal"])
            and bool(_ABBR_RUN.match(ft[len(gt) :]))
        )
        if _MODE == "generic" or ((qg > qf + 0.5 or (qg >= qf and tail_title)) and not pii):
            for k in ("authors", "et_al", "title", "journal", "year", "month", "day", "volume", "issue", "pages", "publisher", "type", "epub"):
                f.pop(k, None)
            f.update(g)
    repair_boundary(f, s)
    if f.get("type") == "book" and _THESIS.search(s):
        f["type"] = "thesis"  # "120 f. Dissertação (Mestrado em Nutrição) – Universidade …"
    t = f.get("title")
    if t and t[:1] in "«„" and t[-1:] in "»“”" and t.count("«") <= 1:
        f["title"] = t[1:-1].strip()  # « Le rôle du magnésium »: the quotes are the style's, not the title's

    if epub_note and epub_note[0]:
        if not f.get("volume") and not f.get("epub") and f.get("type", "journal") == "journal":
            f["epub"] = iso(*epub_note)
            if f.get("year") is None:
                f["year"], f["month"], f["day"] = epub_note
    if updated and updated[0] and f.get("year") is None:
        f["year"], f["month"], f["day"] = updated
    if f.get("url") and f.get("type") == "journal" and not f.get("journal") and not f.get("volume"):
        f["type"] = "web"
    if not f.get("pages") and ("p." in s or "pages" in s):
        mp = _END_PAGES.search(s) or _MID_PAGES.search(s)
        if mp:  # "… Curran Associates, Inc. pp. 1692–1700.", "(CVPR), pages 1939–1946. IEEE, 2013."
            f["pages"] = expand_pages(mp.group(1))
    if f.get("volume") and f.get("volume") == str(f.get("year")) and not f.get("pages") and not f.get("issue"):
        # "Insight Crime, 2 March 2016.": a newspaper's date, not a volume numbered as the year
        f["volume"] = None
        if f.get("journal"):
            f["journal"] = _DATE_TAIL.sub("", f["journal"]) or f["journal"]
    if f.get("title") and f.get("year") and not f.get("volume") and str(f["year"]) in f["title"]:
        my = re.search(rf"(?:,\s*|\s+)(?:{MON}\.?\s+)?{f['year']}[a-z]?(?:,\s*|\s+)(?=[A-Z])|\s+{MON}\.?\s+{f['year']}$", f["title"])
        if my and len(f["title"][: my.start()].split()) >= 3:
            f["title"] = f["title"][: my.start()]  # "Self Organizing Maps 1995 Springer Heidelberg"
    if f.get("title") and f["title"].endswith(")"):
        # "Title (8ª ed)", "Title (Unpublished doctoral dissertation)": notes, not the title
        f["title"] = _strip_end(_TITLE_NOTE.sub("", f["title"])) or f["title"]
    if f.get("title") and ", volume" in f["title"]:
        mv = _TITLE_VOLUME.search(f["title"])
        if mv:
            f["title"] = _strip_end(f["title"][: mv.start()]) or f["title"]
            f["volume"] = f.get("volume") or mv.group(1)
    if "set]" in low and _DATASET.search(raw):  # "[dataset]", "[Data set]": neither a web page nor a book
        f["type"] = "other"
    if preprint:
        for k in ("journal", "publisher"):
            if f.get(k):
                f[k] = _strip_end(_PREPRINT_TAG.sub("", f[k]))
        src = f.get("journal") or f.get("publisher")
        if src and _PREPRINT_SERVER.match(src) and not f.get("pages") and re.fullmatch(r"\d{6,9}", f.get("volume") or ""):
            f["pages"], f["volume"] = f["volume"], None  # "bioRxiv 312470": the preprint's number, no volume
        if src and _PREPRINT_SERVER.match(src):
            # a preprint: the server is its "journal"; its posting date is not an online-first date
            f["journal"], f["type"], f["epub"] = src, "journal", None
            if f.get("publisher") == src:
                f["publisher"] = None
    if f.get("type") == "web" and f.get("year") is None and accessed_year:
        f["year"] = accessed_year
    if f.get("year") is None and accessed_year and not (f.get("title") or f.get("journal")):
        f["year"] = accessed_year
        f["type"] = "web"
    return {k: v for k, v in f.items() if v is not None}


# ---- numeric (NLM / Vancouver / AMA)
def _numeric(s: str, f: dict, web_hint: bool, online_first: bool) -> None:
    if not s:
        f["type"] = "web" if web_hint or f.get("url") else "other"
        return
    chapter_part = None
    m_in = _IN.search(s)
    if m_in:
        chapter_part = s[m_in.end() :]
        s_main = s[: m_in.start()].strip()
    else:
        s_main = s

    mp_at = _PRESENTED_AT.search(s_main) if chapter_part is None else None
    if mp_at:
        parts = [x.strip() for x in mp_at.group("conf").split(";")]
        before = s_main[: mp_at.start()].strip()
        segs = [x for x in _SENT.split(before) if x.strip()]
        authors_seg, title = _authors_title(segs)
        if authors_seg:
            f["authors"], f["et_al"] = _split_nlm_authors(authors_seg)
        f["title"] = _title(title)
        f["journal"] = _strip_end(parts[0])
        for p in parts[1:]:
            y, mo, d = parse_date(p)
            if y:
                f["year"], f["month"], f["day"] = y, mo, d
                break
        f["type"] = "conference"
        return

    # pick the source block: the last one that has volume/pages, else the last one
    target = chapter_part if chapter_part is not None else s_main
    best = None
    for m in _NLM_SRC.finditer(target):
        if m.start() == 0 and m.group("pre") == "" and chapter_part is None:
            # a year at the very start is not the source (unless the whole entry is a date)
            if len(target) > 12:
                continue
        if best is None or m.group("vol") or m.group("pages") or m.group("pages2") or m.group("iss"):
            if best is not None and (best.group("vol") or best.group("pages")) and not (m.group("vol") or m.group("pages")):
                continue
            best = m
    tail = ""
    if best is not None:
        year = int(best.group("year"))
        f["year"] = year
        mon = month_number(best.group("mon")) if best.group("mon") else None
        f["month"] = mon
        if mon and best.group("day"):
            d = int(best.group("day"))
            f["day"] = d if 1 <= d <= 31 else None
        vol = best.group("vol")
        iss = best.group("iss")
        iss = iss.strip() if iss and iss.strip() else None
        mv = re.match(r"^(\S+)\s+((?:Suppl|Pt)\b.*)$", vol or "")
        if mv and iss is None:  # "22 Suppl 2:V64-8": the supplement is the issue
            vol, iss = mv.group(1), mv.group(2)
        f["volume"] = vol
        f["issue"] = iss
        pages = best.group("pages") or best.group("pages2")
        if pages:
            f["pages"] = expand_pages(pages)
        before = target[: best.start()].strip()
        tail = target[best.end() :].strip()
    else:
        before = target.strip()

    # pages cited as "p. 45-67" (chapters, books)
    if not f.get("pages"):
        mp = _P_PAGES.search(tail) or (_P_PAGES.search(before) if chapter_part is not None else None)
        if mp:
            f["pages"] = expand_pages(mp.group("p"))
            if mp.string is before:
                before = (before[: mp.start()] + before[mp.end() :]).strip()

    # split what stands before the source into sentences
    if chapter_part is not None:
        main_segs = [x for x in _SENT.split(s_main) if x.strip()]
        book_segs = [x for x in _SENT.split(before) if x.strip()]
        authors_seg, title = _authors_title(main_segs)
        f["title"] = _strip_end(title)
        if authors_seg:
            f["authors"], f["et_al"] = _split_nlm_authors(authors_seg)
        # book part: editors, book title, edition, place: publisher
        if book_segs:
            me = _EDITORS.match(" ".join(book_segs))
            rest = " ".join(book_segs)
            if me:
                rest = rest[me.end() :]
            segs = [x for x in _SENT.split(rest) if x.strip()]
            book, pub = _title_publisher(segs)
            if pub is None and best is not None and best.group("pre").strip() == ";" and book:
                bsegs = [x for x in segs if not _EDITION.match(x.strip())]
                if len(bsegs) >= 2:  # AMA: no place of publication
                    book, pub = " ".join(bsegs[:-1]), _strip_end(bsegs[-1])
            f["journal"] = _strip_end(book)
            f["publisher"] = pub
        f["type"] = "conference" if _CONF.search(chapter_part) else "chapter"
        if f["type"] == "conference" and f.get("journal"):
            f["journal"] = _strip_end(f["journal"].split(";")[0])
        return

    segs = [x for x in _SENT.split(before) if x.strip()] if before else []
    rest_flags = " ".join(segs)
    has_vol = bool(f.get("volume"))

    # books/reports: "... City: Publisher; 2019." (the year came after a ';')
    pubplace = bool(segs) and not has_vol and best is not None and best.group("pre").strip() == ";"
    if pubplace and (not f.get("month") or web_hint or (len(segs) >= 2 and _PUBPLACE.match(segs[-1]))) and (
        len(segs) >= 2 or _PUBPLACE.match(segs[-1])
    ):
        rest_flags = rest_flags + " " + tail
        authors_seg, title_segs = _authors_rest(segs[:-1])
        if authors_seg:
            f["authors"], f["et_al"] = _split_nlm_authors(authors_seg)
        title_segs = [t for t in title_segs if not _EDITION.match(t.strip()) and not _EDS_SEG.search(t)]
        f["title"] = _title(" ".join(title_segs)) if title_segs else None
        pm = _PUBPLACE.match(segs[-1])
        f["publisher"] = _strip_end(pm.group("pub") if pm else segs[-1])
        if _THESIS.search(rest_flags):
            f["type"] = "thesis"
        elif _REPORT.search(rest_flags):
            f["type"] = "report"
        elif web_hint or f.get("url"):
            f["type"] = "web"
        elif _CONF.search(rest_flags):
            f["type"] = "conference"
        else:
            f["type"] = "book"
        if f["type"] == "web" or f["type"] == "report" or f["type"] == "thesis":
            pass
        return

    # journal article: authors. title. journal.
    segs = _join_dotted_journal(segs)
    if len(segs) >= 3:
        f["authors"], f["et_al"] = _split_nlm_authors(segs[0])
        f["title"] = _title(" ".join(segs[1:-1]))
        f["journal"] = _strip_end(segs[-1])
    elif len(segs) == 2:
        if (web_hint or f.get("url")) and not has_vol and _ORG.search(segs[0]) and not _ORG.search(segs[1]):
            f["authors"] = (_strip_end(segs[0]),)
            f["title"] = _strip_end(segs[1])
        elif _looks_like_nlm_authors(segs[0]):
            f["authors"], f["et_al"] = _split_nlm_authors(segs[0])
            if best is not None:
                f["journal"] = None
                f["title"] = _strip_end(segs[1])
            else:
                f["title"] = _strip_end(segs[1])
        else:
            f["title"] = _strip_end(segs[0])
            f["journal"] = _strip_end(segs[1])
    elif len(segs) == 1:
        if _looks_like_nlm_authors(segs[0]):
            f["authors"], f["et_al"] = _split_nlm_authors(segs[0])
        else:
            f["title"] = _strip_end(segs[0])

    # type
    if _THESIS.search(rest_flags):
        f["type"] = "thesis"
    elif _REPORT.search(rest_flags) and not has_vol:
        f["type"] = "report"
    elif (web_hint or f.get("url")) and not has_vol and not f.get("pages"):
        f["type"] = "web"
    elif _CONF.search(f.get("journal") or "") and not has_vol:
        f["type"] = "conference"
    else:
        f["type"] = "journal"

    # online-first: a journal citation with a date and no volume
    if f["type"] == "journal" and best is not None and not has_vol and not f.get("issue") and f.get("journal"):
        f["epub"] = iso(f["year"], f.get("month"), f.get("day"))
    elif online_first and f["type"] == "journal" and best is not None and not has_vol:
        f["epub"] = iso(f["year"], f.get("month"), f.get("day"))


# One sentence-split piece of a dotted (ISO 4) journal abbreviation: "J.", "Steroid Biochem.",
# "Mol.", "North Am.": up to 4 capitalised words (or "of"/"and"/"&"), ending in an abbreviated word.
_ABBR_PIECE = re.compile(r"^(?!(?:A|An)\s)(?:(?:[A-Z][A-Za-z]{0,11}\.?|of|and|&)\s+){0,3}[A-Z][a-z]{0,9}\.$")


def _join_dotted_journal(segs: list[str]) -> list[str]:
    """"…. Title. J. Steroid Biochem. Mol. Biol." splits into sentences at every abbreviation:
    join the trailing pieces back into one journal segment, keeping an authors and a title segment."""
    if len(segs) < 4 or not _ABBR_PIECE.match(segs[-1].strip()):
        return segs
    k = len(segs) - 1
    while k > 2 and _ABBR_PIECE.match(segs[k - 1].strip()):
        k -= 1
    if k == len(segs) - 1:
        return segs
    return segs[:k] + [" ".join(x.strip() for x in segs[k:])]


def _authors_title(segs: list[str]) -> tuple[str | None, str | None]:
    if not segs:
        return None, None
    if len(segs) == 1:
        return (segs[0], None) if _looks_like_nlm_authors(segs[0]) else (None, segs[0])
    return segs[0], " ".join(segs[1:])


def _authors_rest(segs: list[str]) -> tuple[str | None, list[str]]:
    if not segs:
        return None, []
    if len(segs) == 1:
        return (segs[0], []) if _looks_like_nlm_authors(segs[0]) else (None, segs)
    return segs[0], segs[1:]


def _title_publisher(segs: list[str]) -> tuple[str | None, str | None]:
    segs = [x for x in segs if not _EDITION.match(x.strip())]
    pub = None
    if segs and _PUBPLACE.match(segs[-1]):
        pub = _strip_end(_PUBPLACE.match(segs[-1]).group("pub"))
        segs = segs[:-1]
    return (" ".join(segs) if segs else None), pub


# ---- author-date (APA / Harvard)
def _author_date(head: re.Match, f: dict, web_hint: bool) -> None:
    authors_seg = re.sub(r"\s*\((?:eds?|Eds?|editors?)\.?\)\.?", "", head.group("authors")).strip()
    rest = head.group("rest").strip()
    year = head.group("year")
    f["year"] = int(year) if year else None
    gd = head.groupdict()
    if gd.get("mon"):
        mon = month_number(gd["mon"])
        f["month"] = mon
        if mon and gd.get("day"):
            f["day"] = int(gd["day"])
    title_from_head = None
    if authors_seg:
        if _looks_like_group_or_authors(authors_seg):
            f["authors"], f["et_al"] = _split_ad_authors(authors_seg)
        else:
            title_from_head = _strip_end(authors_seg)

    # drop bracketed descriptions but remember them for the type
    desc = " ".join(x.group(0) for x in _BRACKET_DESC.finditer(rest))
    report_no = bool(_PAREN_NO.search(rest))
    rest_nodesc = _clean(_PAREN_EDN.sub("", _PAREN_NO.sub("", _BRACKET_DESC.sub("", rest))))
    rest_nodesc = re.sub(r"\s+([.,;])", r"\1", rest_nodesc)

    title = None
    body = rest_nodesc
    mq = _QUOTED_TITLE.match(body)
    if mq:
        title = mq.group("title").strip().rstrip(",.")
        body = mq.group("rest").strip()
        if body.lower().startswith("in "):
            body = "In " + body[3:]

    # chapter: "In A. Editor (Ed.), Book (pp. 1-2). Publisher."
    mi = _APA_INBOOK.search(body)
    if mi is None:
        mi = _APA_INPROC.search(body)
    if mi is not None:
        if title is None:
            title = _strip_end(body[: mi.start()])
        book = mi.group("book")
        after_paren = ""
        mpp = _PAREN_PAGES.search(book)
        mp = mpp or _P_PAGES.search(book)
        if mp:
            f["pages"] = expand_pages(mp.group("p"))
        if mpp:
            book_title, after_paren = book[: mpp.start()], book[mpp.end() :]
        else:
            book_title = book
        book_title = _PAREN_EDN.sub("", book_title)
        segs = [x for x in _SENT.split(book_title.strip()) if x.strip()]
        segs = [x for x in segs if not _EDN_SENT.match(x.strip())]
        # Harvard: "Book title. London: Publisher, pp. 45-67."
        if segs:
            bt = segs[0]
            rest_pub = " ".join(segs[1:]) + " " + after_paren.strip(" .")
            rest_pub = _P_PAGES.sub("", rest_pub).strip().rstrip(",. ")
            f["journal"] = _strip_end(bt)
            if rest_pub:
                pm = _PUBPLACE.match(rest_pub)
                f["publisher"] = _strip_end(pm.group("pub") if pm else rest_pub)
        f["title"] = title or title_from_head
        is_conf = bool(_CONF.search(book)) or bool(_CONF_APA.search(desc))
        f["type"] = "conference" if is_conf else "chapter"
        return

    ms = None
    for cand in _AD_SRC.finditer(body):
        j = cand.group("journal")
        if title is None and cand.start() == 0 and title_from_head is None:
            continue  # the title must come first
        if re.match(r"^(?:pp?|vol|no)\.?$", j.strip(), re.I):
            continue
        ms = cand
        break
    if ms is not None:
        if title is None:
            title = body[: ms.start()] if ms.start() > 0 else None
        f["title"] = _strip_end(title) if title else title_from_head
        f["journal"] = _strip_end(ms.group("journal"))
        f["volume"] = ms.group("vol")
        iss = ms.group("iss") or ms.group("iss2")
        f["issue"] = iss.strip() if iss else None
        if ms.group("pages"):
            f["pages"] = expand_pages(ms.group("pages"))
        f["type"] = "journal"
        if _CONF_APA.search(desc):
            f["type"] = "conference"
        return

    # no journal source: book, web page, report, thesis, conference paper
    segs = [x for x in _SENT.split(body) if x.strip()]
    edn_free = [_PAREN_EDN.sub("", x) for x in segs if not _EDN_SENT.match(x.strip())]
    if title is None:
        if title_from_head is not None:
            title = title_from_head
        elif edn_free:
            title = edn_free.pop(0)
    f["title"] = _strip_end(_PAREN_EDN.sub("", title)) if title else None
    others = [_strip_end(x) for x in edn_free if _strip_end(x)]
    all_text = rest + " " + desc
    in_press = bool(re.match(r"in\s+press|forthcoming", head.group("date") or "", re.I)) if "date" in head.groupdict() else False
    if _THESIS.search(all_text):
        f["type"] = "thesis"
        f["publisher"] = others[-1] if others else None
    elif _CONF_APA.search(desc) or (_CONF.search(" ".join(others)) and not (web_hint or f.get("url"))):
        f["type"] = "conference"
        f["journal"] = re.sub(r"^(?:Paper|Poster)\s+presented\s+at\s+(?:the\s+)?", "", others[0], flags=re.I) if others else None
        if f["journal"] and _CONF_APA.search(desc):
            f["journal"] = f["journal"].split(", ")[0]  # "Conference Name, City, Country"
    elif in_press and others:
        f["type"] = "journal"
        f["journal"] = others[0]
    elif _REPORT.search(all_text) or report_no:
        f["type"] = "report"
        f["publisher"] = others[-1] if others else None
    elif web_hint or (f.get("url") and not f.get("doi")):
        f["type"] = "web"
        f["journal"] = others[0] if others else None
    else:
        f["type"] = "book"
        if others:
            pm = _PUBPLACE.match(others[-1])
            f["publisher"] = _strip_end(pm.group("pub")) if pm else others[-1]


_AUTHORISH_TITLE = re.compile(r"^(?:[A-Z]\.\s*,|(?:and|&)\s|et\.? al\b|[^\W\d_]+,\s*[A-Z]\.|[^\W\d_]+ [A-Z]{1,2},)")
_EDN_IN_TITLE = re.compile(r"\.\s*\d+\s*\.?\s*(?:a\s+)?ed\b", re.I)
_TITLE_NOTE = re.compile(
    r"\s*\((?=[^()]*\b(?:ed|edn|edition|éd|dissertation|thesis|tese|dissertação|doctoral|master'?s?|PhD)\b)[^()]{1,60}\)$", re.I
)
_TITLE_VOLUME = re.compile(r",\s*volume\s+(\d+)$")
_ABBR_RUN = re.compile(r"^[.\s]*(?:[A-Z][a-z]{0,9}\.\s*){1,4}[A-Z][a-z]{0,9}$")  # ". Mol. Biol"
_MID_PAGES = re.compile(r"(?:^|[\s,;(])(?:pp\.|pages)\s*([A-Za-z]?\d{1,6}\s*-\s*[A-Za-z]?\d{1,6})(?=[\s.,;)])")
_END_PAGES = re.compile(r"(?:^|[\s,;.])(?:pp?\.|pages)\s*([A-Za-z]?\d{1,6}(?:\s*-\s*[A-Za-z]?\d{1,6})?)\s*\.?\s*$")
_NUMERIC_ONLY = re.compile(r"^[\d\s\-:;,.()]+$")
_SRCISH = re.compile(r"(?<!\d)\d{1,6}\s*\(\d{1,6}\)|\d\s*[;:]\s*\d|\b(?:1[5-9]|20)\d\d\s*[;,]\s*\d|\b(?:vol|pp?|v|n)\.\s*\d")


def _quality(f: dict) -> float:
    """How plausible a reading is: fields found, minus signs of a misread (a source inside a title)."""
    q = 0.0
    if f.get("year"):
        q += 3
    for k, w in (("volume", 1.0), ("pages", 1.0), ("issue", 0.5)):
        if f.get(k):
            q += w
    for k in ("title", "journal"):
        v = f.get(k)
        if v:
            q += 1
            if _SRCISH.search(v) or _NUMERIC_ONLY.match(v):
                q -= 2.5
            if k == "title" and _AUTHORISH_TITLE.match(v):
                q -= 2  # names left at the start of the title: the author block was cut short
            if k == "title" and _EDN_IN_TITLE.search(v):
                q -= 1
            if k == "title" and v[:1] in "'\"“‘" and v[-1:] not in "'\"”’" and (v.count(v[0]) + v.count("’")) % 2:
                q -= 1  # a quoted title cut at an inner quote
    a = f.get("authors") or ()
    if a:
        a0 = a[0]
        # a whole author block read as one name ("Smith J, Jones K Title words"), or a title as author
        broken = a0.count(",") >= 2 or bool(re.search(r"\b(?:1[5-9]|20)\d\d\b|\d\s*[;:(]", a0)) or (len(a0.split()) > 5 and "," in a0) or len(a0.split()) > 12 or len(a0.replace(".", "").strip()) <= 2
        # "Jiang, X." read as two authors "Jiang" and "X"
        broken = broken or any(len(x.replace(".", "").strip()) <= 2 for x in a[1:3])
        q += -2 if broken else 1
    return q
