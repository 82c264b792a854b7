"""Fixture records.

SAMPLE_WORKS: one Work per entry of references.txt (at the top of the repository) (entry 7, a bare
"Available at: Accessed ..." line, has none).  Written from knowledge of the
papers: PMIDs/DOIs are the real ones where known, realistic otherwise (entry
35's DOI and final pages, entry 14's PMID and final pages are best guesses).
They agree with what each entry cites (up to case / punctuation / diacritics),
except by design:
  14, 35, 40  cited online-first; records carry final volume/issue/pages and
              an epub date equal to the cited date;
  16          not in PubMed (in_pubmed=False), Crossref only;
  2, 12       no DOI, PubMed only;
  20          print date given as MedlineDate "2019 Jan/Feb";
  21, 28, 31  cited without pages; records have article numbers (elocation).

EXTRA_WORKS: invented works (DOI prefix 10.5555, PMIDs 3990xxxx) exercising
retractions, notices, Crossref-only types, ambiguity and group authors.
"""

from __future__ import annotations

from .model import Notice, Work

# journal: (full title, ISO abbreviation, MedlineTA, print ISSN, electronic ISSN, publisher, NLM id, country)
J = {
    "JAMA": ("JAMA", "JAMA", "JAMA", "0098-7484", "1538-3598", "American Medical Association (AMA)", "7501160", "United States"),
    "Altern Med Rev": ("Alternative medicine review : a journal of clinical therapeutic", "Altern Med Rev", "Altern Med Rev", "1089-5159", None, None, "9705340", "United States"),
    "J Immunol": ("Journal of immunology (Baltimore, Md. : 1950)", "J Immunol", "J Immunol", "0022-1767", "1550-6606", "The American Association of Immunologists", "2985117R", "United States"),
    "Am J Clin Nutr": ("The American journal of clinical nutrition", "Am J Clin Nutr", "Am J Clin Nutr", "0002-9165", "1938-3207", "Elsevier BV", "0376027", "United States"),
    "Nutrients": ("Nutrients", "Nutrients", "Nutrients", None, "2072-6643", "MDPI AG", "101521595", "Switzerland"),
    "BMC Med": ("BMC medicine", "BMC Med", "BMC Med", None, "1741-7015", "Springer Science and Business Media LLC", "101190723", "England"),
    "Adv Nutr": ("Advances in nutrition (Bethesda, Md.)", "Adv Nutr", "Adv Nutr", "2161-8313", "2156-5376", "Elsevier BV", "101540874", "United States"),
    "J Steroid Biochem Mol Biol": ("The Journal of steroid biochemistry and molecular biology", "J Steroid Biochem Mol Biol", "J Steroid Biochem Mol Biol", "0960-0760", "1879-1220", "Elsevier BV", "9015483", "England"),
    "J Am Osteopath Assoc": ("The Journal of the American Osteopathic Association", "J Am Osteopath Assoc", "J Am Osteopath Assoc", "0098-6151", "1945-1997", "Walter de Gruyter GmbH", "7503065", "United States"),
    "Int J Endocrinol": ("International journal of endocrinology", "Int J Endocrinol", "Int J Endocrinol", "1687-8337", "1687-8345", "Wiley", "101516376", "Egypt"),
    "J Pak Med Assoc": ("JPMA. The Journal of the Pakistan Medical Association", "J Pak Med Assoc", "J Pak Med Assoc", "0030-9982", None, None, "7501162", "Pakistan"),
    "Trials": ("Trials", "Trials", "Trials", None, "1745-6215", "Springer Science and Business Media LLC", "101263253", "England"),
    "Biol Trace Elem Res": ("Biological trace element research", "Biol Trace Elem Res", "Biol Trace Elem Res", "0163-4984", "1559-0720", "Springer Science and Business Media LLC", "7911509", "United States"),
    "Curr Treat Options Cardiovasc Med": ("Current treatment options in cardiovascular medicine", "Curr Treat Options Cardiovasc Med", "Curr Treat Options Cardiovasc Med", "1092-8464", "1534-3189", "Springer Science and Business Media LLC", "9815942", "United States"),
    "J Aging Gerontol": ("Journal of Aging and Gerontology", "J Aging Gerontol", "J Aging Gerontol", "2309-6128", None, "Synergy Publishers", None, "Canada"),
    "Adv Exp Med Biol": ("Advances in experimental medicine and biology", "Adv Exp Med Biol", "Adv Exp Med Biol", "0065-2598", "2214-8019", "Springer International Publishing", "0121103", "United States"),
    "Geriatr Psychol Neuropsychiatr Vieil": ("Geriatrie et psychologie neuropsychiatrie du vieillissement", "Geriatr Psychol Neuropsychiatr Vieil", "Geriatr Psychol Neuropsychiatr Vieil", "2115-8789", "2115-7863", "John Libbey Eurotext", "101559758", "France"),
    "Am J Ther": ("American journal of therapeutics", "Am J Ther", "Am J Ther", "1075-2765", "1536-3686", "Ovid Technologies (Wolters Kluwer Health)", "9441347", "United States"),
    "Compr Physiol": ("Comprehensive Physiology", "Compr Physiol", "Compr Physiol", None, "2040-4603", "Wiley", "101574039", "United States"),
    "Pediatr Rev": ("Pediatrics in review", "Pediatr Rev", "Pediatr Rev", "0191-9601", "1526-3347", "American Academy of Pediatrics (AAP)", "8208389", "United States"),
    "Clin J Am Soc Nephrol": ("Clinical journal of the American Society of Nephrology : CJASN", "Clin J Am Soc Nephrol", "Clin J Am Soc Nephrol", "1555-9041", "1555-905X", "Ovid Technologies (Wolters Kluwer Health)", "101271570", "United States"),
    "Int J Mol Sci": ("International journal of molecular sciences", "Int J Mol Sci", "Int J Mol Sci", None, "1422-0067", "MDPI AG", "101092791", "Switzerland"),
    "Endocrinol Metab Clin North Am": ("Endocrinology and metabolism clinics of North America", "Endocrinol Metab Clin North Am", "Endocrinol Metab Clin North Am", "0889-8529", "1558-4410", "Elsevier BV", "8800104", "United States"),
    "Eur J Epidemiol": ("European journal of epidemiology", "Eur J Epidemiol", "Eur J Epidemiol", "0393-2990", "1573-7284", "Springer Science and Business Media LLC", "8508062", "Netherlands"),
    "J Dent Res": ("Journal of dental research", "J Dent Res", "J Dent Res", "0022-0345", "1544-0591", "SAGE Publications", "0354343", "United States"),
    "Age Ageing": ("Age and ageing", "Age Ageing", "Age Ageing", "0002-0729", "1468-2834", "Oxford University Press (OUP)", "0375655", "England"),
    "Maturitas": ("Maturitas", "Maturitas", "Maturitas", "0378-5122", "1873-4111", "Elsevier BV", "7807333", "Ireland"),
    "J Am Coll Nutr": ("Journal of the American College of Nutrition", "J Am Coll Nutr", "J Am Coll Nutr", "0731-5724", "1541-1087", "Informa UK Limited", "8215879", "United States"),
    "J Clin Diagn Res": ("Journal of clinical and diagnostic research : JCDR", "J Clin Diagn Res", "J Clin Diagn Res", "2249-782X", "0973-709X", "JCDR Research and Publications", "101488993", "India"),
    "J Clin Endocrinol Metab": ("The Journal of clinical endocrinology and metabolism", "J Clin Endocrinol Metab", "J Clin Endocrinol Metab", "0021-972X", "1945-7197", "The Endocrine Society", "0375362", "United States"),
}


