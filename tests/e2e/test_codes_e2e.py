"""Every finding code, and every "What is not a mismatch" rule, through the real path.

Each reference list is written here from the fixture Works' own fields (NLM style, like
references.txt), with one deliberate defect per entry, and checked by `refcheck verify FILE
--format json` in a subprocess against the fake services. Entries that share a list cite
different works, so each entry is judged on its own: the expected code, and nothing else.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from tests.e2e.test_verify_sample import run_cli
from tests.fakes import FakeServices
from tests.fakes.model import Work
from tests.fakes.sample_records import EXTRA_BY_KEY, EXTRA_WORKS, SAMPLE_BY_N, SAMPLE_WORKS

ROOT = Path(__file__).resolve().parents[2]
S, X = SAMPLE_BY_N, EXTRA_BY_KEY
MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
SEVERITY = {
    "incomplete": "error", "not-found": "error", "doi-mismatch": "error", "pmid-mismatch": "error",
    "retracted": "error", "year-mismatch": "error", "volume-mismatch": "error", "pages-mismatch": "error",
    "title-mismatch": "error", "author-mismatch": "error", "journal-mismatch": "error",
    "ambiguous": "warning", "issue-mismatch": "warning", "expression-of-concern": "warning",
    "ahead-of-print": "warning", "duplicate": "warning", "uncited": "warning",
    "corrected": "info", "not-indexed": "info", "unavailable": "info",
}

# Works whose titles carry markup in both services (added to the fakes with fake.add).
MARKUP = Work(
    pmid="39900901", doi="10.5555/fnr.2023.0901",
    title="Serum Mg<sup>2+</sup> and <i>CYP27B1</i> expression in vitamin D-deficient adults",
    authors=[("Lindgren", "Sofia"), ("Achebe", "Ngozi")],
    journal="Journal of Fictional Nutrition Research", journal_iso="J Fict Nutr Res", journal_nlm="J Fict Nutr Res",
    issn="1234-5679", year=2023, month=5, volume="16", issue="5", first_page="901", last_page="909",
    publisher="Fictional Academic Press", member="7822",
)
HEMOGLOBIN = Work(
    pmid="39900911", doi="10.5555/fnr.2023.0911",
    title="Magnesium supplementation and hemoglobin A<sub>1c</sub> in adults with type 2 diabetes",
    authors=[("Okoro", "Emeka"), ("Brandt", "Helga")],
    journal="Journal of Fictional Nutrition Research", journal_iso="J Fict Nutr Res", journal_nlm="J Fict Nutr Res",
    issn="1234-5679", year=2023, month=6, volume="16", issue="6", first_page="911", last_page="920",
    publisher="Fictional Academic Press", member="7822",
)


# ----------------------------------------------------------------------------------- building entries


def initials(given: str) -> str:
    return "".join(p[0] for p in re.split(r"[\s.\-]+", given or "") if p).upper()


def nlm_authors(w: Work) -> str:
    names = [f"{fam} {initials(giv)}".strip() for fam, giv in w.authors]
    if w.collective:
        names.append(w.collective)
    if len(names) > 6:
        names = names[:3] + ["et al"]
    return ", ".join(names)


def nlm_date(w: Work) -> str:
    if w.medline_date:
        return w.medline_date
    s = str(w.year)
    if w.month:
        s += f" {MONTHS[w.month - 1]}"
        if w.day:
            s += f" {w.day}"
    return s


def nlm_pages(w: Work) -> str | None:
    if w.elocation and not w.first_page:
        return w.elocation
    f, l = w.first_page, w.last_page
    if not f:
        return None
    if not l or l == f:
        return f
    if f.isdigit() and l.isdigit() and len(f) == len(l):
        k = 0
        while k < len(f) - 1 and f[k] == l[k]:
            k += 1
        l = l[k:]
    return f"{f}-{l}"


def nlm(w: Work, *, tail: str = "", **over) -> str:
    """The work as an NLM entry; `over` replaces authors/title/journal/date/volume/issue/pages."""
    a = over.get("authors", nlm_authors(w))
    t = over.get("title", w.title).rstrip(".")
    j = over.get("journal", w.journal_nlm)
    d = over.get("date", nlm_date(w))
    v = over.get("volume", w.volume)
    i = over.get("issue", w.issue)
    p = over.get("pages", nlm_pages(w))
    s = f"{a}. {t}{'' if t.endswith(('?', '!')) else '.'} {j.rstrip('.')}. {d}"
    if v:
        s += f";{v}" + (f"({i})" if i else "")
    if p:
        s += f":{p}"
    s += "."
    return s + (f" {tail}" if tail else "")


def numbered(entries: list[str]) -> str:
    return "".join(f"{k}. {e}\n" for k, e in enumerate(entries, 1))


# ----------------------------------------------------------------------------------- running


@pytest.fixture(scope="module")
def fake():
    with FakeServices(works=SAMPLE_WORKS + EXTRA_WORKS, ncbi_rate_limit=3) as f:
        f.add(MARKUP)
        f.add(HEMOGLOBIN)
        yield f


@pytest.fixture(scope="module")
def verify(fake, tmp_path_factory):
    """verify(name, text, suffix) → the JSON report of `refcheck verify` run on that file (cached
    per name: several tests read one run). Each run has a cache of its own."""
    done: dict[str, dict] = {}

    def run(name: str, text: str, suffix: str = ".txt") -> dict:
        if name in done:
            return done[name]
        d = tmp_path_factory.mktemp(name)
        path = d / f"{name}{suffix}"
        path.write_text(text, encoding="utf-8")
        env = dict(os.environ, **fake.env,
                   REFCHECK_CACHE_DIR=str(d / "cache"))
        env.pop("NCBI_API_KEY", None)
        p = run_cli("verify", str(path), "--format", "json", env=env)
        assert p.returncode in (0, 1), p.stderr
        assert "Traceback" not in p.stderr, p.stderr
        doc = json.loads(p.stdout)
        has_error = any(r["status"] == "error" for r in doc["references"])
        assert p.returncode == (1 if has_error else 0), p.stderr
        done[name] = doc
        return doc

    return run


def doi(w: Work) -> str | None:
    """A work's DOI as the report gives it (DOIs are case-insensitive; the report lower-cases)."""
    return w.doi.lower() if w.doi else None


