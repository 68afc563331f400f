"""Command line: ``python -m proxyatlas validate [DATA_DIR]`` and ``python -m proxyatlas migrate claims [DATA_DIR]``.

``brief DATA_DIR --out PACK.pdf [--html PACK.html]`` makes a briefing pack and ``baseline save DATA_DIR
NAME`` / ``baseline list`` keep the data of a briefing to compare with later (proxyatlas/pack/cli.py).

``validate`` prints every problem as ``file:line column X: problem 'value'; expected ...`` and
exits 1 if there is any, so it works as a pre-commit hook. ``migrate claims`` converts an
old-format claims.csv (one source per row) to claims contract v2 (one row per statement).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import loader, migrate
from .config import Settings
from .pack import cli as pack_cli


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m proxyatlas", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    validate = sub.add_parser("validate", help="check a data folder against data/datapackage.json")
    validate.add_argument("data_dir", nargs="?", type=Path, help="folder with the CSV files (default: $PROXYATLAS_DATA or data/)")
    convert = sub.add_parser("migrate", help="convert a file of an older contract to the current one")
    convert.add_argument("file", choices=["claims"], help="which file: claims (one source per row -> one row per statement)")
    convert.add_argument("data_dir", nargs="?", type=Path, help="folder with the CSV files (default: $PROXYATLAS_DATA or data/)")
    convert.add_argument("--dry-run", action="store_true", help="say what would change, write nothing")
    pack_cli.add_parsers(sub)
    args = parser.parse_args(argv)

    if args.command in ("brief", "baseline"):
        return pack_cli.run(args)
    data_dir = args.data_dir or Settings.from_env().data_dir
    if args.command == "migrate":
        return _migrate(data_dir, args.dry_run)
    result = loader.load(data_dir, max_marking="TLP:RED")  # validate everything, whatever its marking
    for problem in result.problems:
        print(problem)
    if result.problems:
        print(f"{len(result.problems)} problem(s) in {data_dir}", file=sys.stderr)
        return 1
    rows = ", ".join(f"{n} {name}" for name, n in result.row_counts.items())
    print(f"OK: {data_dir} is valid ({rows}; {result.seconds:.2f} s)")
    return 0


def _migrate(data_dir: Path, dry_run: bool) -> int:
    try:
        outcome = migrate.migrate_claims(data_dir, dry_run=dry_run)
    except migrate.MigrationError as err:
        print(f"not converted, nothing written: {err}", file=sys.stderr)
        return 1
    print(outcome.summary(data_dir / "claims.csv"))
    if not dry_run:
        print(f"Now check the folder: python -m proxyatlas validate {data_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
