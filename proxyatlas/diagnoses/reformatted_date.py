"""A date rewritten in a spreadsheet's local pattern: 2019-01-24 saved as 1/24/2019, 24/01/2019 or 24.01.19.

The contract's dates are ISO (YYYY-MM-DD). A spreadsheet that took a cell for a date writes it back as
its language shows dates: month first in English (USA), day first in most others, with dots in German.
The date it was is named when only one reading is a day of the calendar; otherwise both are, for the
analyst to check against the source (day-first dates are never guessed).
"""

from __future__ import annotations

import re
from datetime import date

from . import GUIDE

_DOTS = re.compile(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{2}|[0-9]{4})")
_SLASHES = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{2}|[0-9]{4})")


def diagnose(problem, evidence) -> str | None:
    field = evidence.field(problem)
    value = (problem.value or "").strip()
    if field is None or field.format != "partial-date":
        return None
    if found := _DOTS.fullmatch(value):
        readings = {_day(found[3], found[2], found[1]): "day first"}
    elif found := _SLASHES.fullmatch(value):
        readings = {_day(found[3], found[1], found[2]): "month first, as English (USA) writes it",
                    _day(found[3], found[2], found[1]): "day first, as most other languages write it"}
    else:
        return None
    days = {d: how for d, how in readings.items() if d is not None}
    if not days:
        return None
    short = " (the spreadsheet shortened the year to two digits)" if len(found[3]) == 2 else ""
    how_to = f"Write it as YYYY-MM-DD, and open the file with the date columns as Text ({GUIDE})"
    if len(days) == 1:
        return f"probably {next(iter(days))}{short}: a spreadsheet rewrote the date in its language's pattern. {how_to}"
    either = " or ".join(f"{d} ({how})" for d, how in days.items())
    return (f"a spreadsheet rewrote the date in its language's pattern, and it can be read two ways: {either}; "
            f"check the source{short}. {how_to}")


def _day(year: str, month: str, day: str) -> str | None:
    # Two-digit years as Excel and LibreOffice read them by default: 30-99 are 19xx, 00-29 are 20xx.
    y = int(year) if len(year) == 4 else (1900 if int(year) >= 30 else 2000) + int(year)
    try:
        return date(y, int(month), int(day)).isoformat()
    except ValueError:
        return None
