"""The lookup cache: one SQLite file (``<cache_dir>/refcheck.sqlite``, WAL), many processes.

Entries are keyed by a normalised request string that never holds a secret, e.g.
``pubmed:efetch:31121636``, ``crossref:work:10.1001/jama.2017.6229``,
``pubmed:citmatch:<line>``, ``pubmed:esearch:<retmax>:<term>``. Values are JSON; each entry
has a kind and the time it was fetched:

- ``record``   a record or a search answer: fresh for ``ttl_record`` (30 days)
- ``status``   update/retraction status (Crossref ``filter=updates``): ``ttl_status`` (7 days)
- ``negative`` "no such record" / nothing found: ``ttl_negative`` (1 day)

PubMed records embed their retraction/correction status (CommentsCorrections), so the PubMed
client reads ``pubmed:efetch:*`` entries with ``max_age = ttl_status``: a PubMed record older
than 7 days is asked again (see ``PubMed.fetch``).

Freshness is decided at read time from the entry's kind and the Settings, so changing a TTL
takes effect on existing entries. A corrupted file is moved aside as
``refcheck.sqlite.corrupt-<ts>`` (never deleted) and a fresh cache is started, with a warning.

What is read back is checked like any outside data: a row whose kind, time or value is not what
this module writes is a miss (one warning per run), never a crash. A folder that cannot hold the
cache raises :class:`CacheError` (one line, exit 2); ``--no-cache`` runs with :class:`NullCache`.
"""

from __future__ import annotations

import json
import logging
import math
import os
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Iterable

from ..errors import CacheError

if TYPE_CHECKING:
    from ..settings import Settings

log = logging.getLogger("refcheck.sources")

FILENAME = "refcheck.sqlite"
KINDS = ("record", "status", "negative")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    key TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    value TEXT NOT NULL,
    fetched_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS entries_fetched ON entries(fetched_at);
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""


@dataclass(frozen=True)
class Entry:
    key: str
    kind: str
    value: Any
    fetched_at: float

    @property
    def age(self) -> float:
        return time.time() - self.fetched_at


