"""Reading a dataset's export: the file decoded, its header checked, every row with its line.

Everything wrong is collected in one pass and the import is refused with all of it, each
problem naming the file, the line as a text editor numbers it, and the column.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from ..problems import Problem


class Refused(Exception):
    """The export cannot be imported as it is; nothing was written."""

    def __init__(self, problems: list[Problem], heading: str = ""):
        super().__init__("\n".join([heading, *map(str, problems)] if heading else map(str, problems)))
        self.problems, self.heading = problems, heading


@dataclass
class Export:
    file: str  # as the analyst named it, for messages
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (line, cells by column name, spaces around them trimmed)
    sha256: str = ""


def decode(file: str, blob: bytes, encoding: str) -> str:
    """The file's text; a byte the encoding cannot read is refused with its line and character."""
    codec = "utf-8-sig" if encoding.replace("_", "-").lower() in ("utf-8", "utf8") else encoding
    try:
        return blob.decode(codec)
    except UnicodeDecodeError as err:
        skip = 3 if codec == "utf-8-sig" and blob.startswith(b"\xef\xbb\xbf") else 0
        before = blob[skip:skip + err.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        bad = blob[skip + err.start:skip + err.end].hex(" ")
        raise Refused([Problem(file, line, f"character {col}", f"byte {bad}",
                               f"text in {encoding} (if the export is in another encoding, give it with --encoding)",
                               "file is not " + encoding)]) from err


def read(path: Path, needed: tuple[str, ...], encoding: str = "utf-8", name: str | None = None) -> Export:
    """The export's rows, or ``Refused`` naming every missing column and malformed row."""
    file = name or str(path)
    blob = path.read_bytes()
    text = decode(file, blob, encoding)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise Refused([Problem(file, 1, None, None, "a header row: " + ",".join(needed), "missing header")]) from None
    problems = [Problem(file, 1, col, None, f"a column named {col!r}, as the dataset's codebook names it",
                        "missing column") for col in needed if col not in header]
    rows: list[tuple[int, dict[str, str]]] = []
    line = reader.line_num + 1
    try:
        for record in reader:
            if any(cell.strip() for cell in record):
                if len(record) != len(header):
                    problems.append(Problem(file, line, None, f"{len(record)} cells",
                                            f"{len(header)} cells, as many as the header has", "wrong number of cells"))
                else:
                    rows.append((line, dict(zip(header, map(str.strip, record)))))
            line = reader.line_num + 1
    except csv.Error as err:
        problems.append(Problem(file, line, None, None, "well-formed CSV", f"unreadable row ({err})"))
    if problems:
        raise Refused(problems)
    return Export(file, header, rows, hashlib.sha256(blob).hexdigest())
