"""Horizontal bars of a count per category, in palette colours and labels."""

from __future__ import annotations

from typing import NamedTuple

import altair as alt
import pandas as pd

from proxyatlas import palette

from . import frames, marks
from .figure import Figure, Layout


class _Shape(NamedTuple):
    palette_table: tuple  # the palette's items (hashable)
    category: str
    count: str
    ticks: tuple[int, ...] | None


def _build(shape: _Shape, look) -> alt.Chart:
    table = dict(shape.palette_table)
    return (
        alt.Chart(alt.NamedData("counts"))
        .mark_bar()
        .encode(
            y=alt.Y("label:N", title=None, sort="-x", axis=alt.Axis(labelLimit=200)),
            x=alt.X("count:Q", title=shape.count.replace("_", " ").capitalize(), axis=marks.count_axis(shape.ticks)),
            color=marks.palette_color("category", table, None),
            tooltip=[
                alt.Tooltip("label:N", title=shape.category.replace("_", " ").capitalize()),
                alt.Tooltip("count:Q", title="Count"),
            ],
        )
        .properties(width="container", height=look["height"])
    )


LAYOUT = Layout(_build, {"height": 7_654_322})


def counts_bar(df: pd.DataFrame, category: str, count: str, palette_table: dict[str, tuple[str, str]]) -> Figure:
    """Horizontal bars of `count` per `category` (e.g. events by type), in palette colours and labels."""
    keys = df[category].astype(str)
    data = pd.DataFrame({
        "category": keys.astype(object),
        "label": frames.clean(frames.labels(keys, palette_table)),
        "count": df[count],
    })
    peak = int(data["count"].max()) if len(data) else 0
    shape = _Shape(tuple(palette_table.items()), category, count, marks.count_ticks(peak))
    return Figure(LAYOUT, shape, {"height": max(40, 24 * len(data))}, {"counts": data})
