"""Charts as SVG files, rendered offline by vl-convert, which fetches nothing. (PNGs are drawn
from the labelled SVG: ``proxyatlas.marked``.)

A page's spec names data the browser fetches from this server (the base map, a static file);
for a file it is put inline, and the tables become rows.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import vl_convert as vlc

from . import world
from .figure import Figure

EXPORT_WIDTH = 900
_VL_VERSION = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])


def inline(spec: dict) -> dict:
    """The spec as plain JSON: tables as rows, and the base map's URL replaced by the map itself."""

    def walk(node: object) -> object:
        if isinstance(node, dict):
            data = node.get("data")
            if isinstance(data, dict) and data.get("url") == world.URL:
                node = {**node, "data": {**{k: v for k, v in data.items() if k != "url"}, "values": world.text()}}
            return {k: v if k == "datasets" else walk(v) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    datasets = {name: alt.utils.data.to_values(v)["values"] if isinstance(v, pd.DataFrame) else v
                for name, v in spec.get("datasets", {}).items()}
    return {**walk(spec), **({"datasets": datasets} if datasets else {})}


def _export_spec(chart: Figure | alt.TopLevelMixin | dict) -> dict:
    """The chart's spec for a file: inline (see `inline`), EXPORT_WIDTH wherever the width is 'container'."""

    def fixed(node: object) -> object:
        if isinstance(node, dict):
            return {k: EXPORT_WIDTH if k == "width" and v == "container" else fixed(v) for k, v in node.items()}
        if isinstance(node, list):
            return [fixed(v) for v in node]
        return node

    return fixed(inline(chart if isinstance(chart, dict) else chart.to_dict()))


def to_svg(chart: Figure | alt.TopLevelMixin | dict) -> str:
    """The chart (a figure, or a page's spec) as an SVG document; no network access allowed."""
    return vlc.vegalite_to_svg(_export_spec(chart), vl_version=_VL_VERSION, allowed_base_urls=[])

