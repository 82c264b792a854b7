"""The whole sample article: its 40 entries and the numbers its text cites."""


import pytest

from refcheck.parse import parse_path
from tests.paths import ARTICLE


# Read from the article by hand: 1; 2,3; 4; 5; 6,7; 8,9; 10-12; 13-15; 16-18; 19; 20; 2,8,9,20,21;
# 10; 22; 10,23-25; 6,7; 4,6; 6,8; 20; 20; 26; 4,8,10,11; 22; 10-12; 12; 27; 27; 4; 28; 19,29;
# 11; 29,30; 31; 30; 29,32; 33; 14; 34; 14; 35,36; 35; 37; 37; 4,38,39; 4,6; 11,40.
CITED = tuple(range(1, 41))


@pytest.fixture(scope="module")
def doc():
    return parse_path(str(ARTICLE))


def test_entries(doc):
    assert len(doc.references) == 40
    assert [r.n for r in doc.references] == list(range(1, 41))
    assert doc.references[0].raw.startswith("Rooney MR, Harnack L, Michos ED, et al.")
    assert doc.references[39].raw.endswith("J Clin Endocrinol Metab. 2019 Apr 4.")
    assert doc.references[6].raw == "Available at: Accessed April 27, 2021."


def test_cited_numbers(doc):
    assert doc.citations is not None
    assert doc.citations.cited == CITED
    assert doc.citations.cited_not_listed == ()
    assert doc.citations.listed_not_cited == ()


def test_entry_lines_point_into_the_article(doc):
    lines = ARTICLE.read_text(encoding="utf-8").splitlines()
    for r in doc.references:
        assert lines[r.line - 1].strip() == f"{r.n}. {r.raw}"
