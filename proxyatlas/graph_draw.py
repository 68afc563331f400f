"""The graph as data for the browser: pyvis builds the nodes, edges and options, vis-network draws them.

pyvis stays the graph-building API, but only its data is used (`get_network_data`), never its HTML
page: the page's component (dashboard/network.py) loads vis-network once and is sent these lists.
Everything drawn comes from untrusted CSV text, so labels and tooltips are plain strings with
control characters removed and lengths capped; the browser sets them as text (vis-network puts a
string title in with innerText), never as HTML.
"""

from __future__ import annotations

import json
from collections import Counter

import networkx as nx
from pyvis.network import Network

from proxyatlas import palette
from proxyatlas.text import plain
from proxyatlas.graph_layout import Communities

SYMMETRIC_TYPES = frozenset({"allied_with", "rival_of"})
# Tie types by arrowhead as well as colour (dashes are taken: they mean low confidence): vis-network's
# arrowhead type, and its name in the legend. A symmetric tie has the head at both ends.
TIE_ARROWS: dict[str, tuple[str, str]] = {
    "sponsors": ("arrow", "arrow"),
    "funds": ("diamond", "diamond"),
    "arms": ("box", "square"),
    "trains": ("vee", "open V"),
    "directs": ("crow", "crow's foot"),
    "splinter_of": ("inv_triangle", "reversed triangle"),
    "member_of": ("curve", "cup"),
    "hosts": ("inv_curve", "reversed cup"),
    "allied_with": ("circle", "dots at both ends"),
    "rival_of": ("bar", "bars at both ends"),
}


def arrows(kind: str) -> dict:
    """vis-network's `arrows` of a tie of this type: its own head at the target (both ends when symmetric)."""
    head, _ = TIE_ARROWS.get(kind, ("arrow", "arrow"))
    end = {"enabled": True, "type": head}
    return {"to": end, "from": end} if kind in SYMMETRIC_TYPES else {"to": end}


def tie_legend() -> dict[str, tuple[str, str]]:
    """The tie types as a palette-style legend: colour, and the label with its arrowhead."""
    return {k: (colour, f"{label} ({TIE_ARROWS[k][1]})") for k, (colour, label) in palette.RELATIONSHIP_TYPES.items()}
COLOUR_BY = ("kind", "community")
LABEL_MAX_CHARS = 60
TOOLTIP_FIELD_MAX_CHARS = 500
DEFAULT_NODE_SIZE = 12

def _field(value: str | None) -> str:
    """One tooltip field: plain text, complete up to TOOLTIP_FIELD_MAX_CHARS."""
    return plain(value, TOOLTIP_FIELD_MAX_CHARS)


class _Ids(list):
    """pyvis's list of node ids, with a set beside it: pyvis asks `id in ids` for every node and both
    ends of every edge, which on a plain list made 5,000 nodes cost seconds."""

    def __init__(self) -> None:
        super().__init__()
        self._seen: set = set()

    def append(self, item) -> None:
        super().append(item)
        self._seen.add(item)

    def __contains__(self, item) -> bool:
        return item in self._seen


def _network() -> Network:
    net = Network(directed=True)
    net.node_ids = _Ids()
    return net


def community_label(communities: Communities | None, actor: str) -> str:
    """What the legend and the tooltip call an actor's community."""
    number = communities.of.get(actor) if communities else None
    if number is None:
        return "none"
    return f"{_field(communities.names[number])} ({communities.sizes[number]} actors)"


def _node_tooltip(actor: str, attrs: dict, communities: Communities | None) -> str:
    kind = palette.label(palette.ACTOR_KINDS, attrs.get("kind") or "")
    lines = [_field(attrs.get("name")), "Kind: " + _field(kind)]
    if attrs.get("country"):
        lines.append("Country: " + _field(attrs["country"]))
    lines.append("Status: " + _field(attrs.get("status") or "unknown"))
    if communities is not None:
        lines.append("Community: " + community_label(communities, actor))
    return "\n".join(lines)


def _edge_tooltip(source_name: str, target_name: str, attrs: dict) -> str:
    kind = attrs.get("type") or ""
    arrow = "—" if kind in SYMMETRIC_TYPES else "→"
    type_label = _field(palette.label(palette.RELATIONSHIP_TYPES, kind))
    lines = [
        f"{_field(source_name)} — {type_label} {arrow} {_field(target_name)}",
        "Confidence: " + _field(attrs.get("confidence") or "unknown"),
        f"Period: {_field(attrs.get('start') or 'unknown')} – {_field(attrs.get('end') or 'ongoing')}",
    ]
    if attrs.get("sources"):
        lines.append("Sources: " + _field(attrs["sources"]))
    return "\n".join(lines)


