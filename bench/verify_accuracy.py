"""Finding precision/recall per code, and false alarms on correct citations, over the loopback fakes.

Controls: every fixture work the fakes hold that a correct citation can name without any finding
(published, no notices, a journal article with authors and a volume) — the sample list's real
papers and the invented extra works — rendered in eighteen styles (NLM, NLM with DOI/PMID, AMA, APA,
Harvard, BMJ/Lancet, Chicago author-date and notes-bibliography, IEEE, Nature, MDPI, ACS, ABNT,
Elsevier's numbered style (Vancouver with initials first), Springer, Cell, Science, MLA). Every one
must raise nothing.

Preprints (invented, bioRxiv/medRxiv on Crossref and arXiv on DataCite): those with no published
version cited as preprints are controls too; those with one are `preprint-published` defects, and
every preprint cited as a journal article a `journal-mismatch` defect.

Defects: the same works with one deliberate defect each (wrong year, volume, pages, title word,
an invented co-author, authors out of order, an author left out with no "et al.", another
journal, another work's DOI or PMID, an invented DOI, a year in the future, a fabricated entry),
in NLM and APA. The expected code is the only one that may appear.

Each style's entries form one numbered list, parsed by the real parser and checked by the real
resolver and verifier against the fakes (PubMed and Crossref over HTTP on 127.0.0.1).

    .venv/bin/python bench/verify_accuracy.py [-v]
"""

from __future__ import annotations

import datetime
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from refcheck.check import check_document  # noqa: E402
from refcheck.parse import parse_path  # noqa: E402
from refcheck.resolve import Resolver  # noqa: E402
from refcheck.settings import Settings  # noqa: E402
from tests.fakes import FakeServices  # noqa: E402
from tests.fakes.model import Work  # noqa: E402
from tests.fakes.sample_records import ALL_WORKS  # noqa: E402

MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
INFO_OK = {"corrected", "not-indexed", "unavailable"}  # info: no alarm


def ini(given: str, dots: bool = False, space: bool = False) -> str:
    parts = [p for p in re.split(r"[\s.\-]+", given or "") if p]
    if dots:
        return (" " if space else "").join(f"{p[0].upper()}." for p in parts)
    return "".join(p[0].upper() for p in parts)


def _short_last(first: str, last: str) -> str:
    if not (first.isdigit() and last.isdigit()) or len(first) != len(last):
        return last
    i = 0
    while i < len(first) - 1 and first[i] == last[i]:
        i += 1
    return last[i:]


def pages(w: Work, short: bool = False, dash: str = "-") -> str | None:
    if w.first_page and w.last_page and w.last_page != w.first_page:
        return f"{w.first_page}{dash}{_short_last(w.first_page, w.last_page) if short else w.last_page}"
    return w.first_page or w.elocation


def pairs(w: Work) -> list[tuple[str, str]]:
    """(family, given) per author; the fixtures may split given names in two."""
    return [(a[0], " ".join(x for x in a[1:] if x)) for a in w.authors]


def names(w: Work, fmt, sep=", ", last_sep=None, limit=None, etal=" et al") -> str:
    people = [fmt(f, g) for f, g in pairs(w)]
    if w.collective:
        people.append(w.collective)
    if limit and len(people) > limit:
        return sep.join(people[:3]) + ("," if sep == ", " else "") + etal
    if last_sep and len(people) > 1:
        return sep.join(people[:-1]) + last_sep + people[-1]
    return sep.join(people)


def t(w: Work) -> str:
    return w.title.rstrip(".")


def nlm(w: Work) -> str:
    a = names(w, lambda f, g: f"{f} {ini(g)}".strip(), limit=6)
    date = f"{w.year}" + (f" {MONTHS[w.month - 1]}" if w.month else "") + (f" {w.day}" if w.month and w.day else "")
    iss = f"({w.issue})" if w.issue else ""
    p = pages(w, short=True)
    return f"{a}. {t(w)}. {w.journal_nlm or w.journal}. {date};{w.volume}{iss}" + (f":{p}." if p else ".")


