"""Title/journal boundaries the first reading gets wrong, and the shapes around them (entries
written for these tests, in the shapes found in real lists)."""

from __future__ import annotations

import pytest

from refcheck.parse import parse_entry


def _read(raw: str):
    return parse_entry(raw, 1)


@pytest.mark.parametrize(
    ("raw", "title", "journal"),
    [
        # no mark between title and journal
        (
            "Smith JA, Brown K. Loss of function of the tumour suppressor in cultured fibroblasts Oncogene 2001; 20:4112-4119.",
            "Loss of function of the tumour suppressor in cultured fibroblasts",
            "Oncogene",
        ),
        (
            "Lee H, Park S (2010) Seasonal Variation of Dissolved Organic Carbon in Alpine Streams Environ Sci Technol 44: 1012–1018.",
            "Seasonal Variation of Dissolved Organic Carbon in Alpine Streams",
            "Environ Sci Technol",
        ),
        (
            "K.L. Moore, P. Diaz, et al. A peer-led walking programme for adults with arthritis: a pilot trial Health Educ. Res., 25 (2012), pp. 101-112",
            "A peer-led walking programme for adults with arthritis: a pilot trial",
            "Health Educ. Res",
        ),
        # an abbreviated journal cut at its own full stops
        (
            "Ortega, L., and Reyes, M. Echolocation call design in foraging bats, Myotis lucifugus, J. Comp. Physiol., 2008, 194: 501-511.",
            "Echolocation call design in foraging bats, Myotis lucifugus",
            "J. Comp. Physiol",
        ),
        ("CMS Collaboration, Eur. Phys. J. C 72, 2001 (2012).", None, "Eur. Phys. J. C"),
        (
            "Keller, F. 1971. Uber die Bestimmung der Proteasen im Serum. Hoppe-Seyler's Z. Physiol. Chem. 352, 33-40.",
            "Uber die Bestimmung der Proteasen im Serum",
            "Hoppe-Seyler's Z. Physiol. Chem",
        ),
        # comma-separated "Authors, Title, Journal, volume, pages"
        (
            "Dutra L. M., Souza P. 2004 Dental wear patterns in a coastal population of the Holocene, American Journal of Physical Anthropology, 60-71",
            "Dental wear patterns in a coastal population of the Holocene",
            "American Journal of Physical Anthropology",
        ),
        (
            "Fisher, R. A. 1925. On the mathematical foundations of estimation, The London, Edinburgh, and Dublin Philosophical Magazine and Journal of Science, 6(2), 100--120.",
            "On the mathematical foundations of estimation",
            "The London, Edinburgh, and Dublin Philosophical Magazine and Journal of Science",
        ),
        (
            "J. Smith, K.L. Wong e P. Costa, Journal of the Chemical Society, Perkin Transactions 2 , 311 (1981).",
            None,
            "Journal of the Chemical Society, Perkin Transactions",
        ),
    ],
)
def test_title_and_journal_told_apart(raw, title, journal):
    r = _read(raw)
    assert (r.title, r.journal) == (title, journal)


@pytest.mark.parametrize(
    "raw",
    [
        # a title closing with a letter or a capitalised word keeps it: no journal word follows
        "Wang L, Chen Y. Clinical course of chronic hepatitis B. J Hepatol. 2015;62(4):781-9.",
        "Rossi P, Bianchi G. Dietary intake and serum vitamin D. Nutrients. 2019;11(3):512.",
        "Ahmed S, Khan T. Outcomes of knee surgery in older adults. Lancet. 2018;391:1020-8.",
    ],
)
def test_a_clean_boundary_is_kept(raw):
    r = _read(raw)
    title, journal = raw.split(". ")[1], raw.split(". ")[2]
    assert (r.title, r.journal) == (title, journal)


def test_korean_entry_names_title_and_numbers():
    r = _read("박지민, 이서연, '지역사회 노인의 우울과 신체활동의 관계,' Journal of Korean Academy of Nursing, 제45권, 제3호, pp.210-221, 2015.")
    assert r.authors == ("박지민", "이서연")
    assert r.title == "지역사회 노인의 우울과 신체활동의 관계"
    assert r.journal == "Journal of Korean Academy of Nursing"
    assert (r.volume, r.issue, r.pages, r.year) == ("45", "3", "210-221", 2015)


def test_chinese_entry_names_title_and_numbers():
    r = _read("王小明. 李华. 陈静(2018). 城市绿地植物多样性研究. 生态学报. 38卷 12期.: 4401-4410.")
    assert r.authors == ("王小明", "李华", "陈静")
    assert (r.title, r.journal) == ("城市绿地植物多样性研究", "生态学报")
    assert (r.volume, r.issue, r.pages, r.year) == ("38", "12", "4401-4410", 2018)


