"""Batch answers and the per-item cache walk shared by both clients."""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Generic, Iterable, Literal, TypeVar

from ..errors import OfflineMiss, SourceError
from .cache import Cache, Entry
from .http import Stats

if TYPE_CHECKING:
    from ..settings import Settings

log = logging.getLogger("refcheck.sources")

T = TypeVar("T")


@dataclass
class Batch(Generic[T]):
    """The answer for many items at once.

    found:   item → value
    missing: the service said there is no such item (a real "no")
    failed:  item → SourceError (service failure, or OfflineMiss): nothing is known
    """

    found: dict[str, T] = field(default_factory=dict)
    missing: set[str] = field(default_factory=set)
    failed: dict[str, SourceError] = field(default_factory=dict)

    def __contains__(self, item: str) -> bool:
        return item in self.found or item in self.missing or item in self.failed

    def get(self, item: str, default: T | None = None) -> T | None:
        return self.found.get(item, default)


@dataclass(frozen=True)
class CitQuery:
    """One citation for ecitmatch. `key` is the caller's; it comes back in Batch[CitMatch]."""

    key: str
    journal: str | None = None
    year: int | str | None = None
    volume: str | None = None
    first_page: str | None = None
    author: str | None = None  # "mann bj": first author's family name and initials


@dataclass(frozen=True)
class CitMatch:
    pmid: str | None
    status: Literal["found", "not_found", "ambiguous", "invalid_journal"]


# An item's answer as a fetcher gives it: ("found", value, kind) or ("missing", None, "negative")
Answer = tuple[str, Any, str]


def run_batch(
    *,
    service: str,
    items: Iterable[str],
    key_of: Callable[[str], str],
    cache: Cache,
    stats: Stats,
    settings: Settings,
    fetch: Callable[[list[str]], dict[str, Answer]],
    chunks: Callable[[list[str]], list[list[str]]],
    encode: Callable[[Any], Any] = lambda v: v,
    decode: Callable[[Any], Any] = lambda v: v,
    max_age: float | None = None,
    workers: int = 1,
) -> Batch:
    """Answer each item from the cache, or fetch the missing ones (chunked), then cache them.

    `fetch(chunk)` returns item → answer for the chunk's items; an item it leaves out is
    `missing`; if it raises SourceError, every item of that chunk is `failed`.
    """
    out: Batch = Batch()
    order = list(dict.fromkeys(i for i in items if i))
    keys = {i: key_of(i) for i in order}
    entries: dict[str, Entry] = cache.lookup(keys.values(), max_age=max_age)
    todo = []
    for i in order:
        e = entries.get(keys[i])
        if e is None:
            todo.append(i)
        elif e.kind == "negative" and e.value is None:
            out.missing.add(i)  # "no such record"; a negative entry with a value is an answer
        elif not _decoded(out, i, e, decode):
            todo.append(i)  # a stored value of the wrong shape is a miss: ask again
    stats.add("cache_hit", n=len(order) - len(todo))
    stats.add("cache_miss", n=len(todo))
    if not todo:
        return out
    if settings.offline:
        for i in todo:
            out.failed[i] = OfflineMiss(service, f"not in the cache: {keys[i]}")
        return out

    def one(chunk: list[str]) -> None:
        try:
            got = fetch(chunk)
        except SourceError as e:
            for i in chunk:
                out.failed[i] = e
            return
        rows = []
        for i in chunk:
            status, value, kind = got.get(i, ("missing", None, "negative"))
            if status == "found":
                out.found[i] = value
                rows.append((keys[i], kind, encode(value)))
            elif status == "failed":
                out.failed[i] = value
            else:
                out.missing.add(i)
                rows.append((keys[i], "negative", None))
        cache.put_many(rows)

    def fetch_all(items: list[str]) -> None:
        parts = chunks(items)
        if workers <= 1 or len(parts) <= 1:
            for p in parts:
                one(p)
        else:
            with ThreadPoolExecutor(max_workers=min(workers, len(parts))) as ex:
                list(ex.map(one, parts))

    # Items another thread of this process is fetching right now are not asked twice: we wait
    # for it and read its answer from the cache (or ask ourselves if it got none).
    mine, theirs = _claim([keys[i] for i in todo])
    try:
        fetch_all([i for i in todo if keys[i] in mine])
    finally:
        _release(mine)
    if theirs:
        for ev in theirs.values():
            ev.wait(timeout=settings.deadline + settings.timeout)
        waiting = [i for i in todo if keys[i] in theirs]
        again = cache.lookup([keys[i] for i in waiting], max_age=max_age)
        retry = []
        for i in waiting:
            e = again.get(keys[i])
            if e is None:
                retry.append(i)
            elif e.kind == "negative" and e.value is None:
                out.missing.add(i)
            elif not _decoded(out, i, e, decode):
                retry.append(i)
        if retry:
            fetch_all(retry)
    return out


def _decoded(out: Batch, item: str, e: Entry, decode: Callable[[Any], Any]) -> bool:
    """Put the cached value of `item` into `out.found`; False when it does not decode."""
    try:
        out.found[item] = decode(e.value)
    except Exception as err:  # the cache is outside data too (an import, another version)
        log.info("cache entry %s unreadable (%s): asked again", e.key[:100], type(err).__name__)
        return False
    return True


_inflight_lock = threading.Lock()
_inflight: dict[str, threading.Event] = {}


def _claim(keys: list[str]) -> tuple[set[str], dict[str, threading.Event]]:
    """Split cache keys into those this thread will fetch and those others are fetching."""
    mine: set[str] = set()
    theirs: dict[str, threading.Event] = {}
    with _inflight_lock:
        for k in keys:
            ev = _inflight.get(k)
            if ev is None:
                _inflight[k] = threading.Event()
                mine.add(k)
            else:
                theirs[k] = ev
    return mine, theirs


def _release(keys: set[str]) -> None:
    with _inflight_lock:
        for k in keys:
            ev = _inflight.pop(k, None)
            if ev is not None:
                ev.set()


def chunk_by(items: list[str], max_items: int, max_chars: int | None = None,
             cost: Callable[[str], int] = len) -> list[list[str]]:
    """Split items into chunks of at most max_items and (roughly) max_chars of text."""
    out: list[list[str]] = []
    cur: list[str] = []
    size = 0
    for i in items:
        c = cost(i) + 1
        if cur and (len(cur) >= max_items or (max_chars is not None and size + c > max_chars)):
            out.append(cur)
            cur, size = [], 0
        cur.append(i)
        size += c
    if cur:
        out.append(cur)
    return out


def per_title(wanted: dict[str, str | None], b: Batch[list[Any]]) -> Batch[list[Any]]:
    """A batch of searches keyed by query words, keyed back by the caller's titles: a title whose
    query failed is failed, one with no query is left out, any other has its hits (maybe none)."""
    out: Batch[list[Any]] = Batch()
    for t, w in wanted.items():
        if not w:
            continue
        if w in b.failed:
            out.failed[t] = b.failed[w]
        else:
            out.found[t] = b.found.get(w, [])
    return out


def _rekey(b: Batch, originals: list[str], norm: Callable[[str], str]) -> Batch:
    """A batch keyed by normalised strings, re-keyed by the caller's own strings (both kept)."""
    for o in originals:
        n = norm(o)
        if n == o:
            continue
        if n in b.found:
            b.found[o] = b.found[n]
        if n in b.failed:
            b.failed[o] = b.failed[n]
        if n in b.missing:
            b.missing.add(o)
    return b
