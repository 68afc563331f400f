"""Load test: many real browser sessions on the real server while an analyst re-saves the data.

    python -m bench.load --sessions 20 --minutes 2        # the defaults
    python -m bench.load --sessions 50 --minutes 5 --data DIR

Starts `streamlit run app.py` (tests/browser/server.py) on a private copy of the data (the bundled
data/ unless --data names another folder, e.g. one written by `python -m bench.generate`), opens N
browser contexts in Debian's chromium (one Streamlit session each, more as they navigate) and lets
each viewer move through every page and change the sidebar's filters (sponsor, minimum confidence,
start date) with a short pause between actions, for the given time. Meanwhile a thread re-saves
actors.csv and sources.csv again and again as numbered versions (an actor's name and a source's title
end in " vK"); one save in three first writes half of one of the files (cut at a line boundary),
pauses 50 ms, then writes it whole.

Figures: page views, error pages (an exception box, the "No valid data" page, no title, or no
finished run within the timeout; target 0), pages mixing two versions (target 0), pages showing
the last-good-data banner, console errors, requests off the loopback server, p50/p95 times, and the
server's resident memory (VmRSS) before, during (peak) and after the sessions close.

Times run from just before the action (the navigation for an opened page; the click, key press or
blur for a rerun) until the server has reported the run finished (a `script_finished` message on the
page's websocket, see tests/browser/server.ScriptRuns) and the page shows it: `[data-testid=stApp]`
connected, `notRunning`, no skeleton (looked for every 50 ms). Streamlit keeps a closed session for reconnection for
`server.disconnectedSessionTTL` (120 s by default) before it frees it, and a session pins the data
snapshot of its last run, so the memory after closing is read right away, after --settle seconds
(default past the TTL), and again after a few page views by one viewer (freed sessions sit in
reference cycles that Python's collector reclaims only when allocations next trigger it).

Prints a table and appends a "Load test" section to bench/load_results.md. Loopback only; bounded in
sessions (at most 50) and time; stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import io
import os
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from playwright.async_api import Browser, Page, async_playwright

from proxyatlas.config import BUNDLED_DATA
from proxyatlas.filters import CONFIDENCE
from tests.browser.server import (CHROMIUM, CHROMIUM_ARGS, SETTLED, VIEWPORT, ScriptRuns, Server, Watch,
                                  log_problems, start_server)

from .timing import machine

RESULTS = Path(__file__).resolve().parent / "load_results.md"
MAX_SESSIONS = 50
MAX_MINUTES = 30
ACTION_TIMEOUT_MS = 120_000
HALF_WRITE_PAUSE_S = 0.05
POLL_S = 0.05  # how often a finished run is looked for: the times' resolution
AFTER_VIEWS_ROUNDS = 2  # after the settle: one viewer opens every page this many times
STALE = "The data files were edited and now have"

# Opened by address. The parameters pick the bundled data's richest views; other data shows each page's default.
OPEN = ["/", "/Network", "/Timeline", "/Attribution?event=oct7_attack", "/Actors?actor=hamas", "/Actors?actor=iran",
        "/Map", "/Sources?source=seed_article", "/Data"]
MENU = ["Briefing", "Network", "Timeline", "Attribution", "Actors", "Map", "Sources", "Data"]
ACTIONS = {"open": 3, "menu": 3, "sponsor": 1, "confidence": 1, "date": 1}  # weights

# Why a page did not finish: its state as the page has it.
DIAGNOSE = """() => { const app = document.querySelector('[data-testid=stApp]');
    return {connection: app?.dataset.testConnectionState, script: app?.dataset.testScriptState,
            skeletons: document.querySelectorAll('[data-testid=stSkeleton]').length,
            h1: document.querySelector('[data-testid=stMain] h1')?.innerText,
            dialog: document.querySelector('[role=dialog]')?.innerText?.slice(0, 200)}; }"""
# What the finished page shows: the versions of the actor's name and the source's title among them.
INSPECT = """([actor, source, stale]) => {
    const main = document.querySelector('[data-testid=stMain]');
    const text = (main ? main.textContent : '') + '\\n'
        + [...document.querySelectorAll('.pa-network')].map(el => !el.paNetwork ? ''
            : el.paNetwork.body.data.nodes.get().map(n => n.label + '\\n' + n.title).join('\\n')).join('\\n');
    const h1 = main && main.querySelector('h1');
    const versions = p => [...text.matchAll(new RegExp(p, 'g'))].map(m => Number(m[1]));
    return {exceptions: document.querySelectorAll('[data-testid=stException]').length,
            noData: text.includes('No valid data'), title: h1 ? h1.innerText.trim() : null,
            stale: text.includes(stale), actor: versions(actor), source: versions(source)};
}"""


# --- the analyst -------------------------------------------------------------------------------------

def _read(path: Path) -> tuple[list[str], list[dict]]:
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    return list(rows[0]), rows


def _write_rows(fields: list[str], rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


class Saver(threading.Thread):
    """Re-saves actors.csv and sources.csv as versions 1, 2, ... every `every` seconds (±50%)."""

    def __init__(self, data: Path, every: float, rng: random.Random):
        super().__init__(name="saver", daemon=True)
        self.data, self.every, self.rng = data, every, rng
        self.actor_fields, self.actors = _read(data / "actors.csv")
        self.source_fields, self.sources = _read(data / "sources.csv")
        self.actor_row = next((i for i, r in enumerate(self.actors) if r["actor_id"] == "hamas"), 0)
        self.source_row = next((i for i, r in enumerate(self.sources) if r["source_id"] == "seed_article"), 0)
        self.actor_name = self.actors[self.actor_row]["name"]
        self.source_title = self.sources[self.source_row]["title"]
        self.stop = threading.Event()
        self.written = 0  # the last version written whole
        self.saves = self.half_saves = 0
        self.error: BaseException | None = None

    @property
    def patterns(self) -> tuple[str, str]:
        """Regular expressions (JavaScript and Python alike) capturing the version on a page."""
        def escape(text: str) -> str:
            return "".join("\\" + c if c in r".^$*+?()[]{}|\/" else c for c in text)
        return escape(self.actor_name) + r" v(\d+)", escape(self.source_title) + r" v(\d+)"

    def texts(self, k: int) -> dict[str, str]:
        actors = [dict(r) for r in self.actors]
        actors[self.actor_row]["name"] = f"{self.actor_name} v{k}"
        sources = [dict(r) for r in self.sources]
        sources[self.source_row]["title"] = f"{self.source_title} v{k}"
        return {"actors.csv": _write_rows(self.actor_fields, actors),
                "sources.csv": _write_rows(self.source_fields, sources)}

    def save(self, k: int) -> None:
        half = {0: "actors.csv", 3: "sources.csv"}.get(k % 6)  # one save in three, each file in turn
        for name, text in self.texts(k).items():
            path = self.data / name
            if name == half:
                lines = text.splitlines(keepends=True)
                path.write_text("".join(lines[: len(lines) // 2]), encoding="utf-8")
                self.half_saves += 1
                time.sleep(HALF_WRITE_PAUSE_S)
            path.write_text(text, encoding="utf-8")
        self.saves += 1
        self.written = k

    def run(self) -> None:
        try:
            k = self.written
            while not self.stop.wait(self.rng.uniform(0.5 * self.every, 1.5 * self.every)):
                k += 1
                self.save(k)
        except BaseException as err:  # reported at the end
            self.error = err


# --- the server's memory -----------------------------------------------------------------------------

def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def cpu_seconds(pid: int) -> float:
    """User and system CPU time the process has used, in seconds."""
    with open(f"/proc/{pid}/stat", encoding="utf-8") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine_busy() -> tuple[float, float]:
    """(busy, total) CPU time of the whole machine so far, in clock ticks (from /proc/stat)."""
    with open("/proc/stat", encoding="utf-8") as fh:
        ticks = [int(v) for v in fh.readline().split()[1:]]
    idle = ticks[3] + ticks[4]  # idle, iowait
    return sum(ticks) - idle, sum(ticks)


class Memory(threading.Thread):
    """The server's VmRSS every half second, and the peak between `start_peak` and `stop_peak`."""

    def __init__(self, pid: int):
        super().__init__(name="rss", daemon=True)
        self.pid = pid
        self.stop = threading.Event()
        self.peak = 0.0
        self.measuring_peak = False

    def now(self) -> float:
        return rss_mb(self.pid)

    def run(self) -> None:
        while not self.stop.wait(0.5):
            try:
                mb = rss_mb(self.pid)
            except (OSError, RuntimeError):
                return
            if self.measuring_peak:
                self.peak = max(self.peak, mb)


