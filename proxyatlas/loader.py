"""From a folder of CSV files to a ready, read-only DuckDB database, or a list of problems.

The steps, each a named query in ``queries/``:

1. take a consistent snapshot of the files (all bytes from one fingerprint) into a
   private folder, so an analyst saving mid-load cannot give us a mix of versions;
2. check each file is UTF-8 and its header names the contract's columns;
3. read every file as text (``load/read_csv``), rows that do not parse go to the rejects;
4. run every check in ``queries/checks/`` over all cells at once;
5. when nothing is wrong, build the typed model (``queries/model/``) under the marking ceiling.
"""

from __future__ import annotations

import csv
import difflib
import io
import os
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd
import pycountry

from . import diagnoses, garbled, queries, schema
from .markings import level
from .problems import Problem

Fingerprint = tuple[tuple[str, int, int], ...]

# A long description is no error: the csv module's cap of 131,072 characters per cell would stop
# the line mapping there, and with it the line numbers of every problem after that cell.
csv.field_size_limit(sys.maxsize)

_CELL_COUNT = "{width} cells separated by commas, as many as the header has"
# Rows DuckDB's reader rejects, by its error type: (the problem in our words, what is expected).
# With every column read as text and the bytes checked as UTF-8 first, these are the ones that occur.
REJECTED_ROWS = {
    "TOO MANY COLUMNS": ("too many columns", _CELL_COUNT),
    "MISSING COLUMNS": ("missing columns", _CELL_COUNT),
    "UNQUOTED VALUE": ("text after a closing quote",
                       'a cell wholly inside double quotes, with a quote inside it written twice ("")'),
}


@dataclass
class LoadResult:
    fingerprint: Fingerprint
    problems: list[Problem]
    con: duckdb.DuckDBPyConnection | None = None  # set when there are no problems
    seconds: float = 0.0
    row_counts: dict[str, int] = field(default_factory=dict)


def fingerprint(data_dir: Path, package: schema.Package | None = None) -> Fingerprint:
    """(file, size, mtime_ns) of each data file: cheap to take on every rerun."""
    package = package or schema.load()
    out = []
    for res in package.resources:
        try:
            st = os.stat(data_dir / res.path)
            out.append((res.path, st.st_size, st.st_mtime_ns))
        except FileNotFoundError:
            out.append((res.path, -1, -1))
    return tuple(out)


def _snapshot(data_dir: Path, package: schema.Package, tries: int = 20) -> tuple[Fingerprint, dict[str, bytes | None]]:
    """Read every file's bytes such that none changed while we read them."""
    for _ in range(tries):
        before = fingerprint(data_dir, package)
        blobs: dict[str, bytes | None] = {}
        for res in package.resources:
            try:
                blobs[res.path] = (data_dir / res.path).read_bytes()
            except FileNotFoundError:
                blobs[res.path] = None
        if fingerprint(data_dir, package) == before:
            return before, blobs
        time.sleep(0.05)
    return before, blobs  # still moving: validation will judge what we got


