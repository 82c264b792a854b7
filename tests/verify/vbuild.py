"""Hand-built References and Records shaped like the sample list (references.txt) and its records."""

from __future__ import annotations

from dataclasses import replace

from refcheck.model import Person, Record, Reference


def P(family: str, initials: str, given: str | None = None) -> Person:
    return Person(family=family, given=given, initials=initials)


ROONEY = Record(
    source="pubmed", pmid="28655017", doi="10.1001/jama.2017.4712",
    title="Trends in Use of High-Dose Vitamin D Supplements Exceeding 1000 or 4000 International Units Daily, 1999-2014.",
    authors=(P("Rooney", "MR", "Mary R"), P("Harnack", "L"), P("Michos", "ED"), P("Zhao", "D"),
             P("Lutsey", "PL")),
    journal="JAMA", journal_iso="JAMA", journal_nlm="JAMA",
    year=2017, print_date="2017-06-20", volume="317", issue="23", first_page="2448", last_page="2450",
    pub_types=("Journal Article",),
)
ROONEY_REF = Reference(
    n=1,
    raw="Rooney MR, Harnack L, Michos ED, et al. Trends in Use of High-Dose Vitamin D Supplements Exceeding "
        "1000 or 4000 International Units Daily, 1999-2014. JAMA. 2017 Jun 20;317(23):2448-50.",
    authors=("Rooney MR", "Harnack L", "Michos ED"), et_al=True,
    title="Trends in Use of High-Dose Vitamin D Supplements Exceeding 1000 or 4000 International Units Daily, 1999-2014",
    journal="JAMA", year=2017, month=6, day=20, volume="317", issue="23", pages="2448-2450",
)

KHEYRURI = Record(
    source="pubmed", pmid="32959224", doi="10.1007/s12011-020-02409-8",
    title="Randomized Study of the Effects of Vitamin D and Magnesium Co-Supplementation on Muscle Strength and "
          "Function, Body Composition, and Inflammation in Vitamin D-Deficient Middle-Aged Women.",
    authors=(P("Kheyruri", "F"), P("Sarrafzadeh", "J"), P("Hosseini", "AF"), P("Abiri", "B"), P("Vafa", "M")),
    journal="Biological trace element research", journal_iso="Biol Trace Elem Res", journal_nlm="Biol Trace Elem Res",
    year=2021, print_date="2021-07", epub_year=2020, epub_date="2020-09-21",
    volume="199", issue="7", first_page="2505", last_page="2513",
)
KHEYRURI_REF = Reference(
    n=14,
    raw="Kheyruri F, Sarrafzadeh J, Hosseini AF, et al. Randomized Study of the Effects of Vitamin D and Magnesium "
        "Co-Supplementation on Muscle Strength and Function, Body Composition, and Inflammation in Vitamin "
        "D-Deficient Middle-Aged Women. Biol Trace Elem Res. 2020 Sep 21.",
    authors=("Kheyruri F", "Sarrafzadeh J", "Hosseini AF"), et_al=True,
    title="Randomized Study of the Effects of Vitamin D and Magnesium Co-Supplementation on Muscle Strength and "
          "Function, Body Composition, and Inflammation in Vitamin D-Deficient Middle-Aged Women",
    journal="Biol Trace Elem Res", year=2020, month=9, day=21,
)

UWITONZE = Record(
    source="pubmed", pmid="29480903", doi="10.7556/jaoa.2018.037",
    title="Role of Magnesium in Vitamin D Activation and Function.",
    authors=(P("Uwitonze", "AM"), P("Razzaque", "MS")),
    journal="The Journal of the American Osteopathic Association", journal_iso="J Am Osteopath Assoc",
    journal_nlm="J Am Osteopath Assoc",
    year=2018, print_date="2018-03-01", volume="118", issue="3", first_page="181", last_page="189",
)
UWITONZE_REF = Reference(
    n=10,
    raw="Uwitonze AM, Razzaque MS. Role of Magnesium in Vitamin D Activation and Function. J Am Osteopath Assoc. "
        "2018 Mar 1;118(3):181-9.",
    authors=("Uwitonze AM", "Razzaque MS"), title="Role of Magnesium in Vitamin D Activation and Function",
    journal="J Am Osteopath Assoc", year=2018, month=3, day=1, volume="118", issue="3", pages="181-189",
)

ANNWEILER = Record(
    source="pubmed", pmid="27651012", doi="10.1684/pnv.2016.0619",
    title="Vitamin D and cognition in older adults: international consensus guidelines.",
    authors=(P("Annweiler", "C"), P("Dursun", "E"), P("Féron", "F")),
    journal="Geriatrie et psychologie neuropsychiatrie du vieillissement",
    journal_iso="Geriatr Psychol Neuropsychiatr Vieil", journal_nlm="Geriatr Psychol Neuropsychiatr Vieil",
    year=2016, print_date="2016-09-01", volume="14", issue="3", first_page="265", last_page="273",
)

DANIK = Record(
    source="pubmed", pmid="22689029", doi="10.1007/s11936-012-0184-8",
    title="Vitamin D and Cardiovascular Disease",
    authors=(P("Danik", "JS"), P("Manson", "JE")),
    journal="Current treatment options in cardiovascular medicine",
    journal_iso="Curr Treat Options Cardiovasc Med", journal_nlm="Curr Treat Options Cardiovasc Med",
    year=2012, print_date="2012-08", volume="14", issue="4", first_page="414", last_page="424",
)
DANIK_REF = Reference(
    n=15, raw="Danik JS, Manson JE. Vitamin d and cardiovascular disease. Curr Treat Options Cardiovasc Med. 2012 Aug;14(4):414-24.",
    authors=("Danik JS", "Manson JE"), title="Vitamin d and cardiovascular disease.",
    journal="Curr Treat Options Cardiovasc Med", year=2012, month=8, volume="14", issue="4", pages="414-424",
)

