"""What validation reports: one problem per bad cell, located as a text editor shows it."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int | None  # as a text editor numbers it: the header is line 1
    column: str | None  # the header name, or a position when the row has no header for it
    value: str | None
    expected: str
    problem: str
    # The probable cause, when the value looks like known damage (a spreadsheet's re-save), and how to
    # avoid it: set by proxyatlas.diagnoses. Commentary on the problem, not part of what it is.
    diagnosis: str | None = field(default=None, compare=False)

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
        if self.column:
            where += f" column {self.column}"
        shown = "" if self.value is None else f" {_show(self.value)}"
        said = f"{where}: {self.problem}{shown}; expected {self.expected}"
        return f"{said} — {self.diagnosis}" if self.diagnosis else said

    def as_dict(self) -> dict:
        return asdict(self)


def _show(value: str, limit: int = 80) -> str:
    value = value if len(value) <= limit else value[: limit - 1] + "…"
    return repr(value)
