"""Authors in full: every cited author is checked, not only the first (issue 12, item 3)."""

from __future__ import annotations

from dataclasses import replace

from tests.verify.vbuild import P, ROONEY, ROONEY_REF, cite

from refcheck.model import Lookup
from refcheck.parse import parse_entry
from refcheck.verify import verify_reference

TAIL = ("Trends in Use of High-Dose Vitamin D Supplements Exceeding 1000 or 4000 International Units Daily, "
        "1999-2014. JAMA. 2017;317(23):2448-50.")


def run(authors: str, rec=ROONEY):
    v = verify_reference(parse_entry(f"{authors}. {TAIL}", 1), Lookup(candidates=(rec,)))
    assert v.match is not None, v.findings
    return v


def test_all_authors_in_order_raise_nothing():
    assert run("Rooney MR, Harnack L, Michos ED, Zhao D, Lutsey PL").findings == ()
    assert run("Rooney MR, Harnack L, Michos ED, et al").findings == ()


def test_a_cited_author_not_in_the_record_is_an_error_wherever_they_stand():
    for names in ("Rooney MR, Harnack L, Michos ED, Smith JK, Lutsey PL", "Rooney MR, Harnack L, Smith JK, et al"):
        v = run(names)
        assert [f.code for f in v.findings] == ["author-mismatch"]
        f = v.findings[0]
        assert f.severity == "error" and "Smith JK" in f.message and v.status == "error"


def test_authors_in_another_order_is_a_warning():
    v = run("Rooney MR, Michos ED, Harnack L, Zhao D, Lutsey PL")
    f, = v.findings
    assert (f.code, f.severity) == ("author-mismatch", "warning") and "another order" in f.message
    assert v.suggestion and v.suggestion.startswith("Rooney MR, Harnack L, Michos ED")


def test_authors_left_out_without_et_al_is_a_warning():
    v = run("Rooney MR, Harnack L, Lutsey PL")  # Michos and Zhao dropped from the middle, no "et al."
    f, = v.findings
    assert (f.code, f.severity) == ("author-mismatch", "warning")
    assert "2 of the record's 5 authors left out" in f.message and "Michos ED" in f.message


def test_transliteration_particles_compound_and_name_order():
    rec = replace(ROONEY, authors=(P("Müller", "HJ", "Hans Jürgen"), P("van der Berg", "A", "Anna"),
                                   P("García-Márquez", "G", "Gabriel"), P("Al-Farsi", "Y", "Yusuf")))
    for names in ("Mueller HJ, van der Berg A, García-Márquez G, Al-Farsi Y",
                  "Muller HJ, Berg A, Garcia Marquez G, Al Farsi Y",
                  "Müller, H. J., van der Berg, A., García-Márquez, G., & Al-Farsi, Y",
                  "Hans Jürgen Müller, Anna van der Berg, Gabriel García-Márquez, Yusuf Al-Farsi",
                  "Muller HJ, Van Der Berg A, Garcia G, AlFarsi Y"):
        assert run(names, rec).findings == (), names


def test_placeholder_looking_names_are_no_reason_by_themselves():
    rec = replace(ROONEY, authors=(P("Doe", "J", "John"), P("Test", "A", "Alice")))
    assert run("Doe J, Test A", rec).findings == ()
    v = run("Doe J, Test A, Sample B", rec)
    assert [f.code for f in v.findings] == ["author-mismatch"] and "Sample B" in v.findings[0].message


def test_hand_built_entry_omitting_an_author():
    ref = cite(ROONEY_REF, authors=("Rooney MR", "Harnack L", "Michos ED", "Zhao D"), et_al=False)
    f, = verify_reference(ref, Lookup(candidates=(ROONEY,))).findings
    assert f.severity == "warning" and "Lutsey PL" in f.message
