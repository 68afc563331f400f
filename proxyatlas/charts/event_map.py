"""Events on a map of the bundled country outlines, framed on where most of them are (geo.py),
which the viewer can pan and zoom."""

from __future__ import annotations

from typing import NamedTuple

import altair as alt
import pandas as pd

from proxyatlas import palette

from . import frames, geo, marks, world
from .figure import Figure, Layout, described

_COUNTRY_FILL, _HIGHLIGHT_FILL = "#e6e6e6", "#bdbdbd"
ZOOM = "zoom"  # the interval selection that pans and zooms the map (see _PROJECTION)


class EventMap(NamedTuple):
    """What :func:`event_map` returns: the chart, how many events had no usable coordinates, and
    the frame it shows (its extent, and how many of the events drawn lie outside it)."""

    chart: Figure
    n_missing: int
    frame: geo.MapFrame


class _Shape(NamedTuple):
    empty: bool
    size_legend: bool


def _mercator(lat: str) -> str:
    """Vega expression: the Mercator y of a latitude in degrees (unit sphere, north up)."""
    return f"log(tan(PI / 4 + ({lat}) * PI / 360))"


# The frame (the `frame` dataset's one row) fitted into the plot, as d3's Mercator with its scale
# and translate computed in the browser: no spec changes when the frame does. The hidden layer's
# x and y scales (domain 0..1, bound to the ZOOM interval selection) carry the viewer's pan and
# zoom: dragging shifts their domains, the wheel scales both by one factor, a double click resets.
_FRAME = "data('frame')[0]"
_U0, _U1 = f"{_FRAME}.lon_min * PI / 180", f"{_FRAME}.lon_max * PI / 180"
_V0, _V1 = _mercator(f"{_FRAME}.lat_min"), _mercator(f"{_FRAME}.lat_max")
_X0, _XS = "domain('x')[0]", "(domain('x')[1] - domain('x')[0])"
_Y0, _YS = "domain('y')[0]", "(domain('y')[1] - domain('y')[0])"
_FIT = [  # the frame's scale (k) and translate (tx, ty) at no zoom, and the scale with the zoom, as signals
    alt.param(name="frame_k", expr=f"min(width / ({_U1} - {_U0}), height / ({_V1} - {_V0}))"),
    alt.param(name="frame_tx", expr=f"width / 2 - frame_k * ({_U0} + {_U1}) / 2"),
    alt.param(name="frame_ty", expr=f"height / 2 + frame_k * ({_V0} + {_V1}) / 2"),
    alt.param(name="map_k", expr=f"frame_k / {_XS}"),
]
_PROJECTION = {
    "type": "mercator",
    "scale": alt.ExprRef("map_k"),
    "translate": alt.ExprRef(f"[(frame_tx - width * {_X0}) / {_XS}, "
                             f"height - (height - frame_ty - height * {_Y0}) / {_YS}]"),
}
# Where an event is drawn: its place moved by its pixel offset (dx, dy, from geo.spread) at the
# present scale (Mercator: a pixel is 180/(k·π) degrees of longitude, that times cos(lat) of latitude).
_SPREAD = {
    "draw_lon": "datum.lon + datum.dx * 180 / (map_k * PI)",
    "draw_lat": "datum.lat - datum.dy * 180 / (map_k * PI) * cos(datum.lat * PI / 180)",
}


def _zoom_layer() -> alt.Chart:
    """An invisible mark on x and y scales of 0..1 whose pan and zoom the projection follows."""
    unit = alt.Scale(domain=[0, 1])
    return (
        alt.Chart(alt.NamedData("frame"))
        .mark_point(opacity=0, size=1, aria=False)
        .transform_calculate(zoom_x="0", zoom_y="0")
        .encode(x=alt.X("zoom_x:Q", scale=unit, axis=None), y=alt.Y("zoom_y:Q", scale=unit, axis=None))
        .add_params(alt.selection_interval(name=ZOOM, bind="scales"))
    )


