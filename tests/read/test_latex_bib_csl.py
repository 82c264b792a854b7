"""LaTeX (.bbl, .tex with thebibliography or \\cite + .bib), BibTeX with LaTeX decoded, CSL-JSON."""

from __future__ import annotations

import json

import pytest

from refcheck.errors import InputError
from refcheck.parse import parse_document
from refcheck.read import csljson, latex
from refcheck.read.bibtex import read_bibtex
from tests.read import article

# natbib's unsrtnat writes \bibitem[label]{key} with \bibinfo / \newblock / \doi markup
BBL = r"""\begin{thebibliography}{3}
\providecommand{\natexlab}[1]{#1}
\expandafter\ifx\csname urlstyle\endcsname\relax
  \providecommand{\doi}[1]{doi:\discretionary{}{}{}#1}\else
  \providecommand{\doi}{doi:\discretionary{}{}{}\begingroup \urlstyle{rm}\Url}\fi

\bibitem[Rooney et~al.(2017)]{rooney2017}
Mary~R. Rooney, Lisa Harnack, and Erin~D. Michos.
\newblock Trends in use of high-dose vitamin {D} supplements exceeding 1000 or 4000 international units daily, 1999--2014.
\newblock \emph{JAMA}, 317\penalty0 (23):\penalty0 2448--2450, 2017.
\newblock \doi{10.1001/jama.2017.4392}.

\bibitem[Erem et~al.(2019)]{erem2019}
S.~Erem, A.~Atfi, and M.~S. Razzaque.
\newblock Anabolic effects of vitamin {D} and magnesium in aging bone.
\newblock \emph{J Steroid Biochem Mol Biol}, 193:\penalty0 105400, 2019.

\bibitem{who2021}
{World Health Organization}.
\newblock Vitamin {D} fact sheet, 2021.
\newblock URL \url{https://www.who.int/news-room/fact-sheets/detail/vitamin_d%20facts}.

\end{thebibliography}
"""

TEX = r"""\documentclass{article}
\usepackage{natbib}
\begin{document}
Vitamin D use grew \citep{rooney2017}; bone needs magnesium \citet[p.~3]{erem2019,rooney2017}.
% \cite{commented2020} is not a citation
A new key \cite{smith2099}.
\bibliographystyle{unsrtnat}
""" 


def test_bbl_entries_decoded():
    doc = latex.read(BBL.encode(), "paper.bbl")
    parsed = parse_document(doc, "paper.bbl")
    a, b, c = parsed.references
    assert a.raw == ("Mary R. Rooney, Lisa Harnack, and Erin D. Michos. Trends in use of high-dose vitamin D supplements "
                     "exceeding 1000 or 4000 international units daily, 1999\u20132014. JAMA, 317 (23): 2448\u20132450, 2017. "
                     "doi:10.1001/jama.2017.4392.")
    assert a.doi == "10.1001/jama.2017.4392"
    assert b.raw == "S. Erem, A. Atfi, and M. S. Razzaque. Anabolic effects of vitamin D and magnesium in aging bone. J Steroid Biochem Mol Biol, 193: 105400, 2019."
    assert c.url == "https://www.who.int/news-room/fact-sheets/detail/vitamin_d%20facts"
    assert parsed.citations is None  # a bare list: nothing cites


def test_tex_with_thebibliography_and_cites():
    src = TEX + BBL + "\\end{document}\n"
    doc = latex.read(src.encode(), "paper.tex")
    assert any("smith2099 (as 4)" in w for w in doc.warnings)
    parsed = parse_document(doc, "paper.tex")
    assert [r.n for r in parsed.references] == [1, 2, 3]
    assert parsed.citations.cited == (1, 2, 4)
    assert parsed.citations.cited_not_listed == (4,) and parsed.citations.listed_not_cited == (3,)


