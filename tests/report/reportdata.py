"""Reports built by hand for the renderer tests (no parsing, no network).

`sample_report()` resembles the sample `references.txt`: 40 entries, entry 7 an incomplete web
reference (error), entries 14, 35 and 40 ahead-of-print (warning), every other entry matched and
ok. `rich_report()` adds findings of other codes (mismatches with cited/found, a retraction with
notice links, a correction, a not-indexed entry, a raw text holding `<script>`) and citations.
"""

from __future__ import annotations

import re

from refcheck.model import Citations, Finding, Match, Person, Record, Reference, Report, Verdict
from refcheck.verify import document_findings

SAMPLE = [
    "Rooney MR, Harnack L, Michos ED, et al. Trends in Use of High-Dose Vitamin D Supplements Exceeding 1000 or 4000 International Units Daily, 1999-2014. JAMA. 2017 Jun 20;317(23):2448-50.",
    "Cannell JJ, Hollis BW. Use of vitamin D in clinical practice. Altern Med Rev. 2008 Mar;13(1):6-20.",
    "Hansdottir S, Monick MM, Hinde SL, et al. Respiratory epithelial cells convert inactive vitamin D to its active form: potential effects on host defense. J Immunol. 2008 Nov 15;181(10):7090-9.",
    "Dai Q, Zhu X, Manson JE, et al. Magnesium status and supplementation influence vitamin D status and metabolism: results from a randomized trial. Am J Clin Nutr. 2018 Dec 1;108(6):1249-58.",
    "Workinger JL, Doyle RP, Bortz J. Challenges in the Diagnosis of Magnesium Status. Nutrients. 2018 Sep 1;10(9):1202.",
    "Deng X, Song Y, Manson JE, et al. Magnesium, vitamin D status and mortality: results from US National Health and Nutrition Examination Survey (NHANES) 2001 to 2006 and NHANES III. BMC Med. 2013 Aug 27;11:187.",
    "Available at: Accessed April 27, 2021.",
    "Rosanoff A, Dai Q, Shapses SA. Essential Nutrient Interactions: Does Low or Suboptimal Magnesium Status Interact with Vitamin D and/or Calcium Status? Adv Nutr. 2016 Jan;7(1):25-43.",
    "Erem S, Atfi A, Razzaque MS. Anabolic effects of vitamin D and magnesium in aging bone. J Steroid Biochem Mol Biol. 2019 Oct;193:105400.",
    "Uwitonze AM, Razzaque MS. Role of Magnesium in Vitamin D Activation and Function. J Am Osteopath Assoc. 2018 Mar 1;118(3):181-9.",
    "Al Alawi AM, Majoni SW, Falhammar H. Magnesium and Human Health: Perspectives and Research Directions. Int J Endocrinol. 2018;2018:9041694.",
    "Farhanghi MA, Mahboob S, Ostadrahimi A. Obesity induced magnesium deficiency can be treated by vitamin D supplementation. J Pak Med Assoc. 2009 Apr;59(4):258-61.",
    "Abiri B, Vafa M. Effects of vitamin D and/or magnesium supplementation on mood, serum levels of BDNF, inflammatory biomarkers, and SIRT1 in obese women: a study protocol for a double-blind, randomized, placebo-controlled trial. Trials. 2020 Feb 26;21(1):225.",
    "Kheyruri F, Sarrafzadeh J, Hosseini AF, et al. Randomized Study of the Effects of Vitamin D and Magnesium Co-Supplementation on Muscle Strength and Function, Body Composition, and Inflammation in Vitamin D-Deficient Middle-Aged Women. Biol Trace Elem Res. 2020 Sep 21.",
    "Danik JS, Manson JE. Vitamin d and cardiovascular disease. Curr Treat Options Cardiovasc Med. 2012 Aug;14(4):414-24.",
    "Meehan M, Penckofer S. The Role of Vitamin D in the Aging Adult. J Aging Gerontol. 2014 Dec;2(2):60-71.",
    "Bennett AL, Lavie CJ. Vitamin D Metabolism and the Implications for Atherosclerosis. Adv Exp Med Biol. 2017;996:185-92.",
    "Annweiler C, Dursun E, Feron F, et al. Vitamin D and cognition in older adults: international consensus guidelines. Geriatr Psychol Neuropsychiatr Vieil. 2016 Sep 1;14(3):265-73.",
    "Razzaque MS. Magnesium: Are We Consuming Enough? Nutrients. 2018 Dec 2;10(12):1863.",
    "Reddy P, Edwards LR. Magnesium Supplementation in Vitamin D Deficiency. Am J Ther. 2019 Jan/Feb;26(1):e124-e32.",
    "Wintermeyer E, Ihle C, Ehnert S, et al. Crucial Role of Vitamin D in the Musculoskeletal System. Nutrients. 2016 Jun 1;8(6).",
    "Khundmiri SJ, Murray RD, Lederer E. PTH and Vitamin D. Compr Physiol. 2016 Mar 15;6(2):561-601.",
    "Underland L, Markowitz M, Gensure R. Calcium and Phosphate Hormones: Vitamin D, Parathyroid Hormone, and Fibroblast Growth Factor 23. Pediatr Rev. 2020 Jan;41(1):3-11.",
    "Heaney RP. Vitamin D in health and disease. Clin J Am Soc Nephrol. 2008 Sep;3(5):1535-41.",
    "Saponaro F, Saba A, Zucchi R. An Update on Vitamin D Metabolism. Int J Mol Sci. 2020 Sep 8;21(18):6573.",
    "Gallagher JC. Vitamin D and aging. Endocrinol Metab Clin North Am. 2013 Jun;42(2):319-32.",
    "Mursu J, Nurmi T, Voutilainen S, et al. The association between serum 25-hydroxyvitamin D3 concentration and risk of disease death in men: modification by magnesium intake. Eur J Epidemiol. 2015 Apr;30(4):343-7.",
    "Vazquez-Lorente H, Herrera-Quintana L, Molina-Lopez J, et al. Response of Vitamin D after Magnesium Intervention in a Postmenopausal Population from the Province of Granada, Spain. Nutrients. 2020 Jul 30;12(8).",
    "Uwitonze AM, Rahman S, Ojeh N, et al. Oral manifestations of magnesium and vitamin D inadequacy. J Steroid Biochem Mol Biol. 2020 Jun;200:105636.",
    "Uwitonze AM, Murererehe J, Ineza MC, et al. Effects of vitamin D status on oral health. J Steroid Biochem Mol Biol. 2018 Jan;175:190-4.",
    "Nastri L, Moretti A, Migliaccio S, et al. Do Dietary Supplements and Nutraceuticals Have Effects on Dental Implant Osseointegration? A Scoping Review. Nutrients. 2020 Jan 20;12(1).",
    "Meisel P, Schwahn C, Luedemann J, et al. Magnesium deficiency is associated with periodontal disease. J Dent Res. 2005 Oct;84(10):937-41.",
    "Cruz-Jentoft AJ, Bahat G, Bauer J, et al. Sarcopenia: revised European consensus on definition and diagnosis. Age Ageing. 2019 Jan 1;48(1):16-31.",
    "Cruz-Jentoft AJ, Dawson Hughes B, Scott D, et al. Nutritional strategies for maintaining muscle mass and strength from middle age to later life: A narrative review. Maturitas. 2020 Feb;132:57-64.",
    "Palacios C, Perez CM, Gonzalez-Sepulveda L, et al. Vitamin D, Calcium, Magnesium, and Potassium Consumption and Markers of Glucose Metabolism in the Hispanic Community Health Study/Study of Latinos. J Am Coll Nutr. 2020 Nov 30:1-10.",
    "Gandhe MB, Jain K, Gandhe SM. Evaluation of 25(OH) Vitamin D3 with Reference to Magnesium Status and Insulin Resistance in T2DM. J Clin Diagn Res. 2013 Nov;7(11):2438-41.",
    "Kostov K. Effects of Magnesium Deficiency on Mechanisms of Insulin Resistance in Type 2 Diabetes: Focusing on the Processes of Insulin Secretion and Signaling. Int J Mol Sci. 2019 Mar 18;20(6):1351.",
    "Rude RK, Adams JS, Ryzen E, et al. Low serum concentrations of 1,25-dihydroxyvitamin D in human magnesium deficiency. J Clin Endocrinol Metab. 1985 Nov;61(5):933-40.",
    "Fatemi S, Ryzen E, Flores J, et al. Effect of experimental human magnesium depletion on parathyroid hormone secretion and 1,25-dihydroxyvitamin D metabolism. J Clin Endocrinol Metab. 1991 Nov;73(5):1067-72.",
    "Hiemstra T, Lim K, Thadhani R, et al. Vitamin D and Atherosclerotic Cardiovascular Disease. J Clin Endocrinol Metab. 2019 Apr 4.",
]

