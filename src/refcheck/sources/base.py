"""What a record source is to the resolver: the `Source` protocol and the shapes it answers in.

A source (PubMed, Crossref, a local mirror with no HTTP at all…) is asked three things, each
for a whole reference list at once so that it can batch:

- `lookup(kind, ids)`: the records of cited identifiers ("pmid", "doi") among `kinds`;
  a source that is the registrar of a kind (`registrar_of`) is asked first, and its "no such
  item" (`Batch.missing`) means the identifier does not exist;
- `stages()`: its ways of searching for entries no identifier settled, each with a cost: the
  resolver runs every source's stages cheapest first, each only on what is still unsettled;
- `status(dois, have)`: notices (retractions, corrections…) about identified DOIs that its
  records alone do not carry.

A failure is a `SourceError` in `Batch.failed`, never an absence: the resolver turns it into
`Lookup.failed` (→ `unavailable`), never into `not-found`. `name` is what records, lookups and
cache keys call the source; `label` is what people read; `identity(settings)` names what decides
its answers (its base URL), for cache identity and batch fingerprints.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Literal, Protocol

from ..model import Record, Reference, Update
from .batch import Batch

if TYPE_CHECKING:
    from ..settings import Settings
    from .cache import Cache, NullCache
    from .http import Stats

IdKind = Literal["pmid", "doi"]
ID_KINDS: tuple[IdKind, ...] = ("pmid", "doi")  # the order the resolver asks them in


@dataclass(frozen=True)
class Stage:
    """One way a source searches for entries: run by the resolver in `cost` order.

    `run` gets the entries the stage `wants` among those still unsettled and answers a Batch
    keyed by their position in that sequence as a string ("0", "1"…): `found[k]` the candidate
    records for that entry (in the order they should be considered), `failed[k]` a lookup for it
    failed. An entry may be in both (some of its lookups failed, others found records).
    """

    name: str  # what the progress line says while it runs: "title search"
    cost: float  # cheaper stages run first (identifier lookups, cost 0, always come before)
    run: Callable[[Sequence[Reference]], Batch[list[Record]]]
    wants: Callable[[Reference], bool] = lambda ref: True
    # A broad index (OpenAlex): a third opinion, asked only about entries no earlier source
    # failed for; an entry it answered for is noted in `Lookup.consulted`, so that "nothing fits"
    # counts as evidence even for kinds PubMed and Crossref do not index.
    broad: bool = False


@dataclass(frozen=True)
class Registered:
    """A DOI some registration agency registered: which one, and its record where one was read.

    The answer of the optional `registration(dois) -> Batch[Registered]` a source may offer (the
    DOI system): the resolver asks it only for cited DOIs no registrar holds. `found`: registered
    (`agency` "" when the handle exists but no agency was named); `missing`: no agency registered
    it (the DOI does not exist); `failed`: unknown.
    """

    agency: str  # "Crossref", "DataCite", "mEDRA", …
    record: Record | None = None  # e.g. DataCite's record of a DataCite DOI


@dataclass(frozen=True)
class DoiStatus:
    """What a source knows of one DOI's standing: its record and notices found apart from it."""

    record: Record | None = None  # the source's record of the DOI (fetched, or already in hand)
    notices: tuple[Update, ...] = ()  # notices about the DOI not carried by `record`


class Source(Protocol):
    """A record source, as the resolver sees it. Instances are thread-safe and closed once."""

    name: ClassVar[str]  # "pubmed": Record.source, Lookup.failed, cache-key prefix
    label: ClassVar[str]  # "PubMed": what reports and messages call it
    kinds: ClassVar[tuple[IdKind, ...]]  # identifiers it can look up
    registrar_of: ClassVar[tuple[IdKind, ...]]  # kinds whose absence here means "no such id"
    # labels of the notice sources its records name (Update.source): {"publisher": "…"}
    notice_labels: ClassVar[Mapping[str, str]]

    def __init__(self, settings: Settings, cache: Cache | NullCache, stats: Stats | None = None) -> None: ...

    @classmethod
    def identity(cls, settings: Settings) -> dict[str, str]:
        """What decides this source's answers (e.g. {"eutils_url": …}); never a secret."""
        ...

    def lookup(self, kind: IdKind, ids: Sequence[str]) -> Batch[Record]:
        """Records by identifier, keyed by the identifiers as given (normalised)."""
        ...

    def stages(self) -> Sequence[Stage]:
        """Its searches, for entries the identifiers did not settle (may be empty)."""
        ...

    def status(self, dois: Sequence[str], have: Mapping[str, Record]) -> Batch[DoiStatus]:
        """Standing of identified DOIs; `have` holds this source's records already in hand."""
        ...

    def close(self) -> None: ...
