"""Network graphs of actors and relationships: build, slice, score, limit, and the view a page draws.

Pure functions, data in and data out. Inputs are the DataFrames from the data layer's named
queries; an edge reads "source_id <type> target_id". Where actors sit and their communities come
from graph_layout (igraph); what the browser is sent comes from graph_draw (pyvis's data).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from itertools import islice
from typing import Callable

import networkx as nx
import numpy as np
import pandas as pd

from proxyatlas import graph_draw, graph_layout, palette
from proxyatlas.graph_layout import Communities

MAX_NODES = 5000  # the most actors one view draws (README: "The node limit")
OWN_LAYOUT_MAX_NODES = 300  # larger views keep their actors' places in the whole network (see view)
BETWEENNESS_EXACT_MAX_NODES = 1000
BETWEENNESS_SAMPLE = 300
SEED = 7
NODE_SIZE_RANGE = (8.0, 40.0)  # px, smallest and largest score


def _strings(column: pd.Series) -> list[str | None]:
    """A column's cells as strings, every flavour of missing as None, tested once per column (a test per
    cell was a fifth of a large view's rerun)."""
    return [None if gone else str(v) for v, gone in zip(column.tolist(), column.isna().tolist())]


def build_graph(nodes: pd.DataFrame, edges: pd.DataFrame) -> nx.MultiDiGraph:
    """Actors as nodes and relationships as keyed edges; edges to unknown actors are dropped."""
    G = nx.MultiDiGraph()
    ids = [str(a) for a in nodes["actor_id"].tolist()]
    for actor, name, kind, country, status in zip(ids, *(_strings(nodes[c]) for c in ("name", "kind", "country", "status"))):
        G.add_node(actor, name=name or actor, kind=kind, country=country, status=status)
    columns = ("type", "confidence", "start", "end", "sources")
    for rel, source, target, *attrs in zip(
        [str(r) for r in edges["rel_id"].tolist()], [str(a) for a in edges["source_id"].tolist()],
        [str(a) for a in edges["target_id"].tolist()], *(_strings(edges[c]) for c in columns),
    ):
        if source in G and target in G:
            G.add_edge(source, target, key=rel, **dict(zip(columns, attrs)))
    return G


def _simple_undirected(G: nx.MultiDiGraph) -> nx.Graph:
    """One undirected edge per connected pair, nodes and edges in sorted order, no self-loops."""
    S = nx.Graph()
    S.add_nodes_from(sorted(G))
    S.add_edges_from(sorted({tuple(sorted((u, v))) for u, v in G.edges() if u != v}))
    return S


def ego(G: nx.MultiDiGraph, actor_id: str, hops: int) -> nx.MultiDiGraph:
    """The actors within `hops` (1-3) of `actor_id`, following ties either way, and the ties among them."""
    if not 1 <= hops <= 3:
        raise ValueError(f"hops must be 1, 2 or 3, not {hops}")
    if actor_id not in G:
        return nx.MultiDiGraph()
    near = nx.single_source_shortest_path_length(G.to_undirected(as_view=True), actor_id, cutoff=hops)
    return G.subgraph(near).copy()


def connections(
    G: nx.MultiDiGraph, a: str, b: str, limit: int = 10
) -> tuple[nx.MultiDiGraph, list[list[str]]]:
    """Up to `limit` shortest paths from a to b ignoring direction, and the ties along them."""
    if a not in G or b not in G:
        return nx.MultiDiGraph(), []
    try:
        paths = sorted(islice(nx.all_shortest_paths(_simple_undirected(G), a, b), limit))
    except nx.NetworkXNoPath:
        return nx.MultiDiGraph(), []
    steps = {frozenset(step) for path in paths for step in zip(path, path[1:])}
    along = [(u, v, k) for u, v, k in G.edges(keys=True) if frozenset((u, v)) in steps]
    spanned = G.edge_subgraph(along).copy()
    spanned.add_nodes_from((n, G.nodes[n]) for path in paths for n in path)
    return spanned, paths


