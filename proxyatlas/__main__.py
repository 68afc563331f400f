"""Command line: ``python -m proxyatlas validate [DATA_DIR]``.

Prints every problem as ``file:line column X: problem 'value'; expected ...`` and exits 1
if there is any, so it works as a pre-commit hook.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import loader
from .config import Settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m proxyatlas", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    validate = sub.add_parser("validate", help="check a data folder against data/datapackage.json")
    validate.add_argument("data_dir", nargs="?", type=Path, help="folder with the CSV files (default: $PROXYATLAS_DATA or data/)")
    args = parser.parse_args(argv)

    data_dir = args.data_dir or Settings.from_env().data_dir
    result = loader.load(data_dir, max_marking="TLP:RED")  # validate everything, whatever its marking
    for problem in result.problems:
        print(problem)
    if result.problems:
        print(f"{len(result.problems)} problem(s) in {data_dir}", file=sys.stderr)
        return 1
    rows = ", ".join(f"{n} {name}" for name, n in result.row_counts.items())
    print(f"OK: {data_dir} is valid ({rows}; {result.seconds:.2f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
