"""A style-agnostic reading of one entry: authors · year · title · source, in whatever order.

The NLM and author-date grammars in `fields` are exact for the styles they were written for; this
module reads the rest (initials-first physics and Nature styles, ACS `;` lists, ABNT `v. 46, n. 1,
p. 33-50`, astronomy `2008, ApJ, 689, L121`, Elsevier `Journal 156 (2017) 443`, IEEE, Chicago):

* the author block is read from the start, one name at a time, with a small name grammar
  (`Surname, I.`, `Surname IJ`, `I. J. Surname`, particles, `;`/`,`/`and`/`&`/`e`/`et` between);
* the source is the trailing run of "source tokens" (numbers, ranges, years, `vol.`/`no.`/`pp.`
  labels, month names), read by a token loop rather than one big regex;
* what stands between the two is title and journal, cut at the quotes, sentences or commas.

Every regex here matches at a fixed position or scans once: the reading is linear in the entry.
"""

from __future__ import annotations

import re
import sys
import unicodedata

from refcheck.normalize import expand_pages
from refcheck.dates import MONTHS

_UP = "".join(chr(c) for c in range(0x41, 0x250) if chr(c).isupper() and chr(c).isalpha())
U = f"[{_UP}]"
_YEAR = r"(?:1[5-9]|20)\d\d"

_PARTICLE = r"(?i:van|von|der|den|de|del|della|dei|degli|da|das|do|dos|di|du|la|le|ten|ter|te|zu|bin|ibn|al|el|St\.?|Van|Von|De|Del|Da|Di|Du|La|Le|Dos|Das|Della)"
# a surname: particles, then a capitalised word (O'Brien, McKee, Alvarez-Dávila, MacArthur)
_SURNAME = rf"(?:{_PARTICLE}\s+){{0,3}}(?:{U}['’])?{U}[^\W\d_]*(?:['’][^\W\d_]+)?(?:-{U}?[^\W\d_]+)*"
_SUFFIX = r"(?:,?\s+(?:Jr|Sr|II|III|IV|2nd|3rd|Júnior|Junior|Filho|Neto|Sobrinho)\b\.?)?"
_INIT_DOT = rf"{U}[a-z]?\.(?:\s?-?\s?{U}[a-z]?\.){{0,4}}"
_INIT_BARE = rf"{U}{{1,4}}(?:-{U}{{1,2}})?\b"
_GIVEN = rf"{U}[a-zà-öø-ÿăşţ]+(?:-{U}?[a-zà-öø-ÿăşţ]+)?"

_NAME_FORMS = (
    # Surname, I. J.  |  SURNAME, I.J.  |  Surname, IJ
    ("sci", re.compile(rf"(?P<sur>{_SURNAME}),\s*(?P<ini>{_INIT_DOT}|{_INIT_BARE}(?!\s*[a-z]))(?:\s*{_INIT_DOT})?{_SUFFIX}")),
    # Surname IJ  |  Surname I. J.
    ("sin", re.compile(rf"(?P<sur>{_SURNAME})\s+(?P<ini>{_INIT_DOT}|{_INIT_BARE}(?:\s{U}\b(?![.'’])){{0,3}}){_SUFFIX}")),
    # two-word surnames before bare initials: "Pinto Júnior EP", "Sinninghe Damsté JS"
    ("sin", re.compile(rf"(?P<sur>{_SURNAME}\s+{U}[^\W\d_]+(?:-{U}?[^\W\d_]+)?)\s+(?P<ini>{_INIT_BARE})(?=\s*[,.;]|\s+(?:et\s+al|and|&)\b)")),
    # I. J. Surname  |  I.J.Surname  |  IJ Surname
    ("ins", re.compile(rf"(?P<ini>{_INIT_DOT}(?:\s+{_GIVEN}\s+{_INIT_DOT})?|{U}{{1,2}}(?=\s))\s*(?P<sur>{_SURNAME}){_SUFFIX}")),
    # Surname, Given [I.]  (Chicago / MLA first author)
    ("sgiven", re.compile(rf"(?P<sur>{_SURNAME}),\s+(?P<ini>{_GIVEN}(?:\s+(?:{_GIVEN}|{_INIT_DOT}|{U}\b(?!['’]))){{0,3}}){_SUFFIX}")),
    # Given [I.] Surname  (only inside a list: "Johannes J. Duistermaat and Lars Hormander")
    ("givens", re.compile(rf"(?P<ini>{_GIVEN}(?:\s+{U}{{1,2}}\.?)?)\s+(?![A-Z]{{1,4}}\b)(?P<sur>{_SURNAME}){_SUFFIX}")),
)
_GIVENS_RX = next(rx for k, rx in _NAME_FORMS if k == "givens")
_NEXT_GIVEN = re.compile(rf"(?:,\s*(?:and\s+)?|\s+and\s+){_GIVEN}(?:\s+{U}{{1,2}}\.?)?\s+(?![A-Z]{{1,4}}\b){_SURNAME}\s*[,.]")
_CONJ = r"(?:(?i:and)|&|e|y|et(?!\s+al\b)|und)"  # "e"/"y" lower case only: "E Attiogbé" is a name
_SEP = re.compile(rf"\s*(?:[,;]\s*(?:{_CONJ}\s+)?|\s+{_CONJ}\s+|\s*&\s*)")
_ET_AL = re.compile(r"\s*,?\s*(?:et\.?\s*al\b\.?|and\s+others\b|e\s+outros\b|et\s+col\b\.?|y\s+col\b\.?|\.\.\.)")
# words that end a name's look-alike: journal abbreviations ("J. Phys.", "J. Build. Eng.")
_NOT_SURNAME = frozenset(
    "Phys Chem Rev Lett Mater Sci Eng Biol Med Res Soc Acad Math Appl Opt Build Am Mol Proc Natl Int"
    " Ann Astron Astrophys Geophys Nucl Comput Struct Mech Exp Theor Clin Inst Nat Commun Technol"
    " In Em En Im The A An Nature Science".split()
)
_TERMINAL = re.compile(r"(?:(?<=\.)\s|\s*(?:[.,:]|(?=\()|(?=\s*[“\"‘'])|(?=\s+(?:1[5-9]|20)\d\d\b)|$))")


