"""Results of pure functions of tables, kept by what the tables hold rather than by which object holds them.

A new view of the data is a new query result, a new DataFrame, even when it holds the same rows: moving
the Timeline's "From" date back a day leaves its latest 2,000 events as they were. `memo` keeps the
tables a chart draws from such rows (cleaned text, dates in words, ISO extents: tens of milliseconds for
2,000 rows) under a digest of their input's cells, index, columns and types, so equal input is not
worked out again, whichever session or data version it came from. The digest costs about two milliseconds
for 2,000 rows. What it returns is shared: treat it as read-only.
"""

from __future__ import annotations

import functools
import hashlib
import threading
from collections import OrderedDict
from typing import Callable, Iterator, TypeVar

import numpy as np
import pandas as pd
import pyarrow as pa

T = TypeVar("T")


def _listed(value: object) -> object:
    return repr(list(value)) if isinstance(value, (list, tuple, np.ndarray)) else value


def _arrow_backed(kind: object) -> bool:
    return isinstance(kind, pd.ArrowDtype) or (isinstance(kind, pd.StringDtype) and kind.storage == "pyarrow")


def _cells(values: pd.Series) -> Iterator[bytes | memoryview | pa.Buffer]:
    """What determines a column's cells. An Arrow-backed column (the data layer's text) gives its Arrow
    buffers with the offset and length read from them: no cell is copied out as a Python string, which was
    most of a digest's time (a sliced column hashes its parent's buffers: a miss at worst, never a false hit).
    Any other column gives a hash per cell (a list in a cell by its items)."""
    if _arrow_backed(values.dtype):
        arrow = pa.array(values)
        chunks = arrow.chunks if isinstance(arrow, pa.ChunkedArray) else [arrow]
        for chunk in chunks:
            yield np.array([chunk.offset, len(chunk)], dtype=np.int64).tobytes()
            for buffer in chunk.buffers():
                yield b"-" if buffer is None else np.array([buffer.size], dtype=np.int64).tobytes()
                if buffer is not None:
                    yield buffer
        return
    try:
        rows = pd.util.hash_pandas_object(values, index=False, categorize=False)
    except (TypeError, ValueError):  # lists in a column: hashed by their items' text
        rows = pd.util.hash_pandas_object(values.map(_listed), index=False, categorize=False)
    yield rows.to_numpy().tobytes()


def digest(frame: pd.DataFrame) -> bytes:
    """A digest of every cell, the index, the column names and their types (a list in a cell by its items)."""
    h = hashlib.blake2b(digest_size=20)
    h.update(repr([(str(name), str(kind)) for name, kind in frame.dtypes.items()]).encode())
    h.update(pd.util.hash_pandas_object(frame.index, categorize=False).to_numpy().tobytes())
    for _, values in frame.items():
        for part in _cells(values):
            h.update(part)
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
