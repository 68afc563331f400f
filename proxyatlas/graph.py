"""Network graphs of actors and relationships: build, slice, score, limit, and the view a page draws.

Pure functions, data in and data out. Inputs are the DataFrames from the data layer's named
queries; an edge reads "source_id <type> target_id". Where actors sit and their communities come
from graph_layout (igraph); what the browser is sent comes from graph_draw (pyvis's data).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property
from itertools import islice
from typing import Callable, NamedTuple

import networkx as nx
import numpy as np
import orjson
import pandas as pd

from proxyatlas import graph_draw, graph_layout, graph_wire
from proxyatlas.graph_layout import Communities

MAX_NODES = 5000  # the most actors one view draws (README: "The node limit")
OWN_LAYOUT_MAX_NODES = 300  # larger views keep their actors' places in the whole network (see view)
BETWEENNESS_EXACT_MAX_NODES = 1000
BETWEENNESS_SAMPLE = 300
SEED = 7
NODE_SIZE_RANGE = (8.0, 40.0)  # px, smallest and largest score


def build_graph(nodes: pd.DataFrame, edges: pd.DataFrame) -> nx.MultiDiGraph:
    """Actors as nodes and relationships as keyed edges; edges to unknown actors are dropped."""
    G = nx.MultiDiGraph()
    ids = [str(a) for a in nodes["actor_id"].tolist()]
    for actor, name, kind, country, status in zip(ids, *(graph_draw.strings(nodes[c]) for c in ("name", "kind", "country", "status"))):
        G.add_node(actor, name=name or actor, kind=kind, country=country, status=status)
    columns = ("type", "confidence", "start", "end", "sources")
    for rel, source, target, *attrs in zip(
        [str(r) for r in edges["rel_id"].tolist()], [str(a) for a in edges["source_id"].tolist()],
        [str(a) for a in edges["target_id"].tolist()], *(graph_draw.strings(edges[c]) for c in columns),
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


@dataclass(frozen=True)
class View:
    """What the network page draws for one choice of data and view settings."""

    actors: list[str]  # the actors drawn (ids, sorted)
    ties: list[str]  # the ties drawn (rel_ids, by source, target and rel_id)
    positions: dict[str, tuple[float, float]]  # where the server laid them out (pixels)
    sizes: dict[str, float]  # each actor's size in px, from its score
    sent: dict | None  # the drawing as the component is sent it (graph_draw.Catalogue.sent); None when empty
    dropped: int  # actors left out to stay under max_nodes
    paths: list[list[str]]  # shortest paths, when two actors were asked about
    table: pd.DataFrame  # the ties shown, with their sources
    screen: pd.DataFrame  # that table as a briefing reads it (labels.screen)
    colour_by: str = "kind"
    communities: Communities | None = field(default=None, repr=False)
    _graph: Callable[[], nx.MultiDiGraph] = field(default=nx.MultiDiGraph, repr=False, compare=False)

    @cached_property
    def graph(self) -> nx.MultiDiGraph:
        """The actors and ties drawn, as networkx (built when first asked: the page itself needs none)."""
        return self._graph()

    @cached_property
    def drawing(self) -> dict | None:
        """vis-network's nodes, edges and options as the browser rebuilds them; None when no actor is in view."""
        return graph_wire.unpacked(self.sent) if self.sent else None

    @cached_property
    def sent_json(self) -> bytes:
        """`sent` as compact JSON (UTF-8), written once: what the page's component is sent."""
        return orjson.dumps(self.sent)

    @property
    def nodes(self) -> int:
        return len(self.actors)

    @property
    def edges(self) -> int:
        return len(self.ties)

    @property
    def nbytes(self) -> int:
        """A rough size for the memo: the drawing's JSON, the two tables and the id lists."""
        return (len(self.sent_json) + 2 * 64 * (len(self.table) + 1) * len(self.table.columns)
                + 64 * (len(self.actors) + len(self.ties)))

    def tie(self, rel_id: str | None) -> dict | None:
        """One drawn tie's source, target and attributes (its row of the ties frame), or None."""
        if rel_id is None or rel_id not in self._tie_rows:
            return None
        return self._tie_rows[rel_id]

    @cached_property
    def _tie_rows(self) -> dict[str, dict]:
        return {key: {"source": u, "target": v, **attrs} for u, v, key, attrs in self.graph.edges(keys=True, data=True)}


class Whole(NamedTuple):
    """The whole network (the widest view), once per data version."""

    positions: dict[str, tuple[float, float]]  # the best-connected actors laid out
    communities: Communities  # over every actor
    catalogue: graph_draw.Catalogue  # every actor's and tie's drawing