# --- the viewers -------------------------------------------------------------------------------------

class NotFinished(Exception):
    """The page did not finish a run in time (already counted as an error page)."""


@dataclass
class Tally:
    views: Counter = field(default_factory=Counter)  # by page title
    times: dict = field(default_factory=lambda: defaultdict(list))  # action kind -> ms
    errors: list = field(default_factory=list)
    mixed: list = field(default_factory=list)
    stale: int = 0
    versions: set = field(default_factory=set)
    driver_problems: list = field(default_factory=list)
    lagging: list = field(default_factory=list)  # table text behind the page at first, then settled

    @property
    def total(self) -> int:
        return sum(self.views.values())


class Viewer:
    def __init__(self, n: int, browser: Browser, server: Server, saver: Saver, tally: Tally, rng: random.Random,
                 think: float):
        self.n, self.browser, self.server, self.saver, self.tally = n, browser, server, saver, tally
        self.rng, self.think = rng, think
        self.watch = Watch()
        self.page: Page | None = None

    async def start(self) -> None:
        self.context = await self.browser.new_context(viewport=VIEWPORT)
        self.page = await self.context.new_page()
        self.runs = ScriptRuns(self.page)
        self.watch.attach(self.page)

    async def close(self) -> None:
        await self.context.close()

    def sidebar(self):
        return self.page.get_by_test_id("stSidebar")

    def _mark(self) -> tuple[int, float]:
        """Runs finished so far, and the time: taken just before an action."""
        return self.runs.finished, asyncio.get_running_loop().time()

    async def _finish(self, kind: str, before: int, t0: float) -> None:
        """Wait for the run the action started; time it; check what the page shows."""
        page = self.page
        try:
            loop = asyncio.get_running_loop()
            deadline = loop.time() + ACTION_TIMEOUT_MS / 1000
            while self.runs.finished <= before:  # the run the action started has not finished yet
                if loop.time() > deadline:
                    raise TimeoutError(f"no run finished ({self.runs.finished} in all)")
                await asyncio.sleep(POLL_S)
            await page.wait_for_function(SETTLED, polling=POLL_S * 1000,
                                         timeout=max(1_000, int((deadline - loop.time()) * 1000)))
            end = loop.time()
        except Exception as err:  # a page that never finished is an error page
            try:
                state = await page.evaluate(DIAGNOSE)
            except Exception as why:
                state = f"(page not readable: {type(why).__name__})"
            self.tally.errors.append(f"viewer {self.n} {kind} {page.url}: no finished run within "
                                     f"{ACTION_TIMEOUT_MS // 1000} s ({type(err).__name__}); runs finished before "
                                     f"{before}, now {self.runs.finished}; {state}")
            raise NotFinished() from err
        self.tally.times[kind].append((end - t0) * 1000)
        seen = await page.evaluate(INSPECT, [*self.saver.patterns, STALE])
        where = f"viewer {self.n} {kind} {page.url}"
        if seen["exceptions"] or seen["noData"] or not seen["title"]:
            self.tally.errors.append(f"{where}: exceptions={seen['exceptions']} noData={seen['noData']} "
                                     f"title={seen['title']!r}")
        versions = set(seen["actor"]) | set(seen["source"])
        if len(versions) > 1:
            # A table's text (the accessible copy of the canvas grid, which is what we read) can lag its
            # canvas for a moment after a rerun in place. No run happens now, so the page can only settle
            # on what the run sent: read again for a few seconds before calling it a mix.
            first = sorted(versions)
            for _ in range(12):
                await asyncio.sleep(0.25)
                seen = await page.evaluate(INSPECT, [*self.saver.patterns, STALE])
                versions = set(seen["actor"]) | set(seen["source"])
                if len(versions) <= 1:
                    self.tally.lagging.append(f"{where}: {first} settled on {sorted(versions)}")
                    break
            else:
                self.tally.mixed.append(f"{where}: actor {sorted(set(seen['actor']))}, "
                                        f"source {sorted(set(seen['source']))}")
        self.tally.versions |= versions
        self.tally.stale += seen["stale"]
        self.tally.views[seen["title"] or "(none)"] += 1

    async def open(self, path: str) -> None:
        before, t0 = self._mark()
        await self.page.goto(self.server.url + path, wait_until="commit", timeout=ACTION_TIMEOUT_MS)
        await self._finish("open", before, t0)

    async def menu(self) -> None:
        current = await self.page.evaluate("() => document.querySelector('[data-testid=stMain] h1')?.innerText")
        target = self.rng.choice([m for m in MENU if m != current])
        link = self.sidebar().locator("[data-testid=stPageLink] a").nth(MENU.index(target))  # the menu comes first
        before, t0 = self._mark()
        await link.click(timeout=30_000)
        await self._finish("menu", before, t0)

    async def sponsor(self) -> None:
        box = self.sidebar().get_by_role("combobox", name="Sponsor network")
        current = await box.input_value()
        await box.click(timeout=30_000)
        options = [o for o in await self.page.get_by_role("option").all_inner_texts() if o and o != current]
        if not options:
            await self.page.keyboard.press("Escape")
            return
        option = self.page.get_by_role("option", name=self.rng.choice(options), exact=True)
        before, t0 = self._mark()
        await option.click(timeout=30_000)
        await self._finish("sponsor", before, t0)

    async def confidence(self) -> None:
        slider = self.sidebar().locator('input[type=range][aria-label="Minimum confidence of ties"]')
        value = await slider.get_attribute("aria-valuetext")
        key = "ArrowLeft" if value == CONFIDENCE[-1] or (value != CONFIDENCE[0] and self.rng.random() < 0.5) \
            else "ArrowRight"
        await slider.focus(timeout=30_000)
        before, t0 = self._mark()
        await self.page.keyboard.press(key)
        # The slider shows its new value at once; if it did not move, no rerun is coming (the driver's miss).
        await self.page.wait_for_function("([el, v]) => el.getAttribute('aria-valuetext') !== v",
                                          arg=[await slider.element_handle(), value], timeout=10_000)
        await self._finish("confidence", before, t0)

    async def date(self) -> None:
        """Move the start date a year on: the field commits its value when it loses focus."""
        year = self.sidebar().get_by_role("spinbutton", name="year, From")
        to_year = await self.sidebar().get_by_role("spinbutton", name="year, To").get_attribute("aria-valuenow")
        value = int(await year.get_attribute("aria-valuenow") or 0)
        key = "ArrowDown" if to_year and value >= int(to_year) else self.rng.choice(["ArrowUp", "ArrowDown"])
        await year.focus(timeout=30_000)
        await self.page.keyboard.press(key)
        await self.page.wait_for_function("([el, v]) => el.getAttribute('aria-valuenow') !== v",
                                          arg=[await year.element_handle(), str(value)], timeout=10_000)
        before, t0 = self._mark()
        await self.page.get_by_test_id("stMain").locator("h1").click(timeout=30_000)  # blur: commit
        await self._finish("date", before, t0)

    async def act(self, kind: str) -> None:
        if kind == "open":
            await self.open(self.rng.choice(OPEN))
        else:
            await getattr(self, kind)()

    async def run(self, deadline: float) -> None:
        loop = asyncio.get_running_loop()
        await self.start()
        kind = "open"
        while loop.time() < deadline:
            try:
                await self.act(kind)
            except Exception as err:
                # A page that never finished is already counted as an error page. Anything else is the
                # driver's (a widget it could not reach): counted apart. Either way, start again from a
                # freshly opened page.
                if not isinstance(err, NotFinished):
                    self.tally.driver_problems.append(f"viewer {self.n} {kind}: {str(err).splitlines()[0][:200]}")
                try:
                    await self.open("/")
                except Exception:
                    pass
            await asyncio.sleep(self.rng.uniform(0, 2 * self.think))
            kind = self.rng.choices(list(ACTIONS), weights=list(ACTIONS.values()))[0]


