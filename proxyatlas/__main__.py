"""Command line: ``python -m proxyatlas validate [DATA_DIR]``, ``python -m proxyatlas migrate claims [DATA_DIR]``
and ``python -m proxyatlas import {acled,ucdp,gtd,remove} ...``.

``brief DATA_DIR --out PACK.pdf [--html PACK.html]`` makes a briefing pack and ``baseline save DATA_DIR
NAME`` / ``baseline list`` keep the data of a briefing to compare with later (proxyatlas/pack/cli.py).

``publish DATA_DIR OUT_DIR --max-marking TLP:X`` validates a data folder and writes its rows at or under
the ceiling as Parquet with a manifest, for servers to read (README, "Publishing"; proxyatlas/publish.py).

``validate`` prints every problem as ``file:line column X: problem 'value'; expected ...`` and
exits 1 if there is any, so it works as a pre-commit hook. ``migrate claims`` converts an
old-format claims.csv (one source per row) to claims contract v2 (one row per statement).
``import`` brings an ACLED, UCDP GED or GTD export in through the actor crosswalk, printing one
summary line; ``import remove RELEASE`` takes a release back out (see README, "Importing").
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import loader, migrate, publish
from .importers import run as importing
from .importers.reading import Refused
from .config import Settings
from .markings import BadMarking
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
    pub = sub.add_parser("publish", help="validate a data folder and publish its rows at or under a ceiling as Parquet")
    pub.add_argument("data_dir", type=Path, help="folder with the CSV files")
    pub.add_argument("out_dir", type=Path, help="the published folder servers read (PROXYATLAS_DATA=OUT_DIR)")
    pub.add_argument("--max-marking", required=True, help="the ceiling: no row marked above it is written (e.g. TLP:CLEAR)")
    pack_cli.add_parsers(sub)
    _import_parser(sub)
    args = parser.parse_args(argv)

    if args.command in ("brief", "baseline"):
        return pack_cli.run(args)
    if args.command == "import":
        return _import(args)
    if args.command == "publish":
        return _publish(args)
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


def _publish(args) -> int:
    try:
        outcome = publish.publish(args.data_dir, args.out_dir, args.max_marking)
    except publish.Refused as err:
        for problem in err.problems:
            print(problem)
        print(f"not published, nothing written: {len(err.problems)} problem(s) in {args.data_dir}", file=sys.stderr)
        return 1
    except (BadMarking, OSError) as err:
        print(f"not published: {err}", file=sys.stderr)
        return 1
    print(outcome.summary())
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


def _import_parser(sub) -> None:
    imp = sub.add_parser("import", help="bring in an ACLED, UCDP GED or GTD export, or take a release back out")
    which = imp.add_subparsers(dest="dataset", required=True)
    for name, label in (("acled", "an ACLED CSV export"), ("ucdp", "a UCDP GED CSV"), ("gtd", "a GTD CSV")):
        one = which.add_parser(name, help=f"import {label}")
        one.add_argument("file", type=Path, help=f"{label}, as downloaded")
        one.add_argument("--data", type=Path, help="the data folder (default: $PROXYATLAS_DATA or data/)")
        one.add_argument("--crosswalk", type=Path, help="the crosswalk CSV (default: crosswalk.csv in the data folder)")
        one.add_argument("--release", help="the release or version (default: the file's name without .csv)")
        one.add_argument("--accessed", help="when the export was downloaded, YYYY-MM-DD (default: the file's date)")
        one.add_argument("--encoding", default="utf-8", help="the file's character encoding (default: utf-8)")
        one.add_argument("--dry-run", action="store_true", help="say what would change, write nothing")
        one.add_argument("--strict", action="store_true", help="exit 1, writing nothing, when any name is unmatched")
        one.add_argument("--report", type=Path, help="write the unmatched names, with suggestions, to this CSV")
    rm = which.add_parser("remove", help="take one imported release back out (its events, claims and source row)")
    rm.add_argument("release", help="the release's source id, e.g. import_acled_2024_12_06 (see imports.csv)")
    rm.add_argument("--data", type=Path, help="the data folder (default: $PROXYATLAS_DATA or data/)")
    rm.add_argument("--dry-run", action="store_true", help="say what would change, write nothing")


def _import(args) -> int:
    data_dir = args.data or Settings.from_env().data_dir
    try:
        if args.dataset == "remove":
            print(importing.remove_release(args.release, data_dir, args.dry_run).summary())
        else:
            outcome = importing.import_file(
                args.dataset, args.file, data_dir, args.crosswalk, release=args.release, accessed=args.accessed,
                encoding=args.encoding, dry_run=args.dry_run, strict=args.strict, report_path=args.report)
            print(outcome.summary())
            if outcome.strict_stop:
                for u in outcome.unmatched:
                    print(f"unmatched: {u.name!r} ({u.rows} rows)", file=sys.stderr)
                return 1
    except Refused as err:
        if err.heading:
            print(err.heading, file=sys.stderr)
        for problem in err.problems:
            print(problem, file=sys.stderr)
        what = "release not taken out" if args.dataset == "remove" else "not imported"
        print(f"{what}, nothing written: {len(err.problems)} problem(s)", file=sys.stderr)
        return 1
    except OSError as err:
        print(f"nothing written: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
