"""The graph as data for the browser: pyvis builds the nodes, edges and options, vis-network draws them.

pyvis stays the graph-building API, but only its data is used (`get_network_data`), never its HTML
page: the page's component (dashboard/network.py) loads vis-network once and is sent these lists.
Everything drawn comes from untrusted CSV text, so labels and tooltips are plain strings with
control characters removed and lengths capped; the browser sets them as text (vis-network puts a
string title in with innerText), never as HTML.
"""

from __future__ import annotations

import json
import networkx as nx
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pyvis.network import Network

from proxyatlas import graph_wire, labels, palette
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


NODE_COLUMNS = ("actor_id", "name", "kind", "country", "status")  # network/nodes, as graph_draw reads it
EDGE_COLUMNS = ("rel_id", "source_id", "target_id", "type", "confidence", "start", "end", "sources")
TABLE_COLUMNS = ["source", "type", "target", "confidence", "start", "end", "sources"]


def strings(column: pd.Series) -> list[str | None]:
    """A column's cells as strings, every flavour of missing as None, tested once per column (a test per
    cell was a fifth of a large view's rerun)."""
    return [None if gone else str(v) for v, gone in zip(column.tolist(), column.isna().tolist())]


def frames(G: nx.MultiDiGraph) -> tuple[pd.DataFrame, pd.DataFrame]:
    """G's actors and ties as the network/nodes and network/edges frames it could have been built from."""
    nodes = pd.DataFrame([(n, *(a.get(c) for c in NODE_COLUMNS[1:])) for n, a in G.nodes(data=True)],
                         columns=list(NODE_COLUMNS))
    edges = pd.DataFrame([(k, u, v, *(a.get(c) for c in EDGE_COLUMNS[3:])) for u, v, k, a in G.edges(keys=True, data=True)],
                         columns=list(EDGE_COLUMNS))
    return nodes, edges


class Index:
    """A network's actors and ties by row number: actors by id, ties by source, target and rel_id (ties to
    actors it lacks left out), with each tie's ends as actor rows. What views are limited on."""

    def __init__(self, actors: list[str], ties: list[tuple[str, str, str]]):
        self.actors = actors  # ids by row: sorted
        self.ties = [k for _, _, k in ties]  # rel_ids by row
        self._actor_ids, self._tie_ids = pa.array(self.actors, pa.string()), pa.array(self.ties, pa.string())
        self.ends = (self.actor_rows([t[0] for t in ties]), self.actor_rows([t[1] for t in ties]))  # tie -> actor rows

    def actor_rows(self, actors) -> np.ndarray:
        """The rows of these actor ids (a column or a list), in their order (-1: not held)."""
        return _index_in(actors, self._actor_ids)

    def tie_rows(self, ties) -> np.ndarray:
        """The rows of these rel_ids (a column or a list), in their order (-1: not held)."""
        return _index_in(ties, self._tie_ids)

    def rows(self, actors, ties) -> tuple[np.ndarray, np.ndarray] | None:
        """The rows of these actor ids and rel_ids, in the catalogue's order; None if it lacks any."""
        found = self.actor_rows(actors), self.tie_rows(ties)
        if any((f < 0).any() for f in found):
            return None
        return np.sort(found[0]), np.sort(found[1])

    @classmethod
    def of(cls, nodes: pd.DataFrame, edges: pd.DataFrame) -> "Index":
        """The index of network/nodes and network/edges frames, with nothing drawn."""
        actors = sorted(strings(nodes["actor_id"]))
        known = set(actors)
        ties = sorted((u, v, k) for k, u, v in zip(*(strings(edges[c]) for c in EDGE_COLUMNS[:3]))
                      if u in known and v in known)
        return cls(actors, ties)


