"""score / choose / merge, spelling keys, journal abbreviations, suggestions."""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest
from tests.verify.vbuild import (
    cite,
    AL_ALAWI, ANNWEILER, DANIK, KHEYRURI, KHEYRURI_REF, REDDY, ROONEY, ROONEY_REF, UWITONZE, UWITONZE_REF, VAZQUEZ,
    crossref_of, ref_from,
)

from refcheck.journals import same_journal
from refcheck.match import (
    AMBIGUITY_MARGIN, CONFIDENT, MATCH_THRESHOLD, Choice, Scored, choose, merge, parse_author, score, title_key,
)
from refcheck.model import Update
from refcheck.spelling import spelling_key
from refcheck.suggest import detect_style, suggestion

RECORDS = (ROONEY, UWITONZE, DANIK, AL_ALAWI, VAZQUEZ, REDDY, ANNWEILER, KHEYRURI)


def test_thresholds_are_ordered():
    assert 0 < AMBIGUITY_MARGIN < MATCH_THRESHOLD < CONFIDENT < 1


@pytest.mark.parametrize("rec", RECORDS, ids=lambda r: r.authors[0].family)
def test_reference_built_from_record_scores_high(rec):
    s = score(ref_from(rec), rec)
    assert isinstance(s, Scored) and s.total >= CONFIDENT and set(s.parts) >= {"title", "authors", "year", "journal"}


@pytest.mark.parametrize("a,b", list(itertools.permutations(RECORDS, 2)),
                         ids=lambda r: r.authors[0].family)
def test_unrelated_records_score_low(a, b):
    assert score(ref_from(a), b).total < 0.5


def test_missing_cited_fields_neither_help_nor_hurt_much():
    full = score(ROONEY_REF, ROONEY).total
    sparse = score(cite(ROONEY_REF, volume=None, issue=None, pages=None, journal=None), ROONEY).total
    assert full >= CONFIDENT and sparse >= CONFIDENT
    no_pages = replace(ROONEY, first_page=None, last_page=None)
    assert score(ROONEY_REF, no_pages).total >= CONFIDENT


def test_one_wrong_field_is_probably_with_differences():
    s = score(cite(UWITONZE_REF, title="Something completely unrelated about kidney stones"), UWITONZE).total
    assert MATCH_THRESHOLD <= s < CONFIDENT


def test_choose_merges_sources_and_ranks():
    cands = [crossref_of(UWITONZE), ROONEY, UWITONZE, crossref_of(ROONEY)]
    c = choose(UWITONZE_REF, cands)
    assert isinstance(c, Choice) and not c.ambiguous
    assert c.best.record.pmid == UWITONZE.pmid and c.best.sources == ("pubmed", "crossref")
    assert c.best.confidence >= CONFIDENT
    assert len(c.runners) == 1 and c.runners[0].record.doi == ROONEY.doi


def test_choose_none_below_threshold():
    c = choose(UWITONZE_REF, [ROONEY, ANNWEILER])
    assert c.best is None and len(c.runners) == 2 and not c.ambiguous
    assert choose(UWITONZE_REF, []) == Choice(None, (), False)


def test_choose_ambiguous():
    a = replace(UWITONZE, doi="10.1/a", pmid="1")
    b = replace(UWITONZE, doi="10.1/b", pmid="2")
    ref = cite(UWITONZE_REF, volume=None, issue=None, pages=None)
    assert choose(ref, [a, b]).ambiguous
    # the cited DOI decides
    assert not choose(replace(ref, doi="10.1/b"), [a, b]).ambiguous
    assert choose(replace(ref, doi="10.1/b"), [a, b]).best.record.doi == "10.1/b"


def test_merge_prefers_pubmed_and_fills_gaps_from_crossref():
    pm = replace(UWITONZE, doi=None, first_page=None, last_page=None,
                 updates=(Update("retraction", "retraction", "pubmed", pmid="30000001"),))
    cr = replace(crossref_of(UWITONZE), title="Role of magnesium in vitamin D activation and function",
                 issn=("0098-6151",), journal="Journal of the American Osteopathic Association",
                 updates=(Update("retraction", "retraction", "crossref", doi="10.7556/x", pmid="30000001"),
                          Update("correction", "erratum", "crossref", doi="10.7556/y")))
    m = merge([pm, cr])
    assert m.source == "pubmed" and m.title == UWITONZE.title and m.journal_nlm == "J Am Osteopath Assoc"
    assert m.doi == UWITONZE.doi and m.issn == ("0098-6151",) and m.short_titles == ("J Am Osteopath Assoc",)
    assert (m.first_page, m.last_page) == ("181", "189")
    kinds = sorted((u.kind, u.source) for u in m.updates)
    assert kinds == [("correction", "crossref"), ("retraction", "pubmed,crossref")]
    assert [u.doi for u in m.updates if u.kind == "retraction"] == ["10.7556/x"]
    assert merge([cr, pm]).source == "crossref" and merge([cr, pm]).title == UWITONZE.title