BIB = r"""@article{rooney2017,
  author = {Rooney, Mary R. and Harnack, Lisa and Michos, Erin D. and others},
  title = {Trends in Use of High-Dose Vitamin {D} Supplements},
  journal = {JAMA}, year = 2017, volume = 317, number = 23, pages = {2448--2450},
  doi = {10.1001/jama.2017.4392}
}
@article{erem2019,
  author = {Erem, S. and Atfi, A. and Razzaque, M. S.},
  title = {Anabolic effects of vitamin {D} and magnesium in aging bone},
  journal = {J Steroid Biochem Mol Biol}, year = {2019}, volume = {193}, pages = {105400}
}
@misc{unused,
  author = {Nobody, N.}, title = {Not cited}, year = {2000}
}
"""


def test_tex_with_bib_beside_it(tmp_path):
    (tmp_path / "refs.bib").write_text(BIB, encoding="utf-8")
    tex = tmp_path / "paper.tex"
    tex.write_text(TEX + "\\bibliography{refs}\n\\end{document}\n", encoding="utf-8")
    doc = latex.read(tex.read_bytes(), str(tex))
    parsed = parse_document(doc, str(tex))
    a, b = parsed.references  # BibTeX prints only what is cited, in order of first citation
    assert (a.n, a.authors, a.et_al, a.pages) == (1, ("Rooney MR", "Harnack L", "Michos ED"), True, "2448-2450")
    assert (b.n, b.authors[-1], b.journal) == (2, "Razzaque MS", "J Steroid Biochem Mol Biol")
    assert parsed.citations.cited == (1, 2, 3) and parsed.citations.cited_not_listed == (3,)
    assert any("smith2099" in w for w in doc.warnings)
    # the compiled .bbl, when there, is the list as printed (order, text); the .bib gives the fields
    (tmp_path / "paper.bbl").write_text(BBL, encoding="utf-8")
    bib_all = BIB + "@misc{who2021, author = {{World Health Organization}}, title = {Vitamin {D} fact sheet}, year = 2021, url = {https://www.who.int/x}}\n"
    (tmp_path / "refs.bib").write_text(bib_all, encoding="utf-8")
    parsed = parse_document(latex.read(tex.read_bytes(), str(tex)), str(tex))
    a, b, c = parsed.references
    assert a.raw.startswith("Mary R. Rooney, Lisa Harnack") and (a.authors[0], a.year, a.volume) == ("Rooney MR", 2017, "317")
    assert (b.year, b.volume, b.pages) == (2019, "193", "105400")
    assert (c.n, c.type, c.authors) == (3, "web", ("World Health Organization",))
    assert parsed.citations.cited == (1, 2, 4) and parsed.citations.listed_not_cited == (3,)