class Catalogue(Index):
    """How every actor and tie is drawn, whatever the view: built once per data version with pyvis, from the
    network/nodes and network/edges frames of the widest view. A view is then a choice of its rows
    (`sent`), with the view's own positions, sizes and curves: no tooltip is written or cut per view.

    Nodes: coloured by kind or by community, label = name (truncated). Edges: id = the tie's rel_id,
    colour by type, dashed when low confidence (thicker when high), arrowheads by type (at both ends when
    symmetric); a second tie between one pair curves off the first (in `sent`: which ties a view holds).
    Ties to actors not in `nodes` are left out.
    """

    def __init__(self, nodes: pd.DataFrame, edges: pd.DataFrame, communities: Communities | None = None):
        field = _Fields()
        actors = sorted(zip(strings(nodes["actor_id"]), *(strings(nodes[c]) for c in NODE_COLUMNS[1:])))
        names = {a[0]: a[1] or a[0] for a in actors}
        ties = sorted((u, v, k, *rest) for k, u, v, *rest in zip(*(strings(edges[c]) for c in EDGE_COLUMNS))
                      if u in names and v in names)
        net = _network()
        for actor, name, kind, country, status in actors:
            attrs = {"name": name or actor, "kind": kind, "country": country, "status": status}
            net.add_node(actor, label=plain(attrs["name"], LABEL_MAX_CHARS) or actor,
                         color=palette.colour(palette.ACTOR_KINDS, kind or ""),
                         title=_node_tooltip(actor, attrs, communities, field))
        for u, v, key, kind, confidence, start, end, sources in ties:
            attrs = {"type": kind, "confidence": confidence, "start": start, "end": end, "sources": sources}
            # Only what differs from vis_options' defaults is sent: 5,000 nodes' ties are most of a view's bytes.
            style = {"dashes": True} if confidence == "low" else {}
            style |= {"width": 2.5} if confidence == "high" else {}
            net.add_edge(u, v, id=key, color=palette.colour(palette.RELATIONSHIP_TYPES, kind or ""),
                         arrows=arrows(kind or ""), title=_edge_tooltip(names[u], names[v], attrs, field), **style)
        net.set_options(json.dumps(vis_options()))
        node_items, edge_items, *_rest, options = net.get_network_data()
        self.options = json.loads(options)
        texts = graph_wire.Texts()
        self._nodes = graph_wire.columns(node_items, texts, skip=("shape",))  # pyvis adds "dot" to each; the options say it once
        self._nodes["community"] = graph_wire.Column.of("community", [palette.community_colour(
            communities.of.get(a[0]) if communities else None) for a in actors], texts)
        self._edges = graph_wire.columns(edge_items, texts)
        # Only the list is kept: the lookup and its cache of cut lines (a list per line, 100,000s at 1M events)
        # made every full garbage collection of the server walk them.
        self._values = texts.values
        super().__init__([a[0] for a in actors], [t[:3] for t in ties])
        pair_of: dict[tuple[str, str], int] = {}
        self._pairs = np.array([pair_of.setdefault((u, v) if u < v else (v, u), len(pair_of)) for u, v, *_ in ties],
                               np.int64)
        self._table = pd.DataFrame(
            [(names[u], palette.label(palette.RELATIONSHIP_TYPES, kind or ""), names[v], confidence, start, end, sources)
             for u, v, _, kind, confidence, start, end, sources in ties], columns=TABLE_COLUMNS)
        self._screened: pd.DataFrame | None = None
        self._ranks = np.empty(len(ties), np.int64)  # each tie's place in the table's order
        self._ranks[self._table.sort_values(["source", "type", "target"], kind="stable").index.to_numpy()] = \
            np.arange(len(ties))

    def table(self, edge_rows: np.ndarray, *, screened: bool = False) -> pd.DataFrame:
        """The ties of these rows as the page lists them: by source name, type and target name; `screened`:
        as a briefing reads them (labels.screen of it, labelled once per catalogue, not per view)."""
        rows = edge_rows[np.argsort(self._ranks[edge_rows], kind="stable")]
        if screened and self._screened is None:
            self._screened = labels.screen(self._table)  # a cell's words depend on that cell alone
        return (self._screened if screened else self._table).take(rows).reset_index(drop=True)

    def sent(self, node_rows: np.ndarray, edge_rows: np.ndarray, positions: dict[str, tuple[float, float]],
             sizes: dict[str, float], *, colour_by: str = "kind") -> dict:
        """The view of these rows (sorted; see `rows`) as the component is sent it, actors at `positions`
        (else 0, 0) and of `sizes` (else DEFAULT_NODE_SIZE): {"nodes": table, "edges": table, "text": [...],
        "options"}, a table being {"count", "keys", "kinds", "columns"}: a column per key, a cell per item,
        by its kind (graph_wire): NUMBER as it is (None: no such key), TEXT the number of its value in "text",
        PIECES (the tooltips) [the numbers of every item's pieces, each item's count of them], joined without
        separator.
        graph_wire.unpacked (and network.js) undo it."""
        if colour_by not in COLOUR_BY:
            raise ValueError(f"colour_by must be one of {COLOUR_BY}, not {colour_by!r}")
        ids = [self.actors[i] for i in node_rows.tolist()]
        places = [positions.get(n, (0.0, 0.0)) for n in ids]
        own = {"x": graph_wire.Column(graph_wire.NUMBER, np.array([float(x) for x, _ in places], np.float64)),
               "y": graph_wire.Column(graph_wire.NUMBER, np.array([float(y) for _, y in places], np.float64)),
               "size": graph_wire.Column(graph_wire.NUMBER, np.array([float(sizes.get(n, DEFAULT_NODE_SIZE))
                                                                       for n in ids], np.float64))}
        nodes = {k: c for k, c in self._nodes.items() if k != "community"} | own
        if colour_by == "community":
            nodes["color"] = self._nodes["community"]
        edges = dict(self._edges)
        # A second (third...) tie of a pair in this view curves off the first: numbered after the shared list.
        nth = _nth(self._pairs[edge_rows])
        curves = sorted(set(nth.tolist()) - {0})
        extra = [{"enabled": True, "type": "curvedCW", "roundness": 0.2 * n} for n in curves]
        base = len(self._values)
        curve_of = np.full(max(curves, default=0) + 1, -1, np.int32)
        curve_of[curves] = base + np.arange(len(curves), dtype=np.int32)
        local = np.arange(len(edge_rows))
        node_cols = [(k, nodes[k], np.arange(len(node_rows)) if k in own else node_rows)
                     for k in sorted(nodes, key=graph_wire.key_order)]
        edge_cols = [(k, edges[k], edge_rows) for k in sorted(edges, key=graph_wire.key_order)]
        if curves:
            edge_cols.append(("smooth", graph_wire.Column(graph_wire.TEXT, curve_of[nth]), local))
        used = np.unique(np.concatenate([np.empty(0, np.int32)] + [c.numbers(r) for _, c, r in node_cols + edge_cols]))
        renumber = np.full(base + len(curves), -1, np.int64)
        renumber[used] = np.arange(len(used))
        values = self._values + extra
        text = [values[i] for i in used.tolist()]

        def table(cols, count):
            return {"count": count, "keys": [k for k, _, _ in cols], "kinds": [c.kind for _, c, _ in cols],
                    "columns": [c.sent(r, renumber) for _, c, r in cols]}

        return {"nodes": table(node_cols, len(node_rows)), "edges": table(edge_cols, len(edge_rows)),
                "text": text, "options": self.options}


