"""What validation reports: one problem per bad cell, located as a text editor shows it."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int | None  # as a text editor numbers it: the header is line 1
    column: str | None  # the header name, or a position when the row has no header for it
    value: str | None
    expected: str
    problem: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
        if self.column:
            where += f" column {self.column}"
        shown = "" if self.value is None else f" {_show(self.value)}"
        return f"{where}: {self.problem}{shown}; expected {self.expected}"

    def as_dict(self) -> dict:
        return asdict(self)


def _show(value: str, limit: int = 80) -> str:
    value = value if len(value) <= limit else value[: limit - 1] + "…"
    return repr(value)
