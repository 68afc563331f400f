"""Import benchmark: a synthetic ACLED export of 100,000 rows into a copy of the bundled data.

    python -m bench.imports                  # 100,000 rows, 3 runs
    python -m bench.imports --rows 20000 --reps 1

The export has ACLED's exact codebook header and made-up rows (no real ACLED data): event ids
per country, dates in both ACLED styles, time precisions 1 to 3, the crosswalk's spellings,
aliases of our actors and names that match nothing (about a quarter of the rows are skipped),
civilians on the other side of some events, 0 fatalities in some. Each run times the whole
`import_file` (read and check the file, validate the folder and crosswalk, match, build, merge,
validate the result, publish) on a fresh copy, then the same file again (every row unchanged).
Prints rows per second and appends a section to bench/import_results.md. The file is cached
under bench/data/ (git-ignored).
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from proxyatlas.config import BUNDLED_DATA
from proxyatlas.importers import acled
from proxyatlas.importers.run import import_file

from .generate import DATA_ROOT
from .timing import machine

RESULTS = Path(__file__).resolve().parent / "import_results.md"
COUNTRIES = [("YEM", 887, "Yemen", 15.4, 44.2), ("IRQ", 368, "Iraq", 33.3, 44.4), ("SYR", 760, "Syria", 34.8, 38.9),
             ("LBN", 422, "Lebanon", 33.9, 35.5)]
MATCHED = ["Military Forces of Yemen (2017-) Houthi", "Hezbollah", "Hamas Movement", "PIJ: Palestinian Islamic Jihad",
           "Kata'ib Hezbollah", "Asaib Ahl al-Haq", "Harakat al-Nujaba", "Islamic State", "Badr Organization"]
UNMATCHED = [f"Unidentified Armed Group ({c})" for _, _, c, _, _ in COUNTRIES] + [
    "Military Forces of the United States (2021-)", "Synthetic Tribal Militia"]
SUB = [("Explosions/Remote violence", "Air/drone strike"), ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
       ("Battles", "Armed clash"), ("Violence against civilians", "Attack"), ("Strategic developments", "Other")]


def export(rows: int, seed: int = 12) -> Path:
    """The synthetic export (cached): same rows and seed, same bytes."""
    path = DATA_ROOT / f"acled-{rows}-{seed}.csv"
    if path.exists():
        return path
    rng = random.Random(seed)
    DATA_ROOT.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(acled.COLUMNS), lineterminator="\n")
        writer.writeheader()
        for i in range(rows):
            iso3, iso, country, lat, lon = rng.choice(COUNTRIES)
            day = date(2019, 1, 1) + timedelta(days=rng.randrange(6 * 365))
            event_type, sub = rng.choice(SUB)
            civilians = event_type == "Violence against civilians"
            actor1 = rng.choice(MATCHED) if rng.random() < 0.75 else rng.choice(UNMATCHED)
            writer.writerow({
                "event_id_cnty": f"{iso3}{100000 + i}",
                "event_date": day.isoformat() if i % 2 else f"{day.day} {day:%B %Y}", "year": day.year,
                "time_precision": rng.choice((1, 1, 1, 2, 3)), "disorder_type": "Political violence",
                "event_type": event_type, "sub_event_type": sub, "actor1": actor1,
                "assoc_actor_1": rng.choice(MATCHED) if rng.random() < 0.1 else "", "inter1": "3",
                "actor2": f"Civilians ({country})" if civilians else rng.choice(["", *UNMATCHED]),
                "inter2": "7" if civilians else "1", "interaction": "37" if civilians else "13", "iso": iso,
                "region": "Middle East", "country": country, "admin1": f"Synthetic province {i % 40}",
                "location": f"Synthetic place {i % 900}", "latitude": f"{lat + rng.uniform(-1, 1):.4f}",
                "longitude": f"{lon + rng.uniform(-1, 1):.4f}", "geo_precision": "1", "source": "Synthetic",
                "source_scale": "Other", "notes": f"Synthetic benchmark row {i}.",
                "fatalities": rng.choice((0, 0, 1, 2, 5)), "timestamp": 1700000000 + i,
            })
    tmp.replace(path)
    return path


def once(file: Path) -> tuple[float, float, str]:
    """(seconds for the first import, seconds for the same file again, the first summary)."""
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(BUNDLED_DATA, data)
        t0 = time.perf_counter()
        first = import_file("acled", file, data)
        t1 = time.perf_counter()
        again = import_file("acled", file, data)
        t2 = time.perf_counter()
        assert again.imported == 0 and again.updated == 0 and not again.written, again.summary()
        return t1 - t0, t2 - t1, first.summary()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.imports", description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args(argv)
    file = export(args.rows)
    runs = [once(file) for _ in range(args.reps)]
    first = statistics.median(r[0] for r in runs)
    again = statistics.median(r[1] for r in runs)
    lines = [
        f"## ACLED import, {args.rows:,} rows ({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())})", "",
        "Machine: " + "; ".join(f"{k} {v}" for k, v in machine().items()) + f". Median of {args.reps} run(s).", "",
        "| run | seconds | rows per second |", "| --- | ---: | ---: |",
        f"| first import into the bundled data | {first:.2f} | {args.rows / first:,.0f} |",
        f"| the same file again (all unchanged) | {again:.2f} | {args.rows / again:,.0f} |", "",
        f"Summary of a first import: `{runs[0][2]}`", "",
    ]
    print("\n".join(lines))
    with open(RESULTS, "a", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