def nlm_ids(w: Work) -> str:
    s = nlm(w)
    if w.doi:
        s += f" doi: {w.doi}."
    if w.pmid and w.in_pubmed:
        s += f" PMID: {w.pmid}."
    return s


def ama(w: Work) -> str:
    a = names(w, lambda f, g: f"{f} {ini(g)}".strip(), limit=6)
    iss = f"({w.issue})" if w.issue else ""
    p = pages(w)
    s = f"{a}. {t(w)}. {w.journal_iso or w.journal_nlm}. {w.year};{w.volume}{iss}" + (f":{p}." if p else ".")
    return s + (f" doi:{w.doi}" if w.doi else "")


def apa(w: Work) -> str:
    a = names(w, lambda f, g: f"{f}, {ini(g, dots=True, space=True)}", last_sep=", & ")
    iss = f"({w.issue})" if w.issue else ""
    p = pages(w, dash="–")
    s = f"{a} ({w.year}). {t(w)}. {w.journal}, {w.volume}{iss}" + (f", {p}." if p else ".")
    return s + (f" https://doi.org/{w.doi}" if w.doi else "")


def harvard(w: Work) -> str:
    a = names(w, lambda f, g: f"{f}, {ini(g, dots=True)}", last_sep=" and ")
    iss = f"({w.issue})" if w.issue else ""
    p = pages(w, dash="–")
    return f"{a} ({w.year}) '{t(w)}', {w.journal}, {w.volume}{iss}" + (f", pp. {p}." if p else ".")


def bmj(w: Work) -> str:
    a = names(w, lambda f, g: f"{f} {ini(g)}".strip(), limit=6)
    p = pages(w, short=True)
    return f"{a}. {t(w)}. {w.journal_nlm or w.journal} {w.year};{w.volume}" + (f":{p}." if p else ".")


def chicago(w: Work) -> str:
    people = [f"{f}, {g}" if i == 0 else f"{g} {f}" for i, (f, g) in enumerate(pairs(w))]
    if w.collective:
        people.append(w.collective)
    a = people[0] if len(people) == 1 else ", ".join(people[:-1]) + ", and " + people[-1]
    iss = f" ({w.issue})" if w.issue else ""
    p = pages(w, dash="–")
    return f"{a}. {w.year}. \u201c{t(w)}.\u201d {w.journal} {w.volume}{iss}" + (f": {p}." if p else ".")


def ieee(w: Work) -> str:
    a = names(w, lambda f, g: f"{ini(g, dots=True, space=True)} {f}", last_sep=", and ")
    iss = f", no. {w.issue}" if w.issue else ""
    p = pages(w, dash="–")
    return f"{a}, \u201c{t(w)},\u201d {w.journal_iso or w.journal}, vol. {w.volume}{iss}" + (
        f", pp. {p}" if p and "-" in (pages(w) or "") else f", Art. no. {p}" if p else "") + f", {w.year}."


def nature(w: Work) -> str:
    if len(w.authors) > 5:
        a = f"{pairs(w)[0][0]}, {ini(pairs(w)[0][1], dots=True)} et al."
    else:
        a = names(w, lambda f, g: f"{f}, {ini(g, dots=True)}", last_sep=" & ") + "."
    p = pages(w, dash="–")
    return f"{a} {t(w)}. {w.journal_iso or w.journal} {w.volume}" + (f", {p}" if p else "") + f" ({w.year})."


def mdpi(w: Work) -> str:
    a = names(w, lambda f, g: f"{f}, {ini(g, dots=True, space=True)}", sep="; ")
    p = pages(w, dash="–")
    return f"{a} {t(w)}. {w.journal_iso or w.journal} {w.year}, {w.volume}" + (f", {p}." if p else ".")


def acs(w: Work) -> str:
    a = names(w, lambda f, g: f"{f}, {ini(g, dots=True, space=True)}", sep="; ")
    iss = f" ({w.issue})" if w.issue else ""
    p = pages(w, dash="–")
    return f"{a} {t(w)}. {w.journal_iso or w.journal} {w.year}, {w.volume}{iss}" + (f", {p}." if p else ".")


