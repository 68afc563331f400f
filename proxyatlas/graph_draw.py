"""The graph as data for the browser: pyvis builds the nodes, edges and options, vis-network draws them.

pyvis stays the graph-building API, but only its data is used (`get_network_data`), never its HTML
page: the page's component (dashboard/network.py) loads vis-network once and is sent these lists.
Everything drawn comes from untrusted CSV text, so labels and tooltips are plain strings with
control characters removed and lengths capped; the browser sets them as text (vis-network puts a
string title in with innerText), never as HTML.
"""

from __future__ import annotations

import json
import re
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


class _Fields(dict):
    """_field of each distinct value once per drawing: the same names, kinds and dates recur in
    thousands of tooltips."""

    def __missing__(self, value: str | None) -> str:
        self[value] = out = _field(value)
        return out


def _node_tooltip(actor: str, attrs: dict, communities: Communities | None, field: _Fields) -> str:
    kind = palette.label(palette.ACTOR_KINDS, attrs.get("kind") or "")
    lines = [field[attrs.get("name")], "Kind: " + field[kind]]
    if attrs.get("country"):
        lines.append("Country: " + field[attrs["country"]])
    lines.append("Status: " + field[attrs.get("status") or "unknown"])
    if communities is not None:
        lines.append("Community: " + community_label(communities, actor))
    return "\n".join(lines)


def _edge_tooltip(source_name: str, target_name: str, attrs: dict, field: _Fields) -> str:
    kind = attrs.get("type") or ""
    arrow = "—" if kind in SYMMETRIC_TYPES else "→"
    type_label = field[palette.label(palette.RELATIONSHIP_TYPES, kind)]
    lines = [
        f"{field[source_name]} — {type_label} {arrow} {field[target_name]}",
        "Confidence: " + field[attrs.get("confidence") or "unknown"],
        f"Period: {field[attrs.get('start') or 'unknown']} – {field[attrs.get('end') or 'ongoing']}",
    ]
    if attrs.get("sources"):
        lines.append("Sources: " + field[attrs["sources"]])
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
    field = _Fields()
    for node in sorted(G):
        attrs = G.nodes[node]
        x, y = positions.get(node, (0.0, 0.0))
        net.add_node(node, label=plain(attrs.get("name"), LABEL_MAX_CHARS) or node,
                     color=node_colour(node, attrs, colour_by, communities),
                     size=float(sizes.get(node, DEFAULT_NODE_SIZE)),
                     title=_node_tooltip(node, attrs, communities, field), x=float(x), y=float(y))
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
                     title=_edge_tooltip(G.nodes[u].get("name") or u, G.nodes[v].get("name") or v, attrs, field),
                     **style)
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


# What the component is sent: the drawing's nodes and edges as rows of a table, each distinct string (and
# arrowhead or curve setting) once in a shared list. Tooltips are most of a view's bytes, and most of
# their text recurs (actors' names, "Confidence: high", the source labels of many ties), so a tooltip goes
# as the numbers of its pieces: its lines, cut at these separators (kept as pieces of their own).
_PIECES = re.compile(r"(; | — | → | – )")
NUMBER, TEXT, PIECES = "n", "t", "p"  # how a column's cells are sent: as they are, a text number, piece numbers


class _Texts(dict):
    """The shared list of distinct values (`values`), as a dict from each string (or the repr of each other
    value: an arrowhead's or a curve's settings, built the same way every time) to its number in it."""

    def __init__(self) -> None:
        super().__init__()
        self.values: list = []
        self._lines: dict[str, list[int]] = {}

    def __missing__(self, key) -> int:
        self[key] = found = len(self.values)
        self.values.append(key)
        return found

    def number(self, value) -> int:
        if isinstance(value, str):
            return self[value]
        key = ("repr", repr(value))
        found = self.get(key)
        if found is None:
            found = self[key] = len(self.values)
            self.values.append(value)
        return found

    def pieces(self, title: str) -> list[int]:
        lines, known, split = self._lines, self, _PIECES.split
        out: list[int] = []
        for line in title.split("\n"):
            numbers = lines.get(line)
            if numbers is None:
                numbers = lines[line] = [known[p] for p in split(line) if p]
            out.extend(numbers)
            out.append(known["\n"])
        out.pop()
        return out


def _kind(key: str, values: list) -> str:
    if key == "title":
        return PIECES
    numeric = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)
    return NUMBER if numeric else TEXT


def _table(items: list[dict], texts: _Texts) -> dict:
    # Tooltips first: their pieces are most of the references, so they get the shortest numbers.
    keys = sorted({key for item in items for key in item}, key=lambda k: (k != "title", k))
    kinds, columns = [], []
    for key in keys:  # column by column: one kind of cell per loop
        cells = [item.get(key) for item in items]  # no value of a drawing is None: None is "no such key"
        kind = _kind(key, [c for c in cells if c is not None])
        code = {NUMBER: None, TEXT: texts.number, PIECES: texts.pieces}[kind]
        kinds.append(kind)
        columns.append(cells if code is None else [None if c is None else code(c) for c in cells])
    return {"keys": keys, "kinds": kinds, "rows": [list(row) for row in zip(*columns)]}


def packed(drawing: dict) -> dict:
    """`drawing` as the component is sent it: {"nodes": table, "edges": table, "text": [...], "options"}, a
    table being {"keys", "kinds", "rows"}: one row per node or edge, a cell per key (None where the item
    has no such key), by its kind: NUMBER as it is, TEXT the number of its value in "text", PIECES (a
    tooltip) the numbers of its pieces, joined without separator. `unpacked` (and network.js) undo it."""
    texts = _Texts()
    nodes, edges = _table(drawing["nodes"], texts), _table(drawing["edges"], texts)
    return {"nodes": nodes, "edges": edges, "text": texts.values, "options": drawing["options"]}


def unpacked(sent: dict) -> dict:
    """The drawing a `packed` one came from (what network.js rebuilds in the browser)."""
    text = sent["text"]
    decode = {NUMBER: lambda v: v, TEXT: lambda v: text[v], PIECES: lambda v: "".join(text[i] for i in v)}

    def items(table: dict) -> list[dict]:
        columns = list(zip(table["keys"], [decode[kind] for kind in table["kinds"]]))
        return [{key: code(cell) for (key, code), cell in zip(columns, row) if cell is not None}
                for row in table["rows"]]

    return {"nodes": items(sent["nodes"]), "edges": items(sent["edges"]), "options": sent["options"]}
