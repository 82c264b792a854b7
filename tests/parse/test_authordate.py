"""Author-date articles (APA, Harvard): in-text citations matched to the list, so `uncited` and
`missing` work as they do for numbered articles."""

from refcheck.parse import parse_text
from refcheck.parse.authordate import find_author_date

APA = """Vitamin D and magnesium

Magnesium deficiency is common (Workinger et al., 2018; WHO, 2021). Rosanoff and Dai (2016a)
showed interactions, as did later work (Rosanoff, 2016b; see Uwitonze & Razzaque, 2018, p. 3).
A claim without a source (Smith et al., 2020). In 2019 a trial began (n = 83).

References

Rosanoff, A., Dai, Q., & Shapses, S. A. (2016a). Essential nutrient interactions. Advances in Nutrition, 7(1), 25–43.
Rosanoff, A. (2016b). Magnesium and hypertension. Clinical Calcium, 15(2), 255–260.
Uwitonze, A. M., & Razzaque, M. S. (2018). Role of magnesium in vitamin D activation and function. Journal of the American Osteopathic Association, 118(3), 181–189.
Workinger, J. L., Doyle, R. P., & Bortz, J. (2018). Challenges in the diagnosis of magnesium status. Nutrients, 10(9), 1202.
World Health Organization. (2021). Vitamin D fact sheet. https://www.who.int/vitd
Zittermann, A. (2013). Magnesium deficit? Overlooked cause of low vitamin D status? BMC Medicine, 11, 229.
"""

HARVARD = """Results

Low magnesium impairs vitamin D activation (Dai et al. 2018), and Deng, Song and Manson (2013) linked
both to mortality. Older work agrees (Rude 1985; Fatemi 1991; Müller 2020).

Reference list

Dai, Q., Zhu, X. and Manson, J.E. (2018) 'Magnesium status and supplementation influence vitamin D status', American Journal of Clinical Nutrition, 108(6), pp. 1249–1258.
Deng, X., Song, Y. and Manson, J.E. (2013) 'Magnesium, vitamin D status and mortality', BMC Medicine, 11, p. 187.
Fatemi, S. et al. (1991) 'Effect of experimental human magnesium depletion', Journal of Clinical Endocrinology and Metabolism, 73(5), pp. 1067–1072.
Muller, K. (2020) 'Vitamin D in Germany', Ernahrungs Umschau, 67, pp. 10–15.
Rude, R.K. et al. (1985) 'Low serum concentrations of 1,25-dihydroxyvitamin D', Journal of Clinical Endocrinology and Metabolism, 61(5), pp. 933–940.
"""


def test_apa_citations_matched_uncited_and_missing():
    doc = parse_text(APA, "apa.txt")
    c = doc.citations
    # 1: Rosanoff and Dai (2016a); 2: Rosanoff 2016b; 3: Uwitonze & Razzaque; 4: Workinger; 5: WHO = World Health Organization
    assert c.cited == (1, 2, 3, 4, 5, 7)
    assert c.listed_not_cited == (6,)  # Zittermann 2013 is never cited
    assert c.cited_not_listed == (7,)  # Smith et al., 2020 is not in the list
    assert doc.warnings == ("apa.txt: cited but not in the list: Smith et al., 2020 (as 7)",)


def test_harvard_citations_with_accents_and_et_al():
    doc = parse_text(HARVARD, "harvard.txt")
    assert doc.citations.cited == (1, 2, 3, 4, 5)
    assert doc.citations.listed_not_cited == () and doc.citations.cited_not_listed == ()


def test_what_is_found_in_the_text():
    cites = find_author_date("As shown (e.g., Smith & Jones, 2020a, 2021; Lee 2018) and by van der Berg et al. (2019).")
    assert [(c.first, c.second, c.year) for c in cites] == [
        ("Smith", "Jones", "2020a"), ("Smith", "Jones", "2021"), ("Lee", None, "2018"), ("van der Berg", None, "2019")]
    assert find_author_date("In 2019 (n = 83) and (p < 0.05, 2019) and (Table 2, 2019).") == []


def test_numbered_articles_are_not_read_as_author_date():
    text = "Magnesium matters [1], as Smith (2019) said [2].\n\nReferences\n1. Dai Q. Magnesium. Am J Clin Nutr. 2018;108:1249-58.\n2. Smith J. Vitamin D. BMJ. 2019;1:1-2.\n"
    doc = parse_text(text, "n.txt")
    assert doc.citations.cited == (1, 2) and doc.warnings == ()
