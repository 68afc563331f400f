"""The real server (`streamlit run app.py`) driven by Debian's chromium: time to a drawn network
and a drawn timeline, and the server's memory per open session.

A page is finished when ``[data-testid=stApp]`` is connected with ``data-test-script-state``
"notRunning" and no ``[data-testid=stSkeleton]`` remains. The network is drawn when, besides,
the network component (``.pa-network``) holds its vis-network instance and a canvas of non-zero
size (drawn without physics, at the server's positions). The timeline is
drawn when the Vega chart's ``.marks`` canvas has a non-zero size. Times run from the call
to navigate to the first animation frame at which the page is finished and drawn.

Every server's store is loaded by a first visit to the Briefing page before anything is
timed. A page's first visit after that is *cold* (its queries, and for the network the
layout, not yet cached on the server); later visits are *warm*. Each visit is a new session.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from playwright.sync_api import Browser, Page, sync_playwright

from tests.browser.server import CHROMIUM, CHROMIUM_ARGS, Server, serving

from .timing import Sample, timed

VIEWPORT = {"width": 1400, "height": 1000}
TIMEOUT_MS = 300_000
SETTLE_S = 3.0  # after the last session opens, before reading the server's memory

FINISHED = """() => {
  const app = document.querySelector('[data-testid=stApp]');
  return !!app && app.dataset.testConnectionState === 'CONNECTED'
    && app.dataset.testScriptState === 'notRunning' && !document.querySelector('[data-testid=stSkeleton]');
}"""
NETWORK_DRAWN = f"""() => {{
  if (!({FINISHED})()) return false;
  const el = document.querySelector('.pa-network'), canvas = el && el.querySelector('canvas');
  return !!(el && el.paNetwork && el.dataset.nodeCount && canvas && canvas.width > 0 && canvas.height > 0);
}}"""
TIMELINE_DRAWN = f"""() => {{
  if (!({FINISHED})()) return false;
  const marks = document.querySelector('[data-testid=stVegaLiteChart] .marks');
  const box = marks && marks.getBoundingClientRect();
  return !!(box && box.width > 0 && box.height > 0);
}}"""


def rss_mb(server: Server) -> float:
    """Resident memory of the server process (VmRSS), in MB."""
    with open(f"/proc/{server.process.pid}/status", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS for the server process")


@contextmanager
def chromium() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"{CHROMIUM} is missing: install Debian's chromium (make chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def _visit(page: Page, url: str, drawn: str = FINISHED) -> float:
    """Milliseconds from navigating to `url` to the first frame at which `drawn` holds."""

    def go():
        page.goto(url, timeout=TIMEOUT_MS)
        page.wait_for_function(drawn, polling="raf", timeout=TIMEOUT_MS)

    return timed(go)


@dataclass(frozen=True)
class Drawn:
    cold: float
    warm: Sample
    nodes: int | None = None


@contextmanager
def _loaded(browser: Browser, data: Path, log: Path) -> Iterator[tuple[Server, Page]]:
    """A server on `data` whose store a first visit has loaded, and the tab that visited."""
    with serving(data, log) as server:
        context = browser.new_context(viewport=VIEWPORT)
        try:
            page = context.new_page()
            _visit(page, server.url + "/")
            yield server, page
        finally:
            context.close()


def _cold_and_warm(page: Page, url: str, drawn: str, reps: int) -> tuple[float, Sample]:
    cold = _visit(page, url, drawn)
    return cold, Sample(tuple(_visit(page, url, drawn) for _ in range(reps)))


def network(browser: Browser, data: Path, reps: int, log: Path) -> Drawn:
    """The Network page's whole-network view, to a drawn graph; with the node count it drew."""
    with _loaded(browser, data, log) as (server, page):
        cold, warm = _cold_and_warm(page, server.url + "/Network", NETWORK_DRAWN, reps)
        nodes = page.locator(".pa-network").get_attribute("data-node-count")
    return Drawn(cold, warm, int(nodes))


def timeline(browser: Browser, data: Path, reps: int, log: Path) -> Drawn:
    """The Timeline page, to a drawn Vega chart."""
    with _loaded(browser, data, log) as (server, page):
        cold, warm = _cold_and_warm(page, server.url + "/Timeline", TIMELINE_DRAWN, reps)
    return Drawn(cold, warm)


@dataclass(frozen=True)
class Memory:
    path: str
    idle_mb: float  # the server before any session (store not loaded)
    one_mb: float  # one session open
    many_mb: float  # `sessions` sessions open
    sessions: int

    @property
    def per_session_mb(self) -> float:
        return (self.many_mb - self.one_mb) / (self.sessions - 1)


def memory(browser: Browser, data: Path, path: str, sessions: int, log: Path) -> Memory:
    """Server RSS with one, then `sessions`, pages open on `path` (one tab each, one browser context)."""
    with serving(data, log) as server:
        idle = rss_mb(server)
        context = browser.new_context(viewport=VIEWPORT)
        tabs = [context.new_page()]
        _visit(tabs[0], server.url + path)
        time.sleep(SETTLE_S)
        one = rss_mb(server)
        for _ in range(sessions - 1):
            tabs.append(context.new_page())
            _visit(tabs[-1], server.url + path)
        time.sleep(SETTLE_S)
        many = rss_mb(server)
        context.close()
    return Memory(path, idle, one, many, sessions)
