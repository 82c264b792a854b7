"""In-text markers, and the numbers that are not markers."""

import pytest

from refcheck.parse import parse_text
from refcheck.parse.citations import find_cited

LIST = "\n".join(
    f"{i}. Author{i} A. Title {i}. J Test. 2019;{i}(1):1-{i + 1}." for i in range(1, 13)
)


@pytest.mark.parametrize(
    "body,cited",
    [
        ("Use grew over the past decade.1", {1}),
        ("Heart health, and cognitive performance.2,3", {2, 3}),
        ("confirmed in studies.10-12 Then more.", {10, 11, 12}),
        ("These include:2,8,9,11,12\n", {2, 8, 9, 11, 12}),
        ("a two-step process:10,3-5\n", {10, 3, 4, 5}),
        ("deficient by about 20%.7\n", {7}),
        ("as shown [1], [2,3] and [4–6].", {1, 2, 3, 4, 5, 6}),
        ("as shown (1) and (2-3).", {1, 2, 3}),
        ("with markdown^1,2^ and footnotes[^3].", {1, 2, 3}),
    ],
)
def test_markers(body, cited):
    assert find_cited(body) == cited


@pytest.mark.parametrize(
    "body",
    [
        "In this study, 1,892 men (ages 42-60 years) were followed.",
        "a lower magnesium intake (less than 414 mg per day)",
        "received 50,000 IU of vitamin D weekly and 500 mg of magnesium",
        "It is estimated that 45% of Americans are deficient",
        "Trends in use, 1999-2014, were studied",
        "please call a Specialist at 1-866-864-3027.",
        "vitamin D3, which is made in the skin; vitamin D2, from plants",
        "p < .05 and 2.5 mg and Figure 1.2 shows",
    ],
)
def test_not_markers(body):
    assert find_cited(body) == set()


def test_article_citations_object():
    text = "Intro.\n\nVitamin D use grew.1 Magnesium helps.3,14\n\nReferences\n" + LIST + "\n"
    doc = parse_text(text)
    c = doc.citations
    assert c.cited == (1, 3, 14)
    assert c.cited_not_listed == (14,)
    assert c.listed_not_cited == (2, 4, 5, 6, 7, 8, 9, 10, 11, 12)


def test_bare_list_has_no_citations():
    assert parse_text(LIST + "\n").citations is None