def read_authors(s: str) -> tuple[list[str], bool, int, str | None]:
    """Names at the start of `s` → (authors as 'Surname, I.' / 'Surname IJ', et_al, end offset, form)."""
    pos = 0
    out: list[str] = []
    form0 = None
    et_al = False
    n = len(s)
    while pos < n:
        if out:
            me = _ET_AL.match(s, pos)
            if me and me.end() > pos:
                et_al = True
                pos = me.end()
                break
        best = None
        forms = _NAME_FORMS if form0 is None else _ordered(form0)
        if form0 is None:
            mg = _GIVENS_RX.match(s, pos)
            if mg and _NEXT_GIVEN.match(s[mg.end() : mg.end() + 80]):
                forms = _ordered("givens")
        for kind, rx in forms:
            if kind == "givens" and not out and form0 is None:
                # given-name-first only when a second name in the same form follows
                m = rx.match(s, pos)
                if not m or not _NEXT_GIVEN.match(s[m.end() : m.end() + 80]):
                    continue
            elif kind == "sgiven" and out and form0 != "sgiven":
                continue
            elif kind == "givens" and form0 not in (None, "givens", "sgiven"):
                # a given-name-first name inside another list: only as its last name ("…, and Bradley K
                # Yoder") or when another name follows ("Bâ el H, Richardson K"), never before a title
                m = rx.match(s, pos)
                if not m:
                    continue
                ms2 = _SEP.match(s, m.end())
                follows = bool(ms2 and ms2.end() > m.end() and any(r.match(s, ms2.end()) for k2, r in _NAME_FORMS if k2 != "givens"))
                if not (follows or re.search(r"(?:\band|&)\s*$", s[max(0, pos - 6) : pos])):
                    continue
            else:
                m = rx.match(s, pos)
            if not m:
                continue
            sur = m.group("sur")
            last_word = sur.split()[-1]
            if last_word in _NOT_SURNAME or sur in _NOT_SURNAME:
                continue
            after = s[m.end() : m.end() + 12]
            if kind == "ins" and re.match(r"\.\s*(?:[A-Z][a-z]{0,9}\.|\d{1,3}\b|\d{5})", after):
                continue  # "J. Phys. Chem.", "J. Neurosci. 21": a journal, not a name
            if kind == "sin" and "." not in m.group("ini") and re.match(r"\s*[a-z]", after) and not _ET_AL.match(after) and not _SEP.match(after):
                continue  # "Smith A study of": a title word, not initials
            if not _TERMINAL.match(s, m.end()) and not _SEP.match(s, m.end()) and not _ET_AL.match(s, m.end()):
                continue
            best = (kind, m)
            break
        if best is None:
            break
        kind, m = best
        if form0 is None:
            form0 = kind
        out.append(_fmt(kind, m))
        pos = m.end()
        me = _ET_AL.match(s, pos)
        if me:
            et_al = True
            pos = me.end()
            break
        ms = _SEP.match(s, pos)
        if not ms or ms.end() == pos:
            break
        # a separator must be followed by another name; else the block ends before it
        nxt = any(rx.match(s, ms.end()) for _, rx in _ordered(form0)) or _ET_AL.match(s, ms.end() - 1)
        if not nxt:
            break
        pos = ms.end()
    return out, et_al, pos, form0


def _ordered(form0: str):
    if form0 == "sgiven":
        form0 = "givens"  # "Bagatto, Giuseppe, Louise C. Paquette, and Joseph D. Shorthouse"
    first = [f for f in _NAME_FORMS if f[0] == form0]
    # given-name-first names only in a list that started that way ("Ciência dos Materiais" is a title)
    return first + [f for f in _NAME_FORMS if f[0] != form0]


def _fmt(kind: str, m: re.Match) -> str:
    sur, ini = m.group("sur"), m.group("ini")
    if kind in ("sci", "sgiven"):
        return f"{sur}, {ini}"
    if kind == "sin":
        if re.fullmatch(r"[A-Z]{1,4}\.", ini):
            ini = ini[:-1]  # "Smith K." as "Smith K": the full stop ends the author block
        return f"{sur} {ini}"
    if kind == "ins":
        ini = ini.strip()
        if "." not in ini:
            ini = ".".join(ini) + "."
        return f"{sur}, {ini}"
    return f"{sur}, {ini}"


