"""``python -m proxyatlas publish DATA_DIR OUT_DIR --max-marking TLP:X``: from the analysts' CSV folder to
the folder servers read (its layout and how a server loads it: proxyatlas/published.py).

1. Validate DATA_DIR with the loader, every check. Any problem: nothing is written, OUT_DIR stays as it was.
2. Write the typed tables at the ceiling (the marking model already left out the rows above it, the ties and
   claims that lean on them, and the hidden ids in ';' lists) as Parquet into a fresh hidden folder,
   each file flushed to disk, then rename the folder to its version's name.
3. Replace the manifest naming that folder atomically (proxyatlas/atomic.py): a server reads the old version
   or the new one, never a mix, and never a folder still being written.
4. Remove versions older than the last ``KEEP`` (a server that read the previous manifest a moment ago may
   still be reading its folder), and folders left by a publish that crashed.

One publish at a time per OUT_DIR (a lock file in it). Publishing data whose version, ceiling and
contract are those of the current manifest writes nothing.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from . import atomic, loader, published, queries, schema
from .markings import level
from .problems import Problem

KEEP = 2  # versions kept: the current one and the one before it
LOCK = ".publish.lock"
INCOMING = ".incoming-"
VERSION_FOLDER = re.compile(r"\d{8}T\d{12}Z-[0-9a-f]{12}-[a-z]+")


class Refused(Exception):
    """The CSV folder has problems: nothing was published."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


@dataclass
class Outcome:
    manifest: published.Manifest
    out_dir: Path
    written: bool  # False when the data was already published as it is
    removed: list[str] = field(default_factory=list)  # old version folders taken away

    def summary(self) -> str:
        m = self.manifest
        rows = ", ".join(f"{t['rows']} {name}" for name, t in m.tables.items())
        withheld = sum(int(t["withheld"]) for t in m.tables.values())
        if not self.written:
            return f"already published: version {m.version} at {m.max_marking} in {self.out_dir / m.folder}; nothing written"
        gone = f"; removed {len(self.removed)} old version(s)" if self.removed else ""
        return (f"published version {m.version} at {m.max_marking} to {self.out_dir / m.folder} ({rows}; "
                f"{withheld} row(s) above the ceiling left out){gone}")


def publish(data_dir: Path | str, out_dir: Path | str, max_marking: str = "TLP:CLEAR",
            package: schema.Package | None = None) -> Outcome:
    """Validate `data_dir` and publish its rows at or under `max_marking` into `out_dir` (Refused if invalid)."""
    data_dir, out_dir = Path(data_dir), Path(out_dir)
    package = package or schema.load()
    marking = max_marking.strip().upper()
    level(marking)  # BadMarking names the markings known
    if out_dir.resolve() == data_dir.resolve():
        raise Refused([Problem(str(out_dir), None, None, None, "an OUT_DIR apart from the CSV folder", "OUT_DIR is DATA_DIR")])
    result = loader.load(data_dir, marking, package)
    if result.problems:
        raise Refused(result.problems)
    try:
        version = published.data_version(result.digests)
        contract = published.contract_digest(package)
        current = _current(out_dir)
        if (current is not None and (current.version, current.max_marking, current.contract) == (version, marking, contract)
                and (out_dir / current.folder).is_dir()):
            return Outcome(current, out_dir, written=False)
        out_dir.mkdir(parents=True, exist_ok=True)
        with _locked(out_dir):
            _remove_incoming(out_dir)  # we hold the lock: such folders are from a publish that crashed
            now = datetime.now(timezone.utc)
            name = f"{now:%Y%m%dT%H%M%S%f}Z-{version}-{marking.split(':')[1].lower()}"
            tables = _write_version(result.con, package, level(marking), out_dir, name)
            manifest = published.Manifest(
                version=version, files={p: d.hex() for p, d in sorted(result.digests.items())}, contract=contract,
                max_marking=marking, published_at=now.isoformat(timespec="seconds").replace("+00:00", "Z"),
                folder=name, tables=tables)
            atomic.write_files(out_dir, {published.MANIFEST: manifest.to_json().encode("utf-8")})
            removed = _remove_old(out_dir, name)
        return Outcome(manifest, out_dir, written=True, removed=removed)
    finally:
        result.con.close()


def _current(out_dir: Path) -> published.Manifest | None:
    if not published.is_published(out_dir):
        return None
    try:
        return published.read_manifest(out_dir)
    except published.Unusable:
        return None  # replaced by this publish


def _write_version(con, package: schema.Package, max_level: int, out_dir: Path, name: str) -> dict[str, dict]:
    """Every typed table into out_dir/name, complete and on disk before the folder takes that name."""
    hidden = queries.run(con, "meta/counts").set_index("resource")["hidden"]
    incoming = Path(tempfile.mkdtemp(dir=out_dir, prefix=INCOMING))
    try:
        tables = {}
        for res in package.resources:
            if "marking_level" in con.table(res.name).columns:
                over = int(queries.run(con, "publish/over_ceiling", table=res.name, max_level=max_level)["rows"].iloc[0])
                if over:  # the model leaves such rows out; this guards the disk if it ever did not
                    raise AssertionError(f"{over} row(s) of {res.name} above the ceiling reached the publish")
            file = f"{res.name}.parquet"
            path = incoming / file
            con.table(res.name).write_parquet(str(path))  # a table name from the contract, never from input
            blob = _sync(path)
            rows = int(queries.run(con, "publish/rows", table=res.name)["rows"].iloc[0])
            tables[res.name] = {"file": file, "rows": rows, "withheld": int(hidden.get(res.name, 0)),
                                "bytes": len(blob), "blake2b": published.file_digest(blob)}
        os.chmod(incoming, 0o755)  # mkdtemp makes it private; servers may run as another user
        os.rename(incoming, out_dir / name)
        _sync_dir(out_dir)
        return tables
    except BaseException:
        shutil.rmtree(incoming, ignore_errors=True)
        raise


def _sync(path: Path) -> bytes:
    with open(path, "rb+") as fh:
        blob = fh.read()
        os.fsync(fh.fileno())
    return blob


def _sync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def _locked(out_dir: Path):
    with open(out_dir / LOCK, "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _remove_incoming(out_dir: Path) -> None:
    for leftover in out_dir.glob(INCOMING + "*"):
        shutil.rmtree(leftover, ignore_errors=True)


def _remove_old(out_dir: Path, current: str) -> list[str]:
    """Version folders beyond the newest KEEP (names sort by time); the current one is always kept.
    Nothing else in out_dir is touched."""
    versions = sorted((p.name for p in out_dir.iterdir() if p.is_dir() and VERSION_FOLDER.fullmatch(p.name)),
                      reverse=True)
    old = [v for v in versions[KEEP:] if v != current]
    for name in old:
        shutil.rmtree(out_dir / name, ignore_errors=True)
    return old