def centrality(G: nx.MultiDiGraph, measure: str) -> dict[str, float]:
    """Degree or betweenness centrality on the undirected simple view (betweenness sampled on big graphs)."""
    if measure == "degree":  # distinct neighbours either way / (n - 1), as nx.degree_centrality, without a copy
        near: dict[str, set] = {n: set() for n in G}
        for u, v in G.edges():
            if u != v:
                near[u].add(v)
                near[v].add(u)
        if len(G) <= 1:
            return {n: 1.0 for n in G}
        scale = 1.0 / (len(G) - 1)
        return {n: len(others) * scale for n, others in near.items()}
    S = _simple_undirected(G)
    if measure == "betweenness":
        k = BETWEENNESS_SAMPLE if len(S) > BETWEENNESS_EXACT_MAX_NODES else None
        return nx.betweenness_centrality(S, k=k, seed=SEED)
    raise ValueError(f"unknown centrality measure {measure!r}; use 'degree' or 'betweenness'")


def limit_nodes(G: nx.MultiDiGraph, max_nodes: int, scores: dict[str, float]) -> tuple[nx.MultiDiGraph, int]:
    """Keep the `max_nodes` best-scoring actors (ties by id) and say how many were dropped."""
    if len(G) <= max_nodes:  # nothing to drop: no copy (copying 5,000 actors' ties took over a second)
        return G, 0
    ranked = sorted(G, key=lambda n: (-scores.get(n, 0.0), n))
    kept = ranked[: max(max_nodes, 0)]
    return G.subgraph(kept).copy(), len(ranked) - len(kept)


def node_sizes(scores: dict[str, float]) -> dict[str, float]:
    """Sizes from scores on a square-root scale, so a few hubs do not dwarf everyone else."""
    smallest, largest = NODE_SIZE_RANGE
    top = max(scores.values(), default=0.0)
    if top <= 0:
        return {n: smallest for n in scores}
    span = largest - smallest
    return {n: round(smallest + span * math.sqrt(max(s, 0.0) / top), 1) for n, s in scores.items()}


def edges_table(G: nx.MultiDiGraph) -> pd.DataFrame:
    """The ties drawn, one row each, by source name, type and target name."""
    columns = ["source", "type", "target", "confidence", "start", "end", "sources"]
    rows = [
        {
            "source": G.nodes[u].get("name") or u,
            "type": palette.label(palette.RELATIONSHIP_TYPES, attrs.get("type") or ""),
            "target": G.nodes[v].get("name") or v,
            "confidence": attrs.get("confidence"),
            "start": attrs.get("start"),
            "end": attrs.get("end"),
            "sources": attrs.get("sources"),
        }
        for u, v, attrs in G.edges(data=True)
    ]
    table = pd.DataFrame(rows, columns=columns)
    return table.sort_values(["source", "type", "target"], kind="stable", ignore_index=True)




@dataclass(frozen=True)
class View:
    """What the network page draws for one choice of data and view settings."""

    graph: nx.MultiDiGraph  # the actors and ties drawn
    positions: dict[str, tuple[float, float]]  # where the server laid them out (pixels)
    drawing: dict | None  # vis-network's nodes, edges and options; None when no actor is in view
    dropped: int  # actors left out to stay under max_nodes
    paths: list[list[str]]  # shortest paths, when two actors were asked about
    table: pd.DataFrame  # the ties shown, with their sources
    colour_by: str = "kind"
    communities: Communities | None = field(default=None, repr=False)
    sent: dict | None = field(default=None, repr=False)  # the drawing as the component is sent it (graph_draw.packed)

    @property
    def nodes(self) -> int:
        return self.graph.number_of_nodes()

    @property
    def edges(self) -> int:
        return self.graph.number_of_edges()