def entry(doc: dict, n: int) -> dict:
    return next(r for r in doc["references"] if r["n"] == n)


def only(r: dict, code: str, severity: str | None = None) -> dict:
    """The entry's single finding, which must be `code`, with the contract's severity."""
    assert [f["code"] for f in r["findings"]] == [code], (r["raw"], r["findings"])
    f = r["findings"][0]
    assert f["severity"] == (severity or SEVERITY[code]), f
    return f


def clean(r: dict) -> None:
    assert r["findings"] == [], (r["raw"], r["findings"])
    assert r["status"] == "ok", r
    assert r["match"] is not None and r["match"]["confidence"] >= 0.8, r["match"]


# ----------------------------------------------------------------------------------- field mismatches

# n: (work, overrides, tail, code, cited, found) — found None: not asserted (see the test)
FIELD_CASES = {
    1: (S[1], {"date": "2016 Jun 20"}, "", "year-mismatch", "2016", "2017"),
    2: (S[2], {"volume": "15"}, "", "volume-mismatch", "15", "13"),
    3: (S[3], {"issue": "11"}, "", "issue-mismatch", "11", "10"),
    4: (S[4], {"pages": "1349-58"}, "", "pages-mismatch", "1349-1358", "1249-1258"),
    5: (S[5], {"title": "Challenges in the Treatment of Magnesium Status"}, "", "title-mismatch",
        "Challenges in the Treatment of Magnesium Status", "Challenges in the Diagnosis of Magnesium Status"),
    6: (S[6], {"authors": "Smith X, Song Y, Manson JE, et al"}, "", "author-mismatch", "Smith X", "Deng X"),
    7: (S[8], {"journal": "Nutrients"}, "", "journal-mismatch", "Nutrients", None),
    # (a) a DOI that does not exist; (b) the DOI of another sample paper on a correct entry
    8: (S[10], {}, "doi:10.7556/jaoa.2018.999", "doi-mismatch", "10.7556/jaoa.2018.999", doi(S[10])),
    9: (S[15], {}, f"doi:{S[24].doi}", "doi-mismatch", doi(S[24]), doi(S[15])),
    10: (S[19], {}, "PMID: 12345678", "pmid-mismatch", "12345678", S[19].pmid),
    11: (S[9], {}, f"PMID: {S[26].pmid}", "pmid-mismatch", S[26].pmid, S[9].pmid),
}


