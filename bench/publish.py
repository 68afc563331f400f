"""Load time of a data set from its CSV files vs from its publication (Parquet): ``python -m bench.publish``.

    python -m bench.publish              # the large set: 100,000 events
    python -m bench.publish --huge       # and the large set times ten: 1,000,000 events (generating it takes minutes)

Each set (bench/datasets.py) is published once (``proxyatlas.publish``, at TLP:CLEAR) into a temporary folder.
Then, alternately, ``--reps`` times each: ``loader.load`` of the CSV folder (what a server does on a CSV folder:
read, validate, build the model) and ``published.load`` of the publication (read the manifest, check the
ceiling, the contract and every file's checksum and row count, read the Parquet tables, build the derived
model). Both end with the same ready database, which the store serves.

Prints a table and writes the "Publishing" section of bench/load_results.md, between its markers; the rest of
that file (the load tests' sections) is left as it is.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from proxyatlas import loader, publish, published, schema

from . import datasets
from .timing import Sample, machine, timed

RESULTS = Path(__file__).resolve().parent / "load_results.md"
START, END = "<!-- bench.publish: start -->", "<!-- bench.publish: end -->"


def measure(data: Path, reps: int) -> dict[str, str]:
    """The figures for one data set (milliseconds are medians of `reps` runs)."""
    with tempfile.TemporaryDirectory(prefix="bench-publish-") as tmp:
        out = Path(tmp) / "published"
        outcome = None

        def run_publish():
            nonlocal outcome
            outcome = publish.publish(data, out, "TLP:CLEAR")

        publish_ms = timed(run_publish)
        manifest = published.read_manifest(out)
        csv_runs, parquet_runs, read_runs = [], [], []
        for _ in range(reps):
            csv_runs.append(_timed_load(lambda: loader.load(data, "TLP:CLEAR")))
            parquet_runs.append(_timed_load(lambda: published.load(out, "TLP:CLEAR")[0]))
            # The same without the derived model: what reading and checking the Parquet tables costs.
            read_runs.append(timed(lambda: published._database(out, manifest, schema.load(), derived=()).close()))
        csv_ms, parquet_ms, read_ms = Sample(tuple(csv_runs)), Sample(tuple(parquet_runs)), Sample(tuple(read_runs))
        csv_bytes = sum(p.stat().st_size for p in data.glob("*.csv"))
        parquet_bytes = sum(t["bytes"] for t in outcome.manifest.tables.values())
    return {
        "data": datasets.describe(data),
        "CSV files": f"{csv_bytes / 2**20:,.1f} MB",
        "published Parquet": f"{parquet_bytes / 2**20:,.1f} MB",
        "publish (validate + write), one run": f"{publish_ms:,.0f} ms",
        f"load from CSV (median of {reps})": f"{csv_ms} ms",
        f"load from Parquet (median of {reps})": f"{parquet_ms} ms",
        "– of which reading and checking the Parquet files": f"{read_ms} ms",
        "– of which the derived model (20_derived, 30_scope)": f"{parquet_ms.median - read_ms.median:,.0f} ms",
        "CSV / Parquet": f"{csv_ms.median / parquet_ms.median:.1f}×",
        "runs, CSV": ", ".join(f"{r:,.0f}" for r in csv_runs),
        "runs, Parquet": ", ".join(f"{r:,.0f}" for r in parquet_runs),
    }


def _timed_load(load) -> float:
    result = None

    def run():
        nonlocal result
        result = load()

    ms = timed(run)
    if result.problems:
        raise RuntimeError(f"the load failed: {result.problems[:3]}")
    result.con.close()
    return ms


def section(figures: dict[str, dict[str, str]], command: str, m: dict[str, str]) -> str:
    """The markdown section; `m` is machine() taken when the run started."""
    names = list(figures)
    rows = list(next(iter(figures.values())))
    lines = [START, "## Publishing: load time from CSV vs from Parquet", "",
             f"`{command}` ({m['date']}); see bench/publish.py for what each load does.", "",
             "| figure | " + " | ".join(names) + " |", "| --- |" + " --- |" * len(names)]
    lines += ["| " + row + " | " + " | ".join(figures[n][row] for n in names) + " |" for row in rows]
    lines += ["", "Machine: " + "; ".join(f"{k} {m[k]}" for k in ("CPU", "cores", "memory",
                                                                   "load average at start (1, 5 min)", "duckdb"))
              + ". The machine is shared: the ratio is from one run, both loads measured alternately.", END]
    return "\n".join(lines) + "\n"


def write(text: str, path: Path = RESULTS) -> None:
    """Replace the section between the markers, or put it after the file's opening paragraph."""
    old = path.read_text(encoding="utf-8") if path.exists() else "# Load tests\n"
    if START in old and END in old:
        before, rest = old.split(START, 1)
        new = before + text.rstrip("\n") + rest.split(END, 1)[1]
    else:
        head, sep, tail = old.partition("\n\n\n")
        new = head + "\n\n" + text + ("\n" + tail if sep else "")
    path.write_text(new, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.publish", description=__doc__.splitlines()[0])
    parser.add_argument("--huge", action="store_true", help="also the 1,000,000-event set")
    parser.add_argument("--reps", type=int, default=3, help="loads of each kind per set (default 3)")
    parser.add_argument("--out", type=Path, default=RESULTS, help="the markdown file whose section to write")
    args = parser.parse_args(argv)
    started = machine()
    sets = {"100k events": datasets.large()}
    if args.huge:
        sets["1M events"] = datasets.huge()
    figures = {}
    for name, data in sets.items():
        figures[name] = measure(data, args.reps)
        for row, value in figures[name].items():
            print(f"{name}: {row}: {value}", flush=True)
    command = "python -m bench.publish" + (" --huge" if args.huge else "") + (f" --reps {args.reps}" if args.reps != 3 else "")
    write(section(figures, command, started), args.out)
    print(f"wrote the Publishing section of {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
