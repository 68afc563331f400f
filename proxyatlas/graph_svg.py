"""The network as a static SVG image, drawn from a ``graph.View`` as the page draws it.

For what leaves the dashboard as a picture (the briefing pack; the Network page's "Save graph as
SVG"): the view's computed positions and node sizes, nodes coloured by kind or community as the
page's choice says, edges by tie type from ``palette``, dashed low-confidence ties, arrows unless
the type is symmetric. Names come from the CSVs: cleaned by ``text.plain`` and
XML-escaped, so they stay text.
"""

from __future__ import annotations

from typing import NamedTuple
from xml.sax.saxutils import escape

import networkx as nx

from . import graph, graph_draw, palette
from .text import plain

WIDTH, HEIGHT, MARGIN = 1000.0, 700.0, 40.0
LABEL_MAX_CHARS = 28



# The arrowheads of graph_draw.TIE_ARROWS as SVG, in a 10x10 box with the tip at (10, 5): the same
# shape per tie type as on the Network page, so a colour-blind reader tells the ties apart on paper.
_HEADS = {
    "arrow": ("M0,0 L10,5 L0,10 z", True),
    "diamond": ("M0,5 L5,1 L10,5 L5,9 z", True),
    "box": ("M2,1 H10 V9 H2 z", True),
    "vee": ("M0,0 L10,5 L0,10", False),
    "crow": ("M0,5 L10,0 M0,5 L10,5 M0,5 L10,10", False),
    "inv_triangle": ("M10,0 L0,5 L10,10 z", True),
    "curve": ("M3,0 Q13,5 3,10", False),
    "inv_curve": ("M10,0 Q0,5 10,10", False),
    "circle": ("M1,5 a4,4 0 1,0 8,0 a4,4 0 1,0 -8,0", True),
    "bar": ("M9,0 V10", False),
}


def _head(kind: str, colour: str) -> str:
    path, filled = _HEADS.get(kind, _HEADS["arrow"])
    paint = f'fill="{colour}"' if filled else f'fill="none" stroke="{colour}" stroke-width="1.8"'
    return f'<path d="{path}" {paint}/>'


def _text(value: str | None, max_chars: int) -> str:
    return escape(plain(value, max_chars), {'"': "&quot;"})


def _scale(positions: dict[str, tuple[float, float]], width: float, height: float):
    """Layout coordinates (about ±1000) to the image's pixels, keeping the aspect ratio."""
    xs = [x for x, _ in positions.values()] or [0.0]
    ys = [y for _, y in positions.values()] or [0.0]
    span = max(max(xs) - min(xs), max(ys) - min(ys), 1.0)
    factor = min(width - 2 * MARGIN, height - 2 * MARGIN) / span
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2

    def place(node: str) -> tuple[float, float]:
        x, y = positions.get(node, (cx, cy))
        return width / 2 + (x - cx) * factor, height / 2 + (y - cy) * factor

    return place


def draw(view: graph.View, *, width: float = WIDTH, height: float = HEIGHT, title: str = "The network") -> str:
    """An SVG document of the view: its actors at their computed positions (not where a viewer
    dragged them), sized and coloured as the page draws them, labelled with their names."""
    return to_svg(view.graph, view.positions, view.sizes, width=width, height=height, title=title,
                  fill=lambda node, attrs: graph_draw.node_colour(node, attrs, view.colour_by, view.communities))


def to_svg(G: nx.MultiDiGraph, positions: dict[str, tuple[float, float]], sizes: dict[str, float] | None = None,
           *, width: float = WIDTH, height: float = HEIGHT, title: str = "The network", fill=None) -> str:
    """An SVG document of G at `positions`, nodes sized by `sizes` (the page's px sizes, halved to
    radii) and filled by `fill(node, attrs)` (by actor kind unless given), labelled with their names."""
    sizes = sizes or {}
    fill = fill or (lambda _node, attrs: palette.colour(palette.ACTOR_KINDS, attrs.get("kind") or ""))
    place = _scale({n: positions[n] for n in G if n in positions}, width, height)
    colours = {kind: colour for kind, (colour, _) in palette.RELATIONSHIP_TYPES.items()}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" role="img">',
        f"<title>{_text(title, 200)}</title>",
        '<defs>' + "".join(
            f'<marker id="arrow-{kind}" viewBox="-1 -1 12 12" refX="10" refY="5" markerWidth="7" markerHeight="7" '
            f'orient="auto-start-reverse">{_head(graph_draw.TIE_ARROWS[kind][0], colour)}</marker>'
            for kind, colour in colours.items()
        ) + "</defs>",
        f'<rect width="{width:.0f}" height="{height:.0f}" fill="#ffffff"/>',
    ]
    for u, v, _key, attrs in sorted(G.edges(keys=True, data=True), key=lambda e: e[:3]):
        if u == v:
            continue
        kind = attrs.get("type") or ""
        (x1, y1), (x2, y2) = place(u), place(v)
        radius = sizes.get(v, graph_draw.DEFAULT_NODE_SIZE) / 2 + 2
        length = max(((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5, 1e-9)
        x2, y2 = x2 - (x2 - x1) * radius / length, y2 - (y2 - y1) * radius / length  # stop at the node's rim
        confidence = attrs.get("confidence")
        dash = ' stroke-dasharray="5,4"' if confidence == "low" else ""
        arrow = "" if kind not in colours else f' marker-end="url(#arrow-{kind})"'
        if kind in graph_draw.SYMMETRIC_TYPES and arrow:
            arrow += f' marker-start="url(#arrow-{kind})"'
        parts.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
            f'stroke="{palette.colour(palette.RELATIONSHIP_TYPES, kind)}" '
            f'stroke-width="{1.6 if confidence == "high" else 1.0}"{dash}{arrow}/>'
        )
    for node in sorted(G):
        attrs = G.nodes[node]
        x, y = place(node)
        r = sizes.get(node, graph_draw.DEFAULT_NODE_SIZE) / 2
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" '
            f'fill="{fill(node, attrs)}" stroke="#333333" stroke-width="0.5"/>'
        )
        parts.append(
            f'<text x="{x:.1f}" y="{y + r + 9:.1f}" text-anchor="middle" font-family="sans-serif" '
            f'font-size="12px" fill="#222222" stroke="#ffffff" stroke-width="3" paint-order="stroke">{_text(attrs.get("name") or node, LABEL_MAX_CHARS)}</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts)


class Drawn(NamedTuple):
    svg: str
    nodes: int
    edges: int
    dropped: int  # actors left out to stay under max_nodes


def network_svg(nodes, edges, *, measure: str = "degree", max_nodes: int = 2000,
                title: str = "The network") -> Drawn:
    """The network of a view (the frames of ``network/nodes`` and ``network/edges``) as SVG: scored,
    limited to the `max_nodes` best-scoring actors, laid out and sized by ``graph.view`` as the page's."""
    shown = graph.view(nodes, edges, measure=measure, max_nodes=max_nodes)
    return Drawn(draw(shown, title=title), shown.nodes, shown.edges, shown.dropped)
