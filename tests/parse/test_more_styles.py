"""Styles beyond NLM and APA, read by the style-agnostic reading (parse/generic.py).

Entries written for these tests (invented authors and titles, in the shapes real lists use).
"""

from __future__ import annotations

import pytest

from refcheck.parse import parse_text
from refcheck.parse.fields import parse_entry

CASES = [
    # physics, initials first, quoted title: Journal Vol, page (Year)
    (
        'K. L. Marwood and P.-J. Osei, "Thermal noise in folded cavities," Phys. Rev. Lett. 101, 2215 (2011).',
        {"first": "Marwood", "title": "Thermal noise in folded cavities", "journal": "Phys. Rev. Lett", "volume": "101", "pages": "2215", "year": 2011},
    ),
    # Nature: Surname, I. & Surname, I. Title. Journal Vol, pages (Year).
    (
        "Okafor, B. & Lindqvist, H. Slow waves in layered gels. Journal of Soft Matter 44, 310-318 (2016).",
        {"first": "Okafor", "title": "Slow waves in layered gels", "journal": "Journal of Soft Matter", "volume": "44", "pages": "310-318", "year": 2016},
    ),
    # Elsevier physics: initials first, no title: Journal Vol (Year) page
    (
        "T.R. Almeida, J. van der Kolk, Nucl. Phys. A 812 (2009) 77.",
        {"first": "Almeida", "journal": "Nucl. Phys. A", "volume": "812", "pages": "77", "year": 2009},
    ),
    # astronomy: Surname I., Surname I., Year, Journal, Vol, page
    (
        "Halvorsen K., Tiwari R. S., 2014, MNRAS, 441, 1290",
        {"first": "Halvorsen", "journal": "MNRAS", "volume": "441", "pages": "1290", "year": 2014},
    ),
    # ACS: ';'-separated authors, Journal Year, Vol, page
    (
        "Brandt, K. L.; de Oliveira, M. S.; Chen, Y. J. Org. Lett. 2018, 20, 4471.",
        {"first": "Brandt", "volume": "20", "pages": "4471", "year": 2018},
    ),
    # ABNT: SURNAME, I. Title. Journal, v. N, n. N, p. N-N, Year. (Portuguese access note)
    (
        "QUEIROZ, L. M.; FARIAS, T. Leitura e escrita na escola rural. Revista Educação em Foco, v. 23, n. 2, "
        "p. 140-162, 2019. Disponível em: https://example.org/artigo/55. Acesso em: 3 mar. 2021.",
        {"first": "QUEIROZ", "title": "Leitura e escrita na escola rural", "journal": "Revista Educação em Foco",
         "volume": "23", "issue": "2", "pages": "140-162", "year": 2019},
    ),
    # IEEE: quoted title, Journal, vol. N, no. N, pp. N-N, Year.
    (
        "R. Castellanos and M. Ibe, “Sparse coding for radar returns,” IEEE Signal Processing Letters, vol. 12, no. 4, pp. 77–81, 2009.",
        {"first": "Castellanos", "title": "Sparse coding for radar returns", "journal": "IEEE Signal Processing Letters",
         "volume": "12", "issue": "4", "pages": "77-81", "year": 2009},
    ),
    # Vancouver with a Portuguese lower-case month
    (
        "Tavares PR, Lins MC. Adesão ao tratamento em idosos. Rev Bras Geriatr. 2016 fev;19(1):45-53.",
        {"first": "Tavares", "journal": "Rev Bras Geriatr", "volume": "19", "issue": "1", "pages": "45-53", "year": 2016},
    ),
    # author-year with a year after the authors and Journal Vol: pages
    (
        "Ferreira, A.B. & Kowalski, J. 2003. Seed rain in coastal forest. Acta Botanica Australis 17: 201-219.",
        {"first": "Ferreira", "title": "Seed rain in coastal forest", "journal": "Acta Botanica Australis", "volume": "17", "pages": "201-219", "year": 2003},
    ),
    # Chicago: Surname, Given. “Title.” Journal Vol, no. N (Season Year): pages.
    (
        "Whitcombe, Eleanor. “Market Towns and the Grain Trade.” Journal of Rural History 31, no. 2 (Spring 2007): 115–139.",
        {"first": "Whitcombe", "title": "Market Towns and the Grain Trade", "journal": "Journal of Rural History",
         "volume": "31", "issue": "2", "pages": "115-139", "year": 2007},
    ),
    # PubMed's [doi] tag after a DOI
    (
        "Ng KW, Hale TR. Night shifts and sleep debt. Sleep Med. 2012;13(2):101-9. 10.1016/j.sleep.2011.07.004 [doi]",
        {"first": "Ng", "doi": "10.1016/j.sleep.2011.07.004", "volume": "13", "pages": "101-109"},
    ),
    # the year at the end of a book entry
    (
        "Dunmore, Peter. The Long Harbour. Wellington: Kensal Press, 1985.",
        {"first": "Dunmore", "title": "The Long Harbour", "year": 1985},
    ),
]


@pytest.mark.parametrize(("raw", "exp"), CASES, ids=[c[1]["first"] for c in CASES])
def test_fields(raw, exp):
    ref = parse_entry(raw, 3)
    assert ref.raw == raw and ref.n == 3
    assert ref.authors and exp["first"] in ref.authors[0]
    assert len(ref.authors[0].split()) <= 4  # one person, not a whole author block
    for k, v in exp.items():
        if k != "first":
            assert getattr(ref, k) == v, k


def test_unnumbered_lines_starting_with_a_particle_are_entries():
    text = (
        "Abel T, Moro K. Gut flora after fasting. J Nutr Sci. 2011;4:12-19.\n"
        "van Dijk H, Sato R. Cold tolerance in wheat. Plant Biol. 2014;9:33-40.\n"
        "de Souza, M. R.; Lima, F. Biotechnol. Adv. 2015, 33, 372.\n"
        "(2009) Annals of Applied Topology, 35 (2), pp. 155-164.\n"
        "Yuen P. A title that runs on to a second line and\n"
        "  continues with a hanging indent. Brain Res. 2001;5:1-2.\n"
    )
    refs = parse_text(text, "list.txt", "text").references
    assert [r.raw.split()[0] for r in refs] == ["Abel", "van", "de", "(2009)", "Yuen"]
    assert refs[1].authors[0].startswith("van Dijk")
    assert refs[2].authors[0].startswith("de Souza")
    assert "hanging indent" in refs[4].raw
