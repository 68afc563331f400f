"""One database for every session, rebuilt when the data files change.

``Store.state()`` is called on every rerun. It costs a ``stat`` of five files when
nothing changed. When a file changed it loads and validates the new set: a good set
replaces the database (sessions still reading the old one finish on it); a bad set
leaves the last good database in place and records the problems to show.

A published folder (one with a manifest, proxyatlas/published.py) is loaded from its Parquet tables
instead, and picked up the same way when a publish replaces its manifest.
"""

from __future__ import annotations

import os
import threading
import time
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from typing import Callable, TypeVar
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pandas as pd

from . import loader, published, queries, schema
from .config import Settings
from .markings import level
from .problems import Problem


T = TypeVar("T")
MEMO_BYTES = 256 * 2**20  # per snapshot, shared by all sessions; least recently used goes first
# The workers that run a page's independent queries side by side (Snapshot.queries), one per core: a
# page's queries are small, and DuckDB runs each on about one core.
_QUERY_WORKERS = ThreadPoolExecutor(max_workers=os.cpu_count() or 2, thread_name_prefix="proxyatlas-query")


def _size(value: object) -> int:
    """A rough byte count of a memoised value, to keep the cache within MEMO_BYTES. A value that knows
    its size says so (`nbytes`): counting a network view's drawing through JSON took longer than building it."""
    known = getattr(value, "nbytes", None)
    if isinstance(known, int):
        return known
    if isinstance(value, pd.DataFrame):
        return 64 * (len(value) + 1) * max(len(value.columns), 1)
    if isinstance(value, (str, bytes)):
        return len(value)
    if isinstance(value, dict):  # a chart's spec holds its tables: JSON of one wrote them out as text
        return sum(_size(k) + _size(v) for k, v in value.items())
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
    manifest: published.Manifest | None = None  # set when loaded from a published folder
    _cache: OrderedDict = field(default_factory=OrderedDict, repr=False)  # key -> (value, bytes)
    _kept: dict = field(default_factory=dict, repr=False)  # key -> value, never evicted (memo's `keep`)
    _bytes: int = field(default=0, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def version(self) -> str:
        """The data's version (published.data_version): the same for a CSV folder and its publication."""
        return published.data_version(self.digests)

    def memo(self, key: tuple, compute: Callable[[], T], *, keep: bool = False) -> T:
        """``compute()`` once per key for this data: query results, chart specs and graph pages
        are shared by every session and rerun. Treat what it returns as read-only. `keep`: never
        evicted (what a page derives once per data version, such as the whole network, which takes
        seconds at 1M events: evicted by a few large views, it was computed again inside a rerun)."""
        key = _freeze(key)
        with self._lock:
            if key in self._kept:
                return self._kept[key]
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key][0]
        value = compute()
        if keep:
            with self._lock:
                return self._kept.setdefault(key, value)
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

    def queries(self, *calls: tuple[str, dict]) -> list[pd.DataFrame]:
        """Several named queries (name, parameters) at once, side by side on their own cursors, each
        result as `query` gives it and memoised the same (a later `query` of one is a hit). With two
        cores, a page's four queries take about the time of two."""
        for name, params in calls:
            self._derived(name, params)  # the network and scope first, here: not by two workers at once
        running = [_QUERY_WORKERS.submit(self.query, name, **params) for name, params in calls]
        return [future.result() for future in running]

    def network(self, sponsor: str | None, min_conf: int) -> list[str] | None:
        """The sponsor's network (``queries.network``), once per sponsor and confidence for this data."""
        return self.memo(("network", sponsor, min_conf), lambda: queries.network(self.con, sponsor, min_conf))

    def scope(self, sponsor: str | None, min_conf: int, kinds) -> str | None:
        """The events the sponsor network and kinds keep (``queries.event_scope``), once per sponsor,
        confidence and kinds for this data: every scoped query of every page then binds it."""
        return self.memo(("scope", sponsor, min_conf, tuple(kinds)), lambda: queries.event_scope(
            self.con, self.network(sponsor, min_conf), list(kinds), min_conf, self.involvement()))

    def involvement(self) -> queries.Involvement:
        """Who each event involves, as numbers (``queries.Involvement``): read once for this data, on the
        first sponsor or kind chosen."""
        return self.memo(("involvement",), lambda: queries.Involvement(self.con), keep=True)

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
                                                   out.get("min_conf", 0), self.involvement())
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