def _degree_limit(index: graph_draw.Index, nodes: pd.DataFrame, edges: pd.DataFrame, max_nodes: int
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray, int] | None:
    """limit_nodes(build_graph(nodes, edges), max_nodes, centrality(G, "degree")) computed on the index's
    rows, with no graph built: the kept actors' and ties' rows (sorted), the degree score of each kept actor
    in the whole view (by row), and how many were dropped; None when the index lacks one of them. At 1M
    events (25,000 actors, 70,000 ties) building the whole view in networkx only to keep 5,000 actors was
    most of a Network rerun; numpy over row numbers takes milliseconds."""
    actors = index.actor_rows(nodes["actor_id"])
    if (actors < 0).any():
        return None
    shown = np.zeros(len(index.actors), bool)
    shown[actors] = True
    src, dst = (index.actor_rows(edges[c]) for c in ("source_id", "target_id"))
    inside = (src >= 0) & (dst >= 0)
    inside[inside] = shown[src[inside]] & shown[dst[inside]]  # ties to actors out of view are dropped
    ties = index.tie_rows(edges["rel_id"][inside])
    if (ties < 0).any():
        return None
    src, dst = src[inside], dst[inside]
    n = len(index.actors)
    lo, hi = np.minimum(src, dst), np.maximum(src, dst)
    pairs = np.unique((lo * n + hi)[lo != hi])  # distinct neighbours either way, no self-loops
    degree = np.bincount(pairs // n, minlength=n) + np.bincount(pairs % n, minlength=n)
    ranked = actors[np.lexsort((actors, -degree[actors]))]  # most ties first, then by id (rows are id order)
    kept = np.sort(ranked[:max(max_nodes, 0)])
    keep = np.zeros(n, bool)
    keep[kept] = True
    scale = 1.0 / (len(actors) - 1) if len(actors) > 1 else 0.0
    scores = degree * scale if len(actors) > 1 else np.ones(n)  # as centrality: one actor alone scores 1
    return kept, np.sort(ties[keep[src] & keep[dst]]), scores, len(actors) - len(kept)


def _ends(index: graph_draw.Index, edge_rows: np.ndarray):
    """The (source, target) ids of these ties, made only when asked for (newcomers to place, a layout)."""
    src, dst = (end[edge_rows].tolist() for end in index.ends)
    return ((index.actors[u], index.actors[v]) for u, v in zip(src, dst))


def whole_network(nodes: pd.DataFrame, edges: pd.DataFrame, max_nodes: int = MAX_NODES) -> Whole:
    """The whole network's layout, communities and drawing catalogue, for a page to compute once per data
    version.

    Communities are found over every actor; the layout only over the `max_nodes` with most ties
    (limit first, then lay out: the whole of a 25,000-actor network is never laid out).
    """
    G = build_graph(nodes, edges)
    found = graph_layout.communities(G)
    kept, _ = limit_nodes(G, max_nodes, centrality(G, "degree"))
    return Whole(graph_layout.layout(kept), found, graph_draw.Catalogue(nodes, edges, found))


def view(nodes: pd.DataFrame, edges: pd.DataFrame, *, focus: str | None = None, hops: int = 2,
         measure: str = "degree", between: tuple[str, str] | None = None, max_nodes: int = MAX_NODES,
         colour_by: str = "kind", communities: Communities | None = None,
         base: Callable[[], dict[str, tuple[float, float]]] | None = None,
         catalogue: Callable[[], graph_draw.Catalogue] | None = None) -> View:
    """Slice (shortest paths between two actors, else an ego network), score, limit, lay out and draw.

    A view of more than OWN_LAYOUT_MAX_NODES actors keeps the places `base()` gives (the whole
    network's layout, asked for only then): no layout, and actors stay put as the filters change; an
    actor `base` lacks is set beside its placed neighbours (graph_layout.place_newcomers). Smaller views
    get a layout of their own. The drawing is a choice of `catalogue()`'s rows (the whole network's,
    built once) when it holds every actor and tie of the view, else of a catalogue of these frames.
    The whole network sized by degree is scored and limited on the tables, and no networkx graph is
    built for it unless `View.graph` is asked for.
    """
    paths: list[list[str]] = []
    drawn = catalogue() if catalogue is not None else None
    rows = None
    if not between and not focus and measure == "degree":  # limit first, on row numbers, then draw
        index: graph_draw.Index = drawn or graph_draw.Index.of(nodes, edges)
        limited = _degree_limit(index, nodes, edges, max_nodes)
        if limited is None:  # the catalogue lacks an actor or tie of these frames
            drawn, index = None, graph_draw.Index.of(nodes, edges)
            limited = _degree_limit(index, nodes, edges, max_nodes)
        node_rows, edge_rows, degree, dropped = limited
        actors = [index.actors[i] for i in node_rows.tolist()]
        ties = [index.ties[i] for i in edge_rows.tolist()]
        scores = dict(zip(actors, degree[node_rows].tolist()))
        ties_of = _ends(index, edge_rows)
        rows = (node_rows, edge_rows) if index is drawn else None
        built: Callable[[], nx.MultiDiGraph] = lambda: build_graph(  # noqa: E731
            nodes[nodes["actor_id"].isin(actors)], edges[edges["rel_id"].isin(ties)])
    else:
        G = build_graph(nodes, edges)
        if between:
            G, paths = connections(G, *between)
        elif focus:
            G = ego(G, focus, hops)
        scores = centrality(G, measure)
        G, dropped = limit_nodes(G, max_nodes, scores)
        actors = sorted(G)
        ties = [k for *_, k in sorted(G.edges(keys=True))]
        ties_of = [(u, v) for u, v in G.edges()]
        built = lambda: G  # noqa: E731
    if rows is None and drawn is not None:
        rows = drawn.rows(actors, ties)
    if rows is None:  # no catalogue holds the view: one of what it keeps (a pack's view, a test's)
        drawn = graph_draw.Catalogue(nodes[nodes["actor_id"].isin(actors)], edges[edges["rel_id"].isin(ties)],
                                     communities)
        rows = drawn.rows(actors, ties)
    node_rows, edge_rows = rows
    if base is not None and len(actors) > OWN_LAYOUT_MAX_NODES:
        positions = graph_layout.place_newcomers(actors, ties_of, base())
    else:
        positions = graph_layout.arrange(actors, ties_of)
    sizes = node_sizes({n: scores.get(n, 0.0) for n in actors})
    sent = drawn.sent(node_rows, edge_rows, positions, sizes, colour_by=colour_by) if actors else None
    return View(actors, ties, positions, sizes, sent, dropped, paths,
                drawn.table(edge_rows), drawn.table(edge_rows, screened=True), colour_by, communities, built)