def test_names_without_separators_before_a_chinese_title():
    r = _read("刘洋, 张伟, 农村医疗保险制度改革研究, Journal of Rural Health Policy, Mar. 2016. Vol.8, No.2 15-22.")
    assert r.authors == ("刘洋", "张伟")
    assert (r.title, r.journal, r.volume, r.issue, r.pages) == (
        "农村医疗保险制度改革研究",
        "Journal of Rural Health Policy",
        "8",
        "2",
        "15-22",
    )


def test_capitals_collective_is_the_author():
    r = _read("BRASIL (Governo Federal). Secretaria de Vigilância em Saúde. Boletim epidemiológico anual. Brasília, 2019.")
    assert r.authors == ("BRASIL (Governo Federal)",)
    assert r.title == "Secretaria de Vigilância em Saúde"


def test_repeated_author_dashes_then_a_new_author():
    r = _read("--, --, and P. Ortiz, 2003: A statistical model of storm surge along the Gulf coast. J. Coastal Res., 19, 455-467.")
    assert r.authors[0].startswith("Ortiz")
    assert r.title == "A statistical model of storm surge along the Gulf coast"
    assert r.journal == "J. Coastal Res"


def test_abstract_names_its_meeting():
    r = _read("Moreau, C. L., Vidal, P., Shock features in quartz from a buried crater (abstract). Lunar and Planetary Science Conference,. 2002.")
    assert r.title == "Shock features in quartz from a buried crater (abstract)"
    assert r.journal == "Lunar and Planetary Science Conference"


def test_editors_sentence_ends_the_title():
    r = _read(
        "Grant, R. A., Lowe, D.P. and Hart,K.J., Breccia dykes of the northern range. Mills, E.G., Lowe, D.P. and Young, P.E., eds.,"
        " The Geology of the Northern Range, Geological Survey, Ottawa, v. 2, pp. 101-130. 1991."
    )
    assert r.title == "Breccia dykes of the northern range"


def test_labelled_pages_inside_the_entry():
    r = _read("Ana Lima and Rui Costa. Learning sparse image features from video. In Computer Vision and Pattern Recognition (CVPR), pages 2211–2219. IEEE, 2015.")
    assert r.pages == "2211-2219"


def test_year_and_publisher_after_a_book_title():
    r = _read("Haykin, S. Neural Networks and Learning Machines 2009 Pearson Upper Saddle River")
    assert r.title == "Neural Networks and Learning Machines"
    assert r.year == 2009


def test_collaboration_is_the_author_and_the_title_follows():
    r = _read("LHCb Collaboration, The LHCb Detector at the LHC, JINST 3 (2008) S08005")
    assert r.authors == ("LHCb Collaboration",)
    assert (r.title, r.journal, r.volume, r.year, r.pages) == ("The LHCb Detector at the LHC", "JINST", "3", 2008, "S08005")


def test_inline_markup_is_not_part_of_the_journal():
    r = _read("Silva, R.; Costa, M., 2014. Fouling of reverse osmosis membranes. <italic>Desalination,</italic> 343: 120-127.")
    assert r.journal == "Desalination"
    assert (r.volume, r.pages) == ("343", "120-127")


def test_doi_broken_at_a_line_end_is_joined():
    r = _read("Silva, R.; Costa, M., 2014. Fouling of reverse osmosis membranes. Desalination 343: 120-127. http://dx.doi.org/10.1016/j. desal.2014.03.031.")
    assert r.doi == "10.1016/j.desal.2014.03.031"
    assert (r.volume, r.pages) == ("343", "120-127")


def test_newspaper_date_is_not_a_volume():
    r = _read("MORALES, P., 2018. “Drought Pushes Farmers Off the Land”, The Guardian, 14 August 2018.")
    assert r.journal == "The Guardian"
    assert r.volume is None and r.year == 2018


def test_month_and_year_closing_a_report_title_are_its_date():
    r = _read("Baker, T. J., Design of the Flight Control Software Test Harness March 1994, Aerospace Systems Ltd., Bristol")
    assert r.title == "Design of the Flight Control Software Test Harness"
    assert r.year == 1994


def test_report_title_ending_in_its_year_keeps_it():
    r = _read("World Health Organization. Global tuberculosis report 2019. Geneva: World Health Organization; 2019.")
    assert r.title == "Global tuberculosis report 2019"


def test_book_subtitle_printed_as_a_sentence():
    r = _read("SAVATER, F. Ética para Amador. Um livro sobre a liberdade. São Paulo: Martins Fontes, 2005.")
    assert r.title == "Ética para Amador. Um livro sobre a liberdade"


def test_translator_sentence_is_not_a_subtitle():
    r = _read("FOUCAULT, M. Vigiar e punir. Tradução de Raquel Ramalhete. Petrópolis: Vozes, 1987.")
    assert r.title == "Vigiar e punir"