# --------------------------------------------------------------------------- the source tail
_TOK = re.compile(r"[^\W_]+(?:['’][^\W_]+)*\.?|\d+|[^\w\s]", re.U)
_NUMLIKE = re.compile(r"^(?:[A-Za-z]{0,2}\d+[A-Za-z]?|e[a-z]{1,6}\d+|\d+[a-z]?|[IVXLC]{2,7})\.?$")
_LABELS = {
    "vol": "vol", "vol.": "vol", "v.": "vol", "volume": "vol", "bd.": "vol", "t.": "vol", "tomo": "vol",
    "no": "iss", "no.": "iss", "n.": "iss", "nº": "iss", "n°": "iss", "num.": "iss", "issue": "iss", "nr.": "iss", "núm.": "iss", "heft": "iss",
    "pp.": "pp", "p.": "pp", "pp": "pp", "pages": "pp", "page": "pp", "s.": "pp", "pág.": "pp", "págs.": "pp", "art.": "pp", "article": "pp",
    "suppl": "sup", "suppl.": "sup", "supl.": "sup", "supplement": "sup", "pt": "sup", "pt.": "sup", "part": "sup",
}
_SERIES_WORDS = frozenset({"ser", "sér", "série", "serie", "series", "folge", "reihe"})
_SEASONS = {"spring", "summer", "autumn", "fall", "winter", "primavera", "verão", "outono", "inverno"}
_SRC_PUNCT = set(",;:.()-[]/")


def _is_src_token(t: str) -> bool:
    lt = t.lower()
    if _NUMLIKE.match(t) or lt in _LABELS or t in _SRC_PUNCT or lt.rstrip(".") in _SEASONS:
        return True
    return lt.rstrip(".") in MONTHS and (t[0].islower() or len(t) <= 5 or lt.rstrip(".") in _EN_MONTHS)


_EN_MONTHS = frozenset(
    "january february march april may june july august september october november december".split()
)


def split_tail(s: str) -> int:
    """Offset where the trailing run of source tokens starts (len(s) if none)."""
    base = max(0, len(s) - 240)  # the run is short: tokenise the end only (a run reaching the cut is rare)
    if base:
        base = s.find(" ", base) + 1 or base
    toks = list(_TOK.finditer(s, base))
    k = len(toks)
    while k > 0 and _is_src_token(toks[k - 1].group(0)):
        k -= 1
    # the run must hold a number; leading punctuation belongs to the head
    while k < len(toks) and toks[k].group(0) in _SRC_PUNCT and toks[k].group(0) != "(":
        k += 1
    # "COVID-19", "Diabetes-2022": a number hyphened to a word belongs to the head
    while k < len(toks) and toks[k].start() >= 2 and s[toks[k].start() - 1] == "-" and s[toks[k].start() - 2].isalpha():
        k += 1
        while k < len(toks) and toks[k].group(0) in _SRC_PUNCT and toks[k].group(0) != "(":
            k += 1
    # "Bulletin de la Société…, ser.2, 1(3):120": the series number belongs to the journal's name
    if 0 < k < len(toks) and toks[k - 1].group(0).lower().rstrip(".") in _SERIES_WORDS and toks[k].group(0)[:1].isdigit():
        k += 1
        while k < len(toks) and toks[k].group(0) in _SRC_PUNCT and toks[k].group(0) != "(":
            k += 1
    if not any(c.isdigit() for t in toks[k:] for c in t.group(0)):
        return len(s)
    nums = [j for j in range(k, len(toks)) if toks[j].group(0)[:1].isdigit()]
    if (
        len(nums) > 1
        and all(_YEAR_TOK.match(toks[j].group(0).rstrip(".")) for j in nums)
        and not any(toks[j].group(0) in ("-", ":") for j in range(k, len(toks)))  # "1599-1602": pages
    ):
        k = nums[-1]  # "Health Survey for England 2019. 2020.": the last year is the date
    # a lone capitalised month word right after the head is a title word unless a year follows
    return toks[k].start() if k < len(toks) else len(s)


_YEAR_TOK = re.compile(rf"^{_YEAR}[a-z]?$")