def abnt(w: Work) -> str:
    ps = pairs(w)
    if len(ps) > 3:
        a = f"{ps[0][0].upper()}, {ini(ps[0][1], dots=True, space=True)} et al."
    else:
        a = "; ".join(f"{f.upper()}, {ini(g, dots=True, space=True)}" for f, g in ps)
    iss = f", n. {w.issue}" if w.issue else ""
    p = pages(w)
    return f"{a} {t(w)}. {w.journal}, v. {w.volume}{iss}" + (f", p. {p}" if p else "") + f", {w.year}."


def elsevier(w: Work) -> str:
    """Vancouver with initials first (Elsevier's numbered style)."""
    a = names(w, lambda f, g: f"{ini(g, dots=True)} {f}", limit=10)
    p = pages(w, dash="–")
    return f"{a}, {t(w)}, {w.journal_iso or w.journal} {w.volume} ({w.year})" + (f" {p}." if p else ".")


def springer(w: Work) -> str:
    a = names(w, lambda f, g: f"{f} {ini(g)}".strip())
    p = pages(w, dash="–")
    return f"{a} ({w.year}) {t(w)}. {w.journal_iso or w.journal} {w.volume}" + (f":{p}" if p else "")


def cell(w: Work) -> str:
    a = names(w, lambda f, g: f"{f}, {ini(g, dots=True)}", last_sep=", and ", limit=10, etal=" et al.")
    p = pages(w, dash="–")
    return f"{a} ({w.year}). {t(w)}. {w.journal_iso or w.journal} {w.volume}" + (f", {p}." if p else ".")


def science(w: Work) -> str:
    a = names(w, lambda f, g: f"{ini(g, dots=True, space=True)} {f}", limit=10, etal=" et al.")
    p = pages(w, dash="–")
    return f"{a}, {t(w)}. {w.journal_iso or w.journal} {w.volume}" + (f", {p}" if p else "") + f" ({w.year})."


def mla(w: Work) -> str:
    ps = pairs(w)
    f0, g0 = ps[0]
    a = f"{f0}, {g0}" + (", et al" if len(ps) > 2 else f", and {ps[1][1]} {ps[1][0]}" if len(ps) == 2 else "")
    iss = f", no. {w.issue}" if w.issue else ""
    p = pages(w, dash="–")
    return f"{a}. \u201c{t(w)}.\u201d {w.journal}, vol. {w.volume}{iss}, {w.year}" + (
        f", pp. {p}." if p and "-" in (pages(w) or "") else f", p. {p}." if p else ".")


def chicago_nb(w: Work) -> str:
    people = [f"{f}, {g}" if i == 0 else f"{g} {f}" for i, (f, g) in enumerate(pairs(w))]
    if w.collective:
        people.append(w.collective)
    a = people[0] if len(people) == 1 else ", ".join(people[:-1]) + ", and " + people[-1]
    iss = f", no. {w.issue}" if w.issue else ""
    p = pages(w, dash="–")
    return f"{a}. \u201c{t(w)}.\u201d {w.journal} {w.volume}{iss} ({w.year})" + (f": {p}." if p else ".")


STYLES = {"nlm": nlm, "nlm-ids": nlm_ids, "ama": ama, "apa": apa, "harvard": harvard, "bmj": bmj,
          "chicago": chicago, "ieee": ieee, "nature": nature, "mdpi": mdpi, "acs": acs, "abnt": abnt,
          "elsevier": elsevier, "springer": springer, "cell": cell, "science": science, "mla": mla,
          "chicago-nb": chicago_nb}


def controls() -> list[Work]:
    return [w for w in ALL_WORKS if not w.notices and w.status == "ppublish" and w.crossref_type == "journal-article"
            and w.title and w.authors and w.volume and w.year]


# ----------------------------------------------------------------------------------- defects


@dataclass(frozen=True)
class Defect:
    code: str
    make: object  # (work, other work, k) -> Work or None; rendered with the style


def _other(ws: list[Work], w: Work) -> Work:
    i = ws.index(w)
    return next(x for x in ws[i + 1 :] + ws[:i] if x.journal != w.journal and x.doi and x.pmid and x.in_pubmed)


