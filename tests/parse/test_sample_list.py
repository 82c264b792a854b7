"""Every field of all 40 entries of references.txt, written out from the list by hand."""

from pathlib import Path

import pytest

from refcheck.parse import parse_path

REPO = Path(__file__).parents[2]

EXPECTED = [
    # n, authors, et_al, title, journal, year, month, day, epub, volume, issue, pages
    (1, ('Rooney MR', 'Harnack L', 'Michos ED'), True, 'Trends in Use of High-Dose Vitamin D Supplements Exceeding 1000 or 4000 International Units Daily, 1999-2014', 'JAMA', 2017, 6, 20, None, '317', '23', '2448-2450'),
    (2, ('Cannell JJ', 'Hollis BW'), False, 'Use of vitamin D in clinical practice', 'Altern Med Rev', 2008, 3, None, None, '13', '1', '6-20'),
    (3, ('Hansdottir S', 'Monick MM', 'Hinde SL'), True, 'Respiratory epithelial cells convert inactive vitamin D to its active form: potential effects on host defense', 'J Immunol', 2008, 11, 15, None, '181', '10', '7090-7099'),
    (4, ('Dai Q', 'Zhu X', 'Manson JE'), True, 'Magnesium status and supplementation influence vitamin D status and metabolism: results from a randomized trial', 'Am J Clin Nutr', 2018, 12, 1, None, '108', '6', '1249-1258'),
    (5, ('Workinger JL', 'Doyle RP', 'Bortz J'), False, 'Challenges in the Diagnosis of Magnesium Status', 'Nutrients', 2018, 9, 1, None, '10', '9', '1202'),
    (6, ('Deng X', 'Song Y', 'Manson JE'), True, 'Magnesium, vitamin D status and mortality: results from US National Health and Nutrition Examination Survey (NHANES) 2001 to 2006 and NHANES III', 'BMC Med', 2013, 8, 27, None, '11', None, '187'),
    (7, (), False, None, None, 2021, None, None, None, None, None, None),
    (8, ('Rosanoff A', 'Dai Q', 'Shapses SA'), False, 'Essential Nutrient Interactions: Does Low or Suboptimal Magnesium Status Interact with Vitamin D and/or Calcium Status?', 'Adv Nutr', 2016, 1, None, None, '7', '1', '25-43'),
    (9, ('Erem S', 'Atfi A', 'Razzaque MS'), False, 'Anabolic effects of vitamin D and magnesium in aging bone', 'J Steroid Biochem Mol Biol', 2019, 10, None, None, '193', None, '105400'),
    (10, ('Uwitonze AM', 'Razzaque MS'), False, 'Role of Magnesium in Vitamin D Activation and Function', 'J Am Osteopath Assoc', 2018, 3, 1, None, '118', '3', '181-189'),
    (11, ('Al Alawi AM', 'Majoni SW', 'Falhammar H'), False, 'Magnesium and Human Health: Perspectives and Research Directions', 'Int J Endocrinol', 2018, None, None, None, '2018', None, '9041694'),
    (12, ('Farhanghi MA', 'Mahboob S', 'Ostadrahimi A'), False, 'Obesity induced magnesium deficiency can be treated by vitamin D supplementation', 'J Pak Med Assoc', 2009, 4, None, None, '59', '4', '258-261'),
    (13, ('Abiri B', 'Vafa M'), False, 'Effects of vitamin D and/or magnesium supplementation on mood, serum levels of BDNF, inflammatory biomarkers, and SIRT1 in obese women: a study protocol for a double-blind, randomized, placebo-controlled trial', 'Trials', 2020, 2, 26, None, '21', '1', '225'),
    (14, ('Kheyruri F', 'Sarrafzadeh J', 'Hosseini AF'), True, 'Randomized Study of the Effects of Vitamin D and Magnesium Co-Supplementation on Muscle Strength and Function, Body Composition, and Inflammation in Vitamin D-Deficient Middle-Aged Women', 'Biol Trace Elem Res', 2020, 9, 21, '2020-09-21', None, None, None),
    (15, ('Danik JS', 'Manson JE'), False, 'Vitamin d and cardiovascular disease', 'Curr Treat Options Cardiovasc Med', 2012, 8, None, None, '14', '4', '414-424'),
    (16, ('Meehan M', 'Penckofer S'), False, 'The Role of Vitamin D in the Aging Adult', 'J Aging Gerontol', 2014, 12, None, None, '2', '2', '60-71'),
    (17, ('Bennett AL', 'Lavie CJ'), False, 'Vitamin D Metabolism and the Implications for Atherosclerosis', 'Adv Exp Med Biol', 2017, None, None, None, '996', None, '185-192'),
    (18, ('Annweiler C', 'Dursun E', 'Feron F'), True, 'Vitamin D and cognition in older adults: international consensus guidelines', 'Geriatr Psychol Neuropsychiatr Vieil', 2016, 9, 1, None, '14', '3', '265-273'),
    (19, ('Razzaque MS',), False, 'Magnesium: Are We Consuming Enough?', 'Nutrients', 2018, 12, 2, None, '10', '12', '1863'),
    (20, ('Reddy P', 'Edwards LR'), False, 'Magnesium Supplementation in Vitamin D Deficiency', 'Am J Ther', 2019, 1, None, None, '26', '1', 'e124-e132'),
    (21, ('Wintermeyer E', 'Ihle C', 'Ehnert S'), True, 'Crucial Role of Vitamin D in the Musculoskeletal System', 'Nutrients', 2016, 6, 1, None, '8', '6', None),
    (22, ('Khundmiri SJ', 'Murray RD', 'Lederer E'), False, 'PTH and Vitamin D', 'Compr Physiol', 2016, 3, 15, None, '6', '2', '561-601'),
    (23, ('Underland L', 'Markowitz M', 'Gensure R'), False, 'Calcium and Phosphate Hormones: Vitamin D, Parathyroid Hormone, and Fibroblast Growth Factor 23', 'Pediatr Rev', 2020, 1, None, None, '41', '1', '3-11'),
    (24, ('Heaney RP',), False, 'Vitamin D in health and disease', 'Clin J Am Soc Nephrol', 2008, 9, None, None, '3', '5', '1535-1541'),
    (25, ('Saponaro F', 'Saba A', 'Zucchi R'), False, 'An Update on Vitamin D Metabolism', 'Int J Mol Sci', 2020, 9, 8, None, '21', '18', '6573'),
    (26, ('Gallagher JC',), False, 'Vitamin D and aging', 'Endocrinol Metab Clin North Am', 2013, 6, None, None, '42', '2', '319-332'),
    (27, ('Mursu J', 'Nurmi T', 'Voutilainen S'), True, 'The association between serum 25-hydroxyvitamin D3 concentration and risk of disease death in men: modification by magnesium intake', 'Eur J Epidemiol', 2015, 4, None, None, '30', '4', '343-347'),
    (28, ('Vazquez-Lorente H', 'Herrera-Quintana L', 'Molina-Lopez J'), True, 'Response of Vitamin D after Magnesium Intervention in a Postmenopausal Population from the Province of Granada, Spain', 'Nutrients', 2020, 7, 30, None, '12', '8', None),
    (29, ('Uwitonze AM', 'Rahman S', 'Ojeh N'), True, 'Oral manifestations of magnesium and vitamin D inadequacy', 'J Steroid Biochem Mol Biol', 2020, 6, None, None, '200', None, '105636'),
    (30, ('Uwitonze AM', 'Murererehe J', 'Ineza MC'), True, 'Effects of vitamin D status on oral health', 'J Steroid Biochem Mol Biol', 2018, 1, None, None, '175', None, '190-194'),
    (31, ('Nastri L', 'Moretti A', 'Migliaccio S'), True, 'Do Dietary Supplements and Nutraceuticals Have Effects on Dental Implant Osseointegration? A Scoping Review', 'Nutrients', 2020, 1, 20, None, '12', '1', None),
    (32, ('Meisel P', 'Schwahn C', 'Luedemann J'), True, 'Magnesium deficiency is associated with periodontal disease', 'J Dent Res', 2005, 10, None, None, '84', '10', '937-941'),
    (33, ('Cruz-Jentoft AJ', 'Bahat G', 'Bauer J'), True, 'Sarcopenia: revised European consensus on definition and diagnosis', 'Age Ageing', 2019, 1, 1, None, '48', '1', '16-31'),
    (34, ('Cruz-Jentoft AJ', 'Dawson Hughes B', 'Scott D'), True, 'Nutritional strategies for maintaining muscle mass and strength from middle age to later life: A narrative review', 'Maturitas', 2020, 2, None, None, '132', None, '57-64'),
    (35, ('Palacios C', 'Perez CM', 'Gonzalez-Sepulveda L'), True, 'Vitamin D, Calcium, Magnesium, and Potassium Consumption and Markers of Glucose Metabolism in the Hispanic Community Health Study/Study of Latinos', 'J Am Coll Nutr', 2020, 11, 30, '2020-11-30', None, None, '1-10'),
    (36, ('Gandhe MB', 'Jain K', 'Gandhe SM'), False, 'Evaluation of 25(OH) Vitamin D3 with Reference to Magnesium Status and Insulin Resistance in T2DM', 'J Clin Diagn Res', 2013, 11, None, None, '7', '11', '2438-2441'),
    (37, ('Kostov K',), False, 'Effects of Magnesium Deficiency on Mechanisms of Insulin Resistance in Type 2 Diabetes: Focusing on the Processes of Insulin Secretion and Signaling', 'Int J Mol Sci', 2019, 3, 18, None, '20', '6', '1351'),
    (38, ('Rude RK', 'Adams JS', 'Ryzen E'), True, 'Low serum concentrations of 1,25-dihydroxyvitamin D in human magnesium deficiency', 'J Clin Endocrinol Metab', 1985, 11, None, None, '61', '5', '933-940'),
    (39, ('Fatemi S', 'Ryzen E', 'Flores J'), True, 'Effect of experimental human magnesium depletion on parathyroid hormone secretion and 1,25-dihydroxyvitamin D metabolism', 'J Clin Endocrinol Metab', 1991, 11, None, None, '73', '5', '1067-1072'),
    (40, ('Hiemstra T', 'Lim K', 'Thadhani R'), True, 'Vitamin D and Atherosclerotic Cardiovascular Disease', 'J Clin Endocrinol Metab', 2019, 4, 4, '2019-04-04', None, None, None),
]

