"""The real dashboard in a real browser: start `streamlit run app.py`, drive Debian's chromium.

Shared by the browser tests (tests/browser/conftest.py) and the README screenshots
(`python -m tests.screenshots`). Nothing here is pytest-specific.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import weakref
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

from google.protobuf.message import DecodeError
from playwright.sync_api import Browser, ConsoleMessage, Locator, Page, Playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]
VIEWPORT = {"width": 1400, "height": 1000}
STARTUP_TIMEOUT_S = 60
READY_TIMEOUT_MS = 60_000
QUIET_S = 0.3
DOWNLOAD_TIMEOUT_MS = 30_000  # per click: the file is made on the click (a chart rendered by vl-convert)

# The pages as Streamlit serves them: pages/1_Network.py is /Network (the number prefix is dropped).
PAGES = {
    "briefing": "/",
    "network": "/Network",
    "timeline": "/Timeline",
    "attribution": "/Attribution",
    "actors": "/Actors",
    "map": "/Map",
    "sources": "/Sources",
    "data": "/Data",
    "what_changed": "/What_changed",
}

# What must never appear in the server's output while the tests drive it.
LOG_PROBLEM = re.compile(r"Traceback|Exception|\bERROR\b|Error:|\bWARNING\b|Warning\b|st\.navigation")


# --- the server ----------------------------------------------------------------------------------

@dataclass
class Server:
    """A running `streamlit run app.py`; its output goes to `log_path`."""

    url: str
    port: int
    data_dir: Path
    log_path: Path
    process: subprocess.Popen

    @property
    def origin(self) -> str:
        """host:port, as a request's URL names it."""
        return f"127.0.0.1:{self.port}"

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def log_size(self) -> int:
        return self.log_path.stat().st_size

    def log_since(self, offset: int) -> str:
        with open(self.log_path, "rb") as fh:
            fh.seek(offset)
            return fh.read().decode("utf-8", errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def log_problems(text: str) -> list[str]:
    """Lines of server output that are warnings, errors or tracebacks."""
    return [line for line in text.splitlines() if LOG_PROBLEM.search(line)]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(data_dir: Path, log_path: Path, *, timeout_s: float = STARTUP_TIMEOUT_S,
                 app_dir: Path = ROOT) -> Server:
    """Serve app.py (of `app_dir`, the repository unless a test runs a copy) on a free port with
    PROXYATLAS_DATA=data_dir; return once /_stcore/health says ok."""
    port = free_port()
    cmd = [
        sys.executable, "-m", "streamlit", "run", "app.py",
        "--server.headless", "true", "--server.address", "127.0.0.1", "--server.port", str(port),
        "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false",
    ]
    env = {**os.environ, "PROXYATLAS_DATA": str(data_dir)}
    env.pop("PROXYATLAS_MAX_MARKING", None)
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "wb") as log:
        process = subprocess.Popen(cmd, cwd=app_dir, env=env, stdout=log, stderr=subprocess.STDOUT)
    server = Server(f"http://127.0.0.1:{port}", port, data_dir, log_path, process)
    try:
        _wait_healthy(server, timeout_s)
    except BaseException:
        server.stop()
        raise
    return server


def _wait_healthy(server: Server, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {server.process.returncode}:\n{server.log()}")
        try:
            with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=2) as response:
                if response.read().decode().strip() == "ok":
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)  # polling a process we do not control: there is no event to wait on
    raise RuntimeError(f"streamlit did not report healthy within {timeout_s:.0f} s:\n{server.log()}")


@contextmanager
def serving(data_dir: Path, log_path: Path) -> Iterator[Server]:
    server = start_server(data_dir, log_path)
    try:
        yield server
    finally:
        server.stop()


# --- the browser ---------------------------------------------------------------------------------

def launch_chromium(playwright: Playwright) -> Browser:
    """Debian's chromium (Playwright cannot download its own here). Fails, never skips, when missing."""
    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"{CHROMIUM} is missing: install Debian's chromium (make chromium)")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


class _Traffic:
    """A page's requests in flight, and when the last one started or ended."""

    def __init__(self, page: Page):
        self.in_flight: set = set()
        self.last_change = time.monotonic()
        page.on("request", self._started)
        page.on("requestfinished", self._ended)
        page.on("requestfailed", self._ended)

    def _started(self, request) -> None:
        self.in_flight.add(request)
        self.last_change = time.monotonic()

    def _ended(self, request) -> None:
        self.in_flight.discard(request)
        self.last_change = time.monotonic()

    def quiet_for(self) -> float:
        return 0.0 if self.in_flight else time.monotonic() - self.last_change