INVENTED = [("Holmqvist", "Birgitta"), ("Adeyemi", "Tunde"), ("Castellanos", "Rafael"), ("Nakagawa", "Emi")]


def _title_word(w: Work) -> Work | None:
    words = w.title.rstrip(".").split(" ")
    for i in range(len(words) - 1, 0, -1):
        if len(words[i]) >= 6 and words[i].isalpha():
            words[i] = {"cohort": "registry"}.get(words[i].lower(), "Zebrafish")
            return replace(w, title=" ".join(words))
    return None


DEFECTS = [
    Defect("year-mismatch", lambda w, o, k: replace(w, year=w.year - 2 - k % 2)),
    Defect("volume-mismatch", lambda w, o, k: replace(w, volume=str(int(w.volume) + 3)) if w.volume.isdigit() else None),
    Defect("pages-mismatch", lambda w, o, k: replace(w, first_page=str(int(w.first_page) + 20),
                                                     last_page=str(int(w.last_page) + 20))
           if w.first_page and w.last_page and w.first_page.isdigit() and w.last_page.isdigit() else None),
    Defect("title-mismatch", lambda w, o, k: _title_word(w)),
    Defect("author-mismatch", lambda w, o, k: replace(w, authors=w.authors[:1] + [INVENTED[k % 4]] + w.authors[1:3])
           if len(w.authors) >= 2 else None),
    Defect("author-mismatch", lambda w, o, k: replace(w, authors=[w.authors[1], w.authors[0]] + w.authors[2:5])
           if 2 <= len(w.authors) <= 5 else None),
    Defect("author-mismatch", lambda w, o, k: replace(w, authors=w.authors[:1] + w.authors[2:], collective=None)
           if 3 <= len(w.authors) <= 5 and not w.collective else None),
    Defect("journal-mismatch", lambda w, o, k: replace(w, journal=o.journal, journal_iso=o.journal_iso,
                                                       journal_nlm=o.journal_nlm)),
    Defect("doi-mismatch", lambda w, o, k: replace(w, doi=o.doi) if w.doi else None),
    Defect("doi-mismatch", lambda w, o, k: replace(w, doi=w.doi + "x9") if w.doi else None),
    Defect("pmid-mismatch", lambda w, o, k: replace(w, pmid=o.pmid) if w.pmid and w.in_pubmed else None),
    Defect("year-mismatch", lambda w, o, k: replace(w, year=datetime.date.today().year + 1 + k % 3)),
    Defect("not-found", lambda w, o, k: replace(
        w, title=f"Invented trial {k} of lunar magnesium on fictional {['otters', 'comets', 'glaciers'][k % 3]}",
        authors=[INVENTED[(k + 1) % 4], INVENTED[(k + 2) % 4]], collective=None, doi=None, pmid=None,
        volume=str(int(w.volume) + 40) if w.volume.isdigit() else w.volume)),
]


def render(style: str, w: Work, with_ids: bool = False) -> str:
    s = STYLES[style](w)
    if with_ids and style not in ("nlm-ids",):
        if w.doi and "doi" not in s:
            s += f" doi: {w.doi}."
        if w.pmid:
            s += f" PMID: {w.pmid}."
    return s


# ----------------------------------------------------------------------------------- preprints

_PRE_TOPICS = ["serum magnesium in shift workers", "vitamin D receptor variants and bone loss",
               "magnesium citrate and sleep quality", "calcifediol dosing in older inpatients",
               "dietary magnesium and insulin sensitivity", "vitamin D and muscle strength in adolescents",
               "magnesium depletion after bariatric surgery", "vitamin D status in night-shift nurses"]