# --- the run -----------------------------------------------------------------------------------------

def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


@dataclass
class Result:
    sessions: int
    minutes: float
    think: float
    save_every: float
    data: str
    tally: Tally
    saver: Saver
    rss: dict
    console_errors: list
    offsite: list
    server_log: list
    wall_s: float
    cpu: dict


async def drive(server: Server, saver: Saver, sessions: int, seconds: float, think: float, seed: int,
                memory: Memory) -> tuple[Tally, list, list, dict]:
    tally = Tally()
    rss: dict = {}
    cpu: dict = {}
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            # Warm up: one visit loads the store; then the memory "before" the viewers.
            warm = Viewer(-1, browser, server, saver, Tally(), random.Random(seed), think)
            await warm.start()
            await warm.open("/")
            await warm.close()
            await asyncio.sleep(3)
            rss["before (store loaded, no session open)"] = memory.now()

            loop = asyncio.get_running_loop()
            viewers = [Viewer(i, browser, server, saver, tally, random.Random(seed + 1 + i), think)
                       for i in range(sessions)]
            memory.measuring_peak = True
            cpu0, busy0, wall0 = cpu_seconds(server.process.pid), machine_busy(), time.monotonic()
            saver.start()
            deadline = loop.time() + seconds
            tasks = []
            for viewer in viewers:  # viewers arrive a quarter of a second apart
                tasks.append(asyncio.create_task(viewer.run(deadline)))
                await asyncio.sleep(0.25)
            await asyncio.gather(*tasks, return_exceptions=True)
            saver.stop.set()
            rss["end of the run (sessions open)"] = memory.now()
            wall = time.monotonic() - wall0
            busy1 = machine_busy()
            cpu["server"] = (cpu_seconds(server.process.pid) - cpu0) / wall
            cpu["machine"] = (busy1[0] - busy0[0]) / max(1, busy1[1] - busy0[1]) * (os.cpu_count() or 1)
            memory.measuring_peak = False
            rss["peak during the run"] = memory.peak
            console = [f"viewer {v.n}: {e}" for v in viewers for e in v.watch.errors()]
            offsite = [u for v in viewers for u in v.watch.offsite(server.origin)]
            for viewer in viewers:
                await viewer.close()
        finally:
            await browser.close()
    return tally, console, offsite, rss, cpu