def vis_options() -> dict:
    """vis-network options: the server's positions as they are (no physics), straight edges, and edges
    hidden while the viewer drags or zooms, so 5,000 nodes stay responsive."""
    return {
        "autoResize": True,
        "layout": {"improvedLayout": False},
        "physics": {"enabled": False},
        "nodes": {"shape": "dot", "font": {"size": 14, "face": "sans-serif"}, "borderWidth": 1},
        "edges": {"smooth": False, "dashes": False, "width": 1.5, "arrows": {"to": {"scaleFactor": 0.6}},
                  "selectionWidth": 2},
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": True, "hideEdgesOnZoom": True},
    }


def node_colour(actor: str, attrs: dict, colour_by: str, communities: Communities | None) -> str:
    if colour_by == "community":
        return palette.community_colour(communities.of.get(actor) if communities else None)
    return palette.colour(palette.ACTOR_KINDS, attrs.get("kind") or "")


def drawing(G: nx.MultiDiGraph, positions: dict[str, tuple[float, float]], sizes: dict[str, float], *,
            colour_by: str = "kind", communities: Communities | None = None) -> dict:
    """G as vis-network data: {"nodes": [...], "edges": [...], "options": {...}}, JSON-ready.

    Nodes: colour by kind or by community, size from `sizes`, label = name (truncated), at `positions`.
    Edges: id = the tie's rel_id, colour by type, dashed when low confidence (thicker when high),
    arrowed unless the type is symmetric; a second tie between one pair curves off the first.
    """
    if colour_by not in COLOUR_BY:
        raise ValueError(f"colour_by must be one of {COLOUR_BY}, not {colour_by!r}")
    net = _network()
    for node in sorted(G):
        attrs = G.nodes[node]
        x, y = positions.get(node, (0.0, 0.0))
        net.add_node(node, label=plain(attrs.get("name"), LABEL_MAX_CHARS) or node,
                     color=node_colour(node, attrs, colour_by, communities),
                     size=float(sizes.get(node, DEFAULT_NODE_SIZE)),
                     title=_node_tooltip(node, attrs, communities), x=float(x), y=float(y))
    parallel: Counter = Counter()
    for u, v, key, attrs in sorted(G.edges(keys=True, data=True), key=lambda e: e[:3]):
        pair = frozenset((u, v))
        nth = parallel[pair]
        parallel[pair] += 1
        kind = attrs.get("type") or ""
        # Only what differs from vis_options' defaults is sent: 5,000 nodes' ties are most of a view's bytes.
        style = {"dashes": True} if attrs.get("confidence") == "low" else {}
        style |= {"width": 2.5} if attrs.get("confidence") == "high" else {}
        style |= {"smooth": {"enabled": True, "type": "curvedCW", "roundness": 0.2 * nth}} if nth else {}
        net.add_edge(u, v, id=key, color=palette.colour(palette.RELATIONSHIP_TYPES, kind),
                     arrows=arrows(kind),
                     title=_edge_tooltip(G.nodes[u].get("name") or u, G.nodes[v].get("name") or v, attrs), **style)
    net.set_options(json.dumps(vis_options()))
    nodes, edges, *_rest, options = net.get_network_data()
    for node in nodes:
        node.pop("shape", None)  # pyvis adds "dot" to each; vis_options says it once
    return {"nodes": nodes, "edges": edges, "options": json.loads(options)}


def community_legend(communities: Communities | None, actors) -> dict[str, tuple[str, str]]:
    """The communities among `actors` with a colour of their own, largest first, then one entry for the
    smaller ones (drawn grey), as a palette-style {key: (colour, label)} for a legend."""
    if communities is None:
        return {}
    numbers = sorted({communities.of[a] for a in actors if a in communities.of})
    coloured = [n for n in numbers if n < len(palette.COMMUNITIES)]
    legend = {str(n): (palette.community_colour(n), community_label(communities, communities.centres[n]))
              for n in coloured}
    if len(coloured) < len(numbers) or any(a not in communities.of for a in actors):
        legend["other"] = (palette.OTHER_COMMUNITY, "smaller communities")
    return legend
