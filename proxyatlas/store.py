"""One database for every session, rebuilt when the data files change.

``Store.state()`` is called on every rerun. It costs a ``stat`` of five files when
nothing changed. When a file changed it loads and validates the new set: a good set
replaces the database (sessions still reading the old one finish on it); a bad set
leaves the last good database in place and records the problems to show.
"""

from __future__ import annotations

import json
import threading
import time
from collections import OrderedDict
from typing import Callable, TypeVar
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pandas as pd

from . import loader, queries, schema
from .config import Settings
from .markings import level
from .problems import Problem


T = TypeVar("T")
MEMO_BYTES = 256 * 2**20  # per snapshot, shared by all sessions; least recently used goes first


def _size(value: object) -> int:
    """A rough byte count of a memoised value, to keep the cache within MEMO_BYTES."""
    if isinstance(value, pd.DataFrame):
        return 64 * (len(value) + 1) * max(len(value.columns), 1)
    if isinstance(value, (str, bytes)):
        return len(value)
    if isinstance(value, dict):
        return len(json.dumps(value, default=str))
    if isinstance(value, (tuple, list)):
        return sum(_size(v) for v in value)
    if hasattr(value, "__dict__"):
        return sum(_size(v) for v in vars(value).values())
    return 64


@dataclass(eq=False)
class Snapshot:
    """A loaded, validated, read-only database and what it was built from."""

    con: duckdb.DuckDBPyConnection
    fingerprint: loader.Fingerprint
    loaded_at: datetime
    load_seconds: float
    max_marking: str
    digests: dict[str, bytes] = field(default_factory=dict, repr=False)  # the files it was built from
    _cache: OrderedDict = field(default_factory=OrderedDict, repr=False)  # key -> (value, bytes)
    _bytes: int = field(default=0, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def memo(self, key: tuple, compute: Callable[[], T]) -> T:
        """``compute()`` once per key for this data: query results, chart specs and graph pages
        are shared by every session and rerun. Treat what it returns as read-only."""
        key = _freeze(key)
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key][0]
        value = compute()
        size = _size(value)
        with self._lock:
            if key not in self._cache:
                self._cache[key] = (value, size)
                self._bytes += size
            while self._bytes > MEMO_BYTES and len(self._cache) > 1:
                self._bytes -= self._cache.popitem(last=False)[1][1]
        return value

    def query(self, name: str, **params) -> pd.DataFrame:
        """A named query's result, computed once per parameters for this data."""
        return self.memo(("query", name, params), lambda: queries.run(self.con, name, **self._derived(name, params)))

    def network(self, sponsor: str | None, min_conf: int) -> list[str] | None:
        """The sponsor's network (``queries.network``), once per sponsor and confidence for this data."""
        return self.memo(("network", sponsor, min_conf), lambda: queries.network(self.con, sponsor, min_conf))

    def scope(self, sponsor: str | None, min_conf: int, kinds) -> str | None:
        """The events the sponsor network and kinds keep (``queries.event_scope``), once per sponsor,
        confidence and kinds for this data: every scoped query of every page then binds it."""
        return self.memo(("scope", sponsor, min_conf, tuple(kinds)), lambda: queries.event_scope(
            self.con, self.network(sponsor, min_conf), list(kinds), min_conf))

    def _derived(self, name: str, params: dict) -> dict:
        """`params` with the derived ones the query binds, from this snapshot's memo (a `network`
        given by the caller is used as it is, and its scope computed from it)."""
        wanted = queries.binds(name)
        out = dict(params)
        if "network" in wanted and "network" not in out:
            out["network"] = self.network(out["sponsor"], out.get("min_conf", 0))
        if "scope" in wanted and "scope" not in out:
            if "network" in params:
                out["scope"] = queries.event_scope(self.con, params["network"], out.get("kinds", []),
                                                   out.get("min_conf", 0))
            else:
                out["scope"] = self.scope(out["sponsor"], out.get("min_conf", 0), out.get("kinds", []))
        return out


def _freeze(value):
    if isinstance(value, dict):
        return tuple(sorted((k, _freeze(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return tuple(_freeze(v) for v in value)
    return value


@dataclass(frozen=True)
class State:
    """What a rerun sees: the data to show, and the problems of the latest load if it failed."""

    good: Snapshot | None
    problems: tuple[Problem, ...]
    checked_fingerprint: loader.Fingerprint
    checked_at: datetime

    @property
    def stale(self) -> bool:
        """True when the files on disk failed validation and older data is being shown."""
        return bool(self.problems)


# A save in progress: files modified this recently may still be being written.
QUIET_SECONDS = 0.3
MAX_WAIT_SECONDS = 2.0


def settled_fingerprint(data_dir: Path, package: schema.Package, quiet: float = QUIET_SECONDS,
                        max_wait: float = MAX_WAIT_SECONDS) -> loader.Fingerprint:
    """The files' fingerprint once no file has changed for `quiet` seconds (at most `max_wait`).

    An editor or a script saving several files, or a file in several writes, is let finish
    before the set is read, so a half-written file is not taken for a short one.
    """
    deadline = time.monotonic() + max_wait
    fp = loader.fingerprint(data_dir, package)
    while True:
        newest = max((mtime for _, _, mtime in fp), default=0) / 1e9
        wait = min(quiet - (time.time() - newest), deadline - time.monotonic())
        if wait <= 0:
            return fp
        time.sleep(wait)
        fp = loader.fingerprint(data_dir, package)


class Store:
    def __init__(self, settings: Settings, package: schema.Package | None = None):
        self.settings = settings
        self.package = package or schema.load()
        self._lock = threading.Lock()
        self._state: State | None = None
        self._files: dict[str, loader.FileRead] = {}  # the last load's reads, for the next to reuse

    @property
    def data_dir(self) -> Path:
        return self.settings.data_dir

    def state(self) -> State:
        """The current state, reloading first if the files changed since the last look."""
        fp = loader.fingerprint(self.data_dir, self.package)
        current = self._state
        if current is not None and current.checked_fingerprint == fp:
            return current
        # One loader at a time. While it works, other sessions keep being served the last
        # state; only a first load, with nothing to serve yet, makes them wait for it.
        if not self._lock.acquire(blocking=current is None):
            return current
        try:
            current = self._state
            if current is None or current.checked_fingerprint != fp:
                settled_fingerprint(self.data_dir, self.package)
                current = self._reload()
            return current
        finally:
            self._lock.release()

    def reload(self) -> State:
        """Load again even if nothing changed (the Data page's button): every file read afresh."""
        with self._lock:
            return self._reload(reuse=False)

    def _reload(self, reuse: bool = True) -> State:
        previous = self._state.good if self._state else None
        basis = None
        if reuse and (self._files or previous is not None):
            basis = loader.Previous(self._files, previous.con if previous else None,
                                    previous.digests if previous else {}, level(self.settings.max_marking))
        result = loader.load(self.data_dir, self.settings.max_marking, self.package, previous=basis)
        self._files = result.files
        now = datetime.now(timezone.utc)
        if result.con is not None:
            good = Snapshot(result.con, result.fingerprint, now, result.seconds, self.settings.max_marking,
                            result.digests)
            state = State(good, (), result.fingerprint, now)
        else:
            state = State(previous, tuple(result.problems), result.fingerprint, now)
        self._state = state
        return state