async def settle(server: Server, saver: Saver, memory: Memory, rss: dict, seconds: float, seed: int) -> None:
    """The memory after the sessions closed: at once, after `seconds` (Streamlit frees a closed
    session after its disconnectedSessionTTL), and after a few more page views by one viewer.
    Freed sessions are garbage in reference cycles, which Python collects when allocations next
    trigger its collector: an idle server keeps them until some traffic comes."""
    await asyncio.sleep(5)
    rss["5 s after the sessions closed"] = memory.now()
    await asyncio.sleep(max(0.0, seconds - 5))
    rss[f"{seconds:.0f} s after the sessions closed"] = memory.now()
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            viewer = Viewer(-2, browser, server, saver, Tally(), random.Random(seed), 0)
            await viewer.start()
            for path in OPEN * AFTER_VIEWS_ROUNDS:
                await viewer.open(path)
            await viewer.close()
        finally:
            await browser.close()
    await asyncio.sleep(5)
    rss[f"then after {len(OPEN) * AFTER_VIEWS_ROUNDS} page views by one viewer"] = memory.now()


def run(sessions: int, minutes: float, data: Path, think: float, save_every: float, settle_s: float,
        seed: int) -> Result:
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="proxyatlas-load-") as tmp:
        folder = Path(tmp)
        copy = folder / "data"
        shutil.copytree(data, copy, ignore=shutil.ignore_patterns("*.py", "__pycache__", "bench-dataset.json"))
        saver = Saver(copy, save_every, random.Random(seed))
        for name, text in saver.texts(0).items():  # version 0, before the server first reads the files
            (copy / name).write_text(text, encoding="utf-8")
        server = start_server(copy, folder / "server.log")
        memory = Memory(server.process.pid)
        try:
            time.sleep(2)
            rss = {"idle (server started, store not loaded)": memory.now()}
            memory.start()
            tally, console, offsite, more, cpu = asyncio.run(
                drive(server, saver, sessions, minutes * 60, think, seed, memory))
            rss.update(more)
            saver.join(timeout=30)
            asyncio.run(settle(server, saver, memory, rss, settle_s, seed))
            log = log_problems(server.log())
        finally:
            memory.stop.set()
            saver.stop.set()
            server.stop()
    return Result(sessions, minutes, think, save_every, str(data), tally, saver, rss, console, offsite, log,
                  time.monotonic() - started, cpu)