FIELDS = ("n", "authors", "et_al", "title", "journal", "year", "month", "day", "epub", "volume", "issue", "pages")


@pytest.fixture(scope="module")
def doc():
    return parse_path(str(REPO / "references.txt"))


def test_forty_entries_bare_list(doc):
    assert [r.n for r in doc.references] == list(range(1, 41))
    assert doc.citations is None
    assert doc.format == "text"


@pytest.mark.parametrize("row", EXPECTED, ids=[f"entry{r[0]}" for r in EXPECTED])
def test_every_field(doc, row):
    ref = doc.references[row[0] - 1]
    got = tuple(getattr(ref, f) for f in FIELDS)
    assert got == row
    assert ref.doi is None and ref.pmid is None and ref.pmcid is None and ref.url is None
    assert ref.retraction_noted is False
    assert ref.type == ("web" if ref.n == 7 else "journal")
    assert ref.line == ref.n


def test_raw_is_text_after_marker(doc):
    lines = (REPO / "references.txt").read_text(encoding="utf-8").splitlines()
    for ref, line in zip(doc.references, lines):
        assert line == f"  {ref.n}. {ref.raw}"


def test_entry7_contract_example(doc):
    r = doc.references[6]
    assert r.raw == "Available at: Accessed April 27, 2021."
    p = r.parsed()
    assert p["type"] == "web" and p["year"] == 2021
    for k in ("title", "journal", "volume", "issue", "pages", "doi", "pmid", "url"):
        assert p[k] is None
    assert p["authors"] == []
    assert r.accessed == "2021-04-27"


