"""A decimal read as a thousands separator: 25.937 opened in German comes back as 25937.

LibreOffice and Excel set to a language that writes a thousand as 1.000 (German, Dutch, Italian,
...) read '25.937' as twenty-five thousand; '35.6892' does not fit the pattern and stays as it was.
So an out-of-range whole number of four digits or more, that a thousandth of would be in range,
is that damage.
"""

from __future__ import annotations

import re

from . import GUIDE

_WHOLE = re.compile(r"-?[0-9]{4,}")


def diagnose(problem, evidence) -> str | None:
    field = evidence.field(problem)
    if problem.problem != "out of range" or field is None or not _WHOLE.fullmatch((problem.value or "").strip()):
        return None
    digits = problem.value.strip()
    was = f"{digits[:-3]}.{digits[-3:]}"
    lo = float("-inf") if field.minimum is None else field.minimum
    hi = float("inf") if field.maximum is None else field.maximum
    if not lo <= float(was) <= hi:
        return None
    return (f"probably {was}: a spreadsheet set to a language that writes a thousand as 1.000 (German, for one) "
            "read the decimal point as a thousands separator. Write the point back, and open the file with every "
            f"column as Text ({GUIDE})")