# --- the report --------------------------------------------------------------------------------------

def _ms(values: list[float]) -> str:
    if not values:
        return "—"
    return f"{percentile(values, 50):,.0f} / {percentile(values, 95):,.0f} ms (n={len(values)})"


def table(r: Result) -> list[tuple[str, str]]:
    t = r.tally
    reruns = [ms for kind, values in t.times.items() if kind != "open" for ms in values]
    rows = [
        ("sessions (browser contexts)", str(r.sessions)),
        ("duration", f"{r.minutes:g} min (think time 0–{2 * r.think:g} s between actions)"),
        ("page views (runs checked)", f"{t.total:,} ({', '.join(f'{k} {v}' for k, v in sorted(t.views.items()))})"),
        ("Streamlit sessions started (each opened page is one)", str(len(t.times.get("open", [])))),
        ("error pages", str(len(t.errors))),
        ("pages mixing two versions", str(len(t.mixed))),
        ("pages whose table text lagged a moment, then agreed", str(len(t.lagging))),
        ("pages with the last-good-data banner", str(t.stale)),
        ("console errors / requests off the server / server log problems",
         f"{len(r.console_errors)} / {len(r.offsite)} / {len(r.server_log)}"),
        ("saves (half-written first)", f"{r.saver.saves} ({r.saver.half_saves}), about every {r.save_every:g} s"),
        ("versions seen by viewers", f"{min(t.versions)}..{max(t.versions)} of 0..{r.saver.written}"
         if t.versions else "none"),
        ("actions the driver could not do (not the app's errors)", str(len(t.driver_problems))),
        ("open a page: p50 / p95", _ms(t.times.get("open", []))),
        ("rerun after an action: p50 / p95", _ms(reruns)),
    ]
    rows += [(f"– {kind}: p50 / p95", _ms(values)) for kind, values in sorted(t.times.items()) if kind != "open"]
    rows += [("CPU during the run: server / whole machine (browser included)",
              f"{r.cpu['server']:.2f} / {r.cpu['machine']:.2f} cores busy of {os.cpu_count()}")]
    rows += [(f"server RSS {label}", f"{mb:,.0f} MB") for label, mb in r.rss.items()]
    return rows


