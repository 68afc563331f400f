"""Map: events on an offline base map (Natural Earth boundaries, no tile server)."""

import streamlit as st

from dashboard import context, widgets
from proxyatlas import charts, palette

page = context.setup("Map")
events = page.query("timeline/events")
def draw() -> tuple[dict, int]:
    chart, missing = charts.event_map(events, list(page.filters.countries) or None)
    return charts.spec(chart), missing


spec, missing = page.cached("map", draw)
located = len(events) - missing
st.caption(f"{located} of {len(events)} events in this view have coordinates and are drawn; "
           f"{missing} without a known place are left off. Circle size: fatalities where reported.")
widgets.chart(spec, "event map", key="map")
with st.expander("Legend", expanded=False):
    widgets.legend(palette.EVENT_TYPES, "Event types")
widgets.table(events[["date", "title", "type", "location", "country", "lat", "lon", "fatalities", "sources"]],
              "mapped events", key="map_events")
st.caption("Boundaries: Natural Earth 1:110m via the world-atlas package (public domain).")
context.footer(page)
