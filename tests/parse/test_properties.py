"""Property tests: the parser never raises on arbitrary text (except InputError), keeps raw text
exactly, and keeps the numbering as printed."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from refcheck.errors import InputError
from refcheck.parse import parse_entry, parse_text
from refcheck.read import read_bytes

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ALPHABET = st.characters(blacklist_categories=("Cs",))


@FAST
@given(st.text(alphabet=ALPHABET, max_size=400))
def test_parse_entry_never_raises(raw):
    ref = parse_entry(raw, 3)
    assert ref.n == 3 and ref.raw == raw


@FAST
@given(st.text(alphabet=ALPHABET, max_size=2000))
def test_parse_text_only_input_error(text):
    try:
        doc = parse_text(text)
    except InputError as e:
        assert "\n" not in str(e)
        return
    if doc.format in ("text", "markdown"):
        for r in doc.references:
            assert r.raw in text


@FAST
@given(st.binary(max_size=800))
def test_read_bytes_only_input_error(data):
    try:
        read_bytes(data, "x.txt")
    except InputError:
        pass


WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJ ,;:-()éü", min_size=1, max_size=60).filter(
    lambda s: s.strip() and s == s.strip()
)
ENTRY = st.builds(
    lambda a, t, j, y, v: f"{a}. {t}. {j}. {y};{v}:1-9.",
    WORDS, WORDS, WORDS, st.integers(1900, 2030), st.integers(1, 999),
)


@FAST
@given(
    st.integers(1, 50),
    st.lists(ENTRY, min_size=1, max_size=25),
    st.sampled_from(["{n}. ", "  {n}. ", "{n}) ", "[{n}] ", "({n}) "]),
    st.sampled_from(["\n", "\n\n"]),
)
def test_numbering_preserved(start, entries, marker, sep):
    text = sep.join(marker.format(n=start + i) + e for i, e in enumerate(entries)) + "\n"
    doc = parse_text(text)
    assert [r.n for r in doc.references] == list(range(start, start + len(entries)))
    assert [r.raw for r in doc.references] == entries
    for r in doc.references:
        assert r.raw in text
