"""The resolver layer's sources: PubMed (NCBI E-utilities) and Crossref, behind one cache.

    from refcheck.sources import Cache, Stats, PubMed, Crossref, CitQuery, CitMatch
    cache = Cache(settings); stats = Stats()
    pm = PubMed(settings, cache, stats); cr = Crossref(settings, cache, stats)

Batch methods answer per item: ``.found`` (item → value), ``.missing`` (the service said
there is no such item) and ``.failed`` (item → SourceError, e.g. OfflineMiss): a failure is
never reported as "missing".
"""

from .batch import Batch, CitMatch, CitQuery
from .cache import Cache
from .crossref import Crossref
from .http import Stats
from .pubmed import PubMed

__all__ = ["Batch", "Cache", "CitMatch", "CitQuery", "Crossref", "PubMed", "Stats"]
