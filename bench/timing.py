"""Timing and the machine: medians of repeated runs, and what the runs ran on."""

from __future__ import annotations

import os
import platform
import statistics
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib.metadata import version
from typing import Callable


@dataclass(frozen=True)
class Sample:
    """Repeated measurements of one thing (milliseconds, or MB for memory)."""

    runs: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.runs)

    def __str__(self) -> str:
        return f"{self.median:,.0f}"


def timed(fn: Callable[[], object]) -> float:
    """Milliseconds one call of fn takes."""
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def sample(fn: Callable[[], object], reps: int) -> Sample:
    return Sample(tuple(timed(fn) for _ in range(reps)))


def _cpu_model() -> str:
    with open("/proc/cpuinfo", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def _memory_gib() -> float:
    with open("/proc/meminfo", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024**2
    return 0.0


def machine() -> dict[str, str]:
    """What the figures were measured on."""
    load1, load5, _ = os.getloadavg()
    return {
        "CPU": _cpu_model(),
        "cores": str(os.cpu_count()),
        "memory": f"{_memory_gib():.1f} GiB",
        "load average at start (1, 5 min)": f"{load1:.2f}, {load5:.2f}",
        "Python": platform.python_version(),
        "streamlit": version("streamlit"),
        "duckdb": version("duckdb"),
        "pandas": version("pandas"),
        "altair": version("altair"),
        "chromium": "/usr/bin/chromium",
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    }
