"""The timeline: events in lanes by network, claims in their own lane, monthly counts beneath."""

from __future__ import annotations

from typing import NamedTuple

import altair as alt
import pandas as pd

from . import frames, marks, monthly
from .figure import Figure, Layout, described, month_span

# Vega-Lite sizes a concatenated view's plot to the container and then adds the axis and
# legends beside it, so "container" overflows the page: the timeline's plots get a fixed width
# that leaves room for lane labels (LANE_LABEL_PX) and legends in Streamlit's wide layout.
TIMELINE_PLOT_PX = 520
LANE_LABEL_PX = 170
_LANE_HEIGHT = 30
# The upper view's time scale, bound to this interval selection: the wheel zooms it about the pointer,
# a drag pans it, a double click resets it (as the map's ZOOM). It draws nothing: an interval brush's
# rectangles would be unlabelled ARIA symbols (Vega-Lite's BrushConfig cannot hide them).
ZOOM = "zoom"
_SHOWN_FILL = "#d9d9d9"


class Overview(NamedTuple):
    """The whole view when the frames given to `timeline` hold only its latest events and claims
    (as the page fetches them, so its work does not grow with the data): events per month and type
    (month: the first day, type, count; events dated to a day or a month), how many events are
    dated only to a year, how many events there are, and the first and last day of any event or claim."""

    monthly: pd.DataFrame
    n_yearly: int
    n_events: int
    first_day: pd.Timestamp | None
    last_day: pd.Timestamp | None


class _Shape(NamedTuple):
    size_legend: bool  # some event has a fatality figure
    has_extent: bool  # some event or claim has a date
    ticks: tuple[int, ...] | None  # the monthly bars' count axis


def _datetime(moment: pd.Timestamp) -> dict:
    return {"year": moment.year, "month": moment.month, "date": moment.day}


def _shown_period() -> alt.Chart:
    """The period the upper view shows, shaded behind the monthly bars once the reader has zoomed or
    panned (the ZOOM selection's value is then the upper time scale's domain; a double click clears it)."""
    return (
        alt.Chart(alt.NamedData("extent"))
        .mark_rect(color=_SHOWN_FILL, opacity=0.5, clip=True)
        .transform_filter(f"isArray({ZOOM}.start)")
        .transform_calculate(shown_lo=f"{ZOOM}.start[0]", shown_hi=f"{ZOOM}.start[1]")
        .encode(x=alt.X("shown_lo:T", title=None), x2="shown_hi:T")
    )


def _build(shape: _Shape, look) -> alt.VConcatChart:
    x = alt.X("start:T", title=None)
    y = alt.Y("lane:N", title=None, sort=alt.EncodingSortField("lane_rank", op="min"),
              axis=alt.Axis(labelLimit=LANE_LABEL_PX))
    layers = [
        alt.layer(*marks.event_marks(x, y, size_legend=shape.size_legend), data=alt.NamedData("events")),
        alt.layer(*marks.claim_marks(x, y), data=alt.NamedData("claims")),
    ]
    overview = monthly.bars(shape.ticks, look["monthly_title"], legend=False)
    if shape.has_extent:
        # An invisible rule over the whole months makes the upper view start and end where the bars do.
        layers.append(alt.Chart(alt.NamedData("extent")).mark_rule(opacity=0).encode(x=x, x2="end:T"))
        overview = alt.layer(_shown_period(), overview.encode(
            x=alt.X("month:T", title=None, scale=alt.Scale(domainMin=look["lo"], domainMax=look["hi"]))))
    else:
        layers.append(marks.message())
    upper = (
        alt.layer(*layers, title=dict(look["title"]))
        .resolve_scale(color="independent", shape="independent")
        .add_params(alt.selection_interval(name=ZOOM, encodings=["x"], bind="scales"))
        .properties(width=TIMELINE_PLOT_PX, height=look["height"])
    )
    overview = overview.properties(width=TIMELINE_PLOT_PX)
    return alt.vconcat(upper, overview, spacing=12)


LAYOUT = Layout(_build, {
    "title": {"text": "\x00timeline", "anchor": "start"},
    "height": 7_654_321,
    "lo": {"year": 9001, "month": 1, "date": 1},
    "hi": {"year": 9002, "month": 1, "date": 1},
    "monthly_title": {"text": "\x00monthly", "anchor": "start"},
})


def timeline(events: pd.DataFrame, claims: pd.DataFrame, *, max_events: int = frames.MAX_EVENTS,
             overview: Overview | None = None) -> Figure:
    """Events in lanes by network over time, claims in their own lane, monthly counts beneath.

    The upper view's time scale is bound to the interval selection ``ZOOM``: scrolling
    over it zooms, dragging pans, a double click resets; both views span the same whole
    months until then. The upper view
    draws at most `max_events` events and as many claims (the most recent); the
    monthly counts cover every event.
    """
    event_df, notes = frames.event_view(events, max_events, total=overview.n_events if overview else None)
    notes += frames.ring_note(event_df[~event_df["span"]])
    claim_df = frames.claim_view(claims, max_events)
    ranks = frames.lane_ranks(event_df["lane"])
    event_df = event_df.assign(lane_rank=event_df["lane"].map(ranks))
    claim_df = claim_df.assign(lane_rank=len(ranks))
    if overview is None:
        table, n_yearly = frames.monthly_table(events)
        extent = frames.time_extent(events, claims)
    else:
        table, n_yearly = frames.month_rows(overview.monthly), overview.n_yearly
        extent = None if overview.first_day is None else frames.whole_months(overview.first_day, overview.last_day)
    tables = {"events": event_df, "claims": claim_df, monthly.TABLE: table}
    look = {"monthly_title": monthly.bars_title(n_yearly)}
    if extent is None:
        tables["note"] = pd.DataFrame({"note": ["No events in this view."]})
    else:
        lo, hi = extent
        tables["extent"] = pd.DataFrame({"start": [lo.isoformat()], "end": [hi.isoformat()]})
        look |= {"lo": _datetime(lo), "hi": _datetime(hi)}
    n_lanes = len(ranks) + (not claim_df.empty)
    # On screen only: the pack's spec drops the notes that say "Drag".
    notes.append("Drag to pan, scroll over the lanes to zoom, double-click to reset.")
    look |= {"title": marks.title("Events by network", notes), "height": max(120, _LANE_HEIGHT * n_lanes)}
    shape = _Shape(frames.has_figures(event_df), extent is not None, monthly.ticks_of(table))
    n_events = overview.n_events if overview else len(events)
    span = month_span(extent[0], extent[1] - pd.Timedelta(days=1)) if extent else ""  # whole months: hi is the next 1st
    words = described(f"Timeline of {n_events:,} events and {len(claims):,} claims in lanes by perpetrator network, "
                      "with events per month beneath", span)
    return Figure(LAYOUT, shape, look, tables, words)
