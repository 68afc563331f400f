"""A number saved with a thousands separator: 1200 written back as 1,200.

A spreadsheet saves a cell as it shows it; a whole number formatted with separators in English
(USA) is saved as '1,200'. A comma before three digits in a whole-number column is that.
"""

from __future__ import annotations

import re

from . import GUIDE

_GROUPED = re.compile(r"-?[0-9]{1,3}(,[0-9]{3})+")


def diagnose(problem, evidence) -> str | None:
    field = evidence.field(problem)
    value = (problem.value or "").strip()
    if field is None or field.type != "integer" or not _GROUPED.fullmatch(value):
        return None
    return (f"probably {value.replace(',', '')}: a spreadsheet saved the number as it shows it, with a thousands "
            f"separator. Write it without, and open the file with every column as Text ({GUIDE})")