def _w(n, pmid, doi, title, authors, jkey, date, volume=None, issue=None, pages=None, elocation=None, epub=None,
       status=None, **kw) -> Work:
    full, iso, nlm, issn, eissn, publisher, nlmid, country = J[jkey]
    parts = [int(p) for p in date.split("-")] if date else []
    y = parts[0] if parts else None
    m = parts[1] if len(parts) > 1 else None
    d = parts[2] if len(parts) > 2 else None
    first = last = None
    if pages:
        first, _, last = pages.partition("-")
        last = last or None
    if status is None:
        status = "epublish" if (issn is None and epub) else "ppublish"
    return Work(
        n=n, pmid=pmid, doi=doi, title=title, authors=list(authors), journal=full, journal_iso=iso,
        journal_nlm=nlm, issn=issn, eissn=eissn, year=y, month=m, day=d, volume=volume, issue=issue,
        first_page=first, last_page=last, elocation=elocation, epub=epub, status=status,
        publisher=publisher, nlm_unique_id=nlmid, country=country, **kw,
    )


SAMPLE_WORKS: list[Work] = [
    _w(1, "28632857", "10.1001/jama.2017.4392",
       "Trends in Use of High-Dose Vitamin D Supplements Exceeding 1000 or 4000 International Units Daily, 1999-2014",
       [("Rooney", "Mary R"), ("Harnack", "Lisa"), ("Michos", "Erin D"), ("Ogilvie", "Rachel P"),
        ("Sempos", "Christopher T"), ("Lutsey", "Pamela L")],
       "JAMA", "2017-06-20", "317", "23", "2448-2450", pub_types=["Letter"]),
    _w(2, "18377099", None, "Use of vitamin D in clinical practice",
       [("Cannell", "John J"), ("Hollis", "Bruce W")],
       "Altern Med Rev", "2008-03", "13", "1", "6-20", pub_types=["Journal Article", "Review"]),
    _w(3, "18981129", "10.4049/jimmunol.181.10.7090",
       "Respiratory epithelial cells convert inactive vitamin D to its active form: potential effects on host defense",
       [("Hansdottir", "Sif"), ("Monick", "Martha M"), ("Hinde", "Sara L"), ("Lovan", "Nina"),
        ("Look", "Dwight C"), ("Hunninghake", "Gary W")],
       "J Immunol", "2008-11-15", "181", "10", "7090-7099"),
    _w(4, "30541089", "10.1093/ajcn/nqy274",
       "Magnesium status and supplementation influence vitamin D status and metabolism: results from a randomized trial",
       [("Dai", "Qi"), ("Zhu", "Xiangzhu"), ("Manson", "JoAnn E"), ("Song", "Yiqing"), ("Li", "Xingnan"),
        ("Franke", "Adrian A"), ("Costello", "Rebecca B"), ("Rosanoff", "Andrea"), ("Nian", "Hui"),
        ("Fan", "Lei"), ("Murff", "Harvey"), ("Ness", "Reid M"), ("Seidner", "Douglas L"), ("Yu", "Chang"),
        ("Shrubsole", "Martha J")],
       "Am J Clin Nutr", "2018-12-01", "108", "6", "1249-1258",
       pub_types=["Journal Article", "Randomized Controlled Trial"]),
    _w(5, "30200431", "10.3390/nu10091202", "Challenges in the Diagnosis of Magnesium Status",
       [("Workinger", "Jayme L"), ("Doyle", "Robert P"), ("Bortz", "Jonathan")],
       "Nutrients", "2018-09-01", "10", "9", elocation="1202", epub="2018-09-01",
       pub_types=["Journal Article", "Review"]),
    _w(6, "23981518", "10.1186/1741-7015-11-187",
       "Magnesium, vitamin D status and mortality: results from US National Health and Nutrition Examination "
       "Survey (NHANES) 2001 to 2006 and NHANES III",
       [("Deng", "Xinqing"), ("Song", "Yiqing"), ("Manson", "JoAnn E"), ("Signorello", "Lisa B"),
        ("Zhang", "Shumin M"), ("Shrubsole", "Martha J"), ("Ness", "Reid M"), ("Seidner", "Douglas L"),
        ("Dai", "Qi")],
       "BMC Med", "2013-08-27", "11", None, elocation="187", epub="2013-08-27", pmcid="PMC3765911"),
    _w(8, "26773013", "10.3945/an.115.008631",
       "Essential Nutrient Interactions: Does Low or Suboptimal Magnesium Status Interact with Vitamin D and/or "
       "Calcium Status?",
       [("Rosanoff", "Andrea"), ("Dai", "Qi"), ("Shapses", "Sue A")],
       "Adv Nutr", "2016-01", "7", "1", "25-43", epub="2016-01-15", pub_types=["Journal Article", "Review"]),
    _w(9, "31175968", "10.1016/j.jsbmb.2019.105400", "Anabolic effects of vitamin D and magnesium in aging bone",
       [("Erem", "Sarah"), ("Atfi", "Azeddine"), ("Razzaque", "Mohammed S")],
       "J Steroid Biochem Mol Biol", "2019-10", "193", None, elocation="105400", epub="2019-06-05",
       pii="S0960-0760(19)30227-9", pub_types=["Journal Article", "Review"]),
    _w(10, "29480918", "10.7556/jaoa.2018.037", "Role of Magnesium in Vitamin D Activation and Function",
       [("Uwitonze", "Anne Marie"), ("Razzaque", "Mohammed S")],
       "J Am Osteopath Assoc", "2018-03-01", "118", "3", "181-189", pub_types=["Journal Article", "Review"]),
    _w(11, "29849626", "10.1155/2018/9041694", "Magnesium and Human Health: Perspectives and Research Directions",
       [("Al Alawi", "Abdullah M"), ("Majoni", "Sandawana William"), ("Falhammar", "Henrik")],
       "Int J Endocrinol", "2018", "2018", None, elocation="9041694", epub="2018-04-16",
       pub_types=["Journal Article", "Review"]),
    _w(12, "19402295", None, "Obesity induced magnesium deficiency can be treated by vitamin D supplementation",
       [("Farhanghi", "Mahdieh Abbasalizad"), ("Mahboob", "Soltanali"), ("Ostadrahimi", "Alireza")],
       "J Pak Med Assoc", "2009-04", "59", "4", "258-261",
       pub_types=["Journal Article", "Randomized Controlled Trial"]),
    _w(13, "32102677", "10.1186/s13063-020-4122-9",
       "Effects of vitamin D and/or magnesium supplementation on mood, serum levels of BDNF, inflammatory "
       "biomarkers, and SIRT1 in obese women: a study protocol for a double-blind, randomized, placebo-controlled trial",
       [("Abiri", "Behnaz"), ("Vafa", "Mohammadreza")],
       "Trials", "2020-02-26", "21", "1", elocation="225", epub="2020-02-26",
       pub_types=["Clinical Trial Protocol", "Journal Article"]),
    _w(14, "32959347", "10.1007/s12011-020-02387-0",
       "Randomized Study of the Effects of Vitamin D and Magnesium Co-Supplementation on Muscle Strength and "
       "Function, Body Composition, and Inflammation in Vitamin D-Deficient Middle-Aged Women",
       [("Kheyruri", "Faezeh"), ("Sarrafzadeh", "Javad"), ("Hosseini", "Agha Fatemeh"), ("Abiri", "Behnaz"),
        ("Vafa", "Mohammadreza")],
       "Biol Trace Elem Res", "2021-07", "199", "7", "2523-2534", epub="2020-09-21",
       pub_types=["Journal Article", "Randomized Controlled Trial"]),
    _w(15, "22689009", "10.1007/s11936-012-0183-8", "Vitamin d and cardiovascular disease",
       [("Danik", "Jacqueline S"), ("Manson", "JoAnn E")],
       "Curr Treat Options Cardiovasc Med", "2012-08", "14", "4", "414-424"),
    _w(16, None, "10.12974/2309-6128.2014.02.02.1", "The Role of Vitamin D in the Aging Adult",
       [("Meehan", "Meghan"), ("Penckofer", "Sue")],
       "J Aging Gerontol", "2014-12", "2", "2", "60-71", in_pubmed=False, member="7893"),
    _w(17, "29124700", "10.1007/978-3-319-56017-5_15",
       "Vitamin D Metabolism and the Implications for Atherosclerosis",
       [("Bennett", "Alexander L"), ("Lavie", "Carl J")],
       "Adv Exp Med Biol", "2017", "996", None, "185-192", crossref_type="book-chapter",
       container_title="Ultraviolet Light in Human Health, Diseases and Environment", isbn="978-3-319-56016-8",
       pub_types=["Journal Article", "Review"]),
    _w(18, "27651011", "10.1684/pnv.2016.0615",
       "Vitamin D and cognition in older adults: international consensus guidelines",
       [("Annweiler", "Cédric"), ("Dursun", "Erdinc"), ("Féron", "François"), ("Gezen-Ak", "Duygu"),
        ("Kalueff", "Allan V"), ("Littlejohns", "Thomas"), ("Llewellyn", "David J"), ("Millet", "Pascal"),
        ("Scott", "Tammy"), ("Tucker", "Katherine L"), ("Yilmazer", "Selma"), ("Beauchet", "Olivier")],
       "Geriatr Psychol Neuropsychiatr Vieil", "2016-09-01", "14", "3", "265-273",
       pub_types=["Journal Article", "Practice Guideline"]),
    _w(19, "30513803", "10.3390/nu10121863", "Magnesium: Are We Consuming Enough?",
       [("Razzaque", "Mohammed S")],
       "Nutrients", "2018-12-02", "10", "12", elocation="1863", epub="2018-12-02"),
    _w(20, "28471760", "10.1097/MJT.0000000000000538", "Magnesium Supplementation in Vitamin D Deficiency",
       [("Reddy", "Pramod"), ("Edwards", "Linda R")],
       "Am J Ther", "2019-01", "26", "1", "e124-e132", medline_date="2019 Jan/Feb",
       pub_types=["Journal Article", "Review"]),
    _w(21, "27258303", "10.3390/nu8060319", "Crucial Role of Vitamin D in the Musculoskeletal System",
       [("Wintermeyer", "Elke"), ("Ihle", "Christoph"), ("Ehnert", "Sabrina"), ("Stöckle", "Ulrich"),
        ("Ochs", "Gunnar"), ("de Zwart", "Peter"), ("Flesch", "Ingo"), ("Bahrs", "Christian"),
        ("Nussler", "Andreas K")],
       "Nutrients", "2016-06-01", "8", "6", elocation="319", epub="2016-06-01",
       pub_types=["Journal Article", "Review"]),
    _w(22, "27065162", "10.1002/cphy.c140071", "PTH and Vitamin D",
       [("Khundmiri", "Syed J"), ("Murray", "Rebecca D"), ("Lederer", "Eleanor")],
       "Compr Physiol", "2016-03-15", "6", "2", "561-601", pub_types=["Journal Article", "Review"]),
    _w(23, "31894069", "10.1542/pir.2018-0065",
       "Calcium and Phosphate Hormones: Vitamin D, Parathyroid Hormone, and Fibroblast Growth Factor 23",
       [("Underland", "Lisa"), ("Markowitz", "Morri"), ("Gensure", "Robert")],
       "Pediatr Rev", "2020-01", "41", "1", "3-11"),
    _w(24, "18525006", "10.2215/CJN.01160308", "Vitamin D in health and disease",
       [("Heaney", "Robert P")],
       "Clin J Am Soc Nephrol", "2008-09", "3", "5", "1535-1541", epub="2008-06-04",
       pub_types=["Journal Article", "Review"]),
    _w(25, "32911795", "10.3390/ijms21186573", "An Update on Vitamin D Metabolism",
       [("Saponaro", "Federica"), ("Saba", "Alessandro"), ("Zucchi", "Riccardo")],
       "Int J Mol Sci", "2020-09-08", "21", "18", elocation="6573", epub="2020-09-08",
       pub_types=["Journal Article", "Review"]),
    _w(26, "23702404", "10.1016/j.ecl.2013.02.004", "Vitamin D and aging",
       [("Gallagher", "J Christopher")],
       "Endocrinol Metab Clin North Am", "2013-06", "42", "2", "319-332", epub="2013-04-06",
       pub_types=["Journal Article", "Review"]),
    _w(27, "25687185", "10.1007/s10654-015-0006-z",
       "The association between serum 25-hydroxyvitamin D3 concentration and risk of disease death in men: "
       "modification by magnesium intake",
       [("Mursu", "Jaakko"), ("Nurmi", "Tarja"), ("Voutilainen", "Sari"), ("Tuomainen", "Tomi-Pekka"),
        ("Virtanen", "Jyrki K")],
       "Eur J Epidemiol", "2015-04", "30", "4", "343-347", epub="2015-02-17"),
    _w(28, "32751505", "10.3390/nu12082283",
       "Response of Vitamin D after Magnesium Intervention in a Postmenopausal Population from the Province of "
       "Granada, Spain",
       [("Vázquez-Lorente", "Héctor"), ("Herrera-Quintana", "Lourdes"), ("Molina-López", "Jorge"),
        ("Gamarra-Morales", "Yenifer"), ("López-González", "Beatriz"), ("Miralles-Adell", "Claudia"),
        ("Planells", "Elena")],
       "Nutrients", "2020-07-30", "12", "8", elocation="2283", epub="2020-07-30"),
    _w(29, "32084549", "10.1016/j.jsbmb.2020.105636", "Oral manifestations of magnesium and vitamin D inadequacy",
       [("Uwitonze", "Anne Marie"), ("Rahman", "Shaheen"), ("Ojeh", "Nkemcho"), ("Grant", "William B"),
        ("Kaur", "Harleen"), ("Haq", "Afrozul"), ("Razzaque", "Mohammed S")],
       "J Steroid Biochem Mol Biol", "2020-06", "200", None, elocation="105636", epub="2020-02-18",
       pii="S0960-0760(19)30542-9", pub_types=["Journal Article", "Review"]),
    _w(30, "28161532", "10.1016/j.jsbmb.2017.01.020", "Effects of vitamin D status on oral health",
       [("Uwitonze", "Anne Marie"), ("Murererehe", "Julienne"), ("Ineza", "Marie Claire"),
        ("Harelimana", "Eliane Ingabire"), ("Nsabimana", "Usiel"), ("Uwambaye", "Peace"),
        ("Gatarayiha", "Agnes"), ("Haq", "Afrozul"), ("Razzaque", "Mohammed S")],
       "J Steroid Biochem Mol Biol", "2018-01", "175", None, "190-194", epub="2017-02-01",
       pub_types=["Journal Article", "Review"]),
    _w(31, "31968625", "10.3390/nu12010268",
       "Do Dietary Supplements and Nutraceuticals Have Effects on Dental Implant Osseointegration? A Scoping Review",
       [("Nastri", "Livia"), ("Moretti", "Antimo"), ("Migliaccio", "Silvia"), ("Paoletta", "Marco"),
        ("Annunziata", "Marco"), ("Liguori", "Sara"), ("Toro", "Giuseppe"), ("Bianco", "Margherita"),
        ("Cecoro", "Gennaro"), ("Guida", "Luigi"), ("Iolascon", "Giovanni")],
       "Nutrients", "2020-01-20", "12", "1", elocation="268", epub="2020-01-20",
       pub_types=["Journal Article", "Review"]),
    _w(32, "16183794", "10.1177/154405910508401012", "Magnesium deficiency is associated with periodontal disease",
       [("Meisel", "Peter"), ("Schwahn", "Christian"), ("Luedemann", "Jan"), ("John", "Ulrich"),
        ("Kroemer", "Heyo K"), ("Kocher", "Thomas")],
       "J Dent Res", "2005-10", "84", "10", "937-941"),
    _w(33, "30312372", "10.1093/ageing/afy169", "Sarcopenia: revised European consensus on definition and diagnosis",
       [("Cruz-Jentoft", "Alfonso J"), ("Bahat", "Gülistan"), ("Bauer", "Jürgen"), ("Boirie", "Yves"),
        ("Bruyère", "Olivier"), ("Cederholm", "Tommy"), ("Cooper", "Cyrus"), ("Landi", "Francesco"),
        ("Rolland", "Yves"), ("Sayer", "Avan Aihie"), ("Schneider", "Stéphane M"), ("Sieber", "Cornel C"),
        ("Topinkova", "Eva"), ("Vandewoude", "Maurits"), ("Visser", "Marjolein"), ("Zamboni", "Mauro")],
       "Age Ageing", "2019-01-01", "48", "1", "16-31",
       collective="Writing Group for the European Working Group on Sarcopenia in Older People 2 (EWGSOP2), "
                  "and the Extended Group for EWGSOP2",
       pub_types=["Journal Article", "Review"]),
    _w(34, "31883664", "10.1016/j.maturitas.2019.11.007",
       "Nutritional strategies for maintaining muscle mass and strength from middle age to later life: "
       "A narrative review",
       [("Cruz-Jentoft", "Alfonso J"), ("Dawson Hughes", "Bess"), ("Scott", "David"), ("Sanders", "Kerrie M"),
        ("Rizzoli", "Rene")],
       "Maturitas", "2020-02", "132", None, "57-64", epub="2019-11-22", pub_types=["Journal Article", "Review"]),
    _w(35, "33252298", "10.1080/07315724.2020.1842823",
       "Vitamin D, Calcium, Magnesium, and Potassium Consumption and Markers of Glucose Metabolism in the "
       "Hispanic Community Health Study/Study of Latinos",
       [("Palacios", "Cristina"), ("Pérez", "Cynthia M"), ("González-Sepúlveda", "Lorena"),
        ("Mattei", "Josiemer"), ("Daviglus", "Martha L"), ("Van Horn", "Linda"), ("Kaplan", "Robert C"),
        ("Talavera", "Gregory A")],
       "J Am Coll Nutr", "2021-11", "40", "8", "680-689", epub="2020-11-30"),
    _w(36, "24392367", "10.7860/JCDR/2013/6578.3568",
       "Evaluation of 25(OH) Vitamin D3 with Reference to Magnesium Status and Insulin Resistance in T2DM",
       [("Gandhe", "Mahendra B"), ("Jain", "Kapil"), ("Gandhe", "Swati M")],
       "J Clin Diagn Res", "2013-11", "7", "11", "2438-2441", epub="2013-11-10"),
    _w(37, "30889804", "10.3390/ijms20061351",
       "Effects of Magnesium Deficiency on Mechanisms of Insulin Resistance in Type 2 Diabetes: Focusing on the "
       "Processes of Insulin Secretion and Signaling",
       [("Kostov", "Krasimir")],
       "Int J Mol Sci", "2019-03-18", "20", "6", elocation="1351", epub="2019-03-18",
       pub_types=["Journal Article", "Review"]),
    _w(38, "3840173", "10.1210/jcem-61-5-933",
       "Low serum concentrations of 1,25-dihydroxyvitamin D in human magnesium deficiency",
       [("Rude", "Robert K"), ("Adams", "John S"), ("Ryzen", "Elisabeth"), ("Endres", "David B"),
        ("Niimi", "Hiroshi"), ("Horst", "Ronald L"), ("Haddad", "John G", "Jr"), ("Singer", "Frederick R")],
       "J Clin Endocrinol Metab", "1985-11", "61", "5", "933-940"),
    _w(39, "1939521", "10.1210/jcem-73-5-1067",
       "Effect of experimental human magnesium depletion on parathyroid hormone secretion and "
       "1,25-dihydroxyvitamin D metabolism",
       [("Fatemi", "Sharon"), ("Ryzen", "Elisabeth"), ("Flores", "Juanita"), ("Endres", "David B"),
        ("Rude", "Robert K")],
       "J Clin Endocrinol Metab", "1991-11", "73", "5", "1067-1072"),
    _w(40, "30946457", "10.1210/jc.2019-00194", "Vitamin D and Atherosclerotic Cardiovascular Disease",
       [("Hiemstra", "Thomas"), ("Lim", "Kenneth"), ("Thadhani", "Ravi"), ("Manson", "JoAnn E")],
       "J Clin Endocrinol Metab", "2019-09-01", "104", "9", "4033-4050", epub="2019-04-04",
       pub_types=["Journal Article", "Review"]),
]

