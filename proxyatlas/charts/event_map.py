"""Events on a map of the bundled country outlines, fitted to where they are."""

from __future__ import annotations

from typing import NamedTuple

import altair as alt
import pandas as pd

from proxyatlas import palette

from . import frames, marks, world
from .figure import Figure, Layout, described

DEFAULT_EXTENT = (25.0, 65.0, 10.0, 42.0)  # lon_min, lon_max, lat_min, lat_max: the Middle East
_COUNTRY_FILL, _HIGHLIGHT_FILL = "#e6e6e6", "#bdbdbd"


class EventMap(NamedTuple):
    """What :func:`event_map` returns: the chart and how many events had no usable coordinates."""

    chart: Figure
    n_missing: int


class _Shape(NamedTuple):
    empty: bool
    size_legend: bool


def _map_extent(lon: pd.Series, lat: pd.Series) -> tuple[float, float, float, float]:
    """The events' bounding box with a margin (at least 10° across), or the Middle East if empty."""
    if lon.empty:
        return DEFAULT_EXTENT

    def padded(lo: float, hi: float, limit: float) -> tuple[float, float]:
        half = max((hi - lo) / 2 * 1.15 + 2, 5.0)
        mid = (lo + hi) / 2
        return max(mid - half, -limit), min(mid + half, limit)

    return (*padded(lon.min(), lon.max(), 180.0), *padded(lat.min(), lat.max(), 80.0))


def _projection(lon_min: float, lon_max: float, lat_min: float, lat_max: float) -> dict:
    corners = {"type": "MultiPoint", "coordinates": [[lon_min, lat_min], [lon_max, lat_max]]}
    return {"type": "mercator", "fit": {"type": "Feature", "properties": {}, "geometry": corners}}


def _build(shape: _Shape, look) -> alt.LayerChart:
    projection = look["projection"]
    countries = (
        alt.Chart(alt.UrlData(world.URL, format=world.FORMAT))
        .mark_geoshape(stroke="white", strokeWidth=0.6, clip=True)
        .transform_lookup(lookup="id", from_=alt.LookupData(alt.NamedData("highlight"), "id", ["highlight"]))
        .encode(
            color=alt.condition("datum.highlight", alt.value(_HIGHLIGHT_FILL), alt.value(_COUNTRY_FILL)),
            tooltip=alt.Tooltip("properties.name:N", title="Country"),
        )
        .project(**projection)
    )
    if shape.empty:
        events_layer = marks.message()
    else:
        encoding = {
            "longitude": "lon:Q",
            "latitude": "lat:Q",
            "color": marks.palette_color("type", palette.EVENT_TYPES, "Event type"),
            "tooltip": marks.EVENT_TOOLTIP,
        }
        points = marks.fatality_points(encoding, size_legend=shape.size_legend)
        events_layer = alt.layer(*points, data=alt.NamedData("events")).project(**projection)
    chart = alt.layer(countries, events_layer, title=dict(look["title"]))
    return chart.properties(width="container", height=420)


LAYOUT = Layout(_build, {"title": {"text": "\x00map", "anchor": "start"},
                         "projection": _projection(-179.25, 179.25, -79.25, 79.25)})


def event_map(
    events: pd.DataFrame, highlight_countries: list[str] | None = None, *, max_events: int = frames.MAX_EVENTS,
    others_missing: int = 0, total_placed: int | None = None,
) -> EventMap:
    """Events as circles on a map of the bundled country outlines, fitted to where they are.

    Returns ``EventMap(chart, n_missing)``; unpack it as ``chart, n_missing = event_map(...)``.
    `n_missing` counts the events left off for want of usable coordinates (also said in
    the chart's subtitle). Countries in `highlight_countries` (ISO alpha-3) are shaded darker.
    At most `max_events` events (the most recent) are drawn. When `events` holds only the latest
    events with coordinates (as the page fetches them), `others_missing` counts the events left
    without coordinates and `total_placed` those with them.
    """
    placed = events["lat"].between(-90, 90) & events["lon"].between(-180, 180)
    n_missing = int((~placed).sum()) + others_missing  # others_missing: not in `events`, fetched as a count
    event_df, notes = frames.event_view(events[placed], max_events, extra=("lat", "lon"), total=total_placed)
    notes += frames.ring_note(event_df)  # the map draws every event as a point
    if n_missing:
        notes.append(f"{frames.plural(n_missing, 'event')} without coordinates not shown.")
    tables = {"highlight": world.highlight(highlight_countries)}
    if event_df.empty:
        tables["note"] = pd.DataFrame({"note": ["No events with coordinates in this view."]})
    else:
        tables["events"] = event_df
    look = {"title": marks.title("Where events happened", notes),
            "projection": _projection(*_map_extent(event_df["lon"], event_df["lat"]))}
    words = described(f"Map of {total_placed if total_placed is not None else len(event_df):,} events with coordinates", "")
    return EventMap(Figure(LAYOUT, _Shape(event_df.empty, frames.has_figures(event_df)), look, tables, words), n_missing)
