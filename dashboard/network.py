"""The network graph as a Streamlit Custom Component v2: sent data, sends clicks back.

The component (network.js) keeps one vis-network instance and updates it in place when a view
changes. The vis-network script is a static file (static/vis-network/, served by Streamlit's
static serving), imported once per browser; each view sends only its nodes, edges and options, packed
(graph_draw.Catalogue.sent: each distinct string once, tooltips as the numbers of their pieces).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

import streamlit as st

from proxyatlas.graph import View

SCRIPT = "app/static/vis-network/vis-network.min.js"  # under the server's base URL path
PNG_SCALE = 3  # "Save graph as PNG": three times the screen's resolution
HEIGHT_PX = 650

_HTML = """<div class="pa-network">
  <div class="pa-network-canvas"></div>
  <div class="pa-network-tools"><button type="button" class="pa-save-png">Save graph as PNG</button></div>
</div>"""
_CSS = """
.pa-network-canvas { width: 100%; border: 1px solid var(--st-border-color, #ddd); border-radius: 0.5rem; }
.pa-network-tools { margin-top: 0.5rem; }
.pa-save-png { font: inherit; padding: 0.25rem 0.75rem; border-radius: 0.5rem; cursor: pointer;
               border: 1px solid var(--st-border-color, #ccc); background: var(--st-background-color, #fff);
               color: var(--st-text-color, #262730); }
.pa-save-png:hover { border-color: var(--st-primary-color, #ff4b4b); color: var(--st-primary-color, #ff4b4b); }
div.vis-tooltip { white-space: pre-wrap; overflow-wrap: anywhere; max-width: 32em; }
"""

# Mounted into the page itself (no shadow root): vis-network's tooltip and its own CSS, which it puts
# in the document's <head>, must meet.
_component = st.components.v2.component(
    "proxy_atlas_network", html=_HTML, css=_CSS,
    js=(Path(__file__).with_name("network.js")).read_text(encoding="utf-8"), isolate_styles=False,
)


def _script_url() -> str:
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}/{SCRIPT}" if base else f"/{SCRIPT}"


def graph(view: View, *, key: str, png_name: str, on_node: Callable[[], None],
          on_edge: Callable[[], None]) -> None:
    """Draw the view (its drawing as graph_draw.Catalogue.sent gives it; network.js unpacks it). A click on
    a node calls `on_node`, on an edge `on_edge`; read the clicked id with `clicked(key, "node" | "edge")`.

    The component is sent bytes: {"view": the drawing, then the page's settings}, as JSON. The drawing's
    JSON is the view's own (`View.sent_json`, written once and shared by every session): passed a dict,
    Streamlit wrote it out twice per rerun (for the element's identity and for the message), a quarter of
    a 100k-event Network rerun."""
    summary = (f"Network graph of {view.nodes:,} actors and {view.edges:,} ties among them. "
               "The table below lists the ties.")  # the graph's aria-label: its text alternative with the table
    settings = json.dumps({"script": _script_url(), "height": HEIGHT_PX, "png_scale": PNG_SCALE,
                           "png_name": png_name, "summary": summary}).encode("utf-8")
    _component(key=key, data=b'{"view":' + view.sent_json + b"," + settings[1:], on_node_change=on_node,
               on_edge_change=on_edge)


def clicked(key: str, event: str) -> str | None:
    """The id the last click on the graph `key` sent as `event`, inside that event's callback."""
    result = st.session_state.get(key)
    return None if result is None else result.get(event)
