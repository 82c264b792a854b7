"""The record sources behind one cache: PubMed (NCBI E-utilities), Crossref, and any other
module of this package that exposes `SOURCE` (see `registry` and the `Source` protocol in `base`).

    from refcheck.sources import Cache, Stats, PubMed, Crossref, CitQuery, CitMatch, registry
    cache = Cache(settings); stats = Stats()
    pm = PubMed(settings, cache, stats); cr = Crossref(settings, cache, stats)
    clients = registry.open_all(settings, cache, stats)     # every source, in consulting order

Batch methods answer per item: ``.found`` (item → value), ``.missing`` (the service said
there is no such item) and ``.failed`` (item → SourceError, e.g. OfflineMiss): a failure is
never reported as "missing".
"""

from . import registry
from .base import DoiStatus, Source, Stage
from .batch import Batch, CitMatch, CitQuery
from .cache import Cache
from .crossref import Crossref
from .http import Stats
from .pubmed import PubMed

__all__ = ["Batch", "Cache", "CitMatch", "CitQuery", "Crossref", "DoiStatus", "PubMed", "Source", "Stage",
           "Stats", "registry"]