# "Authors. Title. Journal. Year ...;vol(issue):pages." — good enough for hand-made test data.
_VANC = re.compile(
    r"^(?P<authors>[^.]+)\.\s+(?P<title>.+?[.?])\s+(?P<journal>[A-Z][^.]*)\.\s+(?P<year>\d{4})[^;:]*"
    r"(?:;(?P<volume>[^(:.]+)?(?:\((?P<issue>[^)]+)\))?)?(?::(?P<pages>[^.]+))?\.?$"
)

AHEAD = {14: ("Biol Trace Elem Res", "199", "7", "2479-2488", 2021, 2020),
         35: ("J Am Coll Nutr", "40", "7", "609-616", 2021, 2020),
         40: ("J Clin Endocrinol Metab", "104", "10", "4533-4542", 2019, 2019)}  # fmt: skip


def expand(pages: str | None) -> str | None:
    if not pages or "-" not in pages:
        return pages
    a, b = pages.split("-", 1)
    pre = re.match(r"[A-Za-z]*", a).group(0)
    da, db = a[len(pre):], b.lstrip(pre) if b.startswith(pre) else b
    if len(db) < len(da):
        db = da[: len(da) - len(db)] + db
    return f"{pre}{da}-{pre}{db}"


def reference(n: int, raw: str) -> Reference:
    m = _VANC.match(raw)
    if not m:
        return Reference(n=n, raw=raw, year=2021 if "2021" in raw else None, type="web")
    names = [a.strip() for a in m["authors"].split(",")]
    et_al = names[-1] == "et al"
    names = [a for a in names if a != "et al"]
    return Reference(
        n=n,
        raw=raw,
        authors=tuple(names),
        et_al=et_al,
        title=m["title"].rstrip("."),
        journal=m["journal"],
        year=int(m["year"]),
        volume=m["volume"],
        issue=m["issue"],
        pages=expand(m["pages"]),
        line=n,
    )