@pytest.fixture(scope="module")
def field_doc(verify):
    entries = [nlm(w, tail=tail, **over) for w, over, tail, *_ in FIELD_CASES.values()]
    return verify("fields", numbered(entries))


@pytest.mark.parametrize("n", sorted(FIELD_CASES), ids=[FIELD_CASES[n][3] + f"-{n}" for n in sorted(FIELD_CASES)])
def test_one_field_defect_raises_its_code_and_nothing_else(field_doc, n):
    w, _over, _tail, code, cited, found = FIELD_CASES[n]
    r = entry(field_doc, n)
    f = only(r, code)
    assert r["status"] == ("warning" if SEVERITY[code] == "warning" else "error")
    # the match is the work the entry names, whatever the defect
    assert r["match"] is not None and r["match"]["pmid"] == w.pmid and r["match"]["doi"] == doi(w)
    if code == "author-mismatch":
        assert f["cited"].startswith(cited) and f["found"].startswith(found), f
    elif code == "title-mismatch":
        assert f["cited"].rstrip(".") == cited and f["found"].rstrip(".") == found, f
    elif code == "journal-mismatch":
        assert f["cited"] == cited and f["found"] in (w.journal, w.journal_nlm, w.journal_iso), f
    else:
        assert (f["cited"], f["found"]) == (cited, found), f
    if code in ("doi-mismatch", "pmid-mismatch"):
        assert cited in f["message"]
    assert r.get("suggestion"), "a confident match with a correctable finding comes with a suggestion"


def test_field_list_summary(field_doc):
    assert field_doc["summary"] == {"references": 11, "ok": 0, "warning": 1, "error": 10, "unverified": 0,
                                    "missing": 0, "unavailable": 0, "not-indexed": 0}


# ----------------------------------------------------------------------------------- notices

NOTICE_KEYS = ["retracted", "retracted_rw_only", "retract_replace", "withdrawn", "partial_retraction", "eoc",
               "corrected", "ahead_of_print", "replacement"]


def _notice_entry(key: str) -> str:
    w = X[key]
    if key == "ahead_of_print":  # cited with its full (online) date: all it has
        return nlm(w, date="2025 Oct 1", authors="Garcia MJ, Ortiz P")
    return nlm(w)


@pytest.fixture(scope="module")
def notice_doc(verify):
    return verify("notices", numbered([_notice_entry(k) for k in NOTICE_KEYS]))


def _n(key: str) -> int:
    return NOTICE_KEYS.index(key) + 1


def test_retracted_from_pubmed_and_crossref(notice_doc):
    r = entry(notice_doc, _n("retracted"))
    f = only(r, "retracted")
    assert r["status"] == "error" and r["match"]["doi"] == doi(X["retracted"])
    assert "10.5555/fnr.2021.0999" in f["message"] and "39900102" in f["message"]
    assert "replaced" not in f["message"] and "partial" not in f["message"] and "withdrawn" not in f["message"]


def test_retracted_known_only_to_retraction_watch(notice_doc):
    r = entry(notice_doc, _n("retracted_rw_only"))
    f = only(r, "retracted")
    assert r["status"] == "error"
    assert "10.5555/fnr.2022.0077" in f["message"] and "Retraction Watch" in f["message"]


def test_retract_and_replace_is_one_finding_naming_notice_and_replacement(notice_doc):
    r = entry(notice_doc, _n("retract_replace"))
    f = only(r, "retracted")
    assert "replaced" in f["message"], f
    assert "10.5555/fnr.2020.0500" in f["message"] and "39900142" in f["message"]  # the notice
    assert "10.5555/fnr.2020.0501" in f["message"] and "39900143" in f["message"]  # the replacement


def test_withdrawal_and_partial_retraction_told_apart(notice_doc):
    w = only(entry(notice_doc, _n("withdrawn")), "retracted")
    p = only(entry(notice_doc, _n("partial_retraction")), "retracted")
    assert "withdrawn" in w["message"] and "partial" not in w["message"]
    assert "10.5555/fnr.2021.0700" in w["message"] and "39900152" in w["message"]
    assert "partially retracted" in p["message"] and "withdrawn" not in p["message"]
    assert "10.5555/fnr.2019.0033" in p["message"] and "39900162" in p["message"]
    plain = only(entry(notice_doc, _n("retracted")), "retracted")["message"]
    assert len({w["message"].split(" on ")[0], p["message"].split(" on ")[0], plain.split(" on ")[0]}) == 3


