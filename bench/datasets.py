"""The datasets the benchmarks run on: the bundled data, and generated sets cached under bench/data/."""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import replace
from pathlib import Path

from proxyatlas.config import BUNDLED_DATA

from .generate import DATA_ROOT, SPONSOR_TIES, Counts, cached

BUNDLED = BUNDLED_DATA
LOGS = DATA_ROOT / "logs"  # the servers' output
LARGE_COUNTS = replace(Counts.at_scale(100), events=100_000, claims=20_000)
HUGE_COUNTS = replace(Counts.at_scale(1000), events=1_000_000, claims=200_000)  # the large set times ten
# Scales whose whole network (the default view) has about 200, 1,000 and 2,000 actors in ties.
NETWORK_SCALES = {200: 8, 1000: 40, 2000: 80}


def large() -> Path:
    """2,500 actors, 7,000 ties, 100,000 events, 20,000 claims, 1,500 sources."""
    return cached(LARGE_COUNTS)


def huge() -> Path:
    """25,000 actors, 70,000 ties, 1,000,000 events, 200,000 claims, 15,000 sources."""
    return cached(HUGE_COUNTS)


def network(nodes: int) -> Path:
    """A generated set whose Network page shows about `nodes` actors."""
    return cached(Counts.at_scale(NETWORK_SCALES[nodes]))


def describe(data: Path) -> str:
    """'N actors, N ties, N events, N claims' for a data folder (CSV records, header excluded)."""
    counts = []
    for file, label in (("actors", "actors"), ("relationships", "ties"), ("events", "events"), ("claims", "claims")):
        with open(data / f"{file}.csv", encoding="utf-8-sig", newline="") as fh:
            counts.append(f"{sum(1 for _ in csv.reader(fh)) - 1:,} {label}")
    return ", ".join(counts)


def busiest_sponsors(data: Path, n: int) -> list[str]:
    """The `n` actors that sponsor, fund, arm, train or direct the most others (largest networks first)."""
    ties: Counter[str] = Counter()
    with open(data / "relationships.csv", encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["type"] in SPONSOR_TIES:
                ties[row["source_id"]] += 1
    return [actor for actor, _ in ties.most_common(n)]
