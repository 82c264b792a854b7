"""A short venue name (DBLP's "KDD", a citation's "NeurIPS 2017") against a long one: it agrees
when the long name's words spell it in order, and not otherwise — so a real conference paper
DBLP records as "KDD" is no journal-mismatch, and one cited under another conference's name is."""

from __future__ import annotations

import pytest

from refcheck.match.venue import venue_agrees


@pytest.mark.parametrize("cited, short", [
    ("International Conference on Learning Representations", "ICLR"),
    ("Advances in Neural Information Processing Systems 30", "NeurIPS"),
    ("Advances in Neural Information Processing Systems", "NIPS"),
    ("Proceedings of the 23rd ACM SIGKDD International Conference on Knowledge Discovery and Data Mining", "KDD"),
    ("Proceedings of the 58th Annual Meeting of the Association for Computational Linguistics", "ACL"),
    ("Proceedings of the Conference on Empirical Methods in Natural Language Processing", "EMNLP"),
    ("Speech and Computer: 16th International Conference", "SPECOM"),
    ("International Joint Conference on Artificial Intelligence", "IJCAI"),
])
def test_a_long_cited_name_agrees_with_its_short_name(cited, short):
    assert venue_agrees(cited, [short])


def test_a_short_cited_name_agrees_with_the_long_record_name():
    assert venue_agrees("NeurIPS 2017", ["Neural Information Processing Systems"])
    assert venue_agrees("Proc. CVPR 2019", ["IEEE/CVF Conference on Computer Vision and Pattern Recognition"])


@pytest.mark.parametrize("cited, short", [
    ("Proceedings of the 36th International Conference on Machine Learning", "KDD"),
    ("Proceedings of the 2022 Conference on Clinical Informatics", "ICML"),
    ("Journal of Clinical Informatics", "ICML"),
    ("International Conference on Machine Learning", "NeurIPS"),
])
def test_another_conference_does_not_spell_it(cited, short):
    assert not venue_agrees(cited, [short])


def test_long_lists_of_words_stay_cheap_and_odd_tokens_are_not_acronyms():
    assert not venue_agrees(" ".join(["Annual"] * 80) + " Zoology", ["AAAAAAAAAAAB"])
    assert not venue_agrees("Hydrology of Rivers", ["arXiv"])  # one capital: a name, not an acronym