def read_tail(tail: str, year_known: bool, numero: bool = False) -> dict:
    """'19(2):333-42', '156 (2017) 443', 'v. 17, n. 4, p. 5221-5237, 2020' → fields."""
    f: dict = {}
    toks = [m.group(0) for m in _TOK.finditer(tail)]
    # merge ranges: N - M
    items: list[tuple[str, str]] = []  # (kind, text); kinds: num, range, lab:<x>, paren:<text>, year, mon, p
    i = 0
    depth = 0
    while i < len(toks):
        t = toks[i]
        lt = t.lower()
        if t == "(":
            depth += 1
            items.append(("(", t))
        elif t == ")":
            depth = max(0, depth - 1)
            items.append((")", t))
        elif lt in _LABELS:
            items.append(("lab:" + _LABELS[lt], t))
        elif _NUMLIKE.match(t):
            tt = t.rstrip(".")
            if i + 2 < len(toks) and toks[i + 1] == "/" and toks[i + 2].isdigit():
                items.append(("num", f"{tt}/{toks[i + 2]}"))  # "41/42": a double volume or issue
                i += 3
                continue
            if i + 2 < len(toks) and toks[i + 1] == "-" and _NUMLIKE.match(toks[i + 2]):
                items.append(("range", f"{tt}-{toks[i + 2].rstrip('.')}"))
                i += 3
                continue
            items.append(("year" if _YEAR_TOK.match(tt) else "num", tt))
        elif lt.rstrip(".") in MONTHS or lt.rstrip(".") in _SEASONS:
            items.append(("mon", t))
        else:
            items.append(("p", t))
        i += 1
    # "43 p." closing the entry: a page count, not a page
    while len(items) >= 2 and items[-1][0] == "lab:pp" and items[-2][0] == "num":
        items = items[:-2]
    while items and items[-1][0] == "p":
        items = items[:-1]
    # the year: a parenthesised one first, else (if none known) the first one
    year_idx = None
    for j, (k, _t) in enumerate(items):
        if k == "year" and j > 0 and items[j - 1][0] == "(":
            year_idx = j
            break
    if year_idx is None and not year_known:
        cands = [j for j, (k, _) in enumerate(items) if k == "year"]
        last_num = max((j for j, (k, _) in enumerate(items) if k in ("num", "range", "year")), default=None)
        if cands:
            # "Development 127: 1607, 2000": a year at the very end is the date; else the first one
            year_idx = cands[-1] if last_num in cands and len(cands) > 1 else cands[0]
    if year_idx is not None:
        f["year"] = int(items[year_idx][1][:4])
        mon = next((t for k, t in items[year_idx + 1 : year_idx + 3] if k == "mon"), None) or next(
            (t for k, t in items[max(0, year_idx - 3) : year_idx] if k == "mon"), None
        )
        if mon:
            from refcheck.dates import month_number

            f["month"] = month_number(mon.rstrip("."))
    vol = iss = pages = None
    pend = None  # a label waiting for its value
    bare: list[tuple[int, str, str]] = []  # unlabelled numbers: (index, kind, text), with "in parens" flag
    day_idx = None
    if year_idx is not None:
        # "2021 Mar 15": the day after the month is not a volume
        if (
            year_idx + 2 < len(items)
            and items[year_idx + 1][0] == "mon"
            and items[year_idx + 2][0] == "num"
            and len(items[year_idx + 2][1]) <= 2
        ):
            day_idx = year_idx + 2
            f["day"] = int(items[day_idx][1])
    for j, (k, t) in enumerate(items):
        if j == year_idx or j == day_idx:
            continue
        if k.startswith("lab:"):
            pend = k[4:]
            if pend == "sup":
                iss = (iss + " " if iss else "") + "Suppl"
                pend = "sup"
            continue
        if k in ("num", "range", "year"):
            if k != "year" and pend is None and j + 1 < len(items) and items[j + 1][0] == "mon" and len(t.split("-")[0]) <= 2:
                continue  # "14-16 October": days of a meeting, not pages
            if pend == "vol" and vol is None:
                vol = t
            elif pend == "vol" and iss is None:
                iss = t  # "Vol.115, Vol.6": the second one is the issue
            elif pend == "iss" and (iss is None or iss == "Suppl"):
                iss = t if iss is None else f"{iss} {t}"
            elif pend == "sup":
                iss = f"{iss} {t}" if iss else t
            elif pend == "pp" and pages is None:
                pages = t
            else:
                inparen = j > 0 and items[j - 1][0] == "("
                bare.append((j, "paren" if inparen else k, t))
            pend = None
            continue
        if k in ("(", ")", "mon"):
            continue
        pend = None if k not in ("p",) or t not in (",", ".", ":", ";") else pend
    # unlabelled numbers in order: volume (issue) pages
    rest = list(bare)
    if vol is None and rest:
        j, k, t = rest.pop(0)
        if k == "range" and pages is None and not rest:
            pages = t
        else:
            vol = t
    if rest and iss is None and rest[0][1] == "paren":
        iss = rest.pop(0)[2]
    if rest and pages is None:
        if len(rest) >= 2 and iss is None and rest[0][1] != "range":
            iss = rest.pop(0)[2]
        pages = rest.pop(0)[2]
    if numero and vol is None and iss is not None and iss[:1].isdigit():
        vol, iss = iss, None  # French "n° 174" alone: the journal's one number, read as its volume
    if rest and iss is None and vol is not None and pages is not None and rest[0][1] == "num":
        iss = rest.pop(0)[2]  # "31. 1. … pp. 46-53": volume, issue, labelled pages
    eloc = next((b for b in rest if re.match(r"^e[a-z]{0,6}\d+$", b[2])), None)
    if eloc is not None and pages is not None and "-" in pages:
        pages = eloc[2]  # "e3520, p. 1-9": the article number, not the span of its PDF
    f["volume"] = vol
    f["issue"] = iss
    f["pages"] = expand_pages(pages) if pages else None
    return f


