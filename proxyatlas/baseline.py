"""Baselines: the validated tables of one moment, kept to say later what changed since.

A baseline is a folder ``<baselines>/<name>/`` with one Parquet file per table (written by
DuckDB) and ``baseline.json`` (when, from which files, under which ceiling). It holds only the
rows at or under the ceiling of the deployment that saved it, so no restricted row lands on a
public server's disk; a deployment refuses a baseline saved above its own ceiling.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from .markings import level
from .store import Snapshot

TABLES = ("sources", "actors", "relationships", "events", "claims", "attribution")
DEFAULT_DIR = Path(__file__).resolve().parent.parent / "baselines"  # beside data/, never inside it
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")


class BaselineError(ValueError):
    pass


def folder(environ: dict[str, str] | None = None) -> Path:
    """The baselines folder: ``$PROXYATLAS_BASELINES``, else ``baselines/`` beside the code."""
    env = os.environ if environ is None else environ
    return Path(env.get("PROXYATLAS_BASELINES") or DEFAULT_DIR).expanduser().resolve()


@dataclass(frozen=True)
class Baseline:
    name: str
    path: Path
    saved_at: str
    max_marking: str
    data_dir: str
    rows: dict[str, int]

    def table(self, name: str) -> str:
        """The Parquet file of one table, for ``read_parquet``."""
        return str(self.path / f"{name}.parquet")


def _check_name(name: str) -> str:
    if not _NAME.fullmatch(name or ""):
        raise BaselineError(f"bad baseline name {name!r}: use letters, digits, '.', '_' or '-' (at most 64), "
                            "starting with a letter or digit")
    return name


def save(snap: Snapshot, name: str, data_dir: Path, where: Path) -> Baseline:
    """Write the snapshot's tables (already cut at its ceiling) as a new baseline."""
    target = where / _check_name(name)
    if target.exists():
        raise BaselineError(f"a baseline named {name!r} already exists in {where}; choose another name")
    partial = where / f".{name}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    rows = {}
    cur = snap.con.cursor()
    try:
        for table in TABLES:
            rel = cur.table(table)
            rel.write_parquet(str(partial / f"{table}.parquet"))
            rows[table] = int(rel.count("*").fetchall()[0][0])
    finally:
        cur.close()
    meta = {"name": name, "saved_at": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC"),
            "max_marking": snap.max_marking, "data_dir": str(data_dir), "rows": rows}
    (partial / "baseline.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")
    partial.rename(target)  # whole or not at all
    return _read(target)


def _read(path: Path) -> Baseline:
    meta = json.loads((path / "baseline.json").read_text(encoding="utf-8"))
    return Baseline(meta["name"], path, meta["saved_at"], meta["max_marking"], meta["data_dir"], meta["rows"])


def listed(where: Path) -> list[Baseline]:
    """The baselines in a folder, newest first (none if the folder does not exist)."""
    if not where.is_dir():
        return []
    found = [_read(p) for p in where.iterdir() if p.is_dir() and (p / "baseline.json").is_file()]
    return sorted(found, key=lambda b: (b.saved_at, b.name), reverse=True)


def load(name: str, where: Path, max_marking: str) -> Baseline:
    """A saved baseline that a deployment with ceiling `max_marking` may read."""
    path = where / _check_name(name)
    if not (path / "baseline.json").is_file():
        known = ", ".join(b.name for b in listed(where)) or "none"
        raise BaselineError(f"no baseline named {name!r} in {where} (saved baselines: {known}); "
                            f"save one with: python -m proxyatlas baseline save DATA_DIR {name}")
    found = _read(path)
    if level(found.max_marking) > level(max_marking):
        raise BaselineError(f"baseline {name!r} was saved under {found.max_marking}, above this deployment's "
                            f"ceiling {max_marking}: it is not read here")
    return found