def preprint_world() -> tuple[list[Work], list[Work], list[Work]]:
    """Invented preprints (bioRxiv/medRxiv on Crossref, arXiv on DataCite): half with a published
    version (Crossref is-preprint-of / DataCite IsPreprintOf), half without. Returns (all works,
    preprints with a published version, preprints without)."""
    published, lone, world = [], [], []
    for k, topic in enumerate(_PRE_TOPICS):
        title = f"A randomised trial of {topic}" if k % 2 else f"Cohort study of {topic}"
        people = [INVENTED[k % 4], INVENTED[(k + 1) % 4], INVENTED[(k + 3) % 4]]
        arxiv = k % 4 == 3
        server = "arXiv" if arxiv else ("bioRxiv" if k % 2 else "medRxiv")
        doi = f"10.48550/arXiv.22{k:02d}.0{k}41{k}" if arxiv else f"10.1101/2021.0{k + 1}.1{k}.2{k}41{k}"
        pub = None
        if k < 4 or k == 7:
            pub = Work(pmid=f"3990{k:03d}1", doi=f"10.5555/jfnr.2022.{k:04d}", title=title + ".", authors=people,
                       journal="Journal of Fictional Nutrition Research", journal_iso="J Fict Nutr Res",
                       journal_nlm="J Fict Nutr Res", issn="2999-0107", year=2022, month=k + 1, volume="15",
                       issue=str(k + 1), first_page=str(100 + 20 * k), last_page=str(111 + 20 * k))
            world.append(pub)
        pre = Work(doi=doi, title=title, authors=people, journal=server, crossref_type="posted-content",
                   publisher="arXiv" if arxiv else "Cold Spring Harbor Laboratory", year=2021, month=k + 1, day=10,
                   epub=f"2021-{k + 1:02d}-10", in_pubmed=False, pub_types=["Preprint"],
                   preprint_of=[pub.doi] if pub else [], agency="DataCite" if arxiv else None,
                   in_crossref=not arxiv, datacite_type="Preprint" if arxiv else None)
        world.append(pre)
        (published if pub else lone).append(pre)
    return world, published, lone


def preprint_line(style: str, w: Work, journal: str | None = None) -> str:
    """A preprint cited as a preprint (or, with `journal`, as a journal article of that name)."""
    ps = pairs(w)
    if journal:
        return (f"{names(w, lambda f, g: f'{f} {ini(g)}')}. {t(w)}. {journal}. {w.year};12(3):45-52. "
                f"doi:{w.doi}")
    if style == "nlm":
        return f"{names(w, lambda f, g: f'{f} {ini(g)}')}. {t(w)} [Preprint]. {w.journal}. {w.year}. doi:{w.doi}"
    if style == "apa":
        a = names(w, lambda f, g: f"{f}, {ini(g, dots=True, space=True)}", last_sep=", & ")
        return f"{a} ({w.year}). {t(w)}. {w.journal}. https://doi.org/{w.doi}"
    if style == "ieee":
        a = names(w, lambda f, g: f"{ini(g, dots=True, space=True)} {f}", last_sep=", and ")
        return f"{a}, \u201c{t(w)},\u201d {w.journal}, {w.year}, doi: {w.doi}."
    a = ", ".join(f"{f} {ini(g)}" for f, g in ps)  # Vancouver without DOI
    return f"{a}. {t(w)}. {w.journal} [Preprint]. {w.year} {MONTHS[(w.month or 1) - 1]} {w.day or 1}."


PRE_STYLES = ("nlm", "apa", "ieee", "vancouver")


# ----------------------------------------------------------------------------------- running


def check(lines: list[str], resolver: Resolver, tmp: Path, name: str):
    f = tmp / f"{name}.txt"
    f.write_text("".join(f"{i}. {line}\n" for i, line in enumerate(lines, 1)), encoding="utf-8")
    return check_document(parse_path(str(f)), resolver, quiet=True)


def alarm_codes(v) -> set[str]:
    return {f.code for f in v.findings if f.code not in INFO_OK}


