"""A Streamlit viewer without a browser: Streamlit 1.67's own protocol, as its frontend speaks it.

A `Session` does what the frontend does when a page is opened: GET the page (a proxy in front sets its
affinity cookie here), GET `/_stcore/host-config` and `/_stcore/health` (the server sets its XSRF cookie),
then open the WebSocket `/_stcore/stream` with the subprotocols `streamlit, <XSRF cookie>` and the cookies,
and send a `BackMsg` `rerun_script` with the page's query string and `page_name` (the path; the
frontend sends an empty `page_script_hash` on the first run). Changing a filter is another `rerun_script`
on the same socket with the page's `page_script_hash`, the current query string and the widget's new
value (`WidgetState`: a selectbox's formatted option as `string_value`, a select slider's and a date
input's as `string_array_value`); the server keeps the other widgets' values. Moving to another page
of the menu is a `rerun_script` with that page's hash (from the `navigation` message).

Each run is read from its `ForwardMsg`s until `script_finished` into a `View`: the time, `exception`
elements, the page's title (its h1), the "No valid data" page, the widgets, and the data version shown
(the foot line's "data version …") together with every versioned text the caller names (regular
expressions over the raw message bytes, so table cells inside Arrow data count too).

No cached-message hashes are sent, so the server sends every element in full each run (a browser that
has them cached receives references instead: this viewer costs the server a little more, not less).
Loopback only: `Session` refuses any other host.
"""

from __future__ import annotations

import asyncio
import re
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlsplit

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

VERSION = re.compile(rb"data version ([0-9a-f]{12})")
NO_DATA = "No valid data"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
MAX_MESSAGE = 256 * 2**20
FINISHED_EARLY = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_EARLY_FOR_RERUN")
COMPILE_ERROR = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_WITH_COMPILE_ERROR")


class ProtocolError(Exception):
    """The connection failed or the server did not finish the run in time."""


@dataclass
class Widget:
    id: str
    kind: str  # selectbox, slider (select_slider), date_input, ...
    options: list[str]
    value: list[str]  # formatted, as the widget state carries it


@dataclass
class View:
    """One run of a page as the viewer received it."""

    kind: str  # open, menu, or the filter changed
    path: str
    seconds: float = 0.0
    exceptions: int = 0
    no_data: bool = False
    compile_error: bool = False
    not_found: bool = False
    title: str | None = None
    versions: set = field(default_factory=set)  # "data version" values shown
    marks: dict = field(default_factory=dict)  # pattern name -> set of captured values
    bytes: int = 0
    replica: str | None = None  # the proxy's affinity cookie, when there is one

    @property
    def error(self) -> str | None:
        if self.exceptions:
            return f"{self.exceptions} exception element(s)"
        if self.no_data:
            return "the 'No valid data' page"
        if self.not_found:
            return "page not found"
        if self.compile_error:
            return "the script did not compile"
        if not self.title:
            return "no title"
        return None

    @property
    def mixed(self) -> bool:
        return len(self.versions) > 1 or any(len(v) > 1 for v in self.marks.values())


async def http_get(host: str, port: int, path: str, cookies: dict[str, str], timeout: float) -> tuple[int, bytes]:
    """GET over HTTP/1.1 on a fresh connection; the response's cookies go into `cookies`."""
    reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
    try:
        jar = "; ".join(f"{k}={v}" for k, v in cookies.items())
        request = (f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUser-Agent: proxyatlas-bench\r\n"
                   f"Accept: */*\r\nConnection: close\r\n" + (f"Cookie: {jar}\r\n" if jar else "") + "\r\n")
        writer.write(request.encode("latin-1"))
        await writer.drain()
        raw = await asyncio.wait_for(reader.read(), timeout)
    finally:
        writer.close()
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    if not lines or len(lines[0].split()) < 2:
        raise ProtocolError(f"GET {path}: no HTTP response")
    status = int(lines[0].split()[1])
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "set-cookie":
            jar_in = SimpleCookie()
            jar_in.load(value.strip())
            for key, morsel in jar_in.items():
                cookies[key] = morsel.value
    return status, body


