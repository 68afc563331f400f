"""Altair charts for the dashboard: DataFrames in, a ``Figure`` out (see figure.py).

One module per chart (timeline, actor_timeline, event_map, monthly, counts_bar) and the
parts they share: ``frames`` (the tables they draw), ``marks`` (encodings), ``figure`` (the
layout built once per shape), ``world`` (the base map, a static file), ``geo`` (the map's
frame and the spreading of events that share a place, as data) and ``render``
(SVG/PNG files). Colours and legend labels come from :mod:`proxyatlas.palette`.

Large inputs: the event marks of a chart (timeline, actor strip, map) come from at most
``MAX_EVENTS`` events, the most recent by ``date_lo``, and the chart's subtitle says so;
monthly counts are aggregated first, so they cover every event at the cost of one row per
month and type. The Timeline and Map pages fetch and draw at most ``SCREEN_EVENTS``.
"""

from .actor_timeline import actor_timeline
from .counts_bar import counts_bar
from .event_map import EventMap, event_map
from .figure import Figure, spec
from .frames import CLAIMS_LANE, MAX_EVENTS, SCREEN_EVENTS, TEXT_LIMIT, UNATTRIBUTED
from .geo import DEFAULT_EXTENT, WORLD, MapFrame, map_frame
from .marks import EVENT_SHAPES, STANCE_SHAPES
from .monthly import monthly_counts
from .render import EXPORT_WIDTH, to_svg
from .timeline import LANE_LABEL_PX, TIMELINE_PLOT_PX, Overview, timeline

__all__ = [
    "CLAIMS_LANE", "DEFAULT_EXTENT", "EVENT_SHAPES", "EXPORT_WIDTH", "LANE_LABEL_PX", "MAX_EVENTS", "SCREEN_EVENTS",
    "STANCE_SHAPES",
    "TEXT_LIMIT", "TIMELINE_PLOT_PX", "UNATTRIBUTED", "WORLD", "EventMap", "Figure", "MapFrame", "Overview",
    "actor_timeline", "counts_bar", "event_map", "map_frame", "monthly_counts", "spec", "timeline", "to_svg",
]
