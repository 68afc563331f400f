"""Results of pure functions of tables, kept by what the tables hold rather than by which object holds them.

A new view of the data is a new query result, a new DataFrame, even when it holds the same rows: moving
the Timeline's "From" date back a day leaves its latest 2,000 events as they were. `memo` keeps the
tables a chart draws from such rows (cleaned text, dates in words, ISO extents: tens of milliseconds for
2,000 rows) under a digest of their input's cells, index, columns and types, so equal input is not
worked out again, whichever session or data version it came from. The digest costs about a millisecond
for 2,000 rows. What it returns is shared: treat it as read-only.
"""

from __future__ import annotations

import functools
import hashlib
import threading
from collections import OrderedDict
from typing import Callable, TypeVar

import numpy as np
import pandas as pd

T = TypeVar("T")


def _listed(value: object) -> object:
    return repr(list(value)) if isinstance(value, (list, tuple, np.ndarray)) else value


def digest(frame: pd.DataFrame) -> bytes:
    """A digest of every cell, the index, the column names and their types (a list in a cell by its items)."""
    try:
        rows = pd.util.hash_pandas_object(frame, index=True, categorize=False)
    except (TypeError, ValueError):  # lists in a column: hashed by their items' text
        lists = {name: frame[name].map(_listed) for name, kind in frame.dtypes.items() if kind == object}
        rows = pd.util.hash_pandas_object(frame.assign(**lists), index=True, categorize=False)
    h = hashlib.blake2b(digest_size=20)
    h.update(repr([(str(name), str(kind)) for name, kind in frame.dtypes.items()]).encode())
    h.update(rows.to_numpy().tobytes())
    return h.digest()


def memo(size: int = 16) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """Keep the last `size` results of a function whose DataFrame arguments are keyed by `digest`
    (its other arguments must be hashable)."""

    def wrap(fn: Callable[..., T]) -> Callable[..., T]:
        kept: OrderedDict = OrderedDict()
        lock = threading.Lock()

        @functools.wraps(fn)
        def call(*args, **kwargs):
            digests = {id(a): digest(a) for a in (*args, *kwargs.values()) if isinstance(a, pd.DataFrame)}
            key = (tuple(digests[id(a)] if isinstance(a, pd.DataFrame) else a for a in args),
                   tuple((k, digests[id(v)] if isinstance(v, pd.DataFrame) else v) for k, v in sorted(kwargs.items())))
            with lock:
                if key in kept:
                    kept.move_to_end(key)
                    return kept[key]
            value = fn(*args, **kwargs)
            with lock:
                kept[key] = value
                while len(kept) > size:
                    kept.popitem(last=False)
            return value

        call.cache_clear = kept.clear  # type: ignore[attr-defined]
        return call

    return wrap