def _utf8(file: str, blob: bytes) -> tuple[str | None, Problem | None]:
    try:
        return blob.decode("utf-8-sig"), None
    except UnicodeDecodeError as err:
        # utf-8-sig counts positions from after a byte-order mark (Excel's "CSV UTF-8" writes one).
        skip = 3 if blob.startswith(b"\xef\xbb\xbf") else 0
        before = blob[skip:skip + err.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        bad = blob[skip + err.start:skip + err.end].hex(" ")
        return None, Problem(
            file, line, f"character {col}", f"byte {bad}",
            "UTF-8 text (in Excel: Save As 'CSV UTF-8 (Comma delimited)'; in LibreOffice: character set 'Unicode (UTF-8)')",
            "file is not UTF-8",
        )


def _header(file: str, text: str, res: schema.Resource) -> tuple[list[str], list[Problem]]:
    first = next(csv.reader(io.StringIO(text)), [])
    header = [h.strip() for h in first]
    problems = []
    known = set(res.field_names)
    seen: set[str] = set()
    for i, name in enumerate(header, start=1):
        if name in seen:
            problems.append(Problem(file, 1, f"position {i}", name, "each column named once", "duplicate column"))
        seen.add(name)
    missing = [f for f in res.fields if f.name not in seen]
    former = {old.replaced_by: old for old in res.former_fields if old.name in seen}
    for f in missing:
        if f.name in former:
            old = former[f.name]
            problems.append(Problem(file, 1, old.name, old.name,
                                    f"the column {f.name!r} of {old.since}; convert the file with: {old.convert}",
                                    "column of an older contract"))
            continue
        guess = difflib.get_close_matches(f.name, [h for h in header if h not in known], n=1, cutoff=0.75)
        if guess:
            problems.append(Problem(file, 1, guess[0], guess[0], f"the column name {f.name!r}", "misspelled column"))
        elif f.required:
            problems.append(Problem(file, 1, f.name, None, f"a column named {f.name!r}", "missing required column"))
    if not header or not any(header):
        problems.append(Problem(file, 1, None, None, "a header row: " + ",".join(res.field_names), "missing header"))
    return header, problems


def _record_lines(text: str) -> list[int]:
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


class _Lines:
    """Maps a record number of the raw table to the line a text editor shows, lazily."""

    def __init__(self, texts: dict[str, str], rejected: dict[str, set[int]]):
        self._texts, self._rejected, self._maps = texts, rejected, {}

    def record(self, file: str, record: int) -> int | None:
        starts = self._starts(file)
        return starts[record] if 0 <= record < len(starts) else None

    def row(self, file: str, row: int) -> int | None:
        """Raw-table rows skip rejected records: the n-th row is the n-th record that parsed."""
        rejected = self._rejected.get(file, set())
        record, seen = 0, 0
        while seen < row:
            record += 1
            if record not in rejected:
                seen += 1
            if record > row + len(rejected):
                return None
        return self.record(file, record)

    def _starts(self, file: str) -> list[int]:
        if file not in self._maps:
            self._maps[file] = _record_lines(self._texts.get(file, ""))
        return self._maps[file]


def _countries() -> pd.DataFrame:
    return pd.DataFrame({"alpha3": sorted(c.alpha_3 for c in pycountry.countries)})


def _new_database(package: schema.Package, max_level: int) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:", config={"threads": 2})
    queries.script(con, "load/macros")
    con.execute("CREATE TABLE settings AS SELECT $max_level AS max_level", {"max_level": max_level})
    for name, frame in (
        ("contract_fields", package.fields_frame()),
        ("contract_foreign_keys", package.foreign_keys_frame()),
        ("contract_date_orders", package.date_orders_frame()),
        ("contract_unique_keys", package.unique_keys_frame()),
        ("countries", _countries()),
    ):
        con.from_df(frame).create(name)
    con.execute("CREATE TABLE cells (field_id INTEGER, _row BIGINT, value VARCHAR)")
    # Files that could not be read at all: references into them are not reported one by one.
    con.execute("CREATE TABLE unreadable (resource VARCHAR)")
    return con


def load(data_dir: Path | str, max_marking: str = "TLP:CLEAR", package: schema.Package | None = None) -> LoadResult:
    """Load and validate a data folder. On success ``con`` is ready; else ``problems`` says why."""
    started = time.perf_counter()
    data_dir = Path(data_dir)
    package = package or schema.load()
    fp, blobs = _snapshot(data_dir, package)
    con = _new_database(package, level(max_marking))
    problems: list[Problem] = []
    texts: dict[str, str] = {}
    rejected: dict[str, set[int]] = {}
    counts: dict[str, int] = {}

    with tempfile.TemporaryDirectory(prefix="proxyatlas-") as tmp:
        for res in package.resources:
            header: list[str] = []
            blob = blobs[res.path]
            if blob is None and res.optional:
                pass  # an optional file left out has no rows, and nothing is wrong
            elif blob is None:
                problems.append(Problem(res.path, None, None, None, f"a file {res.path} in {data_dir}", "file is missing"))
            else:
                text, bad = _utf8(res.path, blob)
                if bad:
                    problems.append(bad)
                else:
                    texts[res.path] = text
                    header, header_problems = _header(res.path, text, res)
                    problems += header_problems
                    if header_problems:
                        header = []
            if not header and not (blob is None and res.optional):
                con.execute("INSERT INTO unreadable VALUES ($r)", {"r": res.name})
            _read_table(con, res, header, blob if header else None, Path(tmp), problems, rejected)
            counts[res.name] = con.execute("SELECT count(*) FROM query_table($t)", {"t": f"raw_{res.name}"}).fetchone()[0]
            con.execute(queries.sql("load/cells"), {"resource": res.name, "table": f"raw_{res.name}"})

    problems += [p for p in (garbled.find(file, text) for file, text in texts.items()) if p]
    lines = _Lines(texts, rejected)
    problems += _run_checks(con, package, lines)
    if problems:
        problems = diagnoses.explain(problems, diagnoses.Evidence(package, blobs, con))
        con.close()
        return LoadResult(fp, sorted(problems, key=_order), None, time.perf_counter() - started, counts)

    for name in queries.names("model"):
        queries.script(con, name)
    for res in package.resources:
        con.execute(f'DROP TABLE "raw_{res.name}"')
    con.execute("DROP TABLE cells; DROP TABLE unreadable")
    return LoadResult(fp, [], con, time.perf_counter() - started, counts)


def _read_table(con, res: schema.Resource, header: list[str], blob: bytes | None, tmp: Path,
                problems: list[Problem], rejected: dict[str, set[int]]) -> None:
    """raw_<name>: the file's cells as text, every contract column present (empty if absent)."""
    table = f"raw_{res.name}"
    if blob is None:
        cols = ", ".join(f'NULL::VARCHAR AS "{f}"' for f in res.field_names)
        con.execute(f'CREATE TABLE "{table}" AS SELECT 0::BIGINT AS _row, {cols} LIMIT 0')
        return
    path = tmp / res.path
    path.write_bytes(blob)
    columns = {name: "VARCHAR" for name in header}
    con.sql(queries.sql("load/read_csv"), params={"path": str(path), "columns": columns}).create(table)
    for f in res.field_names:
        if f not in columns:
            con.execute(f'ALTER TABLE "{table}" ADD COLUMN "{f}" VARCHAR')
    rejects = con.execute(queries.sql("load/rejects")).df()  # temp tables: this connection only
    con.execute("DROP TABLE load_reject_errors; DROP TABLE load_reject_scans")
    text = blob.decode("utf-8-sig")
    unterminated = _unterminated_quote(res.path, text)
    if unterminated:
        # The CSV reader drops a record whose quote never closes at the end of the file without a word.
        problems.append(unterminated)
    if rejects.empty:
        return
    starts = _record_lines(text)
    rejected[res.path] = set()
    for r in rejects.itertuples():
        record = int(r.record) - 1  # the reader counts the header as line 1 and a record as one line
        rejected[res.path].add(record)
        line = starts[record] if 0 <= record < len(starts) else None
        column = r.column_name if isinstance(r.column_name, str) else f"position {int(r.column_idx)}"
        kind = str(r.error_type).upper().replace("_", " ")
        problem, expected = REJECTED_ROWS.get(kind, (kind.lower(), str(r.error_message)))
        problems.append(Problem(res.path, line, column, str(r.csv_line).strip()[:200],
                                expected.format(width=len(header)), problem))


def _unterminated_quote(file: str, text: str) -> Problem | None:
    """The record whose opening quote never closes, if there is one: it runs to the end of the file.

    A quote inside an unquoted cell (12" pipe) is a literal character to both readers, not an error.
    """
    reader = csv.reader(io.StringIO(text), strict=True)
    start = 1
    while True:
        try:
            next(reader)
        except StopIteration:
            return None
        except csv.Error as err:
            if "unexpected end of data" in str(err):
                return Problem(file, start, None, text.splitlines()[start - 1][:200],
                               'a closing double quote (") for every opening one', "unterminated quote")
        start = reader.line_num + 1


def _run_checks(con, package: schema.Package, lines: _Lines) -> list[Problem]:
    file_of = {r.name: r.path for r in package.resources}
    problems = []
    for name in queries.names("checks"):
        found = queries.run(con, name).rename(columns={"_row": "row"})
        for row in found.itertuples(index=False):
            file = file_of[row.resource]
            message = row.problem
            if not pd.isna(row.other_row):
                message += f" (first on line {lines.row(file, int(row.other_row))})"
            problems.append(Problem(file, lines.row(file, int(row.row)), row.field,
                                    None if pd.isna(row.value) else str(row.value), row.expected, message))
    return problems


def _order(p: Problem):
    return (p.file, p.line or 0, p.column or "", p.problem)
