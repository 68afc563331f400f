"""Named queries: every SQL statement the app runs is a file in ``queries/``.

A query is called by its name (its path under ``queries/`` without ``.sql``) with
bound parameters (``$name`` in the file). No SQL text is ever built from input.

``$network``, the chosen sponsor's network (a list of actor ids, NULL for none), is a derived
parameter: callers pass ``sponsor`` and ``min_conf``, and ``run`` computes it from them unless it
is given (``Snapshot.query`` gives it, computed once per data and sponsor). ``$scope``, the events
the sponsor and kind filters keep (a bit string over the events' rowids, NULL for no such filter), is
derived likewise from ``$network``, ``kinds`` and ``min_conf`` (``event_scope``, over ``Involvement``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

QUERIES_DIR = Path(__file__).resolve().parent.parent / "queries"
_NAME = re.compile(r"[a-z0-9_]+(/[a-z0-9_]+)*")


class UnknownQuery(KeyError):
    pass


@lru_cache(maxsize=None)
def sql(name: str) -> str:
    """The text of a named query."""
    if not _NAME.fullmatch(name):
        raise UnknownQuery(name)
    path = QUERIES_DIR / f"{name}.sql"
    if not path.is_file():
        raise UnknownQuery(name)
    return path.read_text(encoding="utf-8")


# A derived parameter and what callers pass for it.
DERIVED = {"network": ("sponsor", "min_conf"), "scope": ("sponsor", "min_conf", "kinds")}


@lru_cache(maxsize=None)
def binds(name: str) -> frozenset[str]:
    """The ``$parameters`` in a named query's text."""
    return frozenset(re.findall(r"\$([A-Za-z_][A-Za-z0-9_]*)", sql(name)))


@lru_cache(maxsize=None)
def parameters(name: str) -> frozenset[str]:
    """The parameters a caller passes to a named query: its ``$parameters``, with a derived one
    (``DERIVED``) replaced by those it is computed from."""
    bound = binds(name)
    return (bound - DERIVED.keys()).union(*(DERIVED[d] for d in bound & DERIVED.keys()))


def network(con: duckdb.DuckDBPyConnection, sponsor: str | None, min_conf: int) -> list[str] | None:
    """The ids of the sponsor's network (``meta/network``), or None when no sponsor is chosen."""
    if sponsor is None:
        return None
    return run(con, "meta/network", sponsor=sponsor, min_conf=min_conf)["actor_id"].tolist()


class Involvement:
    """Who each event involves (``meta/involvement``) as two columns of numbers, read once per data
    (``Snapshot`` keeps it): a sponsor's event scope is then a lookup in numpy. At 1M events the
    semi-join of every event on the network's actors it replaces took ~450 ms for each sponsor chosen."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        pairs = run(con, "meta/involvement")
        self.actor_rows = pairs["actor_row"].to_numpy(np.int64)
        self.event_rows = pairs["event_row"].to_numpy(np.int64)
        counts = run(con, "meta/row_counts").iloc[0]
        self.actors, self.events = int(counts["actors"]), int(counts["events"])
        self.nbytes = self.actor_rows.nbytes + self.event_rows.nbytes  # for the snapshot's memo

    def scope(self, con: duckdb.DuckDBPyConnection, network: list[str] | None, kinds: list[str], min_conf: int) -> str:
        """The bit string of the events that involve an actor the network and kinds keep."""
        if self.events == 0:  # no events at all: a bit string cannot be empty, and no rowid will test it
            return "0"
        kept = np.zeros(self.actors, bool)
        kept[run(con, "meta/scope_actors", network=network, kinds=list(kinds), min_conf=min_conf)["actor_row"]
             .to_numpy(np.int64)] = True
        bits = np.full(self.events, ord("0"), np.uint8)
        bits[self.event_rows[kept[self.actor_rows]]] = ord("1")
        return bits.tobytes().decode("ascii")


def event_scope(con: duckdb.DuckDBPyConnection, network: list[str] | None, kinds: list[str],
                min_conf: int, involvement: Involvement | None = None) -> str | None:
    """The events the sponsor network and the actor kinds keep, whatever the dates, as the bit string
    ``$scope`` binds: character i is 1 when the event at rowid i involves (as perpetrator, target or claim
    subject) an actor of the network of those kinds. None when neither filter is chosen (every event).
    `involvement`: the data's, when the caller keeps it (else it is read here)."""
    if network is None and not kinds:
        return None
    return (involvement or Involvement(con)).scope(con, network, kinds, min_conf)