# --------------------------------------------------------------------------- head: title, journal
_QUOTED = re.compile(r"[“\"‘«]\s*(?P<t>[^“”\"«»]{3,400}?)\s*[,.]?\s*(?:[”\"»]|’(?=[\s,.;:]|$))")
_COMMA_IN = re.compile(rf",\s+[Ii]n:?\s+(?={U})")
_LANG_CODE = re.compile(r"^(?:eng|en|por|pt|spa|es|fre|fra|fr|ger|deu|de|ita|it)\.\s+")
_PUBLISHER = re.compile(
    r"\b(?:Press|Publish\w*|Verlag|Editora|Edições|Ediciones|Éditions|University|Universidade|Universidad|Ltd|Inc|Books|Wiley"
    r"|Springer|Elsevier|Routledge|Sage|Pearson|McGraw|Academic|Institute|Ministry|Ministério|Report|Thesis|Dissertation"
    r"|Repository|Archive|Zenodo|Dryad|figshare|Database)\b"
)
_SQUOTED = re.compile(r"^'(?P<t>[^']{3,400}?)[,.]?'(?=[\s,.])")
_SENT_END = re.compile(r"(?<=[^\s.])[.?!](?=\s+\S)")
_ABBR_WORD = re.compile(rf"^(?:{U}[a-zà-ÿ'’-]{{0,11}}|\d+(?:st|nd|rd|th)|[a-z]{{1,3}}|&|of|and|de|der|für)$")
_IN = re.compile(r"^(?:[Ii]n|[Ee]m|[Ee]n|[Ii]m|[Dd]ans)(?:\s*:\s*|\s+)")
_EDN = re.compile(r"^\d+\s*\.?\s*(?:a\s+)?(?:ed|edn|edition|Aufl|éd)\b\.?|^\d+(?:st|nd|rd|th|a|ª|e)\s+(?:ed|edn|edition|éd)\b\.?", re.I)
_VENUE_TAIL = re.compile(r",?\s*(?:pages|pp\.|p\.)\s*[\w–-]+\s*\.?$")
_MEETING = re.compile(r"^(?:Proc\b|Proceedings\b|Anais\b|Actas\b|Annals of the\b)|\((?:[A-Z][A-Za-z]{1,3}){1,3}(?:\s?'?\d{2,4})?\)\s*$|\b(?:Conference|Congress|Symposium|Workshop|Meeting|Simpósio|Congresso|Congreso|Encontro|Seminário|Colloque|Tagung)\b")
_ABSTRACT_END = re.compile(r"\((?:abstract|abstr|resumo|resumen|résumé|poster)\.?\)\.?$", re.I)
# "Pye, E.G., Naldrett, A.J. and Giblin, P.E., eds., The Geology of…": the book's editors, as after "In:"
_EDITORS_SEG = re.compile(rf"^{U}[^\W\d_]+,\s*{U}\.[^:;]{{0,120}}?,?\s*(?:\(eds?\.?\)|eds?\.)[,:]?\s")
_NOT_SUBTITLE = re.compile(
    r"^(?:Trad|Tradu|Transl|Translated|Org|Orgs|Ed|Eds|Edited|Edição|Edición|Hrsg|Vol|Volume|Tomo|Tome|Band|Bd|v\.|Série|Serie|Series"
    r"|Coleção|Colección|Collection|Coll|Reimpr|Reprint|Thesis|Tese|Dissertação|Dissertation|Report|Relatório|Manual|Anais|Proceedings"
    r"|Available|Disponível|Dispon|In\b|Em\b|\d)",
    re.I,
)
_PUBPLACE = re.compile(r"^[^:;,]{2,40}:\s*\S")


def sentences(s: str) -> list[str]:
    """Cut at '. ' unless the word before is an initial or an abbreviation inside a journal name."""
    out = []
    start = 0
    for m in _SENT_END.finditer(s):
        word = s[max(0, s.rfind(" ", 0, m.start()) + 1) : m.start()]
        if len(word) <= 1 and word.isupper():
            continue  # an initial: "D. W. Winnicott"
        if word.lower() in _SERIES_WORDS:
            continue  # "Annals of Natural History, ser. 7": the series, inside the journal's name
        out.append(s[start : m.end()].strip())
        start = m.end()
    if s[start:].strip():
        out.append(s[start:].strip())
    return out


def _abbr_piece(seg: str) -> bool:
    seg = seg.strip()
    if not seg.endswith(".") or len(seg) > 40:
        return False
    words = seg.rstrip(".").replace(".", " ").split()
    return 0 < len(words) <= 4 and all(_ABBR_WORD.match(w) for w in words) and len(words[-1]) <= 10