def test_expression_of_concern_is_a_warning(notice_doc):
    r = entry(notice_doc, _n("eoc"))
    f = only(r, "expression-of-concern")
    assert r["status"] == "warning" and "10.5555/fnr.2022.0401" in f["message"]


def test_corrected_is_info_and_leaves_status_ok(notice_doc):
    r = entry(notice_doc, _n("corrected"))
    f = only(r, "corrected")
    assert r["status"] == "ok" and "10.5555/fnr.2017.0288" in f["message"]


def test_ahead_of_print_work_cited_with_its_date_is_ok(notice_doc):
    """No final version exists yet: citing the online-first date is all one can do."""
    r = entry(notice_doc, _n("ahead_of_print"))
    clean(r)
    assert r["match"]["doi"] == doi(X["ahead_of_print"])


def test_replacement_of_a_retracted_work_is_a_work_not_a_notice(notice_doc):
    """The republished version carries 'RetractedandRepublishedFrom' in PubMed: citing it is right."""
    r = entry(notice_doc, _n("replacement"))
    clean(r)
    assert r["match"]["doi"] == doi(X["replacement"]) and r["match"]["pmid"] == X["replacement"].pmid


def test_retraction_acknowledged_by_the_entry_is_a_warning(verify):
    text = numbered([nlm(X["retracted"], tail="Retraction in: J Fict Nutr Res. 2021 Apr;14(4):999.")])
    r = entry(verify("retraction_noted", text), 1)
    f = only(r, "retracted", severity="warning")
    assert r["status"] == "warning" and "the entry says so" in f["message"]
    assert "10.5555/fnr.2021.0999" in f["message"]


# ----------------------------------------------------------------------------------- the rest

FABRICATED = ("Hartmann PL, Oyelaran TB, Sundqvist E. Intermittent high-dose cholecalciferol improves nocturnal "
              "leg cramps in magnesium-replete older adults: a crossover trial. Am J Clin Nutr. "
              "2019 Mar;109(3):612-20.")
WHO = ("World Health Organization. Vitamin D supplementation to improve treatment outcomes among children "
       "diagnosed with respiratory infections. Geneva: World Health Organization; 2019. Available at: "
       "https://www.who.int/elena/titles/bbc/vitamind_pneumonia_children/en/. Accessed May 1, 2021.")
BOOK = ("Holick MF, Lamberg-Allardt C, Pettifor JM. The Sunshine Vitamin: A Clinical Handbook of Calcium and "
        "Bone Health. 3rd ed. Boston: Harbor Medical Press; 2017.")
MISC = [
    FABRICATED,  # 1 not-found
    "Smith JA. Vitamin D and health. Fict Endocrinol Lett. 2018;7.",  # 2 ambiguous: no pages, no issue
    WHO,  # 3 not-indexed
    BOOK,  # 4 not-indexed
    "Whitfield E. Magnesium and Vitamin D in Clinical Practice. Fictional Academic Press; 2015.",  # 5 ok
    "Whitfield E, Park J. Vitamin D metabolism and magnesium cofactors. In: Magnesium and Vitamin D in Clinical "
    "Practice. Fictional Academic Press; 2015:123-45.",  # 6 ok
    "Ivanova E, Petrov D. A decision support tool for magnesium and vitamin D supplementation. In: Proceedings "
    "of the 2019 International Conference on Nutrition Modelling; 2019 Jul 15. p. 42-7.",  # 7 ok
    "Smith J.",  # 8 incomplete
    nlm(X["collective"]),  # 9 ok: a group author
]


@pytest.fixture(scope="module")
def misc_doc(verify):
    return verify("misc", numbered(MISC))


def test_fabricated_reference_is_not_found_naming_the_nearest(misc_doc):
    r = entry(misc_doc, 1)
    f = only(r, "not-found")
    assert r["status"] == "error" and r["match"] is None
    m = re.search(r"nearest: '([^']+)'", f["message"])
    assert m, f["message"]
    titles = {w.title.rstrip(".") for w in SAMPLE_WORKS + EXTRA_WORKS}
    assert m.group(1) in titles, m.group(1)  # a record the services really returned