SAMPLE_BY_N: dict[int, Work] = {w.n: w for w in SAMPLE_WORKS}

# ---------------------------------------------------------------------------------- extra works

_FJ = ("Journal of Fictional Nutrition Research", "J Fict Nutr Res", "J Fict Nutr Res", "1234-5679", "1234-5687")
_FJ2 = ("Fictional endocrinology letters", "Fict Endocrinol Lett", "Fict Endocrinol Lett", "2345-6789", None)


def _x(key, pmid, doi, title, authors, date, volume=None, issue=None, pages=None, journal=_FJ, **kw) -> Work:
    full, iso, nlm, issn, eissn = journal
    parts = [int(p) for p in date.split("-")] if date else []
    first = last = None
    if pages:
        first, _, last = pages.partition("-")
        last = last or None
    kw.setdefault("publisher", "Fictional Academic Press")
    kw.setdefault("member", "7822")
    return Work(key=key, pmid=pmid, doi=doi, title=title, authors=list(authors), journal=full, journal_iso=iso,
             journal_nlm=nlm, issn=issn, eissn=eissn,
             year=parts[0] if parts else None, month=parts[1] if len(parts) > 1 else None,
             day=parts[2] if len(parts) > 2 else None, volume=volume, issue=issue, first_page=first,
             last_page=last, **kw)