AL_ALAWI = Record(
    source="pubmed", pmid="29849626", doi="10.1155/2018/9041694",
    title="Magnesium and Human Health: Perspectives and Research Directions.",
    authors=(P("Al Alawi", "AM"), P("Majoni", "SW"), P("Falhammar", "H")),
    journal="International journal of endocrinology", journal_iso="Int J Endocrinol", journal_nlm="Int J Endocrinol",
    year=2018, print_date="2018", volume="2018", first_page="9041694", article_number="9041694",
)
AL_ALAWI_REF = Reference(
    n=11, raw="Al Alawi AM, Majoni SW, Falhammar H. Magnesium and Human Health: Perspectives and Research Directions. "
              "Int J Endocrinol. 2018;2018:9041694.",
    authors=("Al Alawi AM", "Majoni SW", "Falhammar H"), title="Magnesium and Human Health: Perspectives and Research Directions",
    journal="Int J Endocrinol", year=2018, volume="2018", pages="9041694",
)

VAZQUEZ = Record(
    source="pubmed", pmid="32751591", doi="10.3390/nu12082297",
    title="Response of Vitamin D after Magnesium Intervention in a Postmenopausal Population from the Province of Granada, Spain.",
    authors=(P("Vázquez-Lorente", "H"), P("Herrera-Quintana", "L"), P("Molina-López", "J"), P("Gamarra-Morales", "Y")),
    journal="Nutrients", journal_iso="Nutrients", journal_nlm="Nutrients",
    year=2020, print_date="2020-07-30", volume="12", issue="8", article_number="2297",
)
VAZQUEZ_REF = Reference(
    n=28, raw="Vazquez-Lorente H, Herrera-Quintana L, Molina-Lopez J, et al. Response of Vitamin D after Magnesium "
              "Intervention in a Postmenopausal Population from the Province of Granada, Spain. Nutrients. 2020 Jul 30;12(8).",
    authors=("Vazquez-Lorente H", "Herrera-Quintana L", "Molina-Lopez J"), et_al=True,
    title="Response of Vitamin D after Magnesium Intervention in a Postmenopausal Population from the Province of Granada, Spain",
    journal="Nutrients", year=2020, month=7, day=30, volume="12", issue="8",
)

REDDY = Record(
    source="pubmed", pmid="28902009", doi="10.1097/mjt.0000000000000679",
    title="Magnesium Supplementation in Vitamin D Deficiency.",
    authors=(P("Reddy", "P"), P("Edwards", "LR")),
    journal="American journal of therapeutics", journal_iso="Am J Ther", journal_nlm="Am J Ther",
    year=2019, print_date="2019-01", volume="26", issue="1", first_page="e124", last_page="e132",
)
REDDY_REF = Reference(
    n=20, raw="Reddy P, Edwards LR. Magnesium Supplementation in Vitamin D Deficiency. Am J Ther. 2019 Jan/Feb;26(1):e124-e32.",
    authors=("Reddy P", "Edwards LR"), title="Magnesium Supplementation in Vitamin D Deficiency",
    journal="Am J Ther", year=2019, month=1, volume="26", issue="1", pages="e124-e132",
)


def crossref_of(rec: Record, **kw) -> Record:
    """The Crossref record of the same work (no PMID, full journal title, short title)."""
    return replace(rec, source="crossref", pmid=None, journal_iso=None, journal_nlm=None,
                   short_titles=tuple(x for x in (rec.journal_iso,) if x), **kw)


def ref_from(rec: Record, n: int = 1, **kw) -> Reference:
    """A faithful NLM-style entry built from a record."""
    authors = tuple(f"{p.family} {p.initials}" for p in rec.authors[:3])
    d = dict(
        n=n, raw="", authors=authors, et_al=len(rec.authors) > 3, title=(rec.title or "").rstrip("."),
        journal=rec.journal_nlm or rec.journal, year=rec.year, volume=rec.volume, issue=rec.issue, pages=rec.pages,
    )
    d.update(kw)
    ref = Reference(**d)
    return ref if ref.raw else replace(ref, raw=nlm_raw(ref))




_MON = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def nlm_raw(ref: Reference) -> str:
    """The entry's fields written out as an NLM line, so that its raw text shows what it cites."""
    names = list(ref.authors) + (["et al"] if ref.et_al else [])
    s = ", ".join(names) + ". " if names else ""
    if ref.title:
        t = ref.title.strip()
        s += t + ("" if t[-1:] in ".?!" else ".") + " "
    if ref.journal:
        s += f"{ref.journal}. "
    date = str(ref.year or "")
    if ref.month:
        date += f" {_MON[ref.month - 1]}" + (f" {ref.day}" if ref.day else "")
    s += date
    if ref.volume:
        s += f";{ref.volume}" + (f"({ref.issue})" if ref.issue else "")
    if ref.pages:
        s += (":" if ref.volume else ":") + ref.pages
    s += "."
    if ref.doi:
        s += f" doi: {ref.doi}."
    if ref.pmid:
        s += f" PMID: {ref.pmid}."
    return s


def cite(ref: Reference, **kw) -> Reference:
    """`ref` with some fields changed, its raw text rewritten to show them (as a real entry would)."""
    new = replace(ref, **kw)
    return new if "raw" in kw else replace(new, raw=nlm_raw(new))