def test_highlighted_entries(doc):
    r = {x.n: x for x in doc.references}
    assert (r[20].pages, r[20].issue, r[20].volume) == ("e124-e132", "1", "26")
    assert (r[11].pages, r[11].volume, r[11].year) == ("9041694", "2018", 2018)
    assert (r[14].epub, r[14].volume) == ("2020-09-21", None)
    assert (r[35].epub, r[35].pages, r[35].volume) == ("2020-11-30", "1-10", None)
    assert (r[21].volume, r[21].issue, r[21].pages) == ("8", "6", None)
    assert r[40].epub == "2019-04-04"
    assert r[1].pages == "2448-2450" and r[10].pages == "181-189"


def test_house_style_without_full_stop_after_journal():
    """BMJ/Lancet style writes no full stop between the journal and the year."""
    from refcheck.parse import parse_entry

    r = parse_entry("Page MJ, McKenzie JE, Bossuyt PM, et al. The PRISMA 2020 statement: an updated "
                    "guideline for reporting systematic reviews. BMJ 2021;372:n71.", 2)
    assert (r.journal, r.year, r.volume, r.pages) == ("BMJ", 2021, "372", "n71")
    assert r.title == "The PRISMA 2020 statement: an updated guideline for reporting systematic reviews"
    r = parse_entry("Holick MF. Vitamin D deficiency in 2007; a review. N Engl J Med 2007;357:266-81.", 3)
    assert (r.title, r.journal, r.year, r.pages) == (
        "Vitamin D deficiency in 2007; a review", "N Engl J Med", 2007, "266-281")
