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
import dataclasses
import difflib
import hashlib
import io
import os
import re
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pycountry

from . import csv_text, diagnoses, garbled, queries, row_edit, schema
from .markings import level
from .problems import Problem

Fingerprint = tuple[tuple[str, int, int], ...]

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
    files: dict[str, "FileRead"] = field(default_factory=dict)  # each file as read: what the next load may reuse
    digests: dict[str, bytes] = field(default_factory=dict)  # the files `con` was built from (set with con)
    copied: tuple[str, ...] = ()  # typed tables copied from the previous good database, not rebuilt
    patched: tuple[str, ...] = ()  # tables an edit of rows in place wrote (row_edit); the others are read from the last


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


_HEAD_CHARS = 1 << 20  # the header is read from the file's start, not from a copy of all its text


def _header(file: str, text: str, res: schema.Resource) -> tuple[list[str], list[Problem]]:
    head = text[:_HEAD_CHARS]
    if len(text) > len(head) and "\n" not in head:
        head = text  # a first record over a megabyte long: read it whole
    first = next(csv.reader(io.StringIO(head)), [])
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
            self._maps[file] = csv_text.record_lines(self._texts.get(file, ""))
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


# Which typed table (model script) reads which files: a table is rebuilt when one of them changed,
# else copied from the last good database (tests/test_reload.py holds the copy equal to a rebuild).
TYPED_FROM = {
    "model/10_sources": ("sources",),
    "model/11_actors": ("actors", "sources"),
    "model/12_relationships": ("relationships", "actors", "sources"),
    "model/13_events": ("events", "actors", "sources"),
    "model/14_claims": ("claims", "events", "actors", "sources"),
}
CROSS_FILE_CHECKS = ("checks/foreign_keys",)  # rules that read more than one file


@dataclass(frozen=True)
class FileRead:
    """One file read and checked on its own. What it holds follows from the file's bytes and the
    contract alone, so a later load reuses it while the bytes are the same (same `digest`)."""

    digest: bytes
    text: str | None  # for locating problems by line; None when the file is missing or not UTF-8
    readable: bool  # the header names the contract's columns, so the cells are in `raw`
    raw: pa.Table  # raw_<name>: _row and every contract column as text
    problems: tuple[Problem, ...]  # everything wrong inside this file (references into others aside)
    rejected: frozenset[int]  # records the CSV reader could not parse
    changed: int | None = None  # rows checked by the rules inside one row when the last clean read was reused

    @property
    def clean(self) -> bool:
        """Read whole and nothing wrong inside it: every row passed the rules inside one row."""
        return self.readable and self.text is not None and not self.problems and not self.rejected


@dataclass(frozen=True)
class Previous:
    """What a load may reuse: the last load's reads (good or bad) and the last good database."""

    files: dict[str, FileRead]
    con: duckdb.DuckDBPyConnection | None = None
    digests: dict[str, bytes] = field(default_factory=dict)  # the files `con` was built from
    max_level: int = -1


def _digest(blob: bytes | None) -> bytes:
    return b"missing" if blob is None else hashlib.blake2b(blob, digest_size=20).digest()


