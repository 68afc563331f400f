"""The servers a load run drives (one `streamlit run`, or N replicas behind HAProxy) and their
processes' memory and CPU, read from /proc."""

from __future__ import annotations

import asyncio
import os
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from deploy.replicas import COOKIE, Deployment
from tests.browser.server import start_server


def rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def cpu_seconds(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class Target:
    url: str
    pids: dict  # replica name -> pid
    affinity: str | None
    kill: object = None  # kill(name), replicas only
    logs: object = None  # () -> server log text
    direct: tuple = ()  # each process's own address (the warm-up opens every page on each)
    proxy_log: object = None  # () -> HAProxy's output, replicas only


@contextmanager
def serving(data: Path, folder: Path, replicas: int):
    if replicas:
        with Deployment(data, replicas, run_dir=folder / "run") as d:
            yield Target(d.url, {r.name: r.pid for r in d.members}, COOKIE, d.kill,
                         lambda: "\n".join(r.log.read_text(errors="replace") for r in d.members),
                         tuple(r.url for r in d.members),
                         lambda: (d.run_dir / "haproxy.log").read_text(errors="replace"))
    else:
        server = start_server(data, folder / "server.log")
        try:
            yield Target(server.url, {"server": server.process.pid}, None, None, server.log, (server.url,))
        finally:
            server.stop()


class Sampler:
    """RSS of each process every half second: the peak, and the last value."""

    def __init__(self, pids: dict):
        self.pids = pids
        self.peak = {name: 0.0 for name in pids}
        self.last = dict(self.peak)
        self.cpu0 = {name: cpu_seconds(pid) for name, pid in pids.items()}
        self.cpu_last = dict(self.cpu0)  # a process that was killed keeps its last reading
        self.t0 = time.monotonic()

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            for name, pid in self.pids.items():
                mb = rss_mb(pid)
                if mb:
                    self.last[name] = mb
                    self.peak[name] = max(self.peak[name], mb)
                    self.cpu_last[name] = cpu_seconds(pid) or self.cpu_last[name]
            try:
                await asyncio.wait_for(stop.wait(), 0.5)
            except asyncio.TimeoutError:
                pass

    def cpu(self) -> dict:
        wall = time.monotonic() - self.t0
        return {name: ((cpu_seconds(pid) or self.cpu_last[name]) - self.cpu0[name]) / wall
                for name, pid in self.pids.items()}
