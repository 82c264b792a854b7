"""Reference + candidate Records → the record it names, how sure we are, and whether it is ambiguous.

The steps, one module each:
- `text`: titles folded for comparing (markup, case, diacritics, spelling variants);
- `names`: author names (initials, particles, compound surnames, transliterations, group authors);
- `compare`: one record against one entry field by field, and the weighted `score` (identifiers
  excluded, so the verifier can still ask "does the rest of the entry name the work the DOI names?");
- `merge`: the records of one work (same DOI, same PMID, or across sources the same title, first
  author and year) united into one Record, so a PubMed and a Crossref record count once;
- `rank`: candidate works ranked (cited identifiers as evidence on top of the score), the best,
  and whether two works tie.

Everything is re-exported here: `from refcheck.match import choose` keeps working.
"""

from .compare import (
    MISSING_WEIGHT, WEIGHTS, Scored, issue_agrees, journal_names, pages_agree, score, volume_agrees,
    years_of,
)
from .merge import SAME_TITLE, group, merge, merge_updates, same_work, sources_of
from .names import (
    Author, author_similarity, cited_authors, initials_agree, parse_author, person_author, record_authors,
    same_collective, same_surname,
)
from .rank import (
    AMBIGUITY_MARGIN, CONFIDENT, ID_BONUS, ID_SUPPORT_FLOOR, MATCH_THRESHOLD, Choice, Ranked, ambiguous_pair,
    choose, cites_notice, rank,
)
from .text import fold_name, strip_markup, title_key, title_similarity

__all__ = [
    "AMBIGUITY_MARGIN", "CONFIDENT", "ID_BONUS", "ID_SUPPORT_FLOOR", "MATCH_THRESHOLD", "MISSING_WEIGHT", "SAME_TITLE",
    "WEIGHTS", "Author", "Choice", "Ranked", "Scored", "ambiguous_pair", "author_similarity", "choose",
    "cited_authors", "cites_notice", "fold_name", "group", "initials_agree", "issue_agrees",
    "journal_names", "merge", "merge_updates", "pages_agree", "parse_author", "person_author", "rank",
    "record_authors", "same_collective", "same_surname", "same_work", "score", "sources_of", "strip_markup",
    "title_key", "title_similarity", "volume_agrees", "years_of",
]