def quiet_left(fp: loader.Fingerprint, quiet: float = QUIET_SECONDS) -> float:
    """Seconds until the newest file of `fp` has been left alone for `quiet` seconds (0 when it has)."""
    newest = max((mtime for _, _, mtime in fp), default=0) / 1e9
    return max(0.0, quiet - (time.time() - newest))


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
        fp = self._fingerprint()
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
                if published.is_published(self.data_dir):  # a publish replaces its manifest at once
                    current = self._reload()
                else:
                    current = self._reload_settled()
            return current
        finally:
            self._lock.release()

    def _fingerprint(self) -> loader.Fingerprint:
        if published.is_published(self.data_dir):
            return published.fingerprint(self.data_dir)
        return loader.fingerprint(self.data_dir, self.package)

    def reload(self) -> State:
        """Load again even if nothing changed (the Data page's button): every file read afresh."""
        with self._lock:
            return self._reload(reuse=False)

    def _reload_settled(self, quiet: float = QUIET_SECONDS, max_wait: float = MAX_WAIT_SECONDS) -> State:
        """Load the files once no file has changed for `quiet` seconds (waiting at most `max_wait`).

        An editor or a script saving several files, or a file in several writes, is let finish
        before a set is served, so a half-written file is not taken for a short one. The load runs
        during the quiet period instead of after it: its snapshot is served only if, once the files
        it read have been left alone for `quiet` seconds, their fingerprint is still the one it read
        (the same bytes a load after the wait would read); else it loads again. Past `max_wait` it
        serves a load of what is there, as a wait that never settles must end (the loads' own
        time is not counted in it, so a slow load on a busy machine does not end the wait early).
        """
        budget = max_wait  # seconds of waiting left (the loads' own time is not counted)
        while True:
            result = self._load_csv(reuse=True)
            while (wait := min(quiet_left(result.fingerprint, quiet), budget)) > 0:
                time.sleep(wait)
                budget -= wait
            if loader.fingerprint(self.data_dir, self.package) == result.fingerprint \
                    and quiet_left(result.fingerprint, quiet) == 0:
                return self._serve(result)
            if result.con is not None:
                result.con.close()  # read while a save was under way: never served
            if budget <= 0:
                return self._serve(self._load_csv(reuse=True))

    def _reload(self, reuse: bool = True) -> State:
        if published.is_published(self.data_dir):
            self._files = {}
            return self._serve(*published.load(self.data_dir, self.settings.max_marking, self.package))
        return self._serve(self._load_csv(reuse))

    def _serve(self, result: loader.LoadResult, manifest: published.Manifest | None = None) -> State:
        """The state after `result`: its database if it is good, else the last good one and its problems."""
        previous = self._state.good if self._state else None
        now = datetime.now(timezone.utc)
        if result.con is not None:
            # A publication's rows are those at or under its own ceiling, which may be below this server's.
            ceiling = manifest.max_marking if manifest else self.settings.max_marking
            good = Snapshot(result.con, result.fingerprint, now, result.seconds, ceiling, result.digests, manifest)
            state = State(good, (), result.fingerprint, now)
        else:
            state = State(previous, tuple(result.problems), result.fingerprint, now)
        self._state = state
        return state

    def _load_csv(self, reuse: bool) -> loader.LoadResult:
        """A load of the CSV files as they are now; what it read is kept for the next load to reuse."""
        previous = self._state.good if self._state else None
        if previous is not None and previous.manifest:
            previous = None  # tables loaded from a publication are not a CSV load's to copy
        basis = None
        if reuse and (self._files or previous is not None):
            basis = loader.Previous(self._files, previous.con if previous else None,
                                    previous.digests if previous else {}, level(self.settings.max_marking))
        result = loader.load(self.data_dir, self.settings.max_marking, self.package, previous=basis)
        self._files = result.files
        return result
