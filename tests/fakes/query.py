"""A small PubMed query evaluator over the fixture works.

Supports field tags ([doi] [aid] [au] [1au] [ti] [tiab] [ta] [dp] [pdat] [vi]
[ip] [pg] [pmid] [uid] and their long forms), quoted phrases, AND / OR / NOT
evaluated left to right as PubMed does, parentheses, `*` truncation, and
untagged terms (title, abstract, authors, journal, ids). Case and diacritics
are ignored.  Unlike real PubMed, a phrase absent from the index is not dropped
from the query: it matches nothing (the fixture index is tiny, dropping would
make almost every query match too much); it is still reported as
PhraseNotFound when the search finds nothing.
"""

from __future__ import annotations

import re

from .model import Work
from .pubmed import pub_date_parts
from .store import fold, initials_of, norm_journal, words

TAGS = {
    "doi": "doi", "aid": "aid", "location id": "aid", "lid": "aid",
    "au": "au", "author": "au", "auth": "au", "full author name": "au", "fau": "au",
    "1au": "1au", "author - first": "1au", "first author": "1au", "first author name": "1au",
    "lastau": "lastau", "author - last": "lastau",
    "ti": "ti", "title": "ti",
    "tiab": "tiab", "title/abstract": "tiab",
    "ta": "ta", "journal": "ta", "jour": "ta", "so": "ta",
    "dp": "dp", "publication date": "dp", "date - publication": "dp",
    "pdat": "dp", "edat": "dp",
    "vi": "vi", "volume": "vi",
    "ip": "ip", "issue": "ip",
    "pg": "pg", "pagination": "pg", "page": "pg",
    "pmid": "pmid", "uid": "pmid", "pubmed id": "pmid",
    "all": "all", "all fields": "all", "tw": "tiab", "text word": "tiab",
    "pt": "pt", "publication type": "pt",
    "cn": "cn", "corporate author": "cn",
    "issn": "ta",
}
LONG = {"doi": "DOI", "aid": "Location ID", "au": "Author", "1au": "Author - First", "lastau": "Author - Last",
        "ti": "Title", "tiab": "Title/Abstract", "ta": "Journal", "dp": "Publication Date", "vi": "Volume",
        "ip": "Issue", "pg": "Pagination", "pmid": "UID", "all": "All Fields", "pt": "Publication Type",
        "cn": "Corporate Author"}

_TOKEN = re.compile(r'\s*(?:(\()|(\))|"([^"]*)"(?:\s*\[([^\]]*)\])?|([^\s()"\[]+)(?:\s*\[([^\]]*)\])?|\[([^\]]*)\])')


class QueryError(ValueError):
    pass


def _tokens(q: str):
    pos = 0
    out = []
    q = q.strip()
    while pos < len(q):
        m = _TOKEN.match(q, pos)
        if not m or m.end() == pos:
            if q[pos:].strip() == "":
                break
            raise QueryError(f"cannot parse query near {q[pos:]!r}")
        pos = m.end()
        lp, rp, quoted, qtag, word, wtag, lone_tag = m.groups()
        if lp:
            out.append(("(",))
        elif rp:
            out.append((")",))
        elif quoted is not None:
            out.append(("term", quoted, qtag, True))
        elif lone_tag is not None:
            # "rooney mr [au]" with a space before the tag
            if out and out[-1][0] == "term" and out[-1][2] is None:
                t = out.pop()
                out.append(("term", t[1], lone_tag, t[3]))
        elif word.upper() in ("AND", "OR", "NOT") and wtag is None:
            out.append(("op", word.upper()))
        else:
            out.append(("term", word, wtag, False))
    # glue runs of untagged bare words onto a following tagged bare word: `rooney mr[au]`
    glued: list = []
    for t in out:
        if t[0] == "term" and not t[3] and t[2] is not None:
            run = []
            while glued and glued[-1][0] == "term" and not glued[-1][3] and glued[-1][2] is None:
                run.insert(0, glued.pop()[1])
            glued.append(("term", " ".join(run + [t[1]]), t[2], False))
        else:
            glued.append(t)
    return glued