def record_for(ref: Reference, **over) -> Record:
    persons = tuple(Person(family=a.rsplit(" ", 1)[0], initials=a.rsplit(" ", 1)[-1]) for a in ref.authors)
    first, _, last = (ref.pages or "").partition("-")
    kw = dict(
        source="pubmed",
        pmid=str(28600000 + ref.n),
        doi=f"10.1000/sample.{ref.n}",
        title=ref.title,
        authors=persons,
        journal=ref.journal,
        journal_nlm=ref.journal,
        year=ref.year,
        volume=ref.volume,
        issue=ref.issue,
        first_page=first or None,
        last_page=last or None,
    )
    kw.update(over)
    return Record(**kw)


def match_for(ref: Reference, **over) -> Match:
    return Match(record=record_for(ref, **over), confidence=0.97, sources=("pubmed", "crossref"))


def sample_verdicts() -> dict[int, Verdict]:
    out: dict[int, Verdict] = {}
    for n, raw in enumerate(SAMPLE, 1):
        ref = reference(n, raw)
        if n == 7:
            out[n] = Verdict(
                reference=ref,
                findings=(Finding.make("incomplete", "web reference without a URL or title", field="url"),),
            )
        elif n in AHEAD:
            journal, vol, iss, pages, year, epub = AHEAD[n]
            first, last = pages.split("-")
            m = match_for(ref, year=year, epub_year=epub, volume=vol, issue=iss, first_page=first, last_page=last)
            authors = ", ".join(ref.authors) + (", et al" if ref.et_al else "")
            out[n] = Verdict(
                reference=ref,
                match=m,
                findings=(
                    Finding.make(
                        "ahead-of-print",
                        "cited as online-first; the final version has volume, issue and pages",
                        field="pages",
                        cited=f"{ref.year} (online)",
                        found=f"{year};{vol}({iss}):{pages}",
                    ),
                ),
                suggestion=f"{authors}. {ref.title}. {journal}. {year};{vol}({iss}):{pages}.",
            )
        else:
            out[n] = Verdict(reference=ref, match=match_for(ref))
    return out


