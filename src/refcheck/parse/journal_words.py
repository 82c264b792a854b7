"""Words that journal names are made of, so a title and a journal printed with no mark between
them ("…by mutant p53 Oncogene 1994; 9:1885") can still be told apart.

`ABBREVIATIONS`: the common ISO 4 / NLM title-word abbreviations (the LTWA's most frequent
entries, written from its rules: "Journal" → "J", "Proceedings" → "Proc"), which seldom end an
English or Romance-language sentence. `JOURNAL_WORDS`: whole words that journal names keep
unabbreviated. `SINGLE_WORD_JOURNALS`: well-known one-word titles (a word of that list closing a
title, followed by the volume, is the journal).
"""

from __future__ import annotations

ABBREVIATIONS = frozenset(
    """
    Acad Acta Adv Aerosp Agric Agron Alcohol Altern Am Anal Anat Anesth Anesthesiol Angew Ann Annu
    Anthropol Antimicrob Appl Arch Archaeol Arterioscler Assoc Astron Astrophys Atmos Aust Auton
    Bacteriol Behav Biochem Biochim Bioeng Bioinform Biol Biomater Biomed Biometr Biophys Biotechnol Bot Br
    Bras Bull Can Carcinog Cardiol Cardiovasc Catal Cereb Chem Chemother Chim Chin Chromatogr Circ Clin
    Cogn Commun Comp Comput Conf Conserv Contemp Crit Croat Crystallogr Curr Cytol Dent Dermatol Dev Diagn
    Dig Dis Disord Ecol Econ Educ Electr Electrochem Electron Emerg Endocr Endocrinol Eng Engl Entomol Environ
    Enzymol Epidemiol Ergon Esp Eur Evid Evol Exp Fac Fam Fed Fertil Fis Fiz Fr Gastroenterol Gen Genet Genom
    Geochim Geogr Geol Geophys Geriatr Ger Gerontol Gynecol Hematol Hepatol Hered Hist Histochem Hort Hosp
    Hum Hydrol Hyg Hypertens Immunol Ind Infect Inf Inform Inorg Inst Instrum Int Intell Interv Intern Invest
    Ital J Jpn Lab Lang Laryngol Lett Lond Mag Manag Mar Mater Math Mech Med Mem Ment Metab Meteorol
    Microbiol Microsc Miner Mol Monogr Mon Morphol Musculoskelet Mycol Nanotechnol Nat Natl Nephrol
    Netw Neurobiol Neurochem Neurol Neuropharmacol Neurophysiol Neuropsychol Neurosci Neurosurg Nucl Nurs Nutr
    Obes Obstet Occup Oceanogr Oncol Ophthalmol Opt Org Orthop Otolaryngol Paediatr Palaeogeogr Paleontol
    Parasitol Pathol Pediatr Perinatol Pers Pharm Pharmacol Philos Photochem Photobiol Phys Physiol Phytopathol
    Plast Pol Polym Popul Pract Prev Proc Prog Prot Psychiatr Psychol Psychopharmacol Psychosom Publ Pure
    Radiat Radiol Reprod Rehabil Rep Reprod Res Resour Respir Rev Rheumatol Rom Sci Scand Semin Sens Sist Soc
    Sociol Spectrosc Stat Stud Surg Symp Syst Technol Telecommun Ther Theor Thorac Toxicol Trans Transl
    Transplant Trop Univ Urol Vasc Vet Virol Vis Zh Zool Zeitschr Zentralbl Z
    """.split()
)

JOURNAL_WORDS = frozenset(
    """
    Academy Advances American Annals Annual Applied Archives Association Biology Blood Brain British Bulletin
    Cancer Care Cell Chemical Chemistry Clinical Communications Diabetes Disease Ecology Education Endocrinology
    Engineering European Experimental Health Heart Immunology International Journal Letters Medical Medicine
    Methods Molecular National Nature Neuroscience Nursing Nutrition Pediatrics Physics Physiology Proceedings
    Psychiatry Psychology Public Reports Research Review Reviews Science Sciences Society Surgery Therapy
    Transactions Virology Zoology
    """.split()
)