@pytest.mark.parametrize(
    ("raw", "journal", "volume", "issue", "pages"),
    [
        (
            "Rolfe, K. 1912. Nouvelles orchidées du Brésil. Bulletin de la Société Botanique de France, ser.4, 12(2):45-58.",
            "Bulletin de la Société Botanique de France, ser.4",
            "12",
            "2",
            "45-58",
        ),
        (
            "Gray, J. 1898. On some new fishes. Annals and Magazine of Natural History, ser. 7, 2: 300-310.",
            "Annals and Magazine of Natural History, ser. 7",
            "2",
            None,
            "300-310",
        ),
    ],
)
def test_a_series_number_belongs_to_the_journal(raw, journal, volume, issue, pages):
    r = _read(raw)
    assert (r.journal, r.volume, r.issue, r.pages) == (journal, volume, issue, pages)


@pytest.mark.parametrize(
    ("raw", "journal"),
    [
        ("SOUZA, M. Leitura e escrita na escola. Revista Brasileira de Educação. Rio de Janeiro, v. 12, n. 3, p. 45-60, 2010.", "Revista Brasileira de Educação"),
        ("Lamarck, J. 1805. Mémoire sur les fossiles. Annales du Muséum d'Histoire Naturelle, Paris 6: 222-228.", "Annales du Muséum d'Histoire Naturelle"),
        ("RUSSELL, B. On denoting. Mind, New Series, Oxford University Press, v. 14, n. 56, pp.479-493, 1905.", "Mind, New Series"),
        # an abbreviated name keeps its last word, though it reads like a place or a name
        ("LIMA, R. Saúde bucal de idosos. Cad. Saúde Pública, v. 20, n. 2, p. 10-20, 2004.", "Cad. Saúde Pública"),
    ],
)
def test_a_place_or_publisher_after_the_journal_is_not_its_name(raw, journal):
    assert _read(raw).journal == journal


def test_doi_spaced_by_a_pdf_layout():
    r = _read('Lin, Wei et al. (2012). "Gene expression in the ageing cortex". In:Proceedings of the National Academy of Sciences 109. 4, pp. 1200-1205. doi:10 .1073 /pnas.1112233109.')
    assert r.doi == "10.1073/pnas.1112233109"
    assert (r.volume, r.issue, r.pages) == ("109", "4", "1200-1205")


def test_preprint_number_is_its_page_not_a_volume():
    r = _read("Tanaka K, Berg M (2019) Single-cell maps of the developing gut. bioRxiv 548123, doi: 10.1101/548123.")
    assert r.journal == "bioRxiv"
    assert (r.volume, r.pages) == (None, "548123")


@pytest.mark.parametrize(
    ("raw", "venue"),
    [
        (
            "Okoro C, Haas T, et al. Attention models for chest radiographs. In: Proceedings of the IEEE Conference on Computer Vision and Pattern Recognition (CVPR); 2021 Jun 19-25; Nashville, TN. p. 3301-10.",
            "Proceedings of the IEEE Conference on Computer Vision and Pattern Recognition (CVPR)",
        ),
        (
            "Hana Ito and Luis Mora. Sparse codes for video. In Computer Vision and Pattern Recognition (CVPR), pages 2210–2218. IEEE, 2016.",
            "Computer Vision and Pattern Recognition (CVPR)",
        ),
    ],
)
def test_proceedings_after_in_are_the_venue_of_a_conference_paper(raw, venue):
    r = _read(raw)
    assert (r.journal, r.type) == (venue, "conference")
    assert r.pages and r.pages[0].isdigit()


def test_book_after_in_is_not_a_venue():
    r = _read("Brown A, Green B. Magnesium and bone health. In: Holick MF, editor. Vitamin D: physiology and clinical applications. New York: Humana Press; 2010. p. 345-67.")
    assert r.type == "chapter"


@pytest.mark.parametrize(
    ("raw", "authors"),
    [
        ("Lefèvre, A. et Girard, M. (2011). Le sommeil des adolescents. Revue française de pédiatrie, 12(3), 40-48.", ("Lefèvre, A.", "Girard, M.")),
        ("Ruiz, C. y Mendoza, T. (2017). La dieta mediterránea. Revista de Nutrición Clínica, 8(2), 11-19.", ("Ruiz, C.", "Mendoza, T.")),
        ("Costa, L. e Prado, F. (2019). Saúde bucal na escola. Revista de Saúde Coletiva, 5(1), 2-9.", ("Costa, L.", "Prado, F.")),
    ],
)
def test_authors_joined_by_the_languages_and(raw, authors):
    assert _read(raw).authors == authors


def test_abnt_thesis_title_is_not_read_as_an_author():
    r = _read("COSTA, M. A. Anemia ferropriva em gestantes atendidas na rede pública. 2017. 98 f. Dissertação (Mestrado em Saúde Pública) – Universidade de São Paulo, São Paulo, 2017.")
    assert r.authors == ("COSTA, M. A.",)
    assert r.title == "Anemia ferropriva em gestantes atendidas na rede pública"
    assert (r.year, r.type) == (2017, "thesis")


def test_guillemets_around_a_title_are_the_styles():
    r = _read("Martin, P. (2014). « La place du sport à l'école ». Revue des sciences de l'éducation, 40(2), 100-118.")
    assert r.title == "La place du sport à l'école"
