"""CSV downloads that a spreadsheet cannot execute.

OWASP's CSV injection guidance: a text cell that begins with ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return may be read as a formula; prefix it with a single quote so it is
read as text. Every other cell is written exactly as it is (numbers stay numbers).
"""

from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def inert(value: object) -> object:
    """The cell as a spreadsheet will show it but never evaluate it."""
    if isinstance(value, str) and value.startswith(_TRIGGERS):
        return "'" + value
    return value


def _cell(value: object) -> object:
    if isinstance(value, (list, tuple, np.ndarray)):  # DuckDB lists arrive as numpy arrays
        return inert(";".join(str(v) for v in value))
    if value is None or pd.isna(value):
        return ""
    # Numbers are written as numbers: -77.04 is a longitude, not a formula.
    return inert(value) if isinstance(value, str) else str(value)


def to_csv(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV (with a BOM, so Excel reads the encoding right) of a table, made inert."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([inert(str(c)) for c in frame.columns])
    for row in frame.itertuples(index=False, name=None):
        writer.writerow([_cell(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