def sample_report() -> Report:
    return Report(source="references.txt", verdicts=tuple(sample_verdicts().values()))


def rich_report() -> Report:
    vs = sample_verdicts()
    r3 = vs[3].reference
    vs[3] = Verdict(
        reference=r3,
        match=match_for(r3, year=2009),
        findings=(Finding.make("year-mismatch", "the record was published in 2009", field="year", cited="2008", found="2009"),),
        suggestion="Hansdottir S, Monick MM, Hinde SL, et al. Respiratory epithelial cells convert inactive vitamin D "
        "to its active form: potential effects on host defense. J Immunol. 2009 Nov 15;181(10):7090-9.",
    )
    r12 = vs[12].reference
    vs[12] = Verdict(
        reference=r12,
        match=match_for(r12),
        findings=(
            Finding.make(
                "retracted",
                "this article was retracted in 2021",
                details={"notice_doi": "10.1000/retraction.12", "notice_pmid": "34000012"},
            ),
        ),
    )
    r22 = vs[22].reference
    vs[22] = Verdict(
        reference=r22,
        match=match_for(r22),
        findings=(
            Finding.make(
                "corrected",
                "an erratum was published for this article",
                details={"notice_doi": "10.1000/erratum.22"},
            ),
        ),
    )
    r25 = vs[25].reference
    vs[25] = Verdict(
        reference=r25,
        match=match_for(r25, volume="22", first_page="6574", last_page=None),
        findings=(
            Finding.make("volume-mismatch", "cited volume 21, the record says 22", field="volume", cited="21", found="22"),
            Finding.make("pages-mismatch", "cited page 6573, the record says 6574", field="pages", cited="6573", found="6574"),
        ),
    )
    vs[41] = Verdict(
        reference=Reference(
            n=41,
            raw='World Health Organization. Vitamin D <script>alert("x")</script> & "supplements" fact sheet. '
            "https://www.who.int/vitamin-d. Accessed May 2, 2021.",
            title='Vitamin D <script>alert("x")</script> & "supplements" fact sheet',
            authors=("World Health Organization",),
            url="https://www.who.int/vitamin-d",
            accessed="2021-05-02",
            type="web",
        ),
        findings=(Finding.make("not-indexed", "a web page: neither PubMed nor Crossref indexes it"),),
    )
    citations = Citations(cited=tuple(range(1, 41)) + (42,), cited_not_listed=(42,), listed_not_cited=(41,))
    return Report(
        source="article.md",
        verdicts=tuple(vs[k] for k in sorted(vs)),
        citations=citations,
        warnings=("2 entries were joined from continuation lines",),
        findings=document_findings(citations),  # verify's `missing` for 42, as verify_document adds it
    )