_traffic: "weakref.WeakKeyDictionary[Page, _Traffic]" = weakref.WeakKeyDictionary()


def track_network(page: Page) -> Page:
    """Count the page's requests in flight, so that wait_ready can wait for a quiet network.
    (Playwright's "networkidle" is only reliable right after page.goto, not after a rerun.)"""
    _traffic.setdefault(page, _Traffic(page))
    return page


def wait_network_quiet(page: Page, quiet_s: float = QUIET_S, timeout_ms: int = READY_TIMEOUT_MS) -> None:
    traffic = _traffic.get(page)
    if traffic is None:
        page.wait_for_load_state("networkidle", timeout=timeout_ms)
        return
    deadline = time.monotonic() + timeout_ms / 1000
    while traffic.quiet_for() < quiet_s:
        if time.monotonic() > deadline:
            raise TimeoutError(f"requests still in flight: {[r.url for r in traffic.in_flight]}")
        page.wait_for_timeout(50)  # hands control to Playwright, which delivers the request events


def wait_ready(page: Page, timeout_ms: int = READY_TIMEOUT_MS) -> None:
    """Wait as Streamlit's own e2e tests do: connected, the script finished, no skeleton left;
    then until no request has been in flight for a moment (lazy-loaded chunks, fonts)."""
    page.wait_for_selector("[data-testid=stApp][data-test-connection-state=CONNECTED]", timeout=timeout_ms)
    page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]", timeout=timeout_ms)
    page.wait_for_selector("[data-testid=stSkeleton]", state="detached", timeout=timeout_ms)
    wait_network_quiet(page, timeout_ms=timeout_ms)


def open_page(page: Page, server: Server, path: str) -> Page:
    page.goto(server.url + path)
    wait_ready(page)
    return page


GRAPH = ".pa-network"  # the network component's root element (dashboard/network.js)
GRAPH_DRAWN = """el => !!el.paNetwork && el.dataset.nodeCount !== undefined
    && !!el.querySelector('canvas') && el.querySelector('canvas').width > 0"""


def graph_root(page: Page) -> Locator:
    """The network component's root element, once vis-network has drawn into it. Its `paNetwork` property
    is the vis Network instance; data-node-count and data-edge-count say what it was last sent."""
    root = page.locator(GRAPH)
    root.wait_for(state="attached", timeout=READY_TIMEOUT_MS)
    page.wait_for_function(f"() => {{ const el = document.querySelector('{GRAPH}');"
                           f" return !!el && ({GRAPH_DRAWN})(el); }}",
                           timeout=READY_TIMEOUT_MS)
    return root


def download_button(scope: Page | Locator, label: str) -> Locator:
    """The button of the st.download_button labelled `label` (its accessible name also holds its icon)."""
    return scope.get_by_test_id("stDownloadButton").filter(has_text=label).locator("button")


# The page shows a finished run: connected, its script not running, no skeleton left. Right after an
# action this can still be the previous run's state: count the runs with ScriptRuns first.
SETTLED = """() => {
    const app = document.querySelector('[data-testid=stApp]');
    return !!app && app.dataset.testConnectionState === 'CONNECTED'
        && app.dataset.testScriptState === 'notRunning' && !document.querySelector('[data-testid=stSkeleton]');
}"""


class ScriptRuns:
    """How many runs the server has reported finished to a page (a ForwardMsg `script_finished` on
    the page's websocket, over all its navigations), counted in Python as the frames arrive.

    After a click, "notRunning" in the page cannot tell the new run's end from the old one's: on a
    busy machine a whole run's messages reach the browser in one task and React paints only the end
    state, so the page's script state never shows "running". Record `finished` before an action and
    wait until it has grown. Works with Playwright's sync and async APIs (the handlers are plain)."""

    def __init__(self, page: Page):
        self.finished = 0
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _frame(self, payload) -> None:
        if isinstance(payload, str):
            return
        msg = ForwardMsg()
        try:
            msg.ParseFromString(payload)
        except DecodeError:
            return
        if msg.WhichOneof("type") == "script_finished":
            self.finished += 1