def title_journal(
    head: str, has_source: bool, comma_style: bool, has_id: bool = False
) -> tuple[str | None, str | None, str | None]:
    """The text between authors/year and the source → (title, journal, publisher)."""
    head = head.strip().strip(",;:").strip()
    if not head:
        return None, None, None
    mq = _QUOTED.search(head) or _SQUOTED.match(head)
    if mq and mq.start() <= 3:
        title = mq.group("t").strip().rstrip(",.")
        rest = head[mq.end() :].strip().lstrip(",.:;").strip()
        rest = _IN.sub("", rest)
        jour = _after_quote(rest) if rest else None
        return title, jour, None
    segs = [x for x in sentences(head) if x.strip()]
    segs = [x for x in segs if not _EDN.match(x.strip())]
    if not segs:
        return None, None, None
    mi = _COMMA_IN.search(segs[0])
    if mi:
        return _strip(segs[0][: mi.start()]), None, None  # "Title, in E. Editor (eds.), Book"
    k_in = next((k for k, x in enumerate(segs) if k > 0 and (_IN.match(x) or _EDITORS_SEG.match(" ".join(segs[k : k + 3])))), None)
    if k_in is not None:
        # a chapter: "Title. In: Editors (org.). Book. City: Publisher" — the book is not a journal;
        # a conference paper: "Title. In: Proceedings of the … Conference; 2019 Jun 16-20; City" — its venue is
        venue = _VENUE_TAIL.sub("", _IN.sub("", segs[k_in]).split(";")[0]).strip()
        if _MEETING.search(venue) and not _EDITORS_SEG.match(venue):
            return _strip(" ".join(segs[:k_in])), _strip(venue), None
        return _strip(" ".join(segs[:k_in])), None, None
    if not has_source and _IN.match(head):
        return None, _strip(_IN.sub("", segs[0])), None
    if not has_source:
        # a book, report or thesis: the first sentence is the title, a "City: Publisher" the publisher
        title = segs[0]
        pub = None
        for x in segs[1:]:
            if _PUBPLACE.match(x):
                pub = x.split(":", 1)[1].strip().rstrip(".,")
        if len(segs) == 1 and comma_style and "," in title:
            title = title.split(",")[0]
        if len(segs) >= 2 and _IN.match(segs[1]):
            return _strip(title), _strip(_IN.sub("", segs[1])), pub
        if len(segs) >= 2 and _ABSTRACT_END.search(title) and not _PUBPLACE.match(segs[1]):
            return _strip(title), _strip(segs[1]), pub  # "Title (abstract). Meeting name": the abstract's venue
        if (
            len(segs) >= 3
            and _PUBPLACE.match(segs[2])
            and not _PUBPLACE.match(segs[1])
            and segs[1][:1].isupper()
            and not _NOT_SUBTITLE.match(segs[1])
            and not _PUBLISHER.search(segs[1])
            and not _ORG.search(segs[1])
        ):
            # "Cinismos. Retrato de los filósofos. Buenos Aires: Paidós": a subtitle printed as a sentence
            return _strip(f"{segs[0]} {segs[1]}"), None, pub
        if has_id and len(segs) == 2 and pub is None and not _PUBLISHER.search(segs[1]):
            # "Title. Journal. doi:…" with no volume yet: an article online first
            return _strip(title), _strip(segs[1]), None
        return _strip(title), None, pub
    # join trailing abbreviation pieces: "J. Mol. Spectrosc." is one journal
    k = len(segs) - 1
    last_ok = _abbr_piece(segs[k]) or bool(re.match(rf"^(?:{U}{{1,3}}|{U}[a-z]{{1,9}})\.?$", segs[k].strip()))
    while k > 0 and _abbr_piece(segs[k - 1]) and (last_ok or len(segs) > 2):
        k -= 1
    whole = " ".join(segs)
    if k == 1 and _abbr_piece(segs[0]) and len(whole.split()) <= 6 and ":" not in whole and max(len(w) for w in whole.split()) <= 8:
        k = 0  # "Chem. Pharm. Bull.", "Eur. Phys. J. C": a journal and no title
    jour = " ".join(segs[k:])
    title_segs = segs[:k]
    if not title_segs and comma_style and "," in jour:
        parts = [p.strip() for p in jour.split(",")]
        jour = parts[-1]
        title_segs = [", ".join(parts[:-1])]
    if title_segs and _IN.match(jour):
        jour = _IN.sub("", jour)
    title = " ".join(title_segs) if title_segs else None
    return _strip(title), _strip(jour), None


def _after_quote(s: str) -> str | None:
    """The journal after a quoted title: up to the first comma, or the first full sentence."""
    s = _IN.sub("", _LANG_CODE.sub("", s))
    segs = sentences(s) or [s]
    k = 0
    while k + 1 < len(segs) and _abbr_piece(segs[k]):
        k += 1
    return _strip(" ".join(segs[: k + 1]))


def _first_part(s: str) -> str | None:
    s = s.strip()
    if not s:
        return None
    cut = len(s)
    for sep in (". ", ", "):
        p = s.find(sep)
        if p > 0:
            cut = min(cut, p)
    return _strip(s[:cut])


def _strip(s: str | None) -> str | None:
    if s is None:
        return None
    s = s.strip().strip(",;:").strip()
    if s.endswith(".") and not s.endswith(".."):
        s = s[:-1].strip().rstrip(",;:").strip()  # "Conference,.": a comma left before the stop
    return s or None


