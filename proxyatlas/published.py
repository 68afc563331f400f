"""A published folder (written by ``python -m proxyatlas publish``, proxyatlas/publish.py) and how a server loads it.

    OUT_DIR/manifest.json                  the current version: replaced whole, atomically, by each publish
    OUT_DIR/<folder>/<table>.parquet       one folder per version, complete before a manifest names it,
                                           never changed after

The CSV folder was validated when it was published, so a server does not repeat the checks: it checks
the manifest instead (written by this program, under this contract, at or under the server's own marking
ceiling; every file's checksum and row count as the manifest says) and runs the derived model
(``DERIVED``) over the typed tables it loaded, so every page and query works unchanged.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import duckdb
import pandas as pd

from . import loader, queries, schema
from .markings import BadMarking, level
from .problems import Problem

MANIFEST = "manifest.json"
FORMAT = "proxyatlas published data"
FORMAT_VERSION = 1
# The model scripts that read only typed tables: run again over a published folder's tables. The others
# build the typed tables from the raw CSV text (what a publication holds) or count what the ceiling hid
# (what its manifest holds); tests/test_publish.py holds every model script to one side or the other.
DERIVED = ("model/20_derived", "model/30_scope")


def data_version(digests: dict[str, bytes]) -> str:
    """The data's version: 12 hex digits from the bytes of every CSV file (their blake2b digests, as the
    loader takes them). A CSV folder and its publication show the same one in the foot line."""
    h = hashlib.blake2b(digest_size=6)
    for path in sorted(digests):
        h.update(path.encode("utf-8") + b"\0" + digests[path] + b"\n")
    return h.hexdigest()


def contract_digest(package: schema.Package) -> str:
    """The contract's version: a digest of data/datapackage.json's content (it has no version number of its own)."""
    text = json.dumps(package.descriptor, sort_keys=True, ensure_ascii=False)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


def file_digest(blob: bytes) -> str:
    return hashlib.blake2b(blob, digest_size=20).hexdigest()


@dataclass(frozen=True)
class Manifest:
    version: str  # data_version of the CSV files published
    files: dict[str, str]  # CSV file: blake2b hex of its bytes, as published
    contract: str  # contract_digest
    max_marking: str  # the ceiling: no row above it is in the folder
    published_at: str  # ISO 8601, UTC
    folder: str  # the subfolder holding this version's tables
    tables: dict[str, dict]  # table: {"file", "rows", "withheld", "bytes", "blake2b"}
    format: str = FORMAT
    format_version: int = FORMAT_VERSION

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, sort_keys=True) + "\n"

    @property
    def digests(self) -> dict[str, bytes]:
        return {path: bytes.fromhex(hexdigest) for path, hexdigest in self.files.items()}


class Unusable(Exception):
    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


def is_published(folder: Path) -> bool:
    """A folder is a publication when it has a manifest (a CSV folder has none)."""
    return (Path(folder) / MANIFEST).is_file()


def fingerprint(folder: Path) -> loader.Fingerprint:
    """The manifest's (name, size, mtime_ns): a publish replaces it, so this changes with each one."""
    try:
        st = os.stat(Path(folder) / MANIFEST)
        return ((MANIFEST, st.st_size, st.st_mtime_ns),)
    except FileNotFoundError:
        return ((MANIFEST, -1, -1),)


def _bad(column: str | None, value, expected: str, problem: str) -> Unusable:
    return Unusable(Problem(MANIFEST, None, column, None if value is None else str(value), expected, problem))