def test_tex_whose_bib_is_missing_says_what_to_do(tmp_path):
    tex = tmp_path / "paper.tex"
    tex.write_text(TEX + "\\bibliography{refs}\n\\end{document}\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"its bibliography refs.bib is not beside it; put the .bib"):
        latex.read(tex.read_bytes(), str(tex))


def test_bibtex_latex_decoded():
    bib = r"""@misc{who,
  author = {{World Health Organization}},
  title = {\emph{Vitamin D} and the caf\'{e} {M}\"{u}ller effect --- a review},
  howpublished = {\url{https://www.who.int/a_b%20c}},
  year = {2021}, urldate = {2021-04-27}
}
@article{gon,
  author = {Gonz{\'a}lez, Jos{\'e} and {\O}stergaard, S{\o}ren and van der Berg, Anna},
  title = {Magnesium~status in {T}ype~2 diabetes},
  journal = {Ann. Nutr. \& Metab.}, year = {2019}, pages = {12--19}, doi = {\url{10.1000/abc_1}}
}"""
    who, gon = read_bibtex(bib, "x.bib")
    assert who.title == "Vitamin D and the caf\u00e9 M\u00fcller effect \u2014 a review"
    assert who.url == "https://www.who.int/a_b%20c" and who.journal is None and who.type == "web"
    assert who.authors == ("World Health Organization",)
    assert gon.authors == ("Gonz\u00e1lez J", "\u00d8stergaard S", "van der Berg A")
    assert gon.title == "Magnesium status in Type 2 diabetes" and gon.journal == "Ann. Nutr. & Metab."
    assert gon.pages == "12-19" and gon.doi == "10.1000/abc_1"


CSL = [
    {"id": "1", "type": "article-journal", "title": "Magnesium, vitamin D status and mortality",
     "container-title": "BMC Medicine", "author": [{"family": "Deng", "given": "Xinqing"}, {"family": "Song", "given": "Yiqing"}],
     "issued": {"date-parts": [["2013", "8", "27"]]}, "volume": "11", "page": "187", "DOI": "10.1186/1741-7015-11-187", "PMID": "23981518"},
    {"id": "2", "type": "book", "title": "Vitamin D", "publisher": "Humana Press", "author": [{"literal": "PRISMA Group"}],
     "issued": {"raw": "2010"}},
    {"id": "3", "type": "webpage", "title": "Magnesium fact sheet", "container-title": "NIH ODS", "URL": "https://ods.od.nih.gov/mg",
     "accessed": {"date-parts": [[2021, 4, 27]]}, "issued": {"date-parts": [[2021]]}},
    {"id": "4", "type": "chapter", "title": "Magnesium", "container-title": "Modern Nutrition", "page": "159\u201375",
     "author": [{"family": "Berg", "given": "Anna", "non-dropping-particle": "van der"}], "issued": {"date-parts": [[2012]]}},
]


@pytest.mark.parametrize("wrap", [lambda x: x, lambda x: {"items": x}])
def test_csljson(wrap):
    data = json.dumps(wrap(CSL)).encode()
    assert csljson.sniff(data, "library.json")
    refs = csljson.read(data, "library.json").references
    a, b, c, d = refs
    assert (a.authors, a.title, a.journal, a.year, a.month, a.day, a.volume, a.pages, a.doi, a.pmid, a.type) == (
        ("Deng X", "Song Y"), "Magnesium, vitamin D status and mortality", "BMC Medicine", 2013, 8, 27, "11", "187",
        "10.1186/1741-7015-11-187", "23981518", "journal")
    assert a.raw.startswith("Deng X, Song Y. Magnesium, vitamin D status and mortality. BMC Medicine. 2013;11:187.")
    assert (b.type, b.authors, b.year, b.publisher) == ("book", ("PRISMA Group",), 2010, "Humana Press")
    assert (c.type, c.url, c.accessed) == ("web", "https://ods.od.nih.gov/mg", "2021-04-27")
    assert (d.type, d.pages, d.authors) == ("chapter", "159-175", ("van der Berg A",))


def test_csljson_refusals():
    with pytest.raises(InputError, match="not CSL-JSON"):
        csljson.read(b'{"name": "package", "version": "1.0"}', "package.json")
    with pytest.raises(InputError, match="not valid JSON"):
        csljson.read(b'[{"title": "x",', "broken.json")
    with pytest.raises(InputError, match="nested too deeply"):
        csljson.read(b"[" * 100000 + b"]" * 100000, "deep.json")


def test_sample_list_as_csljson_and_bib_gives_the_text_fields():
    """The sample list exported the way Zotero would (CSL-JSON) reads to the text version's fields."""
    from refcheck.parse import parse_text

    text = parse_text(article.to_text(article.blocks(with_dois=True)), "a.txt").references
    items = []
    for r in text:
        it = {"id": str(r.n), "type": "article-journal" if r.type == "journal" else "webpage", "title": r.title,
              "container-title": r.journal, "author": [{"family": a.rsplit(" ", 1)[0], "given": a.rsplit(" ", 1)[-1]} for a in r.authors],
              "volume": r.volume, "issue": r.issue, "page": r.pages, "DOI": r.doi}
        if r.year:
            it["issued"] = {"date-parts": [[x for x in (r.year, r.month, r.day) if x]]}
        items.append({k: v for k, v in it.items() if v})
    refs = csljson.read(json.dumps(items).encode(), "sample.json").references
    keys = ("authors", "title", "journal", "year", "volume", "issue", "pages", "doi")
    assert len(refs) == 40
    for got, want in zip(refs, text):
        assert {k: getattr(got, k) for k in keys} == {k: getattr(want, k) for k in keys}