def full_page_screenshot(page: Page, path: Path) -> Path:
    """The whole page as one PNG. Streamlit scrolls inside <main>, not the document, so Playwright's
    full_page alone would stop at the viewport: grow the viewport to the content, shoot, restore."""
    path.parent.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size or VIEWPORT
    height = page.evaluate(
        """() => Math.max(window.innerHeight, ...['[data-testid=stMain]', '[data-testid=stSidebarContent]']
                 .map(s => document.querySelector(s)?.scrollHeight ?? 0))"""
    )
    page.set_viewport_size({"width": size["width"], "height": int(height)})
    try:
        page.wait_for_function("h => window.innerHeight >= h", arg=int(height))
        wait_ready(page)
        page.screenshot(path=str(path), full_page=True)
    finally:
        page.set_viewport_size(size)
    return path


# --- what the page did ---------------------------------------------------------------------------

# Opening a page other than the main one, Streamlit's frontend first looks for the server under
# that page's path (/Network/_stcore/health, /Network/_stcore/host-config), gets 404 and falls back
# to the root: streamlit/streamlit#7074. Those two 404s are the frontend's, not the app's.
_BASE_PATH_PROBE = re.compile(r"^/[^/]+/_stcore/(health|host-config)$")
_LOCAL_SCHEMES = {"data", "blob", "about"}


@dataclass
class Watch:
    """Everything a browser context asked for and complained about, frames and iframes included."""

    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def attach(self, page: Page) -> "Watch":
        page.context.on("request", lambda request: self.requests.append(request.url))
        page.on("websocket", lambda ws: self.requests.append(ws.url))
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))
        return self

    def _console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        where = (message.location or {}).get("url") or ""
        if "Failed to load resource" in message.text and _BASE_PATH_PROBE.match(urlsplit(where).path):
            return
        self.console_errors.append(f"{message.text} ({where})" if where else message.text)

    def offsite(self, origin: str) -> list[str]:
        """Requests to anywhere but `origin` (host:port), other than data:, blob: and about: URLs."""
        bad = []
        for url in self.requests:
            parts = urlsplit(url)
            if parts.scheme in _LOCAL_SCHEMES:
                continue
            if parts.scheme not in {"http", "https", "ws", "wss"} or parts.netloc != origin:
                bad.append(url)
        return bad

    def errors(self) -> list[str]:
        return [*(f"console: {e}" for e in self.console_errors), *(f"pageerror: {e}" for e in self.page_errors)]


def offsite_hosts(urls: list[str]) -> list[str]:
    return sorted({urlsplit(u).netloc or u for u in urls})


class Visit:
    """A fresh browser context (1400x1000) on one server, watched from its first request on."""

    def __init__(self, browser: Browser, server: Server):
        self.server = server
        self.context = browser.new_context(viewport=VIEWPORT)
        self.page = track_network(self.context.new_page())
        self.watch = Watch().attach(self.page)
        self._log_offset = server.log_size()

    def open(self, path: str) -> Page:
        return open_page(self.page, self.server, path)

    def offsite(self) -> list[str]:
        return self.watch.offsite(self.server.origin)

    def server_log_problems(self) -> list[str]:
        return log_problems(self.server.log_since(self._log_offset))

    def download(self, button: Locator) -> tuple[str, bytes]:
        """Click a download button and return the file the browser saved: (its name, its bytes).
        When the server's callback for the file fails, Streamlit logs a traceback and the browser
        gets no file at all (no message on the page): say so, with the log."""
        # On a loaded machine a click that lands while React redraws the section (an expander just
        # opened, its table drawn) can be lost: a second click, as a viewer would make, is allowed.
        # A callback that fails gives no file however often it is clicked.
        for attempt in (1, 2):
            try:
                with self.page.expect_download(timeout=DOWNLOAD_TIMEOUT_MS) as info:
                    button.click()
                break
            except PlaywrightTimeout:
                if attempt == 2:
                    raise AssertionError(f"clicking {button} twice saved no file; server log: "
                                         f"{self.server_log_problems()}") from None
        saved = info.value
        assert saved.failure() is None, f"the download of {saved.suggested_filename} failed: {saved.failure()}"
        return saved.suggested_filename, Path(saved.path()).read_bytes()

    def problems(self) -> list[str]:
        """Everything wrong so far: requests off this machine, browser errors, server warnings."""
        out = []
        if bad := self.offsite():
            out.append(f"requests to hosts other than {self.server.origin}: {offsite_hosts(bad)} ({bad})")
        out += self.watch.errors()
        out += [f"server log: {line}" for line in self.server_log_problems()]
        return out

    def close(self) -> None:
        self.context.close()
