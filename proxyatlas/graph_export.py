"""A network view as a file analysts open elsewhere: GraphML (networkx writes it) for Gephi or yEd."""

from __future__ import annotations

import io

import networkx as nx

from proxyatlas import graph_draw
from proxyatlas.graph import View
from proxyatlas.text import plain

TEXT_MAX_CHARS = 10_000  # XML 1.0 has no place for control characters; text.plain drops them


def _text(value: object) -> str:
    return plain(None if value is None else str(value), TEXT_MAX_CHARS)


def to_graphml(view: View) -> bytes:
    """The view's actors and ties with their attributes, the server's positions (x, y), the colour
    each node is drawn in and its community, as GraphML (UTF-8). Missing values are left out, as
    GraphML has no null."""
    G = nx.MultiDiGraph()
    for node, attrs in sorted(view.graph.nodes(data=True)):
        x, y = view.positions.get(node, (0.0, 0.0))
        row = {k: _text(value) for k, value in attrs.items() if value is not None}
        row |= {"x": float(x), "y": float(y),
                "colour": graph_draw.node_colour(node, attrs, view.colour_by, view.communities)}
        if view.communities is not None:
            row["community"] = graph_draw.community_label(view.communities, node)
        G.add_node(node, **row)
    for u, v, key, attrs in sorted(view.graph.edges(keys=True, data=True), key=lambda e: e[:3]):
        G.add_edge(u, v, key=key, **{k: _text(value) for k, value in attrs.items() if value is not None})
    out = io.BytesIO()
    nx.write_graphml(G, out, encoding="utf-8")
    return out.getvalue()