def read_manifest(folder: Path) -> Manifest:
    """The manifest of a published folder, or Unusable saying what is wrong with it."""
    try:
        data = json.loads((Path(folder) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise _bad(None, None, "a manifest written by python -m proxyatlas publish", f"unreadable manifest: {err}")
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("format_version") != FORMAT_VERSION:
        got = data.get("format_version") if isinstance(data, dict) else None
        raise _bad("format_version", got, f"format {FORMAT!r} version {FORMAT_VERSION} (python -m proxyatlas publish)",
                   "not a manifest this version of Proxy Atlas reads")
    try:
        return Manifest(**data)
    except TypeError as err:
        raise _bad(None, None, "the fields python -m proxyatlas publish writes", f"malformed manifest: {err}")


def check(manifest: Manifest, max_marking: str, package: schema.Package) -> None:
    """What a server checks before loading a publication (Unusable if it may not or cannot serve it)."""
    try:
        published = level(manifest.max_marking)
    except BadMarking as err:
        raise _bad("max_marking", manifest.max_marking, "a TLP marking", str(err))
    if published > level(max_marking):
        raise _bad("max_marking", manifest.max_marking,
                   f"a folder published at or under this server's ceiling {max_marking} (PROXYATLAS_MAX_MARKING): "
                   f"publish it with --max-marking {max_marking}", "published above this server's marking ceiling")
    if manifest.contract != contract_digest(package):
        raise _bad("contract", manifest.contract,
                   f"the contract this server runs ({contract_digest(package)}, data/datapackage.json): publish again",
                   "published under another contract")
    if manifest.version != data_version(manifest.digests):
        raise _bad("version", manifest.version, f"{data_version(manifest.digests)}, the version of its files",
                   "manifest does not match itself")
    names = {res.name for res in package.resources}
    if set(manifest.tables) != names:
        raise _bad("tables", ", ".join(sorted(manifest.tables)), ", ".join(sorted(names)), "tables missing or unknown")


def load(folder: Path | str, max_marking: str = "TLP:CLEAR", package: schema.Package | None = None,
         tries: int = 3) -> tuple[loader.LoadResult, Manifest | None]:
    """Load a published folder, and the manifest loaded (None on failure). On success ``con`` holds the typed and derived tables as a CSV load at
    the publication's ceiling would; else ``problems`` says why (the caller keeps its last good data).

    The manifest is read once and the tables it names are the ones loaded, so two versions never mix.
    If its folder went away meanwhile (removed by a later publish), the new manifest is read and loaded.
    """
    started = time.perf_counter()
    folder = Path(folder)
    package = package or schema.load()
    for attempt in range(tries):
        fp = fingerprint(folder)  # taken before the manifest is read: a later publish is always noticed
        try:
            manifest = read_manifest(folder)
            check(manifest, max_marking, package)
            con = _database(folder, manifest, package)
        except Unusable as err:
            gone = err.problem.problem == "file is missing"
            if gone and attempt + 1 < tries and fingerprint(folder) != fp:
                continue  # republished while we read: load the new version
            return loader.LoadResult(fp, [err.problem], None, time.perf_counter() - started), None
        counts = {name: int(t["rows"]) for name, t in manifest.tables.items()}
        return loader.LoadResult(fp, [], con, time.perf_counter() - started, counts, {}, manifest.digests), manifest
    raise AssertionError("unreachable")


def _database(folder: Path, manifest: Manifest, package: schema.Package,
              derived: tuple[str, ...] = DERIVED) -> duckdb.DuckDBPyConnection:
    """The tables the manifest names, checked against it, and the `derived` model over them."""
    con = duckdb.connect(":memory:", config={"threads": 2})
    try:
        queries.script(con, "load/macros")
        for res in package.resources:
            entry = manifest.tables[res.name]
            path = folder / manifest.folder / entry["file"]
            shown = f"{manifest.folder}/{entry['file']}"
            try:
                blob = path.read_bytes()
            except FileNotFoundError:
                raise Unusable(Problem(shown, None, None, None, "the file the manifest names", "file is missing"))
            if file_digest(blob) != entry["blake2b"]:
                raise Unusable(Problem(shown, None, None, file_digest(blob), f"checksum {entry['blake2b']} (manifest)",
                                       "file differs from the one published"))
            try:
                con.read_parquet(str(path)).create(res.name)  # a table name from the contract, never from input
            except duckdb.IOException:
                raise Unusable(Problem(shown, None, None, None, "the file the manifest names", "file is missing"))
            rows = int(queries.run(con, "publish/rows", table=res.name)["rows"].iloc[0])
            if rows != entry["rows"]:
                raise Unusable(Problem(shown, None, None, str(rows), f"{entry['rows']} rows (manifest)",
                                       "row count differs from the manifest"))
        withheld = pd.DataFrame({"resource": list(manifest.tables),
                                 "hidden": [int(t["withheld"]) for t in manifest.tables.values()]})
        con.from_df(withheld).create("hidden_counts")
        for name in derived:
            queries.script(con, name)
    except BaseException:
        con.close()
        raise
    return con