# --------------------------------------------------------------------------- the whole entry
# a group author: the first sentence, when it names an organisation
_GROUP = re.compile(r"^(?P<g>(?:[^.;:()]|\([^()]{0,40}\)){3,160}?)(?:\.\s+|\s*(?=\(\s*(?:1[5-9]|20)\d\d))")
_ORG = re.compile(
    r"\b(?:Organi[sz]ation|Organização|Organización|Centers?|Centres?|Centro|Department|Departamento|Institute|Instituto|Institut"
    r"|Agency|Agência|Association|Associação|Asociación|Society|Sociedade|Ministry|Ministério|Ministerio|Council|Conselho|Committee"
    r"|Foundation|Fundação|Office|Service|College|Federation|Administration|Board|Commission|Comissão|Secretaria|Programme|Program"
    r"|Serviço|Servicio|Federación|Federação|Fédération|Empresa|Instituición|Institución|Group|Bureau|Union|Network|Alliance|Consortium|NHS|WHO|CDC|NICE|IBGE|Digital|Nations|Bank|Universit[yé]|Universidade|Universidad)\b"
)
# a trailing series note "(WHO Technical Report Series, No. 916)", a report number "Report No.: X"
_SERIES = re.compile(
    r"(?:\s*\((?!\s*(?:Vol|v|vol)\.)(?=[^()]*[^\W\d_]{3})[^()]{3,120}\)|\s*\b(?:Report|Publication|Pub\.|Series)\s+(?:No|Number)\.?\s*:?\s*[\w./-]+)\s*\.?\s*$"
)
_BROKEN_HYPHEN = re.compile(r"(?<=[a-z])- (?=[A-Z][a-z]+,)")
_LABEL = re.compile(r"^\[[A-Za-z]{0,8}\d{0,6}\]\s*(?=\S)")  # "[ACL30] L Coudrat, …": the list's own label
_BULLET = re.compile(r"^[-–—•*]\s+")
_NUMERO = re.compile(r"\b[Nn]\s?[°º]\s*")
_DANGLING_DOI = re.compile(r"\s*\b(?:doi|DOI|Doi)\s*[:=]?\s*\.?\s*$")
_LANG_NOTE = re.compile(r"\s*[\[(](?:in\s+)?(?:English|Japanese|Chinese|Portuguese|Spanish|German|French|Russian|Korean|Italian)[\])](?=\s*[,.;])", re.I)
_EDS_MARK = re.compile(r"\s*,?\s*(?:\((?:orgs?|eds?|coords?|dir|Hrsg|comps?|editors?)\.?\)\.?|(?:editors?|eds?)\.)", re.I)
_ISXN = re.compile(r"[.,;]?\s*\b(?:ISBN|ISSN|eISSN|issn|isbn)(?:-1[03])?\s*:?\s*(?:[\dXx][\dXx -]{6,16}[\dXx]\b\s*(?:\([A-Za-z]{1,20}\)\s*)?){1,3}\.?")
_ARXIV_TAIL = re.compile(r"[.,;]?\s*\barXiv\s*:\s*\S+(?:\s*\[[^\]]{0,20}\])?\.?\s*$", re.I)
_LETTER_VOL = re.compile(r"([A-Z])\d+\b")
_SEE_ALSO = re.compile(r"(?<=\.)\s+See also\b.*$")
_CITED_TIMES = re.compile(r"\s*\bCited\s+\d+\s+times?\.?", re.I)
_STUDY_GROUP = re.compile(r"(?:[A-Z][\w-]{0,30}\s+){0,6}(?:Study\s+)?(?:Group|Committee|Consortium|Collaborators|Collaboration|Investigators|Network|Working Party)\.\s+(?=\S)")
_TRAIL_EDN = re.compile(r",?\s*\b\d{1,2}(?:a|ª|st|nd|rd|th|e|ème)?\.?\s*(?:ed|edn|edition|éd|Aufl)\.?\s*$", re.I)
_BRACKET_END = re.compile(r"(?<=\S)\s*\[[^\[\]]{1,40}\]\s*\.?$")  # "[dataset]", "[Preprint]", "[Article in Spanish]"
_PAGE_COUNT = re.compile(r",\s*\d{1,4}\s*p(?:p|ages)?\.?\s*$")  # "…, 2014, 248p.": the book's length
# names in Hangul or Han characters, 2–4 to a name: "김윤형, 하동현, '…'", "郭春華. 劉小冬. 餘盤滿(2012)."
_CJK = "\u3131-\u318e\uac00-\ud7a3\u3400-\u4dbf\u4e00-\u9fff"
_CJK_NAMES = re.compile(rf"^(?P<names>[{_CJK}]{{2,4}}(?:\s*[,，、.]\s*[{_CJK}]{{2,4}})*)\s*(?:[,，、.]\s*|(?=[(（]))(?=\S)")
# ABNT's jurisdictions and collectives in capitals: "BRASIL.", "SÃO PAULO (Estado).", "COLLECTIF."
_CAPS_GROUP = re.compile(rf"^(?=[^a-z]*{U}{{4}})[{_UP}\s'’-]+(?:\s*\([^()]{{2,30}}\))?$")
_COLLAB_HEAD = re.compile(r"^(?P<g>[\w.&'’ -]{1,40}\s(?:Collaboration|Consortium|Collaborative Group))\s*[,.:]\s*(?=\S)")
_SAME_AUTHORS = re.compile(r"^(?:[-–—_]{2,}\s*,\s*)+(?:(?:and|&)\s+)?(?=\S)")
_HEAD_YEAR = re.compile(rf"^\s*[.,:;]?\s*(?:\(\s*(?P<y1>{_YEAR})[a-z]?\s*\)|(?P<y2>{_YEAR})[a-z]?(?=[.,:;\s]))\s*[.,:;]?\s*")
_ANY_YEAR = re.compile(rf"(?<![\d/.-])({_YEAR})[a-z]?(?![\d/-])")