def load(data_dir: Path | str, max_marking: str = "TLP:CLEAR", package: schema.Package | None = None,
         previous: Previous | None = None) -> LoadResult:
    """Load and validate a data folder. On success ``con`` is ready; else ``problems`` says why.

    With `previous`, an edit of some rows of events.csv in place is loaded as a version in front of
    the previous good database (proxyatlas/row_edit.py). Otherwise a file whose bytes are those of the
    previous load is not read or checked again; a file read again whose previous read was clean has only its new or changed rows
    checked by the rules inside one row (`_read_file`); a typed table whose files are those of
    the previous good database is copied from it; the checks across files (references) and the
    derived tables always run again.
    """
    started = time.perf_counter()
    data_dir = Path(data_dir)
    package = package or schema.load()
    max_level = level(max_marking)
    fp, blobs = _snapshot(data_dir, package)
    digests = {res.path: _digest(blobs[res.path]) for res in package.resources}
    old = previous.files if previous else {}
    files: dict[str, FileRead] = {}
    with tempfile.TemporaryDirectory(prefix="proxyatlas-") as tmp:
        if previous is not None and (edited := row_edit.load(previous, package, fp, blobs, digests, max_level,
                                                             data_dir, Path(tmp), started)) is not None:
            return edited
        con = _new_database(package, max_level)

        def read(resources: list[schema.Resource]) -> None:
            cur = con.cursor()
            try:
                for res in resources:
                    reused = old.get(res.path)
                    if reused is not None and reused.digest == digests[res.path]:
                        files[res.path] = reused
                        cur.from_arrow(reused.raw).create(f"raw_{res.name}")
                        _link_cells(cur, res, reused.raw)
                    else:
                        files[res.path] = _read_file(cur, res, blobs[res.path], digests[res.path], data_dir, Path(tmp),
                                                     clean=reused if reused is not None and reused.clean else None)
                    if not files[res.path].readable and not (blobs[res.path] is None and res.optional):
                        cur.execute("INSERT INTO unreadable VALUES ($r)", {"r": res.name})
            finally:
                cur.close()

        # The largest file beside all the others: DuckDB's reader of one file runs on one core.
        largest = max(package.resources, key=lambda r: len(blobs[r.path] or b""))
        with ThreadPoolExecutor(max_workers=2) as readers:
            for done in [readers.submit(read, [largest]),
                         readers.submit(read, [r for r in package.resources if r is not largest])]:
                done.result()
    fresh = {res.name for res in package.resources if files[res.path] is not old.get(res.path)}
    lines = _Lines({p: f.text for p, f in files.items() if f.text is not None},
                   {p: set(f.rejected) for p, f in files.items()})
    checked = _run_checks(con, package, lines, CROSS_FILE_CHECKS, resources=None)
    if fresh:  # the rules inside one file, on the files read afresh (the others' results are kept)
        inside = [n for n in queries.names("checks") if n not in CROSS_FILE_CHECKS]
        by_file: dict[str, list[Problem]] = {}
        for p in _run_checks(con, package, lines, inside, resources=fresh):
            by_file.setdefault(p.file, []).append(p)
        for res in package.resources:
            if res.name in fresh:
                read = files[res.path]
                files[res.path] = dataclasses.replace(read, problems=read.problems + tuple(by_file.get(res.path, ())))
    problems = [p for f in files.values() for p in f.problems] + checked
    counts = {res.name: files[res.path].raw.num_rows for res in package.resources}
    if problems:
        problems = diagnoses.explain(problems, diagnoses.Evidence(package, blobs, con))
        con.close()
        return LoadResult(fp, sorted(problems, key=_order), None, time.perf_counter() - started, counts, files)

    same = {res.name for res in package.resources
            if previous is not None and previous.con is not None and previous.max_level == max_level
            and previous.digests.get(res.path) == digests[res.path]}
    copied = []
    for name in queries.names("model"):
        table = name.split("_", 1)[1]
        if name in TYPED_FROM and set(TYPED_FROM[name]) <= same:
            cur = previous.con.cursor()
            try:
                con.from_arrow(cur.table(table).to_arrow_table()).create(table)
            finally:
                cur.close()
            copied.append(table)
        else:
            queries.script(con, name)
    for res in package.resources:
        con.execute(f'DROP TABLE "raw_{res.name}"')
    con.execute("DROP TABLE cells; DROP TABLE unreadable")  # hidden_ids stays: an edit of rows in place reads it
    return LoadResult(fp, [], con, time.perf_counter() - started, counts, files, digests, tuple(copied))