def _index_in(values, held: pa.Array) -> np.ndarray:
    """Where each of `values` (a column or a list) is in `held` (-1: nowhere), by Arrow's hash lookup: a
    Python dict lookup per tie was a third of a 1M-event view."""
    if isinstance(values, pd.Series):
        values = values.array
    if hasattr(values, "__arrow_array__"):  # a query's column: its Arrow data as it is, not cell by cell
        values = values.__arrow_array__()
    elif not isinstance(values, (pa.Array, pa.ChunkedArray)):
        values = pa.array([None if v is None else str(v) for v in values], pa.string())
    if values.type != pa.string():
        values = values.cast(pa.string())
    found = pc.fill_null(pc.index_in(values, value_set=held), -1)
    return np.asarray(found.to_numpy() if isinstance(found, pa.Array) else found.to_numpy(), np.int64)


def _nth(pairs: np.ndarray) -> np.ndarray:
    """Each item's count of earlier items with the same pair number."""
    if not len(pairs):
        return np.zeros(0, np.int64)
    order = np.argsort(pairs, kind="stable")
    ordered = pairs[order]
    first = np.r_[True, ordered[1:] != ordered[:-1]]
    place = np.arange(len(pairs))
    out = np.empty(len(pairs), np.int64)
    out[order] = place - np.maximum.accumulate(np.where(first, place, 0))
    return out