def parse_generic(s: str, has_id: bool = False) -> dict:
    """One cleaned entry (identifiers already taken out) → fields. `has_id`: the entry had a DOI."""
    f: dict = {}
    if not s.isascii():
        s = unicodedata.normalize("NFC", s)  # "Drăghici" typed as a + combining breve
    numero = "°" in s or "º" in s
    if s[:1] in "-–—_":
        s = _SAME_AUTHORS.sub("", s)  # "--, --, and X. Niu": the authors of the entry above, then one more
    s = _NUMERO.sub("n. ", _BULLET.sub("", _LABEL.sub("", s.replace("--", "-"))))
    if "- " in s:
        s = _BROKEN_HYPHEN.sub("-", s)  # "Martin- Facklam": a line break inside a name
    s = _DANGLING_DOI.sub("", _CITED_TIMES.sub("", _SEE_ALSO.sub("", _ISXN.sub("", s))))
    if "arxiv" in s.lower():
        s = _ARXIV_TAIL.sub("", s)
    if "(" in s or "[" in s:
        s = _LANG_NOTE.sub("", s)
    authors, et_al, end, form = read_authors(s)
    if authors:
        f["authors"] = tuple(authors)
        f["et_al"] = et_al
    if not authors and not s.isascii():
        mc = _CJK_NAMES.match(s)
        if mc:
            authors = [x for x in re.split(r"\s*[,，、.]\s*", mc.group("names")) if x]
            f["authors"], f["et_al"] = tuple(authors), False
            end = mc.end()
    rest = s[end:]
    me = _EDS_MARK.match(rest)
    if authors and me:
        rest = rest[me.end() :]
    if not authors:
        mk = _COLLAB_HEAD.match(s)
        if mk:
            f["authors"], f["et_al"] = (mk.group("g"),), False
            authors = [mk.group("g")]
            rest = s[mk.end() :]
    if not authors:
        mg = _GROUP.match(s)
        if mg and (_ORG.search(mg.group("g")) or _HEAD_YEAR.match(s[mg.end() :]) or _CAPS_GROUP.match(mg.group("g"))):
            f["authors"] = (mg.group("g").strip(),)
            rest = s[mg.end() :]
    year_known = False
    my = _HEAD_YEAR.match(rest)
    if my:
        f["year"] = int(my.group("y1") or my.group("y2"))
        year_known = True
        rest = rest[my.end() :]
    rest = rest.strip().lstrip(".,:;").strip()
    mgr = _STUDY_GROUP.match(rest)
    if mgr and authors:
        rest = rest[mgr.end() :]
    rest = _SERIES.sub("", _TRAIL_EDN.sub("", _PAGE_COUNT.sub("", rest)))
    cut = split_tail(rest)
    tail = rest[cut:]
    head = rest[:cut]
    ml = _LETTER_VOL.match(tail)
    if ml and head.rstrip().endswith("."):
        # "Phys. Rev. D77, 014026": the series letter belongs to the journal
        head = head.rstrip() + " " + ml.group(1)
        tail = tail[1:]
    t = read_tail(tail, year_known, numero) if tail else {}
    if t.get("year") and not year_known:
        f["year"] = t["year"]
        if t.get("month"):
            f["month"] = t["month"]
            if t.get("day"):
                f["day"] = t["day"]
    has_source = bool(t.get("volume") or t.get("pages") or t.get("issue"))
    # a page count or a lone edition number is not a source
    if has_source and not t.get("volume") and t.get("pages") and re.search(r"\bp\.\s*\d+\s*$", tail) is None:
        pass
    comma_style = bool(authors) and (form == "ins" or s[end:].lstrip()[:1] == "," or s[:end].rstrip()[-1:] == ",")
    title, jour, pub = title_journal(head, has_source, comma_style, has_id)
    if not year_known and "year" not in f:
        years = [m for m in _ANY_YEAR.finditer(s)]
        if years:
            f["year"] = int(years[-1].group(1))
    f["title"] = _strip(_BRACKET_END.sub("", title)) if title else None
    f["journal"] = jour
    f["publisher"] = pub
    for k in ("volume", "issue", "pages"):
        if t.get(k):
            f[k] = t[k]
    if jour and _MEETING.search(jour) and not t.get("volume") and re.match(r"(?:Proc|Anais|Actas)\b|\S+(?:\s+\S+){0,3}\s+(?:Conference|Congress|Symposium|Workshop)\b", jour):
        f["type"] = "conference"  # pages in proceedings, no volume: a conference paper
    elif jour and has_source:
        f["type"] = "journal"
    elif jour:
        f["type"] = "conference" if re.search(r"\b(?:Proc|Conf|Symp|Workshop|Congr)", jour) or _MEETING.search(jour) else "chapter"
    else:
        f["type"] = "book"
    return {k: v for k, v in f.items() if v is not None}


if __name__ == "__main__":  # pragma: no cover - a developer's aid
    for line in sys.argv[1:]:
        print(parse_generic(line))