class Cache:
    """Thread-safe handle on the cache file (one connection, serialised by a lock)."""

    def __init__(self, settings, *, path: str | os.PathLike | None = None, busy_timeout: float = 30.0):
        self.settings = settings
        self.path = Path(path) if path else Path(settings.cache_dir) / FILENAME
        self.busy_timeout = busy_timeout
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = None
        self.hits = 0
        self.misses = 0
        self.oldest_hit: float | None = None  # fetched_at of the oldest answer served (for reports)
        # --refresh asks again for what was stored before this run, not for what this run
        # itself just fetched (a batch of many articles citing one paper asks for it once)
        self.opened_at = time.time()
        self._open()

    # ------------------------------------------------------------------ opening, corruption
    def _connect(self) -> sqlite3.Connection:
        folder = self.path.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
            if not folder.is_dir():
                raise NotADirectoryError(20, "not a folder")
            conn = sqlite3.connect(
                str(self.path), timeout=self.busy_timeout, isolation_level=None, check_same_thread=False
            )
        except (OSError, sqlite3.OperationalError) as e:
            raise _unusable(folder, e) from None
        conn.text_factory = lambda b: b.decode("utf-8", "replace")  # bytes from elsewhere never crash a read
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout * 1000)}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.executescript(_SCHEMA)
            row = conn.execute("PRAGMA quick_check").fetchone()
            if not row or row[0] != "ok":
                raise sqlite3.DatabaseError(f"quick_check: {row[0] if row else 'no answer'}")
        except BaseException:
            conn.close()
            raise
        return conn

    def _open(self) -> None:
        try:
            self._conn = self._connect_when_free()
        except sqlite3.OperationalError as e:
            if not _is_corruption(e):
                raise _unusable(self.path.parent, e) from None
            self._recover(e)
        except sqlite3.DatabaseError as e:
            self._recover(e)

    def _connect_when_free(self) -> sqlite3.Connection:
        """_connect, waiting out another process's lock: a cache shared by two runs is busy for
        a moment (SQLite answers "database is locked" at once when it changes the journal mode
        or upgrades a read lock, without its busy handler), which is not an unusable folder."""
        deadline = time.monotonic() + self.busy_timeout
        pause = 0.02
        while True:
            try:
                return self._connect()
            except sqlite3.OperationalError as e:
                if not _is_busy(e) or time.monotonic() + pause > deadline:
                    raise
            time.sleep(pause)
            pause = min(pause * 2, 0.5)

    def _recover(self, err: Exception) -> None:
        """Move the damaged file (and its -wal/-shm) aside and start afresh."""
        if self._conn is not None:
            try:
                self._conn.close()
            except Exception:
                pass
            self._conn = None
        ts = time.strftime("%Y%m%dT%H%M%S") + f"-{os.getpid()}"
        aside = self.path.with_name(f"{self.path.name}.corrupt-{ts}")
        try:
            if self.path.exists():
                os.replace(self.path, aside)
            for suffix in ("-wal", "-shm"):
                side = self.path.with_name(self.path.name + suffix)
                if side.exists():
                    os.replace(side, aside.with_name(aside.name + suffix))
        except OSError as e:  # pragma: no cover - e.g. permissions
            log.warning("cache %s is unreadable (%s) and could not be moved aside: %s", self.path, err, e)
        log.warning("cache %s was corrupted (%s); moved it to %s and started a fresh cache", self.path, err, aside.name)
        self._conn = self._connect()

    def _warn(self, what: str) -> None:
        """One warning per kind of trouble per run (a full disk fails every write alike)."""
        seen = self.__dict__.setdefault("_warned", set())
        if what not in seen:
            seen.add(what)
            log.warning("cache %s: %s", self.path, what)

    def _run(self, fn, default=None):
        """Run fn(conn) under the lock; a corrupted file is recovered once, never a crash."""
        with self._lock:
            if self._conn is None:
                raise RuntimeError("cache is closed")
            try:
                return fn(self._conn)
            except sqlite3.OperationalError as e:
                if not _is_corruption(e):
                    self._warn(str(e))
                    return default
                self._recover(e)
            except sqlite3.DatabaseError as e:
                self._recover(e)
            except (ValueError, TypeError, OverflowError, MemoryError) as e:  # a value sqlite cannot bind
                self._warn(f"{type(e).__name__}: {' '.join(str(e).split())[:200]}")
                return default
            try:
                return fn(self._conn)
            except (sqlite3.Error, ValueError, TypeError, OverflowError) as e:
                self._warn(str(e))
                return default

    # ------------------------------------------------------------------ freshness
    def ttl(self, kind: str) -> float:
        s = self.settings
        return {"record": s.ttl_record, "status": s.ttl_status, "negative": s.ttl_negative}.get(kind, s.ttl_negative)

    def is_fresh(self, entry: Entry, max_age: float | None = None) -> bool:
        ttl = self.ttl(entry.kind)
        if max_age is not None:
            ttl = min(ttl, max_age)
        return entry.age < ttl

    # ------------------------------------------------------------------ reading
    def get_entry(self, key: str) -> Entry | None:
        """The stored entry, fresh or not (no freshness rules, no counters)."""
        return self.get_entries([key]).get(key)

    def get_entries(self, keys: Iterable[str]) -> dict[str, Entry]:
        keys = list(dict.fromkeys(keys))
        out: dict[str, Entry] = {}

        def q(conn):
            for i in range(0, len(keys), 500):
                chunk = keys[i : i + 500]
                marks = ",".join("?" * len(chunk))
                for k, kind, value, at in conn.execute(
                    f"SELECT key, kind, value, fetched_at FROM entries WHERE key IN ({marks})", chunk
                ):
                    entry = _entry(k, kind, value, at)
                    if entry is None:
                        self._warn("unreadable entries ignored (asked again)")
                    else:
                        out[k] = entry
            return out

        self._run(q, default=out)
        return out

    def lookup(self, keys: Iterable[str], max_age: float | None = None) -> dict[str, Entry]:
        """Entries usable now, by the run's rules, counting hits and misses.

        - offline: any stored entry (even expired: better than nothing, and there is no
          other way to answer); the caller turns a miss into OfflineMiss;
        - refresh: only what this run fetched itself (ask again for the rest, then overwrite);
        - otherwise: fresh entries only (TTL by kind, and at most `max_age` old).
        """
        keys = list(dict.fromkeys(keys))
        if self.settings.refresh and not self.settings.offline:
            found = {k: e for k, e in self.get_entries(keys).items() if e.fetched_at >= self.opened_at}
        else:
            found = self.get_entries(keys)
            if not self.settings.offline:
                found = {k: e for k, e in found.items() if self.is_fresh(e, max_age)}
        with self._lock:
            self.hits += len(found)
            self.misses += len(keys) - len(found)
            if found:
                lo = min(e.fetched_at for e in found.values())
                self.oldest_hit = lo if self.oldest_hit is None else min(self.oldest_hit, lo)
        return found

    def get(self, key: str, max_age: float | None = None) -> Entry | None:
        return self.lookup([key], max_age).get(key)

    # ------------------------------------------------------------------ writing
    def put(self, key: str, kind: str, value: Any, fetched_at: float | None = None) -> None:
        self.put_many([(key, kind, value)], fetched_at)

    def put_many(self, items: Iterable[tuple[str, str, Any]], fetched_at: float | None = None) -> None:
        at = time.time() if fetched_at is None else fetched_at
        rows = []
        for key, kind, value in items:
            if kind not in KINDS:
                raise ValueError(f"unknown cache kind {kind!r}")
            text = _dumps(value)
            if text is None:
                self._warn(f"a value that cannot be stored was left out ({key[:80]})")
                continue
            rows.append((key, kind, text, at))
        if not rows:
            return

        def w(conn):
            conn.execute("BEGIN IMMEDIATE")  # one short transaction: all or nothing
            try:
                conn.executemany(
                    "INSERT OR REPLACE INTO entries (key, kind, value, fetched_at) VALUES (?, ?, ?, ?)", rows
                )
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

        self._run(w)

    # ------------------------------------------------------------------ the `refcheck cache` command
    def stats(self) -> dict:
        def q(conn):
            by_kind = {k: 0 for k in KINDS}
            for kind, n in conn.execute("SELECT kind, COUNT(*) FROM entries GROUP BY kind"):
                by_kind[kind] = n
            lo, hi = conn.execute("SELECT MIN(fetched_at), MAX(fetched_at) FROM entries").fetchone()
            meta = dict(conn.execute("SELECT key, value FROM meta"))
            return by_kind, lo, hi, meta

        by_kind, lo, hi, meta = self._run(q, default=({k: 0 for k in KINDS}, None, None, {}))
        now = time.time()
        size = 0
        for suffix in ("", "-wal", "-shm"):
            p = self.path.with_name(self.path.name + suffix)
            if p.exists():
                size += p.stat().st_size
        hits, misses = int(meta.get("last_run_hits", 0)), int(meta.get("last_run_misses", 0))
        return {
            "path": str(self.path),
            "entries": sum(by_kind.values()),
            "by_kind": by_kind,
            "size_bytes": size,
            "oldest_age_s": None if lo is None else now - lo,
            "newest_age_s": None if hi is None else now - hi,
            "last_run": {
                "hits": hits,
                "misses": misses,
                "hit_rate": (hits / (hits + misses)) if hits + misses else None,
                "finished_at": float(meta["last_run_at"]) if "last_run_at" in meta else None,
            },
            "this_run": {"hits": self.hits, "misses": self.misses},
        }

    def prune(self, older_than: float | None = None) -> int:
        """Delete expired entries (by kind's TTL), or all entries older than `older_than` seconds."""
        now = time.time()

        def w(conn):
            if older_than is not None:
                cur = conn.execute("DELETE FROM entries WHERE fetched_at < ?", (now - older_than,))
                return cur.rowcount
            n = 0
            for kind in KINDS:
                cur = conn.execute(
                    "DELETE FROM entries WHERE kind = ? AND fetched_at < ?", (kind, now - self.ttl(kind))
                )
                n += cur.rowcount
            return n

        return self._run(w, default=0)

    def clear(self) -> int:
        return self._run(lambda conn: conn.execute("DELETE FROM entries").rowcount, default=0)

    def export(self, path: str | os.PathLike | IO[str]) -> int:
        """Write every entry as JSON lines: {"key", "kind", "value", "fetched_at"}.

        A path is written whole or not at all (temporary file, then rename); an open text stream
        (stdout for `cache export -`) is written as it goes."""
        rows = self._run(
            lambda conn: conn.execute("SELECT key, kind, value, fetched_at FROM entries ORDER BY key").fetchall(),
            default=[],
        )

        def dump(f: IO[str]) -> None:
            for key, kind, value, at in rows:
                f.write(json.dumps({"key": key, "kind": kind, "value": json.loads(value), "fetched_at": at},
                                   ensure_ascii=False) + "\n")

        if hasattr(path, "write"):
            dump(path)  # type: ignore[arg-type]
            return len(rows)
        tmp = Path(str(path) + ".tmp")
        with open(tmp, "w", encoding="utf-8") as f:
            dump(f)
        os.replace(tmp, path)
        return len(rows)

    def import_(self, path: str | os.PathLike) -> int:
        """Read JSON lines written by export; a newer stored entry is kept over an older import."""
        rows = []
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                rows.append(_import_row(line, n))

        def w(conn):
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.executemany(
                    """INSERT INTO entries (key, kind, value, fetched_at) VALUES (?, ?, ?, ?)
                       ON CONFLICT(key) DO UPDATE SET kind=excluded.kind, value=excluded.value,
                       fetched_at=excluded.fetched_at WHERE excluded.fetched_at > entries.fetched_at""",
                    rows,
                )
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
            return len(rows)

        return self._run(w, default=0)

    def close(self) -> None:
        """Record this run's hit/miss counters (for `stats()`), then close."""
        with self._lock:
            if self._conn is None:
                return
            if self.hits or self.misses:
                def w(conn):
                    conn.executemany(
                        "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                        [("last_run_hits", str(self.hits)), ("last_run_misses", str(self.misses)),
                         ("last_run_at", str(time.time()))],
                    )
                self._run(w)
            try:
                self._conn.close()
            finally:
                self._conn = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class NullCache:
    """No cache at all (``--no-cache``): every lookup is a miss and nothing is stored."""

    path = None

    def __init__(self, settings=None):
        self.settings = settings
        self.hits = 0
        self.misses = 0
        self.oldest_hit: float | None = None
        self.opened_at = time.time()

    def get_entry(self, key: str) -> Entry | None:
        return None

    def get_entries(self, keys: Iterable[str]) -> dict[str, Entry]:
        return {}

    def lookup(self, keys: Iterable[str], max_age: float | None = None) -> dict[str, Entry]:
        self.misses += len(set(keys))
        return {}

    def get(self, key: str, max_age: float | None = None) -> Entry | None:
        self.misses += 1
        return None

    def put(self, *a: Any, **kw: Any) -> None:
        pass

    def put_many(self, *a: Any, **kw: Any) -> None:
        pass

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        pass