def _link_cells(con, res: schema.Resource, raw: pa.Table, unique: bool = False) -> None:
    """Put the cells of `raw` that references join into `cells` (as load/cells writes them), and
    with `unique` those the rules across rows of one file compare (unique ids and keys) too."""
    fields = queries.run(con, "load/link_cells", resource=res.name, unique=unique)
    parts = [pa.table({"field_id": pa.array([field_id] * raw.num_rows, pa.int32()), "_row": raw["_row"],
                       "value": pc.fill_null(raw[name], "")})
             for field_id, name in zip(fields["field_id"], fields["field"]) if name in raw.column_names]
    if parts:
        con.from_arrow(pa.concat_tables(parts)).insert_into("cells")


def _read_file(con, res: schema.Resource, blob: bytes | None, digest: bytes, data_dir: Path, tmp: Path,
               clean: FileRead | None = None) -> FileRead:
    """Read one file into raw_<name> and its checked cells into `cells`; the problems of reading it.

    With `clean`, the last read of this file when it had no problems at all, the rules inside one
    row need only see the rows that are new or changed since (load/changed_rows): of the others,
    only the cells the rules across rows compare go into `cells` (row-level reuse; the README's
    section on reloading says why that is safe)."""
    problems: list[Problem] = []
    rejected: dict[str, set[int]] = {}
    header: list[str] = []
    text = None
    if blob is None and res.optional:
        pass  # an optional file left out has no rows, and nothing is wrong
    elif blob is None:
        problems.append(Problem(res.path, None, None, None, f"a file {res.path} in {data_dir}", "file is missing"))
    else:
        text, bad = _utf8(res.path, blob)
        if bad:
            problems.append(bad)
        else:
            if garbled.possible(blob) and (found := garbled.find(res.path, text)):
                problems.append(found)
            header, header_problems = _header(res.path, text, res)
            problems += header_problems
            if header_problems:
                header = []
    parsed = _read_table(con, res, header, blob if header else None, text, tmp, problems, rejected)
    checked = queries.run(con, "load/checked_fields", resource=res.name)
    fields = checked["field"].tolist()
    table = f"raw_{res.name}"
    raw = con.table(table).to_arrow_table()
    rows = None  # every row's checked cells
    if clean is not None and header and parsed and not rejected and raw.column_names == clean.raw.column_names:
        con.register("previous_raw", clean.raw)
        try:
            # On `con` itself, not a cursor (queries.run): a registered table is seen by its connection alone.
            found = con.execute(queries.sql("load/changed_rows"), {"table": table, "fields": fields}).fetchall()
            rows = [r for (r,) in found]
        finally:
            con.unregister("previous_raw")
        _link_cells(con, res, raw.filter(pc.invert(pc.is_in(raw["_row"], pa.array(rows, pa.int64())))), unique=True)
    for field_id, name in zip(checked["field_id"].tolist(), fields):
        con.execute(queries.sql("load/cells"), {"field_id": field_id, "field": name, "table": table, "rows": rows})
    return FileRead(digest, text, bool(header) and parsed, raw, tuple(problems), frozenset(rejected.get(res.path, ())),
                    None if rows is None else len(rows))


