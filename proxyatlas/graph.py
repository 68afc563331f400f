"""Network graphs of actors and relationships: build, slice, score, lay out and draw.

Pure functions, data in and data/HTML out. Inputs are the DataFrames from the data
layer's named queries; an edge reads "source_id <type> target_id". Everything drawn
comes from untrusted CSV text, so `to_html` emits it only as escaped JSON data and
plain-text tooltips, in a self-contained page that loads nothing from any host.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from typing import Callable

import networkx as nx
import numpy as np
import pandas as pd
from pyvis.network import Network

from proxyatlas import palette

SYMMETRIC_TYPES = frozenset({"allied_with", "rival_of"})
PHYSICS_MAX_NODES = 150
OWN_LAYOUT_MAX_NODES = 300  # larger views keep their actors' places in the whole network (cached_html)
BETWEENNESS_EXACT_MAX_NODES = 1000
BETWEENNESS_SAMPLE = 300
SEED = 7
LAYOUT_SCALE = 1000.0
LAYOUT_GRAVITY = 1.0  # pull to the centre so isolated actors ring the network instead of flying off
LABEL_MAX_CHARS = 60
TOOLTIP_FIELD_MAX_CHARS = 500
DEFAULT_NODE_SIZE = 12
NODE_SIZE_RANGE = (8.0, 40.0)  # px, smallest and largest score

# Control characters (NUL included) and bidi overrides/isolates, which could reorder what a tooltip shows.
_CONTROL_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_REMOTE_URL = r"""\s*=\s*["']?\s*(?:https?:)?//"""
_REMOTE_SCRIPT = re.compile(rf"<script\b[^>]*\bsrc{_REMOTE_URL}[^>]*>\s*</script>", re.I | re.S)
_REMOTE_LINK = re.compile(rf"<link\b[^>]*\bhref{_REMOTE_URL}[^>]*>", re.I | re.S)
_COMMENTED_LINK = re.compile(r"<!--\s*<link.*?-->", re.S)
_EMPTY_HEADING = re.compile(r"<center>\s*<h1>\s*</h1>\s*</center>")
_REMOTE_REFERENCE = re.compile(
    rf"""<(?:script|link)\b[^>]*\b(?:src|href){_REMOTE_URL}|@import|url\(\s*["']?\s*(?:https?:)?//""", re.I
)

# No request may leave the page; inline script and style are all it needs.
_CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; font-src data:"
)
_PAGE_STYLE = """<style>
html, body { margin: 0; padding: 0; }
#mynetwork { box-sizing: border-box; float: none; }
.vis-tooltip { white-space: pre-wrap; overflow-wrap: anywhere; max-width: 32em; }
</style>"""


