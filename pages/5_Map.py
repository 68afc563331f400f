"""Map: events on an offline base map (Natural Earth boundaries, no tile server)."""

import streamlit as st

from dashboard import context, widgets
from proxyatlas import charts, palette

page = context.setup("Map")
# The latest SCREEN_EVENTS events with coordinates (what the map draws) and the view's counts.
events, totals = page.queries(("timeline/latest_events", {"limit": charts.SCREEN_EVENTS, "placed": True}),
                              ("timeline/totals", {}))
totals = totals.iloc[0]
located = int(totals.placed)
whole_world = st.toggle("Whole world", key="map_world",
                        help="Off: the map frames the region that holds most of the events in this view.")


def draw() -> tuple[dict, int, int]:
    chart, missing, frame = charts.event_map(events, list(page.filters.countries) or None,
                                             others_missing=int(totals.events) - located, total_placed=located,
                                             whole_world=whole_world)
    return charts.spec(chart), missing, frame.n_outside


spec, missing, outside = page.cached("map", draw, world=whole_world, limit=charts.SCREEN_EVENTS)
beyond = (f" The map frames the region that holds most of them; {outside} lie outside it "
          "(switch on Whole world to see them)." if outside else "")
drawn = (f"the latest {charts.SCREEN_EVENTS:,} of them are drawn (the download holds them all)"
         if located > charts.SCREEN_EVENTS else "they are drawn")
st.caption(f"{located:,} of {int(totals.events):,} events in this view have coordinates and {drawn}; "
           f"{missing:,} without a known place are left off.{beyond} Circle size: fatalities where reported. "
           "Events at one place are spread around it. Drag to pan, scroll to zoom, double-click to reset.")
widgets.chart(spec, "event map", key="map")
with st.expander("Legend", expanded=False):
    widgets.legend(palette.EVENT_TYPES, "Event types")
COLUMNS = ["event_id", "date", "title", "type", "location", "country", "lat", "lon", "fatalities", "sources"]
widgets.table(events[COLUMNS], "mapped events", key="map_events", rows=int(totals.events), latest=True,
              everything=lambda: page.query("timeline/events")[COLUMNS])
st.caption("Boundaries: Natural Earth 1:110m via the world-atlas package (public domain).")
context.footer(page)