def main() -> None:
    verbose = "-v" in sys.argv
    works = controls()
    docs: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
    for style in STYLES:
        for w in works:
            docs[f"control-{style}"].append((render(style, w), None))
    pre_world, pre_published, pre_lone = preprint_world()
    for style in PRE_STYLES:  # preprints with no published version, cited as preprints
        for w in pre_lone:
            docs[f"control-preprint-{style}"].append((preprint_line(style, w), None))
        for w in pre_published:
            docs[f"defect-preprint-published-{style}"].append((preprint_line(style, w), "preprint-published"))
    for k, w in enumerate(pre_lone + pre_published):
        docs["defect-preprint-as-journal"].append(
            (preprint_line("nlm", w, journal=["Lancet Nutr", "Nutr Rev Fict", "Clin Magnes J"][k % 3]),
             "journal-mismatch"))
    for di, d in enumerate(DEFECTS):
        for style in ("nlm", "apa"):
            for k, w in enumerate(works):
                bad = d.make(w, _other(works, w), k)
                if bad is None:
                    continue
                ids = d.code in ("doi-mismatch", "pmid-mismatch")
                line = render(style, bad, with_ids=ids)
                if d.code == "pmid-mismatch":
                    line = re.sub(r" doi: \S+\.", "", line)  # the PMID alone identifies it
                docs[f"defect{di}-{d.code}-{style}"].append((line, d.code))
    tp, fp, fn = Counter(), Counter(), Counter()
    control_alarms, n_controls = [], 0
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp, FakeServices(works=ALL_WORKS + pre_world,
                                                                ncbi_rate_limit=1000) as fake:
        settings = Settings.from_env(
            {**fake.env, "NCBI_API_KEY": "bench-key", "REFCHECK_NCBI_RATE": "100", "REFCHECK_CROSSREF_RATE": "100",
             "REFCHECK_DBLP_RATE": "100"},
            cache_dir=Path(tmp) / "cache",
        )
        with Resolver(settings) as resolver:
            for name, items in docs.items():
                report = check([x for x, _ in items], resolver, Path(tmp), name)
                for (line, expected), v in zip(items, report.verdicts):
                    got = alarm_codes(v)
                    if expected is None:
                        n_controls += 1
                        if got:
                            control_alarms.append((name, line, [f.to_dict() for f in v.findings]))
                    for c in got:
                        (tp if c == expected else fp)[c] += 1
                    if expected and expected not in got:
                        fn[expected] += 1
                        if verbose:
                            print(f"MISSED {expected} [{name}] {line}\n    got {sorted(got)}")
                    elif expected and verbose and got - {expected}:
                        print(f"EXTRA {sorted(got - {expected})} [{name}] {line}")
        requests = len(fake.requests)
    wall = time.perf_counter() - t0
    n_defects = sum(1 for items in docs.values() for _, e in items if e)
    print(f"{n_controls} controls ({len(works)} works x {len(STYLES)} styles, {len(pre_lone)} preprints x "
          f"{len(PRE_STYLES)} styles), {n_defects} defective entries; "
          f"{requests} requests; {wall:.1f} s")
    print(f"{'code':<20} {'precision':>9} {'recall':>7}   tp  fp  fn")
    for c in sorted(set(tp) | set(fp) | set(fn)):
        prec = tp[c] / (tp[c] + fp[c]) if tp[c] + fp[c] else float("nan")
        rec = tp[c] / (tp[c] + fn[c]) if tp[c] + fn[c] else float("nan")
        print(f"{c:<20} {prec:>9.1%} {rec:>7.1%}  {tp[c]:>3} {fp[c]:>3} {fn[c]:>3}")
    T, F, N = sum(tp.values()), sum(fp.values()), sum(fn.values())
    print(f"{'all':<20} {T / (T + F):>9.1%} {T / (T + N):>7.1%}  {T:>3} {F:>3} {N:>3}")
    print(f"false alarms on controls: {len(control_alarms)} of {n_controls} = {len(control_alarms) / n_controls:.1%}")
    by_style = Counter(name.split("-", 1)[1] for name, _, _ in control_alarms)
    if by_style:
        print("  by style: " + ", ".join(f"{s} {c}" for s, c in sorted(by_style.items())))
    if verbose:
        for name, line, fs in control_alarms:
            print(f"ALARM [{name}] {line}\n    " + "; ".join(f"{f['code']}: {f['message']}" for f in fs))


if __name__ == "__main__":
    main()
