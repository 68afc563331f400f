"""Timeline: events in lanes by perpetrator, claims and denials on the same axis."""

import pandas as pd
import streamlit as st

from dashboard import context, widgets
from proxyatlas import charts, palette

page = context.setup("Timeline")
# What the chart draws (the latest SCREEN_EVENTS events and claims) and the whole view's counts:
# the page's work stays the same however many events match. The four queries run side by side.
events, claims, totals, monthly = page.queries(
    ("timeline/latest_events", {"limit": charts.SCREEN_EVENTS, "placed": False}),
    ("timeline/latest_claims", {"limit": charts.SCREEN_EVENTS}), ("timeline/totals", {}), ("timeline/monthly", {}))
totals = totals.iloc[0]
capped = (f" The chart draws the latest {charts.SCREEN_EVENTS:,} of each and the tables list the latest "
          f"{widgets.LATEST_ROWS:,}; the downloads hold them all."
          if max(totals.events, totals.claims) > charts.SCREEN_EVENTS else "")
st.caption(f"{int(totals.events):,} events and {int(totals.claims):,} claims in this view.{capped} Scroll over the "
           "lanes to zoom (the monthly counts shade the period shown), drag to pan; a bar is an event known only to "
           "the month or year, or a campaign with an end date.")

if events.empty and claims.empty:
    st.info("No events or claims in this view.")
else:
    overview = charts.Overview(monthly, int(totals.yearly), int(totals.events),
                               *(pd.Timestamp(d) if pd.notna(d) else None for d in (totals.first_day, totals.last_day)))
    spec = page.cached("timeline", lambda: charts.spec(charts.timeline(events, claims, overview=overview)),
                       limit=charts.SCREEN_EVENTS)
    widgets.chart(spec, "timeline", key="timeline")

with st.expander("Legend", expanded=False):
    widgets.legend(palette.EVENT_TYPES, "Event types")
    widgets.legend(palette.STANCES, "Claim stances")

st.subheader("Events")
widgets.table(events.drop(columns=["date_lo", "date_hi", "lat", "lon"]), "events", key="tl_events",
              rows=int(totals.events), latest=True,
              everything=lambda: page.query("timeline/events").drop(columns=["date_lo", "date_hi", "lat", "lon"]))
st.subheader("Claims")
# The claims' "source" is their source labels (the charts' tooltip field): "sources", as in every other table.
widgets.table(claims.drop(columns=["date_lo", "date_hi"]).rename(columns={"source": "sources"}), "claims",
              key="tl_claims", rows=int(totals.claims), latest=True,
              everything=lambda: page.query("timeline/claims").drop(columns=["date_lo", "date_hi"])
              .rename(columns={"source": "sources"}))
context.footer(page)
