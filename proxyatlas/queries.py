"""Named queries: every SQL statement the app runs is a file in ``queries/``.

A query is called by its name (its path under ``queries/`` without ``.sql``) with
bound parameters (``$name`` in the file). No SQL text is ever built from input.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import duckdb
import pandas as pd

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


@lru_cache(maxsize=None)
def parameters(name: str) -> frozenset[str]:
    """The ``$parameters`` a named query binds."""
    return frozenset(re.findall(r"\$([A-Za-z_][A-Za-z0-9_]*)", sql(name)))


def names(folder: str = "") -> list[str]:
    """Named queries in a folder of ``queries/``, sorted (the order model files run in)."""
    base = QUERIES_DIR / folder
    return sorted(str(p.relative_to(QUERIES_DIR).with_suffix("")) for p in base.glob("*.sql"))


def run(con: duckdb.DuckDBPyConnection, name: str, **params) -> pd.DataFrame:
    """Run a named query on its own cursor (safe from any thread) and return a DataFrame.

    Pages pass the sidebar's filters to every query; each query binds the ones it uses.
    A parameter the query needs but was not given is an error, as DuckDB reports it.
    """
    wanted = parameters(name)
    bound = {k: v for k, v in params.items() if k in wanted}
    cur = con.cursor()
    try:
        return cur.execute(sql(name), bound or None).df()
    finally:
        cur.close()


def script(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """Run a named multi-statement script (DDL) that takes no parameters."""
    con.execute(sql(name))