def open_cache(settings: Settings) -> Cache | NullCache:
    """The run's cache: none with ``settings.no_cache``, else the folder's (CacheError if unusable)."""
    if getattr(settings, "no_cache", False):
        return NullCache(settings)
    return Cache(settings)


def _is_busy(e: Exception) -> bool:
    msg = str(e).lower()
    return "locked" in msg or "busy" in msg


def _unusable(folder: Path, e: Exception) -> CacheError:
    why = getattr(e, "strerror", None) or " ".join(str(e).split())[:200] or type(e).__name__
    return CacheError(f"cannot use the cache folder {folder}: {why} (give --cache-dir a writable folder, or --no-cache)")


def _dumps(value: Any) -> str | None:
    """The stored JSON of `value`, always valid UTF-8 (a lone surrogate becomes U+FFFD), or None."""
    try:
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except (TypeError, ValueError, RecursionError):
        return None
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    return text


def _entry(key: Any, kind: Any, value: Any, at: Any) -> Entry | None:
    """An Entry from a stored row, or None when the row is not what this module writes."""
    if not isinstance(key, str) or kind not in KINDS or not isinstance(value, str):
        return None
    if isinstance(at, bool) or not isinstance(at, (int, float)) or not math.isfinite(at):
        return None
    try:
        v = json.loads(value)
    except (ValueError, RecursionError):
        return None
    if "\\u" in value:  # escapes may spell a lone surrogate or a control character
        from .http import sanitize

        v = sanitize(v)
    return Entry(key, kind, v, float(at))


