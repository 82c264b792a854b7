"""The fixture records agree with references.txt (at the top of the repository), except where designed not to."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from tests.fakes.sample_records import ALL_WORKS, EXTRA_BY_KEY, EXTRA_WORKS, SAMPLE_BY_N, SAMPLE_WORKS

REFS = Path(__file__).resolve().parents[2] / "references.txt"
ONLINE_FIRST = {14: "2020-09-21", 35: "2020-11-30", 40: "2019-04-04"}


def entries() -> dict[int, str]:
    out = {}
    for line in REFS.read_text(encoding="utf-8").splitlines():
        m = re.match(r"\s*(\d+)\.\s+(.*)", line)
        if m:
            out[int(m.group(1))] = m.group(2)
    return out


def norm(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return " ".join(re.findall(r"[a-z0-9]+", s))


def expand(first: str, last: str) -> str:
    """'2448','50' -> '2450'; 'e124','e32' -> 'e132'."""
    pre = re.match(r"\D*", first).group(0)
    fd = first[len(pre):]
    ld = re.sub(r"^\D+", "", last)
    return pre + (fd[: len(fd) - len(ld)] + ld if len(ld) < len(fd) else ld)


def test_every_entry_but_7_has_a_record():
    assert set(entries()) == set(range(1, 41))
    assert set(SAMPLE_BY_N) == set(range(1, 41)) - {7}
    assert len(SAMPLE_WORKS) == 39


def test_identifiers_unique():
    pmids = [w.pmid for w in ALL_WORKS if w.pmid]
    dois = [w.doi.lower() for w in ALL_WORKS if w.doi]
    assert len(pmids) == len(set(pmids)) and len(dois) == len(set(dois))


@pytest.mark.parametrize("n", sorted(set(range(1, 41)) - {7}))
def test_record_agrees_with_entry(n):
    text = entries()[n]
    w = SAMPLE_BY_N[n]
    # authors: "Rooney MR, Harnack L, Michos ED, et al. Title. Journal. date;vol(issue):pages."
    first_author = text.split(",")[0].split(".")[0]
    fam = norm(first_author.rsplit(" ", 1)[0])
    assert norm(w.authors[0][0]) == fam, (n, first_author)
    assert norm(w.title) in norm(text), n
    m = re.search(r"\.\s+(\d{4})(?:\s+[A-Z][a-z]{2}(?:/[A-Z][a-z]{2})?)?(?:\s+\d{1,2})?\s*[;:.]?(.*)$", text)
    assert m, text
    year, rest = int(m.group(1)), m.group(2).strip().rstrip(".")
    if n in ONLINE_FIRST:
        assert w.epub == ONLINE_FIRST[n] and (rest.startswith("1-10") or rest == ""), (n, rest)
        assert w.volume and w.first_page, n
        return
    assert (w.year or int(w.epub[:4])) == year, n
    vm = re.match(r"(\w+)(?:\((\w+)\))?(?::([\w-]+))?", rest)
    assert vm, (n, rest)
    vol, issue, pages = vm.groups()
    assert w.volume == vol, n
    if issue:
        assert w.issue == issue, n
    if pages:
        if "-" in pages:
            a, b = pages.split("-")
            assert w.first_page == a and w.last_page == expand(a, b), (n, pages)
        else:
            assert pages in (w.first_page, w.elocation), (n, pages)
    else:
        assert w.elocation and not w.first_page, n  # 21, 28, 31: article numbers


def test_special_entries():
    assert SAMPLE_BY_N[16].in_pubmed is False and SAMPLE_BY_N[16].in_crossref and SAMPLE_BY_N[16].doi
    for n in (2, 12):
        assert SAMPLE_BY_N[n].doi is None and not SAMPLE_BY_N[n].in_crossref and SAMPLE_BY_N[n].in_pubmed
    assert SAMPLE_BY_N[20].medline_date == "2019 Jan/Feb"
    assert SAMPLE_BY_N[11].elocation == "9041694" and SAMPLE_BY_N[11].volume == "2018"
    assert [a[0] for a in SAMPLE_BY_N[28].authors[:3]] == ["Vázquez-Lorente", "Herrera-Quintana", "Molina-López"]
    for n in (21, 28, 31):
        assert SAMPLE_BY_N[n].elocation


def test_extra_keys():
    want = {"retracted", "retracted_rw_only", "eoc", "corrected", "retract_replace", "withdrawn",
            "partial_retraction", "ahead_of_print", "book", "chapter", "conference", "ambiguous_a",
            "ambiguous_b", "collective"}
    assert want <= set(EXTRA_BY_KEY)
    assert all(w.key for w in EXTRA_WORKS)
    a, b = EXTRA_BY_KEY["ambiguous_a"], EXTRA_BY_KEY["ambiguous_b"]
    assert (a.title, a.authors, a.journal, a.year) == (b.title, b.authors, b.journal, b.year)
    assert a.first_page != b.first_page
