"""Merging imported rows into the data files, and publishing the files so no reader sees half.

Imported rows live in the same files as the curated ones (``events.csv``, ``claims.csv``,
``sources.csv``), told apart by what they cite: a row is the importer's while every source it
cites is an import release (``import_...``). Curated rows are kept byte for byte, in their
order, and never overwritten; the importer's rows follow them, sorted by id, so importing the
same file twice gives the same bytes.

Publishing: the new files are written to a private folder with copies of the rest, which must
pass the whole validation (``loader.load``); only then is each changed file written to a
temporary file beside it and renamed over it, sources first and claims last, so every file set
a reader can meet in between is a valid one.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .. import atomic, loader, schema
from ..problems import Problem

IMPORT_PREFIX = "import_"
# Rename order: what is referred to before what refers to it.
ORDER = ("sources.csv", "actors.csv", "relationships.csv", "events.csv", "claims.csv", "crosswalk.csv", "imports.csv")
_LINES = re.compile(r"[^\n]*\n|[^\n]+$")


def owned(row: dict[str, str]) -> bool:
    """A row is the importer's while it cites import releases and nothing else (a source row: while
    it is a release)."""
    if "source_ids" not in row:
        return (row.get("source_id") or "").strip().startswith(IMPORT_PREFIX)
    ids = [s.strip() for s in (row.get("source_ids") or "").split(";") if s.strip()]
    return bool(ids) and all(s.startswith(IMPORT_PREFIX) for s in ids)


def citing(data: bytes, source_id: str) -> int:
    """How many rows of a file cite ``source_id``."""
    table = Table.parse(data, [])
    return sum(1 for row, _ in table.records
               if source_id in [s.strip() for s in (row.get("source_ids") or "").split(";")])


@dataclass
class Table:
    """A data file as its header and each record's own text, so kept rows are written back verbatim."""
    head: str  # byte-order mark and header line, as they were
    header: list[str]
    records: list[tuple[dict[str, str], str]]
    newline: str = "\n"

    @classmethod
    def read(cls, path: Path, fields: list[str]) -> Table:
        """The file, or an empty one with the contract's header when there is none yet."""
        return cls.parse(path.read_bytes(), fields) if path.exists() else cls(",".join(fields) + "\n", list(fields), [])

    @classmethod
    def parse(cls, blob: bytes, fields: list[str]) -> Table:
        bom = "\ufeff" if blob.startswith(b"\xef\xbb\xbf") else ""
        lines = _LINES.findall(blob.decode("utf-8-sig"))
        newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
        reader = csv.reader(iter(lines))
        header = [h.strip() for h in next(reader, [])] or list(fields)
        head = bom + "".join(lines[:reader.line_num])
        records, start = [], reader.line_num
        for record in reader:
            raw = "".join(lines[start:reader.line_num])
            start = reader.line_num
            records.append((dict(zip(header, record)), raw))  # a blank line too: it is kept where it is
        if not head.endswith("\n"):
            head += newline
        return cls(head, header, records, newline)

    def line(self, row: dict[str, str]) -> str:
        out = io.StringIO()
        csv.writer(out, lineterminator=self.newline).writerow([row.get(c, "") for c in self.header])
        return out.getvalue()

    def render(self, kept: list[str], imported: list[tuple[str, str]]) -> bytes:
        """Header, the curated records as they were, then the importer's records by id."""
        body = "".join(_ended(raw, self.newline) for raw in kept)
        body += "".join(_ended(text, self.newline) for _, text in sorted(imported))
        return (self.head + body).encode("utf-8")


def _ended(raw: str, newline: str) -> str:
    return raw if raw.endswith("\n") else raw + newline


@dataclass
class Merge:
    data: bytes
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    curated: list[str] = field(default_factory=list)  # ids a curated row holds: not overwritten


def merge(table: Table, key: str, new: dict[str, dict[str, str]], replaces=lambda row: False) -> Merge:
    """The file with ``new`` rows in: they replace the importer's rows of the same id (and those
    ``replaces`` says go), never a curated row."""
    contract = set(new[next(iter(new))]) if new else set()
    kept, imported, old = [], [], {}
    curated_ids = set()
    for row, raw in table.records:
        rid = (row.get(key) or "").strip()
        if owned(row):
            if rid in new:
                old[rid] = row
            elif not replaces(row):
                imported.append((rid, raw))
        else:
            curated_ids.add(rid)
            kept.append(raw)
    out = Merge(b"")
    for rid, row in new.items():
        if rid in curated_ids:
            out.curated.append(rid)
            continue
        before = old.get(rid)
        if before is not None:  # keep what an analyst put in columns beyond the contract
            row = {**{c: v for c, v in before.items() if c not in contract}, **row}
            same = all((before.get(c) or "") == (row.get(c) or "") for c in table.header if c != "source_ids")
            (out.unchanged if same else out.updated).append(rid)
        else:
            out.added.append(rid)
        imported.append((rid, table.line(row)))
    out.data = table.render(kept, imported)
    return out


def without(table: Table, source_id: str, key: str) -> tuple[bytes, int]:
    """The file with ``source_id`` taken out of every row citing it; rows left citing nothing go."""
    kept, dropped = [], 0
    for row, raw in table.records:
        ids = [s.strip() for s in (row.get("source_ids") or "").split(";") if s.strip()]
        if key == "source_id" and (row.get("source_id") or "").strip() == source_id:
            dropped += 1
        elif source_id not in ids:
            kept.append(raw)
        elif len(ids) == 1:
            dropped += 1
        else:
            kept.append(table.line({**row, "source_ids": ";".join(s for s in ids if s != source_id)}))
    return table.render(kept, []), dropped


def validate(data_dir: Path, files: dict[str, bytes], package: schema.Package,
             rename: dict[str, str] | None = None) -> tuple[list[Problem], object]:
    """Load the folder as it would be with ``files`` in place, in a private copy: (problems, result)."""
    with tempfile.TemporaryDirectory(prefix="proxyatlas-import-") as tmp:
        stage = Path(tmp)
        for res in package.resources:
            if res.path in files:
                (stage / res.path).write_bytes(files[res.path])
            elif (data_dir / res.path).exists():
                shutil.copyfile(data_dir / res.path, stage / res.path)
        result = loader.load(stage, max_marking="TLP:RED", package=package)
    rename = rename or {}
    problems = [Problem(rename.get(p.file, p.file), p.line, p.column, p.value, p.expected, p.problem)
                for p in result.problems]
    return problems, result


def write(data_dir: Path, files: dict[str, bytes]) -> list[str]:
    """Replace the files that change, each by a rename, the referenced files first (``ORDER``)."""
    return atomic.write_files(data_dir, files, ORDER)
