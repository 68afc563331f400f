"""A number saved with a decimal comma: 25.937 written back as 25,937.

A spreadsheet whose locale writes decimals with a comma (German, French, ...) saves every number
that way, even when it read the number right (the import language set to English (USA)).
"""

from __future__ import annotations

import re

from . import GUIDE

_COMMA = re.compile(r"(-?[0-9]+),([0-9]+)")


def diagnose(problem, evidence) -> str | None:
    field = evidence.field(problem)
    found = _COMMA.fullmatch((problem.value or "").strip())
    if field is None or field.type != "number" or not found or not _within(field, float(f"{found[1]}.{found[2]}")):
        return None
    return (f"probably {found[1]}.{found[2]}: a spreadsheet whose locale writes decimals with a comma "
            f"(German, for one) saved the number that way. Write the point back, and open the file with every "
            f"column as Text, or set the spreadsheet's locale to English (USA) ({GUIDE})")


def _within(field, value: float) -> bool:
    return (field.minimum is None or value >= field.minimum) and (field.maximum is None or value <= field.maximum)