def _read_table(con, res: schema.Resource, header: list[str], blob: bytes | None, text: str | None, tmp: Path,
                problems: list[Problem], rejected: dict[str, set[int]]) -> bool:
    """raw_<name>: the file's cells as text, every contract column present (empty if absent).
    False when the reader could not parse the file at all (its table is then empty)."""
    table = f"raw_{res.name}"
    if blob is None:
        _empty_table(con, res)
        return True
    path = tmp / res.path
    with open(path, "wb") as out:
        out.write(blob)
        out.write((b"" if blob.endswith(b"\n") else b"\n") + _end_marker(len(header)))
    columns = {name: "VARCHAR" for name in header}
    try:
        con.sql(queries.sql("load/read_csv"), params={"path": str(path), "columns": columns}).create(table)
    except duckdb.InvalidInputException as err:
        problems.append(_unparsable(res.path, text, err))
        con.execute("DROP TABLE IF EXISTS load_reject_errors; DROP TABLE IF EXISTS load_reject_scans")
        _empty_table(con, res)
        return False
    for f in res.field_names:
        if f not in columns:
            con.execute(f'ALTER TABLE "{table}" ADD COLUMN "{f}" VARCHAR')
    rejects = con.execute(queries.sql("load/rejects")).df()  # temp tables: this connection only
    con.execute("DROP TABLE load_reject_errors; DROP TABLE load_reject_scans")
    last_row, ended = queries.run(con, "load/end_marker", table=table, marker=END_MARKER).iloc[0]
    if ended:
        con.execute(f'DELETE FROM "{table}" WHERE _row = $last', {"last": int(last_row)})
    else:  # the records read before it: every row the table holds, and those the reader rejected
        problems.append(csv_text.unterminated_quote(res.path, text, int(last_row) + len(rejects)))
    if rejects.empty:
        return True
    starts = csv_text.record_lines(text)
    rejected[res.path] = set()
    for r in rejects.itertuples():
        record = int(r.record) - 1  # the reader counts the header as line 1 and a record as one line
        rejected[res.path].add(record)
        line = starts[record] if 0 <= record < len(starts) else None
        # A record over the reader's line limit is rejected whole: no column to name.
        column = (r.column_name if isinstance(r.column_name, str)
                  else None if pd.isna(r.column_idx) else f"position {int(r.column_idx)}")
        kind = str(r.error_type).upper().replace("_", " ")
        problem, expected = REJECTED_ROWS.get(kind, (kind.lower(), str(r.error_message)))
        problems.append(Problem(res.path, line, column, str(r.csv_line).strip()[:200],
                                expected.format(width=len(header)), problem))
    return True


# A last line the loader adds to the copy of a file it reads (never to the file): a record whose
# quote never closes swallows it, and DuckDB's reader drops that record, marker and all, without a word.
END_MARKER = "proxyatlas: end of file"


def _end_marker(width: int) -> bytes:
    return ",".join([END_MARKER] + [""] * (width - 1)).encode("utf-8") + b"\n"


def _empty_table(con, res: schema.Resource) -> None:
    cols = ", ".join(f'NULL::VARCHAR AS "{f}"' for f in res.field_names)
    con.execute(f'CREATE TABLE "raw_{res.name}" AS SELECT 0::BIGINT AS _row, {cols} LIMIT 0')


def _unparsable(file: str, text: str, err: Exception) -> Problem:
    """A file the CSV reader gives up on. The one cause known: a carriage return alone in an
    unquoted cell (old Mac line ends, or a paste), which is neither a line break nor text to it."""
    lone = re.search(r"\r(?!\n)", text)
    if lone:
        line = text.count("\n", 0, lone.start()) + 1
        return Problem(file, line, None, text.split("\n")[line - 1][:200],
                       "lines that end in CRLF or LF (a carriage return alone ends no line; inside a cell, quote the cell)",
                       "lone carriage return")
    return Problem(file, None, None, None, "a file the CSV reader can parse", "unreadable file: " + str(err).splitlines()[0])


def _run_checks(con, package: schema.Package, lines: _Lines, names, resources: set[str] | None) -> list[Problem]:
    """The problems the checks `names` find, in every file or only in `resources`."""
    file_of = {r.name: r.path for r in package.resources}
    problems = []
    for name in names:
        found = queries.run(con, name).rename(columns={"_row": "row"})
        for row in found.itertuples(index=False):
            if resources is not None and row.resource not in resources:
                continue
            file = file_of[row.resource]
            message = row.problem
            if not pd.isna(row.other_row):
                message += f" (first on line {lines.row(file, int(row.other_row))})"
            problems.append(Problem(file, lines.row(file, int(row.row)), row.field,
                                    None if pd.isna(row.value) else str(row.value), row.expected, message))
    return problems


def _order(p: Problem):
    return (p.file, p.line or 0, p.column or "", p.problem)