def names(folder: str = "") -> list[str]:
    """Named queries in a folder of ``queries/``, sorted (the order model files run in)."""
    base = QUERIES_DIR / folder
    return sorted(str(p.relative_to(QUERIES_DIR).with_suffix("")) for p in base.glob("*.sql"))


def run(con: duckdb.DuckDBPyConnection, name: str, **params) -> pd.DataFrame:
    """Run a named query on its own cursor (safe from any thread) and return a DataFrame.

    Pages pass the sidebar's filters to every query; each query binds the ones it uses.
    A parameter the query needs but was not given is an error, as DuckDB reports it.
    """
    wanted = binds(name)
    if wanted & {"network", "scope"} and "network" not in params:  # the scope is the network's events
        params["network"] = network(con, params.get("sponsor"), params.get("min_conf", 0))
    if "scope" in wanted and "scope" not in params:
        params["scope"] = event_scope(con, params["network"], params.get("kinds", []), params.get("min_conf", 0))
    bound = {k: v for k, v in params.items() if k in wanted}
    cur = con.cursor()
    try:
        return frame(cur.sql(sql(name), params=bound or None).to_arrow_table())
    finally:
        cur.close()


def frame(table: pa.Table) -> pd.DataFrame:
    """A query's Arrow result as the DataFrame DuckDB's ``.df()`` gives, column for column and dtype for
    dtype, made from the Arrow data: ``.df()`` makes a Python str of every text cell and pandas then
    turns them back into Arrow strings, half of a 1M-event Network rerun's largest query (67,000 ties:
    250 -> 140 ms). tests/test_queries.py holds the two equal on every page query."""
    return pd.DataFrame({name: _column(col) for name, col in zip(table.column_names, table.columns)},
                        index=pd.RangeIndex(table.num_rows))


# Arrow integer types and the dtype .df() gives them: numpy's when no cell is NULL, pandas' nullable else.
_NULLABLE_INT = {pa.int8(): pd.Int8Dtype(), pa.int16(): pd.Int16Dtype(), pa.int32(): pd.Int32Dtype(),
                 pa.int64(): pd.Int64Dtype(), pa.uint8(): pd.UInt8Dtype(), pa.uint16(): pd.UInt16Dtype(),
                 pa.uint32(): pd.UInt32Dtype(), pa.uint64(): pd.UInt64Dtype()}


def _column(col: pa.ChunkedArray):
    t = col.type
    if (pa.types.is_string(t) or pa.types.is_large_string(t)) and col.null_count == len(col):
        return np.array([None] * len(col), dtype=object)  # as .df() gives text with no value (or no rows)
    if t in _NULLABLE_INT:
        return col.to_numpy() if col.null_count == 0 else pd.array(col.to_pandas(types_mapper={t: _NULLABLE_INT[t]}.get))
    if pa.types.is_boolean(t):
        return col.to_numpy() if col.null_count == 0 else pd.array(col.to_pandas(types_mapper={t: pd.BooleanDtype()}.get))
    if pa.types.is_date(t) or pa.types.is_timestamp(t) and t.tz is None:
        return col.cast(pa.timestamp("us")).to_pandas().to_numpy()
    if pa.types.is_decimal(t):  # .df() gives DECIMAL and HUGEINT as float64
        return col.cast(pa.float64()).to_numpy()
    return col.to_pandas()


_CREATE = re.compile(r"^CREATE TABLE (\w+) AS\n", re.M)
_END = re.compile(r"^(?!\s*--).*;\s*$", re.M)


@lru_cache(maxsize=None)
def builds(name: str) -> dict[str, str]:
    """The tables a model script creates, each with the query that builds it (its ``CREATE TABLE t AS``
    statement without the head), for a load that builds some of them again over a few rows
    (proxyatlas/row_edit.py)."""
    text = sql(name)
    out = {}
    for m in _CREATE.finditer(text):
        end = _END.search(text, m.end())
        out[m.group(1)] = text[m.end():end.end()].rstrip().rstrip(";")
    return out


def script(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """Run a named multi-statement script (DDL) that takes no parameters."""
    con.execute(sql(name))