def test_ambiguous_names_both_candidates(misc_doc):
    r = entry(misc_doc, 2)
    f = only(r, "ambiguous")
    assert r["status"] == "warning" and r["match"] is None
    assert doi(X["ambiguous_a"]) in f["message"] and doi(X["ambiguous_b"]) in f["message"]


@pytest.mark.parametrize("n", [3, 4], ids=["web-page", "book-without-doi"])
def test_not_indexed_is_info_and_unverified(misc_doc, n):
    r = entry(misc_doc, n)
    only(r, "not-indexed")
    assert r["status"] == "unverified" and r["match"] is None


@pytest.mark.parametrize("n,key", [(5, "book"), (6, "chapter"), (7, "conference")])
def test_crossref_only_works_found_via_crossref(misc_doc, n, key):
    r = entry(misc_doc, n)
    clean(r)
    assert r["match"]["doi"] == doi(X[key]) and r["match"]["sources"] == ["crossref"]


def test_authors_alone_are_incomplete(misc_doc):
    r = entry(misc_doc, 8)
    only(r, "incomplete")
    assert r["status"] == "error" and r["match"] is None


def test_group_author_is_ok(misc_doc):
    r = entry(misc_doc, 9)
    clean(r)
    assert r["match"]["doi"] == doi(X["collective"])


def test_duplicate_on_the_second_occurrence(verify):
    doc = verify("duplicate", numbered([nlm(S[19]), nlm(S[24]), nlm(S[19])]))
    clean(entry(doc, 1))
    clean(entry(doc, 2))
    r = entry(doc, 3)
    f = only(r, "duplicate")
    assert r["status"] == "warning" and "entry 1" in f["message"]


def test_article_uncited_entry_and_missing_marker(verify):
    text = (
        "# Magnesium and vitamin D\n\n"
        "Magnesium is needed to activate vitamin D [1]. Many adults take high doses of vitamin D [2], and\n"
        "some observations remain unexplained [5].\n\n"
        "## References\n\n" + numbered([nlm(S[10]), nlm(S[1]), nlm(S[19])])
    )
    doc = verify("article", text, suffix=".md")
    clean(entry(doc, 1))
    clean(entry(doc, 2))
    r = entry(doc, 3)
    only(r, "uncited")
    assert r["status"] == "warning"
    assert doc["citations"]["cited_not_listed"] == [5]
    assert doc["citations"]["listed_not_cited"] == [3]


# ----------------------------------------------------------------------------------- not a mismatch

REFS_TXT = {int(m.group(1)): m.group(2) for m in re.finditer(
    r"^\s*(\d+)\.\s+(.*)$", (ROOT / "references.txt").read_text(encoding="utf-8"), re.M)}

CLEAN_CASES = {
    "abbreviated-pages": REFS_TXT[10],  # 181-9 = 181-189
    "diacritics": REFS_TXT[28],  # Vazquez-Lorente = Vázquez-Lorente
    "diacritics-coauthor": nlm(S[18], authors="Annweiler C, Dursun E, Feron F, Gezen-Ak D, Kalueff AV, "
                                              "Littlejohns T, et al"),
    "title-lower-case": nlm(S[2], title=S[2].title.lower()),
    "title-punctuation": nlm(S[19], title="Magnesium - are we consuming enough"),
    "first-author-et-al": nlm(S[3], authors="Hansdottir S, et al"),
    "initials": nlm(S[1], authors="Rooney M, Harnack L, Michos E, et al"),
    "full-journal-title": nlm(S[4], journal="The American Journal of Clinical Nutrition"),
    "iso-journal-with-dots": nlm(S[30], journal="J. Steroid Biochem. Mol. Biol."),
    "epub-year-with-final-issue": nlm(S[14], date="2020"),
    "british-randomised": nlm(S[13], title=S[13].title.replace("randomized", "randomised")),
    "british-ageing": nlm(S[9], title=S[9].title.replace("aging", "ageing")),
    "british-ageing-title-case": nlm(S[16], title=S[16].title.replace("Aging", "Ageing")),
    "markup-sup-italic": nlm(MARKUP, title="Serum Mg2+ and CYP27B1 expression in vitamin D-deficient adults"),
    "markup-sub-and-british": nlm(HEMOGLOBIN, title="Magnesium supplementation and haemoglobin A1c in adults "
                                                    "with type 2 diabetes"),
}
CLEAN_NAMES = list(CLEAN_CASES)
CLEAN_WORK = {"abbreviated-pages": S[10], "diacritics": S[28], "diacritics-coauthor": S[18],
              "title-lower-case": S[2], "title-punctuation": S[19], "first-author-et-al": S[3], "initials": S[1],
              "full-journal-title": S[4], "iso-journal-with-dots": S[30], "epub-year-with-final-issue": S[14],
              "british-randomised": S[13], "british-ageing": S[9], "british-ageing-title-case": S[16],
              "markup-sup-italic": MARKUP, "markup-sub-and-british": HEMOGLOBIN}