_TOOLTIP = [*marks.EVENT_TOOLTIP, alt.Tooltip("here:N", title="At this place")]


def _build(shape: _Shape, look) -> alt.LayerChart:
    countries = (
        alt.Chart(alt.UrlData(world.URL, format=world.FORMAT))
        .mark_geoshape(stroke="white", strokeWidth=0.6, clip=True)
        .transform_lookup(lookup="id", from_=alt.LookupData(alt.NamedData("highlight"), "id", ["highlight"]))
        .encode(
            color=alt.condition("datum.highlight", alt.value(_HIGHLIGHT_FILL), alt.value(_COUNTRY_FILL)),
            tooltip=alt.Tooltip("properties.name:N", title="Country"),
        )
        .project(**_PROJECTION)
    )
    if shape.empty:
        events_layer = marks.message()
    else:
        encoding = {
            "longitude": "draw_lon:Q",
            "latitude": "draw_lat:Q",
            "color": marks.palette_color("type", palette.EVENT_TYPES, "Event type"),
            "tooltip": _TOOLTIP,
        }
        points = marks.fatality_points(encoding, size_legend=shape.size_legend)
        events_layer = (alt.layer(*points, data=alt.NamedData("events"))
                        .transform_calculate(**_SPREAD).project(**_PROJECTION))
    chart = alt.layer(_zoom_layer(), countries, events_layer, title=dict(look["title"])).add_params(*_FIT)
    # fit-x: the plot keeps its height whatever the title's notes take (Streamlit's "fit" would shrink it)
    return chart.properties(width="container", height=420,
                            autosize=alt.AutoSizeParams(type="fit-x", contains="padding"))


LAYOUT = Layout(_build, {"title": {"text": "\x00map", "anchor": "start"}})


def event_map(
    events: pd.DataFrame, highlight_countries: list[str] | None = None, *, max_events: int = frames.MAX_EVENTS,
    others_missing: int = 0, total_placed: int | None = None, whole_world: bool = False,
) -> EventMap:
    """Events as circles on a map of the bundled country outlines, framed on the region that
    holds most of them (geo.map_frame), or on the whole world when `whole_world`.

    Returns ``EventMap(chart, n_missing, frame)``. `n_missing` counts the events left off for want
    of usable coordinates, `frame.n_outside` the events drawn beyond the frame (both also said in
    the chart's subtitle). Countries in `highlight_countries` (ISO alpha-3) are shaded darker.
    Events at one place are spread around it and their tooltips list the place's events (geo.spread).
    At most `max_events` events (the most recent) are drawn. When `events` holds only the latest
    events with coordinates (as the page fetches them), `others_missing` counts the events left
    without coordinates and `total_placed` those with them.
    """
    placed = events["lat"].between(-90, 90) & events["lon"].between(-180, 180)
    n_missing = int((~placed).sum()) + others_missing  # others_missing: not in `events`, fetched as a count
    event_df, notes = frames.event_view(events[placed], max_events, extra=("lat", "lon"), total=total_placed)
    frame = geo.map_frame(event_df, whole_world=whole_world)
    notes += frames.ring_note(event_df)  # the map draws every event as a point
    if n_missing:
        notes.append(f"{frames.plural(n_missing, 'event')} without coordinates not shown.")
    if frame.n_outside:
        notes.append(f"{frames.plural(frame.n_outside, 'event')} outside this frame.")
    tables = {"frame": frame.table(), "highlight": world.highlight(highlight_countries)}
    if event_df.empty:
        tables["note"] = pd.DataFrame({"note": ["No events with coordinates in this view."]})
    else:
        tables["events"] = geo.spread(event_df)
    look = {"title": marks.title("Where events happened", notes)}
    shape = _Shape(event_df.empty, frames.has_figures(event_df))
    words = described(f"Map of {total_placed if total_placed is not None else len(event_df):,} events with coordinates", "")
    return EventMap(Figure(LAYOUT, shape, look, tables, words), n_missing, frame)