EXTRA_WORKS: list[Work] = [
    # retracted in PubMed and Crossref; the retraction notice is a Work of its own
    _x("retracted", "39900101", "10.5555/fnr.2019.0101",
       "Vitamin D supplementation reverses magnesium depletion in elderly adults: a randomized trial",
       [("Moreau", "Julien P"), ("Tanaka", "Hiroshi"), ("Okafor", "Chidi")], "2019-05", "12", "3", "101-110",
       epub="2019-02-11",
       notices=[Notice("retraction", notice_doi="10.5555/fnr.2021.0999", notice_pmid="39900102", date="2021-03-04")]),
    _x("retraction_notice", "39900102", "10.5555/fnr.2021.0999",
       "Retraction notice to \"Vitamin D supplementation reverses magnesium depletion in elderly adults: "
       "a randomized trial\"", [], "2021-04", "14", "4", "999", epub="2021-03-04",
       pub_types=["Retraction of Publication"]),
    # retraction known only through Retraction Watch data in Crossref
    _x("retracted_rw_only", "39900111", "10.5555/fnr.2018.0211",
       "Serum magnesium predicts vitamin D response in adolescents",
       [("Lindqvist", "Anna"), ("Berg", "Oskar"), ("Nilsson", "Maja")], "2018-08", "11", "8", "211-219",
       notices=[Notice("retraction", notice_doi="10.5555/fnr.2022.0077", date="2022-06-15",
                       source="retraction-watch", where="crossref", record_id="41234")]),
    # expression of concern (both services)
    _x("eoc", "39900121", "10.5555/fnr.2020.0301",
       "Calcitriol synthesis depends on dietary magnesium in postmenopausal women",
       [("Ferreira", "Ana Luísa"), ("Costa", "Bruno"), ("Almeida", "Rita")], "2020-03", "13", "2", "301-309",
       notices=[Notice("expression_of_concern", notice_doi="10.5555/fnr.2022.0401", notice_pmid="39900122",
                       date="2022-09-01")]),
    # corrected: PubMed ErratumIn, Crossref updated-by correction
    _x("corrected", "39900131", "10.5555/fnr.2017.0155",
       "Magnesium intake and 25-hydroxyvitamin D in the Fictional Cohort Study",
       [("Nguyen", "Thi Hoa"), ("Schmidt", "Karl"), ("Rossi", "Giulia")], "2017-04", "10", "4", "155-163",
       abstract="In 2,310 adults of the Fictional Cohort Study, higher magnesium intake was associated with "
                "higher serum 25-hydroxyvitamin D concentrations, mostly among those with low vitamin D intake.",
       notices=[Notice("correction", notice_doi="10.5555/fnr.2017.0288", notice_pmid="39900132",
                       date="2017-09-12")]),
    # retracted and replaced
    _x("retract_replace", "39900141", "10.5555/fnr.2019.0420",
       "Vitamin D and magnesium co-supplementation and bone density: a pilot trial",
       [("Haddad", "Rami"), ("Khalil", "Nour"), ("Saleh", "Omar")], "2019-09", "12", "9", "420-428",
       notices=[Notice("retracted_and_republished", notice_doi="10.5555/fnr.2020.0500", notice_pmid="39900142",
                       date="2020-06-01", replacement_doi="10.5555/fnr.2020.0501", replacement_pmid="39900143")]),
    _x("replacement", "39900143", "10.5555/fnr.2020.0501",
       "Vitamin D and magnesium co-supplementation and bone density: a pilot trial",
       [("Haddad", "Rami"), ("Khalil", "Nour"), ("Saleh", "Omar")], "2020-07", "13", "7", "501-509",
       epub="2020-06-01"),
    # withdrawal
    _x("withdrawn", "39900151", "10.5555/fnr.2021.0612",
       "Magnesium status in hospitalised adults with vitamin D deficiency",
       [("Kowalski", "Piotr"), ("Nowak", "Ewa")], "2021-06", "14", "6", "612-618",
       notices=[Notice("withdrawal", notice_doi="10.5555/fnr.2021.0700", notice_pmid="39900152",
                       date="2021-11-20")]),
    # partial retraction
    _x("partial_retraction", "39900161", "10.5555/fnr.2016.0077",
       "Two trials of vitamin D dosing in magnesium-deficient adults",
       [("Okonkwo", "Adaeze"), ("Mensah", "Kofi")], "2016-02", "9", "2", "77-89",
       notices=[Notice("partial_retraction", notice_doi="10.5555/fnr.2019.0033", notice_pmid="39900162",
                       date="2019-01-15")]),
    # ahead of print: no volume/issue/pages yet
    _x("ahead_of_print", "39900171", "10.5555/fnr.2025.0001",
       "Magnesium-dependent vitamin D activation in chronic kidney disease",
       [("García", "María José"), ("Ortiz", "Pablo")], None, epub="2025-10-01", status="aheadofprint",
       abstract="Magnesium is a cofactor of the hydroxylases that activate vitamin D; we review the evidence in "
                "chronic kidney disease."),
    # Crossref-only works
    _x("book", None, "10.5555/978-1-00000-001-0", "Magnesium and Vitamin D in Clinical Practice",
       [("Whitfield", "Eleanor")], "2015", journal=(None, None, None, None, None), in_pubmed=False,
       crossref_type="book", isbn="978-1-00000-001-0", publisher="Fictional Academic Press"),
    _x("chapter", None, "10.5555/978-1-00000-001-0_7", "Vitamin D metabolism and magnesium cofactors",
       [("Whitfield", "Eleanor"), ("Park", "Jiwoo")], "2015", pages="123-145",
       journal=(None, None, None, None, None), in_pubmed=False, crossref_type="book-chapter",
       container_title="Magnesium and Vitamin D in Clinical Practice", isbn="978-1-00000-001-0"),
    _x("conference", None, "10.5555/icnm.2019.42",
       "A decision support tool for magnesium and vitamin D supplementation",
       [("Ivanova", "Elena"), ("Petrov", "Dmitri")], "2019-07-15", pages="42-47",
       journal=(None, None, None, None, None), in_pubmed=False, crossref_type="proceedings-article",
       container_title="Proceedings of the 2019 International Conference on Nutrition Modelling"),
    # two near-identical records: same title, author, journal, year; differ in issue and pages
    _x("ambiguous_a", "39900181", "10.5555/fel.2018.0011", "Vitamin D and health",
       [("Smith", "John A")], "2018-02", "7", "1", "11-12", journal=_FJ2, pub_types=["Editorial"]),
    _x("ambiguous_b", "39900182", "10.5555/fel.2018.0233", "Vitamin D and health",
       [("Smith", "John A")], "2018-09", "7", "5", "233-234", journal=_FJ2, pub_types=["Editorial"]),
    # collective author only
    _x("collective", "39900191", "10.5555/fnr.2022.0100",
       "Consensus statement on magnesium and vitamin D testing in adults",
       [], "2022-01", "15", "1", "100-112", collective="Fictional Society Vitamin D Working Group",
       abstract="This statement gives recommendations for measuring serum magnesium and 25-hydroxyvitamin D "
                "in adults, and for when to test both.",
       pub_types=["Journal Article", "Consensus Development Conference"]),
]

EXTRA_BY_KEY: dict[str, Work] = {w.key: w for w in EXTRA_WORKS}

ALL_WORKS: list[Work] = SAMPLE_WORKS + EXTRA_WORKS
