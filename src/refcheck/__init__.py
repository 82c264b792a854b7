"""refcheck: check the reference list of a health or science article against PubMed and Crossref."""

__version__ = "0.1.0"