def test_merge_takes_the_issue_when_pubmed_is_still_ahead_of_print():
    pm = replace(KHEYRURI, year=2020, print_date="2020-09-21", volume=None, issue=None, first_page=None,
                 last_page=None, ahead_of_print=True)
    m = merge([pm, crossref_of(KHEYRURI)])
    assert (m.year, m.volume, m.first_page, m.ahead_of_print, m.epub_year) == (2021, "199", "2505", False, 2020)


@pytest.mark.parametrize("s,family,initials,collective", [
    ("Rooney MR", "rooney", "MR", None),
    ("Al Alawi AM", "al alawi", "AM", None),
    ("Vázquez-Lorente H", "vazquez lorente", "H", None),
    ("Rooney, M. R.", "rooney", "MR", None),
    ("M. R. Rooney", "rooney", "MR", None),
    ("PRISMA Group", "prisma group", "", "PRISMA Group"),
    ("Razzaque", "razzaque", "", None),
])
def test_parse_author(s, family, initials, collective):
    a = parse_author(s)
    assert (a.family, a.initials, a.collective) == (family, initials, collective)


def test_spelling_and_title_keys():
    assert spelling_key("Haemoglobin, Anaemia & Randomised Ageing") == spelling_key("hemoglobin anemia and randomized aging")
    assert spelling_key("four hours") != spelling_key("for hors")
    assert title_key("Mg<sup>2+</sup> in <i>vivo</i>.") == title_key("Mg2+ in vivo")


def test_journal_rules_do_not_overmatch():
    assert not same_journal("J Med", ["Journal of medical virology"])
    assert not same_journal("Nutrients", ["Nutrition"])
    assert not same_journal("Am J Clin Nutr", ["American Journal of Clinical Oncology"])
    assert same_journal("Nutrients", ["Nutrients"])


# --------------------------------------------------------------------------- suggestions


def test_suggestion_nlm_keeps_author_convention():
    s = suggestion(ROONEY_REF, ROONEY)
    assert s == ("Rooney MR, Harnack L, Michos ED, et al. Trends in Use of High-Dose Vitamin D Supplements Exceeding "
                 "1000 or 4000 International Units Daily, 1999-2014. JAMA. 2017 Jun 20;317(23):2448-50.")
    two = cite(ROONEY_REF, authors=("Rooney MR",), et_al=False)
    assert suggestion(two, ROONEY).startswith("Rooney MR, Harnack L, Michos ED, Zhao D, Lutsey PL. Trends")
    assert suggestion(ref_from(AL_ALAWI), AL_ALAWI).endswith("Int J Endocrinol. 2018;2018:9041694.")
    assert suggestion(ref_from(REDDY), REDDY).endswith("Am J Ther. 2019 Jan;26(1):e124-e32.")


def test_suggestion_apa_and_style_detection():
    raw = "Uwitonze, A. M., & Razzaque, M. S. (2018). Role of magnesium. Journal X, 118(3), 181-189."
    assert detect_style(raw) == "apa"
    assert detect_style(UWITONZE_REF.raw) == "nlm"
    assert detect_style("Uwitonze AM, Razzaque MS. Role. J Am Osteopath Assoc. 2018;118(3):181-189. doi:10.7556/jaoa.2018.037") == "ama"
    assert detect_style("Uwitonze, A.M. and Razzaque, M.S. (2018) 'Role', J X, 118(3), pp. 181-189.") == "harvard"
    s = suggestion(cite(UWITONZE_REF, raw=raw, doi=UWITONZE.doi), UWITONZE)
    assert s == ("Uwitonze, A. M., & Razzaque, M. S. (2018). Role of Magnesium in Vitamin D Activation and Function. "
                 "The Journal of the American Osteopathic Association, 118(3), 181–189. https://doi.org/10.7556/jaoa.2018.037")


def test_suggestion_for_online_first_record():
    rec = replace(KHEYRURI, volume=None, issue=None, first_page=None, last_page=None, ahead_of_print=True,
                  year=2020, print_date=None)
    assert suggestion(KHEYRURI_REF, rec).endswith("Biol Trace Elem Res. 2020 Sep 21. Epub ahead of print.")