def _import_row(line: str, n: int) -> tuple[str, str, str, float]:
    """One line of a `cache export` file as a row; ValueError naming the line otherwise."""
    try:
        d = json.loads(line)
    except (ValueError, RecursionError) as e:
        raise ValueError(f"line {n}: not JSON ({e})") from None
    if not isinstance(d, dict) or not {"key", "kind", "value", "fetched_at"} <= set(d):
        raise ValueError(f"line {n}: not an object with key, kind, value and fetched_at")
    key, kind, at = d["key"], d["kind"], d["fetched_at"]
    if not isinstance(key, str) or not key or len(key) > 20000:
        raise ValueError(f"line {n}: key is not a non-empty string")
    if kind not in KINDS:
        raise ValueError(f"line {n}: unknown cache kind {str(kind)[:40]!r}")
    if isinstance(at, bool) or not isinstance(at, (int, float)) or not math.isfinite(at) or at < 0:
        raise ValueError(f"line {n}: fetched_at is not a time")
    if at > time.time() + 86400:
        raise ValueError(f"line {n}: fetched_at is in the future")
    from .http import clean_text, sanitize

    text = _dumps(sanitize(d["value"]))
    if text is None:
        raise ValueError(f"line {n}: value cannot be stored")

    return clean_text(key), kind, text, float(at)


def _is_corruption(e: Exception) -> bool:
    msg = str(e).lower()
    return any(s in msg for s in ("not a database", "malformed", "corrupt", "disk image"))
