"""Timeline: events in lanes by perpetrator, claims and denials on the same axis."""

import streamlit as st

from dashboard import context, widgets
from proxyatlas import charts, palette

page = context.setup("Timeline")
events = page.query("timeline/events")
claims = page.query("timeline/claims")
st.caption(f"{len(events)} events and {len(claims)} claims in this view. Drag across the lower chart to zoom; "
           "a bar is an event known only to the month or year, or a campaign with an end date.")

if events.empty and claims.empty:
    st.info("No events or claims in this view.")
else:
    spec = page.cached("timeline", lambda: charts.spec(charts.timeline(events, claims)))
    widgets.chart(spec, "timeline", key="timeline")

with st.expander("Legend", expanded=False):
    widgets.legend(palette.EVENT_TYPES, "Event types")
    widgets.legend(palette.STANCES, "Claim stances")

st.subheader("Events")
widgets.table(events.drop(columns=["date_lo", "date_hi", "lat", "lon"]), "events", key="tl_events")
st.subheader("Claims")
widgets.table(claims.drop(columns=["date_lo", "date_hi"]), "claims", key="tl_claims")
context.footer(page)
