"""Where things are in a CSV file's text, for problems that name a line: the line each record
starts on, and the record whose quote never closes. Python's csv module reads the text as an
editor shows it; DuckDB's reader (loader.py) reads the cells.
"""

from __future__ import annotations

import csv
import io
import sys

from .problems import Problem

# A long description is no error: the csv module's cap of 131,072 characters per cell would stop
# the line mapping there, and with it the line numbers of every problem after that cell.
csv.field_size_limit(sys.maxsize)


def record_lines(text: str) -> list[int]:
    """Start line of every record as a text editor numbers lines; index 0 is the header."""
    starts, line = [], 1
    reader = csv.reader(io.StringIO(text))
    try:
        for record in reader:
            if record:
                starts.append(line)
            line = reader.line_num + 1
    except csv.Error:
        pass
    return starts


def unterminated_quote(file: str, text: str, records_before: int) -> Problem:
    """The problem of a record whose opening quote never closes: it runs to the end of the file.

    DuckDB's reader drops such a record without a word; the loader tells that it did (its end marker,
    loader._read_table) and this finds where the record starts, as the csv module in strict mode reads
    the text. A quote inside an unquoted cell (12" pipe) is a literal character to both readers.
    After text that follows a closing quote the two readers resume differently: where the csv module
    sees no open quote at the end, the record is the one after the `records_before` DuckDB read.
    """
    start = _unclosed_record(text)
    if start is None:
        starts = record_lines(text)
        line = starts[records_before + 1] if records_before + 1 < len(starts) else None
        return Problem(file, line, None, None, _CLOSING, "unterminated quote")
    end = text.find("\n", start)
    shown = text[start:end if end >= 0 else len(text)].removesuffix("\r")
    return Problem(file, text.count("\n", 0, start) + 1, None, shown[:200], _CLOSING, "unterminated quote")


_CLOSING = 'a closing double quote (") for every opening one'


def _unclosed_record(text: str) -> int | None:
    """Where the record the csv module reaches the end of the text in starts, if it does."""
    reader = csv.reader(io.StringIO(text), strict=True)
    line = 1
    while True:
        try:
            next(reader)
        except StopIteration:
            return None
        except csv.Error as err:
            if "unexpected end of data" in str(err):
                return _line_start(text, line)
        line = reader.line_num + 1


def _line_start(text: str, line: int) -> int:
    pos = 0
    for _ in range(line - 1):
        pos = text.index("\n", pos) + 1
    return pos
