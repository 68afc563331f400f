"""A few real browsers beside the protocol load: the correctness check in chromium while the data is re-saved.

    python -m bench.load_browser                       # 3 sessions for 1 minute on the bundled data
    python -m bench.load_browser --sessions 5 --minutes 2 --data DIR

The load itself is `python -m bench.load` (Streamlit's protocol, no browser): on a 2-core machine 20
chromium contexts saturate it themselves and measure the browsers, not the server. This check opens a
few contexts in Debian's chromium on `streamlit run app.py` (tests/browser/server.py) over a private copy
of the data, lets each viewer move through the pages and change the sidebar's filters (sponsor, minimum
confidence, start date), while bench/republish.Writer re-saves actors.csv and sources.csv as numbered
versions (one save in three written half first). What it checks is what only a browser shows: the page
as drawn (an exception box, the "No valid data" page, no title, no finished run), the versions in the
text on screen (table text and the network's labels and tooltips included: two versions on one page is
a mix), console errors and requests that leave the loopback server.

Times run from the action until the server reported the run finished (`script_finished` on the page's
websocket, tests/browser/server.ScriptRuns) and the page shows it (connected, `notRunning`, no skeleton;
looked for every 50 ms): browser-side figures, not the server's capacity.

Writes its section of bench/load_results.md (replaced when run again). Loopback only; bounded in
sessions (at most 10) and time; stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from playwright.async_api import Browser, Page, async_playwright

from proxyatlas.config import BUNDLED_DATA
from proxyatlas.filters import CONFIDENCE
from tests.browser.server import (CHROMIUM, CHROMIUM_ARGS, SETTLED, VIEWPORT, ScriptRuns, Server, Watch,
                                  log_problems, start_server)

from . import load_report
from .load import percentile
from .republish import Writer

HEADING = "## Browser check: chromium sessions while the data is re-saved"
MAX_SESSIONS = 10
MAX_MINUTES = 10
ACTION_TIMEOUT_MS = 120_000
POLL_S = 0.05  # how often a finished run is looked for: the times' resolution
STALE = "The data files were edited and now have"

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
    def __init__(self, n: int, browser: Browser, server: Server, writer: Writer, tally: Tally, rng: random.Random,
                 think: float, pages: list[str]):
        self.n, self.browser, self.server, self.writer, self.tally = n, browser, server, writer, tally
        self.rng, self.think = rng, think
        self.pages = pages
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
        seen = await page.evaluate(INSPECT, [*self.writer.js_patterns, STALE])
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
                seen = await page.evaluate(INSPECT, [*self.writer.js_patterns, STALE])
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
            await self.open(self.rng.choice(self.pages))
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

@dataclass
class Result:
    sessions: int
    minutes: float
    data: str
    tally: Tally
    writer: Writer
    console_errors: list
    offsite: list
    server_log: list
    wall_s: float


def pages_for(writer: Writer) -> list[str]:
    """Opened by address: every page, the renamed actor's profile and the renamed source's page."""
    return ["/", "/Network", "/Timeline", "/Attribution", f"/Actors?actor={writer.actor_id}", "/Map",
            f"/Sources?source={writer.source_id}", "/Data"]


async def drive(server: Server, writer: Writer, sessions: int, seconds: float, think: float,
                seed: int) -> tuple[Tally, list, list]:
    tally = Tally()
    pages = pages_for(writer)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            warm = Viewer(-1, browser, server, writer, Tally(), random.Random(seed), think, pages)
            await warm.start()
            await warm.open("/")
            await warm.close()
            loop = asyncio.get_running_loop()
            viewers = [Viewer(i, browser, server, writer, tally, random.Random(seed + 1 + i), think, pages)
                       for i in range(sessions)]
            writer.start()
            deadline = loop.time() + seconds
            tasks = []
            for viewer in viewers:  # viewers arrive a quarter of a second apart
                tasks.append(asyncio.create_task(viewer.run(deadline)))
                await asyncio.sleep(0.25)
            await asyncio.gather(*tasks, return_exceptions=True)
            writer.stop.set()
            console = [f"viewer {v.n}: {e}" for v in viewers for e in v.watch.errors()]
            offsite = [u for v in viewers for u in v.watch.offsite(server.origin)]
            for viewer in viewers:
                await viewer.close()
        finally:
            await browser.close()
    return tally, console, offsite


def run(sessions: int, minutes: float, data: Path, think: float, save_every: float, seed: int) -> Result:
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="proxyatlas-load-browser-") as tmp:
        folder = Path(tmp)
        writer = Writer.on_copy(data, folder, save_every, random.Random(seed))
        server = start_server(writer.out, folder / "server.log")
        try:
            tally, console, offsite = asyncio.run(drive(server, writer, sessions, minutes * 60, think, seed))
            writer.join(timeout=30)
            log = log_problems(server.log())
        finally:
            writer.stop.set()
            server.stop()
    return Result(sessions, minutes, str(data), tally, writer, console, offsite, log, time.monotonic() - started)


# --- the report --------------------------------------------------------------------------------------

def _ms(values: list[float]) -> str:
    if not values:
        return "—"
    return f"{percentile(values, 50):,.0f} / {percentile(values, 95):,.0f} ms (n={len(values)})"


def table(r: Result) -> list[tuple[str, str]]:
    t = r.tally
    reruns = [ms for kind, values in t.times.items() if kind != "open" for ms in values]
    return [
        ("sessions (browser contexts)", str(r.sessions)),
        ("duration", f"{r.minutes:g} min"),
        ("page views (runs checked)", f"{t.total:,} ({', '.join(f'{k} {v}' for k, v in sorted(t.views.items()))})"),
        ("**error pages** (target 0)", f"**{len(t.errors)}**"),
        ("**pages mixing two versions** (target 0)", f"**{len(t.mixed)}**"),
        ("pages whose table text lagged a moment, then agreed", str(len(t.lagging))),
        ("pages with the last-good-data banner", str(t.stale)),
        ("console errors / requests off the server / server log problems",
         f"{len(r.console_errors)} / {len(r.offsite)} / {len(r.server_log)}"),
        ("saves (half-written first)", f"{r.writer.saves} ({r.writer.half_saves}), about every {r.writer.every:g} s"),
        ("versions seen by viewers", f"{min(t.versions)}..{max(t.versions)} of 0..{r.writer.written}"
         if t.versions else "none"),
        ("actions the driver could not do (not the app's errors)", str(len(t.driver_problems))),
        ("open a page, in the browser: p50 / p95", _ms(t.times.get("open", []))),
        ("rerun after an action, in the browser: p50 / p95", _ms(reruns)),
    ]


def markdown(r: Result, command: str) -> str:
    box = load_report.machine()
    lines = [HEADING, "", f"`{command}` ({box['date']}) on a copy of `{r.data}`.", "",
             "| figure | value |", "| --- | --- |"]
    lines += [f"| {k} | {v} |" for k, v in table(r)]
    lines += ["", "Machine: " + "; ".join(f"{k} {v}" for k, v in box.items() if k != "date") + "."]
    problems = r.tally.errors + r.tally.mixed + r.console_errors + r.offsite + r.server_log
    if problems:
        lines += ["", "Problems (first 20):", ""] + [f"- `{p[:300]}`" for p in problems[:20]]
    lines += ["", f"Wall time {r.wall_s / 60:.1f} min."]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load_browser", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=3, help=f"browser sessions, 1-{MAX_SESSIONS} (default 3)")
    parser.add_argument("--minutes", type=float, default=1.0, help=f"how long they browse (default 1, at most {MAX_MINUTES})")
    parser.add_argument("--data", type=Path, default=BUNDLED_DATA, help="data folder to copy (default: the bundled data)")
    parser.add_argument("--think", type=float, default=1.5, help="mean pause between a viewer's actions, s (default 1.5)")
    parser.add_argument("--save-every", type=float, default=3.0, help="mean time between saves, s (default 3)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=load_report.RESULTS, help="markdown file whose section is replaced")
    args = parser.parse_args(argv)
    if not 1 <= args.sessions <= MAX_SESSIONS:
        parser.error(f"--sessions must be 1-{MAX_SESSIONS}")
    if not 0 < args.minutes <= MAX_MINUTES:
        parser.error(f"--minutes must be more than 0 and at most {MAX_MINUTES}")
    if not (args.data / "actors.csv").is_file():
        parser.error(f"no actors.csv in {args.data}")
    command = "python -m bench.load_browser " + " ".join(argv if argv is not None else sys.argv[1:])
    result = run(args.sessions, args.minutes, args.data, args.think, args.save_every, args.seed)
    width = max(len(k) for k, _ in table(result))
    for key, value in table(result):
        print(f"{key:<{width}}  {value}")
    for problem in (result.tally.errors + result.tally.mixed + result.console_errors + result.offsite
                    + result.server_log + result.tally.driver_problems)[:20]:
        print("problem:", problem[:300])
    load_report.replace_section(args.out, HEADING, markdown(result, command.strip()))
    print(f"section {HEADING!r} written to {args.out}")
    return 0 if not (result.tally.errors or result.tally.mixed) else 1


if __name__ == "__main__":
    sys.exit(main())