def _value(value: object) -> str | None:
    """A DataFrame cell as a string, with every flavour of missing as None."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return str(value)


def _plain(value: str | None, max_chars: int) -> str:
    """Untrusted text made safe to show as plain text: no control chars, capped length."""
    text = _CONTROL_CHARS.sub("", value or "")
    return text if len(text) <= max_chars else text[: max_chars - 1] + "…"


def build_graph(nodes: pd.DataFrame, edges: pd.DataFrame) -> nx.MultiDiGraph:
    """Actors as nodes and relationships as keyed edges; edges to unknown actors are dropped."""
    G = nx.MultiDiGraph()
    for row in nodes.itertuples(index=False):
        G.add_node(
            str(row.actor_id),
            name=_value(row.name) or str(row.actor_id),
            kind=_value(row.kind),
            country=_value(row.country),
            status=_value(row.status),
        )
    for row in edges.itertuples(index=False):
        source, target = str(row.source_id), str(row.target_id)
        if source in G and target in G:
            G.add_edge(
                source,
                target,
                key=str(row.rel_id),
                type=_value(row.type),
                confidence=_value(row.confidence),
                start=_value(row.start),
                end=_value(row.end),
                sources=_value(row.sources),
            )
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
    S = _simple_undirected(G)
    if measure == "degree":
        return nx.degree_centrality(S)
    if measure == "betweenness":
        k = BETWEENNESS_SAMPLE if len(S) > BETWEENNESS_EXACT_MAX_NODES else None
        return nx.betweenness_centrality(S, k=k, seed=SEED)
    raise ValueError(f"unknown centrality measure {measure!r}; use 'degree' or 'betweenness'")


def _layout_iterations(n: int) -> int:
    """Fewer force iterations as graphs grow, so 2,000 nodes lay out in about two seconds."""
    return 300 if n <= 300 else 100 if n <= 1000 else 50


def _fruchterman_reingold(n: int, src: np.ndarray, dst: np.ndarray, iterations: int, seed: int) -> np.ndarray:
    """Force-directed positions around the unit square (Fruchterman-Reingold, linear cooling, gravity).

    The same algorithm networkx's spring_layout runs, vectorised in row blocks with numpy
    because networkx needs scipy (not installed) for graphs of 500 nodes or more.
    """
    pos = np.random.default_rng(seed).random((n, 2))
    k2 = 1.0 / n  # optimal distance k = 1/sqrt(n)
    temperature = 0.1
    cooling = temperature / (iterations + 1)
    block = 512
    for _ in range(iterations):
        x, y = pos[:, 0], pos[:, 1]
        disp = np.empty_like(pos)
        for lo in range(0, n, block):
            dx = x[lo : lo + block, None] - x[None, :]
            dy = y[lo : lo + block, None] - y[None, :]
            repulsion = k2 / np.maximum(dx * dx + dy * dy, 1e-4)
            disp[lo : lo + block, 0] = (dx * repulsion).sum(axis=1)
            disp[lo : lo + block, 1] = (dy * repulsion).sum(axis=1)
        ex, ey = x[src] - x[dst], y[src] - y[dst]
        pull = np.sqrt((ex * ex + ey * ey) * n)  # distance / k
        for axis, e in ((0, ex), (1, ey)):
            force = e * pull
            disp[:, axis] += np.bincount(dst, force, n) - np.bincount(src, force, n)
        disp -= LAYOUT_GRAVITY * (pos - 0.5)
        length = np.maximum(np.hypot(disp[:, 0], disp[:, 1]), 1e-9)
        pos += disp * (np.minimum(length, temperature) / length)[:, None]
        temperature -= cooling
    return pos


def layout(G: nx.MultiDiGraph, seed: int = SEED) -> dict[str, tuple[float, float]]:
    """Deterministic force-directed positions in pixels, centred on 0 and within about ±1000."""
    S = _simple_undirected(G)
    order = list(S)
    if len(order) <= 1:
        return {n: (0.0, 0.0) for n in order}
    index = {n: i for i, n in enumerate(order)}
    src = np.array([index[u] for u, _ in S.edges()], dtype=np.intp)
    dst = np.array([index[v] for _, v in S.edges()], dtype=np.intp)
    pos = _fruchterman_reingold(len(order), src, dst, _layout_iterations(len(order)), seed)
    pos = nx.rescale_layout(pos, scale=LAYOUT_SCALE)
    return {n: (round(float(x), 1), round(float(y), 1)) for n, (x, y) in zip(order, pos)}


def limit_nodes(G: nx.MultiDiGraph, max_nodes: int, scores: dict[str, float]) -> tuple[nx.MultiDiGraph, int]:
    """Keep the `max_nodes` best-scoring actors (ties by id) and say how many were dropped."""
    ranked = sorted(G, key=lambda n: (-scores.get(n, 0.0), n))
    kept = ranked[: max(max_nodes, 0)]
    return G.subgraph(kept).copy(), len(ranked) - len(kept)


def _tooltip(lines: list[str]) -> str:
    """Plain-text tooltip. pyvis renders node titles as live HTML when one contains "href";
    a word joiner (invisible) inside the word keeps it on the plain-text path."""
    return "\n".join(lines).replace("href", "hre\u2060f")


def _field(value: str | None) -> str:
    """One tooltip field: plain text, complete up to TOOLTIP_FIELD_MAX_CHARS."""
    return _plain(value, TOOLTIP_FIELD_MAX_CHARS)


def _node_tooltip(attrs: dict) -> str:
    kind = palette.label(palette.ACTOR_KINDS, attrs.get("kind") or "")
    lines = [_field(attrs.get("name")), "Kind: " + _field(kind)]
    if attrs.get("country"):
        lines.append("Country: " + _field(attrs["country"]))
    lines.append("Status: " + _field(attrs.get("status") or "unknown"))
    return _tooltip(lines)


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
    return _tooltip(lines)


def _vis_options(physics: bool, n_nodes: int) -> dict:
    """vis-network options: fixed starting positions, physics only when asked.

    A 120-node test graph settled inside the 400-iteration stabilisation (0.3 s in Chromium),
    so nothing drifts after the first fit.
    """
    return {
        "layout": {"improvedLayout": False, "randomSeed": SEED},
        "physics": {
            "enabled": physics,
            "solver": "barnesHut",
            "stabilization": {"enabled": physics, "iterations": 400, "updateInterval": 25, "fit": True},
        },
        "nodes": {"shape": "dot", "font": {"size": 14, "face": "sans-serif"}, "borderWidth": 1},
        "edges": {"smooth": False, "arrows": {"to": {"scaleFactor": 0.6}}, "selectionWidth": 2},
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": n_nodes > PHYSICS_MAX_NODES},
    }


def _offline_page(html: str, n_nodes: int, n_edges: int) -> str:
    """Strip remote tags and empty headings, lock the page down, and label it with its counts."""
    html = _REMOTE_SCRIPT.sub("", html)
    html = _REMOTE_LINK.sub("", html)
    html = _COMMENTED_LINK.sub("", html)
    html = _EMPTY_HEADING.sub("", html)
    html = html.replace("<head>", f'<head>\n<meta http-equiv="Content-Security-Policy" content="{_CSP}">', 1)
    html = html.replace("</head>", f"{_PAGE_STYLE}\n</head>", 1)
    counts = f'data-node-count="{n_nodes}" data-edge-count="{n_edges}"'
    html = html.replace("<body>", f'<body {counts}>\n<div id="pa-graph-meta" hidden {counts}></div>', 1)
    if _REMOTE_REFERENCE.search(html) or "popup.innerHTML" in html:
        raise RuntimeError("pyvis output still references a remote resource or renders titles as HTML")
    return "<!DOCTYPE html>\n" + html


def to_html(
    G: nx.MultiDiGraph,
    positions: dict[str, tuple[float, float]],
    sizes: dict[str, float],
    *,
    height_px: int = 650,
    physics: bool | None = None,
) -> str:
    """A self-contained HTML page drawing G with vis-network (via pyvis), making no network requests.

    Nodes: colour by kind, size from `sizes`, label = name (truncated), fixed at `positions`.
    Edges: colour by type, dashed when low confidence (thicker when high), arrowed unless the
    type is symmetric; tooltips are plain text. Counts are on <body data-node-count data-edge-count>
    and on the hidden #pa-graph-meta element.
    physics=None turns physics on only for graphs of at most PHYSICS_MAX_NODES nodes.
    """
    if physics is None:
        physics = G.number_of_nodes() <= PHYSICS_MAX_NODES
    net = Network(height=f"{int(height_px)}px", width="100%", directed=True, cdn_resources="in_line")
    for node in sorted(G):
        attrs = G.nodes[node]
        x, y = positions.get(node, (0.0, 0.0))
        net.add_node(
            node,
            label=_plain(attrs.get("name"), LABEL_MAX_CHARS) or node,
            color=palette.colour(palette.ACTOR_KINDS, attrs.get("kind") or ""),
            size=float(sizes.get(node, DEFAULT_NODE_SIZE)),
            title=_node_tooltip(attrs),
            x=float(x),
            y=float(y),
        )
    parallel: Counter = Counter()
    for u, v, _key, attrs in sorted(G.edges(keys=True, data=True), key=lambda e: e[:3]):
        pair = frozenset((u, v))
        nth = parallel[pair]
        parallel[pair] += 1
        kind = attrs.get("type") or ""
        net.add_edge(
            u,
            v,
            color=palette.colour(palette.RELATIONSHIP_TYPES, kind),
            dashes=attrs.get("confidence") == "low",
            arrows="" if kind in SYMMETRIC_TYPES else "to",
            width=2.5 if attrs.get("confidence") == "high" else 1.5,
            title=_edge_tooltip(G.nodes[u].get("name") or u, G.nodes[v].get("name") or v, attrs),
            # Parallel ties between one pair curve apart instead of drawing over each other.
            smooth={"enabled": nth > 0, "type": "curvedCW", "roundness": 0.2 * nth},
        )
    net.set_options(json.dumps(_vis_options(physics, G.number_of_nodes())))
    return _offline_page(net.generate_html(), net.num_nodes(), net.num_edges())


def _node_sizes(scores: dict[str, float]) -> dict[str, float]:
    """Sizes from scores on a square-root scale, so a few hubs do not dwarf everyone else."""
    smallest, largest = NODE_SIZE_RANGE
    top = max(scores.values(), default=0.0)
    if top <= 0:
        return {n: smallest for n in scores}
    span = largest - smallest
    return {n: round(smallest + span * math.sqrt(max(s, 0.0) / top), 1) for n, s in scores.items()}


def cached_html(G: nx.MultiDiGraph, scores: dict[str, float], *, height_px: int = 650,
                base: Callable[[], dict[str, tuple[float, float]]] | None = None) -> str:
    """`to_html` of G, nodes sized by `scores`; the same data returns the cached page.

    G is drawn at its own `layout`, unless it has more than OWN_LAYOUT_MAX_NODES nodes and `base()`
    (the layout of a graph G is a view of, such as the whole network; asked for only then) places
    all of them: then it keeps those positions. A large view then costs no layout (seconds at 2,000 nodes), and
    actors stay where they were as the filters change.
    """
    nodes = tuple(sorted((n, tuple(sorted(a.items()))) for n, a in G.nodes(data=True)))
    edges = tuple(
        sorted((u, v, k, tuple(sorted(a.items()))) for u, v, k, a in G.edges(keys=True, data=True))
    )
    sizes = tuple(sorted(_node_sizes({n: scores.get(n, 0.0) for n in G}).items()))
    fixed = None
    if base is not None and len(G) > OWN_LAYOUT_MAX_NODES:
        positions = base()
        if all(n in positions for n in G):
            fixed = tuple((n, positions[n]) for n, _ in nodes)
    return _cached_page(nodes, edges, sizes, height_px, fixed)


@lru_cache(maxsize=8)
def _cached_page(nodes: tuple, edges: tuple, sizes: tuple, height_px: int, fixed: tuple | None) -> str:
    """The page for a graph given as hashable tuples (the cache key), at `fixed` positions if given."""
    G = nx.MultiDiGraph()
    G.add_nodes_from((n, dict(attrs)) for n, attrs in nodes)
    G.add_edges_from((u, v, k, dict(attrs)) for u, v, k, attrs in edges)
    return to_html(G, dict(fixed) if fixed else layout(G), dict(sizes), height_px=height_px)


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

    html: str | None  # None when no tie is in view
    nodes: int
    edges: int
    dropped: int  # actors left out to stay under max_nodes
    paths: list[list[str]]  # shortest paths, when two actors were asked about
    table: pd.DataFrame  # the ties shown, with their sources


def view(nodes: pd.DataFrame, edges: pd.DataFrame, *, focus: str | None = None, hops: int = 2,
         measure: str = "degree", between: tuple[str, str] | None = None, max_nodes: int = 2000,
         base: Callable[[], dict[str, tuple[float, float]]] | None = None) -> View:
    """Build, slice (shortest paths between two actors, else an ego network), score, limit and draw
    (large views at their actors' positions in `base`, see cached_html)."""
    G = build_graph(nodes, edges)
    paths: list[list[str]] = []
    if between:
        G, paths = connections(G, *between)
    elif focus:
        G = ego(G, focus, hops)
    scores = centrality(G, measure)
    G, dropped = limit_nodes(G, max_nodes, scores)
    html = cached_html(G, scores, base=base) if G.number_of_nodes() else None
    return View(html, G.number_of_nodes(), G.number_of_edges(), dropped, paths, edges_table(G))
