"""Property tests for the style-agnostic reading itself (parse_entry would hide its exceptions)."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from refcheck.parse.generic import parse_generic, read_authors, read_tail, split_tail

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ALPHABET = st.characters(blacklist_categories=("Cs",))
# reference-like soups: names, initials, numbers, labels, punctuation
TOKENS = st.sampled_from(
    ["Smith", "J.", "van", "de", "A.-B.", "et al.", "and", "&", ";", ",", ".", ":", "(", ")", "2019", "1607",
     "12", "3-9", "e123", "vol.", "v.", "n.", "pp.", "p.", "Suppl", "fev", "Jan", "“", "”", "'", "In:", "em:",
     "Phys.", "Rev.", "Nature", "XLI", "41/42", "S0140", "(2019a)", "[doi]", "Group.", "-", "/", "ed."]
)
SOUP = st.lists(TOKENS, max_size=60).map(" ".join)


@FAST
@given(st.one_of(st.text(alphabet=ALPHABET, max_size=400), SOUP))
def test_generic_reading_never_raises(s):
    f = parse_generic(s)
    assert isinstance(f, dict)
    if "year" in f:
        assert 1500 <= f["year"] <= 2099
    authors, _, end, _ = read_authors(s)
    assert 0 <= end <= len(s) and all(isinstance(a, str) and a for a in authors)
    cut = split_tail(s)
    assert 0 <= cut <= len(s)
    assert isinstance(read_tail(s[cut:], False), dict)
