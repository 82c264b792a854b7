"""Numbered lists with a gap: an excerpt (entries 1–4, then 33–40) keeps every entry apart."""

from __future__ import annotations

from refcheck.parse.split import split_entries


def _entry(i: int) -> str:
    return f"{i}. Okafor N{i}, Lindqvist B. Serum ferritin in cohort {i}. Clin Chem. 2004;{i}:10-15."


def test_a_jump_followed_by_a_run_starts_new_entries():
    text = "\n".join([_entry(i) for i in (1, 2, 3, 4)] + [_entry(i) for i in range(33, 41)])
    entries = split_entries(text, 1)
    assert [e.n for e in entries] == [1, 2, 3, 4, *range(33, 41)]
    assert entries[3].raw == _entry(4)[3:]
    assert entries[4].line == 5


def test_a_number_opening_a_wrapped_line_is_not_an_entry():
    text = (
        "1. Okafor N, Lindqvist B. Serum ferritin in a cohort followed since\n"
        "1990. Clin Chem. 2004;50:10-15.\n"
        "2. Haddad R. Iron stores in pregnancy. BMJ. 2001;322:1-5.\n"
    )
    entries = split_entries(text, 1)
    assert [e.n for e in entries] == [1, 2]
    assert entries[0].raw.endswith("2004;50:10-15.")
