"""An id in scientific notation: a long number such as 123456789012 saved by Excel as 1.23457E+11.

A spreadsheet keeps about fifteen significant digits of a number and shows a long one in scientific
notation; saved as CSV, the id is what was shown, and the digits it dropped are not in the file.
"""

from __future__ import annotations

import re

from . import GUIDE

_SCIENTIFIC = re.compile(r"[+-]?[0-9]([.,][0-9]+)?E[+-]?[0-9]+", re.IGNORECASE)


def diagnose(problem, evidence) -> str | None:
    field = evidence.field(problem)
    value = (problem.value or "").strip()
    if field is None or field.type in ("number", "integer") or not _SCIENTIFIC.fullmatch(value):
        return None
    return (f"a spreadsheet took the id for a number and saved it in scientific notation ({value} is "
            f"{float(value.replace(',', '.')):.0f} rounded); the digits it dropped are not in this file. "
            f"Take the id from the last good file, and open the file with the id columns as Text ({GUIDE})")
