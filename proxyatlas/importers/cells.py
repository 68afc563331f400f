"""One export row's cells parsed into the contract's terms, every bad cell a located problem.

A ``Row`` is a row of an export with its file and line; its methods return the parsed value, or
``None`` after recording a problem naming the column, so a whole file is checked in one pass.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import pycountry

from ..problems import Problem

_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")  # UCDP writes "2023-10-07" or "2023-10-07 00:00:00.000"


@dataclass
class Row:
    file: str
    line: int
    cells: dict[str, str]
    problems: list[Problem] = field(default_factory=list)

    def text(self, column: str) -> str:
        """The cell (``reading`` has trimmed it); '' for a column the export lacks."""
        return self.cells.get(column) or ""

    def problem(self, column: str, expected: str, problem: str) -> None:
        self.problems.append(Problem(self.file, self.line, column, self.text(column), expected, problem))

    def integer(self, column: str, minimum: int | None = None) -> int | None:
        """A whole number ("3" or "3.0"); blank is None, anything else a problem."""
        raw = self.text(column)
        if not raw:
            return None
        try:
            value = float(raw)
        except ValueError:
            value = float("nan")
        if value != value or value != int(value) or (minimum is not None and value < minimum):
            self.problem(column, "a whole number" + (f" of at least {minimum}" if minimum is not None else ""),
                         "not a whole number")
            return None
        return int(value)

    def number(self, column: str, lo: float, hi: float) -> float | None:
        raw = self.text(column)
        if not raw:
            return None
        try:
            value = float(raw)
        except ValueError:
            self.problem(column, f"a number from {lo:g} to {hi:g}", "not a number")
            return None
        if not lo <= value <= hi:
            self.problem(column, f"a number from {lo:g} to {hi:g}", "out of range")
            return None
        return value

    def iso_date(self, column: str) -> date | None:
        """A YYYY-MM-DD date (a time after it is ignored); required."""
        m = _ISO.match(self.text(column))
        if not m:
            self.problem(column, "a date as YYYY-MM-DD", "not a date")
            return None
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            self.problem(column, "a date as YYYY-MM-DD", "no such date")
            return None

    def day_month_year(self, column: str) -> date | None:
        """ACLED's event_date: "16 May 2024" (or "16 Sep 2024"), or ISO "2024-05-16"."""
        raw = self.text(column)
        m = _ISO.fullmatch(raw) or _DMY.fullmatch(raw)
        try:
            if m and m.re is _ISO:
                return date(int(m[1]), int(m[2]), int(m[3]))
            if m and m[2].lower() in _MONTHS:
                return date(int(m[3]), _MONTHS[m[2].lower()], int(m[1]))
        except ValueError:
            pass
        self.problem(column, "a date as '16 May 2024' or 2024-05-16", "not a date")
        return None


_DMY = re.compile(r"(\d{1,2})[ -]([A-Za-z]+)[ -](\d{4})")
_MONTHS = {name.lower(): i for names in (calendar.month_name, calendar.month_abbr)
           for i, name in enumerate(names) if name}


def partial(year: int, month: int | None = None, day: int | None = None) -> tuple[str, str]:
    """A partial date and its precision from what is known: (2024, 5, None) is ('2024-05', 'month')."""
    if month and day:
        return f"{year:04d}-{month:02d}-{day:02d}", "day"
    if month:
        return f"{year:04d}-{month:02d}", "month"
    return f"{year:04d}", "year"


def valid_day(year: int, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


def span(start: date, end: date) -> tuple[str, str, str]:
    """(date, end_date, precision) for an event known only to lie between two days."""
    if start == end:
        return start.isoformat(), "", "day"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start:%Y-%m}", "", "month"
    if start.year == end.year:
        return f"{start:%Y}", "", "year"
    return f"{start:%Y}", f"{end:%Y}", "year"


@lru_cache(maxsize=None)
def iso3_from_numeric(code: int | None) -> str:
    """ISO 3166-1 alpha-3 for a numeric code (ACLED's ``iso``); '' when unassigned or absent."""
    if not code:
        return ""
    country = pycountry.countries.get(numeric=f"{code:03d}")
    return country.alpha_3 if country else ""


@lru_cache(maxsize=None)
def iso3_from_name(name: str) -> str:
    """ISO 3166-1 alpha-3 for a country's English name (GTD's ``country_txt``); '' when unknown."""
    try:
        return pycountry.countries.lookup(name).alpha_3 if name else ""
    except LookupError:
        return ""


def number_text(value: float | None) -> str:
    return "" if value is None else f"{value:g}"
