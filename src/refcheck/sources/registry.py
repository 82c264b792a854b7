"""The record sources: every module of `refcheck.sources` that exposes `SOURCE`, plus any added.

A new source is one module in `refcheck/sources/` ending in

    SOURCE = MySource          # a class implementing refcheck.sources.base.Source

(and its loopback fake in tests/fakes). Nothing else is edited: the resolver asks `open_all`,
reports and messages ask `label`, batch runs ask `identity`. `register` adds a source from
outside the package (a test's toy source, a local mirror) and `unregister` takes it away.

Order matters where two sources answer the same thing (which record is considered first):
sources are kept in `order` (lower first), then by name; PubMed is 10, Crossref 20.
"""

from __future__ import annotations

import importlib
import logging
import os
import pkgutil
import threading
from collections.abc import Iterable
from typing import TYPE_CHECKING

from .base import Source

if TYPE_CHECKING:
    from ..settings import Settings
    from .cache import Cache, NullCache
    from .http import Stats

log = logging.getLogger(__name__)
_HERE = os.path.dirname(os.path.abspath(__file__))
_PACKAGE = __name__.rpartition(".")[0]
_NOT_SOURCES = {"base", "registry", "batch", "cache", "http", "ratelimit"}  # the machinery

_lock = threading.Lock()
_found: dict[str, type[Source]] | None = None
_added: dict[str, type[Source]] = {}


def _discover() -> dict[str, type[Source]]:
    """Every module of the package that defines SOURCE, imported once."""
    global _found
    with _lock:
        if _found is None:
            found: dict[str, type[Source]] = {}
            for info in sorted(pkgutil.iter_modules([_HERE]), key=lambda i: i.name):
                if info.name.startswith("_") or info.name in _NOT_SOURCES:
                    continue
                module = importlib.import_module(f"{_PACKAGE}.{info.name}")
                cls = getattr(module, "SOURCE", None)
                if cls is not None:
                    found[cls.name] = cls
            _found = found
        return _found


def register(cls: type[Source]) -> type[Source]:
    """Add (or replace) a source from outside the package; usable as a class decorator."""
    global _ordered
    _added[cls.name] = cls
    _ordered = None
    return cls


def unregister(name: str) -> None:
    global _ordered
    _added.pop(name, None)
    _ordered = None


_ordered: tuple[type[Source], ...] | None = None


def sources() -> tuple[type[Source], ...]:
    """Every source, in the order the resolver consults them."""
    global _ordered
    if _ordered is None:
        merged = {**_discover(), **_added}
        _ordered = tuple(sorted(merged.values(), key=lambda c: (getattr(c, "order", 50), c.name)))
    return _ordered


def names() -> tuple[str, ...]:
    return tuple(c.name for c in sources())


def get(name: str) -> type[Source] | None:
    return next((c for c in sources() if c.name == name), None)


def label(name: str) -> str:
    """What people call a source, or a notice source its records name; unknown names as given."""
    cls = get(name)
    if cls is not None:
        return cls.label
    for c in sources():
        if name in c.notice_labels:
            return c.notice_labels[name]
    return name


def join_labels(names_: Iterable[str] | None = None) -> str:
    """Labels of the given names (default: every source) for a sentence: "PubMed and Crossref"."""
    items = [label(n) for n in (names() if names_ is None else names_)]
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def rank(name: str) -> int:
    """A source's place in the consulting order (unknown names last): merges prefer the first."""
    order = names()
    return order.index(name) if name in order else len(order) + 9


def identity(settings: Settings) -> dict[str, str]:
    """What decides every source's answers, merged in order: cache identity, batch fingerprints."""
    out: dict[str, str] = {}
    for c in sources():
        out.update(c.identity(settings))
    return out


def open_all(settings: Settings, cache: Cache | NullCache, stats: Stats | None = None) -> list[Source]:
    """One open client per source, in consulting order (the caller closes each)."""
    return [c(settings, cache, stats) for c in sources()]
