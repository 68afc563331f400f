"""A chart as a layout built once per shape, and the tables and few values each view sets in it.

Building and validating a Vega-Lite spec is the costly part of an Altair chart (~0.1-0.2 s),
and a new view (a date moved, a sponsor chosen) changes the data, not the layout. So a chart
is a ``Figure``: its ``Layout.build(shape, look)`` makes the Altair chart, whose data are named
datasets; ``shape`` is what changes the layout (which layers exist, which legends), ``look`` the
few values a view puts in it (the title and its notes, a height, an extent, a projection).

The spec is built and validated once per shape, with the layout's placeholder look; the places
where each placeholder landed are found once. A view's spec is that template with its own look
put in those places and its tables beside it, as DataFrames (Streamlit sends them as Arrow).
``tests/test_charts.py`` holds that this equals the spec Altair builds for the view directly.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Callable, Hashable, Mapping

import altair as alt
import pandas as pd

Path = tuple[object, ...]


@dataclass(frozen=True, eq=False)
class Layout:
    """How a kind of chart is drawn. `placeholders` holds, for each look value, a JSON value of the
    same kind that occurs nowhere else in the spec (a title no chart has, a height no view has)."""

    build: Callable[[Hashable, Mapping[str, object]], alt.TopLevelMixin]
    placeholders: Mapping[str, object]


@dataclass(frozen=True, eq=False)
class Figure:
    """One view of a chart: its layout and shape, its look, and its tables by dataset name."""

    layout: Layout
    shape: Hashable
    look: Mapping[str, object]
    tables: Mapping[str, pd.DataFrame]
    # The chart in words: the SVG's aria-label (Vega's description), its text alternative with the
    # table beneath it (e.g. "Timeline of 121 events and 40 claims, Oct 2023 – Dec 2024").
    description: str = ""

    def chart(self) -> alt.TopLevelMixin:
        """The view as an Altair chart, built afresh (slow; the spec is what pages draw)."""
        return _accessible(self.layout.build(self.shape, self.look), self.description)

    def to_dict(self) -> dict:
        """The spec as JSON: tables as rows and data the browser fetches inlined (see render)."""
        from .render import inline  # render needs the spec's shape, not this class

        return inline(spec(self))


def spec(figure: Figure) -> dict:
    """The view's Vega-Lite spec, as `st.vega_lite_chart` draws it: the shape's template with this
    view's look put in, and the tables as DataFrames in ``datasets``. Treat it as read-only: its
    inner parts are shared with every other view of the same shape."""
    template, paths = _template(figure.layout, figure.shape)
    out = template
    for name, value in figure.look.items():
        for path in paths.get(name, ()):
            out = _put(out, path, value)
    return {**out, "description": figure.description, "datasets": dict(figure.tables)}


def _accessible(chart: alt.TopLevelMixin, description: str) -> alt.TopLevelMixin:
    """The chart read as its description (the SVG's aria-label) and the table beneath it: aria false keeps
    its marks and axes, hundreds of unnamed groups to a screen reader, out of the accessibility tree."""
    return chart.configure(aria=False, mark=alt.MarkConfig(aria=False)).properties(description=description)


def month_span(first, last) -> str:
    """"Oct 2023 – Dec 2024" (one month: "Oct 2023"), for a chart's description; "" without dates."""
    if first is None or last is None or pd.isna(first) or pd.isna(last):
        return ""
    lo, hi = f"{pd.Timestamp(first):%b %Y}", f"{pd.Timestamp(last):%b %Y}"
    return lo if lo == hi else f"{lo} – {hi}"


def described(what: str, span: str) -> str:
    return f"{what}, {span}. The table below lists them." if span else f"{what}. The table below lists them."


@functools.lru_cache(maxsize=64)
def _template(layout: Layout, shape: Hashable) -> tuple[dict, dict[str, list[Path]]]:
    """The validated spec of `shape` with the placeholder look, and where each placeholder is."""
    out = _accessible(layout.build(shape, layout.placeholders), "").to_dict()
    out.pop("datasets", None)
    return out, {name: list(_find(out, value)) for name, value in layout.placeholders.items()}


def _find(node: object, wanted: object, path: Path = ()):
    """Every path in `node` at which the value equals `wanted`."""
    if node == wanted:
        yield path
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _find(value, wanted, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _find(value, wanted, (*path, i))


def _put(node: object, path: Path, value: object) -> object:
    """A copy of `node` with `value` at `path`, copying only the containers along the path."""
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(node, dict):
        return {**node, head: _put(node[head], rest, value)}
    items = list(node)
    items[head] = _put(items[head], rest, value)
    return items
