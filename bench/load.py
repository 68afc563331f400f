"""Many viewers on the real server, at the protocol level: how many one server (or N replicas) holds.

    python -m bench.load ramp --data bench/data/<100k>                 # one server
    python -m bench.load ramp --data bench/data/<100k> --replicas 2    # 2 replicas behind HAProxy
    python -m bench.load soak --data bench/data/<100k> --viewers 50 --minutes 2 --save-every 10 [--replicas 2]
    python -m bench.load soak ... --replicas 2 --kill-after 60          # failover: kill r1 mid-run

(`--data large` names the 100k-event synthetic set, bench/datasets.py, generated on first use.)

Each viewer is a real Streamlit session spoken to over its WebSocket (bench/protocol.py), no browser:
it opens pages by address with filters in the query string (a new session each, as a shared link
would), follows menu links (another page, same session), and changes the sidebar's sponsor, minimum
confidence and start date (a widget-state rerun), pausing a random 0-2x`--think` seconds in between.
Every page view is timed from the first request (an opened page) or the rerun request until the
server's `script_finished`, and checked: exception elements, the "No valid data" page or no title is an
error page; a view showing two data versions (two "data version" values in the foot line, or two
versions of the renamed actor or source) is mixed, and so is a data version seen with two different
versions of the renamed rows. A view that failed outright (connection dropped, no finish within
--timeout) is counted apart, and the viewer then reopens its page, as the frontend reconnects.

- `ramp`: --steps viewers (1, 2, 4, ... 100), each for --step-seconds, and stop at the first step
  whose p95 page time is 2 s or more (or at --max). The figure: the most viewers held under 2 s.
- `soak`: --viewers for --minutes while the data is re-saved (or re-published, --republish) every
  --save-every s. With --kill-after S (replicas only) replica r1 is killed (SIGKILL) S seconds in:
  its viewers' failed views, the seconds until each viewed a page again, and failures elsewhere.

Servers: one `streamlit run` (tests/browser/server.py) or `deploy.replicas.Deployment` (N replicas,
HAProxy in front, data read-only), on a private copy of --data. Figures go into bench/load_results.md,
each run replacing its own section (by heading). Loopback only; at most 200 viewers and 30 minutes.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import os
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from tests.browser.server import log_problems

from . import datasets, load_report
from .load_report import percentile
from .load_servers import Sampler, Target, serving
from .protocol import ProtocolError, Session, View
from .republish import Writer

MAX_VIEWERS = 200
MAX_MINUTES = 30
TARGET_P95_S = 2.0
ACTIONS = {"open": 3, "menu": 3, "Sponsor network": 1, "Minimum confidence of ties": 1, "From": 1}
MENU = ["", "Network", "Timeline", "Attribution", "Actors", "Map", "Sources", "Data"]
RECONNECT_PAUSE_S = 0.5
STEPS = [1, 2, 4, 6, 8, 10, 15, 20, 30, 40, 50, 60, 80, 100]


def _first(path: Path, column: str) -> str:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return next(csv.DictReader(fh))[column]


def addresses(data: Path, writer: Writer) -> list[str]:
    """The pages a viewer opens by address, each with a filter or a page parameter in its query."""
    sponsors = datasets.busiest_sponsors(data, 1)
    sponsor = f"sponsor={sponsors[0]}" if sponsors else "conf=moderate"
    event = _first(data / "events.csv", "event_id")
    return ["/?conf=moderate", f"/Network?{sponsor}", "/Timeline?from=2022-01-01", f"/Attribution?event={event}",
            f"/Actors?actor={writer.actor_id}", "/Map?conf=high", f"/Sources?source={writer.source_id}",
            f"/Data?{sponsor}"]


@dataclass
class Failure:
    at: float  # seconds into the run
    viewer: int
    kind: str
    replica: str | None
    why: str
    recovered_after: float | None = None  # seconds until this viewer's next good view


@dataclass
class Tally:
    t0: float
    views: list = field(default_factory=list)  # (at, View)
    failures: list = field(default_factory=list)
    driver: list = field(default_factory=list)  # actions the driver could not do (not the app's errors)
    by_version: dict = field(default_factory=dict)  # data version -> {mark: set of values}

    def add(self, view: View) -> None:
        self.views.append((time.monotonic() - self.t0, view))
        if len(view.versions) == 1:
            seen = self.by_version.setdefault(next(iter(view.versions)), {})
            for name, values in view.marks.items():
                seen.setdefault(name, set()).update(values)

    def window(self, start: float, end: float) -> list[View]:
        return [v for at, v in self.views if start <= at < end]

    @property
    def version_clashes(self) -> dict:
        """Data versions seen with two versions of a renamed row (over all views)."""
        return {v: marks for v, marks in self.by_version.items() if any(len(s) > 1 for s in marks.values())}


class Viewer:
    def __init__(self, n: int, base: str, tally: Tally, pages: list[str], marks: dict, rng: random.Random,
                 think: float, timeout: float, affinity: str | None):
        self.n, self.tally, self.pages, self.rng, self.think = n, tally, pages, rng, think
        self.session = Session(base, marks, timeout, affinity)
        self.failed_at: list[Failure] = []

    async def act(self, kind: str) -> View | None:
        s = self.session
        if kind == "open" or s.ws is None:
            return await s.open(self.rng.choice(self.pages))
        if kind == "menu":
            here = s.path.strip("/")
            return await s.navigate("/" + self.rng.choice([p for p in MENU if p != here]))
        widget = s.widgets.get(kind)
        if widget is None:
            self.tally.driver.append(f"viewer {self.n}: no widget {kind!r} on {s.path}")
            return None
        if kind == "From":
            value = date.fromisoformat(widget.value[0]) if widget.value else date(2020, 1, 1)
            to = s.widgets.get("To")
            last = date.fromisoformat(to.value[0]) if to and to.value else date(2024, 12, 31)
            year = value.year + (1 if value.year + 1 < last.year and self.rng.random() < 0.5 else -1)
            return await s.change(kind, [value.replace(year=year, day=min(value.day, 28)).isoformat()])
        options = [o for o in widget.options if o not in widget.value] or widget.options
        return await s.change(kind, [self.rng.choice(options)])

    async def run(self, stop: asyncio.Event) -> None:
        kind = "open"
        while not stop.is_set():
            try:
                view = await self.act(kind)
                if view is not None:
                    self.tally.add(view)
                    for failure in self.failed_at:
                        failure.recovered_after = (time.monotonic() - self.tally.t0) - failure.at
                    self.failed_at = []
            except ProtocolError as err:
                failure = Failure(time.monotonic() - self.tally.t0, self.n, kind, self.session.replica, str(err)[:200])
                self.tally.failures.append(failure)
                self.failed_at.append(failure)
                await self.session.close()  # the next action reopens the page, as the frontend reconnects
                kind = "open"
                await asyncio.sleep(RECONNECT_PAUSE_S)
                continue
            try:
                await asyncio.wait_for(stop.wait(), self.rng.uniform(0, 2 * self.think))
            except asyncio.TimeoutError:
                pass
            kind = self.rng.choices(list(ACTIONS), weights=list(ACTIONS.values()))[0]
        await self.session.close()


# --- the runs ----------------------------------------------------------------------------------------

@dataclass
class Step:
    viewers: int
    views: list
    failures: int
    load: float  # the machine's 1-minute load average at the step's end
    cpu: dict  # cores busy per server process during the step

    @property
    def p95(self) -> float:
        return percentile([v.seconds for v in self.views], 95)

    @property
    def p50(self) -> float:
        return percentile([v.seconds for v in self.views], 50)

    @property
    def held(self) -> bool:
        return bool(self.views) and self.p95 < TARGET_P95_S and not self.failures and \
            not any(v.error for v in self.views)


@dataclass
class Run:
    mode: str
    args: argparse.Namespace
    tally: Tally
    steps: list = field(default_factory=list)
    sampler: Sampler | None = None
    writer: Writer | None = None
    killed_at: float | None = None
    on_killed: set = field(default_factory=set)  # viewers whose session was on the killed replica
    load: tuple = ()  # load average (1, 5, 15 min) at the start and at the end
    cpu: dict = field(default_factory=dict)
    log_problems: list = field(default_factory=list)
    profile: str | None = None
    proxy_events: list = field(default_factory=list)
    wall_s: float = 0.0


def _viewer(n: int, target: Target, tally: Tally, pages: list[str], marks: dict, args) -> Viewer:
    return Viewer(n, target.url, tally, pages, marks, random.Random(args.seed * 1000 + n), args.think,
                  args.timeout, target.affinity)


async def warm(target: Target, pages: list[str], marks: dict, timeout: float) -> None:
    """Every page once on each process (by its own address) before the clock starts: each loads the data."""
    for url in target.direct:
        for path in pages:
            session = Session(url, marks, timeout)
            try:
                await session.open(path)
            finally:
                await session.close()


async def ramp(target: Target, pages: list[str], marks: dict, args) -> Run:
    run = Run("ramp", args, Tally(time.monotonic()))
    stop = asyncio.Event()
    tasks: list[asyncio.Task] = []
    for want in args.steps:
        while len(tasks) < want:
            tasks.append(asyncio.create_task(_viewer(len(tasks), target, run.tally, pages, marks, args).run(stop)))
            await asyncio.sleep(0.1)
        sampler = Sampler(target.pids)
        start = time.monotonic() - run.tally.t0
        await asyncio.sleep(args.step_seconds)
        end = time.monotonic() - run.tally.t0
        step = Step(len(tasks), run.tally.window(start, end),
                    sum(start <= f.at < end for f in run.tally.failures), os.getloadavg()[0], sampler.cpu())
        run.steps.append(step)
        print(f"  {step.viewers:>3} viewers: {len(step.views):>4} views, p50 {step.p50:.2f} s, p95 {step.p95:.2f} s, "
              f"{step.failures} failed, load {step.load:.1f}", flush=True)
        if not step.held:
            break
    stop.set()
    await asyncio.gather(*tasks, return_exceptions=True)
    return run


async def soak(target: Target, writer: Writer, pages: list[str], marks: dict, args) -> Run:
    run = Run("soak", args, Tally(time.monotonic()), writer=writer)
    stop, sampling = asyncio.Event(), asyncio.Event()
    run.sampler = Sampler(target.pids)
    sampler_task = asyncio.create_task(run.sampler.run(sampling))
    viewers = [_viewer(n, target, run.tally, pages, marks, args) for n in range(args.viewers)]
    writer.start()
    tasks = []
    for viewer in viewers:
        tasks.append(asyncio.create_task(viewer.run(stop)))
        await asyncio.sleep(0.1)
    seconds = args.minutes * 60
    if args.kill_after is not None:
        await asyncio.sleep(args.kill_after)
        run.on_killed = {v.n for v in viewers if v.session.replica == "r1"}
        run.killed_at = time.monotonic() - run.tally.t0
        target.kill("r1")
        print(f"  killed r1 at {run.killed_at:.1f} s ({len(run.on_killed)} viewers on it)", flush=True)
        seconds -= args.kill_after
    await asyncio.sleep(max(0.0, seconds))
    stop.set()
    writer.stop.set()
    await asyncio.gather(*tasks, return_exceptions=True)
    sampling.set()
    await sampler_task
    run.cpu = run.sampler.cpu()
    return run


def profile(pid: int, seconds: float, out: Path) -> subprocess.Popen:
    """py-spy samples the server process (all threads, native frames off) for `seconds`."""
    return subprocess.Popen([str(Path(sys.executable).parent / "py-spy"), "record", "--pid", str(pid), "--duration", str(int(seconds)),
                             "--format", "raw", "--rate", "50", "--output", str(out), "--nonblocking"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)


async def execute(args) -> Run:
    data = datasets.large() if str(args.data) == "large" else args.data
    args.data_described = f"{args.data} ({datasets.describe(data)})"
    load0 = os.getloadavg()
    t0 = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="proxyatlas-load-") as tmp:
        folder = Path(tmp)
        writer = Writer.on_copy(data, folder, args.save_every, random.Random(args.seed), args.republish,
                                steady=True)
        with serving(writer.out, folder, args.replicas) as target:
            pages, marks = addresses(writer.src, writer), writer.marks
            print(f"warming {len(target.pids)} process(es) on {len(pages)} pages ...", flush=True)
            await warm(target, pages, marks, args.timeout)
            spy = None
            if args.profile:
                first = next(iter(target.pids.values()))
                spy = profile(first, args.profile, folder / "profile.txt")
            if args.mode == "ramp":
                run = await ramp(target, pages, marks, args)
            else:
                run = await soak(target, writer, pages, marks, args)
            if spy is not None:
                spy.wait(timeout=args.profile + 60)
                run.profile = load_report.profile_summary(folder / "profile.txt")
            run.log_problems = [line for line in log_problems(target.logs())
                                if "Stopping" not in line]
            if target.proxy_log is not None:  # the health checks' verdicts: a replica marked down or up
                run.proxy_events = [f"{line.strip()[:200]}" for line in target.proxy_log().splitlines()
                                    if " is DOWN" in line or " is UP" in line or "no server available" in line]
    run.load = (load0, os.getloadavg())
    run.wall_s = time.monotonic() - t0
    return run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.split("\n\n")[0])
    parser.add_argument("mode", choices=["ramp", "soak"])
    parser.add_argument("--data", type=Path, default=Path("large"),
                        help="data folder to copy, or 'large' for the 100k-event set (the default)")
    parser.add_argument("--replicas", type=int, default=0,
                        help="0: one streamlit server (default); N: N replicas behind HAProxy (deploy/)")
    parser.add_argument("--think", type=float, default=2.0, help="mean pause between a viewer's actions, s (default 2)")
    parser.add_argument("--timeout", type=float, default=60.0, help="a view that has not finished by then failed, s")
    parser.add_argument("--steps", type=lambda text: [int(n) for n in text.split(",")], default=STEPS,
                        help=f"ramp: viewers in each step (default {','.join(map(str, STEPS))})")
    parser.add_argument("--step-seconds", type=float, default=30.0, help="ramp: length of a step, s (default 30)")
    parser.add_argument("--viewers", type=int, default=50, help="soak: viewers (default 50)")
    parser.add_argument("--minutes", type=float, default=2.0, help="soak: duration (default 2)")
    parser.add_argument("--save-every", type=float, default=10.0,
                        help="soak: a new version of the data every this many seconds (default 10); 0: never")
    parser.add_argument("--republish", metavar="CMD",
                        help="soak: after each save run CMD ({src}: the CSV folder, {out}: the served folder), "
                             "e.g. 'python -m proxyatlas publish {src} {out} --max-marking TLP:CLEAR'")
    parser.add_argument("--kill-after", type=float, help="soak with replicas: kill r1 this many seconds in")
    parser.add_argument("--profile", type=float, metavar="S",
                        help="py-spy the (first) server process for S seconds from the start of the load")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=load_report.RESULTS,
                        help="markdown file whose section for this run is replaced (or appended)")
    args = parser.parse_args(argv)
    if not 0 <= args.replicas <= 8:
        parser.error("--replicas must be 0-8")
    if max(args.steps if args.mode == "ramp" else [args.viewers]) > MAX_VIEWERS or args.steps != sorted(args.steps):
        parser.error(f"at most {MAX_VIEWERS} viewers (ramp steps rising)")
    if not 0 < args.minutes <= MAX_MINUTES or args.step_seconds * len(args.steps) > MAX_MINUTES * 60:
        parser.error(f"a run is at most {MAX_MINUTES} minutes")
    if args.kill_after is not None and (args.mode != "soak" or args.replicas < 2
                                        or not 0 < args.kill_after < args.minutes * 60):
        parser.error("--kill-after needs soak, --replicas 2 or more, and a time inside the run")
    if args.save_every <= 0:
        args.save_every = 10 ** 9
    command = "python -m bench.load " + " ".join(argv if argv is not None else sys.argv[1:])
    print(f"{command}: {datetime_now()}", flush=True)
    run = asyncio.run(execute(args))
    text = load_report.markdown(run, command)
    print(text)
    load_report.replace_section(args.out, load_report.heading(run), text)
    print(f"section {load_report.heading(run)!r} written to {args.out}")
    return 0 if load_report.met(run) else 1


def datetime_now() -> str:
    return time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())


if __name__ == "__main__":
    sys.exit(main())