def markdown(r: Result, command: str, box: dict) -> str:
    lines = ["", f"## Load test ({box['date']})", "", f"`{command}` on a copy of `{r.data}`.", "",
             "| figure | value |", "| --- | --- |"]
    lines += [f"| {k} | {v} |" for k, v in table(r)]
    lines += ["", "Machine: " + "; ".join(f"{k} {v}" for k, v in box.items() if k != "date") + "."]
    problems = r.tally.errors + r.tally.mixed + r.console_errors + r.offsite + r.server_log
    if problems:
        lines += ["", "Problems (first 20):", ""] + [f"- `{p[:300]}`" for p in problems[:20]]
    lines += ["", f"Wall time {r.wall_s / 60:.1f} min. Times run from the action until the server reported the run "
              "finished and the page showed it (connected, `notRunning`, no skeleton; checked every 50 ms).", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=20, help=f"browser sessions, 1-{MAX_SESSIONS} (default 20)")
    parser.add_argument("--minutes", type=float, default=2.0,
                        help=f"how long they browse (default 2, at most {MAX_MINUTES})")
    parser.add_argument("--data", type=Path, default=BUNDLED_DATA,
                        help="data folder to copy (default: the bundled data)")
    parser.add_argument("--think", type=float, default=1.5,
                        help="mean pause between a viewer's actions, s (default 1.5)")
    parser.add_argument("--save-every", type=float, default=3.0, help="mean time between saves, s (default 3)")
    parser.add_argument("--settle", type=float, default=150.0,
                        help="seconds to wait after closing before reading the memory again (default 150, "
                             "past Streamlit's 120 s disconnectedSessionTTL)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=RESULTS, help="markdown file to append the section to")
    args = parser.parse_args(argv)
    if not 1 <= args.sessions <= MAX_SESSIONS:
        parser.error(f"--sessions must be 1-{MAX_SESSIONS}")
    if not 0 < args.minutes <= MAX_MINUTES:
        parser.error(f"--minutes must be more than 0 and at most {MAX_MINUTES}")
    if not (args.data / "actors.csv").is_file():
        parser.error(f"no actors.csv in {args.data}")

    box = machine()
    command = "python -m bench.load " + " ".join(argv if argv is not None else sys.argv[1:])
    print(f"{args.sessions} sessions for {args.minutes:g} min on {args.data}, then {args.settle:g} s to settle ...",
          flush=True)
    result = run(args.sessions, args.minutes, args.data, args.think, args.save_every, args.settle, args.seed)
    width = max(len(k) for k, _ in table(result))
    for key, value in table(result):
        print(f"{key:<{width}}  {value}")
    for problem in (result.tally.errors + result.tally.mixed + result.console_errors + result.offsite
                    + result.server_log + result.tally.driver_problems)[:20]:
        print("problem:", problem[:300])
    new = not args.out.exists()
    with open(args.out, "a", encoding="utf-8") as fh:
        if new:
            fh.write("# Load tests\n\nSections appended by `python -m bench.load` (see its docstring).\n\n")
        fh.write(markdown(result, command.strip(), box))
    print(f"appended to {args.out}")
    return 0 if not (result.tally.errors or result.tally.mixed) else 1


if __name__ == "__main__":
    sys.exit(main())
