"""A database built as a few new tables in front of an earlier one, sharing its DuckDB instance.

A load that changes a few rows of one file (proxyatlas/row_edit.py) writes only the tables those rows
change, into a catalog of their own attached to the earlier database's instance. Its connections look
tables up on a search path: its own catalog first, then the earlier database's. The earlier database is
untouched, so sessions still reading it finish on it, and the tables no edit reached are not copied (a
copy of every table took ~0.4 s at 100k events, against a target of 1 s for the whole reload).
Macros look tables up on the caller's path too, so `scoped_events` reads the new `events`.
"""

from __future__ import annotations

import itertools
import threading
import weakref

import duckdb

_names = itertools.count(1)
_names_lock = threading.Lock()


def _detach(root: duckdb.DuckDBPyConnection, name: str) -> None:
    try:
        cur = root.cursor()
        try:
            cur.execute(f"DETACH DATABASE IF EXISTS {name}")  # our own generated name, never input
        finally:
            cur.close()
    except duckdb.Error:
        pass  # the instance is closed already: its catalogs went with it


def where(con: "duckdb.DuckDBPyConnection | Version", table: str) -> str:
    """The qualified name of `table` as `con` (a first load's database, or a Version) reads it."""
    return con.where(table) if isinstance(con, Version) else f"memory.main.{table}"


class Version:
    """A database of its own catalog in front of `under` (a database's connection, or another Version).

    Use it where a connection is used: `cursor()` gives a connection that sees this version's tables,
    and every other attribute is that of such a connection. The catalog is detached once no Version
    still reads it."""

    def __init__(self, under: "duckdb.DuckDBPyConnection | Version"):
        self._root = under._root if isinstance(under, Version) else under
        with _names_lock:
            self.name = f"version_{next(_names)}"
        cur = self._root.cursor()
        try:
            cur.execute(f"ATTACH ':memory:' AS {self.name}")
        finally:
            cur.close()
        # What this version reads beside its own catalog: each earlier Version is kept (and so stays
        # attached) while a catalog on this path is its own.
        self._under: tuple[Version, ...] = ((under,) + under._under) if isinstance(under, Version) else ()
        self._finalizer = weakref.finalize(self, _detach, self._root, self.name)
        self._con = self.cursor()

    @property
    def path(self) -> tuple[str, ...]:
        """The catalogs a table name is looked up in, in order: this one, earlier ones, the first load's."""
        return (self.name,) + tuple(v.name for v in self._under) + ("memory",)

    def cursor(self) -> duckdb.DuckDBPyConnection:
        cur = self._root.cursor()
        cur.execute(f"USE {self.name}; SET search_path = '{','.join(c + '.main' for c in self.path)}'")
        return cur

    def where(self, table: str) -> str:
        """The qualified name of the table `table` stands for on this version's path."""
        found = {c for (c,) in self._con.execute(
            "SELECT database_name FROM duckdb_tables() WHERE table_name = $t AND schema_name = 'main'",
            {"t": table}).fetchall()}
        return next(f"{c}.main.{table}" for c in self.path if c in found)

    def settle(self) -> None:
        """Drop from the path the earlier versions whose every table this one (or one nearer) replaces:
        they are then detached when their own readers are done."""
        tables = {}
        for c, t in self._con.execute("SELECT database_name, table_name FROM duckdb_tables() "
                                      "WHERE schema_name = 'main'").fetchall():
            tables.setdefault(c, set()).add(t)
        seen = set(tables.get(self.name, ()))
        kept = []
        for v in self._under:
            own = tables.get(v.name, set())
            if own - seen:
                kept.append(v)
            seen |= own
        self._under = tuple(kept)
        self._con.close()
        self._con = self.cursor()

    def close(self) -> None:
        """Done with this version now (a load that is never served): its catalog is detached."""
        self._con.close()
        self._finalizer()

    def __getattr__(self, attr: str):
        if attr == "_con":
            raise AttributeError(attr)  # not made yet: __init__ failed before it
        return getattr(self._con, attr)
