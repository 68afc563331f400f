"""Downloads that carry their marking: in the file's name, and on an image, in its corner.

A file taken away from the dashboard travels without the page around it, so it must say how it
may be shared itself (TLP 2.0: the label on the document, in its colours on black).
"""

from __future__ import annotations

import re

import vl_convert as vlc

from .markings import COLOURS, level

_SVG_OPEN = re.compile(r"<svg\b[^>]*>")
_SIZE = re.compile(r"""\b(width|height)="([\d.]+)""")
LABEL_PT = 12  # TLP 2.0 asks for a label readable at a glance; 12 pt at least on paper


def file_name(stem: str, marking: str, suffix: str) -> str:
    """``proxy-atlas-<stem>-tlp-amber.<suffix>``: the marking is in the name of every download."""
    level(marking)  # a known marking, or BadMarking
    return f"proxy-atlas-{stem}-{marking.lower().replace(':', '-')}.{suffix}"


def stamp_svg(svg: str, marking: str) -> str:
    """The SVG with the marking's label in its top-right corner (TLP colours on black), same size."""
    level(marking)
    opening = _SVG_OPEN.search(svg)
    if opening is None:
        raise ValueError("not an SVG document")
    size = dict(_SIZE.findall(opening.group(0)))
    width = float(size.get("width", 300))
    label_w, label_h = 9.5 * len(marking) + 12, LABEL_PT + 10
    x = max(width - label_w - 2, 0)
    badge = (
        f'<g class="pa-marking" aria-label="{marking}">'
        f'<rect x="{x:.1f}" y="2" width="{label_w:.1f}" height="{label_h}" fill="#000000"/>'
        f'<text x="{x + label_w / 2:.1f}" y="{2 + label_h - 7}" text-anchor="middle" '
        f'font-family="sans-serif" font-weight="bold" font-size="{LABEL_PT + 4}px" '
        f'fill="{COLOURS[marking]}">{marking}</text></g>'
    )
    end = svg.rindex("</svg>")
    return svg[:end] + badge + svg[end:]


def svg_to_png(svg: str, scale: float = 2) -> bytes:
    """A PNG of an SVG (its label included), rendered offline by vl-convert."""
    return vlc.svg_to_png(svg, scale=scale)