SINGLE_WORD_JOURNALS = frozenset(
    """
    Nature Science Cell Lancet Blood Brain Gut Heart Neuron Oncogene Circulation Pediatrics Diabetes
    Diabetologia Hypertension Stroke Radiology Chest Thorax Neurology Endocrinology Gastroenterology Hepatology
    Immunity Leukemia Oncotarget Nutrients Sensors Molecules Cells Viruses Toxins Genes Biomolecules Materials
    Polymers Sustainability Water Energies Forests Animals Plants Insects Microorganisms Pathogens Vaccines
    Antibiotics Medicina Healthcare Children Cancers Diagnostics Biomedicines Antioxidants Foods Metabolites
    Pharmaceutics Pharmaceuticals Nanomaterials Catalysts Minerals Atmosphere Genetics Development Evolution
    Ecology Biochemistry Biomaterials Biometrika Biometrics Econometrica Automatica Nanoscale Langmuir
    Macromolecules Neuroimage NeuroImage Pain Sleep Epilepsia Cephalalgia Allergy Gerontologist Addiction
    Pediatrics Obesity Spine Cortex Hippocampus Glia Chromosoma Genomics Proteomics Bioinformatics Mycologia
    Oecologia Ecography Oikos Evolution Parasitology Virology Microbiology Physiology Psychosomatics
    Transplantation Anaesthesia Anesthesiology Urology Ophthalmology Retina Cornea Dermatology Rheumatology
    Arthritis Circulation Resuscitation Injury Burns Surgery Endoscopy Digestion Gut Nephron Kidney Bone
    Osteoporosis Menopause Contraception Fertility Reproduction Placenta Neonatology Andrology Cytokine
    Cytometry Thrombosis Haematologica Transfusion Vaccine Chemosphere Geoderma Geology Tectonophysics
    Icarus Geophysics Science Sciences Entropy Symmetry Mathematics Axioms Algorithms Information Electronics
    Photonics Micromachines Coatings Crystals Processes Fermentation Horticulturae Agronomy Agriculture Land
    Soil Soils Drones Robotics Computers Technologies Universe Galaxies Particles Quantum Fluids Lubricants
    """.split()
)


def is_abbreviation(word: str) -> bool:
    """`word` as printed in a journal name's short form ("Biol", "J", "Lond"), a trailing dot allowed."""
    w = word.rstrip(".")
    return w in ABBREVIATIONS or (len(w) == 1 and w.isupper())


def is_journal_word(word: str) -> bool:
    w = word.rstrip(".,")
    return is_abbreviation(w) or w in JOURNAL_WORDS

# Cities journals are published in, printed after the journal's name in ABNT and older styles
# ("Estudos da Linguagem. Belo Horizonte, v. 21", "Nouvelles Archives du Muséum, Paris 9: 1-591").
PLACES = frozenset(
    """
    Paris London Berlin Madrid Barcelona Lisboa Lisbon Porto Roma Rome Milano Milan Torino Firenze Napoli Wien Vienna
    Zürich Zurich Basel Bern Genève Geneva Geneve Leipzig Stuttgart Heidelberg München Munich Hamburg Frankfurt Amsterdam
    Leiden Utrecht Bruxelles Brussels Oxford Cambridge Edinburgh Dublin Copenhagen København Stockholm Oslo Helsinki
    Moscow Moskva Warszawa Warsaw Praha Prague Budapest Athens Tokyo Kyoto Beijing Shanghai Seoul Delhi Sydney Melbourne
    Toronto Ottawa Montreal Montréal Washington Boston Philadelphia Chicago Baltimore Brasília Brasilia Curitiba Recife
    Salvador Fortaleza Florianópolis Campinas Goiânia Manaus Belém Niterói Natal Maceió Vitória Londrina Maringá Pelotas
    Santiago Bogotá Lima Caracas Quito Montevideo Havana Habana México Mexico Asunción Medellín Córdoba Rosario Mendoza
    """.split()
)
MULTIWORD_PLACES = (
    "Belo Horizonte", "Rio de Janeiro", "São Paulo", "Sao Paulo", "Porto Alegre", "Buenos Aires", "New York", "Ribeirão Preto",
    "João Pessoa", "Juiz de Fora", "Campo Grande", "San Francisco", "Los Angeles", "La Plata", "San José", "Ciudad de México",
    "Santa Maria", "Rio Grande", "Ponta Grossa", "São Carlos", "Cuiabá", "Aracaju", "Teresina", "São Luís",
)
