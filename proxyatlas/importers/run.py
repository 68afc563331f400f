"""One import, start to finish, and taking a release back out.

``import_file``: read the export (refused with file/line/column if any cell is wrong), check the
data folder and the crosswalk with the full validation, match the names, build the rows, merge
them into the files, validate the result in a private copy, and only then publish it
(``publish.write``). ``--dry-run`` does all of it but the publishing; ``--strict`` stops before
it when a name is unmatched. ``remove_release`` takes out exactly the rows, claims and source
row of one release, through the same validation and publishing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from .. import schema
from ..problems import Problem
from . import acled, gtd, publish, report, ucdp
from .cells import Row
from .matching import Matcher
from .reading import Refused, read
from .records import build
from .release import DATASETS, Release

MODULES = {"acled": acled, "ucdp": ucdp, "gtd": gtd}


@dataclass
class Outcome:
    dataset: str
    file: str
    source_id: str
    read: int
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    claims: int = 0
    curated: list[str] = field(default_factory=list)  # ids held by curated rows, left alone
    unmatched: list[report.Unmatched] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    dry_run: bool = False
    strict_stop: bool = False

    def summary(self) -> str:
        line = (f"{self.dataset} {self.file}: {self.read} rows read, {self.imported} events imported, "
                f"{self.updated} updated, {self.unchanged} unchanged, {self.skipped} skipped, "
                f"{self.claims} claims; {len(self.unmatched)} names unmatched")
        if self.curated:
            line += f"; {len(self.curated)} ids held by curated rows left alone ({', '.join(self.curated[:3])})"
        if self.strict_stop:
            return line + " (--strict: nothing written)"
        if self.dry_run:
            return line + " (dry run: nothing written)"
        return line + (f"; release {self.source_id}; wrote " + ", ".join(self.written) if self.written
                       else f"; release {self.source_id}; no file changed")


def _accessed(path: Path, given: str | None) -> str:
    if given:
        return given
    return datetime.fromtimestamp(path.stat().st_mtime, tz=timezone.utc).date().isoformat()


def _checked_folder(data_dir: Path, crosswalk: Path | None, package: schema.Package):
    """The data folder loaded with the crosswalk to use, or ``Refused`` with what is wrong with either."""
    own = data_dir / "crosswalk.csv"
    files, rename = {}, {}
    if crosswalk is not None and crosswalk.resolve() != own.resolve():
        if not crosswalk.exists():
            raise Refused([Problem(str(crosswalk), None, None, None, "a crosswalk CSV file", "file is missing")])
        files["crosswalk.csv"], rename["crosswalk.csv"] = crosswalk.read_bytes(), str(crosswalk)
    problems, result = publish.validate(data_dir, files, package, rename)
    if problems:
        raise Refused(problems)
    return result.con


def _parse(dataset: str, path: Path, encoding: str) -> tuple[list, int, str, str]:
    module = MODULES[dataset]
    export = read(path, module.NEEDED, encoding, name=str(path))
    rows = [Row(export.file, line, cells) for line, cells in export.rows]
    parsed, first = [], {}
    for r in rows:
        p = module.parse(r)
        if p is None:
            continue
        if p.event_id in first:
            r.problems.append(Problem(r.file, r.line, module.NEEDED[0], p.native_id,
                                      "each event once", f"duplicate event id (first on line {first[p.event_id]})"))
            continue
        first[p.event_id] = r.line
        parsed.append(p)
    problems = [p for r in rows for p in r.problems]
    if problems:
        raise Refused(problems)
    return parsed, len(rows), export.sha256, export.file


def import_file(dataset: str, path: Path, data_dir: Path, crosswalk: Path | None = None, *,
                release: str | None = None, accessed: str | None = None, encoding: str = "utf-8",
                dry_run: bool = False, strict: bool = False, report_path: Path | None = None) -> Outcome:
    """Import one export into ``data_dir``; ``Refused`` (nothing written) when anything is wrong."""
    package = schema.load()
    data_dir = Path(data_dir)
    parsed, n_read, sha256, file = _parse(dataset, path, encoding)
    con = _checked_folder(data_dir, crosswalk, package)
    matcher = Matcher(con, dataset)
    matched, ambiguous = matcher.resolve({n.text for p in parsed for n in p.names})
    rel = Release(DATASETS[dataset], release or path.stem, _accessed(path, accessed), path.name, sha256)
    events, claims = {}, {}
    for p in parsed:
        event, event_claims = build(p, matched, rel.source_id)
        if event is not None:
            events[event["event_id"]] = event
            claims.update((c["claim_id"], c) for c in event_claims)
    names = report.unmatched(parsed, matched, ambiguous, matcher)
    con.close()
    if report_path is not None:
        report.write(report_path, dataset, rel.release, names)
    out = Outcome(dataset, str(path), rel.source_id, n_read, skipped=n_read - len(events), unmatched=names,
                  dry_run=dry_run, strict_stop=strict and bool(names))

    fields = {r.path: r.field_names for r in package.resources}
    tables = {name: publish.Table.read(data_dir / name, fields[name])
              for name in ("sources.csv", "events.csv", "claims.csv", "imports.csv")}
    ev = publish.merge(tables["events.csv"], "event_id", events)
    claims = {k: c for k, c in claims.items() if c["event_id"] not in ev.curated}
    cl = publish.merge(tables["claims.csv"], "claim_id", claims, replaces=lambda row: row.get("event_id") in events)
    src = publish.merge(tables["sources.csv"], "source_id", {rel.source_id: rel.source_row()})
    n_events, n_claims = publish.citing(ev.data, rel.source_id), publish.citing(cl.data, rel.source_id)
    log = tables["imports.csv"]
    others = [raw for row, raw in log.records if (row.get("source_id") or "").strip() != rel.source_id]
    log_data = log.render(others + [log.line(rel.log_row(n_events, n_claims, [u.name for u in names]))], [])
    files = {"sources.csv": src.data, "events.csv": ev.data, "claims.csv": cl.data, "imports.csv": log_data}
    problems, _ = publish.validate(data_dir, files, package)
    if problems:
        raise Refused(problems, "the files as this import would leave them:")
    out.imported, out.updated, out.unchanged = len(ev.added), len(ev.updated), len(ev.unchanged)
    out.curated, out.claims = ev.curated, len(claims) - len(cl.curated)
    out.skipped += len(ev.curated)
    if not (dry_run or out.strict_stop):
        out.written = publish.write(data_dir, files)
    return out


@dataclass
class Removal:
    source_id: str
    events: int
    claims: int
    written: list[str]
    dry_run: bool

    def summary(self) -> str:
        head = f"release {self.source_id}: {self.events} events and {self.claims} claims taken out"
        return head + (" (dry run: nothing written)" if self.dry_run else "; wrote " + ", ".join(self.written))


def remove_release(source_id: str, data_dir: Path, dry_run: bool = False) -> Removal:
    """Take out one release: its events, claims, source row and log row. ``Refused`` if that would
    leave the folder invalid (a curated claim about an imported event, say): nothing is written."""
    package = schema.load()
    data_dir = Path(data_dir)
    fields = {r.path: r.field_names for r in package.resources}
    tables = {name: publish.Table.read(data_dir / name, fields[name])
              for name in ("sources.csv", "events.csv", "claims.csv", "imports.csv")}
    if not any((row.get("source_id") or "").strip() == source_id for row, _ in tables["sources.csv"].records):
        raise Refused([Problem("sources.csv", None, "source_id", source_id,
                               "the source id of an imported release (see imports.csv)", "no such release")])
    files, counts = {}, {}
    for name, key in (("events.csv", "event_id"), ("claims.csv", "claim_id"), ("sources.csv", "source_id"),
                      ("imports.csv", "source_id")):
        files[name], counts[name] = publish.without(tables[name], source_id, key)
    problems, _ = publish.validate(data_dir, files, package)
    if problems:
        raise Refused(problems, "the files as taking the release out would leave them:")
    written = [] if dry_run else publish.write(data_dir, files)
    return Removal(source_id, counts["events.csv"], counts["claims.csv"], written, dry_run)