def _degree_limit(nodes: pd.DataFrame, edges: pd.DataFrame, max_nodes: int
                  ) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, float], int]:
    """limit_nodes(build_graph(nodes, edges), max_nodes, centrality(G, "degree")) computed on the tables,
    before any graph is built: the kept actors' rows, the ties among them, every kept actor's degree
    score in the whole view, and how many were dropped. At 1M events (25,000 actors, 70,000 ties) building
    the whole view in networkx only to keep 5,000 actors was most of a Network rerun."""
    ids = [str(a) for a in nodes["actor_id"].tolist()]
    src, dst = [str(a) for a in edges["source_id"].tolist()], [str(a) for a in edges["target_id"].tolist()]
    known = set(ids)  # plain Python over the id lists: pandas' isin on Arrow strings was half a second at 1M
    pairs = {(a, b) if a < b else (b, a) for a, b in zip(src, dst) if a != b and a in known and b in known}
    degree: Counter = Counter()
    for a, b in pairs:
        degree[a] += 1
        degree[b] += 1
    scale = 1.0 / (len(ids) - 1)
    ranked = sorted(ids, key=lambda n: (-degree[n], n))  # as by -(degree * scale): scale is one positive number
    kept = set(ranked[:max(max_nodes, 0)])
    scores = {n: degree[n] * scale for n in kept}
    node_rows = np.fromiter((n in kept for n in ids), bool, len(ids))
    edge_rows = np.fromiter((a in kept and b in kept for a, b in zip(src, dst)), bool, len(src))
    return nodes[node_rows], edges[edge_rows], scores, len(ranked) - len(kept)


def whole_network(nodes: pd.DataFrame, edges: pd.DataFrame, max_nodes: int = MAX_NODES
                  ) -> tuple[dict[str, tuple[float, float]], Communities]:
    """The whole network's layout and communities, for a page to compute once per data version.

    Communities are found over every actor; the layout only over the `max_nodes` with most ties
    (limit first, then lay out: the whole of a 25,000-actor network is never laid out).
    """
    G = build_graph(nodes, edges)
    found = graph_layout.communities(G)
    kept, _ = limit_nodes(G, max_nodes, centrality(G, "degree"))
    return graph_layout.layout(kept), found


def view(nodes: pd.DataFrame, edges: pd.DataFrame, *, focus: str | None = None, hops: int = 2,
         measure: str = "degree", between: tuple[str, str] | None = None, max_nodes: int = MAX_NODES,
         colour_by: str = "kind", communities: Communities | None = None,
         base: Callable[[], dict[str, tuple[float, float]]] | None = None) -> View:
    """Build, slice (shortest paths between two actors, else an ego network), score, limit, lay out
    and draw. A view of more than OWN_LAYOUT_MAX_NODES actors keeps the places `base()` gives (the whole
    network's layout, asked for only then): no layout, and actors stay put as the filters change; an
    actor `base` lacks is set beside its placed neighbours (graph_layout.place_newcomers). Smaller views
    get a layout of their own."""
    paths: list[list[str]] = []
    if not between and not focus and measure == "degree" and len(nodes) > max_nodes:
        nodes, edges, scores, dropped = _degree_limit(nodes, edges, max_nodes)  # limit first, then build
        G = build_graph(nodes, edges)
    else:
        G = build_graph(nodes, edges)
        if between:
            G, paths = connections(G, *between)
        elif focus:
            G = ego(G, focus, hops)
        scores = centrality(G, measure)
        G, dropped = limit_nodes(G, max_nodes, scores)
    if base is not None and len(G) > OWN_LAYOUT_MAX_NODES:
        positions = graph_layout.place_newcomers(G, base())
    else:
        positions = graph_layout.layout(G)
    drawn = graph_draw.drawing(G, positions, node_sizes({n: scores.get(n, 0.0) for n in G}),
                               colour_by=colour_by, communities=communities) if len(G) else None
    return View(G, positions, drawn, dropped, paths, edges_table(G), colour_by, communities,
                graph_draw.packed(drawn) if drawn else None)