@pytest.fixture(scope="module")
def clean_doc(verify):
    return verify("clean", numbered(list(CLEAN_CASES.values())))


@pytest.mark.parametrize("name", CLEAN_NAMES)
def test_not_a_mismatch(clean_doc, name):
    r = entry(clean_doc, CLEAN_NAMES.index(name) + 1)
    clean(r)
    w = CLEAN_WORK[name]
    assert (r["match"]["doi"], r["match"]["pmid"]) == (doi(w), w.pmid)
    # each entry gets both services' records of its work, whatever else is in the list
    assert r["match"]["sources"] == [s for s, has in (("pubmed", w.in_pubmed), ("crossref", w.in_crossref)) if has]
    if name == "epub-year-with-final-issue":  # cited 2020 (online); printed 2021
        assert r["match"]["year"] == 2021


def test_clean_cases_really_differ_from_the_records():
    """Guard: the entries above do carry the variants they claim to."""
    assert "181-9" in CLEAN_CASES["abbreviated-pages"] and "Vazquez-Lorente" in CLEAN_CASES["diacritics"]
    assert "Randomized" not in CLEAN_CASES["british-randomised"] and "randomised" in CLEAN_CASES["british-randomised"]
    assert "2020;199(7):2523-34" in CLEAN_CASES["epub-year-with-final-issue"]
    assert "<" not in CLEAN_CASES["markup-sup-italic"] and "<sup>" in MARKUP.title


# ----------------------------------------------------------------------------------- other styles


def _apa_authors(w: Work) -> str:
    names = [f"{fam}, {'. '.join(initials(g))}." for fam, g in w.authors]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + ", & " + names[-1]


def apa(w: Work, doi: bool = True) -> str:
    pages = f"{w.first_page}–{w.last_page}" if w.first_page and w.last_page else (w.first_page or w.elocation)
    s = f"{_apa_authors(w)} ({w.year}). {w.title.rstrip('.')}. {w.journal_iso}, {w.volume}"
    if w.issue:
        s += f"({w.issue})"
    s += f", {pages}."
    if doi and w.doi:
        s += f" https://doi.org/{w.doi}"
    return s


def test_apa_list_is_ok(verify):
    works = [S[1], S[2], S[10], S[19], S[16], S[21], S[32]]
    text = "".join(apa(w, doi=k % 2 == 0) + "\n\n" for k, w in enumerate(works))
    doc = verify("apa", text)
    assert doc["summary"]["references"] == len(works), [r["raw"] for r in doc["references"]]
    for r, w in zip(doc["references"], works):
        clean(r)
        assert r["match"]["pmid"] == w.pmid and r["match"]["doi"] == doi(w), (r["raw"], r["match"])


def bibtex(w: Work, key: str, with_doi: bool) -> str:
    fields = {
        "author": " and ".join(f"{fam}, {giv}" for fam, giv in w.authors),
        "title": "{" + w.title.rstrip(".") + "}",
        "journal": w.journal,
        "year": str(w.year),
        "volume": w.volume,
        "number": w.issue,
        "pages": f"{w.first_page}--{w.last_page}" if w.first_page and w.last_page else (w.first_page or w.elocation),
        "doi": w.doi if with_doi else None,
    }
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields.items() if v)
    return f"@article{{{key},\n{body}\n}}\n"


def test_bibtex_of_the_first_ten_sample_references_is_ok(verify):
    works = [w for w in SAMPLE_WORKS if w.n][:10]
    text = "\n".join(bibtex(w, f"ref{w.n}", with_doi=k >= 5) for k, w in enumerate(works))
    doc = verify("bibtex", text, suffix=".bib")
    assert doc["summary"]["references"] == 10
    for r, w in zip(doc["references"], works):
        clean(r)
        assert r["match"]["pmid"] == w.pmid and r["match"]["doi"] == doi(w), (r["raw"], r["match"])