class Evaluator:
    def __init__(self, works: list[Work]):
        self.works = works
        self.not_found: list[str] = []

    # -------------------------------------------------------------- parsing
    def evaluate(self, query: str) -> tuple[set[str], str]:
        toks = _tokens(query)
        self._toks = toks
        self._i = 0
        self._trans: list[str] = []
        result, trans = self._expr()
        if self._i < len(toks):
            raise QueryError("unbalanced parentheses")
        return result, trans

    def _expr(self):
        res, trans = self._operand()
        while self._i < len(self._toks) and self._toks[self._i][0] != ")":
            tok = self._toks[self._i]
            if tok[0] == "op":
                op = tok[1]
                self._i += 1
            else:
                op = "AND"  # adjacency = AND
            rhs, rtrans = self._operand()
            if op == "AND":
                res = res & rhs
            elif op == "OR":
                res = res | rhs
            else:
                res = res - rhs
            trans = f"{trans} {op} {rtrans}"
        return res, trans

    def _operand(self):
        if self._i >= len(self._toks):
            raise QueryError("query ends early")
        tok = self._toks[self._i]
        self._i += 1
        if tok[0] == "(":
            res, trans = self._expr()
            if self._i >= len(self._toks) or self._toks[self._i][0] != ")":
                raise QueryError("missing )")
            self._i += 1
            return res, f"({trans})"
        if tok[0] == ")" or tok[0] == "op":
            raise QueryError(f"unexpected {tok}")
        _, text, tag, quoted = tok
        field = "all"
        if tag is not None:
            key = tag.strip().lower()
            key = key.split(":")[0].strip()
            if key not in TAGS:
                raise QueryError(f"unknown field tag [{tag}]")
            field = TAGS[key]
        hits = {w.pmid for w in self.works if self.match(w, field, text, quoted)}
        shown = f'"{text}"[{LONG.get(field, field)}]'
        if not hits:
            self.not_found.append(f"{text}[{tag}]" if tag else text)
        return hits, shown

    # -------------------------------------------------------------- matching
    def match(self, w: Work, field: str, text: str, quoted: bool) -> bool:
        t = text.strip()
        if field in ("doi",):
            return bool(w.doi) and w.doi.lower() == t.lower()
        if field == "aid":
            return t.lower() in {x.lower() for x in (w.doi, w.pii, w.elocation) if x}
        if field == "pmid":
            return w.pmid == t
        if field in ("au", "1au", "lastau"):
            names = list(w.authors)
            if field == "1au":
                names = names[:1]
            elif field == "lastau":
                names = names[-1:]
            if any(_author_match(a, t) for a in names):
                return True
            return field == "au" and bool(w.collective) and _phrase_in(qwords(t), words(w.collective), quoted)
        if field == "cn":
            return bool(w.collective) and _phrase_in(qwords(t), words(w.collective), quoted)
        if field == "ti":
            return _phrase_in(qwords(t), words(w.title), quoted)
        if field == "tiab":
            return _phrase_in(qwords(t), words(w.title), quoted) or _phrase_in(qwords(t), words(w.abstract), quoted)
        if field == "ta":
            nt = norm_journal(t)
            names = {norm_journal(x) for x in (w.journal, w.journal_iso, w.journal_nlm) if x}
            return nt in names or t in {w.issn, w.eissn}
        if field == "dp":
            return _date_match(w, t)
        if field == "vi":
            return (w.volume or "").lower() == t.lower()
        if field == "ip":
            return (w.issue or "").lower() == t.lower()
        if field == "pg":
            first = t.split("-")[0].lower()
            return first in {(w.first_page or "").lower(), (w.elocation or "").lower()} - {""}
        if field == "pt":
            return norm_journal(t) in {norm_journal(p) for p in w.pub_types}
        # all fields
        if w.pmid == t or (w.doi and w.doi.lower() == t.lower()):
            return True
        qw = qwords(t)
        hay = [words(w.title), words(w.abstract), words(w.collective)]
        hay += [words(" ".join(a[:2])) for a in w.authors]
        hay += [words(x) for x in (w.journal, w.journal_iso, w.journal_nlm) if x]
        if quoted:
            return any(_phrase_in(qw, h, True) for h in hay) or any(_author_match(a, t) for a in w.authors)
        flat = [x for h in hay for x in h]
        return _phrase_in(qw, flat, False) or any(_author_match(a, t) for a in w.authors)


def qwords(text: str) -> list[str]:
    """Query words, keeping a trailing * (truncation)."""
    return re.findall(r"[a-z0-9]+\*?", fold(text))


def _word_eq(q: str, w: str) -> bool:
    if q.endswith("*"):
        return w.startswith(q[:-1])
    return q == w


def _phrase_in(q: list[str], hay: list[str], quoted: bool) -> bool:
    if not q:
        return False
    if not quoted:
        return all(any(_word_eq(x, h) for h in hay) for x in q)
    n = len(q)
    return any(all(_word_eq(q[j], hay[i + j]) for j in range(n)) for i in range(len(hay) - n + 1))


def _author_match(author: tuple, text: str) -> bool:
    family = fold(author[0])
    given = author[1] if len(author) > 1 else ""
    inits = fold(initials_of(given))
    q = fold(text).replace(",", " ").replace(".", " ")
    q = " ".join(q.split())
    if not q:
        return False
    fam_n = " ".join(family.replace("-", " ").split())
    q_n = q.replace("-", " ")
    if q_n == fam_n or q == family:
        return True
    # "family initials" (initials may be a prefix: "rooney m" matches Rooney MR)
    for fam in (family, fam_n):
        if q.startswith(fam + " ") or q_n.startswith(fam + " "):
            rest = (q[len(fam):] if q.startswith(fam + " ") else q_n[len(fam):]).strip()
            if rest.replace(" ", "") and inits.startswith(rest.replace(" ", "")):
                return True
            if rest == " ".join(fold(given).replace("-", " ").split()):
                return True
    return False


def _date_match(w: Work, t: str) -> bool:
    def key(parts):
        y, m, d = parts
        return (y, m or 0, d or 0)

    def parse(s):
        p = [int(x) for x in re.split(r"[/\-\s]", s.strip()) if x.isdigit()]
        return tuple(p) if p else None

    dates = [key(pub_date_parts(w))]
    if w.epub:
        dates.append(key(tuple(int(x) for x in (w.epub.split("-") + ["0", "0"])[:3])))
    if ":" in t:
        lo, hi = (parse(x) for x in t.split(":", 1))
        lo = lo or (0,)
        hi = hi or (9999,)
        hi_k = tuple(list(hi) + [99] * (3 - len(hi)))
        lo_k = tuple(list(lo) + [0] * (3 - len(lo)))
        return any(lo_k <= d <= hi_k for d in dates)
    p = parse(t)
    if not p:
        return False
    return any(d[: len(p)] == p for d in dates)


def search(works: list[Work], term: str) -> tuple[list[str], str, list[str]]:
    """ids (most recent first, as PubMed's default sort), translation, phrases not found."""
    ev = Evaluator(works)
    hits, trans = ev.evaluate(term)
    ids = sorted(hits, key=lambda p: int(p) if p.isdigit() else 0, reverse=True)
    return ids, trans, ev.not_found
