"""The Network page's own figures: layout and community times, bytes sent per view, and the time to a
drawn 5,000-node graph in chromium. `python -m bench.network [--reps N]` prints them alone.

* Layout: igraph's layout (graph_layout.layout) and Leiden communities of the whole network of a
  generated set of about 200, 2,000 and 5,000 actors in ties, one run after another in one process.
* Bytes per view: what the server sends the browser over its WebSocket (Streamlit's ForwardMsgs)
  for the first visit of the Network page and for one filter change (a sponsor picked), and how many
  times the vis-network script comes from the server over two visits (once; then the browser's cache).
* First frame: navigation to the first animation frame at which the page is finished and the
  component's canvas holds the graph (bench/browser.py's timing), cold and warm, at ~5,000 nodes.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from proxyatlas import graph, graph_layout
from proxyatlas.config import Settings
from proxyatlas.filters import Filters
from proxyatlas.store import Store

from . import datasets
from .browser import FINISHED, NETWORK_DRAWN, Drawn, _cold_and_warm, _loaded, chromium
from .generate import Counts, cached
from .targets import LAYOUT_5000_MS, NETWORK_5000_WARM_MS, NETWORK_VIEW_BYTES, Verdict, judge
from .timing import Sample, sample

LAYOUT_SCALES = {200: 8, 2000: 80, 5000: 200}  # about this many actors in the whole network: generator scale
SCRIPT = "/app/static/vis-network/vis-network.min.js"
SPONSOR = "Sponsor network"
GRAPH_DRAWN = NETWORK_DRAWN


def data(nodes: int) -> Path:
    return cached(Counts.at_scale(LAYOUT_SCALES[nodes]))


@dataclass(frozen=True)
class Layout:
    nodes: int
    edges: int
    layout: Sample
    communities: Sample


def layout_times(reps: int) -> dict[int, Layout]:
    """Milliseconds to lay out, and to find the communities of, the whole network at each scale."""
    out = {}
    for n in LAYOUT_SCALES:
        snap = Store(Settings(data(n), "TLP:CLEAR")).state().good
        extent = snap.query("meta/extent").iloc[0]
        params = Filters(pd.Timestamp(extent["first_day"]).date(), pd.Timestamp(extent["last_day"]).date()).params()
        G = graph.build_graph(snap.query("network/nodes", **params), snap.query("network/edges", **params, as_of=None))
        out[n] = Layout(len(G), G.number_of_edges(), sample(lambda: graph_layout.layout(G), reps),
                        sample(lambda: graph_layout.communities(G), reps))
    return out


@dataclass(frozen=True)
class Bytes:
    first_view: int  # WebSocket bytes for the first visit of the page
    filter_change: int  # WebSocket bytes for one filter change
    script_bytes: int  # the vis-network file's size
    script_fetches: int  # how often the browser fetched it from the server over two visits (not its cache)
    script_transferred: int  # bytes of it that came over the network (compressed)


def bytes_per_view(browser, data_dir: Path, log: Path) -> Bytes:
    received: list[int] = []

    def watch(ws) -> None:
        ws.on("framereceived", lambda payload: received.append(len(payload)))

    with _loaded(browser, data_dir, log) as (server, page):
        fetches = []  # body bytes of each fetch of the script that came over the network (a cache hit has none)

        def fetched(request) -> None:
            body = request.sizes()["responseBodySize"]
            if request.url.split("?")[0].endswith(SCRIPT) and body > 0:
                fetches.append(body)

        page.on("requestfinished", fetched)
        page.on("websocket", watch)
        page.goto(server.url + "/Network")
        page.wait_for_function(GRAPH_DRAWN, polling="raf", timeout=300_000)
        page.wait_for_timeout(500)
        first = sum(received)
        received.clear()
        page.get_by_test_id("stSidebar").get_by_role("combobox", name=SPONSOR).click()
        page.get_by_role("option").nth(1).click()
        page.wait_for_function(f"() => /sponsor=/.test(location.search) && ({GRAPH_DRAWN})()", polling="raf",
                               timeout=300_000)
        page.wait_for_function(FINISHED, timeout=300_000)
        page.wait_for_timeout(500)
        change = sum(received)
        page.goto(server.url + "/Network")  # a second visit: the script comes from the browser's cache
        page.wait_for_function(GRAPH_DRAWN, polling="raf", timeout=300_000)
    size = (Path(__file__).resolve().parents[1] / "static" / "vis-network" / "vis-network.min.js").stat().st_size
    return Bytes(first, change, size, len(fetches), sum(fetches))


def first_frame(browser, data_dir: Path, reps: int, log: Path) -> Drawn:
    """The whole-network view of ~5,000 nodes, to a drawn graph, cold and warm."""
    with _loaded(browser, data_dir, log) as (server, page):
        cold, warm = _cold_and_warm(page, server.url + "/Network", GRAPH_DRAWN, reps)
        nodes = page.locator(".pa-network").get_attribute("data-node-count")
    return Drawn(cold, warm, int(nodes))


@dataclass(frozen=True)
class Figures:
    layout: dict[int, Layout]
    bytes: Bytes
    first_frame: Drawn


def run(reps: int) -> Figures:
    layouts = layout_times(reps)
    with chromium() as browser:
        sent = bytes_per_view(browser, datasets.network(200), datasets.LOGS / "network-bytes.log")
        drawn = first_frame(browser, data(5000), reps, datasets.LOGS / "network-5000.log")
    return Figures(layouts, sent, drawn)


def render(f: Figures) -> str:
    """The Network section of bench/results.md."""
    rows = [f"| ~{n:,} | {x.nodes:,} | {x.edges:,} | {x.layout} | {x.communities} |" for n, x in f.layout.items()]
    b = f.bytes
    return "\n".join([
        "## Network component", "",
        "Layout (igraph Fruchterman-Reingold) and communities (igraph Leiden) of the whole network, "
        "median ms, one process:", "",
        "| target | actors | ties | layout ms | communities ms |", "| --- | --- | --- | --- | --- |", *rows, "",
        f"Bytes sent for a view of the ~200-node network (WebSocket): first visit {b.first_view:,}, "
        f"a filter change {b.filter_change:,}; the vis-network script ({b.script_bytes:,} bytes, "
        f"{b.script_transferred:,} compressed) came from the server {b.script_fetches} time(s) over two visits "
        "(after that from the browser's cache). Before (the pyvis page per view): 945 kB for this view, the "
        "script inlined in each.", "",
        f"~5,000 nodes ({f.first_frame.nodes:,} drawn): first frame cold {f.first_frame.cold:,.0f} ms, "
        f"warm {f.first_frame.warm} ms (median).",
    ])


def verdicts(f: Figures) -> list[Verdict]:
    b, big = f.bytes, f.first_frame
    out = [judge("Network: a 200-node view sends < 10% of the 3.5 MB pyvis page (WebSocket bytes)",
                 f"first visit {b.first_view:,} B, a filter change {b.filter_change:,} B",
                 max(b.first_view, b.filter_change) < NETWORK_VIEW_BYTES, "network:bytes"),
           judge("Network: the vis-network script is fetched once per browser", f"{b.script_fetches} fetch(es)",
                 b.script_fetches == 1, "network:script"),
           judge("Network: 5,000 nodes drawn within 3 s (warm)", f"cold {big.cold:,.0f} ms, warm {big.warm} ms",
                 big.warm.median <= NETWORK_5000_WARM_MS, "network:5000")]
    if 5000 in f.layout:
        x = f.layout[5000]
        out.append(judge("Network: a cold layout of ~5,000 actors within 2 s", f"{x.nodes:,} actors: {x.layout} ms",
                         x.layout.median <= LAYOUT_5000_MS, "network:layout"))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.network", description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args(argv)
    figures = run(args.reps)
    print(render(figures))
    for v in verdicts(figures):
        print(f"- {v.target}: {v.figure}: {'met' if v.met else 'NOT MET'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
