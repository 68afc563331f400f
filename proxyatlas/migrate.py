"""Convert an old-format ``claims.csv`` (one source per row, ``source_id``) to claims contract v2.

In v2 a row is a statement: rows that are the same statement (same event, claimant, subject,
stance, involvement and date) become one row that cites all their sources in ``source_ids``.

- The statement keeps the words of its first row that has a quote. Where the rows give
  different words, the other wordings go into the new ``note``, each with its source.
- The merged row's id is the part the rows' ids share (``oct7_x_seed`` and ``oct7_x_irna``
  give ``oct7_x``) when that is a free id, else the first row's id.
- Rows that disagree on what v2 keeps once per statement (credibility, marking, an extra
  column) are not guessed at: the conversion stops, names their lines, and writes nothing.

The file is replaced in one rename, so a reader never sees half of it; a BOM and CRLF line
ends are kept, so a file saved from Excel stays one.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from os.path import commonprefix
from pathlib import Path

from . import atomic, schema

STATEMENT = ("event_id", "claimant_id", "subject_id", "stance", "involvement", "date")
ONCE_PER_STATEMENT = ("credibility", "marking")  # and every column beyond the contract


class MigrationError(Exception):
    """The file cannot be converted as it is; nothing was written."""


@dataclass(frozen=True)
class Outcome:
    rows: int
    statements: int
    merged: tuple[tuple[str, tuple[str, ...]], ...]  # (new id, the ids it replaces) for each merge
    written: bool

    def summary(self, path: Path) -> str:
        head = f"{path}: {self.rows} rows, {self.statements} statements"
        if not self.merged:
            return head + "; nothing to merge" + ("" if self.written else " (dry run)")
        lines = [f"{head}; {len(self.merged)} statement(s) merged from several rows"
                 + ("" if self.written else " (dry run, nothing written)") + ":"]
        lines += [f"  {new} <- {', '.join(old)}" for new, old in self.merged]
        return "\n".join(lines)


def _read(path: Path) -> tuple[str, bool, bool, list[str], list[tuple[int, dict[str, str]]]]:
    blob = path.read_bytes()
    bom = blob.startswith(b"\xef\xbb\xbf")
    try:
        text = blob.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise MigrationError(f"{path.name} is not UTF-8 (byte {err.start}): save it as CSV UTF-8 first") from err
    crlf = "\r\n" in text
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [h.strip() for h in next(reader, [])]
    rows, line = [], reader.line_num + 1
    for record in reader:
        if any(cell.strip() for cell in record):
            if len(record) != len(header):
                raise MigrationError(f"{path.name}:{line}: {len(record)} cells where the header has {len(header)}")
            rows.append((line, dict(zip(header, record))))
        line = reader.line_num + 1
    return text, bom, crlf, header, rows


def _merged_id(ids: list[str], taken: set[str]) -> str:
    prefix = commonprefix(ids)
    if "_" in prefix:
        stem = prefix[: prefix.rindex("_")]
        if stem and stem not in taken:
            return stem
    return ids[0]


def _merge(group: list[tuple[int, dict[str, str]]], columns: list[str], taken: set[str]) -> dict[str, str]:
    rows = [r for _, r in group]
    for col in columns:
        values = {r[col].strip() for r in rows if r[col].strip()}
        if len(values) > 1:
            lines = ", ".join(str(n) for n, _ in group)
            raise MigrationError(f"claims.csv lines {lines} are one statement but differ in {col} "
                                 f"({', '.join(sorted(values))}): make them agree, then convert again")
    merged = dict(rows[0])
    for col in columns:
        merged[col] = next((r[col] for r in rows if r[col].strip()), "")
    sources = list(dict.fromkeys(r["source_id"].strip() for r in rows if r["source_id"].strip()))
    merged["source_ids"] = ";".join(sources)
    quoted = [(r["quote"].strip(), r["source_id"].strip()) for r in rows if r.get("quote", "").strip()]
    merged["quote"] = quoted[0][0] if quoted else ""
    others = [(q, s) for q, s in quoted if q != merged["quote"]]
    notes = [r["note"].strip() for r in rows if r.get("note", "").strip()]
    if others:
        notes.append("Sources give different words: " + "; ".join(f"{s} has “{q}”" for q, s in others)
                     + f"; the quote is {quoted[0][1]}'s.")
    merged["note"] = " ".join(dict.fromkeys(notes))
    merged["claim_id"] = rows[0]["claim_id"] if len(rows) == 1 else _merged_id([r["claim_id"] for r in rows], taken)
    return merged


def convert(header: list[str], rows: list[tuple[int, dict[str, str]]], package: schema.Package
            ) -> tuple[list[str], list[dict[str, str]], list[tuple[str, tuple[str, ...]]]]:
    """The v2 header, rows and merges for old-format rows (pure: no files)."""
    if "source_ids" in header:
        raise MigrationError("claims.csv already has a source_ids column: it is in claims contract v2")
    if "source_id" not in header:
        raise MigrationError("claims.csv has no source_id column: it is not an old-format claims file")
    contract = package.resource("claims").field_names
    extra = [h for h in header if h not in contract and h != "source_id"]
    new_header = contract + extra
    groups: dict[tuple[str, ...], list[tuple[int, dict[str, str]]]] = {}
    for line, row in rows:
        row = {**{c: "" for c in new_header}, **row}
        groups.setdefault(tuple(row[k].strip() for k in STATEMENT), []).append((line, row))
    once = [c for c in (*ONCE_PER_STATEMENT, *extra) if c in new_header]
    taken = {r["claim_id"].strip() for _, r in rows}
    out, merges = [], []
    for group in groups.values():
        merged = _merge(group, once, taken)
        if len(group) > 1:
            taken.add(merged["claim_id"])
            merges.append((merged["claim_id"], tuple(r["claim_id"] for _, r in group)))
        out.append({c: merged.get(c, "") for c in new_header})
    return new_header, out, merges


def migrate_claims(data_dir: Path, dry_run: bool = False, package: schema.Package | None = None) -> Outcome:
    """Rewrite ``data_dir/claims.csv`` in contract v2 (or, with ``dry_run``, only say what would change)."""
    package = package or schema.load()
    path = Path(data_dir) / package.resource("claims").path
    if not path.exists():
        raise MigrationError(f"no {path.name} in {data_dir}")
    _, bom, crlf, header, rows = _read(path)
    new_header, out, merges = convert(header, rows, package)
    if not dry_run:
        buffer = io.StringIO(newline="")
        writer = csv.DictWriter(buffer, new_header, lineterminator="\r\n" if crlf else "\n")
        writer.writeheader()
        writer.writerows(out)
        data = (("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8")
        atomic.write_files(path.parent, {path.name: data})
    return Outcome(len(rows), len(out), tuple(merges), not dry_run)
