"""An actor's events: a compact one-lane strip with the timeline's encodings."""

from __future__ import annotations

from typing import NamedTuple

import altair as alt
import pandas as pd

from . import frames, marks
from .figure import Figure, Layout, described, month_span


class _Shape(NamedTuple):
    size_legend: bool
    empty: bool


def _build(shape: _Shape, look) -> alt.LayerChart:
    x = alt.X("start:T", title=None, scale=alt.Scale(padding=10))
    layers = marks.event_marks(x, legend_orient="bottom", size_legend=shape.size_legend)
    if shape.empty:
        layers.append(marks.message())
    return alt.layer(*layers, data=alt.NamedData("events"), title=dict(look["title"])).properties(
        width="container", height=70)


LAYOUT = Layout(_build, {"title": {"text": "\x00actor", "anchor": "start"}})


def actor_timeline(events: pd.DataFrame, *, max_events: int = frames.MAX_EVENTS) -> Figure:
    """A compact one-lane strip of an actor's events, with the timeline's encodings (legends below)."""
    event_df, notes = frames.event_view(events, max_events)
    notes += frames.ring_note(event_df[~event_df["span"]])
    tables = {"events": event_df}
    if event_df.empty:
        tables["note"] = pd.DataFrame({"note": ["No events in this view."]})
    shape = _Shape(frames.has_figures(event_df), event_df.empty)
    span = "" if events.empty else month_span(events["date_lo"].min(), events["date_hi"].max())
    words = described(f"Strip of the actor's {len(events):,} events over time", span)
    return Figure(LAYOUT, shape, {"title": marks.title("Events", notes)}, tables, words)