class Session:
    """One viewer's Streamlit session (one WebSocket) on `base` (http://127.0.0.1:PORT)."""

    def __init__(self, base: str, marks: dict[str, re.Pattern] | None = None, timeout: float = 120.0,
                 affinity_cookie: str | None = None):
        parts = urlsplit(base)
        if parts.hostname not in LOOPBACK:
            raise ValueError(f"loopback only, not {parts.hostname}")
        self.host, self.port = parts.hostname, parts.port or 80
        self.marks = marks or {}
        self.timeout = timeout
        self.affinity_cookie = affinity_cookie
        self.cookies: dict[str, str] = {}
        self.ws = None
        self.pages: dict[str, str] = {}  # url path ("Network", "" for the main page) -> page_script_hash
        self.page_hash = ""
        self.query = ""
        self.path = "/"
        self.widgets: dict[str, Widget] = {}  # by label

    @property
    def replica(self) -> str | None:
        return self.cookies.get(self.affinity_cookie) if self.affinity_cookie else None

    async def open(self, path_and_query: str) -> View:
        """Open a page by address as a new browser tab would: a new Streamlit session."""
        await self.close()
        path, _, query = path_and_query.partition("?")
        t0 = time.monotonic()
        for step in (path, "/_stcore/health", "/_stcore/host-config"):
            status, _ = await http_get(self.host, self.port, step, self.cookies, self.timeout)
            if status != 200:
                raise ProtocolError(f"GET {step}: HTTP {status}")
        xsrf = self.cookies.get("_streamlit_xsrf", "")
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        try:
            self.ws = await asyncio.wait_for(websockets.connect(
                f"ws://{self.host}:{self.port}/_stcore/stream", subprotocols=["streamlit", xsrf],
                origin=f"http://{self.host}:{self.port}", additional_headers=headers, max_size=MAX_MESSAGE,
                compression=None, open_timeout=self.timeout, ping_interval=None), self.timeout)
        except (OSError, websockets.WebSocketException, asyncio.TimeoutError) as err:
            raise ProtocolError(f"websocket: {type(err).__name__}: {err}") from err
        self.path, self.query, self.page_hash, self.widgets = path, query, "", {}
        return await self._run(View("open", path_and_query), t0, page_name=path.strip("/"))

    async def change(self, label: str, value: list[str]) -> View:
        """Set the widget labelled `label` to `value` (formatted options) and wait for the rerun."""
        widget = self.widgets[label]
        state = WidgetState(id=widget.id)
        if widget.kind == "selectbox":
            state.string_value = value[0]
        else:
            state.string_array_value.data.extend(value)
        return await self._run(View(label, self.path), time.monotonic(), widgets=[state])

    async def navigate(self, path: str) -> View:
        """Follow a menu link: another page in the same session, the filters kept in the query."""
        page_hash = self.pages[path.strip("/")]
        self.path, self.page_hash, self.widgets = path, page_hash, {}
        return await self._run(View("menu", path), time.monotonic())

    async def _run(self, view: View, t0: float, page_name: str = "", widgets: list | None = None) -> View:
        msg = BackMsg()
        rerun = msg.rerun_script
        rerun.query_string = self.query
        rerun.page_script_hash = self.page_hash
        rerun.page_name = page_name
        if widgets:
            rerun.widget_states.widgets.extend(widgets)
        rerun.context_info.timezone = "UTC"
        rerun.context_info.locale = "en-GB"
        rerun.context_info.url = f"http://{self.host}:{self.port}{self.path}" + (f"?{self.query}" if self.query else "")
        try:
            await self.ws.send(msg.SerializeToString())
            deadline = time.monotonic() + self.timeout
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise ProtocolError(f"no script_finished within {self.timeout:.0f} s")
                raw = await asyncio.wait_for(self.ws.recv(), left)
                if isinstance(raw, str):
                    continue
                if self._read(raw, view):
                    break
        except (websockets.WebSocketException, OSError, asyncio.TimeoutError) as err:
            raise ProtocolError(f"{type(err).__name__}: {err}") from err
        view.seconds = time.monotonic() - t0
        view.replica = self.replica
        return view

    def _read(self, raw: bytes, view: View) -> bool:
        """Take one ForwardMsg into the view; True when the run has finished."""
        fwd = ForwardMsg()
        fwd.ParseFromString(raw)
        kind = fwd.WhichOneof("type")
        view.bytes += len(raw)
        if kind == "delta":
            view.versions |= {m.decode() for m in VERSION.findall(raw)}
            for name, pattern in self.marks.items():
                if found := pattern.findall(raw):
                    view.marks.setdefault(name, set()).update(f.decode("utf-8", "replace") for f in found)
            delta = fwd.delta
            if delta.WhichOneof("type") == "new_element":
                self._element(delta.new_element, view)
        elif kind == "navigation":  # the pages, and the one this run is drawing
            self.pages = {p.url_pathname: p.page_script_hash for p in fwd.navigation.app_pages}
            self.page_hash = fwd.navigation.page_script_hash
        elif kind == "page_not_found":
            view.not_found = True
        elif kind == "page_info_changed":
            self.query = fwd.page_info_changed.query_string
        elif kind == "script_finished":
            if fwd.script_finished == FINISHED_EARLY:
                return False
            view.compile_error = fwd.script_finished == COMPILE_ERROR
            return True
        return False

    def _element(self, el, view: View) -> None:
        kind = el.WhichOneof("type")
        if kind == "exception":
            view.exceptions += 1
        elif kind == "heading" and el.heading.tag == "h1":
            view.title = el.heading.body
        elif kind == "alert" and NO_DATA in el.alert.body:
            view.no_data = True
        elif kind == "selectbox":
            w = el.selectbox
            value = [w.raw_value] if w.HasField("raw_value") else (
                [w.options[w.default]] if w.HasField("default") and 0 <= w.default < len(w.options) else [])
            self.widgets[w.label] = Widget(w.id, kind, list(w.options), value)
        elif kind == "slider" and w_has_options(el.slider):
            w = el.slider
            idx = list(w.value) if w.set_value else list(w.default)
            self.widgets[w.label] = Widget(w.id, kind, list(w.options),
                                           [w.options[int(i)] for i in idx if 0 <= int(i) < len(w.options)])
        elif kind == "date_input":
            w = el.date_input
            self.widgets[w.label] = Widget(w.id, kind, [w.min, w.max], list(w.value) if w.set_value else list(w.default))

    async def close(self) -> None:
        if self.ws is not None:
            ws, self.ws = self.ws, None
            try:
                await asyncio.wait_for(ws.close(), 5)
            except Exception:  # closing a socket the server already dropped
                pass


def w_has_options(slider) -> bool:
    return len(slider.options) > 0
